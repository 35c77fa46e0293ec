import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Duration, Include, Size } from 'cdk8s';
import { find, shootProps, synthErrors, synthObjects, testApp, WORKERS } from './_synth';
import { CachedUpstream, CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';
import { KubeShoot } from './fixtures/typed-shoot';

/** A chart in `garden-dev`, or (with `null`) in no namespace. */
function chartIn(namespace: string | null = 'garden-dev') {
  const app = testApp();
  return { app, chart: new Chart(app, 'chart', { namespace: namespace ?? undefined }) };
}

function credential(chart: Chart, id = 'cred', props: Partial<ConstructorParameters<typeof RegistryCacheCredential>[2]> = {}) {
  return new RegistryCacheCredential(chart, id, {
    name: 'ro-docker-secret',
    version: 1,
    username: CredentialValue.unsafePlainText('robot'),
    password: CredentialValue.unsafePlainText('s3cr3t-token'),
    ...props,
  });
}

describe('the Shoot wiring', () => {
  test('a cache entry carries only what was set, in Gardener\'s field types', () => {
    const { app, chart } = chartIn();
    const shoot = new ApiObject(chart, 'shoot', shootProps());
    const cache = new RegistryCache(chart, 'cache', { shoot });
    cache.addUpstream('plain', { upstream: 'docker.io' });
    cache.addUpstream('full', {
      upstream: 'my-registry.io:5000',
      remoteUrl: 'https://mirror.my-registry.io:8443/',
      volumeSize: Size.gibibytes(10),
      storageClassName: 'premium-rwo',
      garbageCollectionTtl: Duration.hours(1.5),
      httpProxy: 'http://proxy.corp:3128',
      httpsProxy: 'http://proxy.corp:3128/',
      highAvailability: false,
      serviceNameSuffix: 'my-registry',
      tls: true,
    });
    cache.addUpstream('gc-off', { upstream: 'quay.io', garbageCollectionTtl: Duration.seconds(0) });
    const caches = find(synthObjects(app), 'Shoot', 'crazy-botany').spec.extensions[0].providerConfig.caches;
    expect(caches).toEqual([
      { upstream: 'docker.io' },
      {
        upstream: 'my-registry.io:5000',
        remoteURL: 'https://mirror.my-registry.io:8443',
        volume: { size: '10Gi', storageClassName: 'premium-rwo' },
        garbageCollection: { ttl: '1h30m' },
        proxy: { httpProxy: 'http://proxy.corp:3128', httpsProxy: 'http://proxy.corp:3128' },
        highAvailability: { enabled: false },
        serviceNameSuffix: 'my-registry',
        http: { tls: true },
      },
      { upstream: 'quay.io', garbageCollection: { ttl: '0s' } },
    ]);
  });

  test('extensions and resources already on the Shoot are kept, in their order', () => {
    const { app, chart } = chartIn();
    const shoot = new ApiObject(chart, 'shoot', shootProps('crazy-botany', {
      extensions: [{ type: 'shoot-dns-service' }, { type: 'shoot-cert-service', providerConfig: { a: 1 } }],
      resources: [{ name: 'dns', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'dns' } }],
    }));
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('d', { upstream: 'docker.io', credential: credential(chart) });
    const spec = find(synthObjects(app), 'Shoot', 'crazy-botany').spec;
    expect(spec.extensions.map((e: any) => e.type)).toEqual(['shoot-dns-service', 'shoot-cert-service', 'registry-cache']);
    expect(spec.extensions[1].providerConfig).toEqual({ a: 1 });
    expect(spec.resources.map((r: any) => r.name)).toEqual(['dns', 'ro-docker-secret']);
  });

  test('the arrays are created when missing', () => {
    const { app, chart } = chartIn();
    const shoot = new ApiObject(chart, 'shoot', { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'bare' }, spec: { provider: WORKERS } });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('d', { upstream: 'docker.io', credential: credential(chart) });
    const spec = find(synthObjects(app), 'Shoot', 'bare').spec;
    expect(spec.extensions).toHaveLength(1);
    expect(spec.resources).toEqual([{ name: 'ro-docker-secret', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'ro-docker-secret-v1' } }]);
  });

  test('spec is created when missing, and the Shoot without workers is reported', () => {
    const { chart } = chartIn();
    const shoot = new ApiObject(chart, 'shoot', { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'bare' } });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('d', { upstream: 'docker.io' });
    expect(shoot.toJson().spec.extensions).toHaveLength(1);
    expect(synthErrors(chart.node.root as any)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.provider\.workers: the Shoot has no workers, and the registry-cache extension is not registered for workerless Shoots/),
    ]);
  });

  test('a credential shared by several caches and Shoots yields one Secret and one resource entry per Shoot', () => {
    const { app, chart } = chartIn();
    const shared = credential(chart);
    for (const name of ['a', 'b']) {
      const cache = new RegistryCache(chart, `cache-${name}`, { shoot: new ApiObject(chart, name, shootProps(name)) });
      cache.addUpstream('one', { upstream: 'registry.example.com', credential: shared });
      cache.addUpstream('two', { upstream: 'registry.example.com:5000', credential: shared });
    }
    const objects = synthObjects(app);
    expect(objects.filter(o => o.kind === 'Secret')).toHaveLength(1);
    for (const name of ['a', 'b']) {
      const spec = find(objects, 'Shoot', name).spec;
      expect(spec.resources).toHaveLength(1);
      expect(spec.extensions[0].providerConfig.caches.map((c: any) => c.secretReferenceName)).toEqual(['ro-docker-secret', 'ro-docker-secret']);
    }
  });

  test('works with a typed Shoot class as `cdk8s import` generates it', () => {
    const { app, chart } = chartIn();
    const shoot = new KubeShoot(chart, 'shoot', { metadata: { name: 'typed' }, spec: { region: 'eu', provider: WORKERS, extensions: [{ type: 'shoot-dns-service' }] } });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('d', { upstream: 'docker.io', credential: credential(chart) });
    const spec = find(synthObjects(app), 'Shoot', 'typed').spec;
    expect(spec.extensions.map((e: any) => e.type)).toEqual(['shoot-dns-service', 'registry-cache']);
    expect(spec.resources[0].resourceRef.name).toEqual('ro-docker-secret-v1');
  });

  test('works with a Shoot taken from a YAML file with Include', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoot-'));
    const file = path.join(dir, 'shoot.yaml');
    fs.writeFileSync(file, [
      'apiVersion: core.gardener.cloud/v1beta1', 'kind: Shoot', 'metadata:', '  name: from-file', '  namespace: garden-dev',
      'spec:', '  region: eu', '  provider: {type: local, workers: [{name: worker}]}', '  resources:', '  - name: other', '    resourceRef: {apiVersion: v1, kind: ConfigMap, name: other}', '',
    ].join('\n'));
    const { app, chart } = chartIn(null);
    const shoot = new Include(chart, 'shoot', { url: file }).apiObjects[0];
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('d', { upstream: 'docker.io', credential: credential(chart, 'cred', { namespace: 'garden-dev' }) });
    const spec = find(synthObjects(app), 'Shoot', 'from-file').spec;
    expect(spec.extensions[0].type).toEqual('registry-cache');
    expect(spec.resources.map((r: any) => r.name)).toEqual(['other', 'ro-docker-secret']);
  });

  test('CachedUpstream can be made directly, in any scope', () => {
    const { app, chart } = chartIn();
    const registryCache = new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()) });
    const upstream = new CachedUpstream(chart, 'ghcr', { registryCache, upstream: 'ghcr.io' });
    expect(registryCache.upstreams).toEqual([upstream]);
    expect(find(synthObjects(app), 'Shoot', 'crazy-botany').spec.extensions[0].providerConfig.caches).toEqual([{ upstream: 'ghcr.io' }]);
  });

  test('the credential exposes the names the Shoot uses', () => {
    const { chart } = chartIn();
    const c = credential(chart, 'cred', { version: 7, resourceName: 'docker-secret' });
    expect([c.secretName, c.resourceName, c.namespace]).toEqual(['ro-docker-secret-v7', 'docker-secret', 'garden-dev']);
    expect(credential(chartIn().chart).resourceName).toEqual('ro-docker-secret');
  });
});

