import { SHORT_LIST } from '../_compact';
import { FieldError, NO_ERRORS, quote, safeString, under, withMore } from '../_errors';
import { checkTtl } from './duration';
import { checkCacheFieldsKnown, ExtensionVersion, isAtLeast, NEWEST_KNOWN_VERSION } from './extension-version';
import { isObject } from './json';
import { dns1123LabelProblem, dns1123SubdomainProblem, suggestDnsName } from './names';
import { checkVolumeSize } from './quantity';
import { computedResourceName } from './service-name';
import { checkUpstream } from './upstream';
import { checkUrl, UrlCheck } from './url';

/**
 * The registry-cache extension's `providerConfig` (reference §1, §2): a
 * `registry.extensions.gardener.cloud/v1alpha3` RegistryConfig, decoded
 * strictly and validated as the extension's admission does. Pure functions
 * over Gardener's JSON, no cdk8s: the RegistryCache construct builds the
 * object (src/_cache-entry.ts converts its options) and checks it here, and a
 * manifest read from YAML is checked the same way (checkShootManifest).
 */

export const REGISTRY_CACHE_TYPE = 'registry-cache';
export const REGISTRY_CONFIG_API_VERSION = 'registry.extensions.gardener.cloud/v1alpha3';
export const REGISTRY_CONFIG_KIND = 'RegistryConfig';

/** One `caches[]` entry. Keys are in the order of the extension's types.go, so the YAML reads like its docs. */
export interface CacheEntry {
  upstream: string;
  remoteURL?: string;
  volume?: { size?: string; storageClassName?: string };
  garbageCollection?: { ttl: string };
  secretReferenceName?: string;
  proxy?: { httpProxy?: string; httpsProxy?: string };
  http?: { tls: boolean };
  highAvailability?: { enabled: boolean };
  serviceNameSuffix?: string;
}

/** Max length of `serviceNameSuffix`: resources are named `registry-<suffix>` (63 - 9). */
export const SERVICE_NAME_SUFFIX_MAX = 54;

/** The example URLs of the fixes: of a `remoteURL`, of a proxy. */
export const REMOTE_URL_EXAMPLE = 'https://registry-1.docker.io';
export const PROXY_EXAMPLE = 'http://proxy.example.com:3128';

/** The first extension version that checks `storageClassName` itself (reference §7). */
const STORAGE_CLASS_CHECK_VERSION = 'v0.17.0';

// ---------------------------------------------------------------------------
// The schema the strict decoder knows (v1alpha3 types.go)

const CONFIG_FIELDS: readonly string[] = ['apiVersion', 'kind', 'caches'];
/** The fields of a cache, in types.go order; the nested objects with their own fields. */
const CACHE_FIELDS: Readonly<Record<string, readonly string[] | undefined>> = {
  upstream: undefined,
  remoteURL: undefined,
  volume: ['size', 'storageClassName'],
  garbageCollection: ['ttl'],
  secretReferenceName: undefined,
  proxy: ['httpProxy', 'httpsProxy'],
  http: ['tls'],
  highAvailability: ['enabled'],
  serviceNameSuffix: undefined,
};
/** The fields of a cache, in Gardener's order. */
export const CACHE_FIELD_NAMES = Object.keys(CACHE_FIELDS);
/** Every field path inside a cache, for "did you mean" hints. */
const CACHE_PATHS: readonly string[] = CACHE_FIELD_NAMES.flatMap(f => [f, ...(CACHE_FIELDS[f] ?? []).map(n => `${f}.${n}`)]);
/** Unknown fields people write for a known one: older API versions and construct option names. */
const ALIASES: Readonly<Record<string, string>> = {
  'size': 'volume.size',
  'volumeSize': 'volume.size',
  'garbageCollection.enabled': 'garbageCollection.ttl',
  'garbageCollectionTtl': 'garbageCollection.ttl',
  'credential': 'secretReferenceName',
  'secretRef': 'secretReferenceName',
};

function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The known field an unknown one most likely meant, relative to the cache. */
function meantField(parent: string, key: string): string | undefined {
  const full = parent === '' ? key : `${parent}.${key}`;
  const alias = ALIASES[full] ?? ALIASES[key];
  if (alias !== undefined) {
    return alias;
  }
  const wanted = normalizedName(key);
  const leaf = (p: string): string => normalizedName(p.slice(p.lastIndexOf('.') + 1));
  const siblings = CACHE_PATHS.filter(p => p.lastIndexOf('.') === (parent === '' ? -1 : parent.length) && p.startsWith(parent));
  return CACHE_PATHS.find(p => normalizedName(p) === normalizedName(full))
    ?? CACHE_PATHS.find(p => leaf(p) === wanted)
    ?? (wanted.length >= 3 ? siblings.find(p => leaf(p).startsWith(wanted) || wanted.startsWith(leaf(p))) : undefined);
}

