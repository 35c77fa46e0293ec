// The Go app of test/languages: the same definition as typescript/main.ts.
// Usage: go run . <outdir> <shoot.yaml> <ca-bundle.pem> [invalid]
package main

import (
	"os"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	rc "github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache-go/cdk8sgardenerregistrycache"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

// ApiObjectProps has no Spec outside TypeScript, so the Shoot is included from its YAML file.
func shoot(scope constructs.Construct, shootFile string) cdk8s.ApiObject {
	include := cdk8s.NewInclude(scope, jsii.String("shoot"), &cdk8s.IncludeProps{Url: jsii.String(shootFile)})
	return (*include.ApiObjects())[0]
}

func plain(value string) rc.CredentialValue {
	return rc.CredentialValue_UnsafePlainText(jsii.String(value))
}

func main() {
	defer jsii.Close()
	outdir, shootFile, pemFile := os.Args[1], os.Args[2], os.Args[3]
	invalid := len(os.Args) > 4 && os.Args[4] == "invalid"
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})

	// The seed scenario: an immutable ro-docker-secret-v1, the Shoot's resource, the cache's secretReferenceName.
	seed := cdk8s.NewChart(app, jsii.String("seed"), &cdk8s.ChartProps{Namespace: jsii.String("garden-dev")})
	dockerHub := rc.NewRegistryCacheCredential(seed, jsii.String("docker-hub"), &rc.RegistryCacheCredentialProps{
		Name: jsii.String("ro-docker-secret"), Version: jsii.Number(1), ResourceName: jsii.String("docker-secret"),
		Username: plain("demo-user"), Password: plain("demo-token"),
		AcknowledgeUnauthenticatedCache: jsii.Bool(true),
	})
	seedCache := rc.NewRegistryCache(seed, jsii.String("registry-cache"), &rc.RegistryCacheProps{Shoot: shoot(seed, shootFile)})
	seedCache.AddUpstream(jsii.String("docker-io"), &rc.CachedUpstreamOptions{Upstream: jsii.String("docker.io"), Credential: dockerHub})
	if invalid {
		seedCache.AddUpstream(jsii.String("bad"), &rc.CachedUpstreamOptions{Upstream: jsii.String("https://docker.io/")})
	}

	// A rotation in progress: version 2, version 1 kept, Argo CD prune protection.
	rotation := cdk8s.NewChart(app, jsii.String("rotation"), &cdk8s.ChartProps{Namespace: jsii.String("garden-rotation")})
	rotated := rc.NewRegistryCacheCredential(rotation, jsii.String("docker-hub"), &rc.RegistryCacheCredentialProps{
		Name: jsii.String("ro-docker-secret"), Version: jsii.Number(2), ResourceName: jsii.String("docker-secret"),
		Username: plain("demo-user"), Password: plain("demo-token-v2"),
		PreviousVersions: &[]*rc.PreviousCredentialVersion{
			{Version: jsii.Number(1), Username: plain("demo-user"), Password: plain("demo-token")},
		},
		PruneProtection:                 rc.GitOpsPruneProtection_ARGO_CD(),
		AcknowledgeUnauthenticatedCache: jsii.Bool(true),
	})
	rc.NewRegistryCache(rotation, jsii.String("registry-cache"), &rc.RegistryCacheProps{Shoot: shoot(rotation, shootFile)}).
		AddUpstream(jsii.String("docker-io"), &rc.CachedUpstreamOptions{Upstream: jsii.String("docker.io"), Credential: rotated})

	// A registry mirror with a CA bundle read from a file.
	mirrorChart := cdk8s.NewChart(app, jsii.String("mirror"), &cdk8s.ChartProps{Namespace: jsii.String("garden-mirror")})
	pem, err := os.ReadFile(pemFile)
	if err != nil {
		panic(err)
	}
	ca := rc.NewRegistryMirrorCaBundle(mirrorChart, jsii.String("private-mirror-ca"), &rc.RegistryMirrorCaBundleProps{
		Name: jsii.String("private-mirror-ca-bundle"), Version: jsii.Number(1), Pem: jsii.String(string(pem)),
	})
	rc.NewRegistryMirror(mirrorChart, jsii.String("registry-mirror"), &rc.RegistryMirrorProps{Shoot: shoot(mirrorChart, shootFile)}).
		AddMirror(jsii.String("quay-io"), &rc.MirroredUpstreamOptions{
			Upstream: jsii.String("quay.io"),
			Hosts:    &[]*rc.MirrorHostOptions{{Host: jsii.String("https://private-mirror.internal"), CaBundle: ca}},
		})

	app.Synth()
}
