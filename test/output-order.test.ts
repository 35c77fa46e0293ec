import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { shootProps, synthErrors, synthObjects } from './_synth';
import { CredentialValue, RegistryCache, RegistryCacheCredential, RegistryMirror, RegistryMirrorCaBundle } from '../src';
import { precedes } from '../src/_output-order';
import { CA_V1 } from './fixtures/pem';

/**
 * Every Secret before every Shoot that references it, whatever the order of
 * declaration (issue 9): `kubectl apply -f` follows document order (and file
 * order), and Gardener rejects a Shoot whose resource reference names a Secret
 * that does not exist yet.
 */

const credentialIn = (scope: Construct, id = 'docker-hub', props: Record<string, unknown> = {}) => new RegistryCacheCredential(scope, id, {
  name: 'ro-docker-secret',
  version: 1,
  namespace: 'garden-dev',
  acknowledgeUnauthenticatedCache: true,
  username: CredentialValue.unsafePlainText('robot'),
  password: CredentialValue.unsafePlainText('token'),
  ...props,
});
const bundleIn = (scope: Construct, id = 'ca') => new RegistryMirrorCaBundle(scope, id, { name: 'private-mirror-ca-bundle', version: 1, namespace: 'garden-dev', pem: CA_V1 });
const shootIn = (scope: Construct, name = 'crazy-botany') => new ApiObject(scope, name, shootProps(name));
const kindsAndNames = (objects: any[]) => objects.map(o => `${o.kind} ${o.metadata.name}`);

describe('Secrets come before the Shoots that reference them', () => {
  test('a credential and a CA bundle declared after the Shoot', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const shoot = shootIn(chart);
    const cache = new RegistryCache(chart, 'cache', { shoot });
    cache.addUpstream('docker', { upstream: 'docker.io', credential: credentialIn(chart) });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('quay', { upstream: 'quay.io', hosts: [{ host: 'https://m.io', caBundle: bundleIn(chart) }] });
    const expected = ['Secret ro-docker-secret-v1', 'Secret private-mirror-ca-bundle-v1', 'Shoot crazy-botany'];
    expect(kindsAndNames(synthObjects(app))).toEqual(expected);
    // Testing.synth (Chart.toJson) and app.synth() order the same way.
    expect(kindsAndNames(Testing.synth(chart))).toEqual(expected);
    app.synth();
    const written = parseAllDocuments(fs.readFileSync(path.join(app.outdir, 'garden-dev.k8s.yaml'), 'utf-8')).map(d => d.toJSON());
    expect(kindsAndNames(written)).toEqual(expected);
  });

  test('every version of a rotation window stays together, in order, before the Shoot', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const shoot = shootIn(chart);
    const credential = credentialIn(chart, 'docker-hub', {
      version: 3, previousVersions: [{ version: 1, username: CredentialValue.unsafePlainText('a'), password: CredentialValue.unsafePlainText('b') }],
    });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io', credential });
    expect(kindsAndNames(synthObjects(app))).toEqual(['Secret ro-docker-secret-v1', 'Secret ro-docker-secret-v3', 'Shoot crazy-botany']);
  });

  test('one credential for several Shoots, declared between them', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const a = shootIn(chart, 'a');
    const credential = credentialIn(chart);
    const b = shootIn(chart, 'b');
    for (const shoot of [b, a]) {
      new RegistryCache(chart, `cache-${shoot.name}`, { shoot }).addUpstream('docker', { upstream: 'docker.io', credential });
    }
    const order = kindsAndNames(synthObjects(app));
    expect(order.indexOf('Secret ro-docker-secret-v1')).toBeLessThan(order.indexOf('Shoot a'));
    expect(order.indexOf('Secret ro-docker-secret-v1')).toBeLessThan(order.indexOf('Shoot b'));
  });

  test('costs nothing when the order is already right: no dependency is added', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const credential = credentialIn(chart);
    const shoot = shootIn(chart);
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io', credential });
    expect(kindsAndNames(synthObjects(app))).toEqual(['Secret ro-docker-secret-v1', 'Shoot crazy-botany']);
    expect(shoot.node.dependencies).toEqual([]);
  });

  test('in nested scopes: compares tree positions, not declaration order', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const first = new Construct(chart, 'first');
    const second = new Construct(chart, 'second');
    const shoot = shootIn(second); // declared before the credential, but in a later scope
    const credential = credentialIn(first);
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io', credential });
    expect(kindsAndNames(synthObjects(app))).toEqual(['Secret ro-docker-secret-v1', 'Shoot crazy-botany']);
    expect(shoot.node.dependencies).toEqual([]);
  });

  test('across Charts: the Secret\'s Chart first, and with one file per Chart the file names give the order', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-'));
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    const shoots = new Chart(app, 'shoots', { namespace: 'garden-dev' });
    const secrets = new Chart(app, 'credentials', { namespace: 'garden-dev' });
    const shoot = shootIn(shoots);
    new RegistryCache(shoots, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io', credential: credentialIn(secrets) });
    expect(kindsAndNames(synthObjects(app))).toEqual(['Secret ro-docker-secret-v1', 'Shoot crazy-botany']);
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['0000-credentials.k8s.yaml', '0001-shoots.k8s.yaml']);
  });

  test('a Secret in a Chart nested in the Shoot\'s Chart comes first anyway', () => {
    const app = Testing.app();
    const outer = new Chart(app, 'outer', { namespace: 'garden-dev' });
    const inner = new Chart(outer, 'inner', { namespace: 'garden-dev' });
    const shoot = shootIn(outer);
    new RegistryCache(outer, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io', credential: credentialIn(inner) });
    expect(kindsAndNames(synthObjects(app))).toEqual(['Secret ro-docker-secret-v1', 'Shoot crazy-botany']);
  });

  test('fails when the Shoot\'s Chart is nested in the Secret\'s Chart (cdk8s writes the nested Chart first)', () => {
    const app = Testing.app();
    const outer = new Chart(app, 'outer', { namespace: 'garden-dev' });
    const inner = new Chart(outer, 'inner', { namespace: 'garden-dev' });
    const shoot = shootIn(inner);
    new RegistryCache(inner, 'cache', { shoot }).addUpstream('docker', { upstream: 'docker.io', credential: credentialIn(outer) });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[outer\/inner\/crazy-botany\] Secret "garden-dev\/ro-docker-secret-v1": is in Chart outer, and the Shoot that references it is in Chart outer\/inner, nested in it.*Fix: declare the credential or CA bundle in the Shoot's Chart/),
    ]);
  });
});

