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
  const keys = Object.keys(parsed);
  if (keys.every(isAllowedServiceAccountKey)) {
    // The usual key: no forbidden field, so the order of the names in the text (which only the
    // positions of hidden fields need) does not matter, and the text is not scanned.
    const notString = keys.filter(key => typeof parsed[key] !== 'string');
    return notString.map(key => ({ path, detail: `has a service-account field ${JSON.stringify(key)} whose value is not a string`, fix }));
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

const isAllowedServiceAccountKey = (key: string): boolean => ALLOWED_SERVICE_ACCOUNT_KEYS.includes(key);

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

/**
 * Every rule for one username/password pair, as the constructs and the check
 * command apply them: the extension's (`checkCredentialPair`), then, for a
 * service-account key that passed them, the library's stricter check.
 */
export function checkCredentials(username: string, password: string, path: string): FieldError[] {
  const errors = checkCredentialPair(username, password, path);
  if (username === JSON_KEY_USERNAME && errors.length === 0) {
    errors.push(...checkServiceAccountKeyComplete(password, `${path}.password`));
  }
  return errors;
}

/**
 * Why a password with white space around it deserves a warning (not an
 * error: the extension accepts it, and passes it on verbatim, so pulls
 * usually fail). Never shows the value. `undefined` when there is nothing
 * to say.
 */
export function surroundingWhitespaceProblem(password: string): string | undefined {
  if (goTrimSpace(password).length === 0 || password === goTrimSpace(password)) {
    return undefined;
  }
  return 'starts or ends with white space (often a newline from a file or a variable). '
    + 'The extension accepts it and passes it to the registry verbatim, so pulls usually fail';
}

/**
 * Gardener's first pitfall, in one sentence (no final period): the registry
 * cache has no authentication. `caches` names the caches with credentials
 * (at most a few), `more` counts the others.
 */
export function unauthenticatedCacheWarning(caches: readonly string[], more: number): string {
  return 'the registry cache has no authentication: any Pod in the Shoot can pull the private images it cached with credentials, '
    + `without an image pull Secret (Gardener's "Possible Pitfalls"). Caches with credentials: ${caches.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The data keys of an upstream credentials Secret (reference §2.6). */
const CREDENTIAL_KEYS = ['username', 'password'];

/** What `checkCredentialSecret` found: errors, and warnings (which the extension accepts). */
export interface SecretCheck {
  readonly errors: FieldError[];
  readonly warnings: FieldError[];
}

/**
 * The rules for a Secret that a cache's `secretReferenceName` points at, as
 * read from a manifest (reference §2.6): immutable, exactly the data keys
 * `username` and `password` (`stringData` counts as data, as the API server
 * merges it), valid base64 in `data`, then `checkCredentials` on the values.
 * Paths are relative to the Secret (`data.username`, `stringData.password`,
 * `immutable`). Never shows a value; only the names of the keys.
 */
export function checkCredentialSecret(secret: Record<string, unknown>): SecretCheck {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  if (secret.immutable !== true) {
    errors.push({
      path: 'immutable',
      value: secret.immutable === undefined ? undefined : String(secret.immutable),
      detail: 'the referenced secret should be immutable: the extension\'s admission rejects a Shoot whose credentials Secret is not',
      fix: 'set immutable: true (and rotate by creating a new Secret with a new name, e.g. ending in -v2, and moving the Shoot\'s resourceRef to it)',
    });
  }
  const values = new Map<string, { readonly path: string; readonly text?: string }>();
  readData(secret, 'data', true, values, errors);
  readData(secret, 'stringData', false, values, errors);
  const keys = [...values.keys()];
  const extra = keys.filter(k => !CREDENTIAL_KEYS.includes(k));
  if (extra.length > 0) {
    errors.push({
      path: isObject(secret.data) && extra.some(k => k in (secret.data as object)) ? 'data' : 'stringData',
      detail: `should have only two data entries, "username" and "password"; it also has ${extra.sort().map(k => JSON.stringify(k)).join(', ')}`,
      fix: 'keep only username and password in the Secret (a Docker config JSON does not work here; the cache needs the user name and password or token themselves)',
    });
  }
  for (const key of CREDENTIAL_KEYS) {
    if (!values.has(key)) {
      errors.push({ path: 'data', detail: `missing ${JSON.stringify(key)} data entry`, fix: `add the ${key} to the Secret's data (base64) or stringData` });
    }
  }
  const username = values.get('username');
  const password = values.get('password');
  if (username?.text !== undefined && password?.text !== undefined) {
    for (const e of checkCredentials(username.text, password.text, 'data')) {
      // `data.<key>` -> where the value really is (data or stringData).
      errors.push({ ...e, path: values.get(e.path.slice('data.'.length))?.path ?? e.path });
    }
    const problem = surroundingWhitespaceProblem(password.text);
    if (problem !== undefined) {
      warnings.push({ path: password.path, detail: problem, fix: 'remove it, unless the password really has it' });
    }
  }
  return { errors, warnings };
}

/** Reads `data` (base64, strictly as the API server decodes it) or `stringData` into `values`; later keys win, as in the API server. */
function readData(
  secret: Record<string, unknown>, field: 'data' | 'stringData', base64: boolean,
  values: Map<string, { readonly path: string; readonly text?: string }>, errors: FieldError[],
): void {
  const data = secret[field];
  if (data === undefined || data === null) {
    return;
  }
  if (!isObject(data)) {
    errors.push({ path: field, detail: 'must be a mapping of keys to values', fix: `write ${field} as key: value lines` });
    return;
  }
  for (const [key, value] of Object.entries(data)) {
    const path = `${field}.${key}`;
    let text: string | undefined;
    if (value === null) {
      text = '';
    } else if (typeof value !== 'string') {
      errors.push({ path, detail: `must be a string (it is a ${Array.isArray(value) ? 'list' : typeof value}); the API server rejects the Secret`, fix: 'quote the value' });
    } else if (!base64) {
      text = value;
    } else if (!isBase64(value)) {
      errors.push({
        path,
        detail: 'is not valid base64: the API server rejects the Secret ("illegal base64 data")',
        fix: 'encode the value with `base64 -w0` (no line breaks, padding kept), or put the plain value into stringData instead',
      });
    } else {
      text = Buffer.from(value, 'base64').toString('utf-8');
    }
    values.set(key, { path, text });
  }
}

/** Standard base64 with padding, as Go's base64.StdEncoding decodes it (line breaks are skipped). */
function isBase64(value: string): boolean {
  const s = value.replace(/[\r\n]/g, '');
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s);
}
