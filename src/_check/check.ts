import { FieldError, quote } from '../_errors';
import { Position, SourceDocument } from './source';
import { checkCaBundleSecret } from '../_rules/ca-bundle';
import { checkCredentialSecret, unauthenticatedCacheWarning } from '../_rules/credentials';
import { validatedEntry } from '../_rules/entries';
import { ExtensionVersion } from '../_rules/extension-version';
import { isObject } from '../_rules/json';
import { MIRROR_EXTENSION_TYPE } from '../_rules/mirror';
import { REGISTRY_CACHE_TYPE } from '../_rules/registry-config';
import { checkShootManifest } from '../_rules/shoot';
import type * as UpdateRules from '../_rules/update';

/**
 * The check command's rules over the documents read: for every Shoot, the
 * Shoot-level rules and each registry-cache `providerConfig`; for every
 * Secret a Shoot references that is in the input, the credential or CA
 * bundle rules; with `previous`, the update rules. All of them are the
 * library's own pure rules: this module only finds the objects, runs the
 * rules, and places each error at a file position.
 */

export type Severity = 'error' | 'warning' | 'note';

/** One problem, warning or note, placed in a file. */
export interface Finding {
  readonly severity: Severity;
  readonly file: string;
  readonly position: Position;
  readonly kind: 'Shoot' | 'Secret';
  readonly namespace: string;
  readonly name: string;
  /** The Gardener field path, from the object's root. */
  readonly path: string;
  /** The offending value, safe to print (never a Secret's value). */
  readonly value?: string;
  readonly detail: string;
  readonly fix: string;
}

export interface CheckOptions {
  /** The extension version to check against. */
  readonly version: ExtensionVersion;
  /** The objects deployed before (`--previous`), for the update rules. */
  readonly previous?: readonly unknown[];
}

export interface CheckResult {
  readonly findings: Finding[];
  /** How many Shoots and referenced Secrets were checked. */
  readonly shoots: number;
  readonly secrets: number;
}

type Json = Record<string, unknown>;

interface Identity {
  readonly kind: 'Shoot' | 'Secret';
  readonly namespace: string;
  readonly name: string;
}

function identityOf(o: Json): Identity {
  const md = isObject(o.metadata) ? o.metadata : {};
  return {
    kind: o.kind === 'Shoot' ? 'Shoot' : 'Secret',
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
    name: typeof md.name === 'string' ? md.name : '',
  };
}

/** What a Secret is referenced as. */
type Purpose = 'credentials' | 'ca-bundle';

/** A reference of a Shoot's registry extension to a Secret, through `spec.resources`. */
interface SecretReference {
  /** The field path of the reference (`...caches[0].secretReferenceName`). */
  readonly path: string;
  readonly purpose: Purpose;
  /** The `spec.resources` entry it names, and the Secret that entry points at. */
  readonly resourceName: string;
  readonly resourceIndex: number;
  readonly secretName: string;
  /** For a credential: the cache's upstream. */
  readonly upstream?: unknown;
}

/**
 * The Secrets a Shoot's enabled registry extensions reference, resolved
 * through `spec.resources` (a `Secret` entry of that name). References that
 * do not resolve are the Shoot rules' business; they are skipped here.
 */
