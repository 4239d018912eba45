#!/bin/sh
# section.sh get|put NAME: the parts of bench/README.md that other runs write (scaling: bench/
# scaling.sh; soak: bench/soak.sh; scalesim: bench/scalesim_cmp.sh; history: kept by hand), each
# between the lines "<!-- bench:NAME -->" and "<!-- /bench:NAME -->". get prints NAME's text;
# put replaces it with stdin (appending the section if it is missing), so bench/README.md is the
# one committed copy and make bench, which rewrites the rest, keeps them.
set -eu
cd "$(dirname "$0")/.."
op=$1 name=$2 f=bench/README.md
open="<!-- bench:$name -->" close="<!-- /bench:$name -->"
case $op in
  get)
    [ -f "$f" ] || exit 0
    awk -v o="$open" -v c="$close" '$0 == c { on = 0 } on { print } $0 == o { on = 1 }' "$f" ;;
  put)
    body=$(mktemp)
    cat >"$body"
    [ -f "$f" ] || : >"$f"
    grep -qxF "$open" "$f" || printf '%s\n%s\n' "$open" "$close" >>"$f"
    awk -v o="$open" -v c="$close" -v b="$body" '
      $0 == o { print; while ((getline l < b) > 0) print l; skip = 1; next }
      $0 == c { skip = 0 } !skip { print }' "$f" >"$f.tmp"
    mv "$f.tmp" "$f"
    rm -f "$body" ;;
  *) echo "usage: sh bench/section.sh get|put NAME" >&2; exit 2 ;;
esac
