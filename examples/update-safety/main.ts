// A second deployment checked against the first: token rotated by a version bump, an upstream added, immutable settings kept
// (the first is first-deployment/main.ts; what it wrote is committed next to this file as previous.k8s.yaml).
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import { CredentialValue, RegistryCache, RegistryCacheCredential, UpdateSafetyCheck } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });

// The Docker Hub token is rotated: a new value needs a new version (ro-docker-secret-v2), since the deployed
// Secret is immutable. Demo values, so that the example synthesizes anywhere: a real app reads them with
// CredentialValue.fromEnv('DOCKER_HUB_TOKEN') or CredentialValue.fromFile(...).
const dockerHub = new RegistryCacheCredential(chart, 'docker-hub', {
  name: 'ro-docker-secret',
  version: 2,
  resourceName: 'docker-secret',
  username: CredentialValue.unsafePlainText('demo-user'),
  password: CredentialValue.unsafePlainText('demo-rotated-token'),
});

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

// Gardener never lets the volume size, the StorageClass or turning garbage collection off change in place:
// change any of them here, or the token without the version, and synth fails.
const cache = new RegistryCache(chart, 'registry-cache', { shoot });
cache.addUpstream('docker-io', {
  upstream: 'docker.io',
  credential: dockerHub,
  // 50Gi in the first deployment: the same quantity, so no change.
  volumeSize: Size.mebibytes(51200),
  storageClassName: 'premium',
  garbageCollectionTtl: Duration.seconds(0),
});
// New in this deployment.
cache.addUpstream('ghcr-io', { upstream: 'ghcr.io', volumeSize: Size.gibibytes(20) });

// The deployed manifests: in a real app the last deployed dist/ (e.g. `git show origin/main:dist/garden-dev.k8s.yaml`).
new UpdateSafetyCheck(app, 'update-safety', {
  previousManifests: path.join(__dirname, 'previous.k8s.yaml'),
  failWhenMissing: true,
});

app.synth();
