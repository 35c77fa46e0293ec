import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { CA_V1 } from './fixtures/pem';

/**
 * The README's "Registry mirror" example is code too: it runs here (its CA
 * file is the examples' demo CA), and what it writes is what the README shows.
 */
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
const section = README.slice(README.indexOf('## Registry mirror'), README.indexOf('## Checked at synth'));
const tsBlock = /```ts\n([\s\S]*?)```/.exec(section)![1];
const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)![1];

function run(): any[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-mirror-'));
  const js = ts.transpileModule(tsBlock, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const fakeFs = { ...fs, readFileSync: (file: string, ...rest: any[]) => (file === 'private-mirror-ca.crt' ? CA_V1 : (fs.readFileSync as any)(file, ...rest)) };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'fs' ? fakeFs : require(id === 'cdk8s-gardener-registry-cache' ? '../src' : id));
  const env = { ...process.env };
  process.env.CDK8S_OUTDIR = outdir;
  try {
    new Function('require', 'exports', js)(load, {});
  } finally {
    process.env = env;
  }
  expect(fs.readdirSync(outdir)).toEqual(['garden-dev.k8s.yaml']);
  return parseAllDocuments(fs.readFileSync(path.join(outdir, 'garden-dev.k8s.yaml'), 'utf-8')).map(d => d.toJSON());
}

describe('the README\'s registry mirror example', () => {
  const written = run();
  const shown = parseAllDocuments(yamlBlock).map(d => d.toJSON());

  test('writes the objects it shows, in that order, the Secret holding the PEM', () => {
    expect(written.map(o => o.kind)).toEqual(shown.map(o => o.kind));
    expect({ ...written[0], data: undefined }).toEqual({ ...shown[0], data: undefined });
    expect(written[0].data).toEqual({ 'bundle.crt': Buffer.from(CA_V1).toString('base64') });
    expect(written[1]).toEqual(shown[1]);
  });
});
