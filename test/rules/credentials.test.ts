import { ALLOWED_SERVICE_ACCOUNT_KEYS, checkCredentialPair, checkCredentialSecret, checkServiceAccountKey } from '../../src/_rules/credentials';

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
    ['_json_key', '{"type":"service_account","extra":"s3cr3t-value"}', `${P}.password`, /forbidden service-account field whose name is not shown \(it may be part of a secret\): field 2 of/],
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

  test('reports every forbidden key; names only the fields Google\'s credential files use, counts and places the others', () => {
    const errors = checkServiceAccountKey(JSON.stringify({ zeta: 'a', refresh_token: 'b', ['k'.repeat(100)]: 'c' }), 'p');
    expect(errors.map(e => e.detail)).toEqual([
      'has the forbidden service-account field "refresh_token"',
      'has 2 forbidden service-account fields whose names are not shown (a name may be part of a secret): fields 1 and 3 of the key\'s 3 top-level fields, counted from 1 in the order of the file',
    ]);
    expect(errors[0].fix).toMatch(/allowed fields are type, project_id/);
    expect(errors[1].fix).toMatch(/^remove them; allowed fields are type, project_id/);
  });

  // Two unknown fields used to give two identical anonymous lines.
  test('fails with one line for two unknown fields, saying how many and where', () => {
    const key = '{"type":"service_account","s3cr3t-a":"x","client_email":"a@b","s3cr3t-b":"y"}';
    const errors = checkServiceAccountKey(key, 'p');
    expect(errors).toHaveLength(1);
    expect(errors[0].detail).toMatch(/^has 2 forbidden service-account fields whose names are not shown .*: fields 2 and 4 of the key's 4 top-level fields/);
    expect(JSON.stringify(errors)).not.toMatch(/s3cr3t|"x"|"y"/);
  });

  test('one unknown field: its position', () => {
    const errors = checkServiceAccountKey('{"type":"service_account","odd":"x"}', 'p');
    expect(errors.map(e => e.detail)).toEqual([
      'has a forbidden service-account field whose name is not shown (it may be part of a secret): field 2 of the key\'s 2 top-level fields, counted from 1 in the order of the file',
    ]);
  });

  test('positions follow the file, also for integer-like names, nested values and duplicates', () => {
    const key = '{ "type" : "service_account", "obj": {"a": [1, "}", {"b": ","}]}, "7": "x",\n "project_id": 42, "7": "y", "q\\"uote": "z" }';
    expect(JSON.parse(key)).toBeTruthy();
    const errors = checkServiceAccountKey(key, 'p');
    expect(errors.map(e => e.detail)).toEqual([
      'has a service-account field "project_id" whose value is not a string',
      expect.stringMatching(/^has 4 forbidden .*: fields 2, 3, 5 and 6 of the key's 6 top-level fields/),
    ]);
  });

  test('only allowed fields (not scanned): each field that is not a string once, in the order of the file', () => {
    const key = '{"type":1,"project_id":"p","client_email":{"a":"b"},"type":2}';
    expect(checkServiceAccountKey(key, 'p').map(e => e.detail)).toEqual([
      'has a service-account field "type" whose value is not a string',
      'has a service-account field "client_email" whose value is not a string',
    ]);
    expect(checkServiceAccountKey('{"type":"service_account","type":"x","private_key":"k"}', 'p')).toEqual([]);
  });

  test('positions follow the file past escaped backslashes and quotes at the end of strings', () => {
    // "ends\\" ends with an escaped backslash, "\\\"x" starts with one and an escaped quote; the integer-like
    // name "7" is last in the file but first in JSON.parse's order, so a misread string would show.
    const key = String.raw`{"type":"service_account","k":"ends\\","odd\\":"\\\"x","7":"v"}`;
    expect(Object.keys(JSON.parse(key))).toEqual(['7', 'type', 'k', 'odd\\']);
    expect(checkServiceAccountKey(key, 'p').map(e => e.detail)).toEqual([
      expect.stringMatching(/^has 3 forbidden .*: fields 2, 3 and 4 of the key's 4 top-level fields/),
    ]);
  });

  test('many unknown fields: the first positions, then a count', () => {
    const key = JSON.stringify(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 'v'])));
    expect(checkServiceAccountKey(key, 'p')[0].detail).toMatch(/^has 25 forbidden .*: fields 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 15 more of the key's 25 top-level fields/);
  });
});

describe('checkCredentialSecret (a Secret read from a manifest)', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret = (more: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'ro-docker-secret-v1', namespace: 'garden-dev' },
    type: 'Opaque',
    immutable: true,
    data: { username: b64('robot'), password: b64('hunter2') },
    ...more,
  });

  test('accepts an immutable Secret with exactly username and password, in data or stringData', () => {
    expect(checkCredentialSecret(secret())).toEqual({ errors: [], warnings: [] });
    expect(checkCredentialSecret(secret({ data: { username: b64('robot') }, stringData: { password: 'hunter2' } }))).toEqual({ errors: [], warnings: [] });
    expect(checkCredentialSecret(secret({ data: { username: `${b64('robot').slice(0, 4)}\n${b64('robot').slice(4)}`, password: b64('pw') } })).errors).toEqual([]);
  });

  test.each([
    [{ immutable: undefined }, 'immutable', /should be immutable/],
    [{ immutable: false }, 'immutable', /should be immutable/],
    [{ data: { username: b64('robot') } }, 'data', /missing "password" data entry/],
    [{ data: { username: b64('robot'), password: b64('pw'), token: b64('x') } }, 'data', /should have only two data entries.*also has "token"/],
    [{ data: { '.dockerconfigjson': b64('{}') } }, 'data', /also has "\.dockerconfigjson"/],
    [{ data: { username: 'not base64!', password: b64('pw') } }, 'data.username', /is not valid base64/],
    [{ data: { username: 'cm9ib3Q', password: b64('pw') } }, 'data.username', /is not valid base64/],
    [{ data: { username: 5, password: b64('pw') } }, 'data.username', /must be a string \(it is a number\)/],
    [{ data: 'x' }, 'data', /must be a mapping/],
    [{ data: { username: b64('robot\n'), password: b64('pw') } }, 'data.username', /contains whitespace/],
    [{ data: { username: b64('robot') }, stringData: { password: '  ' } }, 'stringData.password', /is empty or blank/],
    [{ data: { username: b64('_json_key'), password: b64('{"type":"user"}') } }, 'data.password', /forbidden service-account field "type"|"type" field is not "service_account"/],
  ])('fails when %j', (more, path, detail) => {
    const { errors } = checkCredentialSecret(secret(more));
    expect(errors.map(e => e.path)).toContain(path);
    expect(errors.find(e => e.path === path)!.detail).toMatch(detail);
    expect(JSON.stringify(errors)).not.toMatch(/hunter2|robot|aHVudGVyMg/);
  });

  test('warns (and only warns) about white space around the password, never showing it', () => {
    const r = checkCredentialSecret(secret({ stringData: { password: 'hunter2\n' }, data: { username: b64('robot') } }));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ path: 'stringData.password', detail: expect.stringMatching(/starts or ends with white space/) })]);
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });
});
