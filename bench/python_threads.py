"""bench/python.sh's measurement: four GEMMs on the RTL through the Python package, one after
another and on four Python threads, REPS rounds interleaved; each result checked against numpy.
Prints one line: "seq_median threads_median cycles_per_gemm"."""
import os
import statistics
import threading
import time

import numpy as np

import qarray

REPS = int(os.environ.get("REPS", "5"))
rng = np.random.default_rng(1)
jobs = [(rng.integers(-128, 128, (512, 1024)).astype(np.int8),
         rng.integers(-1, 2, (1024, 256)).astype(np.int8)) for _ in range(4)]
want = [A.astype(np.int32) @ W.astype(np.int32) for A, W in jobs]
out = [None] * len(jobs)


def one(i):
    out[i] = qarray.gemm(*jobs[i], array="16x16", wbits=2)


def check():
    for (C, _), ref in zip(out, want):
        assert (C == ref).all(), "a GEMM differs from numpy"


def serial():
    for i in range(len(jobs)):
        one(i)


def threads():
    ts = [threading.Thread(target=one, args=(i,)) for i in range(len(jobs))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


one(0)  # the model loaded (built) before anything is timed
times = {serial: [], threads: []}
for _ in range(REPS):
    for f in (serial, threads):
        t0 = time.perf_counter()
        f()
        times[f].append(time.perf_counter() - t0)
        check()
print(f"{statistics.median(times[serial]):.3f} {statistics.median(times[threads]):.3f} {out[0][1]['rtl_cycles']}")
