import { FieldError, quote } from '../_errors';
import { dns1123SubdomainProblem } from './names';
import { redactUserInfo } from './redact';

const PORT = /^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/;
const DIGITS = /^[0-9]+$/;

/**
 * Why a `host[:port]` is invalid, as Gardener's `validateHostPort` decides:
 * the part after the last ':' is a port when it is all digits (1 to 65535,
 * no leading zero); the host is a lowercase DNS-1123 subdomain.
 */
export function hostPortProblem(value: string): string | undefined {
  const colon = value.lastIndexOf(':');
  let host = value;
  if (colon >= 0 && DIGITS.test(value.slice(colon + 1))) {
    const port = value.slice(colon + 1);
    if (!PORT.test(port)) {
      return `port '${port}' is not valid, valid port must be in the range [1, 65535] without leading zeros`;
    }
    host = value.slice(0, colon);
  }
  const problem = dns1123SubdomainProblem(host);
  return problem === undefined ? undefined : `host ${problem}`;
}

/** Hints at the likely mistake in an upstream, for the "Fix:" part; `value` has its user info hidden already. */
function upstreamFix(value: string, urlHint: string): string {
  if (value.includes('@')) {
    const host = value.slice(value.lastIndexOf('@') + 1).split(/[/?#]/)[0].toLowerCase();
    return `remove "user:password@" (credentials never go into the upstream; give them as a RegistryCacheCredential), e.g. ${quote(host)}`;
  }
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(value);
  if (m) {
    return `give the registry host without scheme or path, e.g. ${quote(m[1].toLowerCase())}; ${urlHint}`;
  }
  if (/[/?#]/.test(value)) {
    return `give only the registry host and optional port, e.g. ${quote(value.split(/[/?#]/)[0].toLowerCase())}: a cache covers a whole registry`;
  }
  if (value !== value.toLowerCase()) {
    return `write the host in lowercase: ${quote(value.toLowerCase())}`;
  }
  return 'use the registry host as in image references, e.g. "docker.io", "ghcr.io" or "my-registry.io:5000"';
}

/**
 * The `caches[i].upstream` and `mirrors[i].upstream` rule (reference §2.2,
 * §3.2). `urlHint` says where a URL goes instead (for a cache: remoteUrl).
 */
export function checkUpstream(upstream: unknown, path: string, urlHint = 'put a custom URL into remoteUrl'): FieldError[] {
  if (typeof upstream !== 'string') {
    return [{ path, value: quote(upstream), detail: 'must be a string', fix: 'set upstream to the registry host, e.g. "docker.io"' }];
  }
  if (upstream.length === 0) {
    return [{ path, value: quote(upstream), detail: 'is required', fix: 'set upstream to the registry host, e.g. "docker.io"' }];
  }
  const problem = upstream.includes('@') ? 'must not contain user info' : hostPortProblem(upstream);
  if (problem !== undefined) {
    return [{ path, value: quote(upstream), detail: `is not a valid upstream: ${problem}`, fix: upstreamFix(redactUserInfo(upstream), urlHint) }];
  }
  return [];
}
