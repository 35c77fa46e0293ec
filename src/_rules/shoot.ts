import { NO_ENTRIES, SHORT_LIST } from '../_compact';
import { validatedEntry } from './entries';
import { FieldError, NO_ERRORS, quote, safeString, under } from '../_errors';
import { ExtensionVersion } from './extension-version';
import { isObject } from './json';
import { checkMirrorConfig, MIRROR_EXTENSION_TYPE } from './mirror';
import { dns1123LabelProblem } from './names';
import { checkRegistryConfig, REGISTRY_CACHE_TYPE } from './registry-config';

/**
 * The Shoot-level rules (reference §3.3, §4): what Gardener checks across a
 * whole Shoot with the registry extensions, beyond one extension's
 * providerConfig. Pure functions over the Shoot's JSON (`core.gardener.cloud/v1beta1`),
 * no cdk8s: the Shoot wiring calls them on the Shoot it amends, and a
 * manifest read from YAML is checked by `checkShootManifest`. Paths are
 * Gardener's, from the Shoot (`spec.extensions[1].providerConfig.mirrors[0].upstream`).
 */

export const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';

/** The extension types of this library, in the order their entries are written. */
export const REGISTRY_EXTENSION_TYPES: readonly string[] = [REGISTRY_CACHE_TYPE, MIRROR_EXTENSION_TYPE];

/** An array field of a spec, or no entries when it is missing or not an array. */
function arrayOf(object: unknown, key: string): readonly unknown[] {
  const value = isObject(object) ? object[key] : undefined;
  return Array.isArray(value) ? value : NO_ENTRIES;
}

/*
 * The wiring runs these rules on every Shoot at every synth, thousands of
 * times: on the usual Shoot they find nothing, and then they allocate
 * nothing either (no closure, no Map for a list of a few entries, the shared
 * NO_ERRORS), since all a synth allocates is later collected at its cost
 * (docs/ARCHITECTURE.md, "Performance").
 */

/** `apiVersion` and `kind` of a Shoot. */
export function checkShootKind(apiVersion: unknown, kind: unknown): FieldError[] {
  if (apiVersion === SHOOT_API_VERSION && kind === 'Shoot') {
    return NO_ERRORS;
  }
  return [{
    path: 'apiVersion/kind',
    value: quote(`${String(apiVersion)}/${String(kind)}`),
    detail: `is not a Gardener Shoot (${SHOOT_API_VERSION}, kind Shoot)`,
    fix: 'pass the ApiObject of the Shoot',
  }];
}

/**
 * What Gardener's own validation of a Shoot (`ValidateShoot`: `validateExtensions`
 * and `ValidateResources`) rejects in `spec.extensions` and `spec.resources`,
 * for every entry, whoever wrote it (the whole Shoot is rejected):
 * - an extension without a type, a type that is not a DNS-1123 label, a type
 *   there twice;
 * - a resource without a name, a name there twice, and a `resourceRef` that
 *   lacks its apiVersion, kind or name or refers to anything but a `v1`
 *   Secret or ConfigMap or a `security.gardener.cloud/v1alpha1` WorkloadIdentity.
 * Of a duplicate, the second entry is named, with the first in the detail.
 */
