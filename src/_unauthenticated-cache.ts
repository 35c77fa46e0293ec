import { IConstruct } from 'constructs';
import { addBrand, brandSymbol, hasBrand } from './_brand';
import { quote } from './_errors';
import { unauthenticatedCacheWarning } from './_rules/credentials';
import { rootOf } from './_tree';
import { warnOnce } from './_warnings';

/**
 * Gardener's first pitfall: the registry cache has no authentication, so the
 * private images it pulled with a credential can be pulled by any Pod in the
 * Shoot. Surfaced once per app at synth, for the caches whose credential does
 * not acknowledge it. RegistryCache records each use of a credential.
 */
const ACKNOWLEDGED = brandSymbol('acknowledgeUnauthenticatedCache');

/**
 * Records that a credential's owner accepts the pitfall: a mark on the
 * credential, so that a cache made by another copy of the library sees it.
 */
export function acknowledgeUnauthenticatedCache(credential: IConstruct): void {
  addBrand(credential, ACKNOWLEDGED);
}

/** A cache that uses a credential: the construct it is named by, its upstream, the credential. */
interface CredentialUse {
  readonly scope: IConstruct;
  readonly upstream: unknown;
  readonly credential: IConstruct;
}

/** Per app: the caches that use a credential, in construction order. */
const usesOfApp = new WeakMap<IConstruct, CredentialUse[]>();

/** How many caches the warning names before it just counts. */
const NAMED = 5;

/**
 * Records that a cache uses a credential; the first use in an app makes the
 * app warn, once at synth, about the caches whose credential does not
 * acknowledge the pitfall. `anchor` is the construct of the same app the
 * app's root is found from (the RegistryCache, for its caches).
 */
export function recordCredentialUse(scope: IConstruct, upstream: unknown, credential: IConstruct, anchor: IConstruct = scope): void {
  if (hasBrand(credential, ACKNOWLEDGED)) {
    return; // a credential acknowledges when it is made, before any cache uses it: nothing to warn about, nothing to keep
  }
  const use: CredentialUse = { scope, upstream, credential };
  const root = rootOf(anchor);
  let uses = usesOfApp.get(root);
  if (uses) {
    uses.push(use);
    return;
  }
  uses = [use];
  usesOfApp.set(root, uses);
  const all = uses;
  let checked = false; // cdk8s validates the whole app once per Chart: check once
  root.node.addValidation({
    validate: () => {
      if (checked) {
        return [];
      }
      checked = true;
      const unacknowledged = all.filter(c => !hasBrand(c.credential, ACKNOWLEDGED));
      if (unacknowledged.length > 0) {
        // quote(): hides user info in an upstream such as "user:pass@docker.io", and never throws.
        const named = unacknowledged.slice(0, NAMED).map(c => `${quote(c.upstream)} (${c.scope.node.path})`);
        warnOnce(root, 'unauthenticated-cache', `${unauthenticatedCacheWarning(named, unacknowledged.length - named.length)}. `
          + 'If that is acceptable, set acknowledgeUnauthenticatedCache: true on the credential to silence this warning.');
      }
      return [];
    },
  });
}
