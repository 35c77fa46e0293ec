import { Duration, Size } from 'cdk8s';
import { Construct, IValidation } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { quote } from './_errors';
import type { RegistryCache } from './registry-cache';
import { IRegistryCacheCredential } from './registry-cache-credential';

const CACHED_UPSTREAM = brandSymbol('CachedUpstream');

/**
 * How to cache one upstream registry: the fields of a `caches[]` entry of
 * Gardener's `RegistryConfig`, in its words. Only what you set is written;
 * Gardener's defaults apply to the rest.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/configuration/
 */
export interface CachedUpstreamOptions {
  /**
   * The upstream registry host, with an optional port, as it appears in image
   * references: `docker.io`, `ghcr.io`, `my-registry.io:5000`. No scheme or path.
   */
  readonly upstream: string;

  /**
   * Credentials for a private upstream: the cache gets
   * `secretReferenceName: <credential.resourceName>` and the Shoot a
   * `spec.resources` entry pointing at the credential's Secret.
   *
   * @default - no credentials: anonymous pulls from the upstream
   */
  readonly credential?: IRegistryCacheCredential;

  /**
   * The URL the cache pulls from (`remoteURL`): `http://` or `https://`, a host
   * and optional port, nothing else. Written without a trailing slash.
   *
   * @default - Gardener uses `https://<upstream>` (`https://registry-1.docker.io` for `docker.io`)
   */
  readonly remoteUrl?: string;

  /**
   * The size of the cache's volume (`volume.size`). Immutable once the cache exists.
   *
   * @default - Gardener uses 10Gi
   */
  readonly volumeSize?: Size;

  /**
   * The StorageClass of the cache's volume (`volume.storageClassName`).
   * Immutable once the cache exists.
   *
   * @default - the Shoot's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * How long cached images are kept after they were first pulled
   * (`garbageCollection.ttl`), in whole seconds. Zero disables garbage
   * collection for good: Gardener never lets it be enabled again.
   *
   * @default - Gardener uses 168h (7 days)
   */
  readonly garbageCollectionTtl?: Duration;

  /**
   * The HTTP proxy the cache uses to reach the upstream (`proxy.httpProxy`).
   *
   * @default - no proxy
   */
  readonly httpProxy?: string;

  /**
   * The HTTPS proxy the cache uses to reach the upstream (`proxy.httpsProxy`).
   *
   * @default - no proxy
   */
  readonly httpsProxy?: string;

  /**
   * Run the cache with two replicas, spread over zones, and a
   * PodDisruptionBudget (`highAvailability.enabled`). Each replica has its own volume.
   *
   * @default - Gardener runs one replica
   */
  readonly highAvailability?: boolean;

  /**
   * The suffix of the cache's Service name, `registry-<suffix>`
   * (`serviceNameSuffix`): a DNS label of at most 54 characters.
   *
   * @default - Gardener derives the name from the upstream
   */
  readonly serviceNameSuffix?: string;

  /**
   * Serve the cache over TLS (`http.tls`).
   *
   * @default - Gardener uses TLS
   */
  readonly tls?: boolean;
}

/**
 * Properties of a `CachedUpstream`.
 */
export interface CachedUpstreamProps extends CachedUpstreamOptions {
  /** The registry cache (of one Shoot) this upstream is cached by. */
  readonly registryCache: RegistryCache;
}

/**
 * One upstream registry cached in a Shoot: an entry of the `caches` of its
 * `RegistryCache`. Usually made with `RegistryCache.addUpstream`.
 */
export class CachedUpstream extends Construct {
  /**
   * Whether `x` is a `CachedUpstream`, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isCachedUpstream(x: any): x is CachedUpstream {
    return hasBrand(x, CACHED_UPSTREAM);
  }

  /** The upstream registry host. */
  public readonly upstream: string;
  /** The credentials used for the upstream, if any. */
  public readonly credential?: IRegistryCacheCredential;
  /** The registry cache this upstream belongs to. */
  public readonly registryCache: RegistryCache;

  constructor(scope: Construct, id: string, props: CachedUpstreamProps) {
    super(scope, id);
    // Misuse that leaves the construct unusable (as RegistryCache does for a missing shoot): a clear error, never a TypeError.
    const registryCache: unknown = typeof props === 'object' && props !== null ? props.registryCache : undefined;
    if (typeof (registryCache as Partial<RegistryCache> | undefined)?._add !== 'function') {
      throw new Error(`CachedUpstream ${quote(this.node.path)}: registryCache must be the RegistryCache of a Shoot (got ${quote(typeof registryCache)}). `
        + 'Fix: use registryCache.addUpstream(id, options), or pass { registryCache, upstream }.');
    }
    this.upstream = props.upstream;
    this.credential = props.credential;
    this.registryCache = props.registryCache;
    const index = props.registryCache._add(this, props);
    // Its options and fields were checked when it was added; a cache with errors reports them at synth.
    // (A RegistryCache of another copy of the library without _hasCacheErrors: always.)
    const owner = props.registryCache as Partial<Pick<RegistryCache, '_hasCacheErrors'>>;
    if (typeof owner._hasCacheErrors !== 'function' || owner._hasCacheErrors(index)) {
      this.node.addValidation(new CacheValidation(props.registryCache, index));
    }
  }
}

/** The validation of one cache with errors: an object of its own, lighter than a closure and its context. */
class CacheValidation implements IValidation {
  constructor(private readonly registryCache: RegistryCache, private readonly index: number) {}

  public validate(): string[] {
    return this.registryCache._cacheErrors(this.index);
  }
}

brandClass(CachedUpstream, CACHED_UPSTREAM);
