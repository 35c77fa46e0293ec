import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { CachedUpstreamOptions, CredentialValue, RegistryCache, RegistryCacheCredential, RegistryCacheProps } from '../src';
import { WORKERS } from './_synth';
import { refCheckProviderConfig, refFieldsTooNew } from './rules/_reference';

interface Fixture {
  readonly app: App;
  readonly chart: Chart;
  readonly shoot: ApiObject;
}

/** A Shoot with one worker pool and `spec`. */
function fixture(spec: Record<string, unknown> = {}, namespace = 'garden-dev'): Fixture {
  const app = new App();
  const chart = new Chart(app, 'chart', { namespace });
  const shoot = new ApiObject(chart, 'shoot', {
    apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'crazy-botany', namespace }, spec: { provider: WORKERS, ...spec },
  });
  return { app, chart, shoot };
}

function cache(f: Fixture, props: Partial<RegistryCacheProps> = {}, id = 'registry-cache'): RegistryCache {
  return new RegistryCache(f.chart, id, { shoot: f.shoot, ...props });
}

/** The lines of the validation error of `app.synthYaml()`, or [] when it synthesizes. Other errors propagate. */
function errorLines(app: App): string[] {
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    const message = (e as Error).message;
    if (!(e instanceof Error) || !message.startsWith('Validation failed with the following errors:')) {
      throw e;
    }
    return message.split('\n').slice(1).map(l => l.trim()).filter(l => l.length > 0);
  }
}

function providerConfigs(app: App): unknown[] {
  const docs = parseAllDocuments(app.synthYaml()).map(d => d.toJS());
  return docs.filter(d => d?.kind === 'Shoot').flatMap(s => (s.spec.extensions ?? [])
    .filter((x: { type: string }) => x.type === 'registry-cache')
    .map((x: { providerConfig: unknown }) => x.providerConfig));
}

const PC = 'spec.extensions[0].providerConfig';

describe('a valid configuration', () => {
  test('from extension v0.22.0 on, URLs as Go\'s net/url reads them, emitted in canonical form', () => {
    const f = fixture();
    cache(f, { extensionVersion: 'v0.22.0' }).addUpstream('a', { upstream: 'a.io', remoteUrl: 'HTTPS://mirror.a.io/?#', httpsProxy: 'Http://proxy:3128#' });
    expect(errorLines(f.app)).toEqual([]);
    const [pc] = providerConfigs(f.app);
    expect((pc as { caches: unknown[] }).caches[0]).toEqual({ upstream: 'a.io', remoteURL: 'https://mirror.a.io', proxy: { httpsProxy: 'http://proxy:3128' } });
  });

  test('synthesizes, and passes the independent checker', () => {
    const f = fixture();
    const rc = cache(f, { extensionVersion: 'v0.18.0' });
    rc.addUpstream('docker', { upstream: 'docker.io', volumeSize: Size.gibibytes(20), garbageCollectionTtl: Duration.days(7), serviceNameSuffix: 'docker-io' });
    rc.addUpstream('ghcr', { upstream: 'ghcr.io', remoteUrl: 'https://ghcr.io/', tls: false, highAvailability: true });
    rc.addUpstream('private', { upstream: 'my-registry.io:5000', httpsProxy: 'http://proxy.corp:3128', storageClassName: 'premium' });
    expect(errorLines(f.app)).toEqual([]);
    const [pc] = providerConfigs(f.app);
    expect(refCheckProviderConfig(pc)).toEqual([]);
    expect((pc as { caches: unknown[] }).caches[1]).toEqual({
      upstream: 'ghcr.io', remoteURL: 'https://ghcr.io', http: { tls: false }, highAvailability: { enabled: true },
    });
  });

  test('extensionVersion defaults to v0.24.0', () => {
    expect(cache(fixture()).extensionVersion).toBe('v0.24.0');
  });
});

