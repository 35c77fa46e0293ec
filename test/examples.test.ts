import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { synthExample } from './_examples';
import { EXAMPLES, FIRST_DEPLOYMENT, mainOf } from '../examples';

/**
 * Every example the README's first command synthesizes, run here too as its
 * own program (examples/<name>/main.ts, validations included), with a
 * snapshot of each file it writes: a change to the output shows up as a
 * snapshot diff to read, never silently.
 */
describe.each(EXAMPLES.map(e => [e.name, e] as const))('example %s', (name, example) => {
  test('writes the manifests of the snapshot', () => {
    expect(synthExample(name)).toMatchSnapshot();
  });

  test('writes byte-identical YAML every time', () => {
    expect(synthExample(name)).toEqual(synthExample(name));
  });

  test('begins with its one-line description', () => {
    expect(fs.readFileSync(mainOf(name), 'utf-8').split('\n')[0]).toBe(`// ${example.description}`);
  });
});

describe('the example programs', () => {
  const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');

  test('are every folder of examples/ but gitops/ (the check command\'s), in the list', () => {
    const folders = fs.readdirSync(EXAMPLES_DIR, { withFileTypes: true }).filter(e => e.isDirectory() && e.name !== 'gitops').map(e => e.name);
    expect(folders.sort()).toEqual(EXAMPLES.map(e => e.name).sort());
  });

  // What a user's app has (scripts/package-install-test.sh pastes each into one and compiles it): no path into this repository.
  test.each([...EXAMPLES.map(e => e.name), FIRST_DEPLOYMENT])('%s imports only the package, cdk8s, constructs and node\'s modules', dir => {
    const imports = ts.preProcessFile(fs.readFileSync(mainOf(dir), 'utf-8')).importedFiles.map(f => f.fileName);
    expect(imports.filter(i => !['cdk8s-gardener-registry-cache', 'cdk8s', 'cdk8s-plus-33', 'constructs', 'fs', 'path'].includes(i))).toEqual([]);
    expect(imports).toContain('cdk8s-gardener-registry-cache');
  });
});
