/**
 * The rule tables against Gardener (`npx projen test:judge`, after `npx
 * projen judge`): every row of test/rules/_tables.ts goes into a Shoot, at the
 * field it is a value of, through Gardener's admission (the judge) and through
 * the check command. A row the table accepts must be allowed by Gardener; a row
 * it rejects must be rejected by Gardener at that field (or with a plain error,
 * such as a decoding failure), unless the rejection is one of the library's
 * intended differences; and the two must agree as `npm run conformance`
 * compares them. See docs/ARCHITECTURE.md ("The judge").
 */
import { judges, registryCache, registryMirror } from './_judges';
import { Case, shootWith } from './cases';
import { compare } from './compare';
import { Judges } from './judge';
import { checkCase } from './library';
import {
  CACHE_REJECTED, MIRROR_HOST_ACCEPTED, MIRROR_HOST_DOT_SEGMENTS, MIRROR_HOST_REJECTED, TTL_ACCEPTED, TTL_REJECTED,
  UPSTREAM_ACCEPTED, UPSTREAM_REJECTED, URL_ACCEPTED, URL_ACCEPTED_FROM_V0_22, URL_REJECTED, URL_REJECTED_BEFORE_V0_22,
  URL_UNPARSED_FROM_V0_22, VOLUME_SIZE_ACCEPTED, VOLUME_SIZE_REJECTED,
} from '../test/rules/_tables';

const OLD = 'v0.21.0';
const NEWEST = 'v0.24.0';
const EVERY = [OLD, NEWEST];

let judge: Judges;
beforeAll(() => {
  judge = judges();
});
afterAll(() => judge.close());

/** Where a value goes in the Shoot: the extension entry it is written into, and the field path Gardener names. */
interface Field {
  readonly name: string;
  readonly entry: (value: unknown) => unknown;
  readonly path: string;
}

const CACHE = 'spec.extensions[0].providerConfig.caches[0]';
const MIRROR = 'spec.extensions[0].providerConfig.mirrors[0]';
const cacheField = (name: string, cache: (value: unknown) => Record<string, unknown>): Field => ({
  name, path: `${CACHE}.${name}`, entry: value => registryCache([{ upstream: 'docker.io', ...cache(value) }]),
});
const REMOTE_URL = cacheField('remoteURL', value => ({ remoteURL: value }));
const HTTPS_PROXY = cacheField('proxy.httpsProxy', value => ({ proxy: { httpsProxy: value } }));
const CACHE_UPSTREAM = cacheField('upstream', value => ({ upstream: value }));
const VOLUME_SIZE = cacheField('volume.size', value => ({ volume: { size: value } }));
const TTL = cacheField('garbageCollection.ttl', value => ({ garbageCollection: { ttl: value } }));
const MIRROR_UPSTREAM: Field = {
  name: 'mirrors[].upstream', path: `${MIRROR}.upstream`, entry: value => registryMirror([{ upstream: value, hosts: [{ host: 'https://mirror.gcr.io' }] }]),
};
const MIRROR_HOST: Field = {
  name: 'mirrors[].hosts[].host', path: `${MIRROR}.hosts[0].host`, entry: value => registryMirror([{ upstream: 'docker.io', hosts: [{ host: value }] }]),
};

function caseOf(version: string, entry: unknown): Case {
  return { id: 'table', extensionVersion: version, shoot: shootWith({ extensions: [entry] }), oldShoot: null, secrets: [] };
}

async function expectAccepted(version: string, entry: unknown): Promise<void> {
  const c = caseOf(version, entry);
  const verdict = await judge.judge(c);
  expect({ allowed: verdict.allowed, errors: verdict.errors }).toEqual({ allowed: true, errors: [] });
  expect(compare(c, verdict, checkCase(c))).toEqual({ kind: 'agree' });
}

