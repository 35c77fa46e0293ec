#!/usr/bin/env bash
# compare.sh REF DIR: DIR holds exactly REF's *.k8s.yaml files, each byte-identical. Prints one line per check
# ("ok ..." / "FAIL ...") and exits 1 if any failed.
set -uo pipefail
ref=$1 dir=$2 failed=0
if [ "$(cd "$ref" && ls)" = "$(cd "$dir" 2>/dev/null && ls)" ]; then
  echo "ok   $dir: the same files as $ref"
else
  echo "FAIL $dir: files differ from $ref"; failed=1
fi
for f in "$ref"/*.k8s.yaml; do
  name=$(basename "$f")
  if cmp -s "$f" "$dir/$name"; then
    echo "ok   $dir/$name is byte-identical"
  else
    echo "FAIL $dir/$name differs from $ref/$name:"
    diff "$f" "$dir/$name" | head -20
    failed=1
  fi
done
exit "$failed"
