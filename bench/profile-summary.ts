/**
 * Ranks where the time (and, with .heapprofile files, the allocated bytes)
 * of a profile from profile.ts goes, per rendering, by `file:function`; with
 * a second profile, what the first costs beyond the second (e.g. `library`
 * beyond `control`), function by function.
 *
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts \
 *     bench.out/profiles/library-one-chart-1000 [bench.out/profiles/control-one-chart-1000] [--top 30]
 */
import * as fs from 'fs';
import * as path from 'path';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
interface HeapNode { id: number; callFrame: CallFrame; selfSize: number; children: HeapNode[] }

/** Where a frame's code lives: the library (src/), cdk8s, constructs, yaml, the benchmark, node, V8. */
export function area(url: string): string {
  if (url === '') return 'V8/native';
  const p = url.replace(/^file:\/\//, '');
  if (/\/node_modules\/cdk8s\/node_modules\/([^/]+)\//.test(p)) return `cdk8s/${/\/node_modules\/cdk8s\/node_modules\/([^/]+)\//.exec(p)![1]}`;
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p);
  if (m) return m[1];
  if (/\/src\//.test(p)) return 'library';
  if (/\/bench\//.test(p)) return 'bench';
  if (p.startsWith('node:')) return 'node';
  return 'other';
}

function label(f: CallFrame): string {
  const file = f.url === '' ? '' : `${path.basename(f.url.replace(/^file:\/\//, ''))}:`;
  return `${file}${f.functionName || '(anonymous)'}`;
}

/** Per sample: its stack (leaf first) as node ids; the sample's duration. */
function stacks(p: CpuProfile): { byId: Map<number, ProfileNode>; parent: Map<number, number>; weight: Map<number, number> } {
  const byId = new Map(p.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const weight = new Map<number, number>();
  p.samples.forEach((id, i) => weight.set(id, (weight.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000));
  return { byId, parent, weight };
}

export interface CpuSummary {
  readonly total: number;
  readonly selfByArea: Map<string, number>;
  readonly selfByFunction: Map<string, number>;
  /** Time with a library frame on the stack, by the outermost library function (the entry point). */
  readonly underLibraryByEntry: Map<string, number>;
  /** Time with a library frame on the stack, by the area of the leaf (what the library's calls spend in). */
  readonly underLibraryByArea: Map<string, number>;
  /** Inclusive time of each library function (a sample counts once per function on its stack). */
  readonly libraryInclusive: Map<string, number>;
}

export function summarizeCpu(p: CpuProfile, reps: number): CpuSummary {
  const { byId, parent, weight } = stacks(p);
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v / reps);
  const s: CpuSummary = {
    total: 0,
    selfByArea: new Map(),
    selfByFunction: new Map(),
    underLibraryByEntry: new Map(),
    underLibraryByArea: new Map(),
    libraryInclusive: new Map(),
  };
  let total = 0;
  for (const [id, ms] of weight) {
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)') continue;
    total += ms / reps;
    const leafArea = area(leaf.callFrame.url) === 'V8/native' && leaf.callFrame.functionName.startsWith('(') ? leaf.callFrame.functionName : area(leaf.callFrame.url);
    add(s.selfByArea, leafArea, ms);
    add(s.selfByFunction, `${label(leaf.callFrame)} [${area(leaf.callFrame.url)}]`, ms);
    let outermost: ProfileNode | undefined;
    const onStack = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const node = byId.get(n)!;
      if (area(node.callFrame.url) === 'library') {
        outermost = node;
        onStack.add(label(node.callFrame));
      }
    }
    onStack.forEach(f => add(s.libraryInclusive, f, ms));
    if (outermost) {
      add(s.underLibraryByEntry, label(outermost.callFrame), ms);
      add(s.underLibraryByArea, leafArea, ms);
    }
  }
  return { ...s, total };
}

/** Allocated bytes per rendering by the allocating function, and by the outermost library function on the stack. */
export function summarizeHeap(head: HeapNode, reps: number): { total: number; byFunction: Map<string, number>; byLibraryEntry: Map<string, number> } {
  const byFunction = new Map<string, number>();
  const byLibraryEntry = new Map<string, number>();
  let total = 0;
  const walk = (n: HeapNode, entry: string | undefined) => {
    const here = entry ?? (area(n.callFrame.url) === 'library' ? label(n.callFrame) : undefined);
    if (n.selfSize > 0) {
      total += n.selfSize / reps;
      const k = `${label(n.callFrame)} [${area(n.callFrame.url)}]`;
      byFunction.set(k, (byFunction.get(k) ?? 0) + n.selfSize / reps);
      if (here) byLibraryEntry.set(here, (byLibraryEntry.get(here) ?? 0) + n.selfSize / reps);
    }
    n.children.forEach(c => walk(c, here));
  };
  walk(head, undefined);
  return { total, byFunction, byLibraryEntry };
}

function ranked(m: Map<string, number>, top: number, unit: (x: number) => string, total: number): string[] {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `  ${unit(v).padStart(10)} ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
}

function diff(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const d = new Map<string, number>();
  for (const k of new Set([...a.keys(), ...b.keys()])) d.set(k, (a.get(k) ?? 0) - (b.get(k) ?? 0));
  return d;
}

function main(): void {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const bases = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
  if (bases.length === 0) {
    throw new Error('usage: profile-summary.ts <profile base> [<profile base to subtract>] [--top N], e.g. bench.out/profiles/library-one-chart-1000');
  }
  const load = (base: string) => {
    const meta = JSON.parse(fs.readFileSync(`${base}.json`, 'utf-8'));
    const cpu = summarizeCpu(JSON.parse(fs.readFileSync(`${base}.cpuprofile`, 'utf-8')), meta.reps);
    const heapFile = `${base}.heapprofile`;
    const heap = fs.existsSync(heapFile) ? summarizeHeap(JSON.parse(fs.readFileSync(heapFile, 'utf-8')).head, meta.reps) : undefined;
    return { meta, cpu, heap };
  };
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const kib = (x: number) => `${(x / 1024).toFixed(0)} KiB`;
  const [a, b] = bases.map(load);
  const out: string[] = [];
  out.push(`${a.meta.way} ${a.meta.layout} ${a.meta.n}: ${ms(a.cpu.total)} of samples per rendering (${a.meta.reps} renderings)`);
  out.push('self time by area:', ...ranked(a.cpu.selfByArea, top, ms, a.cpu.total));
  out.push('self time by function:', ...ranked(a.cpu.selfByFunction, top, ms, a.cpu.total));
  out.push('time with the library on the stack, by its outermost library function:', ...ranked(a.cpu.underLibraryByEntry, top, ms, a.cpu.total));
  out.push('  ... and by where it is spent:', ...ranked(a.cpu.underLibraryByArea, top, ms, a.cpu.total));
  out.push('inclusive time of library functions:', ...ranked(a.cpu.libraryInclusive, top, ms, a.cpu.total));
  if (a.heap) {
    out.push(`allocated per rendering: ${kib(a.heap.total)} (sampled); by allocating function:`, ...ranked(a.heap.byFunction, top, kib, a.heap.total));
    out.push('allocated with the library on the stack, by its outermost library function:', ...ranked(a.heap.byLibraryEntry, top, kib, a.heap.total));
  }
  if (b) {
    out.push('', `${a.meta.way} beyond ${b.meta.way}: ${ms(a.cpu.total - b.cpu.total)} per rendering (${ms(a.cpu.total)} vs ${ms(b.cpu.total)})`);
    out.push('self time by area, difference:', ...ranked(diff(a.cpu.selfByArea, b.cpu.selfByArea), top, ms, a.cpu.total - b.cpu.total));
    out.push('self time by function, difference:', ...ranked(diff(a.cpu.selfByFunction, b.cpu.selfByFunction), top, ms, a.cpu.total - b.cpu.total));
    if (a.heap && b.heap) {
      out.push(`allocated beyond ${b.meta.way}: ${kib(a.heap.total - b.heap.total)} per rendering; by allocating function:`,
        ...ranked(diff(a.heap.byFunction, b.heap.byFunction), top, kib, a.heap.total - b.heap.total));
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  main();
}
