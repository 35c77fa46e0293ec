#!/usr/bin/env bash
# test:languages (issue 25): one app per language (typescript/, python/, java/, go/), each installed as a user of
# that language installs the packed library from dist/ (`npx projen package-all`), synthesizes the same
# definition, and must write YAML byte-identical to the TypeScript app's; a bad upstream must fail in each with
# Gardener's message and path on stderr and a non-zero exit status. Work files go to languages.out/ (git-ignored).
# Prints one line per check and a closing "languages: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/test/languages
out=$root/languages.out
rm -rf "$out" && mkdir -p "$out"
shoot=$here/fixtures/shoot.yaml
pem=$root/examples/mirror-private-ca/private-mirror-ca-v1.pem
passed=0 failed=0
check() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }
die() { echo "FAIL $*"; failed=$((failed + 1)); }
now() { date +%s.%N; }
took() { printf '%s: %s %.1f s\n' "$1" "$2" "$(echo "$(now) - $3" | bc)"; }

# The message, path and exit status a user sees for the bad upstream (seed/registry-cache/bad).
expected='[seed/registry-cache/bad] spec.extensions[0].providerConfig.caches[1].upstream (value: "https://docker.io/"): is not a valid upstream'

# run LANG COMMAND...: synthesize into languages.out/LANG/{valid,invalid} and check both.
run() {
  local lang=$1; shift
  local t; t=$(now)
  if ! "$@" "$out/$lang/valid" "$shoot" "$pem" > "$out/$lang/valid.log" 2>&1; then
    die "$lang: the app failed:"; cat "$out/$lang/valid.log"; return
  fi
  took "$lang" synth "$t"
  if [ "$lang" != typescript ]; then
    local r; r=$(bash "$here/compare.sh" "$out/typescript/valid" "$out/$lang/valid")
    echo "$r"
    passed=$((passed + $(grep -c '^ok' <<< "$r"))); failed=$((failed + $(grep -c '^FAIL' <<< "$r")))
  fi
  "$@" "$out/$lang/invalid" "$shoot" "$pem" invalid > "$out/$lang/invalid.log" 2>&1
  local status=$?
  if [ "$status" -ne 0 ]; then echo "ok   $lang: a bad upstream exits with status $status"; check 0; else die "$lang: a bad upstream exits 0"; fi
  if grep -qF "$expected" "$out/$lang/invalid.log"; then echo "ok   $lang: the error names the path and the value"; check 0
  else die "$lang: the error does not say: $expected"; cat "$out/$lang/invalid.log"; fi
  if [ -z "$(ls "$out/$lang/invalid" 2>/dev/null)" ]; then echo "ok   $lang: a failed synth writes no manifest"; check 0
  else die "$lang: a failed synth wrote $(ls "$out/$lang/invalid")"; fi
}

