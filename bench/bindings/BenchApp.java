// The benchmark's binding app (bench/bindings.ts), in Java: the same program as app.ts.
// Usage: java BenchApp <landscape.tsv> <shoots.yaml> <addUpstream|upstreams|sharedValues> <outdir>
// sharedValues: the upstreams prop, each distinct Size and Duration made once and reused (they are immutable values).
import io.github.cdk8s.gardener.registrycache.CachedUpstreamOptions;
import io.github.cdk8s.gardener.registrycache.CredentialValue;
import io.github.cdk8s.gardener.registrycache.RegistryCache;
import io.github.cdk8s.gardener.registrycache.RegistryCacheCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cdk8s.ApiObject;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.Duration;
import org.cdk8s.Include;
import org.cdk8s.Size;
import software.constructs.Construct;

public final class BenchApp {
    private static String way;
    private static Construct scope;
    private static ApiObject shoot;
    private static String shootName;
    private static List<CachedUpstreamOptions> options = new ArrayList<>();

    private static final Map<String, Size> SIZES = new HashMap<>();
    private static final Map<String, Duration> DURATIONS = new HashMap<>();

    private static Size size(final String v) {
        if (!way.equals("sharedValues")) {
            return Size.gibibytes(Integer.parseInt(v));
        }
        return SIZES.computeIfAbsent(v, k -> Size.gibibytes(Integer.parseInt(k)));
    }

    private static Duration hours(final String v) {
        if (!way.equals("sharedValues")) {
            return Duration.hours(Integer.parseInt(v));
        }
        return DURATIONS.computeIfAbsent(v, k -> Duration.hours(Integer.parseInt(k)));
    }

    private static String opt(final String v) {
        return "-".equals(v) ? null : v;
    }

    private static void endShoot() {
        if (shoot != null && !way.equals("addUpstream")) {
            RegistryCache.Builder.create(scope, shootName + "-registry-cache").shoot(shoot).upstreams(options).build();
        }
        shoot = null;
    }

    public static void main(final String[] args) throws IOException {
        way = args[2];
        App app = new App(AppProps.builder().outdir(args[3]).build());
        Chart chart = new Chart(app, "landscape");
        // ApiObjectProps has no spec outside TypeScript: the Shoots are included from their YAML file.
        List<ApiObject> shoots = Include.Builder.create(chart, "shoots").url(args[1]).build().getApiObjects();
        scope = chart;
        String namespace = "";
        List<RegistryCacheCredential> credentials = new ArrayList<>();
        RegistryCache cache = null;
        int nextShoot = 0;
        for (String line : Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "ns":
                    endShoot();
                    namespace = f[1];
                    scope = new Construct(chart, namespace);
                    credentials = new ArrayList<>();
                    break;
                case "cred":
                    credentials.add(RegistryCacheCredential.Builder.create(scope, f[1])
                            .name(f[1]).version(Integer.parseInt(f[2])).resourceName(opt(f[3])).namespace(namespace)
                            .username(CredentialValue.unsafePlainText(f[4])).password(CredentialValue.unsafePlainText(f[5]))
                            .acknowledgeUnauthenticatedCache(true)
                            .build());
                    break;
                case "shoot":
                    endShoot();
                    shootName = f[1];
                    shoot = shoots.get(nextShoot++);
                    options = new ArrayList<>();
                    if (way.equals("addUpstream")) {
                        cache = RegistryCache.Builder.create(scope, shootName + "-registry-cache").shoot(shoot).build();
                    }
                    break;
                case "cache":
                    CachedUpstreamOptions o = CachedUpstreamOptions.builder()
                            .upstream(f[2])
                            .credential("-".equals(f[3]) ? null : credentials.get(Integer.parseInt(f[3])))
                            .remoteUrl(opt(f[4]))
                            .volumeSize("-".equals(f[5]) ? null : size(f[5]))
                            .storageClassName(opt(f[6]))
                            .garbageCollectionTtl("-".equals(f[7]) ? null : hours(f[7]))
                            .highAvailability("-".equals(f[8]) ? null : Boolean.valueOf(f[8].equals("true")))
                            .serviceNameSuffix(opt(f[9]))
                            .build();
                    if (way.equals("addUpstream")) {
                        cache.addUpstream(f[1], o);
                    } else {
                        options.add(o);
                    }
                    break;
                default:
                    break;
            }
        }
        endShoot();
        app.synth();
    }
}
