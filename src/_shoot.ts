import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { appended, NO_ENTRIES, SHORT_LIST } from './_compact';
import { FieldError, NO_ERRORS, quote, renderFieldErrors, withMore } from './_errors';
import { ensureBefore } from './_output-order';
import { isObject } from './_rules/json';
import { MIRROR_EXTENSION_TYPE } from './_rules/mirror';
import { REGISTRY_CACHE_TYPE } from './_rules/registry-config';
import { checkMirrorCacheOverlap, checkReferences, checkShootEntries, checkShootKind, checkWorkers } from './_rules/shoot';
import { emittedSecrets, SecretNoun } from './_versioned-secret';

/** A `spec.resources` entry of a Shoot (Gardener's NamedResourceReference). */
export interface ResourceEntry {
  readonly name: string;
  readonly resourceRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
}

/**
 * A Secret a Shoot references through a `spec.resources` entry: a registry
 * credential (`secretReferenceName`) or a mirror CA bundle
 * (`caBundleSecretReferenceName`). One entry per Secret per Shoot.
 */
export interface ResourceOwner {
  readonly secretName: string;
  readonly resourceName: string;
  /** The project namespace of the Secret. */
  readonly namespace: string;
  /** The credential or CA bundle construct: its path names it in errors, and its emitted Secret (if any) must precede the Shoot. */
  readonly construct: IConstruct;
  readonly noun: SecretNoun;
}

/** The extensions this module writes, with what errors say about each. */
const EXTENSIONS: Record<string, { readonly construct: string; readonly children: string; readonly all: string }> = {
  [REGISTRY_CACHE_TYPE]: { construct: 'RegistryCache', children: 'describe its caches with RegistryCache and CachedUpstream', all: 'upstreams' },
  [MIRROR_EXTENSION_TYPE]: { construct: 'RegistryMirror', children: 'describe its mirrors with RegistryMirror and MirroredUpstream', all: 'mirrors' },
};

const wirings = new WeakMap<ApiObject, ShootWiring>();

const owners = new WeakMap<IConstruct, ResourceOwner>();

/**
 * The `ResourceOwner` of a credential or CA bundle construct: one object per
 * construct, shared by every Shoot that references its Secret (each Shoot keeps
 * its owners until synth; a landscape shares a few credentials among thousands
 * of Shoots).
 */
export function resourceOwnerOf(
  construct: IConstruct & { readonly secretName: string; readonly resourceName: string; readonly namespace: string },
  noun: SecretNoun,
): ResourceOwner {
  let owner = owners.get(construct);
  if (owner === undefined || owner.noun !== noun) {
    owner = { secretName: construct.secretName, resourceName: construct.resourceName, namespace: construct.namespace, construct, noun };
    owners.set(construct, owner);
  }
  return owner;
}

/** The lists of added extension types (shared, never changed). */
const CACHE_ONLY: readonly string[] = [REGISTRY_CACHE_TYPE];
const MIRROR_ONLY: readonly string[] = [MIRROR_EXTENSION_TYPE];
const CACHE_AND_MIRROR: readonly string[] = [REGISTRY_CACHE_TYPE, MIRROR_EXTENSION_TYPE];
const NO_TYPES: readonly string[] = [];

/**
 * The one place that reads and amends a Shoot (docs/ARCHITECTURE.md, "One module amends the Shoot").
 *
 * It reads the Shoot's own definition (what its constructor or `Include` was
 * given) once, and appends JSON patches: the `registry-cache` and
 * `registry-mirror` entries of `spec.extensions` (in the order their
 * constructs were made) and one `spec.resources` entry per referenced Secret.
 * Entries already on the Shoot are kept in their order; missing arrays are
 * created. Extension entries are plain objects their constructs fill in;
 * patches are serialized when the Shoot is, so they are complete by then.
 *
 * Because it sees both extensions and the Shoot's own definition, the
 * Shoot-level rules run here (`_rules/shoot.ts`: kind, workers, duplicate
 * entries, the cache/mirror cross-check, the references), once per Shoot, as
 * a validation of the Shoot itself. It also puts every Secret the Shoot
 * references before the Shoot in the output (`_output-order.ts`).
 */
