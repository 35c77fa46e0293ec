import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { FieldError, quote, renderFieldError, safeString } from './_errors';
import { snapshotProps } from './_props';
import { checkCredentials, JSON_KEY_USERNAME, surroundingWhitespaceProblem } from './_rules/credentials';
import { checkSecretBaseName, checkVersion, checkNamespace, checkResourceName } from './_rules/secret';
import { acknowledgeUnauthenticatedCache } from './_unauthenticated-cache';
import { checkPreviousVersions, emitVersions, pruneProtectionAnnotations, versionedSecretName } from './_versioned-secret';
import { warnOnce } from './_warnings';
import { CredentialValue } from './credential-value';
import { GitOpsPruneProtection } from './gitops-prune-protection';

/** Every credential construct of the library: `RegistryCacheCredential` and what `fromSecretName` makes. */
const CREDENTIAL = brandSymbol('IRegistryCacheCredential');
/** A credential whose values the app reads and emits: `RegistryCacheCredential` (also from `fromServiceAccountKey`). */
const REGISTRY_CACHE_CREDENTIAL = brandSymbol('RegistryCacheCredential');

/**
 * Upstream registry credentials as a cache sees them: the Secret in the
 * project namespace, and the name of the Shoot's `spec.resources` entry that
 * points at it (what `caches[].secretReferenceName` names).
 *
 * Made by `new RegistryCacheCredential`, `RegistryCacheCredential.fromServiceAccountKey`
 * and `RegistryCacheCredential.fromSecretName`; a cache accepts only these
 * (`RegistryCacheCredential.isCredential`), from any copy of the library.
 */
export interface IRegistryCacheCredential extends IConstruct {
  /** The name of the immutable Secret in the project namespace, e.g. `ro-docker-secret-v1`. */
  readonly secretName: string;
  /** The name of the Shoot's `spec.resources` entry; caches reference it as `secretReferenceName`. */
  readonly resourceName: string;
  /** The project namespace of the Secret; it must be the namespace of every Shoot that uses it. */
  readonly namespace: string;
}

/**
 * Options of `RegistryCacheCredential.fromSecretName`: the versioned name of a
 * Secret managed outside the app, and how the Shoot refers to it. Every other
 * credential's options and props extend them.
 */
export interface RegistryCacheCredentialReferenceOptions {
  /**
   * The base name of the Secret; the Secret is named `<name>-v<version>`.
   *
   * @example 'ro-docker-secret'
   */
  readonly name: string;

  /**
   * The version of the credentials, a positive integer. Bump it to rotate:
   * the Shoot's resource reference moves to `<name>-v<version>`; the cache
   * configuration stays the same.
   */
  readonly version: number;

  /**
   * The project namespace of the Secret (e.g. `garden-dev`). It must be the
   * namespace of the Shoots that use the credential.
   *
   * @default - the namespace of the enclosing Chart; one of the two is required
   */
  readonly namespace?: string;

  /**
   * The name of the Shoot's `spec.resources` entry that references the Secret.
   * It stays the same across versions, so that rotation leaves the cache
   * configuration untouched.
   *
   * @default - `name`
   */
  readonly resourceName?: string;

  /**
   * Acknowledge that the registry cache has no authentication: any Pod in the
   * Shoot can pull the private images cached with this credential. Silences
   * the warning printed at synth for the caches that use it.
   *
   * @default false
   */
  readonly acknowledgeUnauthenticatedCache?: boolean;
}

/**
 * Options for a credential whose Secrets the app emits.
 */
export interface RegistryCacheSecretOptions extends RegistryCacheCredentialReferenceOptions {
  /**
   * Annotations that keep Argo CD or Flux from pruning the credential's
   * Secrets (every emitted version) when a later commit drops them; you then
   * delete an old version yourself, after the Shoot has moved away from it.
   *
   * @default - no annotations: the GitOps tool prunes a version once it is dropped from the output
   */
  readonly pruneProtection?: GitOpsPruneProtection;
}

