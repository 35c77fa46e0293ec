import type { Cdk8sValidationViolation, RegistryCacheValidation } from '../src';

/** What the cdk8s CLI validation plugin reported. */
export interface PluginRun {
  readonly violations: Cdk8sValidationViolation[];
  readonly submitted: Array<{ readonly status: string; readonly metadata?: Record<string, string> }>;
}

/**
 * Runs the cdk8s CLI validation plugin (the class given, from the sources or
 * from a build) on one manifest as the CLI calls it, extensionVersion
 * v0.24.0. Imports nothing at run time, so a child process can run it on a
 * build without loading the sources.
 */
export async function runPlugin(plugin: typeof RegistryCacheValidation, manifest: string): Promise<PluginRun> {
  const violations: Cdk8sValidationViolation[] = [];
  const submitted: Array<{ status: string; metadata?: Record<string, string> }> = [];
  await new plugin({ extensionVersion: 'v0.24.0' }).validate({
    manifests: [manifest],
    report: { addViolation: v => violations.push(v), submit: (status, metadata) => submitted.push({ status, metadata }) },
    logger: { log: () => undefined },
  });
  return { violations, submitted };
}