/**
 * The error of a field the extension's types do not have. Its value is never
 * shown: whatever someone put there may be a secret.
 */
function unknownField(path: string, goPath: string, key: string, fix: string): FieldError {
  return {
    path,
    detail: `unknown field ${quote(key)}: the extension decodes providerConfig strictly, so it rejects the whole Shoot (failed to decode providerConfig: strict decoding error: unknown field ${quote(goPath)})`,
    fix,
  };
}

function mustBeObject(path: string, value: unknown, fields: readonly string[]): FieldError {
  return {
    path,
    value: quote(value),
    detail: `must be an object (with ${fields.join(' and ')}): the extension cannot decode a ${Array.isArray(value) ? 'list' : typeof value}`,
    fix: `write ${path} as a mapping, e.g. ${path}: { ${fields[0]}: ... }`,
  };
}

function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * Everything the registry-cache extension checks of a `providerConfig`
 * (reference §1, §2.2 to §2.5) and the clashes it misses: the strict
 * decoder (apiVersion and kind, unknown fields, JSON types), every field
 * rule, the rules across caches, and the fields `version` does not know yet
 * (none when the version is not known). Paths are relative to
 * `providerConfig`; a problem of `providerConfig` itself has the path ''.
 */
export function checkRegistryConfig(providerConfig: unknown, version?: ExtensionVersion): FieldError[] {
  if (absent(providerConfig)) {
    return [{
      path: '',
      detail: 'providerConfig is required for the registry-cache extension',
      fix: `give a ${REGISTRY_CONFIG_KIND} (apiVersion ${REGISTRY_CONFIG_API_VERSION}) with at least one cache`,
    }];
  }
  if (!isObject(providerConfig)) {
    return [mustBeObject('', providerConfig, CONFIG_FIELDS)];
  }
  const errors = checkTypeMeta(providerConfig);
  for (const key of Object.keys(providerConfig)) {
    if (!CONFIG_FIELDS.includes(key)) {
      const meant = CACHE_PATHS.includes(key) ? ` (${key} belongs to each entry of caches)` : '';
      errors.push(unknownField(key, key, key, `remove it${meant}; a ${REGISTRY_CONFIG_KIND} has only apiVersion, kind and caches`));
    }
  }
  const list = providerConfig.caches;
  if (!absent(list) && !Array.isArray(list)) {
    errors.push({
      path: 'caches',
      value: quote(list),
      detail: 'must be a list of caches',
      fix: 'write caches as a list, e.g. caches: [{ upstream: docker.io }]',
    });
    return errors;
  }
  const entries: unknown[] = Array.isArray(list) ? list : [];
  entries.forEach((c, i) => {
    const own = checkCacheEntry(c, i, version);
    if (own.length > 0) {
      errors.push(...under(`caches[${i}]`, own));
    }
  });
  errors.push(...checkCaches(entries as CacheEntry[]));
  return errors;
}

function checkTypeMeta(pc: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const apiVersion = pc.apiVersion;
  if (apiVersion !== REGISTRY_CONFIG_API_VERSION) {
    const removed = apiVersion === 'registry.extensions.gardener.cloud/v1alpha1' ? 'v0.7.0'
      : apiVersion === 'registry.extensions.gardener.cloud/v1alpha2' ? 'v0.9.0' : undefined;
    errors.push({
      path: 'apiVersion',
      value: absent(apiVersion) ? undefined : quote(apiVersion),
      detail: absent(apiVersion)
        ? 'is required: the extension cannot decode providerConfig without it ("failed to decode providerConfig")'
        : removed !== undefined
          ? `is no longer served: the extension removed it in ${removed}, and ${REGISTRY_CONFIG_API_VERSION} is the only version it decodes`
          : `is not ${REGISTRY_CONFIG_API_VERSION}, the only version the extension decodes ("failed to decode providerConfig")`,
      fix: removed !== undefined
        ? `use ${REGISTRY_CONFIG_API_VERSION}: size moved to volume.size, and garbageCollection.enabled became garbageCollection.ttl ("0s" disables it)`
        : `set apiVersion: ${REGISTRY_CONFIG_API_VERSION}`,
    });
  }
  // Without a kind (or with ""), the decoder takes the one of the type it decodes into: accepted (found by the judge).
  if (pc.kind !== REGISTRY_CONFIG_KIND && !absent(pc.kind) && pc.kind !== '') {
    errors.push({
      path: 'kind',
      value: quote(pc.kind),
      detail: `is not ${REGISTRY_CONFIG_KIND}, the kind the extension decodes`,
      fix: `set kind: ${REGISTRY_CONFIG_KIND}`,
    });
  }
  return errors;
}

