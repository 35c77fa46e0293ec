import { App, Chart } from 'cdk8s';
import {
  CredentialValue, GitOpsPruneProtection, PreviousCredentialVersion, RegistryCache, RegistryCacheCredential,
} from '../src';
import { captureConsole, decoded, gardenChart, shoot, synthDocs } from './credential-helpers';

const plain = CredentialValue.unsafePlainText;

/** Synth must fail; returns the message. */
function failure(app: App): string {
  try {
    app.synthYaml();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth did not fail');
}

/**
 * A minimal line diff (LCS, deletions first): '-' and '+' lines only, in
 * order. Where YAML lines repeat (`apiVersion: v1`), the alignment is this
 * algorithm's; the lines added or removed are exact.
 */
function diff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++; j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`-${a[i++]}`);
    } else {
      out.push(`+${b[j++]}`);
    }
  }
  return out;
}

describe('rotation window', () => {
  const v1 = { username: plain('user-one'), password: plain('token-one') };
  const v2 = { username: plain('user-two'), password: plain('token-two') };

  /** The app of one stage of a rotation: the version the Shoot uses, and the versions kept. */
  function stage(version: number, previousVersions: PreviousCredentialVersion[] = []): string {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'docker-hub', {
      name: 'ro-docker-secret',
      version,
      resourceName: 'docker-secret',
      ...(version === 1 ? v1 : v2),
      previousVersions,
      acknowledgeUnauthenticatedCache: true,
    });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('docker', { upstream: 'docker.io', credential });
    return app.synthYaml();
  }

  const onlyV1 = stage(1);
  const window = stage(2, [{ version: 1, ...v1 }]);
  const onlyV2 = stage(2);

  test('v1 only: one Secret, the Shoot references it', () => {
    expect(onlyV1).toMatchSnapshot();
  });

  test('v1 and v2: both Secrets, v1 first, the Shoot moves to v2 and nothing else changes', () => {
    expect(diff(onlyV1, window)).toEqual([
      '+apiVersion: v1',
      '+kind: Secret',
      '+metadata:',
      '+  name: ro-docker-secret-v2',
      '+  namespace: garden-dev',
      '+data:',
      `+  password: ${Buffer.from('token-two').toString('base64')}`,
      `+  username: ${Buffer.from('user-two').toString('base64')}`,
      '+immutable: true',
      '+type: Opaque',
      '+---',
      '-        name: ro-docker-secret-v1',
      '+        name: ro-docker-secret-v2',
    ]);
  });

  test('v2 only: dropping the previous version removes exactly the v1 Secret', () => {
    expect(diff(window, onlyV2)).toEqual([
      '-  name: ro-docker-secret-v1',
      '-  namespace: garden-dev',
      '-data:',
      `-  password: ${Buffer.from('token-one').toString('base64')}`,
      `-  username: ${Buffer.from('user-one').toString('base64')}`,
      '-immutable: true',
      '-type: Opaque',
      '----',
      '-apiVersion: v1',
      '-kind: Secret',
      '-metadata:',
    ]);
  });

  test('the previous version keeps its own values and no Shoot references it', () => {
    const { app, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'docker-hub', {
      name: 'ro-docker-secret',
      version: 3,
      ...v2,
      previousVersions: [{ version: 2, ...v2 }, { version: 1, ...v1 }],
      acknowledgeUnauthenticatedCache: true,
    });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('docker', { upstream: 'docker.io', credential });
    const docs = synthDocs(app);
    const secrets = docs.filter(d => d.kind === 'Secret');
    expect(secrets.map(s => s.metadata.name)).toEqual(['ro-docker-secret-v1', 'ro-docker-secret-v2', 'ro-docker-secret-v3']);
    expect(decoded(secrets[0])).toEqual({ username: 'user-one', password: 'token-one' });
    expect(secrets.every(s => s.immutable === true)).toBe(true);
    expect(docs.find(d => d.kind === 'Shoot').spec.resources).toEqual([
      { name: 'ro-docker-secret', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'ro-docker-secret-v3' } },
    ]);
    expect(credential.previousVersions).toEqual([1, 2]);
    expect(credential.secretName).toBe('ro-docker-secret-v3');
  });

  test('construct ids: "Secret" for the current version, "Secret-v<n>" for previous ones', () => {
    const { chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'docker-hub', {
      name: 'ro-docker-secret', version: 2, ...v2, previousVersions: [{ version: 1, ...v1 }],
    });
    expect(credential.node.children.map(c => c.node.id)).toEqual(['Secret-v1', 'Secret']);
  });

  test('fails when a previous version is not lower than version', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'c', { name: 's', version: 2, ...v2, previousVersions: [{ version: 2, ...v1 }, { version: 5, ...v1 }] });
    const message = failure(app);
    expect(message).toMatch(/previousVersions\[0\]\.version \(value: 2\): must be lower than version \(2\)/);
    expect(message).toMatch(/previousVersions\[1\]\.version \(value: 5\): must be lower than version \(2\)/);
  });

  test('fails when a previous version is listed twice', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'c', { name: 's', version: 3, ...v2, previousVersions: [{ version: 1, ...v1 }, { version: 1, ...v1 }] });
    expect(failure(app)).toMatch(/previousVersions\[1\]\.version \(value: 1\): is listed twice in previousVersions/);
  });

  test('fails when a previous version is not a positive integer', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'c', { name: 's', version: 3, ...v2, previousVersions: [{ version: 0, ...v1 }] });
    expect(failure(app)).toMatch(/previousVersions\[0\]\.version \(value: 0\): must be a positive integer/);
  });

  test('fails when a previous version\'s values break the extension\'s rules', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'c', { name: 's', version: 2, ...v2, previousVersions: [{ version: 1, username: plain('a b'), password: plain(' ') }] });
    const message = failure(app);
    expect(message).toMatch(/Secret "garden-dev\/s-v1" data\.username: contains whitespace/);
    expect(message).toMatch(/Secret "garden-dev\/s-v1" data\.password: is empty or blank/);
  });

  test('fails when a previous version\'s value cannot be read', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'c', {
      name: 's',
      version: 2,
      ...v2,
      previousVersions: [{ version: 1, username: plain('u'), password: CredentialValue.fromEnv('TEST_UNSET_PREVIOUS_TOKEN') }],
    });
    expect(failure(app)).toMatch(/Secret "garden-dev\/s-v1" data\.password: cannot be read: environment variable "TEST_UNSET_PREVIOUS_TOKEN" is not set/);
  });
});

