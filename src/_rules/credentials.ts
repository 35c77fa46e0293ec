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
  const reported = new Set<string>();
  // Positions (from 1, in the key file) of forbidden fields whose names are not shown.
  const hidden: number[] = [];
  const names = memberNames(json, parsed);
  names.forEach((key, i) => {
    if (ALLOWED_SERVICE_ACCOUNT_KEYS.includes(key)) {
      if (!reported.has(key) && typeof parsed[key] !== 'string') {
        reported.add(key);
        errors.push({ path, detail: `has a service-account field ${JSON.stringify(key)} whose value is not a string`, fix });
      }
    } else if (KNOWN_GOOGLE_CREDENTIAL_FIELDS.includes(key)) {
      // A field name is part of the password: show it only when it is a name
      // Google's credential files use (e.g. "refresh_token" of a user credential).
      if (!reported.has(key)) {
        reported.add(key);
        errors.push({ path, detail: `has the forbidden service-account field ${JSON.stringify(key)}`, fix: `remove it; ${allowedFields}` });
      }
    } else {
      hidden.push(i + 1);
    }
  });
  if (hidden.length > 0) {
    errors.push({ path, detail: hiddenFieldsDetail(hidden, names.length), fix: `remove them; ${allowedFields}` });
  }
  return errors;
}

const allowedFields = `allowed fields are ${ALLOWED_SERVICE_ACCOUNT_KEYS.join(', ')}`;

/** How many positions a message lists before it just counts. */
const POSITIONS_SHOWN = 10;

/**
 * The forbidden fields whose names may be part of a secret: how many, and
 * where (their positions in the key), so that two of them are not two
 * identical anonymous lines.
 */
function hiddenFieldsDetail(positions: number[], total: number): string {
  const shown = positions.slice(0, POSITIONS_SHOWN);
  const more = positions.length - shown.length;
  const list = more > 0
    ? `${shown.join(', ')} and ${more} more`
    : shown.length === 1 ? `${shown[0]}` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  const where = `of the key's ${total} top-level fields, counted from 1 in the order of the file`;
  return positions.length === 1
    ? `has a forbidden service-account field whose name is not shown (it may be part of a secret): field ${list} ${where}`
    : `has ${positions.length} forbidden service-account fields whose names are not shown (a name may be part of a secret): fields ${list} ${where}`;
}

/**
 * The member names of a JSON object text in the order of the text (JSON.parse
 * orders integer-like names first, and keeps one of two equal names). Falls
 * back to the parsed object's names for text it does not follow.
 */
function memberNames(json: string, parsed: Record<string, unknown>): string[] {
  try {
    const names = scanMemberNames(json);
    const keys = Object.keys(parsed);
    if (names.length >= keys.length && keys.every(k => names.includes(k))) {
      return names;
    }
  } catch {
    // fall back below
  }
  return Object.keys(parsed);
}

/** Scans the top-level member names of a JSON object text that JSON.parse accepted. */
function scanMemberNames(json: string): string[] {
  let i = 0;
  const space = (): void => {
    while (json[i] === ' ' || json[i] === '\t' || json[i] === '\n' || json[i] === '\r') i++;
  };
  const string = (): string => {
    const start = i++;
    while (json[i] !== '"') {
      i += json[i] === '\\' ? 2 : 1;
    }
    i++;
    return JSON.parse(json.slice(start, i));
  };
  /** Skips one value; stops at the `,` or `}` after it. */
  const value = (): void => {
    let depth = 0;
    while (i < json.length) {
      const c = json[i];
      if (c === '"') {
        string();
        continue;
      }
      if (c === '{' || c === '[') {
        depth++;
      } else if (c === '}' || c === ']' || c === ',') {
        if (depth === 0) return;
        if (c !== ',') depth--;
      }
      i++;
    }
  };
  const names: string[] = [];
  space();
  i++; // {
  space();
  while (json[i] === '"') {
    names.push(string());
    space();
    i++; // :
    space();
    value();
    if (json[i] === ',') {
      i++;
      space();
    }
  }
  return names;
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
