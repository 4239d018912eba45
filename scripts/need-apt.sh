#!/bin/sh
# need-apt.sh WHO PKG...: the one way qarray's targets get a missing Debian package. As root with
# apt-get: install PKG...; otherwise (or if apt-get fails) print the exact command to run and fail.
# No PKG: nothing to do. WHO names the caller in the messages (make deps, synth/run.sh, ...).
set -eu
who=$1
shift
[ $# -gt 0 ] || exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "$who: installing $*" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 && exit 0
  echo "$who: apt-get failed; run: apt-get update && apt-get install -y $*" >&2
  exit 1
fi
echo "$who: missing $*; run: sudo apt-get update && sudo apt-get install -y $*" >&2
exit 1
