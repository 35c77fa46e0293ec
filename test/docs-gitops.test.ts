import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { readDoc } from './_docs';

/**
 * docs/gitops.md shows the files of examples/gitops that test/gitops/run.sh runs with the real tools
 * (`npx projen test:gitops`): what it shows must be those files.
 */
const ROOT = path.join(__dirname, '..');
const section = readDoc('docs/gitops.md');
const yamlBlocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]);
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf-8');

describe('docs/gitops.md', () => {
  test('shows the example .pre-commit-config.yaml as it is', () => {
    const file = read('examples/gitops/pre-commit/.pre-commit-config.yaml');
    expect(yamlBlocks[0]).toBe(file.slice(file.indexOf('repos:')));
  });

  test('shows the example kustomization and its function as they are', () => {
    const [left, right] = [0, 1].map(side => yamlBlocks[1].split('\n').slice(1).filter(l => l !== '')
      .map(l => (side === 0 ? l.slice(0, 43).split('#')[0].trimEnd() : l.slice(43).replace(/^# ?/, ''))).filter(l => l !== '').join('\n'));
    expect(YAML.parse(left)).toEqual({ ...YAML.parse(read('examples/gitops/kustomize/kustomization.yaml')), apiVersion: undefined, kind: undefined });
    expect(YAML.parse(right)).toEqual(YAML.parse(read('examples/gitops/kustomize/registry-cache-check.yaml')));
  });

  test('links every example file it names, and each exists', () => {
    const links = [...section.matchAll(/\]\(\.\.\/(examples\/gitops\/[^)\s]+|test\/gitops\/[^)\s]+)\)/g)].map(m => m[1]);
    expect(links).toEqual(expect.arrayContaining([
      'examples/gitops/pre-commit/.pre-commit-config.yaml', 'examples/gitops/kustomize', 'examples/gitops/argocd/plugin.yaml',
      'examples/gitops/flux/github-workflow.yaml', 'test/gitops/run.sh',
    ]));
    for (const l of links) {
      expect([l, fs.existsSync(path.join(ROOT, l))]).toEqual([l, true]);
    }
    expect(fs.existsSync(path.join(ROOT, '.pre-commit-hooks.yaml'))).toBe(true);
  });
});
