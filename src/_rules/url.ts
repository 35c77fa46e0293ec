import { FieldError, quote, safeString } from '../_errors';
import { ExtensionVersion, isAtLeast } from './extension-version';
import { redactUserInfo } from './redact';
import { bytesToLatin1, hasLoneSurrogate } from './text';
import { hostPortProblem } from './upstream';

/**
 * The URL rule of the registry-cache and registry-mirror extensions
 * (reference §2.3, §3.1): `remoteURL`, `proxy.httpProxy`, `proxy.httpsProxy`
 * (no path) and `mirrors[].hosts[].host` (a path allowed). Pure, no cdk8s.
 *
 * From v0.22.0 the extension parses the value with Go's `net/url` (`Parse`)
 * and then checks the parts; before, it split the value at `://` and checked
 * the rest as `host[:port]`. The check follows the chosen version, and the
 * value to emit is canonical: lowercase scheme, no empty `?` or `#`, no lone
 * trailing `/`, the path as Go's `URL.String` writes it.
 */

/** v0.22.0: `net/url` parsing, and a path in a mirror host. */
export const NET_URL_VERSION = 'v0.22.0';
/** v0.23.0: no `.` or `..` segment in a mirror host's path. */
export const DOT_SEGMENTS_VERSION = 'v0.23.0';

/** How to check a URL. */
export interface UrlOptions {
  /** The extension version that must accept the emitted URL. */
  readonly version: ExtensionVersion;
  /** A path is allowed (a registry-mirror host, from v0.22.0 on). */
  readonly allowPath?: boolean;
}

