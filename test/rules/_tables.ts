/**
 * The rule tables' rows that are Gardener data: the rule tests in this folder
 * check the library's rules on them, and conformance/tables.test.ts runs each
 * row through Gardener's own admission (the judge), so that a table cannot
 * hold an expectation Gardener does not share. See docs/ARCHITECTURE.md
 * ("The judge").
 */

/** A RegistryConfig (`providerConfig` of the registry-cache extension) with these caches. */
export function registryConfig(...caches: unknown[]): Record<string, unknown> {
  return { apiVersion: 'registry.extensions.gardener.cloud/v1alpha3', kind: 'RegistryConfig', caches };
}

/** Upstreams every version accepts (`caches[].upstream`, `mirrors[].upstream`). */
export const UPSTREAM_ACCEPTED: string[] = [
  'docker.io', 'ghcr.io', 'my-registry.io:5000', 'localhost:5000', '10.0.0.1', 'registry:1', 'registry:65535',
  'europe-docker.pkg.dev', 'a'.repeat(253), `${'a'.repeat(253)}:443`,
];

/** Upstreams every version rejects: the value, the detail and the fix the library gives. */
export const UPSTREAM_REJECTED: Array<[string, RegExp, RegExp]> = [
  ['https://docker.io', /host must be a lowercase RFC 1123 subdomain/, /without scheme or path, e\.g\. "docker\.io"/],
  ['docker.io/library', /host must be a lowercase/, /only the registry host.*"docker\.io"/],
  ['docker.io?x=1', /host must be a lowercase/, /"docker\.io"/],
  ['Docker.io', /host must be a lowercase/, /lowercase: "docker\.io"/],
  ['docker.io.', /host must be a lowercase/, /registry host as in image references/],
  ['my_registry.io', /host must be a lowercase/, /registry host/],
  ['[::1]:5000', /host must be a lowercase/, /registry host/],
  ['docker.io:0', /port '0' is not valid/, /registry host/],
  ['docker.io:65536', /port '65536' is not valid/, /registry host/],
  ['docker.io:05000', /port '05000' is not valid/, /registry host/],
  ['docker.io:', /host must be a lowercase/, /registry host/],
  [':5000', /host must not be empty/, /registry host/],
  ['docker.io:http', /host must be a lowercase/, /registry host/],
  ['a'.repeat(254), /no more than 253 characters/, /registry host/],
  ['dökker.io', /host must be a lowercase/, /registry host/],
];

/** URLs (`remoteURL`, `proxy.*`) every version accepts, and the form the library emits. */
export const URL_ACCEPTED: Array<[string, string]> = [
  ['https://registry-1.docker.io', 'https://registry-1.docker.io'],
  ['http://proxy.example.com:3128', 'http://proxy.example.com:3128'],
  ['https://mirror-host.io:8443/', 'https://mirror-host.io:8443'],
  ['http://10.0.0.1', 'http://10.0.0.1'],
  ['http://localhost:65535', 'http://localhost:65535'],
];

/** URLs every version rejects: the value, the detail and the fix. */
export const URL_REJECTED: Array<[string, RegExp, RegExp]> = [
  ['registry-1.docker.io', /url must start with 'http:\/\/' or 'https:\/\/' scheme/, /start the URL with "https:\/\/"/],
  ['ftp://registry.io', /must start with 'http:\/\/' or 'https:\/\/'/, /start the URL with/],
  ['https:/registry.io', /must start with|host must not be empty/, /start the URL with|write "\/\/"/],
  ['https://', /url host must not be empty/, /lowercase host name/],
  ['https://Registry.io', /url host must be a lowercase RFC 1123 subdomain/, /lowercase host name/],
  ['https://registry.io:0', /port '0' is not valid/, /lowercase host name/],
  ['https://registry.io:99999', /port '99999' is not valid/, /lowercase host name/],
  ['https://registry.io:443:443', /url host must be a lowercase/, /lowercase host name/],
  ['https://registry.io:', /url host must be a lowercase/, /lowercase host name/],
  ['https://[::1]:443', /url host must be a lowercase/, /lowercase host name/],
  ['https://reg%69stry.io', /url host must be a lowercase/, /lowercase host name/],
  ['https://registry.io/v2', /url must not contain a path/, /only scheme, host and port: "https:\/\/registry\.io"/],
  ['https://registry.io//', /url must not contain a path/, /"https:\/\/registry\.io"/],
  ['https://registry.io/%2F', /url must not contain a path/, /"https:\/\/registry\.io"/],
  ['https://registry.io?x=1', /url must not contain query parameters/, /remove everything from '\?'/],
  ['https://registry.io??', /url must not contain query parameters/, /remove everything from '\?'/],
  ['https://registry.io#top', /url must not contain a fragment/, /remove everything from '#'/],
  ['https://registry.io##', /url must not contain a fragment/, /remove everything from '#'/],
  ['https://user:pw@registry.io', /url must not contain user info/, /credentials never go into a URL/],
  ['https://registry.io ', /url host must be a lowercase/, /lowercase host name/],
  [' https://registry.io', /must start with/, /start the URL with/],
  ['', /must start with/, /start the URL with/],
];

