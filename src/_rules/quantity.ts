import { FieldError, NO_ERRORS, quote, safeString } from '../_errors';

/**
 * Kubernetes quantities (`resource.Quantity`): `volume.size` of a cache.
 * Pure functions over Gardener's data (a quantity string or a JSON number),
 * no cdk8s; `quantityOf` converts the constructs' cdk8s `Size` to that data.
 */

/** An exact rational `num / den`, `den` > 0. */
export interface ExactQuantity {
  readonly num: bigint;
  readonly den: bigint;
}

const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Beyond this decimal exponent a quantity is not something a volume has; we do not compute it. */
const MAX_EXPONENT = 1000;

/**
 * Parses a Kubernetes quantity (a number with an optional binary `Ki..Ei`,
 * decimal `n..E` or exponent `e<n>` suffix; surrounding white space is
 * ignored, as the JSON decoder does) into an exact rational, so that `10Gi`
 * and `10240Mi` compare equal. YAML may give a plain number, which is a
 * quantity too. `undefined` when it does not parse.
 */
export function parseQuantity(value: unknown): ExactQuantity | undefined {
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) {
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  // String(1e21) is "1e+21": the exponent form below handles it.
  const m = QUANTITY.exec(text);
  if (!m) {
    return undefined;
  }
  const [, sign, whole, frac = '', suffix, exponent] = m;
  if (whole === '' && frac === '') {
    return undefined;
  }
  let num = BigInt(`${whole}${frac}` || '0');
  let pow10 = -frac.length;
  let pow2 = 0;
  if (suffix !== undefined) {
    if (suffix in BINARY) {
      pow2 = BINARY[suffix];
    } else {
      pow10 += DECIMAL[suffix];
    }
  } else if (exponent !== undefined) {
    const e = Number(exponent);
    if (Math.abs(e) > MAX_EXPONENT) {
      return undefined;
    }
    pow10 += e;
  }
  if (sign === '-') {
    num = -num;
  }
  num *= 2n ** BigInt(pow2);
  return pow10 >= 0 ? { num: num * 10n ** BigInt(pow10), den: 1n } : { num, den: 10n ** BigInt(-pow10) };
}

/** Whether two quantities are the same amount; `undefined` when either does not parse. */
export function sameQuantity(a: unknown, b: unknown): boolean | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) {
    return undefined;
  }
  return x.num * y.den === y.num * x.den;
}

/** A quantity that is certainly valid and greater than zero: a leading non-zero digit, an optional suffix. */
const POSITIVE_QUANTITY = /^[1-9][0-9]*(?:\.[0-9]+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

const SIZE_FIX = 'give a quantity greater than 0, such as "50Gi" (with the constructs: volumeSize: Size.gibibytes(50)), or leave it out for 10Gi';

/**
 * `volume.size` (reference §1.3, §2.4): a Kubernetes quantity, as a string or
 * a JSON number, greater than zero. `null` is no value (Gardener then uses
 * 10Gi); callers skip it.
 */
export function checkVolumeSize(size: unknown, path: string): FieldError[] {
  if (typeof size === 'string' && POSITIVE_QUANTITY.test(size)) {
    return NO_ERRORS; // the usual form, e.g. "50Gi": no need for exact arithmetic
  }
  if (typeof size !== 'string' && typeof size !== 'number') {
    return [{ path, value: quote(size), detail: 'must be a quantity string such as "10Gi" or a number: the extension cannot decode anything else', fix: SIZE_FIX }];
  }
  const q = parseQuantity(size);
  if (q === undefined) {
    return [{ path, value: quote(size), detail: 'is not a valid Kubernetes quantity', fix: `${SIZE_FIX} (a finite, non-negative number, then a suffix such as Mi, Gi or Ti)` }];
  }
  if (q.num <= 0n) {
    return [{ path, value: quote(size), detail: 'must be greater than 0', fix: SIZE_FIX }];
  }
  return [];
}

/** The result of converting a cdk8s Size: the errors of the conversion, and the quantity to emit. */
export interface QuantityConversion {
  readonly errors: FieldError[];
  readonly quantity?: string;
}

/**
 * A cdk8s `Size` as the quantity string cdk8s renders it
 * (`<amount><Ki|Mi|Gi|Ti|Pi>`). Whether that is a valid, positive quantity
 * is `checkVolumeSize`'s job.
 */
export function quantityOf(size: unknown, path: string): QuantityConversion {
  let text: unknown;
  try {
    text = (size as { asString?: () => unknown })?.asString?.();
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') {
    return { errors: [{ path, value: quote(safeString(size)), detail: 'must be a cdk8s Size', fix: 'give a positive size such as Size.gibibytes(10)' }] };
  }
  return { errors: NO_ERRORS, quantity: text };
}
