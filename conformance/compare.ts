/**
 * Where the judge and the library agree: on accept or reject, and on the
 * set of field paths that are wrong. See docs/ARCHITECTURE.md ("The judge").
 */
import { Case } from './cases';
import { INTENDED, IntendedDifference } from './intended-differences';
import { JudgeVerdict } from './judge';
import { LibraryVerdict } from './library';

export type Outcome =
  | { readonly kind: 'agree' }
  | { readonly kind: 'intended'; readonly difference: IntendedDifference }
  | { readonly kind: 'false-accept' | 'false-reject'; readonly why: string };

/** The field paths a verdict names: Shoot paths as they are, a Secret's as `Secret <name> <path>`. */
export function libraryFields(lib: LibraryVerdict): Set<string> {
  return new Set(lib.errors.map(e => (e.kind === 'Secret' ? `Secret ${e.name} ${e.path}` : e.path)));
}

export function judgeFields(judge: JudgeVerdict): Set<string> {
  return new Set(judge.errors.filter(e => e.field !== '').map(e => e.field));
}

/**
 * The two agree when both accept, or both reject naming the same fields. A
 * validator's plain error (a decoding failure, a Secret it cannot read) has
 * no field and ends that validator early, so where the judge gives one, the
 * library must reject and name at least the judge's fields.
 */
export function compare(c: Case, judge: JudgeVerdict, lib: LibraryVerdict): Outcome {
  const judgeRejects = !judge.allowed;
  const libRejects = lib.exitCode !== 0;
  const jf = judgeFields(judge);
  const lf = libraryFields(lib);
  const plain = judge.errors.some(e => e.field === '');
  const missing = [...jf].filter(f => !lf.has(f));
  const extra = plain ? [] : [...lf].filter(f => !jf.has(f));
  let outcome: Outcome = { kind: 'agree' };
  if (judgeRejects && !libRejects) {
    outcome = { kind: 'false-accept', why: 'Gardener rejects, the library accepts' };
  } else if (!judgeRejects && libRejects) {
    outcome = { kind: 'false-reject', why: 'Gardener accepts, the library rejects' };
  } else if (missing.length > 0) {
    outcome = { kind: 'false-accept', why: `both reject; the library does not name ${missing.join(', ')}` };
  } else if (extra.length > 0) {
    outcome = { kind: 'false-reject', why: `both reject; Gardener does not name ${extra.join(', ')}` };
  }
  if (outcome.kind === 'agree') {
    return outcome;
  }
  const difference = INTENDED.find(d => d.applies(c, judge, lib));
  return difference === undefined ? outcome : { kind: 'intended', difference };
}
