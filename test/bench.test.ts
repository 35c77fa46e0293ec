import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kubectlVersions, runKustomize, writeKustomization } from '../bench/kustomize';
import { landscape, smallLandscape } from '../bench/scenario';
import { assertIdentical, assertSameManifests, baseline, control, controlProps, floor, LAYOUTS, library, libraryUpstreamsProp } from '../bench/ways';

// The benchmark's smoke test: small landscapes, one rendering per way, outputs only (never a time).
describe('benchmark (smoke, 100 Shoots)', () => {
  const data = landscape(100);

  test.each(LAYOUTS)('library, the empty-construct controls, hand-written ApiObjects and direct YAML give the same bytes (%s)', layout => {
    const expected = floor(data);
    expect(expected).toContain('kind: Shoot');
    expect(expected.split('\n---\n')).toHaveLength(100 + 10 * 3);
    assertIdentical('library vs floor', library(data, layout), expected);
    assertIdentical('library (upstreams prop) vs floor', libraryUpstreamsProp(data, layout), expected);
    assertIdentical('control vs floor', control(data, layout), expected);
    assertIdentical('controlProps vs floor', controlProps(data, layout), expected);
    assertIdentical('baseline vs floor', baseline(data, layout), expected);
  });

  test('the small app (1 Shoot, 3 caches) gives the same bytes through the library and by hand', () => {
    const small = smallLandscape();
    const expected = baseline(small, 'one-chart');
    expect(expected.split('\n---\n')).toHaveLength(1 + 3);
    expect(expected.match(/upstream: /g)).toHaveLength(3);
    assertIdentical('library vs baseline', library(small, 'one-chart'), expected);
    assertIdentical('library (upstreams prop) vs baseline', libraryUpstreamsProp(small, 'one-chart'), expected);
  });

  test('a difference is reported with the first differing line', () => {
    expect(() => assertIdentical('a vs b', 'x\ny\n', 'x\nz\n')).toThrow(/OUTPUTS DIFFER: a vs b .* line 2/);
  });

  test('the semantic comparison ignores key order and base64 line breaks, not content', () => {
    const cdk8s = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: garden-dev\ndata:\n  password: YWJjZA==\n';
    const kustomize = 'apiVersion: v1\ndata:\n  password: |\n    YWJj\n    ZA==\nkind: Secret\nmetadata:\n  namespace: garden-dev\n  name: s\n';
    expect(() => assertSameManifests('k vs c', kustomize, cdk8s, { actual: '1.2', expected: '1.1' })).not.toThrow();
    expect(() => assertSameManifests('k vs c', kustomize.replace('ZA==', 'ZQ=='), cdk8s, { actual: '1.2', expected: '1.1' }))
      .toThrow(/OUTPUTS DIFFER: k vs c: Secret garden-dev\/s differs/);
    expect(() => assertSameManifests('k vs c', `${kustomize}---\n${kustomize.replace('name: s', 'name: t')}`, cdk8s, { actual: '1.2', expected: '1.1' }))
      .toThrow(/2 vs 1 documents/);
  });

  // The GitOps peer, where kubectl (with kustomize) is installed; otherwise the benchmark skips it too.
  const kubectl = kubectlVersions('kubectl');
  (kubectl ? test : test.skip)('kubectl kustomize builds the same manifests from the kustomization (20 Shoots)', () => {
    const small = landscape(20);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kustomize-'));
    try {
      writeKustomization(small, path.join(dir, 'k'));
      runKustomize('kubectl', path.join(dir, 'k'), path.join(dir, 'out.yaml'));
      assertSameManifests('kustomize vs library', fs.readFileSync(path.join(dir, 'out.yaml'), 'utf-8'), library(small, 'one-chart'),
        { actual: '1.2', expected: '1.1' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a child process renders a way without loading the library, unless the way is the library\'s', () => {
    // The plain ways' modules never import the library (bench/plain.ts, floor.ts, layout.ts, scenario.ts).
    const loaded = (file: string) => spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e',
      `require(${JSON.stringify(file)}); console.log(Object.keys(require.cache).some(f => f.includes('${path.sep}src${path.sep}')))`],
    { encoding: 'utf-8', cwd: path.join(__dirname, '..') }).stdout.trim();
    expect(loaded('./bench/plain.ts')).toBe('false');
    expect(loaded('./bench/floor.ts')).toBe('false');
    expect(loaded('./bench/library-ways.ts')).toBe('true');
  });
});
