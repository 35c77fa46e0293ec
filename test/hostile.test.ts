import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CachedUpstream, CachedUpstreamOptions, CredentialValue, RegistryCache, RegistryCacheCredential, RegistryCacheCredentialProps, UpdateSafetyCheck,
} from '../src';
import { captureConsole, decoded, shoot } from './credential-helpers';

/**
 * Hostile input through the public API, as plain JavaScript (or a jsii
 * binding) can pass it: every case gives a validation error that names the
 * field, never a TypeError or a hang, and no credential in any output.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
const plain = CredentialValue.unsafePlainText;
const CANARY = 'Kq7CANARYv2';

/** The canary and its base64 forms at the three byte offsets (as inside a longer value). */
function forms(canary: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [canary, b64(canary), b64(`x${canary}`).slice(4, -4), b64(`xy${canary}`).slice(4, -4)];
}
const FORBIDDEN = forms(CANARY);

function expectNoCanary(text: string, where: string): void {
  for (const f of FORBIDDEN) {
    if (text.includes(f)) {
      throw new Error(`${where} contains a canary form ${JSON.stringify(f)}:\n${text.slice(0, 2000)}`);
    }
  }
}

interface Outcome {
  /** The validation error message ('' when the synth succeeded). */
  readonly message: string;
  readonly yaml?: string;
  /** What was printed (warnings). */
  readonly output: string;
  /** Every ApiObject serialized without validation, or the (non-Type) error that serializing gave. */
  readonly serialized: string;
}

/**
 * Synthesizes with validation; fails the test on anything but success or a
 * validation error. Then serializes every ApiObject without validation (as
 * `Testing.synth` used to), which may fail for unreadable values, never with a TypeError.
 */
function outcome(app: App): Outcome {
  const { result, error, output } = captureConsole(() => app.synthYaml());
  if (error !== undefined && (error instanceof TypeError || !error.message.startsWith('Validation failed with the following errors:'))) {
    throw error;
  }
  const serialized = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map(o => {
    try {
      return JSON.stringify(o.toJson());
    } catch (e) {
      expect(e).not.toBeInstanceOf(TypeError);
      return (e as Error).message;
    }
  }).join('\n');
  return { message: error?.message ?? '', yaml: result, output: output.join('\n'), serialized };
}

/** Expects a validation error with a line matching `line`, and no canary anywhere. */
function expectRejected(app: App, line: RegExp): Outcome {
  const o = outcome(app);
  expect(o.message).toMatch(line);
  for (const l of o.message.split('\n').slice(1)) {
    expect(l).toMatch(/^\s*\[\S+\] \S.*: .+\. Fix: .+$/);
  }
  expectNoCanary(`${o.message}\n${o.output}\n${o.serialized}`, 'the output');
  return o;
}

function garden(): { app: App; chart: Chart } {
  const app = new App({ outdir: path.join(tmp, 'out') });
  return { app, chart: new Chart(app, 'garden', { namespace: 'garden-dev' }) };
}

const throwingProxy = () => new Proxy({}, { get: () => { throw new Error(`trap ${CANARY}`); }, ownKeys: () => { throw new Error('trap'); } });
const revokedProxy = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

