import { FieldError } from './_errors';

/**
 * Stricter than the extension (reference §2.6 only checks the field names):
 * a key that the admission accepts but that cannot authenticate makes the
 * upstream refuse the cache, and for Artifact Registry that can block even
 * public images (Gardener's "Possible Pitfalls"). Run only on a key that
 * already passed `checkServiceAccountKey`. Never shows a value.
 */
export function checkServiceAccountKeyComplete(json: string, path: string): FieldError[] {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return [];
  }
  const errors: FieldError[] = [];
  if (parsed.type !== 'service_account') {
    errors.push({
      path,
      detail: 'is not a service-account key: its "type" field is not "service_account"',
      fix: 'create a key for the service account (IAM > Service accounts > Keys > Add key > JSON) and use that file',
    });
  }
  for (const field of ['client_email', 'private_key']) {
    const value = parsed[field];
    if (typeof value !== 'string' || value.trim().length === 0) {
      errors.push({
        path,
        detail: `has no ${JSON.stringify(field)} field; without it the key cannot authenticate, and a cache with a broken key can fail even for public images`,
        fix: 'use the service-account key file exactly as Google Cloud issued it',
      });
    }
  }
  return errors;
}
