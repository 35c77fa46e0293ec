import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { captureConsole, decoded } from './credential-helpers';
import { artifactRegistry } from '../examples/artifact-registry';
import { Example } from '../examples/example';
import { EXAMPLES } from '../examples/index';
import { referenceOnly } from '../examples/reference-only';
import { rotationInProgress } from '../examples/rotation-in-progress';

/** Synthesizes one example with validation; returns its documents and what it printed. */
function synth(example: Example): { docs: any[]; output: string[] } {
  const app = new App({ outdir: '/tmp/cdk8s-gardener-registry-cache-examples-test' });
  example.build(app);
  const { result, error, output } = captureConsole(() => app.synthYaml());
  if (error) throw error;
  return { docs: parseAllDocuments(result!).map(d => d.toJSON()).filter(d => d), output };
}

test('the credential examples are registered', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining([rotationInProgress, artifactRegistry, referenceOnly]));
});

test('rotation in progress: v1 and v2 Secrets, protected from pruning; the Shoot on v2; the pull Secret on v2', () => {
  const { docs, output } = synth(rotationInProgress);
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
  const { docs, output } = synth(artifactRegistry);
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
  const { docs, output } = synth(referenceOnly);
  expect(output).toEqual([]);
  expect(docs.map(d => d.kind)).toEqual(['Shoot']);
  expect(docs[0].spec.resources).toEqual([{ name: 'company-registry', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'company-registry-v2' } }]);
  expect(docs[0].spec.extensions[0].providerConfig.caches).toEqual([
    { upstream: 'registry.example.com', secretReferenceName: 'company-registry' },
    { upstream: 'docker.io' },
  ]);
});
