// A credential whose Secret is managed outside (Sealed Secrets, External Secrets, SOPS): Shoot wiring only, no Secret
// (the recommended GitOps setup: the synthesized YAML holds no credential at all, not even base64).
import { ApiObject, App, Chart } from 'cdk8s';
import { RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

const app = new App();
const garden = new Chart(app, 'garden-team', { namespace: 'garden-team' });

const shoot = new ApiObject(garden, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'production' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'aws' },
    region: 'eu-central-1',
    provider: { type: 'aws', workers: [{ name: 'worker', minimum: 2, maximum: 6, machine: { type: 'm5.xlarge' } }] },
  },
});

// The app declares only the versioned name company-registry-v2; the Shoot wiring follows it. The Secret you create
// (Sealed Secrets, External Secrets, SOPS or kubectl) must be in the Shoot's project namespace, with
// `immutable: true` and exactly the data keys `username` and `password`. To rotate, create company-registry-v3
// first, then bump `version`.
const registry = RegistryCacheCredential.fromSecretName(garden, 'company-registry', {
  name: 'company-registry',
  version: 2,
  acknowledgeUnauthenticatedCache: true,
});

const cache = new RegistryCache(garden, 'registry-cache', { shoot });
cache.addUpstream('company', { upstream: 'registry.example.com', credential: registry });
cache.addUpstream('docker-io', { upstream: 'docker.io' });

app.synth();