describe('validation', () => {
  function oneCache(options: Partial<Parameters<RegistryCache['addUpstream']>[1]> = {}) {
    const { app, chart } = chartIn();
    const cache = new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()) });
    cache.addUpstream('up', { upstream: 'docker.io', ...options });
    return { app, chart, cache };
  }

  test.each([
    ['with a scheme', 'https://docker.io', /caches\[0\]\.upstream \(value: "https:\/\/docker\.io"\): is not a valid upstream.*Fix: give the registry host without scheme or path, e\.g\. "docker\.io"/],
    ['with a path', 'docker.io/library', /caches\[0\]\.upstream \(value: "docker\.io\/library"\).*Fix: give only the registry host/],
    ['in uppercase', 'Docker.io', /caches\[0\]\.upstream \(value: "Docker\.io"\).*lowercase RFC 1123 subdomain.*Fix: write the host in lowercase: "docker\.io"/],
    ['with a port out of range', 'my-registry.io:65536', /port '65536' is not valid, valid port must be in the range \[1, 65535\]/],
    ['with a port with a leading zero', 'my-registry.io:0443', /port '0443' is not valid/],
    ['empty', '', /caches\[0\]\.upstream \(value: ""\): is required/],
  ])('fails when the upstream is %s', (_what, upstream, message) => {
    const { app } = oneCache({ upstream });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).toMatch(/^\[chart\/cache\/up\] spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.upstream/);
  });

  test('fails when an upstream is cached twice', () => {
    const { app, cache } = oneCache();
    cache.addUpstream('again', { upstream: 'docker.io' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/cache\] spec\.extensions\[0\]\.providerConfig\.caches\[1\]\.upstream \(value: "docker\.io"\): Duplicate value: caches\[0\] has the same upstream\. Fix: keep one cache per upstream registry/),
    ]);
  });

  test('fails when a registry cache has no upstream', () => {
    const { app, chart } = chartIn();
    new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()) });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.extensions\[0\]\.providerConfig\.caches: at least one cache must be provided\. Fix: add an upstream/),
    ]);
  });

  test.each([
    [0, /version \(value: 0\): must be a positive integer/],
    [-1, /version \(value: -1\): must be a positive integer/],
    [1.5, /version \(value: 1\.5\): must be a positive integer/],
    [NaN, /version \(value: NaN\): must be a positive integer/],
  ])('fails when the version is %p', (version, message) => {
    const { app, chart } = chartIn();
    credential(chart, 'cred', { version });
    expect(synthErrors(app)).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    ['uppercase', 'RO-Docker', /name \(value: "RO-Docker"\): gives the Secret name "RO-Docker-v1", which must be a lowercase RFC 1123 subdomain.*Fix: use a lowercase name such as "ro-docker"/],
    ['too long', 'a'.repeat(252), /gives the Secret name "a{80}"\.\.\. \(255 characters\), which must be no more than 253 characters/],
    ['with an underscore', 'docker_secret', /which must be a lowercase RFC 1123 subdomain.*"docker-secret"/],
    ['empty', '', /name \(value: ""\): is required/],
  ])('fails when the Secret name is %s', (_what, name, message) => {
    const { app, chart } = chartIn();
    credential(chart, 'cred', { name });
    expect(synthErrors(app)).toEqual([expect.stringMatching(message)]);
  });

  test('fails when neither the credential nor its Chart has a namespace', () => {
    const { app, chart } = chartIn(null);
    credential(chart);
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[chart\/cred\] namespace: is required: neither the credential nor its Chart has a namespace\. Fix: set namespace/)]);
  });

  test('fails when the credential\'s namespace is not the Shoot\'s', () => {
    const { app, chart } = chartIn();
    oneCache().cache; // unrelated app, ignored
    const cache = new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()) });
    cache.addUpstream('up', { upstream: 'docker.io', credential: credential(chart, 'cred', { namespace: 'garden-other' }) });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/caches\[0\]\.secretReferenceName \(value: "ro-docker-secret"\): the credential's Secret is in namespace "garden-other", but the Shoot is in "garden-dev"; Gardener reads the Secret from the Shoot's namespace\. Fix: create the credential in the Shoot's project namespace/),
    ]);
  });

  test('fails when the Shoot already has a registry-cache extension, instead of overwriting it', () => {
    const { app, chart } = chartIn();
    const shoot = new ApiObject(chart, 'shoot', shootProps('crazy-botany', {
      extensions: [{ type: 'shoot-dns-service' }, { type: 'registry-cache', providerConfig: { caches: [] } }],
    }));
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('up', { upstream: 'docker.io' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.extensions\[1\]\.type \(value: "registry-cache"\): the Shoot already has a registry-cache extension.*Fix: remove that entry from the Shoot's definition/),
    ]);
  });

  test('fails when two RegistryCaches serve one Shoot', () => {
    const { app, chart, cache } = oneCache();
    new RegistryCache(chart, 'second', { shoot: cache.shoot }).addUpstream('up', { upstream: 'ghcr.io' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/second\] spec\.extensions\[0\]\.type.*this Shoot already has a RegistryCache \(chart\/cache\).*Fix: add all upstreams of this Shoot to one RegistryCache/),
    ]);
  });

  test('fails when two credentials use one resource name on a Shoot', () => {
    const { app, chart, cache } = oneCache({ upstream: 'docker.io' });
    cache.addUpstream('a', { upstream: 'ghcr.io', credential: credential(chart, 'a', { name: 'one', resourceName: 'creds' }) });
    cache.addUpstream('b', { upstream: 'quay.io', credential: credential(chart, 'b', { name: 'two', resourceName: 'creds' }) });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.resources\[\]\.name \(value: "creds"\): two credentials use this resource name on one Shoot: chart\/a \(Secret "one-v1"\) and chart\/b \(Secret "two-v1"\)\. Fix: give the credentials different resourceName values/),
    ]);
  });

  test('fails when the Shoot already has a resource with the credential\'s resource name', () => {
    const { app, chart } = chartIn();
    const shoot = new ApiObject(chart, 'shoot', shootProps('crazy-botany', {
      resources: [{ name: 'ro-docker-secret', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'ro-docker-secret-v1' } }],
    }));
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('up', { upstream: 'docker.io', credential: credential(chart) });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.resources\[0\]\.name \(value: "ro-docker-secret"\): the Shoot already has a resource with this name.*Fix: remove that entry/),
    ]);
  });

  test('fails when a worker uses another container runtime than containerd', () => {
    const { app, chart } = chartIn();
    const shoot = new ApiObject(chart, 'shoot', shootProps('crazy-botany', {
      provider: { workers: [{ name: 'a' }, { name: 'b', cri: { name: 'docker' } }] },
    }));
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('up', { upstream: 'docker.io' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.provider\.workers\[1\]\.cri\.name \(value: "docker"\): container runtime needs to be containerd.*Fix: set cri\.name to "containerd"/),
    ]);
  });

  test('fails when the object is not a Shoot', () => {
    const { app, chart } = chartIn();
    const notShoot = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new RegistryCache(chart, 'cache', { shoot: notShoot }).addUpstream('up', { upstream: 'docker.io' });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/apiVersion\/kind \(value: "v1\/ConfigMap"\): is not a Gardener Shoot/)]);
  });

  test('fails at construction when shoot is not an ApiObject', () => {
    const { chart } = chartIn();
    expect(() => new RegistryCache(chart, 'cache', { shoot: {} as any })).toThrow(/shoot must be the cdk8s ApiObject of a Gardener Shoot.*Fix: pass the Shoot/);
  });

  test('reports every problem of a synth together, one per line', () => {
    const { app, chart } = chartIn();
    const cache = new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()) });
    cache.addUpstream('a', { upstream: 'Docker.io' });
    cache.addUpstream('b', { upstream: 'ghcr.io', credential: credential(chart, 'c', { version: 0 }) });
    cache.addUpstream('c', { upstream: 'ghcr.io' });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/caches\[0\]\.upstream[^\n]*Docker\.io/);
    expect(errors.join('\n')).toMatch(/version \(value: 0\)/);
    expect(errors.join('\n')).toMatch(/caches\[2\]\.upstream[^\n]*Duplicate/);
  });

  test('errors never contain a credential value', () => {
    const { app, chart } = chartIn();
    const cache = new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()) });
    cache.addUpstream('a', {
      upstream: 'ghcr.io',
      credential: credential(chart, 'c', {
        version: 0,
        namespace: 'garden-other',
        username: CredentialValue.unsafePlainText('canary user\n'),
        password: CredentialValue.unsafePlainText('CANARY-PASSWORD'),
      }),
    });
    const text = synthErrors(app).join('\n');
    expect(text).toMatch(/username: contains whitespace/);
    for (const secret of ['canary user', 'CANARY-PASSWORD']) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });
});

