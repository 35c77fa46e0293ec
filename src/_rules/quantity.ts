import { FieldError, quote, safeString } from '../_errors';

/** The result of checking a size: its errors, and the Kubernetes quantity to emit. */
export interface QuantityCheck {
  readonly errors: FieldError[];
  readonly quantity?: string;
}

const QUANTITY = /^(0|[1-9][0-9]*)(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi)$/;

/**
 * `volume.size` (reference §2.4): a quantity greater than zero. cdk8s' `Size`
 * renders as `<amount><Ki|Mi|Gi|Ti|Pi>`, which is Kubernetes quantity syntax
 * when the amount is a plain decimal number.
 */
export function checkVolumeSize(size: unknown, path: string): QuantityCheck {
  const fix = 'give a positive size such as Size.gibibytes(10)';
  let text: unknown;
  try {
    text = (size as { asString?: () => unknown })?.asString?.();
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') {
    return { errors: [{ path, value: quote(safeString(size)), detail: 'must be a cdk8s Size', fix }] };
  }
  const m = QUANTITY.exec(text);
  if (!m) {
    return { errors: [{ path, value: quote(text), detail: 'is not a valid Kubernetes quantity', fix: `${fix} (a finite, non-negative number without exponent)` }] };
  }
  if (Number(m[1] + (m[2] ?? '')) <= 0) {
    return { errors: [{ path, value: quote(text), detail: 'must be greater than 0', fix }] };
  }
  return { errors: [], quantity: text };
}
