import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { FieldError, quote, renderFieldError } from './_errors';
import { checkCredentialPair } from './_rules/credentials';
import { checkSecretBaseName, checkVersion, checkNamespace, checkResourceName } from './_rules/secret';
import { VersionedSecret, versionedSecretName } from './_versioned-secret';
import { CredentialValue } from './credential-value';

/**
 * Upstream registry credentials as a cache sees them: the Secret in the
 * project namespace, and the name of the Shoot's `spec.resources` entry that
 * points at it (what `caches[].secretReferenceName` names).
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
 * Properties of a `RegistryCacheCredential`.
 */
export interface RegistryCacheCredentialProps {
  /**
   * The base name of the Secret; the Secret is named `<name>-v<version>`.
   *
   * @example 'ro-docker-secret'
   */
  readonly name: string;

  /**
   * The version of the credentials, a positive integer. Bump it to rotate:
   * a new immutable Secret `<name>-v<version>` is emitted and the Shoot's
   * resource reference moves to it; the cache configuration stays the same.
   */
  readonly version: number;

  /** The upstream registry user name (for Artifact Registry: `_json_key`). */
  readonly username: CredentialValue;

  /** The upstream registry password or token (for Artifact Registry: the service-account key JSON). */
  readonly password: CredentialValue;

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
 * To rotate, bump `version`: only the Secret's name and the resource
 * reference change. The values are checked at synth with the extension's own
 * rules (non-blank, no white space in the user name, a valid service-account
 * key for `_json_key`), because the extension skips those checks when only the
 * reference changes.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/upstream-credentials/
 */
export class RegistryCacheCredential extends Construct implements IRegistryCacheCredential {
  public readonly secretName: string;
  public readonly resourceName: string;
  public readonly namespace: string;
  /** The version of the credentials. */
  public readonly version: number;

  constructor(scope: Construct, id: string, props: RegistryCacheCredentialProps) {
    super(scope, id);
    this.version = props.version;
    this.resourceName = props.resourceName ?? props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? '';
    this.secretName = versionedSecretName(props.name, props.version);

    const secretPath = `Secret ${quote(`${this.namespace}/${this.secretName}`)}`;
    const staticErrors: FieldError[] = [
      ...checkSecretBaseName(props.name, this.secretName, 'name'),
      ...checkVersion(props.version, 'version'),
      ...checkNamespace(props.namespace, this.namespace, 'namespace'),
      ...checkResourceName(this.resourceName, 'resourceName'),
    ];

    const read = (key: 'username' | 'password', value: CredentialValue): { value?: string; error?: FieldError } => {
      if (!(value instanceof CredentialValue)) {
        return { error: { path: `${secretPath} data.${key}`, detail: 'is not a CredentialValue', fix: `pass ${key} as CredentialValue.fromEnv(...), CredentialValue.fromFile(...) or CredentialValue.unsafePlainText(...)` } };
      }
      const r = value._read();
      if (r.value === undefined) {
        return { error: { path: `${secretPath} data.${key}`, detail: `cannot be read: ${r.problem}`, fix: r.fix ?? 'provide the value' } };
      }
      return { value: r.value };
    };

    const values = () => {
      const u = read('username', props.username);
      const p = read('password', props.password);
      return { u, p };
    };

    const check = (): string[] => {
      const { u, p } = values();
      const errors = [...staticErrors];
      if (u.error) errors.push(u.error);
      if (p.error) errors.push(p.error);
      if (u.value !== undefined && p.value !== undefined) {
        errors.push(...checkCredentialPair(u.value, p.value, `${secretPath} data`));
      }
      return errors.map(renderFieldError);
    };
    // Values are read once (CredentialValue keeps what it read), so the result
    // never changes: rendered once, though cdk8s validates the app once per Chart.
    let rendered: string[] | undefined;
    this.node.addValidation({ validate: () => rendered ??= check() });

    new VersionedSecret(this, 'Secret', {
      baseName: props.name,
      version: props.version,
      namespace: this.namespace,
      data: () => {
        const { u, p } = values();
        const error = u.error ?? p.error;
        if (error) {
          throw new Error(renderFieldError(error));
        }
        return { username: u.value!, password: p.value! };
      },
    });
  }
}
