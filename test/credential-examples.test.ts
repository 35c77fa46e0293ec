import { exampleObjects } from './_examples';
import { captureConsole, decoded } from './credential-helpers';
import { EXAMPLES } from '../examples';

/** Runs one example's main.ts; returns the documents it wrote and what it printed. */
function synth(name: string): { docs: any[]; output: string[] } {
  const { result, error, output } = captureConsole(() => exampleObjects(name));
  if (error) throw error;
  return { docs: result!, output };
}

test('the credential examples are registered', () => {
  expect(EXAMPLES.map(e => e.name)).toEqual(expect.arrayContaining(['rotation-in-progress', 'artifact-registry', 'reference-only']));
});

test('rotation in progress: v1 and v2 Secrets, protected from pruning; the Shoot on v2; the pull Secret on v2', () => {
  const { docs, output } = synth('rotation-in-progress');
  expect(output).toEqual([]);
  const secrets = docs.filter(d => d.kind === 'Secret' && d.type === 'Opaque');
  expect(secrets.map(s => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['garden-dev/ro-docker-secret-v1', 'garden-dev/ro-docker-secret-v2']);
  expect(secrets.every(s => s.immutable === true && s.metadata.annotations['argocd.argoproj.io/sync-options'] === 'Prune=false')).toBe(true);
  expect(decoded(secrets[0]).password).toBe('demo-access-token');
  expect(decoded(secrets[1]).password).toBe('demo-access-token-v2');
  const shoot = docs.find(d => d.kind === 'Shoot');
  expect(shoot.spec.resources).toEqual([{ name: 'docker-secret', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'ro-docker-secret-v2' } }]);
  expect(shoot.spec.extensions[0].providerConfig.caches).toEqual([{ upstream: 'docker.io', secretReferenceName: 'docker-secret' }]);
  const pull = docs.find(d => d.type === 'kubernetes.io/dockerconfigjson');
  expect(pull.metadata).toEqual({ name: 'docker-hub-pull', namespace: 'default' });
  expect(JSON.parse(pull.stringData['.dockerconfigjson']).auths['https://index.docker.io/v1/'].password).toBe('demo-access-token-v2');
});

test('Artifact Registry: _json_key and the key file, which passes the checks', () => {
  const { docs, output } = synth('artifact-registry');
  expect(output).toEqual([]);
  const secret = docs.find(d => d.kind === 'Secret' && d.type === 'Opaque');
  expect(secret.metadata).toEqual({ name: 'gar-reader-v1', namespace: 'garden-ml' });
  const data = decoded(secret);
  expect(data.username).toBe('_json_key');
  expect(JSON.parse(data.password)).toMatchObject({ type: 'service_account', client_email: 'registry-cache@demo-project.iam.gserviceaccount.com' });
  expect(data.password.endsWith('}')).toBe(true);
  expect(docs.find(d => d.kind === 'Shoot').spec.resources[0]).toEqual({ name: 'gar-secret', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'gar-reader-v1' } });
  const pull = docs.find(d => d.type === 'kubernetes.io/dockerconfigjson');
  expect(Object.keys(JSON.parse(pull.stringData['.dockerconfigjson']).auths)).toEqual(['europe-docker.pkg.dev']);
});

test('reference only: the Shoot wiring and no Secret', () => {
  const { docs, output } = synth('reference-only');
  expect(output).toEqual([]);
  expect(docs.map(d => d.kind)).toEqual(['Shoot']);
  expect(docs[0].spec.resources).toEqual([{ name: 'company-registry', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'company-registry-v2' } }]);
  expect(docs[0].spec.extensions[0].providerConfig.caches).toEqual([
    { upstream: 'registry.example.com', secretReferenceName: 'company-registry' },
    { upstream: 'docker.io' },
  ]);
});
