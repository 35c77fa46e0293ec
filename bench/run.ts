/**
 * The benchmark: what the library costs next to the same manifests written by
 * hand, next to its own constructs left empty, and next to kustomize.
 *
 *   npm run bench [-- --sizes 100,1000,10000] [--only fresh,rounds] [--peer-sizes 100,1000,10000] ...
 *
 * See bench/README.md for what is measured, the options, and how.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileAsShipped } from './compile';
import { kubectlVersions, runKustomize, writeKustomization } from './kustomize';
import { median, report, Results, SECTIONS, Section, WayResults, RequireResult, Options } from './report';
import { landscape } from './scenario';
import { assertIdentical, assertSameManifests, IDENTICAL_WAYS, LAYOUTS, Layout, WayName, WAYS } from './ways';
import { checkCaches, CacheEntry } from '../src/_rules/registry-config';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench.out');
const JS = path.join(OUT, 'js');
const CHILD = path.join(JS, 'bench', 'child.js');

function parseArgs(argv: string[]): Options {
  const known = new Set(['--sizes', '--reps', '--processes', '--layout', '--rounds', '--rounds-large', '--round-sizes', '--require-runs',
    '--small-processes', '--peer-sizes', '--peer-processes', '--kubectl', '--instructions', '--jobs', '--only', '--skip']);
  const flags = new Set(['--props', '--no-memory']);
  for (let i = 0; i < argv.length; i++) {
    if (flags.has(argv[i])) continue;
    if (!known.has(argv[i])) throw new Error(`unknown option ${argv[i]} (see bench/README.md)`);
    i++;
  }
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] ?? '' : undefined;
  };
  const count = (name: string, fallback: number): number => {
    const n = Number(value(name) ?? fallback);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got ${value(name)})`);
    return n;
  };
  const sizes = (name: string, fallback: string): number[] => {
    const list = (value(name) ?? fallback).split(',').filter(s => s !== '').map(s => Number(s.replace(/_/g, '')));
    if (list.some(n => !Number.isInteger(n) || n <= 0)) throw new Error(`${name} must be positive integers separated by commas (got ${value(name)})`);
    return list;
  };
  const sections = (name: string): Section[] | undefined => {
    const v = value(name);
    if (v === undefined) return undefined;
    const list = v.split(',').filter(s => s !== '') as Section[];
    const bad = list.find(s => !SECTIONS.includes(s));
    if (bad) throw new Error(`${name}: unknown section ${bad} (sections: ${SECTIONS.join(', ')})`);
    return list;
  };
  const layout = (value('--layout') ?? 'one-chart') as Layout;
  if (!LAYOUTS.includes(layout)) throw new Error(`--layout must be one of ${LAYOUTS.join(', ')} (got ${layout})`);
  const skip = sections('--skip') ?? [];
  const only = sections('--only') ?? [...SECTIONS];
  return {
    sections: only.filter(s => !skip.includes(s) && !(s === 'memory' && argv.includes('--no-memory'))),
    sizes: sizes('--sizes', '100,1000,10000'),
    reps: value('--reps') === undefined ? undefined : count('--reps', 4),
    processes: count('--processes', 3),
    layout,
    props: argv.includes('--props'),
    rounds: count('--rounds', 15),
    roundsLarge: count('--rounds-large', 5),
    roundSizes: sizes('--round-sizes', '1000,10000'),
    requireRuns: count('--require-runs', 25),
    smallProcesses: count('--small-processes', 15),
    peerSizes: sizes('--peer-sizes', '100,1000'),
    peerProcesses: value('--peer-processes') === undefined ? undefined : count('--peer-processes', 5),
    kubectl: value('--kubectl') ?? 'kubectl',
    instructions: sizes('--instructions', '100'),
    jobs: Math.max(1, count('--jobs', 2)),
  };
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function child(args: string[], nodeOptions: string[] = ['--expose-gc']): any {
  const r = spawnSync(process.execPath, [...nodeOptions, CHILD, ...args], { encoding: 'utf-8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`child ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** The wall-clock time of a whole process, start to exit. */
function wholeProcess(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CHILD, ...args], { encoding: 'utf-8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    throw new Error(`node ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  }
  return ms;
}

/** Throws with the first differing line unless every way's output (by hash) is the same bytes. */
function checkHashes(n: number, layout: Layout, hashes: Partial<Record<WayName, string>>): void {
  const ways = (Object.keys(hashes) as WayName[]).filter(w => IDENTICAL_WAYS.includes(w));
  const first = ways[0];
  for (const w of ways.slice(1)) {
    if (hashes[w] !== hashes[first]) {
      const data = landscape(n);
      assertIdentical(`${w} vs ${first}`, WAYS[w](data, layout), WAYS[first](data, layout));
      throw new Error(`OUTPUTS DIFFER: ${w} vs ${first} at ${n} Shoots in child processes, not in this one: the output is not deterministic`);
    }
  }
}

