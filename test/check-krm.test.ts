import * as fs from 'fs';
import * as YAML from 'yaml';
import { buildCommand, removeBuild, runCommand } from './_command';

/**
 * `cdk8s-gardener-registry-cache krm`: the check as a KRM function, run as a
 * process on ResourceLists as kustomize and kpt write them (the real tools:
 * test/gitops/run.sh). Items come back unchanged, findings as `results`.
 */
beforeAll(() => {
  buildCommand();
});
afterAll(() => {
  removeBuild();
});

const SHOOT = fs.readFileSync('examples/gitops/garden-dev/crazy-botany.yaml', 'utf-8');
const SECRET = fs.readFileSync('examples/gitops/garden-dev/ro-docker-secret-v1.yaml', 'utf-8');

/** A ResourceList of the documents, each with the path annotations a KRM orchestrator adds. */
function resourceList(docs: string[], extra: Record<string, unknown> = {}): string {
  const items = docs.map((d, i) => {
    const o = YAML.parse(d);
    o.metadata.annotations = { 'internal.config.kubernetes.io/path': `garden-dev/doc-${i}.yaml`, 'internal.config.kubernetes.io/index': '0' };
    return o;
  });
  return YAML.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...extra });
}

function run(input: string, args: string[] = []) {
  const r = runCommand(['krm', ...args], { input });
  return { ...r, out: r.status === 2 ? undefined : YAML.parse(r.stdout) };
}