export function checkShootEntries(spec: unknown): FieldError[] {
  let errors: FieldError[] | undefined;
  const add = (e: FieldError): void => {
    (errors ??= []).push(e);
  };
  const extensions = arrayOf(spec, 'extensions');
  let types: Map<string, number> | undefined;
  for (let i = 0; i < extensions.length; i++) {
    const e = extensions[i];
    const type = isObject(e) ? e.type : undefined;
    const path = `spec.extensions[${i}].type`;
    if (!isObject(e)) {
      add({ path: `spec.extensions[${i}]`, value: quote(e), detail: 'must be an object with a type', fix: 'give the entry as { type: <extension type> }' });
      continue;
    }
    if (type !== undefined && type !== null && typeof type !== 'string') {
      add({ path, value: quote(type), detail: 'must be a string: Gardener cannot decode the Shoot', fix: 'give the extension type as a string, e.g. "registry-cache"' });
      continue;
    }
    const t = type ?? '';
    if (t === '') {
      add({ path, detail: 'Required value: field must not be empty', fix: 'give the extension\'s type, e.g. "registry-cache"' });
    } else {
      const problem = dns1123LabelProblem(t);
      if (problem !== undefined) {
        add({ path, value: quote(t), detail: `Invalid value: an extension type ${problem}`, fix: `use the type the extension is registered with, e.g. "${REGISTRY_CACHE_TYPE}"` });
      }
    }
    const j = (types ??= new Map()).get(t);
    if (j === undefined) {
      types.set(t, i);
    } else {
      add({ path, value: quote(t), detail: `Duplicate value: spec.extensions[${j}] has the same type, and Gardener's validation rejects the whole Shoot`, fix: 'keep one entry per extension type: merge the two entries' });
    }
  }
  const resources = arrayOf(spec, 'resources');
  let names: Map<string, number> | undefined;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i];
    const at = `spec.resources[${i}]`;
    if (!isObject(r)) {
      add({ path: at, value: quote(r), detail: 'must be an object with a name and a resourceRef', fix: 'give the entry as { name: <name>, resourceRef: { apiVersion: v1, kind: Secret, name: <the Secret> } }' });
      continue;
    }
    const name = stringField(r, 'name', at, add);
    if (name === '') {
      add({ path: `${at}.name`, detail: 'Required value: field must not be empty', fix: 'give the entry the name that extensions reference it by' });
    } else if (name !== undefined) {
      const j = (names ??= new Map()).get(name);
      if (j === undefined) {
        names.set(name, i);
      } else {
        add({ path: `${at}.name`, value: quote(name), detail: `Duplicate value: spec.resources[${j}] has the same name, and Gardener's validation rejects the whole Shoot`, fix: 'give every spec.resources entry its own name, or remove the second one' });
      }
    }
    checkResourceRef(r.resourceRef, `${at}.resourceRef`, add);
  }
  return errors ?? NO_ERRORS;
}

/** The kinds a `spec.resources` entry may refer to (Gardener's `validateCrossVersionObjectReference`, as `group/version, Kind=kind`). */
const RESOURCE_KINDS: readonly string[] = ['/v1, Kind=Secret', '/v1, Kind=ConfigMap', 'security.gardener.cloud/v1alpha1, Kind=WorkloadIdentity'];

/** `resourceRef` of a `spec.resources` entry: a CrossVersionObjectReference to one of `RESOURCE_KINDS`. */
function checkResourceRef(ref: unknown, at: string, add: (e: FieldError) => void): void {
  if (ref !== undefined && ref !== null && !isObject(ref)) {
    add({ path: at, value: quote(ref), detail: 'must be an object: Gardener cannot decode the Shoot', fix: 'give resourceRef as { apiVersion: v1, kind: Secret, name: <the Secret> }' });
    return;
  }
  const object = isObject(ref) ? ref : {};
  const apiVersion = stringField(object, 'apiVersion', at, add);
  const kind = stringField(object, 'kind', at, add);
  const name = stringField(object, 'name', at, add);
  if (apiVersion === '') {
    add({ path: `${at}.apiVersion`, detail: 'Required value: must provide an apiVersion', fix: 'set apiVersion: v1 (a Secret or ConfigMap)' });
  }
  if (kind === '') {
    add({ path: `${at}.kind`, detail: 'Required value: must provide a kind', fix: 'set kind: Secret' });
  }
  if (apiVersion !== undefined && kind !== undefined) {
    const parts = apiVersion.split('/');
    if (parts.length > 2) {
      add({ path: at, value: quote(apiVersion), detail: `cannot determine GroupVersionKind for specified reference: unexpected GroupVersion string: ${safeString(apiVersion)}`, fix: 'set apiVersion to "v1" (a Secret or ConfigMap)' });
    } else {
      const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
      const gvk = `${group}/${version}, Kind=${kind}`;
      if (!RESOURCE_KINDS.includes(gvk)) {
        add({
          path: at,
          value: quote(gvk),
          detail: `Unsupported value: supported values: ${RESOURCE_KINDS.map(k => `"${k}"`).join(', ')}`,
          fix: 'refer to a Secret as { apiVersion: v1, kind: Secret, name: <the Secret> }',
        });
      }
    }
  }
  if (name === '') {
    add({ path: `${at}.name`, detail: 'Required value: must provide a name', fix: 'set name to the Secret\'s name in the project namespace' });
  }
}

/**
 * A string field of a `spec.resources` entry as Gardener decodes it: missing or null is '', another type is
 * reported (the Shoot does not decode) and gives undefined.
 */
function stringField(object: Record<string, unknown>, key: string, at: string, add: (e: FieldError) => void): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    add({ path: `${at}.${key}`, value: quote(value), detail: 'must be a string: Gardener cannot decode the Shoot', fix: `give ${key} as a string` });
    return undefined;
  }
  return value;
}

/**
 * The registry extension types a Shoot enables: entries of `spec.extensions`
 * with one of our types and without `disabled: true` (Gardener labels, and so
 * validates, only those), in the order of `REGISTRY_EXTENSION_TYPES`, each once.
 */
