#!/bin/sh
# record.sh: (re)records the stimulus qarray.core's sim target replays by default
# (tests/fusesoc/stim/: a 9 x 37 x 13 W2 GEMM on a 4x4 array, random input bubbles and output
# back-pressure, recorded by the Verilator model with qarray gemm --dump-stim). tests/test_icarus.sh
# replays it under Icarus with +check in make test, so a change to the RTL's timing fails there
# until this is run again.
set -eu
cd "$(dirname "$0")/../.."
Q=${QARRAY:-build/qarray}
rm -rf tests/fusesoc/stim
"$Q" gemm --array 4x4 --wbits 2 --mesh pe --m 9 --k 37 --n 13 --bubble 20 --stall 20 --seed 24 \
  --no-triage --dump-stim tests/fusesoc/stim >/dev/null
grep -q "CYCLES=" tests/fusesoc/stim/params.txt
echo "record: tests/fusesoc/stim/ ($(cat tests/fusesoc/stim/params.txt)); set n in qarray.core's sim target to its CYCLES"
