import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';

/** A minimal Shoot in `scope` (its Chart's namespace is the project namespace). */
export function shoot(scope: Construct, name = 'my-shoot'): ApiObject {
  return new ApiObject(scope, name, {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name },
    spec: { provider: { type: 'local', workers: [{ name: 'worker' }] } },
  });
}

/** An app with one garden chart in `garden-dev`. */
export function gardenChart(): { app: App; chart: Chart } {
  const app = new App({ outdir: '/tmp/cdk8s-gardener-registry-cache-test-out' });
  const chart = new Chart(app, 'garden', { namespace: 'garden-dev' });
  return { app, chart };
}

/** Synthesizes the whole app (validations included) and parses every document. */
export function synthDocs(app: App): any[] {
  return parseAllDocuments(app.synthYaml()).map(d => d.toJSON()).filter(d => d);
}

/** The decoded data of a Secret document. */
export function decoded(secret: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) {
    out[k] = Buffer.from(String(v), 'base64').toString('utf-8');
  }
  return out;
}

/** Runs `fn` with console.warn/log/error captured; returns what was printed. */
export function captureConsole<T>(fn: () => T): { result?: T; error?: Error; output: string[] } {
  const output: string[] = [];
  const spies = (['warn', 'log', 'error', 'info', 'debug'] as const).map(m =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => { output.push(args.map(String).join(' ')); }));
  try {
    return { result: fn(), output };
  } catch (e) {
    return { error: e as Error, output };
  } finally {
    spies.forEach(s => s.mockRestore());
  }
}