// ------------------------------------------------------------ the sections

function freshWays(opts: Options): WayName[] {
  return ['library', 'libraryUpstreamsProp', 'control', 'controlProps', 'baseline', 'floor', ...(opts.props ? ['baselineProps' as const] : [])];
}

/** Each way in fresh processes of its own, the ways taking turns. */
function measureFresh(n: number, opts: Options): WayResults {
  const ways = freshWays(opts);
  const reps = opts.reps ?? (n >= 10_000 ? 2 : 4);
  const samples: Partial<Record<WayName, number[]>> = {};
  const hashes: Partial<Record<WayName, string>> = {};
  let outputBytes = 0;
  for (let p = 0; p < opts.processes; p++) {
    const order = ways.map((_, i) => ways[(i + p) % ways.length]);
    for (const way of order) {
      const r = child(['time', way, String(n), opts.layout, String(reps), 'hash']);
      (samples[way] ??= []).push(...r.samples);
      hashes[way] = r.sha256;
      outputBytes = r.bytes;
    }
    log(`  N=${n} fresh processes, round ${p + 1}/${opts.processes}: ${ways.map(w => `${w} ${samples[w]!.slice(-reps).map(x => x.toFixed(0)).join('/')}`).join(', ')} ms`);
  }
  checkHashes(n, opts.layout, hashes);
  return { n, samples, outputBytes };
}

const ROUND_WAYS: WayName[] = ['library', 'libraryUpstreamsProp', 'control', 'baseline'];

/** The ways alternating in one process (checked byte-identical there). */
function measureRounds(n: number, opts: Options): WayResults {
  const rounds = n >= 10_000 ? opts.roundsLarge : opts.rounds;
  const r = child(['rounds', String(n), opts.layout, String(rounds), ROUND_WAYS.join(',')]);
  log(`  N=${n} ${rounds} alternating rounds in one process: ${ROUND_WAYS.map(w => `${w} ${median(r.samples[w]).toFixed(0)}`).join(', ')} ms (medians)`);
  return { n, samples: r.samples, outputBytes: r.outputBytes };
}

function measureMemory(n: number, opts: Options): Results['memory'][number] {
  const peak: Partial<Record<WayName, number>> = {};
  const rendering: Partial<Record<WayName, number>> = {};
  const hashes: Partial<Record<WayName, string>> = {};
  for (const way of freshWays(opts)) {
    const r = child(['memory', way, String(n), opts.layout]);
    peak[way] = r.maxRssBytes;
    rendering[way] = r.maxRssBytes - r.beforeBytes;
    hashes[way] = r.sha256;
  }
  checkHashes(n, opts.layout, hashes);
  log(`  N=${n} peak RSS: ${Object.entries(peak).map(([w, b]) => `${w} ${(b / 2 ** 20).toFixed(0)}`).join(', ')} MiB`);
  return { n, peak, rendering };
}

const APP_WAYS = ['library', 'libraryUpstreamsProp', 'baseline'] as const;

/** The small app as whole processes: node start, require, build, render, write. */
function measureSmallApp(opts: Options): Results['smallApp'] {
  const dir = path.join(OUT, 'apps');
  fs.mkdirSync(dir, { recursive: true });
  const samples: Record<string, number[]> = {};
  for (let p = -1; p < opts.smallProcesses; p++) { // one unmeasured round first (disk cache)
    for (const way of APP_WAYS) {
      const ms = wholeProcess(['app', way, 'small', path.join(dir, `small-${way}.yaml`)]);
      if (p >= 0) (samples[way] ??= []).push(ms);
    }
  }
  const expected = fs.readFileSync(path.join(dir, 'small-baseline.yaml'), 'utf-8');
  for (const way of APP_WAYS) {
    assertIdentical(`small app: ${way} vs baseline`, fs.readFileSync(path.join(dir, `small-${way}.yaml`), 'utf-8'), expected);
  }
  log(`  small app, whole processes: ${APP_WAYS.map(w => `${w} ${median(samples[w]).toFixed(0)}`).join(', ')} ms (medians of ${opts.smallProcesses})`);
  return { processes: opts.smallProcesses, samples };
}

