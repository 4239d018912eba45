#!/bin/sh
# mkcli.sh QARRAY: writes docs/cli.md's text (every command's --help) to stdout. test_make.sh
# checks that the committed docs/cli.md is what this makes, so the reference never drifts from
# the options table (host/io/qa_opts.c). Regenerate: sh docs/mkcli.sh build/qarray > docs/cli.md
set -eu
Q=${1:-build/qarray}
cat <<'HEAD'
# Command reference

Every command and option, as `qarray COMMAND --help` prints them (this file is generated from
the options table in `host/io/qa_opts.c` by `docs/mkcli.sh`; `make test` checks it is current).
Defaults are in brackets. One rule for every command: exit status 0 when everything passed, 1
when a check failed (an RTL result or cycle count against the golden or cycle model), 2 for bad input or a problem of the environment (an option, a file, a
model not built with `--no-build`, out of memory), with one line on stderr naming it and no
output file written. Interrupted runs (SIGINT, SIGTERM, SIGHUP) print one line naming the
signal, leave no output and no temporary file, and exit 128 + the signal's number (130, 143,
129). The block's error against float64 is an accuracy figure, part of the verdict only with
`block --max-error E`.

```
HEAD
"$Q" help
echo '```'
# Every command in the order `qarray help` lists them (its command table), so a new command
# cannot be left out.
for c in $("$Q" help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF && $1 != "help" && $1 !~ /^-/ {print $1}'); do
  printf '\n## %s\n\n```\n' "$c"
  "$Q" "$c" --help
  echo '```'
done
