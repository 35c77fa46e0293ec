import * as path from 'path';
import { ApiObject, App, Chart, Include, Size, Duration } from 'cdk8s';
import { Example } from './example';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';

/**
 * A Shoot that already exists as a YAML file, taken as it is with `Include`:
 * its own extensions and resources stay, in their order, and the registry
 * cache is added after them.
 */
export const includeExistingShoot: Example = {
  name: 'include-existing-shoot',
  description: 'An existing Shoot YAML file taken with Include; its extensions and resources are kept',
  build(app: App) {
    const chart = new Chart(app, 'platform', { namespace: 'garden-platform' });
    const ghcr = new RegistryCacheCredential(chart, 'ghcr', {
      name: 'ghcr-readonly',
      version: 3,
      username: CredentialValue.unsafePlainText('platform-bot'),
      password: CredentialValue.unsafePlainText('demo-ghcr-token'),
      // Platform Shoots run only the team's own workloads: serving cached private images to them is fine.
      acknowledgeUnauthenticatedCache: true,
    });

    const included = new Include(chart, 'local-dev', { url: path.join(__dirname, 'shoots', 'local-dev.yaml') });
    const shoot = included.apiObjects.find(o => o.kind === 'Shoot') as ApiObject;
    const cache = new RegistryCache(chart, 'registry-cache', { shoot });
    cache.addUpstream('docker-io', {
      upstream: 'docker.io',
      volumeSize: Size.gibibytes(50),
      garbageCollectionTtl: Duration.days(14),
    });
    cache.addUpstream('ghcr-io', { upstream: 'ghcr.io', credential: ghcr, highAvailability: true });
    cache.addUpstream('quay-io', { upstream: 'quay.io', remoteUrl: 'https://quay.io', tls: false });
  },
};
