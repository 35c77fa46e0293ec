/**
 * Profiles the renderings of one way (not the loading, not the landscape
 * data): a CPU profile, and with `--heap` a sampling allocation profile that
 * keeps the objects garbage collection freed (so it shows what is allocated,
 * not what survives). Writes `bench.out/profiles/<way>-<layout>-<n>.cpuprofile`
 * (and `.heapprofile`), which Chrome DevTools opens, and a `.json` with the
 * number of renderings; `profile-summary.ts` ranks them.
 *
 *   node -r ts-node/register/transpile-only bench/profile.ts library one-chart 1000 10 [--heap]
 *
 * Or the whole process with node's own flag:
 *   node --cpu-prof --cpu-prof-dir=bench.out/profiles -r ts-node/register/transpile-only bench/profile.ts library one-chart 1000 10
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import { landscape } from './scenario';
import { Layout, WayName, WAYS } from './ways';

const args = process.argv.slice(2).filter(a => !a.startsWith('--'));
const heap = process.argv.includes('--heap');
const [way = 'library', layout = 'one-chart', n = '1000', reps = '10'] = args;
const render = WAYS[way as WayName];
if (render === undefined) {
  throw new Error(`unknown way ${way} (one of ${Object.keys(WAYS).join(', ')})`);
}
const data = landscape(Number(n));
render(landscape(Math.min(200, Number(n))), layout as Layout);
render(data, layout as Layout);

const session = new inspector.Session();
session.connect();
const post = (method: string, params?: object): Promise<any> => new Promise((resolve, reject) => {
  session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result)));
});

async function main(): Promise<void> {
  const dir = path.resolve(__dirname, '..', 'bench.out', 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${way}-${layout}-${n}`);
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  if (heap) {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  await post('Profiler.start');
  const t0 = performance.now();
  for (let r = 0; r < Number(reps); r++) {
    render(data, layout as Layout);
  }
  const ms = (performance.now() - t0) / Number(reps);
  const { profile } = await post('Profiler.stop');
  fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile));
  if (heap) {
    const sampled = await post('HeapProfiler.stopSampling');
    fs.writeFileSync(`${base}.heapprofile`, JSON.stringify(sampled.profile));
  }
  fs.writeFileSync(`${base}.json`, JSON.stringify({ way, layout, n: Number(n), reps: Number(reps), msPerRendering: ms }));
  process.stdout.write(`${way} ${layout} ${n}: ${ms.toFixed(0)} ms per rendering (profiled); wrote ${path.relative(process.cwd(), base)}.*\n`);
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
