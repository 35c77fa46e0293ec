import { FieldError, quote, safeString } from './_errors';
import { checkTtl } from './_rules/duration';
import { ExtensionVersion, NEWEST_KNOWN_VERSION } from './_rules/extension-version';
import { dns1123LabelProblem, dns1123SubdomainProblem, suggestDnsName } from './_rules/names';
import { checkVolumeSize } from './_rules/quantity';
import { redactUserInfo } from './_rules/redact';
import { computedResourceName } from './_rules/service-name';
import { checkUpstream, hostPortProblem } from './_rules/upstream';
import { checkUrl } from './_rules/url';
import type { CachedUpstreamOptions } from './cached-upstream';

/**
 * Gardener's model, in Gardener's JSON shape (docs/ARCHITECTURE.md, "Rules are pure functions"):
 * `registry.extensions.gardener.cloud/v1alpha3` RegistryConfig. Keys are in
 * the order of the extension's types.go, so the YAML reads like its docs.
 */
export const REGISTRY_CONFIG_API_VERSION = 'registry.extensions.gardener.cloud/v1alpha3';

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

/** The input of one cache: what the user set on CachedUpstreamOptions, but the credential. */
export type CacheInput = Omit<CachedUpstreamOptions, 'credential'>;

/** Max length of `serviceNameSuffix`: resources are named `registry-<suffix>` (63 - 9). */
export const SERVICE_NAME_SUFFIX_MAX = 54;

/**
 * Builds one `caches[]` entry from what the user set (and nothing else: no
 * defaults written out, no empty objects), with the errors of its fields.
 * Error paths are relative to the entry. URLs are checked, and emitted, as
 * `version` of the extension accepts them.
 */
export function buildCacheEntry(
  input: CacheInput, secretReferenceName?: string, version: ExtensionVersion = NEWEST_KNOWN_VERSION,
): { entry: CacheEntry; errors: FieldError[] } {
  const errors: FieldError[] = [];
  errors.push(...checkUpstream(input.upstream, 'upstream'));
  // An upstream with user info is an error; an output made without validation must not carry it either.
  const entry: CacheEntry = { upstream: typeof input.upstream === 'string' ? redactUserInfo(input.upstream) : input.upstream };

  if (input.remoteUrl !== undefined) {
    const r = checkUrl(input.remoteUrl, 'remoteURL', 'https://registry-1.docker.io', { version });
    errors.push(...r.errors);
    entry.remoteURL = r.emitted;
  }
  if (input.volumeSize !== undefined || input.storageClassName !== undefined) {
    entry.volume = {};
    if (input.volumeSize !== undefined) {
      const r = checkVolumeSize(input.volumeSize, 'volume.size');
      errors.push(...r.errors);
      entry.volume.size = r.quantity ?? '';
    }
    if (input.storageClassName !== undefined) {
      const problem = typeof input.storageClassName === 'string' ? dns1123SubdomainProblem(input.storageClassName) : 'must be a string';
      if (problem !== undefined) {
        errors.push({
          path: 'volume.storageClassName',
          value: quote(input.storageClassName),
          detail: problem,
          fix: `give the name of a StorageClass of the Shoot, e.g. ${quote(suggestDnsName(safeString(input.storageClassName)))}, or leave it out for the default StorageClass`,
        });
      }
      entry.volume.storageClassName = input.storageClassName;
    }
  }
  if (input.garbageCollectionTtl !== undefined) {
    const r = checkTtl(input.garbageCollectionTtl, 'garbageCollection.ttl');
    errors.push(...r.errors);
    entry.garbageCollection = { ttl: r.goDuration ?? '' };
  }
  if (secretReferenceName !== undefined) {
    entry.secretReferenceName = secretReferenceName;
  }
  if (input.httpProxy !== undefined || input.httpsProxy !== undefined) {
    entry.proxy = {};
    if (input.httpProxy !== undefined) {
      const r = checkUrl(input.httpProxy, 'proxy.httpProxy', 'http://proxy.example.com:3128', { version });
      errors.push(...r.errors);
      entry.proxy.httpProxy = r.emitted;
    }
    if (input.httpsProxy !== undefined) {
      const r = checkUrl(input.httpsProxy, 'proxy.httpsProxy', 'http://proxy.example.com:3128', { version });
      errors.push(...r.errors);
      entry.proxy.httpsProxy = r.emitted;
    }
  }
  if (input.tls !== undefined) {
    errors.push(...checkBoolean(input.tls, 'http.tls'));
    entry.http = { tls: input.tls };
  }
  if (input.highAvailability !== undefined) {
    errors.push(...checkBoolean(input.highAvailability, 'highAvailability.enabled'));
    entry.highAvailability = { enabled: input.highAvailability };
  }
  if (input.serviceNameSuffix !== undefined) {
    errors.push(...checkServiceNameSuffix(input.serviceNameSuffix, 'serviceNameSuffix'));
    entry.serviceNameSuffix = input.serviceNameSuffix;
  }
  return { entry, errors };
}

function checkBoolean(value: unknown, path: string): FieldError[] {
  return typeof value === 'boolean' ? [] : [{ path, value: quote(value), detail: 'must be true or false', fix: 'pass a boolean' }];
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
  return [];
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
  const errors: FieldError[] = [];
  if (entries.length === 0) {
    errors.push({ path: 'caches', detail: 'at least one cache must be provided', fix: 'add an upstream with addUpstream(...), or remove the RegistryCache' });
    return errors;
  }
  /** Upstream -> index of its first cache. */
  const upstreams = new Map<string, number>();
  /** Suffix -> index of its first cache. */
  const suffixes = new Map<string, number>();
  /** Resource name -> index of the first cache that gets it. */
  const resourceNames = new Map<string, number>();
  /** Service name of a cache without suffix -> its index. */
  const unsuffixedServiceNames = new Map<string, number>();

  entries.forEach((e, j) => {
    if (!isValidUpstream(e.upstream)) {
      return; // its own error is reported by buildCacheEntry
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
    const name = computedResourceName(e.upstream);
    const other = resourceNames.get(name);
    if (other !== undefined) {
      errors.push({
        path: `caches[${j}].upstream`,
        value: quote(e.upstream),
        detail: `gives the same resource name ${quote(name)} as caches[${other}].upstream ${quote(entries[other].upstream)}; the extension would create clashing StatefulSets, Secrets and volumes (a serviceNameSuffix renames only the Service)`,
        fix: 'cache only one of the two upstreams in this Shoot',
      });
    } else {
      resourceNames.set(name, j);
    }
    if (e.serviceNameSuffix === undefined) {
      unsuffixedServiceNames.set(name, j);
    }
  });

  entries.forEach((e, j) => {
    const suffix = e.serviceNameSuffix;
    if (typeof suffix !== 'string' || !isValidUpstream(e.upstream) || upstreams.get(e.upstream) !== j) {
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
    const name = `registry-${suffix}`;
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

function isValidUpstream(upstream: unknown): upstream is string {
  return typeof upstream === 'string' && hostPortProblem(upstream) === undefined;
}