export class ShootWiring {
  /** The wiring of a Shoot, made on first use. */
  public static of(shoot: ApiObject): ShootWiring {
    let wiring = wirings.get(shoot);
    if (!wiring) {
      wiring = new ShootWiring(shoot);
      wirings.set(shoot, wiring);
    }
    return wiring;
  }

  // Every field is set in the constructor, also those that start undefined: each wiring keeps one shape from the
  // start, and none gets a property added at synth (docs/ARCHITECTURE.md, "Performance").

  /** The Shoot's namespace, the project namespace. */
  public readonly namespace?: string;

  private readonly spec: Record<string, unknown>;
  private readonly ownExtensions: unknown[];
  private readonly ownResources: unknown[];
  /** The extension entries this module added, in order, with their constructs. */
  private added: ReadonlyArray<{ readonly type: string; readonly owner: IConstruct; readonly entry: object }> = NO_ENTRIES as [];
  /**
   * The owner of each resource name this module added, in order. A Shoot
   * references a few Secrets: a list is smaller than a Map and as fast; the
   * Map is made only for a Shoot with many, so that adding stays linear.
   */
  private resourceOwners: readonly ResourceOwner[] = NO_ENTRIES as [];
  private resourceOwnerIndex?: Map<string, ResourceOwner> = undefined;
  private readonly addedResources: ResourceEntry[] = [];
  private hasSpec: boolean;
  /**
   * The `spec.extensions` array this module created with one patch (when the
   * Shoot's definition has none): later entries are pushed into it, not
   * patched one by one. Patches are serialized when the Shoot is, so the
   * array is complete by then. (`spec.resources` is created the same way,
   * with `addedResources` itself.)
   */
  private extensionsArray?: object[] = undefined;
  /** `spec`, `spec.extensions`, `spec.resources` when of the wrong type: reported, never patched (a patch would replace them). */
  private malformed?: Set<'spec' | 'extensions' | 'resources'> = undefined;
  private readonly shapeErrors: FieldError[];
  private resourcesArrayAdded = false;
  /** The rendered Shoot-level errors, until something changes. */
  private validation?: string[] = undefined;

  private constructor(private readonly shoot: ApiObject) {
    const raw = ((shoot as unknown as { props?: Record<string, unknown> }).props ?? {});
    this.namespace = shoot.metadata.namespace;
    this.hasSpec = isObject(raw.spec);
    this.spec = isObject(raw.spec) ? raw.spec : {};
    const extensions = this.spec.extensions;
    const resources = this.spec.resources;
    this.ownExtensions = Array.isArray(extensions) ? extensions : NO_ENTRIES as unknown[];
    this.ownResources = Array.isArray(resources) ? resources : NO_ENTRIES as unknown[];
    // The usual Shoot has the shape the patches need: then nothing else to run here (see checkShape).
    this.shapeErrors = (this.hasSpec || raw.spec === undefined || raw.spec === null) && isListOrAbsent(extensions) && isListOrAbsent(resources)
      ? NO_ERRORS : this.checkShape(raw.spec);
    // The wiring is the validation itself: no closure per Shoot.
    shoot.node.addValidation(this);
  }

  /**
   * The Shoot-level errors, rendered (cdk8s' IValidation). cdk8s validates
   * the app once per Chart it renders: computed once, until the wiring changes.
   */
  public validate(): string[] {
    return this.validation ??= renderFieldErrors(this.check());
  }

