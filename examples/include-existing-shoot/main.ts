// An existing Shoot YAML file taken with Include; its extensions and resources are kept
// (in their order, and the registry cache is added after them).
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Include, Size } from 'cdk8s';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'platform', { namespace: 'garden-platform' });

// Demo values, so that the example synthesizes anywhere: a real app reads them with
// CredentialValue.fromEnv('GHCR_TOKEN') or CredentialValue.fromFile(...).
const ghcr = new RegistryCacheCredential(chart, 'ghcr', {
  name: 'ghcr-readonly',
  version: 3,
  username: CredentialValue.unsafePlainText('platform-bot'),
  password: CredentialValue.unsafePlainText('demo-ghcr-token'),
  // Platform Shoots run only the team's own workloads: serving cached private images to them is fine.
  acknowledgeUnauthenticatedCache: true,
});

// The Shoot as it already lives in the repository, next to this file; it is not edited.
const included = new Include(chart, 'local-dev', { url: path.join(__dirname, 'local-dev.yaml') });
const shoot = included.apiObjects.find(o => o.kind === 'Shoot') as ApiObject;

const cache = new RegistryCache(chart, 'registry-cache', { shoot });
cache.addUpstream('docker-io', {
  upstream: 'docker.io',
  volumeSize: Size.gibibytes(50),
  garbageCollectionTtl: Duration.days(14),
});
cache.addUpstream('ghcr-io', { upstream: 'ghcr.io', credential: ghcr, highAvailability: true });
cache.addUpstream('quay-io', { upstream: 'quay.io', remoteUrl: 'https://quay.io', tls: false });

app.synth();