shopt -s nullglob
tgz=("$root"/dist/js/cdk8s-gardener-registry-cache@*.jsii.tgz)
whl=("$root"/dist/python/*.whl)
[ "${#tgz[@]}" -eq 1 ] && [ "${#whl[@]}" -eq 1 ] && [ -d "$root/dist/java/io" ] && [ -d "$root/dist/go/cdk8sgardenerregistrycache" ] \
  || { echo "dist/ lacks a package: run 'npx projen package-all'"; echo "languages: 0 passed, 1 failed"; exit 1; }

# TypeScript: a fresh npm app; cdk8s and constructs packed from node_modules (offline), then the tarball.
t=$(now); app=$out/typescript; mkdir -p "$app/registry"
for dep in cdk8s constructs; do npm pack --ignore-scripts --silent --pack-destination "$app/registry" "$root/node_modules/$dep" >/dev/null; done
(cd "$app" && echo '{ "name": "app", "version": "0.0.0", "private": true }' > package.json \
  && npm install --offline --no-audit --no-fund --loglevel=error ./registry/*.tgz "${tgz[0]}" \
  && cp "$here/typescript/main.ts" . \
  && "$root/node_modules/.bin/tsc" --strict --target ES2020 --module commonjs --moduleResolution node --types node \
       --typeRoots "$root/node_modules/@types" main.ts) || die "typescript: install or compile failed"
took typescript install+compile "$t"
run typescript node "$app/main.js"

# Python: a virtual environment with the pinned cdk8s and constructs from PyPI, then the wheel.
t=$(now); venv=$out/python/venv
python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check --require-hashes -r "$here/python/requirements.txt" \
  && "$venv/bin/pip" install -q --disable-pip-version-check --no-deps "${whl[0]}" || die "python: install failed"
took python install "$t"
run python "$venv/bin/python" "$here/python/main.py"

# Java: a Maven project with the jar and cdk8s' binding from dist/java, the rest from Maven Central.
t=$(now); mkdir -p "$out/java" && cp -r "$here/java/pom.xml" "$here/java/src" "$out/java/"
(cd "$out/java" && mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Ddist.repository="file://$root/dist/java") \
  || die "java: build failed"
took java build "$t"
run java java -cp "$out/java/target/classes:$(cat "$out/java/cp.txt" 2>/dev/null)" com.example.Main

# Go: the module in test/languages/go, its go.mod replacing this library and cdk8s with dist/go.
t=$(now); mkdir -p "$out/go" && (cd "$here/go" && go build -o "$out/go/app" .) || die "go: build failed"
took go build "$t"
run go "$out/go/app"

# docs/languages.md's programs (issues 25, 27), as a user copies them: the TypeScript program and the Python, Java
# and Go programs jsii-rosetta made of it (scripts/docs-languages.ts), each run in a folder holding shoot.yaml, with
# the two variables set; each must write the TypeScript program's dist/garden-dev.k8s.yaml byte for byte.
page=$root/docs/languages.md
page_block() { # page_block LANG: the code between the page's rosetta:LANG markers (LANG: ts, python, java, go)
  sed -n "/^<!-- rosetta:$1 -->$/,/^<!-- \/rosetta:$1 -->$/p" "$page" | sed '1,2d;$d' | sed '$d'
}
page_run() { # page_run LANG COMMAND...: run in languages.out/docs/LANG, compare with the TypeScript's
  local lang=$1; shift
  local dir=$out/docs/$lang; mkdir -p "$dir" && cp "$shoot" "$dir/shoot.yaml"
  if ! (cd "$dir" && DOCKER_HUB_USERNAME=readme-user DOCKER_HUB_TOKEN=readme-token "$@" > run.log 2>&1); then
    die "docs/languages.md $lang: the program failed:"; cat "$dir/run.log"; return
  fi
  if [ "$lang" != typescript ]; then
    local r; r=$(bash "$here/compare.sh" "$out/docs/typescript/dist" "$dir/dist")
    echo "$r"
    passed=$((passed + $(grep -c '^ok' <<< "$r"))); failed=$((failed + $(grep -c '^FAIL' <<< "$r")))
  elif [ -s "$dir/dist/garden-dev.k8s.yaml" ]; then echo "ok   docs/languages.md typescript: writes dist/garden-dev.k8s.yaml"; check 0
  else die "docs/languages.md typescript: no dist/garden-dev.k8s.yaml"; fi
}
for lang in ts python java go; do
  [ -n "$(page_block $lang)" ] || die "docs/languages.md: no $lang program"
done
page_block ts > "$app/docs.ts" && (cd "$app" && "$root/node_modules/.bin/tsc" --strict --target ES2020 --module commonjs \
  --moduleResolution node --types node --typeRoots "$root/node_modules/@types" docs.ts) || die "docs/languages.md typescript: does not compile"
page_run typescript node "$app/docs.js"
mkdir -p "$out/docs/python" && page_block python > "$out/docs/python/main.py"
page_run python "$venv/bin/python" main.py
mkdir -p "$out/docs/java/src/main/java" && cp "$here/java/pom.xml" "$out/docs/java/" && page_block java > "$out/docs/java/src/main/java/Main.java"
(cd "$out/docs/java" && mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Ddist.repository="file://$root/dist/java") \
  || die "docs/languages.md java: build failed"
page_run java java -cp "$out/docs/java/target/classes:$(cat "$out/docs/java/cp.txt" 2>/dev/null)" Main
# The same depth below the checkout as test/languages/go, so its go.mod's replace paths hold.
mkdir -p "$out/docs/go-src" && cp "$here/go/go.mod" "$here/go/go.sum" "$out/docs/go-src/" && page_block go > "$out/docs/go-src/main.go"
(cd "$out/docs/go-src" && go build -o "$out/docs/go-app" .) || die "docs/languages.md go: build failed"
page_run go "$out/docs/go-app"
# The page's install commands for Python and Go, as a user runs them in an empty folder with the page's program
# (they install from PyPI and resolve through the Go module proxy, as the user's would).
page_sh() { # page_sh LANG: the sh block of the page's LANG part
  sed -n "/^<details><summary><b>$1<\/b><\/summary>$/,/^<\/details>$/p" "$page" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d'
}
rm -rf "$out/docs/python-install" && mkdir -p "$out/docs/python-install" && page_block python > "$out/docs/python-install/main.py"
[ -n "$(page_sh Python)" ] || die "docs/languages.md: no sh block in the Python part"
page_run python-install bash -c "set -e; $(page_sh Python | sed "s#<checkout>#$root#g")"
rm -rf "$out/docs/go-install" && mkdir -p "$out/docs/go-install" && page_block go > "$out/docs/go-install/main.go"
[ -n "$(page_sh Go)" ] || die "docs/languages.md: no sh block in the Go part"
page_run go-install bash -c "set -e; $(page_sh Go | sed "s#/path/to/checkout#$root#g")"

# The comparison itself must fail on a changed byte and on a missing file.
bad=$out/self-test/changed; mkdir -p "$bad" && cp "$out/typescript/valid/"*.k8s.yaml "$bad/" && sed -i 's/docker-secret$/docker-secreT/' "$bad/seed.k8s.yaml"
if bash "$here/compare.sh" "$out/typescript/valid" "$bad" > /dev/null; then die "compare.sh passes a changed byte"; else echo "ok   compare.sh fails on a changed byte"; check 0; fi
gone=$out/self-test/missing; mkdir -p "$gone" && cp "$out/typescript/valid/"*.k8s.yaml "$gone/" && rm "$gone/mirror.k8s.yaml"
if bash "$here/compare.sh" "$out/typescript/valid" "$gone" > /dev/null; then die "compare.sh passes a missing file"; else echo "ok   compare.sh fails on a missing file"; check 0; fi

echo "languages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
