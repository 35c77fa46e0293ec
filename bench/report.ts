/**
 * The benchmark's results, the report (Markdown) and the targets of issue 12
 * with PASS or MISS, every ratio against ways measured in the same run.
 */
import * as fs from 'fs';
import * as os from 'os';
import { bindingsReport, BindingsResult } from './bindings';
import type { Layout } from './layout';
import { SHOOTS_PER_NAMESPACE } from './scenario';
import type { WayName } from './ways';

export const SECTIONS = ['require', 'fresh', 'rounds', 'memory', 'peer', 'validation', 'instructions', 'bindings'] as const;
export type Section = typeof SECTIONS[number];

export interface Options {
  readonly sections: Section[];
  /** Shoot counts for the fresh-process timings and the memory. */
  readonly sizes: number[];
  readonly reps?: number;
  readonly processes: number;
  readonly layout: Layout;
  readonly props: boolean;
  /** Alternating rounds in one process, up to 1,000 Shoots and from 10,000. */
  readonly rounds: number;
  readonly roundsLarge: number;
  readonly roundSizes: number[];
  readonly requireRuns: number;
  readonly smallProcesses: number;
  readonly peerSizes: number[];
  readonly peerProcesses?: number;
  readonly kubectl: string;
  /** Shoot counts to count instructions at (valgrind). */
  readonly instructions: number[];
  readonly jobs: number;
  /** Scenarios for the bindings (`seed` or a Shoot count) and whole processes per language, way and scenario. */
  readonly bindingSizes: string[];
  readonly bindingProcesses: number;
}

/** Times (ms) of renderings, per way. */
export interface WayResults {
  readonly n: number;
  readonly samples: Partial<Record<WayName, number[]>>;
  readonly outputBytes: number;
}

export interface RequireResult {
  readonly runs: number;
  /** Median total require time of each set. */
  readonly totals: Record<string, number>;
  /** Median time of `require` of the library right after cdk8s, in the same process. */
  readonly libraryAfterCdk8s: number;
  readonly libraryAfterCdk8sSamples: number[];
  /** The same, after cdk8s and cdk8s-plus-28. */
  readonly libraryAfterBoth: number;
  readonly modulesLoadedByLibrary: number;
  readonly plus28Loaded: boolean;
}

