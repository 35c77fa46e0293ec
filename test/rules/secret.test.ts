import { checkNamespace, checkResourceName, checkSecretBaseName, checkVersion } from '../../src/_rules/secret';

describe('checkSecretBaseName', () => {
  test.each([['ro-docker-secret', 'ro-docker-secret-v1'], ['a', 'a-v1'], ['x'.repeat(250), `${'x'.repeat(250)}-v1`]])(
    'accepts %j', (name, secretName) => {
      expect(checkSecretBaseName(name, secretName, 'name')).toEqual([]);
    });

  test.each([
    ['', '-v1', /is required/],
    [undefined, 'undefined-v1', /is required/],
    [42, '42-v1', /must be a string/],
    ['My_Secret', 'My_Secret-v1', /gives the Secret name "My_Secret-v1", which must be a lowercase RFC 1123 subdomain/],
    ['x'.repeat(251), `${'x'.repeat(251)}-v1`, /which must be no more than 253 characters \(it has 254\)/],
  ])('fails when the name is %j', (name, secretName, detail) => {
    const errors = checkSecretBaseName(name, secretName, 'name');
    expect(errors).toHaveLength(1);
    expect(errors[0].detail).toMatch(detail);
  });

  test('suggests a valid name', () => {
    expect(checkSecretBaseName('My_Secret', 'My_Secret-v1', 'name')[0].fix).toBe('use a lowercase name such as "my-secret"');
  });
});

describe('checkVersion', () => {
  test.each([1, 2, 1000])('accepts %j', version => {
    expect(checkVersion(version, 'version')).toEqual([]);
  });
  test.each([0, -1, 1.5, NaN, Infinity, 2 ** 53, '1', null, undefined])('fails when the version is %j', version => {
    const errors = checkVersion(version, 'version');
    expect(errors).toHaveLength(1);
    expect(errors[0].detail).toBe('must be a positive integer');
    expect(errors[0].fix).toMatch(/start at 1/);
  });
});

describe('checkNamespace', () => {
  test.each([[undefined, 'garden-dev'], ['garden-dev', 'garden-dev']])('accepts given %j, effective %j', (given, effective) => {
    expect(checkNamespace(given, effective, 'namespace')).toEqual([]);
  });
  test.each([
    [undefined, '', /is required: neither the credential nor its Chart has a namespace/],
    [5, '', /must be a string/],
    ['Garden_Dev', 'Garden_Dev', /is not a valid namespace: must be a lowercase RFC 1123 label/],
    ['garden.dev', 'garden.dev', /is not a valid namespace: must be a lowercase RFC 1123 label: must not contain dots/],
    ['g'.repeat(64), 'g'.repeat(64), /no more than 63 characters/],
  ])('fails when given %j (effective %j)', (given, effective, detail) => {
    const errors = checkNamespace(given, effective, 'namespace');
    expect(errors).toHaveLength(1);
    expect(errors[0].detail).toMatch(detail);
  });
});

describe('checkResourceName', () => {
  test.each(['docker-secret', 'a.b'])('accepts %j', name => {
    expect(checkResourceName(name, 'resourceName')).toEqual([]);
  });
  test.each([
    ['', /is required/],
    [null, /is required/],
    ['Docker_Secret', /lowercase RFC 1123 subdomain/],
    ['r'.repeat(254), /no more than 253/],
  ])('fails when the resource name is %j', (name, detail) => {
    const errors = checkResourceName(name, 'resourceName');
    expect(errors).toHaveLength(1);
    expect(errors[0].detail).toMatch(detail);
  });
});
