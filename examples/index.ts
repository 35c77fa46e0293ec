import { artifactRegistry } from './artifact-registry';
import { cacheAndMirror } from './cache-and-mirror';
import { Example } from './example';
import { gardenerDocs } from './gardener-docs';
import { includeExistingShoot } from './include-existing-shoot';
import { mirrorPrivateCa } from './mirror-private-ca';
import { mirrorPublic } from './mirror-public';
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
  mirrorPublic,
  mirrorPrivateCa,
  cacheAndMirror,
];
