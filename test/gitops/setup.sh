#!/usr/bin/env bash
# `npx projen gitops:tools` (issue 26): the real tools that test/gitops/run.sh drives, at pinned versions, into the
# git-ignored gitops.tools/: kustomize built from the Go module proxy (test/gitops/kustomize/go.mod and go.sum,
# the lockfile), pre-commit from PyPI in a virtual environment (test/gitops/requirements.txt). Warm runs reuse both.
set -euo pipefail
cd "$(dirname "$0")"
bin=$(cd .. && cd .. && pwd)/gitops.tools
mkdir -p "$bin"
now() { date +%s.%N; }

t=$(now)
# -mod=readonly: go.sum is the lockfile; a build never rewrites it.
(cd kustomize && go build -mod=readonly -trimpath -ldflags=-w -o "$bin/kustomize" sigs.k8s.io/kustomize/kustomize/v5)
printf 'kustomize %s: built in %.1f s\n' "$("$bin/kustomize" version)" "$(echo "$(now) - $t" | bc)"

t=$(now)
if [ ! -x "$bin/venv/bin/pre-commit" ] || ! cmp -s requirements.txt "$bin/venv/requirements.txt"; then
  rm -rf "$bin/venv"
  python3 -m venv "$bin/venv"
  "$bin/venv/bin/pip" install -q --disable-pip-version-check --no-deps -r requirements.txt
  cp requirements.txt "$bin/venv/requirements.txt"
fi
printf '%s: installed in %.1f s\n' "$("$bin/venv/bin/pre-commit" --version)" "$(echo "$(now) - $t" | bc)"
