import { ApiObject, Chart } from 'cdk8s';
import { find, shootProps, synthObjects, synthYaml, testApp } from './_synth';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';

function build(version: number, password = 'token-one') {
  const app = testApp();
  const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
  const credential = new RegistryCacheCredential(chart, 'docker-hub', {
    name: 'ro-docker-secret',
    version,
    resourceName: 'docker-secret',
    username: CredentialValue.unsafePlainText('robot'),
    password: CredentialValue.unsafePlainText(password),
  });
  const shoot = new ApiObject(chart, 'shoot', shootProps());
  const cache = new RegistryCache(chart, 'registry-cache', { shoot });
  cache.addUpstream('docker-io', { upstream: 'docker.io', credential });
  cache.addUpstream('ghcr-io', { upstream: 'ghcr.io' });
  return app;
}

/** The lines that differ between two YAML texts of the same shape. */
function changedLines(a: string, b: string): Array<[string, string]> {
  const la = a.split('\n');
  const lb = b.split('\n');
  expect(lb.length).toEqual(la.length);
  return la.map((l, i) => [l, lb[i]] as [string, string]).filter(([x, y]) => x !== y);
}

describe('rotation', () => {
  test('bumping the version from 1 to 2 changes exactly the Secret name and the resourceRef name', () => {
    const diff = changedLines(synthYaml(build(1)), synthYaml(build(2)));
    expect(diff).toEqual([
      ['  name: ro-docker-secret-v1', '  name: ro-docker-secret-v2'], // Secret metadata.name (the Secret comes first)
      ['        name: ro-docker-secret-v1', '        name: ro-docker-secret-v2'], // Shoot spec.resources[0].resourceRef.name
    ]);
    // which two: the resourceRef of the Shoot and the Secret's own name
    const v2 = synthObjects(build(2));
    expect(find(v2, 'Shoot', 'crazy-botany').spec.resources[0].resourceRef.name).toEqual('ro-docker-secret-v2');
    expect(find(v2, 'Secret', 'ro-docker-secret-v2').metadata.name).toEqual('ro-docker-secret-v2');
  });

  test('the providerConfig stays byte-identical, also when the new version has new values', () => {
    const providerConfig = (app: ReturnType<typeof build>) =>
      JSON.stringify(find(synthObjects(app), 'Shoot', 'crazy-botany').spec.extensions[0].providerConfig);
    expect(providerConfig(build(2, 'token-two'))).toEqual(providerConfig(build(1, 'token-one')));
  });

  test('new values in a new version change the Secret\'s data, nothing else of the Shoot', () => {
    const diff = changedLines(synthYaml(build(1, 'token-one')), synthYaml(build(2, 'token-two')));
    expect(diff.map(([a]) => a.trim())).toEqual([
      'name: ro-docker-secret-v1',
      `password: ${Buffer.from('token-one').toString('base64')}`,
      'name: ro-docker-secret-v1',
    ]);
  });
});

describe('determinism', () => {
  test('synthesizing twice gives byte-identical YAML', () => {
    expect(synthYaml(build(3))).toEqual(synthYaml(build(3)));
  });
});

describe('document order', () => {
  // Secrets come before the Shoots that reference them, whatever the declaration order
  // (test/output-order.test.ts); here the credential is declared first anyway.
  test('the Secret comes before the Shoot', () => {
    expect(synthObjects(build(1)).map(o => o.kind)).toEqual(['Secret', 'Shoot']);
  });
});
