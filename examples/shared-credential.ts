import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Example } from './example';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';

/** A minimal Shoot of the project, as a team may have it in its own construct. */
function shoot(scope: Construct, name: string): ApiObject {
  return new ApiObject(scope, name, {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name },
    spec: {
      cloudProfile: { kind: 'CloudProfile', name: 'aws' },
      region: 'eu-central-1',
      provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 2, machine: { type: 'm5.large' } }] },
    },
  });
}

/**
 * One credential shared by two Shoots of a project: one Secret in the
 * project namespace, one `spec.resources` entry in each Shoot.
 */
export const sharedCredential: Example = {
  name: 'shared-credential',
  description: 'One credential shared by two Shoots: one Secret, one resource entry per Shoot',
  build(app: App) {
    const chart = new Chart(app, 'garden-team', { namespace: 'garden-team' });

    const registry = new RegistryCacheCredential(chart, 'company-registry', {
      name: 'company-registry',
      version: 1,
      username: CredentialValue.unsafePlainText('team-puller'),
      password: CredentialValue.unsafePlainText('demo-company-registry-token'),
      // Both Shoots run only this team's workloads: serving cached private images to them is fine.
      acknowledgeUnauthenticatedCache: true,
    });

    for (const name of ['staging', 'production']) {
      const cache = new RegistryCache(chart, `${name}-registry-cache`, { shoot: shoot(chart, name) });
      cache.addUpstream('docker-io', { upstream: 'docker.io' });
      cache.addUpstream('company', { upstream: 'registry.example.com:5000', credential: registry });
    }
  },
};
