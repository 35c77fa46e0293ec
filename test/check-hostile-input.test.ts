import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkInProcess, Run, runCommand } from './_command';
import * as check from '../src/_check/check';
import * as fastYaml from '../src/_check/fast-yaml';
import { DEBUG_ENV, ISSUES_URL } from '../src/_check/main';
import { MAX_DEPTH, pathTooDeep } from '../src/_depth';

/**
 * The check command under hostile input (issue 28): deep nesting never
 * crashes it, a failure of its own is exit code 2 with one line, a key given
 * twice is placed at the occurrence that is checked, and a look-alike of a
 * Shoot is a warning. Each case failed before the fix.
 */

const HEAD = 'apiVersion: core.gardener.cloud/v1beta1\nkind: Shoot\nmetadata:\n  name: deep\n  namespace: garden-dev\n';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-hostile-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  jest.restoreAllMocks();
});

type Result = Run;

/** The command in process, on files written to a fresh folder. */
function checkFiles(files: Record<string, string>, args: readonly string[] = [], env: Record<string, string> = {}): Result {
  const paths = Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  });
  const { status, stdout, stderr } = checkInProcess([...args, ...paths], { env });
  return { status, stdout: stdout.split(dir + path.sep).join(''), stderr: stderr.split(dir + path.sep).join('') };
}

const nestedBlockMaps = (n: number): string => `${HEAD}spec:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}a${i}:`).join('\n')} 1\n`;
const nestedFlowSeqs = (n: number): string => `${HEAD}spec: ${'['.repeat(n)}${']'.repeat(n)}\n`;
const nestedFlowMapsInProviderConfig = (n: number): string => `${HEAD}spec:\n  extensions:\n  - type: registry-cache\n    providerConfig: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`;

const GOOD = fs.readFileSync(path.join(__dirname, '..', 'examples', 'gitops', 'garden-dev', 'crazy-botany.yaml'), 'utf-8');

describe('deep input is an input error with its position, and the other files are checked', () => {
  test.each([
    ['20,000 nested flow sequences under spec', nestedFlowSeqs(20000), 6],
    ['5,000 nested block mappings', nestedBlockMaps(5000), undefined],
    ['20,000 nested flow mappings in a providerConfig', nestedFlowMapsInProviderConfig(20000), 9],
    ['300 nested flow sequences (the yaml package reads them; the depth limit refuses them)', nestedFlowSeqs(300), 6],
    ['300 nested block mappings', nestedBlockMaps(300), undefined],
  ])('%s', (_, deep, line) => {
    const r = checkFiles({ 'deep.yaml': deep, 'good.yaml': GOOD });
    expect(r.status).toBe(2);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^deep\.yaml:(\d+):(\d+): error: .*(resource exhaustion|nested more than 200 levels deep)/);
    if (line !== undefined) {
      expect(errors[0]).toMatch(new RegExp(`^deep\\.yaml:${line}:`));
    }
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
    // The good file was still checked: its finding and its Shoot in the summary.
    expect(r.stdout).toContain('good.yaml:34:34: note: Shoot garden-dev/crazy-botany');
    expect(r.stdout).toMatch(/1 Shoot and 0 referenced Secrets checked in 2 files; 1 input error \(not checked\)/);
  });

  test('from standard input, run as a process: exit 2, no stack trace', () => {
    const r = runCommand(['check', '-'], { input: nestedBlockMaps(5000) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:\d+:\d+: error: is not valid YAML: resource exhaustion \(Maximum call stack size exceeded\) \[input-error\]\n$/);
  });

  test('--previous nested too deep is an input error, not a crash', () => {
    const previous = path.join(dir, 'previous.yaml');
    fs.writeFileSync(previous, nestedFlowSeqs(300));
    const r = checkFiles({ 'good.yaml': GOOD }, ['--previous', previous]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/previous\.yaml: error: --previous: .*document 1 is nested more than 200 levels deep \(at spec\[0\]/);
  });

  test('pathTooDeep names the first path beyond the limit, without recursion', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100000; i++) v = [v];
    expect(pathTooDeep({ spec: { a: v } })).toBe(`spec.a${'[0]'.repeat(MAX_DEPTH - 2)}`);
    expect(pathTooDeep({ spec: { a: [[1]] } })).toBeUndefined();
  });
});

describe('a failure of the command itself', () => {
  const fail = (): never => {
    throw new RangeError('Maximum call stack size exceeded, text: password=hunter2');
  };

  test('while reading one file: one line naming it, exit 2, the other files checked, no stack, no message', () => {
    const real = fastYaml.fastDocuments;
    jest.spyOn(fastYaml, 'fastDocuments').mockImplementation(text => (text.includes('BOOM') ? fail() : real(text)));
    const r = checkFiles({ 'boom.yaml': `# BOOM\n${GOOD}`, 'good.yaml': GOOD });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('cdk8s-gardener-registry-cache: internal error (RangeError) while reading boom.yaml (the other files were checked): '
      + `the command failed, not the input. Fix: report it at ${ISSUES_URL} with this line and the package version; `
      + `run again with --debug (or ${DEBUG_ENV}=1) for the stack trace\n`);
    expect(r.stdout).toContain('good.yaml:34:34: note: Shoot garden-dev/crazy-botany');
  });

  test('while checking: exit 2 (never 1, which means problems found), one line naming the files', () => {
    jest.spyOn(check, 'checkDocuments').mockImplementation(fail);
    const r = checkFiles({ 'good.yaml': GOOD });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-gardener-registry-cache: internal error \(RangeError\) while checking good\.yaml: the command failed, not the input\. Fix: report it at .*\n$/);
    expect(r.stderr).not.toContain('hunter2');
  });

  test.each([
    ['--debug', ['--debug'], {}],
    [`${DEBUG_ENV}=1`, [], { [DEBUG_ENV]: '1' }],
  ])('with %s: the stack trace follows', (_, args, env) => {
    jest.spyOn(check, 'checkDocuments').mockImplementation(fail);
    const r = checkFiles({ 'good.yaml': GOOD }, args, env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the stack trace follows\nRangeError: .*\n\s+at /);
  });
});

