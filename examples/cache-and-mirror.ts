import { App, Chart, Size } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { CredentialValue, MirrorCapability, RegistryCache, RegistryCacheCredential, RegistryMirror } from '../src';

/**
 * Both registry extensions on one Shoot: Docker Hub through a public mirror,
 * GitHub Container Registry and Artifact Registry through caches inside the
 * cluster. An upstream is either mirrored or cached on one Shoot (the
 * registry-mirror admission rejects both); the library checks that across
 * the two constructs.
 */
export const cacheAndMirror: Example = {
  name: 'cache-and-mirror',
  description: 'One Shoot with registry-cache and registry-mirror: Docker Hub mirrored, ghcr.io and europe-docker.pkg.dev cached',
  build(app: App) {
    const chart = new Chart(app, 'garden-platform', { namespace: 'garden-platform' });
    const shoot = demoShoot(chart, 'shoot', { name: 'build-farm', cloud: 'gcp', region: 'europe-west1', machineType: 'n2-standard-8', minimum: 2, maximum: 10 });

    const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot });
    mirror.addMirror('docker-io', { upstream: 'docker.io', hosts: [{ host: 'https://mirror.gcr.io', capabilities: [MirrorCapability.PULL] }] });

    const ghcr = new RegistryCacheCredential(chart, 'ghcr', {
      name: 'ghcr-readonly',
      version: 1,
      username: CredentialValue.unsafePlainText('platform-bot'),
      password: CredentialValue.unsafePlainText('demo-ghcr-token'),
      acknowledgeUnauthenticatedCache: true,
    });
    const cache = new RegistryCache(chart, 'registry-cache', { shoot });
    cache.addUpstream('ghcr-io', { upstream: 'ghcr.io', credential: ghcr, volumeSize: Size.gibibytes(50) });
    cache.addUpstream('europe-docker-pkg-dev', { upstream: 'europe-docker.pkg.dev' });
  },
};