  /**
   * Adds an extension entry (`registry-cache` or `registry-mirror`) and
   * returns its Gardener path (`spec.extensions[<i>]`). Returns an error
   * instead, with the path the entry would have, when another construct
   * already added one of that type to this Shoot.
   */
  public addExtension(type: string, owner: IConstruct, entry: object): { path: string; error?: FieldError } {
    const taken = this.added.length === 0 ? undefined : this.added.find(a => a.type === type);
    if (taken !== undefined) {
      const describe = EXTENSIONS[type].construct;
      return {
        path: `spec.extensions[${this.ownExtensions.length + this.added.indexOf(taken)}]`,
        error: {
          path: `spec.extensions[${this.ownExtensions.length + this.added.indexOf(taken)}].type`,
          value: quote(type),
          detail: `this Shoot already has a ${describe} (${taken.owner.node.path}); Gardener allows one ${type} extension per Shoot`,
          fix: `add all ${EXTENSIONS[type].all} of this Shoot to one ${describe}`,
        },
      };
    }
    const path = `spec.extensions[${this.ownExtensions.length + this.added.length}]`;
    this.added = appended(this.added, { type, owner, entry });
    this.changed();
    if (this.malformed !== undefined && (this.malformed.has('spec') || this.malformed.has('extensions'))) {
      return { path }; // reported with the Shoot's errors
    }
    this.ensureSpec();
    if (Array.isArray(this.spec.extensions)) {
      this.shoot.addJsonPatch(JsonPatch.add('/spec/extensions/-', entry));
    } else if (this.extensionsArray) {
      this.extensionsArray.push(entry);
    } else {
      this.extensionsArray = [entry];
      this.shoot.addJsonPatch(JsonPatch.add('/spec/extensions', this.extensionsArray));
    }
    return { path };
  }

  /**
   * Adds the `spec.resources` entry of a referenced Secret, once per Secret
   * and Shoot. Returns the errors of the reference at `referencePath` (the
   * `secretReferenceName` or `caBundleSecretReferenceName` that needs it): a
   * Secret in another namespace than the Shoot, a resource name another
   * Secret (or the Shoot's own definition) already has.
   */
  public addSecretResource(owner: ResourceOwner, referencePath: string | (() => string)): FieldError[] {
    let errors = NO_ERRORS;
    // An empty namespace is reported by the owner itself: one root cause, one error.
    if (owner.namespace !== '' && this.namespace !== owner.namespace) {
      errors = [{
        path: typeof referencePath === 'string' ? referencePath : referencePath(),
        value: quote(owner.resourceName),
        detail: `the ${owner.noun}'s Secret is in namespace ${quote(owner.namespace)}, but ${this.namespace ? `the Shoot is in ${quote(this.namespace)}` : 'the Shoot has no namespace (neither metadata.namespace nor its Chart\'s)'}; Gardener reads the Secret from the Shoot's namespace`,
        fix: `create the ${owner.noun} in the Shoot's project namespace (namespace prop or its Chart's namespace), or set the Shoot's metadata.namespace`,
      }];
    }
    const taken = this.ownerOf(owner.resourceName);
    if (taken) {
      if (taken.secretName !== owner.secretName || taken.noun !== owner.noun) {
        errors = [...errors, this.claimConflict(taken, owner)];
      }
      return errors;
    }
    const other = this.ownerOfSecret(owner);
    if (other !== undefined) {
      errors = [...errors, {
        path: typeof referencePath === 'string' ? referencePath : referencePath(),
        value: quote(owner.resourceName),
        detail: `a ${other.noun} and a ${owner.noun} use Secret ${quote(owner.secretName)} on one Shoot: ${other.construct.node.path} (resource `
          + `${quote(other.resourceName)}) and ${owner.construct.node.path} (resource ${quote(owner.resourceName)}); Gardener rejects that whatever `
          + 'the Secret holds: credentials hold exactly "username" and "password", a CA bundle only "bundle.crt"',
        fix: `give the ${owner.noun} a Secret of its own (another name)`,
      }];
    }
    const existing = this.ownResources.length === 0 ? -1 : this.ownResources.findIndex(r => isObject(r) && r.name === owner.resourceName);
    this.resourceOwners = appended(this.resourceOwners, owner);
    this.resourceOwnerIndex?.set(owner.resourceName, owner);
    if (existing >= 0) {
      errors = [...errors, {
        path: `spec.resources[${existing}].name`,
        value: quote(owner.resourceName),
        detail: `the Shoot already has a resource with this name, and ${owner.construct.node.path} needs it for Secret ${quote(owner.secretName)}`,
        fix: `remove that entry from the Shoot's definition (the library writes it) or give the ${owner.noun} another resourceName`,
      }];
      return errors;
    }
    this.changed();
    const entry: ResourceEntry = {
      name: owner.resourceName,
      resourceRef: { apiVersion: 'v1', kind: 'Secret', name: owner.secretName },
    };
    this.addedResources.push(entry);
    if (this.malformed !== undefined && (this.malformed.has('spec') || this.malformed.has('resources'))) {
      return errors; // reported with the Shoot's errors
    }
    this.ensureSpec();
    if (Array.isArray(this.spec.resources)) {
      this.shoot.addJsonPatch(JsonPatch.add('/spec/resources/-', entry));
    } else if (!this.resourcesArrayAdded) {
      // The list of added entries itself: the Shoot has no resources of its own.
      this.shoot.addJsonPatch(JsonPatch.add('/spec/resources', this.addedResources));
      this.resourcesArrayAdded = true;
    }
    return errors;
  }

