import * as fc from 'fast-check';
import { refIsUrl, refOldGardenerAcceptsUrl } from './_reference';
import { checkUrl } from '../../src/_rules/url';

const EXAMPLE = 'https://registry-1.docker.io';

describe('checkUrl', () => {
  test.each([
    ['https://registry-1.docker.io', 'https://registry-1.docker.io'],
    ['http://proxy.example.com:3128', 'http://proxy.example.com:3128'],
    ['https://mirror-host.io:8443/', 'https://mirror-host.io:8443'],
    ['http://10.0.0.1', 'http://10.0.0.1'],
    ['http://localhost:65535', 'http://localhost:65535'],
  ])('accepts %j and emits %j', (value, normalized) => {
    const r = checkUrl(value, 'remoteURL', EXAMPLE);
    expect(r.errors).toEqual([]);
    expect(r.normalized).toBe(normalized);
  });

  test.each([
    ['registry-1.docker.io', /url must start with 'http:\/\/' or 'https:\/\/' scheme/, /start the URL with "https:\/\/"/],
    ['ftp://registry.io', /must start with 'http:\/\/' or 'https:\/\/'/, /start the URL with/],
    ['HTTPS://registry.io', /must start with 'http:\/\/' or 'https:\/\/'/, /lowercase: "https:\/\/registry\.io"/],
    ['https:/registry.io', /must start with/, /start the URL with/],
    ['https://', /url host must not be empty/, /lowercase host name/],
    ['https://Registry.io', /url host must be a lowercase RFC 1123 subdomain/, /lowercase host name/],
    ['https://registry.io:0', /port '0' is not valid/, /lowercase host name/],
    ['https://registry.io:99999', /port '99999' is not valid/, /lowercase host name/],
    ['https://[::1]:443', /url host must be a lowercase/, /lowercase host name/],
    ['https://registry.io/v2', /url must not contain a path/, /only scheme, host and port: "https:\/\/registry\.io"/],
    ['https://registry.io//', /url must not contain a path/, /"https:\/\/registry\.io"/],
    ['https://registry.io?x=1', /url must not contain query parameters/, /remove everything from '\?'/],
    ['https://registry.io/?', /url must not contain query parameters/, /remove everything from '\?'/],
    ['https://registry.io#top', /url must not contain a fragment/, /remove everything from '#'/],
    ['https://user:pw@registry.io', /url must not contain user info/, /credentials never go into a URL/],
    ['https://registry.io ', /url host must be a lowercase/, /lowercase host name/],
    [' https://registry.io', /must start with/, /start the URL with/],
    ['', /must start with/, /start the URL with/],
  ])('rejects %j', (value, detail, fix) => {
    const r = checkUrl(value, 'proxy.httpsProxy', EXAMPLE);
    expect(r.normalized).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('proxy.httpsProxy');
    expect(r.errors[0].detail).toMatch(detail);
    expect(r.errors[0].fix).toMatch(fix);
  });

  test.each([undefined, null, 42, true, ['https://a.io'], { url: 'https://a.io' }])('rejects %j with "must be a string"', value => {
    const r = checkUrl(value, 'remoteURL', EXAMPLE);
    expect(r.errors.map(e => e.detail)).toEqual(['must be a string']);
    expect(r.errors[0].fix).toContain(EXAMPLE);
  });

  test('never shows the password of a proxy URL', () => {
    const r = checkUrl('http://proxyuser:Pa55w0rd@proxy.corp:3128', 'proxy.httpProxy', EXAMPLE);
    const text = JSON.stringify(r.errors);
    expect(text).not.toContain('Pa55w0rd');
    expect(text).not.toContain('proxyuser');
    expect(r.errors[0].value).toBe('"http://***@proxy.corp:3128"');
  });
});

const nearUrl = fc.tuple(
  fc.constantFrom('http://', 'https://', 'HTTP://', 'ftp://', 'http:/', ''),
  fc.string({ unit: fc.constantFrom(...'ab09.-:/?#@A_'.split('')), maxLength: 16 }),
).map(([s, rest]) => s + rest);
const validUrl = fc.tuple(
  fc.constantFrom('http://', 'https://'),
  fc.array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?$/), { minLength: 1, maxLength: 3 }),
  fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  fc.constantFrom('', '/'),
).map(([s, labels, port, slash]) => `${s}${labels.join('.')}${port === undefined ? '' : `:${port}`}${slash}`);
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), nearUrl, validUrl);

describe('URL rule against the reference implementation', () => {
  test('agrees on arbitrary strings, and what it emits every Gardener version accepts', () => {
    fc.assert(fc.property(anyString, s => {
      const r = checkUrl(s, 'remoteURL', EXAMPLE);
      expect(r.errors.length === 0).toBe(refIsUrl(s));
      expect(r.errors.length).toBeLessThanOrEqual(1);
      if (r.normalized !== undefined) {
        expect(refIsUrl(r.normalized)).toBe(true);
        expect(r.normalized.endsWith('/')).toBe(false);
        expect(refOldGardenerAcceptsUrl(r.normalized)).toBe(true);
      }
    }), { numRuns: 500 });
  });

  test('the generators produce both accepted and rejected values', () => {
    const samples = fc.sample(anyString, { numRuns: 500, seed: 7 });
    expect(samples.filter(refIsUrl).length).toBeGreaterThan(50);
    expect(samples.filter(s => !refIsUrl(s)).length).toBeGreaterThan(50);
  });
});