function secretReferences(spec: unknown, before: readonly unknown[]): SecretReference[] {
  if (!isObject(spec)) {
    return [];
  }
  const resources = Array.isArray(spec.resources) ? spec.resources : [];
  const byName = new Map<string, number>();
  resources.forEach((r, i) => {
    if (isObject(r) && typeof r.name === 'string' && !byName.has(r.name)) {
      byName.set(r.name, i);
    }
  });
  const out: SecretReference[] = [];
  const add = (name: unknown, path: string, purpose: Purpose, upstream?: unknown): void => {
    const i = typeof name === 'string' ? byName.get(name) : undefined;
    const ref = i === undefined ? undefined : (resources[i] as Json).resourceRef;
    if (i !== undefined && isObject(ref) && ref.kind === 'Secret' && typeof ref.name === 'string' && ref.name !== '') {
      out.push({ path, purpose, resourceName: name as string, resourceIndex: i, secretName: ref.name, upstream });
    }
  };
  const extensions = Array.isArray(spec.extensions) ? spec.extensions : [];
  // The entries the extension's validators check (their webhooks read these Secrets).
  const validated = [validatedEntry(extensions, REGISTRY_CACHE_TYPE, before), validatedEntry(extensions, MIRROR_EXTENSION_TYPE, before)];
  extensions.forEach((e, x) => {
    if (!validated.includes(x) || !isObject(e) || !isObject(e.providerConfig)) {
      return;
    }
    const at = `spec.extensions[${x}].providerConfig`;
    const list = (o: unknown, key: string): unknown[] => (isObject(o) && Array.isArray(o[key]) ? o[key] as unknown[] : []);
    if (e.type === REGISTRY_CACHE_TYPE) {
      list(e.providerConfig, 'caches').forEach((c, j) => {
        if (isObject(c)) {
          add(c.secretReferenceName, `${at}.caches[${j}].secretReferenceName`, 'credentials', c.upstream);
        }
      });
    } else if (e.type === MIRROR_EXTENSION_TYPE) {
      list(e.providerConfig, 'mirrors').forEach((m, i) => {
        list(m, 'hosts').forEach((h, j) => {
          if (isObject(h)) {
            add(h.caBundleSecretReferenceName, `${at}.mirrors[${i}].hosts[${j}].caBundleSecretReferenceName`, 'ca-bundle');
          }
        });
      });
    }
  });
  return out;
}

/**
 * A Secret referenced both as registry credentials and as a CA bundle by the
 * entries the validators check: no Secret passes both (credentials hold exactly
 * `username` and `password`, a CA bundle only `bundle.crt`), so Gardener
 * rejects the Shoot whatever the Secret holds, and whether or not it is in the
 * input. Reported at each CA bundle reference to it.
 */
function bothPurposes(references: readonly SecretReference[], namespace: string): FieldError[] {
  const credentials = new Map<string, SecretReference>();
  for (const ref of references) {
    if (ref.purpose === 'credentials' && !credentials.has(ref.secretName)) {
      credentials.set(ref.secretName, ref);
    }
  }
  if (credentials.size === 0) {
    return [];
  }
  const errors: FieldError[] = [];
  for (const ref of references) {
    const other = ref.purpose === 'ca-bundle' ? credentials.get(ref.secretName) : undefined;
    if (other !== undefined) {
      errors.push({
        path: ref.path,
        value: quote(ref.resourceName),
        detail: `refers (through spec.resources[${ref.resourceIndex}]) to Secret ${namespace}/${ref.secretName}, which ${other.path} uses as registry `
          + 'credentials: no Secret can be both (credentials hold exactly "username" and "password", a CA bundle only "bundle.crt")',
        fix: 'give the CA bundle a Secret of its own (RegistryMirrorCaBundle does) and a spec.resources entry that points at it',
      });
    }
  }
  return errors;
}

/** Some rules report `Secret "<namespace>/<name>" <path>`: the path from the object's root is what follows. */
function fromRoot(path: string): string {
  const m = /^(?:Secret|Shoot) "(?:[^"\\]|\\.)*" (.*)$/s.exec(path);
  return m ? m[1] : path;
}

/**
 * Whether a field path is inside the providerConfig that a registry extension's
 * validator decodes (strictly): the first entry of its type, when one is enabled.
 */
function inProviderConfig(path: string, shoot: Json, before: readonly unknown[]): boolean {
  const m = /^spec\.extensions\[(\d+)\]\.providerConfig\./.exec(path);
  if (!m || !isObject(shoot.spec) || !Array.isArray(shoot.spec.extensions)) {
    return false;
  }
  const x = Number(m[1]);
  const extensions = shoot.spec.extensions;
  return validatedEntry(extensions, REGISTRY_CACHE_TYPE, before) === x || validatedEntry(extensions, MIRROR_EXTENSION_TYPE, before) === x;
}