/**
 * The rules of one `caches[]` entry, `index` in its list: strict decoding,
 * every field rule, and the fields `version` does not know yet. Paths are
 * relative to the entry.
 */
export function checkCacheEntry(cache: unknown, index: number, version?: ExtensionVersion, built = false): FieldError[] {
  if (!isObject(cache)) {
    return [{
      path: '',
      value: quote(cache),
      detail: 'must be an object with at least an upstream',
      fix: 'write each cache as a mapping, e.g. - upstream: docker.io',
    }];
  }
  // Collected with withMore, not a closure: this runs for every cache (docs/ARCHITECTURE.md, "Performance").
  let errors = NO_ERRORS;

  // An entry cacheEntryOf built has only known fields, and its nested fields are its own objects: the
  // strict decoding cannot fail, so only its values are checked (as every cache of a RegistryCache is).
  if (!built) {
    for (const key of Object.keys(cache)) {
      if (!(key in CACHE_FIELDS)) {
        errors = withMore(errors, [unknownField(key, `caches[${index}].${key}`, key, fixForUnknown('', key))]);
      }
    }
  }
  // Left out (or null), the upstream is Go's empty string: required.
  errors = withMore(errors, absent(cache.upstream) ? checkUpstream('', 'upstream').map(e => ({ ...e, value: undefined })) : upstreamErrors(cache.upstream));
  // URLs as this version reads them; when the version is not known, as the newest does.
  const urlVersion = version ?? NEWEST_KNOWN_VERSION;
  if (!absent(cache.remoteURL)) {
    const r = urlCheck(cache.remoteURL, 'remoteURL', REMOTE_URL_EXAMPLE, urlVersion);
    // A built entry is emitted in the canonical form; a manifest is checked as written.
    errors = withMore(errors, built ? r.errors : r.asWritten);
  }
  if (!built) {
    errors = withMore(errors, shapeErrors(cache, 'volume', index));
  }
  const volume = nested(cache, 'volume');
  if (volume !== undefined) {
    if (!absent(volume.size)) {
      errors = withMore(errors, checkVolumeSize(volume.size, 'volume.size'));
    }
    if (!absent(volume.storageClassName)) {
      errors = withMore(errors, checkStorageClassName(volume.storageClassName, 'volume.storageClassName', version));
    }
  }
  if (!built) {
    errors = withMore(errors, shapeErrors(cache, 'garbageCollection', index));
  }
  const gc = nested(cache, 'garbageCollection');
  if (gc !== undefined) {
    // Left out inside the object, ttl is Go's zero duration: valid (it disables garbage collection).
    if (gc.ttl !== undefined) {
      errors = withMore(errors, checkTtl(gc.ttl, 'garbageCollection.ttl'));
    }
  }
  if (!absent(cache.secretReferenceName) && typeof cache.secretReferenceName !== 'string') {
    errors = withMore(errors, [{
      path: 'secretReferenceName',
      value: quote(cache.secretReferenceName),
      detail: 'must be a string',
      fix: 'give the name of the Shoot\'s spec.resources entry that points at the credentials Secret',
    }]);
  }
  if (!built) {
    errors = withMore(errors, shapeErrors(cache, 'proxy', index));
  }
  const proxy = nested(cache, 'proxy');
  if (proxy !== undefined) {
    for (const field of ['httpProxy', 'httpsProxy']) {
      if (!absent(proxy[field])) {
        const r = urlCheck(proxy[field], `proxy.${field}`, PROXY_EXAMPLE, urlVersion);
        errors = withMore(errors, built ? r.errors : r.asWritten);
      }
    }
  }
  if (!built) {
    errors = withMore(errors, shapeErrors(cache, 'http', index));
  }
  const http = nested(cache, 'http');
  if (http !== undefined && !absent(http.tls)) {
    errors = withMore(errors, checkBoolean(http.tls, 'http.tls'));
  }
  if (!built) {
    errors = withMore(errors, shapeErrors(cache, 'highAvailability', index));
  }
  const ha = nested(cache, 'highAvailability');
  if (ha !== undefined && !absent(ha.enabled)) {
    errors = withMore(errors, checkBoolean(ha.enabled, 'highAvailability.enabled'));
  }
  if (!absent(cache.serviceNameSuffix)) {
    errors = withMore(errors, checkServiceNameSuffix(cache.serviceNameSuffix, 'serviceNameSuffix'));
  }
  if (version !== undefined) {
    errors = withMore(errors, checkCacheFieldsKnown(cache, version));
  }
  return errors;
}

