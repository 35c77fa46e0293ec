/* eslint-disable import/no-unresolved */ // the app imports the packed library as a user installs it (run.sh), not src/
// The reference app of test/languages: the same definition as python/main.py, java/.../Main.java and go/main.go.
// Usage: main <outdir> <shoot.yaml> <ca-bundle.pem> [invalid]
import * as fs from 'fs';
import { ApiObject, App, Chart, Include } from 'cdk8s';
import {
  CredentialValue, GitOpsPruneProtection, RegistryCache, RegistryCacheCredential, RegistryMirror, RegistryMirrorCaBundle,
} from 'cdk8s-gardener-registry-cache';
import { Construct } from 'constructs';

// ApiObjectProps has no `spec` outside TypeScript, so every app includes the Shoot from its YAML file.
function shoot(scope: Construct): ApiObject {
  return new Include(scope, 'shoot', { url: shootFile }).apiObjects[0];
}

const [outdir, shootFile, pemFile, mode] = process.argv.slice(2);
const app = new App({ outdir });

// The seed scenario: an immutable ro-docker-secret-v1, the Shoot's resource, the cache's secretReferenceName.
const seed = new Chart(app, 'seed', { namespace: 'garden-dev' });
const dockerHub = new RegistryCacheCredential(seed, 'docker-hub', {
  name: 'ro-docker-secret',
  version: 1,
  resourceName: 'docker-secret',
  username: CredentialValue.unsafePlainText('demo-user'),
  password: CredentialValue.unsafePlainText('demo-token'),
  acknowledgeUnauthenticatedCache: true,
});
const seedCache = new RegistryCache(seed, 'registry-cache', { shoot: shoot(seed) });
seedCache.addUpstream('docker-io', { upstream: 'docker.io', credential: dockerHub });
if (mode === 'invalid') {
  seedCache.addUpstream('bad', { upstream: 'https://docker.io/' });
}

// A rotation in progress: version 2, version 1 kept, Argo CD prune protection.
const rotation = new Chart(app, 'rotation', { namespace: 'garden-rotation' });
const rotated = new RegistryCacheCredential(rotation, 'docker-hub', {
  name: 'ro-docker-secret',
  version: 2,
  resourceName: 'docker-secret',
  username: CredentialValue.unsafePlainText('demo-user'),
  password: CredentialValue.unsafePlainText('demo-token-v2'),
  previousVersions: [{ version: 1, username: CredentialValue.unsafePlainText('demo-user'), password: CredentialValue.unsafePlainText('demo-token') }],
  pruneProtection: GitOpsPruneProtection.ARGO_CD,
  acknowledgeUnauthenticatedCache: true,
});
new RegistryCache(rotation, 'registry-cache', { shoot: shoot(rotation) })
  .addUpstream('docker-io', { upstream: 'docker.io', credential: rotated });

// A registry mirror with a CA bundle read from a file.
const mirrorChart = new Chart(app, 'mirror', { namespace: 'garden-mirror' });
const ca = new RegistryMirrorCaBundle(mirrorChart, 'private-mirror-ca', {
  name: 'private-mirror-ca-bundle', version: 1, pem: fs.readFileSync(pemFile, 'utf-8'),
});
new RegistryMirror(mirrorChart, 'registry-mirror', { shoot: shoot(mirrorChart) })
  .addMirror('quay-io', { upstream: 'quay.io', hosts: [{ host: 'https://private-mirror.internal', caBundle: ca }] });

app.synth();
