import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import { synthExample } from './_examples';
import { FIRST_DEPLOYMENT } from '../examples';
import { CredentialValue, RegistryCache, RegistryCacheCredential, UpdateSafetyCheck } from '../src';

const PREVIOUS = path.join(__dirname, '..', 'examples', 'update-safety', 'previous.k8s.yaml');

describe('examples/update-safety', () => {
  test('the committed previous deployment is what the first deployment (first-deployment/main.ts) writes, byte for byte', () => {
    expect(synthExample(FIRST_DEPLOYMENT)).toEqual({ 'garden-dev.k8s.yaml': fs.readFileSync(PREVIOUS, 'utf-8') });
  });

  test('the second deployment (main.ts) passes the check', () => {
    expect(Object.keys(synthExample('update-safety'))).toEqual(['garden-dev.k8s.yaml']);
  });

  test('a deployment with the token changed but not the version fails against it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const credential = new RegistryCacheCredential(chart, 'docker-hub', {
      name: 'ro-docker-secret',
      version: 1,
      resourceName: 'docker-secret',
      username: CredentialValue.unsafePlainText('demo-user'),
      password: CredentialValue.unsafePlainText('demo-rotated-token'),
    });
    const shoot = new ApiObject(chart, 'shoot', {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Shoot',
      metadata: { name: 'crazy-botany' },
      spec: { region: 'eu-west-1', provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 3, machine: { type: 'm5.large' } }] } },
    });
    new RegistryCache(chart, 'registry-cache', { shoot }).addUpstream('docker-io', {
      upstream: 'docker.io', credential, volumeSize: Size.gibibytes(50), storageClassName: 'premium', garbageCollectionTtl: Duration.seconds(0),
    });
    new UpdateSafetyCheck(app, 'update-safety', { previousManifests: PREVIOUS });
    expect(() => app.synthYaml()).toThrow(/Secret "garden-dev\/ro-docker-secret-v1" data: the deployed Secret is immutable.*keys changed: "password".*Fix: bump the credential's version to 2/);
  });
});
