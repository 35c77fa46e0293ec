import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
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
      ruleName: expect.stringMatching(/^unknown-field: unknown field "volumeSize"/),
      recommendation: expect.stringMatching(/^Shoot garden-dev\/strict: spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.volumeSize: unknown field/),
      fix: expect.stringMatching(/did you mean volume\.size/),
      violatingResources: [{
        resourceName: 'strict',
        locations: ['Shoot garden-dev/strict spec.extensions[0].providerConfig.caches[0].volumeSize (line 19, column 13)'],
        manifestPath: path.join(FIXTURES, 'problems', 'strict-decoding.yaml'),
      }],
    });
  });

  test('fails when a field is too new for its extensionVersion property', async () => {
    const { context, violations } = fakeContext([path.join(FIXTURES, 'clean', 'garden-dev', 'shoots', 'crazy-botany.yaml')]);
    await new RegistryCacheValidation({ extensionVersion: 'v0.17.0' }).validate(context);
    expect(violations.map(v => v.ruleName)).toEqual([expect.stringMatching(/is unknown to registry-cache extension v0\.17\.0/)]);
  });

  test('logs a note for an extensionVersion newer than the newest known one, and still checks', async () => {
    const { context, violations, logged, submitted } = fakeContext([path.join(FIXTURES, 'clean', 'garden-ops', 'shoots.yml')]);
    await new RegistryCacheValidation({ extensionVersion: 'v9.0.0' }).validate(context);
    expect(violations).toEqual([]);
    expect(submitted.map(s => s.status)).toEqual(['success']);
    expect(logged).toEqual([expect.stringMatching(/^note: extensionVersion v9\.0\.0 is newer than the newest version cdk8s-gardener-registry-cache knows \(v0\.24\.0\).*\[extension-version\]$/)]);
  });

  test('an input error is a violation with its rule id', async () => {
    const { context, violations } = fakeContext([path.join(FIXTURES, 'broken', 'syntax-error.yaml')]);
    await new RegistryCacheValidation().validate(context);
    expect(violations.map(v => v.ruleName)).toEqual([expect.stringMatching(/^yaml-syntax: a manifest is not valid YAML: Flow sequence in block collection/)]);
  });

  test('checks the update rules against previousManifests', async () => {
    const { context, violations } = fakeContext([path.join(FIXTURES, 'previous', 'after', 'shoot.yaml')]);
    await new RegistryCacheValidation({ previousManifests: path.join(FIXTURES, 'previous', 'before') }).validate(context);
    expect(violations.map(v => v.violatingResources[0].locations[0])).toEqual([
      'Shoot garden-dev/crazy-botany spec.extensions[0].providerConfig.caches[0].volume.size (line 20, column 21)',
      'Shoot garden-dev/crazy-botany spec.extensions[0].providerConfig.caches[1].garbageCollection.ttl (line 22, column 13)',
      'Shoot garden-dev/crazy-botany spec.extensions[0].providerConfig.caches[2].volume.storageClassName (line 25, column 33)',
      'Secret garden-dev/docker-v1 data (line 36, column 1)',
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

/**
 * With cdk8s-cli's own classes (its package is a devDependency): the report
 * it prints after `cdk8s synth`, with the construct metadata a cdk8s app
 * records, and the loader that reads cdk8s.yaml's `package` and `version`.
 */
describe('in cdk8s-cli', () => {
  const CLI = path.dirname(require.resolve('cdk8s-cli/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ValidationContext } = require(path.join(CLI, 'lib', 'plugins', 'validation.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PluginManager } = require(path.join(CLI, 'lib', 'plugins', '_manager.js'));

  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-cli-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the report shows the construct path of a violating Shoot (cdk8s keys its construct metadata by metadata.name)', async () => {
    // An app with a Shoot the rules reject, synthesized with construct metadata, as `cdk8s synth` has it recorded.
    const app = new App({ outdir: dir, recordConstructMetadata: true });
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    new ApiObject(chart, 'shoot', {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Shoot',
      metadata: { name: 'crazy-botany' },
      spec: {
        provider: { type: 'aws', workers: [{ name: 'w' }] },
        extensions: [{
          type: 'registry-cache',
          providerConfig: { apiVersion: 'registry.extensions.gardener.cloud/v1alpha3', kind: 'RegistryConfig', caches: [{ upstream: 'Docker.io' }] },
        }],
      },
    });
    app.synth();
    const metadataFile = path.join(dir, 'construct-metadata.json');
    const resources = JSON.parse(fs.readFileSync(metadataFile, 'utf-8')).resources;
    expect(resources).toEqual({ 'crazy-botany': { path: 'garden-dev/shoot' } });

    const context = new ValidationContext([path.join(dir, 'garden-dev.k8s.yaml')], 'cdk8s-gardener-registry-cache', '1.2.3', resources);
    await new RegistryCacheValidation().validate(context);
    const report: string = context.report.toString();
    expect(report).toMatch(/cache-upstream: is not a valid upstream: .* \(1 occurrences\)/);
    expect(report).toContain('    - Construct Path: garden-dev/shoot\n');
    expect(report).toContain('    - Resource Name: crazy-botany\n');
    expect(report).toMatch(/      > Shoot garden-dev\/crazy-botany spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.upstream \(line \d+, column \d+\)/);
    expect(report).not.toContain('N/A');
    expect(context.report.success).toBe(false);
  });

  test('a local package is loaded from its path whatever version cdk8s.yaml gives (the version is only shown); a range is refused', () => {
    // A stand-in for the installed package: a folder whose main module exports the plugin class.
    const pkg = path.join(dir, 'plugin');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'cdk8s-gardener-registry-cache', version: '1.2.3', main: 'index.js' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), 'exports.RegistryCacheValidation = class { constructor(props) { this.props = props; } validate() {} };\n');
    const manager = new PluginManager(path.join(dir, 'plugins'));
    const load = (version: string) => manager.load({ pkg, version, class: 'RegistryCacheValidation', properties: { extensionVersion: 'v0.24.0' } });
    for (const version of ['1.2.3', '9.9.9']) {
      const plugin = load(version);
      expect(plugin.package).toEqual(expect.objectContaining({ version, path: path.join(pkg, 'index.js') }));
      expect(plugin.instance.props).toEqual({ extensionVersion: 'v0.24.0' });
    }
    expect(() => load('^1.2.3')).toThrow(/Unsupported version spec for package .*: \^1\.2\.3\. Cannot be a range\./);
    expect(fs.existsSync(path.join(dir, 'plugins'))).toBe(false);
  });
});
