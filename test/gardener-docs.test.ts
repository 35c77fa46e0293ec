import { ApiObject, Chart } from 'cdk8s';
import { exampleObjects } from './_examples';
import { find, shootProps, synthObjects, testApp } from './_synth';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * Gardener's page "How to provide credentials for upstream registry?",
 * field for field: the Secret of step 1 and the Shoot parts of step 2.
 */
describe('the Gardener page\'s scenario', () => {
  const USERNAME = 'demo-user';
  const PASSWORD = 'demo-access-token';

  function build() {
    const app = testApp();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const shoot = new ApiObject(chart, 'shoot', shootProps());
    const credential = new RegistryCacheCredential(chart, 'docker-hub', {
      name: 'ro-docker-secret',
      version: 1,
      resourceName: 'docker-secret',
      username: CredentialValue.unsafePlainText(USERNAME),
      password: CredentialValue.unsafePlainText(PASSWORD),
    });
    new RegistryCache(chart, 'registry-cache', { shoot }).addUpstream('docker-io', { upstream: 'docker.io', credential });
    return synthObjects(app);
  }

  test('the Secret is the one `kubectl create` of step 1 makes', () => {
    const secret = find(build(), 'Secret', 'ro-docker-secret-v1');
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ro-docker-secret-v1', namespace: 'garden-dev' },
      type: 'Opaque',
      immutable: true,
      // $(echo -n $USERNAME | base64 -w0)
      data: { username: b64(USERNAME), password: b64(PASSWORD) },
    });
    expect(secret.stringData).toBeUndefined();
  });

  test('the Shoot gets the extension and the resource reference of step 2', () => {
    const shoot = find(build(), 'Shoot', 'crazy-botany');
    expect(shoot.spec.extensions).toEqual([{
      type: 'registry-cache',
      providerConfig: {
        apiVersion: 'registry.extensions.gardener.cloud/v1alpha3',
        kind: 'RegistryConfig',
        caches: [{ upstream: 'docker.io', secretReferenceName: 'docker-secret' }],
      },
    }]);
    expect(shoot.spec.resources).toEqual([{
      name: 'docker-secret',
      resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'ro-docker-secret-v1' },
    }]);
    expect(shoot.metadata.namespace).toEqual('garden-dev');
  });

  test('the example of the same scenario produces the same wiring', () => {
    const objects = exampleObjects('gardener-docs');
    const shoot = find(objects, 'Shoot', 'crazy-botany');
    expect(shoot.spec.extensions).toEqual(find(build(), 'Shoot', 'crazy-botany').spec.extensions);
    expect(shoot.spec.resources).toEqual(find(build(), 'Shoot', 'crazy-botany').spec.resources);
    expect(find(objects, 'Secret', 'ro-docker-secret-v1').immutable).toBe(true);
  });
});
