import { IConstruct } from 'constructs';

/**
 * Warnings at synth. cdk8s 2 has no warnings API (no `Annotations` as in the
 * AWS CDK): a validation can only fail. So a warning is one line on the
 * console (`console.warn`, i.e. stderr), printed once per app and key, from a
 * validation that reports no error. Never pass a credential value here.
 */
export const WARNING_PREFIX = '[cdk8s-gardener-registry-cache] Warning:';

const printed = new WeakMap<IConstruct, Set<string>>();

/** Prints `message` once per app (the root of `scope`) for `key`. */
export function warnOnce(scope: IConstruct, key: string, message: string): void {
  const root = scope.node.root;
  let keys = printed.get(root);
  if (!keys) {
    keys = new Set();
    printed.set(root, keys);
  }
  if (keys.has(key)) {
    return;
  }
  keys.add(key);
  console.warn(`${WARNING_PREFIX} ${message}`);
}
