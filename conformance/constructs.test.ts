/**
 * The construct path through Gardener's admission (`npx projen test:judge`):
 * random programs of the public API (credentials from every source, caches
 * with every option, mirrors with CA bundles, rotations with previous
 * versions, reference-only Secrets, both extensions on one Shoot) that
 * synthesize without a validation error must produce a Shoot and Secrets the
 * judge accepts. Values come from the rule tables, accepted and rejected, so
 * that programs the library refuses are generated too. See
 * docs/ARCHITECTURE.md ("The judge").
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Size, Testing } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { JUDGED, judges } from './_judges';
import { caseLine, judgedCase, NAMESPACE, shootWith } from './cases';
import { Judges } from './judge';
import {
  CredentialValue, GitOpsPruneProtection, IRegistryCacheCredential, IRegistryMirrorCaBundle, MirrorCapability, MirrorHostOptions,
  RegistryCache, RegistryCacheCredential, RegistryMirror, RegistryMirrorCaBundle,
} from '../src';
import { CA_V1, CA_V2 } from '../test/fixtures/pem';
import { MIRROR_HOST_ACCEPTED, MIRROR_HOST_REJECTED, UPSTREAM_ACCEPTED, UPSTREAM_REJECTED, URL_ACCEPTED, URL_ACCEPTED_FROM_V0_22, URL_REJECTED } from '../test/rules/_tables';

let judge: Judges;
let tmp: string;
beforeAll(() => {
  judge = judges();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'constructs-judge-'));
});
afterAll(() => {
  judge.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const SA_KEY = fs.readFileSync(path.join(__dirname, '..', 'examples', 'artifact-registry', 'demo-service-account-key.json'), 'utf-8');

const opt = <T>(a: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq });

/** The version of the i-th previous version below `current` (none below 1, unless the program repeats the current one). */
function previousVersions<T>(current: number, list: readonly T[], repeats: boolean): Array<T & { version: number }> {
  return list.map((item, i) => ({ ...item, version: repeats ? current : current - i - 1 })).filter(v => repeats || v.version >= 1);
}

/**
 * Programs whose every value is one the rules accept, but for `mistakes` in
 * 20 (0, 1 or 3): a value they reject. At 3 in 20 a program holds exactly one
 * mistake about a third of the time, the case that shows a rule missing from
 * the library (the others then synthesize it, and the judge rejects it).
 */