describe('credentials leak through URL user info: never', () => {
  const special = fc.constantFrom(...'@/#?:%[] \n\t\\\'"'.split(''), 'ü', '\ud800', '://', '%40');
  const password = fc.tuple(
    fc.string({ unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 6 }),
    fc.string({ unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 6 }),
  ).map(([a, b]) => `${a}${CANARY}${b}`);
  const scheme = fc.constantFrom('http://', 'https://', 'HTTP://', 'ftp://', '');
  const user = fc.constantFrom('user:', 'u:', '', 'a@b:');
  const tail = fc.constantFrom('', '/', '/v2', '?', '#', '?x', ':3128');
  const value = fc.oneof(
    fc.tuple(scheme, user, password, tail).map(([s, u, p, t]) => `${s}${u}${p}@proxy.corp${t}`),
    fc.tuple(user, password).map(([u, p]) => `${u}${p}@docker.io`),
  );
  const field = fc.constantFrom<keyof CachedUpstreamOptions>('remoteUrl', 'httpProxy', 'httpsProxy', 'upstream');
  const version = fc.constantFrom('v0.8.0', 'v0.12.0', 'v0.21.0', 'v0.22.0', 'v0.24.0');

  test('arbitrary passwords in any URL or upstream field, any version: not in an error, a warning or the output', () => {
    fc.assert(fc.property(value, field, version, fc.boolean(), (v, f, extensionVersion, withCredential) => {
      const { app, chart } = garden();
      const credential = withCredential
        ? new RegistryCacheCredential(chart, 'cred', { name: 'c', version: 1, username: plain('robot'), password: plain('pw') })
        : undefined;
      const cache = new RegistryCache(chart, 'cache', { shoot: shoot(chart), extensionVersion });
      cache.addUpstream('u', { upstream: 'docker.io', [f]: v, credential });
      cache.addUpstream('v', { upstream: 'ghcr.io', credential });
      const o = expectRejected(app, /./);
      expect(o.message).toMatch(/user info|scheme/);
    }), { numRuns: 150 });
  });

  test.each([
    ['upstream', 'user:se/cr#et?x' + CANARY + '@docker.io', /upstream \(value: "\*\*\*@docker\.io"\): is not a valid upstream: must not contain user info/],
    ['remoteUrl', 'HTTPS://user:' + CANARY + '/x@docker.io', /remoteURL .*(url must not contain user info|case-sensitively.*Fix: write the scheme in lowercase: "https:\/\/\*\*\*@docker\.io")/],
    ['httpProxy', 'http://user:' + CANARY + '#x@proxy:3128', /httpProxy \(value: "http:\/\/\*\*\*@proxy:3128"\): url must not contain user info/],
  ])('the unauthenticated-cache warning, the "unknown to this version" error and the fix texts: %s', (f, v, line) => {
    for (const extensionVersion of ['v0.8.0', 'v0.12.0', 'v0.21.0', 'v0.24.0']) {
      const { app, chart } = garden();
      const credential = new RegistryCacheCredential(chart, 'cred', { name: 'c', version: 1, username: plain('robot'), password: plain('pw') });
      new RegistryCache(chart, 'cache', { shoot: shoot(chart), extensionVersion }).addUpstream('u', { upstream: 'docker.io', [f]: v, credential });
      expectRejected(app, line);
    }
  });
});

