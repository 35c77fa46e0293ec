import type * as CheckModule from './_check/check';
import type * as RenderModule from './_check/render';
import type * as SourceModule from './_check/source';
import type * as PreviousManifests from './_previous-manifests';
import { checkExtensionVersion, NEWEST_KNOWN_EXTENSION_VERSION } from './_rules/extension-version';

/**
 * Properties of a `RegistryCacheValidation`: the `properties` of its entry in
 * cdk8s.yaml's `validations`.
 */
export interface RegistryCacheValidationProps {
  /**
   * The version of the registry extensions on the landscape: a field it does
   * not know is a violation.
   *
   * @default 'v0.24.0'
   */
  readonly extensionVersion?: string;

  /**
   * The manifests deployed before (a YAML file or a folder), to check the
   * update rules as `UpdateSafetyCheck` does. Point it at a copy made before
   * `cdk8s synth`, never at the output folder (the CLI empties it first).
   *
   * @default - no update rules
   */
  readonly previousManifests?: string;
}

/** One resource that violates a rule, as the cdk8s CLI reports it. */
export interface Cdk8sValidationViolatingResource {
  /**
   * The resource's `metadata.name`, e.g. `crazy-botany`: the key of cdk8s'
   * construct metadata, from which the CLI's report shows the construct path.
   */
  readonly resourceName: string;
  /** Where in the resource: the field path, line and column. */
  readonly locations: string[];
  /** The manifest file. */
  readonly manifestPath: string;
}

/** A violation, as the cdk8s CLI's validation report takes it. */
export interface Cdk8sValidationViolation {
  /** What is wrong. */
  readonly ruleName: string;
  /** The field, its value, and what is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources with the problem. */
  readonly violatingResources: Cdk8sValidationViolatingResource[];
}

/** The report the cdk8s CLI gives a validation plugin (the part this plugin uses). */
export interface ICdk8sValidationReport {
  /**
   * Adds a violation.
   *
   * @param violation the violation
   */
  addViolation(violation: Cdk8sValidationViolation): void;

  /**
   * Submits the report.
   *
   * @param status `success` or `failure`
   * @param metadata shown with the report's summary
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** The logger the cdk8s CLI gives a validation plugin. */
export interface ICdk8sValidationLogger {
  /**
   * Logs a message.
   *
   * @param message the message
   */
  log(message: string): void;
}

/** What the cdk8s CLI gives a validation plugin (the part this plugin uses; its `ValidationContext`). */
export interface ICdk8sValidationContext {
  /** The synthesized manifests. */
  readonly manifests: string[];
  /** The report to fill and submit. */
  readonly report: ICdk8sValidationReport;
  /** Where to log messages. */
  readonly logger: ICdk8sValidationLogger;
}

/**
 * The check command's rules as a cdk8s CLI validation plugin: after `cdk8s
 * synth`, every Shoot and referenced Secret of the synthesized manifests is
 * checked, whether this library's constructs wrote it or not. Errors are
 * violations (the synth fails); warnings and notes are logged.
 *
 * In cdk8s.yaml (for a local path, the CLI loads the package there and
 * shows `version` in its report; it must be a version, not a range):
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-gardener-registry-cache
 *     version: <installed version>
 *     class: RegistryCacheValidation
 *     properties:
 *       extensionVersion: v0.24.0
 * ```
 *
 * It needs nothing from cdk8s-cli at run time: the CLI passes the context.
 */
export class RegistryCacheValidation {
  /** The version of the registry extensions the manifests are checked against. */
  public readonly extensionVersion: string;

  private readonly previousManifests?: string;

  constructor(props: RegistryCacheValidationProps = {}) {
    this.extensionVersion = props?.extensionVersion ?? NEWEST_KNOWN_EXTENSION_VERSION;
    this.previousManifests = props?.previousManifests;
  }

  /**
   * Checks the synthesized manifests and submits the report: called by the
   * cdk8s CLI.
   *
   * @param context the CLI's validation context
   */
  public async validate(context: ICdk8sValidationContext): Promise<void> {
    const version = checkExtensionVersion(this.extensionVersion, 'extensionVersion');
    if (version.version === undefined) {
      const e = version.errors[0];
      context.report.addViolation({
        ruleName: `the plugin's extensionVersion ${e.detail}`,
        recommendation: `properties.extensionVersion (value: ${e.value}): ${e.detail}`,
        fix: e.fix,
        violatingResources: [{ resourceName: 'cdk8s.yaml', locations: ['validations[].properties.extensionVersion'], manifestPath: 'cdk8s.yaml' }],
      });
      context.report.submit('failure');
      return;
    }
    // The command's modules: loaded when the CLI validates, never when an app only requires the library.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const source = require('./_check/source') as typeof SourceModule;
    const check = require('./_check/check') as typeof CheckModule;
    const render = require('./_check/render') as typeof RenderModule;
    const newer = render.newerVersionNote(version.version, 'extensionVersion', render.COMMAND);
    if (newer !== undefined) {
      context.logger.log(render.renderRunMessage(newer));
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    const inputs = source.readInputs(context.manifests, () => '');
    let previous: unknown[] | undefined;
    const inputErrors = [...inputs.errors];
    if (this.previousManifests !== undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const read = (require('./_previous-manifests') as typeof PreviousManifests).readPreviousManifests(this.previousManifests, { failWhenMissing: true });
      previous = read.objects;
      for (const e of read.errors) {
        inputErrors.push({ file: this.previousManifests, detail: `previousManifests ${e.value ?? ''} ${e.detail}` });
      }
    }
    for (const e of inputErrors) {
      context.report.addViolation({
        ruleName: `${render.inputErrorRule(e)}: a manifest ${e.detail}`,
        recommendation: `${e.file} ${e.detail}`,
        fix: 'synthesize again, or repair the file',
        violatingResources: [{ resourceName: e.file, locations: e.position ? [`line ${e.position.line}, column ${e.position.column}`] : [], manifestPath: e.file }],
      });
    }
    const result = check.checkDocuments(inputs.documents, { version: version.version, previous });
    let errors = 0;
    for (const f of result.findings) {
      const object = render.objectName(f);
      const at = `${object} ${f.path} (line ${f.position.line}, column ${f.position.column})`;
      if (f.severity !== 'error') {
        context.logger.log(render.renderFinding(f));
        continue;
      }
      errors++;
      context.report.addViolation({
        ruleName: `${f.rule}: ${f.detail}`,
        recommendation: `${object}: ${render.fieldProblem(f)}`,
        fix: f.fix,
        // cdk8s keys its construct metadata by metadata.name: the CLI's report shows the construct path for it.
        violatingResources: [{ resourceName: f.name, locations: [at], manifestPath: f.file }],
      });
    }
    const failed = errors > 0 || inputErrors.length > 0;
    context.report.submit(failed ? 'failure' : 'success', {
      extensionVersion: version.version.text,
      checked: `${result.shoots} Shoots, ${result.secrets} referenced Secrets`,
      problems: String(errors + inputErrors.length),
    });
  }
}
