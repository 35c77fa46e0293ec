import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Include, Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { synthExample } from './_examples';
import { FIRST_DEPLOYMENT } from '../examples';
import { UpdateSafetyCheck } from '../src';

const PREVIOUS = path.join(__dirname, '..', 'examples', 'update-safety', 'previous.k8s.yaml');

describe('examples/update-safety', () => {
  test('the committed previous deployment is what the first deployment (first-deployment/main.ts) writes, byte for byte', () => {
    expect(synthExample(FIRST_DEPLOYMENT)).toEqual({ 'garden-dev.k8s.yaml': fs.readFileSync(PREVIOUS, 'utf-8') });
  });

  test('the second deployment (main.ts) passes the check', () => {
    expect(Object.keys(synthExample('update-safety'))).toEqual(['garden-dev.k8s.yaml']);
  });

  test('a deployment with the token changed but not the version fails against it', () => {
    // The first deployment again, with another token in the same Secret (ro-docker-secret-v1).
    const docs = parseAllDocuments(fs.readFileSync(PREVIOUS, 'utf-8')).map(d => d.toJSON());
    const secret = docs.find(d => d.kind === 'Secret');
    secret.data.password = Buffer.from('demo-rotated-token').toString('base64');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'update-safety-'));
    fs.writeFileSync(path.join(dir, 'current.k8s.yaml'), docs.map(d => stringify(d)).join('---\n'));
    const app = Testing.app();
    new Include(new Chart(app, 'garden-dev'), 'current', { url: path.join(dir, 'current.k8s.yaml') });
    new UpdateSafetyCheck(app, 'update-safety', { previousManifests: PREVIOUS });
    const synth = () => {
      try {
        app.synthYaml();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(synth).toThrow(/Secret "garden-dev\/ro-docker-secret-v1" data: the deployed Secret is immutable.*keys changed: "password".*Fix: bump the credential's version to 2/);
  });
});
