import { App, Chart } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from '../src';

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
      const cache = new RegistryCache(chart, `${name}-registry-cache`, { shoot: demoShoot(chart, name, { name, cloud: 'aws', region: 'eu-central-1', machineType: 'm5.large', minimum: 1, maximum: 2 }) });
      cache.addUpstream('docker-io', { upstream: 'docker.io' });
      cache.addUpstream('company', { upstream: 'registry.example.com:5000', credential: registry });
    }
  },
};