/** The result of checking a URL field: its errors, and the form to emit. */
export interface UrlCheck {
  readonly errors: FieldError[];
  /** The canonical form, accepted by the chosen version (undefined when invalid). */
  readonly normalized?: string;
  /**
   * What to write into the output: `normalized`, or for an invalid value the
   * value with its user info hidden (validation fails anyway; an output made
   * without validation never carries a credential).
   */
  readonly emitted: string;
  /**
   * The errors of the value as it is written, for a manifest that is not
   * rewritten: `errors`, and for a version before v0.22.0 the trailing `/`
   * that the library drops from what it emits but the extension rejects.
   */
  readonly asWritten: FieldError[];
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/**
 * Checks a URL field as the chosen extension version does. One error per
 * field, the most useful first (user info before host problems); the value
 * is shown with its user info hidden, and no message quotes a part of it
 * otherwise.
 */
export function checkUrl(value: unknown, path: string, example: string, options: UrlOptions): UrlCheck {
  const shown = quote(value);
  const emitted = typeof value === 'string' ? redactUserInfo(value) : safeString(value);
  const fail = (detail: string, fix: string): UrlCheck => {
    const errors = [{ path, value: shown, detail, fix }];
    return { errors, emitted, asWritten: errors };
  };
  if (typeof value !== 'string') {
    return fail('must be a string', `give a URL such as ${quote(example)}`);
  }
  const r = isAtLeast(options.version, NET_URL_VERSION)
    ? checkNetUrl(value, example, options)
    : checkSplitUrl(value, example, options);
  if ('detail' in r) {
    return fail(r.detail, r.fix);
  }
  const asWritten = r.droppedSlash !== true ? [] : [{
    path,
    value: shown,
    detail: `url must not contain a path: registry-cache extension ${options.version.text} reads everything after '://' as host[:port], `
      + `so a trailing '/' makes the host invalid (from ${NET_URL_VERSION} on, it is accepted)`,
    fix: `remove the trailing '/': ${quote(r.normalized)}`,
  }];
  return { errors: [], normalized: r.normalized, emitted: r.normalized, asWritten };
}

type Outcome = { readonly normalized: string; readonly droppedSlash?: boolean } | { readonly detail: string; readonly fix: string };

const USER_INFO_FIX = 'remove "user:password@" from the URL: credentials never go into a URL (for the upstream, use a RegistryCacheCredential)';

/**
 * v0.22.0 and later: Go's `net/url` `Parse`, then the extension's checks of
 * the scheme (lowercased by Go), `host[:port]`, path, user info, query and
 * fragment. An empty query (`?`) or fragment (`#`) is accepted.
 */
function checkNetUrl(value: string, example: string, options: UrlOptions): Outcome {
  // Go cuts the fragment off first, then parses the rest. User info is reported first: it is what matters most.
  const hash = value.indexOf('#');
  const beforeFragment = hash < 0 ? value : value.slice(0, hash);
  const fragment = hash < 0 ? '' : value.slice(hash + 1);
  const scheme = SCHEME.exec(beforeFragment);
  if (beforeFragment.startsWith(':')) {
    return { detail: 'failed to parse url: missing protocol scheme', fix: `start the URL with "https://" or "http://", e.g. ${quote(example)}` };
  }
  const lowerScheme = scheme?.[1].toLowerCase();
  if (!scheme || (lowerScheme !== 'http' && lowerScheme !== 'https')) {
    return { detail: 'url must start with \'http://\' or \'https://\' scheme', fix: `start the URL with "https://" or "http://", e.g. ${quote(example)}` };
  }
  let rest = beforeFragment.slice(scheme[0].length);
  let query = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1); // Go's ForceQuery: an empty query is no query
  } else if (rest.includes('?')) {
    query = rest.slice(rest.indexOf('?') + 1);
    rest = rest.slice(0, rest.indexOf('?'));
  }
  if (!rest.startsWith('//')) {
    return { detail: 'url host must not be empty', fix: `write "//" and the host after the scheme, e.g. ${quote(example)}` };
  }
  const slash = rest.indexOf('/', 2);
  const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
  const rawPath = slash < 0 ? '' : rest.slice(slash);
  if (authority.includes('@') || !options.allowPath && value.includes('@')) {
    return { detail: 'url must not contain user info', fix: USER_INFO_FIX };
  }
  if (value.includes('@')) {
    // Go reads `http://user:se/cret@host` as host `user:se` and path `/cret@host`.
    return {
      detail: 'url must not contain user info, and a \'@\' after the host looks like it: a password holding \'/\', \'?\' or \'#\' ends the host early. '
        + 'Gardener would read a \'@\' in the path as part of the path and accept it; the library refuses it so that such a password never reaches the output',
      fix: 'remove "user:password@" from the URL; write a \'@\' that belongs to the path as "%40"',
    };
  }
  if (CONTROL.test(beforeFragment)) {
    return { detail: 'failed to parse url: it contains a control character (e.g. a newline or tab)', fix: `remove it, e.g. ${quote(example)}` };
  }
  const base = `${lowerScheme}://${authority}`;
  const hostProblem = hostPortProblem(authority);
  if (hostProblem !== undefined) {
    return { detail: `url ${hostProblem}`, fix: `use a lowercase host name and an optional port, e.g. ${quote(example)}` };
  }
  if (BAD_ESCAPE.test(rawPath)) {
    return { detail: 'failed to parse url: the path has a \'%\' that is not followed by two hexadecimal digits', fix: 'write a \'%\' in a path as "%25"' };
  }
  let path = '';
  if (rawPath !== '' && rawPath !== '/') {
    if (!options.allowPath) {
      return { detail: 'url must not contain a path', fix: `give only scheme, host and port: ${quote(base)}` };
    }
    const bytes = utf8(rawPath);
    if (bytes === undefined) {
      return { detail: 'url path contains a lone surrogate (half of a UTF-16 pair), which has no UTF-8 form', fix: 'write the path as valid Unicode text, or %-encode its bytes' };
    }
    const problem = dotSegmentProblem(bytes, options.version);
    if (problem !== undefined) {
      return problem;
    }
    path = escapedPath(bytes);
  }
  if (query !== '') {
    return { detail: 'url must not contain query parameters', fix: `remove everything from '?': ${quote(base + path)}` };
  }
  if (fragment !== '') {
    return { detail: 'url must not contain a fragment', fix: `remove everything from '#': ${quote(base + path)}` };
  }
  return { normalized: base + path };
}

/**
 * Versions before v0.22.0 split the value at the first `://`: the scheme must
 * be exactly `http` or `https` and the rest a valid `host[:port]`. A single
 * trailing `/` is dropped from the output, and only a manifest as written
 * (`UrlCheck.asWritten`) is an error with it; nothing else is accepted.
 */
