import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { synthApp } from '../examples';

/** A markdown file of the repository (README.md, docs/*.md), as text. */
export function readDoc(file: string): string {
  return fs.readFileSync(path.join(__dirname, '..', file), 'utf-8');
}

/**
 * The part of a markdown file under the heading that starts with `heading`
 * (e.g. `## Registry mirror`): from it up to the next heading of the same
 * level or above, or the end of the file. Fails when there is no such heading,
 * so that a renamed section fails its tests instead of testing nothing.
 */
export function docSection(file: string, heading: string): string {
  const text = readDoc(file);
  const level = /^#+/.exec(heading)![0].length;
  const lines = text.split('\n');
  const start = lines.findIndex(l => l.startsWith(heading));
  if (start < 0) throw new Error(`${file} has no heading "${heading}"`);
  const end = lines.findIndex((l, i) => {
    if (i <= start) return false;
    const m = /^(#+) /.exec(l);
    return m !== null && m[1].length <= level;
  });
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** What a documented program runs with: environment variables (undefined: unset) and files it reads by name. */
export interface DocProgramOptions {
  readonly env?: Record<string, string | undefined>;
  /** Files the program reads with fs.readFileSync, by the name it gives (e.g. a CA certificate). */
  readonly files?: Record<string, string>;
}

/**
 * Runs a TypeScript program from the docs as a user runs it in a cdk8s app (the package name is this checkout's
 * src/), as the examples run (synthApp: `cdk8s synth`'s CDK8S_OUTDIR, here a new temporary folder unless given),
 * with warnings muted (a test that wants them spies on console.warn itself). Returns the files it wrote, by name;
 * a program that throws throws here, after the environment is restored.
 */
export function runDocProgram(source: string, options: DocProgramOptions = {}, outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-program-'))):
Record<string, string> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const files = options.files ?? {};
  const fakeFs = { ...fs, readFileSync: (file: string, ...rest: any[]) => (file in files ? files[file] : (fs.readFileSync as any)(file, ...rest)) };
  // The package name is this checkout's src/ through jest's moduleNameMapper, as for the examples.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'fs' ? fakeFs : require(id));
  const env = { ...process.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return synthApp(js, outdir, program => new Function('require', 'exports', program)(load, {}));
  } finally {
    process.env = env;
    warn.mockRestore();
  }
}
