import { NO_ENTRIES, SHORT_LIST } from '../_compact';
import { FieldError, NO_ERRORS, quote, safeString, under } from '../_errors';
import { ExtensionVersion } from './extension-version';
import { isObject } from './json';
import { checkMirrorConfig, MIRROR_EXTENSION_TYPE } from './mirror';

/**
 * The Shoot-level rules (reference §3.3, §4): what Gardener checks across a
 * whole Shoot with the registry extensions, beyond one extension's
 * providerConfig. Pure functions over the Shoot's JSON (`core.gardener.cloud/v1beta1`),
 * no cdk8s: the Shoot wiring calls them on the Shoot it amends, and a
 * manifest read from YAML is checked by `checkShootManifest`. Paths are
 * Gardener's, from the Shoot (`spec.extensions[1].providerConfig.mirrors[0].upstream`).
 */

export const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';
export const REGISTRY_CACHE_TYPE = 'registry-cache';
export { MIRROR_EXTENSION_TYPE };

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
 * What Gardener's core validation rejects in `spec.resources` and
 * `spec.extensions` as a Shoot defines them: a resource name or an extension
 * type that is there twice (the whole Shoot is rejected). Both entries are named.
 */
export function checkShootEntries(spec: unknown): FieldError[] {
  if (arrayOf(spec, 'resources').length < 2 && arrayOf(spec, 'extensions').length < 2) {
    return NO_ERRORS; // nothing that could be there twice
  }
  const errors: FieldError[] = [];
  const duplicates = (key: 'resources' | 'extensions', field: 'name' | 'type', fix: string): void => {
    const list = arrayOf(spec, key);
    if (list.length < 2) {
      return;
    }
    const first = new Map<string, number>();
    list.forEach((entry, i) => {
      const value = isObject(entry) ? entry[field] : undefined;
      if (typeof value !== 'string') {
        return;
      }
      const j = first.get(value);
      if (j === undefined) {
        first.set(value, i);
        return;
      }
      errors.push({
        path: `spec.${key}[${i}].${field}`,
        value: quote(value),
        detail: `Duplicate value: spec.${key}[${j}] has the same ${field}, and Gardener's validation rejects the whole Shoot`,
        fix,
      });
    });
  };
  duplicates('resources', 'name', 'give every spec.resources entry its own name, or remove the second one');
  duplicates('extensions', 'type', 'keep one entry per extension type: merge the two entries');
  return errors;
}

/**
 * The registry extension types a Shoot enables: entries of `spec.extensions`
 * with one of our types and without `disabled: true` (Gardener labels, and so
 * validates, only those), in the order of `REGISTRY_EXTENSION_TYPES`, each once.
 */
