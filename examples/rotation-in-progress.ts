import { App, Chart } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { CredentialValue, GitOpsPruneProtection, ImagePullSecret, RegistryCache, RegistryCacheCredential } from '../src';

/**
 * Gardener's six rotation steps, in the middle: the Docker Hub credential is
 * at version 2 and the Shoot references `ro-docker-secret-v2`, while
 * `ro-docker-secret-v1` is still in the output until the Shoot has
 * reconciled (steps 2 to 4). The next commit drops `previousVersions`; Argo
 * CD then leaves v1 in the cluster (Prune=false) until you delete it (step 5).
 *
 * The Shoot's workloads get an image pull Secret from the same credential,
 * in a chart deployed to the Shoot: containerd falls back to the upstream when
 * the cache is down, and then needs it.
 */
export const rotationInProgress: Example = {
  name: 'rotation-in-progress',
  description: 'A credential rotation in progress: v1 and v2 Secrets, the Shoot on v2, Argo CD prune protection, the workloads\' pull Secret',
  build(app: App) {
    const garden = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    // Demo values, so that the example synthesizes anywhere. In a real app,
    // read them with CredentialValue.fromEnv or fromFile (e.g. DOCKER_TOKEN_V1, DOCKER_TOKEN_V2).
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

    const shoot = demoShoot(garden, 'shoot', { name: 'crazy-botany', cloud: 'aws', region: 'eu-west-1', machineType: 'm5.large', minimum: 1, maximum: 3 });

    const cache = new RegistryCache(garden, 'registry-cache', { shoot });
    cache.addUpstream('docker-io', { upstream: 'docker.io', credential: dockerHub });

    // Deployed to the Shoot (not the garden cluster): the Pods' own pull Secret.
    const workloads = new Chart(app, 'shoot-workloads', { namespace: 'default' });
    new ImagePullSecret(workloads, 'docker-hub-pull', { credential: dockerHub, upstream: 'docker.io', name: 'docker-hub-pull' });
  },
};
