import { parseExtensionVersion } from '../../src/_rules/extension-version';
import {
  checkMirrorCacheOverlap, checkResourceReferences, checkShootEntries, checkShootKind, checkShootManifest, checkWorkers,
  enabledRegistryExtensions,
} from '../../src/_rules/shoot';

const NEWEST = parseExtensionVersion('v0.24.0')!;
const WORKERS = { type: 'local', workers: [{ name: 'worker' }] };

const cacheEntry = (...upstreams: string[]) => ({
  type: 'registry-cache',
  providerConfig: { apiVersion: 'registry.extensions.gardener.cloud/v1alpha3', kind: 'RegistryConfig', caches: upstreams.map(upstream => ({ upstream })) },
});
const mirrorEntry = (...upstreams: string[]) => ({
  type: 'registry-mirror',
  providerConfig: {
    apiVersion: 'mirror.extensions.gardener.cloud/v1alpha1',
    kind: 'MirrorConfig',
    mirrors: upstreams.map(upstream => ({ upstream, hosts: [{ host: 'https://mirror.example.com' }] })),
  },
});
const secretResource = (name: string, secret = `${name}-v1`) => ({ name, resourceRef: { apiVersion: 'v1', kind: 'Secret', name: secret } });

describe('checkShootKind', () => {
  test('accepts a core.gardener.cloud/v1beta1 Shoot', () => {
    expect(checkShootKind('core.gardener.cloud/v1beta1', 'Shoot')).toEqual([]);
  });

  test.each([['v1', 'ConfigMap'], ['core.gardener.cloud/v1alpha1', 'Shoot'], [undefined, undefined]])('fails when the object is %s %s', (apiVersion, kind) => {
    expect(checkShootKind(apiVersion, kind)).toEqual([expect.objectContaining({ path: 'apiVersion/kind', detail: expect.stringMatching(/is not a Gardener Shoot/) })]);
  });
});

describe('checkShootEntries', () => {
  test('accepts distinct names and types, and a spec without them', () => {
    expect(checkShootEntries({ resources: [secretResource('a'), secretResource('b')], extensions: [{ type: 'x' }, { type: 'y' }] })).toEqual([]);
    expect(checkShootEntries({})).toEqual([]);
    expect(checkShootEntries(undefined)).toEqual([]);
  });

  test('fails when a resource name is there twice, naming both entries', () => {
    expect(checkShootEntries({ resources: [secretResource('a'), secretResource('b'), secretResource('a', 'other')] })).toEqual([{
      path: 'spec.resources[2].name',
      value: '"a"',
      detail: 'Duplicate value: spec.resources[0] has the same name, and Gardener\'s validation rejects the whole Shoot',
      fix: expect.stringMatching(/give every spec\.resources entry its own name/),
    }]);
  });

  test('fails when an extension type is there twice, naming both entries', () => {
    expect(checkShootEntries({ extensions: [mirrorEntry('a.io'), { type: 'shoot-dns-service' }, mirrorEntry('b.io')] })).toEqual([
      expect.objectContaining({ path: 'spec.extensions[2].type', value: '"registry-mirror"', detail: expect.stringMatching(/^Duplicate value: spec\.extensions\[0\] has the same type/) }),
    ]);
  });
});

describe('checkWorkers', () => {
  test('accepts workers without cri (containerd is the default), with cri null or containerd', () => {
    const spec = { provider: { workers: [{ name: 'a' }, { name: 'b', cri: null }, { name: 'c', cri: { name: 'containerd' } }] } };
    expect(checkWorkers(spec, ['registry-cache', 'registry-mirror'])).toEqual([]);
  });

  test('checks nothing when no registry extension is enabled', () => {
    expect(checkWorkers({}, [])).toEqual([]);
  });

  test.each([
    ['no provider', {}],
    ['no workers', { provider: { type: 'aws' } }],
    ['an empty workers list', { provider: { workers: [] } }],
  ])('fails when the Shoot has %s (workerless)', (_name, spec) => {
    expect(checkWorkers(spec, ['registry-mirror'])).toEqual([{
      path: 'spec.provider.workers',
      detail: expect.stringMatching(/^the Shoot has no workers, and the registry-mirror extension is not registered for workerless Shoots: Gardener rejects it/),
      fix: expect.stringMatching(/add a worker pool/),
    }]);
  });

  test('fails when a worker has cri: {} (no name: only a worker without cri defaults to containerd)', () => {
    expect(checkWorkers({ provider: { workers: [{ name: 'a' }, { name: 'b', cri: {} }] } }, ['registry-cache'])).toEqual([
      expect.objectContaining({
        path: 'spec.provider.workers[1].cri.name',
        detail: expect.stringMatching(/^container runtime needs to be containerd when the registry-cache extension is enabled: a cri without a name is not defaulted/),
      }),
    ]);
  });

  test('fails when a worker runs another container runtime, naming both extensions', () => {
    expect(checkWorkers({ provider: { workers: [{ name: 'a', cri: { name: 'docker' } }] } }, ['registry-cache', 'registry-mirror'])).toEqual([
      expect.objectContaining({ path: 'spec.provider.workers[0].cri.name', value: '"docker"', detail: 'container runtime needs to be containerd when the registry-cache and registry-mirror extensions are enabled' }),
    ]);
  });

  test('fails when workers or cri have the wrong shape', () => {
    expect(checkWorkers({ provider: { workers: { name: 'a' } } }, ['registry-cache'])).toEqual([expect.objectContaining({ detail: 'must be an array of worker pools' })]);
    expect(checkWorkers({ provider: { workers: [{ cri: 'containerd' }] } }, ['registry-cache'])).toEqual([expect.objectContaining({ path: 'spec.provider.workers[0].cri' })]);
  });
});

