import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { refParseGoDuration } from './_reference';
import { checkTtl, formatGoDuration } from '../../src/_rules/duration';

describe('formatGoDuration', () => {
  test.each([
    [0, '0s'], [1, '1s'], [59, '59s'], [60, '1m'], [90, '1m30s'], [3600, '1h'], [5400, '1h30m'],
    [604800, '168h'], [90061, '25h1m1s'], [2592000, '720h'],
  ])('%d seconds is %j', (seconds, text) => {
    expect(formatGoDuration(seconds)).toBe(text);
    expect(refParseGoDuration(text)).toBe(seconds);
  });

  test('round-trips through Go duration parsing', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9223372036 }), s => {
      expect(refParseGoDuration(formatGoDuration(s))).toBe(s);
    }), { numRuns: 300 });
  });
});

describe('checkTtl', () => {
  test.each([
    [Duration.days(7), '168h'],
    [Duration.seconds(0), '0s'],
    [Duration.hours(1.5), '1h30m'],
    [Duration.minutes(90), '1h30m'],
    [Duration.days(30), '720h'],
    [Duration.millis(3000), '3s'],
  ])('accepts %j as %j', (ttl, text) => {
    expect(checkTtl(ttl, 'garbageCollection.ttl')).toEqual({ errors: [], goDuration: text });
  });

  test.each([
    [Duration.seconds(NaN), /is not a finite number/],
    [Duration.seconds(Infinity), /is not a finite number/],
    [Duration.millis(1500), /must be a whole number of seconds: Gardener itself would accept a fraction \(e\.g\. "1\.5s"\), but the library writes whole seconds/],
    [Duration.seconds(0.5), /must be a whole number of seconds/],
    [Duration.days(1e9), /longer than a Go duration can hold/],
  ])('rejects %j', (ttl, detail) => {
    const r = checkTtl(ttl, 'garbageCollection.ttl');
    expect(r.goDuration).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('garbageCollection.ttl');
    expect(r.errors[0].detail).toMatch(detail);
    expect(r.errors[0].fix).toMatch(/Duration\.days\(7\)/);
  });

  test('rejects a negative duration (made past the Duration constructor) with Gardener\'s message', () => {
    const negative = { toMilliseconds: () => -1000 };
    expect(checkTtl(negative, 'ttl').errors[0].detail).toBe('ttl must be a non-negative duration');
  });

  test.each([['168h'], [604800], [null], [{}], [{ toMilliseconds: 'x' }], [{ toMilliseconds: () => { throw new Error('x'); } }], [Object.create(null)]])(
    'rejects %j that is no Duration with "must be a cdk8s Duration"', value => {
      expect(checkTtl(value, 'ttl').errors.map(e => e.detail)).toEqual(['must be a cdk8s Duration']);
    });

  test('whatever it accepts is a non-negative Go duration of the same length', () => {
    const ms = fc.oneof(fc.integer({ min: 0, max: 1e12 }).map(s => s * 1000), fc.double({ min: 0, max: 1e13 }), fc.constantFrom(NaN, Infinity));
    fc.assert(fc.property(ms, m => {
      const r = checkTtl(Duration.millis(m), 'ttl');
      if (r.goDuration !== undefined) {
        expect(refParseGoDuration(r.goDuration)).toBe(m / 1000);
      } else {
        expect(r.errors).toHaveLength(1);
      }
    }), { numRuns: 300 });
  });
});
