import { artifactRegistry } from './artifact-registry';
import { Example } from './example';
import { gardenerDocs } from './gardener-docs';
import { includeExistingShoot } from './include-existing-shoot';
import { referenceOnly } from './reference-only';
import { rotationInProgress } from './rotation-in-progress';
import { sharedCredential } from './shared-credential';
import { updateSafety } from './update-safety';

export type { Example } from './example';

/** Every example, in the order the README lists them. */
export const EXAMPLES: Example[] = [
  gardenerDocs,
  includeExistingShoot,
  sharedCredential,
  updateSafety,
  rotationInProgress,
  artifactRegistry,
  referenceOnly,
];