describe('error reporting', () => {
  test('reports every problem of one synth together, each with construct path, Gardener path, value and fix', () => {
    const f = fixture();
    const rc = cache(f);
    rc.addUpstream('a', { upstream: 'docker.io' });
    rc.addUpstream('b', { upstream: 'https://ghcr.io', volumeSize: Size.gibibytes(0) });
    rc.addUpstream('c', { upstream: 'quay.io', remoteUrl: 'quay.io', serviceNameSuffix: 'docker-io' });
    const lines = errorLines(f.app);
    expect(lines).toEqual([
      expect.stringMatching(/^\[chart\/registry-cache\] spec\.extensions\[0\]\.providerConfig\.caches\[2\]\.serviceNameSuffix \(value: "docker-io"\): cannot collide with "docker\.io" upstream.*\. Fix: choose another suffix$/),
      expect.stringMatching(/^\[chart\/registry-cache\/b\] spec\.extensions\[0\]\.providerConfig\.caches\[1\]\.upstream \(value: "https:\/\/ghcr\.io"\): is not a valid upstream: .*\. Fix: give the registry host without scheme or path, e\.g\. "ghcr\.io"/),
      expect.stringMatching(/^\[chart\/registry-cache\/b\] spec\.extensions\[0\]\.providerConfig\.caches\[1\]\.volume\.size \(value: "0Gi"\): must be greater than 0\. Fix: /),
      expect.stringMatching(/^\[chart\/registry-cache\/c\] spec\.extensions\[0\]\.providerConfig\.caches\[2\]\.remoteURL \(value: "quay\.io"\): url must start with 'http:\/\/' or 'https:\/\/' scheme\. Fix: /),
    ]);
  });

  test('uses the index the extension gets on a Shoot that already has extensions', () => {
    const f = fixture({ extensions: [{ type: 'shoot-dns-service' }, { type: 'shoot-cert-service' }] });
    cache(f).addUpstream('a', { upstream: 'Docker.io' });
    expect(errorLines(f.app)).toEqual([expect.stringContaining('] spec.extensions[2].providerConfig.caches[0].upstream (value: "Docker.io")')]);
  });
});

