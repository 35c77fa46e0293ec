// One credential shared by two Shoots: one Secret, one resource entry per Shoot
// (the Secret in the project namespace, a spec.resources entry in each Shoot).
import { ApiObject, App, Chart } from 'cdk8s';
import { CredentialValue, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'garden-team', { namespace: 'garden-team' });

// Demo values, so that the example synthesizes anywhere: a real app reads them with
// CredentialValue.fromEnv('REGISTRY_TOKEN') or CredentialValue.fromFile(...).
const registry = new RegistryCacheCredential(chart, 'company-registry', {
  name: 'company-registry',
  version: 1,
  username: CredentialValue.unsafePlainText('team-puller'),
  password: CredentialValue.unsafePlainText('demo-company-registry-token'),
  // Both Shoots run only this team's workloads: serving cached private images to them is fine.
  acknowledgeUnauthenticatedCache: true,
});

for (const name of ['staging', 'production']) {
  const shoot = new ApiObject(chart, name, {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name },
    spec: {
      cloudProfile: { kind: 'CloudProfile', name: 'aws' },
      region: 'eu-central-1',
      provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 2, machine: { type: 'm5.large' } }] },
    },
  });
  const cache = new RegistryCache(chart, `${name}-registry-cache`, { shoot });
  cache.addUpstream('docker-io', { upstream: 'docker.io' });
  cache.addUpstream('company', { upstream: 'registry.example.com:5000', credential: registry });
}

app.synth();
