import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { mainOf, synthApp } from '../examples';

/**
 * Runs the app examples/`dir`/main.ts as `cdk8s synth` runs it, with CDK8S_OUTDIR a fresh temporary folder, in a
 * module registry of its own (so that the program runs each time; jest maps the package name it imports to src/).
 * Returns the files it wrote, by name.
 */
export function synthExample(dir: string): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return synthApp(mainOf(dir), outdir, main => jest.isolateModules(() => require(main)));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The objects the example writes, file by file in name order. */
export function exampleObjects(dir: string): any[] {
  return Object.values(synthExample(dir)).flatMap(yaml => parseAllDocuments(yaml).map(d => d.toJSON())).filter(d => d);
}
