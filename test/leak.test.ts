import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { CredentialValue, ImagePullSecret, RegistryCache, RegistryCacheCredential } from '../src';
import { captureConsole, shoot } from './credential-helpers';

/**
 * Credential values never appear in an error, a warning, a log line, a
 * construct id or path, a label or an annotation: only in a Secret's data.
 * Every error and warning path of the library that can see a value is
 * triggered here with canary values, and everything the user can see is searched.
 */
const USER = 'CANARYuser7f3a9c';
const PASSWORD = 'CANARYpass2b8d41';
const KEY_SECRET = 'CANARYkey5e6f70';

/** The canary, its base64 form, and the base64 forms at the other two byte offsets (as inside a longer value). */
function forms(canary: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [canary, b64(canary), b64(`x${canary}`).slice(4, -4), b64(`xy${canary}`).slice(4, -4)];
}
const FORBIDDEN = [USER, PASSWORD, KEY_SECRET].flatMap(forms);

const plain = CredentialValue.unsafePlainText;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-'));

/** Service-account keys that are wrong in every way the library checks, each holding the canary. */
const badKeys = [
  `{"private_key": "${KEY_SECRET}"`, // not JSON
  `["${KEY_SECRET}"]`, // not an object
  JSON.stringify({ type: 'service_account', client_email: 'a@b', private_key: 'k', [KEY_SECRET]: 'x' }), // forbidden field named by the canary
  JSON.stringify({ type: 'service_account', client_email: 'a@b', private_key: 'k', refresh_token: KEY_SECRET }), // known forbidden field
  JSON.stringify({ type: 'service_account', client_email: 'a@b', private_key: [KEY_SECRET] }), // not a string
  JSON.stringify({ type: KEY_SECRET, client_email: 'a@b', private_key: KEY_SECRET }), // wrong type
  JSON.stringify({ type: 'service_account', private_key_id: KEY_SECRET }), // incomplete
  KEY_SECRET, // the canary as the key
];

/** Builds an app that hits every error and warning the library has for credentials. */
function everything(): { app: App; constructs: Construct[] } {
  const app = new App({ outdir: path.join(tmp, 'out') });
  const chart = new Chart(app, 'garden', { namespace: 'garden-dev' });
  const constructs: Construct[] = [];
  const cache = new RegistryCache(chart, 'cache', { shoot: shoot(chart) });

  // Username with whitespace, blank password, password with surrounding white space.
  const a = new RegistryCacheCredential(chart, 'whitespace', { name: 'a', version: 1, username: plain(` ${USER}\n`), password: plain(` ${PASSWORD}\n`) });
  const b = new RegistryCacheCredential(chart, 'blank', { name: 'b', version: 1, username: plain(USER), password: plain('   ') });
  // Read errors next to canary values.
  fs.writeFileSync(path.join(tmp, 'user'), `${USER}\n`);
  const c = new RegistryCacheCredential(chart, 'unreadable', {
    name: 'c',
    version: 2,
    username: CredentialValue.fromFile(path.join(tmp, 'user')),
    password: CredentialValue.fromEnv('LEAK_TEST_UNSET'),
    previousVersions: [{ version: 0, username: plain(USER), password: plain(PASSWORD) }, { version: 1, username: plain(USER), password: CredentialValue.fromFile(path.join(tmp, 'missing')) }],
  });
  // Duplicates: different values, then the same values.
  new RegistryCacheCredential(chart, 'dup-1', { name: 'd', version: 1, username: plain(USER), password: plain(PASSWORD) });
  new RegistryCacheCredential(chart, 'dup-2', { name: 'd', version: 1, username: plain(USER), password: plain(`${PASSWORD}x`) });
  new RegistryCacheCredential(chart, 'dup-3', { name: 'd', version: 1, username: plain(USER), password: plain(PASSWORD) });
  // Previous versions that are not lower, with canary values.
  const e = new RegistryCacheCredential(chart, 'rotation', {
    name: 'e',
    version: 2,
    username: plain(USER),
    password: plain(PASSWORD),
    previousVersions: [{ version: 3, username: plain(USER), password: plain(PASSWORD) }, { version: 1, username: plain(`${USER} `), password: plain(PASSWORD) }],
  });
  // Every bad service-account key, current and previous.
  badKeys.forEach((key, i) => {
    constructs.push(RegistryCacheCredential.fromServiceAccountKey(chart, `gar-${i}`, {
      name: `gar-${i}`,
      version: 2,
      serviceAccountKey: plain(key),
      previousVersions: [{ version: 1, serviceAccountKey: plain(key) }],
    }));
    RegistryCacheCredential.fromSecretName(chart, `gar-ref-${i}`, { name: `gar-${i}`, version: 2 });
  });
  // Wiring errors with canary credentials: wrong namespace, resource name clash.
  const other = new RegistryCacheCredential(chart, 'other-ns', { name: 'f', version: 1, namespace: 'garden-other', username: plain(USER), password: plain(PASSWORD) });
  const clash = new RegistryCacheCredential(chart, 'clash', { name: 'g', version: 1, resourceName: 'a', username: plain(USER), password: plain(PASSWORD) });

  cache.addUpstream('a', { upstream: 'a.example.com', credential: a });
  cache.addUpstream('b', { upstream: 'b.example.com', credential: b });
  cache.addUpstream('c', { upstream: 'c.example.com', credential: c });
  cache.addUpstream('e', { upstream: 'e.example.com', credential: e });
  cache.addUpstream('other', { upstream: 'other.example.com', credential: other });
  cache.addUpstream('clash', { upstream: 'clash.example.com', credential: clash });
  cache.addUpstream('gar', { upstream: 'europe-docker.pkg.dev', credential: constructs[0] as RegistryCacheCredential });

  // The workloads' pull Secret, with an invalid name.
  const workloads = new Chart(app, 'workloads', { namespace: 'apps' });
  new ImagePullSecret(workloads, 'pull', { credential: e, upstream: 'docker.io', name: 'Bad_Name' });
  new ImagePullSecret(workloads, 'pull-unreadable', { credential: c, upstream: 'docker.io', name: 'pull' });

  constructs.push(a, b, c, e, other, clash, chart, workloads);
  return { app, constructs };
}

