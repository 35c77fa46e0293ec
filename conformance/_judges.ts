/**
 * What the judge tests share (`npx projen test:judge`): the built judges,
 * and the extension entries they write into a Shoot.
 */
import { builtVersions, Judges } from './judge';

/** The judged releases: one gardener-judge each (conformance/go.mod and go.<version>.mod). */
export const JUDGED = ['v0.21.0', 'v0.24.0'];

/** The judges of every judged release; a test fails at once, saying how to build them, when one is missing. */
export function judges(): Judges {
  const missing = JUDGED.filter(v => !builtVersions().includes(v));
  if (missing.length > 0) {
    throw new Error(`no gardener-judge for ${missing.join(', ')} under conformance/bin: run npx projen judge first`);
  }
  return new Judges(JUDGED);
}

/** A registry-cache entry with these caches. */
export function registryCache(caches: unknown[]): Record<string, unknown> {
  return { type: 'registry-cache', providerConfig: { apiVersion: 'registry.extensions.gardener.cloud/v1alpha3', kind: 'RegistryConfig', caches } };
}

/** A registry-mirror entry with these mirrors. */
export function registryMirror(mirrors: unknown[]): Record<string, unknown> {
  return { type: 'registry-mirror', providerConfig: { apiVersion: 'mirror.extensions.gardener.cloud/v1alpha1', kind: 'MirrorConfig', mirrors } };
}
