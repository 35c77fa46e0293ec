/**
 * An independent reference implementation of Gardener's rules, written from
 * the reference document (sections 2.2 to 2.4), not from our code: it must
 * not import anything from src/. Property-based tests compare our rules
 * against it, and check that everything we synthesize passes it.
 */
import { createHash } from 'crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function isAlnum(c: string): boolean {
  return c.length === 1 && LOWER_ALNUM.includes(c);
}

/** One label of a DNS-1123 name: [a-z0-9-], starting and ending with [a-z0-9]. */
function isLabelShape(label: string): boolean {
  if (label.length === 0 || !isAlnum(label[0]) || !isAlnum(label[label.length - 1])) {
    return false;
  }
  for (const c of label) {
    if (c !== '-' && !isAlnum(c)) {
      return false;
    }
  }
  return true;
}

/** IsDNS1123Subdomain: at most 253 characters, dot-separated labels (no per-label limit). */
export function refIsSubdomain(s: string): boolean {
  return s.length >= 1 && s.length <= 253 && s.split('.').every(isLabelShape);
}

/** IsDNS1123Label: at most 63 characters, one label. */
export function refIsLabel(s: string): boolean {
  return s.length >= 1 && s.length <= 63 && isLabelShape(s);
}

/** A port: 1 to 65535, decimal, no leading zero. */
function refIsPort(p: string): boolean {
  if (p.length === 0 || p.length > 5 || p[0] === '0') {
    return false;
  }
  let n = 0;
  for (const c of p) {
    const d = '0123456789'.indexOf(c);
    if (d < 0) {
      return false;
    }
    n = n * 10 + d;
  }
  return n >= 1 && n <= 65535;
}

function allAsciiDigits(s: string): boolean {
  return s.length > 0 && [...s].every(c => '0123456789'.includes(c));
}

/** validateHostPort (§2.2): after the last ':' all digits means a port; the host is a subdomain. */
export function refIsHostPort(s: string): boolean {
  const i = s.lastIndexOf(':');
  if (i >= 0 && allAsciiDigits(s.slice(i + 1))) {
    return refIsPort(s.slice(i + 1)) && refIsSubdomain(s.slice(0, i));
  }
  return refIsSubdomain(s);
}

/**
 * The conservative URL rule (§2.3): lowercase `http` or `https`, `://`, a
 * valid host[:port], then nothing or a single '/'. No user info, path,
 * query or fragment.
 */
export function refIsUrl(s: string): boolean {
  for (const scheme of ['http://', 'https://']) {
    if (s.startsWith(scheme)) {
      let rest = s.slice(scheme.length);
      if (rest.endsWith('/')) {
        rest = rest.slice(0, -1);
      }
      return refIsHostPort(rest);
    }
  }
  return false;
}

/** What versions before v0.22.0 did (§2.3): split at the first '://', then the host-port rule on the rest. */
export function refOldGardenerAcceptsUrl(s: string): boolean {
  const i = s.indexOf('://');
  if (i < 0) {
    return false;
  }
  const scheme = s.slice(0, i);
  return (scheme === 'http' || scheme === 'https') && refIsHostPort(s.slice(i + 3));
}

/** What Go's `net/url` `Parse` gives for the parts ValidateURL reads; undefined when it fails to parse. */
export interface RefGoUrl {
  /** Lowercased, as Go does. */
  readonly scheme: string;
  readonly hasUser: boolean;
  readonly host: string;
  /** Decoded, as bytes (each char code 0 to 255). */
  readonly path: string;
  readonly rawQuery: string;
  /** Decoded fragment, as bytes. */
  readonly fragment: string;
}

function isHexDigit(c: string): boolean {
  return c.length === 1 && '0123456789abcdefABCDEF'.includes(c);
}

/** Percent-decodes a string's UTF-8 bytes; undefined on a malformed escape. */
function refPercentDecode(s: string): string | undefined {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 37) {
      const h = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
      if (i + 2 >= bytes.length || !isHexDigit(h[0]) || !isHexDigit(h[1])) {
        return undefined;
      }
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else {
      out += String.fromCharCode(bytes[i]);
    }
  }
  return out;
}

/**
 * Go's `url.Parse`, reduced to what matters for ValidateURL (§2.3): cut the
 * fragment at the first '#', refuse control bytes, take the scheme up to the
 * first ':', an empty query when the only '?' is last, the authority after
 * '//' up to the next '/', user info up to its last '@'. The host is only
 * kept as text (Go's own host checks refuse a subset of what refIsHostPort
 * refuses, so they are not repeated here).
 */
