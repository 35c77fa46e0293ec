import { ApiObject, Chart } from 'cdk8s';
import { shootProps, synthErrors, testApp } from './_synth';
import { MirroredUpstream, RegistryMirror, RegistryMirrorCaBundle } from '../src';
import { CA_V1 } from './fixtures/pem';

/**
 * The mirror constructs with input as plain JS may pass it: null, strings,
 * Symbols, Proxies whose traps throw. Each gives one validation error (or,
 * for misuse that leaves a construct unusable, a clear exception), never a
 * TypeError or a trap's own exception.
 */
const throwingProxy = () => new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });
const revokedProxy = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const odd: Array<[string, () => unknown]> = [
  ['null', () => null], ['a string', () => 'docker'], ['a number', () => 42], ['an array', () => []],
  ['a Symbol', () => Symbol('props')], ['a throwing Proxy', throwingProxy], ['a revoked Proxy', revokedProxy],
];

function fixture() {
  const app = testApp();
  const chart = new Chart(app, 'chart', { namespace: 'garden-dev' });
  const shoot = new ApiObject(chart, 'shoot', shootProps());
  return { app, chart, shoot };
}

describe('plain JS input to the mirror constructs', () => {
  test.each(odd)('props of RegistryMirrorCaBundle and fromSecretName are %s: one error each', (_what, make) => {
    for (const build of [
      (c: Chart) => new RegistryMirrorCaBundle(c, 'ca', make() as never),
      (c: Chart) => RegistryMirrorCaBundle.fromSecretName(c, 'ca', make() as never),
    ]) {
      const { app, chart } = fixture();
      build(chart);
      expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[chart\/ca\] props \(value: .*\): (must be an object|cannot be read).*Fix: pass an object such as \{ name: "private-mirror-ca-bundle"/)]);
    }
  });

  test.each(odd)('the options of a mirror are %s: one error', (_what, make) => {
    const { app, chart, shoot } = fixture();
    const mirror = new RegistryMirror(chart, 'mirror', { shoot });
    mirror.addMirror('ok', { upstream: 'docker.io', hosts: [{ host: 'https://m.io' }] });
    mirror.addMirror('odd', make() as never);
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/mirror\/odd\] spec\.extensions\[0\]\.providerConfig\.mirrors\[1\] \(value: .*\): (must be an object|cannot be read)/),
    ]);
  });

  test.each(odd)('a host of a mirror is %s: one error', (_what, make) => {
    const { app, chart, shoot } = fixture();
    new RegistryMirror(chart, 'mirror', { shoot, mirrors: [{ upstream: 'docker.io', hosts: [{ host: 'https://m.io' }, make() as never] }] });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/mirror\] spec\.extensions\[0\]\.providerConfig\.mirrors\[0\]\.hosts\[1\] \(value: .*\): (must be an object|cannot be read)/),
    ]);
  });

  test.each(odd)('the caBundle of a host is %s: one error', (_what, make) => {
    const { app, chart, shoot } = fixture();
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('m', { upstream: 'quay.io', hosts: [{ host: 'https://m.io', caBundle: make() as never }] });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/hosts\[0\]\.caBundleSecretReferenceName .*caBundle is not a RegistryMirrorCaBundle/)]);
  });

  test('previousVersions and pruneProtection of a CA bundle of the wrong shape', () => {
    const { app, chart } = fixture();
    new RegistryMirrorCaBundle(chart, 'ca', { name: 'ca', version: 2, pem: CA_V1, previousVersions: [null, throwingProxy()] as never, pruneProtection: 'argo' as never });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/ca\] previousVersions\[0\] \(value: "null"\): must be an object/),
      expect.stringMatching(/^\[chart\/ca\] previousVersions\[1\] .*cannot be read: reading version threw/),
      expect.stringMatching(/^\[chart\/ca\] pruneProtection \(value: "argo"\): is not a GitOpsPruneProtection/),
    ]);
  });

  test('a host URL with user info is never written, not even by a synth without validation', () => {
    const { chart, shoot } = fixture();
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('m', { upstream: 'quay.io', hosts: [{ host: 'https://robot:s3cr3t@m.io' }] });
    expect(JSON.stringify(shoot.toJson())).not.toContain('s3cr3t');
  });

  test('new MirroredUpstream without props: a clear error, not a TypeError', () => {
    const { chart } = fixture();
    expect(() => new MirroredUpstream(chart, 'u', null as never)).toThrow(/MirroredUpstream "chart\/u": registryMirror must be the RegistryMirror of a Shoot \(got "undefined"\)\. Fix: use registryMirror\.addMirror/);
  });
});
