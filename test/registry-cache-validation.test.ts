import * as path from 'path';
import * as lib from '../src';
import { Cdk8sValidationViolation, ICdk8sValidationContext, RegistryCacheValidation } from '../src';

/**
 * The cdk8s CLI validation plugin. The CLI loads the class named in
 * cdk8s.yaml from the package's main module, constructs it with the entry's
 * `properties`, and calls `validate(context)`; the context here has the
 * shape of the CLI's `ValidationContext` (manifests, report, logger).
 */
const FIXTURES = 'test/fixtures/check';

function fakeContext(manifests: string[]) {
  const violations: Cdk8sValidationViolation[] = [];
  const logged: string[] = [];
  const submitted: Array<{ status: string; metadata?: Record<string, string> }> = [];
  const context: ICdk8sValidationContext = {
    manifests,
    report: {
      addViolation: v => violations.push(v),
      submit: (status, metadata) => submitted.push({ status, metadata }),
    },
    logger: { log: m => logged.push(m) },
  };
  return { context, violations, logged, submitted };
}

describe('RegistryCacheValidation (cdk8s CLI validation plugin)', () => {
  test('is exported by the package\'s main module under the class name cdk8s.yaml names', () => {
    expect((lib as Record<string, unknown>).RegistryCacheValidation).toBe(RegistryCacheValidation);
    expect(typeof new RegistryCacheValidation({}).validate).toBe('function');
  });

  test('passes clean manifests: success, warnings and notes logged', async () => {
    const { context, violations, logged, submitted } = fakeContext([path.join(FIXTURES, 'clean', 'garden-dev', 'shoots', 'crazy-botany.yaml'), path.join(FIXTURES, 'clean', 'garden-dev', 'secrets', 'ro-docker-secret-v1.yaml')]);
    await new RegistryCacheValidation().validate(context);
    expect(violations).toEqual([]);
    expect(submitted).toEqual([{ status: 'success', metadata: { extensionVersion: 'v0.24.0', checked: '1 Shoots, 1 referenced Secrets', problems: '0' } }]);
    expect(logged).toEqual([expect.stringMatching(/crazy-botany\.yaml:32:34: warning: Shoot garden-dev\/crazy-botany: .*no authentication/)]);
  });

  test('fails when a manifest has problems: one violation per problem, with file, resource, field path and position', async () => {
    const { context, violations, submitted } = fakeContext([path.join(FIXTURES, 'problems', 'strict-decoding.yaml')]);
    await new RegistryCacheValidation({ extensionVersion: 'v0.24.0' }).validate(context);
    expect(submitted.map(s => s.status)).toEqual(['failure']);
    expect(violations).toHaveLength(5);
    expect(violations[0]).toEqual({
      ruleName: expect.stringMatching(/^unknown field "volumeSize"/),
      recommendation: expect.stringMatching(/^spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.volumeSize: unknown field/),
      fix: expect.stringMatching(/did you mean volume\.size/),
      violatingResources: [{
        resourceName: 'Shoot garden-dev/strict',
        locations: ['spec.extensions[0].providerConfig.caches[0].volumeSize (line 19, column 13)'],
        manifestPath: path.join(FIXTURES, 'problems', 'strict-decoding.yaml'),
      }],
    });
  });

  test('fails when a field is too new for its extensionVersion property', async () => {
    const { context, violations } = fakeContext([path.join(FIXTURES, 'clean', 'garden-dev', 'shoots', 'crazy-botany.yaml')]);
    await new RegistryCacheValidation({ extensionVersion: 'v0.17.0' }).validate(context);
    expect(violations.map(v => v.ruleName)).toEqual([expect.stringMatching(/is unknown to registry-cache extension v0\.17\.0/)]);
  });

  test('checks the update rules against previousManifests', async () => {
    const { context, violations } = fakeContext([path.join(FIXTURES, 'previous', 'after', 'shoot.yaml')]);
    await new RegistryCacheValidation({ previousManifests: path.join(FIXTURES, 'previous', 'before') }).validate(context);
    expect(violations.map(v => v.violatingResources[0].locations[0])).toEqual([
      'spec.extensions[0].providerConfig.caches[0].volume.size (line 20, column 21)',
      'spec.extensions[0].providerConfig.caches[1].garbageCollection.ttl (line 22, column 13)',
      'spec.extensions[0].providerConfig.caches[2].volume.storageClassName (line 25, column 33)',
      'data (line 36, column 1)',
    ]);
  });

  test.each([
    [{ extensionVersion: '0.18' }, /extensionVersion is not a release version/],
    [{ previousManifests: 'test/fixtures/check/nope' }, /previousManifests .*does not exist/],
  ])('fails when its properties are wrong: %j', async (props, rule) => {
    const { context, violations, submitted } = fakeContext([path.join(FIXTURES, 'clean', 'garden-ops', 'shoots.yml')]);
    await new RegistryCacheValidation(props).validate(context);
    expect(violations.map(v => v.ruleName)).toEqual([expect.stringMatching(rule)]);
    expect(submitted.map(s => s.status)).toEqual(['failure']);
  });
});
