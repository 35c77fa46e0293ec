import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { find, shootProps, synthErrors, synthObjects, synthYaml, testApp } from './_synth';
import { GitOpsPruneProtection, RegistryMirror, RegistryMirrorCaBundle, RegistryMirrorCaBundleProps, UpdateSafetyCheck } from '../src';
import { CA_V1, CA_V2, pemBlock, PRIVATE_KEY } from './fixtures/pem';
import { checkCaBundleSecret } from '../src/_rules/ca-bundle';

const PROPS: RegistryMirrorCaBundleProps = { name: 'private-mirror-ca-bundle', version: 1, pem: CA_V1 };

/** Gardener's CA bundle page: quay.io mirrored by private-mirror.internal, the bundle in garden-dev. */
function build(app: App, props: Partial<RegistryMirrorCaBundleProps> = {}): RegistryMirrorCaBundle {
  const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
  const shoot = new ApiObject(chart, 'shoot', shootProps());
  const caBundle = new RegistryMirrorCaBundle(chart, 'ca', { ...PROPS, ...props });
  new RegistryMirror(chart, 'mirror', { shoot }).addMirror('quay', { upstream: 'quay.io', hosts: [{ host: 'https://private-mirror.internal', caBundle }] });
  return caBundle;
}

function synth(props: Partial<RegistryMirrorCaBundleProps> = {}): string {
  const app = testApp();
  build(app, props);
  return synthYaml(app);
}

describe('RegistryMirrorCaBundle', () => {
  test('emits the Secret of Gardener\'s CA bundle page: versioned name, immutable, Opaque, one key bundle.crt', () => {
    const app = testApp();
    const caBundle = build(app);
    const secret = find(synthObjects(app), 'Secret', 'private-mirror-ca-bundle-v1');
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'private-mirror-ca-bundle-v1', namespace: 'garden-dev' },
      type: 'Opaque',
      immutable: true,
      data: { 'bundle.crt': Buffer.from(CA_V1).toString('base64') },
    });
    expect(checkCaBundleSecret(secret)).toEqual([]);
    expect(caBundle).toMatchObject({ secretName: 'private-mirror-ca-bundle-v1', resourceName: 'private-mirror-ca-bundle', namespace: 'garden-dev', version: 1 });
  });

  test('keeps previous versions in the output, ascending, with their own certificates; the Shoot references the current one', () => {
    const app = testApp();
    const caBundle = build(app, { version: 3, pem: CA_V2, previousVersions: [{ version: 2, pem: CA_V1 }, { version: 1, pem: CA_V1 }] });
    const objects = synthObjects(app);
    expect(objects.filter(o => o.kind === 'Secret').map(o => o.metadata.name)).toEqual([
      'private-mirror-ca-bundle-v1', 'private-mirror-ca-bundle-v2', 'private-mirror-ca-bundle-v3',
    ]);
    expect(Buffer.from(find(objects, 'Secret', 'private-mirror-ca-bundle-v3').data['bundle.crt'], 'base64').toString()).toEqual(CA_V2);
    expect(find(objects, 'Shoot', 'crazy-botany').spec.resources[0].resourceRef.name).toEqual('private-mirror-ca-bundle-v3');
    expect(caBundle.previousVersions).toEqual([1, 2]);
  });

  test('puts the GitOps prune protection on every version', () => {
    const app = testApp();
    build(app, { version: 2, previousVersions: [{ version: 1, pem: CA_V1 }], pruneProtection: GitOpsPruneProtection.FLUX });
    for (const secret of synthObjects(app).filter(o => o.kind === 'Secret')) {
      expect(secret.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    }
  });

  test('fromSecretName emits no Secret, only the reference', () => {
    const app = testApp();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const shoot = new ApiObject(chart, 'shoot', shootProps());
    const caBundle = RegistryMirrorCaBundle.fromSecretName(chart, 'ca', { name: 'sealed-ca', version: 4, resourceName: 'ca' });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('quay', { upstream: 'quay.io', hosts: [{ host: 'https://m.io', caBundle }] });
    const objects = synthObjects(app);
    expect(objects.map(o => o.kind)).toEqual(['Shoot']);
    expect(find(objects, 'Shoot', 'crazy-botany').spec.resources).toEqual([{ name: 'ca', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'sealed-ca-v4' } }]);
    expect(caBundle).toMatchObject({ secretName: 'sealed-ca-v4', resourceName: 'ca', namespace: 'garden-dev' });
  });

  test('rotating is a version bump: the Secret\'s name and the resourceRef name change, nothing else', () => {
    const before = synth().split('\n');
    const after = synth({ version: 2 }).split('\n');
    expect(after).toHaveLength(before.length);
    expect(before.map((l, i) => [l, after[i]]).filter(([a, b]) => a !== b)).toEqual([
      ['  name: private-mirror-ca-bundle-v1', '  name: private-mirror-ca-bundle-v2'], // the Secret (it comes first)
      ['        name: private-mirror-ca-bundle-v1', '        name: private-mirror-ca-bundle-v2'], // the Shoot's resourceRef
    ]);
  });

  test('rotating to a new certificate changes the Secret\'s data too, and the MirrorConfig not at all', () => {
    const before = synth().split('\n');
    const after = synth({ version: 2, pem: CA_V2 }).split('\n');
    expect(before.map((l, i) => [l.trim(), after[i].trim()]).filter(([a, b]) => a !== b).map(([a]) => a.split(':')[0])).toEqual(['name', 'bundle.crt', 'name']);
  });
});