export interface Results {
  readonly opts: Options;
  require?: RequireResult;
  smallApp?: { processes: number; samples: Record<string, number[]> };
  readonly fresh: WayResults[];
  readonly rounds: WayResults[];
  readonly memory: Array<{ n: number; peak: Partial<Record<WayName, number>>; rendering: Partial<Record<WayName, number>> }>;
  kubectl?: string;
  readonly peer: Array<{ n: number; processes: number; samples: Record<string, number[]> }>;
  instructions: Array<{ n: number; counts: Partial<Record<WayName, number>> }>;
  /** Instructions of whole processes: require of cdk8s (then the library), the small app. */
  loadingInstructions?: Record<string, number>;
  validation: Array<{ caches: number; ms: number }>;
  bindings?: BindingsResult;
  minutes?: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const f0 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const n0 = (n: number) => n.toLocaleString('en-US');

/** Median ratio, best-of ratio (fastest against fastest) and the median of paired ratios (same round). */
function ratios(a: number[], b: number[]): { median: number; best: number; paired: number } {
  return {
    median: median(a) / median(b),
    best: Math.min(...a) / Math.min(...b),
    paired: median(a.map((x, i) => x / b[i])),
  };
}

interface Target {
  readonly target: string;
  readonly method: string;
  readonly measured: string;
  readonly pass: boolean;
}

function targets(r: Results): Target[] {
  const t: Target[] = [];
  const add = (target: string, method: string, value: number, limit: number, format: (x: number) => string = f2) => {
    t.push({ target, method, measured: format(value), pass: value <= limit });
  };
  if (r.require) {
    add('1. require of the library after cdk8s ≤ +15 ms', `same process, median of ${r.require.runs} fresh processes`,
      r.require.libraryAfterCdk8s, 15, x => `+${f1(x)} ms`);
    t.push({
      target: '1. cdk8s-plus-28 not loaded by requiring the library',
      method: 'require.cache after require',
      measured: r.require.plus28Loaded ? 'loaded' : 'not loaded',
      pass: !r.require.plus28Loaded,
    });
  }
  const li = r.loadingInstructions;
  if (li) {
    add('1. small app (1 Shoot, 3 caches): library / plain cdk8s ≤ 1.10', 'whole processes, instructions (valgrind)',
      li['small app, library'] / li['small app, plain cdk8s'], 1.10);
  }
  if (r.smallApp) {
    const s = r.smallApp.samples;
    add('1. small app (1 Shoot, 3 caches): library / plain cdk8s ≤ 1.10', `whole processes, medians of ${r.smallApp.processes}`,
      median(s.library) / median(s.baseline), 1.10);
  }
  for (const [label, a, b, limit] of [
    ['2. addUpstream / control', 'library', 'control', 1.05],
    ['3. upstreams prop / plain ApiObjects', 'libraryUpstreamsProp', 'baseline', 1.05],
  ] as Array<[string, WayName, WayName, number]>) {
    for (const n of [1000, 10_000]) {
      const rounds = r.rounds.find(x => x.n === n);
      if (rounds) {
        const q = ratios(rounds.samples[a]!, rounds.samples[b]!);
        add(`${label} ≤ ${f2(limit)} at ${n0(n)}, median`, `one process, ${rounds.samples[a]!.length} alternating rounds`, q.median, limit);
        add(`${label} ≤ ${f2(limit)} at ${n0(n)}, best-of`, `one process, ${rounds.samples[a]!.length} alternating rounds`, q.best, limit);
      }
      const fresh = r.fresh.find(x => x.n === n);
      if (fresh) {
        const q = ratios(fresh.samples[a]!, fresh.samples[b]!);
        add(`${label} ≤ ${f2(limit)} at ${n0(n)}, median`, `fresh processes, ${fresh.samples[a]!.length} renderings`, q.median, limit);
        add(`${label} ≤ ${f2(limit)} at ${n0(n)}, best-of`, `fresh processes, ${fresh.samples[a]!.length} renderings`, q.best, limit);
      }
    }
    for (const i of r.instructions) {
      add(`${label} ≤ ${f2(limit)}${i.n === 1000 || i.n === 10_000 ? '' : ' (indicative: the target is at 1,000 and 10,000)'}`,
        `instructions at ${n0(i.n)} (valgrind)`, i.counts[a]! / i.counts[b]!, limit);
    }
  }
  const mem = r.memory.find(m => m.n === 10_000) ?? r.memory[r.memory.length - 1];
  if (mem) {
    const at = mem.n === 10_000 ? '' : ` (measured at ${n0(mem.n)}, not 10,000)`;
    add(`4. peak RSS at 10,000: upstreams prop / plain ≤ 1.2${at}`, 'fresh process, maxRSS', mem.peak.libraryUpstreamsProp! / mem.peak.baseline!, 1.2);
    add(`4. peak RSS at 10,000: addUpstream / control ≤ 1.1${at}`, 'fresh process, maxRSS', mem.peak.library! / mem.peak.control!, 1.1);
  }
  for (const p of r.peer) {
    if (p.samples.kustomize) {
      for (const [way, name] of [['library', 'addUpstream'], ['libraryUpstreamsProp', 'upstreams prop']]) {
        add(`5. beats kubectl kustomize at ${n0(p.n)}: ${name} / kustomize < 1`, `whole processes, medians of ${p.processes}`,
          median(p.samples[way]) / median(p.samples.kustomize), 0.999);
      }
    }
  }
  for (const [source, list] of [['fresh processes, medians', r.fresh], ['one process, alternating rounds, medians', r.rounds]] as const) {
    const k1 = list.find(x => x.n === 1000);
    const k10 = list.find(x => x.n === 10_000);
    if (k1 && k10) {
      for (const [way, name] of [['library', 'addUpstream'], ['libraryUpstreamsProp', 'upstreams prop']] as Array<[WayName, string]>) {
        add(`6. growth, ${name}: 10,000 ≤ 11 × 1,000`, source, median(k10.samples[way]!) / median(k1.samples[way]!), 11, x => `×${f1(x)}`);
      }
    }
  }
  return t;
}

export function report(r: Results): string {
  const o = r.opts;
  const pkg = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf-8')).version;
  const L: string[] = [];
  L.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${f0(os.totalmem() / 2 ** 30)} GiB, load average ${os.loadavg()[0].toFixed(1)} at the end; `
    + `Node ${process.version}; cdk8s ${pkg('cdk8s')}, constructs ${pkg('constructs')}, yaml ${pkg('yaml')}, cdk8s-plus-28 ${pkg('cdk8s-plus-28')}`
    + `${r.kubectl ? `; ${r.kubectl}` : ''}.`);
  L.push(`Landscape: ${SHOOTS_PER_NAMESPACE} Shoots per project namespace, 3 shared credentials per namespace, 5 cached upstreams per Shoot; layout \`${o.layout}\`. `
    + `Sections: ${o.sections.join(', ')}${r.minutes === undefined ? '' : `; ${f1(r.minutes)} minutes`}.`);

