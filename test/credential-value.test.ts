import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';
import { captureConsole, decoded, gardenChart, shoot, synthDocs } from './credential-helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'credential-value-'));
function file(name: string, content: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Synthesizes one credential attached to a cache; returns its Secret's decoded data. */
function secretData(username: CredentialValue, password: CredentialValue): Record<string, string> {
  const { app, chart } = gardenChart();
  const credential = new RegistryCacheCredential(chart, 'cred', {
    name: 'ro-docker-secret', version: 1, username, password, acknowledgeUnauthenticatedCache: true,
  });
  new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('docker', { upstream: 'docker.io', credential });
  return decoded(synthDocs(app).find(d => d.kind === 'Secret'));
}

function synthError(username: CredentialValue, password: CredentialValue): string {
  const { app, chart } = gardenChart();
  new RegistryCacheCredential(chart, 'cred', { name: 'ro-docker-secret', version: 1, username, password });
  try {
    app.synthYaml();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth did not fail');
}

describe('CredentialValue.unsafePlainText', () => {
  test('is the value as given', () => {
    expect(secretData(CredentialValue.unsafePlainText('user'), CredentialValue.unsafePlainText('p@ss word')))
      .toEqual({ username: 'user', password: 'p@ss word' });
  });
});

describe('CredentialValue.fromEnv', () => {
  afterEach(() => {
    delete process.env.TEST_REGISTRY_USER;
    delete process.env.TEST_REGISTRY_PASSWORD;
  });

  test('reads the variable at synth, not when constructed', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'cred', {
      name: 'ro-docker-secret',
      version: 1,
      username: CredentialValue.fromEnv('TEST_REGISTRY_USER'),
      password: CredentialValue.fromEnv('TEST_REGISTRY_PASSWORD'),
    });
    process.env.TEST_REGISTRY_USER = 'env-user';
    process.env.TEST_REGISTRY_PASSWORD = 'env-token';
    expect(decoded(synthDocs(app).find(d => d.kind === 'Secret'))).toEqual({ username: 'env-user', password: 'env-token' });
  });

  test('fails when the variable is not set, naming it', () => {
    process.env.TEST_REGISTRY_USER = 'env-user';
    expect(synthError(CredentialValue.fromEnv('TEST_REGISTRY_USER'), CredentialValue.fromEnv('TEST_REGISTRY_PASSWORD')))
      .toMatch(/Secret "garden-dev\/ro-docker-secret-v1" data\.password: cannot be read: environment variable "TEST_REGISTRY_PASSWORD" is not set\. Fix: set "TEST_REGISTRY_PASSWORD" in the environment/);
  });

  test('fails when the variable name is empty', () => {
    expect(synthError(CredentialValue.fromEnv(''), CredentialValue.unsafePlainText('x')))
      .toMatch(/data\.username: cannot be read: the environment variable name is empty/);
  });

  test('describes where the value comes from, never the value', () => {
    process.env.TEST_REGISTRY_PASSWORD = 'secret-token';
    const value = CredentialValue.fromEnv('TEST_REGISTRY_PASSWORD');
    value._read(new App());
    expect(value.description).toBe('environment variable "TEST_REGISTRY_PASSWORD"');
    expect(String(value)).toBe('CredentialValue(environment variable "TEST_REGISTRY_PASSWORD")');
    expect(JSON.stringify({ value })).not.toContain('secret-token');
  });
});

describe('CredentialValue.fromFile', () => {
  test('strips one trailing newline by default, so it never reaches the Secret', () => {
    expect(secretData(CredentialValue.fromFile(file('user', 'file-user\n')), CredentialValue.fromFile(file('pw', 'file-token\r\n'))))
      .toEqual({ username: 'file-user', password: 'file-token' });
  });

  test('keeps the content otherwise as it is', () => {
    expect(secretData(CredentialValue.unsafePlainText('u'), CredentialValue.fromFile(file('multi', '{\n  "a": "b"\n}'))))
      .toEqual({ username: 'u', password: '{\n  "a": "b"\n}' });
  });

  test('keepTrailingNewline keeps it, and a password with surrounding white space is a warning', () => {
    const { result, output } = captureConsole(() =>
      secretData(CredentialValue.unsafePlainText('u'), CredentialValue.fromFile(file('nl', 'token\n'), { keepTrailingNewline: true })));
    expect(result).toEqual({ username: 'u', password: 'token\n' });
    expect(output).toEqual([
      '[cdk8s-gardener-registry-cache] Warning: Secret "garden-dev/ro-docker-secret-v1" data.password starts or ends with white space '
      + '(often a newline from a file or a variable). The extension accepts it and passes it to the registry verbatim, so pulls usually fail. '
      + 'Remove it, unless the password really has it.',
    ]);
  });

  test('fails when the file does not exist, naming the path', () => {
    const missing = path.join(tmp, 'no-such-file');
    expect(synthError(CredentialValue.unsafePlainText('u'), CredentialValue.fromFile(missing)))
      .toMatch(new RegExp(`data\\.password: cannot be read: file ${JSON.stringify(missing).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} does not exist\\. Fix: create the file or correct the path`));
  });

  test('fails when the path cannot be read as a file', () => {
    expect(synthError(CredentialValue.unsafePlainText('u'), CredentialValue.fromFile(tmp)))
      .toMatch(/data\.password: cannot be read: file ".*" is a directory, not a regular file\. Fix: give a readable regular file of at most 64 KiB/);
  });

  test('fails when a username from a file kept its newline (the extension rejects whitespace)', () => {
    expect(synthError(CredentialValue.fromFile(file('user-nl', 'user\n'), { keepTrailingNewline: true }), CredentialValue.unsafePlainText('p')))
      .toMatch(/data\.username: contains whitespace \(a trailing newline from `echo` or a file is the usual cause\)/);
  });

  test('fails when a username has a second trailing newline', () => {
    expect(synthError(CredentialValue.fromFile(file('user-nl2', 'user\n\n')), CredentialValue.unsafePlainText('p')))
      .toMatch(/data\.username: contains whitespace/);
  });
});
