import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkInProcess, Run } from './_command';
import { NEWEST_KNOWN_EXTENSION_VERSION } from '../src/_rules/extension-version';

/**
 * Issue 26, "Wrong or silent answers": Lists read as `kubectl get -o yaml`
 * prints them, an input without Shoots, the same Shoot twice, YAML syntax
 * errors with the parser's own message and position, a newer
 * --extension-version, objects without a name. The command runs in process
 * (src/_check/main.ts); check-command.test.ts runs the built one.
 */

type Result = Run;
const check = (args: readonly string[], stdin = ''): Result => checkInProcess(args, { stdin });

const lines = (r: Result) => r.stdout.trimEnd().split('\n');

/** A Shoot with one registry-cache entry whose upstream is `upstream`, indented by `indent`. */
function shoot(name: string, upstream: string, options: { namespace?: string | null; indent?: string; typeMeta?: boolean } = {}): string {
  const namespace = options.namespace === undefined ? 'garden-dev' : options.namespace;
  const text = [
    ...(options.typeMeta === false ? [] : ['apiVersion: core.gardener.cloud/v1beta1', 'kind: Shoot']),
    'metadata:',
    ...(name === '' ? [] : [`  name: ${name}`]),
    ...(namespace === null ? [] : [`  namespace: ${namespace}`]),
    'spec:',
    '  provider:',
    '    type: aws',
    '    workers:',
    '    - name: pool-a',
    '  extensions:',
    '  - type: registry-cache',
    '    providerConfig:',
    '      apiVersion: registry.extensions.gardener.cloud/v1alpha3',
    '      kind: RegistryConfig',
    '      caches:',
    `      - upstream: ${upstream}`,
  ];
  const indent = options.indent ?? '';
  return text.join('\n').split('\n').map((l, i) => (indent === '' ? l : i === 0 ? `${indent.slice(0, -2)}- ${l}` : `${indent}${l}`)).join('\n');
}

/** A `kind: List` of the given items (each a document's text), as `kubectl get -o yaml` prints it. */
function list(items: string[], head = 'apiVersion: v1\nkind: List'): string {
  return `${head}\nitems:\n${items.join('\n')}\nmetadata:\n  resourceVersion: ""\n`;
}

