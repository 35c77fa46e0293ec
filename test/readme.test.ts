import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';
import { docSection, readDoc, runDocProgram } from './_docs';

/**
 * The README's usage example is code too: it runs here, and what it writes
 * is what the README shows next to it: no snippets that drift.
 */
const README = readDoc('README.md');
const section = docSection('README.md', '## Use it');
const tsBlock = /```ts\n([\s\S]*?)```/.exec(section)![1];
const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)![1];

function runUsageExample(credentials = true, outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'))): any[] {
  const written = runDocProgram(tsBlock, {
    env: credentials
      ? { DOCKER_HUB_USERNAME: 'readme-user', DOCKER_HUB_TOKEN: 'readme-token' }
      : { DOCKER_HUB_USERNAME: undefined, DOCKER_HUB_TOKEN: undefined },
  }, outdir);
  expect(Object.keys(written)).toEqual(['garden-dev.k8s.yaml']);
  return parseAllDocuments(written['garden-dev.k8s.yaml']).map(d => d.toJSON());
}

test('the README\'s usage example stops without its two environment variables, as the README says, and writes nothing', () => {
  const said = /without them `cdk8s synth` stops with `(environment variable "DOCKER_HUB_USERNAME" is not set)` \(and the same\s+for the token\)/.exec(section);
  expect(said).not.toBeNull();
  let message = '';
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  try {
    runUsageExample(false, outdir);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain(said![1]);
  expect(message).toContain('environment variable "DOCKER_HUB_TOKEN" is not set');
  expect(fs.readdirSync(outdir)).toEqual([]);
});

describe('the README\'s usage example', () => {
  const [secret, shoot] = runUsageExample();
  const [shownSecret, shownShoot] = yamlBlock.split('\n---\n').map(doc => parse(doc));

  test('writes the Secret it shows, with the values of the environment', () => {
    expect({ ...secret, data: undefined }).toEqual({ ...shownSecret, data: undefined });
    expect(secret.data).toEqual({
      username: Buffer.from('readme-user').toString('base64'),
      password: Buffer.from('readme-token').toString('base64'),
    });
  });

  test('writes the Shoot wiring it shows', () => {
    expect(shoot.metadata).toEqual(shownShoot.metadata);
    expect(shoot.spec.extensions).toEqual(shownShoot.spec.extensions);
    expect(shoot.spec.resources).toEqual(shownShoot.spec.resources);
  });
});

/** The README's ImagePullSecret lines, run with a cdk8s-plus-33 Deployment as it shows. */
describe('the README\'s ImagePullSecret example', () => {
  const start = README.indexOf('**Keep image pull Secrets on your Pods**');
  const block = /```ts[^\n]*\n([\s\S]*?)```/.exec(README.slice(start))![1];

  test('works with a cdk8s-plus-33 Deployment, which names the Secret in imagePullSecrets', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { App, Chart } = require('cdk8s');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../src');
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'readme-')) });
    const garden = new Chart(app, 'garden', { namespace: 'garden-dev' });
    const dockerHub = new lib.RegistryCacheCredential(garden, 'docker-hub', {
      name: 'ro-docker-secret', version: 1, username: lib.CredentialValue.unsafePlainText('u'), password: lib.CredentialValue.unsafePlainText('p'),
    });
    const shootChart = new Chart(app, 'shoot-workloads', { namespace: 'apps' });
    const js = ts.transpileModule(block, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new Function('shootChart', 'dockerHub', 'ImagePullSecret', 'kplus', js)(shootChart, dockerHub, lib.ImagePullSecret, require('cdk8s-plus-33'));
    const docs = parseAllDocuments(app.synthYaml()).map(d => d.toJSON());
    const deployment = docs.find(d => d.kind === 'Deployment');
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'docker-hub-pull' }]);
    const secret = docs.find(d => d.kind === 'Secret' && d.metadata.name === 'docker-hub-pull');
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    // "It writes the password readable": in stringData, in plain text.
    expect(JSON.parse(secret.stringData['.dockerconfigjson']).auths['https://index.docker.io/v1/'].password).toBe('p');
  });
});

/** The README's "Checked at synth": its three mistakes, on the main example's Chart and cache, give the errors it shows. */
test('the README\'s "Checked at synth" mistakes fail the synth with exactly the errors it shows', () => {
  const checked = docSection('README.md', '## Checked at synth');
  const fragment = /```ts fixture=fragment\n([\s\S]*?)```/.exec(checked)![1];
  const shown = /```text\n([\s\S]*?)\n```/.exec(checked)![1];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ApiObject, App, Chart, Size } = require('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../src');
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'readme-')) });
  const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
  const shoot = new ApiObject(chart, 'shoot', {
    apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'crazy-botany' }, spec: { provider: { type: 'aws', workers: [{ name: 'worker' }] } },
  });
  const cache = new lib.RegistryCache(chart, 'registry-cache', { shoot });
  const js = ts.transpileModule(fragment, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  new Function('cache', 'Size', js)(cache, Size);
  expect(() => app.synth()).toThrow(shown);
  let message = '';
  try {
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toBe(shown);
});

/** The README says the rest is in docs/: it stays short (issue 27: at most half of its 5,700 words then). */
test('the README stays at most 2,850 words (wc -w); reference material goes to docs/', () => {
  expect(README.split(/\s+/).filter(w => w !== '').length).toBeLessThanOrEqual(2850);
});

/** The package page (npm) shows the README without the repository: its links must work there. */
test('the README links only to absolute URLs, and its repository links name files that exist', () => {
  // The repositoryUrl of .projenrc.ts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const repository = `${require('../package.json').repository.url.replace(/\.git$/, '')}/blob/main/`;
  const targets = [...README.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]);
  expect(targets.length).toBeGreaterThan(10);
  for (const target of targets) {
    expect(target).toMatch(/^https:\/\//);
    if (target.startsWith(repository)) {
      const [file] = target.slice(repository.length).split('#');
      expect([target, fs.existsSync(path.join(__dirname, '..', file))]).toEqual([target, true]);
    }
  }
});

/** The pages under docs/ are read in the repository: their relative links name files (and headings) that exist. */
test.each(fs.readdirSync(path.join(__dirname, '..', 'docs')).filter(f => f.endsWith('.md')))('docs/%s links to files and headings that exist', page => {
  const text = readDoc(`docs/${page}`);
  const anchors = (markdown: string) => markdown.split('\n').filter(l => /^#+ /.test(l))
    .map(l => l.replace(/^#+ /, '').toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-'));
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^https?:\/\//.test(target)) continue;
    const [file, anchor] = target.split('#');
    const resolved = file === '' ? path.join(__dirname, '..', 'docs', page) : path.join(__dirname, '..', 'docs', file);
    expect([target, fs.existsSync(resolved)]).toEqual([target, true]);
    if (anchor !== undefined) {
      expect([target, anchors(fs.readFileSync(resolved, 'utf-8'))]).toEqual([target, expect.arrayContaining([anchor])]);
    }
  }
});
