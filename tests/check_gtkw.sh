#!/bin/sh
# check_gtkw.sh SAVE.gtkw TRACE.fst: every signal the GTKWave save file names must exist in the
# trace (names as GTKWave shows them: scope path, signal, and [msb:lsb] for vectors). Needs
# fst2vcd (Debian package gtkwave). Exit 0 if all exist, 1 naming the missing ones, 2 on error.
set -eu
gtkw=$1
fst=$2
command -v fst2vcd >/dev/null || { echo "check_gtkw: fst2vcd missing; run: apt-get install -y gtkwave" >&2; exit 2; }
[ -r "$gtkw" ] || { echo "check_gtkw: cannot read $gtkw" >&2; exit 2; }
[ -r "$fst" ] || { echo "check_gtkw: cannot read $fst" >&2; exit 2; }
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.want"' EXIT
# The VCD header: $scope module NAME $end / $var TYPE WIDTH ID NAME [RANGE] $end / $upscope.
fst2vcd "$fst" 2>/dev/null | awk '
  /^\$enddefinitions/ { exit }
  /\$scope/ { s[++d] = $3; next }
  /\$upscope/ { d--; next }
  /\$var/ { p = ""; for (i = 1; i <= d; i++) p = p s[i] "."; r = ($6 ~ /^\[/) ? $6 : ""; print p $5 r }
' | sort -u >"$tmp"
[ -s "$tmp" ] || { echo "check_gtkw: no signals read from $fst" >&2; exit 2; }
# Signal lines: not a flag (@), header ([, *) or comment (-); an alias prefix +{...} is dropped.
grep -v '^[@[*-]' "$gtkw" | sed 's/^+{[^}]*} //' | sort -u >"$tmp.want"
n=$(wc -l <"$tmp.want")
missing=$(comm -23 "$tmp.want" "$tmp")
if [ -n "$missing" ]; then
  echo "check_gtkw: $gtkw names signals that $fst does not have:" >&2
  echo "$missing" >&2
  exit 1
fi
echo "check_gtkw: all $n signals of $gtkw are in $fst"
