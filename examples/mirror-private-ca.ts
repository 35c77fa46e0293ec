import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Example } from './example';
import { demoShoot } from './shoot';
import { RegistryMirror, RegistryMirrorCaBundle } from '../src';

/**
 * Gardener's "How to provide a certificate authority bundle for a private
 * mirror?" page: `quay.io` mirrored by `https://private-mirror.internal`,
 * whose certificate is issued by a private CA. The CA certificate goes into
 * the immutable Secret `private-mirror-ca-bundle-v1` of the project namespace,
 * which the Shoot references as `private-mirror-ca-bundle`. To rotate the CA,
 * bump `version` (and keep the old one in `previousVersions` until the Shoot
 * has reconciled).
 *
 * The certificate is a demo CA made for these examples (public, no key).
 */
export const mirrorPrivateCa: Example = {
  name: 'mirror-private-ca',
  description: 'Gardener\'s CA bundle page: a private mirror with a self-signed CA, private-mirror-ca-bundle-v1 referenced as private-mirror-ca-bundle',
  build(app: App) {
    const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
    const shoot = demoShoot(chart, 'shoot', { name: 'crazy-botany', cloud: 'aws', region: 'eu-west-1', machineType: 'm5.large', minimum: 1, maximum: 3 });

    const caBundle = new RegistryMirrorCaBundle(chart, 'private-mirror-ca', {
      name: 'private-mirror-ca-bundle',
      version: 1,
      pem: fs.readFileSync(path.join(__dirname, 'certs', 'private-mirror-ca-v1.pem'), 'utf-8'),
    });

    const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot });
    mirror.addMirror('quay-io', {
      upstream: 'quay.io',
      hosts: [{ host: 'https://private-mirror.internal', caBundle }],
    });
  },
};
