import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES, mainOf, resolvePackageTo, synthApp } from './index';

/**
 * Synthesizes every example into examples.out/<name>/ (one YAML file per chart), running its main.ts as
 * `cdk8s synth` does, with the package name resolved to this checkout's src/. Needs no credentials: the
 * examples use demo values.
 */
const root = path.join(__dirname, '..', 'examples.out');
fs.rmSync(root, { recursive: true, force: true });
resolvePackageTo(path.join(__dirname, '..', 'src', 'index.ts'));
for (const example of EXAMPLES) {
  const files = synthApp(mainOf(example.name), path.join(root, example.name), require);
  console.log(`${example.name}: ${example.description}`);
  for (const f of Object.keys(files)) {
    console.log(`  examples.out/${example.name}/${f}`);
  }
}
