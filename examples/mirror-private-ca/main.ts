// Gardener's CA bundle page: a private mirror with a self-signed CA, private-mirror-ca-bundle-v1 referenced as private-mirror-ca-bundle
// (Gardener's "How to provide a certificate authority bundle for a private mirror?").
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { RegistryMirror, RegistryMirrorCaBundle } from 'cdk8s-gardener-registry-cache';

const app = new App();
const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });

const shoot = new ApiObject(chart, 'shoot', {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'crazy-botany' },
  spec: {
    cloudProfile: { kind: 'CloudProfile', name: 'aws' },
    region: 'eu-west-1',
    provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 3, machine: { type: 'm5.large' } }] },
  },
});

// The CA certificate (a demo CA made for these examples, public, no key) goes into the immutable Secret
// private-mirror-ca-bundle-v1 of the project namespace. To rotate the CA, bump `version` (and keep the old one in
// `previousVersions` until the Shoot has reconciled).
const caBundle = new RegistryMirrorCaBundle(chart, 'private-mirror-ca', {
  name: 'private-mirror-ca-bundle',
  version: 1,
  pem: fs.readFileSync(path.join(__dirname, 'private-mirror-ca-v1.pem'), 'utf-8'),
});

// quay.io is mirrored by https://private-mirror.internal, whose certificate that CA issued.
const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot });
mirror.addMirror('quay-io', {
  upstream: 'quay.io',
  hosts: [{ host: 'https://private-mirror.internal', caBundle }],
});

app.synth();
