/**
 * The check command's benchmark (issue 10): `cdk8s-gardener-registry-cache
 * check` on the landscape of the library benchmark, as one multi-document
 * YAML file, and its start-up.
 *
 *   node -r ts-node/register/transpile-only bench/check.ts [--sizes 1000,10000] [--processes 3] [--startup-runs 25]
 *
 * (`npm run bench` runs it after bench/run.ts, with the defaults.)
 *
 * - Throughput: the landscape's YAML (the floor way's output: N Shoots with
 *   five caches each, and their credential Secrets) checked by the built
 *   command in fresh processes, wall clock around the whole process; next to
 *   it the `yaml` package alone parsing the same file (`parseAllDocuments`
 *   and `toJS`), the part the command cannot avoid. Linear means 10x the
 *   Shoots take about 10x the time.
 * - Start-up: checking one Shoot (and its Secrets) against `node -e 0`,
 *   fresh processes taking turns, medians. Target: at most node's own
 *   start-up plus 60 ms.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compile } from './compile';
import { landscape } from './scenario';
import { WAYS } from './ways';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench.out');
const JS = path.join(OUT, 'check-js');
const CLI = path.join(JS, 'src', '_check', 'cli.js');
const START_UP_TARGET_MS = 60;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const sizes = arg('--sizes', '1000,10000').split(',').map(Number);
const processes = Number(arg('--processes', '3'));
const startupRuns = Number(arg('--startup-runs', '25'));

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a process; returns its wall-clock time (ms) and output. */
function run(args: string[]): { ms: number; stdout: string; status: number | null } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) {
    throw r.error;
  }
  return { ms, stdout: r.stdout, status: r.status };
}

/** Parsing alone, with the options the command uses: what any reader of this YAML pays. */
const PARSE_ONLY = `
const yaml = require('yaml');
const text = require('fs').readFileSync(process.argv[1], 'utf-8');
for (const doc of yaml.parseAllDocuments(text, { version: '1.1', lineCounter: new yaml.LineCounter() })) doc.toJS();
`;

function main(): void {
  log('compiling src/ to bench.out/check-js/ for the command');
  compile(ROOT, JS);
  const dir = path.join(OUT, 'check');
  fs.mkdirSync(dir, { recursive: true });

  const rows: string[] = [];
  const perSize: Array<{ n: number; ms: number }> = [];
  for (const n of sizes) {
    const file = path.join(dir, `landscape-${n}.yaml`);
    fs.writeFileSync(file, WAYS.floor(landscape(n), 'one-chart'));
    const mib = fs.statSync(file).size / 1024 / 1024;
    const command: number[] = [];
    const parse: number[] = [];
    for (let p = 0; p < processes; p++) {
      const r = run([CLI, 'check', file]);
      const summary = r.stdout.trimEnd().split('\n').pop() ?? '';
      if (r.status !== 0 || !summary.startsWith(`0 errors, 1 warning, 0 notes: ${n} Shoots`)) {
        throw new Error(`the command did not pass the landscape (exit ${r.status}): ${summary}`);
      }
      command.push(r.ms);
      parse.push(run(['-e', PARSE_ONLY, file]).ms);
      log(`  N=${n} round ${p + 1}/${processes}: command ${r.ms.toFixed(0)} ms, yaml parse alone ${parse[parse.length - 1].toFixed(0)} ms`);
    }
    const ms = median(command);
    const floor = median(parse);
    perSize.push({ n, ms });
    rows.push(`| ${n.toLocaleString('en-US')} | ${mib.toFixed(1)} MiB | ${ms.toFixed(0)} ms | ${(ms * 1000 / n).toFixed(0)} µs | ${floor.toFixed(0)} ms | ${(ms / floor).toFixed(2)} |`);
  }

  // Start-up: one Shoot and its Secrets.
  const one = path.join(dir, 'landscape-1.yaml');
  fs.writeFileSync(one, WAYS.floor(landscape(1), 'one-chart'));
  const bare: number[] = [];
  const check: number[] = [];
  for (let r = -1; r < startupRuns; r++) {
    const a = run(['-e', '0']).ms;
    const b = run([CLI, 'check', one]);
    if (b.status !== 0) {
      throw new Error(`the command did not pass one Shoot (exit ${b.status})`);
    }
    if (r >= 0) {
      bare.push(a);
      check.push(b.ms);
    }
  }
  const nodeMs = median(bare);
  const checkMs = median(check);
  const extra = checkMs - nodeMs;

  const lines = [
    '| Shoots | file | check (median) | per Shoot | yaml parse alone | check / parse |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '| start-up (fresh processes, median of ' + startupRuns + ') | time |',
    '| --- | ---: |',
    `| \`node -e 0\` | ${nodeMs.toFixed(1)} ms |`,
    `| \`check\` of one Shoot and its Secrets | ${checkMs.toFixed(1)} ms |`,
    `| difference | ${extra.toFixed(1)} ms |`,
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
  ];
  if (perSize.length >= 2) {
    const [a, b] = [perSize[0], perSize[perSize.length - 1]];
    const ratio = b.ms / a.ms;
    lines.push(`| linear: ×${b.n / a.n} Shoots ≤ ×${(b.n / a.n * 1.2).toFixed(0)} time | ×${ratio.toFixed(1)} | ${ratio <= b.n / a.n * 1.2 ? 'PASS' : 'MISS'} |`);
  }
  lines.push(`| start-up ≤ node + ${START_UP_TARGET_MS} ms | +${extra.toFixed(1)} ms | ${extra <= START_UP_TARGET_MS ? 'PASS' : 'MISS'} |`);
  const table = lines.join('\n');
  process.stdout.write(`\n${table}\n`);
  fs.writeFileSync(path.join(OUT, 'check.md'), `${table}\n`);
  log('Written to bench.out/check.md.');
}

main();