describe('one Secret name per namespace and app', () => {
  test('fails when two credentials have the same name and version but different values', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'first', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('one') });
    new RegistryCacheCredential(chart, 'second', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('two') });
    const message = failure(app);
    expect(message).toMatch(/\[garden\/second\/Secret\] Secret "garden-dev\/ro-docker-secret-v1": is also emitted by garden\/first\/Secret with different values; an immutable Secret cannot hold two sets of values under one name\. Fix: new values need a new version/);
    expect(message).not.toMatch(/\[garden\/first\/Secret\]/);
  });

  test('fails when a previous version clashes with another credential\'s version', () => {
    const { app } = gardenChart();
    const other = new Chart(app, 'other', { namespace: 'garden-dev' });
    new RegistryCacheCredential(other, 'old', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('one') });
    new RegistryCacheCredential(other, 'new', {
      name: 'ro-docker-secret',
      version: 2,
      username: plain('u'),
      password: plain('two'),
      previousVersions: [{ version: 1, username: plain('u'), password: plain('changed') }],
    });
    expect(failure(app)).toMatch(/\[other\/new\/Secret-v1\] Secret "garden-dev\/ro-docker-secret-v1": is also emitted by other\/old\/Secret with different values/);
  });

  test('fails when the same Secret is declared twice with the same values', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'first', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('same') });
    new RegistryCacheCredential(chart, 'second', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('same') });
    expect(failure(app)).toMatch(/Secret "garden-dev\/ro-docker-secret-v1": is also emitted by garden\/first\/Secret; the Secret would be in the output twice\. Fix: declare the credential once/);
  });

  test('allows the same name and version in different namespaces, and different versions', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'a', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('one') });
    new RegistryCacheCredential(chart, 'b', { name: 'ro-docker-secret', version: 1, namespace: 'garden-other', username: plain('u'), password: plain('two') });
    new RegistryCacheCredential(chart, 'c', { name: 'ro-docker-secret', version: 2, username: plain('u'), password: plain('two') });
    expect(synthDocs(app).filter(d => d.kind === 'Secret')).toHaveLength(3);
  });

  test('a reference to a Secret the app emits is not a duplicate', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'a', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('one') });
    RegistryCacheCredential.fromSecretName(chart, 'ref', { name: 'ro-docker-secret', version: 1 });
    expect(synthDocs(app).filter(d => d.kind === 'Secret')).toHaveLength(1);
  });
});