describe('raw crashes become validation errors', () => {
  const odd: Array<[string, () => unknown]> = [
    ['null', () => null], ['undefined', () => undefined], ['a string', () => 'docker'], ['a number', () => 42], ['an array', () => []],
    ['a Symbol', () => Symbol('props')], ['a throwing Proxy', throwingProxy], ['a revoked Proxy', revokedProxy],
  ];

  test.each(odd)('props of RegistryCacheCredential, fromSecretName and fromServiceAccountKey are %s', (_what, make) => {
    for (const build of [
      (c: Chart) => new RegistryCacheCredential(c, 'x', make() as RegistryCacheCredentialProps),
      (c: Chart) => RegistryCacheCredential.fromSecretName(c, 'x', make() as RegistryCacheCredentialProps),
      (c: Chart) => RegistryCacheCredential.fromServiceAccountKey(c, 'x', make() as never),
    ]) {
      const { app, chart } = garden();
      build(chart);
      const o = expectRejected(app, /\[garden\/x\] props \(value: .*\): (must be an object|cannot be read).*\. Fix: pass an object such as \{ name: /);
      expect(o.message.split('\n')).toHaveLength(2); // one root cause, one error
    }
  });

  const credential = (chart: Chart, props: Record<string, unknown>) => new RegistryCacheCredential(chart, 'x', {
    name: 'c', version: 2, username: plain('robot'), password: plain('pw'), ...props,
  } as unknown as RegistryCacheCredentialProps);

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['previousVersions a string', { previousVersions: 'v1' }, /previousVersions \(value: "v1"\): must be an array of earlier versions/],
    ['previousVersions an object', { previousVersions: { version: 1 } }, /previousVersions \(value: .*\): must be an array/],
    ['previousVersions a number', { previousVersions: 1 }, /previousVersions \(value: 1\): must be an array/],
    ['previousVersions a Set', { previousVersions: new Set([1]) }, /previousVersions \(value: "\{\}"\): must be an array/],
    ['previousVersions holding null', { previousVersions: [null] }, /previousVersions\[0\] \(value: "null"\): must be an object/],
    ['previousVersions holding a Symbol', { previousVersions: [Symbol('s')] }, /previousVersions\[0\] \(value: "Symbol\(s\)"\): must be an object/],
    ['previousVersions holding a throwing Proxy', { previousVersions: [throwingProxy()] }, /previousVersions\[0\] .*cannot be read: reading version threw/],
    ['version a Symbol', { version: Symbol('v') }, /\] version \(value: "Symbol\(v\)"\): must be a positive integer/],
    ['version NaN', { version: NaN }, /\] version \(value: NaN\): must be a positive integer/],
    ['name a Symbol', { name: Symbol('n') }, /\] name \(value: "Symbol\(n\)"\): must be a string/],
    ['namespace a Symbol', { namespace: Symbol('ns') }, /\] namespace \(value: "Symbol\(ns\)"\): must be a string/],
    ['resourceName a Symbol', { resourceName: Symbol('r') }, /\] resourceName \(value: "Symbol\(r\)"\): must be a string/],
    ['pruneProtection a string', { pruneProtection: 'argo' }, /\] pruneProtection \(value: "argo"\): is not a GitOpsPruneProtection/],
    ['username a string', { username: 'robot' }, /data\.username: username is not a CredentialValue/],
    ['a 10 MB name', { name: 'n'.repeat(10_000_000) }, /\] name \(value: "n{80}"\.\.\. \(10000000 characters\)\): gives the Secret name/],
  ])('fails when %s', (_what, props, line) => {
    const { app, chart } = garden();
    credential(chart, props);
    expectRejected(app, line);
  });

  test('fromServiceAccountKey with previousVersions that are no list, or hold null', () => {
    for (const [previousVersions, line] of [
      ['k', /previousVersions \(value: "k"\): must be an array/],
      [[null], /previousVersions\[0\] \(value: "null"\): must be an object/],
      [[throwingProxy()], /previousVersions\[0\] .*cannot be read: reading version threw/],
    ] as const) {
      const { app, chart } = garden();
      RegistryCacheCredential.fromServiceAccountKey(chart, 'x', { name: 'g', version: 2, serviceAccountKey: plain('{}'), previousVersions } as never);
      expectRejected(app, line);
    }
  });

  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('CredentialValue.fromEnv(%j): a variable that is not set', name => {
    const { app, chart } = garden();
    credential(chart, { password: CredentialValue.fromEnv(name) });
    expectRejected(app, new RegExp(`data\\.password: cannot be read: environment variable "${name}" is not set`));
  });

  test('CredentialValue.fromEnv and fromFile with a Symbol or an object as name', () => {
    const { app, chart } = garden();
    credential(chart, { username: CredentialValue.fromEnv(Symbol('e') as never), password: CredentialValue.fromFile({} as never, null as never) });
    const o = expectRejected(app, /data\.username: cannot be read: the environment variable name is empty or not a string/);
    expect(o.message).toMatch(/data\.password: cannot be read: the file path is empty or not a string/);
  });

  test('new CachedUpstream without props: a clear error, not a TypeError', () => {
    const { chart } = garden();
    expect(() => new CachedUpstream(chart, 'u', null as never)).toThrow(/CachedUpstream "garden\/u": registryCache must be the RegistryCache of a Shoot \(got "undefined"\)\. Fix: use registryCache\.addUpstream/);
  });
});

