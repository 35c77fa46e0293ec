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

/**
 * Quotes a value for an error message: JSON-escaped (so control characters
 * and unicode are visible), shortened when very long.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length > MAX_SHOWN) {
      return `${JSON.stringify(value.slice(0, MAX_SHOWN))}... (${value.length} characters)`;
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (value === undefined) {
    return 'undefined';
  }
  try {
    return quote(JSON.stringify(value) ?? safeString(value));
  } catch {
    return quote(safeString(value));
  }
}

/** `String(value)`, for values of any shape: never throws. */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '<unprintable value>';
  }
}

/** Prefixes the paths of errors found relative to some parent field (an empty path is the parent itself). */
export function under(prefix: string, errors: FieldError[]): FieldError[] {
  return errors.map(e => ({ ...e, path: e.path === '' ? prefix : `${prefix}.${e.path}` }));
}

/** Renders one error as the single line users read. */
export function renderFieldError(e: FieldError): string {
  const value = e.value === undefined ? '' : ` (value: ${e.value})`;
  return `${e.path}${value}: ${e.detail}. Fix: ${e.fix}`;
}
