import { ApiObject, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { exampleObjects } from './_examples';
import { find, shootProps, synthObjects, testApp } from './_synth';
import { MirrorCapability, RegistryMirror, RegistryMirrorCaBundle } from '../src';
import { CA_V1 } from './fixtures/pem';
import { checkCaBundleSecret } from '../src/_rules/ca-bundle';
import { parseExtensionVersion } from '../src/_rules/extension-version';
import { checkShootManifest } from '../src/_rules/shoot';

/**
 * Gardener's registry-mirror pages, as golden tests: the examples produce
 * the YAML the pages tell you to write by hand.
 */
const NEWEST = parseExtensionVersion('v0.24.0')!;

describe('Gardener\'s registry-mirror configuration page: a public mirror of Docker Hub', () => {
  test('the Shoot gets the page\'s registry-mirror entry', () => {
    const shoot = find(exampleObjects('mirror-public'), 'Shoot', 'crazy-botany');
    expect(shoot.spec.extensions).toEqual(parse(`
      - type: registry-mirror
        providerConfig:
          apiVersion: mirror.extensions.gardener.cloud/v1alpha1
          kind: MirrorConfig
          mirrors:
          - upstream: docker.io
            hosts:
            - host: "https://mirror.gcr.io"
              capabilities: ["pull"]
    `));
    expect(shoot.spec.resources).toBeUndefined();
    expect(checkShootManifest(shoot, NEWEST)).toEqual([]);
  });
});

describe('Gardener\'s registry-mirror configuration page: the whole example', () => {
  test('three mirrors: public, private with a CA bundle, and a Harbor path with overridePath', () => {
    const app = testApp();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const shoot = new ApiObject(chart, 'shoot', shootProps());
    const caBundle = RegistryMirrorCaBundle.fromSecretName(chart, 'ca', { name: 'private-mirror-ca-bundle', version: 1 });
    const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot });
    mirror.addMirror('docker-io', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io', capabilities: [MirrorCapability.PULL] }] });
    mirror.addMirror('quay-io', { upstream: 'quay.io', hosts: [{ host: 'https://private-mirror.internal', caBundle }] });
    mirror.addMirror('registry-k8s-io', {
      upstream: 'registry.k8s.io',
      hosts: [{ host: 'https://harbor.example.com/v2/k8s', capabilities: [MirrorCapability.PULL, MirrorCapability.RESOLVE], overridePath: true }],
    });
    const written = find(synthObjects(app), 'Shoot', 'crazy-botany');
    const page = parse(`
      extensions:
      - type: registry-mirror
        providerConfig:
          apiVersion: mirror.extensions.gardener.cloud/v1alpha1
          kind: MirrorConfig
          mirrors:
          - upstream: docker.io
            hosts:
            - host: "https://mirror.gcr.io"
              capabilities: ["pull"]
          - upstream: quay.io
            hosts:
            - host: "https://private-mirror.internal"
              caBundleSecretReferenceName: private-mirror-ca-bundle
          - upstream: registry.k8s.io
            hosts:
            - host: "https://harbor.example.com/v2/k8s"
              capabilities: ["pull", "resolve"]
              overridePath: true
      resources:
      - name: private-mirror-ca-bundle
        resourceRef:
          apiVersion: v1
          kind: Secret
          name: private-mirror-ca-bundle-v1
    `);
    expect(written.spec.extensions).toEqual(page.extensions);
    expect(written.spec.resources).toEqual(page.resources);
    expect(checkShootManifest(written, NEWEST)).toEqual([]);
  });
});

describe('Gardener\'s CA bundle page: a private mirror with a self-signed certificate', () => {
  test('step 1: the immutable Secret with the bundle', () => {
    const secret = find(exampleObjects('mirror-private-ca'), 'Secret', 'private-mirror-ca-bundle-v1');
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'private-mirror-ca-bundle-v1', namespace: 'garden-dev' },
      type: 'Opaque',
      immutable: true,
      data: { 'bundle.crt': Buffer.from(CA_V1).toString('base64') },
    });
    expect(checkCaBundleSecret(secret)).toEqual([]);
  });

  test('step 2: the resource reference and caBundleSecretReferenceName (with the page\'s v1alpha3 typo fixed)', () => {
    const objects = exampleObjects('mirror-private-ca');
    const shoot = find(objects, 'Shoot', 'crazy-botany');
    expect(shoot.spec.extensions).toEqual(parse(`
      - type: registry-mirror
        providerConfig:
          apiVersion: mirror.extensions.gardener.cloud/v1alpha1
          kind: MirrorConfig
          mirrors:
          - upstream: quay.io
            hosts:
            - host: "https://private-mirror.internal"
              caBundleSecretReferenceName: private-mirror-ca-bundle
    `));
    expect(shoot.spec.resources).toEqual(parse(`
      - name: private-mirror-ca-bundle
        resourceRef:
          apiVersion: v1
          kind: Secret
          name: private-mirror-ca-bundle-v1
    `));
    expect(checkShootManifest(shoot, NEWEST)).toEqual([]);
    expect(objects.map(o => o.kind)).toEqual(['Secret', 'Shoot']);
  });
});

describe('the cache and mirror example', () => {
  test('one Shoot with both extensions passes the Shoot-level rules', () => {
    const shoot = find(exampleObjects('cache-and-mirror'), 'Shoot', 'build-farm');
    expect(shoot.spec.extensions.map((e: any) => e.type)).toEqual(['registry-mirror', 'registry-cache']);
    expect(checkShootManifest(shoot, NEWEST)).toEqual([]);
  });
});
