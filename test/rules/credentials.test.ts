import { ALLOWED_SERVICE_ACCOUNT_KEYS, checkCredentialPair, checkServiceAccountKey } from '../../src/_rules/credentials';

const P = 'Secret "garden-dev/ro-docker-secret-v1" data';
const SA = JSON.stringify({ type: 'service_account', project_id: 'p', private_key: '-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----\n', client_email: 'x@p.iam.gserviceaccount.com' });

describe('checkCredentialPair', () => {
  test.each([
    ['robot', 'hunter2'],
    ['robot', 'pass word with spaces'],
    ['robot', 'trailing-newline\n'],
    ['_json_key', SA],
    ['_json_key_base64', 'bm90LWpzb24='],
    // Go's unicode.IsSpace, not JavaScript's \s: U+FEFF, U+200B and U+180E are not white space.
    ['robot\ufeff', 'pw'],
    ['\u200brobot', 'pw'],
    ['ro\u180ebot', 'pw'],
    ['robot', '\ufeff'],
    ['robot', '\u200b'],
  ])('accepts %j with its password', (username, password) => {
    expect(checkCredentialPair(username, password, P)).toEqual([]);
  });

  test.each([
    ['', 'pw', `${P}.username`, /is empty or blank/],
    ['  \t', 'pw', `${P}.username`, /is empty or blank/],
    ['robot\n', 'pw', `${P}.username`, /contains whitespace.*trailing newline/],
    ['ro bot', 'pw', `${P}.username`, /contains whitespace/],
    ['robot\u00a0', 'pw', `${P}.username`, /contains whitespace/],
    ['robot\u0085', 'pw', `${P}.username`, /contains whitespace/],
    ['robot\u2003', 'pw', `${P}.username`, /contains whitespace/],
    ['robot', '', `${P}.password`, /is empty or blank/],
    ['robot', ' \n ', `${P}.password`, /is empty or blank/],
    ['\u0085\u3000', 'pw', `${P}.username`, /is empty or blank/],
    ['robot', '\u0085\u2028\u00a0', `${P}.password`, /is empty or blank/],
    ['robot\u205f', 'pw', `${P}.username`, /contains whitespace/],
    ['_json_key', 'not json', `${P}.password`, /is not valid JSON/],
    ['_json_key', '[1,2]', `${P}.password`, /is not a JSON object/],
    ['_json_key', '"x"', `${P}.password`, /is not a JSON object/],
    ['_json_key', 'null', `${P}.password`, /is not a JSON object/],
    // an unknown field's name may itself be part of a secret: it is not shown
    ['_json_key', '{"type":"service_account","extra":"s3cr3t-value"}', `${P}.password`, /forbidden service-account field with a name that is not shown/],
    ['_json_key', '{"type":"service_account","refresh_token":"s3cr3t-value"}', `${P}.password`, /forbidden service-account field "refresh_token"/],
    ['_json_key', '{"type":{"nested":"s3cr3t-value"}}', `${P}.password`, /field "type" whose value is not a string/],
    ['_json_key', '{"project_id":42}', `${P}.password`, /field "project_id" whose value is not a string/],
  ])('fails when username is %j and password %j', (username, password, path, detail) => {
    const errors = checkCredentialPair(username, password, P);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].detail).toMatch(detail);
    expect(errors[0].fix.length).toBeGreaterThan(0);
  });

  test('reports both keys at once', () => {
    expect(checkCredentialPair('a b', '', P).map(e => e.path)).toEqual([`${P}.username`, `${P}.password`]);
  });

  test('never shows a credential value', () => {
    const secret = 's3cr3t-value';
    const cases: Array<[string, string]> = [
      [`user ${secret}`, 'x'], ['_json_key', `{"extra":"a"}${secret}`],
      ['_json_key', `{"type":{"k":"${secret}"}}`], ['_json_key', `{"extra":"${secret}"}`], ['_json_key', `${secret}{`],
    ];
    for (const [u, p] of cases) {
      const errors = checkCredentialPair(u, p, P);
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.value).toBeUndefined();
        expect(`${e.detail} ${e.fix}`).not.toContain(secret);
      }
    }
  });
});

describe('checkServiceAccountKey', () => {
  test('accepts every allowed key', () => {
    const all = Object.fromEntries(ALLOWED_SERVICE_ACCOUNT_KEYS.map(k => [k, 'v']));
    expect(checkServiceAccountKey(JSON.stringify(all), 'p')).toEqual([]);
  });

  test('reports every forbidden key; names only the fields Google\'s credential files use', () => {
    const errors = checkServiceAccountKey(JSON.stringify({ zeta: 'a', refresh_token: 'b', ['k'.repeat(100)]: 'c' }), 'p');
    expect(errors.map(e => e.detail)).toEqual([
      'has the forbidden service-account field with a name that is not shown (it may be part of a secret)',
      'has the forbidden service-account field "refresh_token"',
      'has the forbidden service-account field with a name that is not shown (it may be part of a secret)',
    ]);
    expect(errors[0].fix).toMatch(/allowed fields are type, project_id/);
  });
});
