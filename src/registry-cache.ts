import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { addBrand, brandSymbol, hasBrand } from './_brand';
import { FieldError, quote, renderFieldError, under } from './_errors';
import { buildCacheEntry, CacheEntry, checkCaches, REGISTRY_CONFIG_API_VERSION } from './_registry-config';
import {
  checkCacheFieldsKnown, checkExtensionVersion, ExtensionVersion, NEWEST_KNOWN_EXTENSION_VERSION, NEWEST_KNOWN_VERSION,
} from './_rules/extension-version';
import { EXTENSION_TYPE, ShootWiring } from './_shoot';
import { recordCredentialUse } from './_unauthenticated-cache';
import { CachedUpstream, CachedUpstreamOptions } from './cached-upstream';
import { IRegistryCacheCredential, RegistryCacheCredential } from './registry-cache-credential';

const REGISTRY_CACHE = brandSymbol('RegistryCache');

/**
 * Properties of a `RegistryCache`.
 */
export interface RegistryCacheProps {
  /**
   * The Shoot (`core.gardener.cloud/v1beta1`, kind `Shoot`) to enable the
   * registry cache on: any cdk8s ApiObject, whether made directly, from an
   * imported typed class, or by `Include` of an existing Shoot YAML file.
   *
   * The library adds the `registry-cache` entry to its `spec.extensions` and
   * one `spec.resources` entry per credential; entries already there are kept.
   */
  readonly shoot: ApiObject;

  /**
   * The version of the registry-cache extension on the landscape (e.g.
   * `v0.18.0`): a cache field that version does not know is reported at
   * synth, because the extension's strict decoding would reject the Shoot.
   *
   * @default 'v0.24.0'
   */
  readonly extensionVersion?: string;

  /**
   * Upstreams to cache, given as plain options: the same caches as calling
   * `addUpstream` for each, in this order and before any added later, but
   * without a construct per upstream. For apps that generate thousands of
   * Shoots, where every construct costs cdk8s synthesis time; errors name the
   * RegistryCache and the cache's index.
   *
   * @default - none: add upstreams with `addUpstream`
   */
  readonly upstreams?: CachedUpstreamOptions[];
}

/** One cache as registered, in order: its construct, unless it came from the `upstreams` prop. */
interface RegisteredCache {
  readonly upstream?: CachedUpstream;
  readonly entry: CacheEntry;
}

/**
 * The `registry-cache` extension of one Shoot: a pull-through cache inside
 * the cluster for each upstream registry added with `addUpstream`.
 *
 * It writes the Shoot's `spec.extensions` entry (`type: registry-cache` with a
 * `registry.extensions.gardener.cloud/v1alpha3` `RegistryConfig`) and, for
 * caches with a credential, the `spec.resources` entry that points at the
 * credential's Secret. Everything is checked at synth against Gardener's
 * rules; all problems are reported together.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/configuration/
 */
export class RegistryCache extends Construct {
  /**
   * Whether `x` is a `RegistryCache`, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isRegistryCache(x: any): x is RegistryCache {
    return hasBrand(x, REGISTRY_CACHE);
  }

  /** The Shoot this registry cache is enabled on. */
  public readonly shoot: ApiObject;

  /** The version of the registry-cache extension the configuration is checked against. */
  public readonly extensionVersion: string;

  private readonly version: ExtensionVersion;
  private readonly wiring: ShootWiring;
  /** `spec.extensions[<i>]` of this cache's entry. */
  private readonly extensionPath: string;
  private readonly caches: RegisteredCache[] = [];
  /** The `caches` array of the extension entry; filled as upstreams are added. */
  private readonly entries: CacheEntry[] = [];
  private readonly wiringErrors: FieldError[] = [];
  /** Field errors of the caches from the `upstreams` prop, by index in `caches`. */
  private readonly optionErrors: Array<{ readonly index: number; readonly errors: FieldError[] }> = [];
  /**
   * The rendered errors of the last validation, until a cache is registered.
   * cdk8s validates the whole app once per Chart it synthesizes; the result
   * only changes when caches are added, so it is computed once.
   */
  private validation?: string[];

  constructor(scope: Construct, id: string, props: RegistryCacheProps) {
    super(scope, id);
    addBrand(this, REGISTRY_CACHE);
    if (!(props?.shoot instanceof ApiObject)) {
      throw new Error(`RegistryCache ${quote(this.node.path)}: shoot must be the cdk8s ApiObject of a Gardener Shoot (got ${quote(typeof props?.shoot)}). Fix: pass the Shoot, e.g. new RegistryCache(this, 'cache', { shoot }).`);
    }
    this.shoot = props.shoot;
    this.extensionVersion = props.extensionVersion ?? NEWEST_KNOWN_EXTENSION_VERSION;
    // URLs are checked as this version does; a broken extensionVersion is reported itself.
    this.version = checkedVersion(this.extensionVersion).version ?? NEWEST_KNOWN_VERSION;
    this.wiring = ShootWiring.of(props.shoot);
    const added = this.wiring.addExtension(EXTENSION_TYPE, this, {
      type: EXTENSION_TYPE,
      providerConfig: { apiVersion: REGISTRY_CONFIG_API_VERSION, kind: 'RegistryConfig', caches: this.entries },
    });
    this.extensionPath = added.path;
    if (added.error) {
      this.wiringErrors.push(added.error);
    }
    this.node.addValidation({ validate: () => this.validation ??= this.validateConfig().map(renderFieldError) });
    const upstreams: unknown = props.upstreams ?? [];
    if (!Array.isArray(upstreams)) {
      this.wiringErrors.push({
        path: 'upstreams', value: quote(upstreams), detail: 'must be an array of CachedUpstreamOptions', fix: 'pass a list such as [{ upstream: "docker.io" }]',
      });
    } else {
      for (const options of upstreams) {
        const { index, errors } = this._add(undefined, options);
        if (errors.length > 0) {
          this.optionErrors.push({ index, errors });
        }
      }
    }
  }

