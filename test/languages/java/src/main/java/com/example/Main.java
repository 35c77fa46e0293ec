package com.example;

import io.github.cdk8s.gardener.registrycache.CachedUpstreamOptions;
import io.github.cdk8s.gardener.registrycache.CredentialValue;
import io.github.cdk8s.gardener.registrycache.GitOpsPruneProtection;
import io.github.cdk8s.gardener.registrycache.MirrorHostOptions;
import io.github.cdk8s.gardener.registrycache.MirroredUpstreamOptions;
import io.github.cdk8s.gardener.registrycache.PreviousCredentialVersion;
import io.github.cdk8s.gardener.registrycache.RegistryCache;
import io.github.cdk8s.gardener.registrycache.RegistryCacheCredential;
import io.github.cdk8s.gardener.registrycache.RegistryMirror;
import io.github.cdk8s.gardener.registrycache.RegistryMirrorCaBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cdk8s.ApiObject;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.Include;
import software.constructs.Construct;

/** The Java app of test/languages: the same definition as typescript/main.ts. Args: outdir shoot.yaml ca.pem [invalid]. */
public final class Main {
    private static String shootFile;

    /** ApiObjectProps has no spec outside TypeScript, so the Shoot is included from its YAML file. */
    private static ApiObject shoot(Construct scope) {
        return Include.Builder.create(scope, "shoot").url(shootFile).build().getApiObjects().get(0);
    }

    private static CredentialValue plain(String value) {
        return CredentialValue.unsafePlainText(value);
    }

    public static void main(String[] args) throws IOException {
        shootFile = args[1];
        boolean invalid = args.length > 3 && args[3].equals("invalid");
        App app = App.Builder.create().outdir(args[0]).build();

        // The seed scenario: an immutable ro-docker-secret-v1, the Shoot's resource, the cache's secretReferenceName.
        Chart seed = Chart.Builder.create(app, "seed").namespace("garden-dev").build();
        RegistryCacheCredential dockerHub = RegistryCacheCredential.Builder.create(seed, "docker-hub")
            .name("ro-docker-secret").version(1).resourceName("docker-secret")
            .username(plain("demo-user")).password(plain("demo-token"))
            .acknowledgeUnauthenticatedCache(true)
            .build();
        RegistryCache seedCache = RegistryCache.Builder.create(seed, "registry-cache").shoot(shoot(seed)).build();
        seedCache.addUpstream("docker-io", CachedUpstreamOptions.builder().upstream("docker.io").credential(dockerHub).build());
        if (invalid) {
            seedCache.addUpstream("bad", CachedUpstreamOptions.builder().upstream("https://docker.io/").build());
        }

        // A rotation in progress: version 2, version 1 kept, Argo CD prune protection.
        Chart rotation = Chart.Builder.create(app, "rotation").namespace("garden-rotation").build();
        RegistryCacheCredential rotated = RegistryCacheCredential.Builder.create(rotation, "docker-hub")
            .name("ro-docker-secret").version(2).resourceName("docker-secret")
            .username(plain("demo-user")).password(plain("demo-token-v2"))
            .previousVersions(List.of(PreviousCredentialVersion.builder()
                .version(1).username(plain("demo-user")).password(plain("demo-token")).build()))
            .pruneProtection(GitOpsPruneProtection.ARGO_CD)
            .acknowledgeUnauthenticatedCache(true)
            .build();
        RegistryCache.Builder.create(rotation, "registry-cache").shoot(shoot(rotation)).build()
            .addUpstream("docker-io", CachedUpstreamOptions.builder().upstream("docker.io").credential(rotated).build());

        // A registry mirror with a CA bundle read from a file.
        Chart mirrorChart = Chart.Builder.create(app, "mirror").namespace("garden-mirror").build();
        RegistryMirrorCaBundle ca = RegistryMirrorCaBundle.Builder.create(mirrorChart, "private-mirror-ca")
            .name("private-mirror-ca-bundle").version(1)
            .pem(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8))
            .build();
        RegistryMirror.Builder.create(mirrorChart, "registry-mirror").shoot(shoot(mirrorChart)).build()
            .addMirror("quay-io", MirroredUpstreamOptions.builder()
                .upstream("quay.io")
                .hosts(List.of(MirrorHostOptions.builder().host("https://private-mirror.internal").caBundle(ca).build()))
                .build());

        app.synth();
    }
}
