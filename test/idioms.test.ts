import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { ApiObject, Chart } from 'cdk8s';
import * as constructs from 'constructs';
import {
  CachedUpstream, CredentialValue, ImagePullSecret, RegistryCache, RegistryCacheCredential, UpdateSafetyCheck,
} from '../src';
import { captureConsole, gardenChart, shoot, synthDocs } from './credential-helpers';
import { CA_V1 } from './fixtures/pem';

const plain = CredentialValue.unsafePlainText;

/**
 * The cdk8s idioms users reach for: `ApiObject.of` on a construct that emits
 * one main object, and `isXxx()` type checks that hold across copies of the
 * library (Symbol.for brands, as cdk8s' own `ApiObject.isApiObject`).
 */
describe('node.defaultChild: ApiObject.of works', () => {
  test('RegistryCacheCredential: the current version\'s Secret, with previous versions kept', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', {
      name: 'ro-docker-secret',
      version: 2,
      username: plain('u2'),
      password: plain('p2'),
      previousVersions: [{ version: 1, username: plain('u1'), password: plain('p1') }],
    });
    const secret = ApiObject.of(credential);
    expect(secret.kind).toBe('Secret');
    expect(secret.name).toBe('ro-docker-secret-v2');
    // The escape hatch reaches the output.
    secret.metadata.addLabel('team', 'platform');
    const docs = synthDocs(app).filter(d => d.kind === 'Secret');
    expect(docs.map(d => [d.metadata.name, d.metadata.labels])).toEqual([
      ['ro-docker-secret-v1', undefined],
      ['ro-docker-secret-v2', { team: 'platform' }],
    ]);
  });

  test('fromServiceAccountKey: the current version\'s Secret', () => {
    const { chart } = gardenChart();
    const key = JSON.stringify({ type: 'service_account', client_email: 'a@b.iam.gserviceaccount.com', private_key: 'k' });
    const gar = RegistryCacheCredential.fromServiceAccountKey(chart, 'gar', { name: 'gar', version: 3, serviceAccountKey: plain(key) });
    expect(ApiObject.of(gar).name).toBe('gar-v3');
  });

  test('ImagePullSecret: its Secret', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: plain('u'), password: plain('p') });
    const pull = new ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential, upstream: 'ghcr.io', name: 'ghcr-pull' });
    expect(ApiObject.of(pull).name).toBe('ghcr-pull');
  });
});

describe('isXxx(): one way to recognise the library\'s types', () => {
  test('each is true for its own type only, and false for anything else without throwing', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: plain('u'), password: plain('p'), acknowledgeUnauthenticatedCache: true });
    const reference = RegistryCacheCredential.fromSecretName(chart, 'ref', { name: 'x', version: 1 });
    const cache = new RegistryCache(chart, 'cache', { shoot: shoot(chart) });
    const upstream = cache.addUpstream('d', { upstream: 'docker.io', credential });
    const pull = new ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential, upstream: 'docker.io', name: 'pull' });
    const check = new UpdateSafetyCheck(app, 'update', { previousManifests: '/nonexistent/previous' });
    const value = plain('v');

    const all = [credential, reference, cache, upstream, pull, check, value];
    const checks: Array<[string, (x: unknown) => boolean, unknown[]]> = [
      ['RegistryCacheCredential.isRegistryCacheCredential', RegistryCacheCredential.isRegistryCacheCredential, [credential]],
      ['RegistryCacheCredential.isCredential', RegistryCacheCredential.isCredential, [credential, reference]],
      ['RegistryCache.isRegistryCache', RegistryCache.isRegistryCache, [cache]],
      ['CachedUpstream.isCachedUpstream', CachedUpstream.isCachedUpstream, [upstream]],
      ['ImagePullSecret.isImagePullSecret', ImagePullSecret.isImagePullSecret, [pull]],
      ['UpdateSafetyCheck.isUpdateSafetyCheck', UpdateSafetyCheck.isUpdateSafetyCheck, [check]],
      ['CredentialValue.isCredentialValue', CredentialValue.isCredentialValue, [value]],
    ];
    const hostile = new Proxy({}, { has: () => { throw new Error('trap'); } });
    for (const [name, is, yes] of checks) {
      for (const x of all) {
        expect([name, is(x)]).toEqual([name, yes.includes(x)]);
      }
      for (const x of [undefined, null, 0, 'RegistryCache', {}, [], () => undefined, chart, ApiObject.of(credential), hostile]) {
        expect([name, is(x)]).toEqual([name, false]);
      }
    }
    // Brands are not enumerable: they never reach output or JSON.
    expect(Object.keys(credential)).not.toContainEqual(expect.stringContaining('cdk8s-gardener-registry-cache'));
    expect(JSON.stringify(value)).toBe('"CredentialValue(a plain-text value)"');
  });
});