/** URLs that Go's net/url accepts from v0.22.0 on, and the form the library emits. */
export const URL_ACCEPTED_FROM_V0_22: Array<[string, string]> = [
  ['HTTPS://registry.io', 'https://registry.io'],
  ['hTTp://proxy:3128/', 'http://proxy:3128'],
  ['https://registry.io?', 'https://registry.io'],
  ['https://registry.io/?', 'https://registry.io'],
  ['https://registry.io#', 'https://registry.io'],
  ['https://registry.io?#', 'https://registry.io'],
];

/** URLs that Go's net/url cannot parse (v0.22.0 on): the value and the detail. */
export const URL_UNPARSED_FROM_V0_22: Array<[string, RegExp]> = [
  ['https://registry.io\n', /failed to parse url: it contains a control character/],
  ['https://registry.io/%zz', /the path has a '%' that is not followed by two hexadecimal digits/],
  ['://registry.io', /failed to parse url: missing protocol scheme/],
  ['https:registry.io', /url host must not be empty/],
];

/** URLs that v0.21.0's split rule rejects and v0.22.0 accepts: the value, the detail and the fix. */
export const URL_REJECTED_BEFORE_V0_22: Array<[string, RegExp, RegExp]> = [
  ['HTTPS://registry.io', /compares the scheme case-sensitively \(from v0\.22\.0 on, any case is accepted\)/, /lowercase: "https:\/\/registry\.io"/],
  ['https://registry.io?', /query parameters \(.*v0\.21\.0 checks the URL as a plain "scheme:\/\/host\[:port\]"; from v0\.22\.0 on, an empty one is accepted\)/, /"https:\/\/registry\.io"/],
  ['https://registry.io/#', /fragment \(.*from v0\.22\.0 on, an empty one is accepted\)/, /"https:\/\/registry\.io"/],
];

/** Registry-mirror hosts (a URL with a path) the newest version accepts, and the form the library emits. */
export const MIRROR_HOST_ACCEPTED: Array<[string, string]> = [
  ['https://harbor.example.com/v2/k8s', 'https://harbor.example.com/v2/k8s'],
  ['https://mirror.io/', 'https://mirror.io'],
  ['HTTPS://mirror.io/a%2Fb?', 'https://mirror.io/a%2Fb'],
  ['https://mirror.io/a b', 'https://mirror.io/a%20b'],
  ['https://mirror.io/ä', 'https://mirror.io/%C3%A4'],
  ['https://mirror.io/a%2fb', 'https://mirror.io/a%2fb'],
  ['https://mirror.io/...', 'https://mirror.io/...'],
  ['https://mirror.io/a/', 'https://mirror.io/a/'],
  ['https://mirror.io/%40', 'https://mirror.io/%40'],
];

/** Registry-mirror hosts with a dot segment: rejected from v0.23.0 on, accepted by v0.22.0; the value and the detail. */
export const MIRROR_HOST_DOT_SEGMENTS: Array<[string, RegExp]> = [
  ['https://mirror.io/a/../b', /url path must not contain '\.\.'/],
  ['https://mirror.io/./b', /url path must not contain '\.'/],
  ['https://mirror.io/a/%2E%2E', /url path must not contain '\.\.'/],
  ['https://mirror.io/a%2F..', /url path must not contain '\.\.'/],
  ['https://mirror.io/a%2f.', /url path must not contain '\.'/],
];

