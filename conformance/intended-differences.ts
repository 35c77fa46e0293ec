/**
 * The intended differences: where the library disagrees with Gardener on
 * purpose, each with its reason. `npm run conformance` prints them apart and
 * fails on any other disagreement. An entry applies only to a disagreement
 * that it explains entirely.
 */
import { Case } from './cases';
import { JudgeVerdict } from './judge';
import { LibraryVerdict } from './library';

export interface IntendedDifference {
  readonly name: string;
  readonly reason: string;
  applies(c: Case, judge: JudgeVerdict, lib: LibraryVerdict): boolean;
}

export const INTENDED: readonly IntendedDifference[] = [];
