import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * What the package tarball holds: the compiled library and its documents,
 * not the repository's CI, examples, benchmark or sources (the README links
 * to those in the repository). The offline install of the real tarball into a
 * fresh cdk8s app is scripts/package-install-test.sh, run by .ci/run.
 */
test('the package leaves out CI, examples, benchmark, scripts, docs, sources and tests', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: path.join(__dirname, '..'),
    encoding: 'utf-8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
  expect(files).toEqual(expect.arrayContaining(['README.md', 'API.md', 'LICENSE', 'package.json']));
  for (const excluded of ['.ci/', 'examples/', 'bench/', 'scripts/', 'docs/', 'src/', 'test/', '.projen/', 'languages.out/', 'rosetta/']) {
    expect([excluded, files.filter(f => f.startsWith(excluded))]).toEqual([excluded, []]);
  }
});
