#!/usr/bin/env bash
# test:gitops (issue 26): the check where GitOps repositories run checks, each with the real tool that
# `npx projen gitops:tools` put into gitops.tools/ (kustomize, pre-commit) or with the exact command lines of the
# example files (Argo CD's plugin, the Flux CI job): a bad Shoot fails, a good one passes. Work files go to the
# git-ignored gitops.out/. Prints one line per check and a closing "gitops: N passed, N failed".
# `bash test/gitops/run.sh [pre-commit|kustomize|argocd|flux]...` runs only those parts.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=$root/gitops.tools
out=$root/gitops.out
examples=$root/examples/gitops
passed=0 failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
# expect STATUS WHAT COMMAND...: the command's exit status is STATUS (0, or non-zero for "fail"); its output in $log.
log=$out/last.log
expect() {
  local want=$1 what=$2; shift 2
  "$@" > "$log" 2>&1
  local status=$?
  if { [ "$want" = 0 ] && [ "$status" -eq 0 ]; } || { [ "$want" = fail ] && [ "$status" -ne 0 ]; }; then ok "$what (exit $status)"
  else fail "$what (exit $status)"; sed 's/^/     | /' "$log"; fi
}
# contains WHAT TEXT: the last command's output holds TEXT.
contains() { if grep -qF -- "$2" "$log"; then ok "$1"; else fail "$1: no \"$2\" in:"; sed 's/^/     | /' "$log"; fi; }
lacks() { if grep -qF -- "$2" "$log"; then fail "$1: \"$2\" in:"; sed 's/^/     | /' "$log"; else ok "$1"; fi; }
now() { date +%s.%N; }
took() { printf 'took %s: %.1f s\n' "$1" "$(echo "$(now) - $2" | bc)"; }
[ -x "$bin/kustomize" ] && [ -x "$bin/venv/bin/pre-commit" ] && [ -f "$root/lib/_check/cli.js" ] \
  || { echo "run 'npx projen test:gitops' (it compiles and runs gitops:tools first)"; echo "gitops: 0 passed, 1 failed"; exit 1; }
rm -rf "$out" && mkdir -p "$out"
# npx runs this repository's command from its cache (~/.npm/_npx) without setting the file's mode again: the
# kustomize example needs the compile task to have made it executable.
[ -x "$root/lib/_check/cli.js" ] && ok "the command's file is executable (lib/_check/cli.js)" \
  || fail "lib/_check/cli.js is not executable: the compile task's chmod did not run"
parts=${*:-pre-commit kustomize argocd flux}
want() { [[ " $parts " == *" $1 "* ]]; }

# The bad Shoot everywhere: the README's (a TTL in days, which Go durations do not have).
BAD_TTL='garbageCollection.ttl (value: "7d"): is not a Go duration'
break_ttl() { sed -i 's/ttl: 168h/ttl: 7d/' "$1"; }
# A copy of examples/gitops inside this repository (so that npx finds the command), to break.
copy_examples() { rm -rf "$1" && cp -r "$examples" "$1"; }