/** Two copies of the library (two dependencies that each bring one), with one cdk8s and constructs, as npm installs peers. */
function twoCopies(): [typeof import('../src'), typeof import('../src')] {
  const copies: Array<typeof import('../src')> = [];
  for (let i = 0; i < 2; i++) {
    jest.isolateModules(() => {
      jest.doMock('cdk8s', () => cdk8s);
      jest.doMock('constructs', () => constructs);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      copies.push(require('../src'));
    });
  }
  expect(copies[0].RegistryCache).not.toBe(copies[1].RegistryCache);
  return [copies[0], copies[1]];
}

describe('two copies of the library in one app', () => {
  test('a cache of one copy takes credentials and values of the other', () => {
    const [a, b] = twoCopies();
    const { app, chart } = gardenChart();
    // The credentials come from one copy (e.g. a team's construct library), with values of the other.
    const credential = new b.RegistryCacheCredential(chart, 'cred', {
      name: 'ro-docker-secret', version: 1, resourceName: 'docker-secret', username: a.CredentialValue.unsafePlainText('u'), password: a.CredentialValue.unsafePlainText('p'), acknowledgeUnauthenticatedCache: true,
    });
    const reference = b.RegistryCacheCredential.fromSecretName(chart, 'ref', { name: 'company', version: 2 });
    const cache = new a.RegistryCache(chart, 'cache', { shoot: shoot(chart) });
    cache.addUpstream('docker-io', { upstream: 'docker.io', credential });
    cache.addUpstream('company', { upstream: 'registry.example.com', credential: reference });
    new a.ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential, upstream: 'docker.io', name: 'pull' });

    const { result, error, output } = captureConsole(() => synthDocs(app));
    expect(error).toBeUndefined();
    // The acknowledgement made in one copy is seen by the other: only the reference, not acknowledged, is named.
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/Caches with credentials: "registry\.example\.com" \(garden\/cache\/company\)\. If/);
    const docs = result!;
    const shootDoc = docs.find(d => d.kind === 'Shoot');
    expect(shootDoc.spec.extensions[0].providerConfig.caches).toEqual([
      { upstream: 'docker.io', secretReferenceName: 'docker-secret' },
      { upstream: 'registry.example.com', secretReferenceName: 'company' },
    ]);
    expect(shootDoc.spec.resources.map((r: any) => r.resourceRef.name)).toEqual(['ro-docker-secret-v1', 'company-v2']);
    expect(docs.find(d => d.type === 'kubernetes.io/dockerconfigjson').stringData['.dockerconfigjson']).toContain('"username":"u"');

    // Each copy's isXxx() recognises the other's constructs.
    expect(a.RegistryCacheCredential.isRegistryCacheCredential(credential)).toBe(true);
    expect(a.RegistryCacheCredential.isCredential(reference)).toBe(true);
    expect(b.RegistryCache.isRegistryCache(cache)).toBe(true);
    expect(b.CachedUpstream.isCachedUpstream(cache.upstreams[0])).toBe(true);
    expect(RegistryCache.isRegistryCache(cache)).toBe(true);
  });

  test('a mirror of one copy takes CA bundles of the other; isXxx() holds across copies', () => {
    const [a, b] = twoCopies();
    const { app, chart } = gardenChart();
    const bundle = new b.RegistryMirrorCaBundle(chart, 'ca', { name: 'private-mirror-ca-bundle', version: 1, pem: CA_V1 });
    const reference = b.RegistryMirrorCaBundle.fromSecretName(chart, 'ca-ref', { name: 'other-ca', version: 3 });
    const mirror = new a.RegistryMirror(chart, 'mirror', { shoot: shoot(chart) });
    const upstream = mirror.addMirror('docker-io', {
      upstream: 'docker.io',
      hosts: [{ host: 'https://mirror.example.com', caBundle: bundle }, { host: 'https://other.example.com', caBundle: reference }],
    });
    const docs = synthDocs(app);
    const shootDoc = docs.find(d => d.kind === 'Shoot');
    expect(shootDoc.spec.extensions[0].providerConfig.mirrors[0].hosts.map((h: any) => h.caBundleSecretReferenceName))
      .toEqual(['private-mirror-ca-bundle', 'other-ca']);
    expect(a.RegistryMirrorCaBundle.isRegistryMirrorCaBundle(bundle)).toBe(true);
    expect(a.RegistryMirrorCaBundle.isRegistryMirrorCaBundle(reference)).toBe(false);
    expect(a.RegistryMirrorCaBundle.isCaBundle(reference)).toBe(true);
    expect(b.RegistryMirror.isRegistryMirror(mirror)).toBe(true);
    expect(b.MirroredUpstream.isMirroredUpstream(upstream)).toBe(true);
    expect(b.MirroredUpstream.isMirroredUpstream(mirror)).toBe(false);
    expect(b.RegistryMirror.isRegistryMirror(new Proxy({}, { has: () => { throw new Error('trap'); } }))).toBe(false);
  });

  test('fails when a mirror host is given a look-alike that is not a CA bundle', () => {
    const [a] = twoCopies();
    const { app, chart } = gardenChart();
    const mirror = new a.RegistryMirror(chart, 'mirror', { shoot: shoot(chart) });
    const lookalike = { secretName: 'x-v1', resourceName: 'x', namespace: 'garden-dev', node: chart.node };
    mirror.addMirror('d', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.example.com', caBundle: lookalike as any }] });
    expect(() => app.synthYaml()).toThrow(/caBundleSecretReferenceName.*caBundle is not a RegistryMirrorCaBundle/);
  });

  test('fails when a copy is given something that is not a credential, as one copy does', () => {
    const [a] = twoCopies();
    const { app, chart } = gardenChart();
    const cache = new a.RegistryCache(chart, 'cache', { shoot: shoot(chart) });
    const lookalike = { secretName: 'x-v1', resourceName: 'x', namespace: 'garden-dev', node: chart.node };
    cache.addUpstream('d', { upstream: 'docker.io', credential: lookalike as any });
    expect(() => app.synthYaml()).toThrow(/secretReferenceName \(value: "object"\): credential is not a RegistryCacheCredential/);
  });
});

