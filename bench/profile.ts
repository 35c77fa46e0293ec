/**
 * Renders the landscape repeatedly with one way, for a CPU profile:
 *
 *   node --cpu-prof --cpu-prof-dir=bench.out/profiles -r ts-node/register/transpile-only \
 *     bench/profile.ts library one-chart 1000 10
 */
import { landscape } from './scenario';
import { Layout, WayName, WAYS } from './ways';

const [way = 'library', layout = 'one-chart', n = '1000', reps = '10'] = process.argv.slice(2);
const data = landscape(Number(n));
WAYS[way as WayName](landscape(200), layout as Layout);
const t0 = performance.now();
for (let r = 0; r < Number(reps); r++) {
  WAYS[way as WayName](data, layout as Layout);
}
process.stdout.write(`${way} ${layout} ${n}: ${((performance.now() - t0) / Number(reps)).toFixed(0)} ms per rendering\n`);
