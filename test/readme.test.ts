import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The README's usage example is code too: it runs here, and what it writes
 * is what the README shows next to it: no snippets that drift.
 */
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
const section = README.slice(README.indexOf('## Use it'), README.indexOf('## Other languages'));
const tsBlock = /```ts\n([\s\S]*?)```/.exec(section)![1];
const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)![1];

function runUsageExample(credentials = true, outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'))): any[] {
  const js = ts.transpileModule(tsBlock, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  // The example imports the package by name: give it this checkout's src/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => require(id === 'cdk8s-gardener-registry-cache' ? '../src' : id);
  const env = { ...process.env };
  process.env.CDK8S_OUTDIR = outdir;
  delete process.env.DOCKER_HUB_USERNAME;
  delete process.env.DOCKER_HUB_TOKEN;
  if (credentials) {
    process.env.DOCKER_HUB_USERNAME = 'readme-user';
    process.env.DOCKER_HUB_TOKEN = 'readme-token';
  }
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    new Function('require', 'exports', js)(load, {});
  } finally {
    process.env = env;
    warn.mockRestore();
  }
  const files = fs.readdirSync(outdir);
  expect(files).toEqual(['garden-dev.k8s.yaml']);
  return parseAllDocuments(fs.readFileSync(path.join(outdir, files[0]), 'utf-8')).map(d => d.toJSON());
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
  const start = README.indexOf('**Keep image pull Secrets on your Pods.**');
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
      expect([target, fs.existsSync(path.join(__dirname, '..', target.slice(repository.length)))]).toEqual([target, true]);
    }
  }
});
