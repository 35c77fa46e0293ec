/**
 * The three ways to render the same landscape, each returning the YAML:
 *
 * 1. `library`: the constructs of this library, `app.synthYaml()` (which
 *    validates, like `cdk8s synth`);
 * 2. `baseline`: plain cdk8s ApiObjects a user writes by hand, same content,
 *    `app.synthYaml()`;
 * 3. `floor`: the same plain objects serialized with the `yaml` package and
 *    the options cdk8s uses, without cdk8s.
 *
 * Byte-identical output needs one detail in the baseline: cdk8s sorts the keys
 * of an ApiObject's props, but not what JSON patches add, and the library
 * adds the extension entry and the resources with patches (keeping Gardener's
 * field order in the RegistryConfig). So the hand-written Shoot gets the same
 * two entries with `addJsonPatch` too; `baselineProps` (not byte-identical:
 * sorted keys) shows what writing them into the props instead would cost.
 */
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { CachedUpstreamOptions, CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';
import { CacheSpec, CredentialSpec, Landscape, NamespaceSpec, ShootSpec } from './scenario';

/**
 * How the app is cut into Charts:
 * - `namespace-charts`: one Chart per project namespace (its `namespace` set),
 *   holding that namespace's credentials and Shoots;
 * - `one-chart`: a single Chart, a plain Construct per namespace inside it.
 */
export type Layout = 'namespace-charts' | 'one-chart';
export const LAYOUTS: readonly Layout[] = ['namespace-charts', 'one-chart'];

export type WayName = 'library' | 'libraryUpstreamsProp' | 'baseline' | 'floor' | 'baselineProps';
export type Way = (landscape: Landscape, layout: Layout) => string;

/** The scope of a namespace's objects, and the namespace to write on them. */
function scopes(app: App, layout: Layout): (ns: NamespaceSpec) => Construct {
  if (layout === 'one-chart') {
    const chart = new Chart(app, 'landscape');
    return ns => new Construct(chart, ns.name);
  }
  return ns => new Chart(app, ns.name, { namespace: ns.name });
}

// ---------------------------------------------------------------- 1. library

export const library: Way = (landscape, layout) => libraryWay(landscape, layout, false);

/** 1b. library, the caches given in RegistryCache's `upstreams` prop: no construct per upstream. */
export const libraryUpstreamsProp: Way = (landscape, layout) => libraryWay(landscape, layout, true);

function libraryWay(landscape: Landscape, layout: Layout, upstreamsProp: boolean): string {
  const app = new App();
  const scopeOf = scopes(app, layout);
  for (const ns of landscape.namespaces) {
    const scope = scopeOf(ns);
    const credentials = ns.credentials.map(c => new RegistryCacheCredential(scope, c.name, {
      name: c.name,
      version: c.version,
      // With one Chart per namespace the credential takes the Chart's namespace.
      namespace: layout === 'one-chart' ? ns.name : undefined,
      username: CredentialValue.unsafePlainText(c.username),
      password: CredentialValue.unsafePlainText(c.password),
      // A platform team that has read the pitfall (and keeps the benchmark's output quiet).
      acknowledgeUnauthenticatedCache: true,
    }));
    for (const s of ns.shoots) {
      const shoot = new ApiObject(scope, s.name, s.definition as any);
      const options: CachedUpstreamOptions[] = s.caches.map(c => ({
        upstream: c.upstream,
        credential: c.credential === undefined ? undefined : credentials[c.credential],
        remoteUrl: c.remoteUrl,
        volumeSize: c.volumeSizeGi === undefined ? undefined : Size.gibibytes(c.volumeSizeGi),
        storageClassName: c.storageClassName,
        garbageCollectionTtl: c.garbageCollectionTtlHours === undefined ? undefined : Duration.hours(c.garbageCollectionTtlHours),
        highAvailability: c.highAvailability,
        serviceNameSuffix: c.serviceNameSuffix,
      }));
      if (upstreamsProp) {
        new RegistryCache(scope, `${s.name}-registry-cache`, { shoot, upstreams: options });
      } else {
        const cache = new RegistryCache(scope, `${s.name}-registry-cache`, { shoot });
        s.caches.forEach((c, i) => cache.addUpstream(c.id, options[i]));
      }
    }
  }
  return app.synthYaml();
}

// ------------------------------------------- what a user writes by hand

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

function cacheEntry(ns: NamespaceSpec, c: CacheSpec): Record<string, any> {
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

// --------------------------------------------------------------- 2. baseline

export const baseline: Way = (landscape, layout) => {
  const app = new App();
  const scopeOf = scopes(app, layout);
  for (const ns of landscape.namespaces) {
    const scope = scopeOf(ns);
    for (const c of ns.credentials) {
      new ApiObject(scope, c.name, secretManifest(ns.name, c) as any);
    }
    for (const s of ns.shoots) {
      const shoot = new ApiObject(scope, s.name, s.definition as any);
      shoot.addJsonPatch(
        JsonPatch.add('/spec/extensions', [extensionEntry(ns, s)]),
        JsonPatch.add('/spec/resources', resourceEntries(ns, s)),
      );
    }
  }
  return app.synthYaml();
};

/** The baseline with everything in the props (cdk8s sorts all keys): same content, other key order. */
export const baselineProps: Way = (landscape, layout) => {
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

// ------------------------------------------------------------------ 3. floor

/** The options of cdk8s' `Yaml.stringify` (cdk8s 2.x, lib/yaml.ts). */
export const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

export const floor: Way = (landscape) => {
  const docs: unknown[] = [];
  for (const ns of landscape.namespaces) {
    for (const c of ns.credentials) {
      docs.push(secretManifest(ns.name, c));
    }
    for (const s of ns.shoots) {
      const d = s.definition;
      // cdk8s puts apiVersion, kind, metadata first and sorts the other keys;
      // the scenario writes the Shoot's spec in that order already.
      docs.push({
        apiVersion: d.apiVersion,
        kind: d.kind,
        metadata: { labels: d.metadata.labels, name: d.metadata.name, namespace: d.metadata.namespace },
        spec: { ...d.spec, extensions: [extensionEntry(ns, s)], resources: resourceEntries(ns, s) },
      });
    }
  }
  return docs.map(doc => YAML.stringify(doc, CDK8S_YAML_OPTIONS)).join('---\n');
};

export const WAYS: Record<WayName, Way> = { library, libraryUpstreamsProp, baseline, floor, baselineProps };

/** Throws, showing the first differing line, unless `actual` and `expected` are the same bytes. */
export function assertIdentical(what: string, actual: string, expected: string): void {
  if (actual === expected) {
    return;
  }
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  const context = (lines: string[]) => lines.slice(Math.max(0, i - 3), i + 3).map((l, k) => `    ${i - 2 + k}: ${l}`).join('\n');
  throw new Error(
    `OUTPUTS DIFFER: ${what} (${actual.length} vs ${expected.length} bytes), first difference at line ${i + 1}:\n` +
    `  ${what.split(' vs ')[0]}:\n${context(a)}\n  ${what.split(' vs ')[1] ?? 'expected'}:\n${context(e)}`,
  );
}
