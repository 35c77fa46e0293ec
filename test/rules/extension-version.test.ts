import {
  checkCacheFieldsKnown, checkExtensionVersion, compareVersions, isAtLeast, NEWEST_KNOWN_EXTENSION_VERSION, parseExtensionVersion,
} from '../../src/_rules/extension-version';

const v = (text: string) => parseExtensionVersion(text)!;

describe('parseExtensionVersion and compareVersions', () => {
  test.each([
    ['v0.24.0', [0, 24, 0]], ['v0.7.0', [0, 7, 0]], ['v1.0.12', [1, 0, 12]],
  ])('parses %j', (text, [major, minor, patch]) => {
    expect(parseExtensionVersion(text)).toEqual({ major, minor, patch, text });
  });

  test.each(['0.24.0', 'v0.24', 'v0.24.0-dev', 'v01.2.3', 'V0.24.0', ' v0.24.0', 'v0.24.0\n', '', 'latest', 'v1234567.0.0'])('rejects %j', text => {
    expect(parseExtensionVersion(text)).toBeUndefined();
  });

  test('orders numerically, not as text', () => {
    expect(compareVersions(v('v0.9.0'), v('v0.13.0'))).toBeLessThan(0);
    expect(compareVersions(v('v0.18.0'), v('v0.18.0'))).toBe(0);
    expect(compareVersions(v('v1.0.0'), v('v0.99.99'))).toBeGreaterThan(0);
    expect(isAtLeast(v('v0.13.1'), 'v0.13.0')).toBe(true);
    expect(isAtLeast(v('v0.12.9'), 'v0.13.0')).toBe(false);
  });

  test('the default is the newest version the reference lists', () => {
    expect(NEWEST_KNOWN_EXTENSION_VERSION).toBe('v0.24.0');
  });
});

describe('checkExtensionVersion', () => {
  test.each(['v0.7.0', 'v0.18.0', 'v0.24.0', 'v0.25.0', 'v1.0.0'])('accepts %j', text => {
    expect(checkExtensionVersion(text, 'extensionVersion')).toEqual({ errors: [], version: v(text) });
  });

  test.each([
    ['v0.6.0', /too old.*v1alpha3.*from v0\.7\.0 on/, /upgrade the extension on the landscape to v0\.7\.0 or newer/],
    ['v0.1.0', /too old/, /v0\.7\.0 or newer \(v0\.24\.0 is the newest known\)/],
    ['0.18.0', /not a release version of the form vMAJOR\.MINOR\.PATCH/, /e\.g\. "v0\.24\.0"/],
    ['latest', /not a release version/, /e\.g\. "v0\.24\.0"/],
    ['', /not a release version/, /e\.g\. "v0\.24\.0"/],
    [18, /must be a string/, /e\.g\. "v0\.24\.0"/],
    [null, /must be a string/, /e\.g\. "v0\.24\.0"/],
  ])('rejects %j', (value, detail, fix) => {
    const r = checkExtensionVersion(value, 'extensionVersion');
    expect(r.version).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('extensionVersion');
    expect(r.errors[0].detail).toMatch(detail);
    expect(r.errors[0].fix).toMatch(fix);
  });
});

describe('checkCacheFieldsKnown', () => {
  const full = {
    upstream: 'my-registry.io:5000',
    remoteURL: 'https://mirror.io',
    volume: { size: '10Gi', storageClassName: 'fast' },
    garbageCollection: { ttl: '0s' },
    secretReferenceName: 'creds',
    proxy: { httpProxy: 'http://user:se/cr#et@proxy:3128', ['u:p@k']: 'x' },
    http: { tls: false },
    highAvailability: { enabled: true },
    serviceNameSuffix: 'mine',
  };

  test.each([
    ['v0.7.0', ['remoteURL', 'proxy', 'http', 'highAvailability', 'serviceNameSuffix', 'upstream']],
    ['v0.8.9', ['remoteURL', 'proxy', 'http', 'highAvailability', 'serviceNameSuffix', 'upstream']],
    ['v0.9.0', ['proxy', 'http', 'highAvailability', 'serviceNameSuffix']],
    ['v0.13.0', ['http', 'highAvailability', 'serviceNameSuffix']],
    ['v0.14.0', ['highAvailability', 'serviceNameSuffix']],
    ['v0.16.0', ['serviceNameSuffix']],
    ['v0.17.5', ['serviceNameSuffix']],
    ['v0.18.0', []],
    ['v0.24.0', []],
  ])('at %s reports %j', (version, fields) => {
    expect(checkCacheFieldsKnown(full, v(version)).map(e => e.path)).toEqual(fields);
  });

  test.each([
    ['remoteURL', 'remoteUrl', 'v0.9.0', '"https://mirror.io"'],
    ['proxy', 'httpProxy and httpsProxy', 'v0.13.0', '{"httpProxy":"http://***@proxy:3128","***@k":"x"}'],
    ['http', 'tls', 'v0.14.0', '{"tls":false}'],
    ['highAvailability', 'highAvailability', 'v0.16.0', '{"enabled":true}'],
    ['serviceNameSuffix', 'serviceNameSuffix', 'v0.18.0', '"mine"'],
  ])('fails when %s is set for an older version: names the version that introduced it', (field, option, since, value) => {
    const [e] = checkCacheFieldsKnown({ upstream: 'docker.io', [field]: (full as Record<string, unknown>)[field] }, v('v0.7.0'));
    expect(e.path).toBe(field);
    expect(e.value).toBe(value);
    expect(e.detail).toMatch(new RegExp(`unknown to registry-cache extension v0\\.7\\.0: it was introduced in ${since.replace(/\./g, '\\.')}`));
    expect(e.detail).toMatch(/decodes strictly/);
    expect(e.fix).toBe(`upgrade the extension to ${since} or newer and set extensionVersion to it, or leave ${option} out`);
  });

  test('fails when an upstream has a port before v0.9.0', () => {
    const [e] = checkCacheFieldsKnown({ upstream: 'localhost:5000' }, v('v0.8.0'));
    expect(e).toMatchObject({ path: 'upstream', value: '"localhost:5000"' });
    expect(e.detail).toMatch(/has a port.*accepted from v0\.9\.0 on/);
    expect(checkCacheFieldsKnown({ upstream: 'localhost' }, v('v0.8.0'))).toEqual([]);
  });
});
