#!/bin/sh
# test_readme.sh (make test): every command of the README's tour, run as written from the
# repository's root (in a scratch copy of the root made of links, so what the commands write
# stays out of the tree). Each must exit 0. The Slurm runner's line is left to test_cluster.sh
# (`make test-cluster`: it needs the Slurm daemons). Issue 20: the tour named a config.json
# that was not where it said.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL
root=$(pwd)
fail() { echo "test_readme: FAIL: $*" >&2; exit 1; }
[ -z "${QARRAY:-}" ] || [ "$QARRAY" = build/qarray ] || [ "$QARRAY" = "$root/build/qarray" ] ||
  echo "test_readme: note: the README names build/qarray; QARRAY=$QARRAY is not used" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$root"/* "$root"/.ci; do [ -e "$f" ] && ln -s "$f" "$work/$(basename "$f")"; done
# the tour: the lines of the code block after '## A tour of the commands'
awk '/^## A tour of the commands/ {t = 1} t && /^```sh/ {c = 1; next} c && /^```/ {exit} c' README.md >"$work/tour.txt"
[ -s "$work/tour.txt" ] || fail "no tour in README.md"
n=0 skipped=0
{
  echo "set -u"
  i=0
  while IFS= read -r line; do
    i=$((i + 1))
    line=$(echo "$line" | sed 's/[[:space:]][[:space:]]*#.*$//') # its comment
    case $line in
      scripts/slurm-sweep.sh*) echo "# skipped (test_cluster.sh): $line"; continue ;;
      [A-Z]=*) echo "$line"; continue ;;
    esac
    printf '{ %s; } >>cmd.log 2>&1 || { echo "tour line %d failed: %s" >&2; tail -5 cmd.log >&2; exit 1; }\n' \
      "$line" "$i" "$(echo "$line" | sed 's/[%\\]/ /g; s/"/'"'"'/g')"
  done <"$work/tour.txt"
} >"$work/tour.sh"
n=$(grep -c '>>cmd.log' "$work/tour.sh")
skipped=$(grep -c '^# skipped' "$work/tour.sh")
(cd "$work" && sh ./tour.sh) || fail "a README command failed (above)"
echo "test_readme: all $n commands of the README's tour ran from the root and exited 0 ($skipped left to test_cluster.sh)"
