import { CA_BUNDLE_KEY, checkCaBundlePem, checkCaBundleSecret } from '../../src/_rules/ca-bundle';
import { CA_V1, CA_V2, pemBlock, PRIVATE_KEY } from '../fixtures/pem';

const PATH = 'Secret "garden-dev/ca-v1" data.bundle.crt';
const CANARY = 'CANARY-7f3a9c-never-print-me';

/** A CA bundle Secret manifest with `data` given as plain text (encoded here). */
function secret(overrides: Record<string, unknown> = {}, pem = CA_V1): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'ca-v1', namespace: 'garden-dev' },
    type: 'Opaque',
    immutable: true,
    data: { [CA_BUNDLE_KEY]: Buffer.from(pem).toString('base64') },
    ...overrides,
  };
}

describe('checkCaBundlePem', () => {
  test.each([
    ['one certificate', CA_V1],
    ['two certificates', CA_V1 + CA_V2],
    ['certificates with CRLF line ends', (CA_V1 + CA_V2).replace(/\n/g, '\r\n')],
    ['text around the blocks (Go ignores it)', `# the mirror's CA\n${CA_V1}\nissued 2026\n`],
    ['no trailing newline', CA_V1.trimEnd()],
  ])('accepts %s', (_name, pem) => {
    expect(checkCaBundlePem(pem, PATH)).toEqual([]);
  });

  test.each([
    ['an empty string', '', /is empty: the CA bundle is not a valid PEM-encoded certificate/],
    ['white space only', ' \n\t', /is empty/],
    ['text without a PEM block', 'MIIB/zCCAaWgAwIBAgIU', /contains no PEM block/],
    ['a BEGIN line without END line', CA_V1.replace('-----END CERTIFICATE-----', ''), /its PEM block is malformed \(a BEGIN line without its END line/],
    ['an END line of another type', CA_V1.replace('END CERTIFICATE', 'END PUBLIC KEY'), /malformed/],
    ['a body that is not base64', pemBlock('CERTIFICATE', 'x').replace(/\n[^-].*\n/, '\n%%%%\n'), /malformed/],
    ['a certificate block that is not X.509', pemBlock('CERTIFICATE', 'not a certificate at all'), /its PEM block does not parse as an X\.509 certificate/],
    ['a private key', PRIVATE_KEY, /its PEM block is a PRIVATE KEY, not a CERTIFICATE; a private key never belongs in a CA bundle/],
    ['a public key', pemBlock('PUBLIC KEY', 'k'), /is a PUBLIC KEY, not a CERTIFICATE/],
  ])('fails when the bundle is %s', (_name, pem, detail) => {
    const errors = checkCaBundlePem(pem, PATH);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(PATH);
    expect(errors[0].detail).toMatch(detail);
    expect(errors[0].fix).toMatch(/PEM form/);
  });

  test('fails when a later block is not a certificate, and says Gardener checks only the first', () => {
    const errors = checkCaBundlePem(CA_V1 + PRIVATE_KEY + pemBlock('CERTIFICATE', 'junk'), PATH);
    expect(errors.map(e => e.detail)).toEqual([
      expect.stringMatching(/^PEM block 2 of 3 is a PRIVATE KEY, not a CERTIFICATE.*Gardener checks only the first block, but containerd silently skips/),
      expect.stringMatching(/^PEM block 3 of 3 does not parse as an X\.509 certificate.*Gardener checks only the first block/),
    ]);
  });

  test.each([undefined, null, 42, ['pem'], { pem: 'x' }])('fails when the bundle is %j, not a string', value => {
    expect(checkCaBundlePem(value, PATH).map(e => e.detail)).toEqual(['must be a string of PEM-encoded certificates']);
  });

  test('never shows the bundle: not its body, not a label outside the known PEM types', () => {
    const pem = [
      pemBlock('CERTIFICATE', CANARY),
      pemBlock(CANARY, CANARY),
      pemBlock('CERTIFICATE', `${CANARY}`).replace('-----END CERTIFICATE-----', ''),
      CANARY,
    ].join('');
    const errors = checkCaBundlePem(pem, PATH);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(errors);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(Buffer.from(CANARY).toString('base64').slice(0, 12));
    expect(text).toContain('a block of another type');
  });
});

describe('checkCaBundleSecret', () => {
  test('accepts the Secret of Gardener\'s CA bundle page', () => {
    expect(checkCaBundleSecret(secret())).toEqual([]);
  });

  test('accepts the bundle in stringData (the API server merges it into data)', () => {
    expect(checkCaBundleSecret(secret({ data: undefined, stringData: { [CA_BUNDLE_KEY]: CA_V1 } }))).toEqual([]);
  });

  test('accepts base64 split over lines, as a YAML block scalar gives it', () => {
    const b64 = Buffer.from(CA_V1).toString('base64').replace(/(.{76})/g, '$1\n');
    expect(checkCaBundleSecret(secret({ data: { [CA_BUNDLE_KEY]: b64 } }))).toEqual([]);
  });

  test.each([
    ['not immutable', { immutable: undefined }, /^Secret "garden-dev\/ca-v1" immutable$/, /the referenced CA bundle secret "garden-dev\/ca-v1" should be immutable/],
    ['immutable: false', { immutable: false }, /immutable$/, /should be immutable/],
    ['without bundle.crt', { data: { 'ca.crt': Buffer.from(CA_V1).toString('base64') } }, /data$/, /missing "bundle\.crt" data entry in the referenced CA bundle secret "garden-dev\/ca-v1"/],
    ['with no data', { data: undefined }, /data$/, /missing "bundle\.crt" data entry/],
    ['with a second key', { data: { [CA_BUNDLE_KEY]: Buffer.from(CA_V1).toString('base64'), 'tls.key': 'eA==' } }, /data$/, /should only have a single data entry with key "bundle\.crt" \(it also has "tls\.key"\)/],
    ['with data that is not base64', { data: { [CA_BUNDLE_KEY]: '-----BEGIN CERTIFICATE-----' } }, /data\.bundle\.crt$/, /is not base64: Kubernetes rejects the Secret/],
    ['with a bundle that is not a certificate', { data: { [CA_BUNDLE_KEY]: Buffer.from(PRIVATE_KEY).toString('base64') } }, /data\.bundle\.crt$/, /is a PRIVATE KEY, not a CERTIFICATE/],
    ['with data that is not a map', { data: 'bundle' }, /data$/, /must be a map of base64 values/],
  ])('fails when the Secret is %s', (_name, overrides, path, detail) => {
    const errors = checkCaBundleSecret(secret(overrides));
    expect(errors).toContainEqual(expect.objectContaining({ path: expect.stringMatching(path), detail: expect.stringMatching(detail) }));
  });

  test('fails with both Gardener errors when the key is missing and there are two others', () => {
    const errors = checkCaBundleSecret(secret({ data: { a: 'eA==', b: 'eA==' } }));
    expect(errors.map(e => e.detail)).toEqual([
      expect.stringMatching(/missing "bundle\.crt"/),
      expect.stringMatching(/should only have a single data entry .* \(it also has "a", "b"\)/),
    ]);
  });

  test.each([
    ['not an object', 'secret', /^Secret$/, /must be an object/],
    ['a ConfigMap', { ...secret(), kind: 'ConfigMap' }, /apiVersion\/kind$/, /is not a Secret \(v1, kind Secret\)/],
  ])('fails when the manifest is %s', (_name, manifest, path, detail) => {
    expect(checkCaBundleSecret(manifest)).toEqual([
      expect.objectContaining({ path: expect.stringMatching(path), detail: expect.stringMatching(detail) }),
    ]);
  });

  test('never shows the bundle', () => {
    const errors = checkCaBundleSecret(secret({ immutable: false }, pemBlock('CERTIFICATE', CANARY) + pemBlock(CANARY, CANARY)));
    expect(errors.length).toBe(3);
    expect(JSON.stringify(errors)).not.toContain(CANARY);
  });
});
