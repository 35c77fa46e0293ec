import { FieldError, quote, safeString } from '../_errors';

/** The result of checking a duration: its errors, and the Go duration string to emit. */
export interface DurationCheck {
  readonly errors: FieldError[];
  readonly goDuration?: string;
}

/** Go's time.Duration is an int64 of nanoseconds: about 2562047 hours. */
const MAX_SECONDS = Math.floor(9223372036854775807 / 1e9);

/** Formats whole seconds as a Go duration string Gardener parses: `168h`, `1h30m`, `45s`, `0s`. */
export function formatGoDuration(totalSeconds: number): string {
  if (totalSeconds === 0) {
    return '0s';
  }
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}

/**
 * `garbageCollection.ttl` (reference §1.3, §2.4): a non-negative Go duration,
 * emitted as a string. We only accept whole seconds, so what we emit reads
 * back exactly.
 */
export function checkTtl(ttl: unknown, path: string): DurationCheck {
  const fix = 'give a non-negative whole number of seconds, e.g. Duration.days(7), or Duration.seconds(0) to disable garbage collection';
  let ms: unknown;
  try {
    ms = (ttl as { toMilliseconds?: (o: object) => unknown })?.toMilliseconds?.({ integral: false });
  } catch {
    ms = undefined;
  }
  if (typeof ms !== 'number') {
    return { errors: [{ path, value: quote(safeString(ttl)), detail: 'must be a cdk8s Duration', fix }] };
  }
  if (!Number.isFinite(ms)) {
    return { errors: [{ path, value: quote(`${ms}ms`), detail: 'is not a finite number', fix }] };
  }
  if (ms < 0) {
    return { errors: [{ path, value: quote(`${ms}ms`), detail: 'ttl must be a non-negative duration', fix }] };
  }
  if (ms % 1000 !== 0) {
    return {
      errors: [{
        path,
        value: quote(`${ms}ms`),
        detail: 'must be a whole number of seconds: Gardener itself would accept a fraction (e.g. "1.5s"), but the library writes whole seconds '
          + 'only, so that the emitted Go duration is exactly the Duration given (and a cache never needs a sub-second lifetime)',
        fix,
      }],
    };
  }
  const seconds = ms / 1000;
  if (seconds > MAX_SECONDS) {
    return { errors: [{ path, value: quote(`${seconds}s`), detail: 'is longer than a Go duration can hold (about 290 years)', fix }] };
  }
  return { errors: [], goDuration: formatGoDuration(seconds) };
}
