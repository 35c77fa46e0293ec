/**
 * The intended differences: where the library disagrees with Gardener on
 * purpose, each with its reason. Each explains single findings of the
 * library (an error Gardener does not give); a disagreement is intended only
 * when, without the findings these explain, the library and the judge agree.
 * `npm run conformance` prints them apart and fails on any other
 * disagreement. See docs/ARCHITECTURE.md ("The judge").
 */
import { Case } from './cases';
import { LibraryFinding } from './library';
import { parseGoDuration } from '../src/_rules/duration';
import { parseQuantity } from '../src/_rules/quantity';

export interface IntendedDifference {
  readonly name: string;
  readonly reason: string;
  /** Whether this difference explains the library's finding `f` on case `c`. */
  explains(c: Case, f: LibraryFinding): boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first entry of `type` in a Shoot's extensions, as the extension's validator finds it. */
function firstEntry(shoot: unknown, type: string): Json | undefined {
  const spec = isObject(shoot) && isObject(shoot.spec) ? shoot.spec : {};
  const extensions = Array.isArray(spec.extensions) ? spec.extensions : [];
  return extensions.find((e): e is Json => isObject(e) && e.type === type);
}

/** JSON with sorted keys: two values written alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `n / d` in lowest terms: one text per amount, so that `10Gi` and `10240Mi` compare equal. */
function quantityKey(value: unknown): unknown {
  const q = parseQuantity(value);
  if (q === undefined) {
    return value;
  }
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const g = gcd(q.num, q.den) || 1n;
  return `quantity ${q.num / g}/${q.den / g}`;
}

/** A Go duration as its nanoseconds, as `metav1.Duration` holds it. */
function durationKey(value: unknown): unknown {
  const d = typeof value === 'string' ? parseGoDuration(value) : undefined;
  return d !== undefined && 'nanos' in d ? `duration ${d.nanos}` : value;
}

/** A JSON object without its null members: the decoder leaves a pointer field nil for null as for absent. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

/**
 * A registry-cache providerConfig as the extension compares an update's two
 * configs: decoded with the v1alpha3 defaults (a cache without `volume.size`
 * has 10Gi, without `garbageCollection` a ttl of 168h, without `http` TLS on),
 * and `equality.Semantic` (quantities and durations by amount; null, absent,
 * an empty list and false alike).
 */
function decodedRegistryConfig(providerConfig: unknown): string {
  const config = withoutNulls(providerConfig);
  if (!isObject(config)) {
    return canonical(config);
  }
  const { caches, ...rest } = config;
  const decoded: Json = { ...rest };
  if (Array.isArray(caches) && caches.length > 0) {
    decoded.caches = caches.map(cache => {
      if (!isObject(cache)) {
        return cache;
      }
      const volume = isObject(cache.volume) ? cache.volume : {};
      const gc = isObject(cache.garbageCollection) ? cache.garbageCollection : { ttl: '168h' };
      const http = isObject(cache.http) ? cache.http : { tls: true };
      const ha = isObject(cache.highAvailability) ? cache.highAvailability : undefined;
      return {
        ...cache,
        volume: { ...volume, size: quantityKey(volume.size ?? '10Gi') },
        garbageCollection: { ...gc, ttl: durationKey(gc.ttl ?? '0') },
        http: { ...http, tls: http.tls ?? false },
        ...(ha === undefined ? {} : { highAvailability: { ...ha, enabled: ha.enabled ?? false } }),
      };
    });
  }
  return canonical(decoded);
}

/** The names of the Secrets a registry-cache entry's caches reference through spec.resources. */
function credentialSecrets(spec: Json, entry: Json): Set<string> {
  const caches = isObject(entry.providerConfig) && Array.isArray(entry.providerConfig.caches) ? entry.providerConfig.caches : [];
  const resources = Array.isArray(spec.resources) ? spec.resources.filter(isObject) : [];
  const names = new Set<string>();
  for (const cache of caches) {
    const r = isObject(cache) ? resources.find(e => e.name === cache.secretReferenceName) : undefined;
    if (r !== undefined && isObject(r.resourceRef) && typeof r.resourceRef.name === 'string') {
      names.add(r.resourceRef.name);
    }
  }
  return names;
}

export const INTENDED: readonly IntendedDifference[] = [
  {
    name: 'workerless Shoot',
    reason: 'Gardener refuses a registry extension on a Shoot without workers through the extension\'s ControllerRegistration '
      + '(no workerlessSupported), a check of the landscape that the judge does not model; the library reports it at spec.provider.workers',
    explains: (_c, f) => f.kind === 'Shoot' && f.path === 'spec.provider.workers',
  },
  {
    name: 'duplicate key outside strict decoding',
    reason: 'a key written twice where no extension decodes strictly: the judge reads the case as the API server stores it (the last value), '
      + 'while kubectl\'s strict field validation rejects the manifest and other tools keep one value without a word; the library reports it',
    explains: (_c, f) => /^duplicate field ".*": kubectl's strict field validation rejects the manifest/s.test(f.detail),
  },
  {
    name: 'lone surrogate in a URL',
    reason: 'a URL path holding half of a UTF-16 pair (possible only in JSON, as an escape): Gardener\'s JSON decoder replaces it with U+FFFD '
      + 'and accepts the URL; the library refuses a value that has no UTF-8 form, as it would emit one',
    explains: (_c, f) => /lone surrogate/.test(f.detail),
  },
  {
    name: 'unchanged registry-cache providerConfig on update',
    reason: 'on an update that leaves the registry-cache providerConfig as it was, the extension skips its validation (and its Secret checks, '
      + 'so a Secret swapped under the same resource name is not read); the library checks the manifest as it stands, as a new Shoot '
      + 'or the next change would be checked, and the extension reads those Secrets at reconcile',
    explains: (c, f) => {
      if (c.oldShoot === null || c.oldShoot === undefined) {
        return false;
      }
      const now = firstEntry(c.shoot, 'registry-cache');
      const before = firstEntry(c.oldShoot, 'registry-cache');
      const unchanged = now !== undefined && before !== undefined && isObject(now.providerConfig)
        && decodedRegistryConfig(now.providerConfig) === decodedRegistryConfig(before.providerConfig);
      if (!unchanged) {
        return false;
      }
      const spec = isObject(c.shoot) && isObject(c.shoot.spec) ? c.shoot.spec : {};
      const x = (Array.isArray(spec.extensions) ? spec.extensions : []).indexOf(now);
      if (f.kind === 'Secret') {
        return credentialSecrets(spec, now).has(f.name);
      }
      return f.path === `spec.extensions[${x}].providerConfig` || f.path.startsWith(`spec.extensions[${x}].providerConfig.`);
    },
  },
];

