#!/bin/sh
# mkcols.sh QARRAY [FILE]: rewrites the column list of `amdahl --csv` in FILE (docs/study.md)
# between its two marker lines from `qarray amdahl --columns`, the code's one column table
# (host/cmd/cmd_study.c). test_make.sh checks the committed list is what this makes.
set -eu
Q=${1:-build/qarray}
F=${2:-docs/study.md}
cols=$(mktemp)
trap 'rm -f "$cols" "$F.tmp"' EXIT
"$Q" amdahl --columns > "$cols"
awk -v cols="$cols" '
  /^<!-- columns: begin/ { print; while ((getline l < cols) > 0) print l; skip = 1; next }
  /^<!-- columns: end/ { skip = 0 }
  !skip { print }' "$F" > "$F.tmp"
mv "$F.tmp" "$F"
