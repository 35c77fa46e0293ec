import type * as Crypto from 'crypto';
import { FieldError, quote } from '../_errors';
import { isObject } from './json';

/**
 * The CA bundle of a registry-mirror host (reference §3.3): an immutable
 * Secret in the project namespace with exactly one data entry, `bundle.crt`,
 * holding PEM-encoded certificates.
 *
 * Gardener's admission (`ValidateMirrorHostCABundleSecret`) decodes the first
 * PEM block and parses it as an X.509 certificate. We check every block:
 * containerd (Go's `CertPool.AppendCertsFromPEM`) silently skips a block that
 * is not a certificate, so a broken second certificate would leave the mirror
 * untrusted with no error anywhere. Certificates are parsed by Node's
 * `crypto.X509Certificate`.
 *
 * A CA bundle is public data, but errors still never quote it: they name
 * blocks by position, and PEM types only from a fixed list, so nothing pasted
 * into a bundle by mistake (a private key, a token) reaches a message.
 */

/** The one data key of a CA bundle Secret. */
export const CA_BUNDLE_KEY = 'bundle.crt';

/** PEM types an error may name; any other label is bundle content and stays unnamed. */
const KNOWN_TYPES = new Set([
  'CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CRL', 'CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST',
  'PUBLIC KEY', 'RSA PUBLIC KEY', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PARAMETERS', 'PKCS7',
]);

const BEGIN = /^-----BEGIN ([^\r\n]*)-----$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** One PEM block as found: its label and DER bytes, or why it is malformed. */
interface PemBlock {
  readonly type: string;
  readonly der?: Buffer;
}

/**
 * The PEM blocks of a text, in order, in the shape of Go's `encoding/pem`:
 * a `-----BEGIN <type>-----` line, base64 lines (white space ignored), and
 * the `-----END <type>-----` line of the same type. Text outside blocks is
 * ignored, as Go does. A block without its END line or with a body that is
 * not base64 has no `der`.
 */
function pemBlocks(text: string): PemBlock[] {
  const lines = text.split('\n').map(l => l.replace(/[ \t\r]+$/, ''));
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i]);
    if (!begin) {
      continue;
    }
    const type = begin[1];
    const end = `-----END ${type}-----`;
    let j = i + 1;
    while (j < lines.length && lines[j] !== end && !BEGIN.test(lines[j])) {
      j++;
    }
    if (j >= lines.length || lines[j] !== end) {
      blocks.push({ type });
      i = j - 1;
      continue;
    }
    const body = lines.slice(i + 1, j).join('').replace(/[ \t]/g, '');
    blocks.push(BASE64.test(body) && body.length > 0 ? { type, der: Buffer.from(body, 'base64') } : { type });
    i = j;
  }
  return blocks;
}

/** A block's type as an error may show it. */
function describeType(type: string): string {
  return KNOWN_TYPES.has(type) ? `a ${type}` : 'a block of another type';
}

/**
 * The PEM text of a CA bundle: non-empty, the first PEM block a
 * `CERTIFICATE` that parses as X.509 (Gardener's rule), every later block a
 * certificate that parses too (ours). The bundle is never quoted.
 */
export function checkCaBundlePem(pem: unknown, path: string): FieldError[] {
  const fix = 'give the CA certificate(s) of the mirror in PEM form, each from "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----" (e.g. the content of ca.crt)';
  if (typeof pem !== 'string') {
    return [{ path, value: quote(typeof pem), detail: 'must be a string of PEM-encoded certificates', fix }];
  }
  if (pem.trim().length === 0) {
    return [{ path, detail: 'is empty: the CA bundle is not a valid PEM-encoded certificate', fix }];
  }
  const blocks = pemBlocks(pem);
  if (blocks.length === 0) {
    return [{ path, detail: 'contains no PEM block: the CA bundle is not a valid PEM-encoded certificate', fix }];
  }
  const errors: FieldError[] = [];
  blocks.forEach((block, i) => {
    const which = blocks.length === 1 ? 'its PEM block' : `PEM block ${i + 1} of ${blocks.length}`;
    const stricter = i === 0 ? '' : ' (Gardener checks only the first block, but containerd silently skips a block that is not a valid certificate, so the mirror would not be trusted for it)';
    if (block.der === undefined) {
      errors.push({
        path,
        detail: `${which} is malformed (a BEGIN line without its END line, or a body that is not base64): the CA bundle is not a valid PEM-encoded certificate${stricter}`,
        fix,
      });
    } else if (block.type !== 'CERTIFICATE') {
      const key = /PRIVATE KEY$/.test(block.type) ? '; a private key never belongs in a CA bundle: remove it, and replace the key if it was shared' : '';
      errors.push({ path, detail: `${which} is ${describeType(block.type)}, not a CERTIFICATE${key}${stricter}`, fix });
    } else if (!parsesAsCertificate(block.der)) {
      errors.push({ path, detail: `${which} does not parse as an X.509 certificate: the CA bundle is not a valid PEM-encoded certificate${stricter}`, fix });
    }
  });
  return errors;
}