export function refGoParse(s: string): RefGoUrl | undefined {
  const hash = s.indexOf('#');
  const u = hash === -1 ? s : s.substring(0, hash);
  const rawFragment = hash === -1 ? '' : s.substring(hash + 1);
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      return undefined;
    }
  }
  let i = 0;
  while (i < u.length && (/[A-Za-z]/.test(u[i]) || (i > 0 && /[0-9+.-]/.test(u[i])))) {
    i++;
  }
  if (u[i] !== ':') {
    return { scheme: '', hasUser: false, host: '', path: '', rawQuery: '', fragment: '' }; // no scheme: rejected anyway
  }
  if (i === 0) {
    return undefined; // "missing protocol scheme"
  }
  const scheme = u.substring(0, i).toLowerCase();
  let rest = u.substring(i + 1);
  let rawQuery = '';
  const questionMarks = rest.split('?').length - 1;
  if (questionMarks === 1 && rest.endsWith('?')) {
    rest = rest.substring(0, rest.length - 1);
  } else if (questionMarks > 0) {
    rawQuery = rest.substring(rest.indexOf('?') + 1);
    rest = rest.substring(0, rest.indexOf('?'));
  }
  let host = '';
  let hasUser = false;
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    let authority = end === -1 ? rest.substring(2) : rest.substring(2, end);
    rest = end === -1 ? '' : rest.substring(end);
    const at = authority.lastIndexOf('@');
    if (at !== -1) {
      hasUser = true;
      authority = authority.substring(at + 1);
    }
    host = authority;
  } else if (!rest.startsWith('/')) {
    rest = ''; // opaque: no host, no path
  }
  const path = refPercentDecode(rest);
  const fragment = refPercentDecode(rawFragment);
  if (path === undefined || fragment === undefined) {
    return undefined;
  }
  return { scheme, hasUser, host, path, rawQuery, fragment };
}

/**
 * ValidateURL of v0.22.0 and later (§2.3, §3.1) on top of `refGoParse`:
 * scheme http or https, a valid host[:port], no path unless `allowPath`
 * (then, from v0.23.0, no '.' or '..' segment of the decoded path), no user
 * info, no query, no fragment.
 */
export function refGoAcceptsUrl(s: string, allowPath: boolean, minor: number): boolean {
  const u = refGoParse(s);
  if (u === undefined || (u.scheme !== 'http' && u.scheme !== 'https') || u.hasUser || u.rawQuery !== '' || u.fragment !== '') {
    return false;
  }
  if (!refIsHostPort(u.host)) {
    return false;
  }
  if (!allowPath) {
    return u.path === '' || u.path === '/';
  }
  return minor < 23 || !u.path.split('/').some(seg => seg === '.' || seg === '..');
}

/** The resource name the extension computes (§2.4). */
export function refResourceName(upstream: string): string {
  let label = upstream.split(':').join('-');
  if (upstream.length > 43) {
    const hash = createHash('sha256').update(upstream, 'utf8').digest('hex').substring(0, 5);
    label = label.substring(0, 43 - 5 - 1) + '-' + hash;
  }
  return 'registry-' + label.split('.').join('-');
}

const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration, for the forms we accept (no sign, no fractions); seconds, or undefined. */
export function refParseGoDuration(s: string): number | undefined {
  if (s === '0') {
    return 0;
  }
  const re = /([0-9]+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) {
      return undefined;
    }
    total += Number(m[1]) * GO_UNITS[m[2]];
    pos = re.lastIndex;
  }
  return pos === 0 ? undefined : total;
}

/** A Kubernetes quantity with a binary suffix (what we emit), as bytes; undefined when not one. */
export function refQuantityBytes(s: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi)$/.exec(s);
  if (!m) {
    return undefined;
  }
  const power = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'].indexOf(m[2]) + 1;
  return Number(m[1]) * 1024 ** power;
}

const CACHE_KEYS = new Set([
  'upstream', 'remoteURL', 'volume', 'garbageCollection', 'secretReferenceName', 'proxy', 'http', 'highAvailability', 'serviceNameSuffix',
]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(o).every(k => keys.includes(k));
}

/**
 * Everything Gardener (and our stricter rules) require of a synthesized
 * providerConfig. Returns the problems found; empty means accepted.
 */
