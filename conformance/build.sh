#!/usr/bin/env bash
# Builds one gardener-judge per judged extension release: go.mod is the newest, each go.<version>.mod an older
# release where a rule the library gates changed. The binaries land in conformance/bin/<version>/ (git-ignored).
# Run through `npx projen judge`; Go and its modules come from the machine and the Go module proxy.
set -euo pipefail
cd "$(dirname "$0")"
for modfile in go.mod go.v*.mod; do
  version=$(sed -n 's#^[[:space:]]*github.com/gardener/gardener-extension-registry-cache \(v[0-9.]*\).*#\1#p' "$modfile" | head -n 1)
  if [ -z "$version" ]; then
    echo "conformance/$modfile does not require github.com/gardener/gardener-extension-registry-cache" >&2
    exit 1
  fi
  echo "gardener-judge $version ($modfile)"
  # -mod=readonly: go.sum is the lockfile; a build never rewrites it.
  go build -mod=readonly -modfile="$modfile" -trimpath -ldflags=-w -o "bin/$version/gardener-judge" .
done
