/**
 * How the benchmark's app is cut into Charts. Shared by every way that uses
 * cdk8s; imports only cdk8s and constructs.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespaceSpec } from './scenario';

/**
 * - `namespace-charts`: one Chart per project namespace (its `namespace` set),
 *   holding that namespace's credentials and Shoots;
 * - `one-chart`: a single Chart, a plain Construct per namespace inside it.
 */
export type Layout = 'namespace-charts' | 'one-chart';
export const LAYOUTS: readonly Layout[] = ['namespace-charts', 'one-chart'];

/** The scope of a namespace's objects, and the namespace to write on them. */
export function scopes(app: App, layout: Layout): (ns: NamespaceSpec) => Construct {
  if (layout === 'one-chart') {
    const chart = new Chart(app, 'landscape');
    return ns => new Construct(chart, ns.name);
  }
  return ns => new Chart(app, ns.name, { namespace: ns.name });
}
