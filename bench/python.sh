#!/usr/bin/env bash
# bench/python.sh: the Python package's threads (make bench runs it; alone: bash bench/python.sh).
# Installs the package into build/pyvenv (as make test-python does), times four 512 x 1024 x 256
# W2 GEMMs on a 16x16 array one after another and on four Python threads (bench/python_threads.py:
# REPS rounds, interleaved, medians; every result checked against numpy), and writes its section
# of bench/README.md (bench/section.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
V=build/pyvenv
make -s build/qarray >&2
sh scripts/pyvenv.sh bench "$V" numpy pandas pytest
"$V/bin/pip" install -q --force-reinstall --no-deps . >/dev/null
read -r seq thr cyc < <(cd "$V" && REPS=$REPS bin/python "$OLDPWD/bench/python_threads.py")
speed=$(awk -v a="$seq" -v b="$thr" 'BEGIN {printf "%.2f", a / b}')
{
  echo "Written by bench/python.sh on $(date +%Y-%m-%d), $(nproc) cores; medians of $REPS runs in"
  echo "interleaved rounds; every C equal to numpy's A @ W (checked)."
  echo
  echo "| qarray.gemm, 4 x (512 x 1024 x 256, W2, 16x16; $cyc RTL cycles each) | wall s | speedup |"
  echo "|---|---|---|"
  echo "| one after another | $seq | 1.00 |"
  echo "| on 4 Python threads (ctypes releases the GIL; one model instance each) | $thr | $speed |"
} | sh bench/section.sh put python
echo "python: serial $seq s, 4 threads $thr s: ${speed}x" >&2
