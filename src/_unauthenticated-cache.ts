import { IConstruct } from 'constructs';
import { warnOnce } from './_warnings';
import { CachedUpstream } from './cached-upstream';

/**
 * Gardener's first pitfall: the registry cache has no authentication, so the
 * private images it pulled with a credential can be pulled by any Pod in the
 * Shoot. Surfaced once per app at synth, for the caches whose credential does
 * not acknowledge it. Found by looking at the app's CachedUpstreams, so no
 * other module needs to call in.
 */
const acknowledged = new WeakSet<IConstruct>();
const watchedApps = new WeakSet<IConstruct>();

/** Records that a credential's owner accepts the pitfall. */
export function acknowledgeUnauthenticatedCache(credential: IConstruct): void {
  acknowledged.add(credential);
}

/** Makes sure the app of `credential` checks, once at synth, which caches use credentials. */
export function watchCredentialUse(credential: IConstruct): void {
  const root = credential.node.root;
  if (watchedApps.has(root)) {
    return;
  }
  watchedApps.add(root);
  root.node.addValidation({
    validate: () => {
      const uses = root.node.findAll()
        .filter((c): c is CachedUpstream => c instanceof CachedUpstream)
        .filter(c => c.credential !== undefined && !acknowledged.has(c.credential));
      if (uses.length > 0) {
        const list = uses.map(c => `${JSON.stringify(String(c.upstream))} (${c.node.path})`).join(', ');
        warnOnce(root, 'unauthenticated-cache',
          `the registry cache has no authentication: any Pod in the Shoot can pull the private images it cached with credentials, without an image pull Secret (Gardener's "Possible Pitfalls"). Caches with credentials: ${list}. `
          + 'If that is acceptable, set acknowledgeUnauthenticatedCache: true on the credential to silence this warning.');
      }
      return [];
    },
  });
}
