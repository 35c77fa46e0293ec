/**
 * The check command's fixtures and the committed GitOps example through
 * Gardener's admission (`npx projen test:judge`): each Shoot, with the Secrets
 * of its folder, must get the same verdict and the same wrong fields from the
 * judge as from the check command (their expectations live in
 * test/check-command.test.ts), but for the intended differences. A key written
 * twice reaches both as its last value; a Secret an API server would not store
 * (data that is not base64) is left out, as one outside the input. See docs/ARCHITECTURE.md ("The judge").
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { judges } from './_judges';
import { Case } from './cases';
import { compare } from './compare';
import { Judges } from './judge';
import { checkCase } from './library';

const ROOT = path.join(__dirname, '..');
const FOLDERS = ['test/fixtures/check/problems', 'test/fixtures/check/clean', 'examples/gitops'];

let judge: Judges;
beforeAll(() => {
  judge = judges();
});
afterAll(() => judge.close());

type Json = Record<string, any>;

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) && e.name !== 'kustomization.yaml' ? [p] : [];
  });
}

function objectsOf(files: readonly string[]): Json[] {
  return files.flatMap(f => YAML.parseAllDocuments(fs.readFileSync(f, 'utf-8'), { uniqueKeys: false })
    .map(d => d.toJS() as unknown).filter((o): o is Json => typeof o === 'object' && o !== null));
}

const isShoot = (o: Json): boolean => o.kind === 'Shoot';
const isSecret = (o: Json): boolean => o.kind === 'Secret' && o.apiVersion === 'v1';
/** Whether an API server would store the Secret: its data is base64 (the check command reports the others at the Secret). */
const isStorable = (o: Json): boolean => Object.values(o.data ?? {}).every(v => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0);

/** One case per Shoot of a folder, with the Secrets of its namespace from that folder. */
function casesOf(folder: string): Array<[string, Case]> {
  const objects = objectsOf(yamlFiles(path.join(ROOT, folder)));
  return objects.filter(isShoot).map(shoot => {
    const secrets = objects.filter(o => isSecret(o) && isStorable(o) && o.metadata?.namespace === shoot.metadata?.namespace);
    const label = `${folder}: Shoot ${shoot.metadata?.namespace}/${shoot.metadata?.name}`;
    return [label, { id: label, extensionVersion: 'v0.24.0', shoot, oldShoot: null, secrets }];
  });
}

const CASES = FOLDERS.flatMap(casesOf);

test('every folder has Shoots to judge', () => {
  for (const folder of FOLDERS) {
    expect(CASES.filter(([label]) => label.startsWith(`${folder}:`)).length).toBeGreaterThan(0);
  }
});

test.each(CASES)('%s', async (_label, c) => {
  const outcome = compare(c, await judge.judge(c), checkCase(c));
  expect(outcome.kind === 'agree' || outcome.kind === 'intended' ? 'the two agree' : outcome).toBe('the two agree');
});

test('the update of test/fixtures/check/previous, at v0.24.0 and v0.21.0', async () => {
  const [before] = objectsOf(yamlFiles(path.join(ROOT, 'test/fixtures/check/previous/before'))).filter(isShoot);
  const [after] = objectsOf(yamlFiles(path.join(ROOT, 'test/fixtures/check/previous/after'))).filter(isShoot);
  for (const extensionVersion of ['v0.24.0', 'v0.21.0']) {
    const c: Case = { id: 'previous', extensionVersion, shoot: after, oldShoot: before, secrets: [] };
    const verdict = await judge.judge(c);
    expect(verdict.allowed).toBe(false); // the fixture changes an immutable field
    const outcome = compare(c, verdict, checkCase(c));
    expect(outcome.kind === 'agree' || outcome.kind === 'intended' ? 'the two agree' : outcome).toBe('the two agree');
  }
});
