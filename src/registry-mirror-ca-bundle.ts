import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { FieldError, quote, renderFieldError, safeString } from './_errors';
import { snapshotProps } from './_props';
import { CA_BUNDLE_KEY, checkCaBundlePem } from './_rules/ca-bundle';
import { checkNamespace, checkResourceName, checkSecretBaseName, checkVersion } from './_rules/secret';
import { checkPreviousVersions, emitVersions, pruneProtectionAnnotations, versionedSecretName } from './_versioned-secret';
import { GitOpsPruneProtection } from './gitops-prune-protection';

/** Any CA bundle a mirror host accepts (also `fromSecretName`'s). */
const CA_BUNDLE = brandSymbol('IRegistryMirrorCaBundle');
/** A CA bundle whose Secret the app writes. */
const REGISTRY_MIRROR_CA_BUNDLE = brandSymbol('RegistryMirrorCaBundle');

/**
 * A CA bundle as a mirror host sees it: the Secret in the project namespace,
 * and the name of the Shoot's `spec.resources` entry that points at it (what
 * `caBundleSecretReferenceName` names).
 */
export interface IRegistryMirrorCaBundle extends IConstruct {
  /** The name of the immutable Secret in the project namespace, e.g. `private-mirror-ca-bundle-v1`. */
  readonly secretName: string;
  /** The name of the Shoot's `spec.resources` entry; mirror hosts reference it as `caBundleSecretReferenceName`. */
  readonly resourceName: string;
  /** The project namespace of the Secret; it must be the namespace of every Shoot that uses it. */
  readonly namespace: string;
}

/**
 * Properties of a CA bundle whose Secret is managed outside the app
 * (`RegistryMirrorCaBundle.fromSecretName`); `RegistryMirrorCaBundleProps` extends them.
 */
export interface RegistryMirrorCaBundleReferenceProps {
  /**
   * The base name of the Secret; the Secret is named `<name>-v<version>`.
   *
   * @example 'private-mirror-ca-bundle'
   */
  readonly name: string;

  /**
   * The version of the bundle, a positive integer. Bump it to rotate: the
   * Shoot's resource reference moves to `<name>-v<version>`; the mirror
   * configuration stays the same.
   */
  readonly version: number;

  /**
   * The project namespace of the Secret (e.g. `garden-dev`). It must be the
   * namespace of the Shoots that use the bundle.
   *
   * @default - the namespace of the enclosing Chart; one of the two is required
   */
  readonly namespace?: string;

  /**
   * The name of the Shoot's `spec.resources` entry that references the
   * Secret. It stays the same across versions, so that rotation leaves the
   * mirror configuration untouched.
   *
   * @default - `name`
   */
  readonly resourceName?: string;
}

/**
 * An earlier version of a CA bundle, kept in the output during a rotation
 * window: its Secret `<name>-v<version>` is emitted with its own
 * certificates, and no Shoot references it.
 */
export interface PreviousCaBundleVersion {
  /** The earlier version, lower than the bundle's `version`. */
  readonly version: number;

  /** The PEM-encoded certificates of that version. */
  readonly pem: string;
}

/**
 * Properties of a `RegistryMirrorCaBundle`.
 */
export interface RegistryMirrorCaBundleProps extends RegistryMirrorCaBundleReferenceProps {
  /**
   * One or more PEM-encoded CA certificates (the content of a `ca.crt`): the
   * Secret's `bundle.crt`. Public data, so a plain string; checked at synth
   * (every PEM block a certificate that parses) and never shown in a message.
   */
  readonly pem: string;

  /**
   * Earlier versions whose Secrets stay in the output for the rotation
   * window; drop an entry once the Shoot has reconciled on the current version.
   *
   * @default - only the current version is emitted
   */
  readonly previousVersions?: PreviousCaBundleVersion[];

