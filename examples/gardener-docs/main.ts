// The Gardener page's own scenario: Docker Hub, garden-dev, ro-docker-secret-v1 referenced as docker-secret
// (Gardener's "How to provide credentials for upstream registry?").
import { ApiObject, App, Chart } from 'cdk8s';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });

// Step 1 of the page: the immutable Secret ro-docker-secret-v1 (written before the Shoot that references it,
// wherever it is declared). Demo values, so that the example synthesizes anywhere: a real app reads them with
// CredentialValue.fromEnv('DOCKER_HUB_TOKEN') or CredentialValue.fromFile(...).
const dockerHub = new RegistryCacheCredential(chart, 'docker-hub', {
  name: 'ro-docker-secret',
  version: 1,
  resourceName: 'docker-secret',
  username: CredentialValue.unsafePlainText('demo-user'),
  password: CredentialValue.unsafePlainText('demo-access-token'),
});

// Step 2: the Shoot gets the registry-cache extension and the spec.resources entry docker-secret.
const shoot = new ApiObject(chart, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'crazy-botany' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'aws' },
    region: 'eu-west-1',
    kubernetes: { version: '1.33.2' },
    provider: {
      type: 'aws',
      workers: [{ name: 'worker', minimum: 1, maximum: 3, machine: { type: 'm5.large' } }],
    },
  },
});

const cache = new RegistryCache(chart, 'registry-cache', { shoot });
cache.addUpstream('docker-io', { upstream: 'docker.io', credential: dockerHub });

app.synth();
