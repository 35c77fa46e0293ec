import { ApiObject, Chart } from 'cdk8s';
import { shootProps, synthErrors, testApp } from './_synth';
import { RegistryCache, RegistryMirror } from '../src';

/**
 * The Shoot-level rules as the constructs meet them (issue 9's false
 * accepts): run once per Shoot, as a validation of the Shoot, whether a
 * RegistryCache, a RegistryMirror or both amend it.
 */
function fixture(spec: Record<string, unknown>) {
  const app = testApp();
  const chart = new Chart(app, 'chart', { namespace: 'garden-dev' });
  const shoot = new ApiObject(chart, 'shoot', shootProps('crazy-botany', spec));
  return { app, chart, shoot };
}

describe('a RegistryCache fails when the Shoot', () => {
  test.each([
    ['has no workers (the extension is not registered for workerless Shoots)', { provider: { type: 'aws', workers: [] } },
      /^\[chart\/shoot\] spec\.provider\.workers: the Shoot has no workers, and the registry-cache extension is not registered for workerless Shoots/],
    ['has a worker with cri: {} (only a worker without cri defaults to containerd)', { provider: { type: 'aws', workers: [{ name: 'a' }, { name: 'b', cri: {} }] } },
      /^\[chart\/shoot\] spec\.provider\.workers\[1\]\.cri\.name: container runtime needs to be containerd when the registry-cache extension is enabled: a cri without a name is not defaulted/],
    ['has two resources of one name in its own definition', {
      resources: [
        { name: 'dns', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'a' } },
        { name: 'dns', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'b' } },
      ],
    }, /^\[chart\/shoot\] spec\.resources\[1\]\.name \(value: "dns"\): Duplicate value: spec\.resources\[0\] has the same name, and Gardener's validation rejects the whole Shoot/],
    ['has two extensions of one type in its own definition', { extensions: [{ type: 'shoot-dns-service' }, { type: 'shoot-cert-service' }, { type: 'shoot-dns-service' }] },
      /^\[chart\/shoot\] spec\.extensions\[2\]\.type \(value: "shoot-dns-service"\): Duplicate value: spec\.extensions\[0\] has the same type/],
  ])('%s', (_name, spec, line) => {
    const { app, chart, shoot } = fixture(spec);
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    expect(synthErrors(app)).toEqual([expect.stringMatching(line)]);
  });
});

describe('the Shoot-level rules', () => {
  test('report a problem of the Shoot once, with a cache and a mirror on it, naming both extensions', () => {
    const { app, chart, shoot } = fixture({ provider: { workers: [{ name: 'a', cri: { name: 'docker' } }] } });
    new RegistryCache(chart, 'cache', { shoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/^\[chart\/shoot\] spec\.provider\.workers\[0\]\.cri\.name \(value: "docker"\): container runtime needs to be containerd when the registry-cache and registry-mirror extensions are enabled/),
    ]);
  });

  test('check the references of the Shoot\'s own entries too', () => {
    const { app, chart, shoot } = fixture({
      extensions: [{ type: 'registry-cache', providerConfig: { caches: [{ upstream: 'ghcr.io', secretReferenceName: 'ghcr' }] } }],
      resources: [{ name: 'ghcr', resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghcr' } }],
    });
    new RegistryMirror(chart, 'mirror', { shoot }).addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.secretReferenceName \(value: "ghcr"\): failed to find referenced resource with name ghcr and kind Secret \(spec\.resources\[0\] refers to a "ConfigMap"\)/),
    ]);
  });

  test('report a non-Shoot once, and nothing else about it', () => {
    const app = testApp();
    const chart = new Chart(app, 'chart', { namespace: 'garden-dev' });
    const notShoot = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new RegistryCache(chart, 'cache', { shoot: notShoot }).addUpstream('ghcr', { upstream: 'ghcr.io' });
    new RegistryMirror(chart, 'mirror', { shoot: notShoot }).addMirror('docker', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io' }] });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[chart\/cm\] apiVersion\/kind \(value: "v1\/ConfigMap"\): is not a Gardener Shoot/)]);
  });
});