/** How many caches the unauthenticated-cache warning names before it counts. */
const NAMED = 5;

/** Runs every rule over the documents. */
export function checkDocuments(documents: readonly SourceDocument[], options: CheckOptions): CheckResult {
  const findings: Finding[] = [];
  const push = (doc: SourceDocument, id: Identity, severity: Severity, e: FieldError, preferKey = false): void => {
    const path = fromRoot(e.path);
    // A Secret's `data.<key>` may be written as `stringData.<key>` (the API server merges them): point there.
    const inStringData = id.kind === 'Secret' && path.startsWith('data.')
      && !isObject(doc.object.data) && isObject(doc.object.stringData);
    const where = inStringData ? `stringData${path.slice('data'.length)}` : path;
    const position = doc.positionOf(where, preferKey);
    findings.push({ severity, file: doc.file, position, ...id, path, value: e.value, detail: e.detail, fix: e.fix });
  };

  /** Secrets by `<namespace>/<name>`: a GitOps repository may hold one per landscape, so a key can have several. */
  const secrets = new Map<string, SourceDocument[]>();
  const shoots: SourceDocument[] = [];
  for (const doc of documents) {
    const id = identityOf(doc.object);
    if (id.kind === 'Shoot') {
      shoots.push(doc);
    } else {
      const key = `${id.namespace}/${id.name}`;
      const list = secrets.get(key);
      if (list === undefined) {
        secrets.set(key, [doc]);
      } else {
        list.push(doc);
      }
    }
  }

  /** Referenced Secrets to check, each once per purpose. */
  const toCheck = new Map<SourceDocument, Set<Purpose>>();
  const credentialUses: Array<{ doc: SourceDocument; id: Identity; path: string; upstream: unknown }> = [];

  /** With --previous, the Shoots deployed before by `<namespace>/<name>`: on an update, the webhooks run when either enables their type. */
  const before = new Map<string, Json>();
  for (const o of options.previous ?? []) {
    const pid = isObject(o) ? identityOf(o) : undefined;
    if (pid !== undefined && pid.kind === 'Shoot' && !before.has(`${pid.namespace}/${pid.name}`)) {
      before.set(`${pid.namespace}/${pid.name}`, o as Json);
    }
  }

  for (const doc of shoots) {
    const shoot = doc.object;
    const id = identityOf(shoot);
    const previous = before.get(`${id.namespace}/${id.name}`);
    const previousSpec = previous !== undefined && isObject(previous.spec) ? previous.spec : {};
    const previousExtensions = Array.isArray(previousSpec.extensions) ? previousSpec.extensions : [];
    for (const d of doc.duplicateKeys) {
      push(doc, id, 'error', duplicateField(d.path, d.key, inProviderConfig(d.path, shoot, previousExtensions)), true);
    }
    const errors = checkShootManifest(shoot, options.version, previous);
    const spec = isObject(shoot.spec) ? shoot.spec : {};
    for (const e of errors) {
      push(doc, id, 'error', e, /^unknown field /.test(e.detail));
    }
    const references = secretReferences(spec, previousExtensions);
    for (const e of bothPurposes(references, id.namespace)) {
      push(doc, id, 'error', e);
    }
    for (const ref of references) {
      const key = `${id.namespace}/${ref.secretName}`;
      if (ref.purpose === 'credentials') {
        credentialUses.push({ doc, id, path: ref.path, upstream: ref.upstream });
      }
      const candidates = secrets.get(key);
      if (candidates !== undefined) {
        const secret = nearest(doc.file, candidates);
        let purposes = toCheck.get(secret);
        if (purposes === undefined) {
          purposes = new Set();
          toCheck.set(secret, purposes);
        }
        purposes.add(ref.purpose);
      } else {
        push(doc, id, 'note', {
          path: ref.path,
          value: quote(ref.resourceName),
          detail: `refers (through spec.resources[${ref.resourceIndex}]) to Secret ${key}, which is not in the input, so its ${ref.purpose === 'credentials' ? 'credential' : 'CA bundle'} rules were not checked (it may be sealed, or managed elsewhere)`,
          fix: `to check it too, add the file that defines Secret ${key} to the input`,
        });
      }
    }
  }

  for (const [doc, purposes] of toCheck) {
    const id = identityOf(doc.object);
    for (const d of doc.duplicateKeys) {
      push(doc, id, 'error', duplicateField(d.path, d.key, false), true);
    }
    if (purposes.has('credentials')) {
      const r = checkCredentialSecret(doc.object);
      r.errors.forEach(e => push(doc, id, 'error', e));
      r.warnings.forEach(e => push(doc, id, 'warning', e));
    }
    if (purposes.has('ca-bundle')) {
      checkCaBundleSecret(doc.object).forEach(e => push(doc, id, 'error', e));
    }
  }

  if (credentialUses.length > 0) {
    const first = credentialUses[0];
    const named = credentialUses.slice(0, NAMED).map(u => `${quote(String(u.upstream))} (Shoot ${u.id.namespace}/${u.id.name})`);
    push(first.doc, first.id, 'warning', {
      path: first.path,
      detail: unauthenticatedCacheWarning(named, credentialUses.length - named.length),
      fix: 'nothing, if that is acceptable (a warning does not change the exit code); otherwise do not cache images whose access must stay restricted within the Shoot',
    });
  }

  if (options.previous !== undefined && options.previous.length > 0) {
    // Loaded only with --previous: the update rules are not needed otherwise.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const update = require('../_rules/update') as typeof UpdateRules;
    const docOf = new Map<unknown, SourceDocument>(documents.map(d => [d.object, d]));
    for (const { object, errors } of update.checkUpdateOfObjects(options.previous, documents.map(d => d.object))) {
      const doc = docOf.get(object)!;
      errors.forEach(e => push(doc, identityOf(object), 'error', e));
    }
  }

  // In file order (as read), then by position: stable, so rule order breaks ties.
  const fileOrder = new Map<string, number>();
  documents.forEach(d => {
    if (!fileOrder.has(d.file)) {
      fileOrder.set(d.file, fileOrder.size);
    }
  });
  findings.sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)!
    || a.position.line - b.position.line
    || a.position.column - b.position.column);
  return { findings, shoots: shoots.length, secrets: toCheck.size };
}

/**
 * Of several Secrets with the same namespace and name (one per landscape,
 * say), the one nearest to the Shoot's file: the most leading path segments
 * in common, then the first.
 */
function nearest(file: string, candidates: readonly SourceDocument[]): SourceDocument {
  if (candidates.length === 1) {
    return candidates[0];
  }
  const parts = file.split(/[\\/]/);
  let best = candidates[0];
  let bestShared = -1;
  for (const c of candidates) {
    const other = c.file.split(/[\\/]/);
    let shared = 0;
    while (shared < parts.length && shared < other.length && parts[shared] === other[shared]) {
      shared++;
    }
    if (shared > bestShared) {
      best = c;
      bestShared = shared;
    }
  }
  return best;
}

function duplicateField(path: string, key: string, inConfig: boolean): FieldError {
  return {
    path,
    detail: inConfig
      ? `duplicate field ${quote(key)}: the extension decodes providerConfig strictly and rejects the whole Shoot (strict decoding error: duplicate field ${quote(key)})`
      : `duplicate field ${quote(key)}: kubectl's strict field validation rejects the manifest, and tools that accept it silently keep only the last value`,
    fix: `keep one ${quote(key)} in this mapping`,
  };
}
