import { ApiObject, App, Chart } from 'cdk8s';
import { Example } from './example';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';

/**
 * The scenario of Gardener's "How to provide credentials for upstream
 * registry?" page: a Docker Hub cache in the Shoot, with the credentials in the
 * immutable Secret `ro-docker-secret-v1` of the project namespace `garden-dev`,
 * referenced from the Shoot as `docker-secret`.
 */
export const gardenerDocs: Example = {
  name: 'gardener-docs',
  description: 'The Gardener page\'s own scenario: Docker Hub, garden-dev, ro-docker-secret-v1 referenced as docker-secret',
  build(app: App) {
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });

    // Step 1 of the page: the Secret (in the output it comes before the Shoot that
    // references it, wherever it is declared). Demo values, so that the example synthesizes anywhere; in a real app, read
    // them with CredentialValue.fromEnv or fromFile.
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
        kubernetes: { version: '1.33.2' },
        provider: {
          type: 'aws',
          workers: [{ name: 'worker', minimum: 1, maximum: 3, machine: { type: 'm5.large' } }],
        },
      },
    });

    const cache = new RegistryCache(chart, 'registry-cache', { shoot });
    cache.addUpstream('docker-io', { upstream: 'docker.io', credential: dockerHub });
  },
};
