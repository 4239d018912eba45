#!/bin/sh
# pyvenv.sh WHO DIR PKG...: the one way qarray's targets get a Python virtual environment: DIR
# made with `python3 -m venv` (Debian's python3-venv through need-apt.sh when it is missing) and
# PKG... installed from PyPI. DIR/.installed marks a complete install, so a failed pip leaves no
# half-made environment in use; one with the same PKG list is reused.
set -eu
who=$1 dir=$2
shift 2
want="$*"
[ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$want" ] && exit 0
echo "$who: making $dir with $want from PyPI" >&2
rm -rf "$dir"
if ! python3 -m venv "$dir" >/dev/null 2>&1; then
  rm -rf "$dir"
  sh "$(dirname "$0")/need-apt.sh" "$who" python3 python3-venv
  python3 -m venv "$dir" >&2
fi
"$dir/bin/pip" install -q "$@" >&2 || { echo "$who: pip could not install $want from PyPI (network?)" >&2; exit 1; }
echo "$want" >"$dir/.installed"
