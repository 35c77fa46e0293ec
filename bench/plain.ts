/**
 * The same manifests written with cdk8s alone (this file never imports the
 * library, so a process rendering these ways never loads it):
 *
 * - `control`: the library's construct tree with empty constructs where the
 *   library has its own, ApiObjects holding the final documents; `controlProps`,
 *   the same for the `upstreams` prop (no construct per cache);
 * - `baseline`: plain ApiObjects a user writes by hand, same content;
 * - `baselineProps`: the baseline with everything in the props (other key order).
 *
 * Byte-identical output needs one detail in the baseline: cdk8s sorts the keys
 * of an ApiObject's props, but not what JSON patches add, and the library
 * adds the extension entry and the resources with patches (keeping Gardener's
 * field order in the RegistryConfig). So the hand-written Shoot gets the same
 * two entries with `addJsonPatch` too; `baselineProps` (not byte-identical:
 * sorted keys) shows what writing them into the props instead would cost.
 */
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Layout, scopes } from './layout';
import { CacheSpec, CredentialSpec, Landscape, NamespaceSpec, ShootSpec } from './scenario';

/** The Secret of a credential, as the library documents it. */
export function secretManifest(namespace: string, c: CredentialSpec): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${c.name}-v${c.version}`, namespace },
    data: {
      password: Buffer.from(c.password, 'utf-8').toString('base64'),
      username: Buffer.from(c.username, 'utf-8').toString('base64'),
    },
    immutable: true,
    type: 'Opaque',
  };
}

/** One `caches[]` entry, keys in the order of the extension's types.go. */
export function cacheEntry(ns: NamespaceSpec, c: CacheSpec): Record<string, any> {
  const entry: Record<string, any> = { upstream: c.upstream };
  if (c.remoteUrl !== undefined) entry.remoteURL = c.remoteUrl;
  if (c.volumeSizeGi !== undefined || c.storageClassName !== undefined) {
    entry.volume = {};
    if (c.volumeSizeGi !== undefined) entry.volume.size = `${c.volumeSizeGi}Gi`;
    if (c.storageClassName !== undefined) entry.volume.storageClassName = c.storageClassName;
  }
  if (c.garbageCollectionTtlHours !== undefined) entry.garbageCollection = { ttl: `${c.garbageCollectionTtlHours}h` };
  if (c.credential !== undefined) entry.secretReferenceName = ns.credentials[c.credential].name;
  if (c.highAvailability !== undefined) entry.highAvailability = { enabled: c.highAvailability };
  if (c.serviceNameSuffix !== undefined) entry.serviceNameSuffix = c.serviceNameSuffix;
  return entry;
}

/** The `spec.extensions` entry of the registry cache. */
export function extensionEntry(ns: NamespaceSpec, s: ShootSpec): Record<string, any> {
  return {
    type: 'registry-cache',
    providerConfig: {
      apiVersion: 'registry.extensions.gardener.cloud/v1alpha3',
      kind: 'RegistryConfig',
      caches: s.caches.map(c => cacheEntry(ns, c)),
    },
  };
}

/** The `spec.resources` entries: one per credential the Shoot's caches use, in order of first use. */
export function resourceEntries(ns: NamespaceSpec, s: ShootSpec): Record<string, any>[] {
  const used: number[] = [];
  for (const c of s.caches) {
    if (c.credential !== undefined && !used.includes(c.credential)) used.push(c.credential);
  }
  return used.map(i => {
    const c = ns.credentials[i];
    return { name: c.name, resourceRef: { apiVersion: 'v1', kind: 'Secret', name: `${c.name}-v${c.version}` } };
  });
}

/** The Shoot as the baseline writes it: its definition, and the two entries added by JSON patches. */
function patchedShoot(scope: Construct, ns: NamespaceSpec, s: ShootSpec): ApiObject {
  const shoot = new ApiObject(scope, s.name, s.definition as any);
  shoot.addJsonPatch(
    JsonPatch.add('/spec/extensions', [extensionEntry(ns, s)]),
    JsonPatch.add('/spec/resources', resourceEntries(ns, s)),
  );
  return shoot;
}

// ---------------------------------------------- 1c. the empty-construct controls

/**
 * The library's construct tree without the library's code: an empty Construct
 * wherever the library has a construct of its own (RegistryCacheCredential,
 * its VersionedSecret `Secret`, RegistryCache, one CachedUpstream per cache),
 * and ApiObjects holding the final documents where the library has ApiObjects
 * (the Secret, id `Resource`, under the VersionedSecret; the Shoot, with the
 * baseline's two patches). Same ids, same paths, same bytes. What `library`
 * (with `addUpstream`) costs beyond this is the library's own code: building
 * entries, rules, validations, extra patches, allocations and their GC. What
 * this costs beyond `baseline` is cdk8s' price for the constructs the API makes.
 */
export const control = (landscape: Landscape, layout: Layout): string => emptyTree(landscape, layout, true);

/**
 * The same for the `upstreams` prop: its construct tree (no CachedUpstream),
 * empty. What `libraryUpstreamsProp` costs beyond this is the library's own
 * code; what this costs beyond `baseline`, the constructs that way creates.
 * Not a target's denominator (the upstreams prop is held to the baseline):
 * it tells the two apart.
 */
export const controlProps = (landscape: Landscape, layout: Layout): string => emptyTree(landscape, layout, false);

function emptyTree(landscape: Landscape, layout: Layout, constructPerCache: boolean): string {
  const app = new App();
  const scopeOf = scopes(app, layout);
  for (const ns of landscape.namespaces) {
    const scope = scopeOf(ns);
    for (const c of ns.credentials) {
      const credential = new Construct(scope, c.name);
      const versionedSecret = new Construct(credential, 'Secret');
      new ApiObject(versionedSecret, 'Resource', secretManifest(ns.name, c) as any);
    }
    for (const s of ns.shoots) {
      patchedShoot(scope, ns, s);
      const cache = new Construct(scope, `${s.name}-registry-cache`);
      if (constructPerCache) {
        for (const c of s.caches) {
          new Construct(cache, c.id);
        }
      }
    }
  }
  return app.synthYaml();
}

// --------------------------------------------------------------- 2. baseline

export const baseline = (landscape: Landscape, layout: Layout): string => {
  const app = new App();
  const scopeOf = scopes(app, layout);
  for (const ns of landscape.namespaces) {
    const scope = scopeOf(ns);
    for (const c of ns.credentials) {
      new ApiObject(scope, c.name, secretManifest(ns.name, c) as any);
    }
    for (const s of ns.shoots) {
      patchedShoot(scope, ns, s);
    }
  }
  return app.synthYaml();
};

/** The baseline with everything in the props (cdk8s sorts all keys): same content, other key order. */
export const baselineProps = (landscape: Landscape, layout: Layout): string => {
  const app = new App();
  const scopeOf = scopes(app, layout);
  for (const ns of landscape.namespaces) {
    const scope = scopeOf(ns);
    for (const c of ns.credentials) {
      new ApiObject(scope, c.name, secretManifest(ns.name, c) as any);
    }
    for (const s of ns.shoots) {
      const d = s.definition;
      new ApiObject(scope, s.name, {
        ...d,
        spec: { ...d.spec, extensions: [extensionEntry(ns, s)], resources: resourceEntries(ns, s) },
      } as any);
    }
  }
  return app.synthYaml();
};
