import { redactUserInfo } from './_rules/redact';

/**
 * Errors are data until the last moment (docs/ARCHITECTURE.md, "Errors are data"): every rule
 * returns a list of FieldError, like Gardener's own field.ErrorList, and the
 * constructs render them once, at synth, through `node.addValidation`.
 */
export interface FieldError {
  /** The Gardener field path, e.g. `spec.extensions[0].providerConfig.caches[1].upstream`. */
  readonly path: string;
  /**
   * The offending value, already safe to print. Leave it out for credentials:
   * a credential value never appears in an error.
   */
  readonly value?: string;
  /** What is wrong. */
  readonly detail: string;
  /** How to fix it. */
  readonly fix: string;
}

const MAX_SHOWN = 80;
const MAX_JSON = 200;

/**
 * Quotes a value for a message: JSON-escaped (so control characters and
 * unicode are visible), shortened when very long. The one place values are
 * rendered: every error, warning and fix text shows values through `quote`
 * or `showJson`, which hide URL user info (`redactUserInfo`) in every string,
 * at any depth, so no credential written into a URL or an upstream is shown.
 * Never throws, whatever the value (Symbols, Proxies, throwing `toString`).
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    return quoteShown(redactUserInfo(value));
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'object' && value !== null) {
    return quoteShown(safeJson(value) ?? describeUnprintable(value));
  }
  return quoteShown(scalar(value));
}

/**
 * Objects as compact JSON (not quoted again), scalars as `quote` does; user
 * info hidden in every string and key. For values that are objects in
 * Gardener's model, e.g. `proxy`.
 */
export function showJson(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const json = safeJson(value) ?? describeUnprintable(value);
    return json.length > MAX_JSON ? `${json.slice(0, MAX_JSON)}...` : json;
  }
  return quote(value);
}

/** `String(value)`, for values of any shape: never throws, hides URL user info. */
export function safeString(value: unknown): string {
  if (typeof value === 'string') {
    return redactUserInfo(value);
  }
  if (typeof value === 'symbol') {
    return `Symbol(${redactUserInfo(value.description ?? '')})`;
  }
  if (typeof value === 'function') {
    return '<function>';
  }
  try {
    return redactUserInfo(String(value));
  } catch {
    return '<unprintable value>';
  }
}

function quoteShown(shown: string): string {
  if (shown.length > MAX_SHOWN) {
    return `${JSON.stringify(shown.slice(0, MAX_SHOWN))}... (${shown.length} characters)`;
  }
  return JSON.stringify(shown);
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return safeString(value);
    case 'function':
      return '<function>';
    default:
      return 'null';
  }
}

/** JSON with every string and key redacted; undefined when the value cannot be serialized. */
function safeJson(value: object): string | undefined {
  try {
    return JSON.stringify(value, function redact(this: unknown, _key: string, v: unknown): unknown {
      if (typeof v === 'string') {
        return redactUserInfo(v);
      }
      if (typeof v === 'bigint' || typeof v === 'symbol') {
        return scalar(v);
      }
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v)) {
          out[redactUserInfo(k)] = (v as Record<string, unknown>)[k];
        }
        return out;
      }
      return v;
    });
  } catch {
    return undefined; // a cycle, a throwing getter or toJSON, a hostile Proxy
  }
}

function describeUnprintable(value: object): string {
  try {
    return Array.isArray(value) ? '<unprintable array>' : '<unprintable object>';
  } catch {
    return '<unprintable value>'; // a revoked Proxy
  }
}

/** Prefixes the paths of errors found relative to some parent field (an empty path is the parent itself). */
export function under(prefix: string, errors: FieldError[]): FieldError[] {
  return errors.length === 0 ? NO_ERRORS : errors.map(e => ({ ...e, path: e.path === '' ? prefix : `${prefix}.${e.path}` }));
}

/**
 * `errors` and then `more`, in a new list; `errors` itself when there is
 * nothing more (it may be a shared list such as NO_ERRORS: never push to it).
 * The rules that run per Shoot or per cache collect this way, so that the
 * usual case, nothing wrong, allocates nothing.
 */
export function withMore(errors: FieldError[], more: readonly FieldError[]): FieldError[] {
  return more.length === 0 ? errors : [...errors, ...more];
}

/**
 * No errors: one shared, never changed array, for the many rules and
 * constructs whose usual answer is "nothing wrong" (thousands of Shoots would
 * otherwise each keep an empty array of their own).
 */
export const NO_ERRORS: FieldError[] = [];
const NO_LINES: string[] = [];

/** Renders errors as the lines a cdk8s validation returns; the shared empty list when there are none. */
export function renderFieldErrors(errors: readonly FieldError[]): string[] {
  return errors.length === 0 ? NO_LINES : errors.map(renderFieldError);
}

/** Renders one error as the single line users read. */
export function renderFieldError(e: FieldError): string {
  const value = e.value === undefined ? '' : ` (value: ${e.value})`;
  return `${e.path}${value}: ${e.detail}. Fix: ${e.fix}`;
}
