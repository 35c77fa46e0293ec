import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { FieldError, quote, renderFieldError, under } from './_errors';
import { EveryKey, snapshotProps } from './_props';
import { checkExtensionVersion, ExtensionVersion, NEWEST_KNOWN_EXTENSION_VERSION, parseExtensionVersion } from './_rules/extension-version';
import { isObject } from './_rules/json';
import {
  checkMirrorConfig, checkMirrorHost, MIRROR_CONFIG_API_VERSION, MIRROR_CONFIG_KIND, MIRROR_EXTENSION_TYPE,
  MirrorEntry, MirrorHostEntry, REGISTRY_MIRROR_FLOOR,
} from './_rules/mirror';
import { resourceOwnerOf, ShootWiring } from './_shoot';
import { MirroredUpstream, MirroredUpstreamOptions, MirroredUpstreamProps } from './mirrored-upstream';
import { IRegistryMirrorCaBundle, RegistryMirrorCaBundle } from './registry-mirror-ca-bundle';

const REGISTRY_MIRROR = brandSymbol('RegistryMirror');

/** Carries options that addMirror could not read to _add, which reports them. */
const RAW_OPTIONS = Symbol('raw MirroredUpstreamOptions');

/**
 * Properties of a `RegistryMirror`.
 */
export interface RegistryMirrorProps {
  /**
   * The Shoot (`core.gardener.cloud/v1beta1`, kind `Shoot`) to configure the
   * mirrors on: any cdk8s ApiObject, whether made directly, from an imported
   * typed class, or by `Include` of an existing Shoot YAML file.
   *
   * The library adds the `registry-mirror` entry to its `spec.extensions`
   * and one `spec.resources` entry per CA bundle; entries already there are kept.
   */
  readonly shoot: ApiObject;

  /**
   * The version of the registry extension on the landscape (e.g. `v0.22.0`;
   * registry-cache and registry-mirror are released together): a field or
   * a host URL form that version does not know is reported at synth, because
   * the extension's strict decoding would reject the Shoot.
   *
   * @default 'v0.24.0'
   */
  readonly extensionVersion?: string;

  /**
   * Upstreams to mirror, given as plain options: the same mirrors as calling
   * `addMirror` for each, in this order and before any added later, but
   * without a construct per upstream.
   *
   * @default - none: add mirrors with `addMirror`
   */
  readonly mirrors?: MirroredUpstreamOptions[];
}

/**
 * The `registry-mirror` extension of one Shoot: containerd on its nodes
 * pulls each mirrored upstream's images from the mirror hosts first, and
 * falls back to the upstream.
 *
 * It writes the Shoot's `spec.extensions` entry (`type: registry-mirror` with
 * a `mirror.extensions.gardener.cloud/v1alpha1` `MirrorConfig`) and, for
 * hosts with a CA bundle, the `spec.resources` entry that points at the
 * bundle's Secret. Everything is checked at synth against Gardener's rules,
 * including the registry-mirror admission's cross-check with the Shoot's
 * registry caches (an upstream is either cached or mirrored); all problems
 * are reported together.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/registry-mirror/configuration/
 */
export class RegistryMirror extends Construct {
  /**
   * Whether `x` is a `RegistryMirror`, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isRegistryMirror(x: any): x is RegistryMirror {
    return hasBrand(x, REGISTRY_MIRROR);
  }

  /** The Shoot this registry mirror is configured on. */
  public readonly shoot: ApiObject;

  /** The version of the registry extension the configuration is checked against. */
  public readonly extensionVersion: string;

  private readonly wiring: ShootWiring;
  /** `spec.extensions[<i>]` of this mirror's entry. */
  private readonly extensionPath: string;
  private readonly versionErrors: FieldError[];
  private readonly version: ExtensionVersion;
  /** The MirroredUpstream of each mirror, in order (none for mirrors from the props). */
  private readonly constructs: Array<MirroredUpstream | undefined> = [];
  /** The `mirrors` array of the extension entry; filled as mirrors are added. */
  private readonly entries: MirrorEntry[] = [];
  private readonly wiringErrors: FieldError[] = [];
  /** Field errors of the mirrors from the `mirrors` prop, by index. */
  private readonly optionErrors: Array<{ readonly index: number; readonly errors: FieldError[] }> = [];
  /** Paths (relative to providerConfig) of options that could not be read: their own error stands for them. */
  private readonly unreadable = new Set<string>();
  /** The rendered errors of the last validation, until a mirror is added. */
  private validation?: string[] = undefined;