function parsesAsCertificate(der: Buffer): boolean {
  try {
    // Loaded when a certificate is parsed: node's crypto module costs the check command's start-up some milliseconds.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new (require('crypto') as typeof Crypto).X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

/**
 * A CA bundle Secret as a manifest (JSON, e.g. read from YAML): `v1`
 * `Secret`, `immutable: true`, exactly one data entry `bundle.crt` (in
 * `data`, base64, or in `stringData`, which the API server merges into
 * `data`) whose content passes `checkCaBundlePem`. Paths start with
 * `Secret "<namespace>/<name>"`; Gardener's messages where it has them.
 */
export function checkCaBundleSecret(secret: unknown): FieldError[] {
  if (!isObject(secret)) {
    return [{ path: 'Secret', value: quote(typeof secret), detail: 'must be an object (a Kubernetes Secret)', fix: 'give the manifest of the CA bundle Secret' }];
  }
  const metadata = isObject(secret.metadata) ? secret.metadata : {};
  const key = `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${typeof metadata.name === 'string' ? metadata.name : ''}`;
  const at = `Secret ${quote(key)}`;
  const errors: FieldError[] = [];
  if (secret.apiVersion !== 'v1' || secret.kind !== 'Secret') {
    errors.push({ path: `${at} apiVersion/kind`, value: quote(`${String(secret.apiVersion)}/${String(secret.kind)}`), detail: 'is not a Secret (v1, kind Secret)', fix: 'give the CA bundle as a v1 Secret' });
    return errors;
  }
  if (secret.immutable !== true) {
    errors.push({
      path: `${at} immutable`,
      value: quote(secret.immutable),
      detail: `the referenced CA bundle secret ${quote(key)} should be immutable`,
      fix: 'set immutable: true (to change the bundle later, create a new Secret with the next version and point the Shoot at it)',
    });
  }
  const data = isObject(secret.data) ? secret.data : {};
  const stringData = isObject(secret.stringData) ? secret.stringData : {};
  if (secret.data !== undefined && secret.data !== null && !isObject(secret.data)) {
    errors.push({ path: `${at} data`, value: quote(typeof secret.data), detail: 'must be a map of base64 values', fix: `give data: { ${CA_BUNDLE_KEY}: <base64 of the PEM> }` });
  }
  if (secret.stringData !== undefined && secret.stringData !== null && !isObject(secret.stringData)) {
    errors.push({ path: `${at} stringData`, value: quote(typeof secret.stringData), detail: 'must be a map of strings', fix: `give the PEM under data.${CA_BUNDLE_KEY} (base64)` });
  }
  const keys = [...new Set([...Object.keys(data), ...Object.keys(stringData)])].sort();
  const others = keys.filter(k => k !== CA_BUNDLE_KEY);
  if (!keys.includes(CA_BUNDLE_KEY)) {
    errors.push({
      path: `${at} data`,
      detail: `missing ${quote(CA_BUNDLE_KEY)} data entry in the referenced CA bundle secret ${quote(key)}`,
      fix: `put the PEM certificates under the key ${quote(CA_BUNDLE_KEY)}`,
    });
  }
  if (others.length > 0 && keys.length > 1) {
    const shown = others.slice(0, 3).map(k => quote(k)).join(', ') + (others.length > 3 ? `, and ${others.length - 3} more` : '');
    errors.push({
      path: `${at} data`,
      detail: `the referenced CA bundle secret ${quote(key)} should only have a single data entry with key ${quote(CA_BUNDLE_KEY)} (it also has ${shown})`,
      fix: `keep only ${quote(CA_BUNDLE_KEY)}`,
    });
  }
  const path = `${at} data.${CA_BUNDLE_KEY}`;
  if (CA_BUNDLE_KEY in stringData) {
    errors.push(...checkCaBundlePem(stringData[CA_BUNDLE_KEY], path));
  } else if (CA_BUNDLE_KEY in data) {
    const encoded = data[CA_BUNDLE_KEY];
    const compact = typeof encoded === 'string' ? encoded.replace(/[\r\n]/g, '') : undefined;
    if (compact === undefined || !BASE64.test(compact)) {
      errors.push({ path, detail: 'is not base64: Kubernetes rejects the Secret', fix: `give data.${CA_BUNDLE_KEY} as the base64 of the PEM (e.g. base64 -w0 ca.crt), or the PEM itself under stringData` });
    } else {
      errors.push(...checkCaBundlePem(Buffer.from(compact, 'base64').toString('latin1'), path));
    }
  }
  return errors;
}
