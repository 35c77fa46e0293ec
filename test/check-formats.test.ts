import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkInProcess, Run } from './_command';
import { docSection, readDoc } from './_docs';
import { escapeData, escapeProperty } from '../src/_check/render-github';
import { escapeXml } from '../src/_check/render-junit';
import { RULES } from '../src/_check/rule-ids';

/**
 * The check command's output formats for where repositories run checks
 * (issue 26), each read by its consumer's own tool: SARIF 2.1.0 validated
 * against the SARIF JSON schema (the one Microsoft's SARIF Multitool ships)
 * and by the Multitool's `validate` with GitHub's ingestion rules; GitHub
 * workflow commands compared with what @actions/core writes; JUnit XML parsed
 * as an XML parser (and so GitLab and Jenkins) reads it.
 */

type Result = Run;
const check = (args: readonly string[], stdin = ''): Result => checkInProcess(args, { stdin });

const FIXTURES = 'test/fixtures/check';
/** Every kind of finding the fixtures hold, an input error, and a message about the run (a newer extension version). */
const EVERYTHING = ['--extension-version', 'v9.0.0', `${FIXTURES}/problems`, `${FIXTURES}/broken`, `${FIXTURES}/clean`];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-formats-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('--format sarif', () => {
  const MULTITOOL_PACKAGE = path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));
  const schema = JSON.parse(fs.readFileSync(path.join(MULTITOOL_PACKAGE, 'sarif-2.1.0.json'), 'utf-8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  let run: Result;
  let log: any;
  beforeAll(() => {
    run = check(['--format', 'sarif', ...EVERYTHING]);
    log = JSON.parse(run.stdout);
  });

  test('is valid against the SARIF 2.1.0 JSON schema', () => {
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('');
  });

  test('the schema check can fail: a log with a wrong level and line 0 is rejected', () => {
    const broken = JSON.parse(run.stdout);
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map(e => e.instancePath)).toEqual(['/runs/0/results/0/level', '/runs/0/results/1/locations/0/physicalLocation/region/startLine']);
  });

  test('Microsoft\'s SARIF Multitool validates it with no error or warning, GitHub\'s ingestion rules included', () => {
    const input = path.join(dir, 'check.sarif');
    const output = path.join(dir, 'validation.sarif');
    fs.writeFileSync(input, run.stdout);
    // The package's main is the path of the Multitool binary for this platform.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const multitool = require('@microsoft/sarif-multitool') as string;
    const r = spawnSync(multitool, ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note', '--quiet'], {
      encoding: 'utf-8',
      timeout: 120_000,
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    const validation = JSON.parse(fs.readFileSync(output, 'utf-8'));
    const results = validation.runs[0].results as Array<{ level?: string; ruleId: string }>;
    // A result without a level is a warning (SARIF 2.1.0, 3.27.10).
    expect(results.filter(x => (x.level ?? 'warning') !== 'note')).toEqual([]);
    // The suggestions left, each on purpose.
    expect([...new Set(results.map(x => x.ruleId))].sort()).toEqual([
      'SARIF2002', // message ids and arguments instead of text: the messages are the text output's
      'SARIF2003', // versionControlProvenance: the command does not know the repository (upload-sarif adds it)
      'SARIF2006', // the $schema URI is not reachable: this machine has no network
      'SARIF2009', // rule ids like "CS2001": ours are the same in every format, and read
      'SARIF2010', // code snippets,
      'SARIF2011', // context regions
      'SARIF2013', // and embedded file content would copy the input, which may be a Secret's data, into the log
    ]);
  }, 150_000);

  test('each rule\'s helpUri is the "Rule ids" table of docs/check.md in the repository', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const repository = require('../package.json').repository.url.replace(/\.git$/, '');
    const uris = new Set(log.runs[0].tool.driver.rules.map((r: any) => r.helpUri));
    expect([...uris]).toEqual([`${repository}/blob/main/docs/check.md#rule-ids`]);
    expect(readDoc('docs/check.md').split('\n')).toContain('## Rule ids');
  });

  test('names every rule id with its help text; each result has its rule, level, message and region', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(Object.keys(RULES));
    expect(rules[0]).toEqual(expect.objectContaining({ id: 'yaml-syntax', name: 'YamlSyntax', help: { text: RULES['yaml-syntax'] } }));
    const results = log.runs[0].results;
    for (const r of results) {
      expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    }
    expect(results).toContainEqual({
      ruleId: 'unknown-field',
      ruleIndex: Object.keys(RULES).indexOf('unknown-field'),
      level: 'error',
      message: { text: expect.stringMatching(/^Shoot garden-dev\/strict: spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.volumeSize: unknown field "volumeSize".*Fix: did you mean volume\.size\?/) },
      locations: [{ physicalLocation: { artifactLocation: { uri: `${FIXTURES}/problems/strict-decoding.yaml` }, region: { startLine: 19, startColumn: 13 } } }],
    });
    expect(results).toContainEqual(expect.objectContaining({
      ruleId: 'yaml-syntax',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: `${FIXTURES}/broken/syntax-error.yaml` }, region: { startLine: 7, startColumn: 1 } } }],
    }));
    expect(results).toContainEqual(expect.objectContaining({ ruleId: 'secret-not-in-input', level: 'note' }));
    expect(results).toContainEqual(expect.objectContaining({ ruleId: 'unauthenticated-cache', level: 'warning' }));
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'note', associatedRule: { id: 'extension-version', index: Object.keys(RULES).indexOf('extension-version') } }),
    ]);
  });

  test('file names are URIs: relative, forward slashes, percent-encoded', () => {
    const r = check(['--format', 'sarif', '-'], 'a: [');
    expect(JSON.parse(r.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('%3Cstdin%3E');
  });
});