describe('precedes', () => {
  test('is preorder: ancestors first, then siblings in the order they were added', () => {
    const app = Testing.app();
    const a = new Construct(app, 'a');
    const a1 = new Construct(a, '1');
    const b = new Construct(app, 'b');
    const a2 = new Construct(a, '2');
    expect(precedes(a, a1)).toBe(true);
    expect(precedes(a1, a)).toBe(false);
    expect(precedes(a1, a2)).toBe(true);
    expect(precedes(a2, b)).toBe(true);
    expect(precedes(b, a2)).toBe(false);
    expect(precedes(b, b)).toBe(true);
  });

  test('stays right as the tree grows between calls, and is false across trees', () => {
    const app = Testing.app();
    const a = new Construct(app, 'a');
    const a1 = new Construct(a, '1');
    const b = new Construct(app, 'b');
    expect(precedes(a1, b)).toBe(true); // positions from this walk are kept
    const a2 = new Construct(a, '2'); // appended to an earlier parent: before b in preorder
    const b1 = new Construct(b, '1');
    expect(precedes(a2, b)).toBe(true);
    expect(precedes(b, a2)).toBe(false);
    expect(precedes(a1, a2)).toBe(true);
    expect(precedes(a2, b1)).toBe(true);
    expect(precedes(b1, a1)).toBe(false);
    expect(precedes(a1, b)).toBe(true);
    const other = new Construct(Testing.app(), 'other');
    expect(precedes(a1, other)).toBe(false);
    expect(precedes(other, a1)).toBe(false);
  });
});
