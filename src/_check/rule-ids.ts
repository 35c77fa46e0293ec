/**
 * The check command's rule ids: one stable id per kind of finding, the same
 * in every output format (text, JSON, SARIF, GitHub, JUnit), listed in the
 * "Rule ids" table of docs/check.md (a test keeps the two equal). The rules
 * themselves (src/_rules/) return plain field
 * errors; the id is given here, from what the check command knows of a
 * finding: where it was made, the field path and the kind of detail.
 */

/** Every rule id, with one sentence on what it checks (SARIF's help text, docs/check.md's table). */
export const RULES = {
  'yaml-syntax': 'The input is YAML the `yaml` package can parse (the parser\'s own message, at its line and column).',
  'input-error': 'Every input can be read: files and folders exist, folders hold YAML files, documents are not nested absurdly deep.',
  'no-shoots': 'With `--fail-if-no-shoots`: the input holds at least one Shoot.',
  'shoot-look-alike': 'A document meant as a Shoot is one Gardener serves (`kind: Shoot`, `apiVersion: core.gardener.cloud/v1beta1`).',
  'duplicate-shoot': 'A Shoot (namespace and name) is given once in the input.',
  'duplicate-key': 'A mapping gives each key once (strict decoding and kubectl\'s field validation reject a key given twice).',
  'unknown-field': 'providerConfig has only the fields the extension decodes (strict decoding), with the likely meant field.',
  'extension-version': 'The fields, apiVersion and kind are known to the `--extension-version` of the landscape.',
  'provider-config': 'A registry extension entry has a providerConfig of the right apiVersion, kind and shape.',
  'cache-upstream': 'A cache\'s `upstream`: a registry host[:port], unique across caches, with a Service name of its own.',
  'cache-remote-url': 'A cache\'s `remoteURL`: an http(s) URL with only scheme, host and port.',
  'cache-volume': 'A cache\'s `volume`: a positive size as a Kubernetes quantity, a valid StorageClass name.',
  'cache-garbage-collection': 'A cache\'s `garbageCollection.ttl`: a Go duration string, not negative.',
  'cache-secret-reference': 'A cache\'s `secretReferenceName` names a `spec.resources` entry that points at a Secret.',
  'cache-proxy': 'A cache\'s `proxy`: http(s) URLs for httpProxy and httpsProxy.',
  'cache-service-name': 'A cache\'s `serviceNameSuffix`: a DNS label that no other cache\'s Service name collides with.',
  'cache-http': 'A cache\'s `http`: `tls` is true or false.',
  'cache-fields': 'The other fields of a cache and the `caches` list.',
  'mirror-upstream': 'A mirror\'s `upstream`: a registry host[:port], mirrored once, not also cached.',
  'mirror-host': 'A mirror host\'s `host`: an http(s) URL without path or query.',
  'mirror-capabilities': 'A mirror host\'s `capabilities`: pull and resolve, each once.',
  'mirror-ca-bundle-reference': 'A mirror host\'s `caBundleSecretReferenceName` names a `spec.resources` entry that points at a Secret.',
  'mirror-fields': 'The other fields of a mirror, its hosts and the `mirrors` list.',
  'shoot-extensions': 'The Shoot\'s `spec.extensions`: entries with a type, one entry per type.',
  'shoot-resources': 'The Shoot\'s `spec.resources`: entries with a unique name and a `resourceRef` Gardener accepts.',
  'shoot-workers': 'The Shoot has workers, with containerd, when a registry extension is enabled.',
  'credentials-secret': 'A referenced credentials Secret: immutable, exactly `username` and `password`, values the extension accepts.',
  'ca-bundle-secret': 'A referenced CA bundle Secret: immutable, exactly `bundle.crt`, X.509 certificates in PEM.',
  'secret-two-purposes': 'A Secret is referenced as registry credentials or as a CA bundle, not both (no Secret passes both validators).',
  'secret-not-in-input': 'A note: a referenced Secret is not in the input, so its rules were not checked.',
  'unauthenticated-cache': 'A warning: caches with credentials serve their images to any Pod in the Shoot, without a pull Secret.',
  'update-safety': 'With `--previous`: what Gardener and Kubernetes reject on update (immutable cache fields, an immutable Secret\'s data).',
} as const;

export type RuleId = keyof typeof RULES;

/** The rule id of a field error of a Shoot rule, by its field path (from the Shoot's root) and detail. */
export function shootRuleOf(path: string, detail: string): RuleId {
  if (/^unknown field /.test(detail)) {
    return 'unknown-field';
  }
  if (/^is unknown to registry-(?:cache|mirror) extension |^is no longer served/.test(detail)) {
    return 'extension-version';
  }
  const p = path.replace(/\[\d+\]/g, '[]');
  const config = /^spec\.extensions\[\]\.providerConfig(?:\.(.*))?$/.exec(p);
  if (config) {
    const rest = config[1] ?? '';
    const cache = /^caches\[\]\.([A-Za-z]+)/.exec(rest);
    if (cache) {
      return CACHE_FIELDS.get(cache[1]) ?? 'cache-fields';
    }
    if (/^caches/.test(rest)) {
      return 'cache-fields';
    }
    const host = /^mirrors\[\]\.hosts\[\]\.([A-Za-z]+)/.exec(rest);
    if (host) {
      return host[1] === 'host' ? 'mirror-host' : host[1] === 'capabilities' ? 'mirror-capabilities'
        : host[1] === 'caBundleSecretReferenceName' ? 'mirror-ca-bundle-reference' : 'mirror-fields';
    }
    if (/^mirrors\[\]\.upstream$/.test(rest)) {
      return 'mirror-upstream';
    }
    if (/^mirrors/.test(rest)) {
      return 'mirror-fields';
    }
    return 'provider-config';
  }
  if (/^spec\.resources(?:$|[.[])/.test(p)) {
    return 'shoot-resources';
  }
  if (/^spec\.provider(?:$|[.[])/.test(p)) {
    return 'shoot-workers';
  }
  // The Shoot rules report nothing outside spec.extensions, spec.resources and spec.provider.
  return 'shoot-extensions';
}

const CACHE_FIELDS: ReadonlyMap<string, RuleId> = new Map<string, RuleId>([
  ['upstream', 'cache-upstream'],
  ['remoteURL', 'cache-remote-url'],
  ['volume', 'cache-volume'],
  ['garbageCollection', 'cache-garbage-collection'],
  ['secretReferenceName', 'cache-secret-reference'],
  ['proxy', 'cache-proxy'],
  ['serviceNameSuffix', 'cache-service-name'],
  ['http', 'cache-http'],
]);
