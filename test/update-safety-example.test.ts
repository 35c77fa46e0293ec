import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { buildUpdateSafetyScenario, FIRST_DEPLOYMENT, updateSafety } from '../examples/update-safety';
import { UpdateSafetyCheck } from '../src';

const PREVIOUS = path.join(__dirname, '..', 'examples', 'update-safety', 'previous.k8s.yaml');

describe('examples/update-safety', () => {
  test('the committed previous deployment is what FIRST_DEPLOYMENT synthesizes', () => {
    const app = Testing.app();
    buildUpdateSafetyScenario(app, FIRST_DEPLOYMENT);
    expect(Yaml.load(PREVIOUS)).toEqual(app.charts.flatMap(c => c.toJson()));
  });

  test('the second deployment passes the check', () => {
    const app = Testing.app();
    updateSafety.build(app);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('the same deployment with the token changed but not the version fails', () => {
    const app = Testing.app();
    buildUpdateSafetyScenario(app, { ...FIRST_DEPLOYMENT, password: 'demo-rotated-token', withGhcr: true });
    new UpdateSafetyCheck(app, 'update-safety', { previousManifests: PREVIOUS });
    expect(() => app.synthYaml()).toThrow(/Secret "garden-dev\/ro-docker-secret-v1" data: the deployed Secret is immutable.*keys changed: "password".*Fix: bump the credential's version to 2/);
  });
});