  constructor(scope: Construct, id: string, props: RegistryMirrorProps) {
    super(scope, id);
    if (!(props?.shoot instanceof ApiObject)) {
      throw new Error(`RegistryMirror ${quote(this.node.path)}: shoot must be the cdk8s ApiObject of a Gardener Shoot (got ${quote(typeof props?.shoot)}). Fix: pass the Shoot, e.g. new RegistryMirror(this, 'mirror', { shoot }).`);
    }
    this.shoot = props.shoot;
    this.extensionVersion = props.extensionVersion ?? NEWEST_KNOWN_EXTENSION_VERSION;
    const version = checkExtensionVersion(this.extensionVersion, 'extensionVersion', REGISTRY_MIRROR_FLOOR);
    this.versionErrors = version.errors;
    // With a bad version, check against the newest: its error is reported, the rest still is.
    this.version = version.version ?? parseExtensionVersion(NEWEST_KNOWN_EXTENSION_VERSION)!;
    this.wiring = ShootWiring.of(props.shoot);
    const added = this.wiring.addExtension(MIRROR_EXTENSION_TYPE, this, {
      type: MIRROR_EXTENSION_TYPE,
      providerConfig: { apiVersion: MIRROR_CONFIG_API_VERSION, kind: MIRROR_CONFIG_KIND, mirrors: this.entries },
    });
    this.extensionPath = added.path;
    if (added.error) {
      this.wiringErrors.push(added.error);
    }
    this.node.addValidation({ validate: () => this.validation ??= this.validateConfig().map(renderFieldError) });
    const mirrors: unknown = props.mirrors ?? [];
    if (!Array.isArray(mirrors)) {
      this.wiringErrors.push({
        path: 'mirrors', value: quote(typeof mirrors), detail: 'must be an array of MirroredUpstreamOptions', fix: 'pass a list such as [{ upstream: "docker.io", hosts: [{ host: "https://mirror.gcr.io" }] }]',
      });
    } else {
      for (const options of mirrors) {
        const { index, errors } = this._add(undefined, options);
        if (errors.length > 0) {
          this.optionErrors.push({ index, errors });
        }
      }
    }
  }

  /**
   * Mirrors an upstream registry in the Shoot.
   *
   * @param id the construct id of the new MirroredUpstream
   * @param options the upstream and its mirror hosts
   */
  public addMirror(id: string, options: MirroredUpstreamOptions): MirroredUpstream {
    // Options that cannot be read (plain JS: null, a string, a throwing Proxy) travel as they are, for _add to report.
    const input = snapshotProps<MirroredUpstreamOptions>(options, ['upstream', 'hosts'], '', '');
    // Field by field, not spread: one hidden class for all of them (EveryKey in _props.ts says why).
    const props = input.error === undefined
      ? ({ registryMirror: this, upstream: input.props.upstream, hosts: input.props.hosts } satisfies EveryKey<MirroredUpstreamProps>)
      : { registryMirror: this, [RAW_OPTIONS]: options };
    return new MirroredUpstream(this, id, props as MirroredUpstreamProps);
  }

  /**
   * The MirroredUpstream constructs of this mirror (`addMirror` or `new
   * MirroredUpstream`), in the order they were added; mirrors given in the
   * `mirrors` prop have none.
   */
  public get mirrors(): MirroredUpstream[] {
    return this.constructs.filter((c): c is MirroredUpstream => c !== undefined);
  }

  /**
   * The Gardener field path of the `providerConfig`.
   * @internal
   */
  public get _providerConfigPath(): string {
    return `${this.extensionPath}.providerConfig`;
  }

