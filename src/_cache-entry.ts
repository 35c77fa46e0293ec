import { FieldError, NO_ERRORS } from './_errors';
import { goDurationOf } from './_rules/duration';
import { ExtensionVersion, NEWEST_KNOWN_VERSION } from './_rules/extension-version';
import { quantityOf } from './_rules/quantity';
import { redactUserInfo } from './_rules/redact';
import { CACHE_FIELD_NAMES, CacheEntry, emittedUrl, PROXY_EXAMPLE, REMOTE_URL_EXAMPLE } from './_rules/registry-config';
import type { CachedUpstreamOptions } from './cached-upstream';

/**
 * The RegistryCache construct's options as Gardener's data: one `caches[]`
 * entry of a RegistryConfig from a `CachedUpstreamOptions` (Size to a quantity
 * string, Duration to a Go duration, URLs in the form the extension reads
 * back), for src/_rules/registry-config.ts to check. Used by registry-cache.ts
 * only; the registry-mirror's options become its data in registry-mirror.ts.
 */

/** The input of one cache: what the user set on CachedUpstreamOptions, but the credential. */
export type CacheInput = Omit<CachedUpstreamOptions, 'credential'>;

/** The Gardener field of each option, for the errors of the conversion. */
const OPTION_FIELDS: ReadonlyArray<readonly [keyof CacheInput, string]> = [
  ['remoteUrl', 'remoteURL'],
  ['volumeSize', 'volume.size'],
  ['storageClassName', 'volume.storageClassName'],
  ['garbageCollectionTtl', 'garbageCollection.ttl'],
  ['httpProxy', 'proxy.httpProxy'],
  ['httpsProxy', 'proxy.httpsProxy'],
  ['tls', 'http.tls'],
  ['highAvailability', 'highAvailability.enabled'],
  ['serviceNameSuffix', 'serviceNameSuffix'],
];

/** A URL option as the extension version reads it back exactly (canonical), or, when invalid, with its user info hidden. */
function urlOf(url: unknown, example: string, version: ExtensionVersion): unknown {
  return typeof url === 'string' ? emittedUrl(url, example, version) : url;
}

/** A value given: neither undefined nor null (a null option is a conversion error). */
function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * One `caches[]` entry from what the user set (and nothing else: no defaults
 * written out, no empty objects), with the errors of the conversion: a Size
 * or Duration that is not one, a null option. URLs are written in the form
 * `version` reads back exactly; other values are passed on as given.
 * `checkRegistryConfig` checks them all. Error paths are relative to the entry.
 */
export function cacheEntryOf(
  input: CacheInput, secretReferenceName?: string, version: ExtensionVersion = NEWEST_KNOWN_VERSION,
): { entry: CacheEntry; errors: FieldError[] } {
  let errors: FieldError[] | undefined;
  // An upstream with user info is an error; an output made without validation must not carry it either.
  const entry: CacheEntry = { upstream: typeof input.upstream === 'string' ? redactUserInfo(input.upstream) : input.upstream };
  if (input.remoteUrl === null || input.volumeSize === null || input.storageClassName === null
    || input.garbageCollectionTtl === null || input.httpProxy === null || input.httpsProxy === null
    || input.tls === null || input.highAvailability === null || input.serviceNameSuffix === null) {
    errors = OPTION_FIELDS.filter(([key]) => input[key] === null).map(([key, field]) => ({
      path: field,
      value: 'null',
      detail: `is null: the option ${key} was given as null`,
      fix: `leave ${key} out (undefined) for Gardener's default, or give a value`,
    }));
  }

  if (given(input.remoteUrl)) {
    entry.remoteURL = urlOf(input.remoteUrl, REMOTE_URL_EXAMPLE, version) as string;
  }
  // A Size or Duration that does not convert is left out: its conversion error says why.
  let size: string | undefined;
  if (given(input.volumeSize)) {
    const r = quantityOf(input.volumeSize, 'volume.size');
    if (r.errors.length > 0) {
      (errors ??= []).push(...r.errors);
    }
    size = r.quantity;
  }
  if (size !== undefined || given(input.storageClassName)) {
    entry.volume = {};
    if (size !== undefined) {
      entry.volume.size = size;
    }
    if (given(input.storageClassName)) {
      entry.volume.storageClassName = input.storageClassName;
    }
  }
  if (given(input.garbageCollectionTtl)) {
    const r = goDurationOf(input.garbageCollectionTtl, 'garbageCollection.ttl');
    if (r.errors.length > 0) {
      (errors ??= []).push(...r.errors);
    }
    if (r.goDuration !== undefined) {
      entry.garbageCollection = { ttl: r.goDuration };
    }
  }
  if (secretReferenceName !== undefined) {
    entry.secretReferenceName = secretReferenceName;
  }
  if (given(input.httpProxy) || given(input.httpsProxy)) {
    entry.proxy = {};
    if (given(input.httpProxy)) {
      entry.proxy.httpProxy = urlOf(input.httpProxy, PROXY_EXAMPLE, version) as string;
    }
    if (given(input.httpsProxy)) {
      entry.proxy.httpsProxy = urlOf(input.httpsProxy, PROXY_EXAMPLE, version) as string;
    }
  }
  if (given(input.tls)) {
    entry.http = { tls: input.tls! };
  }
  if (given(input.highAvailability)) {
    entry.highAvailability = { enabled: input.highAvailability! };
  }
  if (given(input.serviceNameSuffix)) {
    entry.serviceNameSuffix = input.serviceNameSuffix;
  }
  return { entry, errors: errors ?? NO_ERRORS };
}

/**
 * The errors of a conversion and of the check of one cache, in the order of
 * the cache's fields (a conversion error is where the check's would be).
 */
export function mergeCacheErrors(conversion: FieldError[], check: FieldError[]): FieldError[] {
  if (conversion.length === 0) {
    return check;
  }
  if (check.length === 0) {
    return conversion;
  }
  const rank = (e: FieldError): number => {
    const top = e.path.split('.')[0];
    const i = CACHE_FIELD_NAMES.indexOf(top);
    return i < 0 ? -1 : i;
  };
  return [...conversion, ...check].map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map(x => x.e);
}
