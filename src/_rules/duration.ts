import { FieldError, NO_ERRORS, quote, safeString } from '../_errors';

/**
 * Go durations (`metav1.Duration`): `garbageCollection.ttl` of a cache. Pure
 * functions over Gardener's data (a duration string), no cdk8s;
 * `goDurationOf` converts the constructs' cdk8s `Duration` to that data.
 */

/** Go's time.Duration is an int64 of nanoseconds. */
const MAX_NANOS = 2n ** 63n - 1n;
const MAX_SECONDS = Number(MAX_NANOS / 1_000_000_000n);

const UNITS: Record<string, bigint> = {
  ns: 1n, us: 1_000n, µs: 1_000n, μs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};

/** A parsed Go duration: nanoseconds, or why it does not parse (worded like Go's `time` package). */
export type GoDurationParse = { readonly nanos: bigint } | { readonly problem: string };

/**
 * Go's `time.ParseDuration`: an optional sign, then one or more decimal
 * numbers (fractions allowed) each with a unit `ns`, `us` (`µs`), `ms`, `s`,
 * `m` or `h`; `0` alone is zero. No spaces, no `d`. At most about 2562047h.
 */
export function parseGoDuration(text: string): GoDurationParse {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') {
    return { nanos: 0n };
  }
  if (s === '') {
    return { problem: 'is empty' };
  }
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const start = i;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
    const whole = s.slice(start, i);
    let frac = '';
    if (s[i] === '.') {
      const f = ++i;
      while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
      frac = s.slice(f, i);
    }
    if (whole === '' && frac === '') {
      return { problem: `has no number where ${quote(s.slice(start, start + 10))} starts` };
    }
    const u = i;
    while (i < s.length && s[i] !== '.' && (s[i] < '0' || s[i] > '9')) i++;
    const unitText = s.slice(u, i);
    if (unitText === '') {
      return { problem: `has no unit after ${quote(s.slice(start, i))}` };
    }
    const unit = UNITS[unitText];
    if (unit === undefined) {
      return { problem: `has the unknown unit ${quote(unitText)}` };
    }
    total += BigInt(whole === '' ? '0' : whole) * unit;
    if (frac !== '') {
      total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    if (total > MAX_NANOS + 1n) {
      return { problem: 'is longer than a Go duration can hold (about 290 years, 2562047h)' };
    }
  }
  if (!negative && total > MAX_NANOS) {
    return { problem: 'is longer than a Go duration can hold (about 290 years, 2562047h)' };
  }
  return { nanos: negative ? -total : total };
}

/** A Go duration that is certainly valid, not negative and not too long: what formatGoDuration writes, up to 999999h. */
const USUAL_TTL = /^(?:0s|(?=[0-9])(?:[1-9][0-9]{0,5}h)?(?:[1-9][0-9]?m)?(?:[1-9][0-9]?s)?)$/;

const TTL_FIX = 'give a Go duration string such as "168h" (7 days; units are h, m and s, there is no d), or "0s" to disable garbage collection '
  + '(with the constructs: garbageCollectionTtl: Duration.days(7))';

/**
 * `garbageCollection.ttl` (reference §1.3, §2.4): a JSON string that Go's
 * `time.ParseDuration` reads, not negative. A number (YAML `ttl: 0`) or a
 * null fails to decode in the extension.
 */
export function checkTtl(ttl: unknown, path: string): FieldError[] {
  if (typeof ttl === 'string' && USUAL_TTL.test(ttl)) {
    return NO_ERRORS; // the usual form, e.g. "168h" or "1h30m": no need for exact arithmetic
  }
  if (typeof ttl !== 'string') {
    return [{
      path,
      value: quote(ttl),
      detail: `must be a duration string: the extension decodes ttl as a Go duration and cannot decode ${ttl === null ? 'a null' : `a ${Array.isArray(ttl) ? 'list' : typeof ttl}`}`,
      fix: TTL_FIX,
    }];
  }
  const parsed = parseGoDuration(ttl);
  if ('problem' in parsed) {
    return [{ path, value: quote(ttl), detail: `is not a Go duration: it ${parsed.problem}`, fix: TTL_FIX }];
  }
  if (parsed.nanos < 0n) {
    return [{ path, value: quote(ttl), detail: 'ttl must be a non-negative duration', fix: TTL_FIX }];
  }
  return [];
}

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

/** The result of converting a cdk8s Duration: the errors of the conversion, and the Go duration to emit. */
export interface DurationConversion {
  readonly errors: FieldError[];
  readonly goDuration?: string;
}

/**
 * A cdk8s `Duration` as a Go duration string. Whether that is a valid TTL
 * (not negative, not too long) is `checkTtl`'s job; this only refuses what
 * it cannot write, and fractions of a second (stricter than Gardener, see
 * the message).
 */
export function goDurationOf(ttl: unknown, path: string): DurationConversion {
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
    // Written as it is (rounded away from zero to whole seconds), for checkTtl to report.
    return { errors: NO_ERRORS, goDuration: `-${formatSeconds(Math.ceil(-ms / 1000))}` };
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
  return { errors: NO_ERRORS, goDuration: formatSeconds(ms / 1000) };
}

/** `formatGoDuration`, also for more seconds than a Go duration holds (then checkTtl reports it). */
function formatSeconds(seconds: number): string {
  return seconds <= MAX_SECONDS ? formatGoDuration(seconds) : `${BigInt(seconds) / 3600n}h`;
}
