import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus from 'cdk8s-plus-33';
import { CredentialValue, ImagePullSecret, RegistryCacheCredential } from '../src';
import { gardenChart, synthDocs } from './credential-helpers';

const plain = CredentialValue.unsafePlainText;

function setup(upstream: string, username = 'puller', password = 'pull-token'): { app: App; pull: ImagePullSecret; workloads: Chart } {
  const { app, chart } = gardenChart();
  const credential = new RegistryCacheCredential(chart, 'cred', { name: 'registry-secret', version: 3, username: plain(username), password: plain(password) });
  const workloads = new Chart(app, 'shoot-workloads', { namespace: 'apps' });
  const pull = new ImagePullSecret(workloads, 'pull', { credential, upstream, name: 'registry-pull' });
  return { app, pull, workloads };
}

function dockerConfig(app: App): any {
  const secret = synthDocs(app).find(d => d.type === 'kubernetes.io/dockerconfigjson');
  return { secret, config: JSON.parse(secret.stringData['.dockerconfigjson']) };
}

describe('ImagePullSecret', () => {
  test('Docker Hub: the auths key is https://index.docker.io/v1/', () => {
    const { app, pull } = setup('docker.io');
    const { secret, config } = dockerConfig(app);
    expect(pull.registryKey).toBe('https://index.docker.io/v1/');
    expect(secret.metadata).toEqual({ name: 'registry-pull', namespace: 'apps' });
    expect(secret.immutable).toBe(false);
    expect(config).toEqual({
      auths: {
        'https://index.docker.io/v1/': { username: 'puller', password: 'pull-token', auth: Buffer.from('puller:pull-token').toString('base64') },
      },
    });
  });

  test('other hosts: the host itself, with its port', () => {
    const { app } = setup('registry.example.com:5000');
    expect(Object.keys(dockerConfig(app).config.auths)).toEqual(['registry.example.com:5000']);
  });

  test('carries the current version, not previous ones', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', {
      name: 'registry-secret',
      version: 2,
      username: plain('new-user'),
      password: plain('new-token'),
      previousVersions: [{ version: 1, username: plain('old-user'), password: plain('old-token') }],
    });
    new ImagePullSecret(new Chart(app, 'workloads'), 'pull', { credential, upstream: 'ghcr.io', name: 'ghcr-pull', namespace: 'team' });
    const { secret, config } = dockerConfig(app);
    expect(secret.metadata.namespace).toBe('team');
    expect(config.auths['ghcr.io'].username).toBe('new-user');
  });

  test('Artifact Registry: _json_key and the key', () => {
    const { app, chart } = gardenChart();
    const key = JSON.stringify({ type: 'service_account', client_email: 'a@b.iam.gserviceaccount.com', private_key: 'k' });
    const credential = RegistryCacheCredential.fromServiceAccountKey(chart, 'gar', { name: 'gar', version: 1, serviceAccountKey: plain(key) });
    new ImagePullSecret(new Chart(app, 'workloads', { namespace: 'apps' }), 'pull', { credential, upstream: 'europe-docker.pkg.dev', name: 'gar-pull' });
    expect(dockerConfig(app).config.auths['europe-docker.pkg.dev']).toMatchObject({ username: '_json_key', password: key });
  });

  test('is deterministic: the same output twice, no generated names', () => {
    const first = Testing.synth(setup('docker.io').workloads);
    expect(Testing.synth(setup('docker.io').workloads)).toEqual(first);
    expect(first[0].metadata.name).toBe('registry-pull');
  });

  // The README's line: what `cdk8s init typescript-app` generates today is on cdk8s-plus-33.
  test('works with a cdk8s-plus-33 Deployment, referred to by name', () => {
    const { app, pull, workloads } = setup('docker.io');
    new kplus.Deployment(workloads, 'web', {
      containers: [{ image: 'docker.io/acme/private:1' }],
      dockerRegistryAuth: kplus.Secret.fromSecretName(workloads, 'docker-hub-pull-ref', pull.name),
    });
    const deployment = synthDocs(app).find(d => d.kind === 'Deployment');
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
  });

  test('works with an older cdk8s-plus (28) the same way', () => {
    const { app, pull, workloads } = setup('docker.io');
    new kplus28.Deployment(workloads, 'web', {
      containers: [{ image: 'docker.io/acme/private:1' }],
      dockerRegistryAuth: kplus28.Secret.fromSecretName(workloads, 'docker-hub-pull-ref', pull.name),
    });
    const deployment = synthDocs(app).find(d => d.kind === 'Deployment');
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
  });

  test('writes the password readable, in stringData, as the README says', () => {
    const { app } = setup('docker.io', 'puller', 'visible-token');
    const { secret } = dockerConfig(app);
    expect(secret.data).toBeUndefined();
    expect(secret.stringData['.dockerconfigjson']).toContain('"password":"visible-token"');
  });

  test('is the plain Secret ApiObject behind ApiObject.of, and recognised by isImagePullSecret', () => {
    const { app, pull } = setup('docker.io');
    const secret = ApiObject.of(pull);
    expect(secret.kind).toBe('Secret');
    expect(secret.name).toBe('registry-pull');
    secret.metadata.addLabel('team', 'web');
    expect(dockerConfig(app).secret.metadata.labels).toEqual({ team: 'web' });
    expect(ImagePullSecret.isImagePullSecret(pull)).toBe(true);
    expect(ImagePullSecret.isImagePullSecret(secret)).toBe(false);
    expect(ImagePullSecret.isImagePullSecret(null)).toBe(false);
  });

  test.each([null, undefined, 'props', 42])('fails when props is %p, naming the field, never a TypeError', (props) => {
    const { app } = gardenChart();
    new ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', props as any);
    expect(() => app.synthYaml()).toThrow(/\[w\/pull\] props \(value: .*\): must be an object with credential, upstream and name\. Fix: /);
    expect(() => app.synthYaml()).not.toThrow(/Cannot read properties|TypeError/);
  });

  test('fails when the namespace is not a namespace name', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: plain('u'), password: plain('p') });
    new ImagePullSecret(new Chart(app, 'w'), 'pull', { credential, upstream: 'ghcr.io', name: 'pull', namespace: 'Apps.Team' });
    expect(() => app.synthYaml()).toThrow(/\[w\/pull\] namespace \(value: "Apps\.Team"\): .*Fix: give the namespace of the Pods/);
  });

  test('fails when the upstream is not a registry host', () => {
    const { app } = setup('https://docker.io/v2');
    expect(() => app.synthYaml()).toThrow(/\[shoot-workloads\/pull\] upstream \(value: "https:\/\/docker\.io\/v2"\)/);
  });

  test('fails when the name is not a DNS subdomain', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: plain('u'), password: plain('p') });
    new ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential, upstream: 'ghcr.io', name: 'Registry_Pull' });
    expect(() => app.synthYaml()).toThrow(/name \(value: "Registry_Pull"\): .*Fix: name the Secret like "registry-pull"/);
  });

  test('fails when the credential has no values (fromSecretName)', () => {
    const { app, chart } = gardenChart();
    const credential = RegistryCacheCredential.fromSecretName(chart, 'ref', { name: 'r', version: 1 });
    new ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential: credential as RegistryCacheCredential, upstream: 'ghcr.io', name: 'pull' });
    expect(() => app.synthYaml()).toThrow(/credential: must be a RegistryCacheCredential whose values the app reads/);
  });

  test('fails when the credential\'s values cannot be read', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: plain('u'), password: CredentialValue.fromEnv('TEST_UNSET_PULL_TOKEN') });
    new ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential, upstream: 'ghcr.io', name: 'pull' });
    expect(() => app.synthYaml()).toThrow(/environment variable "TEST_UNSET_PULL_TOKEN" is not set/);
  });
});
