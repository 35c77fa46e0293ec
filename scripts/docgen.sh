#!/usr/bin/env bash
# The docgen task's jsii-docgen runs: API.md, and docs/api/API.{python,java,go}.md.
#
# jsii-docgen reads every .jsii file below the folder it runs in and keeps the last one of each name and version,
# so a copy of this package in a git-ignored work folder (languages.out/, gitops.tools/: the package installed by
# test:languages and test:gitops, both version 0.0.0) could stand in for the one just compiled. It runs here in a
# folder that holds only what it needs: this package's manifest, assembly and tablet, and node_modules.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in package.json .jsii .jsii.tabl.json node_modules; do
  [ -e "$root/$f" ] && ln -s "$root/$f" "$work/$f"
done
cd "$work"
"$root/node_modules/.bin/jsii-docgen" -o "$root/API.md"
"$root/node_modules/.bin/jsii-docgen" --language python --language java --language go --output "$root/docs/api/API.md"