if want pre-commit; then
  t=$(now)
  # This repository as pre-commit clones it: the work tree (tracked and new files, not ignored ones) committed in a
  # repository of its own; the commit is the rev. Fixed dates: the same tree gives the same rev.
  hooks=$out/hook-repo && mkdir -p "$hooks"
  git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$hooks"
  export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
  export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
  (cd "$hooks" && git init -q && git add -A && git commit -qm snapshot) || fail "pre-commit: the snapshot of this repository"
  rev=$(git -C "$hooks" rev-parse HEAD)
  # A GitOps repository with examples/gitops/pre-commit/.pre-commit-config.yaml, naming the snapshot at that rev.
  repo=$out/pre-commit-repo && mkdir -p "$repo" && git -C "$repo" init -q
  sed -e "s#repo: https://github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache#repo: $hooks#" \
      -e "s#rev: v0.0.0#rev: $rev#" "$examples/pre-commit/.pre-commit-config.yaml" > "$repo/.pre-commit-config.yaml"
  grep -q "rev: $rev" "$repo/.pre-commit-config.yaml" || fail "pre-commit: the example config names no repo and rev to replace"
  # pre-commit's cache (its clone and the hook's npm environment) is kept between runs, per rev, in gitops.tools/.
  export PRE_COMMIT_HOME=$bin/pre-commit-home
  # No npm setting: npm (11.19 here) runs the `prepare` of the git dependency it is asked for (--allow-git=root).
  unset npm_config_allow_scripts NPM_CONFIG_ALLOW_SCRIPTS
  pc() { (cd "$repo" && "$bin/venv/bin/pre-commit" "$@"); }
  commit() { (cd "$repo" && git add -A && git commit -qm "$1"); }
  head() { git -C "$repo" rev-parse HEAD 2>/dev/null; }
  (cd "$repo" && git add .pre-commit-config.yaml && git commit -qm config) && pc install > /dev/null
  t2=$(now)
  expect 0 "pre-commit: installs the hook from the rev (npm install -g of the git rev; its prepare compiles it)" pc install-hooks
  took "pre-commit install-hooks" "$t2"

  mkdir -p "$repo/garden-dev"
  cp "$examples/garden-dev/crazy-botany.yaml" "$examples/garden-dev/ro-docker-secret-v1.yaml" "$repo/garden-dev/"
  expect 0 "pre-commit: a good Shoot and its Secret are committed" commit good
  contains "pre-commit: the hook ran on them" "Gardener registry-cache and registry-mirror check"
  lacks "pre-commit: the hook was not skipped" "(no files to check)Skipped"

  before=$(head)
  break_ttl "$repo/garden-dev/crazy-botany.yaml"
  expect fail "pre-commit: a bad Shoot blocks the commit" commit bad
  contains "pre-commit: with the finding, its file and line" "garden-dev/crazy-botany.yaml:30:20: error: Shoot garden-dev/crazy-botany: spec.extensions[0].providerConfig.caches[0].$BAD_TTL"
  [ "$(head)" = "$before" ] && ok "pre-commit: no commit was made" || fail "pre-commit: a commit was made"

  # Only the changed files: the bad Shoot is committed anyway (--no-verify); a commit that changes another file passes.
  (cd "$repo" && git add -A && git commit -qm "bad anyway" --no-verify)
  cp "$examples/garden-ops/shoots.yaml" "$repo/shoots.yaml"
  expect 0 "pre-commit: only the changed files are checked (a bad Shoot already committed is not)" commit other
  expect 0 "pre-commit: the hook's own run on the changed file" pc run --verbose --files shoots.yaml
  contains "pre-commit: it checked that file alone" "0 errors, 0 warnings, 1 note: 2 Shoots and 0 referenced Secrets checked in 1 file"
  expect fail "pre-commit: run --all-files still finds the committed bad Shoot" pc run --all-files
  contains "pre-commit: with its finding" "$BAD_TTL"

  # A Secret outside the changed files is not noise: the Shoot changes alone, its Secret (committed before, and
  # even a bad one) is not among the files, so it is a note (not checked), never an error.
  sed -i 's/ttl: 7d/ttl: 168h/' "$repo/garden-dev/crazy-botany.yaml"
  sed -i 's/immutable: true/immutable: false/' "$repo/garden-dev/ro-docker-secret-v1.yaml"
  (cd "$repo" && git add garden-dev/ro-docker-secret-v1.yaml && git commit -qm "mutable secret" --no-verify)
  expect 0 "pre-commit: a Shoot changed alone passes when its Secret is in another, unchanged file" commit "shoot alone"
  expect 0 "pre-commit: the hook's own run on that Shoot" pc run --verbose --files garden-dev/crazy-botany.yaml
  contains "pre-commit: the Secret is named as not in the input, a note" "note: Shoot garden-dev/crazy-botany: spec.extensions[0].providerConfig.caches[0].secretReferenceName (value: \"docker-secret\"): refers (through spec.resources[0]) to Secret garden-dev/ro-docker-secret-v1, which is not in the input"
  lacks "pre-commit: no error about the Secret outside the changed files" "Secret garden-dev/ro-docker-secret-v1: immutable"
  contains "pre-commit: its summary" "0 errors, 1 warning, 2 notes: 1 Shoot and 0 referenced Secrets checked in 1 file"
  # Both staged together: the Secret is checked with its Shoot (require_serial: one run over all the files).
  echo "# touched" >> "$repo/garden-dev/crazy-botany.yaml"; echo "# touched" >> "$repo/garden-dev/ro-docker-secret-v1.yaml"
  expect fail "pre-commit: a bad Secret staged with its Shoot blocks the commit" commit "both"
  contains "pre-commit: with the Secret's finding" "Secret garden-dev/ro-docker-secret-v1: immutable"
  pc gc > /dev/null
  took pre-commit "$t"
fi