/** A nested object of a cache (`volume`, `proxy`, ...), or undefined when absent or not an object. */
function nested(cache: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = cache[field];
  return isObject(value) ? value : undefined;
}

/**
 * What strict decoding rejects in a nested object of a cache: not an object,
 * or a field it does not have. (An entry cacheEntryOf built has none.)
 */
function shapeErrors(cache: Record<string, unknown>, field: string, index: number): FieldError[] {
  const value = cache[field];
  if (absent(value)) {
    return NO_ERRORS;
  }
  const known = CACHE_FIELDS[field]!;
  if (!isObject(value)) {
    return [mustBeObject(field, value, known)];
  }
  let errors = NO_ERRORS;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      errors = withMore(errors, [unknownField(`${field}.${key}`, `caches[${index}].${field}.${key}`, key, fixForUnknown(field, key))]);
    }
  }
  return errors;
}

function fixForUnknown(parent: string, key: string): string {
  const meant = meantField(parent, key);
  const here = parent === '' ? 'a cache' : parent;
  const known = parent === '' ? CACHE_FIELD_NAMES : CACHE_FIELDS[parent] ?? [];
  const hint = meant === 'garbageCollection.ttl' && key === 'enabled'
    ? 'use garbageCollection.ttl instead ("0s" disables garbage collection, as enabled: false did in older API versions)'
    : meant !== undefined ? `did you mean ${meant}? Write the value there` : 'remove it';
  return `${hint}; ${here} has only ${known.join(', ')}`;
}

function checkBoolean(value: unknown, path: string): FieldError[] {
  return typeof value === 'boolean' ? NO_ERRORS : [{ path, value: quote(value), detail: 'must be true or false', fix: 'write true or false, without quotes' }];
}

function checkStorageClassName(name: unknown, path: string, version?: ExtensionVersion): FieldError[] {
  let problem = typeof name === 'string' ? dns1123SubdomainProblem(name) : 'must be a string';
  if (problem === undefined) {
    return NO_ERRORS;
  }
  if (typeof name === 'string' && version !== undefined && !isAtLeast(version, STORAGE_CLASS_CHECK_VERSION)) {
    problem += `. Registry-cache extension ${version.text} itself would accept it (it checks the name from ${STORAGE_CLASS_CHECK_VERSION} on), `
      + 'but Kubernetes would refuse the cache\'s PersistentVolumeClaim, so the cache would never start';
  }
  return [{
    path,
    value: quote(name),
    detail: problem,
    fix: `give the name of a StorageClass of the Shoot, e.g. ${quote(suggestDnsName(safeString(name)))}, or leave it out for the default StorageClass`,
  }];
}

function checkServiceNameSuffix(suffix: unknown, path: string): FieldError[] {
  const fix = 'give a short lowercase name such as "docker" (letters, digits and \'-\')';
  if (typeof suffix !== 'string') {
    return [{ path, value: quote(suffix), detail: 'must be a string', fix }];
  }
  const problem = dns1123LabelProblem(suffix);
  if (problem !== undefined) {
    return [{ path, value: quote(suffix), detail: problem, fix }];
  }
  if (suffix.length > SERVICE_NAME_SUFFIX_MAX) {
    return [{ path, value: quote(suffix), detail: `may not be more than ${SERVICE_NAME_SUFFIX_MAX} characters (it has ${suffix.length}): resources are named "registry-<suffix>"`, fix }];
  }
  return NO_ERRORS;
}

