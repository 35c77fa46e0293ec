#!/usr/bin/env node
import * as fs from 'fs';
import { main } from './main';

// The `cdk8s-gardener-registry-cache` command (package.json `bin`).
process.stdout.on('error', e => {
  if ((e as { code?: unknown }).code === 'EPIPE') {
    process.exit(process.exitCode ?? 0); // the reader went away, e.g. `| head`
  }
  throw e;
});
process.exitCode = main(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  readStdin: () => fs.readFileSync(0, 'utf-8'),
  env: process.env,
});
