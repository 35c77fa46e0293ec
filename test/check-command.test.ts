import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildCommand, removeBuild, runCommand } from './_command';
import { synthExample } from './_examples';
import { EXAMPLES } from '../examples';

/**
 * The check command (`cdk8s-gardener-registry-cache check`), built as the
 * package builds it and run as a process on the fixture folders under
 * test/fixtures/check/: exit codes, file positions, field paths.
 */
const FIXTURES = 'test/fixtures/check';
const fixture = (...p: string[]) => path.join(FIXTURES, ...p);

beforeAll(() => {
  buildCommand();
});
afterAll(() => {
  removeBuild();
});

/** The lines of a text report, without the summary. */
function findings(stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n');
  return lines.slice(0, -1);
}

describe('the package', () => {
  test('names the built command in package.json bin, from src/_check/cli.ts, with a node shebang', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf-8'));
    expect(pkg.bin).toEqual({ 'cdk8s-gardener-registry-cache': 'lib/_check/cli.js' });
    expect(fs.readFileSync('src/_check/cli.ts', 'utf-8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(fs.readFileSync(buildCommand(), 'utf-8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('loading', () => {
  /** The files of the build a run of the command loaded, relative to the build (lib/...), and node_modules packages by name. */
  function loaded(args: readonly string[]): string[] {
    const bin = buildCommand();
    const build = path.dirname(path.dirname(path.dirname(bin)));
    const script = `process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));
process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...${JSON.stringify(args)}];
require(${JSON.stringify(bin)});`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..'), encoding: 'utf-8', input: '' });
    return (JSON.parse(r.stderr) as string[])
      .map(f => (f.startsWith(build) ? path.relative(build, f) : /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? f))
      .filter((f, i, all) => all.indexOf(f) === i)
      .sort();
  }

  test('each output format beyond text and JSON is loaded only when chosen', () => {
    const clean = fixture('clean', 'garden-ops');
    const formats = ['lib/_check/render-github.js', 'lib/_check/render-junit.js', 'lib/_check/render-sarif.js'];
    const text = loaded(['check', clean]);
    expect(text).toEqual(expect.arrayContaining(['lib/_check/cli.js', 'lib/_check/render.js', 'lib/_check/rule-ids.js']));
    // The fast reader took the files: neither the yaml package nor another format.
    expect(text.filter(f => formats.includes(f) || f === 'yaml')).toEqual([]);
    expect(loaded(['check', '--format', 'json', clean]).filter(f => formats.includes(f))).toEqual([]);
    for (const format of ['sarif', 'github', 'junit']) {
      expect([format, loaded(['check', '--format', format, clean]).filter(f => formats.includes(f))]).toEqual([format, [`lib/_check/render-${format}.js`]]);
    }
  });
});

describe('a clean GitOps layout', () => {
  test('exits 0, with the unauthenticated-cache warning (which does not change the exit code) and the summary', () => {
    const r = runCommand(['check', fixture('clean')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(findings(r.stdout)).toEqual([
      expect.stringMatching(/^test\/fixtures\/check\/clean\/garden-dev\/shoots\/crazy-botany\.yaml:32:34: warning: Shoot garden-dev\/crazy-botany: spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.secretReferenceName: the registry cache has no authentication: .*Caches with credentials: "docker\.io" \(Shoot garden-dev\/crazy-botany\)\. Fix: /),
    ]);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 errors, 1 warning, 0 notes: 3 Shoots and 1 referenced Secret checked in 4 files (registry extensions v0.24.0)');
  });

  test('checks files and folders given together, and ignores other kinds', () => {
    const r = runCommand(['check', fixture('clean', 'garden-ops'), fixture('clean', 'kustomization.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('no problems: 2 Shoots and 0 referenced Secrets checked in 2 files (registry extensions v0.24.0)\n');
  });

  test('fails when a field is too new for --extension-version', () => {
    const r = runCommand(['check', '--extension-version', 'v0.17.0', fixture('clean')]);
    expect(r.status).toBe(1);
    expect(findings(r.stdout)).toContainEqual(expect.stringMatching(
      /crazy-botany\.yaml:39:32: error: Shoot garden-dev\/crazy-botany: spec\.extensions\[0\]\.providerConfig\.caches\[2\]\.serviceNameSuffix \(value: "gar"\): is unknown to registry-cache extension v0\.17\.0: it was introduced in v0\.18\.0/));
  });
});

describe('each kind of problem', () => {
  const r = () => runCommand(['check', fixture('problems')]);
  let run: ReturnType<typeof r>;
  beforeAll(() => {
    run = r();
  });

  test('exits 1 and reports every problem of every file, in file and line order, with the summary', () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const files = findings(run.stdout).map(l => l.split(':')[0]);
    expect(files).toEqual([...files].sort());
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('25 errors, 2 warnings, 1 note: 6 Shoots and 5 referenced Secrets checked in 5 files (registry extensions v0.24.0)');
  });

  const PC = 'spec\\.extensions\\[0\\]\\.providerConfig';
  test.each([
    // strict decoding
    ['strict-decoding.yaml:19:13', `Shoot garden-dev/strict: ${PC}\\.caches\\[0\\]\\.volumeSize: unknown field "volumeSize": the extension decodes providerConfig strictly.*Fix: did you mean volume\\.size\\?`],
    ['strict-decoding.yaml:21:13', `${PC}\\.caches\\[1\\]\\.remoteUrl: unknown field "remoteUrl".*Fix: did you mean remoteURL\\?`],
    ['strict-decoding.yaml:23:13', `${PC}\\.caches\\[2\\]\\.upstream: duplicate field "upstream": the extension decodes providerConfig strictly`],
    ['strict-decoding.yaml:26:20', `${PC}\\.caches\\[3\\]\\.garbageCollection\\.ttl \\(value: 0\\): must be a duration string.*cannot decode a number`],
    ['strict-decoding.yaml:28:20', `${PC}\\.caches\\[3\\]\\.http\\.tls \\(value: "false"\\): must be true or false`],
    // field rules and the rules across caches (the cache is the second extension)
    ['field-rules.yaml:19:23', 'spec\\.extensions\\[1\\]\\.providerConfig\\.caches\\[0\\]\\.upstream \\(value: "Docker\\.io"\\): is not a valid upstream.*Fix: write the host in lowercase: "docker\\.io"'],
    ['field-rules.yaml:21:24', 'caches\\[1\\]\\.remoteURL \\(value: "https://my-registry\\.io:5000/v2"\\): url must not contain a path'],
    ['field-rules.yaml:23:21', 'caches\\[1\\]\\.volume\\.size \\(value: "0Gi"\\): must be greater than 0'],
    ['field-rules.yaml:25:20', 'caches\\[1\\]\\.garbageCollection\\.ttl \\(value: "7d"\\): is not a Go duration: it has the unknown unit "d"'],
    ['field-rules.yaml:27:23', 'caches\\[3\\]\\.upstream \\(value: "a-b"\\): gives the same resource name "registry-a-b" as caches\\[2\\]\\.upstream "a\\.b"\\. Gardener\'s admission itself would accept it'],
    ['field-rules.yaml:29:32', 'caches\\[4\\]\\.serviceNameSuffix \\(value: "a-b"\\): cannot collide with "a-b" upstream'],
    ['field-rules.yaml:30:23', 'caches\\[5\\]\\.upstream \\(value: "ghcr\\.io"\\): Duplicate value: caches\\[4\\] has the same upstream'],
    // the registry-mirror next to the cache: Shoot-level rules, the mirror's own, its CA bundle Secret
    ['mirror.yaml:15:17', 'Shoot garden-dev/mirrored: spec\\.provider\\.workers\\[0\\]\\.cri\\.name \\(value: "docker"\\): container runtime needs to be containerd'],
    ['mirror.yaml:28:23', 'spec\\.extensions\\[1\\]\\.providerConfig\\.mirrors\\[0\\]\\.upstream \\(value: "docker\\.io"\\): upstream host \'docker\\.io\' is also configured as a registry cache upstream'],
    ['mirror.yaml:33:23', 'mirrors\\[1\\]\\.hosts\\[0\\]\\.host \\(value: "https://mirror\\.example\\.com\\?x=1"\\): url must not contain query parameters'],
    ['mirror.yaml:34:46', 'mirrors\\[1\\]\\.hosts\\[0\\]\\.caBundleSecretReferenceName \\(value: "missing-ca"\\): failed to find referenced resource with name missing-ca and kind Secret'],
    ['mirror.yaml:41:1', 'Secret garden-dev/private-ca-v1: immutable .*should be immutable'],
    ['mirror.yaml:45:15', 'Secret garden-dev/private-ca-v1: data\\.bundle\\.crt: .*not a valid PEM-encoded certificate'],
    // the providerConfig itself
    ['provider-config.yaml:15:21', `Shoot garden-dev/old-api: ${PC}\\.apiVersion \\(value: "registry\\.extensions\\.gardener\\.cloud/v1alpha2"\\): is no longer served`],
    ['provider-config.yaml:19:13', `${PC}\\.caches\\[0\\]\\.size: unknown field "size"`],
    ['provider-config.yaml:32:7', `Shoot garden-dev/no-config: ${PC}: providerConfig is required for the registry-cache extension`],
    // referenced Secrets: rules, a warning, a note
    ['secrets.yaml:29:34', `note: Shoot garden-dev/creds: ${PC}\\.caches\\[4\\]\\.secretReferenceName \\(value: "gar"\\): refers \\(through spec\\.resources\\[4\\]\\) to Secret garden-dev/gar-sealed-v3, which is not in the input`],
    ['secrets.yaml:48:13', 'warning: Secret garden-dev/docker-v1: stringData\\.password: starts or ends with white space'],
    ['secrets.yaml:50:1', 'Secret garden-dev/ghcr-v1: immutable: the referenced secret should be immutable'],
    ['secrets.yaml:53:1', 'Secret garden-dev/ghcr-v1: data: should have only two data entries, "username" and "password"; it also has "token"'],
    ['secrets.yaml:63:13', 'Secret garden-dev/quay-v1: data\\.username: contains whitespace'],
    ['secrets.yaml:71:13', 'Secret garden-dev/gitlab-v1: data\\.username: is not valid base64'],
  ])('%s', (at, line) => {
    const prefix = `${FIXTURES}/problems/${at}: `.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Errors are labelled as warnings and notes are (gcc-style problem matchers need the label).
    const error = /^(note|warning): /.test(line) ? '' : 'error: ';
    const found = findings(run.stdout).filter(l => new RegExp(`^${prefix}${error}.*${line}`).test(l));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/: .+\. Fix: .+$/);
  });
});

describe('standard input', () => {
  test('reads - (e.g. kustomize build | ... check -), with <stdin> positions', () => {
    const input = fs.readFileSync(fixture('problems', 'field-rules.yaml'), 'utf-8');
    const r = runCommand(['check', '-'], { input });
    expect(r.status).toBe(1);
    expect(findings(r.stdout)[0]).toMatch(/^<stdin>:19:23: error: Shoot garden-dev\/rules: spec\.extensions\[1\]\.providerConfig\.caches\[0\]\.upstream /);
    expect(r.stdout).toMatch(/checked in 1 file /);
  });

  test('a key twice in a disabled entry\'s providerConfig is kubectl\'s error, not the extension\'s (it decodes only what it validates; found by the judge)', () => {
    const input = [
      'apiVersion: core.gardener.cloud/v1beta1', 'kind: Shoot', 'metadata: { name: a, namespace: garden-dev }', 'spec:', '  extensions:',
      '  - type: registry-cache', '    disabled: true', '    providerConfig:', '      apiVersion: registry.extensions.gardener.cloud/v1alpha3',
      '      apiVersion: registry.extensions.gardener.cloud/v1alpha3', '      kind: RegistryConfig', '      caches: [{ upstream: docker.io }]', '',
    ].join('\n');
    const r = runCommand(['check', '-'], { input });
    expect(r.status).toBe(1);
    expect(findings(r.stdout)).toEqual([
      expect.stringMatching(/^<stdin>:(9|10):7: error: Shoot garden-dev\/a: spec\.extensions\[0\]\.providerConfig\.apiVersion: duplicate field "apiVersion": kubectl's strict field validation rejects the manifest/),
    ]);
  });

  test('exits 0 on a clean stream with other kinds and empty documents', () => {
    const input = ['---', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }', '', fs.readFileSync(fixture('clean', 'garden-ops', 'shoots.yml'), 'utf-8')].join('\n---\n');
    const r = runCommand(['check', '-'], { input });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('no problems: 2 Shoots and 0 referenced Secrets checked in 1 file (registry extensions v0.24.0)\n');
  });
});

describe('--previous', () => {
  test('reports what Gardener and Kubernetes reject on update, at the new manifests\' positions', () => {
    const r = runCommand(['check', '--previous', fixture('previous', 'before'), fixture('previous', 'after')]);
    expect(r.status).toBe(1);
    const at = `${FIXTURES}/previous/after/shoot.yaml`;
    expect(findings(r.stdout).filter(l => !l.includes(': warning: '))).toEqual([
      expect.stringMatching(new RegExp(`^${at}:20:21: error: Shoot garden-dev/crazy-botany: spec\\.extensions\\[0\\]\\.providerConfig\\.caches\\[0\\]\\.volume\\.size \\(value: "100Gi"\\): field is immutable`)),
      expect.stringMatching(new RegExp(`^${at}:22:13: .*caches\\[1\\]\\.garbageCollection\\.ttl .*garbage collection cannot be enabled \\(ttl > 0\\) once it is disabled`)),
      expect.stringMatching(new RegExp(`^${at}:25:33: .*caches\\[2\\]\\.volume\\.storageClassName \\(value: "premium-rwo"\\): field is immutable`)),
      expect.stringMatching(new RegExp(`^${at}:36:1: error: Secret garden-dev/docker-v1: data: the deployed Secret is immutable, and its data changed .*keys changed: "password"`)),
    ]);
  });

  test('the same manifests as before pass', () => {
    const r = runCommand(['check', '--previous', fixture('previous', 'before'), fixture('previous', 'before')]);
    expect(r.status).toBe(0);
  });

  test('a --previous path that does not exist is an input error (exit 2)', () => {
    const r = runCommand(['check', '--previous', fixture('previous', 'nope'), fixture('previous', 'after')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/previous\/nope: error: --previous: .*does not exist/);
  });
});

describe('--format json', () => {
  test('writes only one JSON document to standard output, with positions and paths', () => {
    const r = runCommand(['check', '--format', 'json', fixture('problems'), fixture('clean')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ errors: 25, warnings: 2, notes: 1, inputErrors: 0, shoots: 9, secrets: 6, files: 9 });
    expect(report.extensionVersion).toBe('v0.24.0');
    expect(report.inputErrors).toEqual([]);
    expect(report.problems).toContainEqual({
      severity: 'error',
      rule: 'unknown-field',
      file: `${FIXTURES}/problems/strict-decoding.yaml`,
      line: 19,
      column: 13,
      kind: 'Shoot',
      namespace: 'garden-dev',
      name: 'strict',
      path: 'spec.extensions[0].providerConfig.caches[0].volumeSize',
      detail: expect.stringMatching(/^unknown field "volumeSize"/),
      fix: expect.stringMatching(/did you mean volume\.size/),
    });
    // A value is the value itself: a string, a number, not JSON text holding it.
    expect(report.problems).toContainEqual(expect.objectContaining({ severity: 'note', line: 29, column: 34, value: 'gar', rule: 'secret-not-in-input' }));
    expect(report.problems).toContainEqual(expect.objectContaining({ path: 'spec.extensions[0].providerConfig.caches[3].garbageCollection.ttl', value: 0 }));
    expect(report.problems).toContainEqual(expect.objectContaining({ path: 'spec.extensions[0].providerConfig.caches[3].http.tls', value: 'false' }));
  });

  test('a clean input gives an empty list and exit 0', () => {
    const r = runCommand(['check', '--format=json', fixture('clean', 'garden-ops')]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ problems: [], inputErrors: [], summary: { errors: 0, shoots: 2 } });
  });

  test('input errors are in the document too (exit 2), not on standard error', () => {
    const r = runCommand(['check', '--format', 'json', fixture('broken'), fixture('missing')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.inputErrors).toEqual([
      {
        rule: 'yaml-syntax',
        file: fixture('broken', 'syntax-error.yaml'),
        line: 7,
        column: 1,
        detail: 'is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
      { rule: 'input-error', file: fixture('missing'), detail: 'does not exist' },
    ]);
    expect(report.problems).toEqual([expect.objectContaining({ file: fixture('broken', 'valid.yaml'), line: 16, column: 23 })]);
  });
});

describe('unreadable input and usage errors exit 2', () => {
  test('a missing path is named', () => {
    const r = runCommand(['check', fixture('does-not-exist.yaml'), fixture('clean', 'garden-ops')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${fixture('does-not-exist.yaml')}: error: does not exist [input-error]\n`);
    expect(r.stdout).toMatch(/2 Shoots .* 1 input error \(not checked\)/);
  });

  test('a YAML syntax error is named with its position; the other files are still checked', () => {
    const r = runCommand(['check', fixture('broken')]);
    expect(r.status).toBe(2);
    // The yaml package's own message (without the source it may quote).
    expect(r.stderr).toBe(`${fixture('broken', 'syntax-error.yaml')}:7:1: error: is not valid YAML: `
      + 'Flow sequence in block collection must be sufficiently indented and end with a ] [yaml-syntax]\n');
    // Not "no problems" when a file could not be checked.
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^1 error, 0 warnings, 0 notes: .*; 1 input error \(not checked\)/);
    expect(findings(r.stdout)).toEqual([expect.stringMatching(/^test\/fixtures\/check\/broken\/valid\.yaml:16:23: /)]);
  });

  test('a folder without YAML files', () => {
    const r = runCommand(['check', 'scripts']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('scripts: error: is a folder without .yaml or .yml files [input-error]\n');
  });

  test.each([
    [[], /missing command: give "check" \(or "krm", the KRM function\)/],
    [['lint', 'x'], /unknown command "lint": the commands are "check" and "krm" \(the KRM function\)/],
    [['check'], /no input: give YAML files or folders, or - for standard input/],
    [['check', '--strict', 'x'], /unknown option "--strict"/],
    [['check', '--format', 'xml', 'x'], /--format must be one of text, json, sarif, github, junit \(got "xml"\)/],
    [['check', 'x', '--previous'], /--previous needs a value/],
    [['check', '--extension-version', '0.18', 'x'], /--extension-version "0\.18": is not a release version of the form vMAJOR\.MINOR\.PATCH/],
    [['check', '--extension-version', 'v0.6.0', 'x'], /is too old/],
  ])('%j', (args, message) => {
    const r = runCommand(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  test('--version prints the package version and exits 0', () => {
    const version = JSON.parse(fs.readFileSync('package.json', 'utf-8')).version;
    for (const args of [['--version'], ['check', '--version']]) {
      const r = runCommand(args);
      expect([r.status, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
    }
  });

  test('package.json engines names the Node.js version the README names', () => {
    const node = /with only Node\.js \((\d+) or later\)/.exec(fs.readFileSync('README.md', 'utf-8'));
    expect(node).not.toBeNull();
    expect(JSON.parse(fs.readFileSync('package.json', 'utf-8')).engines).toEqual({ node: `>= ${node![1]}.0.0` });
  });

  test('--help prints the usage and exits 0', () => {
    const r = runCommand(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-gardener-registry-cache check \[--extension-version vX\.Y\.Z\] \[--previous PATH\] \[--format FORMAT\] \[--fail-if-no-shoots\] PATH\.\.\. \| -/);
  });
});

describe('what the library synthesizes', () => {
  test.each(EXAMPLES.map(e => [e.name]))('example %s passes the check command (exit 0: warnings and notes only)', name => {
    // Every file the example's main.ts writes, as one stream.
    const yaml = Object.values(synthExample(name)).join('---\n');
    // The update-safety example is the second deployment of its previous manifests: check it as an update too.
    const previous = name === 'update-safety' ? ['--previous', 'examples/update-safety/previous.k8s.yaml'] : [];
    const r = runCommand(['check', ...previous, '-'], { input: yaml });
    expect(findings(r.stdout).filter(l => !/^<stdin>:\d+:\d+: (warning|note): /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/[1-9]\d* Shoots? and/);
  });
});
