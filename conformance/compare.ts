/**
 * Where the judge and the library agree: on accept or reject, and on the
 * set of field paths that are wrong. See docs/ARCHITECTURE.md ("The judge").
 */
import { Case } from './cases';
import { INTENDED, IntendedDifference } from './intended-differences';
import { JudgeVerdict } from './judge';
import { LibraryFinding, LibraryVerdict } from './library';

export type Outcome =
  | { readonly kind: 'agree' }
  | { readonly kind: 'intended'; readonly differences: readonly IntendedDifference[] }
  | { readonly kind: 'false-accept' | 'false-reject'; readonly why: string };

/**
 * What a finding names: a Shoot field by its path; a Secret's content by the
 * Secret alone (`Secret <name>`), as the library reports it at the Secret and
 * Gardener at each reference to it.
 */
function fieldOf(c: Case, e: LibraryFinding): string {
  if (e.kind === 'Secret') {
    return `Secret ${e.name}`;
  }
  // The library, like Gardener, may name the Secret at a reference to it (one Secret used as credentials and as a CA bundle).
  const secret = namesSecretContent(e.path, e.detail) ? referencedSecret(c, e.path) : undefined;
  return secret !== undefined ? `Secret ${secret}` : e.path;
}

/** Whether an error at a reference is about the Secret it resolves to (not "failed to find referenced resource", a Shoot error). */
const namesSecretContent = (field: string, detail: string): boolean =>
  /(^|\.)secretReferenceName$|SecretReferenceName$/.test(field) && !/failed to find referenced resource/.test(detail);

export function judgeFields(c: Case, judge: JudgeVerdict): Set<string> {
  const fields = new Set<string>();
  for (const e of judge.errors) {
    if (e.field === '') {
      continue;
    }
    const secret = namesSecretContent(e.field, e.detail) ? referencedSecret(c, e.field) : undefined;
    fields.add(secret !== undefined ? `Secret ${secret}` : e.field);
  }
  return fields;
}

/** The name of the Secret that the reference at `field` of the case's Shoot resolves to through spec.resources. */
function referencedSecret(c: Case, field: string): string | undefined {
  let value: unknown = c.shoot;
  for (const [, key, index] of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const o = value as Record<string, unknown> | unknown[] | undefined;
    value = o === null || typeof o !== 'object' ? undefined : key !== undefined ? (o as Record<string, unknown>)[key] : (o as unknown[])[Number(index)];
  }
  const spec = (c.shoot as { spec?: { resources?: unknown } }).spec;
  const resources = Array.isArray(spec?.resources) ? spec.resources as Array<{ name?: unknown; resourceRef?: { name?: unknown } }> : [];
  const name = resources.find(r => r !== null && typeof r === 'object' && r.name === value)?.resourceRef?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The two agree when both accept, or both reject naming the same fields. A
 * validator's plain error (a decoding failure, a Secret it cannot read) has
 * no field and ends that validator early, so where the judge gives one, the
 * library must reject and name at least the judge's fields.
 */
function outcomeOf(c: Case, judge: JudgeVerdict, errors: readonly LibraryFinding[], inputErrors: number): Outcome {
  const judgeRejects = !judge.allowed;
  const libRejects = errors.length > 0 || inputErrors > 0;
  const jf = judgeFields(c, judge);
  const lf = new Set(errors.map(e => fieldOf(c, e)));
  const plain = judge.errors.some(e => e.field === '');
  const missing = [...jf].filter(f => !lf.has(f));
  const extra = plain ? [] : [...lf].filter(f => !jf.has(f));
  if (judgeRejects && !libRejects) {
    return { kind: 'false-accept', why: 'Gardener rejects, the library accepts' };
  } else if (!judgeRejects && libRejects) {
    return { kind: 'false-reject', why: 'Gardener accepts, the library rejects' };
  } else if (missing.length > 0) {
    return { kind: 'false-accept', why: `both reject; the library does not name ${missing.join(', ')}` };
  } else if (extra.length > 0) {
    return { kind: 'false-reject', why: `both reject; Gardener does not name ${extra.join(', ')}` };
  }
  return { kind: 'agree' };
}

/**
 * The outcome of one case. A disagreement is intended when, without the
 * library's findings that intended differences explain, the two agree.
 */
export function compare(c: Case, judge: JudgeVerdict, lib: LibraryVerdict): Outcome {
  const outcome = outcomeOf(c, judge, lib.errors, lib.inputErrors.length);
  if (outcome.kind === 'agree') {
    return outcome;
  }
  const applicable = INTENDED.filter(d => lib.errors.some(f => d.explains(c, f)));
  // Each set of applicable differences, smallest first: a difference may explain findings that Gardener gives too.
  let sets: IntendedDifference[][] = [[]];
  for (const d of applicable) {
    sets = [...sets, ...sets.map(set => [...set, d])];
  }
  sets = sets.slice(1).sort((a, b) => a.length - b.length);
  for (const set of sets) {
    const rest = lib.errors.filter(f => !set.some(d => d.explains(c, f)));
    if (outcomeOf(c, judge, rest, lib.inputErrors.length).kind === 'agree') {
      return { kind: 'intended', differences: set };
    }
  }
  return outcome;
}
