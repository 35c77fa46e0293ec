import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from './index';

/**
 * Synthesizes every example into examples.out/<name>/ (one YAML file per
 * chart), like `cdk8s synth` would. Needs no credentials: examples use demo values.
 */
const root = path.join(__dirname, '..', 'examples.out');
fs.rmSync(root, { recursive: true, force: true });
for (const example of EXAMPLES) {
  const app = new App({ outdir: path.join(root, example.name) });
  example.build(app);
  app.synth();
  const files = fs.readdirSync(app.outdir).sort();
  console.log(`${example.name}: ${example.description}`);
  for (const f of files) {
    console.log(`  examples.out/${example.name}/${f}`);
  }
}