  const t = targets(r);
  if (t.length > 0) {
    L.push('', '## Targets (issue 12)', '', '| target | measured how | measured | |', '| --- | --- | ---: | --- |');
    for (const x of t) L.push(`| ${x.target} | ${x.method} | ${x.measured} | ${x.pass ? 'PASS' : 'MISS'} |`);
    L.push('', `${t.filter(x => x.pass).length} of ${t.length} PASS. Every ratio is against a way measured in the same run. `
      + 'Instruction counts (valgrind) are the stable measure; wall clock on this shared machine varies by ±20% from run to run.');
  }

  if (r.require) {
    const q = r.require;
    L.push('', '## Loading', '', `| require (fresh processes, median of ${q.runs}) | time |`, '| --- | ---: |');
    for (const [name, ms] of Object.entries(q.totals)) L.push(`| ${name} | ${f1(ms)} ms |`);
    L.push('', `The library's own require, right after cdk8s in the same process: ${f1(q.libraryAfterCdk8s)} ms (median; it loads ${q.modulesLoadedByLibrary === 1 ? 'one module file' : `${q.modulesLoadedByLibrary} module files`}, `
      + `cdk8s-plus-28 ${q.plus28Loaded ? 'among them' : 'not among them'}); after cdk8s + cdk8s-plus-28: ${f1(q.libraryAfterBoth)} ms. `
      + `Difference of medians, the library alone against cdk8s alone: ${f1(q.totals['the library alone (loads cdk8s)'] - q.totals.cdk8s)} ms.`);
  }
  if (r.smallApp) {
    const s = r.smallApp.samples;
    L.push('', `Small app (1 Shoot, 3 caches, 3 credentials) as a whole process (node start, require, build, render, write the YAML), medians of ${r.smallApp.processes}: `
      + `library (addUpstream) ${f0(median(s.library))} ms, upstreams prop ${f0(median(s.libraryUpstreamsProp))} ms, plain cdk8s ApiObjects ${f0(median(s.baseline))} ms; `
      + `library / plain ${f2(median(s.library) / median(s.baseline))}. Outputs byte-identical.`);
  }

  const li = r.loadingInstructions;
  if (li) {
    const lib = li['require cdk8s, then the library'] - li['require cdk8s'];
    L.push('', `Counted by valgrind (whole processes, V8 on one thread): requiring cdk8s ${f0(li['require cdk8s'] / 1e6)} M instructions, then the library `
      + `${f0(lib / 1e6)} M more (${f2(lib / li['require cdk8s'])} × cdk8s'); the small app ${f0(li['small app, library'] / 1e6)} M through the library, `
      + `${f0(li['small app, plain cdk8s'] / 1e6)} M with plain cdk8s (${f2(li['small app, library'] / li['small app, plain cdk8s'])}).`);
  }

