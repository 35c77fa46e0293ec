/**
 * What the benchmark runs in fresh processes (compiled to JavaScript first,
 * see compile.ts), printing one line of JSON:
 *
 * - `memory <way> <n> <layout>`: renders the landscape once with one way;
 *   reports the process's peak resident set size (`resourceUsage().maxRSS`)
 *   and its resident set size just before rendering (modules loaded,
 *   landscape data built), so the difference is what rendering took.
 * - `time <way> <n> <layout> <reps>`: a warm-up rendering (at most 1,000
 *   Shoots), then `reps` timed renderings of the landscape with one way,
 *   garbage collected before each; reports the wall-clock times. Each way runs
 *   in processes of its own, so no way inherits another's heap or JIT state.
 * - `require <module>...`: the time to `require` the given modules, in order,
 *   measured inside the process (node's own start-up is not counted).
 *   `lib` means this library's compiled `src/index.js`.
 */
import * as path from 'path';

function main(argv: string[]): void {
  const [command, ...args] = argv;
  if (command === 'require') {
    // The time of each require in turn: the last one, after the others are
    // loaded, is that module's own cost, measured within one process.
    const steps: number[] = [];
    for (const m of args) {
      const t0 = process.hrtime.bigint();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(m === 'lib' ? path.join(__dirname, '..', 'src', 'index.js') : m);
      steps.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    process.stdout.write(JSON.stringify({ ms: steps.reduce((a, b) => a + b, 0), steps }) + '\n');
    return;
  }
  if (command === 'time') {
    const [way, n, layout, reps] = args;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WAYS } = require('./ways') as typeof import('./ways');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { landscape } = require('./scenario') as typeof import('./scenario');
    const render = WAYS[way as keyof typeof WAYS];
    const data = landscape(Number(n));
    render(Number(n) > 1000 ? landscape(1000) : data, layout as any);
    const samples: number[] = [];
    for (let r = 0; r < Number(reps); r++) {
      (global as any).gc?.();
      const t0 = process.hrtime.bigint();
      render(data, layout as any);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    process.stdout.write(JSON.stringify({ samples }) + '\n');
    return;
  }
  if (command === 'memory') {
    const [way, n, layout] = args;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WAYS } = require('./ways') as typeof import('./ways');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { landscape } = require('./scenario') as typeof import('./scenario');
    const data = landscape(Number(n));
    (global as any).gc?.();
    const before = process.memoryUsage().rss;
    const out = WAYS[way as keyof typeof WAYS](data, layout as any);
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(JSON.stringify({ maxRssBytes, beforeBytes: before, outputBytes: out.length }) + '\n');
    return;
  }
  throw new Error(`unknown command ${command}`);
}

main(process.argv.slice(2));