  /**
   * Annotations that keep Argo CD or Flux from pruning the bundle's Secrets
   * (every emitted version) when a later commit drops them; you then delete
   * an old version yourself, after the Shoot has moved away from it.
   *
   * @default - no annotations: the GitOps tool prunes a version once it is dropped from the output
   */
  readonly pruneProtection?: GitOpsPruneProtection;
}

const REFERENCE_HINT = 'RegistryMirrorCaBundle.fromSecretName';

/**
 * The certificate authority bundle of a private registry mirror with a
 * self-signed (or privately issued) certificate: one immutable, versioned
 * Secret (`<name>-v<version>`, `type: Opaque`, exactly one data key
 * `bundle.crt`) in the project namespace.
 *
 * Give it to the mirror hosts it verifies (`caBundle` of `MirrorHostOptions`):
 * each Shoot they belong to then gets one `spec.resources` entry named
 * `resourceName` pointing at the Secret, and the hosts get
 * `caBundleSecretReferenceName: <resourceName>`. Needs registry-mirror
 * extension v0.21.0 or newer.
 *
 * To rotate, bump `version` and keep the old certificates in
 * `previousVersions` until the Shoot has reconciled: the Secret's name and
 * the resource reference change, nothing else.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/registry-mirror/ca-bundle-for-private-mirror/
 */
export class RegistryMirrorCaBundle extends Construct implements IRegistryMirrorCaBundle {
  /**
   * Whether `x` is a `RegistryMirrorCaBundle` (with a Secret the app writes),
   * also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isRegistryMirrorCaBundle(x: any): x is RegistryMirrorCaBundle {
    return hasBrand(x, REGISTRY_MIRROR_CA_BUNDLE);
  }

  /**
   * Whether `x` is a CA bundle a mirror host accepts: a `RegistryMirrorCaBundle`
   * or what `fromSecretName` returns, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isCaBundle(x: any): x is IRegistryMirrorCaBundle {
    return hasBrand(x, CA_BUNDLE);
  }

  /**
   * A CA bundle whose Secret is managed outside the app: the library emits
   * the Shoot wiring for `<name>-v<version>` and no Secret. Create that
   * Secret yourself in the project namespace, `immutable: true`, with
   * exactly the data key `bundle.crt`.
   *
   * @param scope the scope of the new construct
   * @param id the construct id
   * @param props the versioned name of the Secret and how the Shoot refers to it
   */
  public static fromSecretName(scope: Construct, id: string, props: RegistryMirrorCaBundleReferenceProps): IRegistryMirrorCaBundle {
    return new ReferencedRegistryMirrorCaBundle(scope, id, props);
  }

  /** The name of the current version's Secret, `<name>-v<version>`. */
  public readonly secretName: string;
  /** The name of the Shoot's `spec.resources` entry; mirror hosts reference it. */
  public readonly resourceName: string;
  /** The project namespace of the Secrets. */
  public readonly namespace: string;
  /** The version of the bundle the Shoots reference. */
  public readonly version: number;
  /** The earlier versions still emitted for the rotation window, ascending. */
  public readonly previousVersions: number[];

