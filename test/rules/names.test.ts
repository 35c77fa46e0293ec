import { dns1123LabelProblem, dns1123SubdomainProblem, suggestDnsName } from '../../src/_rules/names';

describe('dns1123SubdomainProblem', () => {
  test.each([
    'a', 'docker.io', 'my-registry.io', '0.0.0.0', 'a'.repeat(253), `${'a'.repeat(63)}.${'b'.repeat(100)}`, 'x--y.z',
  ])('accepts %j', value => {
    expect(dns1123SubdomainProblem(value)).toBeUndefined();
  });

  test.each([
    ['', /must not be empty/],
    ['a'.repeat(254), /no more than 253 characters \(it has 254\)/],
    ['Docker.io', /lowercase RFC 1123 subdomain/],
    ['docker.io.', /lowercase RFC 1123 subdomain/],
    ['.docker.io', /lowercase RFC 1123 subdomain/],
    ['a..b', /lowercase RFC 1123 subdomain/],
    ['-a', /lowercase RFC 1123 subdomain/],
    ['a-', /lowercase RFC 1123 subdomain/],
    ['my_registry', /lowercase RFC 1123 subdomain/],
    ['bücher.de', /lowercase RFC 1123 subdomain/],
    ['a\n', /lowercase RFC 1123 subdomain/],
  ])('rejects %j', (value, message) => {
    expect(dns1123SubdomainProblem(value)).toMatch(message);
  });
});

describe('dns1123LabelProblem', () => {
  test.each(['a', 'docker-io', '0', 'a'.repeat(63)])('accepts %j', value => {
    expect(dns1123LabelProblem(value)).toBeUndefined();
  });

  test.each([
    ['', /must not be empty/],
    ['a'.repeat(64), /no more than 63 characters/],
    ['docker.io', /must not contain dots/],
    ['Docker', /lowercase RFC 1123 label: lowercase letters/],
    ['a_b', /lowercase RFC 1123 label: lowercase letters/],
    ['-a', /lowercase RFC 1123 label: lowercase letters/],
  ])('rejects %j', (value, message) => {
    expect(dns1123LabelProblem(value)).toMatch(message);
  });
});

describe('suggestDnsName', () => {
  test.each([
    ['My_Secret', 'my-secret'],
    ['--x--', 'x'],
    ['!!!', 'my-name'],
    ['', 'my-name'],
  ])('%j becomes %j', (value, suggestion) => {
    expect(suggestDnsName(value)).toBe(suggestion);
    expect(dns1123SubdomainProblem(suggestDnsName(value))).toBeUndefined();
  });
});