/**
 * An earlier version of a credential, kept in the output during a rotation
 * window: its Secret `<name>-v<version>` is emitted with its own values, and
 * no Shoot references it.
 */
export interface PreviousCredentialVersion {
  /** The earlier version, lower than the credential's `version`. */
  readonly version: number;

  /** The user name of that version. */
  readonly username: CredentialValue;

  /** The password or token of that version. */
  readonly password: CredentialValue;
}

/**
 * Properties of a `RegistryCacheCredential`.
 */
export interface RegistryCacheCredentialProps extends RegistryCacheSecretOptions {
  /** The upstream registry user name (for Artifact Registry: `_json_key`, or use `fromServiceAccountKey`). */
  readonly username: CredentialValue;

  /** The upstream registry password or token (for Artifact Registry: the service-account key JSON). */
  readonly password: CredentialValue;

  /**
   * Earlier versions whose Secrets stay in the output for the rotation window
   * (Gardener's rotation steps 2 to 4); drop an entry once the Shoot has
   * reconciled on the current version.
   *
   * @default - only the current version is emitted
   */
  readonly previousVersions?: PreviousCredentialVersion[];
}

/**
 * An earlier service-account key of an Artifact Registry credential, kept
 * in the output during a rotation window.
 */
export interface PreviousServiceAccountKey {
  /** The earlier version, lower than the credential's `version`. */
  readonly version: number;

  /** The service-account key (JSON) of that version. */
  readonly serviceAccountKey: CredentialValue;
}

/**
 * Options of `RegistryCacheCredential.fromServiceAccountKey`, which makes a
 * `RegistryCacheCredential` for Google Artifact Registry (user name `_json_key`).
 */
export interface ServiceAccountKeyCredentialOptions extends RegistryCacheSecretOptions {
  /**
   * The Google Cloud service-account key, the JSON file exactly as issued
   * (the password; the user name is `_json_key`).
   */
  readonly serviceAccountKey: CredentialValue;

  /**
   * Earlier keys whose Secrets stay in the output for the rotation window.
   *
   * @default - only the current version is emitted
   */
  readonly previousVersions?: PreviousServiceAccountKey[];
}

/** The plain values of one version, or the error of reading them. */
interface ReadValues {
  readonly username?: string;
  readonly password?: string;
  readonly errors: FieldError[];
}

/** One version the credential emits. */
interface EmittedVersion {
  readonly version: number;
  readonly username: CredentialValue;
  readonly password: CredentialValue;
  /** The name of the props field it came from, for error paths. */
  readonly field: string;
}

/**
 * What `read` found for each version: the Secret and the validation both need
 * it, and it never changes. Outside the construct, so that printing the
 * construct (util.inspect) never shows a value.
 */
const reads = new WeakMap<EmittedVersion, ReadValues>();

const JSON_KEY = CredentialValue.unsafePlainText(JSON_KEY_USERNAME);

/** The keys of RegistryCacheCredentialReferenceProps and RegistryCacheSecretOptions, for the props snapshot. */
const REFERENCE_KEYS = ['name', 'version', 'namespace', 'resourceName', 'acknowledgeUnauthenticatedCache'];
const SECRET_OPTION_KEYS = [...REFERENCE_KEYS, 'pruneProtection'];

/** A name given as anything: itself when a string, else a printable stand-in (its error is reported). */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : safeString(value);
}

