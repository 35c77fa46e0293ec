import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { FieldError, quote } from './_errors';

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
 * Tree positions are compared through each parent's index of its children,
 * built once per parent and synth: linear in the app.
 */

/** Per parent: the index of each child. Children are only ever appended, so an index never changes. */
const indexes = new WeakMap<IConstruct, Map<IConstruct, number>>();

function indexIn(parent: IConstruct, child: IConstruct): number {
  let index = indexes.get(parent);
  if (index === undefined || !index.has(child)) {
    index = new Map(parent.node.children.map((c, i) => [c, i]));
    indexes.set(parent, index);
  }
  return index.get(child) ?? -1;
}

function depthOf(c: IConstruct): number {
  let depth = 0;
  for (let s = c.node.scope; s !== undefined; s = s.node.scope) {
    depth++;
  }
  return depth;
}

function up(c: IConstruct, levels: number): IConstruct {
  let s = c;
  for (let i = 0; i < levels; i++) {
    s = s.node.scope!;
  }
  return s;
}

/**
 * Whether `a` comes before `b` in a preorder walk of the construct tree.
 * Walks up from both (no copies of their scope lists: this runs for every
 * Secret a Shoot references, at every synth).
 */
export function precedes(a: IConstruct, b: IConstruct): boolean {
  const da = depthOf(a);
  const db = depthOf(b);
  let x = da > db ? up(a, da - db) : a;
  let y = db > da ? up(b, db - da) : b;
  if (x === y) {
    return da <= db; // a is b or an ancestor of b; a descendant of b comes after it
  }
  let px = x.node.scope;
  let py = y.node.scope;
  while (px !== py) {
    x = px!;
    y = py!;
    px = x.node.scope;
    py = y.node.scope;
  }
  if (px === undefined) {
    return false; // different trees
  }
  return indexIn(px, x) < indexIn(px, y);
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