describe('files: only regular files, within a size limit, never a hang', () => {
  const fifo = path.join(tmp, 'fifo.yaml');
  const canMkfifo = process.platform !== 'win32' && (() => {
    try {
      execFileSync('mkfifo', [fifo]);
      return true;
    } catch {
      return false;
    }
  })();
  const unix = canMkfifo && fs.existsSync('/dev/zero') ? test : test.skip;

  /**
   * Runs `code` in a child Node.js process (a hang in a synchronous read
   * cannot be interrupted inside the test process) and returns what it printed.
   * The time limit is the point: the child is killed when it is reached.
   */
  function runIsolated(code: string): string {
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
      cwd: path.join(__dirname, '..'),
      encoding: 'utf-8',
      timeout: 60_000,
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
    });
    expect({ signal: result.signal, stderr: result.stderr }).toEqual({ signal: null, stderr: '' });
    return result.stdout;
  }

  const synthScript = (setup: string) => `
    const { App, Chart, ApiObject } = require('cdk8s');
    const { CredentialValue, RegistryCacheCredential, UpdateSafetyCheck } = require('./src');
    const app = new App({ outdir: ${JSON.stringify(path.join(tmp, 'child-out'))} });
    const chart = new Chart(app, 'garden', { namespace: 'garden-dev' });
    ${setup}
    try { app.synthYaml(); console.log('synthesized'); } catch (e) { console.log(e.message); }`;

  unix('a credential file that is a named pipe or /dev/zero', () => {
    const out = runIsolated(synthScript(`
      new RegistryCacheCredential(chart, 'fifo', { name: 'a', version: 1, username: CredentialValue.unsafePlainText('u'), password: CredentialValue.fromFile(${JSON.stringify(fifo)}) });
      new RegistryCacheCredential(chart, 'zero', { name: 'b', version: 1, username: CredentialValue.unsafePlainText('u'), password: CredentialValue.fromFile('/dev/zero') });`));
    expect(out).toMatch(/data\.password: cannot be read: file ".*fifo\.yaml" is a named pipe \(FIFO\), not a regular file\. Fix: give a readable regular file of at most 64 KiB/);
    expect(out).toMatch(/data\.password: cannot be read: file "\/dev\/zero" is a character device, not a regular file/);
  }, 120_000);

  unix('previous manifests that are a named pipe or /dev/zero, or hold one', () => {
    const dir = path.join(tmp, 'with-fifo');
    fs.mkdirSync(dir);
    fs.copyFileSync(__filename, path.join(dir, 'not-yaml.ts'));
    execFileSync('mkfifo', [path.join(dir, 'a.yaml')]);
    const out = runIsolated(synthScript(`
      new UpdateSafetyCheck(chart, 'fifo', { previousManifests: ${JSON.stringify(fifo)} });
      new UpdateSafetyCheck(chart, 'zero', { previousManifests: '/dev/zero' });
      new UpdateSafetyCheck(chart, 'dir', { previousManifests: ${JSON.stringify(dir)} });`));
    expect(out).toMatch(/\[garden\/fifo\] previousManifests \(value: ".*fifo\.yaml"\): is a named pipe \(FIFO\), not a regular file/);
    expect(out).toMatch(/\[garden\/zero\] previousManifests \(value: "\/dev\/zero"\): is a character device, not a regular file/);
    expect(out).toMatch(/\[garden\/dir\] previousManifests \(value: ".*with-fifo\/a\.yaml"\): is a named pipe/);
  }, 120_000);

  test('a credential file larger than 64 KiB', () => {
    const big = path.join(tmp, 'big');
    fs.writeFileSync(big, 'x'.repeat(64 * 1024 + 1));
    const { app, chart } = garden();
    new RegistryCacheCredential(chart, 'x', { name: 'c', version: 1, username: plain('robot'), password: CredentialValue.fromFile(big) });
    expectRejected(app, /data\.password: cannot be read: file ".*big" is larger than 64 KiB, the limit for this file\. Fix: give a readable regular file of at most 64 KiB/);
  });

  test('previous manifests larger than 128 MiB (a sparse file: nothing is read)', () => {
    const huge = path.join(tmp, 'huge.yaml');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 128 * 1024 * 1024 + 1);
    const { app, chart } = garden();
    new UpdateSafetyCheck(chart, 'check', { previousManifests: huge });
    expectRejected(app, /previousManifests \(value: ".*huge\.yaml"\): makes the previous manifests larger than 128 MiB of YAML, the limit for all files together/);
  });

  test('a YAML bomb in the previous manifests', () => {
    const bomb = path.join(tmp, 'bomb.yaml');
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    }
    fs.writeFileSync(bomb, lines.join('\n'));
    const { app, chart } = garden();
    new UpdateSafetyCheck(chart, 'check', { previousManifests: bomb });
    expectRejected(app, /previousManifests \(value: ".*bomb\.yaml"\): document 1 cannot be read as data/);
  });

  test('previous manifests that are not UTF-8', () => {
    const latin1 = path.join(tmp, 'latin1.yaml');
    fs.writeFileSync(latin1, Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    const { app, chart } = garden();
    new UpdateSafetyCheck(chart, 'check', { previousManifests: latin1 });
    expectRejected(app, /previousManifests \(value: ".*latin1\.yaml"\): is not valid UTF-8 text/);
  });
});