describe('the KRM function', () => {
  test('a good Shoot and its Secret: exit 0, the items unchanged, the warning as a result and on stderr', () => {
    const input = resourceList([SHOOT, SECRET]);
    const r = run(input);
    expect(r.status).toBe(0);
    expect(r.out.items).toEqual(YAML.parse(input).items);
    expect(r.out.results.map((x: { severity: string }) => x.severity)).toEqual(['warning', 'info']);
    expect(r.out.results[0]).toEqual({
      message: expect.stringMatching(/^spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.secretReferenceName: the registry cache has no authentication/),
      severity: 'warning',
      resourceRef: { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', name: 'crazy-botany', namespace: 'garden-dev' },
      field: { path: 'spec.extensions[0].providerConfig.caches[0].secretReferenceName' },
      file: { path: 'garden-dev/doc-0.yaml', index: 0 },
      tags: { rule: 'unauthenticated-cache' },
    });
    // The note (a Secret not in the input) is a result only: kustomize would print it on every build.
    expect(r.stderr).toMatch(/^garden-dev\/doc-0\.yaml: warning: Shoot garden-dev\/crazy-botany: spec\.extensions\[0\]/);
    expect(r.stderr).not.toMatch(/not in the input/);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('cdk8s-gardener-registry-cache krm: 0 errors, 1 warning: 1 Shoot and 1 referenced Secret checked (registry extensions v0.24.0)');
  });

  test('a bad Shoot: exit 1, an error result with the field path and the file, the same line on stderr', () => {
    const r = run(resourceList([SHOOT.replace('ttl: 168h', 'ttl: 7d'), SECRET]));
    expect(r.status).toBe(1);
    const errors = r.out.results.filter((x: { severity: string }) => x.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({
      message: expect.stringMatching(/^spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.garbageCollection\.ttl \(value: "7d"\): is not a Go duration: .*Fix: give a Go duration string such as "168h"/),
      field: { path: 'spec.extensions[0].providerConfig.caches[0].garbageCollection.ttl' },
      file: { path: 'garden-dev/doc-0.yaml', index: 0 },
      tags: { rule: 'cache-garbage-collection' },
    })]);
    expect(r.stderr).toMatch(/^garden-dev\/doc-0\.yaml: error: Shoot garden-dev\/crazy-botany: spec\.extensions\[0\]\.providerConfig\.caches\[0\]\.garbageCollection\.ttl \(value: "7d"\)/m);
  });

  test('a Secret\'s problem is placed at the Secret, without its value', () => {
    const r = run(resourceList([SHOOT, SECRET.replace('immutable: true', 'immutable: false')]));
    expect(r.status).toBe(1);
    expect(r.out.results).toContainEqual(expect.objectContaining({
      severity: 'error',
      resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'ro-docker-secret-v1', namespace: 'garden-dev' },
      field: { path: 'immutable' },
      file: { path: 'garden-dev/doc-1.yaml', index: 0 },
    }));
    expect(r.stdout.split('dckr_pat_not-a-real-token').length).toBe(2); // in the item only, not in a result
    expect(r.stderr).not.toContain('dckr_pat');
  });

  test('keeps the functionConfig and earlier results, and reads extensionVersion from it', () => {
    const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { extensionVersion: 'v0.17.0' } };
    const earlier = [{ message: 'from an earlier function', severity: 'info' }];
    const shoot = SHOOT.replace('secretReferenceName: artifact-registry', 'secretReferenceName: artifact-registry\n            serviceNameSuffix: gar');
    const r = run(resourceList([shoot, SECRET], { functionConfig, results: earlier }));
    expect(r.status).toBe(1);
    expect(r.out.functionConfig).toEqual(functionConfig);
    expect(r.out.results[0]).toEqual(earlier[0]);
    expect(r.stderr).toMatch(/serviceNameSuffix \(value: "gar"\): is unknown to registry-cache extension v0\.17\.0/);
    expect(run(resourceList([shoot, SECRET], { functionConfig }), ['--extension-version', 'v0.24.0']).status).toBe(0);
    // kustomize's functionConfig is the function's own object (examples/gitops/kustomize/registry-cache-check.yaml): its spec.
    const own = { apiVersion: 'gardener.cdk8s.io/v1alpha1', kind: 'RegistryCacheCheck', metadata: { name: 'c' }, spec: { extensionVersion: 'v0.17.0' } };
    expect(run(resourceList([shoot, SECRET], { functionConfig: own })).stderr).toMatch(/is unknown to registry-cache extension v0\.17\.0/);
  });

  test('an extensionVersion newer than the newest known one is an info result with its rule id, as the command\'s note', () => {
    const input = YAML.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [YAML.parse(SECRET)] });
    const r = run(input, ['--extension-version', 'v9.0.0']);
    expect(r.status).toBe(0);
    expect(r.out.results).toEqual([{
      message: 'extensionVersion v9.0.0 is newer than the newest version this function knows (v0.24.0): the input was checked with the rules of v0.24.0, '
        + 'and fields added since then are reported as unknown. Fix: update cdk8s-gardener-registry-cache to a release that knows v9.0.0, or check against v0.24.0',
      severity: 'info',
      tags: { rule: 'extension-version' },
    }]);
    expect(r.stderr).toBe('');
    expect(run(input, ['--extension-version', 'v0.24.0']).out.results).toBeUndefined();
  });

  test('no finding: the ResourceList comes back without results, and nothing on stderr', () => {
    const input = YAML.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [YAML.parse(SECRET)] });
    const r = run(input);
    expect(r.status).toBe(0);
    expect(r.out).toEqual(YAML.parse(input));
    expect(r.stderr).toBe('');
  });

  test('standard input that is not a ResourceList, or an unknown argument: exit 2 and the reason', () => {
    expect(run(SHOOT)).toMatchObject({ status: 2, stdout: '', stderr: expect.stringMatching(/standard input is not a ResourceList.*Fix: run it as a KRM function/) });
    expect(run('{ not: [yaml')).toMatchObject({ status: 2, stderr: expect.stringMatching(/is not a ResourceList/) });
    expect(run(resourceList([SHOOT]), ['--format', 'json'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown argument "--format"/) });
    expect(run(resourceList([SHOOT]), ['--extension-version', 'v0.1.0'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/extensionVersion/) });
  });

  test('--help prints the usage', () => {
    const r = runCommand(['krm', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-gardener-registry-cache krm /);
  });
});
