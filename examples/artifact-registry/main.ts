// Artifact Registry: _json_key and a service-account key file, for europe-docker.pkg.dev
// (each regional host, europe-docker.pkg.dev, us-docker.pkg.dev, ..., is an upstream of its own).
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { CredentialValue, ImagePullSecret, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

const app = new App();
const garden = new Chart(app, 'garden-ml', { namespace: 'garden-ml' });

// The user name is _json_key and the password the service-account key, read from its JSON file at synth (here a
// fake but well-formed key next to this file). The key is checked as the extension's admission does: a broken key
// can make the cache fail even for public images.
const gar = RegistryCacheCredential.fromServiceAccountKey(garden, 'artifact-registry', {
  name: 'gar-reader',
  version: 1,
  resourceName: 'gar-secret',
  serviceAccountKey: CredentialValue.fromFile(path.join(__dirname, 'demo-service-account-key.json')),
  acknowledgeUnauthenticatedCache: true,
});

const shoot = new ApiObject(garden, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'training' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'gcp' },
    region: 'europe-west1',
    provider: { type: 'gcp', workers: [{ name: 'worker', minimum: 1, maximum: 4, machine: { type: 'n2-standard-4' } }] },
  },
});

const cache = new RegistryCache(garden, 'registry-cache', { shoot });
cache.addUpstream('europe-docker-pkg-dev', { upstream: 'europe-docker.pkg.dev', credential: gar });

// Deployed to the Shoot: the Pods' own pull Secret from the same key.
const workloads = new Chart(app, 'shoot-workloads', { namespace: 'training' });
new ImagePullSecret(workloads, 'gar-pull', { credential: gar, upstream: 'europe-docker.pkg.dev', name: 'gar-pull' });

app.synth();
