// Gardener's registry-mirror page: Docker Hub pulled through the public mirror mirror.gcr.io
// (containerd on the Shoot's nodes tries the mirror first, and Docker Hub when it fails: rate limits, outages).
import { ApiObject, App, Chart } from 'cdk8s';
import { MirrorCapability, RegistryMirror } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });

const shoot = new ApiObject(chart, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'crazy-botany' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'aws' },
    region: 'eu-west-1',
    provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 3, machine: { type: 'm5.large' } }] },
  },
});

const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot });
mirror.addMirror('docker-io', {
  upstream: 'docker.io',
  hosts: [{ host: 'https://mirror.gcr.io', capabilities: [MirrorCapability.PULL] }],
});

app.synth();
