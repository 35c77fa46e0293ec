import { Construct } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { quote, renderFieldError, under } from './_errors';
import { MirrorCapability } from './mirror-capability';
import type { RegistryMirror } from './registry-mirror';
import { IRegistryMirrorCaBundle } from './registry-mirror-ca-bundle';

const MIRRORED_UPSTREAM = brandSymbol('MirroredUpstream');

/**
 * One mirror host of an upstream: an entry of `hosts` in Gardener's
 * `MirrorConfig`, in its words. Only what you set is written.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/registry-mirror/configuration/
 */
export interface MirrorHostOptions {
  /**
   * The mirror's URL (`host`): `http://` or `https://`, a host and optional
   * port, and from registry-mirror extension v0.22.0 a path (e.g.
   * `https://harbor.example.com/v2/k8s`); no user info, query or fragment.
   */
  readonly host: string;

  /**
   * What the mirror is trusted to do (`capabilities`).
   *
   * @default - Gardener uses [pull]
   */
  readonly capabilities?: MirrorCapability[];

  /**
   * The CA bundle that verifies the mirror's TLS certificate
   * (`caBundleSecretReferenceName`): the host references its
   * `resourceName`, and the Shoot gets a `spec.resources` entry pointing at
   * its Secret. From registry-mirror extension v0.21.0.
   *
   * @default - the nodes' system trust store
   */
  readonly caBundle?: IRegistryMirrorCaBundle;

  /**
   * containerd's `override_path` (`overridePath`): set it to true only for a
   * registry that lacks the `/v2` prefix, whose API root is the path of
   * `host`. From registry-mirror extension v0.22.0.
   *
   * @default - containerd uses false
   */
  readonly overridePath?: boolean;
}

/**
 * The mirrors of one upstream registry: an entry of `mirrors` in Gardener's
 * `MirrorConfig`. containerd pulls from the hosts first, in order, and falls
 * back to the upstream.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/registry-mirror/configuration/
 */
export interface MirroredUpstreamOptions {
  /**
   * The upstream registry host, with an optional port, as it appears in
   * image references: `docker.io`, `quay.io`, `my-registry.io:5000`. No
   * scheme or path.
   */
  readonly upstream: string;

  /** The mirror hosts of the upstream, at least one, in the order containerd tries them. */
  readonly hosts: MirrorHostOptions[];
}

/**
 * Properties of a `MirroredUpstream`.
 */
export interface MirroredUpstreamProps extends MirroredUpstreamOptions {
  /** The registry mirror (of one Shoot) this upstream is mirrored by. */
  readonly registryMirror: RegistryMirror;
}

/**
 * One upstream registry mirrored in a Shoot: an entry of the `mirrors` of
 * its `RegistryMirror`. Usually made with `RegistryMirror.addMirror`.
 */
export class MirroredUpstream extends Construct {
  /**
   * Whether `x` is a `MirroredUpstream`, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isMirroredUpstream(x: any): x is MirroredUpstream {
    return hasBrand(x, MIRRORED_UPSTREAM);
  }

  /** The upstream registry host. */
  public readonly upstream: string;
  /** The mirror hosts, as given. */
  public readonly hosts: MirrorHostOptions[];
  /** The registry mirror this upstream belongs to. */
  public readonly registryMirror: RegistryMirror;

  constructor(scope: Construct, id: string, props: MirroredUpstreamProps) {
    super(scope, id);
    // Misuse that leaves the construct unusable (as for CachedUpstream): a clear error, never a TypeError.
    const registryMirror: unknown = typeof props === 'object' && props !== null ? props.registryMirror : undefined;
    if (typeof (registryMirror as Partial<RegistryMirror> | undefined)?._add !== 'function') {
      throw new Error(`MirroredUpstream ${quote(this.node.path)}: registryMirror must be the RegistryMirror of a Shoot (got ${quote(typeof registryMirror)}). `
        + 'Fix: use registryMirror.addMirror(id, options), or pass { registryMirror, upstream, hosts }.');
    }
    this.upstream = props.upstream;
    this.hosts = props.hosts;
    this.registryMirror = props.registryMirror;
    const { index, errors } = props.registryMirror._add(this, props);
    if (errors.length > 0) {
      // Its errors are known now: rendered once (cdk8s validates the app once per Chart).
      const path = `${props.registryMirror._providerConfigPath}.mirrors[${index}]`;
      let rendered: string[] | undefined;
      this.node.addValidation({ validate: () => rendered ??= under(path, errors).map(renderFieldError) });
    }
  }
}

brandClass(MirroredUpstream, MIRRORED_UPSTREAM);
