import { FieldError, quote } from './_errors';

/**
 * Props as a plain-JS or jsii caller may pass them: `null`, a string, an
 * array, a Proxy whose traps throw, getters that change their answer. The
 * constructors take a snapshot first: a plain object with the known keys,
 * each read once, so that no later access can throw and every rendering of a
 * value is the same.
 */
export interface PropsSnapshot<T> {
  /** The props read (`{}` when they were not an object). */
  readonly props: T;
  /** Why the props could not be used, naming the construct's props; undefined when they could. */
  readonly error?: FieldError;
}

/**
 * Reads `keys` of `value` once into a plain object. `what` names the props in
 * the error, `example` shows their shape in the fix.
 */
export function snapshotProps<T>(value: unknown, keys: readonly string[], what: string, example: string): PropsSnapshot<T> {
  const fail = (detail: string): PropsSnapshot<T> => ({
    props: {} as T,
    error: { path: what, value: quote(value), detail, fix: `pass an object such as ${example}` },
  });
  let array: boolean;
  try {
    array = Array.isArray(value); // throws for a revoked Proxy
  } catch {
    return fail('cannot be read (a revoked Proxy)');
  }
  if (typeof value !== 'object' || value === null || array) {
    return fail('must be an object');
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    try {
      const v: unknown = (value as Record<string, unknown>)[key];
      if (v !== undefined) {
        out[key] = v;
      }
    } catch {
      return fail(`cannot be read: reading ${key} threw`);
    }
  }
  return { props: out as T };
}

/**
 * Every key of `T`, each present (possibly undefined): for props objects the
 * library builds field by field instead of spreading (`{ ...options, x }`),
 * so that the compiler names a key the copy leaves out. V8 gives each object a
 * spread makes from such options a hidden class of its own, and every function
 * that reads one then misses its inline caches; a literal has one class
 * (docs/ARCHITECTURE.md, "Performance").
 */
export type EveryKey<T> = { readonly [K in keyof Required<T>]: T[K] | undefined };