describe('fails when', () => {
  const one = (options: Record<string, unknown>, props: Partial<RegistryCacheProps> = {}, spec: Record<string, unknown> = {}) => {
    const f = fixture(spec);
    cache(f, props).addUpstream('up', { upstream: 'docker.io', ...options } as CachedUpstreamOptions);
    return errorLines(f.app);
  };

  test('there is no cache', () => {
    const f = fixture();
    cache(f);
    expect(errorLines(f.app)).toEqual([`[chart/registry-cache] ${PC}.caches: at least one cache must be provided. Fix: add a cache (with the constructs: addUpstream), or remove the registry-cache extension`]);
  });

  test('an upstream repeats', () => {
    const f = fixture();
    const rc = cache(f);
    rc.addUpstream('a', { upstream: 'docker.io' });
    rc.addUpstream('b', { upstream: 'docker.io' });
    expect(errorLines(f.app)).toEqual([expect.stringMatching(/caches\[1\]\.upstream \(value: "docker\.io"\): Duplicate value: caches\[0\] has the same upstream/)]);
  });

  test('two upstreams get the same resource names (a.b and a-b), suffix or not', () => {
    const f = fixture();
    const rc = cache(f);
    rc.addUpstream('a', { upstream: 'a.b', serviceNameSuffix: 'first' });
    rc.addUpstream('b', { upstream: 'a-b', serviceNameSuffix: 'second' });
    expect(errorLines(f.app)).toEqual([expect.stringMatching(/caches\[1\]\.upstream \(value: "a-b"\): gives the same resource name "registry-a-b" as caches\[0\]\.upstream "a\.b"/)]);
  });

  test('a serviceNameSuffix repeats', () => {
    const f = fixture();
    const rc = cache(f);
    rc.addUpstream('a', { upstream: 'docker.io', serviceNameSuffix: 'x' });
    rc.addUpstream('b', { upstream: 'ghcr.io', serviceNameSuffix: 'x' });
    expect(errorLines(f.app)).toEqual([expect.stringMatching(/caches\[1\]\.serviceNameSuffix \(value: "x"\): Duplicate value/)]);
  });

  test.each([
    [{ upstream: '' }, /caches\[0\]\.upstream \(value: ""\): is required/],
    [{ upstream: 'docker.io:99999' }, /caches\[0\]\.upstream \(value: "docker\.io:99999"\): is not a valid upstream: port '99999'/],
    [{ remoteUrl: 'https://registry-1.docker.io/v2' }, /caches\[0\]\.remoteURL .*url must not contain a path/],
    [{ httpProxy: 'http://u:hunter2@proxy:3128' }, /caches\[0\]\.proxy\.httpProxy \(value: "http:\/\/\*\*\*@proxy:3128"\): url must not contain user info/],
    [{ httpsProxy: 'https://proxy:3128?x' }, /caches\[0\]\.proxy\.httpsProxy .*query parameters/],
    [{ volumeSize: Size.gibibytes(NaN) }, /caches\[0\]\.volume\.size \(value: "NaNGi"\): is not a valid Kubernetes quantity/],
    [{ storageClassName: 'Fast SSD' }, /caches\[0\]\.volume\.storageClassName \(value: "Fast SSD"\): must be a lowercase RFC 1123 subdomain/],
    [{ garbageCollectionTtl: Duration.seconds(NaN) }, /caches\[0\]\.garbageCollection\.ttl \(value: "NaNms"\): is not a finite number/],
    [{ garbageCollectionTtl: Duration.millis(10) }, /caches\[0\]\.garbageCollection\.ttl .*whole number of seconds/],
    [{ serviceNameSuffix: 'x'.repeat(55) }, /caches\[0\]\.serviceNameSuffix .*may not be more than 54 characters/],
    [{ tls: 'no' }, /caches\[0\]\.http\.tls \(value: "no"\): must be true or false/],
    [{ highAvailability: null }, /caches\[0\]\.highAvailability\.enabled \(value: null\): is null: the option highAvailability was given as null/],
    [{ credential: 'my-secret' }, /caches\[0\]\.secretReferenceName \(value: "string"\): credential is not a RegistryCacheCredential/],
    // Something with a resourceName but no credential: reported once, not also as a reference without its resource.
    [{ credential: { resourceName: 'ghcr', secretName: 'ghcr-v1' } }, /caches\[0\]\.secretReferenceName \(value: "object"\): credential is not a RegistryCacheCredential/],
  ])('a field is bad: %j', (options, line) => {
    const lines = one(options);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(lines[0]).toMatch(/\. Fix: .+/);
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  test.each([
    [{ remoteUrl: 'https://mirror.io' }, 'v0.8.0', /caches\[0\]\.remoteURL \(value: "https:\/\/mirror\.io"\): is unknown to registry-cache extension v0\.8\.0: it was introduced in v0\.9\.0/],
    [{ upstream: 'localhost:5000' }, 'v0.8.0', /caches\[0\]\.upstream \(value: "localhost:5000"\): has a port.*from v0\.9\.0 on/],
    [{ httpProxy: 'http://proxy:3128' }, 'v0.12.0', /caches\[0\]\.proxy .*introduced in v0\.13\.0/],
    [{ tls: true }, 'v0.13.0', /caches\[0\]\.http \(value: \{"tls":true\}\): .*introduced in v0\.14\.0/],
    [{ highAvailability: false }, 'v0.15.0', /caches\[0\]\.highAvailability .*introduced in v0\.16\.0/],
    [{ serviceNameSuffix: 'docker' }, 'v0.17.0', /caches\[0\]\.serviceNameSuffix \(value: "docker"\): .*introduced in v0\.18\.0/],
  ])('a field is too new for the extension version: %j at %s', (options, extensionVersion, line) => {
    const lines = one(options, { extensionVersion });
    expect(lines).toEqual([expect.stringMatching(line)]);
    expect(lines[0]).toMatch(/Fix: upgrade the extension to v0\.\d+\.0 or newer and set extensionVersion to it/);
  });

  test.each([
    ['HTTPS://mirror.io', /caches\[0\]\.remoteURL \(value: "HTTPS:\/\/mirror\.io"\): url must start with .*compares the scheme case-sensitively/],
    ['https://mirror.io?', /caches\[0\]\.remoteURL \(value: "https:\/\/mirror\.io\?"\): url must not contain query parameters \(.*from v0\.22\.0 on/],
  ])('a URL only newer extension versions accept: %j at v0.21.0', (remoteUrl, line) => {
    expect(one({ remoteUrl }, { extensionVersion: 'v0.21.0' })).toEqual([expect.stringMatching(line)]);
  });

  test('a proxy with user info is not shown in the "unknown to this version" error either', () => {
    const lines = one({ httpProxy: 'http://u:hun/ter2@proxy:3128' }, { extensionVersion: 'v0.12.0' });
    expect(lines).toEqual([
      expect.stringMatching(/proxy\.httpProxy \(value: "http:\/\/\*\*\*@proxy:3128"\): url must not contain user info/),
      expect.stringMatching(/caches\[0\]\.proxy \(value: \{"httpProxy":"http:\/\/\*\*\*@proxy:3128"\}\): is unknown to registry-cache extension v0\.12\.0/),
    ]);
    expect(lines.join('\n')).not.toMatch(/hun|ter2/);
  });

  test.each([
    ['v0.6.0', /extensionVersion \(value: "v0\.6\.0"\): is too old: .*v1alpha3.*from v0\.7\.0 on/],
    ['0.18', /extensionVersion \(value: "0\.18"\): is not a release version of the form vMAJOR\.MINOR\.PATCH/],
    [18 as unknown as string, /extensionVersion \(value: 18\): must be a string/],
  ])('the extension version is %j', (extensionVersion, line) => {
    expect(one({}, { extensionVersion })).toEqual([expect.stringMatching(new RegExp(`^\\[chart/registry-cache\\] ${line.source}`))]);
  });

  test('a worker uses a container runtime other than containerd', () => {
    const lines = one({}, {}, { provider: { workers: [{ name: 'a' }, { name: 'b', cri: { name: 'docker' } }] } });
    expect(lines).toEqual([expect.stringMatching(/spec\.provider\.workers\[1\]\.cri\.name \(value: "docker"\): container runtime needs to be containerd/)]);
  });

  test('the Shoot already has a registry-cache extension', () => {
    const lines = one({}, {}, { extensions: [{ type: 'registry-cache', providerConfig: {} }] });
    expect(lines).toEqual([expect.stringMatching(/spec\.extensions\[0\]\.type \(value: "registry-cache"\): the Shoot already has a registry-cache extension/)]);
  });

  test('a second RegistryCache is made for the same Shoot', () => {
    const f = fixture();
    cache(f).addUpstream('a', { upstream: 'docker.io' });
    cache(f, {}, 'second').addUpstream('b', { upstream: 'ghcr.io' });
    expect(errorLines(f.app)).toContainEqual(expect.stringMatching(/^\[chart\/second\] spec\.extensions\[0\]\.type .*already has a RegistryCache \(chart\/registry-cache\)/));
  });

  test('two credentials use one resource name on one Shoot', () => {
    const f = fixture();
    const cred = (id: string, name: string) => new RegistryCacheCredential(f.chart, id, {
      name, version: 1, resourceName: 'creds', username: CredentialValue.unsafePlainText('robot'), password: CredentialValue.unsafePlainText('pw'),
    });
    const rc = cache(f);
    rc.addUpstream('a', { upstream: 'docker.io', credential: cred('c1', 'docker-secret') });
    rc.addUpstream('b', { upstream: 'ghcr.io', credential: cred('c2', 'ghcr-secret') });
    expect(errorLines(f.app)).toEqual([expect.stringMatching(/spec\.resources\[\]\.name \(value: "creds"\): two credentials use this resource name on one Shoot/)]);
  });

  test('a credential has whitespace in its user name, and its Secret name is too long: the values are never shown', () => {
    const f = fixture();
    const credential = new RegistryCacheCredential(f.chart, 'cred', {
      name: 'n'.repeat(252),
      version: 1,
      resourceName: 'creds',
      username: CredentialValue.unsafePlainText('robot-hunter2\n'),
      password: CredentialValue.unsafePlainText('correct-horse'),
    });
    cache(f).addUpstream('a', { upstream: 'docker.io', credential });
    const lines = errorLines(f.app);
    expect(lines).toContainEqual(expect.stringMatching(/data\.username: contains whitespace/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[chart\/cred\] name .*which must be no more than 253 characters/));
    expect(lines.join('\n')).not.toMatch(/hunter2|correct-horse/);
  });
});

// Arbitrary option objects: plausible values, odd values and values of the wrong JS type.
const oddValue = fc.oneof(
  fc.constantFrom(undefined, null, NaN, -1, 0, 1.5, '', ' ', true, [], {}, 'ünïcödé', '\u0000'),
  fc.string({ maxLength: 300 }),
  fc.anything({ maxDepth: 1 }),
);
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 1, maxLength: 3 }).map(l => l.join('.'));
/** Mostly good values, sometimes near misses, sometimes anything at all. */
function mostly<T>(good: fc.Arbitrary<T>, nearMiss: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 30, arbitrary: good }, { weight: 1, arbitrary: nearMiss }, { weight: 1, arbitrary: oddValue });
}
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined, freq: 3 }).map(p => (p === undefined ? '' : `:${p}`));
const upstreamValue = mostly(
  fc.oneof(fc.tuple(host, port).map(([h, p]) => h + p), fc.constantFrom('docker.io', 'a.b', 'a-b', 'x'.repeat(60))),
  fc.constantFrom('Docker.io', 'https://ghcr.io', 'docker.io:0', 'docker.io/', ''),
);
const urlValue = mostly(
  fc.tuple(fc.constantFrom('http://', 'https://'), host, port, fc.constantFrom('', '/')).map(([s, h, p, t]) => s + h + p + t),
  fc.tuple(fc.constantFrom('HTTPS://', 'ftp://', '', 'https://u:p@'), host, fc.constantFrom('', '/v2', '?q', '#f')).map(([s, h, t]) => s + h + t),
);
const sizeValue = mostly(
  fc.tuple(
    fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.5, max: 1e6, noNaN: true })),
    fc.constantFrom(Size.kibibytes, Size.mebibytes, Size.gibibytes),
  )
    .map(([a, make]) => make(a)),
  fc.tuple(fc.constantFrom(0, NaN, Infinity, 1e22, 1e-9), fc.constantFrom(Size.mebibytes, Size.gibibytes)).map(([a, make]) => make(a)),
);
const ttlValue = mostly(
  fc.integer({ min: 0, max: 1e7 }).map(s => Duration.seconds(s)),
  fc.constantFrom(NaN, Infinity, 0.5, 1e300).map(s => Duration.seconds(s)),
);
const suffixValue = mostly(label, fc.constantFrom('a-b', 'docker-io', 's'.repeat(55), 'a.b', 'Docker'));
const boolValue = mostly(fc.boolean(), fc.constantFrom('true', 0, 1));
const storageClassValue = mostly(host, fc.constantFrom('Fast', 'a_b', '', 'x'.repeat(254)));