/**
 * The rules across the caches of one RegistryConfig: at least one cache,
 * unique upstreams, unique suffixes, and no clashing names. Linear in the
 * number of caches: every check is a lookup in a map. Paths are relative to
 * `providerConfig`.
 *
 * Names, as the extension computes them (`pkg/utils/registry`): the
 * StatefulSet, its config and TLS Secrets, VPA and PodDisruptionBudget of a
 * cache are always named after its upstream (`computedResourceName`), with or
 * without `serviceNameSuffix`; the suffix renames only the Service. So:
 * - two caches whose upstreams give the same resource name clash whatever
 *   their suffixes (Gardener does not catch this);
 * - a suffix must not give the Service name of a cache without suffix
 *   (Gardener's own "cannot collide" rule).
 */
export function checkCaches(entries: readonly CacheEntry[]): FieldError[] {
  if (entries.length === 0) {
    return [{ path: 'caches', detail: 'at least one cache must be provided', fix: 'add a cache (with the constructs: addUpstream), or remove the registry-cache extension' }];
  }
  if (entries.length <= SHORT_LIST && clearlyApart(entries)) {
    return NO_ERRORS;
  }
  const errors: FieldError[] = [];
  /** Upstream -> index of its first cache. */
  const upstreams = new Map<string, number>();
  /** Suffix -> index of its first cache. */
  const suffixes = new Map<string, number>();
  /** Resource name -> index of the first cache that gets it. */
  const resourceNames = new Map<string, number>();
  /** Service name of a cache without suffix -> the index of the last such cache (Gardener names that one). */
  const unsuffixedServiceNames = new Map<string, number>();

  entries.forEach((e, j) => {
    if (!isObject(e)) {
      return; // its own error is reported by checkCacheEntry
    }
    if (typeof e.upstream === 'string' && absent(e.serviceNameSuffix)) {
      // Gardener names the Service of every cache without suffix, whatever its upstream (valid, invalid or repeated); the last one is named.
      unsuffixedServiceNames.set(resourceNameOf(e.upstream), j);
    }
    if (!isValidUpstream(e.upstream)) {
      return; // its own error is reported by checkCacheEntry
    }
    const first = upstreams.get(e.upstream);
    if (first !== undefined) {
      errors.push({
        path: `caches[${j}].upstream`,
        value: quote(e.upstream),
        detail: `Duplicate value: caches[${first}] has the same upstream`,
        fix: 'keep one cache per upstream registry',
      });
      return;
    }
    upstreams.set(e.upstream, j);
    const name = resourceNameOf(e.upstream);
    const other = resourceNames.get(name);
    if (other !== undefined) {
      errors.push({
        path: `caches[${j}].upstream`,
        value: quote(e.upstream),
        detail: `gives the same resource name ${quote(name)} as caches[${other}].upstream ${quote(entries[other].upstream)}. `
          + 'Gardener\'s admission itself would accept it, but the extension would then create clashing StatefulSets, Secrets and volumes '
          + '(a serviceNameSuffix renames only the Service), so the library does not',
        fix: 'cache only one of the two upstreams in this Shoot',
      });
    } else {
      resourceNames.set(name, j);
    }
  });

  // Suffixes are checked on every cache, as Gardener does: a repeated or invalid upstream does not hide a repeated suffix.
  entries.forEach((e, j) => {
    const suffix = isObject(e) ? e.serviceNameSuffix : undefined;
    if (typeof suffix !== 'string') {
      return;
    }
    const first = suffixes.get(suffix);
    if (first !== undefined) {
      errors.push({
        path: `caches[${j}].serviceNameSuffix`,
        value: quote(suffix),
        detail: `Duplicate value: caches[${first}] has the same serviceNameSuffix`,
        fix: 'give every cache its own suffix',
      });
      return;
    }
    suffixes.set(suffix, j);
    const name = `${SERVICE_NAME_PREFIX}${suffix}`;
    const other = unsuffixedServiceNames.get(name);
    if (other !== undefined) {
      errors.push({
        path: `caches[${j}].serviceNameSuffix`,
        value: quote(suffix),
        detail: `cannot collide with ${quote(entries[other].upstream)} upstream: its Service is named ${quote(name)}`,
        fix: 'choose another suffix',
      });
    }
  });
  return errors;
}

const SERVICE_NAME_PREFIX = 'registry-';

