import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { FieldError, quote, renderFieldError } from './_errors';
import { EveryKey, snapshotProps } from './_props';
import { isObject } from './_rules/json';
import { checkVersion, versionedSecretName } from './_rules/secret';

/**
 * One mechanism for a versioned immutable Secret (docs/ARCHITECTURE.md, "One versioned-Secret"):
 * `<baseName>-v<version>`, `immutable: true`, `type: Opaque`, base64 `data`
 * (never `stringData`), optional annotations (GitOps prune protection).
 * Rotation is a new version, hence a new object: an immutable Secret's data
 * can never be changed in place. Previous versions kept for a rotation window
 * are more instances of this construct, with their own data.
 *
 * It serves every kind of versioned Secret the library emits: registry
 * credentials (`username`/`password`) and registry-mirror CA bundles
 * (`bundle.crt`). `checkVersions` and `emitVersions` are the rotation window
 * both share: the current version and the previous ones still emitted.
 */
export interface VersionedSecretProps {
  readonly baseName: string;
  readonly version: number;
  readonly namespace: string;
  /** Produces the plain-text data at synth; throws (without values) when it cannot. */
  readonly data: () => Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** What the Secret holds, for messages: `credential` or `CA bundle`. */
  readonly noun: SecretNoun;
  /** How to refer to the Secret from another chart, for the "emitted twice" fix. */
  readonly referenceHint: string;
}

/** What a versioned Secret holds, as messages name it. */
export type SecretNoun = 'credential' | 'CA bundle';

export { versionedSecretName };

/** Data digests, outside the objects so that printing a construct never shows one. */
const digests = new WeakMap<VersionedSecret, string | null>();

/** Per app: the first VersionedSecret of each `<namespace>/<name>`. */
const firstOfName = new WeakMap<IConstruct, Map<string, VersionedSecret>>();

/**
 * The Secret objects a construct emits (its VersionedSecret children), in
 * order: a Symbol.for key on the construct, not a module-level map, so that
 * another copy of the library in the app sees them too.
 */
const EMITTED = Symbol.for('cdk8s-gardener-registry-cache.emittedSecrets');
const NO_SECRETS: readonly ApiObject[] = [];

/**
 * The Secret objects `owner` (a credential or a CA bundle) emits, every
 * version of its rotation window in order, or none (a reference made with
 * `fromSecretName`): what a Shoot that references it comes after in the output.
 */
export function emittedSecrets(owner: IConstruct): readonly ApiObject[] {
  try {
    const emitted = (owner as unknown as Record<symbol, unknown>)[EMITTED];
    return Array.isArray(emitted) ? emitted : NO_SECRETS;
  } catch {
    return NO_SECRETS; // a hostile object (e.g. a Proxy) emits nothing we can order
  }
}

/** One version in a rotation window: its number, the props field it came from, and what it holds. */
export interface WindowVersion<T> {
  readonly version: number;
  /** `previousVersions[<i>]`, or '' for the current version. */
  readonly field: string;
  readonly item: T;
}

/**
 * The previous versions of a rotation window that can be emitted: valid
 * versions lower than the current one, each once, ascending; and the errors
 * of the others (paths relative to the props). Each entry is read once
 * (`snapshotProps`: plain JS may pass anything, a Proxy included) with its
 * `keys`; `example` shows an entry in fixes. Shared by credentials and CA bundles.
 */
