import { IConstruct } from 'constructs';

/**
 * The root of `c`'s construct tree (the App, in an app), found by walking up
 * its scopes: `node.root` builds the array of all scopes on every call, and
 * the library asks for roots once per cache or referenced Secret.
 */
export function rootOf(c: IConstruct): IConstruct {
  let root = c;
  for (let s = c.node.scope; s !== undefined; s = s.node.scope) {
    root = s;
  }
  return root;
}
