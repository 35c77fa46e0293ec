import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Include } from 'cdk8s';
import { find, shootProps, synthErrors, synthObjects, testApp, WORKERS } from './_synth';
import {
  CredentialValue, MirrorCapability, MirroredUpstream, RegistryCache, RegistryCacheCredential, RegistryMirror, RegistryMirrorCaBundle,
} from '../src';
import { CA_V1 } from './fixtures/pem';
import { KubeShoot } from './fixtures/typed-shoot';

/** A chart in `namespace`, with a Shoot of `spec` (one worker pool unless `spec` says otherwise). */
function fixture(spec: Record<string, unknown> = {}, namespace = 'garden-dev') {
  const app = testApp();
  const chart = new Chart(app, 'chart', { namespace });
  const shoot = new ApiObject(chart, 'shoot', shootProps('crazy-botany', spec));
  return { app, chart, shoot };
}

function bundle(chart: Chart, id = 'ca', props: Partial<ConstructorParameters<typeof RegistryMirrorCaBundle>[2]> = {}) {
  return new RegistryMirrorCaBundle(chart, id, { name: 'private-mirror-ca-bundle', version: 1, pem: CA_V1, ...props });
}

const mirrorsOf = (shoot: any) => shoot.spec.extensions.find((e: any) => e.type === 'registry-mirror').providerConfig;