export function enabledRegistryExtensions(spec: unknown, before?: unknown): string[] {
  if (before !== undefined) {
    // On an update: the types whose validator runs and finds an entry (validatedEntry).
    return REGISTRY_EXTENSION_TYPES.filter(t => validatedEntry(arrayOf(spec, 'extensions'), t, arrayOf(before, 'extensions')) >= 0);
  }
  const enabled = new Set<string>();
  for (const e of arrayOf(spec, 'extensions')) {
    if (isObject(e) && typeof e.type === 'string' && REGISTRY_EXTENSION_TYPES.includes(e.type) && e.disabled !== true) {
      enabled.add(e.type);
    }
  }
  return REGISTRY_EXTENSION_TYPES.filter(t => enabled.has(t));
}

/** The first entry of `type` in `spec.extensions`, enabled or not, or -1 (the extension's `helper.FindExtension`). */
function firstEntry(extensions: readonly unknown[], type: string): number {
  return extensions.findIndex(e => isObject(e) && e.type === type);
}

/**
 * The workers of a Shoot that enables the registry extensions
 * (`extensionTypes`, e.g. `['registry-cache']`):
 * - there must be workers: the extensions are not registered as
 *   workerless-capable, so Gardener's extension admission rejects a
 *   workerless Shoot;
 * - every worker runs containerd: a worker without `cri` defaults to it, but
 *   `cri: {}` has an empty name, which the admission compares with
 *   `containerd` and rejects.
 */
export function checkWorkers(spec: unknown, extensionTypes: readonly string[]): FieldError[] {
  if (extensionTypes.length === 0) {
    return NO_ERRORS;
  }
  const provider = isObject(spec) ? spec.provider : undefined;
  const workers = isObject(provider) ? provider.workers : undefined;
  if (workers !== undefined && workers !== null && !Array.isArray(workers)) {
    return [{ path: 'spec.provider.workers', value: quote(typeof workers), detail: 'must be an array of worker pools', fix: 'give spec.provider.workers as a list of worker pools' }];
  }
  if (!Array.isArray(workers) || workers.length === 0) {
    return [{
      path: 'spec.provider.workers',
      detail: `the Shoot has no workers, and the ${extensionsNamed(extensionTypes)} not registered for workerless Shoots: Gardener rejects it ("given Shoot is workerless and uses non-supported extension type")`,
      fix: 'add a worker pool to spec.provider.workers (the registry runs on the nodes), or leave the registry extensions out of a workerless Shoot',
    }];
  }
  let errors: FieldError[] | undefined;
  for (let i = 0; i < workers.length; i++) {
    const w: unknown = workers[i];
    if (!isObject(w) || w.cri === undefined || w.cri === null) {
      continue; // no cri: Gardener defaults it to containerd
    }
    if (!isObject(w.cri)) {
      (errors ??= []).push({ path: `spec.provider.workers[${i}].cri`, value: quote(typeof w.cri), detail: 'must be an object such as { name: containerd }', fix: 'set cri to { name: containerd }, or leave cri out (containerd is the default)' });
      continue;
    }
    const name = w.cri.name;
    if (name === undefined || name === null || name === '') {
      (errors ??= []).push({
        path: `spec.provider.workers[${i}].cri.name`,
        value: name === undefined ? undefined : quote(name),
        detail: `${containerdNeeded(extensionTypes)}: a cri without a name is not defaulted (only a worker without cri at all gets containerd), and the admission compares the empty name with "containerd"`,
        fix: 'set cri.name to "containerd", or leave cri out',
      });
    } else if (name !== 'containerd') {
      (errors ??= []).push({
        path: `spec.provider.workers[${i}].cri.name`,
        value: quote(name),
        detail: containerdNeeded(extensionTypes),
        fix: 'set cri.name to "containerd" or leave cri out (containerd is the default)',
      });
    }
  }
  return errors ?? NO_ERRORS;
}

function containerdNeeded(extensionTypes: readonly string[]): string {
  return `container runtime needs to be containerd when the ${extensionsNamed(extensionTypes)} enabled`;
}

/** "registry-cache extension is", "registry-cache and registry-mirror extensions are". */
function extensionsNamed(extensionTypes: readonly string[]): string {
  return `${extensionTypes.join(' and ')} extension${extensionTypes.length > 1 ? 's are' : ' is'}`;
}