function expectNoCanary(text: string, where: string): void {
  for (const f of FORBIDDEN) {
    if (text.includes(f)) {
      throw new Error(`${where} contains a canary form ${JSON.stringify(f)}:\n${text}`);
    }
  }
}

describe('no credential value leaks', () => {
  test('the canaries are really in the app (the test can see them)', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'garden-dev' });
    new RegistryCacheCredential(chart, 'ok', { name: 'ok', version: 1, username: plain(USER), password: plain(PASSWORD), acknowledgeUnauthenticatedCache: true });
    expect(app.synthYaml()).toContain(Buffer.from(USER).toString('base64'));
  });

  test('errors and warnings of a failing synth', () => {
    const { app } = everything();
    const { error, output } = captureConsole(() => app.synthYaml());
    expect(error).toBeDefined();
    const message = error!.message;
    // Every path was hit.
    for (const pattern of [
      /data\.username: contains whitespace/, /data\.password: is empty or blank/,
      /cannot be read: environment variable "LEAK_TEST_UNSET" is not set/, /file ".*missing" does not exist/,
      /with different values/, /the Secret would be in the output twice/,
      /must be lower than version/, /previousVersions\[1\]\.version|"garden-dev\/e-v1" data\.username: contains whitespace/,
      /is not valid JSON/, /is not a JSON object/, /forbidden service-account field whose name is not shown/,
      /forbidden service-account field "refresh_token"/, /field "private_key" whose value is not a string/,
      /its "type" field is not "service_account"/, /has no "client_email" field/,
      /the credential's Secret is in namespace "garden-other"/, /two credentials use this resource name/,
      /name \(value: "Bad_Name"\)/,
    ]) {
      expect(message).toMatch(pattern);
    }
    expectNoCanary(message, 'the synth error');
    expect(output.join('\n')).toMatch(/data\.password starts or ends with white space/);
    expect(output.join('\n')).toMatch(/the registry cache has no authentication/);
    expectNoCanary(output.join('\n'), 'the console output');
  });

  test('errors of Testing.synth(chart), which validates the whole app too: unreadable values', () => {
    const { constructs } = everything();
    for (const chart of constructs.filter(c => c instanceof Chart) as Chart[]) {
      const { error, output } = captureConsole(() => Testing.synth(chart));
      expect(error?.message).toMatch(/cannot be read/);
      expectNoCanary(error!.message, 'the serialization error');
      expectNoCanary(output.join('\n'), 'the console output');
    }
  });

  test('construct ids and paths, printed objects', () => {
    const { app, constructs } = everything();
    expectNoCanary(app.node.findAll().map(c => c.node.path).join('\n'), 'construct paths');
    captureConsole(() => app.synthYaml());
    for (const c of constructs) {
      expectNoCanary(inspect(c, { depth: 6 }), `util.inspect of ${c.node.path}`);
    }
    const value = plain(PASSWORD);
    value._read(new App());
    expectNoCanary(`${value} ${JSON.stringify(value)} ${inspect(value, { depth: 6, showHidden: true })}`, 'a printed CredentialValue');
  });

  test('the output: only Secret data holds the values; no label or annotation does', () => {
    const app = new App({ outdir: path.join(tmp, 'ok') });
    const chart = new Chart(app, 'garden', { namespace: 'garden-dev' });
    const key = JSON.stringify({ type: 'service_account', client_email: 'a@b.iam.gserviceaccount.com', private_key: KEY_SECRET });
    const credential = new RegistryCacheCredential(chart, 'docker', {
      name: 'docker',
      version: 2,
      username: plain(USER),
      password: plain(PASSWORD),
      previousVersions: [{ version: 1, username: plain(USER), password: plain(`${PASSWORD}-old`) }],
    });
    const gar = RegistryCacheCredential.fromServiceAccountKey(chart, 'gar', { name: 'gar', version: 1, serviceAccountKey: plain(key) });
    const cache = new RegistryCache(chart, 'cache', { shoot: shoot(chart) });
    cache.addUpstream('docker', { upstream: 'docker.io', credential });
    cache.addUpstream('gar', { upstream: 'europe-docker.pkg.dev', credential: gar });
    new ImagePullSecret(new Chart(app, 'workloads', { namespace: 'apps' }), 'pull', { credential, upstream: 'docker.io', name: 'pull' });

    const { result, output } = captureConsole(() => app.synthYaml());
    expectNoCanary(output.join('\n'), 'the console output');
    const docs = parseAllDocuments(result!).map(d => d.toJSON());
    expect(docs.filter(d => d.kind === 'Secret')).toHaveLength(4);
    for (const doc of docs) {
      expectNoCanary(JSON.stringify(doc.metadata), `metadata of ${doc.kind} ${doc.metadata.name}`);
      const { data: _d, stringData: _s, ...rest } = doc;
      expectNoCanary(JSON.stringify(rest), `${doc.kind} ${doc.metadata.name} outside its data`);
    }
  });
});
