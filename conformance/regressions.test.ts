/**
 * Every divergence the judge found and the library (or the comparison) fixed,
 * replayed through Gardener's admission and the check command (`npx projen
 * test:judge`): Gardener's verdict as it was found, and the two agreeing on it.
 * See docs/ARCHITECTURE.md ("The judge").
 */
import { judges, registryCache, registryMirror } from './_judges';
import { Case, NAMESPACE, shootWith, WORKER } from './cases';
import { compare } from './compare';
import { Judges } from './judge';
import { checkCase } from './library';

let judge: Judges;
beforeAll(() => {
  judge = judges();
});
afterAll(() => judge.close());

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const DOCKER_RESOURCE = { name: 'docker', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'docker-v1' } };
function credentials(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'docker-v1', namespace: NAMESPACE },
    type: 'Opaque',
    immutable: true,
    data: { username: b64('robot'), password: b64('s3cr3t-value') },
    ...extra,
  };
}
const MIRROR = registryMirror([{ upstream: 'quay.io', hosts: [{ host: 'https://mirror.example.com' }] }]);

interface Regression {
  readonly name: string;
  readonly case: Omit<Case, 'id'>;
  /** Gardener's verdict: allowed, or the fields it names ('' for a plain error). */
  readonly gardener: true | readonly string[];
}