describe('enabledRegistryExtensions', () => {
  test('lists the registry extensions present and not disabled, each once', () => {
    expect(enabledRegistryExtensions({ extensions: [mirrorEntry('a'), { type: 'shoot-dns-service' }, { ...cacheEntry('b'), disabled: true }] })).toEqual(['registry-mirror']);
    expect(enabledRegistryExtensions({ extensions: [mirrorEntry('a'), cacheEntry('b')] })).toEqual(['registry-cache', 'registry-mirror']);
    expect(enabledRegistryExtensions(undefined)).toEqual([]);
  });
});

describe('checkMirrorCacheOverlap', () => {
  test('accepts disjoint upstreams', () => {
    expect(checkMirrorCacheOverlap([cacheEntry('ghcr.io', 'quay.io'), mirrorEntry('docker.io')])).toEqual([]);
  });

  test('fails at the mirror\'s upstream when it is also cached, whichever entry comes first', () => {
    const expected = (m: number, i: number, c: number, j: number) => ({
      path: `spec.extensions[${m}].providerConfig.mirrors[${i}].upstream`,
      value: '"docker.io"',
      detail: `upstream host 'docker.io' is also configured as a registry cache upstream (spec.extensions[${c}].providerConfig.caches[${j}]): the registry-mirror admission rejects the Shoot`,
      fix: 'a registry is either cached or mirrored on one Shoot: remove it from the mirrors or from the caches',
    });
    expect(checkMirrorCacheOverlap([cacheEntry('ghcr.io', 'docker.io'), mirrorEntry('quay.io', 'docker.io')])).toEqual([expected(1, 1, 0, 1)]);
    expect(checkMirrorCacheOverlap([{ type: 'x' }, mirrorEntry('docker.io'), cacheEntry('docker.io')])).toEqual([expected(1, 0, 2, 0)]);
  });

  test('skips a disabled registry-mirror entry (Gardener does not validate it), not a disabled cache', () => {
    expect(checkMirrorCacheOverlap([cacheEntry('docker.io'), { ...mirrorEntry('docker.io'), disabled: true }])).toEqual([]);
    expect(checkMirrorCacheOverlap([{ ...cacheEntry('docker.io'), disabled: true }, mirrorEntry('docker.io')])).toHaveLength(1);
  });

  test('ignores entries it cannot read (their own rules report them)', () => {
    expect(checkMirrorCacheOverlap([{ type: 'registry-cache' }, { type: 'registry-mirror', providerConfig: 'x' }, null, 'y'])).toEqual([]);
    expect(checkMirrorCacheOverlap(undefined)).toEqual([]);
  });
});