/** The GitOps peer: the library, plain cdk8s and kubectl kustomize as whole processes. */
function measurePeer(n: number, opts: Options, kubectl: string | undefined): Results['peer'][number] {
  const dir = path.join(OUT, 'apps');
  fs.mkdirSync(dir, { recursive: true });
  const kustomization = path.join(OUT, 'kustomize', String(n));
  const data = landscape(n);
  if (kubectl) writeKustomization(data, kustomization);
  const processes = opts.peerProcesses ?? (n >= 10_000 ? 1 : 5);
  const ways = [...APP_WAYS, ...(kubectl ? ['kustomize'] : [])];
  const samples: Record<string, number[]> = {};
  for (let p = 0; p < processes; p++) {
    const order = ways.map((_, i) => ways[(i + p) % ways.length]);
    for (const way of order) {
      const out = path.join(dir, `${n}-${way}.yaml`);
      const ms = way === 'kustomize' ? runKustomize(opts.kubectl, kustomization, out) : wholeProcess(['app', way, String(n), out]);
      (samples[way] ??= []).push(ms);
    }
    if (p === 0) {
      const expected = fs.readFileSync(path.join(dir, `${n}-baseline.yaml`), 'utf-8');
      for (const way of APP_WAYS) {
        assertIdentical(`${n} Shoots: ${way} vs baseline`, fs.readFileSync(path.join(dir, `${n}-${way}.yaml`), 'utf-8'), expected);
      }
      if (kubectl) {
        assertSameManifests(`${n} Shoots: kustomize vs library`, fs.readFileSync(path.join(dir, `${n}-kustomize.yaml`), 'utf-8'), expected,
          { actual: '1.2', expected: '1.1' });
      }
    }
    log(`  N=${n} whole processes, round ${p + 1}/${processes}: ${ways.map(w => `${w} ${samples[w][p].toFixed(0)}`).join(', ')} ms`);
  }
  return { n, processes, samples };
}

const REQUIRE_SETS: Record<string, string[]> = {
  'cdk8s': ['cdk8s'],
  'cdk8s, then the library': ['cdk8s', 'lib'],
  'cdk8s + cdk8s-plus-28': ['cdk8s', 'cdk8s-plus-28'],
  'cdk8s + cdk8s-plus-28, then the library': ['cdk8s', 'cdk8s-plus-28', 'lib'],
  'the library alone (loads cdk8s)': ['lib'],
};

function measureRequire(runs: number): RequireResult {
  const totals: Record<string, number[]> = {};
  const afterCdk8s: number[] = [];
  const afterBoth: number[] = [];
  let modules = 0;
  let plus28 = false;
  // Interleaved, so drift (disk cache, CPU frequency) hits all sets alike; one unmeasured round first.
  for (let r = -1; r < runs; r++) {
    for (const [name, set] of Object.entries(REQUIRE_SETS)) {
      const result = child(['require', ...set], []);
      if (r < 0) continue;
      (totals[name] ??= []).push(result.ms);
      if (name === 'cdk8s, then the library') {
        afterCdk8s.push(result.steps[1]);
        modules = result.modules[1];
        plus28 = result.plus28;
      }
      if (name === 'cdk8s + cdk8s-plus-28, then the library') afterBoth.push(result.steps[2]);
    }
  }
  return {
    runs,
    totals: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, median(v)])),
    libraryAfterCdk8s: median(afterCdk8s),
    libraryAfterCdk8sSamples: afterCdk8s,
    libraryAfterBoth: median(afterBoth),
    modulesLoadedByLibrary: modules,
    plus28Loaded: plus28,
  };
}