const optionsArb = fc.record({
  upstream: upstreamValue,
  remoteUrl: urlValue,
  volumeSize: sizeValue,
  storageClassName: storageClassValue,
  garbageCollectionTtl: ttlValue,
  httpProxy: urlValue,
  httpsProxy: urlValue,
  highAvailability: boolValue,
  serviceNameSuffix: suffixValue,
  tls: boolValue,
}, { requiredKeys: ['upstream'] });
const versionArb = fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: fc.constantFrom('v0.7.0', 'v0.13.0', 'v0.16.0', 'v0.18.0', 'v0.24.0') },
  { weight: 1, arbitrary: oddValue });

describe('the independent checker', () => {
  const ok = { apiVersion: 'registry.extensions.gardener.cloud/v1alpha3', kind: 'RegistryConfig', caches: [{ upstream: 'docker.io' }] };
  const withCache = (entry: Record<string, unknown>) => ({ ...ok, caches: [entry] });

  test('accepts a valid config and rejects what Gardener rejects (it can fail)', () => {
    expect(refCheckProviderConfig(ok)).toEqual([]);
    for (const bad of [
      { ...ok, caches: [] },
      { ...ok, apiVersion: 'registry.extensions.gardener.cloud/v1alpha2' },
      withCache({ upstream: 'Docker.io' }),
      withCache({ upstream: 'docker.io', remoteURL: 'https://a.io/' }),
      withCache({ upstream: 'docker.io', volume: { size: '0Gi' } }),
      withCache({ upstream: 'docker.io', garbageCollection: { ttl: '7d' } }),
      withCache({ upstream: 'docker.io', garbageCollection: { ttl: 0 } }),
      withCache({ upstream: 'docker.io', http: {} }),
      withCache({ upstream: 'docker.io', serviceNameSuffix: 's'.repeat(55) }),
      withCache({ upstream: 'docker.io', size: '10Gi' }),
      { ...ok, caches: [{ upstream: 'a.b' }, { upstream: 'a-b', serviceNameSuffix: 'x' }] },
      { ...ok, caches: [{ upstream: 'ghcr.io', serviceNameSuffix: 'docker-io' }, { upstream: 'docker.io' }] },
    ]) {
      expect(refCheckProviderConfig(bad)).not.toEqual([]);
    }
    expect(refFieldsTooNew(withCache({ upstream: 'a.io:5000', serviceNameSuffix: 'x' }), 8)).toEqual(['caches[0].serviceNameSuffix', 'caches[0].upstream']);
  });
});

