/**
 * The differential run's cases: a Shoot (and, for an update, the Shoot it
 * replaces) with the Secrets of its project namespace, generated to reach the
 * corners of what a user writes: valid data, wrong types, unknown and
 * duplicate keys, the edge strings of each grammar, missing and extra Secret
 * keys. See docs/ARCHITECTURE.md ("The judge").
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { validatedEntry } from '../src/_rules/entries';

export const NAMESPACE = 'garden-dev';

/** One case, as the judge reads it (`json` writes it, duplicate keys included). */
export interface Case {
  readonly id: string;
  readonly extensionVersion: string;
  readonly shoot: unknown;
  readonly oldShoot: unknown;
  readonly secrets: readonly unknown[];
}

const DUPLICATES = Symbol('duplicate keys');

/** An object that, written as JSON, holds `key` twice: first `first`, then the object's own value. */
function withDuplicate<T extends object>(o: T, key: string, first: unknown): T {
  Object.defineProperty(o, DUPLICATES, { value: [[key, first]], enumerable: false });
  return o;
}

/** JSON text of a value; an object's duplicate keys (see withDuplicate) come before its own keys. */
export function json(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(json).join(',')}]`;
  }
  const dup = (value as { [DUPLICATES]?: Array<[string, unknown]> })[DUPLICATES] ?? [];
  const entries = [...dup, ...Object.entries(value)].map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`);
  return `{${entries.join(',')}}`;
}

/**
 * The Case as one JSON line. The old Shoot is stored state, read back from the
 * garden cluster: it never holds a key twice.
 */
export function caseLine(c: Case): string {
  return `{"id":${JSON.stringify(c.id)},"extensionVersion":${JSON.stringify(c.extensionVersion)},"shoot":${json(c.shoot)},"oldShoot":${JSON.stringify(c.oldShoot ?? null)},"secrets":${json(c.secrets)}}`;
}

/** The Case's Shoot and Secrets as one multi-document YAML (JSON) input for `check -`. */
export function checkInput(objects: readonly unknown[]): string {
  return objects.map(json).join('\n---\n') + '\n';
}

