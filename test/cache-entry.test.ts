/**
 * The RegistryCache construct's options as Gardener's data (src/_cache-entry.ts),
 * and the rules' check of what it builds.
 */
import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { cacheEntryOf, CacheInput, mergeCacheErrors } from '../src/_cache-entry';
import { registryConfig } from './rules/_tables';
import { parseExtensionVersion } from '../src/_rules/extension-version';
import { checkCacheEntry, checkRegistryConfig } from '../src/_rules/registry-config';

const config = registryConfig;
const v = (text: string) => parseExtensionVersion(text)!;

describe('cacheEntryOf (construct options as Gardener data)', () => {
  test('writes only what is set, in Gardener\'s shape', () => {
    expect(cacheEntryOf({ upstream: 'docker.io' })).toEqual({ entry: { upstream: 'docker.io' }, errors: [] });
    const { entry, errors } = cacheEntryOf({
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
    expect(checkRegistryConfig(config(entry))).toEqual([]);
  });

  test('tls: true is written when set (it equals Gardener\'s default, but the user asked for it)', () => {
    expect(cacheEntryOf({ upstream: 'docker.io', tls: true }).entry.http).toEqual({ tls: true });
  });

  test('passes other values on as given, for checkRegistryConfig to judge', () => {
    const input = { upstream: 'Docker.io', remoteUrl: 'quay.io/', storageClassName: 7, tls: 'no', serviceNameSuffix: 'a.b' } as unknown as CacheInput;
    expect(cacheEntryOf(input)).toEqual({
      entry: { upstream: 'Docker.io', remoteURL: 'quay.io/', volume: { storageClassName: 7 }, http: { tls: 'no' }, serviceNameSuffix: 'a.b' },
      errors: [],
    });
  });

  test.each([
    [{ volumeSize: '10Gi' }, 'volume.size', /must be a cdk8s Size/],
    [{ garbageCollectionTtl: Duration.millis(1500) }, 'garbageCollection.ttl', /whole number of seconds: Gardener itself would accept a fraction/],
    [{ garbageCollectionTtl: 604800 }, 'garbageCollection.ttl', /must be a cdk8s Duration/],
    [{ highAvailability: null }, 'highAvailability.enabled', /is null: the option highAvailability was given as null/],
    [{ remoteUrl: null }, 'remoteURL', /is null: the option remoteUrl/],
  ])('fails when %j, and leaves the field out', (input, path, detail) => {
    const { entry, errors } = cacheEntryOf({ upstream: 'docker.io', ...input } as unknown as CacheInput);
    expect(entry).toEqual({ upstream: 'docker.io' });
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].detail).toMatch(detail);
  });
});

describe('checkCacheEntry of an entry cacheEntryOf built', () => {
  // A RegistryCache skips the strict decoding of its own entries (only known fields, its own nested
  // objects): it must find exactly what the full check finds, whatever the options hold.
  const option = fc.oneof(
    fc.constant(undefined), fc.anything(), fc.string(), fc.boolean(), fc.integer(),
    fc.constantFrom('docker.io', 'https://user:pass@mirror.example.com', 'my-sc', 'Bad_Name', '', 'docker'),
  );
  test('finds what the full check finds', () => {
    let compared = 0;
    fc.assert(fc.property(
      fc.record({
        upstream: option,
        remoteUrl: option,
        storageClassName: option,
        httpProxy: option,
        httpsProxy: option,
        tls: option,
        highAvailability: option,
        serviceNameSuffix: option,
        volumeGi: fc.option(fc.integer({ min: 0, max: 100 })),
        ttlHours: fc.option(fc.integer({ min: 0, max: 20000 })),
      }),
      fc.constantFrom('v0.7.0', 'v0.12.0', 'v0.24.0'), fc.nat(5),
      (o, version, index) => {
        const input = {
          ...o,
          volumeSize: o.volumeGi === null ? undefined : Size.gibibytes(o.volumeGi),
          garbageCollectionTtl: o.ttlHours === null ? undefined : Duration.hours(o.ttlHours),
        } as unknown as CacheInput;
        const { entry } = cacheEntryOf(input, 'ro-docker-secret', v(version));
        expect(checkCacheEntry(entry, index, v(version), true)).toEqual(checkCacheEntry(entry, index, v(version)));
        compared++;
      }), { numRuns: 300 });
    expect(compared).toBe(300);
  });
});

describe('mergeCacheErrors', () => {
  test('puts conversion errors where the check\'s would be, in field order', () => {
    const e = (path: string) => ({ path, detail: 'x', fix: 'y' });
    expect(mergeCacheErrors([e('garbageCollection.ttl'), e('volume.size')], [e('serviceNameSuffix'), e('upstream'), e('remoteURL')]).map(x => x.path))
      .toEqual(['upstream', 'remoteURL', 'volume.size', 'garbageCollection.ttl', 'serviceNameSuffix']);
  });
});
