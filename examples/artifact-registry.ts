import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { CredentialValue, ImagePullSecret, RegistryCache, RegistryCacheCredential } from '../src';

/**
 * Google Artifact Registry: the user name is `_json_key` and the password is
 * the service-account key, read from its JSON file at synth (here a fake but
 * well-formed key shipped with the example). The key is checked as the
 * extension's admission does; a broken key can make the cache fail even for
 * public images. Each regional host (`europe-docker.pkg.dev`, ...) is its own
 * upstream.
 */
export const artifactRegistry: Example = {
  name: 'artifact-registry',
  description: 'Artifact Registry: _json_key and a service-account key file, for europe-docker.pkg.dev',
  build(app: App) {
    const garden = new Chart(app, 'garden-ml', { namespace: 'garden-ml' });
    const gar = RegistryCacheCredential.fromServiceAccountKey(garden, 'artifact-registry', {
      name: 'gar-reader',
      version: 1,
      resourceName: 'gar-secret',
      serviceAccountKey: CredentialValue.fromFile(path.join(__dirname, 'keys', 'demo-service-account-key.json')),
      acknowledgeUnauthenticatedCache: true,
    });

    const shoot = demoShoot(garden, 'shoot', { name: 'training', cloud: 'gcp', region: 'europe-west1', machineType: 'n2-standard-4', minimum: 1, maximum: 4 });

    const cache = new RegistryCache(garden, 'registry-cache', { shoot });
    cache.addUpstream('europe-docker-pkg-dev', { upstream: 'europe-docker.pkg.dev', credential: gar });

    const workloads = new Chart(app, 'shoot-workloads', { namespace: 'training' });
    new ImagePullSecret(workloads, 'gar-pull', { credential: gar, upstream: 'europe-docker.pkg.dev', name: 'gar-pull' });
  },
};
