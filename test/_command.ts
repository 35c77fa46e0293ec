import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { main } from '../src/_check/main';

/**
 * The check command, built as the package builds it and run as a process.
 *
 * `src/` is compiled to JavaScript with the emit options of tsconfig.json
 * (what jsii writes to lib/), into a fresh folder under node_modules/.cache
 * (so `yaml` resolves as in an installed package), once per test file. The
 * tests then run `node <build>/lib/_check/cli.js`, the file package.json's
 * `bin` names, as a separate process.
 */
const ROOT = path.join(__dirname, '..');
let built: string | undefined;

export function buildCommand(): string {
  if (built !== undefined) {
    return built;
  }
  const cache = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const out = fs.mkdtempSync(path.join(cache, 'check-command-'));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    inlineSourceMap: true,
  };
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(ROOT, 'src'))) {
    if (!file.endsWith('.ts')) continue;
    const rel = path.relative(path.join(ROOT, 'src'), file);
    const js = ts.transpileModule(fs.readFileSync(file, 'utf-8'), { compilerOptions: options, fileName: rel }).outputText;
    const target = path.join(out, 'lib', rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, js);
  }
  // As in the package: package.json next to lib/ (`--version` reads it).
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(out, 'package.json'));
  const bin = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).bin['cdk8s-gardener-registry-cache'];
  built = path.join(out, bin);
  if (!fs.existsSync(built)) {
    throw new Error(`package.json's bin ${bin} was not built`);
  }
  return built;
}

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built command with `args` (working directory `cwd`, standard input `input`). */
export function runCommand(args: readonly string[], options: { cwd?: string; input?: string } = {}): Run {
  const r = spawnSync(process.execPath, [buildCommand(), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf-8',
    timeout: 60_000,
  });
  if (r.error) {
    throw r.error;
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Removes the build (call in afterAll). */
export function removeBuild(): void {
  if (built !== undefined) {
    fs.rmSync(path.dirname(path.dirname(path.dirname(built))), { recursive: true, force: true });
    built = undefined;
  }
}

/**
 * Runs the command in process (src/_check/main.ts) with `args` after `check`,
 * standard input `stdin` and environment `env`: what it writes and its exit status.
 */
export function checkInProcess(args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}): Run {
  let stdout = '';
  let stderr = '';
  const status = main(['check', ...args], {
    stdout: t => {
      stdout += t;
    },
    stderr: t => {
      stderr += t;
    },
    readStdin: () => options.stdin ?? '',
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  return { status, stdout, stderr };
}