/**
 * The cross-check of the registry-mirror admission: a mirror upstream that
 * is also a cache upstream of the same Shoot is invalid, at Gardener's path
 * `spec.extensions[<m>].providerConfig.mirrors[<i>].upstream`. Over the
 * Shoot's whole `spec.extensions`, whoever wrote the entries; one check
 * covers both directions (a mirror added to a Shoot with caches, a cache
 * added to a Shoot with mirrors). A disabled registry-mirror entry is not
 * validated by Gardener, so it is skipped.
 */
export function checkMirrorCacheOverlap(extensions: unknown, before: readonly unknown[] = NO_ENTRIES): FieldError[] {
  const entries: readonly unknown[] = Array.isArray(extensions) ? extensions : NO_ENTRIES;
  const m = entries.length === 0 ? -1 : validatedEntry(entries, MIRROR_EXTENSION_TYPE, before);
  const c = m < 0 ? -1 : firstEntry(entries, REGISTRY_CACHE_TYPE);
  if (c < 0) {
    return NO_ERRORS; // the usual Shoot: nothing to cross-check
  }
  const mirrorConfig = (entries[m] as Record<string, unknown>).providerConfig;
  if (mirrorConfig === undefined || mirrorConfig === null) {
    return NO_ERRORS; // the mirror validator stops at its own missing providerConfig (its rule reports it)
  }
  const cacheEntry = entries[c] as Record<string, unknown>;
  if (cacheEntry.providerConfig === undefined || cacheEntry.providerConfig === null) {
    return [{
      path: `spec.extensions[${c}].providerConfig`,
      detail: 'providerConfig is not available for registry-cache extension: the registry-mirror admission reads the registry-cache entry\'s caches to cross-check its mirrors, and rejects the Shoot without them (even when that entry is disabled)',
      fix: 'give the registry-cache entry its providerConfig (a RegistryConfig with its caches), or remove the entry',
    }];
  }
  /** Cache upstream -> where it is. */
  const cached = new Map<string, string>();
  arrayOf(cacheEntry.providerConfig, 'caches').forEach((cache, j) => {
    if (isObject(cache) && typeof cache.upstream === 'string' && !cached.has(cache.upstream)) {
      cached.set(cache.upstream, `spec.extensions[${c}].providerConfig.caches[${j}]`);
    }
  });
  if (cached.size === 0) {
    return NO_ERRORS;
  }
  const errors: FieldError[] = [];
  arrayOf(mirrorConfig, 'mirrors').forEach((mirror, i) => {
    const upstream = isObject(mirror) ? mirror.upstream : undefined;
    const cache = typeof upstream === 'string' ? cached.get(upstream) : undefined;
    if (cache !== undefined) {
      errors.push({
        path: `spec.extensions[${m}].providerConfig.mirrors[${i}].upstream`,
        value: quote(upstream),
        detail: `upstream host '${upstream}' is also configured as a registry cache upstream (${cache}): the registry-mirror admission rejects the Shoot`,
        fix: 'a registry is either cached or mirrored on one Shoot: remove it from the mirrors or from the caches',
      });
    }
  });
  return errors;
}

/**
 * The references of the registry extensions into `spec.resources`: every
 * `caches[].secretReferenceName` and `mirrors[].hosts[].caBundleSecretReferenceName`
 * of an enabled entry must name a `spec.resources` entry whose `resourceRef`
 * is a `Secret` (the admission looks it up by name and kind; that it is a `v1`
 * Secret is `checkShootEntries`' rule, at the entry's `resourceRef`).
 */
export function checkResourceReferences(spec: unknown, before: readonly unknown[] = NO_ENTRIES): FieldError[] {
  return checkReferences(arrayOf(spec, 'resources'), arrayOf(spec, 'extensions'), before);
}

/** `checkResourceReferences` over the lists `spec.resources` and `spec.extensions`. */
export function checkReferences(list: readonly unknown[], extensions: readonly unknown[], before: readonly unknown[] = NO_ENTRIES): FieldError[] {
  const index = list.length > SHORT_LIST ? firstByName(list) : undefined;
  let errors: FieldError[] | undefined;
  const c = validatedEntry(extensions, REGISTRY_CACHE_TYPE, before);
  const m = validatedEntry(extensions, MIRROR_EXTENSION_TYPE, before);
  for (const x of [c, m]) {
    if (x < 0) {
      continue;
    }
    const e = extensions[x] as Record<string, unknown>;
    if (x === c) {
      const caches = arrayOf(e.providerConfig, 'caches');
      for (let j = 0; j < caches.length; j++) {
        const cache = caches[j];
        const problem = isObject(cache) ? referenceProblem(cache.secretReferenceName, list, index) : undefined;
        if (problem !== undefined) {
          (errors ??= []).push({ path: `spec.extensions[${x}].providerConfig.caches[${j}].secretReferenceName`, ...problem });
        }
      }
    } else {
      const mirrors = arrayOf(e.providerConfig, 'mirrors');
      for (let i = 0; i < mirrors.length; i++) {
        const hosts = arrayOf(mirrors[i], 'hosts');
        for (let j = 0; j < hosts.length; j++) {
          const host = hosts[j];
          const problem = isObject(host) ? referenceProblem(host.caBundleSecretReferenceName, list, index) : undefined;
          if (problem !== undefined) {
            (errors ??= []).push({ path: `spec.extensions[${x}].providerConfig.mirrors[${i}].hosts[${j}].caBundleSecretReferenceName`, ...problem });
          }
        }
      }
    }
  }
  return errors ?? NO_ERRORS;
}