  private ownerOf(resourceName: string): ResourceOwner | undefined {
    if (this.resourceOwnerIndex === undefined && this.resourceOwners.length > SHORT_LIST) {
      this.resourceOwnerIndex = new Map(this.resourceOwners.map(o => [o.resourceName, o]));
    }
    if (this.resourceOwnerIndex !== undefined) {
      return this.resourceOwnerIndex.get(resourceName);
    }
    for (const o of this.resourceOwners) { // no closure: this runs for every cache with a credential
      if (o.resourceName === resourceName) {
        return o;
      }
    }
    return undefined;
  }

  /** The owner of another kind (credential or CA bundle) that references the same Secret: once per Secret and Shoot, so a scan. */
  private ownerOfSecret(owner: ResourceOwner): ResourceOwner | undefined {
    for (const o of this.resourceOwners) {
      if (o.secretName === owner.secretName && o.noun !== owner.noun && o.namespace === owner.namespace) {
        return o;
      }
    }
    return undefined;
  }

  /** Something the Shoot-level rules read changed (e.g. a cache or mirror was added to an entry). */
  public changed(): void {
    this.validation = undefined;
  }

  private claimConflict(taken: ResourceOwner, owner: ResourceOwner): FieldError {
    const who = taken.noun === owner.noun ? `two ${owner.noun}s` : `a ${taken.noun} and a ${owner.noun}`;
    const fix = taken.noun !== owner.noun
      ? 'give them different resourceName values: a Secret holds either registry credentials or a CA bundle'
      : owner.noun === 'credential'
        ? 'give the credentials different resourceName values (or use one credential for both caches)'
        : 'give the CA bundles different resourceName values (or use one CA bundle for both hosts)';
    return {
      path: 'spec.resources[].name',
      value: quote(owner.resourceName),
      detail: `${who} use this resource name on one Shoot: ${taken.construct.node.path} (Secret ${quote(taken.secretName)}) and ${owner.construct.node.path} (Secret ${quote(owner.secretName)})`,
      fix,
    };
  }

