import * as fc from 'fast-check';
import { refIsHostPort } from './_reference';
import { UPSTREAM_ACCEPTED, UPSTREAM_REJECTED } from './_tables';
import { checkUpstream, hostPortProblem } from '../../src/_rules/upstream';

describe('checkUpstream', () => {
  test.each(UPSTREAM_ACCEPTED)('accepts %j', value => {
    expect(checkUpstream(value, 'upstream')).toEqual([]);
  });

  test.each(UPSTREAM_REJECTED)('rejects %j', (value, detail, fix) => {
    const errors = checkUpstream(value, 'caches[0].upstream');
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('caches[0].upstream');
    expect(errors[0].detail).toMatch(/^is not a valid upstream: /);
    expect(errors[0].detail).toMatch(detail);
    expect(errors[0].fix).toMatch(fix);
    expect(errors[0].value).toBe(JSON.stringify(value.length > 80 ? value.slice(0, 80) : value) + (value.length > 80 ? `... (${value.length} characters)` : ''));
  });

  test.each([
    ['', /is required/],
    [undefined, /must be a string/],
    [null, /must be a string/],
    [5000, /must be a string/],
    [{ host: 'docker.io' }, /must be a string/],
  ])('rejects %j with a message, not an exception', (value, detail) => {
    const errors = checkUpstream(value, 'upstream');
    expect(errors).toHaveLength(1);
    expect(errors[0].detail).toMatch(detail);
  });

  test('never shows the password of an upstream written like a URL with credentials', () => {
    const [e] = checkUpstream('https://user:s3cret@docker.io', 'upstream');
    expect(`${e.value} ${e.detail} ${e.fix}`).not.toContain('s3cret');
    expect(e.fix).toContain('"docker.io"');
  });
});

/** Strings close to upstreams: the characters that matter, so that valid ones come up often. */
const nearUpstream = fc.string({ unit: fc.constantFrom(...'ab09.-:_A/@ü'.split('')), maxLength: 20 });
const validUpstream = fc.tuple(
  fc.array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/), { minLength: 1, maxLength: 4 }),
  fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined }),
).map(([labels, port]) => `${labels.join('.')}${port === undefined ? '' : `:${port}`}`);
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), nearUpstream, validUpstream);

describe('upstream rule against the reference implementation', () => {
  test('agrees on arbitrary strings', () => {
    fc.assert(fc.property(anyString, s => {
      expect(hostPortProblem(s) === undefined).toBe(refIsHostPort(s));
      expect(checkUpstream(s, 'upstream').length === 0).toBe(refIsHostPort(s));
    }), { numRuns: 500 });
  });

  test('the generators produce both accepted and rejected values', () => {
    const samples = fc.sample(anyString, { numRuns: 500, seed: 42 });
    expect(samples.filter(refIsHostPort).length).toBeGreaterThan(50);
    expect(samples.filter(s => !refIsHostPort(s)).length).toBeGreaterThan(50);
  });
});
