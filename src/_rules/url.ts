import { FieldError, quote } from '../_errors';
import { redactUserInfo } from './redact';
import { hostPortProblem } from './upstream';

/** The result of checking a URL field: its errors, and the form to emit. */
export interface UrlCheck {
  readonly errors: FieldError[];
  /** `scheme://host[:port]`, without a trailing slash (undefined when invalid). */
  readonly normalized?: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;

/**
 * The rule for `remoteURL`, `proxy.httpProxy` and `proxy.httpsProxy`
 * (reference §2.3), applied conservatively so that every extension version
 * accepts the result: `http` or `https`, a valid host and optional port, no
 * path but `/`, no user info, query or fragment. The emitted form has no
 * trailing slash, which versions before v0.22.0 rejected.
 */
export function checkUrl(value: unknown, path: string, example: string): UrlCheck {
  const shown = quote(typeof value === 'string' ? redactUserInfo(value) : value);
  const fail = (detail: string, fix: string): UrlCheck => ({ errors: [{ path, value: shown, detail, fix }] });
  if (typeof value !== 'string') {
    return fail('must be a string', `give a URL such as ${quote(example)}`);
  }
  const m = SCHEME.exec(value);
  if (!m || (m[1] !== 'http' && m[1] !== 'https')) {
    const lower = m?.[1].toLowerCase();
    const fix = lower === 'http' || lower === 'https'
      ? `write the scheme in lowercase: ${quote(`${lower}://${m![2]}`)}`
      : `start the URL with "https://" or "http://", e.g. ${quote(example)}`;
    return fail('url must start with \'http://\' or \'https://\' scheme', fix);
  }
  const scheme = m[1];
  const rest = m[2];
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  if (authority.includes('@')) {
    return fail('url must not contain user info',
      'remove "user:password@" from the URL: credentials never go into a URL (for the upstream, use a RegistryCacheCredential)');
  }
  const hostProblem = hostPortProblem(authority);
  if (hostProblem !== undefined) {
    return fail(`url ${hostProblem}`, `use a lowercase host name and an optional port, e.g. ${quote(example)}`);
  }
  const base = `${scheme}://${authority}`;
  if (tail.includes('#')) {
    return fail('url must not contain a fragment', `remove everything from '#': ${quote(base)}`);
  }
  if (tail.includes('?')) {
    return fail('url must not contain query parameters', `remove everything from '?': ${quote(base)}`);
  }
  if (tail !== '' && tail !== '/') {
    return fail('url must not contain a path', `give only scheme, host and port: ${quote(base)}`);
  }
  return { errors: [], normalized: base };
}
