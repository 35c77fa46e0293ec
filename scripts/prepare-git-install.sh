#!/bin/sh
# package.json's `prepare` (set in .projenrc.ts). npm runs it in a clone of this repository when it installs the
# repository as a git dependency, which is how pre-commit installs the hook of .pre-commit-hooks.yaml (`npm install
# -g git+file://<clone>`). The clone has no lib/ (jsii's output is not committed): install the devDependencies into
# the clone (not into the global prefix that the outer `npm install -g` passes down) and compile. pacote sets
# npm_package_resolved only there, so `npm ci` and `npm install` in a checkout of this repository skip it.
set -eu
[ -n "${npm_package_resolved:-}" ] || exit 0
[ ! -f lib/_check/cli.js ] || exit 0
unset npm_config_allow_scripts NPM_CONFIG_ALLOW_SCRIPTS
npm_config_global=false npm ci --prefix "$PWD" --include=dev --ignore-scripts --no-audit --no-fund --loglevel=error
npm_config_global=false npx --prefix "$PWD" --no projen compile