  /**
   * Adds one mirror: builds its entry (hosts in canonical form, CA bundles
   * wired to the Shoot) and returns its index and the errors of its options
   * (relative to the entry). Called by MirroredUpstream, and for the `mirrors` prop.
   * @internal
   */
  public _add(owner: MirroredUpstream | undefined, options: MirroredUpstreamOptions): { index: number; errors: FieldError[] } {
    this.validation = undefined;
    this.wiring.changed();
    const index = this.entries.length;
    const errors: FieldError[] = [];
    this.constructs.push(owner);
    // Options as plain JS may pass them: read once; what cannot be read is one error, not a crash.
    const raw: unknown = isObject(options) && RAW_OPTIONS in options ? (options as Record<symbol, unknown>)[RAW_OPTIONS] : options;
    const o = this.snapshot<MirroredUpstreamOptions>(raw, ['upstream', 'hosts'], `mirrors[${index}]`, errors);
    if (o === undefined) {
      this.entries.push(null as unknown as MirrorEntry);
      return { index, errors };
    }
    const hosts: unknown = Array.isArray(o.hosts) ? o.hosts.map((h: unknown, j) => this.buildHost(h, index, j, errors)) : o.hosts;
    this.entries.push({ upstream: o.upstream, hosts });
    return { index, errors };
  }

  /**
   * Reads `keys` of `value` once; undefined (with one error at `path`,
   * relative to providerConfig, whose rule errors are then left out) when
   * `value` cannot be read as an object.
   */
  private snapshot<T>(value: unknown, keys: readonly string[], path: string, errors: FieldError[]): T | undefined {
    const input = snapshotProps<T>(value, keys, '', '{ upstream: "docker.io", hosts: [{ host: "https://mirror.gcr.io" }] }');
    if (input.error === undefined) {
      return input.props;
    }
    this.unreadable.add(path);
    errors.push({ ...input.error, path: path.replace(/^mirrors\[[0-9]+\]\.?/, '') });
    return undefined;
  }

  /** One `hosts[]` entry: only what was set, the URL in canonical form. */
  private buildHost(value: unknown, index: number, j: number, errors: FieldError[]): unknown {
    const h = this.snapshot<Record<string, unknown>>(value, ['host', 'capabilities', 'caBundle', 'overridePath'], `mirrors[${index}].hosts[${j}]`, errors);
    if (h === undefined) {
      return null;
    }
    // Canonical when valid; else shown as given, user info hidden (its error is reported).
    const entry: MirrorHostEntry = { host: typeof h.host === 'string' ? checkMirrorHost(h.host, 'host', this.version).emitted : h.host };
    if (h.capabilities !== undefined) {
      entry.capabilities = Array.isArray(h.capabilities) ? [...h.capabilities] : h.capabilities;
    }
    if (h.caBundle !== undefined) {
      const bundle = h.caBundle;
      const path = `hosts[${j}].caBundleSecretReferenceName`;
      if (!isCaBundle(bundle)) {
        errors.push({
          path,
          value: quote(typeof bundle),
          detail: 'caBundle is not a RegistryMirrorCaBundle',
          fix: 'pass a RegistryMirrorCaBundle (or RegistryMirrorCaBundle.fromSecretName) as caBundle, or leave it out to trust the nodes\' system CAs',
        });
      } else {
        entry.caBundleSecretReferenceName = bundle.resourceName;
        this.wiringErrors.push(...this.wiring.addSecretResource(resourceOwnerOf(bundle, 'CA bundle'),
          `${this._providerConfigPath}.mirrors[${index}].${path}`));
      }
    }
    if (h.overridePath !== undefined) {
      entry.overridePath = h.overridePath;
    }
    return entry;
  }

  private isUnreadable(path: string): boolean {
    for (const p of this.unreadable) {
      if (path === p || path.startsWith(`${p}.`)) {
        return true;
      }
    }
    return false;
  }

  private validateConfig(): FieldError[] {
    return [
      ...this.wiringErrors,
      ...this.optionErrors.flatMap(o => under(`${this._providerConfigPath}.mirrors[${o.index}]`, o.errors)),
      ...this.versionErrors,
      ...under(this._providerConfigPath, checkMirrorConfig({
        apiVersion: MIRROR_CONFIG_API_VERSION, kind: MIRROR_CONFIG_KIND, mirrors: this.entries,
      }, this.version).filter(e => !this.isUnreadable(e.path))),
    ];
  }
}

/** Whether a value passed as `caBundle` (possibly from plain JS) has what the wiring reads. */
function isCaBundle(value: unknown): value is IRegistryMirrorCaBundle {
  return RegistryMirrorCaBundle.isCaBundle(value);
}

brandClass(RegistryMirror, REGISTRY_MIRROR);
