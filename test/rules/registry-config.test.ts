import { Duration, Size } from 'cdk8s';
import { buildCacheEntry, CacheEntry, CacheInput, checkCaches } from '../../src/_registry-config';

describe('buildCacheEntry', () => {
  test('writes only what is set, in Gardener\'s shape', () => {
    expect(buildCacheEntry({ upstream: 'docker.io' })).toEqual({ entry: { upstream: 'docker.io' }, errors: [] });
    const { entry, errors } = buildCacheEntry({
      upstream: 'docker.io',
      remoteUrl: 'https://registry-1.docker.io/',
      volumeSize: Size.gibibytes(20),
      storageClassName: 'premium',
      garbageCollectionTtl: Duration.hours(1.5),
      httpProxy: 'http://proxy:3128',
      httpsProxy: 'http://proxy:3128/',
      highAvailability: true,
      serviceNameSuffix: 'docker',
      tls: false,
    }, 'docker-creds');
    expect(errors).toEqual([]);
    expect(entry).toEqual({
      upstream: 'docker.io',
      remoteURL: 'https://registry-1.docker.io',
      volume: { size: '20Gi', storageClassName: 'premium' },
      garbageCollection: { ttl: '1h30m' },
      secretReferenceName: 'docker-creds',
      proxy: { httpProxy: 'http://proxy:3128', httpsProxy: 'http://proxy:3128' },
      http: { tls: false },
      highAvailability: { enabled: true },
      serviceNameSuffix: 'docker',
    });
  });

  test('tls: true is written when set (it equals Gardener\'s default, but the user asked for it)', () => {
    expect(buildCacheEntry({ upstream: 'docker.io', tls: true }).entry.http).toEqual({ tls: true });
  });

  const bad = (input: Record<string, unknown>) => buildCacheEntry({ upstream: 'docker.io', ...input } as unknown as CacheInput).errors;

  test.each([
    [{ upstream: 'Docker.io' }, 'upstream', /is not a valid upstream/],
    [{ remoteUrl: 'registry-1.docker.io' }, 'remoteURL', /must start with 'http:\/\/' or 'https:\/\/'/],
    [{ volumeSize: Size.gibibytes(0) }, 'volume.size', /must be greater than 0/],
    [{ storageClassName: 'Premium_SSD' }, 'volume.storageClassName', /lowercase RFC 1123 subdomain/],
    [{ storageClassName: '' }, 'volume.storageClassName', /must not be empty/],
    [{ storageClassName: 7 }, 'volume.storageClassName', /must be a string/],
    [{ garbageCollectionTtl: Duration.millis(1500) }, 'garbageCollection.ttl', /whole number of seconds/],
    [{ httpProxy: 'http://proxy:3128/path' }, 'proxy.httpProxy', /must not contain a path/],
    [{ httpsProxy: 'socks5://proxy:1080' }, 'proxy.httpsProxy', /must start with/],
    [{ tls: 'false' }, 'http.tls', /must be true or false/],
    [{ highAvailability: 1 }, 'highAvailability.enabled', /must be true or false/],
    [{ serviceNameSuffix: 'my.docker' }, 'serviceNameSuffix', /must not contain dots/],
    [{ serviceNameSuffix: 'Docker' }, 'serviceNameSuffix', /lowercase RFC 1123 label/],
    [{ serviceNameSuffix: '' }, 'serviceNameSuffix', /must not be empty/],
    [{ serviceNameSuffix: 's'.repeat(55) }, 'serviceNameSuffix', /may not be more than 54 characters \(it has 55\)/],
    [{ serviceNameSuffix: 's'.repeat(64) }, 'serviceNameSuffix', /no more than 63 characters/],
    [{ serviceNameSuffix: 5 }, 'serviceNameSuffix', /must be a string/],
  ])('fails when %j', (input, path, detail) => {
    const errors = bad(input);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].detail).toMatch(detail);
    expect(errors[0].fix.length).toBeGreaterThan(0);
  });

  test('accepts a 54-character suffix', () => {
    expect(bad({ serviceNameSuffix: 's'.repeat(54) })).toEqual([]);
  });

  test('reports every bad field of a cache at once', () => {
    const errors = buildCacheEntry({
      upstream: 'https://docker.io', remoteUrl: 'x', volumeSize: Size.gibibytes(0), serviceNameSuffix: 'a.b', tls: 'yes' as unknown as boolean,
    }).errors;
    expect(errors.map(e => e.path)).toEqual(['upstream', 'remoteURL', 'volume.size', 'http.tls', 'serviceNameSuffix']);
  });
});