/**
 * Credentials for a private upstream registry: one immutable, versioned
 * Secret (`<name>-v<version>`, `type: Opaque`, data keys `username` and
 * `password`) in the project namespace.
 *
 * Give it to the caches that pull from that registry (`credential` of
 * `CachedUpstreamOptions`): each Shoot they belong to then gets one
 * `spec.resources` entry named `resourceName` pointing at the Secret, and the
 * caches get `secretReferenceName: <resourceName>`. One credential may serve
 * several caches and several Shoots of its namespace; it is emitted once.
 *
 * To rotate, bump `version` and keep the old values in `previousVersions`
 * until the Shoot has reconciled: both Secrets are in the output, the Shoot
 * references the new one. Then drop the previous version. The values are
 * checked at synth with the extension's own rules (non-blank, no white space
 * in the user name, a valid service-account key for `_json_key`), because the
 * extension skips those checks when only the reference changes.
 *
 * For GitOps, prefer `RegistryCacheCredential.fromSecretName`: the Secret is
 * then made by Sealed Secrets, External Secrets, SOPS or kubectl, and no
 * plain text ever reaches the synthesized YAML.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/upstream-credentials/
 */
export class RegistryCacheCredential extends Construct implements IRegistryCacheCredential {
  /**
   * Whether `x` is a `RegistryCacheCredential` (also from `fromServiceAccountKey`),
   * whose values the app reads, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isRegistryCacheCredential(x: any): x is RegistryCacheCredential {
    return hasBrand(x, REGISTRY_CACHE_CREDENTIAL);
  }

  /**
   * Whether `x` is a credential a cache accepts: a `RegistryCacheCredential`
   * or what `fromSecretName` returns, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isCredential(x: any): x is IRegistryCacheCredential {
    return hasBrand(x, CREDENTIAL);
  }

  /**
   * A credential whose Secret is managed outside the app (Sealed Secrets,
   * External Secrets, SOPS, or `kubectl create`): the recommended setup for
   * GitOps, because no credential value is ever read or written by the app.
   *
   * The library emits the Shoot wiring for `<name>-v<version>` and no Secret.
   * Create that Secret yourself in the project namespace, `immutable: true`,
   * with exactly the data keys `username` and `password`. To rotate, create
   * `<name>-v<version+1>` first, then bump `version` here.
   *
   * @param scope the scope of the new construct
   * @param id the construct id
   * @param props the versioned name of the Secret and how the Shoot refers to it
   */
  public static fromSecretName(scope: Construct, id: string, props: RegistryCacheCredentialReferenceOptions): IRegistryCacheCredential {
    return new ReferencedRegistryCacheCredential(scope, id, props);
  }

  /**
   * Credentials for Google Artifact Registry (or Container Registry): the user
   * name is `_json_key` and the password is the service-account key JSON.
   *
   * The key is checked at synth as the extension's admission does (a flat JSON
   * object of strings with only the allowed service-account fields) and a
   * little more (`type: service_account`, a `client_email` and a
   * `private_key`), because a broken key can make the cache fail even for
   * public images. The key is never shown in a message.
   *
   * @param scope the scope of the new construct
   * @param id the construct id
   * @param props the key and the versioned Secret
   */
  public static fromServiceAccountKey(scope: Construct, id: string, props: ServiceAccountKeyCredentialOptions): RegistryCacheCredential {
    const input = snapshotProps<ServiceAccountKeyCredentialOptions>(props, [...SECRET_OPTION_KEYS, 'serviceAccountKey', 'previousVersions'],
      'props', '{ name: "gar", version: 1, serviceAccountKey: CredentialValue.fromFile("key.json") }');
    if (input.error !== undefined) {
      return new RegistryCacheCredential(scope, id, props as unknown as RegistryCacheCredentialProps); // reports the same error
    }
    const { serviceAccountKey, previousVersions, ...rest } = input.props;
    return new RegistryCacheCredential(scope, id, {
      ...rest,
      username: JSON_KEY,
      password: serviceAccountKey,
      // Anything but a list of objects is passed on as it is, for the constructor to report.
      previousVersions: Array.isArray(previousVersions)
        ? previousVersions.map(item => {
          const p = snapshotProps<PreviousServiceAccountKey>(item, ['version', 'serviceAccountKey'], '', '');
          const version = { version: p.props.version, username: JSON_KEY, password: p.props.serviceAccountKey };
          return (p.error ? item : version) as PreviousCredentialVersion;
        })
        : previousVersions as unknown as PreviousCredentialVersion[] | undefined,
    });
  }