describe('the registry-mirror entry', () => {
  test('is Gardener\'s MirrorConfig: mirrors in the order added, each host with only the fields set', () => {
    const { app, chart, shoot } = fixture();
    const ca = bundle(chart);
    const mirror = new RegistryMirror(chart, 'mirror', { shoot });
    mirror.addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io', capabilities: [MirrorCapability.PULL] }] });
    mirror.addMirror('quay', { upstream: 'quay.io', hosts: [{ host: 'https://private-mirror.internal/', caBundle: ca }] });
    mirror.addMirror('k8s', {
      upstream: 'registry.k8s.io',
      hosts: [{ host: 'https://harbor.example.com/v2/k8s', capabilities: [MirrorCapability.PULL, MirrorCapability.RESOLVE], overridePath: true }],
    });
    const objects = synthObjects(app);
    expect(find(objects, 'Shoot', 'crazy-botany').spec.extensions).toEqual([{
      type: 'registry-mirror',
      providerConfig: {
        apiVersion: 'mirror.extensions.gardener.cloud/v1alpha1',
        kind: 'MirrorConfig',
        mirrors: [
          { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io', capabilities: ['pull'] }] },
          { upstream: 'quay.io', hosts: [{ host: 'https://private-mirror.internal', caBundleSecretReferenceName: 'private-mirror-ca-bundle' }] },
          { upstream: 'registry.k8s.io', hosts: [{ host: 'https://harbor.example.com/v2/k8s', capabilities: ['pull', 'resolve'], overridePath: true }] },
        ],
      },
    }]);
    expect(find(objects, 'Shoot', 'crazy-botany').spec.resources).toEqual([
      { name: 'private-mirror-ca-bundle', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'private-mirror-ca-bundle-v1' } },
    ]);
    expect(mirror.mirrors.map(m => m.upstream)).toEqual(['docker.io', 'quay.io', 'registry.k8s.io']);
  });

  test('keeps the Shoot\'s own extensions and resources, in their order', () => {
    const { app, chart, shoot } = fixture({
      extensions: [{ type: 'shoot-dns-service' }],
      resources: [{ name: 'dns', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'dns' } }],
    });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('q', { upstream: 'quay.io', hosts: [{ host: 'https://m.io', caBundle: bundle(chart) }] });
    const spec = find(synthObjects(app), 'Shoot', 'crazy-botany').spec;
    expect(spec.extensions.map((e: any) => e.type)).toEqual(['shoot-dns-service', 'registry-mirror']);
    expect(spec.resources.map((r: any) => r.name)).toEqual(['dns', 'private-mirror-ca-bundle']);
  });

  test('goes next to the registry-cache entry, in the order the constructs were made', () => {
    const { app, chart, shoot } = fixture();
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    const spec = find(synthObjects(app), 'Shoot', 'crazy-botany').spec;
    expect(spec.extensions.map((e: any) => e.type)).toEqual(['registry-cache', 'registry-mirror']);
  });

  test('works with a typed Shoot class and with a Shoot taken from a YAML file with Include', () => {
    const { app, chart } = fixture();
    const typed = new KubeShoot(chart, 'typed', { metadata: { name: 'typed' }, spec: { region: 'eu', provider: WORKERS } });
    new RegistryMirror(chart, 'typed-mirror', { shoot: typed }).addMirror('d', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoot-'));
    fs.writeFileSync(path.join(dir, 'shoot.yaml'), [
      'apiVersion: core.gardener.cloud/v1beta1', 'kind: Shoot', 'metadata: {name: from-file, namespace: garden-dev}',
      'spec: {provider: {type: local, workers: [{name: worker}]}, extensions: [{type: shoot-dns-service}]}', '',
    ].join('\n'));
    const included = new Include(chart, 'file', { url: path.join(dir, 'shoot.yaml') }).apiObjects[0];
    new RegistryMirror(chart, 'file-mirror', { shoot: included }).addMirror('q', { upstream: 'quay.io', hosts: [{ host: 'https://m.io', caBundle: bundle(chart) }] });
    const objects = synthObjects(app);
    expect(mirrorsOf(find(objects, 'Shoot', 'typed')).mirrors).toEqual([{ upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] }]);
    const fromFile = find(objects, 'Shoot', 'from-file').spec;
    expect(fromFile.extensions.map((e: any) => e.type)).toEqual(['shoot-dns-service', 'registry-mirror']);
    expect(fromFile.resources).toEqual([{ name: 'private-mirror-ca-bundle', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'private-mirror-ca-bundle-v1' } }]);
  });

  test('one CA bundle for several hosts and Shoots: one Secret, one resource entry per Shoot', () => {
    const { app, chart } = fixture();
    const ca = bundle(chart);
    for (const name of ['a', 'b']) {
      const mirror = new RegistryMirror(chart, `mirror-${name}`, { shoot: new ApiObject(chart, name, shootProps(name)) });
      mirror.addMirror('q', { upstream: 'quay.io', hosts: [{ host: 'https://m1.io', caBundle: ca }, { host: 'https://m2.io', caBundle: ca }] });
      mirror.addMirror('d', { upstream: 'docker.io', hosts: [{ host: 'https://m1.io', caBundle: ca }] });
    }
    const objects = synthObjects(app);
    expect(objects.filter(o => o.kind === 'Secret').map(o => o.metadata.name)).toEqual(['private-mirror-ca-bundle-v1']);
    for (const name of ['a', 'b']) {
      expect(find(objects, 'Shoot', name).spec.resources).toHaveLength(1);
    }
  });

  test('the mirrors prop gives the same output as addMirror, without a construct per upstream', () => {
    const options = [
      { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io/' }] },
      { upstream: 'quay.io', hosts: [{ host: 'https://m.io', capabilities: [MirrorCapability.RESOLVE] }] },
    ];
    const viaProps = fixture();
    const withProps = new RegistryMirror(viaProps.chart, 'mirror', { shoot: viaProps.shoot, mirrors: options });
    const viaAdd = fixture();
    const withAdd = new RegistryMirror(viaAdd.chart, 'mirror', { shoot: viaAdd.shoot });
    options.forEach((o, i) => withAdd.addMirror(`m${i}`, o));
    expect(viaProps.app.synthYaml()).toEqual(viaAdd.app.synthYaml());
    expect(withProps.mirrors).toEqual([]);
    expect(withAdd.mirrors).toHaveLength(2);
  });

  test('MirroredUpstream can be made directly, in any scope', () => {
    const { app, chart, shoot } = fixture();
    const registryMirror = new RegistryMirror(chart, 'mirror', { shoot });
    new MirroredUpstream(chart, 'elsewhere', { registryMirror, upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    expect(mirrorsOf(find(synthObjects(app), 'Shoot', 'crazy-botany')).mirrors).toHaveLength(1);
    expect(registryMirror.mirrors.map(m => m.node.path)).toEqual(['chart/elsewhere']);
  });

  test('defaults extensionVersion to the newest known release', () => {
    const { chart, shoot } = fixture();
    expect(new RegistryMirror(chart, 'mirror', { shoot }).extensionVersion).toBe('v0.24.0');
  });

  test('fails at construction when shoot is not an ApiObject', () => {
    const { chart } = fixture();
    expect(() => new RegistryMirror(chart, 'mirror', { shoot: {} as any })).toThrow(/RegistryMirror "chart\/mirror": shoot must be the cdk8s ApiObject of a Gardener Shoot/);
  });
});

describe('validation fails when', () => {
  /** The error lines of a Shoot with one RegistryMirror that gets `mirrors`. */
  function errorsOf(mirrors: any[], props: Record<string, unknown> = {}) {
    const { app, chart, shoot } = fixture();
    const mirror = new RegistryMirror(chart, 'mirror', { shoot, ...props });
    mirrors.forEach((m, i) => mirror.addMirror(`m${i}`, m));
    return synthErrors(app);
  }

  test('there is no mirror', () => {
    expect(errorsOf([])).toEqual([
      expect.stringMatching(/^\[chart\/mirror\] spec\.extensions\[0\]\.providerConfig\.mirrors: at least one mirror must be provided\. Fix: add a mirror/),
    ]);
  });

  test('an upstream is mirrored twice', () => {
    const host = { host: 'https://m.io' };
    expect(errorsOf([{ upstream: 'docker.io', hosts: [host] }, { upstream: 'docker.io', hosts: [host] }])).toEqual([
      expect.stringMatching(/^\[chart\/mirror\] spec\.extensions\[0\]\.providerConfig\.mirrors\[1\]\.upstream \(value: "docker\.io"\): Duplicate value: mirrors\[0\] has the same upstream/),
    ]);
  });

  test('a host URL, a capability and an upstream are wrong: all together, with Gardener\'s paths', () => {
    expect(errorsOf([{ upstream: 'Docker.io', hosts: [{ host: 'mirror.gcr.io', capabilities: ['push'] }] }])).toEqual([
      expect.stringMatching(/mirrors\[0\]\.upstream \(value: "Docker\.io"\): is not a valid upstream/),
      expect.stringMatching(/mirrors\[0\]\.hosts\[0\]\.host \(value: "mirror\.gcr\.io"\): url must start with 'http:\/\/' or 'https:\/\/' scheme/),
      expect.stringMatching(/mirrors\[0\]\.hosts\[0\]\.capabilities \(value: "push"\): Unsupported value: supported values: "pull", "resolve"\. Fix: use MirrorCapability\.PULL or MirrorCapability\.RESOLVE/),
    ]);
  });

  test('a mirror has no host', () => {
    expect(errorsOf([{ upstream: 'docker.io', hosts: [] }])).toEqual([expect.stringMatching(/mirrors\[0\]\.hosts: at least one host must be provided/)]);
  });

  test('plain JS passes options of the wrong types', () => {
    expect(errorsOf([{ upstream: 42, hosts: [{ host: 'https://m.io', capabilities: 'pull', overridePath: 'yes', caBundle: 'ca' }] }])).toEqual([
      expect.stringMatching(/^\[chart\/mirror\] .*mirrors\[0\]\.upstream \(value: "number"\): must be a string/),
      expect.stringMatching(/mirrors\[0\]\.hosts\[0\]\.capabilities \(value: "string"\): must be an array of capabilities/),
      expect.stringMatching(/mirrors\[0\]\.hosts\[0\]\.overridePath \(value: "string"\): must be true or false/),
      expect.stringMatching(/^\[chart\/mirror\/m0\] spec\.extensions\[0\]\.providerConfig\.mirrors\[0\]\.hosts\[0\]\.caBundleSecretReferenceName \(value: "string"\): caBundle is not a RegistryMirrorCaBundle/),
    ]);
    expect(errorsOf([], { mirrors: 'docker.io' })).toEqual([
      expect.stringMatching(/^\[chart\/mirror\] mirrors \(value: "string"\): must be an array of MirroredUpstreamOptions/),
      expect.stringMatching(/at least one mirror must be provided/),
    ]);
  });

  test.each([
    ['a CA bundle', { caBundle: 'bundle' }, 'v0.20.0', /hosts\[0\]\.caBundleSecretReferenceName \(value: "private-mirror-ca-bundle"\): is unknown to registry-mirror extension v0\.20\.0: it was introduced in v0\.21\.0/],
    ['overridePath', { overridePath: true }, 'v0.21.0', /hosts\[0\]\.overridePath \(value: "true"\): is unknown to registry-mirror extension v0\.21\.0: it was introduced in v0\.22\.0/],
    ['a host with a path', { host: 'https://harbor.example.com/v2/k8s' }, 'v0.21.0', /hosts\[0\]\.host \(value: "https:\/\/harbor\.example\.com\/v2\/k8s"\): url must not contain a path \(a registry-mirror host may have a path from v0\.22\.0 on/],
    ['a ".." segment in a host path', { host: 'https://h.io/a/%2E%2e/b' }, 'v0.23.0', /hosts\[0\]\.host .*url path must not contain '\.\.'/],
  ])('%s is used with an extension version that does not know it', (_name, host, extensionVersion, line) => {
    const { app, chart, shoot } = fixture();
    const h: any = { host: 'https://m.io', ...host };
    if (h.caBundle) {
      h.caBundle = bundle(chart);
    }
    new RegistryMirror(chart, 'mirror', { shoot, extensionVersion }).addMirror('m', { upstream: 'quay.io', hosts: [h] });
    expect(synthErrors(app)).toEqual([expect.stringMatching(line)]);
  });

  test('an upstream has a port before v0.9.0', () => {
    expect(errorsOf([{ upstream: 'localhost:5000', hosts: [{ host: 'https://m.io' }] }], { extensionVersion: 'v0.8.0' })).toEqual([
      expect.stringMatching(/mirrors\[0\]\.upstream \(value: "localhost:5000"\): has a port, which registry-mirror extension v0\.8\.0 rejects/),
    ]);
  });

  test.each([
    ['v0.5.0', /is too old: the registry-mirror extension \(mirror\.extensions\.gardener\.cloud\/v1alpha1\) exists from v0\.6\.0 on/],
    ['0.22', /is not a release version of the form vMAJOR\.MINOR\.PATCH/],
  ])('the extension version is %j', (extensionVersion, detail) => {
    expect(errorsOf([{ upstream: 'docker.io', hosts: [{ host: 'https://m.io' }] }], { extensionVersion })).toEqual([
      expect.stringMatching(new RegExp(`^\\[chart/mirror\\] extensionVersion \\(value: "${extensionVersion.replace(/\./g, '\\.')}"\\): ${detail.source}`)),
    ]);
  });
});

describe('the Shoot-level rules with a mirror', () => {
  const docker = { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] };

  test('fails when a RegistryMirror upstream is also a RegistryCache upstream, at Gardener\'s path', () => {
    const { app, chart, shoot } = fixture();
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io' });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', docker);
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.extensions\[1\]\.providerConfig\.mirrors\[0\]\.upstream \(value: "docker\.io"\): upstream host 'docker\.io' is also configured as a registry cache upstream \(spec\.extensions\[0\]\.providerConfig\.caches\[0\]\)/),
    ]);
  });

  test('fails when a RegistryMirror upstream is cached by the Shoot\'s own registry-cache entry', () => {
    const { app, chart, shoot } = fixture({ extensions: [{ type: 'registry-cache', providerConfig: { caches: [{ upstream: 'ghcr.io' }, { upstream: 'docker.io' }] } }] });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', docker);
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.extensions\[1\]\.providerConfig\.mirrors\[0\]\.upstream .*also configured as a registry cache upstream \(spec\.extensions\[0\]\.providerConfig\.caches\[1\]\)/),
    ]);
  });

  test('fails when the Shoot\'s own registry-cache entry has no providerConfig (the false accept issue 24 names)', () => {
    const { app, chart, shoot } = fixture({ extensions: [{ type: 'registry-cache' }] });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', docker);
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.extensions\[0\]\.providerConfig: providerConfig is not available for registry-cache extension: .*\. Fix: give the registry-cache entry its providerConfig/),
    ]);
  });

  test('fails when a RegistryCache upstream is mirrored by the Shoot\'s own registry-mirror entry (was a false accept)', () => {
    const { app, chart, shoot } = fixture({ extensions: [{ type: 'registry-mirror', providerConfig: { mirrors: [docker] } }] });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.extensions\[0\]\.providerConfig\.mirrors\[0\]\.upstream \(value: "docker\.io"\): .*also configured as a registry cache upstream \(spec\.extensions\[1\]\.providerConfig\.caches\[0\]\)/),
    ]);
  });

  test('fails when the cache is added after the mirror was validated once', () => {
    const { app, chart, shoot } = fixture();
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', docker);
    const cache = new RegistryCache(chart, 'cache', { shoot });
    cache.addUpstream('ghcr', { upstream: 'ghcr.io' });
    expect(() => app.synthYaml()).not.toThrow();
    cache.addUpstream('docker', { upstream: 'docker.io' });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/mirrors\[0\]\.upstream .*also configured as a registry cache upstream/)]);
  });

  test('fails when the Shoot already has a registry-mirror entry, naming it', () => {
    const { app, chart, shoot } = fixture({ extensions: [{ type: 'shoot-dns-service' }, { type: 'registry-mirror', providerConfig: { mirrors: [] } }] });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', docker);
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.extensions\[1\]\.type \(value: "registry-mirror"\): the Shoot already has a registry-mirror extension; this library would add a second one.*Fix: remove that entry from the Shoot's definition and describe its mirrors with RegistryMirror and MirroredUpstream/),
    ]);
  });

  test('fails when two RegistryMirrors serve one Shoot', () => {
    const { app, chart, shoot } = fixture();
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', docker);
    new RegistryMirror(chart, 'second', { shoot }).addMirror('quay', { upstream: 'quay.io', hosts: [{ host: 'https://m.io' }] });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/second\] spec\.extensions\[0\]\.type \(value: "registry-mirror"\): this Shoot already has a RegistryMirror \(chart\/mirror\).*Fix: add all mirrors of this Shoot to one RegistryMirror/),
    ]);
  });

  test.each([
    ['no workers', { provider: { type: 'local' } }, /spec\.provider\.workers: the Shoot has no workers, and the registry-mirror extension is not registered for workerless Shoots/],
    ['a worker with cri: {}', { provider: { workers: [{ name: 'w', cri: {} }] } }, /spec\.provider\.workers\[0\]\.cri\.name: container runtime needs to be containerd when the registry-mirror extension is enabled: a cri without a name/],
    ['a worker with another runtime', { provider: { workers: [{ name: 'w', cri: { name: 'gvisor' } }] } }, /spec\.provider\.workers\[0\]\.cri\.name \(value: "gvisor"\): container runtime needs to be containerd/],
    ['two resources of one name in its own definition', { resources: [{ name: 'x', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'a' } }, { name: 'x', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'b' } }] },
      /spec\.resources\[1\]\.name \(value: "x"\): Duplicate value: spec\.resources\[0\] has the same name/],
    ['two extensions of one type in its own definition', { extensions: [{ type: 'shoot-dns-service' }, { type: 'shoot-dns-service' }] }, /spec\.extensions\[1\]\.type \(value: "shoot-dns-service"\): Duplicate value: spec\.extensions\[0\] has the same type/],
  ])('fails when the Shoot has %s', (_name, spec, line) => {
    const { app, chart, shoot } = fixture(spec);
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', docker);
    expect(synthErrors(app)).toEqual([expect.stringMatching(new RegExp(`^\\[chart/shoot\\] ${line.source}`))]);
  });

  test('fails when the Shoot\'s own registry-mirror entry references a resource it does not have', () => {
    const { app, chart, shoot } = fixture({ extensions: [{ type: 'registry-mirror', providerConfig: { mirrors: [{ upstream: 'quay.io', hosts: [{ host: 'https://m.io', caBundleSecretReferenceName: 'ca' }] }] } }] });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.extensions\[0\]\.providerConfig\.mirrors\[0\]\.hosts\[0\]\.caBundleSecretReferenceName \(value: "ca"\): failed to find referenced resource with name ca and kind Secret/),
    ]);
  });
});

