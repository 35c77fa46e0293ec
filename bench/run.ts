/**
 * The benchmark: what the library costs next to writing the manifests by hand.
 *
 *   npm run bench [-- --sizes 100,1000,10000] [--reps 4] [--processes 3] [--layout one-chart|namespace-charts]
 *                 [--require-runs 25] [--no-memory] [--no-props] [--instructions 200,1000]
 *
 * See bench/README.md for what is measured and how.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from './compile';
import { landscape, Landscape, SHOOTS_PER_NAMESPACE } from './scenario';
import { assertIdentical, Layout, LAYOUTS, WayName, WAYS } from './ways';
import { checkCaches, CacheEntry } from '../src/_registry-config';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench.out');
const JS = path.join(OUT, 'js');

interface Options {
  readonly sizes: number[];
  readonly reps?: number;
  readonly processes: number;
  readonly layout: Layout;
  readonly requireRuns: number;
  readonly memory: boolean;
  readonly props: boolean;
  /** Shoot counts to count instructions at (valgrind), or none. */
  readonly instructions: number[];
}

function parseArgs(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const layout = (value('--layout') ?? 'one-chart') as Layout;
  if (!LAYOUTS.includes(layout)) {
    throw new Error(`--layout must be one of ${LAYOUTS.join(', ')} (got ${layout})`);
  }
  const sizes = (value('--sizes') ?? '100,1000,10000').split(',').map(s => Number(s.replace(/_/g, '')));
  if (sizes.some(n => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`--sizes must be positive integers separated by commas (got ${value('--sizes')})`);
  }
  return {
    sizes,
    reps: value('--reps') === undefined ? undefined : Number(value('--reps')),
    processes: Number(value('--processes') ?? 3),
    layout,
    requireRuns: Number(value('--require-runs') ?? 25),
    memory: !argv.includes('--no-memory'),
    props: !argv.includes('--no-props'),
    instructions: (value('--instructions') ?? '').split(',').filter(x => x !== '').map(Number),
  };
}

const gc = (): void => (global as any).gc?.();
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timed(way: WayName, data: Landscape, layout: Layout): { ms: number; out: string } {
  gc();
  const t0 = performance.now();
  const out = WAYS[way](data, layout);
  return { ms: performance.now() - t0, out };
}

interface SizeResult {
  readonly n: number;
  readonly namespaces: number;
  readonly reps: number;
  readonly outputBytes: number;
  readonly ms: Partial<Record<WayName, number>>;
  readonly samples: Partial<Record<WayName, number[]>>;
  readonly memory: Partial<Record<WayName, { peak: number; rendering: number }>>;
}

/** Runs every way on `data`; checks the byte-identical ones against the floor. */
function round(ways: WayName[], data: Landscape, layout: Layout, rotation: number): Partial<Record<WayName, { ms: number; out: string }>> {
  const order = ways.map((_, i) => ways[(i + rotation) % ways.length]);
  const results: Partial<Record<WayName, { ms: number; out: string }>> = {};
  for (const way of order) {
    results[way] = timed(way, data, layout);
  }
  const floor = results.floor!.out;
  assertIdentical('library vs floor', results.library!.out, floor);
  assertIdentical('library (upstreams prop) vs floor', results.libraryUpstreamsProp!.out, floor);
  assertIdentical('baseline vs floor', results.baseline!.out, floor);
  return results;
}

