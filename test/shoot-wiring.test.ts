import { ApiObject, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import './_fast-check-setup';
import { shootProps, synthErrors, testApp } from './_synth';
import { RegistryCache, RegistryCacheCredential, RegistryMirror, RegistryMirrorCaBundle } from '../src';
import { checkMirrorCacheOverlap, checkResourceReferences, checkShootEntries } from '../src/_rules/shoot';

/**
 * The Shoot-level rules as the constructs meet them (issue 9's false
 * accepts): run once per Shoot, as a validation of the Shoot, whether a
 * RegistryCache, a RegistryMirror or both amend it.
 */
function fixture(spec: Record<string, unknown>) {
  const app = testApp();
  const chart = new Chart(app, 'chart', { namespace: 'garden-dev' });
  const shoot = new ApiObject(chart, 'shoot', shootProps('crazy-botany', spec));
  return { app, chart, shoot };
}

describe('a RegistryCache fails when the Shoot', () => {
  test.each([
    ['has no workers (the extension is not registered for workerless Shoots)', { provider: { type: 'aws', workers: [] } },
      /^\[chart\/shoot\] spec\.provider\.workers: the Shoot has no workers, and the registry-cache extension is not registered for workerless Shoots/],
    ['has a worker with cri: {} (only a worker without cri defaults to containerd)', { provider: { type: 'aws', workers: [{ name: 'a' }, { name: 'b', cri: {} }] } },
      /^\[chart\/shoot\] spec\.provider\.workers\[1\]\.cri\.name: container runtime needs to be containerd when the registry-cache extension is enabled: a cri without a name is not defaulted/],
    ['has two resources of one name in its own definition', {
      resources: [
        { name: 'dns', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'a' } },
        { name: 'dns', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'b' } },
      ],
    }, /^\[chart\/shoot\] spec\.resources\[1\]\.name \(value: "dns"\): Duplicate value: spec\.resources\[0\] has the same name, and Gardener's validation rejects the whole Shoot/],
    ['has two extensions of one type in its own definition', { extensions: [{ type: 'shoot-dns-service' }, { type: 'shoot-cert-service' }, { type: 'shoot-dns-service' }] },
      /^\[chart\/shoot\] spec\.extensions\[2\]\.type \(value: "shoot-dns-service"\): Duplicate value: spec\.extensions\[0\] has the same type/],
  ])('%s', (_name, spec, line) => {
    const { app, chart, shoot } = fixture(spec);
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    expect(synthErrors(app)).toEqual([expect.stringMatching(line)]);
  });
});

describe('the Shoot-level rules', () => {
  test('report a problem of the Shoot once, with a cache and a mirror on it, naming both extensions', () => {
    const { app, chart, shoot } = fixture({ provider: { workers: [{ name: 'a', cri: { name: 'docker' } }] } });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.provider\.workers\[0\]\.cri\.name \(value: "docker"\): container runtime needs to be containerd when the registry-cache and registry-mirror extensions are enabled/),
    ]);
  });

  test('check the references of the Shoot\'s own entries too', () => {
    const { app, chart, shoot } = fixture({
      extensions: [{ type: 'registry-cache', providerConfig: { caches: [{ upstream: 'ghcr.io', secretReferenceName: 'ghcr' }] } }],
      resources: [{ name: 'ghcr', resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghcr' } }],
    });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.secretReferenceName \(value: "ghcr"\): failed to find referenced resource with name ghcr and kind Secret \(spec\.resources\[0\] refers to a "ConfigMap"\)/),
    ]);
  });

  test('report a non-Shoot once, and nothing else about it', () => {
    const app = testApp();
    const chart = new Chart(app, 'chart', { namespace: 'garden-dev' });
    const notShoot = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new RegistryCache(chart, 'cache', { shoot: notShoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    new RegistryMirror(chart, 'mirror', { shoot: notShoot }).addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[chart\/cm\] apiVersion\/kind \(value: "v1\/ConfigMap"\): is not a Gardener Shoot/)]);
  });
});