describe('a List (kubectl get shoots -o yaml)', () => {
  const input = list([shoot('a', 'Docker.io', { indent: '  ' }), shoot('b', 'ghcr.io', { indent: '  ' })]);

  test('each Shoot of a kind: List is checked, at its position in the List', () => {
    const r = check(['-'], input);
    expect(r.status).toBe(1);
    expect(lines(r)).toEqual([
      expect.stringMatching(/^<stdin>:20:21: error: Shoot garden-dev\/a: spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.upstream \(value: "Docker\.io"\): is not a valid upstream/),
      '1 error, 0 warnings, 0 notes: 2 Shoots and 0 referenced Secrets checked in 1 file (registry extensions v0.24.0)',
    ]);
  });

  test('the yaml package\'s path reads it the same (an anchor sends the document there)', () => {
    const r = check(['-'], input.replace('  resourceVersion: ""', '  resourceVersion: &v ""\n  uid: *v'));
    expect(lines(r)[0]).toMatch(/^<stdin>:20:21: error: Shoot garden-dev\/a: .*caches\[0\]\.upstream \(value: "Docker\.io"\)/);
    expect(lines(r)[1]).toMatch(/: 2 Shoots and/);
  });

  test('a ShootList (as the API server serves it: items without apiVersion and kind) is read too', () => {
    const typed = list([shoot('a', 'Docker.io', { indent: '  ', typeMeta: false })], 'apiVersion: core.gardener.cloud/v1beta1\nkind: ShootList');
    const r = check(['-'], typed);
    expect(lines(r)[0]).toMatch(/^<stdin>:18:21: error: Shoot garden-dev\/a: .*caches\[0\]\.upstream \(value: "Docker\.io"\)/);
    expect(lines(r)[1]).toMatch(/: 1 Shoot and/);
  });

  test('a Secret in a List is found as a referenced Secret; a key twice in a List item is placed in the List', () => {
    const withSecret = shoot('a', 'docker.io\n        secretReferenceName: creds', { indent: '  ' })
      + '\n    resources:\n    - name: creds\n      resourceRef: { apiVersion: v1, kind: Secret, name: creds-v1 }';
    const secret = '- apiVersion: v1\n  kind: Secret\n  metadata: { name: creds-v1, namespace: garden-dev }\n  type: Opaque\n  data: { username: dXNlcg==, password: cGFzcw== }';
    const r = check(['-'], list([withSecret, secret]));
    expect(r.stdout).toMatch(/^<stdin>:\d+:\d+: error: Secret garden-dev\/creds-v1: immutable: the referenced secret should be immutable/m);
    expect(lines(r).pop()).toMatch(/: 1 Shoot and 1 referenced Secret checked/);
    const twice = check(['-'], list([shoot('a', 'ghcr.io', { indent: '  ' }).replace('      type: aws', '      type: aws\n      type: gcp')]));
    expect(lines(twice)[0]).toMatch(/^<stdin>:12:7: error: Shoot garden-dev\/a: spec\.provider\.type: duplicate field "type"/);
  });

  test('--previous reads the items of a ShootList too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-answers-'));
    try {
      const before = path.join(dir, 'before.yaml');
      const deployed = (size: string) => shoot('a', `ghcr.io\n        volume: { size: ${size} }`, { indent: '  ', typeMeta: false });
      fs.writeFileSync(before, list([deployed('10Gi')], 'apiVersion: core.gardener.cloud/v1beta1\nkind: ShootList'));
      const r = check(['--previous', before, '-'], list([deployed('20Gi')], 'apiVersion: core.gardener.cloud/v1beta1\nkind: ShootList'));
      expect(r.stdout).toMatch(/error: Shoot garden-dev\/a: spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.volume\.size \(value: "20Gi"\): field is immutable/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--fail-if-no-shoots', () => {
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

  test('without it, an input with no Shoot passes (exit 0)', () => {
    expect(check(['-'], configMap).status).toBe(0);
  });

  test('fails (exit 1) when the input holds no Shoot, and says so', () => {
    const r = check(['--fail-if-no-shoots', '-'], configMap);
    expect(r.status).toBe(1);
    expect(lines(r)).toEqual([
      expect.stringMatching(/^cdk8s-gardener-registry-cache: error: the input holds no Shoot .*--fail-if-no-shoots was given\. Fix: .* \[no-shoots\]$/),
      '1 error, 0 warnings, 0 notes: 0 Shoots and 0 referenced Secrets checked in 1 file (registry extensions v0.24.0)',
    ]);
  });

  test('passes with a Shoot', () => {
    expect(check(['--fail-if-no-shoots', '-'], shoot('a', 'ghcr.io')).status).toBe(0);
  });
});

describe('the same Shoot twice', () => {
  test('in one file: an error at the second, naming the first\'s position', () => {
    const r = check(['-'], `${shoot('a', 'ghcr.io')}\n---\n${configMapLike()}\n---\n${shoot('a', 'quay.io')}\n---\n${shoot('a', 'quay.io', { namespace: 'garden-ops' })}`);
    expect(r.status).toBe(1);
    expect(lines(r)).toEqual([
      expect.stringMatching(/^<stdin>:28:9: error: Shoot garden-dev\/a: metadata\.name \(value: "a"\): Shoot garden-dev\/a is given twice in the input, first at <stdin>:4:9: .* \[duplicate-shoot\]$/),
      expect.stringMatching(/^1 error, 0 warnings, 0 notes: 3 Shoots/),
    ]);
  });

  test('in two files: a warning (the files may be for two garden clusters)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-answers-'));
    try {
      fs.writeFileSync(path.join(dir, 'dev.yaml'), shoot('a', 'ghcr.io'));
      fs.writeFileSync(path.join(dir, 'prod.yaml'), shoot('a', 'ghcr.io'));
      const r = check([dir]);
      expect(r.status).toBe(0);
      expect(lines(r)[0]).toBe(`${path.join(dir, 'prod.yaml')}:4:9: warning: Shoot garden-dev/a: metadata.name (value: "a"): Shoot garden-dev/a is given twice in the input, `
        + `first at ${path.join(dir, 'dev.yaml')}:4:9. Fix: nothing, if the two files are for different garden clusters (check them apart); otherwise keep one definition [duplicate-shoot]`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function configMapLike(): string {
  return 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: garden-dev';
}

describe('YAML syntax errors', () => {
  test.each([
    // The error is where the sequence item starts, not at the start of its line.
    ['a block sequence as an implicit key', `${shoot('a', 'ghcr.io')}\n        - upstream: quay.io`, 18, 9, 'A block sequence may not be used as an implicit map key'],
    ['a mapping item at the wrong column', shoot('a', 'ghcr.io').replace('    type: aws', '     type: aws'), 9, 5, 'All mapping items must start at the same column'],
    ['an unclosed quote', shoot('a', '"ghcr.io'), 17, 27, 'Missing closing "quote'],
    // The key starts on the line before (the sequence item's value) and ends at the ":" of this line: the error is here.
    ['a key over two lines', shoot('a', 'ghcr.io').replace('    - name: pool-a', '    - pool-a\n     minimum: 1'), 11, 13, 'Implicit keys need to be on a single line'],
  ])('%s: the yaml package\'s own message, at its line and column', (_name, text, line, column, message) => {
    const r = check(['-'], text);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`<stdin>:${line}:${column}: error: is not valid YAML: ${message} [yaml-syntax]\n`);
    // Not "no problems" when the input could not be checked.
    expect(lines(r).pop()).toBe('0 errors, 0 warnings, 0 notes: 0 Shoots and 0 referenced Secrets checked in 1 file; 1 input error (not checked) (registry extensions v0.24.0)');
  });

  test('the parts of a message that quote the source (which may be a Secret\'s data) are left out', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: "canary\\q-7Zx"\n';
    const escape = check(['-'], secret);
    expect(escape.stderr).toBe('<stdin>:6:20: error: is not valid YAML: Invalid escape sequence in a double-quoted string [yaml-syntax]\n');
    const stream = check(['-'], '- a\nb: canary-7Zx\n');
    expect(stream.stderr).toMatch(/^<stdin>:2:1: error: is not valid YAML: Unexpected scalar at node end \[yaml-syntax\]\n$/);
    for (const r of [escape, stream]) {
      expect(r.stdout + r.stderr).not.toMatch(/canary|7Zx/);
    }
  });
});

describe('--extension-version newer than the newest known one', () => {
  test('is a note (it does not change the exit code)', () => {
    const r = check(['--extension-version', 'v9.0.0', '-'], shoot('a', 'ghcr.io'));
    expect(r.status).toBe(0);
    expect(lines(r)).toEqual([
      `cdk8s-gardener-registry-cache: note: --extension-version v9.0.0 is newer than the newest version this package knows (${NEWEST_KNOWN_EXTENSION_VERSION}): `
      + `the input was checked with the rules of ${NEWEST_KNOWN_EXTENSION_VERSION}, and fields added since then are reported as unknown. `
      + `Fix: update cdk8s-gardener-registry-cache to a release that knows v9.0.0, or check against ${NEWEST_KNOWN_EXTENSION_VERSION} [extension-version]`,
      '0 errors, 0 warnings, 1 note: 1 Shoot and 0 referenced Secrets checked in 1 file (registry extensions v9.0.0)',
    ]);
  });

  test('the newest known one gives no note', () => {
    expect(check(['--extension-version', NEWEST_KNOWN_EXTENSION_VERSION, '-'], shoot('a', 'ghcr.io')).stdout).not.toMatch(/note/);
  });
});

describe('objects without a name or namespace', () => {
  test('a Shoot without a name is "(no name)", one without a namespace has no "/"', () => {
    expect(lines(check(['-'], shoot('', 'Docker.io')))[0]).toMatch(/^<stdin>:\d+:\d+: error: Shoot garden-dev\/\(no name\): spec\.extensions/);
    expect(lines(check(['-'], shoot('', 'Docker.io', { namespace: null })))[0]).toMatch(/^<stdin>:\d+:\d+: error: Shoot \(no name\): spec\.extensions/);
    expect(lines(check(['-'], shoot('a', 'Docker.io', { namespace: null })))[0]).toMatch(/^<stdin>:\d+:\d+: error: Shoot a: spec\.extensions/);
  });

  test('a Secret of a Shoot without a namespace is named without "/"', () => {
    const text = shoot('a', 'docker.io\n        secretReferenceName: creds', { namespace: null })
      + '\n  resources:\n  - name: creds\n    resourceRef: { apiVersion: v1, kind: Secret, name: creds-v1 }';
    const r = check(['-'], text);
    expect(r.stdout).toMatch(/refers \(through spec\.resources\[0\]\) to Secret creds-v1, which is not in the input/);
    expect(r.stdout).toMatch(/Caches with credentials: "docker\.io" \(Shoot a\)/);
    expect(r.stdout).not.toMatch(/Secret \/|Shoot \/|Shoot :/);
  });
});