  /** The Shoot-level rules, over the Shoot as it will be written (own definition plus what was added). */
  private check(): FieldError[] {
    // Run on every Shoot at every synth: on the usual Shoot they find nothing and allocate nothing (_rules/shoot.ts).
    const props = (this.shoot as unknown as { props?: Record<string, unknown> }).props ?? {};
    const kind = checkShootKind(this.shoot.apiVersion, this.shoot.kind);
    if (kind.length > 0) {
      return kind; // not a Shoot: its other problems would only repeat that
    }
    if (this.malformed?.has('spec')) {
      return this.shapeErrors; // without a spec object, every other rule would only repeat that
    }
    // What the rules over the lists can find (an entry there twice, a reference without its resource, a mirror
    // upstream that is also cached) needs entries of the Shoot's own definition, or a cache and a mirror both added:
    // the entries this module adds are one per extension type, and every reference it writes comes with its
    // resource (addSecretResource). So on the usual Shoot they are not run at all; V8 then has no code of theirs to
    // compile for every synth (docs/ARCHITECTURE.md, "Performance"). A property test holds the full rules to finding
    // nothing wherever they are skipped (test/shoot-wiring.test.ts).
    const own = this.ownExtensions.length > 0 || this.ownResources.length > 0;
    let errors = own ? withMore(this.shapeErrors, checkShootEntries(props.spec)) : this.shapeErrors;
    for (let i = 0; i < this.ownExtensions.length; i++) {
      const e = this.ownExtensions[i];
      const type = isObject(e) ? e.type : undefined;
      if (typeof type === 'string' && this.added.some(a => a.type === type)) {
        errors = withMore(errors, [{
          path: `spec.extensions[${i}].type`,
          value: quote(type),
          detail: `the Shoot already has a ${type} extension; this library would add a second one, and Gardener rejects duplicate extension types`,
          fix: `remove that entry from the Shoot's definition and ${EXTENSIONS[type].children}`,
        }]);
      }
    }
    const types = this.addedTypes();
    errors = withMore(errors, checkWorkers(this.spec, types));
    if (own || types === CACHE_AND_MIRROR) {
      // The lists as they will be written: the arrays this module created hold exactly that.
      const extensions = this.ownExtensions.length === 0 && this.extensionsArray !== undefined
        ? this.extensionsArray : [...this.ownExtensions, ...this.added.map(a => a.entry)];
      errors = withMore(errors, checkMirrorCacheOverlap(extensions));
      if (own) {
        const resources = this.ownResources.length === 0 ? this.addedResources : [...this.ownResources, ...this.addedResources];
        errors = withMore(errors, checkReferences(resources, extensions));
      }
    }
    let shootChart: Chart | undefined;
    for (const owner of this.resourceOwners) {
      const secrets = emittedSecrets(owner.construct);
      if (secrets.length > 0) {
        const problem = ensureBefore(secrets, this.shoot, shootChart ??= Chart.of(this.shoot));
        if (problem !== undefined) {
          errors = withMore(errors, [problem]);
        }
      }
    }
    return errors;
  }

  /** The types of the extensions this module added, in the order `checkWorkers` names them (shared lists). */
  private addedTypes(): readonly string[] {
    let cache = false;
    let mirror = false;
    for (const a of this.added) {
      cache ||= a.type === REGISTRY_CACHE_TYPE;
      mirror ||= a.type === MIRROR_EXTENSION_TYPE;
    }
    return cache ? (mirror ? CACHE_AND_MIRROR : CACHE_ONLY) : (mirror ? MIRROR_ONLY : NO_TYPES);
  }

  /**
   * A `spec` that is not an object, or `spec.extensions` / `spec.resources`
   * that are not lists (a string, an object): the patches would replace them
   * and the user's data would be gone without a word. Report them instead.
   */
  private checkShape(spec: unknown): FieldError[] {
    if (spec !== undefined && spec !== null && !isObject(spec)) {
      this.malformed = new Set(['spec']);
      return [wrongShape('spec', spec, 'an object')];
    }
    let errors = NO_ERRORS;
    for (const key of AMENDED_LISTS) {
      const value = this.spec[key];
      if (!isListOrAbsent(value)) {
        (this.malformed ??= new Set()).add(key);
        errors = [...errors, wrongShape(`spec.${key}`, value, 'a list')];
      }
    }
    return errors;
  }

  private ensureSpec(): void {
    if (!this.hasSpec) {
      this.shoot.addJsonPatch(JsonPatch.add('/spec', {}));
      this.hasSpec = true;
    }
  }
}

/** Whether a list of the Shoot's spec this module appends to is one, or absent. */
function isListOrAbsent(value: unknown): boolean {
  return value === undefined || value === null || Array.isArray(value);
}

/** The lists of a Shoot's spec this module appends to. */
const AMENDED_LISTS = ['extensions', 'resources'] as const;

/** A part of the Shoot this module must amend, of the wrong type. */
function wrongShape(path: string, value: unknown, shape: string): FieldError {
  return {
    path,
    value: quote(value),
    detail: `must be ${shape}, as in Gardener's Shoot API; the library would have to replace it to add its entries, and what it holds would be lost`,
    fix: `write ${path} as ${shape} (or leave it out), keeping its entries`,
  };
}
