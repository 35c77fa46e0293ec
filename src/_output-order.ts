import { ApiObject, Chart } from 'cdk8s';
import { ConstructOrder, IConstruct } from 'constructs';
import { FieldError, quote } from './_errors';
import { rootOf } from './_tree';

/**
 * Secrets before the Shoots that reference them (issue: a credential declared
 * after the Shoot put its Secret after the Shoot, and `kubectl apply -f`
 * then fails, because Gardener rejects a Shoot whose resource reference
 * names a Secret that does not exist yet).
 *
 * cdk8s writes a Chart's objects in construct-tree order (preorder) unless
 * dependencies say otherwise, and Charts in tree order unless they depend on
 * each other. A cdk8s dependency per Shoot costs about a tenth of the whole
 * synthesis, so one is added only where it changes something:
 * - same Chart: only when the Secret comes after the Shoot in the tree;
 * - different Charts: always a Chart dependency, so that cdk8s writes the
 *   Secret's Chart first, and, with one file per Chart, prefixes the file
 *   names with their order (`0000-...`), the order `kubectl apply -f <dir>` uses.
 * Tree positions are compared through one preorder walk of the tree per
 * synth: linear in the app.
 */

/**
 * Per tree (keyed by its root): the preorder position of each of its
 * constructs, from one walk. Adding a construct anywhere in a tree leaves
 * the relative order of those already there as it was, so positions from an
 * earlier walk still compare correctly; a construct added since has none,
 * and the tree is walked again. So: one walk per synth, and two lookups per
 * Secret a Shoot references. (Comparing the two constructs' paths up the
 * tree instead was cheap to run, but it is code V8 compiles again in every
 * process, for every synth, and that cost more: bench/README.md, "The order
 * check".)
 */
const positions = new WeakMap<IConstruct, Map<IConstruct, number>>();

/** Walks the tree of `root` in preorder (cdk8s' output order) and keeps each construct's position. */
function walk(root: IConstruct): Map<IConstruct, number> {
  const order = new Map<IConstruct, number>();
  const all = root.node.findAll(ConstructOrder.PREORDER);
  for (let i = 0; i < all.length; i++) {
    order.set(all[i], i);
  }
  positions.set(root, order);
  return order;
}

/**
 * Whether `a` comes before `b` in a preorder walk of the construct tree (a
 * construct precedes itself; constructs of different trees precede nothing).
 */
export function precedes(a: IConstruct, b: IConstruct): boolean {
  if (a === b) {
    return true;
  }
  const root = rootOf(a);
  let order = positions.get(root);
  let pa = order?.get(a);
  let pb = order?.get(b);
  if (pa === undefined || pb === undefined) {
    order = walk(root);
    pa = order.get(a)!;
    pb = order.get(b);
  }
  return pb !== undefined && pa < pb; // b is not in a's tree when it has no position after the walk
}

function isAncestor(ancestor: IConstruct, c: IConstruct): boolean {
  for (let s = c.node.scope; s !== undefined; s = s.node.scope) {
    if (s === ancestor) {
      return true;
    }
  }
  return false;
}

/**
 * Makes cdk8s write `secrets` (the versions of one credential or CA bundle,
 * all in one Chart) before `shoot`, keeping them together in their order.
 * Returns an error when no dependency can: the Shoot's Chart is nested in
 * the Secrets' Chart, and cdk8s always writes a nested Chart before its parent.
 */
export function ensureBefore(secrets: readonly ApiObject[], shoot: ApiObject, shootChart: Chart = Chart.of(shoot)): FieldError | undefined {
  if (secrets.length === 0) {
    return undefined;
  }
  const secret = secrets[secrets.length - 1];
  const secretChart = Chart.of(secret);
  if (secretChart === shootChart) {
    if (!precedes(secret, shoot)) {
      shoot.node.addDependency(...secrets);
    }
    return undefined;
  }
  if (isAncestor(shootChart, secretChart)) {
    return undefined; // the Secret's Chart is nested in the Shoot's: written first
  }
  if (isAncestor(secretChart, shootChart)) {
    return {
      path: `Secret ${quote(`${secret.metadata.namespace ?? ''}/${secret.name}`)}`,
      detail: `is in Chart ${secretChart.node.path}, and the Shoot that references it is in Chart ${shootChart.node.path}, nested in it: cdk8s writes a nested Chart first, so the Shoot would come before the Secret it needs, and Gardener rejects it when applied in that order`,
      fix: 'declare the credential or CA bundle in the Shoot\'s Chart, or in a Chart that is not a parent of it',
    };
  }
  shootChart.node.addDependency(secretChart);
  return undefined;
}
