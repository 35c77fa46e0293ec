import { isObject } from './json';

/**
 * Which `spec.extensions` entry the extension's admission reads. A module of
 * its own: the update rules, loaded lazily, need it without the Shoot rules
 * (test/bundle.test.ts).
 */

/**
 * The entry of `type` that the extension's Shoot validator checks, or -1: its
 * webhook is called only when the Shoot enables the type, and it then checks
 * the first entry of that type (the extension's `helper.FindExtension`), even
 * when a second one is there too (a duplicate the Shoot's own validation rejects).
 * On an update, the webhook is called when the old Shoot (its `extensions`
 * in `before`) or the new one enables the type: the object selector matches
 * either. It then checks the new Shoot's first entry, even a disabled one.
 */
export function validatedEntry(extensions: readonly unknown[], type: string, before: readonly unknown[] = []): number {
  let first = -1;
  for (let i = 0; i < extensions.length; i++) {
    const e = extensions[i];
    if (isObject(e) && e.type === type) {
      if (first < 0) {
        first = i;
      }
      if (e.disabled !== true) {
        return first;
      }
    }
  }
  return first >= 0 && before.some(e => isObject(e) && e.type === type && e.disabled !== true) ? first : -1;
}
