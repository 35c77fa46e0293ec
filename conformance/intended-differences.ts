/**
 * The intended differences: where the library disagrees with Gardener on
 * purpose, each with its reason. Each explains single findings of the
 * library (an error Gardener does not give); a disagreement is intended only
 * when, without the findings these explain, the library and the judge agree.
 * `npm run conformance` prints them apart and fails on any other
 * disagreement. See docs/ARCHITECTURE.md ("The judge").
 */
import { Case } from './cases';
import { LibraryFinding } from './library';

export interface IntendedDifference {
  readonly name: string;
  readonly reason: string;
  /** Whether this difference explains the library's finding `f` on case `c`. */
  explains(c: Case, f: LibraryFinding): boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first entry of `type` in a Shoot's extensions, as the extension's validator finds it. */
function firstEntry(shoot: unknown, type: string): Json | undefined {
  const spec = isObject(shoot) && isObject(shoot.spec) ? shoot.spec : {};
  const extensions = Array.isArray(spec.extensions) ? spec.extensions : [];
  return extensions.find((e): e is Json => isObject(e) && e.type === type);
}

/** JSON with sorted keys: two values written alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The names of the Secrets a registry-cache entry's caches reference through spec.resources. */
function credentialSecrets(spec: Json, entry: Json): Set<string> {
  const caches = isObject(entry.providerConfig) && Array.isArray(entry.providerConfig.caches) ? entry.providerConfig.caches : [];
  const resources = Array.isArray(spec.resources) ? spec.resources.filter(isObject) : [];
  const names = new Set<string>();
  for (const cache of caches) {
    const r = isObject(cache) ? resources.find(e => e.name === cache.secretReferenceName) : undefined;
    if (r !== undefined && isObject(r.resourceRef) && typeof r.resourceRef.name === 'string') {
      names.add(r.resourceRef.name);
    }
  }
  return names;
}

export const INTENDED: readonly IntendedDifference[] = [
  {
    name: 'workerless Shoot',
    reason: 'Gardener refuses a registry extension on a Shoot without workers through the extension\'s ControllerRegistration '
      + '(no workerlessSupported), a check of the landscape that the judge does not model; the library reports it at spec.provider.workers',
    explains: (_c, f) => f.kind === 'Shoot' && f.path === 'spec.provider.workers',
  },
  {
    name: 'duplicate key outside strict decoding',
    reason: 'a key written twice where no extension decodes strictly: the judge reads the case as the API server stores it (the last value), '
      + 'while kubectl\'s strict field validation rejects the manifest and other tools keep one value without a word; the library reports it',
    explains: (_c, f) => /^duplicate field ".*": kubectl's strict field validation rejects the manifest/s.test(f.detail),
  },
  {
    name: 'unchanged registry-cache providerConfig on update',
    reason: 'on an update that leaves the registry-cache providerConfig as it was, the extension skips its validation (and its Secret checks, '
      + 'so a Secret swapped under the same resource name is not read); the library checks the manifest as it stands, as a new Shoot '
      + 'or the next change would be checked, and the extension reads those Secrets at reconcile',
    explains: (c, f) => {
      if (c.oldShoot === null || c.oldShoot === undefined) {
        return false;
      }
      const now = firstEntry(c.shoot, 'registry-cache');
      const before = firstEntry(c.oldShoot, 'registry-cache');
      const unchanged = now !== undefined && before !== undefined && isObject(now.providerConfig)
        && canonical(now.providerConfig) === canonical(before.providerConfig);
      if (!unchanged) {
        return false;
      }
      const spec = isObject(c.shoot) && isObject(c.shoot.spec) ? c.shoot.spec : {};
      const x = (Array.isArray(spec.extensions) ? spec.extensions : []).indexOf(now);
      if (f.kind === 'Secret') {
        return credentialSecrets(spec, now).has(f.name);
      }
      return f.path === `spec.extensions[${x}].providerConfig` || f.path.startsWith(`spec.extensions[${x}].providerConfig.`);
    },
  },
];
