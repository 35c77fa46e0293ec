import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCommand, removeBuild } from './_command';
import { synthExample } from './_examples';
import { PluginRun, runPlugin } from './_plugin-run';
import { EXAMPLES } from '../examples';
import { bundleMain } from '../scripts/bundle-main';
import * as library from '../src';

/**
 * package.json's main, lib/index.js, is one file (scripts/bundle-main.ts, run
 * by the compile task after jsii): the same library, bundled. Here src/ is
 * compiled as the package compiles it, bundled the same way, and every
 * example runs against the bundle in a separate process.
 */
const ROOT = path.join(__dirname, '..');
let lib: string;

beforeAll(async () => {
  lib = path.dirname(path.dirname(buildCommand()));
  await bundleMain(path.join(ROOT, 'src'), lib, { sourcemap: false });
}, 60_000);
afterAll(() => {
  removeBuild();
});

/** What a child process running on the bundle saw (file lists as lib/... for the build, src/... for sources). */
interface BundleRun {
  readonly atRequire: string[];
  readonly exports: string[];
  /** What each example wrote, by example and file. */
  readonly written: Record<string, Record<string, string>>;
  readonly afterSynth: string[];
  readonly plugin: PluginRun;
  readonly afterPlugin: string[];
  /** The names an ES module can import from the bundle (`import { ... } from`). */
  readonly esmExports: string[];
}

/** The plugin runs on a manifest with problems (test/registry-cache-validation.test.ts has the same). */
const PLUGIN_MANIFEST = path.join(ROOT, 'test', 'fixtures', 'check', 'problems', 'strict-decoding.yaml');

/**
 * Runs every example's main.ts in a child process with the package name it
 * imports resolved to the bundle, then the cdk8s CLI validation plugin from
 * the bundle: what requiring the bundle loaded, its exports, the files each
 * example wrote, the plugin's report, and what each step loaded on top.
 */
function runExamplesOnBundle(): BundleRun {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-examples-'));
  const script = `
    const path = require('path');
    require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'examples', 'tsconfig.json'))} });
    const { EXAMPLES, mainOf, resolvePackageTo, synthApp } = require(${JSON.stringify(path.join(ROOT, 'examples'))});
    const bundle = ${JSON.stringify(path.join(lib, 'index.js'))};
    resolvePackageTo(bundle);
    const build = ${JSON.stringify(path.dirname(lib))};
    const src = ${JSON.stringify(path.join(ROOT, 'src'))};
    const ours = () => Object.keys(require.cache)
      .map(f => (f.startsWith(build + path.sep) ? path.relative(build, f) : f.startsWith(src + path.sep) ? path.join('src', path.relative(src, f)) : undefined))
      .filter(f => f !== undefined).sort();
    const exported = Object.keys(require(bundle)).sort();
    const atRequire = ours();
    const written = {};
    for (const e of EXAMPLES) {
      written[e.name] = synthApp(mainOf(e.name), path.join(${JSON.stringify(out)}, e.name), require);
    }
    const afterSynth = ours();
    const { runPlugin } = require(${JSON.stringify(path.join(ROOT, 'test', '_plugin-run.ts'))});
    runPlugin(require(bundle).RegistryCacheValidation, ${JSON.stringify(PLUGIN_MANIFEST)}).then(async plugin => {
      const afterPlugin = ours();
      const esmExports = Object.keys(await import(require('url').pathToFileURL(bundle).href)).sort();
      process.stdout.write(JSON.stringify({ atRequire, exports: exported, written, afterSynth, plugin, afterPlugin, esmExports }));
    });
  `;
  try {
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8', timeout: 120_000 });
    if (r.status !== 0) {
      throw new Error(`the examples failed on the bundle: ${r.stderr}`);
    }
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe('the bundled lib/index.js', () => {
  let run: BundleRun;
  beforeAll(() => {
    run = runExamplesOnBundle();
  }, 120_000);

  test('is the only file of the library loaded by requiring it', () => {
    expect(run.atRequire).toEqual(['lib/index.js']);
  });

  test('exports what src/index.ts exports', () => {
    expect(run.exports).toEqual(Object.keys(library).sort());
  });

  test('exports the same names to ES modules (Node reads a CommonJS file\'s export names from its source)', () => {
    expect(run.esmExports).toEqual([...Object.keys(library), '__esModule', 'default'].sort());
  });

  test('synthesizes every example byte for byte as the sources do', () => {
    expect(Object.keys(run.written)).toEqual(EXAMPLES.map(e => e.name));
    for (const example of EXAMPLES) {
      expect([example.name, run.written[example.name]]).toEqual([example.name, synthExample(example.name)]);
    }
  });

  test('loads what the library requires lazily from files of their own, and no source file', () => {
    // The update-safety example reads previous manifests and runs the update rules.
    // _rules/entries.js: which extension entry the admission reads, on an update too (issue 24).
    // _depth.js: the bound on the previous manifests' nesting (issue 28).
    // _list.js: the items of a kind: List or a typed list such as ShootList (issue 26).
    expect(run.afterSynth).toEqual(['lib/_depth.js', 'lib/_files.js', 'lib/_list.js', 'lib/_previous-manifests.js', 'lib/_rules/duration.js', 'lib/_rules/entries.js',
      'lib/_rules/json.js', 'lib/_rules/names.js', 'lib/_rules/quantity.js', 'lib/_rules/redact.js',
      'lib/_rules/secret.js', 'lib/_rules/update.js', 'lib/_errors.js', 'lib/_yaml-files.js', 'lib/index.js'].sort());
  });

  test('runs the cdk8s CLI validation plugin as the sources do, loading the check command\'s modules from their files', async () => {
    const onSources = await runPlugin(library.RegistryCacheValidation, PLUGIN_MANIFEST);
    expect(onSources.violations).toHaveLength(5);
    expect(run.plugin).toEqual(onSources);
    expect(run.afterPlugin).toEqual(expect.arrayContaining(['lib/_check/check.js', 'lib/_check/source.js', 'lib/index.js']));
    expect(run.afterPlugin.filter(f => f.startsWith('src/'))).toEqual([]);
  });
});

describe('bundleMain', () => {
  test('refuses to bundle the bundle (the lazy modules would be taken in)', async () => {
    await expect(bundleMain(path.join(ROOT, 'src'), lib, { sourcemap: false })).rejects.toThrow(
      `${path.join(lib, 'index.js')} is already bundled: compile with jsii first`);
  });

  test('refuses a module that is required lazily and also imported by a bundled module (it would exist twice)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-main-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      };
      write('src/index.ts', "export * from './eager';\nexport const later = () => require('./rules/later');\n");
      write('src/eager.ts', "import { x } from './rules/later';\nexport const y = x;\n");
      write('src/rules/later.ts', 'export const x = 1;\n');
      write('lib/index.js', "exports.y = require('./eager').y;\nexports.later = () => require('./rules/later');\n");
      write('lib/eager.js', "exports.y = require('./rules/later').x;\n");
      write('lib/rules/later.js', 'exports.x = 1;\n');
      await expect(bundleMain(path.join(dir, 'src'), path.join(dir, 'lib'), { sourcemap: false })).rejects.toThrow(
        'rules/later is required lazily (src/index.ts) but also imported by a module in the bundle: it would be loaded twice');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
