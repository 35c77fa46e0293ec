// One Shoot with registry-cache and registry-mirror: Docker Hub mirrored, ghcr.io and europe-docker.pkg.dev cached
// (an upstream is either mirrored or cached on one Shoot; the library checks that across the two constructs).
import { ApiObject, App, Chart, Size } from 'cdk8s';
import { CredentialValue, MirrorCapability, RegistryCache, RegistryCacheCredential, RegistryMirror } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'garden-platform', { namespace: 'garden-platform' });

const shoot = new ApiObject(chart, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'build-farm' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'gcp' },
    region: 'europe-west1',
    provider: { type: 'gcp', workers: [{ name: 'worker', minimum: 2, maximum: 10, machine: { type: 'n2-standard-8' } }] },
  },
});

// Docker Hub through a public mirror ...
const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot });
mirror.addMirror('docker-io', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io', capabilities: [MirrorCapability.PULL] }] });

// ... GitHub Container Registry and Artifact Registry through caches inside the cluster.
// Demo values, so that the example synthesizes anywhere: a real app reads them with
// CredentialValue.fromEnv('GHCR_TOKEN') or CredentialValue.fromFile(...).
const ghcr = new RegistryCacheCredential(chart, 'ghcr', {
  name: 'ghcr-readonly',
  version: 1,
  username: CredentialValue.unsafePlainText('platform-bot'),
  password: CredentialValue.unsafePlainText('demo-ghcr-token'),
  acknowledgeUnauthenticatedCache: true,
});
const cache = new RegistryCache(chart, 'registry-cache', { shoot });
cache.addUpstream('ghcr-io', { upstream: 'ghcr.io', credential: ghcr, volumeSize: Size.gibibytes(50) });
cache.addUpstream('europe-docker-pkg-dev', { upstream: 'europe-docker.pkg.dev' });

app.synth();
