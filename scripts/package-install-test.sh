#!/usr/bin/env bash
# The README's "build from a checkout" path, as a new user takes it: the package
# tarball (dist/js, from `npx projen package`) installed with npm into a fresh
# app as `cdk8s init typescript-app` makes it (cdk8s-cli's own template: its
# tsconfig.json, strict, and cdk8s.yaml; cdk8s, constructs, cdk8s-plus-33 and
# @types/node), compiled against the tarball's types and synthesized. Then every
# example (examples/<name>/main.ts) pasted into that app, compiled and run: it
# must write what `npm run examples` wrote into examples.out/<name>/, byte for
# byte.
#
# Offline: the app's own dependencies are packed from this checkout's
# node_modules (what `npm ci` installed) and npm runs with --offline, so nothing
# is downloaded. Needs `npx projen compile && npx projen package` and
# `npm run examples` first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

shopt -s nullglob
tarballs=("$root"/dist/js/cdk8s-gardener-registry-cache@*.jsii.tgz)
if [ "${#tarballs[@]}" -ne 1 ]; then
  echo "expected one package tarball in dist/js, found ${#tarballs[@]}: run 'npx projen compile && npx projen package'" >&2
  exit 1
fi
tarball=${tarballs[0]}
if [ ! -d "$root/examples.out" ]; then
  echo "no examples.out/ to compare the examples with: run 'npm run examples'" >&2
  exit 1
fi

app=$(mktemp -d)
tmp=$(mktemp -d) # what the examples' runs leave beside the app
trap 'rm -rf "$app" "$tmp"' EXIT
mkdir "$app/registry"

# What the registry would serve, from this checkout (every one bundles its own dependencies; undici-types is
# @types/node's).
for dep in cdk8s constructs cdk8s-plus-33 @types/node undici-types; do
  npm pack --ignore-scripts --silent --pack-destination "$app/registry" "$root/node_modules/$dep" >/dev/null
done

# `cdk8s init typescript-app`: the template's tsconfig.json and cdk8s.yaml as they are, its package.json's main and
# scripts, its dependencies (cdk8s, constructs, cdk8s-plus-33; @types/node from its devDependencies) ...
template=$root/node_modules/cdk8s-cli/templates/typescript-app
cd "$app"
cp "$template/tsconfig.json" "$template/cdk8s.yaml" .
printf '%s\n' '{ "name": "typescript-app", "version": "1.0.0", "main": "main.js", "types": "main.ts", "private": true,' \
  '  "scripts": { "compile": "tsc --build", "synth": "cdk8s synth" } }' > package.json
