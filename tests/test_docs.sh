#!/bin/sh
# test_docs.sh (make test): every command the documentation shows, run as written from the
# repository's root: the README's tour (the code block after '## A tour of the commands') and
# every line of every ```sh block in docs/*.md, file by file, in order. They run in a scratch
# copy of the root made of links (report/ and waves/, which `make report` and `make waves`
# rewrite, are copied), so what they write stays out of the tree. Each must exit 0, or the code
# its comment names ("# exit 1": a documented failing check). A line that cannot run here is
# listed in kSkip below with the test that covers it. Issue 20: the README named a config.json
# that was not where it said, and docs showed placeholder commands.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL
root=$(pwd)
fail() { echo "test_docs: FAIL: $*" >&2; exit 1; }
[ -z "${QARRAY:-}" ] || [ "$QARRAY" = build/qarray ] || [ "$QARRAY" = "$root/build/qarray" ] ||
  echo "test_docs: note: the docs name build/qarray; QARRAY=$QARRAY is not used" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$root"/* "$root"/.ci; do
  case $(basename "$f") in
    report|waves) cp -r "$f" "$work/" ;;
    *) [ -e "$f" ] && ln -s "$f" "$work/$(basename "$f")" ;;
  esac
done
# The lines that are not run here: PATTERN<TAB>why, and which test runs it instead.
kSkip='scripts/slurm-sweep.sh*	needs the Slurm daemons: test_cluster.sh (make test-cluster, in CI) runs it
jid=$(sbatch*	needs the Slurm daemons: test_cluster.sh runs the two sbatch scripts through slurm-sweep.sh
sbatch *	needs the Slurm daemons: test_cluster.sh runs the two sbatch scripts through slurm-sweep.sh
scripts/parallel-sweep.sh*	needs GNU parallel (and -S, other hosts): test_cluster.sh runs it with -j
gtkwave *	opens a window: tests/check_gtkw.sh (test_waves, test_lockstep) checks each view against its trace
python3 -m venv *	makes a virtual environment from PyPI: make test-python (in CI) installs the package the same way
fusesoc *	needs FuseSoC from PyPI: make test-fusesoc (in CI) runs the targets of qarray.core
make test-cocotb*	needs cocotb from PyPI: it is in CI'
# blocks FILE: the shell lines of FILE, continuation lines joined, "FILE:LINE<TAB>command".
blocks() {
  awk -v f="$1" -v tour="$2" '
    tour == 1 && /^## A tour of the commands/ { t = 1 }
    /^```/ { if (c) { c = 0; next } if ($0 == "```sh" && (tour == 0 || t)) { c = 1; if (tour) t = 0 } next }
    c { if (cont != "") { line = cont " " $0; n0 = n } else { line = $0; n0 = FNR }
        if (line ~ /\\$/) { sub(/\\$/, "", line); cont = line; next }
        cont = ""; print f ":" n0 "\t" line }' "$1"
}
{ blocks README.md 1; for d in docs/*.md; do blocks "$d" 0; done; } >"$work/lines.txt"
grep -q '^README.md' "$work/lines.txt" || fail "no tour in README.md"
{
  echo "set -u"
  # QA_DOCS_RECORD=DIR (scripts/same-output.sh): each command, its output and its exit status
  # into DIR/tour.log, and at the end the checksum of every file the commands wrote.
  echo 'rec() { [ -z "${QA_DOCS_RECORD:-}" ] || { printf "$ %s\\n" "$1"; cat out.log; echo "exit $2"; } >>"$QA_DOCS_RECORD/tour.log"; }'
  while IFS='	' read -r where line; do
    expect=0
    case $line in *'# exit '[0-9]*) expect=$(echo "$line" | sed 's/.*# exit \([0-9]*\).*/\1/') ;; esac
    line=$(echo "$line" | sed 's/[[:space:]][[:space:]]*#.*$//; s/^[[:space:]]*//') # its comment
    [ -n "$line" ] || continue
    why=$(echo "$kSkip" | while IFS='	' read -r pat reason; do
      # shellcheck disable=SC2254
      case $line in $pat) echo "$reason"; break ;; esac
    done)
    if [ -n "$why" ]; then echo "# skipped ($where): $why"; continue; fi
    case $line in [A-Z]*=*) echo "$line"; continue ;; esac
    q=$(echo "$line" | sed 's/[%\\]/ /g; s/"/'"'"'/g')
    printf '{ %s; } >out.log 2>&1; rc=$?; cat out.log >>cmd.log; rec "%s" $rc; [ $rc = %s ] || { echo "%s: exit $rc, expected %s: %s" >&2; tail -5 cmd.log >&2; exit 1; }\n' \
      "$line" "$q" "$expect" "$where" "$expect" "$q"
  done <"$work/lines.txt"
} >"$work/docs.sh"
n=$(grep -c '>>cmd.log' "$work/docs.sh")
skipped=$(grep -c '^# skipped' "$work/docs.sh")
(cd "$work" && sh ./docs.sh) || fail "a documented command failed (above)"
if [ -n "${QA_DOCS_RECORD:-}" ]; then
  # An FST carries the date it was written (compared as its VCD without it); Icarus's compiled
  # image is the simulator's, not ours.
  (cd "$work" && find . -type f ! -name cmd.log ! -name out.log ! -name docs.sh ! -name lines.txt \
    -newer docs.sh | LC_ALL=C sort | while read -r f; do
      case $f in
        *.fst) h=$(fst2vcd "$f" 2>/dev/null | sed '/^\$date/,/\$end/d' | sha256sum) ;;
        */sim[0-9]) h="vvp-image" ;;
        *) h=$(sha256sum <"$f") ;;
      esac
      echo "${h%% *}  $f"
    done) >"$QA_DOCS_RECORD/files.txt"
fi
echo "test_docs: all $n commands of the README's tour and docs/*.md ran from the root as documented ($skipped left to the tests named in kSkip)"