describe('RegistryMirrorCaBundle fails when', () => {
  const errors = (props: Partial<RegistryMirrorCaBundleProps>) => {
    const app = testApp();
    build(app, props);
    return synthErrors(app);
  };

  test.each([
    ['the PEM is empty', { pem: '' }, /^\[garden-dev\/ca\] Secret "garden-dev\/private-mirror-ca-bundle-v1" data\.bundle\.crt: is empty: the CA bundle is not a valid PEM-encoded certificate/],
    ['the PEM is a private key', { pem: PRIVATE_KEY }, /data\.bundle\.crt: its PEM block is a PRIVATE KEY, not a CERTIFICATE; a private key never belongs in a CA bundle/],
    ['a second certificate does not parse', { pem: CA_V1 + pemBlock('CERTIFICATE', 'broken') }, /PEM block 2 of 2 does not parse as an X\.509 certificate/],
    ['a previous version\'s PEM is broken', { version: 2, previousVersions: [{ version: 1, pem: 'no pem' }] }, /Secret "garden-dev\/private-mirror-ca-bundle-v1" data\.bundle\.crt: contains no PEM block/],
    ['the name is not a DNS name', { name: 'Private_CA' }, /name \(value: "Private_CA"\): gives the Secret name "Private_CA-v1"/],
    ['the version is not a positive integer', { version: 0 }, /version \(value: 0\): must be a positive integer/],
    ['a previous version is not lower', { previousVersions: [{ version: 1, pem: CA_V1 }] }, /previousVersions\[0\]\.version \(value: 1\): must be lower than version \(1\)/],
    ['previousVersions is not an array', { previousVersions: 'v1' as any }, /previousVersions \(value: "v1"\): must be an array of earlier versions/],
  ])('%s', (_name, props, line) => {
    expect(errors(props)).toEqual([expect.stringMatching(line)]);
  });

  test('two bundles emit one Secret name with different certificates', () => {
    const app = testApp();
    const caBundle = build(app);
    new RegistryMirrorCaBundle(caBundle.node.scope as Chart, 'again', { ...PROPS, pem: CA_V2 });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[garden-dev\/again\/Secret\] Secret "garden-dev\/private-mirror-ca-bundle-v1": is also emitted by garden-dev\/ca\/Secret with different values.*Fix: new values need a new version: bump version on the CA bundle that has them/),
    ]);
  });
});

describe('UpdateSafetyCheck with CA bundles', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-update-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const deploy = (props: Partial<RegistryMirrorCaBundleProps>) => {
    const app = new App({ outdir: tmp });
    build(app, props);
    app.synth();
  };
  const next = (props: Partial<RegistryMirrorCaBundleProps>) => {
    const app = Testing.app();
    build(app, props);
    new UpdateSafetyCheck(app, 'update-safety', { previousManifests: tmp });
    return app;
  };

  test('fails when the certificates change under the same version, naming the key only', () => {
    deploy({ pem: CA_V1 });
    const lines = synthErrors(next({ pem: CA_V2 }));
    expect(lines).toEqual([
      expect.stringMatching(/^\[update-safety\] Secret "garden-dev\/private-mirror-ca-bundle-v1" data: the deployed Secret is immutable, and its data changed while its name stayed the same \(keys changed: "bundle\.crt"\).*Fix: bump the CA bundle's version to 2/),
    ]);
    expect(lines.join('\n')).not.toContain(Buffer.from(CA_V2).toString('base64').slice(0, 40));
  });

  test('passes for a rotation (a version bump)', () => {
    deploy({ pem: CA_V1 });
    expect(() => next({ version: 2, pem: CA_V2, previousVersions: [{ version: 1, pem: CA_V1 }] }).synthYaml()).not.toThrow();
  });
});
