import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { FieldError, quote } from './_errors';
import { isObject } from './_rules/json';

/** A `spec.resources` entry of a Shoot (Gardener's NamedResourceReference). */
export interface ResourceEntry {
  readonly name: string;
  readonly resourceRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
}

/** The identity of what a resource entry is for: one entry per credential per Shoot. */
export interface ResourceOwner {
  readonly secretName: string;
  readonly resourceName: string;
  /** The credential construct: its path names it in errors. */
  readonly construct: IConstruct;
}

export const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';
export const EXTENSION_TYPE = 'registry-cache';

const wirings = new WeakMap<ApiObject, ShootWiring>();

/**
 * The one place that reads and amends a Shoot (docs/ARCHITECTURE.md, "One module amends the Shoot").
 *
 * It reads the Shoot's own definition (what its constructor or `Include` was
 * given) once, and appends JSON patches: the `registry-cache` entry of
 * `spec.extensions` and one `spec.resources` entry per credential. Entries
 * already on the Shoot are kept in their order; missing arrays are created.
 * The extension entry is a plain object the caches fill in; patches are
 * serialized when the Shoot is, so it is complete by then.
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

  /** `spec.extensions[<i>]`: where the registry-cache entry goes. */
  public readonly extensionIndex: number;
  /** The Shoot's namespace, the project namespace. */
  public readonly namespace?: string;
  /** Problems of the Shoot itself, found when it was read. */
  public readonly shootErrors: FieldError[] = [];

  private readonly spec: Record<string, unknown>;
  private readonly existingResources: unknown[];
  private readonly resourceOwners = new Map<string, ResourceOwner>();
  private hasSpec: boolean;
  /** `spec`, `spec.extensions`, `spec.resources` when of the wrong type: reported, never patched (a patch would replace them). */
  private readonly malformed = new Set<'spec' | 'extensions' | 'resources'>();
  private resourcesArrayAdded = false;
  private registryCacheOwner?: IConstruct;

  private constructor(private readonly shoot: ApiObject) {
    const raw = ((shoot as unknown as { props?: Record<string, unknown> }).props ?? {});
    this.namespace = shoot.metadata.namespace;
    this.hasSpec = isObject(raw.spec);
    this.spec = isObject(raw.spec) ? raw.spec : {};
    const extensions = Array.isArray(this.spec.extensions) ? this.spec.extensions : [];
    this.existingResources = Array.isArray(this.spec.resources) ? this.spec.resources : [];
    this.extensionIndex = extensions.length;

    this.checkShape(raw.spec);
    if (shoot.kind !== 'Shoot' || shoot.apiVersion !== SHOOT_API_VERSION) {
      this.shootErrors.push({
        path: 'apiVersion/kind',
        value: quote(`${shoot.apiVersion}/${shoot.kind}`),
        detail: `is not a Gardener Shoot (${SHOOT_API_VERSION}, kind Shoot)`,
        fix: 'pass the ApiObject of the Shoot to the registry cache',
      });
    }
    extensions.forEach((e, i) => {
      if (isObject(e) && e.type === EXTENSION_TYPE) {
        this.shootErrors.push({
          path: `spec.extensions[${i}].type`,
          value: quote(EXTENSION_TYPE),
          detail: 'the Shoot already has a registry-cache extension; this library would add a second one, and Gardener rejects duplicate extension types',
          fix: 'remove that entry from the Shoot\'s definition and describe its caches with RegistryCache and CachedUpstream',
        });
      }
    });
    const workers = isObject(this.spec.provider) && Array.isArray(this.spec.provider.workers) ? this.spec.provider.workers : [];
    workers.forEach((w, i) => {
      const cri = isObject(w) && isObject(w.cri) ? w.cri.name : undefined;
      if (cri !== undefined && cri !== 'containerd') {
        this.shootErrors.push({
          path: `spec.provider.workers[${i}].cri.name`,
          value: quote(cri),
          detail: 'container runtime needs to be containerd when the registry-cache extension is enabled',
          fix: 'set cri.name to "containerd" or leave cri out (containerd is the default)',
        });
      }
    });
  }

  /** The Gardener field path of the extension entry. */
  public get extensionPath(): string {
    return `spec.extensions[${this.extensionIndex}]`;
  }

  /**
   * Adds the registry-cache extension entry. Returns an error when another
   * RegistryCache already did, for this Shoot.
   */
  public addRegistryCacheExtension(owner: IConstruct, entry: object): FieldError | undefined {
    if (this.registryCacheOwner !== undefined) {
      return {
        path: `${this.extensionPath}.type`,
        value: quote(EXTENSION_TYPE),
        detail: `this Shoot already has a RegistryCache (${this.registryCacheOwner.node.path}); Gardener allows one registry-cache extension per Shoot`,
        fix: 'add all upstreams of this Shoot to one RegistryCache',
      };
    }
    this.registryCacheOwner = owner;
    if (this.malformed.has('spec') || this.malformed.has('extensions')) {
      return undefined; // reported in shootErrors
    }
    this.ensureSpec();
    if (!Array.isArray(this.spec.extensions)) {
      this.shoot.addJsonPatch(JsonPatch.add('/spec/extensions', []));
    }
    this.shoot.addJsonPatch(JsonPatch.add('/spec/extensions/-', entry));
    return undefined;
  }

  /**
   * Adds the `spec.resources` entry of a credential, once per Shoot. Returns
   * an error when its name is taken by another credential or an entry the
   * Shoot already has.
   */
  public addCredentialResource(owner: ResourceOwner): FieldError | undefined {
    const taken = this.resourceOwners.get(owner.resourceName);
    if (taken) {
      if (taken.secretName === owner.secretName) {
        return undefined;
      }
      return {
        path: 'spec.resources[].name',
        value: quote(owner.resourceName),
        detail: `two credentials use this resource name on one Shoot: ${taken.construct.node.path} (Secret ${quote(taken.secretName)}) and ${owner.construct.node.path} (Secret ${quote(owner.secretName)})`,
        fix: 'give the credentials different resourceName values (or use one credential for both caches)',
      };
    }
    const existing = this.existingResources.findIndex(r => isObject(r) && r.name === owner.resourceName);
    this.resourceOwners.set(owner.resourceName, owner);
    if (existing >= 0) {
      return {
        path: `spec.resources[${existing}].name`,
        value: quote(owner.resourceName),
        detail: `the Shoot already has a resource with this name, and ${owner.construct.node.path} needs it for Secret ${quote(owner.secretName)}`,
        fix: 'remove that entry from the Shoot\'s definition (the library writes it) or give the credential another resourceName',
      };
    }
    if (this.malformed.has('spec') || this.malformed.has('resources')) {
      return undefined; // reported in shootErrors
    }
    this.ensureSpec();
    if (!Array.isArray(this.spec.resources) && !this.resourcesArrayAdded) {
      this.shoot.addJsonPatch(JsonPatch.add('/spec/resources', []));
      this.resourcesArrayAdded = true;
    }
    const entry: ResourceEntry = {
      name: owner.resourceName,
      resourceRef: { apiVersion: 'v1', kind: 'Secret', name: owner.secretName },
    };
    this.shoot.addJsonPatch(JsonPatch.add('/spec/resources/-', entry));
    return undefined;
  }

  /**
   * A `spec` that is not an object, or `spec.extensions` / `spec.resources`
   * that are not lists (a string, an object): the patches would replace them
   * and the user's data would be gone without a word. Report them instead.
   */
  private checkShape(spec: unknown): void {
    const wrong = (path: string, value: unknown, shape: string): FieldError => ({
      path,
      value: quote(value),
      detail: `must be ${shape}, as in Gardener's Shoot API; the library would have to replace it to add its entries, and what it holds would be lost`,
      fix: `write ${path} as ${shape} (or leave it out), keeping its entries`,
    });
    if (spec !== undefined && spec !== null && !isObject(spec)) {
      this.malformed.add('spec');
      this.shootErrors.push(wrong('spec', spec, 'an object'));
      return;
    }
    for (const key of ['extensions', 'resources'] as const) {
      const value = this.spec[key];
      if (value !== undefined && value !== null && !Array.isArray(value)) {
        this.malformed.add(key);
        this.shootErrors.push(wrong(`spec.${key}`, value, 'a list'));
      }
    }
  }

  private ensureSpec(): void {
    if (!this.hasSpec) {
      this.shoot.addJsonPatch(JsonPatch.add('/spec', {}));
      this.hasSpec = true;
    }
  }
}

