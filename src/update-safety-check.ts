import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { FieldError, quote, renderFieldError } from './_errors';
import type * as PreviousManifests from './_previous-manifests';
import type * as UpdateRules from './_rules/update';

// Loaded on first use, so that apps without an UpdateSafetyCheck do not pay for them at require time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const previousManifests = (): typeof PreviousManifests => require('./_previous-manifests');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const updateRules = (): typeof UpdateRules => require('./_rules/update');

const UPDATE_SAFETY_CHECK = brandSymbol('UpdateSafetyCheck');

/**
 * Properties of an `UpdateSafetyCheck`.
 */
export interface UpdateSafetyCheckProps {
  /**
   * The manifests deployed before: a YAML file (multi-document, or a
   * `kind: List` from `kubectl get -o yaml`) or a directory whose `.yaml` and
   * `.yml` files are read recursively; relative paths start at the working
   * directory. A path that does not exist means a first deployment. Only
   * regular files are read (a named pipe or a device is reported), at most
   * 128 MiB of YAML in all, in UTF-8.
   *
   * Typically the last committed synth output. `cdk8s synth` deletes its
   * output directory before it runs the app, so with the CLI point this at a
   * copy made before synth, never at the output directory itself.
   *
   * @example 'dist'
   */
  readonly previousManifests: string;

  /**
   * Report a `previousManifests` path that does not exist (or a directory
   * without YAML files) as an error, instead of treating it as a first
   * deployment. Turn it on in CI once the first deployment is done, so that
   * a wrong path cannot switch the check off unnoticed.
   *
   * @default false
   */
  readonly failWhenMissing?: boolean;
}

/**
 * Checks, when the app is synthesized, that the manifests it produces now can
 * replace the ones deployed before: add one to the app, pointed at the last
 * deployed (e.g. committed) synth output.
 *
 * It compares Gardener's model, so it covers what this library generates and
 * what you wrote by hand alike. It reports, each with the field path and how
 * to proceed:
 *
 * - for each Shoot in both (same namespace and name) and each registry-cache
 *   cache in both (same `upstream`, as Gardener matches them): a changed
 *   `volume.size` (compared as quantities with Gardener's default applied:
 *   left out is 10Gi, and 10Gi equals 10240Mi) or `volume.storageClassName`
 *   (setting or unsetting it is a change too), and garbage collection
 *   re-enabled after `ttl: 0s`, including by leaving `garbageCollection` out,
 *   which re-defaults it to 168h. Gardener rejects these updates;
 * - for each immutable Secret in both (same namespace and name): changed data
 *   or `immutable` unset. Kubernetes rejects the apply with "field is
 *   immutable"; the fix is a new name, i.e. bumping the version of the credential or CA bundle.
 *   Only the names of the keys that differ are reported, never a value.
 *
 * Everything is reported together by every synth, like every validation:
 * `app.synth()`, `app.synthYaml()`, and `Testing.synth(chart)` or
 * `chart.toJson()`, which validate the whole app. The previous manifests are
 * read when the check is constructed.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/configuration/
 */
export class UpdateSafetyCheck extends Construct {
  /**
   * Whether `x` is an `UpdateSafetyCheck`, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isUpdateSafetyCheck(x: any): x is UpdateSafetyCheck {
    return hasBrand(x, UPDATE_SAFETY_CHECK);
  }

  /** The path of the previous manifests, as given. */
  public readonly previousManifests: string;

  /**
   * True when `previousManifests` does not exist: nothing is compared.
   */
  public readonly firstDeployment: boolean;

  private readonly previous: unknown[];
  private readonly loadErrors: FieldError[];

  constructor(scope: Construct, id: string, props: UpdateSafetyCheckProps) {
    super(scope, id);
    if (typeof props?.previousManifests !== 'string' || props.previousManifests === '') {
      throw new Error(`UpdateSafetyCheck ${quote(this.node.path)}: previousManifests must be the path of a YAML file or directory (got ${quote(typeof props?.previousManifests)}). Fix: pass e.g. { previousManifests: 'dist' }.`);
    }
    this.previousManifests = props.previousManifests;
    const cliOutdir = process.env.CDK8S_OUTDIR;
    // Read now, not at synth: nothing the app does later can overwrite them first.
    const read = previousManifests().readPreviousManifests(props.previousManifests, {
      failWhenMissing: props.failWhenMissing === true,
      cliOutdir: cliOutdir ? path.resolve(cliOutdir) : undefined,
    });
    this.firstDeployment = read.missing;
    this.previous = read.objects;
    this.loadErrors = read.errors;
    this.node.addValidation({ validate: () => this.validateUpdate().map(renderFieldError) });
  }

  private validateUpdate(): FieldError[] {
    if (this.previous.length === 0) {
      return this.loadErrors;
    }
    return [...this.loadErrors, ...updateRules().checkUpdate(this.previous, currentObjects(this.node.root))];
  }
}

/**
 * The Shoots and Secrets the app synthesizes now, as JSON. An object that
 * cannot be rendered (e.g. a credential whose variable is not set) is left
 * out: its own validation reports why.
 */
function currentObjects(root: IConstruct): unknown[] {
  const out: unknown[] = [];
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject) || (c.kind !== 'Shoot' && c.kind !== 'Secret')) {
      continue;
    }
    try {
      out.push(c.toJson());
    } catch {
      // reported by the construct that owns the value
    }
  }
  return out;
}

brandClass(UpdateSafetyCheck, UPDATE_SAFETY_CHECK);