describe('upstreams given as props (no construct per upstream)', () => {
  function both(useProps: boolean) {
    const { app, chart } = chartIn();
    const c = credential(chart);
    const shoot = new ApiObject(chart, 'shoot', shootProps());
    const options = [
      { upstream: 'docker.io', credential: c, volumeSize: Size.gibibytes(50) },
      { upstream: 'ghcr.io', garbageCollectionTtl: Duration.days(1), tls: false },
    ];
    if (useProps) {
      new RegistryCache(chart, 'cache', { shoot, upstreams: options });
    } else {
      const cache = new RegistryCache(chart, 'cache', { shoot });
      options.forEach((o, i) => cache.addUpstream(`u${i}`, o));
    }
    return app;
  }

  test('synthesize byte-identical YAML to addUpstream', () => {
    expect(both(true).synthYaml()).toEqual(both(false).synthYaml());
  });

  test('come first, then the upstreams added later; they have no CachedUpstream construct', () => {
    const { app, chart } = chartIn();
    const cache = new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()), upstreams: [{ upstream: 'quay.io' }] });
    const ghcr = cache.addUpstream('ghcr', { upstream: 'ghcr.io' });
    expect(cache.upstreams).toEqual([ghcr]);
    expect(find(synthObjects(app), 'Shoot', 'crazy-botany').spec.extensions[0].providerConfig.caches).toEqual([{ upstream: 'quay.io' }, { upstream: 'ghcr.io' }]);
  });

  test('fails when an upstream of the props is invalid, naming the RegistryCache and the cache index', () => {
    const { app, chart } = chartIn();
    new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()), upstreams: [{ upstream: 'docker.io' }, { upstream: 'Docker.io' }] });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/cache\] spec\.extensions\[0\]\.providerConfig\.caches\[1\]\.upstream \(value: "Docker\.io"\): is not a valid upstream.*Fix: write the host in lowercase/),
    ]);
  });

  test('fails when upstreams is not an array', () => {
    const { app, chart } = chartIn();
    new RegistryCache(chart, 'cache', { shoot: new ApiObject(chart, 'shoot', shootProps()), upstreams: 'docker.io' as any });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/cache\] upstreams \(value: "docker\.io"\): must be an array of CachedUpstreamOptions\. Fix: pass a list/),
      expect.stringMatching(/caches: at least one cache must be provided/),
    ]);
  });
});