/** Registry-mirror hosts the newest version rejects: the value and the detail. */
export const MIRROR_HOST_REJECTED: Array<[string, RegExp]> = [
  ['https://u:p@mirror.io/v2', /^url must not contain user info$/],
  ['https://mirror.io?x', /query parameters/],
  ['https://mirror.io/v2#x', /fragment/],
  ['https://mirror.io/%', /not followed by two hexadecimal digits/],
  ['https://mirror.io/\ud800', /lone surrogate/],
];

/** `caches[].volume.size` values every version accepts. */
export const VOLUME_SIZE_ACCEPTED: Array<[unknown]> = [['10Gi'], ['500Mi'], ['1.5Ti'], [' 10Gi '], ['10737418240'], [10737418240], [1.5], ['1e3'], ['100M'], ['+1Gi'], ['.5Gi']];

/** `caches[].volume.size` values every version rejects: the value, its display and the detail. */
export const VOLUME_SIZE_REJECTED: Array<[unknown, string, RegExp]> = [
  ['0Gi', '"0Gi"', /must be greater than 0/],
  [0, '0', /must be greater than 0/],
  ['-1Gi', '"-1Gi"', /must be greater than 0/],
  ['0.0Mi', '"0.0Mi"', /must be greater than 0/],
  ['NaNGi', '"NaNGi"', /is not a valid Kubernetes quantity/],
  ['1e+21Gi', '"1e+21Gi"', /is not a valid Kubernetes quantity/],
  ['10 GB', '"10 GB"', /is not a valid Kubernetes quantity/],
  ['10gi', '"10gi"', /is not a valid Kubernetes quantity/],
  ['', '""', /is not a valid Kubernetes quantity/],
  [true, '"true"', /must be a quantity string such as "10Gi" or a number/],
  [{ size: 1 }, '"{\\"size\\":1}"', /must be a quantity string/],
];

/** `caches[].garbageCollection.ttl` values every version accepts. */
export const TTL_ACCEPTED: Array<[string]> = [['168h'], ['0s'], ['0'], ['1h30m'], ['1.5s'], ['720h']];

/** `caches[].garbageCollection.ttl` values every version rejects: the value and the detail. */
export const TTL_REJECTED: Array<[unknown, RegExp]> = [
  [0, /must be a duration string: the extension decodes ttl as a Go duration and cannot decode a number/],
  [null, /cannot decode a null/],
  [['1h'], /cannot decode a list/],
  ['7d', /is not a Go duration: it has the unknown unit "d"/],
  ['-1h', /^ttl must be a non-negative duration$/],
  ['99999999999h', /longer than a Go duration can hold/],
];