// Edge strings per grammar: valid forms first, then the near misses.
const UPSTREAMS = [
  'docker.io', 'ghcr.io', 'quay.io', 'europe-docker.pkg.dev', 'registry.example.com', 'registry.example.com:5000',
  'quay.io:443', 'localhost', 'localhost:5000', '10.0.0.1', '10.0.0.1:5000', 'a.b', 'xn--bcher-kva.example',
  'my-registry.io', 'registry.k8s.io', 'gcr.io',
  '', ' docker.io', 'docker.io ', 'Docker.io', 'DOCKER.IO', 'docker.io/', 'docker.io/library', 'https://docker.io',
  'http://docker.io', 'my_registry.io', '-bad.io', 'bad-.io', 'bad..io', '.io', 'io.', '*.io', 'ghcr.io:', 'ghcr.io:0',
  'ghcr.io:65535', 'ghcr.io:65536', 'ghcr.io:99999', 'ghcr.io:080', 'ghcr.io:abc', '[::1]:5000', '::1', 'ghcr.io:5000:1',
  `${'a'.repeat(63)}.io`, `${'a'.repeat(64)}.io`, `${'a.'.repeat(126)}io`, `${'b'.repeat(250)}.io`, 'registry.example.com:1',
];
const REMOTE_URLS = [
  'https://registry-1.docker.io', 'https://ghcr.io', 'http://localhost:5000', 'https://registry.example.com:5000',
  'https://ghcr.io/', 'https://10.0.0.1:8443', 'http://10.0.0.1', 'https://[::1]:5000', 'https://europe-docker.pkg.dev',
  '', 'ghcr.io', 'ftp://ghcr.io', 'https://', 'https://ghcr.io/path', 'https://ghcr.io/v2/', 'https://user:pw@ghcr.io',
  'https://ghcr.io?x=1', 'https://ghcr.io#frag', 'HTTPS://ghcr.io', 'https://GHCR.IO', 'https://ghcr.io:99999',
  'https://ghcr.io:0', 'https://gh cr.io', ' https://ghcr.io', 'https://ghcr.io ', 'https://ghcr.io:', 'https://ghcr.io%2F',
  'https://ghcr.io:443', 'http://ghcr.io:80', 'https:/ghcr.io', 'https:///ghcr.io', 'https://-bad.io', 'https://my_host.io',
];
const QUANTITIES = [
  '10Gi', '50Gi', '1Gi', '100Mi', '1Ti', '50G', '50GB', '0', '0Gi', '-1Gi', '1.5Gi', '1e3', '1E3', '10gi', '', '10 Gi',
  '1Ki', '100M', '0.1', '1m', '1n', '+5Gi', '5Gi ', '1Ei', '10Pi', '99999999999999999999Gi', '.5Gi', '5.Gi', '0x10',
];
const DURATIONS = [
  '0s', '0', '168h', '1h', '1h30m', '30m', '720h0m0s', '1.5h', '1ms', '1ns', '90s', '7d', '-1h', '-0s', '', 'h', '1',
  '1H', '1h ', ' 1h', '2562047h', '2562048h', '1h-1m', '+1h', '.5h', '1us', '1µs', '1e3s',
];
const NAMES = [
  'docker', 'my-cache', 'ro-docker-secret', 'a', 'cache-1', `${'a'.repeat(63)}`, `${'a'.repeat(64)}`, 'Docker', '-x',
  'x-', 'x.y', 'x_y', '', ' docker', `${'a'.repeat(253)}`, `${'a'.repeat(254)}`, 'ro-docker-secret-v1', '1abc',
];
const PROXIES = [
  'http://proxy:3128', 'https://proxy.example.com', 'http://10.0.0.1:3128', 'http://user:pw@proxy:3128',
  'proxy:3128', 'ftp://proxy', '', 'http://', 'http://proxy:99999', 'socks5://proxy:1080', 'http://proxy:3128/path',
];
const MIRROR_HOSTS = [
  'https://mirror.gcr.io', 'https://mirror.example.com', 'http://10.0.0.1:5000', 'https://mirror.example.com:8443',
  'http://localhost:5000', 'mirror.example.com', 'https://mirror.example.com/v2', 'ftp://mirror.example.com', '',
  'https://', 'https://mirror.example.com/', 'https://mirror.example.com?x', 'https://MIRROR.example.com',
  'https://mirror_example.com', 'https://mirror.example.com:0', ' https://mirror.example.com', 'http://[::1]:5000',
];
const CAPABILITIES = ['pull', 'resolve', 'push', 'Pull', '', 'pull '];
const SECRET_VALUES = ['robot', 's3cr3t-value', '', ' padded ', 'with\nnewline', 'tab\tvalue', 'ümlaut', 'a'.repeat(300)];

/** A value of the wrong type for any field. */
const wrongType = fc.constantFrom<unknown>(0, 1, -1, 1.5, true, false, null, [], ['x'], {}, { a: 1 }, 'x');

/** A field's value: mostly from its pool, sometimes of the wrong type. */
function field<T>(pool: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 12, arbitrary: pool }, { weight: 1, arbitrary: wrongType });
}