  public readonly secretName: string;
  public readonly resourceName: string;
  public readonly namespace: string;
  /** The version of the credentials the Shoots reference. */
  public readonly version: number;
  /** The earlier versions still emitted for the rotation window, ascending. */
  public readonly previousVersions: number[];

  private readonly current: EmittedVersion;
  private readonly baseName: string;

  constructor(scope: Construct, id: string, props: RegistryCacheCredentialProps) {
    super(scope, id);
    // Plain JS may pass anything: read the props once into a plain object, and never let a value crash the app.
    const input = snapshotProps<RegistryCacheCredentialProps>(props, [...SECRET_OPTION_KEYS, 'username', 'password', 'previousVersions'],
      'props', '{ name: "ro-docker-secret", version: 1, username, password }');
    props = input.props;
    this.version = props.version;
    this.baseName = textOf(props.name);
    this.resourceName = typeof props.resourceName === 'string' ? props.resourceName : this.baseName;
    this.namespace = typeof props.namespace === 'string' ? props.namespace : Chart.of(this).namespace ?? '';
    this.secretName = versionedSecretName(this.baseName, props.version);
    if (props.acknowledgeUnauthenticatedCache === true) {
      acknowledgeUnauthenticatedCache(this);
    }

    const versionErrors = checkVersion(props.version, 'version');
    const staticErrors: FieldError[] = input.error !== undefined ? [input.error] : [
      // With a broken version, judge the name by its first version's Secret name.
      ...checkSecretBaseName(props.name, versionErrors.length > 0 ? versionedSecretName(this.baseName, 1) : this.secretName, 'name'),
      ...versionErrors,
      ...checkNamespace(props.namespace, this.namespace, 'namespace'),
      ...(props.resourceName === undefined ? [] : checkResourceName(props.resourceName, 'resourceName')),
    ];

    // The versions to emit: previous ones (valid, lower, each once), ascending, then the current one.
    const window = checkPreviousVersions<PreviousCredentialVersion>(props.version, props.previousVersions,
      ['version', 'username', 'password'], '{ version: 1, username, password }');
    staticErrors.push(...window.errors);
    const previous: EmittedVersion[] = window.previous.map(p => ({
      version: p.version, username: p.item.username, password: p.item.password, field: p.field,
    }));
    this.previousVersions = previous.map(p => p.version);
    this.current = { version: props.version, username: props.username, password: props.password, field: '' };

    // Values are read once (CredentialValue keeps what it read), so the result never
    // changes: rendered once, though cdk8s validates the whole app once per Chart.
    let rendered: string[] | undefined;
    this.node.addValidation({
      validate: () => rendered ??= [
        ...staticErrors,
        ...(input.error ? [] : [...previous, this.current].flatMap(v => this.read(v).errors)),
      ].map(renderFieldError),
    });

    const prune = pruneProtectionAnnotations(props.pruneProtection);
    if (prune.error !== undefined) {
      staticErrors.push(prune.error);
    }
    // The main object is the current version's Secret: ApiObject.of(credential) finds it.
    this.node.defaultChild = emitVersions(this, {
      baseName: this.baseName,
      namespace: this.namespace,
      annotations: prune.annotations,
      noun: 'credential',
      referenceHint: 'RegistryCacheCredential.fromSecretName',
    }, previous, this.current, v => {
      const r = this.read(v);
      if (r.username === undefined || r.password === undefined) {
        throw new Error(renderFieldError(r.errors[0]));
      }
      return { username: r.username, password: r.password };
    });
  }

