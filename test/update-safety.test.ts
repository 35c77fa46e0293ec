import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Size, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { CredentialValue, RegistryCache, RegistryCacheCredential, UpdateSafetyCheck } from '../src';

/** What varies between two deployments of the same app. */
interface Deployment {
  readonly volumeSize?: Size;
  readonly storageClassName?: string;
  readonly garbageCollectionTtl?: Duration;
  readonly version?: number;
  readonly password?: string;
  /** A rotation in progress: version 1 kept in previousVersions with this password. */
  readonly previousPassword?: string;
}

const USERNAME = 'canary-user-Xq7';
const PASSWORD_1 = 'canary-password-one-Zr4';
const PASSWORD_2 = 'canary-password-two-Wm9';
const b64 = (s: string) => Buffer.from(s, 'utf-8').toString('base64');

/** The Gardener page's scenario: crazy-botany in garden-dev, Docker Hub with credentials, plus ghcr.io. */
function build(app: App, d: Deployment = {}): void {
  const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
  const shoot = new ApiObject(chart, 'shoot', {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name: 'crazy-botany' },
    spec: {
      region: 'eu-west-1',
      extensions: [{ type: 'shoot-dns-service' }],
      provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 3 }] },
    },
  });
  const credential = new RegistryCacheCredential(chart, 'docker-hub', {
    name: 'ro-docker-secret',
    version: d.version ?? 1,
    resourceName: 'docker-secret',
    username: CredentialValue.unsafePlainText(USERNAME),
    password: CredentialValue.unsafePlainText(d.password ?? PASSWORD_1),
    previousVersions: d.previousPassword === undefined ? undefined
      : [{ version: 1, username: CredentialValue.unsafePlainText(USERNAME), password: CredentialValue.unsafePlainText(d.previousPassword) }],
  });
  const cache = new RegistryCache(chart, 'registry-cache', { shoot });
  cache.addUpstream('ghcr-io', { upstream: 'ghcr.io' });
  cache.addUpstream('docker-io', {
    upstream: 'docker.io',
    credential,
    volumeSize: d.volumeSize,
    storageClassName: d.storageClassName,
    garbageCollectionTtl: d.garbageCollectionTtl,
  });
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'update-safety-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Synthesizes a deployment like `app.synth()` does, into `<tmp>/<dir>`; returns that directory. */
function deployed(d: Deployment, dir = 'dist', yamlOutputType?: YamlOutputType): string {
  const app = new App({ outdir: path.join(tmp, dir), yamlOutputType });
  build(app, d);
  app.synth();
  return app.outdir;
}