/** An optional key: absent in about half the cases. */
function opt(arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

/** Drops the keys whose value is undefined. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Sometimes an unknown key, a key in the wrong case, or a key written twice. */
function mangle(o: fc.Arbitrary<Record<string, unknown>>, unknownKeys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(o, fc.nat(40), fc.constantFrom(...unknownKeys), wrongType).map(([obj, dice, key, value]) => {
    const copy = { ...obj };
    if (dice === 0) {
      copy[key] = value;
    } else if (dice === 1) {
      const keys = Object.keys(copy);
      if (keys.length > 0) {
        return withDuplicate(copy, keys[0], copy[keys[0]] === 'x' ? 'y' : 'x');
      }
    }
    return copy;
  });
}

const RESOURCE_NAMES = ['ro-docker-secret', 'ghcr-credentials', 'mirror-ca', 'missing-resource'];
const SECRET_NAMES = ['ro-docker-secret-v1', 'ghcr-credentials-v1', 'mirror-ca-v1', 'absent-secret'];

const cacheArb = mangle(fc.record({
  upstream: field(fc.constantFrom(...UPSTREAMS)),
  remoteURL: opt(field(fc.constantFrom(...REMOTE_URLS))),
  volume: opt(field(mangle(fc.record({
    size: opt(field(fc.constantFrom(...QUANTITIES))),
    storageClassName: opt(field(fc.constantFrom(...NAMES, 'premium-ssd', 'default'))),
  }).map(defined), ['Size', 'class']))),
  garbageCollection: opt(field(mangle(fc.record({
    ttl: field(fc.constantFrom(...DURATIONS)),
  }), ['TTL', 'enabled']))),
  secretReferenceName: opt(field(fc.constantFrom(...RESOURCE_NAMES, 'Bad Name', ''))),
  proxy: opt(field(mangle(fc.record({
    httpProxy: opt(field(fc.constantFrom(...PROXIES))),
    httpsProxy: opt(field(fc.constantFrom(...PROXIES))),
  }).map(defined), ['noProxy']))),
  http: opt(field(mangle(fc.record({ tls: field(fc.boolean()) }), ['insecure']))),
  highAvailability: opt(field(mangle(fc.record({ enabled: opt(field(fc.boolean())) }).map(defined), ['replicas']))),
  serviceNameSuffix: opt(field(fc.constantFrom(...NAMES))),
}).map(defined), ['ttl', 'Upstream', 'size', 'remoteUrl']);

const REGISTRY_API_VERSIONS = [
  'registry.extensions.gardener.cloud/v1alpha3', 'registry.extensions.gardener.cloud/v1alpha3',
  'registry.extensions.gardener.cloud/v1alpha3', 'registry.extensions.gardener.cloud/v1alpha2',
  'registry.extensions.gardener.cloud/v1alpha1', 'registry.extensions.gardener.cloud/v1', 'mirror.extensions.gardener.cloud/v1alpha1',
];

const registryConfigArb = mangle(fc.record({
  apiVersion: fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...REGISTRY_API_VERSIONS) }, { weight: 1, arbitrary: wrongType }),
  kind: fc.oneof({ weight: 20, arbitrary: fc.constant('RegistryConfig') }, { weight: 1, arbitrary: fc.constantFrom('MirrorConfig', 'registryconfig', '') }),
  caches: field(fc.array(cacheArb, { maxLength: 3 })),
}), ['mirrors', 'Caches', 'cache']);

const hostArb = mangle(fc.record({
  host: field(fc.constantFrom(...MIRROR_HOSTS)),
  capabilities: opt(field(fc.array(fc.constantFrom(...CAPABILITIES), { maxLength: 3 }))),
  caBundleSecretReferenceName: opt(field(fc.constantFrom(...RESOURCE_NAMES, 'Bad Name', ''))),
  overridePath: opt(field(fc.boolean())),
}).map(defined), ['Host', 'skipVerify']);

const mirrorConfigArb = mangle(fc.record({
  apiVersion: fc.oneof({ weight: 20, arbitrary: fc.constant('mirror.extensions.gardener.cloud/v1alpha1') }, { weight: 1, arbitrary: fc.constantFrom('mirror.extensions.gardener.cloud/v1alpha2', 'registry.extensions.gardener.cloud/v1alpha3') }),
  kind: fc.oneof({ weight: 20, arbitrary: fc.constant('MirrorConfig') }, { weight: 1, arbitrary: fc.constantFrom('RegistryConfig', 'mirrorconfig') }),
  mirrors: field(fc.array(mangle(fc.record({
    upstream: field(fc.constantFrom(...UPSTREAMS)),
    hosts: field(fc.array(hostArb, { maxLength: 2 })),
  }), ['Upstream', 'host']), { maxLength: 3 })),
}), ['caches', 'Mirrors']);

/** A `spec.extensions` entry of one of the registry types (or a look-alike), its providerConfig sometimes absent. */
const extensionArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('registry-cache'), providerConfig: opt(fc.oneof({ weight: 10, arbitrary: registryConfigArb }, { weight: 1, arbitrary: mirrorConfigArb })), disabled: opt(fc.boolean()) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('registry-mirror'), providerConfig: opt(fc.oneof({ weight: 10, arbitrary: mirrorConfigArb }, { weight: 1, arbitrary: registryConfigArb })), disabled: opt(fc.boolean()) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('shoot-dns-service', 'Registry-Cache', 'registry-cache '), providerConfig: opt(registryConfigArb) }) },
).map(defined);

const resourceArb = fc.record({
  name: fc.constantFrom(...RESOURCE_NAMES, 'Bad Name', ''),
  resourceRef: fc.record({
    apiVersion: fc.constantFrom('v1', 'v1', 'v1', 'apps/v1'),
    kind: fc.constantFrom('Secret', 'Secret', 'Secret', 'ConfigMap'),
    name: fc.constantFrom(...SECRET_NAMES, ''),
  }),
});