/** The index of the first entry of each name in `spec.resources` (for a long list). */
function firstByName(resources: readonly unknown[]): Map<string, number> {
  const index = new Map<string, number>();
  resources.forEach((r, i) => {
    if (isObject(r) && typeof r.name === 'string' && !index.has(r.name)) {
      index.set(r.name, i);
    }
  });
  return index;
}

/** The index of the first `spec.resources` entry named `name`, through `index` when the list has one, or -1. */
function resourceIndex(name: string, resources: readonly unknown[], index: Map<string, number> | undefined): number {
  if (index !== undefined) {
    return index.get(name) ?? -1;
  }
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i];
    if (isObject(r) && r.name === name) {
      return i;
    }
  }
  return -1;
}

/**
 * What is wrong with one reference into `spec.resources` (its error but the
 * path, which the caller builds only then), or undefined when it names a
 * Secret, or nothing.
 */
function referenceProblem(
  name: unknown, resources: readonly unknown[], index: Map<string, number> | undefined,
): Omit<FieldError, 'path'> | undefined {
  if (name === undefined || name === null) {
    return undefined;
  }
  const i = typeof name === 'string' ? resourceIndex(name, resources, index) : -1;
  const ref = i < 0 ? undefined : (resources[i] as Record<string, unknown>).resourceRef;
  if (i < 0 || !isObject(ref) || ref.kind !== 'Secret') {
    const found = i < 0 ? '' : ` (spec.resources[${i}] refers to ${isObject(ref) ? `a ${quote(ref.kind)}` : 'nothing'})`;
    return {
      value: quote(name),
      detail: `failed to find referenced resource with name ${safeString(name)} and kind Secret${found}`,
      fix: `add a spec.resources entry { name: ${quote(safeString(name))}, resourceRef: { apiVersion: v1, kind: Secret, name: <the Secret> } }, or reference an existing one`,
    };
  }
  return undefined;
}

/**
 * Every rule on a Shoot manifest (JSON read from YAML), as the check command
 * runs them: kind, duplicate entries, workers, the `providerConfig` of the
 * registry-cache and the registry-mirror entry the extension's validators
 * check (`checkRegistryConfig` and `checkMirrorConfig`, for `version`), the
 * cache/mirror cross-check and the references. The constructs run the same
 * rules piece by piece, as they build the Shoot (src/_shoot.ts).
 */
export function checkShootManifest(shoot: unknown, version: ExtensionVersion, previous?: unknown): FieldError[] {
  if (!isObject(shoot)) {
    return [{ path: 'Shoot', value: quote(typeof shoot), detail: 'must be an object', fix: 'give the Shoot manifest' }];
  }
  const spec = shoot.spec;
  // On an update (the check command's --previous), the Shoot deployed before.
  const previousSpec = isObject(previous) ? previous.spec : undefined;
  const errors = [
    ...checkShootKind(shoot.apiVersion, shoot.kind),
    ...checkShootEntries(spec),
    ...checkWorkers(spec, enabledRegistryExtensions(spec, previousSpec)),
  ];
  const extensions = arrayOf(spec, 'extensions');
  const before = arrayOf(previousSpec, 'extensions');
  const c = validatedEntry(extensions, REGISTRY_CACHE_TYPE, before);
  if (c >= 0) {
    errors.push(...under(`spec.extensions[${c}].providerConfig`, checkRegistryConfig((extensions[c] as Record<string, unknown>).providerConfig, version)));
  }
  const m = validatedEntry(extensions, MIRROR_EXTENSION_TYPE, before);
  if (m >= 0) {
    errors.push(...under(`spec.extensions[${m}].providerConfig`, checkMirrorConfig((extensions[m] as Record<string, unknown>).providerConfig, version)));
  }
  errors.push(...checkMirrorCacheOverlap(isObject(spec) ? spec.extensions : undefined, before));
  errors.push(...checkResourceReferences(spec, before));
  return errors;
}
