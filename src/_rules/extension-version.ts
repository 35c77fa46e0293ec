import { FieldError, NO_ERRORS, quote, showJson } from '../_errors';

/**
 * Versions of the registry-cache extension (reference §1.5, §7). The
 * extension decodes `providerConfig` strictly: a field the landscape's
 * version does not know rejects the whole Shoot. Pure functions, no cdk8s.
 */

/** The newest extension release the reference lists; the default of `extensionVersion`. */
export const NEWEST_KNOWN_EXTENSION_VERSION = 'v0.24.0';

/** The first version that serves `registry.extensions.gardener.cloud/v1alpha3`, the only version we emit. */
export const FIRST_V1ALPHA3_VERSION = 'v0.7.0';

/** A parsed `vMAJOR.MINOR.PATCH`. */
export interface ExtensionVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As given, e.g. `v0.24.0`. */
  readonly text: string;
}

const VERSION = /^v(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$/;

/** Parses `vMAJOR.MINOR.PATCH`; undefined for anything else. */
export function parseExtensionVersion(text: string): ExtensionVersion | undefined {
  const m = VERSION.exec(text);
  if (!m) {
    return undefined;
  }
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text };
}

/** The default version, parsed. */
export const NEWEST_KNOWN_VERSION: ExtensionVersion = parseExtensionVersion(NEWEST_KNOWN_EXTENSION_VERSION)!;

/** Negative when a is older than b, zero when equal, positive when newer. */
export function compareVersions(a: ExtensionVersion, b: ExtensionVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `version >= since`, where `since` is one of the constants of this module. */
export function isAtLeast(version: ExtensionVersion, since: string): boolean {
  let parsed = SINCE.get(since);
  if (parsed === undefined) {
    parsed = parseExtensionVersion(since)!;
    SINCE.set(since, parsed);
  }
  return compareVersions(version, parsed) >= 0;
}

/** The `since` versions, parsed once (a handful of constants of this module and the rules). */
const SINCE = new Map<string, ExtensionVersion>();

/** The result of checking `extensionVersion`: its errors, and the parsed version when usable. */
export interface ExtensionVersionCheck {
  readonly errors: FieldError[];
  readonly version?: ExtensionVersion;
}

/** The oldest extension version a construct can emit for, and why. */
export interface VersionFloor {
  /** The first version that serves what the construct emits. */
  readonly since: string;
  /** Why older versions cannot be used, completing "is too old: ". */
  readonly reason: string;
}

/** The registry-cache extension: `registry.extensions.gardener.cloud/v1alpha3` from v0.7.0. */
export const REGISTRY_CACHE_FLOOR: VersionFloor = {
  since: FIRST_V1ALPHA3_VERSION,
  reason: `the registry-cache extension serves registry.extensions.gardener.cloud/v1alpha3, the only API version this library emits, from ${FIRST_V1ALPHA3_VERSION} on`,
};

/**
 * `extensionVersion`: a release version `vMAJOR.MINOR.PATCH` of at least
 * `floor.since` (v0.7.0 for the registry cache, the first that serves
 * v1alpha3).
 */
export function checkExtensionVersion(value: unknown, path: string, floor: VersionFloor = REGISTRY_CACHE_FLOOR): ExtensionVersionCheck {
  const fix = `give the version of the registry-cache extension deployed on the landscape as on its release, e.g. ${quote(NEWEST_KNOWN_EXTENSION_VERSION)}`;
  if (typeof value !== 'string') {
    return { errors: [{ path, value: quote(value), detail: 'must be a string', fix }] };
  }
  const version = parseExtensionVersion(value);
  if (version === undefined) {
    return { errors: [{ path, value: quote(value), detail: 'is not a release version of the form vMAJOR.MINOR.PATCH', fix }] };
  }
  if (!isAtLeast(version, floor.since)) {
    return {
      errors: [{
        path,
        value: quote(value),
        detail: `is too old: ${floor.reason}`,
        fix: `upgrade the extension on the landscape to ${floor.since} or newer (${NEWEST_KNOWN_EXTENSION_VERSION} is the newest known) and set extensionVersion to it`,
      }],
    };
  }
  return { errors: [], version };
}

/** A field of a `caches[]` entry that appeared after v0.7.0, and the version that introduced it. */
export interface FieldSince {
  /** The field path relative to the cache, e.g. `proxy`. */
  readonly field: string;
  /** The construct option that sets it, for the fix. */
  readonly option: string;
  /** The first extension version that knows it. */
  readonly since: string;
}

/** The `caches[]` fields newer than v1alpha3 itself (reference §1.2, §1.5). */
export const CACHE_FIELDS_SINCE: readonly FieldSince[] = [
  { field: 'remoteURL', option: 'remoteUrl', since: 'v0.9.0' },
  { field: 'proxy', option: 'httpProxy and httpsProxy', since: 'v0.13.0' },
  { field: 'http', option: 'tls', since: 'v0.14.0' },
  { field: 'highAvailability', option: 'highAvailability', since: 'v0.16.0' },
  { field: 'serviceNameSuffix', option: 'serviceNameSuffix', since: 'v0.18.0' },
];

/** The version from which an upstream may carry a `:port`. */
export const UPSTREAM_PORT_VERSION = 'v0.9.0';

/** The first version that knows every field of CACHE_FIELDS_SINCE and upstream ports (the newest of their versions). */
const KNOWS_EVERY_CACHE_FIELD = [UPSTREAM_PORT_VERSION, ...CACHE_FIELDS_SINCE.map(f => f.since)]
  .reduce((a, b) => compareVersions(parseExtensionVersion(a)!, parseExtensionVersion(b)!) >= 0 ? a : b);

/**
 * The fields of one `caches[]` entry that `version` does not know, and an
 * upstream port before v0.9.0. Paths are relative to the entry; none of
 * these fields holds a credential, so their values are shown.
 *
 * URL fields need no gate here: `checkUrl` follows the chosen version
 * itself, and emits a form that version accepts.
 */
export function checkCacheFieldsKnown(cache: object, version: ExtensionVersion): FieldError[] {
  if (isAtLeast(version, KNOWS_EVERY_CACHE_FIELD)) {
    return NO_ERRORS; // the usual case, checked for every cache: nothing to gate
  }
  const entry = cache as Readonly<Record<string, unknown>>;
  const errors: FieldError[] = [];
  for (const f of CACHE_FIELDS_SINCE) {
    if (entry[f.field] !== undefined && !isAtLeast(version, f.since)) {
      errors.push({
        path: f.field,
        value: showJson(entry[f.field]),
        detail: `is unknown to registry-cache extension ${version.text}: it was introduced in ${f.since}, and the extension decodes strictly, so it would reject the whole Shoot`,
        fix: `upgrade the extension to ${f.since} or newer and set extensionVersion to it, or leave ${f.option} out`,
      });
    }
  }
  const upstream = entry.upstream;
  if (typeof upstream === 'string' && /:[0-9]+$/.test(upstream) && !isAtLeast(version, UPSTREAM_PORT_VERSION)) {
    errors.push({
      path: 'upstream',
      value: quote(upstream),
      detail: `has a port, which registry-cache extension ${version.text} rejects: upstream ports are accepted from ${UPSTREAM_PORT_VERSION} on`,
      fix: `upgrade the extension to ${UPSTREAM_PORT_VERSION} or newer and set extensionVersion to it, or cache a registry on the default port`,
    });
  }
  return errors;
}