const workerArb = fc.record({
  name: fc.constantFrom('worker-a', 'worker-b'),
  cri: opt(fc.record({ name: fc.constantFrom('containerd', 'containerd', 'containerd', 'docker') })),
  machine: fc.constant({ type: 'm5.large', image: { name: 'gardenlinux', version: '1592.1.0' } }),
  minimum: fc.constant(1),
  maximum: fc.constant(2),
}).map(defined);

/** The worker pool of a Shoot that a test builds (containerd by default). */
export const WORKER = { name: 'worker-a', machine: { type: 'm5.large', image: { name: 'gardenlinux', version: '1592.1.0' } }, minimum: 1, maximum: 2 };

/** A Shoot of the project namespace with these extensions, resources and workers; the rest as a cluster needs it. */
export function shootWith(
  parts: { name?: string; extensions: unknown[]; resources?: unknown; workers?: readonly unknown[] },
): Record<string, unknown> {
  return {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name: parts.name ?? 'dev', namespace: NAMESPACE },
    spec: defined({
      cloudProfile: { name: 'aws' },
      region: 'eu-west-1',
      secretBindingName: 'aws-credentials',
      kubernetes: { version: '1.33.0' },
      networking: { type: 'calico', nodes: '10.250.0.0/16' },
      provider: { type: 'aws', workers: parts.workers ?? [WORKER] },
      extensions: parts.extensions,
      resources: parts.resources,
    }),
  };
}

const shootArb = fc.record({
  name: fc.constantFrom('crazy-botany', 'dev'),
  extensions: fc.array(extensionArb, { maxLength: 3 }),
  resources: opt(fc.array(resourceArb, { maxLength: 4 })),
  workers: fc.oneof({ weight: 4, arbitrary: fc.array(workerArb, { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: fc.constant([]) }),
}).map(shootWith);

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const CA_PEM = fs.readFileSync(path.join(__dirname, '..', 'examples', 'mirror-private-ca', 'private-mirror-ca-v1.pem'), 'utf-8');
const CA_BUNDLES = [CA_PEM, CA_PEM + CA_PEM, '', 'not a certificate', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', ` ${CA_PEM}`];

/** A Secret of the project namespace: credentials or a CA bundle, its keys sometimes missing, extra or empty. */
const secretArb = fc.record({
  name: fc.constantFrom(...SECRET_NAMES),
  immutable: opt(fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })),
  type: opt(fc.constantFrom('Opaque', 'Opaque', 'kubernetes.io/basic-auth', 'kubernetes.io/dockerconfigjson')),
  content: fc.oneof(
    fc.record({ username: opt(fc.constantFrom(...SECRET_VALUES)), password: opt(fc.constantFrom(...SECRET_VALUES)), extra: opt(fc.constantFrom('x', '')) }),
    fc.record({ bundle: fc.constantFrom(...CA_BUNDLES), extra: opt(fc.constantFrom('x')) }),
  ),
  asStringData: fc.nat(5),
}).map(({ name, immutable, type, content, asStringData }) => {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(content)) {
    if (typeof v === 'string') {
      values[k === 'bundle' ? 'bundle.crt' : k] = v;
    }
  }
  const data = asStringData === 0
    ? { stringData: values }
    : { data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, b64(v)])) };
  return defined({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NAMESPACE },
    type,
    immutable,
    ...data,
  });
});

/** Changes an update makes to the Shoot before it: none, or one field of one cache changed, removed or added. */
function evolve(shoot: Record<string, unknown>, dice: number, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(json(shoot)) as { spec: { extensions: Array<Record<string, any>> } };
  const ext = copy.spec.extensions.find(e => e.type === 'registry-cache' && typeof e.providerConfig === 'object' && e.providerConfig !== null);
  const cache = Array.isArray(ext?.providerConfig.caches) ? ext!.providerConfig.caches[0] : undefined;
  if (typeof cache !== 'object' || cache === null) {
    return copy as unknown as Record<string, unknown>;
  }
  switch (dice % 8) {
    case 0: delete cache.volume; break;
    case 1: cache.volume = { size: value }; break;
    case 2: cache.volume = { ...(cache.volume ?? {}), storageClassName: 'other-class' }; break;
    case 3: cache.garbageCollection = { ttl: '0s' }; break;
    case 4: delete cache.garbageCollection; break;
    case 5: cache.garbageCollection = { ttl: value }; break;
    case 6: cache.upstream = 'ghcr.io'; break;
    default: delete cache.secretReferenceName;
  }
  return copy as unknown as Record<string, unknown>;
}

