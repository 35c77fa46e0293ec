import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { refParseGoDuration } from './_reference';
import { TTL_ACCEPTED, TTL_REJECTED } from './_tables';
import { checkTtl, formatGoDuration, goDurationOf, parseGoDuration } from '../../src/_rules/duration';

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
      expect(parseGoDuration(formatGoDuration(s))).toEqual({ nanos: BigInt(s) * 1_000_000_000n });
    }), { numRuns: 300 });
  });
});

describe('parseGoDuration (time.ParseDuration)', () => {
  test.each([
    ['0', 0n], ['0s', 0n], ['-0s', 0n], ['+5m', 300_000_000_000n], ['-5m', -300_000_000_000n], ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n], ['.5s', 500_000_000n], ['1.s', 1_000_000_000n], ['300ms', 300_000_000n], ['1us', 1000n], ['1µs', 1000n],
    ['1μs', 1000n], ['0.1ns', 0n], ['2562047h47m16.854775807s', 2n ** 63n - 1n],
  ])('%j is %d ns', (text, nanos) => {
    expect(parseGoDuration(text)).toEqual({ nanos });
  });

  test.each([
    ['', /is empty/], ['7d', /unknown unit "d"/], ['1h 30m', /unknown unit "h "/], ['5', /no unit after "5"/], ['h', /no number/],
    ['.h', /no number/], ['-', /is empty/], ['2562047h47m16.854775808s', /longer than a Go duration can hold/], ['9999999999h', /longer than/],
  ])('%j does not parse', (text, problem) => {
    const r = parseGoDuration(text);
    expect('problem' in r && r.problem).toMatch(problem);
  });
});

describe('checkTtl (Gardener data)', () => {
  test.each(TTL_ACCEPTED)('accepts %j', ttl => {
    expect(checkTtl(ttl, 'garbageCollection.ttl')).toEqual([]);
  });

  test.each(TTL_REJECTED)('fails when the ttl is %j', (ttl, detail) => {
    const errors = checkTtl(ttl, 'garbageCollection.ttl');
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('garbageCollection.ttl');
    expect(errors[0].detail).toMatch(detail);
    expect(errors[0].fix).toMatch(/"168h".*there is no d.*"0s"/);
  });
});

describe('goDurationOf (a cdk8s Duration as Gardener data)', () => {
  test.each([
    [Duration.days(7), '168h'],
    [Duration.seconds(0), '0s'],
    [Duration.hours(1.5), '1h30m'],
    [Duration.minutes(90), '1h30m'],
    [Duration.days(30), '720h'],
    [Duration.millis(3000), '3s'],
    [Duration.days(1e9), '24000000000h'], // too long: checkTtl says so
  ])('writes %j as %j', (ttl, text) => {
    expect(goDurationOf(ttl, 'garbageCollection.ttl')).toEqual({ errors: [], goDuration: text });
  });

  test('writes a negative duration (made past the Duration constructor) for checkTtl to reject with Gardener\'s message', () => {
    const r = goDurationOf({ toMilliseconds: () => -1500 }, 'ttl');
    expect(r).toEqual({ errors: [], goDuration: '-2s' });
    expect(checkTtl(r.goDuration, 'ttl')[0].detail).toBe('ttl must be a non-negative duration');
    expect(checkTtl(goDurationOf(Duration.days(1e9), 'ttl').goDuration, 'ttl')[0].detail).toMatch(/longer than a Go duration can hold/);
  });

  test.each([
    [Duration.seconds(NaN), /is not a finite number/],
    [Duration.seconds(Infinity), /is not a finite number/],
    [Duration.millis(1500), /must be a whole number of seconds: Gardener itself would accept a fraction \(e\.g\. "1\.5s"\), but the library writes whole seconds/],
    [Duration.seconds(0.5), /must be a whole number of seconds/],
  ])('fails when the Duration is %j', (ttl, detail) => {
    const r = goDurationOf(ttl, 'garbageCollection.ttl');
    expect(r.goDuration).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('garbageCollection.ttl');
    expect(r.errors[0].detail).toMatch(detail);
    expect(r.errors[0].fix).toMatch(/Duration\.days\(7\)/);
  });

  test.each([['168h'], [604800], [null], [{}], [{ toMilliseconds: 'x' }], [{ toMilliseconds: () => { throw new Error('x'); } }], [Object.create(null)]])(
    'fails when %j is no Duration, with "must be a cdk8s Duration"', value => {
      expect(goDurationOf(value, 'ttl').errors.map(e => e.detail)).toEqual(['must be a cdk8s Duration']);
    });

  test('whatever it writes and checkTtl accepts is a non-negative Go duration of the same length', () => {
    const ms = fc.oneof(fc.integer({ min: 0, max: 1e12 }).map(s => s * 1000), fc.double({ min: 0, max: 1e13 }), fc.constantFrom(NaN, Infinity));
    fc.assert(fc.property(ms, m => {
      const r = goDurationOf(Duration.millis(m), 'ttl');
      if (r.goDuration !== undefined && checkTtl(r.goDuration, 'ttl').length === 0) {
        expect(refParseGoDuration(r.goDuration)).toBe(m / 1000);
      } else {
        expect([...r.errors, ...(r.goDuration === undefined ? [] : checkTtl(r.goDuration, 'ttl'))]).toHaveLength(1);
      }
    }), { numRuns: 300 });
  });
});