function programs(mistakes: number) {
  const mostly = <T>(accepted: readonly T[], rejected: readonly T[]): fc.Arbitrary<T> => (mistakes === 0
    ? fc.constantFrom(...accepted)
    : fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...accepted) }, { weight: mistakes, arbitrary: fc.constantFrom(...rejected) }));

  // A credential value: where it comes from, and what it holds.
  const valueArb = fc.record({
    source: fc.constantFrom('plain', 'env', 'file', 'file-newline'),
    text: fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,40}$/), mostly(['ünïcödé-pässwörd', 'x'.repeat(5000)], [' padded ', '', 'two\nlines'])),
  });
  /** Previous versions come before the current one; a repeat of the current one is a mistake the library reports. */
  const repeatsArb = mostly([false], [true]);
  const credentialArb = fc.record({
    kind: fc.constantFrom('username-password', 'username-password', 'service-account-key', 'reference'),
    name: mostly(['docker-hub', 'ghcr-readonly', 'artifact-registry'], ['Docker_Hub', 'x'.repeat(250)]),
    version: fc.oneof(fc.integer({ min: 1, max: 5 }), mostly([1], [0, -1, 1.5])),
    namespace: opt(mostly([NAMESPACE], ['garden-other']), 4),
    resourceName: opt(mostly(['docker', 'registry-credentials'], ['Bad Name']), 3),
    acknowledgeUnauthenticatedCache: opt(fc.boolean()),
    pruneProtection: opt(fc.constantFrom(GitOpsPruneProtection.ARGO_CD, GitOpsPruneProtection.FLUX, GitOpsPruneProtection.ARGO_CD_AND_FLUX)),
    username: valueArb,
    password: valueArb,
    previous: fc.array(fc.record({ username: valueArb, password: valueArb }), { maxLength: 2 }),
    repeats: repeatsArb,
  });

  const urlArb = mostly([...URL_ACCEPTED, ...URL_ACCEPTED_FROM_V0_22].map(([u]) => u), URL_REJECTED.map(([u]) => u));
  const upstreamArb = fc.record({
    upstream: mostly([...UPSTREAM_ACCEPTED, 'docker.io', 'ghcr.io', 'europe-docker.pkg.dev', 'registry.example.com:5000'], UPSTREAM_REJECTED.map(([u]) => u)),
    credential: opt(fc.nat({ max: 3 }), 1),
    remoteUrl: opt(urlArb),
    volumeSize: opt(fc.oneof(
      fc.integer({ min: 1, max: 500 }).map(Size.gibibytes),
      mostly([Size.mebibytes(512), Size.gibibytes(1.5)], [Size.gibibytes(0), Size.kibibytes(0.5)]),
    )),
    storageClassName: opt(mostly(['premium', 'standard-rwo', 'gp3.csi'], ['Premium_SSD', ''])),
    garbageCollectionTtl: opt(fc.oneof(
      fc.integer({ min: 0, max: 30 }).map(Duration.days),
      mostly([Duration.seconds(0), Duration.minutes(90)], [Duration.millis(1500)]),
    )),
    httpProxy: opt(urlArb, 4),
    httpsProxy: opt(urlArb, 4),
    highAvailability: opt(fc.boolean()),
    serviceNameSuffix: opt(mostly(['docker', 'ghcr-io', 'a1'], ['my.docker', 'Docker', 's'.repeat(55)])),
    tls: opt(fc.boolean()),
  });

  const caBundleArb = fc.record({
    kind: fc.constantFrom('pem', 'pem', 'reference'),
    name: fc.constantFrom('private-mirror-ca', 'harbor-ca'),
    version: fc.integer({ min: 1, max: 3 }),
    pem: mostly([CA_V1, CA_V2, `${CA_V1}${CA_V2}`], ['not a certificate']),
    previous: fc.array(fc.record({ pem: fc.constantFrom(CA_V1, CA_V2) }), { maxLength: 2 }),
    repeats: repeatsArb,
  });
  const hostArb = fc.record({
    host: mostly(['https://mirror.gcr.io', 'https://harbor.example.com', ...MIRROR_HOST_ACCEPTED.map(([h]) => h)], MIRROR_HOST_REJECTED.map(([h]) => h)),
    capabilities: opt(fc.subarray([MirrorCapability.PULL, MirrorCapability.RESOLVE])),
    caBundle: opt(fc.nat({ max: 2 }), 1),
    overridePath: opt(fc.boolean()),
  });
  const mirrorArb = fc.record({
    upstream: mostly(['docker.io', 'quay.io', 'registry.k8s.io', 'ghcr.io'], ['Docker.io']),
    hosts: fc.array(hostArb, { minLength: 1, maxLength: 2 }),
  });

  return fc.record({
    mistakes: fc.constant(mistakes),
    extensionVersion: opt(fc.constantFrom(...JUDGED), 1),
    credentials: fc.array(credentialArb, { maxLength: 3 }),
    caches: opt(fc.array(upstreamArb, { minLength: 1, maxLength: 3 }), 4),
    asProp: fc.boolean(),
    caBundles: fc.array(caBundleArb, { maxLength: 2 }),
    mirrors: opt(fc.array(mirrorArb, { minLength: 1, maxLength: 2 }), 2),
    /** An entry the Shoot already has, that the library must keep. */
    existing: fc.boolean(),
  }).filter(p => p.caches !== undefined || p.mirrors !== undefined);
}
const programArb = fc.oneof(programs(0), programs(1), programs(3));
type Program = ReturnType<typeof programs> extends fc.Arbitrary<infer T> ? T : never;
type CredentialSpec = Program['credentials'][number];
type ValueSpec = CredentialSpec['username'];

let files = 0;
function value(spec: ValueSpec, env: Record<string, string>): CredentialValue {
  switch (spec.source) {
    case 'env': {
      const name = `CONSTRUCTS_JUDGE_VALUE_${files++}`;
      env[name] = spec.text;
      process.env[name] = spec.text;
      return CredentialValue.fromEnv(name);
    }
    case 'file':
    case 'file-newline': {
      const file = path.join(tmp, `value-${files++}`);
      fs.writeFileSync(file, spec.source === 'file-newline' ? `${spec.text}\n` : spec.text);
      return CredentialValue.fromFile(file);
    }
    default:
      return CredentialValue.unsafePlainText(spec.text);
  }
}