describe('checkResourceReferences', () => {
  const spec = (resources: unknown[], ...extensions: unknown[]) => ({ resources, extensions });
  const withRefs = {
    type: 'registry-mirror',
    providerConfig: { mirrors: [{ upstream: 'quay.io', hosts: [{ host: 'https://m.io' }, { host: 'https://n.io', caBundleSecretReferenceName: 'ca' }] }] },
  };
  const cacheWithRef = { type: 'registry-cache', providerConfig: { caches: [{ upstream: 'ghcr.io', secretReferenceName: 'creds' }] } };

  test('accepts references to v1 Secrets', () => {
    expect(checkResourceReferences(spec([secretResource('creds'), secretResource('ca')], cacheWithRef, withRefs))).toEqual([]);
  });

  test('fails when a reference names no resource entry, with Gardener\'s message', () => {
    expect(checkResourceReferences(spec([secretResource('other')], cacheWithRef, withRefs))).toEqual([
      expect.objectContaining({ path: 'spec.extensions[0].providerConfig.caches[0].secretReferenceName', value: '"creds"', detail: 'failed to find referenced resource with name creds and kind Secret' }),
      expect.objectContaining({ path: 'spec.extensions[1].providerConfig.mirrors[0].hosts[1].caBundleSecretReferenceName', value: '"ca"', detail: 'failed to find referenced resource with name ca and kind Secret' }),
    ]);
  });

  test('fails when the entry is not a Secret', () => {
    const configMap = { name: 'ca', resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'ca' } };
    expect(checkResourceReferences(spec([configMap], withRefs))).toEqual([
      expect.objectContaining({ detail: 'failed to find referenced resource with name ca and kind Secret (spec.resources[0] refers to a "ConfigMap")' }),
    ]);
  });

  test('fails when the Secret is not apiVersion v1', () => {
    const v2 = { name: 'ca', resourceRef: { apiVersion: 'core/v2', kind: 'Secret', name: 'ca' } };
    expect(checkResourceReferences(spec([v2], withRefs))).toEqual([
      expect.objectContaining({ detail: 'names spec.resources[0], whose resourceRef.apiVersion is "core/v2": Gardener allows a Secret only as apiVersion v1', fix: 'set spec.resources[0].resourceRef.apiVersion to "v1"' }),
    ]);
  });

  test('reports a reference that cannot be turned into a string, without throwing (found by fast-check)', () => {
    const odd = { type: 'registry-cache', providerConfig: { caches: [{ upstream: 'ghcr.io', secretReferenceName: { toString: false } }] } };
    expect(checkResourceReferences(spec([], odd))).toEqual([
      expect.objectContaining({ path: 'spec.extensions[0].providerConfig.caches[0].secretReferenceName', detail: expect.stringMatching(/^failed to find referenced resource with name .* and kind Secret$/) }),
    ]);
  });

  test('skips disabled entries and other extension types', () => {
    expect(checkResourceReferences(spec([], { ...cacheWithRef, disabled: true }, { type: 'other', providerConfig: { caches: [{ secretReferenceName: 'x' }] } }))).toEqual([]);
  });
});

describe('checkShootManifest', () => {
  const shoot = (spec: Record<string, unknown>) => ({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'local', namespace: 'garden-local' }, spec });

  test('accepts a Shoot like the extension\'s own registry-mirror example', () => {
    const manifest = shoot({ provider: { type: 'local', workers: [{ name: 'local', cri: { name: 'containerd' } }] }, extensions: [mirrorEntry('docker.io')] });
    expect(checkShootManifest(manifest, NEWEST)).toEqual([]);
  });

  test('reports every Shoot-level problem of a manifest together, with Gardener\'s paths', () => {
    const manifest = shoot({
      provider: { workers: [{ name: 'a', cri: {} }] },
      extensions: [cacheEntry('docker.io'), mirrorEntry('docker.io'), { type: 'registry-mirror', providerConfig: { apiVersion: 'mirror.extensions.gardener.cloud/v1alpha3', kind: 'MirrorConfig', mirrors: [] } }],
      resources: [secretResource('a'), secretResource('a')],
    });
    expect(checkShootManifest(manifest, NEWEST).map(e => e.path)).toEqual([
      'spec.resources[1].name',
      'spec.extensions[2].type',
      'spec.provider.workers[0].cri.name',
      'spec.extensions[2].providerConfig.apiVersion',
      'spec.extensions[2].providerConfig.mirrors',
      'spec.extensions[1].providerConfig.mirrors[0].upstream',
    ]);
  });

  test('fails when the manifest is not a Shoot, or not an object', () => {
    expect(checkShootManifest({ apiVersion: 'v1', kind: 'Secret' }, NEWEST).map(e => e.path)).toEqual(['apiVersion/kind']);
    expect(checkShootManifest('Shoot', NEWEST)).toEqual([expect.objectContaining({ path: 'Shoot', detail: 'must be an object' })]);
  });

  test('checks workers only when a registry extension is enabled', () => {
    expect(checkShootManifest(shoot({ extensions: [{ type: 'shoot-dns-service' }] }), NEWEST)).toEqual([]);
    expect(checkShootManifest(shoot({ extensions: [mirrorEntry('docker.io')] }), NEWEST).map(e => e.path)).toEqual(['spec.provider.workers']);
    expect(checkShootManifest(shoot({ provider: WORKERS, extensions: [mirrorEntry('docker.io')] }), NEWEST)).toEqual([]);
  });
});