/** Caches (beside `upstream: docker.io`) that the newest version (or the one in `version`) rejects: the cache, the path under the RegistryConfig, the detail and the fix. */
export const CACHE_REJECTED: Array<[Record<string, unknown>, string, RegExp, RegExp]> = [
  // strict decoding: unknown fields, with a hint at the field meant
  [{ volumeSize: '10Gi' }, 'caches[0].volumeSize', /^unknown field "volumeSize": the extension decodes providerConfig strictly, so it rejects the whole Shoot \(failed to decode providerConfig: strict decoding error: unknown field "caches\[0\]\.volumeSize"\)$/, /did you mean volume\.size\?/],
  [{ size: '10Gi' }, 'caches[0].size', /unknown field "size"/, /did you mean volume\.size\?/],
  [{ remoteUrl: 'https://a.io' }, 'caches[0].remoteUrl', /unknown field "remoteUrl"/, /did you mean remoteURL\?/],
  [{ ttl: '1h' }, 'caches[0].ttl', /unknown field "ttl"/, /did you mean garbageCollection\.ttl\?/],
  [{ tls: false }, 'caches[0].tls', /unknown field "tls"/, /did you mean http\.tls\?/],
  [{ garbageCollection: { enabled: false } }, 'caches[0].garbageCollection.enabled', /unknown field "enabled".*garbageCollection\.enabled/, /use garbageCollection\.ttl instead \("0s" disables/],
  [{ volume: { storageClass: 'x' } }, 'caches[0].volume.storageClass', /unknown field "storageClass"/, /did you mean volume\.storageClassName\?/],
  [{ password: 'hunter2' }, 'caches[0].password', /unknown field "password"/, /remove it; a cache has only upstream, remoteURL/],
  // JSON types
  [{ volume: '10Gi' }, 'caches[0].volume', /must be an object \(with size and storageClassName\): the extension cannot decode a string/, /volume: \{ size: \.\.\. \}/],
  [{ volume: { size: true } }, 'caches[0].volume.size', /must be a quantity string/, /"50Gi"/],
  [{ garbageCollection: { ttl: 0 } }, 'caches[0].garbageCollection.ttl', /cannot decode a number/, /"0s"/],
  [{ garbageCollection: { ttl: null } }, 'caches[0].garbageCollection.ttl', /cannot decode a null/, /"168h"/],
  [{ http: { tls: 'false' } }, 'caches[0].http.tls', /must be true or false/, /without quotes/],
  [{ highAvailability: { enabled: 1 } }, 'caches[0].highAvailability.enabled', /must be true or false/, /true or false/],
  [{ highAvailability: true }, 'caches[0].highAvailability', /must be an object \(with enabled\)/, /mapping/],
  [{ secretReferenceName: 5 }, 'caches[0].secretReferenceName', /must be a string/, /spec\.resources entry/],
  // field rules
  [{ upstream: 'Docker.io' }, 'caches[0].upstream', /is not a valid upstream/, /lowercase/],
  [{ upstream: null }, 'caches[0].upstream', /is required/, /registry host/],
  [{ remoteURL: 'registry-1.docker.io' }, 'caches[0].remoteURL', /must start with 'http:\/\/' or 'https:\/\/'/, /https:\/\//],
  [{ proxy: { httpProxy: 'http://proxy:3128/path' } }, 'caches[0].proxy.httpProxy', /must not contain a path/, /proxy/],
  [{ proxy: { httpsProxy: 'socks5://proxy:1080' } }, 'caches[0].proxy.httpsProxy', /must start with/, /http/],
  [{ volume: { size: '0' } }, 'caches[0].volume.size', /must be greater than 0/, /"50Gi"/],
  [{ volume: { storageClassName: 'Premium_SSD' } }, 'caches[0].volume.storageClassName', /^must be a lowercase RFC 1123 subdomain.*letter or digit$/, /"premium-ssd"/],
  [{ volume: { storageClassName: '' } }, 'caches[0].volume.storageClassName', /must not be empty/, /StorageClass/],
  [{ volume: { storageClassName: 7 } }, 'caches[0].volume.storageClassName', /must be a string/, /StorageClass/],
  [{ garbageCollection: { ttl: '7d' } }, 'caches[0].garbageCollection.ttl', /unknown unit "d"/, /there is no d/],
  [{ garbageCollection: { ttl: '-1s' } }, 'caches[0].garbageCollection.ttl', /ttl must be a non-negative duration/, /"0s"/],
  [{ serviceNameSuffix: 'my.docker' }, 'caches[0].serviceNameSuffix', /must not contain dots/, /"docker"/],
  [{ serviceNameSuffix: 'Docker' }, 'caches[0].serviceNameSuffix', /lowercase RFC 1123 label/, /"docker"/],
  [{ serviceNameSuffix: '' }, 'caches[0].serviceNameSuffix', /must not be empty/, /"docker"/],
  [{ serviceNameSuffix: 's'.repeat(55) }, 'caches[0].serviceNameSuffix', /may not be more than 54 characters \(it has 55\)/, /"docker"/],
  [{ serviceNameSuffix: 's'.repeat(64) }, 'caches[0].serviceNameSuffix', /no more than 63 characters/, /"docker"/],
  [{ serviceNameSuffix: 5 }, 'caches[0].serviceNameSuffix', /must be a string/, /"docker"/],
  // fields the extension version does not know
  [{ serviceNameSuffix: 'docker', version: 'v0.17.0' }, 'caches[0].serviceNameSuffix', /is unknown to registry-cache extension v0\.17\.0: it was introduced in v0\.18\.0/, /upgrade/],
];