describe('no silent change of data', () => {
  test.each([
    ['extensions', 'registry-cache'],
    ['extensions', { type: 'shoot-dns-service' }],
    ['resources', 'my-secret'],
    ['resources', { name: 'x' }],
  ])('a Shoot whose spec.%s is %j is reported, and left as it was', (key, value) => {
    const { app, chart } = garden();
    const s = new ApiObject(chart, 'shoot', {
      apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 's' }, spec: { provider: { workers: [{ name: 'w' }] }, [key]: value },
    });
    const cred = RegistryCacheCredential.fromSecretName(chart, 'cred', { name: 'c', version: 1 });
    new RegistryCache(chart, 'cache', { shoot: s }).addUpstream('u', { upstream: 'docker.io', credential: cred });
    expectRejected(app, new RegExp(`spec\\.${key} \\(value: .*\\): must be a list, as in Gardener's Shoot API; the library would have to replace it`));
    expect(s.toJson().spec[key]).toEqual(value);
  });

  test('a Shoot whose spec is a string is reported, and left as it was', () => {
    const { app, chart } = garden();
    const s = new ApiObject(chart, 'shoot', { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 's' }, spec: 'none' });
    new RegistryCache(chart, 'cache', { shoot: s }).addUpstream('u', { upstream: 'docker.io' });
    expectRejected(app, /\] spec \(value: "none"\): must be an object/);
    expect(s.toJson().spec).toBe('none');
  });

  test('a password file\'s bytes reach the Secret exactly (a byte order mark, CRLF and all)', () => {
    const file = path.join(tmp, 'bom');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('pa\r\nss wörd\u{1f600}', 'utf-8')]);
    fs.writeFileSync(file, bytes);
    const { app, chart } = garden();
    new RegistryCacheCredential(chart, 'x', { name: 'c', version: 1, username: plain('robot'), password: CredentialValue.fromFile(file), acknowledgeUnauthenticatedCache: true });
    const o = outcome(app);
    expect(o.message).toBe('');
    const secret = JSON.parse(o.serialized.split('\n')[0]);
    expect(Buffer.from(secret.data.password, 'base64')).toEqual(bytes);
    expect(o.output).not.toMatch(/white space/); // U+FEFF is no white space for Go
  });

  test('a password file that is not UTF-8 is refused, not changed', () => {
    const file = path.join(tmp, 'latin1');
    fs.writeFileSync(file, Buffer.from([0x70, 0xe4, 0x73, 0x73]));
    const { app, chart } = garden();
    new RegistryCacheCredential(chart, 'x', { name: 'c', version: 1, username: plain('robot'), password: CredentialValue.fromFile(file) });
    expectRejected(app, /data\.password: cannot be read: file ".*latin1" is not valid UTF-8 text; the library does not replace its bytes/);
  });

  test('a lone surrogate in a value is refused, not changed', () => {
    const { app, chart } = garden();
    new RegistryCacheCredential(chart, 'x', { name: 'c', version: 1, username: plain('robot'), password: plain(`pw\ud800${CANARY}`) });
    expectRejected(app, /data\.password: cannot be read: the value of the plain-text value holds a lone surrogate/);
  });

  test('a CredentialValue is read once per app: a second app sees a changed variable and file', () => {
    const file = path.join(tmp, 'rotating');
    const username = CredentialValue.fromEnv('HOSTILE_TEST_USER');
    const password = CredentialValue.fromFile(file);
    const data = (): Record<string, string> => {
      const { app, chart } = garden();
      new RegistryCacheCredential(chart, 'x', { name: 'c', version: 1, username, password, acknowledgeUnauthenticatedCache: true });
      const secret = JSON.parse(outcome(app).serialized.split('\n')[0]);
      return decoded(secret);
    };
    try {
      process.env.HOSTILE_TEST_USER = 'first';
      fs.writeFileSync(file, 'one');
      expect(data()).toEqual({ username: 'first', password: 'one' });
      process.env.HOSTILE_TEST_USER = 'second';
      fs.writeFileSync(file, 'two');
      expect(data()).toEqual({ username: 'second', password: 'two' });
    } finally {
      delete process.env.HOSTILE_TEST_USER;
    }
  });

  test('an upstream whose toString throws renders the same way on every synth', () => {
    const upstream = { toString: () => { throw new Error(`user error ${CANARY}`); } };
    const { app, chart } = garden();
    const credential = new RegistryCacheCredential(chart, 'cred', { name: 'c', version: 1, username: plain('robot'), password: plain('pw') });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('u', { upstream: upstream as unknown as string, credential });
    const first = expectRejected(app, /caches\[0\]\.upstream \(value: "\{\}"\): must be a string/);
    const second = expectRejected(app, /caches\[0\]\.upstream/);
    expect(second.message).toBe(first.message);
  });
});

