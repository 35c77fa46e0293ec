import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';

/**
 * The examples: each is an app of its own, examples/<name>/main.ts as a user writes it in the app
 * `cdk8s init typescript-app` makes, with the files it reads next to it. They import the library by its
 * package name, which inside this repository is this checkout's src/: for the compiler and eslint through
 * the `paths` of test/tsconfig.json (which examples/tsconfig.json extends), for jest through its
 * moduleNameMapper (both from .projenrc.ts), and for synth-all.ts (and test/bundle.test.ts, with the bundle)
 * through resolvePackageTo below.
 */
export interface Example {
  /** The folder under examples/ (and under examples.out/). */
  readonly name: string;
  /** One line on what it shows: also the first line of its main.ts. */
  readonly description: string;
}

/** Every example, in the order the README lists them. */
export const EXAMPLES: readonly Example[] = [
  { name: 'gardener-docs', description: 'The Gardener page\'s own scenario: Docker Hub, garden-dev, ro-docker-secret-v1 referenced as docker-secret' },
  { name: 'include-existing-shoot', description: 'An existing Shoot YAML file taken with Include; its extensions and resources are kept' },
  { name: 'shared-credential', description: 'One credential shared by two Shoots: one Secret, one resource entry per Shoot' },
  {
    name: 'update-safety',
    description: 'A second deployment checked against the first: token rotated by a version bump, an upstream added, immutable settings kept',
  },
  {
    name: 'rotation-in-progress',
    description: 'A credential rotation in progress: v1 and v2 Secrets, the Shoot on v2, Argo CD prune protection, the workloads\' pull Secret',
  },
  { name: 'artifact-registry', description: 'Artifact Registry: _json_key and a service-account key file, for europe-docker.pkg.dev' },
  {
    name: 'reference-only',
    description: 'A credential whose Secret is managed outside (Sealed Secrets, External Secrets, SOPS): Shoot wiring only, no Secret',
  },
  { name: 'mirror-public', description: 'Gardener\'s registry-mirror page: Docker Hub pulled through the public mirror mirror.gcr.io' },
  {
    name: 'mirror-private-ca',
    description: 'Gardener\'s CA bundle page: a private mirror with a self-signed CA, private-mirror-ca-bundle-v1 referenced as private-mirror-ca-bundle',
  },
  {
    name: 'cache-and-mirror',
    description: 'One Shoot with registry-cache and registry-mirror: Docker Hub mirrored, ghcr.io and europe-docker.pkg.dev cached',
  },
];

/**
 * The update-safety example's first deployment, an app of its own: what it writes is committed as
 * examples/update-safety/previous.k8s.yaml, which the example checks its second deployment against.
 */
export const FIRST_DEPLOYMENT = 'update-safety/first-deployment';

/** The package name the examples import. */
export const PACKAGE_NAME = 'cdk8s-gardener-registry-cache';

/** The main.ts of the app in examples/`dir` (an example's name, or FIRST_DEPLOYMENT). */
export function mainOf(dir: string): string {
  return path.join(__dirname, dir, 'main.ts');
}

/**
 * Runs an app's main.ts as `cdk8s synth` runs it: with CDK8S_OUTDIR set to `outdir`, which it writes one
 * YAML file per chart into. `load` runs the file (`require`, or jest's in a fresh module registry).
 * Returns what the app wrote, by file name.
 */
export function synthApp(main: string, outdir: string, load: (file: string) => void): Record<string, string> {
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    load(main);
  } finally {
    if (before === undefined) {
      delete process.env.CDK8S_OUTDIR;
    } else {
      process.env.CDK8S_OUTDIR = before;
    }
  }
  const files: Record<string, string> = {};
  for (const file of fs.readdirSync(outdir).sort()) {
    files[file] = fs.readFileSync(path.join(outdir, file), 'utf-8');
  }
  return files;
}

/** Makes `require('cdk8s-gardener-registry-cache')` in this process load `file` (src/index.ts, or a bundle). */
export function resolvePackageTo(file: string): void {
  const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    return resolve.call(this, request === PACKAGE_NAME ? file : request, ...rest);
  };
}