describe('--format github', () => {
  test('one workflow command per finding, input error and run message, then the summary', () => {
    const r = check(['--format', 'github', ...EVERYTHING]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^::error file=${FIXTURES}/problems/strict-decoding\\.yaml,line=19,col=13,title=unknown-field::`
      + 'Shoot garden-dev/strict: spec\\.extensions\\[0\\]\\.providerConfig\\.caches\\[0\\]\\.volumeSize: unknown field "volumeSize": .*Fix: did you mean volume\\.size\\?')));
    expect(lines).toContainEqual(expect.stringMatching(/^::notice file=test\/fixtures\/check\/problems\/secrets\.yaml,line=29,col=34,title=secret-not-in-input::Shoot garden-dev\/creds: /));
    expect(lines).toContainEqual(expect.stringMatching(/^::warning file=.*,title=unauthenticated-cache::/));
    expect(lines).toContainEqual(`::error file=${FIXTURES}/broken/syntax-error.yaml,line=7,col=1,title=yaml-syntax::`
      + 'is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(lines).toContainEqual(expect.stringMatching(/^::notice title=extension-version::cdk8s-gardener-registry-cache: note: --extension-version v9\.0\.0 is newer/));
    expect(lines.pop()).toMatch(/^\d+ errors, \d+ warnings, \d+ notes: /);
    expect(lines.every(l => /^::(error|warning|notice) [^:]*::/.test(l))).toBe(true);
  });

  test('escapes as @actions/core does: %, CR and LF in messages; also : and , in properties', () => {
    const message = 'a%b\r\nc: d, e';
    const file = 'x:y,z%.yaml';
    // @actions/core (an ES module) in a process of its own writes the reference.
    const script = `import * as core from '@actions/core';
core.error(${JSON.stringify(message)}, { file: ${JSON.stringify(file)}, startLine: 3, startColumn: 4, title: 'rule-id' });
core.notice(${JSON.stringify(message)}, { title: 'a:b,c' });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf-8', cwd: path.join(__dirname, '..') });
    expect(r.stderr).toBe('');
    const [error, notice] = r.stdout.trimEnd().split(os.EOL);
    expect(error).toBe(`::error title=rule-id,file=${escapeProperty(file)},line=3,col=4::${escapeData(message)}`);
    expect(notice).toBe(`::notice title=${escapeProperty('a:b,c')}::${escapeData(message)}`);
    expect(escapeData(message)).toBe('a%25b%0D%0Ac: d, e');
    expect(escapeProperty(file)).toBe('x%3Ay%2Cz%25.yaml');
  });

  test('a file name with : and , stays one property', () => {
    const file = path.join(dir, 'a:b,c.yaml');
    fs.writeFileSync(file, 'a: [');
    const r = check(['--format', 'github', file]);
    expect(r.stdout.split('\n')[0]).toBe(`::error file=${escapeProperty(file)},line=1,col=5,title=yaml-syntax::is not valid YAML: `
      + 'Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(r.stdout.split('\n')[0]).not.toMatch(/a:b,c/);
  });
});

describe('--format junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: name => ['testsuite', 'testcase', 'failure'].includes(name) });

  test('is well-formed JUnit XML: one testsuite per file, one testcase per Shoot and referenced Secret, failures for errors', () => {
    const r = check(['--format', 'junit', ...EVERYTHING]);
    expect(r.stderr).toBe('');
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const xml = parser.parse(r.stdout);
    const suites = xml.testsuites.testsuite as any[];
    const byName = new Map(suites.map(s => [s.name, s]));
    const strict = byName.get(`${FIXTURES}/problems/strict-decoding.yaml`);
    expect(strict).toEqual(expect.objectContaining({ tests: '1', failures: '1', errors: '0' }));
    expect(strict.testcase[0]).toEqual(expect.objectContaining({ name: 'Shoot garden-dev/strict', classname: `${FIXTURES}/problems/strict-decoding.yaml` }));
    const failure = strict.testcase[0].failure[0];
    expect(failure.type).toBe('unknown-field');
    expect(failure.message).toMatch(/^spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.volumeSize: unknown field "volumeSize"/);
    expect(failure['#text'].split('\n')).toHaveLength(5);
    // A clean Shoot is a passing testcase; warnings and notes are system-out.
    const clean = byName.get(`${FIXTURES}/clean/garden-dev/shoots/crazy-botany.yaml`);
    expect(clean.testcase).toEqual([{ name: 'Shoot garden-dev/crazy-botany', classname: `${FIXTURES}/clean/garden-dev/shoots/crazy-botany.yaml`, file: clean.name }]);
    const creds = byName.get(`${FIXTURES}/problems/secrets.yaml`).testcase.find((c: any) => c.name === 'Shoot garden-dev/creds');
    expect(creds['system-out']).toMatch(/^test\/fixtures\/check\/problems\/secrets\.yaml:29:34: note: .*\[secret-not-in-input\]$/m);
    // An input error fails its file's testcase.
    const broken = byName.get(`${FIXTURES}/broken/syntax-error.yaml`);
    expect(broken.testcase[0].failure[0]).toEqual(expect.objectContaining({ type: 'yaml-syntax', message: expect.stringMatching(/is not valid YAML: Flow sequence/) }));
    // Totals add up.
    const count = (key: 'tests' | 'failures') => suites.reduce((n, s) => n + Number(s[key]), 0);
    expect(Number(xml.testsuites.tests)).toBe(count('tests'));
    expect(Number(xml.testsuites.failures)).toBe(count('failures'));
    expect(suites.find(s => s.name === 'cdk8s-gardener-registry-cache').testcase[0]).toEqual(expect.objectContaining({ name: 'extension-version' }));
  });

  test('escapes what XML cannot hold as text: the five entities, control characters, lone surrogates', () => {
    expect(escapeXml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0001b\uD800c\n')).toBe('a\uFFFDb\uFFFDc\n');
    expect(escapeXml('a\u0001b\uD800c\n', true)).toBe('a\uFFFDb\uFFFDc&#10;');
    const file = path.join(dir, 'a<&>"\u0007.yaml');
    fs.writeFileSync(file, 'a: [');
    const r = check(['--format', 'junit', file]);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(parser.parse(r.stdout).testsuites.testsuite[0].name).toBe(file.replace('\u0007', '\uFFFD'));
  });

  test('--fail-if-no-shoots is a failing testcase', () => {
    const r = check(['--format', 'junit', '--fail-if-no-shoots', '-'], 'apiVersion: v1\nkind: ConfigMap\n');
    expect(r.status).toBe(1);
    const xml = parser.parse(r.stdout);
    expect(xml.testsuites.failures).toBe('1');
    expect(xml.testsuites.testsuite.at(-1).testcase[0].failure[0].type).toBe('no-shoots');
  });
});

describe('the CI steps of docs/check.md', () => {
  const section = docSection('docs/check.md', '## Output formats');
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]);
  // The command of each step (`run: npx ...` or a GitLab script line `- npx ...`), without its redirection.
  const commands = blocks.flatMap(b => [...b.matchAll(/(?:run:|- ) ?npx cdk8s-gardener-registry-cache (check [^>\n]*?)(?: > \S+)?\n/g)].map(m => m[1]));

  test('are YAML with the command in a step', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require('yaml') as typeof import('yaml');
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      expect(() => yaml.parse(b)).not.toThrow();
    }
    expect(commands).toEqual([
      'check --format github --fail-if-no-shoots shoots/',
      'check --format sarif shoots/',
      'check --format junit shoots/',
    ]);
  });

  test.each(commands.map(c => [c]))('%s runs (on the clean fixtures for shoots/)', command => {
    const args = command.split(' ').slice(1).map(a => (a === 'shoots/' ? `${FIXTURES}/clean` : a));
    const r = check(args);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).not.toBe('');
  });
});