  if (r.rounds.length > 0) {
    L.push('', '## Rendering, the ways alternating in one process', '',
      '| Shoots | rounds | library (addUpstream) | upstreams prop | control | baseline | addUpstream / control: median | best-of | paired | '
      + 'upstreams prop / baseline: median | best-of | paired | control / baseline |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const x of r.rounds) {
      const s = x.samples;
      const a = ratios(s.library!, s.control!);
      const b = ratios(s.libraryUpstreamsProp!, s.baseline!);
      L.push(`| ${n0(x.n)} | ${s.library!.length} | ${f0(median(s.library!))} ms | ${f0(median(s.libraryUpstreamsProp!))} ms | ${f0(median(s.control!))} ms | `
        + `${f0(median(s.baseline!))} ms | ${f2(a.median)} | ${f2(a.best)} | ${f2(a.paired)} | ${f2(b.median)} | ${f2(b.best)} | ${f2(b.paired)} | `
        + `${f2(median(s.control!) / median(s.baseline!))} |`);
    }
    L.push('', 'One process renders every way once per round, the order rotating, garbage collected before each rendering, after an untimed '
      + 'first round; each output is checked byte-identical. "Paired" is the median of the ratios within a round.');
  }

  if (r.fresh.length > 0) {
    const ways = o.props ? ['baselineProps'] : [];
    L.push('', '## Rendering, each way in fresh processes', '',
      '| Shoots | output | library (addUpstream) | upstreams prop | control | baseline | floor | addUpstream / control: median | best-of | '
      + `upstreams prop / baseline: median | best-of | library / baseline | library per Shoot |${ways.map(() => ' baseline, all in props |').join('')}`,
      `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${ways.map(() => ' ---: |').join('')}`);
    for (const x of r.fresh) {
      const s = x.samples;
      const m = (w: WayName) => median(s[w]!);
      const a = ratios(s.library!, s.control!);
      const b = ratios(s.libraryUpstreamsProp!, s.baseline!);
      L.push(`| ${n0(x.n)} | ${f1(x.outputBytes / 2 ** 20)} MiB | ${f0(m('library'))} ms | ${f0(m('libraryUpstreamsProp'))} ms | ${f0(m('control'))} ms | `
        + `${f0(m('baseline'))} ms | ${f0(m('floor'))} ms | ${f2(a.median)} | ${f2(a.best)} | ${f2(b.median)} | ${f2(b.best)} | ${f2(m('library') / m('baseline'))} | `
        + `${f0(m('library') * 1000 / x.n)} µs |${ways.map(w => ` ${f0(m(w as WayName))} ms |`).join('')}`);
    }
    const k1 = r.fresh.find(x => x.n === 1000);
    const k10 = r.fresh.find(x => x.n === 10_000);
    L.push('', `Medians of ${r.fresh.map(x => x.samples.library!.length).join(' / ')} renderings (${o.processes} fresh processes per way, taking turns, each with `
      + 'a warm-up rendering, garbage collected before each); the outputs are checked byte-identical (SHA-256). Best-of compares the fastest renderings.'
      + (k1 && k10 ? ` Growth from 1,000 to 10,000 Shoots: ${(['library', 'libraryUpstreamsProp', 'control', 'controlProps', 'baseline', 'floor'] as WayName[])
        .map(w => `${w} ×${f1(median(k10.samples[w]!) / median(k1.samples[w]!))}`).join(', ')}.` : ''));
  }

