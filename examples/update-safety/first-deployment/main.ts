// The first deployment of the update-safety example: what it writes is committed as ../previous.k8s.yaml,
// which ../main.ts, the second deployment, is checked against.
import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });

// Demo values, so that the example synthesizes anywhere: a real app reads them with
// CredentialValue.fromEnv('DOCKER_HUB_TOKEN') or CredentialValue.fromFile(...).
const dockerHub = new RegistryCacheCredential(chart, 'docker-hub', {
  name: 'ro-docker-secret',
  version: 1,
  resourceName: 'docker-secret',
  username: CredentialValue.unsafePlainText('demo-user'),
  password: CredentialValue.unsafePlainText('demo-access-token'),
});

const shoot = new ApiObject(chart, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'crazy-botany' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'aws' },
    region: 'eu-west-1',
    provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 3, machine: { type: 'm5.large' } }] },
  },
});

const cache = new RegistryCache(chart, 'registry-cache', { shoot });
cache.addUpstream('docker-io', {
  upstream: 'docker.io',
  credential: dockerHub,
  volumeSize: Size.gibibytes(50),
  storageClassName: 'premium',
  garbageCollectionTtl: Duration.seconds(0),
});

app.synth();