function measureSize(n: number, opts: Options): SizeResult {
  const ways: WayName[] = ['library', 'libraryUpstreamsProp', 'baseline', 'floor', ...(opts.props ? ['baselineProps' as const] : [])];
  const data = landscape(n);
  // First, in this process: the three ways write byte-identical YAML.
  const outputBytes = round(ways, data, opts.layout, 0).floor!.out.length;
  // Then the times, each way in fresh processes of its own (so that no way
  // runs on a heap or JIT state another way left), the ways taking turns.
  const reps = opts.reps ?? (n >= 10_000 ? 2 : 4);
  const processes = opts.processes;
  const samples: Partial<Record<WayName, number[]>> = {};
  for (let p = 0; p < processes; p++) {
    const order = ways.map((_, i) => ways[(i + p) % ways.length]);
    for (const way of order) {
      const r = child(['--expose-gc', path.join(JS, 'bench', 'child.js'), 'time', way, String(n), opts.layout, String(reps)]);
      (samples[way] ??= []).push(...r.samples);
    }
    log(`  N=${n} process round ${p + 1}/${processes}: ${ways.map(w => `${w} ${samples[w]!.slice(-reps).map(x => x.toFixed(0)).join('/')} ms`).join(', ')}`);
  }
  const ms: Partial<Record<WayName, number>> = {};
  for (const way of ways) ms[way] = median(samples[way]!);

  const memory: SizeResult['memory'] = {};
  if (opts.memory) {
    for (const way of ways) {
      const r = child(['--expose-gc', path.join(JS, 'bench', 'child.js'), 'memory', way, String(n), opts.layout]);
      memory[way] = { peak: r.maxRssBytes, rendering: r.maxRssBytes - r.beforeBytes };
    }
  }
  return { n, namespaces: data.namespaces.length, reps: reps * processes, outputBytes, ms, samples, memory };
}

