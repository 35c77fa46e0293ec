import { App, Chart } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { RegistryCache, RegistryCacheCredential } from '../src';

/**
 * The recommended GitOps setup: the Secret `company-registry-v2` is made
 * outside the app (Sealed Secrets, External Secrets, SOPS or kubectl), so the
 * synthesized YAML holds no credential at all, not even base64. The app
 * declares only the versioned name; the Shoot wiring follows it.
 *
 * The Secret you create must be in the Shoot's project namespace, with
 * `immutable: true` and exactly the data keys `username` and `password`. To
 * rotate, create `company-registry-v3` first, then bump `version`.
 */
export const referenceOnly: Example = {
  name: 'reference-only',
  description: 'A credential whose Secret is managed outside (Sealed Secrets, External Secrets, SOPS): Shoot wiring only, no Secret',
  build(app: App) {
    const garden = new Chart(app, 'garden-team', { namespace: 'garden-team' });
    const shoot = demoShoot(garden, 'shoot', { name: 'production', cloud: 'aws', region: 'eu-central-1', machineType: 'm5.xlarge', minimum: 2, maximum: 6 });

    const registry = RegistryCacheCredential.fromSecretName(garden, 'company-registry', {
      name: 'company-registry',
      version: 2,
      acknowledgeUnauthenticatedCache: true,
    });

    const cache = new RegistryCache(garden, 'registry-cache', { shoot });
    cache.addUpstream('company', { upstream: 'registry.example.com', credential: registry });
    cache.addUpstream('docker-io', { upstream: 'docker.io' });
  },
};
