import { checkInProcess } from './_command';
import { docSection } from './_docs';
import { RULES } from '../src/_check/rule-ids';

/**
 * The check command's rule ids (issue 26): every finding has one, the same in
 * every format; the "Rule ids" table of docs/check.md lists exactly the ids the
 * command has, and each of them is emitted by the fixtures or by one of the
 * inputs below (so no id in the table is dead, and none emitted is missing
 * from it).
 */

const PAGE = docSection('docs/check.md', '## Rule ids');

/** The ids of the "Rule ids" table: its first column, in order. */
function pageIds(): string[] {
  const table = PAGE.split('\n\n')[2].trimEnd();
  return table.split('\n').slice(2).map(row => /^\| `([a-z-]+)` \|/.exec(row)?.[1] ?? `not a row: ${row}`);
}

/** The JSON report of a run. */
function report(args: readonly string[], stdin = ''): { problems: any[]; inputErrors: any[]; messages: any[] } {
  return JSON.parse(checkInProcess(['--format', 'json', ...args], { stdin }).stdout);
}

const idsOf = (r: ReturnType<typeof report>): string[] => [...r.problems, ...r.inputErrors, ...r.messages].map(x => x.rule);

const SHOOT = 'apiVersion: core.gardener.cloud/v1beta1\nkind: Shoot\nmetadata:\n  name: a\n  namespace: garden-dev\nspec:\n  provider:\n    type: aws\n    workers:\n    - name: w\n';
const CACHE = `${SHOOT}  extensions:\n  - type: registry-cache\n    providerConfig:\n      apiVersion: registry.extensions.gardener.cloud/v1alpha3\n      kind: RegistryConfig\n      caches:\n      - upstream: docker.io\n`;
const MIRROR = `${SHOOT}  extensions:\n  - type: registry-mirror\n    providerConfig:\n      apiVersion: mirror.extensions.gardener.cloud/v1alpha1\n      kind: MirrorConfig\n      mirrors:\n`;

/** Inputs for the ids the fixtures do not hold, each with the id it must give. */
const CASES: Array<[string, string[], string]> = [
  ['input-error', ['test/fixtures/check/does-not-exist.yaml'], ''],
  ['no-shoots', ['--fail-if-no-shoots', '-'], 'apiVersion: v1\nkind: ConfigMap\n'],
  ['shoot-look-alike', ['-'], SHOOT.replace('kind: Shoot', 'kind: shoot')],
  ['duplicate-shoot', ['-'], `${SHOOT}---\n${SHOOT}`],
  ['cache-proxy', ['-'], `${CACHE}        proxy:\n          httpProxy: ftp://proxy.example.com\n`],
  ['cache-fields', ['-'], `${CACHE}        highAvailability:\n          enabled: "yes"\n`],
  ['cache-secret-reference', ['-'], `${CACHE}        secretReferenceName: missing\n`],
  ['mirror-capabilities', ['-'], `${MIRROR}      - upstream: docker.io\n        hosts:\n        - host: https://mirror.gcr.io\n          capabilities: [push]\n`],
  ['mirror-fields', ['-'], `${MIRROR}      - upstream: docker.io\n        hosts: []\n`],
  ['shoot-extensions', ['-'], `${CACHE}  - type: registry-cache\n`],
  ['secret-two-purposes', ['-'], `${CACHE}        secretReferenceName: r\n  - type: registry-mirror\n    providerConfig:\n      apiVersion: mirror.extensions.gardener.cloud/v1alpha1\n`
    + '      kind: MirrorConfig\n      mirrors:\n      - upstream: quay.io\n        hosts:\n        - host: https://mirror.example.com\n          caBundleSecretReferenceName: r\n'
    + '  resources:\n  - name: r\n    resourceRef: { apiVersion: v1, kind: Secret, name: s }\n'],
  ['shoot-resources', ['-'], `${CACHE}  resources:\n  - name: r\n    resourceRef: { apiVersion: v1, kind: Secret, name: s }\n  - name: r\n    resourceRef: { apiVersion: v1, kind: Secret, name: s }\n`],
];

describe('rule ids', () => {
  test('the "Rule ids" table of docs/check.md lists every rule id, in the order of rule-ids.ts', () => {
    expect(pageIds()).toEqual(Object.keys(RULES));
  });

  test('the table says what each rule checks, as the SARIF help text does', () => {
    for (const [id, help] of Object.entries(RULES)) {
      expect(PAGE).toContain(`| \`${id}\` | ${help} |`);
    }
  });

  test.each(CASES)('%s is emitted', (id, args, stdin) => {
    expect(idsOf(report(args, stdin))).toContain(id);
  });

  test('every id emitted (fixtures and the inputs above) is in the table, and every id of the table is emitted', () => {
    const emitted = new Set<string>();
    const fixtures = ['--extension-version', 'v9.0.0', 'test/fixtures/check/problems', 'test/fixtures/check/broken', 'test/fixtures/check/clean'];
    idsOf(report(fixtures)).forEach(id => emitted.add(id));
    idsOf(report(['--previous', 'test/fixtures/check/previous/before', 'test/fixtures/check/previous/after'])).forEach(id => emitted.add(id));
    for (const [, args, stdin] of CASES) {
      idsOf(report(args, stdin)).forEach(id => emitted.add(id));
    }
    expect([...emitted].sort()).toEqual([...pageIds()].sort());
  });
});