/**
 * Whether no rule of checkCaches can fire on a short list: no two caches
 * with valid upstreams share a resource name (nor so an upstream), none
 * shares its serviceNameSuffix, and no suffix gives the Service name of a
 * cache without one. Pair by pair, allocating nothing: this is the usual
 * RegistryConfig, checked once per Shoot at every synth, and the Maps of
 * checkCaches were most of what that allocated (docs/ARCHITECTURE.md,
 * "Performance"). When it is not so, checkCaches finds out which rule fires.
 */
function clearlyApart(entries: readonly CacheEntry[]): boolean {
  for (let j = 1; j < entries.length; j++) {
    const b: unknown = entries[j];
    if (!isObject(b)) {
      continue;
    }
    const bName = validResourceName(b);
    for (let i = 0; i < j; i++) {
      const a: unknown = entries[i];
      if (!isObject(a)) {
        continue;
      }
      const aName = validResourceName(a);
      if ((aName !== undefined && aName === bName)
        || (typeof b.serviceNameSuffix === 'string' && b.serviceNameSuffix === a.serviceNameSuffix)
        || namesServiceOf(b.serviceNameSuffix, a) || namesServiceOf(a.serviceNameSuffix, b)) {
        return false;
      }
    }
  }
  return true;
}

/** The resource name of a cache with a valid upstream (both looked up in their memos), or undefined. */
function validResourceName(cache: Record<string, unknown>): string | undefined {
  return isValidUpstream(cache.upstream) ? resourceNameOf(cache.upstream) : undefined;
}

/** Whether `suffix` gives the Service name of `cache`, a cache without a suffix (whatever its upstream, as in Gardener). */
function namesServiceOf(suffix: unknown, cache: Record<string, unknown>): boolean {
  if (typeof suffix !== 'string' || typeof cache.upstream !== 'string' || !absent(cache.serviceNameSuffix)) {
    return false;
  }
  const name = resourceNameOf(cache.upstream);
  return name.length === SERVICE_NAME_PREFIX.length + suffix.length && name.startsWith(SERVICE_NAME_PREFIX) && name.endsWith(suffix);
}

function isValidUpstream(upstream: unknown): upstream is string {
  return typeof upstream === 'string' && upstream !== '' && upstreamErrors(upstream).length === 0;
}

/** A URL as `version` reads it back exactly (the form a construct writes), or, when invalid, with its user info hidden. */
export function emittedUrl(url: string, example: string, version: ExtensionVersion): string {
  return urlCheck(url, '', example, version).emitted;
}

// For speed: a landscape names the same few upstreams and URLs again and again; results are shared data, never edited.
const MEMO_SIZE = 1000;
/** Extension versions whose URL checks are kept (a landscape names one or two). */
const MEMO_VERSIONS = 10;
const upstreamMemo = new Map<string, FieldError[]>();
/** Extension version -> field path -> URL -> its check. */
const urlMemo = new Map<string, Map<string, Map<string, UrlCheck>>>();

function upstreamErrors(upstream: unknown): FieldError[] {
  if (typeof upstream !== 'string') {
    return checkUpstream(upstream, 'upstream');
  }
  let errors = upstreamMemo.get(upstream);
  if (errors === undefined) {
    errors = checkUpstream(upstream, 'upstream');
    if (upstreamMemo.size < MEMO_SIZE) {
      upstreamMemo.set(upstream, errors);
    }
  }
  return errors;
}

const resourceNameMemo = new Map<string, string>();

function resourceNameOf(upstream: string): string {
  let name = resourceNameMemo.get(upstream);
  if (name === undefined) {
    name = computedResourceName(upstream);
    if (resourceNameMemo.size < MEMO_SIZE) {
      resourceNameMemo.set(upstream, name);
    }
  }
  return name;
}

function urlCheck(value: unknown, path: string, example: string, version: ExtensionVersion): UrlCheck {
  if (typeof value !== 'string') {
    return checkUrl(value, path, example, { version });
  }
  // Keyed by version, then field, then URL: a lookup builds no key string (it runs for every URL of every cache).
  let byPath = urlMemo.get(version.text);
  if (byPath === undefined) {
    if (urlMemo.size >= MEMO_VERSIONS) {
      return checkUrl(value, path, example, { version });
    }
    urlMemo.set(version.text, byPath = new Map());
  }
  let memo = byPath.get(path);
  if (memo === undefined) {
    byPath.set(path, memo = new Map());
  }
  let r = memo.get(value);
  if (r === undefined) {
    r = checkUrl(value, path, example, { version });
    if (memo.size < MEMO_SIZE) {
      memo.set(value, r);
    }
  }
  return r;
}
