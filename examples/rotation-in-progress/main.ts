// A credential rotation in progress: v1 and v2 Secrets, the Shoot on v2, Argo CD prune protection, the workloads' pull Secret
// (Gardener's six rotation steps, in the middle: steps 2 to 4).
import { ApiObject, App, Chart } from 'cdk8s';
import { CredentialValue, GitOpsPruneProtection, ImagePullSecret, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

const app = new App();
const garden = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });

// The credential is at version 2 and the Shoot references ro-docker-secret-v2, while ro-docker-secret-v1 stays in
// the output until the Shoot has reconciled. The next commit drops previousVersions; Argo CD then leaves v1 in the
// cluster (Prune=false) until you delete it (step 5).
// Demo values, so that the example synthesizes anywhere: a real app reads them with
// CredentialValue.fromEnv('DOCKER_TOKEN_V2') or CredentialValue.fromFile(...).
const dockerHub = new RegistryCacheCredential(garden, 'docker-hub', {
  name: 'ro-docker-secret',
  version: 2,
  resourceName: 'docker-secret',
  username: CredentialValue.unsafePlainText('demo-user'),
  password: CredentialValue.unsafePlainText('demo-access-token-v2'),
  previousVersions: [
    { version: 1, username: CredentialValue.unsafePlainText('demo-user'), password: CredentialValue.unsafePlainText('demo-access-token') },
  ],
  pruneProtection: GitOpsPruneProtection.ARGO_CD,
  acknowledgeUnauthenticatedCache: true,
});

const shoot = new ApiObject(garden, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'crazy-botany' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'aws' },
    region: 'eu-west-1',
    provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 3, machine: { type: 'm5.large' } }] },
  },
});

const cache = new RegistryCache(garden, 'registry-cache', { shoot });
cache.addUpstream('docker-io', { upstream: 'docker.io', credential: dockerHub });

// Deployed to the Shoot (not the garden cluster): the Pods' own pull Secret from the same credential.
// containerd falls back to the upstream when the cache is down, and then needs it.
const workloads = new Chart(app, 'shoot-workloads', { namespace: 'default' });
new ImagePullSecret(workloads, 'docker-hub-pull', { credential: dockerHub, upstream: 'docker.io', name: 'docker-hub-pull' });

app.synth();