# The command on PATH as an installed package puts it there (npm's bin link), and kustomize from gitops.tools.
mkdir -p "$out/path"
printf '#!/bin/sh\nexec node %s/lib/_check/cli.js "$@"\n' "$root" > "$out/path/cdk8s-gardener-registry-cache"
chmod +x "$out/path/cdk8s-gardener-registry-cache"
ln -sf "$bin/kustomize" "$out/path/kustomize"
# yaml FILE EXPRESSION: a value of a YAML file (the expression over `d`, the parsed document), with the yaml package.
yaml() { node -e 'const d = require(process.argv[1]).parse(require("fs").readFileSync(process.argv[2], "utf-8")); const v = eval(process.argv[3]); process.stdout.write(typeof v === "string" ? v : JSON.stringify(v));' "$root/node_modules/yaml" "$1" "$2"; }
kz() { "$bin/kustomize" "$@"; }

if want kustomize; then
  t=$(now)
  echo "kustomize $(kz version)"
  # The example as it is: the check runs as a KRM function (a transformer that changes nothing) and passes.
  kz build --enable-alpha-plugins --enable-exec "$examples/kustomize" > "$out/with-check.yaml" 2> "$log"
  [ $? -eq 0 ] && ok "kustomize: the example kustomization builds with the check" || { fail "kustomize: the example does not build"; cat "$log"; }
  contains "kustomize: the check ran (its warning on standard error)" "warning: Shoot garden-dev/crazy-botany"
  kz build "$examples" > "$out/plain.yaml" 2>&1
  cmp -s "$out/plain.yaml" "$out/with-check.yaml" && ok "kustomize: the check changes nothing in the output" || fail "kustomize: the output differs from kustomize build examples/gitops"
  # A copy with a bad Shoot fails the build, with the finding on standard error and no manifests.
  copy_examples "$out/kustomize-bad" && break_ttl "$out/kustomize-bad/garden-dev/crazy-botany.yaml"
  kz build --enable-alpha-plugins --enable-exec "$out/kustomize-bad/kustomize" > "$out/bad.yaml" 2> "$log"
  [ $? -ne 0 ] && ok "kustomize: a bad Shoot fails the build" || fail "kustomize: a bad Shoot builds"
  contains "kustomize: with the finding" "error: Shoot garden-dev/crazy-botany: spec.extensions[0].providerConfig.caches[0].$BAD_TTL"
  [ ! -s "$out/bad.yaml" ] && ok "kustomize: and no manifests" || fail "kustomize: a failed build printed manifests"
  # The check sees what kustomize builds, not the files: an overlay whose patch breaks a good Shoot fails.
  mkdir -p "$out/overlay"
  cp "$examples/kustomize/registry-cache-check.yaml" "$out/overlay/"
  cat > "$out/overlay/kustomization.yaml" <<'YAML'
resources:
  - ../../examples/gitops/garden-dev
patches:
  - target: { kind: Shoot, name: crazy-botany }
    patch: |
      - op: replace
        path: /spec/extensions/0/providerConfig/caches/0/garbageCollection/ttl
        value: 7d
transformers:
  - registry-cache-check.yaml
YAML
  expect fail "kustomize: an overlay's patch that breaks a Shoot fails the build" kz build --enable-alpha-plugins --enable-exec "$out/overlay"
  contains "kustomize: with the finding of the patched value" "$BAD_TTL"
  # Why `transformers:` and not `validators:`: kustomize v5.8.2 rejects every exec validator, even one that prints
  # its input unchanged (kubernetes-sigs/kustomize#5036). When this fails, kustomize fixed it: switch the example.
  sed -e 's/^transformers:/validators:/' "$examples/kustomize/kustomization.yaml" > "$out/kustomize-bad/kustomize/kustomization.yaml"
  cp -r "$examples/garden-dev/." "$out/kustomize-bad/garden-dev/"
  expect fail "kustomize: validators: still rejects an exec function that changes nothing (kustomize#5036)" kz build --enable-alpha-plugins --enable-exec "$out/kustomize-bad/kustomize"
  contains "kustomize: with its message" "validator shouldn't modify the resource map"
  # kustomize fn run (kpt's way: files with path annotations, results written to a folder), the same KRM function.
  printf '#!/bin/sh\nexec npx --no cdk8s-gardener-registry-cache krm "$@"\n' > "$out/krm" && chmod +x "$out/krm"
  copy_examples "$out/fn-good" && copy_examples "$out/fn-bad" && break_ttl "$out/fn-bad/garden-dev/crazy-botany.yaml"
  mkdir -p "$out/results-good" "$out/results-bad"
  expect 0 "kustomize fn run: the good files pass" kz fn run "$out/fn-good/garden-dev" --dry-run --enable-exec --exec-path "$out/krm" --results-dir "$out/results-good"
  contains "kustomize fn run: the items come back" "name: crazy-botany"
  expect fail "kustomize fn run: a bad Shoot fails" kz fn run "$out/fn-bad/garden-dev" --dry-run --enable-exec --exec-path "$out/krm" --results-dir "$out/results-bad"
  contains "kustomize fn run: the finding names the file" "crazy-botany.yaml: error: Shoot garden-dev/crazy-botany: spec.extensions[0].providerConfig.caches[0].$BAD_TTL"
  r=$(yaml "$out/results-bad/results-0.yaml" 'd.filter(r => r.severity === "error").map(r => [r.resourceRef.kind, r.resourceRef.name, r.field.path, r.file.path].join(" "))')
  [ "$r" = '["Shoot crazy-botany spec.extensions[0].providerConfig.caches[0].garbageCollection.ttl crazy-botany.yaml"]' ] \
    && ok "kustomize fn run: its results file holds the error with resourceRef, field and file" || fail "kustomize fn run: results: $r"
  took kustomize "$t"