describe('resource names and namespaces', () => {
  const host = (caBundle: any) => ({ upstream: 'quay.io', hosts: [{ host: 'https://m.io', caBundle }] });

  test('fails when a CA bundle and a credential claim one resource name with different Secrets', () => {
    const { app, chart, shoot } = fixture();
    const credential = new RegistryCacheCredential(chart, 'cred', {
      name: 'shared', version: 1, username: CredentialValue.unsafePlainText('u'), password: CredentialValue.unsafePlainText('p'), acknowledgeUnauthenticatedCache: true,
    });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io', credential });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('q', host(bundle(chart, 'ca', { name: 'ca', resourceName: 'shared' })));
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/mirror\] spec\.resources\[\]\.name \(value: "shared"\): a credential and a CA bundle use this resource name on one Shoot: chart\/cred \(Secret "shared-v1"\) and chart\/ca \(Secret "ca-v1"\)\. Fix: give them different resourceName values/),
    ]);
  });

  test('fails when a credential and a CA bundle reference one Secret: it cannot hold both', () => {
    const { app, chart, shoot } = fixture();
    const credential = RegistryCacheCredential.fromSecretName(chart, 'cred', { name: 'same', version: 1, acknowledgeUnauthenticatedCache: true });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io', credential });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('q', host(RegistryMirrorCaBundle.fromSecretName(chart, 'ca', { name: 'same', version: 1 })));
    expect(synthErrors(app)).toEqual([expect.stringMatching(/a credential and a CA bundle use this resource name on one Shoot: chart\/cred \(Secret "same-v1"\) and chart\/ca \(Secret "same-v1"\)/)]);
  });

  test('fails when a credential and a CA bundle reference one Secret through different resource names (found by the judge)', () => {
    const { app, chart, shoot } = fixture();
    const credential = RegistryCacheCredential.fromSecretName(chart, 'cred', { name: 'same', version: 1, resourceName: 'a', acknowledgeUnauthenticatedCache: true });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io', credential });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('q', host(RegistryMirrorCaBundle.fromSecretName(chart, 'ca', { name: 'same', version: 1, resourceName: 'b' })));
    expect(synthErrors(app)).toEqual([expect.stringMatching(new RegExp('^\\[chart/mirror\\] spec\\.extensions\\[1\\]\\.providerConfig\\.mirrors\\[0\\]\\.hosts\\[0\\]'
      + '\\.caBundleSecretReferenceName \\(value: "b"\\): a credential and a CA bundle use Secret "same-v1" on one Shoot: chart/cred \\(resource "a"\\) '
      + 'and chart/ca \\(resource "b"\\); Gardener rejects that whatever the Secret holds.*Fix: give the CA bundle a Secret of its own'))]);
  });

  test('fails when two CA bundles claim one resource name with different Secrets', () => {
    const { app, chart, shoot } = fixture();
    const mirror = new RegistryMirror(chart, 'mirror', { shoot });
    mirror.addMirror('q', host(bundle(chart, 'one', { name: 'one', resourceName: 'ca' })));
    mirror.addMirror('d', { ...host(bundle(chart, 'two', { name: 'two', resourceName: 'ca' })), upstream: 'docker.io' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.resources\[\]\.name \(value: "ca"\): two CA bundles use this resource name on one Shoot: chart\/one \(Secret "one-v1"\) and chart\/two \(Secret "two-v1"\)\. Fix: give the CA bundles different resourceName values/),
    ]);
  });

  test('fails when the Shoot already has a resource with the bundle\'s resource name', () => {
    const { app, chart, shoot } = fixture({ resources: [{ name: 'private-mirror-ca-bundle', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'old' } }] });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('q', host(bundle(chart)));
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.resources\[0\]\.name \(value: "private-mirror-ca-bundle"\): the Shoot already has a resource with this name, and chart\/ca needs it.*Fix: .*give the CA bundle another resourceName/),
    ]);
  });

  test('fails when the bundle is in another namespace than the Shoot', () => {
    const { app, chart, shoot } = fixture();
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('q', host(bundle(chart, 'ca', { namespace: 'garden-other' })));
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/mirror\] spec\.extensions\[0\]\.providerConfig\.mirrors\[0\]\.hosts\[0\]\.caBundleSecretReferenceName \(value: "private-mirror-ca-bundle"\): the CA bundle's Secret is in namespace "garden-other", but the Shoot is in "garden-dev"/),
    ]);
  });

  test('fails once, not twice, when a bundle reference has no namespace at all', () => {
    const app = testApp();
    const chart = new Chart(app, 'chart');
    const shoot = new ApiObject(chart, 'shoot', shootProps());
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('q', host(RegistryMirrorCaBundle.fromSecretName(chart, 'ca', { name: 'ca', version: 1 })));
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/ca\] namespace: is required: neither the CA bundle nor its Chart has a namespace/),
    ]);
  });
});