/** Synthesizes the next deployment with an UpdateSafetyCheck; returns the validation output ('' when it passes). */
function next(d: Deployment, previousManifests: string): string {
  const app = Testing.app();
  build(app, d);
  new UpdateSafetyCheck(app, 'update-safety', { previousManifests });
  try {
    app.synthYaml();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const SHOOT = 'Shoot "garden-dev/crazy-botany" spec\\.extensions\\[1\\]\\.providerConfig\\.caches\\[1\\]';

describe('UpdateSafetyCheck', () => {
  test('a first deployment (no previous manifests) passes', () => {
    const app = Testing.app();
    build(app, { volumeSize: Size.gibibytes(20) });
    const check = new UpdateSafetyCheck(app, 'update-safety', { previousManifests: path.join(tmp, 'never-synthesized') });
    expect(check.firstDeployment).toBe(true);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('the same deployment again passes', () => {
    const prev = deployed({ volumeSize: Size.gibibytes(20), storageClassName: 'premium', garbageCollectionTtl: Duration.seconds(0) });
    expect(next({ volumeSize: Size.gibibytes(20), storageClassName: 'premium', garbageCollectionTtl: Duration.seconds(0) }, prev)).toBe('');
  });

  test('fails when the volume size changed', () => {
    const m = next({ volumeSize: Size.gibibytes(20) }, deployed({}));
    expect(m).toMatch(new RegExp(`\\[update-safety\\] ${SHOOT}\\.volume\\.size \\(value: "20Gi"\\): field is immutable: the deployed cache for upstream "docker\\.io" has 10Gi \\(the default`));
    expect(m).toMatch(/remove the upstream "docker\.io" in one deployment and add it back with the new size in a later one/);
  });

  test('passes when the size is the same in other units', () => {
    expect(next({ volumeSize: Size.mebibytes(10240) }, deployed({ volumeSize: Size.gibibytes(10) }))).toBe('');
    expect(next({ volumeSize: Size.gibibytes(10) }, deployed({}))).toBe('');
  });

  test('fails when the storage class is set, changed or unset', () => {
    expect(next({ storageClassName: 'premium' }, deployed({}, 'a'))).toMatch(new RegExp(`${SHOOT}\\.volume\\.storageClassName \\(value: "premium"\\): field is immutable`));
    expect(next({ storageClassName: 'premium' }, deployed({ storageClassName: 'standard' }, 'b'))).toMatch(/has storageClassName "standard"/);
    expect(next({}, deployed({ storageClassName: 'standard' }, 'c'))).toMatch(/storageClassName \(value: undefined\): field is immutable/);
  });

  test('fails when garbage collection is re-enabled, by a ttl or by dropping it', () => {
    const prev = deployed({ garbageCollectionTtl: Duration.seconds(0) });
    expect(next({ garbageCollectionTtl: Duration.days(7) }, prev))
      .toMatch(new RegExp(`${SHOOT}\\.garbageCollection\\.ttl \\(value: "168h"\\): garbage collection cannot be enabled \\(ttl > 0\\) once it is disabled`));
    expect(next({}, prev)).toMatch(new RegExp(`${SHOOT}\\.garbageCollection\\.ttl \\(value: undefined\\): garbage collection cannot be enabled`));
    expect(next({}, prev)).toMatch(/Fix: keep garbageCollection\.ttl at "0s" \(garbageCollectionTtl: Duration\.seconds\(0\)\)/);
  });

  test('fails during a rotation when previousVersions changes version 1\'s value: the fix restores it (version 2 exists)', () => {
    const m = next({ version: 2, password: PASSWORD_2, previousPassword: PASSWORD_2 }, deployed({ password: PASSWORD_1 }));
    expect(m).toMatch(/Secret "garden-dev\/ro-docker-secret-v1" data: the deployed Secret is immutable, and its data changed .*keys changed: "password"/);
    expect(m).toMatch(/Fix: restore version 1's values in this Secret \(as deployed\): version 2 \("ro-docker-secret-v2"\) already exists/);
    expect(m).not.toMatch(/bump the credential's version to 2/);
    for (const canary of [USERNAME, PASSWORD_1, PASSWORD_2]) {
      expect(m).not.toContain(canary);
      expect(m).not.toContain(b64(canary));
    }
  });

  test('fails when a credential changes its value without a version bump, without showing it', () => {
    const m = next({ password: PASSWORD_2 }, deployed({ password: PASSWORD_1 }));
    expect(m).toMatch(/Secret "garden-dev\/ro-docker-secret-v1" data: the deployed Secret is immutable, and its data changed while its name stayed the same \(keys changed: "password"\): the apply would fail with "field is immutable/);
    expect(m).toMatch(/Fix: bump the credential's version to 2/);
    for (const canary of [USERNAME, PASSWORD_1, PASSWORD_2]) {
      expect(m).not.toContain(canary);
      expect(m).not.toContain(b64(canary));
    }
  });

  test('passes when the credential is rotated by a version bump', () => {
    expect(next({ password: PASSWORD_2, version: 2 }, deployed({ password: PASSWORD_1 }))).toBe('');
  });

  test('reports every problem together', () => {
    const m = next(
      { volumeSize: Size.gibibytes(20), storageClassName: 'premium', password: PASSWORD_2 },
      deployed({ garbageCollectionTtl: Duration.seconds(0) }),
    );
    expect(m.split('\n').filter(l => l.startsWith('  [update-safety]'))).toHaveLength(4);
  });

  test('reads a single multi-document file', () => {
    const prev = deployed({}, 'single', YamlOutputType.FILE_PER_APP);
    const file = path.join(prev, 'app.k8s.yaml');
    expect(fs.readFileSync(file, 'utf-8')).toMatch(/\n---\n/);
    expect(next({ volumeSize: Size.gibibytes(20) }, file)).toMatch(/volume\.size \(value: "20Gi"\)/);
  });

  test('reads a directory recursively (one file per resource, in a folder per chart)', () => {
    const prev = deployed({}, 'nested', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE);
    expect(fs.readdirSync(prev).some(f => fs.statSync(path.join(prev, f)).isDirectory())).toBe(true);
    expect(next({ volumeSize: Size.gibibytes(20) }, prev)).toMatch(/volume\.size \(value: "20Gi"\)/);
  });

  test('reads a kind: List (kubectl get -o yaml) and compares hand-written manifests too', () => {
    const file = path.join(tmp, 'live.yaml');
    fs.writeFileSync(file, Yaml.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{
        apiVersion: 'core.gardener.cloud/v1beta1',
        kind: 'Shoot',
        metadata: { name: 'crazy-botany', namespace: 'garden-dev' },
        spec: {
          extensions: [{
            type: 'registry-cache',
            providerConfig: {
              apiVersion: 'registry.extensions.gardener.cloud/v1alpha3',
              kind: 'RegistryConfig',
              caches: [{ upstream: 'docker.io', volume: { size: '15Gi' } }],
            },
          }],
        },
      }],
    }));
    expect(next({ volumeSize: Size.mebibytes(15 * 1024) }, file)).toBe('');
    expect(next({}, file)).toMatch(/volume\.size \(value: "10Gi" \(the default\)\): field is immutable: the deployed cache for upstream "docker\.io" has "15Gi"/);
  });

  test('ignores other files and empty documents in a directory', () => {
    const dir = deployed({});
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not: [yaml');
    fs.writeFileSync(path.join(dir, 'empty.yaml'), '---\n---\n');
    expect(next({}, dir)).toBe('');
  });

  test('fails on invalid YAML, naming the file but never its content', () => {
    const file = path.join(tmp, 'broken.yaml');
    fs.writeFileSync(file, `apiVersion: v1\nkind: Secret\ndata:\n  password: ${b64(PASSWORD_1)}\n  user: [${PASSWORD_1}\n`);
    const m = next({}, file);
    expect(m).toMatch(new RegExp(`previousManifests \\(value: "${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\): is not valid YAML \\([A-Z_]+ at line \\d+, column \\d+\\)`));
    expect(m).not.toContain(PASSWORD_1);
    expect(m).not.toContain(b64(PASSWORD_1));
  });

  test('failWhenMissing turns a missing path into an error', () => {
    const app = Testing.app();
    build(app);
    new UpdateSafetyCheck(app, 'update-safety', { previousManifests: path.join(tmp, 'nope'), failWhenMissing: true });
    expect(() => app.synthYaml()).toThrow(/previousManifests \(value: ".*nope"\): does not exist/);
  });

  test('failWhenMissing turns a directory without YAML files into an error', () => {
    const app = Testing.app();
    build(app);
    new UpdateSafetyCheck(app, 'update-safety', { previousManifests: tmp, failWhenMissing: true });
    expect(() => app.synthYaml()).toThrow(/is a directory without \.yaml or \.yml files/);
  });

  test('fails when pointed at the output directory the cdk8s CLI deleted', () => {
    const outdir = path.join(tmp, 'dist');
    const saved = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      const app = Testing.app();
      build(app);
      new UpdateSafetyCheck(app, 'update-safety', { previousManifests: outdir });
      expect(() => app.synthYaml()).toThrow(/does not exist, and it is in the output directory of this synth \(CDK8S_OUTDIR .*\): `cdk8s synth` deletes that directory/);
    } finally {
      if (saved === undefined) {
        delete process.env.CDK8S_OUTDIR;
      } else {
        process.env.CDK8S_OUTDIR = saved;
      }
    }
  });

  test('leaves out an object that cannot be rendered; its owner reports it', () => {
    const prev = deployed({});
    const app = Testing.app();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    new RegistryCacheCredential(chart, 'docker-hub', {
      name: 'ro-docker-secret',
      version: 1,
      username: CredentialValue.fromEnv('UPDATE_SAFETY_TEST_UNSET_VARIABLE'),
      password: CredentialValue.unsafePlainText(PASSWORD_1),
    });
    new UpdateSafetyCheck(app, 'update-safety', { previousManifests: prev });
    let message = '';
    try {
      app.synthYaml();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/UPDATE_SAFETY_TEST_UNSET_VARIABLE/);
    expect(message).not.toMatch(/\[update-safety\]/);
  });

  test('rejects a previousManifests that is not a path', () => {
    const app = Testing.app();
    expect(() => new UpdateSafetyCheck(app, 'update-safety', { previousManifests: '' })).toThrow(/previousManifests must be the path of a YAML file or directory/);
  });
});
