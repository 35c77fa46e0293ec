/**
 * 1. The library's ways to render the landscape (the only bench file that
 * imports the library, so that a process rendering another way never loads it):
 *
 * - `library`: `RegistryCacheCredential`, `RegistryCache`, `addUpstream` (a
 *   CachedUpstream construct per cache); `app.synthYaml()`, which validates
 *   like `cdk8s synth`;
 * - `libraryUpstreamsProp`: the same, the caches given in RegistryCache's
 *   `upstreams` prop (no construct per upstream).
 */
import { ApiObject, App, Duration, Size } from 'cdk8s';
import { CachedUpstreamOptions, CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';
import { Layout, scopes } from './layout';
import { Landscape } from './scenario';

export const library = (landscape: Landscape, layout: Layout): string => libraryWay(landscape, layout, false);

export const libraryUpstreamsProp = (landscape: Landscape, layout: Layout): string => libraryWay(landscape, layout, true);

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