  if (r.instructions.length > 0) {
    L.push('', '## Instructions per rendering (valgrind)', '',
      '| Shoots | library (addUpstream) | upstreams prop | control | controlProps | baseline | addUpstream / control | upstreams prop / baseline '
      + '| upstreams prop / controlProps | control / baseline | controlProps / baseline |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const i of r.instructions) {
      const c = i.counts;
      L.push(`| ${n0(i.n)} | ${f0(c.library! / 1e6)} M | ${f0(c.libraryUpstreamsProp! / 1e6)} M | ${f0(c.control! / 1e6)} M | ${f0(c.controlProps! / 1e6)} M | `
        + `${f0(c.baseline! / 1e6)} M | ${f2(c.library! / c.control!)} | ${f2(c.libraryUpstreamsProp! / c.baseline!)} | `
        + `${f2(c.libraryUpstreamsProp! / c.controlProps!)} | ${f2(c.control! / c.baseline!)} | ${f2(c.controlProps! / c.baseline!)} |`);
    }
    L.push('', 'Callgrind with V8 on one thread (`--single-threaded`, so garbage collection and compilation are counted): a process with two '
      + 'renderings minus one with none (both with the warm-up), halved. Repeatable to about 1%. controlProps is the `upstreams` prop\'s '
      + 'construct tree, empty: against it, the library\'s own code; against the baseline, the constructs that way creates.');
  }

  if (r.memory.length > 0) {
    L.push('', '## Memory', '', '| Shoots | peak RSS: library (addUpstream) | upstreams prop | control | controlProps | baseline | floor '
      + '| addUpstream / control | upstreams prop / baseline | upstreams prop / controlProps | controlProps / baseline |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const m of r.memory) {
      const p = m.peak;
      L.push(`| ${n0(m.n)} | ${mib(p.library!)} MiB | ${mib(p.libraryUpstreamsProp!)} MiB | ${mib(p.control!)} MiB | ${mib(p.controlProps!)} MiB | `
        + `${mib(p.baseline!)} MiB | ${mib(p.floor!)} MiB | ${f2(p.library! / p.control!)} | ${f2(p.libraryUpstreamsProp! / p.baseline!)} | `
        + `${f2(p.libraryUpstreamsProp! / p.controlProps!)} | ${f2(p.controlProps! / p.baseline!)} |`);
    }
    L.push('', 'Peak resident set (`process.resourceUsage().maxRSS`) of a fresh process per way that loads only that way\'s modules, builds the landscape '
      + 'data and renders it once (Node alone is about 40 MiB).');
  }

  if (r.peer.length > 0) {
    L.push('', '## The GitOps peer, whole processes', '');
    if (!r.kubectl) {
      L.push(`kubectl (\`${o.kubectl}\`) with kustomize was not found: the kustomize way is skipped. `
      + 'On Debian, Google\'s `kubectl` package (from the Cloud SDK repository) has kustomize v5; Debian\'s own `kubernetes-client` (1.20) is too old.', '');
    }
    L.push('| Shoots | processes | library (addUpstream) | upstreams prop | plain cdk8s | kubectl kustomize | addUpstream / kustomize | upstreams prop / kustomize | addUpstream / plain |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const p of r.peer) {
      const m = (w: string) => (p.samples[w] ? median(p.samples[w]) : NaN);
      const k = p.samples.kustomize;
      L.push(`| ${n0(p.n)} | ${p.processes} | ${f0(m('library'))} ms | ${f0(m('libraryUpstreamsProp'))} ms | ${f0(m('baseline'))} ms | ${k ? `${f0(m('kustomize'))} ms` : 'skipped'} | `
        + `${k ? f2(m('library') / m('kustomize')) : '-'} | ${k ? f2(m('libraryUpstreamsProp') / m('kustomize')) : '-'} | ${f2(m('library') / m('baseline'))} |`);
    }
    L.push('', 'Process start to exit, medians; the node processes build the landscape and write the YAML to a file, `kubectl kustomize` reads '
      + 'one file per Shoot, a secretGenerator entry per credential (immutable, no name suffix) and two JSON6902 patches (one for all Shoots, '
      + 'one for the highly available quarter) and writes to a file. The cdk8s outputs are byte-identical; kustomize\'s has the same manifests '
      + '(compared as data: kustomize sorts keys and breaks long base64 lines).');
  }

  if (r.validation.length > 0) {
    L.push('', `Validation of one RegistryConfig (checkCaches): ${r.validation.map(v => `${n0(v.caches)} caches ${f1(v.ms)} ms`).join(', ')}.`);
  }
  if (r.bindings) L.push(...bindingsReport(r.bindings));
  return L.join('\n');
}