export function enabledRegistryExtensions(spec: unknown): string[] {
  const enabled = new Set<string>();
  for (const e of arrayOf(spec, 'extensions')) {
    if (isObject(e) && typeof e.type === 'string' && REGISTRY_EXTENSION_TYPES.includes(e.type) && e.disabled !== true) {
      enabled.add(e.type);
    }
  }
  return REGISTRY_EXTENSION_TYPES.filter(t => enabled.has(t));
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
export function checkMirrorCacheOverlap(extensions: unknown): FieldError[] {
  const entries: readonly unknown[] = Array.isArray(extensions) ? extensions : NO_ENTRIES;
  if (!entries.some(isMirror)) {
    return NO_ERRORS; // the usual Shoot: nothing to cross-check
  }
  /** Cache upstream -> where it is. */
  const cached = new Map<string, string>();
  entries.forEach((e, c) => {
    if (!isObject(e) || e.type !== REGISTRY_CACHE_TYPE) {
      return;
    }
    arrayOf(e.providerConfig, 'caches').forEach((cache, j) => {
      if (isObject(cache) && typeof cache.upstream === 'string' && !cached.has(cache.upstream)) {
        cached.set(cache.upstream, `spec.extensions[${c}].providerConfig.caches[${j}]`);
      }
    });
  });
  if (cached.size === 0) {
    return NO_ERRORS;
  }
  const errors: FieldError[] = [];
  entries.forEach((e, m) => {
    if (!isMirror(e)) {
      return;
    }
    arrayOf(e.providerConfig, 'mirrors').forEach((mirror, i) => {
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
  });
  return errors;
}

/** An enabled registry-mirror entry of `spec.extensions`. */
function isMirror(e: unknown): e is Record<string, unknown> {
  return isObject(e) && e.type === MIRROR_EXTENSION_TYPE && e.disabled !== true;
}

/**
 * The references of the registry extensions into `spec.resources`: every
 * `caches[].secretReferenceName` and `mirrors[].hosts[].caBundleSecretReferenceName`
 * of an enabled entry must name a `spec.resources` entry whose `resourceRef`
 * is a `v1` `Secret` (the admission looks it up by name and kind; Gardener
 * allows Secrets only as `v1`).
 */
export function checkResourceReferences(spec: unknown): FieldError[] {
  return checkReferences(arrayOf(spec, 'resources'), arrayOf(spec, 'extensions'));
}

/** `checkResourceReferences` over the lists `spec.resources` and `spec.extensions`. */
export function checkReferences(list: readonly unknown[], extensions: readonly unknown[]): FieldError[] {
  const index = list.length > SHORT_LIST ? firstByName(list) : undefined;
  let errors: FieldError[] | undefined;
  for (let x = 0; x < extensions.length; x++) {
    const e = extensions[x];
    if (!isObject(e) || e.disabled === true) {
      continue;
    }
    if (e.type === REGISTRY_CACHE_TYPE) {
      const caches = arrayOf(e.providerConfig, 'caches');
      for (let j = 0; j < caches.length; j++) {
        const cache = caches[j];
        const problem = isObject(cache) ? referenceProblem(cache.secretReferenceName, list, index) : undefined;
        if (problem !== undefined) {
          (errors ??= []).push({ path: `spec.extensions[${x}].providerConfig.caches[${j}].secretReferenceName`, ...problem });
        }
      }
    } else if (e.type === MIRROR_EXTENSION_TYPE) {
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
 * `v1` Secret, or nothing.
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
  if (ref.apiVersion !== 'v1') {
    return {
      value: quote(name),
      detail: `names spec.resources[${i}], whose resourceRef.apiVersion is ${quote(ref.apiVersion)}: Gardener allows a Secret only as apiVersion v1`,
      fix: `set spec.resources[${i}].resourceRef.apiVersion to "v1"`,
    };
  }
  return undefined;
}

/**
 * Every Shoot-level rule on a Shoot manifest (JSON read from YAML): kind,
 * duplicate entries, workers, the cache/mirror cross-check, the references,
 * and the `providerConfig` of each enabled registry-mirror entry
 * (`checkMirrorConfig`, for `version`). The registry-cache `providerConfig`
 * has its own rules; they are not run here.
 */
export function checkShootManifest(shoot: unknown, version: ExtensionVersion): FieldError[] {
  if (!isObject(shoot)) {
    return [{ path: 'Shoot', value: quote(typeof shoot), detail: 'must be an object', fix: 'give the Shoot manifest' }];
  }
  const spec = shoot.spec;
  const errors = [
    ...checkShootKind(shoot.apiVersion, shoot.kind),
    ...checkShootEntries(spec),
    ...checkWorkers(spec, enabledRegistryExtensions(spec)),
  ];
  arrayOf(spec, 'extensions').forEach((e, x) => {
    if (isObject(e) && e.type === MIRROR_EXTENSION_TYPE && e.disabled !== true) {
      errors.push(...under(`spec.extensions[${x}].providerConfig`, checkMirrorConfig(e.providerConfig, version)));
    }
  });
  errors.push(...checkMirrorCacheOverlap(isObject(spec) ? spec.extensions : undefined));
  errors.push(...checkResourceReferences(spec));
  return errors;
}
