import { FieldError } from '../_errors';
import { ExtensionVersion } from '../_rules/extension-version';

/**
 * The seam between the check command and the Shoot-level rules of the
 * registry-mirror work (src/_rules/shoot.ts, src/_rules/ca-bundle.ts): the
 * command calls these two functions, whatever they delegate to.
 */

export const REGISTRY_CACHE_TYPE = 'registry-cache';
export const MIRROR_TYPE = 'registry-mirror';

/**
 * The rules of a Shoot beyond a registry-cache `providerConfig`: workers and
 * their container runtime, duplicate entries, the cache/mirror cross-check,
 * the references into `spec.resources`, the registry-mirror `providerConfig`.
 * Paths are from the Shoot's root.
 */
export function shootRules(_shoot: Record<string, unknown>, _version: ExtensionVersion): FieldError[] {
  return [];
}

/** The rules of a CA bundle Secret a registry-mirror host references. */
export function caBundleSecretRules(_secret: Record<string, unknown>): FieldError[] {
  return [];
}