export function checkPreviousVersions<T extends { readonly version: number }>(
  current: unknown, previous: unknown, keys: readonly string[], example: string,
): { previous: WindowVersion<T>[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: WindowVersion<T>[] = [];
  const list: unknown = previous ?? [];
  if (!Array.isArray(list)) {
    errors.push({
      path: 'previousVersions',
      value: quote(list),
      detail: 'must be an array of earlier versions',
      fix: `pass a list such as [${example}], or leave previousVersions out`,
    });
    return { previous: out, errors };
  }
  const seen = new Set<number>();
  list.forEach((item: unknown, i) => {
    const field = `previousVersions[${i}]`;
    const entry = snapshotProps<T>(item, keys, field, example);
    if (entry.error !== undefined) {
      errors.push(entry.error);
      return;
    }
    const p = entry.props;
    const versionErrors = checkVersion(p.version, `${field}.version`);
    if (versionErrors.length > 0) {
      errors.push(...versionErrors);
    } else if (typeof current === 'number' && p.version >= current) {
      errors.push({
        path: `${field}.version`,
        value: quote(p.version),
        detail: `must be lower than version (${quote(current)}): the Shoot references the current version, previous ones are only kept`,
        fix: 'list only earlier versions in previousVersions; bump version for new values',
      });
    } else if (seen.has(p.version)) {
      errors.push({ path: `${field}.version`, value: quote(p.version), detail: 'is listed twice in previousVersions', fix: 'list every earlier version once' });
    } else {
      seen.add(p.version);
      out.push({ version: p.version, field, item: p });
    }
  });
  out.sort((a, b) => a.version - b.version);
  return { previous: out, errors };
}

/**
 * The annotations of a `pruneProtection` prop (a GitOpsPruneProtection),
 * read once; an error when it is something else (plain JS may pass anything).
 */
export function pruneProtectionAnnotations(value: unknown): { annotations?: Record<string, string>; error?: FieldError } {
  if (value === undefined) {
    return {};
  }
  try {
    const annotations = (value as { annotations?: unknown } | null)?.annotations;
    if (isObject(annotations) && Object.values(annotations).every(v => typeof v === 'string')) {
      return { annotations: { ...annotations } as Record<string, string> };
    }
  } catch {
    // a Proxy whose trap throws: reported like any other wrong value
  }
  return {
    error: {
      path: 'pruneProtection',
      value: quote(value),
      detail: 'is not a GitOpsPruneProtection',
      fix: 'pass GitOpsPruneProtection.ARGO_CD, GitOpsPruneProtection.FLUX or GitOpsPruneProtection.ARGO_CD_AND_FLUX, or leave it out',
    },
  };
}

/** What `emitVersions` needs besides the versions. */
export interface VersionedSecretsOptions {
  readonly baseName: string;
  readonly namespace: string;
  readonly annotations?: Record<string, string>;
  readonly noun: SecretNoun;
  readonly referenceHint: string;
}

/**
 * Emits the Secrets of a rotation window as children of `owner`: one per
 * previous version (`Secret-v<n>`, ascending), then the current one
 * (`Secret`), which it returns. `data` produces a version's plain-text data at synth.
 */
export function emitVersions<T extends { readonly version: number }>(owner: Construct, options: VersionedSecretsOptions,
  previous: readonly T[], current: T, data: (v: T) => Record<string, string>): VersionedSecret {
  // Field by field, not spread: one hidden class for all of them (EveryKey in _props.ts says why).
  const make = (v: T) => new VersionedSecret(owner, v === current ? 'Secret' : `Secret-v${v.version}`, ({
    baseName: options.baseName,
    namespace: options.namespace,
    annotations: options.annotations,
    noun: options.noun,
    referenceHint: options.referenceHint,
    version: v.version,
    data: () => data(v),
  } satisfies EveryKey<VersionedSecretProps>) as VersionedSecretProps);
  previous.forEach(make);
  return make(current);
}

export class VersionedSecret extends Construct {
  public readonly secretName: string;
  public readonly namespace: string;
  public readonly apiObject: ApiObject;
  private readonly produce: () => Record<string, string>;
  private readonly noun: SecretNoun;
  private readonly referenceHint: string;

  constructor(scope: Construct, id: string, props: VersionedSecretProps) {
    super(scope, id);
    this.secretName = versionedSecretName(props.baseName, props.version);
    this.namespace = props.namespace;
    this.produce = props.data;
    this.noun = props.noun;
    this.referenceHint = props.referenceHint;
    const annotations = props.annotations && Object.keys(props.annotations).length > 0 ? { ...props.annotations } : undefined;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: this.secretName, namespace: props.namespace, annotations },
      type: 'Opaque',
      immutable: true,
      data: Lazy.any({ produce: () => encode(this.produce()) }), // not props: the closure keeps what it reads
    });

    const owner = scope as unknown as Record<symbol, ApiObject[] | undefined>;
    if (owner[EMITTED] === undefined) {
      Object.defineProperty(owner, EMITTED, { value: [] }); // not enumerable: never printed
    }
    owner[EMITTED]!.push(this.apiObject);

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
        fix: `new values need a new version: bump version on the ${this.noun} that has them (a rotation), or give both the same values`,
      }];
    }
    return [{
      path,
      detail: `is also emitted by ${first.node.path}; the Secret would be in the output twice`,
      fix: `declare the ${this.noun} once and give that construct to everything that uses it; another chart can refer to it with ${this.referenceHint}`,
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