npm_install() { npm install --offline --no-audit --no-fund --loglevel=error "$@"; }
npm_install ./registry/*.tgz
# ... then the README's line for a build from a checkout.
npm_install "$tarball"

# The library needs no cdk8s-plus of its own: npm must not have added one.
if [ -n "$(find node_modules -maxdepth 1 -name 'cdk8s-plus-*' ! -name 'cdk8s-plus-33')" ]; then
  echo "installing the package added another cdk8s-plus:" >&2
  ls -d node_modules/cdk8s-plus-* >&2
  exit 1
fi

cat > main.ts <<'EOF'
import { ApiObject, App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { CredentialValue, ImagePullSecret, RegistryCache, RegistryCacheCredential } from 'cdk8s-gardener-registry-cache';

export class Garden extends Chart {
  public readonly dockerHub: RegistryCacheCredential;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.dockerHub = new RegistryCacheCredential(this, 'docker-hub', {
      name: 'ro-docker-secret',
      version: 1,
      resourceName: 'docker-secret',
      username: CredentialValue.fromEnv('DOCKER_HUB_USERNAME'),
      password: CredentialValue.fromEnv('DOCKER_HUB_TOKEN'),
      acknowledgeUnauthenticatedCache: true,
    });
    const shoot = new ApiObject(this, 'shoot', {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Shoot',
      metadata: { name: 'crazy-botany' },
      spec: { region: 'eu-west-1', provider: { type: 'aws', workers: [{ name: 'worker', minimum: 1, maximum: 3 }] } },
    });
    new RegistryCache(this, 'registry-cache', { shoot }).addUpstream('docker-io', { upstream: 'docker.io', credential: this.dockerHub });
  }
}

const app = new App();
const garden = new Garden(app, 'garden', { namespace: 'garden-dev' });
const workloads = new Chart(app, 'workloads', { namespace: 'apps' });
const pull = new ImagePullSecret(workloads, 'docker-hub-pull', { credential: garden.dockerHub, upstream: 'docker.io', name: 'docker-hub-pull' });
new kplus.Deployment(workloads, 'web', {
  containers: [{ image: 'docker.io/acme/web:1.0.0' }],
  dockerRegistryAuth: kplus.Secret.fromSecretName(workloads, 'docker-hub-pull-ref', pull.name),
});
app.synth();
EOF

"$root/node_modules/.bin/tsc" --build
DOCKER_HUB_USERNAME=fresh-app-user DOCKER_HUB_TOKEN=fresh-app-token node main.js

expect() {
  if ! grep -qF -- "$2" "dist/$1"; then
    echo "dist/$1 does not contain: $2" >&2
    cat "dist/$1" >&2
    exit 1
  fi
}
# package.json's main is one file (scripts/bundle-main.ts): requiring the package reads no other file of it.
node -e "
require('cdk8s-gardener-registry-cache');
const ours = Object.keys(require.cache).filter(f => f.includes('/node_modules/cdk8s-gardener-registry-cache/'));
if (ours.length !== 1 || !ours[0].endsWith('/lib/index.js')) {
  console.error('requiring the package loaded', ours);
  process.exit(1);
}"
# ... an ES module imports the same names (Node reads them from the CommonJS source) ...
node --input-type=module -e "
import { createRequire } from 'module';
import * as esm from 'cdk8s-gardener-registry-cache';
const cjs = createRequire(process.cwd() + '/')('cdk8s-gardener-registry-cache');
const missing = Object.keys(cjs).filter(k => !(k in esm));
if (missing.length > 0 || typeof esm.RegistryCache !== 'function') {
  console.error('not importable from an ES module:', missing);
  process.exit(1);
}"

# ... and its source map leads a stack trace back to the TypeScript source (node --enable-source-maps).
node --enable-source-maps -e "
const { App, Chart } = require('cdk8s');
const { RegistryCache } = require('cdk8s-gardener-registry-cache');
try {
  new RegistryCache(new Chart(new App(), 'c'), 'rc', { shoot: 5 });
  process.exit(1);
} catch (e) {
  if (!/at new RegistryCache \\(.*src\\/registry-cache\\.ts:[0-9]+:[0-9]+\\)/.test(e.stack)) {
    console.error('the stack trace does not map to src/registry-cache.ts:', e.stack);
    process.exit(1);
  }
}"

expect garden.k8s.yaml 'name: ro-docker-secret-v1'
expect garden.k8s.yaml "password: $(printf fresh-app-token | base64)"
expect garden.k8s.yaml 'secretReferenceName: docker-secret'
expect workloads.k8s.yaml 'type: kubernetes.io/dockerconfigjson'
expect workloads.k8s.yaml '- name: docker-hub-pull'
echo "the package tarball installs offline into a fresh cdk8s app (cdk8s-plus-33) and synthesizes"

# --- issue 27: every example pastes into the same fresh app and synthesizes ---
# synthesize DIR REFERENCE: the files of examples/DIR (main.ts and what it reads, not its subfolders) pasted into the
# app in place of the last example's, compiled as the template's `compile` does (tsc --build), and run as
# `cdk8s synth` runs the app (CDK8S_OUTDIR=dist); its dist/ must be the folder REFERENCE, file by file.
synthesize() {
  local dir=$1 reference=$2
  find "$app" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name registry ! -name 'package*.json' ! -name tsconfig.json \
    ! -name cdk8s.yaml -exec rm -rf {} +
  find "$root/examples/$dir" -mindepth 1 -maxdepth 1 -type f -exec cp {} "$app/" ';'
  if ! "$root/node_modules/.bin/tsc" --build; then
    echo "example $dir does not compile in a fresh cdk8s app (above)" >&2
    exit 1
  fi
  if ! CDK8S_OUTDIR=dist node main.js > "$tmp/synth.log" 2>&1; then
    echo "example $dir fails to synthesize in a fresh cdk8s app:" >&2
    cat "$tmp/synth.log" >&2
    exit 1
  fi
  if ! diff -r "$reference" dist > "$tmp/diff.log"; then
    echo "example $dir: what it writes in a fresh cdk8s app (>) is not $reference (<)" \
      "(from npm run examples: run it again if src/ or examples/ changed since):" >&2
    cat "$tmp/diff.log" >&2
    exit 1
  fi
}
count=0
for main in "$root"/examples/*/main.ts; do
  name=$(basename "$(dirname "$main")")
  synthesize "$name" "$root/examples.out/$name"
  count=$((count + 1))
done
# The update-safety example's first deployment writes the previous manifests the example is checked against.
mkdir "$tmp/first-deployment"
cp "$root/examples/update-safety/previous.k8s.yaml" "$tmp/first-deployment/garden-dev.k8s.yaml"
synthesize update-safety/first-deployment "$tmp/first-deployment"
echo "every example ($count, and update-safety's first deployment) compiles in the fresh cdk8s init typescript-app app and writes examples.out/<name>/"