describe('arbitrary options', () => {
  test('either synthesize, passing the independent checker, or raise a validation error; nothing else', () => {
    let synthesized = 0;
    let rejected = 0;
    fc.assert(fc.property(fc.array(optionsArb, { minLength: 0, maxLength: 3 }), versionArb, (optionsList, extensionVersion) => {
      const f = fixture();
      const rc = cache(f, extensionVersion === undefined ? {} : { extensionVersion: extensionVersion as string });
      optionsList.forEach((o, i) => rc.addUpstream(`u${i}`, o as unknown as CachedUpstreamOptions));
      const lines = errorLines(f.app); // anything but a validation error (a TypeError, say) fails the test
      if (lines.length === 0) {
        synthesized++;
        const [pc] = providerConfigs(f.app);
        expect(refCheckProviderConfig(pc)).toEqual([]);
        const minor = Number(/^v0\.(\d+)\.0$/.exec(extensionVersion == null ? 'v0.24.0' : String(extensionVersion))?.[1]);
        expect(minor).toBeGreaterThanOrEqual(7);
        expect(refFieldsTooNew(pc, minor)).toEqual([]);
      } else {
        rejected++;
        for (const line of lines) {
          expect(line).toMatch(/^\[chart\/registry-cache(\/u\d)?\] \S.*: .+\. Fix: .+$/s);
        }
      }
    }), { numRuns: 300 });
    // The generators must exercise both outcomes, or the property proves little.
    expect(synthesized).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
  });

  test('plain JS values of the wrong shape for the whole options object raise validation errors', () => {
    for (const options of [undefined, null, 'docker.io', 42, [], { upstream: { toString: () => 'docker.io' } }]) {
      const f = fixture();
      cache(f).addUpstream('u', options as unknown as CachedUpstreamOptions);
      expect(errorLines(f.app)).toEqual([expect.stringMatching(/caches\[0\]\.upstream.*: (must be a string|is required)/)]);
    }
  });
});
