import { FieldError } from '../_errors';
import type * as CaBundle from '../_rules/ca-bundle';
import { ExtensionVersion } from '../_rules/extension-version';
import { checkShootManifest, MIRROR_EXTENSION_TYPE, REGISTRY_CACHE_TYPE } from '../_rules/shoot';

/**
 * The check command's Shoot-level and CA bundle rules: the library's own
 * (src/_rules/shoot.ts, src/_rules/ca-bundle.ts), which the Shoot wiring
 * runs for the constructs.
 */

export { REGISTRY_CACHE_TYPE };
export const MIRROR_TYPE = MIRROR_EXTENSION_TYPE;

/**
 * The rules of a Shoot beyond a registry-cache `providerConfig`: the Shoot's
 * own entries, workers and their container runtime, each enabled
 * registry-mirror `providerConfig`, the cache/mirror cross-check, the
 * references into `spec.resources`; on an update, `previous` is the Shoot
 * deployed before. Paths are from the Shoot's root.
 */
export function shootRules(shoot: Record<string, unknown>, version: ExtensionVersion, previous?: unknown): FieldError[] {
  return checkShootManifest(shoot, version, previous);
}

/** The rules of a CA bundle Secret a registry-mirror host references (loaded when one is checked: it needs crypto). */
export function caBundleSecretRules(secret: Record<string, unknown>): FieldError[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../_rules/ca-bundle') as typeof CaBundle).checkCaBundleSecret(secret);
}
