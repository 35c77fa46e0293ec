/**
 * The benchmark's landscape, as plain data: what a platform team describes
 * once and then renders three ways (library, hand-written ApiObjects, direct
 * YAML). Nothing here depends on cdk8s or on the library.
 *
 * Shape (see bench/README.md):
 * - Shoots are spread over Gardener project namespaces, `SHOOTS_PER_NAMESPACE`
 *   (10) Shoots per namespace: 10, 100 and 1,000 namespaces for N = 100,
 *   1,000 and 10,000.
 * - Each namespace has three registry credentials (Docker Hub, GitHub
 *   Container Registry, Artifact Registry with a `_json_key` service-account
 *   key), shared by all Shoots of the namespace: one Secret each.
 * - Each Shoot caches five upstreams: the three private ones with their
 *   credential, quay.io and registry.k8s.io anonymously; a realistic mix of
 *   options (remote URL, volume size and class, garbage collection TTL,
 *   high availability, service name suffix).
 */

export const SHOOTS_PER_NAMESPACE = 10;

export interface CredentialSpec {
  /** Construct id and base name of the Secret. */
  readonly name: string;
  readonly version: number;
  readonly username: string;
  readonly password: string;
}

export interface CacheSpec {
  readonly id: string;
  readonly upstream: string;
  /** Index into the namespace's credentials. */
  readonly credential?: number;
  readonly remoteUrl?: string;
  readonly volumeSizeGi?: number;
  readonly storageClassName?: string;
  readonly garbageCollectionTtlHours?: number;
  readonly highAvailability?: boolean;
  readonly serviceNameSuffix?: string;
}

export interface ShootSpec {
  readonly name: string;
  /** The Shoot as the user defines it, without the registry cache. */
  readonly definition: Record<string, any>;
  readonly caches: readonly CacheSpec[];
}

export interface NamespaceSpec {
  readonly name: string;
  readonly credentials: readonly CredentialSpec[];
  readonly shoots: readonly ShootSpec[];
}

export interface Landscape {
  readonly shootCount: number;
  readonly namespaces: readonly NamespaceSpec[];
}

const ZONES = ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'];

/** A Gardener service-account key as Google issues it (fake values). */
function serviceAccountKey(project: string): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: project,
    private_key_id: '0123456789abcdef0123456789abcdef01234567',
    private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n',
    client_email: `registry-reader@${project}.iam.gserviceaccount.com`,
    client_id: '123456789012345678901',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/registry-reader%40${project}.iam.gserviceaccount.com`,
    universe_domain: 'googleapis.com',
  });
}

function shootDefinition(namespace: string, name: string, i: number): Record<string, any> {
  return {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name, namespace, labels: { 'cost-center': `cc-${i % 7}` } },
    spec: {
      cloudProfileName: 'gcp',
      credentialsBindingName: 'gcp-credentials',
      kubernetes: { version: '1.31.4' },
      maintenance: {
        autoUpdate: { kubernetesVersion: true, machineImageVersion: true },
        timeWindow: { begin: '220000+0100', end: '230000+0100' },
      },
      networking: { nodes: '10.250.0.0/16', type: 'calico' },
      provider: {
        type: 'gcp',
        workers: [{
          cri: { name: 'containerd' },
          machine: { image: { name: 'gardenlinux', version: '1592.4.0' }, type: 'n2-standard-4' },
          maximum: 3 + (i % 5),
          minimum: 1 + (i % 3),
          name: 'worker-a',
          zones: [ZONES[i % 3]],
        }],
      },
      purpose: i % 4 === 0 ? 'production' : 'development',
      region: 'europe-west1',
    },
  };
}

/** The five caches of every Shoot. Credentials 0, 1, 2 are the namespace's. */
function caches(i: number): CacheSpec[] {
  return [
    {
      id: 'docker-hub',
      upstream: 'docker.io',
      credential: 0,
      remoteUrl: 'https://registry-1.docker.io',
      volumeSizeGi: 50,
      garbageCollectionTtlHours: 168,
      highAvailability: i % 4 === 0 ? true : undefined,
    },
    { id: 'ghcr', upstream: 'ghcr.io', credential: 1, volumeSizeGi: 20 },
    {
      id: 'artifact-registry',
      upstream: 'europe-docker.pkg.dev',
      credential: 2,
      volumeSizeGi: 30,
      storageClassName: 'premium-rwo',
      serviceNameSuffix: 'ar-europe',
    },
    { id: 'quay', upstream: 'quay.io', garbageCollectionTtlHours: 72 },
    { id: 'k8s', upstream: 'registry.k8s.io' },
  ];
}

/** The landscape with `shootCount` Shoots. Deterministic. */
export function landscape(shootCount: number): Landscape {
  const namespaces: NamespaceSpec[] = [];
  for (let first = 0; first < shootCount; first += SHOOTS_PER_NAMESPACE) {
    const project = `p${String(first / SHOOTS_PER_NAMESPACE).padStart(4, '0')}`;
    const namespace = `garden-${project}`;
    const credentials: CredentialSpec[] = [
      { name: 'docker-hub', version: 2, username: `${project}robot`, password: `dckr_pat_${project}_a1b2c3d4e5f6` },
      { name: 'ghcr', version: 1, username: `${project}-bot`, password: `ghp_${project}0123456789abcdefghijklmnopqrstu` },
      { name: 'artifact-registry', version: 1, username: '_json_key', password: serviceAccountKey(`${project}-registry`) },
    ];
    const shoots: ShootSpec[] = [];
    for (let i = first; i < Math.min(first + SHOOTS_PER_NAMESPACE, shootCount); i++) {
      const name = `shoot-${String(i).padStart(5, '0')}`;
      shoots.push({ name, definition: shootDefinition(namespace, name, i), caches: caches(i) });
    }
    namespaces.push({ name: namespace, credentials, shoots });
  }
  return { shootCount, namespaces };
}

/**
 * The small app of the loading target: one namespace, its three credentials,
 * one Shoot caching three upstreams (Docker Hub, GitHub Container Registry,
 * Artifact Registry, each with its credential).
 */
export function smallLandscape(): Landscape {
  const [ns] = landscape(1).namespaces;
  return {
    shootCount: 1,
    namespaces: [{ ...ns, shoots: ns.shoots.map(s => ({ ...s, caches: s.caches.slice(0, 3) })) }],
  };
}
