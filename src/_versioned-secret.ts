import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { FieldError, quote, renderFieldError } from './_errors';
import { versionedSecretName } from './_rules/secret';

/**
 * One mechanism for a versioned immutable Secret (docs/ARCHITECTURE.md, "One versioned-Secret"):
 * `<baseName>-v<version>`, `immutable: true`, `type: Opaque`, base64 `data`
 * (never `stringData`), optional annotations (GitOps prune protection).
 * Rotation is a new version, hence a new object: an immutable Secret's data
 * can never be changed in place. Previous versions kept for a rotation window
 * are more instances of this construct, with their own data.
 */
export interface VersionedSecretProps {
  readonly baseName: string;
  readonly version: number;
  readonly namespace: string;
  /** Produces the plain-text data at synth; throws (without values) when it cannot. */
  readonly data: () => Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export { versionedSecretName };

/** Data digests, outside the objects so that printing a construct never shows one. */
const digests = new WeakMap<VersionedSecret, string | null>();

/** Per app: the first VersionedSecret of each `<namespace>/<name>`. */
const firstOfName = new WeakMap<IConstruct, Map<string, VersionedSecret>>();

export class VersionedSecret extends Construct {
  public readonly secretName: string;
  public readonly namespace: string;
  public readonly apiObject: ApiObject;
  private readonly produce: () => Record<string, string>;

  constructor(scope: Construct, id: string, props: VersionedSecretProps) {
    super(scope, id);
    this.secretName = versionedSecretName(props.baseName, props.version);
    this.namespace = props.namespace;
    this.produce = props.data;
    const annotations = props.annotations && Object.keys(props.annotations).length > 0 ? { ...props.annotations } : undefined;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: this.secretName, namespace: props.namespace, annotations },
      type: 'Opaque',
      immutable: true,
      data: Lazy.any({ produce: () => encode(props.data()) }),
    });

    // One Secret name per namespace and app: the first construct owns it, every
    // later one is an error. A map lookup, so the check stays linear.
    const root = this.node.root;
    let owners = firstOfName.get(root);
    if (!owners) {
      owners = new Map();
      firstOfName.set(root, owners);
    }
    const key = `${this.namespace}/${this.secretName}`;
    const first = owners.get(key);
    if (first === undefined) {
      owners.set(key, this);
    } else {
      let rendered: string[] | undefined;
      this.node.addValidation({ validate: () => rendered ??= this.duplicateOf(first).map(renderFieldError) });
    }
  }

  /**
   * A SHA-256 of the data, kept in memory to compare Secrets without ever
   * printing a value; null when the data cannot be read (reported elsewhere).
   */
  private dataDigest(): string | null {
    let digest = digests.get(this);
    if (digest === undefined) {
      try {
        const data = this.produce();
        const hash = createHash('sha256');
        for (const key of Object.keys(data).sort()) {
          hash.update(`${key.length}:${key}=${data[key].length}:${data[key]};`);
        }
        digest = hash.digest('hex');
      } catch {
        digest = null;
      }
      digests.set(this, digest);
    }
    return digest;
  }

  /** The error of a Secret whose name `first` already emits, worded by whether the data differ. */
  private duplicateOf(first: VersionedSecret): FieldError[] {
    const path = `Secret ${quote(`${this.namespace}/${this.secretName}`)}`;
    const mine = this.dataDigest();
    const theirs = first.dataDigest();
    if (mine !== null && theirs !== null && mine !== theirs) {
      return [{
        path,
        detail: `is also emitted by ${first.node.path} with different values; an immutable Secret cannot hold two sets of values under one name`,
        fix: 'new values need a new version: bump version on the credential that has them (a rotation), or give both the same values',
      }];
    }
    return [{
      path,
      detail: `is also emitted by ${first.node.path}; the Secret would be in the output twice`,
      fix: 'declare the credential once and give that construct to every cache that uses it; another chart can refer to it with RegistryCacheCredential.fromSecretName',
    }];
  }
}

function encode(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(data).sort()) {
    out[key] = Buffer.from(data[key], 'utf-8').toString('base64');
  }
  return out;
}
