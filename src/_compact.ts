/**
 * `list` with `item` appended, in an array of exactly the size needed while
 * the list is short: an array grown by `push()` reserves room for 16 more
 * elements (about 150 bytes), and an app of thousands of Shoots keeps its
 * many short lists alive until synth, where every byte kept costs garbage
 * collection time (docs/ARCHITECTURE.md, "Performance"). A longer list is
 * appended to in place (amortized linear). The result replaces `list`: callers
 * keep no other reference to it.
 */
export function appended<T>(list: readonly T[] | undefined, item: T): T[] {
  if (list === undefined) {
    return [item];
  }
  const n = list.length;
  if (n < SHORT) {
    // Exactly the size needed: a spread or push() reserves room, and concat() is slower.
    const copy = new Array<T>(n + 1);
    for (let i = 0; i < n; i++) {
      copy[i] = list[i];
    }
    copy[n] = item;
    return copy;
  }
  (list as T[]).push(item);
  return list as T[];
}

/** Up to this length, a list is copied to append (copying a few elements costs less than the room push() reserves). */
const SHORT = 16;

/**
 * Up to this many entries, a lookup in a list scans it (or compares its
 * entries pair by pair) instead of indexing it in a Map: a Map per short
 * list, made for each Shoot or cache at every synth, costs more than the
 * scan and is garbage right after. Longer lists are indexed, so that every
 * rule stays linear in what it reads.
 */
export const SHORT_LIST = 8;

/** No entries: one shared list, never changed, for the many places whose usual answer is an empty list. */
export const NO_ENTRIES: readonly unknown[] = [];