const REGRESSIONS: readonly Regression[] = [
  {
    name: 'the issue\'s mirror case: a disabled registry-cache entry without providerConfig next to a registry-mirror',
    case: {
      extensionVersion: 'v0.24.0',
      oldShoot: null,
      secrets: [],
      shoot: shootWith({ extensions: [{ type: 'registry-cache', disabled: true }, MIRROR] }),
    },
    gardener: [''],
  },
  {
    name: 'a RegistryConfig without kind is decoded (the decoder takes the kind it decodes into)',
    case: {
      extensionVersion: 'v0.24.0',
      oldShoot: null,
      secrets: [],
      shoot: shootWith({ extensions: [{ type: 'registry-cache', providerConfig: { apiVersion: 'registry.extensions.gardener.cloud/v1alpha3', caches: [{ upstream: 'docker.io' }] } }] }),
    },
    gardener: true,
  },
  {
    name: 'v0.21.0 reads a trailing / of a URL as part of the host',
    case: {
      extensionVersion: 'v0.21.0',
      oldShoot: null,
      secrets: [],
      shoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io', remoteURL: 'https://registry-1.docker.io/' }])] }),
    },
    gardener: ['spec.extensions[0].providerConfig.caches[0].remoteURL'],
  },
  {
    name: 'an update from a Shoot whose registry-cache entry had no providerConfig',
    case: {
      extensionVersion: 'v0.24.0',
      secrets: [],
      oldShoot: shootWith({ extensions: [{ type: 'registry-cache' }] }),
      shoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io' }])] }),
    },
    gardener: [''],
  },
  {
    name: 'an update that disables the entry: the webhook still checks it (the old Shoot enabled the type)',
    case: {
      extensionVersion: 'v0.24.0',
      secrets: [],
      oldShoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io' }])] }),
      shoot: shootWith({ extensions: [{ ...registryCache([{ upstream: 'Docker.io' }]), disabled: true }] }),
    },
    gardener: ['spec.extensions[0].providerConfig.caches[0].upstream'],
  },
  {
    name: 'v0.21.0 on an update: a config equal to the one before once defaulted (volume.size 10Gi) is not validated again',
    case: {
      extensionVersion: 'v0.21.0',
      secrets: [],
      oldShoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io', remoteURL: 'https://ghcr.io?x=1', volume: { size: '10Gi' } }])] }),
      shoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io', remoteURL: 'https://ghcr.io?x=1' }])] }),
    },
    gardener: true,
  },
  {
    name: 'a mutable credentials Secret: Gardener names the cache\'s secretReferenceName, the library the Secret',
    case: {
      extensionVersion: 'v0.24.0',
      oldShoot: null,
      secrets: [credentials({ immutable: false })],
      shoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io', secretReferenceName: 'docker' }])], resources: [DOCKER_RESOURCE] }),
    },
    gardener: ['spec.extensions[0].providerConfig.caches[0].secretReferenceName'],
  },
  {
    name: 'the same Secret, referenced by the second cache of the first of two registry-cache entries, that one disabled',
    case: {
      extensionVersion: 'v0.21.0',
      oldShoot: null,
      secrets: [credentials({ data: { username: b64('with\nnewline'), password: b64('pw') } })],
      shoot: shootWith({
        extensions: [
          { ...registryCache([{ upstream: 'ghcr.io' }, { upstream: 'docker.io', secretReferenceName: 'docker' }]), disabled: true },
          registryCache([{ upstream: 'quay.io' }]),
        ],
        resources: [DOCKER_RESOURCE],
        workers: [WORKER],
      }),
    },
    gardener: ['spec.extensions[1].type', 'spec.extensions[0].providerConfig.caches[1].secretReferenceName'],
  },
  {
    name: 'two caches with the same upstream and the same serviceNameSuffix: Gardener names both fields',
    case: {
      extensionVersion: 'v0.21.0',
      oldShoot: null,
      secrets: [],
      shoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io', serviceNameSuffix: 'a' }, { upstream: 'docker.io', serviceNameSuffix: 'a' }])] }),
    },
    gardener: ['spec.extensions[0].providerConfig.caches[1].upstream', 'spec.extensions[0].providerConfig.caches[1].serviceNameSuffix'],
  },
  {
    name: 'an upstream with a port out of range still names the Service that a suffix collides with',
    case: {
      extensionVersion: 'v0.24.0',
      oldShoot: null,
      secrets: [],
      shoot: shootWith({ extensions: [registryCache([{ upstream: 'docker.io:99999' }, { upstream: 'ghcr.io', serviceNameSuffix: 'docker-io-99999' }])] }),
    },
    gardener: ['spec.extensions[0].providerConfig.caches[0].upstream', 'spec.extensions[0].providerConfig.caches[1].serviceNameSuffix'],
  },
  {
    name: 'one Secret, not in the input, as a cache\'s credentials and a mirror host\'s CA bundle: no Secret passes both',
    case: {
      extensionVersion: 'v0.24.0',
      oldShoot: null,
      secrets: [],
      shoot: shootWith({
        extensions: [
          registryCache([{ upstream: 'docker.io', secretReferenceName: 'docker' }]),
          registryMirror([{ upstream: 'quay.io', hosts: [{ host: 'https://mirror.example.com', caBundleSecretReferenceName: 'docker' }] }]),
        ],
        resources: [DOCKER_RESOURCE],
      }),
    },
    gardener: ['spec.extensions[1].providerConfig.mirrors[0].hosts[0].caBundleSecretReferenceName'],
  },
  {
    name: 'the same, with the mirror entry disabled: only the credential rules read the Secret',
    case: {
      extensionVersion: 'v0.21.0',
      oldShoot: null,
      secrets: [],
      shoot: shootWith({
        extensions: [
          { ...registryMirror([{ upstream: 'quay.io', hosts: [{ host: 'https://mirror.example.com', caBundleSecretReferenceName: 'docker' }] }]), disabled: true },
          registryCache([{ upstream: 'docker.io', secretReferenceName: 'docker' }]),
        ],
        resources: [DOCKER_RESOURCE],
      }),
    },
    gardener: true,
  },
];

test.each(REGRESSIONS.map(r => [r.name, r] as const))('%s', async (_name, r) => {
  const c: Case = { id: 'regression', ...r.case };
  const verdict = await judge.judge(c);
  if (r.gardener === true) {
    expect(verdict.errors).toEqual([]);
  } else {
    expect([...new Set(verdict.errors.map(e => e.field))].sort()).toEqual([...r.gardener].sort());
  }
  const outcome = compare(c, verdict, checkCase(c));
  expect(outcome.kind === 'agree' || outcome.kind === 'intended' ? 'the two agree' : outcome).toBe('the two agree');
});