  /**
   * The values of the current version, for other Secrets made from the same
   * credential (image pull Secrets). Throws, without values, when they cannot be read.
   * @internal
   */
  public _currentValues(): { username: string; password: string } {
    const r = this.read(this.current);
    if (r.username === undefined || r.password === undefined) {
      const error = r.errors[0] ?? { path: this.secretPath(this.current.version), detail: 'cannot be read', fix: 'provide the values' };
      throw new Error(renderFieldError(error));
    }
    return { username: r.username, password: r.password };
  }

  private secretPath(version: number): string {
    return `Secret ${quote(`${this.namespace}/${versionedSecretName(this.baseName, version)}`)}`;
  }

  /** Reads and checks one version; errors and warnings never contain a value. */
  private read(v: EmittedVersion): ReadValues {
    let values = reads.get(v);
    if (values === undefined) {
      values = this.readOnce(v);
      reads.set(v, values);
    }
    return values;
  }

  private readOnce(v: EmittedVersion): ReadValues {
    const path = `${this.secretPath(v.version)} data`;
    const prop = (key: string) => (v.field ? `${v.field}.${key}` : key);
    const one = (key: 'username' | 'password', value: CredentialValue): { value?: string; error?: FieldError } => {
      if (!CredentialValue.isCredentialValue(value)) {
        return { error: { path: `${path}.${key}`, detail: `${prop(key)} is not a CredentialValue`, fix: `pass ${prop(key)} as CredentialValue.fromEnv(...), CredentialValue.fromFile(...) or CredentialValue.unsafePlainText(...)` } };
      }
      const r = value._read(this);
      if (r.value === undefined) {
        return { error: { path: `${path}.${key}`, detail: `cannot be read: ${r.problem}`, fix: r.fix ?? 'provide the value' } };
      }
      return { value: r.value };
    };
    const u = one('username', v.username);
    const p = one('password', v.password);
    const errors: FieldError[] = [];
    if (u.error) errors.push(u.error);
    if (p.error) errors.push(p.error);
    if (u.value !== undefined && p.value !== undefined) {
      errors.push(...checkCredentials(u.value, p.value, path));
      const whitespace = surroundingWhitespaceProblem(p.value);
      if (whitespace !== undefined) {
        warnOnce(this, `surrounding-whitespace ${path}`, `${path}.password ${whitespace}. Remove it, unless the password really has it.`);
      }
    }
    return { username: u.value, password: p.value, errors };
  }
}

/** A credential whose Secret is managed outside the app: only the reference. */
class ReferencedRegistryCacheCredential extends Construct implements IRegistryCacheCredential {
  public readonly secretName: string;
  public readonly resourceName: string;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: RegistryCacheCredentialReferenceOptions) {
    super(scope, id);
    const input = snapshotProps<RegistryCacheCredentialReferenceOptions>(props, REFERENCE_KEYS, 'props', '{ name: "ro-docker-secret", version: 1 }');
    props = input.props;
    this.resourceName = typeof props.resourceName === 'string' ? props.resourceName : textOf(props.name);
    this.namespace = typeof props.namespace === 'string' ? props.namespace : Chart.of(this).namespace ?? '';
    this.secretName = versionedSecretName(textOf(props.name), props.version);
    if (props.acknowledgeUnauthenticatedCache === true) {
      acknowledgeUnauthenticatedCache(this);
    }
    const errors: FieldError[] = input.error !== undefined ? [input.error] : [
      ...checkSecretBaseName(props.name, this.secretName, 'name'),
      ...checkVersion(props.version, 'version'),
      ...checkNamespace(props.namespace, this.namespace, 'namespace'),
      ...checkResourceName(this.resourceName, 'resourceName'),
    ];
    this.node.addValidation({ validate: () => errors.map(renderFieldError) });
  }
}

brandClass(RegistryCacheCredential, CREDENTIAL, REGISTRY_CACHE_CREDENTIAL);
brandClass(ReferencedRegistryCacheCredential, CREDENTIAL);