const c = (upstream: string, serviceNameSuffix?: string): CacheEntry =>
  (serviceNameSuffix === undefined ? { upstream } : { upstream, serviceNameSuffix });

describe('checkCaches', () => {
  test('accepts distinct caches, and a suffix equal to its own computed name (Gardener\'s docker.io / docker-io case)', () => {
    expect(checkCaches([c('docker.io', 'docker-io'), c('ghcr.io'), c('quay.io', 'quay'), c('docker.io:443')])).toEqual([]);
  });

  test('fails when there is no cache', () => {
    expect(checkCaches([])).toEqual([expect.objectContaining({ path: 'caches', detail: 'at least one cache must be provided' })]);
  });

  test('fails when an upstream repeats (exact string match)', () => {
    const errors = checkCaches([c('docker.io'), c('ghcr.io'), c('docker.io')]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'caches[2].upstream', value: '"docker.io"' });
    expect(errors[0].detail).toMatch(/Duplicate value: caches\[0\] has the same upstream/);
  });

  test.each([
    [['a.b', 'a-b']],
    [['my-registry.io:5000', 'my-registry.io-5000']],
  ])('fails when computed resource names clash: %j', upstreams => {
    const errors = checkCaches(upstreams.map(u => c(u)));
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('caches[1].upstream');
    expect(errors[0].detail).toMatch(/gives the same resource name "registry-[a-z0-9-]+" as caches\[0\]\.upstream/);
    expect(errors[0].fix).toMatch(/cache only one of the two upstreams/);
  });

  test('long upstreams that differ only in \'.\' and \'-\' do not clash: the hash is of the whole upstream', () => {
    expect(checkCaches([c('my-very-long-registry.very-long-subdomain.io'), c('my-very-long-registry-very-long-subdomain.io')])).toEqual([]);
  });

  test('fails when resource names clash even though both caches have a suffix (it renames only the Service)', () => {
    const errors = checkCaches([c('a.b', 'one'), c('a-b', 'two')]);
    expect(errors.map(e => e.path)).toEqual(['caches[1].upstream']);
    expect(errors[0].detail).toMatch(/a serviceNameSuffix renames only the Service/);
  });

  test('fails when a suffix repeats', () => {
    const errors = checkCaches([c('docker.io', 'cache'), c('ghcr.io', 'cache')]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'caches[1].serviceNameSuffix', value: '"cache"' });
    expect(errors[0].detail).toMatch(/Duplicate value: caches\[0\] has the same serviceNameSuffix/);
  });

  test('fails when a suffix gives the Service name of a cache without suffix', () => {
    const errors = checkCaches([c('ghcr.io', 'docker-io'), c('docker.io')]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'caches[0].serviceNameSuffix', value: '"docker-io"' });
    expect(errors[0].detail).toMatch(/cannot collide with "docker\.io" upstream: its Service is named "registry-docker-io"/);
  });

  test('a suffix equal to the computed name of a cache that has a suffix itself is fine (different kinds of objects)', () => {
    expect(checkCaches([c('ghcr.io', 'docker-io'), c('docker.io', 'docker')])).toEqual([]);
  });

  test('skips invalid upstreams (they have their own error) and values of the wrong type', () => {
    const entries = [{ upstream: 5 }, { upstream: 'Docker.io' }, { upstream: 'docker.io', serviceNameSuffix: 7 }] as unknown as CacheEntry[];
    expect(checkCaches(entries)).toEqual([]);
  });

  // No time limit here: speed lives in the benchmark (npm run bench), never in a timed test.
  test('checks 20000 caches with 10000 clashes, each reported once', () => {
    const entries: CacheEntry[] = [];
    for (let i = 0; i < 10000; i++) {
      entries.push(c(`r${i}.io`, `s${i}`), c(`r${i}-io`));
    }
    const errors = checkCaches(entries);
    expect(errors).toHaveLength(10000);
    expect(errors[9999].path).toEqual('caches[19999].upstream');
  });
});
