/* eslint-disable import/no-unresolved */ // the app imports the packed library as a user installs it (bench/bindings.ts), not src/
// The benchmark's binding app (bench/bindings.ts), in TypeScript: the same program as app.py, BenchApp.java and main.go.
// Usage: app <landscape.tsv> <shoots.yaml> <addUpstream|upstreams|sharedValues> <outdir>
// sharedValues: the upstreams prop, each distinct Size and Duration made once and reused (they are immutable values).
import * as fs from 'fs';
import { ApiObject, App, Chart, Duration, Include, Size } from 'cdk8s';
import { CachedUpstreamOptions, CredentialValue, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';
import { Construct } from 'constructs';

const [landscapeFile, shootsFile, way, outdir] = process.argv.slice(2);
const app = new App({ outdir });
const chart = new Chart(app, 'landscape');
// ApiObjectProps has no spec outside TypeScript: every language includes the Shoots from their YAML file.
const shoots: ApiObject[] = new Include(chart, 'shoots', { url: shootsFile }).apiObjects;
const opt = (v: string): string | undefined => (v === '-' ? undefined : v);
const sizes = new Map<string, Size>();
const durations = new Map<string, Duration>();
const size = (v: string): Size => {
  if (way !== 'sharedValues') return Size.gibibytes(Number(v));
  if (!sizes.has(v)) sizes.set(v, Size.gibibytes(Number(v)));
  return sizes.get(v)!;
};
const hours = (v: string): Duration => {
  if (way !== 'sharedValues') return Duration.hours(Number(v));
  if (!durations.has(v)) durations.set(v, Duration.hours(Number(v)));
  return durations.get(v)!;
};

let scope: Construct = chart;
let namespace = '';
let credentials: RegistryCacheCredential[] = [];
let cache: RegistryCache | undefined;
let shoot: ApiObject | undefined;
let shootName = '';
let options: CachedUpstreamOptions[] = [];
let nextShoot = 0;

function endShoot(): void {
  if (shoot && way !== 'addUpstream') new RegistryCache(scope, `${shootName}-registry-cache`, { shoot, upstreams: options });
  shoot = undefined;
}

// One line per object, tab-separated (bench/bindings.ts writes it): ns, cred, shoot, cache.
for (const line of fs.readFileSync(landscapeFile, 'utf-8').split('\n')) {
  const f = line.split('\t');
  if (f[0] === 'ns') {
    endShoot();
    namespace = f[1];
    scope = new Construct(chart, namespace);
    credentials = [];
  } else if (f[0] === 'cred') {
    credentials.push(new RegistryCacheCredential(scope, f[1], {
      name: f[1],
      version: Number(f[2]),
      resourceName: opt(f[3]),
      namespace,
      username: CredentialValue.unsafePlainText(f[4]),
      password: CredentialValue.unsafePlainText(f[5]),
      acknowledgeUnauthenticatedCache: true,
    }));
  } else if (f[0] === 'shoot') {
    endShoot();
    shootName = f[1];
    shoot = shoots[nextShoot++];
    options = [];
    if (way === 'addUpstream') cache = new RegistryCache(scope, `${shootName}-registry-cache`, { shoot });
  } else if (f[0] === 'cache') {
    const o: CachedUpstreamOptions = {
      upstream: f[2],
      credential: f[3] === '-' ? undefined : credentials[Number(f[3])],
      remoteUrl: opt(f[4]),
      volumeSize: f[5] === '-' ? undefined : size(f[5]),
      storageClassName: opt(f[6]),
      garbageCollectionTtl: f[7] === '-' ? undefined : hours(f[7]),
      highAvailability: f[8] === '-' ? undefined : f[8] === 'true',
      serviceNameSuffix: opt(f[9]),
    };
    if (way === 'addUpstream') cache!.addUpstream(f[1], o);
    else options.push(o);
  }
}
endShoot();
app.synth();