describe('GitOps prune protection', () => {
  function annotationsWith(protection?: GitOpsPruneProtection): any[] {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'c', {
      name: 's',
      version: 2,
      username: plain('u'),
      password: plain('p'),
      pruneProtection: protection,
      previousVersions: [{ version: 1, username: plain('u'), password: plain('old') }],
    });
    return synthDocs(app).filter(d => d.kind === 'Secret').map(d => d.metadata.annotations);
  }

  test('none by default', () => {
    expect(annotationsWith(undefined)).toEqual([undefined, undefined]);
  });

  test('Argo CD: Prune=false on every version', () => {
    expect(annotationsWith(GitOpsPruneProtection.ARGO_CD)).toEqual([
      { 'argocd.argoproj.io/sync-options': 'Prune=false' },
      { 'argocd.argoproj.io/sync-options': 'Prune=false' },
    ]);
  });

  test('Flux: prune disabled', () => {
    expect(annotationsWith(GitOpsPruneProtection.FLUX)).toEqual([
      { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
      { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
    ]);
  });

  test('both', () => {
    expect(annotationsWith(GitOpsPruneProtection.ARGO_CD_AND_FLUX)[0]).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  });

  test('only metadata changes: the Secret stays immutable and keeps its data', () => {
    const { app, chart } = gardenChart();
    new RegistryCacheCredential(chart, 'c', { name: 's', version: 1, username: plain('u'), password: plain('p'), pruneProtection: GitOpsPruneProtection.FLUX });
    const secret = synthDocs(app).find(d => d.kind === 'Secret');
    expect(secret.immutable).toBe(true);
    expect(decoded(secret)).toEqual({ username: 'u', password: 'p' });
  });
});

describe('RegistryCacheCredential.fromSecretName (Secret managed outside)', () => {
  test('wires the Shoot and emits no Secret and no value', () => {
    const { app, chart } = gardenChart();
    const credential = RegistryCacheCredential.fromSecretName(chart, 'docker-hub', {
      name: 'ro-docker-secret', version: 4, resourceName: 'docker-secret', acknowledgeUnauthenticatedCache: true,
    });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('docker', { upstream: 'docker.io', credential });
    const docs = synthDocs(app);
    expect(docs.map(d => d.kind)).toEqual(['Shoot']);
    expect(docs[0].spec.resources).toEqual([
      { name: 'docker-secret', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'ro-docker-secret-v4' } },
    ]);
    expect(docs[0].spec.extensions[0].providerConfig.caches).toEqual([{ upstream: 'docker.io', secretReferenceName: 'docker-secret' }]);
    expect(credential.secretName).toBe('ro-docker-secret-v4');
    expect(credential.namespace).toBe('garden-dev');
  });

  test('takes an explicit namespace', () => {
    const { chart } = gardenChart();
    expect(RegistryCacheCredential.fromSecretName(chart, 'c', { name: 'x', version: 1, namespace: 'garden-ops' }).namespace).toBe('garden-ops');
  });

  test('fails when name, version, namespace or resourceName are invalid', () => {
    const app = new App();
    const chart = new Chart(app, 'no-namespace');
    RegistryCacheCredential.fromSecretName(chart, 'c', { name: 'Docker_Secret', version: 1.5, resourceName: 'Bad Name' });
    const message = failure(app);
    expect(message).toMatch(/name \(value: "Docker_Secret"\): gives the Secret name "Docker_Secret-v1\.5"/);
    expect(message).toMatch(/version \(value: 1\.5\): must be a positive integer/);
    expect(message).toMatch(/namespace: is required: neither the credential nor its Chart has a namespace/);
    expect(message).toMatch(/resourceName \(value: "Bad Name"\)/);
  });

  // One root cause, one error: not also `the Secret is in namespace "", but the Shoot is in ""`.
  test('fails with one error when neither the credential, the Shoot nor their Chart has a namespace', () => {
    const app = new App();
    const chart = new Chart(app, 'no-namespace');
    const credential = RegistryCacheCredential.fromSecretName(chart, 'c', { name: 'ro-docker-secret', version: 1, acknowledgeUnauthenticatedCache: true });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('docker', { upstream: 'docker.io', credential });
    const errors = failure(app).split('\n').slice(1);
    expect(errors).toEqual([
      expect.stringMatching(/^\s*\[no-namespace\/c\] namespace: is required: neither the credential nor its Chart has a namespace\. Fix: set namespace to the project namespace of the Shoot/),
    ]);
  });

  test('fails when the credential has a namespace and the Shoot has none, saying so', () => {
    const app = new App();
    const chart = new Chart(app, 'no-namespace');
    const credential = RegistryCacheCredential.fromSecretName(chart, 'c', { name: 'ro-docker-secret', version: 1, namespace: 'garden-dev', acknowledgeUnauthenticatedCache: true });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('docker', { upstream: 'docker.io', credential });
    const errors = failure(app).split('\n').slice(1);
    expect(errors).toEqual([
      expect.stringMatching(/secretReferenceName \(value: "ro-docker-secret"\): the credential's Secret is in namespace "garden-dev", but the Shoot has no namespace \(neither metadata\.namespace nor its Chart's\); .*Fix: .*set the Shoot's metadata\.namespace/),
    ]);
    expect(errors[0]).not.toMatch(/in ""/);
  });
});