function credential(chart: Chart, id: string, c: CredentialSpec, env: Record<string, string>): IRegistryCacheCredential {
  const common = {
    name: c.name,
    version: c.version,
    namespace: c.namespace,
    resourceName: c.resourceName,
    acknowledgeUnauthenticatedCache: c.acknowledgeUnauthenticatedCache,
  };
  switch (c.kind) {
    case 'reference':
      return RegistryCacheCredential.fromSecretName(chart, id, common);
    case 'service-account-key':
      return RegistryCacheCredential.fromServiceAccountKey(chart, id, {
        ...common,
        pruneProtection: c.pruneProtection,
        serviceAccountKey: value({ source: c.password.source, text: SA_KEY }, env),
        previousVersions: previousVersions(c.version, c.previous, c.repeats).map(p => ({
          version: p.version,
          serviceAccountKey: value({ source: p.password.source, text: SA_KEY }, env),
        })),
      });
    default:
      return new RegistryCacheCredential(chart, id, {
        ...common,
        pruneProtection: c.pruneProtection,
        username: value(c.username, env),
        password: value(c.password, env),
        previousVersions: previousVersions(c.version, c.previous, c.repeats).map(p => ({
          version: p.version,
          username: value(p.username, env),
          password: value(p.password, env),
        })),
      });
  }
}

/** Builds the program into an app: the Secrets' constructs first, then the Shoot and the extensions. */
function build(p: Program, env: Record<string, string>): App {
  const app = Testing.app();
  const chart = new Chart(app, 'garden-dev', { namespace: NAMESPACE });
  const credentials = p.credentials.map((c, i) => credential(chart, `credential-${i}`, c, env));
  const bundles: IRegistryMirrorCaBundle[] = p.caBundles.map((b, i) => (b.kind === 'reference'
    ? RegistryMirrorCaBundle.fromSecretName(chart, `ca-${i}`, { name: b.name, version: b.version })
    : new RegistryMirrorCaBundle(chart, `ca-${i}`, { name: b.name, version: b.version, pem: b.pem, previousVersions: previousVersions(b.version, b.previous, b.repeats) })));
  const shoot = new ApiObject(chart, 'shoot', shootWith({
    extensions: p.existing ? [{ type: 'shoot-dns-service', providerConfig: { apiVersion: 'service.dns.extensions.gardener.cloud/v1alpha1', kind: 'DNSConfig' } }] : [],
    resources: p.existing ? [{ name: 'dns-credentials', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'dns-credentials' } }] : undefined,
  }) as any);
  if (p.caches !== undefined) {
    const upstreams = p.caches.map(({ credential: index, ...options }) => ({
      ...options,
      credential: index === undefined ? undefined : credentials[index],
    }));
    if (p.asProp) {
      new RegistryCache(chart, 'registry-cache', { shoot, extensionVersion: p.extensionVersion, upstreams });
    } else {
      const cache = new RegistryCache(chart, 'registry-cache', { shoot, extensionVersion: p.extensionVersion });
      upstreams.forEach((u, i) => cache.addUpstream(`upstream-${i}`, u));
    }
  }
  if (p.mirrors !== undefined) {
    const mirror = new RegistryMirror(chart, 'registry-mirror', { shoot, extensionVersion: p.extensionVersion });
    p.mirrors.forEach((m, i) => mirror.addMirror(`mirror-${i}`, {
      upstream: m.upstream,
      hosts: m.hosts.map(({ caBundle, ...h }): MirrorHostOptions => ({ ...h, caBundle: caBundle === undefined ? undefined : bundles[caBundle] })),
    }));
  }
  return app;
}

/** The synthesized objects, or undefined when the synth fails validation (anything else fails the test). */
function synth(app: App): any[] | undefined {
  try {
    return parseAllDocuments(app.synthYaml()).map(d => d.toJSON());
  } catch (e) {
    if (/^Validation failed/.test((e as Error).message)) {
      return undefined;
    }
    throw e;
  }
}

test('every program that synthesizes gives a Shoot and Secrets Gardener admits', async () => {
  let synthesized = 0;
  let rejected = 0;
  await fc.assert(fc.asyncProperty(programArb, async p => {
    const env: Record<string, string> = {};
    try {
      const objects = synth(build(p, env));
      if (objects === undefined) {
        rejected++;
        return;
      }
      synthesized++;
      const shoot = objects.find(o => o.kind === 'Shoot');
      const secrets = objects.filter(o => o.kind === 'Secret' && o.metadata?.namespace === NAMESPACE);
      const c = judgedCase({ id: 'program', extensionVersion: p.extensionVersion ?? 'v0.24.0', shoot, oldShoot: null, secrets });
      const verdict = await judge.judge(c);
      expect(verdict.allowed ? 'admitted' : `${JSON.stringify(verdict.errors)}\n${caseLine(c)}`).toBe('admitted');
    } finally {
      for (const name of Object.keys(env)) {
        delete process.env[name];
      }
    }
  }), { numRuns: Number(process.env.CONSTRUCTS_JUDGE_RUNS ?? 500), seed: 24 });
  // Both outcomes must be reached, or the property proves little.
  expect(synthesized).toBeGreaterThan(100);
  expect(rejected).toBeGreaterThan(100);
});