function checkSplitUrl(value: string, example: string, options: UrlOptions): Outcome {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(value);
  const version = options.version.text;
  if (!m || (m[1] !== 'http' && m[1] !== 'https')) {
    const lower = m?.[1].toLowerCase();
    if (lower === 'http' || lower === 'https') {
      return {
        detail: `url must start with 'http://' or 'https://' scheme: registry-cache extension ${version} compares the scheme case-sensitively (from ${NET_URL_VERSION} on, any case is accepted)`,
        fix: `write the scheme in lowercase: ${quote(`${lower}://${m![2]}`)}`,
      };
    }
    return { detail: 'url must start with \'http://\' or \'https://\' scheme', fix: `start the URL with "https://" or "http://", e.g. ${quote(example)}` };
  }
  const scheme = m[1];
  const rest = m[2];
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  if (value.includes('@')) {
    return { detail: 'url must not contain user info', fix: USER_INFO_FIX };
  }
  const hostProblem = hostPortProblem(authority);
  if (hostProblem !== undefined) {
    return { detail: `url ${hostProblem}`, fix: `use a lowercase host name and an optional port, e.g. ${quote(example)}` };
  }
  const base = `${scheme}://${authority}`;
  const newer = `registry-cache extension ${version} checks the URL as a plain "scheme://host[:port]"; from ${NET_URL_VERSION} on, an empty one is accepted`;
  if (tail.includes('#')) {
    return { detail: `url must not contain a fragment${/^\/?\??#$/.test(tail) ? ` (${newer})` : ''}`, fix: `remove everything from '#': ${quote(base)}` };
  }
  if (tail.includes('?')) {
    return { detail: `url must not contain query parameters${/^\/?\?$/.test(tail) ? ` (${newer})` : ''}`, fix: `remove everything from '?': ${quote(base)}` };
  }
  if (tail !== '' && tail !== '/') {
    const since = options.allowPath ? ` (a registry-mirror host may have a path from ${NET_URL_VERSION} on; the chosen version is ${version})` : '';
    return { detail: `url must not contain a path${since}`, fix: `give only scheme, host and port: ${quote(base)}` };
  }
  return tail === '/' ? { normalized: base, droppedSlash: true } : { normalized: base };
}

/** The UTF-8 bytes of a string; undefined when it holds a lone surrogate. */
function utf8(s: string): Uint8Array | undefined {
  return hasLoneSurrogate(s) ? undefined : new TextEncoder().encode(s);
}

/**
 * The extension (from v0.23.0) splits the decoded path (`%2E` is `.`, `%2F`
 * is `/`) at '/' and rejects a `.` or `..` segment.
 */
function dotSegmentProblem(raw: Uint8Array, version: ExtensionVersion): { detail: string; fix: string } | undefined {
  if (!isAtLeast(version, DOT_SEGMENTS_VERSION)) {
    return undefined;
  }
  const segments = new Set(bytesToLatin1(unescapeBytes(raw).map(b => (b === 0x2e || b === 0x2f ? b : 0x78))).split('/'));
  const fix = 'write the path without "." and ".." segments (also when written as %2E)';
  if (segments.has('..')) {
    return { detail: 'url path must not contain \'..\'', fix };
  }
  if (segments.has('.')) {
    return { detail: 'url path must not contain \'.\'', fix };
  }
  return undefined;
}

/** Go's `unescape` for a path whose escapes are well-formed: `%XX` becomes the byte. */
function unescapeBytes(raw: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25) {
      out.push(parseInt(String.fromCharCode(raw[i + 1], raw[i + 2]), 16));
      i += 2;
    } else {
      out.push(raw[i]);
    }
  }
  return out;
}

const ALNUM = /[A-Za-z0-9]/;

/** Go's `shouldEscape(c, encodePath)`. */
function shouldEscapeInPath(c: number): boolean {
  const ch = String.fromCharCode(c);
  return c >= 0x80 || !(ALNUM.test(ch) || '-_.~$&+,/:;=@'.includes(ch));
}

/**
 * Go's `URL.EscapedPath`: the path as written when that is a valid encoding
 * (so `%2F` stays `%2F`), else the decoded path escaped again (a space
 * becomes `%20`, a non-ASCII character its UTF-8 bytes as `%XX`).
 */
function escapedPath(raw: Uint8Array): string {
  const validEncoded = raw.every(c => "!$&'()*+,;=:@[]%".includes(String.fromCharCode(c)) || !shouldEscapeInPath(c));
  if (validEncoded) {
    return bytesToLatin1(raw);
  }
  return unescapeBytes(raw).map(c => (shouldEscapeInPath(c) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(c))).join('');
}