export function refCheckProviderConfig(pc: unknown): string[] {
  const problems: string[] = [];
  if (!isPlainObject(pc)) {
    return ['providerConfig is not an object'];
  }
  if (pc.apiVersion !== 'registry.extensions.gardener.cloud/v1alpha3' || pc.kind !== 'RegistryConfig') {
    problems.push('apiVersion/kind');
  }
  if (!onlyKeys(pc, ['apiVersion', 'kind', 'caches'])) {
    problems.push('unknown top-level key');
  }
  const caches = pc.caches;
  if (!Array.isArray(caches) || caches.length === 0) {
    return [...problems, 'caches empty'];
  }
  const upstreams = new Set<string>();
  const suffixes = new Set<string>();
  const resourceNames = new Set<string>();
  const plainServiceNames = new Map<string, string>();
  caches.forEach((c, i) => {
    const p = (msg: string): void => {
      problems.push(`caches[${i}]: ${msg}`);
    };
    if (!isPlainObject(c)) {
      p('not an object');
      return;
    }
    for (const k of Object.keys(c)) {
      if (!CACHE_KEYS.has(k)) {
        p(`unknown key ${k}`);
      }
    }
    if (typeof c.upstream !== 'string' || !refIsHostPort(c.upstream)) {
      p('upstream');
      return;
    }
    if (upstreams.has(c.upstream)) {
      p('duplicate upstream');
    }
    upstreams.add(c.upstream);
    const rn = refResourceName(c.upstream);
    if (resourceNames.has(rn)) {
      p('resource name clash');
    }
    resourceNames.add(rn);
    if (c.serviceNameSuffix === undefined) {
      plainServiceNames.set(rn, c.upstream);
    }
    if (c.remoteURL !== undefined && (typeof c.remoteURL !== 'string' || !refIsUrl(c.remoteURL) || c.remoteURL.endsWith('/'))) {
      p('remoteURL');
    }
    if (c.volume !== undefined) {
      if (!isPlainObject(c.volume) || !onlyKeys(c.volume, ['size', 'storageClassName'])) {
        p('volume shape');
      } else {
        if (c.volume.size !== undefined) {
          const bytes = typeof c.volume.size === 'string' ? refQuantityBytes(c.volume.size) : undefined;
          if (bytes === undefined || !(bytes > 0)) {
            p('volume.size');
          }
        }
        if (c.volume.storageClassName !== undefined && (typeof c.volume.storageClassName !== 'string' || !refIsSubdomain(c.volume.storageClassName))) {
          p('volume.storageClassName');
        }
      }
    }
    if (c.garbageCollection !== undefined) {
      const gc = c.garbageCollection;
      if (!isPlainObject(gc) || !onlyKeys(gc, ['ttl']) || typeof gc.ttl !== 'string' || refParseGoDuration(gc.ttl) === undefined) {
        p('garbageCollection.ttl');
      }
    }
    if (c.proxy !== undefined) {
      const px = c.proxy;
      if (!isPlainObject(px) || !onlyKeys(px, ['httpProxy', 'httpsProxy'])) {
        p('proxy shape');
      } else {
        for (const k of ['httpProxy', 'httpsProxy']) {
          const u = px[k];
          if (u !== undefined && (typeof u !== 'string' || !refIsUrl(u) || u.endsWith('/'))) {
            p(`proxy.${k}`);
          }
        }
      }
    }
    if (c.http !== undefined && (!isPlainObject(c.http) || !onlyKeys(c.http, ['tls']) || typeof c.http.tls !== 'boolean')) {
      p('http.tls');
    }
    if (c.highAvailability !== undefined && (!isPlainObject(c.highAvailability) || !onlyKeys(c.highAvailability, ['enabled'])
      || typeof c.highAvailability.enabled !== 'boolean')) {
      p('highAvailability.enabled');
    }
    if (c.serviceNameSuffix !== undefined) {
      if (typeof c.serviceNameSuffix !== 'string' || !refIsLabel(c.serviceNameSuffix) || c.serviceNameSuffix.length > 54) {
        p('serviceNameSuffix');
      } else {
        if (suffixes.has(c.serviceNameSuffix)) {
          p('duplicate serviceNameSuffix');
        }
        suffixes.add(c.serviceNameSuffix);
      }
    }
  });
  caches.forEach((c, i) => {
    if (isPlainObject(c) && typeof c.serviceNameSuffix === 'string' && plainServiceNames.has(`registry-${c.serviceNameSuffix}`)) {
      problems.push(`caches[${i}]: serviceNameSuffix collides`);
    }
  });
  return problems;
}

/** §1.5/§7: when each cache field appeared; an upstream port needs v0.9.0 too. */
const SINCE: Array<[string, number]> = [['remoteURL', 9], ['proxy', 13], ['http', 14], ['highAvailability', 16], ['serviceNameSuffix', 18]];

/** Fields of the synthesized caches that extension version `v0.<minor>.x` would not decode. */
export function refFieldsTooNew(pc: unknown, minor: number): string[] {
  const caches = isPlainObject(pc) && Array.isArray(pc.caches) ? pc.caches : [];
  const found: string[] = [];
  caches.forEach((c, i) => {
    for (const [field, since] of SINCE) {
      if (isPlainObject(c) && c[field] !== undefined && minor < since) {
        found.push(`caches[${i}].${field}`);
      }
    }
    if (isPlainObject(c) && typeof c.upstream === 'string' && c.upstream.includes(':') && minor < 9) {
      found.push(`caches[${i}].upstream`);
    }
  });
  return found;
}