fi

if want argocd; then
  t=$(now)
  plugin=$examples/argocd/plugin.yaml
  [ "$(yaml "$plugin" 'd.kind')" = ConfigManagementPlugin ] && [ "$(yaml "$plugin" 'd.spec.discover.fileName')" = kustomization.yaml ] \
    && ok "argocd: plugin.yaml is a ConfigManagementPlugin that discovers kustomizations" || fail "argocd: plugin.yaml's kind or discover"
  # generate as Argo CD's cmp-server runs it: the command and its args, in the Application's folder.
  readarray -d '' generate < <(yaml "$plugin" '[...d.spec.generate.command, ...d.spec.generate.args].join("\0")')
  argo() { (cd "$1" && PATH="$out/path:$PATH" ARGOCD_APP_NAME=shoots "${generate[@]}") > "$out/argo.out" 2> "$log"; }
  argo "$examples"
  [ $? -eq 0 ] && ok "argocd: generate passes on examples/gitops" || { fail "argocd: generate failed on examples/gitops"; cat "$log"; }
  cmp -s "$out/argo.out" <(kz build "$examples") && ok "argocd: and prints what kustomize builds" || fail "argocd: generate printed other manifests"
  copy_examples "$out/argo-bad" && break_ttl "$out/argo-bad/garden-dev/crazy-botany.yaml"
  argo "$out/argo-bad"
  [ $? -ne 0 ] && ok "argocd: generate fails on a bad Shoot" || fail "argocd: generate passed a bad Shoot"
  contains "argocd: with the finding on standard error" "<stdin>:"
  contains "argocd: the finding" "$BAD_TTL"
  [ ! -s "$out/argo.out" ] && ok "argocd: and prints no manifests" || fail "argocd: a failed generate printed manifests"
  (cd "$out/argo-bad" && PATH="$out/path:$PATH" ARGOCD_ENV_EXTENSION_VERSION=v0.17.0 "${generate[@]}") > /dev/null 2> "$log"
  contains "argocd: ARGOCD_ENV_EXTENSION_VERSION is the extension version" "(registry extensions v0.17.0)"
  took argocd "$t"
fi

if want flux; then
  t=$(now)
  workflow=$examples/flux/github-workflow.yaml
  # The check step as GitHub's runner runs it (bash, the step's env), on the path Flux builds; `npm ci` is the
  # GitOps repository's own install (here, this repository is installed).
  step='d.jobs.check.steps.find(s => s.name === "Check the Shoots Flux will apply")'
  [ -n "$(yaml "$workflow" "$step.run")" ] && ok "flux: the workflow has the check step" || fail "flux: no check step in $workflow"
  flux() {
    (cd "$root" && PATH="$out/path:$PATH" KUSTOMIZATION_PATHS=$1 EXTENSION_VERSION=$(yaml "$workflow" "$step.env.EXTENSION_VERSION") \
      bash -e -c "$(yaml "$workflow" "$step.run")") > "$log" 2>&1
  }
  flux "examples/gitops"
  [ $? -eq 0 ] && ok "flux: the check step passes on examples/gitops" || { fail "flux: the check step failed"; cat "$log"; }
  contains "flux: it checked the built manifests" "3 Shoots and 2 referenced Secrets checked in 1 file"
  copy_examples "$out/flux-bad" && break_ttl "$out/flux-bad/garden-dev/crazy-botany.yaml"
  flux "examples/gitops gitops.out/flux-bad"
  [ $? -ne 0 ] && ok "flux: the check step fails on a bad Shoot (after a good path)" || fail "flux: the check step passed a bad Shoot"
  contains "flux: with the finding" "$BAD_TTL"
  took flux "$t"
fi

echo
echo "gitops: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
