import type * as Crypto from 'crypto';

/** Upstreams longer than this get a shortened name with a hash (reference §2.4). */
const MAX_UPSTREAM_LENGTH = 43;
const PREFIX_LENGTH = 37;
const HASH_LENGTH = 5;

/**
 * The resource name Gardener's registry-cache extension computes for the
 * cache of `upstream` when it has no `serviceNameSuffix` (its StatefulSet,
 * Service and label value are derived from it), `pkg/utils/registry`:
 * ':' becomes '-', upstreams over 43 characters are cut to 37 characters plus
 * '-' and 5 hex digits of SHA-256(upstream), then '.' becomes '-' and
 * `registry-` is prepended.
 */
export function computedResourceName(upstream: string): string {
  let value = upstream.replace(/:/g, '-');
  if (upstream.length > MAX_UPSTREAM_LENGTH) {
    // Loaded only for long upstreams: node's crypto module costs the check command's start-up some milliseconds.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hash = (require('crypto') as typeof Crypto).createHash('sha256').update(upstream).digest('hex').slice(0, HASH_LENGTH);
    value = `${value.slice(0, PREFIX_LENGTH)}-${hash}`;
  }
  return `registry-${value.replace(/\./g, '-')}`;
}

/** The Service name of a cache: `registry-<suffix>` when a suffix is set. */
export function serviceName(upstream: string, serviceNameSuffix?: string): string {
  return serviceNameSuffix === undefined ? computedResourceName(upstream) : `registry-${serviceNameSuffix}`;
}
