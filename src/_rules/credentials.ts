import { FieldError } from '../_errors';
import { isObject } from './json';
import { containsGoSpace, goTrimSpace } from './text';

/** The username that makes the password a GCP service-account key (Artifact Registry). */
export const JSON_KEY_USERNAME = '_json_key';

/** The service-account key fields the extension's admission allows (reference §2.6). */
export const ALLOWED_SERVICE_ACCOUNT_KEYS: readonly string[] = [
  'type', 'project_id', 'client_email', 'universe_domain', 'auth_uri', 'auth_provider_x509_cert_url',
  'client_x509_cert_url', 'client_id', 'private_key_id', 'private_key', 'token_uri',
];

/** Fields of other Google credential files (user, external account), safe to name in an error. */
const KNOWN_GOOGLE_CREDENTIAL_FIELDS: readonly string[] = [
  'refresh_token', 'client_secret', 'quota_project_id', 'audience', 'subject_token_type', 'token_url',
  'credential_source', 'service_account_impersonation_url', 'service_account_impersonation',
  'token_info_url', 'workforce_pool_user_project', 'source_credentials', 'delegates', 'account',
];


/**
 * The upstream credential rules of the extension's admission (reference §2.6).
 * We check them ourselves, because the admission skips them when only the
 * resource reference changes, which is exactly a rotation.
 *
 * Never put a credential value (or a part of it) into an error: errors name
 * the key and the problem only. `path` is where the data lives, e.g.
 * `Secret "garden-dev/ro-docker-secret-v1" data`.
 */
export function checkCredentialPair(username: string, password: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  // White space is Go's unicode.IsSpace, as the extension's admission sees it (U+0085 is, U+FEFF is not).
  if (goTrimSpace(username).length === 0) {
    errors.push({ path: `${path}.username`, detail: 'is empty or blank', fix: 'give the registry user name' });
  } else if (containsGoSpace(username)) {
    errors.push({
      path: `${path}.username`,
      detail: 'contains whitespace (a trailing newline from `echo` or a file is the usual cause)',
      fix: 'remove all white space from the user name, e.g. the newline at the end of its file or variable',
    });
  }
  if (goTrimSpace(password).length === 0) {
    errors.push({ path: `${path}.password`, detail: 'is empty or blank', fix: 'give the registry password or token' });
  } else if (username === JSON_KEY_USERNAME) {
    errors.push(...checkServiceAccountKey(password, `${path}.password`));
  }
  return errors;
}

/**
 * The `_json_key` password: a flat JSON object of strings that uses only the
 * allowed service-account keys. The JSON parser's own message is never shown:
 * it quotes the input.
 */
export function checkServiceAccountKey(json: string, path: string): FieldError[] {
  const fix = 'use the service-account key file exactly as Google Cloud issued it (a JSON object)';
  const parsed = parseJsonObject(json);
  if (parsed === 'invalid') {
    return [{ path, detail: 'is not valid JSON: a "_json_key" password must be a service-account key in JSON format', fix }];
  }
  if (parsed === 'not-an-object') {
    return [{ path, detail: 'is not a JSON object: a "_json_key" password must be a service-account key in JSON format', fix }];
  }
  const errors: FieldError[] = [];
  for (const key of Object.keys(parsed).sort()) {
    // A field name is part of the password: show it only when it is a name
    // Google's credential files use (e.g. "refresh_token" of a user credential).
    const shownKey = ALLOWED_SERVICE_ACCOUNT_KEYS.includes(key) || KNOWN_GOOGLE_CREDENTIAL_FIELDS.includes(key)
      ? JSON.stringify(key) : 'with a name that is not shown (it may be part of a secret)';
    if (!ALLOWED_SERVICE_ACCOUNT_KEYS.includes(key)) {
      errors.push({
        path,
        detail: `has the forbidden service-account field ${shownKey}`,
        fix: `remove it; allowed fields are ${ALLOWED_SERVICE_ACCOUNT_KEYS.join(', ')}`,
      });
    } else if (typeof (parsed as Record<string, unknown>)[key] !== 'string') {
      errors.push({ path, detail: `has a service-account field ${shownKey} whose value is not a string`, fix });
    }
  }
  return errors;
}

/**
 * Stricter than the extension (reference §2.6 only checks the field names):
 * a key that the admission accepts but that cannot authenticate makes the
 * upstream refuse the cache, and for Artifact Registry that can block even
 * public images (Gardener's "Possible Pitfalls"). Run only on a key that
 * already passed `checkServiceAccountKey`. Never shows a value.
 */
export function checkServiceAccountKeyComplete(json: string, path: string): FieldError[] {
  const parsed = parseJsonObject(json);
  if (typeof parsed === 'string') {
    return []; // checkServiceAccountKey reports it
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

/**
 * A JSON object parsed from a credential value. The parser's own message is
 * never kept: it quotes the input.
 */
function parseJsonObject(json: string): Record<string, unknown> | 'invalid' | 'not-an-object' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return 'invalid';
  }
  return isObject(parsed) ? parsed : 'not-an-object';
}