describe('the rules over spec.extensions and spec.resources', () => {
  /*
   * The wiring runs them only on a Shoot whose own definition has entries (and the cache/mirror cross-check also
   * where both a cache and a mirror were added): what they can find needs that, since the library adds one entry
   * per extension type and writes a reference only with its resource. This holds it to that: over every way the
   * constructs can amend a Shoot without entries of its own (misuse included: credentials and CA bundles mixed
   * up, objects that are neither, resource names that collide, Secrets in another namespace, two RegistryCaches
   * on one Shoot), the full rules over the Shoot as written find nothing.
   */
  const ref = fc.record({
    kind: fc.constantFrom('credential', 'caBundle', 'neither'),
    resourceName: fc.constantFrom('a', 'b'),
    secret: fc.constantFrom('s1', 's2'),
    elsewhere: fc.boolean(),
  });
  const upstream = fc.constantFrom('docker.io', 'ghcr.io', 'quay.io');
  const refIndex = fc.option(fc.nat(3), { nil: undefined });
  const plan = fc.record({
    refs: fc.array(ref, { minLength: 4, maxLength: 4 }),
    caches: fc.option(fc.array(fc.record({ upstream, ref: refIndex }), { maxLength: 4 }), { nil: undefined }),
    secondCache: fc.boolean(),
    mirrors: fc.option(
      fc.array(fc.record({ upstream, hosts: fc.array(refIndex, { minLength: 1, maxLength: 2 }) }), { maxLength: 3 }),
      { nil: undefined },
    ),
  });

  test('find nothing where the wiring skips them', () => {
    let referencesWritten = 0;
    fc.assert(fc.property(plan, p => {
      const { chart, shoot } = fixture({});
      const refs: any[] = p.refs.map((r, i) => {
        const props = { name: r.secret, version: 1, resourceName: r.resourceName, namespace: r.elsewhere ? 'garden-other' : undefined };
        return r.kind === 'credential' ? RegistryCacheCredential.fromSecretName(chart, `ref${i}`, props)
          : r.kind === 'caBundle' ? RegistryMirrorCaBundle.fromSecretName(chart, `ref${i}`, props)
            : { resourceName: r.resourceName, secretName: r.secret, namespace: 'garden-dev' };
      });
      const at = (i: number | undefined): any => (i === undefined ? undefined : refs[i]);
      for (const n of p.caches === undefined ? [] : p.secondCache ? [0, 1] : [0]) {
        const cache = new RegistryCache(chart, `cache${n}`, { shoot });
        p.caches!.forEach((c, i) => cache.addUpstream(`c${i}`, { upstream: c.upstream, credential: at(c.ref) }));
      }
      if (p.mirrors !== undefined) {
        const mirror = new RegistryMirror(chart, 'mirror', { shoot });
        p.mirrors.forEach((m, i) => mirror.addMirror(`m${i}`, {
          upstream: m.upstream,
          hosts: m.hosts.map((h, j) => ({ host: `https://m${j}.example.com`, caBundle: at(h) })),
        }));
      }
      const spec = shoot.toJson().spec;
      referencesWritten += JSON.stringify(spec.extensions ?? []).split('ReferenceName').length - 1;
      expect(checkShootEntries(spec)).toEqual([]);
      expect(checkResourceReferences(spec)).toEqual([]);
      if (p.caches === undefined || p.mirrors === undefined) {
        expect(checkMirrorCacheOverlap(spec.extensions)).toEqual([]);
      }
    }), { numRuns: 300 });
    expect(referencesWritten).toBeGreaterThan(100); // the plans did write references
  });

  test('are run on the Shoot\'s own entries, where they find what the library could not have written', () => {
    // An own resource of the name a credential needs, of another kind: the library adds nothing for that name.
    const { app, chart, shoot } = fixture({ resources: [{ name: 'ghcr', resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghcr' } }] });
    const credential = RegistryCacheCredential.fromSecretName(chart, 'ghcr', { name: 'ghcr', version: 1 });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io', credential });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.secretReferenceName \(value: "ghcr"\): failed to find referenced resource with name ghcr and kind Secret \(spec\.resources\[0\] refers to a "ConfigMap"\)/),
      expect.stringMatching(/^\[chart\/cache\] spec\.resources\[0\]\.name \(value: "ghcr"\): the Shoot already has a resource with this name/),
    ]);
  });
});