  /**
   * Caches an upstream registry in the Shoot.
   *
   * @param id the construct id of the new CachedUpstream
   * @param options the upstream and how to cache it
   */
  public addUpstream(id: string, options: CachedUpstreamOptions): CachedUpstream {
    return new CachedUpstream(this, id, { ...options, registryCache: this });
  }

  /**
   * The CachedUpstream constructs of this cache (`addUpstream` or `new
   * CachedUpstream`), in the order they were added; caches given in the
   * `upstreams` prop have none.
   */
  public get upstreams(): CachedUpstream[] {
    return this.caches.flatMap(c => c.upstream === undefined ? [] : [c.upstream]);
  }

  /**
   * Adds one cache: builds its entry, registers it (and its credential with
   * the Shoot), and returns its index and the errors of its fields (relative
   * to the entry). Called by CachedUpstream, and for the `upstreams` prop.
   * @internal
   */
  public _add(owner: CachedUpstream | undefined, options: CachedUpstreamOptions): { index: number; errors: FieldError[] } {
    const o: CachedUpstreamOptions = typeof options === 'object' && options !== null ? options : { upstream: undefined as unknown as string };
    const { entry, errors } = buildCacheEntry(o, o.credential?.resourceName, this.version);
    const index = this._register(owner, entry, o.credential);
    if (o.credential !== undefined && o.credential !== null && isCredential(o.credential)) {
      recordCredentialUse({ scope: owner ?? this, upstream: o.upstream, credential: o.credential });
    }
    return { index, errors };
  }

  /**
   * The Gardener field path of the `providerConfig`.
   * @internal
   */
  public get _providerConfigPath(): string {
    return `${this.extensionPath}.providerConfig`;
  }

  /**
   * Registers a cache; returns its index in `caches`. Called by CachedUpstream.
   * @internal
   */
  public _register(upstream: CachedUpstream | undefined, entry: CacheEntry, credential?: IRegistryCacheCredential): number {
    this.validation = undefined;
    this.wiring.changed();
    const index = this.entries.length;
    this.caches.push({ upstream, entry });
    this.entries.push(entry);
    if (credential !== undefined) {
      const path = (): string => `${this._providerConfigPath}.caches[${index}].secretReferenceName`;
      if (!isCredential(credential)) {
        this.wiringErrors.push({
          path: path(),
          value: quote(typeof credential),
          detail: 'credential is not a RegistryCacheCredential',
          fix: 'pass a RegistryCacheCredential (or what RegistryCacheCredential.fromSecretName returns) as credential, or leave it out for anonymous pulls',
        });
        return index;
      }
      this.wiringErrors.push(...this.wiring.addSecretResource({
        secretName: credential.secretName,
        resourceName: credential.resourceName,
        namespace: credential.namespace,
        construct: credential,
        noun: 'credential',
      }, path()));
    }
    return index;
  }

  private validateConfig(): FieldError[] {
    const version = checkedVersion(this.extensionVersion);
    const unknownFields: FieldError[] = [];
    if (version.version !== undefined) {
      this.entries.forEach((entry, i) => {
        const errors = checkCacheFieldsKnown(entry, version.version!);
        if (errors.length > 0) {
          unknownFields.push(...under(`${this._providerConfigPath}.caches[${i}]`, errors));
        }
      });
    }
    return [
      ...this.wiringErrors,
      ...this.optionErrors.flatMap(o => under(`${this._providerConfigPath}.caches[${o.index}]`, o.errors)),
      ...version.errors,
      ...under(this._providerConfigPath, checkCaches(this.entries)),
      ...unknownFields,
    ];
  }
}

/** Parsed extension versions: thousands of RegistryCaches usually name one or two. */
const versions = new Map<unknown, ReturnType<typeof checkExtensionVersion>>();

function checkedVersion(extensionVersion: unknown): ReturnType<typeof checkExtensionVersion> {
  if (typeof extensionVersion !== 'string') {
    return checkExtensionVersion(extensionVersion, 'extensionVersion');
  }
  let checked = versions.get(extensionVersion);
  if (checked === undefined) {
    checked = checkExtensionVersion(extensionVersion, 'extensionVersion');
    if (versions.size < 100) {
      versions.set(extensionVersion, checked);
    }
  }
  return checked;
}

/** Whether a value passed as `credential` (possibly from plain JS, or another copy of the library) is a credential construct. */
function isCredential(value: unknown): value is IRegistryCacheCredential {
  return RegistryCacheCredential.isCredential(value);
}