test('a key given twice: the finding is at the last occurrence, whose value is checked', () => {
  const shoot = `${HEAD}spec:\n  extensions: []\nspec:\n  provider:\n    type: aws\n    workers:\n    - name: w\n  extensions:\n  - type: registry-cache\n    providerConfig:\n      apiVersion: registry.extensions.gardener.cloud/v1alpha3\n      kind: RegistryConfig\n      caches:\n      - upstream: https://docker.io\n`;
  const r = checkFiles({ 'twice.yaml': shoot });
  expect(r.stdout).toMatch(/^twice\.yaml:19:19: error: Shoot garden-dev\/deep: spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.upstream \(value: "https:\/\/docker\.io"\)/m);
});

describe('a look-alike of a Shoot is a warning that names the field and what Gardener serves', () => {
  test.each([
    ['kind: shoot', 'apiVersion: core.gardener.cloud/v1beta1\nkind: shoot\n', 'kind', '"shoot"', 2],
    ['kind: Shoots', 'apiVersion: core.gardener.cloud/v1beta1\nkind: Shoots\n', 'kind', '"Shoots"', 2],
    ['apiVersion: core.gardener.cloud/v1', 'apiVersion: core.gardener.cloud/v1\nkind: Shoot\n', 'apiVersion', '"core.gardener.cloud/v1"', 1],
    ['one the fast reader leaves to the yaml package', 'apiVersion: core.gardener.cloud/v1\nkind: Shoot\nx: &a 1\n', 'apiVersion', '"core.gardener.cloud/v1"', 1],
  ])('%s', (_, head, field, value, line) => {
    const r = checkFiles({ 'look.yaml': `${head}metadata:\n  name: alike\n  namespace: garden-dev\nspec: {}\n` });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^look\\.yaml:${line}:\\d+: warning: Shoot garden-dev/alike: ${field} \\(value: ${value.replace(/[./]/g, '\\$&')}\\): Gardener serves Shoots as .*core\\.gardener\\.cloud/v1beta1`, 'm'));
    expect(r.stdout).toMatch(/^0 errors, 1 warning, 0 notes: 0 Shoots/m);
  });

  test('other kinds stay silent', () => {
    const r = checkFiles({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shoot\n' });
    expect(r.stdout).toMatch(/^no problems: 0 Shoots/);
  });
});