/** Validation of one RegistryConfig with k caches (a map lookup per cache, so linear). */
function measureValidation(): Results['validation'] {
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

const INSTRUCTION_WAYS: WayName[] = ['library', 'libraryUpstreamsProp', 'control', 'controlProps', 'baseline'];

/** Loading, counted: require of cdk8s with and without the library after it; the small app, library and plain. */
const LOADING_COUNTS: Record<string, string[]> = {
  'require cdk8s': ['require', 'cdk8s'],
  'require cdk8s, then the library': ['require', 'cdk8s', 'lib'],
  'small app, library': ['app', 'library', 'small', path.join(OUT, 'apps', 'small-library-valgrind.yaml')],
  'small app, plain cdk8s': ['app', 'baseline', 'small', path.join(OUT, 'apps', 'small-baseline-valgrind.yaml')],
};

/**
 * Instructions counted by valgrind (callgrind) with V8 on one thread:
 * repeatable to about 1%, unlike wall-clock time on a shared machine.
 * Per rendering: a process with two timed renderings minus one with none
 * (both with the warm-up), halved. Loading: whole processes. `jobs` valgrind
 * processes at once (counts do not depend on what else runs).
 */
async function measureInstructions(sizes: number[], layout: Layout, jobs: number, loading: boolean): Promise<Pick<Results, 'instructions' | 'loadingInstructions'>> {
  const tasks: Array<{ key: string; args: string[] }> = [
    ...(loading ? Object.entries(LOADING_COUNTS).map(([key, args]) => ({ key, args })) : []),
    ...sizes.flatMap(n => INSTRUCTION_WAYS.flatMap(way => [2, 0].map(reps => ({ key: `${n} ${way} ${reps}`, args: ['time', way, String(n), layout, String(reps)] })))),
  ];
  fs.mkdirSync(path.join(OUT, 'apps'), { recursive: true });
  const counts = new Map<string, number>();
  const run = (t: typeof tasks[number]): Promise<void> => new Promise((resolve, reject) => {
    const p = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', '--expose-gc', CHILD, ...t.args],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', d => {
      stderr += d;
    });
    p.on('error', reject);
    p.on('close', status => {
      const m = /Collected : (\d+)/.exec(stderr);
      if (status !== 0 || !m) {
        reject(new Error(`valgrind failed for ${t.key} (is valgrind installed? apt-get install valgrind):\n${stderr.slice(-2000)}`));
        return;
      }
      counts.set(t.key, Number(m[1]));
      log(`  ${t.key}: counted`);
      resolve();
    });
  });
  const queue = [...tasks];
  await Promise.all(Array.from({ length: jobs }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await run(t);
  }));
  return {
    instructions: sizes.map(n => ({
      n,
      counts: Object.fromEntries(INSTRUCTION_WAYS.map(w => [w, (counts.get(`${n} ${w} 2`)! - counts.get(`${n} ${w} 0`)!) / 2])),
    })),
    loadingInstructions: loading ? Object.fromEntries(Object.keys(LOADING_COUNTS).map(k => [k, counts.get(k)!])) : undefined,
  };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const has = (s: Section) => opts.sections.includes(s);
  fs.mkdirSync(OUT, { recursive: true });
  log(`compiling src/ and bench/ to ${path.relative(ROOT, JS)}/ for the child processes, the library's entry point bundled as it ships`);
  await compileAsShipped(ROOT, JS);
  const started = performance.now();
  const results: Results = {
    opts, fresh: [], rounds: [], memory: [], peer: [], instructions: [], validation: [],
  };
  if (has('require')) {
    log(`require: ${opts.requireRuns} fresh processes per set`);
    results.require = measureRequire(opts.requireRuns);
    log('small app (1 Shoot, 3 caches): whole processes');
    results.smallApp = measureSmallApp(opts);
  }
  if (has('fresh')) {
    for (const n of opts.sizes) {
      log(`N=${n}: each way in fresh processes (${opts.layout})`);
      results.fresh.push(measureFresh(n, opts));
    }
  }
  if (has('rounds')) {
    for (const n of opts.roundSizes) {
      log(`N=${n}: ways alternating in one process (${opts.layout})`);
      results.rounds.push(measureRounds(n, opts));
    }
  }
  if (has('memory')) {
    for (const n of opts.sizes) {
      results.memory.push(measureMemory(n, opts));
    }
  }
  if (has('peer')) {
    results.kubectl = kubectlVersions(opts.kubectl);
    if (!results.kubectl) log(`  ${opts.kubectl} not found or without kustomize: the kustomize way is skipped`);
    for (const n of opts.peerSizes) {
      log(`N=${n}: whole processes, library, plain cdk8s${results.kubectl ? ' and kubectl kustomize' : ''}`);
      results.peer.push(measurePeer(n, opts, results.kubectl));
    }
  }
  if (has('validation')) {
    results.validation = measureValidation();
  }
  if (has('instructions')) {
    log(`counting instructions with valgrind: loading${opts.instructions.map(n => `, ${n} Shoots`).join('')}; ${opts.jobs} at once (slow)`);
    const counted = await measureInstructions(opts.instructions, opts.layout, opts.jobs, true);
    results.instructions = counted.instructions;
    results.loadingInstructions = counted.loadingInstructions;
  }
  results.minutes = (performance.now() - started) / 60_000;
  const text = report(results);
  fs.writeFileSync(path.join(OUT, 'results.md'), `${text}\n`);
  fs.writeFileSync(path.join(OUT, `results-${opts.layout}.md`), `${text}\n`);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  process.stdout.write(`${text}\n\nWritten to ${path.relative(ROOT, path.join(OUT, 'results.md'))} (raw samples in results.json).\n`);
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