describe('RegistryCacheCredential.fromServiceAccountKey (Artifact Registry)', () => {
  const key = {
    type: 'service_account',
    project_id: 'demo-project',
    private_key_id: '0123456789abcdef',
    private_key: '-----BEGIN PRIVATE KEY-----\nMIIEdemo\n-----END PRIVATE KEY-----\n',
    client_email: 'puller@demo-project.iam.gserviceaccount.com',
    client_id: '123456789',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: 'https://www.googleapis.com/robot/v1/metadata/x509/puller%40demo-project.iam.gserviceaccount.com',
    universe_domain: 'googleapis.com',
  };

  function gar(serviceAccountKey: string): App {
    const { app, chart } = gardenChart();
    RegistryCacheCredential.fromServiceAccountKey(chart, 'gar', { name: 'gar-reader', version: 1, serviceAccountKey: plain(serviceAccountKey) });
    return app;
  }

  test('username _json_key, password the key as given', () => {
    const json = JSON.stringify(key, undefined, 2);
    const secret = synthDocs(gar(json)).find(d => d.kind === 'Secret');
    expect(secret.metadata.name).toBe('gar-reader-v1');
    expect(decoded(secret)).toEqual({ username: '_json_key', password: json });
  });

  test('keeps previous keys for the rotation window', () => {
    const { app, chart } = gardenChart();
    const credential = RegistryCacheCredential.fromServiceAccountKey(chart, 'gar', {
      name: 'gar-reader',
      version: 2,
      serviceAccountKey: plain(JSON.stringify({ ...key, private_key_id: 'new' })),
      previousVersions: [{ version: 1, serviceAccountKey: plain(JSON.stringify(key)) }],
    });
    const secrets = synthDocs(app).filter(d => d.kind === 'Secret');
    expect(secrets.map(s => s.metadata.name)).toEqual(['gar-reader-v1', 'gar-reader-v2']);
    expect(decoded(secrets[0])).toEqual({ username: '_json_key', password: JSON.stringify(key) });
    expect(credential.secretName).toBe('gar-reader-v2');
  });

  test('fails when the key is not JSON', () => {
    expect(failure(gar('not json'))).toMatch(/Secret "garden-dev\/gar-reader-v1" data\.password: is not valid JSON: a "_json_key" password must be a service-account key/);
  });

  test('fails when the key is not a JSON object', () => {
    expect(failure(gar('["a"]'))).toMatch(/data\.password: is not a JSON object/);
  });

  test('fails when the key has a field the admission forbids', () => {
    expect(failure(gar(JSON.stringify({ ...key, refresh_token: 'x' })))).toMatch(/data\.password: has the forbidden service-account field "refresh_token"/);
  });

  test('fails when the key has an unknown field, without naming it', () => {
    const message = failure(gar(JSON.stringify({ ...key, 'some-odd-field': 'x' })));
    expect(message).toMatch(/data\.password: has a forbidden service-account field whose name is not shown \(it may be part of a secret\): field 12 of the key's 12 top-level fields/);
    expect(message).not.toContain('some-odd-field');
  });

  test('fails when a field is not a string', () => {
    expect(failure(gar(JSON.stringify({ ...key, client_id: 123 })))).toMatch(/data\.password: has a service-account field "client_id" whose value is not a string/);
  });

  test('fails when the key is not of type service_account', () => {
    expect(failure(gar(JSON.stringify({ ...key, type: 'authorized_user' })))).toMatch(/data\.password: is not a service-account key: its "type" field is not "service_account"/);
  });

  test('fails when the key has no private_key or client_email', () => {
    const { private_key: _p, client_email: _c, ...partial } = key;
    const message = failure(gar(JSON.stringify(partial)));
    expect(message).toMatch(/data\.password: has no "client_email" field; without it the key cannot authenticate/);
    expect(message).toMatch(/data\.password: has no "private_key" field/);
  });

  test('fails when the key is blank', () => {
    expect(failure(gar('  '))).toMatch(/data\.password: is empty or blank/);
  });
});

describe('the unauthenticated cache pitfall', () => {
  function app(acknowledge?: boolean): App {
    const { app: a, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'docker-hub', {
      name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('p'), acknowledgeUnauthenticatedCache: acknowledge,
    });
    const cache = new RegistryCache(chart, 'cache', { shoot: shoot(chart) });
    cache.addUpstream('docker', { upstream: 'docker.io', credential });
    cache.addUpstream('ghcr', { upstream: 'ghcr.io', credential: RegistryCacheCredential.fromSecretName(chart, 'ghcr', { name: 'ghcr', version: 1 }) });
    cache.addUpstream('quay', { upstream: 'quay.io' });
    return a;
  }

  test('is a warning once per app, listing the caches with credentials', () => {
    const a = app();
    const { output } = captureConsole(() => { a.synthYaml(); a.synthYaml(); });
    expect(output).toEqual([
      '[cdk8s-gardener-registry-cache] Warning: the registry cache has no authentication: any Pod in the Shoot can pull the private images it cached with credentials, '
      + 'without an image pull Secret (Gardener\'s "Possible Pitfalls"). Caches with credentials: "docker.io" (garden/cache/docker), "ghcr.io" (garden/cache/ghcr). '
      + 'If that is acceptable, set acknowledgeUnauthenticatedCache: true on the credential to silence this warning.',
    ]);
  });

  test('lists only the credentials not acknowledged', () => {
    const a = app(true);
    const { output } = captureConsole(() => a.synthYaml());
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/Caches with credentials: "ghcr.io" \(garden\/cache\/ghcr\)\. /);
  });

  test('names the first five caches and counts the rest, however many Shoots there are', () => {
    const { app: a, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'docker-hub', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('p') });
    for (let i = 0; i < 8; i++) {
      new RegistryCache(chart, `cache${i}`, { shoot: shoot(chart, `s${i}`) }).addUpstream('docker', { upstream: 'docker.io', credential });
    }
    const { output } = captureConsole(() => a.synthYaml());
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/Caches with credentials: "docker\.io" \(garden\/cache0\/docker\), .*"docker\.io" \(garden\/cache4\/docker\) and 3 more\. If that/);
    expect(output[0]).not.toMatch(/cache5/);
  });

  test('names the RegistryCache for caches given in its upstreams prop', () => {
    const { app: a, chart } = gardenChart();
    const credential = new RegistryCacheCredential(chart, 'docker-hub', { name: 'ro-docker-secret', version: 1, username: plain('u'), password: plain('p') });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart), upstreams: [{ upstream: 'docker.io', credential }] });
    const { output } = captureConsole(() => a.synthYaml());
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/Caches with credentials: "docker\.io" \(garden\/cache\)\. If that/);
  });

  test('is silent when every credential acknowledges it, or none is attached', () => {
    const { app: a, chart } = gardenChart();
    const credential = RegistryCacheCredential.fromSecretName(chart, 'c', { name: 'x', version: 1, acknowledgeUnauthenticatedCache: true });
    new RegistryCacheCredential(chart, 'unused', { name: 'y', version: 1, username: plain('u'), password: plain('p') });
    new RegistryCache(chart, 'cache', { shoot: shoot(chart) }).addUpstream('docker', { upstream: 'docker.io', credential });
    expect(captureConsole(() => a.synthYaml()).output).toEqual([]);
  });
});