  constructor(scope: Construct, id: string, props: RegistryMirrorCaBundleProps) {
    super(scope, id);
    // Props as plain JS may pass them: read once, each key, into a plain object.
    const input = snapshotProps<RegistryMirrorCaBundleProps>(props, [...REFERENCE_KEYS, 'pem', 'previousVersions', 'pruneProtection'],
      'props', '{ name: "private-mirror-ca-bundle", version: 1, pem: fs.readFileSync("ca.crt", "utf-8") }');
    const p = input.props;
    const baseName = textOf(p.name);
    this.version = p.version;
    this.resourceName = p.resourceName === undefined ? baseName : textOf(p.resourceName);
    this.namespace = p.namespace === undefined ? Chart.of(this).namespace ?? '' : textOf(p.namespace);
    this.secretName = versionedSecretName(baseName, p.version);

    const errors: FieldError[] = input.error !== undefined ? [input.error] : referenceErrors(p, baseName, this.secretName, this.namespace);
    const window = checkPreviousVersions<PreviousCaBundleVersion>(p.version, p.previousVersions, ['version', 'pem'], '{ version: 1, pem }');
    const prune = pruneProtectionAnnotations(p.pruneProtection);
    const previous: PreviousCaBundleVersion[] = window.previous.map(v => ({ version: v.version, pem: v.item.pem }));
    this.previousVersions = previous.map(v => v.version);
    const current: PreviousCaBundleVersion = { version: p.version, pem: p.pem };
    const path = (v: PreviousCaBundleVersion) => `Secret ${quote(`${this.namespace}/${versionedSecretName(baseName, v.version)}`)} data.${CA_BUNDLE_KEY}`;
    if (input.error === undefined) {
      errors.push(...window.errors, ...(prune.error ? [prune.error] : []));
      for (const v of [...previous, current]) {
        errors.push(...checkCaBundlePem(v.pem, path(v)));
      }
    }
    const rendered = errors.map(renderFieldError);
    this.node.addValidation({ validate: () => rendered });

    // The main object is the current version's Secret: ApiObject.of(caBundle) finds it.
    this.node.defaultChild = emitVersions(this, {
      baseName,
      namespace: this.namespace,
      annotations: prune.annotations,
      noun: 'CA bundle',
      referenceHint: REFERENCE_HINT,
    }, previous, current, v => {
      if (typeof v.pem !== 'string') {
        throw new Error(`${path(v)}: is not a string. Fix: give the PEM-encoded certificates as a string`);
      }
      return { [CA_BUNDLE_KEY]: v.pem };
    });
  }
}

/** The keys of RegistryMirrorCaBundleReferenceProps, for the props snapshot. */
const REFERENCE_KEYS = ['name', 'version', 'namespace', 'resourceName'];

/** A name given as anything: itself when a string, else a printable stand-in (its error is reported). */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : safeString(value);
}

/** The errors of the props a CA bundle and a reference to one share. */
function referenceErrors(props: RegistryMirrorCaBundleReferenceProps, baseName: string, secretName: string, namespace: string): FieldError[] {
  const versionErrors = checkVersion(props.version, 'version');
  return [
    // With a broken version, judge the name by its first version's Secret name.
    ...checkSecretBaseName(props.name, versionErrors.length > 0 ? versionedSecretName(baseName, 1) : secretName, 'name'),
    ...versionErrors,
    ...checkNamespace(props.namespace, namespace, 'namespace', 'CA bundle'),
    ...(props.resourceName === undefined ? [] : checkResourceName(props.resourceName, 'resourceName')),
  ];
}

/** A CA bundle whose Secret is managed outside the app: only the reference. */
class ReferencedRegistryMirrorCaBundle extends Construct implements IRegistryMirrorCaBundle {
  public readonly secretName: string;
  public readonly resourceName: string;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: RegistryMirrorCaBundleReferenceProps) {
    super(scope, id);
    const input = snapshotProps<RegistryMirrorCaBundleReferenceProps>(props, REFERENCE_KEYS, 'props',
      '{ name: "private-mirror-ca-bundle", version: 1 }');
    const p = input.props;
    const baseName = textOf(p.name);
    this.resourceName = p.resourceName === undefined ? baseName : textOf(p.resourceName);
    this.namespace = p.namespace === undefined ? Chart.of(this).namespace ?? '' : textOf(p.namespace);
    this.secretName = versionedSecretName(baseName, p.version);
    const errors = input.error !== undefined ? [input.error] : referenceErrors(p, baseName, this.secretName, this.namespace);
    const rendered = errors.map(renderFieldError);
    this.node.addValidation({ validate: () => rendered });
  }
}

brandClass(RegistryMirrorCaBundle, CA_BUNDLE, REGISTRY_MIRROR_CA_BUNDLE);
brandClass(ReferencedRegistryMirrorCaBundle, CA_BUNDLE);