describe('loading', () => {
  test('requiring the library, and using ImagePullSecret, loads no cdk8s-plus', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const name of ['cdk8s-plus-28', 'cdk8s-plus-33']) {
        jest.doMock(name, () => {
          loaded.push(name);
          return {};
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lib: typeof import('../src') = require('../src');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const k: typeof cdk8s = require('cdk8s');
      const app = k.Testing.app();
      const chart = new k.Chart(app, 'garden', { namespace: 'garden-dev' });
      const credential = new lib.RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: lib.CredentialValue.unsafePlainText('u'), password: lib.CredentialValue.unsafePlainText('p') });
      new lib.ImagePullSecret(new k.Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential, upstream: 'docker.io', name: 'pull' });
      expect(app.synthYaml()).toContain('kubernetes.io/dockerconfigjson');
    });
    expect(loaded).toEqual([]);
  });
});

/**
 * The README's claim: every synth validates. In cdk8s 2.70 `Testing.synth(chart)`
 * is `chart.toJson()`, which validates the whole app (every chart), as
 * `app.synth()` and `app.synthYaml()` do.
 */
describe('when validation runs', () => {
  function appWithProblemInAnotherChart(): { garden: Chart; app: cdk8s.App } {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: plain('u'), password: plain('p') });
    new ImagePullSecret(new Chart(app, 'w', { namespace: 'apps' }), 'pull', { credential, upstream: 'ghcr.io', name: 'Bad_Name' });
    return { garden: chart, app };
  }

  test('Testing.synth(chart) and chart.toJson() validate the whole app, other charts included', () => {
    const problem = /^Validation failed with the following errors:\n {2}\[w\/pull\] name \(value: "Bad_Name"\)/;
    expect(() => cdk8s.Testing.synth(appWithProblemInAnotherChart().garden)).toThrow(problem);
    expect(() => appWithProblemInAnotherChart().garden.toJson()).toThrow(problem);
    expect(() => appWithProblemInAnotherChart().app.synthYaml()).toThrow(problem);
  });

  test('Testing.synth(chart) runs the UpdateSafetyCheck too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idioms-'));
    try {
      const previous = path.join(dir, 'previous.k8s.yaml');
      const build = (password: string): Chart => {
        const { app, chart } = gardenChart();
        new RegistryCacheCredential(chart, 'cred', { name: 'r', version: 1, username: plain('u'), password: plain(password) });
        new UpdateSafetyCheck(app, 'update', { previousManifests: previous });
        return chart;
      };
      fs.writeFileSync(previous, cdk8s.Yaml.stringify(...cdk8s.Testing.synth(build('first'))));
      expect(() => cdk8s.Testing.synth(build('second'))).toThrow(/\[update\] .*the deployed Secret is immutable, and its data changed while its name stayed the same/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
