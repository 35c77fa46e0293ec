/**
 * The GitOps peer: the same manifests built by `kubectl kustomize` (kubectl's
 * built-in kustomize v5) from files, as a team without cdk8s keeps them:
 *
 * - one file per Shoot, its definition without the registry cache
 *   (`shoots/<namespace>/<name>.yaml`);
 * - a `secretGenerator` entry per credential and namespace (immutable, no
 *   name suffix), the values as literals;
 * - one JSON6902 patch targeting all Shoots that adds the `registry-cache`
 *   extension and the `spec.resources` entries, and, because every fourth
 *   Shoot runs its Docker Hub cache highly available, one more JSON6902
 *   patch for those, selected by a name pattern.
 *
 * The output is compared with the library's semantically (kustomize orders
 * keys and documents its own way): same objects, same content.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { extensionEntry, resourceEntries } from './plain';
import { Landscape, ShootSpec } from './scenario';

/** The Shoots whose Docker Hub cache is highly available (every fourth): names ending in a multiple of 4. */
const HIGH_AVAILABILITY_NAMES = 'shoot-\\d{3}([02468][048]|[13579][26])';

/** kubectl's client and kustomize versions, or undefined when it cannot run. */
export function kubectlVersions(kubectl: string): string | undefined {
  const r = spawnSync(kubectl, ['version', '--client'], { encoding: 'utf-8' });
  if (r.error || r.status !== 0) {
    return undefined;
  }
  const client = /Client Version: (\S+)/.exec(r.stdout)?.[1];
  const kustomize = /Kustomize Version: (\S+)/.exec(r.stdout)?.[1];
  return kustomize === undefined ? undefined : `kubectl ${client}, kustomize ${kustomize}`;
}

/** The extension entry and the resources of a Shoot, as the library writes them. */
function wiring(landscape: Landscape, s: ShootSpec): { extension: any; resources: any[] } {
  const ns = landscape.namespaces.find(n => n.shoots.includes(s))!;
  return { extension: extensionEntry(ns, s), resources: resourceEntries(ns, s) };
}

/**
 * Writes the kustomization of `landscape` to `dir` (emptied first). Throws
 * when the landscape does not fit the two patches (all Shoots wired alike,
 * but the high availability of the first cache of the Shoots the pattern
 * names).
 */
export function writeKustomization(landscape: Landscape, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  const resources: string[] = [];
  const secretGenerator: unknown[] = [];
  for (const ns of landscape.namespaces) {
    fs.mkdirSync(path.join(dir, 'shoots', ns.name), { recursive: true });
    for (const s of ns.shoots) {
      const file = `shoots/${ns.name}/${s.name}.yaml`;
      fs.writeFileSync(path.join(dir, file), YAML.stringify(s.definition));
      resources.push(file);
    }
    for (const c of ns.credentials) {
      secretGenerator.push({
        name: `${c.name}-v${c.version}`,
        namespace: ns.name,
        type: 'Opaque',
        literals: [`username=${c.username}`, `password=${c.password}`],
        options: { immutable: true, disableNameSuffixHash: true },
      });
    }
  }

  // The common wiring, from a Shoot without high availability; check every Shoot against it.
  const shoots = landscape.namespaces.flatMap(ns => ns.shoots);
  const plain = (w: { extension: any; resources: any[] }) => {
    const caches = w.extension.providerConfig.caches.map(({ highAvailability, ...c }: any) => c);
    return JSON.stringify({ ...w, extension: { ...w.extension, providerConfig: { ...w.extension.providerConfig, caches } } });
  };
  const common = wiring(landscape, shoots.find(s => s.caches[0].highAvailability === undefined) ?? shoots[0]);
  const pattern = new RegExp(`^(?:${HIGH_AVAILABILITY_NAMES})$`);
  for (const s of shoots) {
    const w = wiring(landscape, s);
    const highlyAvailable = s.caches[0].highAvailability === true && s.caches.slice(1).every(c => c.highAvailability === undefined);
    if (plain(w) !== plain(common) || highlyAvailable !== pattern.test(s.name)
      || (!highlyAvailable && s.caches.some(c => c.highAvailability !== undefined))) {
      throw new Error(`the kustomization's two patches do not fit Shoot ${s.name}: update bench/kustomize.ts with the scenario`);
    }
  }
  const patches = [
    {
      target: { group: 'core.gardener.cloud', version: 'v1beta1', kind: 'Shoot' },
      patch: YAML.stringify([
        { op: 'add', path: '/spec/extensions', value: [common.extension] },
        { op: 'add', path: '/spec/resources', value: common.resources },
      ]),
    },
    {
      target: { group: 'core.gardener.cloud', version: 'v1beta1', kind: 'Shoot', name: HIGH_AVAILABILITY_NAMES },
      patch: YAML.stringify([
        { op: 'add', path: '/spec/extensions/0/providerConfig/caches/0/highAvailability', value: { enabled: true } },
      ]),
    },
  ];
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), YAML.stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    secretGenerator,
    patches,
  }));
}

/** Runs `kubectl kustomize dir > out`; returns the wall-clock time, process start to exit. */
export function runKustomize(kubectl: string, dir: string, out: string): number {
  const fd = fs.openSync(out, 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(kubectl, ['kustomize', dir], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf-8' });
    const ms = performance.now() - t0;
    if (r.error || r.status !== 0) {
      throw new Error(`kubectl kustomize ${dir} failed (${r.status}): ${r.error?.message ?? r.stderr}`);
    }
    return ms;
  } finally {
    fs.closeSync(fd);
  }
}
