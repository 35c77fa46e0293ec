/**
 * What the benchmark runs in fresh processes (compiled to JavaScript first,
 * see compile.ts), printing one line of JSON. A process loads only the module
 * of the ways it renders: the plain ways never load the library.
 *
 * - `time <way> <n> <layout> <reps> [hash]`: a warm-up rendering (at most
 *   1,000 Shoots), then `reps` timed renderings of the landscape with one way,
 *   garbage collected before each; reports the wall-clock times (and, with
 *   `hash`, the SHA-256 of the output, to check the ways agree). Each way runs
 *   in processes of its own, so no way inherits another's heap or JIT state.
 *   Also what valgrind counts the instructions of.
 * - `rounds <n> <layout> <rounds> <way,way,...>`: the ways alternating in one
 *   process (the method): an untimed round first (warm-up), then
 *   `rounds` rounds, each rendering every way once, the order rotating from
 *   round to round, garbage collected before each rendering. Every output is
 *   checked byte-identical to the first way's output of the untimed round
 *   (kept, so every way runs with the same live heap).
 * - `memory <way> <n> <layout>`: renders the landscape once with one way;
 *   reports the process's peak resident set size (`resourceUsage().maxRSS`)
 *   and its resident set size just before rendering (modules loaded,
 *   landscape data built), so the difference is what rendering took.
 * - `app <way> <n|small> <file>`: a whole app, as a user runs it: load the
 *   way's modules, build the landscape, render, write the YAML to `file`.
 *   Timed from outside (process start to exit).
 * - `require <module>...`: the time to `require` the given modules, in order,
 *   measured inside the process (node's own start-up is not counted), the
 *   number of modules each loaded, and whether cdk8s-plus-28 got loaded.
 *   `lib` means this library's compiled `src/index.js`.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Layout } from './layout';
import type { Landscape } from './scenario';
import { WAY_MODULES } from './way-modules';

type Render = (landscape: Landscape, layout: Layout) => string;

function way(name: string): Render {
  const file = (WAY_MODULES as Record<string, string | undefined>)[name];
  if (file === undefined) {
    throw new Error(`unknown way ${name} (one of ${Object.keys(WAY_MODULES).join(', ')})`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file)[name];
}

function scenario(): typeof import('./scenario') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./scenario');
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const gc = (): void => (global as any).gc?.();
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const print = (result: unknown): void => {
  process.stdout.write(JSON.stringify(result) + '\n');
};

function main(argv: string[]): void {
  const [command, ...args] = argv;
  if (command === 'require') {
    // The time of each require in turn: the last one, after the others are
    // loaded, is that module's own cost, measured within one process.
    const steps: number[] = [];
    const modules: number[] = [];
    for (const m of args) {
      const before = Object.keys(require.cache).length;
      const t0 = now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(m === 'lib' ? path.join(__dirname, '..', 'src', 'index.js') : m);
      steps.push(now() - t0);
      modules.push(Object.keys(require.cache).length - before);
    }
    const plus28 = Object.keys(require.cache).some(f => f.split(path.sep).includes('cdk8s-plus-28'));
    print({ ms: steps.reduce((a, b) => a + b, 0), steps, modules, plus28 });
    return;
  }
  if (command === 'time') {
    const [name, n, layout, reps, hash] = args;
    const render = way(name);
    const { landscape } = scenario();
    const data = landscape(Number(n));
    render(Number(n) > 1000 ? landscape(1000) : data, layout as Layout);
    const samples: number[] = [];
    let digest: { sha256: string; bytes: number } | undefined;
    for (let r = 0; r < Number(reps); r++) {
      gc();
      const t0 = now();
      const out = render(data, layout as Layout);
      samples.push(now() - t0);
      if (hash === 'hash' && r === Number(reps) - 1) {
        digest = { sha256: sha256(out), bytes: out.length };
      }
    }
    print({ samples, ...digest });
    return;
  }
  if (command === 'rounds') {
    const [n, layout, rounds, list] = args;
    const names = list.split(',');
    const renders = names.map(way);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { assertIdentical } = require('./compare') as typeof import('./compare');
    const { landscape } = scenario();
    const data = landscape(Number(n));
    // An untimed first round warms every way up and checks the outputs.
    const reference = renders[0](data, layout as Layout);
    renders.slice(1).forEach((render, i) => assertIdentical(`${names[i + 1]} vs ${names[0]}`, render(data, layout as Layout), reference));
    const samples: Record<string, number[]> = Object.fromEntries(names.map(w => [w, []]));
    for (let r = 0; r < Number(rounds); r++) {
      for (let k = 0; k < names.length; k++) {
        const i = (k + r) % names.length;
        gc();
        const t0 = now();
        const out = renders[i](data, layout as Layout);
        samples[names[i]].push(now() - t0);
        assertIdentical(`${names[i]} vs ${names[0]}`, out, reference);
      }
    }
    print({ samples, outputBytes: reference.length });
    return;
  }
  if (command === 'memory') {
    const [name, n, layout] = args;
    const render = way(name);
    const data = scenario().landscape(Number(n));
    gc();
    const before = process.memoryUsage().rss;
    const out = render(data, layout as Layout);
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    print({ maxRssBytes, beforeBytes: before, sha256: sha256(out), bytes: out.length });
    return;
  }
  if (command === 'app') {
    const [name, n, file] = args;
    const render = way(name);
    const { landscape, smallLandscape } = scenario();
    fs.writeFileSync(file, render(n === 'small' ? smallLandscape() : landscape(Number(n)), 'one-chart'));
    return;
  }
  throw new Error(`unknown command ${command}`);
}

main(process.argv.slice(2));
