import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { bundleMain } from '../scripts/bundle-main';

/**
 * Compiles `src/**` and `bench/**` to JavaScript under `outDir` (same
 * relative paths), with the emit options of the project's tsconfig.json
 * (CommonJS, ES2022; jsii writes each source map to a file of its own next to
 * the `.js` in `lib/`, which Node never reads without --enable-source-maps, so
 * none is written here). No type check: that is the test task's job. Child
 * processes run this output, so that TypeScript transpilation never counts as
 * require time or memory.
 */
export function compile(root: string, outDir: string): void {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
  };
  for (const dir of ['src', 'bench']) {
    for (const file of walk(path.join(root, dir))) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      const rel = path.relative(root, file);
      const out = ts.transpileModule(fs.readFileSync(file, 'utf-8'), { compilerOptions: options, fileName: rel });
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, out.outputText);
    }
  }
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

/**
 * `compile`, then the library's entry point bundled as the compile task
 * bundles lib/index.js (scripts/bundle-main.ts), so that the benchmark loads
 * and runs the library as it ships.
 */
export async function compileAsShipped(root: string, outDir: string): Promise<void> {
  compile(root, outDir);
  await bundleMain(path.join(root, 'src'), path.join(outDir, 'src'), { sourcemap: false });
}
