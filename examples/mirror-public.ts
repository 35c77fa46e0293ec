import { App, Chart } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { MirrorCapability, RegistryMirror } from '../src';

/**
 * The public mirror of Gardener's registry-mirror page: containerd on the
 * Shoot's nodes pulls Docker Hub images from `https://mirror.gcr.io` first,
 * and falls back to Docker Hub when the mirror fails (rate limits, outages).
 */
export const mirrorPublic: Example = {
  name: 'mirror-public',
  description: 'Gardener\'s registry-mirror page: Docker Hub pulled through the public mirror mirror.gcr.io',
  build(app: App) {
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const shoot = demoShoot(chart, 'shoot', { name: 'crazy-botany', cloud: 'aws', region: 'eu-west-1', machineType: 'm5.large', minimum: 1, maximum: 3 });

    const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot });
    mirror.addMirror('docker-io', {
      upstream: 'docker.io',
      hosts: [{ host: 'https://mirror.gcr.io', capabilities: [MirrorCapability.PULL] }],
    });
  },
};