/** A case for one of `versions`: a create, or an update from a generated or an evolved Shoot. */
export function caseArb(versions: readonly string[]): fc.Arbitrary<Case> {
  return fc.record({
    extensionVersion: fc.constantFrom(...versions),
    shoot: shootArb,
    update: fc.nat(9),
    other: shootArb,
    evolveValue: fc.constantFrom<unknown>(...QUANTITIES.slice(0, 6), ...DURATIONS.slice(0, 4)),
    secrets: fc.uniqueArray(secretArb, { maxLength: 3, selector: s => (s.metadata as { name: string }).name }),
  }).map(({ extensionVersion, shoot, update, other, evolveValue, secrets }) => {
    let oldShoot: unknown = null;
    if (update >= 7) {
      oldShoot = evolve(shoot, update, evolveValue);
    } else if (update === 6) {
      // An update keeps the object's name and namespace (Gardener rejects any other: metadata is immutable).
      oldShoot = { ...(other as Record<string, unknown>), metadata: (shoot as Record<string, unknown>).metadata };
    }
    return { id: '', extensionVersion, shoot, oldShoot, secrets };
  });
}

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The case as the judge gets it: with a valid stand-in for every Secret the
 * Shoot's extensions reference (through spec.resources) that the case does not
 * hold. The check command takes a Secret it was not given as one that exists
 * elsewhere (sealed, or managed outside the repository): it notes it and checks
 * the rest. A cluster holding the stand-in is the judge's side of that promise,
 * so both check the same manifests; the stand-ins' names are the case's own.
 */
export function judgedCase(c: Case): Case {
  const spec = isJson(c.shoot) && isJson(c.shoot.spec) ? c.shoot.spec : {};
  const resources = Array.isArray(spec.resources) ? spec.resources.filter(isJson) : [];
  const held = new Set(c.secrets.filter(isJson).map(s => (isJson(s.metadata) ? s.metadata.name : undefined)));
  const standIns = new Map<string, 'credentials' | 'ca-bundle'>();
  const reference = (resourceName: unknown, kind: 'credentials' | 'ca-bundle'): void => {
    const r = resources.find(e => e.name === resourceName && isJson(e.resourceRef) && e.resourceRef.kind === 'Secret');
    const name = r !== undefined && isJson(r.resourceRef) ? r.resourceRef.name : undefined;
    if (typeof name === 'string' && name !== '' && !held.has(name) && !standIns.has(name)) {
      standIns.set(name, kind);
    }
  };
  // Only the entries the webhooks check read Secrets. Credentials first: a Secret referenced as both can pass only one
  // validator whatever it holds, and the library reports that at the CA bundle's reference.
  const extensions = Array.isArray(spec.extensions) ? spec.extensions : [];
  const oldSpec = isJson(c.oldShoot) && isJson(c.oldShoot.spec) ? c.oldShoot.spec : {};
  const before = Array.isArray(oldSpec.extensions) ? oldSpec.extensions : [];
  const providerConfig = (type: string): Json => {
    const e: unknown = extensions[validatedEntry(extensions, type, before)];
    return isJson(e) && isJson(e.providerConfig) ? e.providerConfig : {};
  };
  const cachesOf = providerConfig('registry-cache').caches;
  for (const cache of Array.isArray(cachesOf) ? cachesOf.filter(isJson) : []) {
    reference(cache.secretReferenceName, 'credentials');
  }
  const mirrorsOf = providerConfig('registry-mirror').mirrors;
  for (const mirror of Array.isArray(mirrorsOf) ? mirrorsOf.filter(isJson) : []) {
    for (const host of Array.isArray(mirror.hosts) ? mirror.hosts.filter(isJson) : []) {
      reference(host.caBundleSecretReferenceName, 'ca-bundle');
    }
  }
  if (standIns.size === 0) {
    return c;
  }
  const secrets = [...standIns].map(([name, kind]) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NAMESPACE },
    immutable: true,
    data: kind === 'credentials' ? { username: b64('stand-in'), password: b64('stand-in-password') } : { 'bundle.crt': b64(CA_PEM) },
  }));
  return { ...c, secrets: [...c.secrets, ...secrets] };
}