describe('shapes that already hold', () => {
  test('frozen props, Proxies that answer, arrays as options, 10 MB strings', () => {
    const { app, chart } = garden();
    const props = Object.freeze({ name: 'c', version: 1, username: plain('robot'), password: plain('x'.repeat(10_000_000)), acknowledgeUnauthenticatedCache: true });
    const credential = new RegistryCacheCredential(chart, 'frozen', new Proxy(props, {}));
    const cache = new RegistryCache(chart, 'cache', { shoot: shoot(chart), extensionVersion: NaN as unknown as string });
    cache.addUpstream('big', { upstream: 'a'.repeat(10_000_000), remoteUrl: `https://${'b'.repeat(10_000_000)}`, credential });
    cache.addUpstream('array', [] as unknown as CachedUpstreamOptions);
    const o = expectRejected(app, /extensionVersion \(value: NaN\): must be a string/);
    expect(o.message).toMatch(/caches\[0\]\.upstream \(value: "a{80}"\.\.\. \(10000000 characters\)\): is not a valid upstream: host must be no more than 253 characters/);
    expect(o.message).toMatch(/caches\[0\]\.remoteURL \(value: "https:\/\/b{72}"\.\.\. \(10000008 characters\)\): url host must be no more than 253 characters/);
    expect(o.message).toMatch(/caches\[1\]\.upstream \(value: undefined\): must be a string/);
  });
});