function child(args: string[]): any {
  const r = spawnSync(process.execPath, args, { encoding: 'utf-8', maxBuffer: 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`child ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/**
 * Instructions per rendering, counted by valgrind (callgrind) with V8 on one
 * thread: repeatable to about 1%, unlike wall-clock time on a shared machine.
 * A process with two timed renderings minus one with none (both with the
 * warm-up), halved.
 */
function measureInstructions(n: number, way: WayName): number {
  const count = (reps: number): number => {
    const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', '--expose-gc',
      path.join(JS, 'bench', 'child.js'), 'time', way, String(n), 'one-chart', String(reps)], { encoding: 'utf-8', maxBuffer: 16 * 1024 * 1024 });
    const m = /Collected : (\d+)/.exec(r.stderr ?? '');
    if (r.status !== 0 || !m) {
      throw new Error(`valgrind failed for ${way} ${n} (is valgrind installed?):\n${r.stderr}`);
    }
    return Number(m[1]);
  };
  return (count(2) - count(0)) / 2;
}

const REQUIRE_SETS: Record<string, string[]> = {
  'cdk8s': ['cdk8s'],
  'cdk8s + cdk8s-plus-28': ['cdk8s', 'cdk8s-plus-28'],
  'library (loads cdk8s)': ['lib'],
  'cdk8s + cdk8s-plus-28 + library': ['cdk8s', 'cdk8s-plus-28', 'lib'],
};

/** The library's own require time, in the same process right after cdk8s and cdk8s-plus-28. */
const LIBRARY_AFTER_BOTH = 'the library alone, right after cdk8s + cdk8s-plus-28 in the same process';

function measureRequire(runs: number): Record<string, number> {
  const samples: Record<string, number[]> = {};
  const names = Object.keys(REQUIRE_SETS);
  // Interleaved, so drift (disk cache, CPU frequency) hits all sets alike; one unmeasured round first.
  for (let r = -1; r < runs; r++) {
    for (const name of names) {
      const { ms, steps } = child([path.join(JS, 'bench', 'child.js'), 'require', ...REQUIRE_SETS[name]]);
      if (r >= 0) {
        (samples[name] ??= []).push(ms);
        if (name === 'cdk8s + cdk8s-plus-28 + library') {
          (samples[LIBRARY_AFTER_BOTH] ??= []).push(steps[steps.length - 1]);
        }
      }
    }
  }
  return Object.fromEntries([...names, LIBRARY_AFTER_BOTH].map(n => [n, median(samples[n])]));
}

/** Validation of one RegistryConfig with k caches (a map lookup per cache, so linear). */
function measureValidation(): Array<{ caches: number; ms: number }> {
  const entries = (k: number): CacheEntry[] => Array.from({ length: k }, (_, i) => ({
    upstream: `registry-${i}.example.com:5000`,
    ...(i % 2 ? { serviceNameSuffix: `r${i}` } : {}),
  }));
  return [1_000, 10_000, 100_000].map(caches => {
    const e = entries(caches);
    checkCaches(e);
    const times = [0, 1, 2, 3, 4].map(() => {
      const t0 = performance.now();
      const errors = checkCaches(e);
      if (errors.length !== 0) throw new Error(`unexpected validation errors: ${errors[0].detail}`);
      return performance.now() - t0;
    });
    return { caches, ms: median(times) };
  });
}

const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const thousands = (n: number) => n.toLocaleString('en-US');

interface InstructionResult {
  readonly n: number;
  readonly library: number;
  readonly libraryUpstreamsProp: number;
  readonly baseline: number;
}

function report(opts: Options, sizes: SizeResult[], requires: Record<string, number>, validation: Array<{ caches: number; ms: number }>,
  instructions: InstructionResult[]): string {
  const pkg = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf-8')).version;
  const lines: string[] = [];
  lines.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${f0(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
    `cdk8s ${pkg('cdk8s')}, yaml ${pkg('yaml')}, cdk8s-plus-28 ${pkg('cdk8s-plus-28')}.`);
  lines.push(`Landscape: ${SHOOTS_PER_NAMESPACE} Shoots per project namespace, 3 shared credentials per namespace, 5 cached upstreams per Shoot; layout \`${opts.layout}\`.`);
  lines.push('');
  lines.push('| Shoots | namespaces | output | library | baseline | floor | library / baseline | library / floor | library per Shoot | best-of library / baseline | '
    + 'library, upstreams prop | its / baseline | peak RSS library / baseline / floor |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of sizes) {
    const m = s.ms;
    const mem = s.memory.library ? `${mib(s.memory.library.peak)} / ${mib(s.memory.baseline!.peak)} / ${mib(s.memory.floor!.peak)} MiB` : 'not measured';
    lines.push(`| ${thousands(s.n)} | ${thousands(s.namespaces)} | ${f1(s.outputBytes / 2 ** 20)} MiB | ${f0(m.library!)} ms | ${f0(m.baseline!)} ms | ${f0(m.floor!)} ms | ` +
      `${f2(m.library! / m.baseline!)} | ${f2(m.library! / m.floor!)} | ${f0(m.library! * 1000 / s.n)} µs | ` +
      `${f2(Math.min(...s.samples.library!) / Math.min(...s.samples.baseline!))} | ${f0(m.libraryUpstreamsProp!)} ms | ${f2(m.libraryUpstreamsProp! / m.baseline!)} | ${mem} |`);
  }
  lines.push('');
  lines.push(`Times are medians of ${sizes.map(s => `${s.reps}`).join(' / ')} repetitions (${opts.processes} fresh processes per way, taking turns, each with a warm-up), ` +
    'each way building the app and rendering the YAML ' +
    '(`app.synthYaml()`, which validates); the three outputs are checked byte-identical. Peak RSS is `process.resourceUsage().maxRSS` of a fresh ' +
    'process that loads the modules, builds the landscape data and renders it once (Node alone is about 40 MiB). ' +
    '"Best-of" compares the fastest repetitions: on a shared machine, interference only ever adds time.');
  if (opts.props) {
    lines.push('');
    lines.push('Baseline written with everything in the props (cdk8s then sorts all keys, so the bytes differ; same content): ' +
      sizes.map(s => `${thousands(s.n)}: ${f0(s.ms.baselineProps!)} ms (library / that = ${f2(s.ms.library! / s.ms.baselineProps!)})`).join(', ') + '.');
  }
  const byN = new Map(sizes.map(s => [s.n, s]));
  const k1 = byN.get(1000);
  const k10 = byN.get(10_000);
  if (k1 && k10) {
    lines.push('');
    lines.push(`Growth from 1,000 to 10,000 Shoots: library ×${f1(k10.ms.library! / k1.ms.library!)}, baseline ×${f1(k10.ms.baseline! / k1.ms.baseline!)}, ` +
      `floor ×${f1(k10.ms.floor! / k1.ms.floor!)}.`);
  }
  lines.push('');
  lines.push(`| require (fresh process, median of ${opts.requireRuns}) | time |`);
  lines.push('| --- | ---: |');
  for (const [name, ms] of Object.entries(requires)) {
    lines.push(`| ${name} | ${f1(ms)} ms |`);
  }
  const libOverCdk8s = requires['library (loads cdk8s)'] - requires.cdk8s;
  const libOverPlus = requires[LIBRARY_AFTER_BOTH];
  lines.push('');
  lines.push(`The library adds ${f1(libOverCdk8s)} ms to requiring cdk8s alone (difference of medians across processes; the library loads cdk8s-plus-28 for ImagePullSecret) and ${f1(libOverPlus)} ms, ` +
    'measured in the same process, to requiring cdk8s + cdk8s-plus-28; ' +
    `the library alone takes ${f1(requires['library (loads cdk8s)'] - requires['cdk8s + cdk8s-plus-28'])} ms more than cdk8s + cdk8s-plus-28, which it loads.`);
  if (instructions.length > 0) {
    lines.push('');
    lines.push('| Shoots | instructions per rendering: library | library, upstreams prop | baseline | library / baseline | upstreams prop / baseline |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const i of instructions) {
      lines.push(`| ${thousands(i.n)} | ${f0(i.library / 1e6)} M | ${f0(i.libraryUpstreamsProp / 1e6)} M | ${f0(i.baseline / 1e6)} M | `
        + `${f2(i.library / i.baseline)} | ${f2(i.libraryUpstreamsProp / i.baseline)} |`);
    }
    lines.push('');
    lines.push('Instructions counted by valgrind (callgrind) with V8 on one thread (`--single-threaded`): repeatable, unlike wall-clock time here.');
  }
  lines.push('');
  lines.push(`Validation of one RegistryConfig: ${validation.map(v => `${thousands(v.caches)} caches ${f1(v.ms)} ms`).join(', ')}.`);

  // Targets (issue 5).
  lines.push('');
  lines.push('| target | measured | met |');
  lines.push('| --- | --- | --- |');
  for (const s of [k1, k10]) {
    if (s) {
      const ratio = s.ms.library! / s.ms.baseline!;
      lines.push(`| library / baseline ≤ 1.10 at ${thousands(s.n)} | ${f2(ratio)} | ${ratio <= 1.1 ? 'yes' : 'NO'} |`);
      const propRatio = s.ms.libraryUpstreamsProp! / s.ms.baseline!;
      lines.push(`| the same, caches in the upstreams prop | ${f2(propRatio)} | ${propRatio <= 1.1 ? 'yes' : 'NO'} |`);
    }
  }
  if (k1 && k10) {
    const growth = k10.ms.library! / k1.ms.library!;
    lines.push(`| library at 10,000 ≤ 11 × library at 1,000 | ×${f1(growth)} | ${growth <= 11 ? 'yes' : 'NO'} |`);
  }
  lines.push(`| require ≤ 15 ms more than cdk8s + cdk8s-plus-28 | +${f1(libOverPlus)} ms (with both loaded) | ${libOverPlus <= 15 ? 'yes' : 'NO'} |`);
  const vGrowth = validation[1].ms / validation[0].ms;
  lines.push(`| validation linear | ×${f1(vGrowth)} for ×10 caches | ${vGrowth <= 15 ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof (global as any).gc !== 'function') {
    log('note: run with node --expose-gc (npm run bench does) to collect garbage between measurements');
  }
  fs.mkdirSync(OUT, { recursive: true });
  log(`compiling src/ and bench/ to ${path.relative(ROOT, JS)}/ for the child processes`);
  compile(ROOT, JS);
  const sizes: SizeResult[] = [];
  for (const n of opts.sizes) {
    log(`N=${n}: timing (${opts.layout})`);
    sizes.push(measureSize(n, opts));
  }
  log(`require: ${opts.requireRuns} fresh processes per set`);
  const requires = measureRequire(opts.requireRuns);
  const validation = measureValidation();
  const instructions: InstructionResult[] = [];
  for (const n of opts.instructions) {
    log(`N=${n}: counting instructions with valgrind (slow)`);
    instructions.push({
      n,
      library: measureInstructions(n, 'library'),
      libraryUpstreamsProp: measureInstructions(n, 'libraryUpstreamsProp'),
      baseline: measureInstructions(n, 'baseline'),
    });
  }
  const text = report(opts, sizes, requires, validation, instructions);
  fs.writeFileSync(path.join(OUT, 'results.md'), `${text}\n`);
  fs.writeFileSync(path.join(OUT, `results-${opts.layout}.md`), `${text}\n`);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ opts, sizes, requires, validation, instructions }, null, 2));
  process.stdout.write(`${text}\n\nWritten to ${path.relative(ROOT, path.join(OUT, 'results.md'))}.\n`);
}

main();
