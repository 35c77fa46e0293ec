import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/** A fresh app for a test (outdir in a temp folder). */
export function testApp(): App {
  return Testing.app();
}

/**
 * Synthesizes the whole app as `cdk8s synth` does, validations included, and
 * returns the YAML.
 */
export function synthYaml(app: App): string {
  return app.synthYaml();
}

/** Synthesizes the app (with validations) and returns its objects. */
export function synthObjects(app: App): any[] {
  return parseAllDocuments(synthYaml(app)).map(d => d.toJSON());
}

/** The object of `kind` named `name` in the output. */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} named ${name}, found ${found.length}`);
  }
  return found[0];
}

/**
 * The validation errors of a synth, one per line (without cdk8s' heading);
 * fails the test when the synth succeeds.
 */
export function synthErrors(app: App): string[] {
  try {
    app.synthYaml();
  } catch (e) {
    const message = (e as Error).message;
    const lines = message.split('\n');
    if (!lines[0].startsWith('Validation failed')) {
      throw e;
    }
    return lines.slice(1).map(l => l.trim());
  }
  throw new Error('expected the synth to fail validation, but it succeeded');
}

/** One worker pool: the registry extensions need a Shoot with workers. */
export const WORKERS = { type: 'local', workers: [{ name: 'worker' }] };

/** A minimal valid Shoot definition. */
export function shootProps(name = 'crazy-botany', spec: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name },
    spec: { region: 'eu-west-1', provider: WORKERS, ...spec },
  };
}