async function expectRejected(version: string, entry: unknown, path: string): Promise<void> {
  const c = caseOf(version, entry);
  const verdict = await judge.judge(c);
  const outcome = compare(c, verdict, checkCase(c));
  expect(outcome.kind === 'agree' || outcome.kind === 'intended' ? 'the two agree' : outcome).toBe('the two agree');
  if (outcome.kind === 'intended') {
    return; // the library rejects on purpose where Gardener is silent (conformance/intended-differences.ts)
  }
  expect(verdict.allowed).toBe(false);
  const fields = verdict.errors.map(e => e.field);
  expect(fields.includes(path) || fields.includes('') ? path : fields).toBe(path);
}

/** Each row at each version and field, as one test. */
function rows<T>(table: readonly T[], versions: readonly string[], fields: readonly Field[], valueOf: (row: T) => unknown) {
  return table.flatMap(row => {
    const value = valueOf(row);
    const label = JSON.stringify(value) ?? String(value);
    return versions.flatMap(version => fields.map(field => [label, version, field.name, field, value] as const));
  });
}

describe('accepted by the tables, allowed by Gardener', () => {
  test.each([
    ...rows(UPSTREAM_ACCEPTED, EVERY, [CACHE_UPSTREAM, MIRROR_UPSTREAM], row => row),
    ...rows(URL_ACCEPTED, EVERY, [REMOTE_URL, HTTPS_PROXY], ([, emitted]) => emitted),
    ...rows(URL_ACCEPTED, [NEWEST], [REMOTE_URL, HTTPS_PROXY], ([written]) => written),
    ...rows(URL_ACCEPTED_FROM_V0_22, [NEWEST], [REMOTE_URL, HTTPS_PROXY], ([written]) => written),
    ...rows(URL_REJECTED_BEFORE_V0_22, [NEWEST], [REMOTE_URL, HTTPS_PROXY], ([written]) => written),
    ...rows(MIRROR_HOST_ACCEPTED, [NEWEST], [MIRROR_HOST], ([written]) => written),
    ...rows(MIRROR_HOST_ACCEPTED, [NEWEST], [MIRROR_HOST], ([, emitted]) => emitted),
    ...rows(VOLUME_SIZE_ACCEPTED, EVERY, [VOLUME_SIZE], ([size]) => size),
    ...rows(TTL_ACCEPTED, EVERY, [TTL], ([ttl]) => ttl),
  ])('%s at %s as %s', async (_label, version, _name, field, value) => {
    await expectAccepted(version, field.entry(value));
  });
});

describe('rejected by the tables, rejected by Gardener at the same field', () => {
  test.each([
    ...rows(UPSTREAM_REJECTED, EVERY, [CACHE_UPSTREAM, MIRROR_UPSTREAM], ([value]) => value),
    ...rows(URL_REJECTED, EVERY, [REMOTE_URL, HTTPS_PROXY], ([value]) => value),
    ...rows(URL_UNPARSED_FROM_V0_22, [NEWEST], [REMOTE_URL, HTTPS_PROXY], ([value]) => value),
    ...rows(URL_REJECTED_BEFORE_V0_22, [OLD], [REMOTE_URL, HTTPS_PROXY], ([value]) => value),
    ...rows(MIRROR_HOST_DOT_SEGMENTS, [NEWEST], [MIRROR_HOST], ([value]) => value),
    ...rows(MIRROR_HOST_REJECTED, [NEWEST], [MIRROR_HOST], ([value]) => value),
    ...rows(VOLUME_SIZE_REJECTED, EVERY, [VOLUME_SIZE], ([size]) => size),
    ...rows(TTL_REJECTED, EVERY, [TTL], ([ttl]) => ttl),
  ])('%s at %s as %s', async (_label, version, _name, field, value) => {
    await expectRejected(version, field.entry(value), field.path);
  });

  const newestCaches = CACHE_REJECTED.filter(([cache]) => cache.version === undefined || cache.version === NEWEST);
  test.each(newestCaches.map(([cache, path]) => [JSON.stringify(cache), path, cache] as const))(
    'a cache with %s, at %s', async (_label, path, cache) => {
      await expectRejected(NEWEST, registryCache([{ upstream: 'docker.io', ...cache }]), `spec.extensions[0].providerConfig.${path}`);
    });
});

test('the tables reach both judged releases', () => {
  expect(judge.versions).toEqual(expect.arrayContaining(EVERY));
});

