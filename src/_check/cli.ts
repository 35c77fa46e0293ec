#!/usr/bin/env node
import * as fs from 'fs';
import type * as Krm from './krm';
import { main } from './main';

// The `cdk8s-gardener-registry-cache` command (package.json `bin`).
process.stdout.on('error', e => {
  if ((e as { code?: unknown }).code === 'EPIPE') {
    process.exit(process.exitCode ?? 0); // the reader went away, e.g. `| head`
  }
  throw e;
});
// `krm`: the check as a KRM function (kustomize, kpt), loaded only for it (src/_check/krm.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const run: typeof main = process.argv[2] === 'krm' ? (argv, io) => (require('./krm') as typeof Krm).krm(argv.slice(1), io) : main;
process.exitCode = run(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  readStdin: () => fs.readFileSync(0, 'utf-8'),
  env: process.env,
});
