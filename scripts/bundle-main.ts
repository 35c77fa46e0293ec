import * as fs from 'fs';
import * as path from 'path';
import { build, Plugin } from 'esbuild';

const BANNER = '// lib/index.js as one file: jsii\'s output bundled by scripts/bundle-main.ts (docs/ARCHITECTURE.md, "One file to load").';

/**
 * Makes the compiled library's entry point (`<lib>/index.js`, package.json's
 * `main`) one file, in place: every module it loads at require time, bundled
 * with esbuild from the JavaScript jsii wrote (same code, same semantics, no
 * syntax lowered, no minification).
 *
 * Why: Node pays about 0.2 ms per module file it resolves, reads and wraps,
 * and the library's require path was 39 files. One file loads in about half
 * the time (21.9 -> 11.4 ms after cdk8s; issue 12, loading; docs/ARCHITECTURE.md,
 * "Performance"). The other files in lib/ stay as jsii wrote them: the
 * `.d.ts` files are the typings, and the check command (`lib/_check/cli.js`)
 * loads its modules from them.
 *
 * What the library loads lazily stays out of the bundle: every
 * `require('./...')` written in src/ (eager dependencies are `import`s) is
 * kept as a `require` of its own file next to the bundle, so an app that
 * never uses UpdateSafetyCheck or the cdk8s validation plugin never parses
 * them. Such a module must not also be in the bundle, or it would exist
 * twice: checked here. (Lazy requires written in modules outside the bundle,
 * such as the check command's, are theirs to resolve.)
 *
 * Run by the compile task after jsii (`ts-node scripts/bundle-main.ts lib`),
 * and by the benchmark on its own compiled copy of src/.
 */
export async function bundleMain(srcDir: string, libDir: string, options: { sourcemap: boolean }): Promise<void> {
  const entry = path.join(libDir, 'index.js');
  // Bundling the bundle would take the lazy modules in (their requires would come from index.js).
  if (fs.readFileSync(entry, 'utf-8').startsWith(BANNER)) {
    throw new Error(`${entry} is already bundled: compile with jsii first`);
  }
  // Node's ESM loader finds the named exports of a CommonJS file by reading its source (cjs-module-lexer), which
  // sees jsii's `__exportStar(require('./x'), exports)` but not through the bundle's wrappers: the bundle names
  // them in a statement that never runs, as esbuild does for ESM input. Taken from jsii's output before bundling.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const names = Object.keys(require(path.resolve(entry))).filter(n => n !== '__esModule').sort();
  const lazy = lazyRequires(srcDir);
  const keyOf = (importerFromLib: string, written: string): string => `${importerFromLib}\0${written}`;
  const lazyKeys = new Set(lazy.map(l => keyOf(l.source, l.written)));
  const keepLazy: Plugin = {
    name: 'keep-lazy-requires',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, args => {
        const importer = path.relative(libDir, args.importer).replace(/\.js$/, '');
        return lazyKeys.has(keyOf(importer, args.path)) ? { path: args.path, external: true } : undefined;
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // cdk8s, constructs, yaml and Node's own modules are required, not copied.
    packages: 'external',
    plugins: [keepLazy],
    // The ES2022 of jsii's output, as it is.
    target: 'esnext',
    // The bundle maps back to src/*.ts through the maps jsii wrote next to each file.
    sourcemap: options.sourcemap ? 'linked' : false,
    sourcesContent: true,
    legalComments: 'none',
    banner: { js: BANNER },
    footer: { js: `// The export names, for \`import { ... } from\` in ES modules (never runs).\n0 && (module.exports = { ${names.join(', ')} });` },
    metafile: true,
    logLevel: 'warning',
  });
  const bundled = new Set(Object.keys(result.metafile.inputs).map(f => path.resolve(f)));
  for (const l of lazy) {
    const importer = path.resolve(libDir, `${l.source}.js`);
    const target = path.resolve(libDir, `${l.fromLib}.js`);
    if (bundled.has(importer) && bundled.has(target)) {
      throw new Error(`${l.fromLib} is required lazily (src/${l.source}.ts) but also imported by a module in the bundle: it would be loaded twice`);
    }
  }
}

interface LazyRequire {
  /** The path as the `require` call writes it. */
  readonly written: string;
  /** The module's path relative to src/ (and lib/), without extension. */
  readonly fromLib: string;
  /** The module that writes it, relative to src/ (and lib/), without extension. */
  readonly source: string;
}

/** Every `require('./...')` / `require('../...')` in the TypeScript sources. */
function lazyRequires(srcDir: string): LazyRequire[] {
  const found: LazyRequire[] = [];
  for (const file of walk(srcDir)) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const text = fs.readFileSync(file, 'utf-8');
    for (const m of text.matchAll(/\brequire\(\s*'(\.\.?\/[^']+)'\s*\)/g)) {
      const fromLib = path.relative(srcDir, path.resolve(path.dirname(file), m[1]));
      found.push({ written: m[1], fromLib, source: path.relative(srcDir, file).replace(/\.ts$/, '') });
    }
  }
  return found;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

if (require.main === module) {
  const [lib = 'lib'] = process.argv.slice(2);
  bundleMain(path.join(__dirname, '..', 'src'), lib, { sourcemap: true }).catch(e => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
