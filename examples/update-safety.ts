import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { CredentialValue, RegistryCache, RegistryCacheCredential, UpdateSafetyCheck } from '../src';

/** What the committed previous deployment (`update-safety/previous.k8s.yaml`) was made from. */
export interface UpdateSafetyDeployment {
  /** The version of the Docker Hub credential. */
  readonly credentialVersion: number;
  /** The Docker Hub access token (a demo value). */
  readonly password: string;
  /** Whether ghcr.io is cached too. */
  readonly withGhcr: boolean;
}

/** The first deployment, as committed in `update-safety/previous.k8s.yaml`. */
export const FIRST_DEPLOYMENT: UpdateSafetyDeployment = { credentialVersion: 1, password: 'demo-access-token', withGhcr: false };

/** The Gardener page's scenario, with the cache settings that can never change in place. */
export function buildUpdateSafetyScenario(app: App, d: UpdateSafetyDeployment): void {
  const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
  const dockerHub = new RegistryCacheCredential(chart, 'docker-hub', {
    name: 'ro-docker-secret',
    version: d.credentialVersion,
    resourceName: 'docker-secret',
    username: CredentialValue.unsafePlainText('demo-user'),
    password: CredentialValue.unsafePlainText(d.password),
  });
  const shoot = demoShoot(chart, 'shoot', { name: 'crazy-botany', cloud: 'aws', region: 'eu-west-1', machineType: 'm5.large', minimum: 1, maximum: 3 });
  const cache = new RegistryCache(chart, 'registry-cache', { shoot });
  cache.addUpstream('docker-io', {
    upstream: 'docker.io',
    credential: dockerHub,
    // Written as 51200Mi here and 50Gi before: the same quantity, so no change.
    volumeSize: d.withGhcr ? Size.mebibytes(51200) : Size.gibibytes(50),
    storageClassName: 'premium',
    garbageCollectionTtl: Duration.seconds(0),
  });
  if (d.withGhcr) {
    cache.addUpstream('ghcr-io', { upstream: 'ghcr.io', volumeSize: Size.gibibytes(20) });
  }
}

/**
 * The second deployment of the Gardener page's scenario, checked against the
 * first one (committed next to it): the Docker Hub token is rotated by a
 * version bump (v1 -> v2), ghcr.io is added, and the settings Gardener never
 * lets change (volume size, StorageClass, garbage collection off) stay. Change
 * any of those, or the token without the version, and synth fails.
 */
export const updateSafety: Example = {
  name: 'update-safety',
  description: 'A second deployment checked against the first: token rotated by a version bump, an upstream added, immutable settings kept',
  build(app: App) {
    buildUpdateSafetyScenario(app, { credentialVersion: 2, password: 'demo-rotated-token', withGhcr: true });
    new UpdateSafetyCheck(app, 'update-safety', {
      previousManifests: path.join(__dirname, 'update-safety', 'previous.k8s.yaml'),
      failWhenMissing: true,
    });
  },
};
