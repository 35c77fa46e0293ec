import { ApiObject } from 'cdk8s';
import { Construct, IValidation } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { cacheEntryOf, mergeCacheErrors } from './_cache-entry';
import { appended } from './_compact';
import { FieldError, NO_ERRORS, quote, renderFieldErrors, under } from './_errors';
import { EveryKey } from './_props';
import { checkExtensionVersion, ExtensionVersion, NEWEST_KNOWN_EXTENSION_VERSION, NEWEST_KNOWN_VERSION } from './_rules/extension-version';
import {
  CacheEntry, checkCacheEntry, checkCaches, REGISTRY_CACHE_TYPE, REGISTRY_CONFIG_API_VERSION, REGISTRY_CONFIG_KIND,
} from './_rules/registry-config';
import { resourceOwnerOf, ShootWiring } from './_shoot';
import { recordCredentialUse } from './_unauthenticated-cache';
import { CachedUpstream, CachedUpstreamOptions, CachedUpstreamProps } from './cached-upstream';
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
 * @example
 * import { App, Chart, Include, Size } from 'cdk8s';
 * import { CredentialValue, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';
 *
 * const app = new App();
 * const chart = new Chart(app, 'garden-dev', { namespace: 'garden-dev' });
 * const dockerHub = new RegistryCacheCredential(chart, 'docker-hub', {
 *   name: 'ro-docker-secret',
 *   version: 1,
 *   resourceName: 'docker-secret',
 *   username: CredentialValue.fromEnv('DOCKER_HUB_USERNAME'),
 *   password: CredentialValue.fromEnv('DOCKER_HUB_TOKEN'),
 * });
 * // Your Shoot's YAML file (it needs spec.provider.workers).
 * const include = new Include(chart, 'shoot', { url: 'shoot.yaml' });
 * const shoot = include.apiObjects[0];
 * const cache = new RegistryCache(chart, 'registry-cache', { shoot });
 * cache.addUpstream('docker-io', { upstream: 'docker.io', credential: dockerHub });
 * cache.addUpstream('ghcr-io', { upstream: 'ghcr.io', volumeSize: Size.gibibytes(50) });
 * app.synth();
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

  /** The parsed extensionVersion; undefined when it is broken (reported itself), and then no check depends on it. */
  private readonly version: ExtensionVersion | undefined;
  private readonly wiring: ShootWiring;
  /** `spec.extensions[<i>]` of this cache's entry. */
  private readonly extensionPath: string;
  /** The `caches` array of the extension entry (`providerConfig.caches`); replaced as upstreams are added. */
  private entries: CacheEntry[] = [];
  /*
   * What else each cache needs is kept only where there is something to keep
   * (thousands of Shoots keep thousands of RegistryCaches alive until synth,
   * and every object kept costs memory and garbage-collection time; see
   * docs/ARCHITECTURE.md, "Performance"). Those that start undefined are
   * set so in the constructor all the same: one shape per RegistryCache, no
   * property added later.
   */
  /** The CachedUpstream of each cache, by index; made when the first one registers (none for the `upstreams` prop). */
  private constructsByIndex?: Array<CachedUpstream | undefined> = undefined;
  /**
   * The errors of each cache, by index, relative to its entry: converting
   * its options and the rules of its own fields, known when it is added
   * (they depend on nothing else); only non-empty ones. A CachedUpstream
   * without errors needs no validation of its own.
   */
  private cacheErrorsByIndex?: Map<number, FieldError[]> = undefined;
  private wiringErrors?: FieldError[] = undefined;
  /** The `providerConfig` the caches fill in: what the rules check and the Shoot gets. */
  private readonly providerConfig: { apiVersion: string; kind: string; caches: CacheEntry[] };
  /**
   * The rendered errors of the last validation, until a cache is registered;
   * and the rendered errors of each cache. cdk8s validates the whole app once
   * per Chart it synthesizes; the result only changes when caches are added,
   * so it is computed once.
   */
  private validation?: string[] = undefined;
  private cacheValidation?: Map<number, string[]> = undefined;

  constructor(scope: Construct, id: string, props: RegistryCacheProps) {
    super(scope, id);
    if (!(props?.shoot instanceof ApiObject)) {
      throw new Error(`RegistryCache ${quote(this.node.path)}: shoot must be the cdk8s ApiObject of a Gardener Shoot (got ${quote(typeof props?.shoot)}). Fix: pass the Shoot, e.g. new RegistryCache(this, 'cache', { shoot }).`);
    }
    this.shoot = props.shoot;
    this.extensionVersion = props.extensionVersion ?? NEWEST_KNOWN_EXTENSION_VERSION;
    this.version = checkedVersion(this.extensionVersion).version;
    this.wiring = ShootWiring.of(props.shoot);
    this.providerConfig = { apiVersion: REGISTRY_CONFIG_API_VERSION, kind: REGISTRY_CONFIG_KIND, caches: this.entries };
    const added = this.wiring.addExtension(REGISTRY_CACHE_TYPE, this, { type: REGISTRY_CACHE_TYPE, providerConfig: this.providerConfig });
    this.extensionPath = added.path;
    if (added.error) {
      this.wiringError(added.error);
    }
    this.node.addValidation(new ConfigValidation(this));
    const upstreams: unknown = props.upstreams ?? [];
    if (!Array.isArray(upstreams)) {
      this.wiringError({
        path: 'upstreams', value: quote(upstreams), detail: 'must be an array of CachedUpstreamOptions', fix: 'pass a list such as [{ upstream: "docker.io" }]',
      });
    } else {
      for (const options of upstreams) {
        this._add(undefined, options);
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
    // Field by field, not spread: one hidden class for all of them (EveryKey in _props.ts says why).
    // Options that are no object (plain JS) give no upstream, which is reported.
    const o: Partial<CachedUpstreamOptions> = typeof options === 'object' && options !== null ? options : {};
    return new CachedUpstream(this, id, ({
      registryCache: this,
      upstream: o.upstream,
      credential: o.credential,
      remoteUrl: o.remoteUrl,
      volumeSize: o.volumeSize,
      storageClassName: o.storageClassName,
      garbageCollectionTtl: o.garbageCollectionTtl,
      httpProxy: o.httpProxy,
      httpsProxy: o.httpsProxy,
      highAvailability: o.highAvailability,
      serviceNameSuffix: o.serviceNameSuffix,
      tls: o.tls,
    } satisfies EveryKey<CachedUpstreamProps>) as CachedUpstreamProps);
  }

  /**
   * The CachedUpstream constructs of this cache (`addUpstream` or `new
   * CachedUpstream`), in the order they were added; caches given in the
   * `upstreams` prop have none.
   */
  public get upstreams(): CachedUpstream[] {
    return (this.constructsByIndex ?? []).filter((c): c is CachedUpstream => c !== undefined);
  }

  /**
   * Adds one cache: converts its options to Gardener's data, registers it
   * (and its credential with the Shoot), and returns its index. Called by
   * CachedUpstream, and for the `upstreams` prop.
   * @internal
   */
  public _add(owner: CachedUpstream | undefined, options: CachedUpstreamOptions): number {
    const o: CachedUpstreamOptions = typeof options === 'object' && options !== null ? options : { upstream: undefined as unknown as string };
    // Only a credential construct gives its cache a secretReferenceName (anything else passed as credential is reported
    // by register): so every reference the library writes has its spec.resources entry, which lets the Shoot's wiring
    // skip the reference rule on Shoots whose own definition has no entries (_shoot.ts, check()).
    // (One brand check per cache: it is an `in` on objects of many classes, which V8 cannot make fast.)
    const credential = o.credential !== undefined && o.credential !== null && isCredential(o.credential) ? o.credential : undefined;
    // URLs are written as this version reads them back (as the newest does when extensionVersion is broken).
    const { entry, errors } = cacheEntryOf(o, credential?.resourceName, this.version ?? NEWEST_KNOWN_VERSION);
    const index = this.register(owner, entry, o.credential, credential, errors);
    if (credential !== undefined) {
      recordCredentialUse(owner ?? this, o.upstream, credential, this);
    }
    return index;
  }

  /**
   * The rendered errors of the cache at `index` (its options and its fields),
   * for the validation of its CachedUpstream (which has one only when there
   * are errors).
   * @internal
   */
  public _cacheErrors(index: number): string[] {
    let rendered = this.cacheValidation?.get(index);
    if (rendered === undefined) {
      rendered = renderFieldErrors(under(`${this._providerConfigPath}.caches[${index}]`, this.cacheErrorsByIndex?.get(index) ?? NO_ERRORS));
      (this.cacheValidation ??= new Map()).set(index, rendered);
    }
    return rendered;
  }

  /**
   * Whether the cache at `index` has errors of its own (known when it is
   * added): a CachedUpstream adds a validation only then.
   * @internal
   */
  public _hasCacheErrors(index: number): boolean {
    return this.cacheErrorsByIndex?.has(index) === true;
  }

  /**
   * The rendered errors of this RegistryCache (cdk8s validates the app once
   * per Chart it synthesizes: computed once, until a cache is added).
   * @internal
   */
  public _validate(): string[] {
    return this.validation ??= renderFieldErrors(this.validateConfig());
  }

  /**
   * The Gardener field path of the `providerConfig`.
   * @internal
   */
  public get _providerConfigPath(): string {
    return `${this.extensionPath}.providerConfig`;
  }

  /**
   * Registers a cache; returns its index in `caches`. `given` is what was
   * passed as its credential, `credential` the same when it is a credential
   * construct (undefined otherwise).
   */
  private register(
    upstream: CachedUpstream | undefined, entry: CacheEntry,
    given: unknown, credential: IRegistryCacheCredential | undefined, conversion: FieldError[],
  ): number {
    this.validation = undefined;
    this.wiring.changed();
    const index = this.entries.length;
    this.entries = appended(this.entries, entry);
    this.providerConfig.caches = this.entries;
    if (upstream !== undefined) {
      const constructs = this.constructsByIndex ?? [];
      while (constructs.length < index) {
        constructs.push(undefined); // caches from the upstreams prop have none
      }
      this.constructsByIndex = appended(constructs, upstream);
    }
    const own = mergeCacheErrors(conversion, checkCacheEntry(entry, index, this.version, true));
    if (own.length > 0) {
      (this.cacheErrorsByIndex ??= new Map()).set(index, own);
    }
    if (credential !== undefined) {
      const errors = this.wiring.addSecretResource(resourceOwnerOf(credential, 'credential'),
        () => `${this._providerConfigPath}.caches[${index}].secretReferenceName`);
      for (const e of errors) {
        this.wiringError(e);
      }
    } else if (given !== undefined) {
      this.wiringError({
        path: `${this._providerConfigPath}.caches[${index}].secretReferenceName`,
        value: quote(typeof given),
        detail: 'credential is not a RegistryCacheCredential',
        fix: 'pass a RegistryCacheCredential (or what RegistryCacheCredential.fromSecretName returns) as credential, or leave it out for anonymous pulls',
      });
    }
    return index;
  }

  private wiringError(error: FieldError): void {
    (this.wiringErrors ??= []).push(error);
  }

  /**
   * The errors this RegistryCache reports: the Shoot's and the wiring's, the
   * caches from the `upstreams` prop (which have no construct of their own),
   * the extension version, and the rules across caches. The caches of
   * CachedUpstream constructs report their own.
   */
  private validateConfig(): FieldError[] {
    // Each cache's own rules ran when it was added; the rest of a RegistryConfig the library builds (apiVersion,
    // kind, a list of caches) cannot be wrong: what is left are the rules across caches.
    const across = checkCaches(this.entries);
    const version = checkedVersion(this.extensionVersion).errors;
    if (across.length === 0 && version.length === 0 && this.wiringErrors === undefined && this.cacheErrorsByIndex === undefined) {
      return NO_ERRORS; // the usual RegistryCache, at every synth: no paths to build
    }
    const pc = this._providerConfigPath;
    const errors: FieldError[] = [...this.wiringErrors ?? NO_ERRORS];
    for (let i = 0; i < this.entries.length; i++) {
      if (this.constructsByIndex?.[i] === undefined) {
        const own = this.cacheErrorsByIndex?.get(i) ?? NO_ERRORS;
        if (own.length > 0) {
          errors.push(...under(`${pc}.caches[${i}]`, own));
        }
      }
    }
    errors.push(...version, ...under(pc, across));
    return errors;
  }
}

/** The validation of a RegistryCache (an object of its own, lighter than a closure and its context). */
class ConfigValidation implements IValidation {
  constructor(private readonly cache: RegistryCache) {}

  public validate(): string[] {
    return this.cache._validate();
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

brandClass(RegistryCache, REGISTRY_CACHE);
