"""qarray from Python: the RTL co-simulated systolic array, its golden model and its cycle,
memory and energy models, over numpy arrays (docs/python.md).

    import numpy as np, qarray
    A = np.random.randint(-128, 128, (64, 96), dtype=np.int8)
    W = np.random.randint(-1, 2, (96, 48), dtype=np.int8)        # ternary weights
    C, info = qarray.gemm(A, W, array="16x16", wbits=2)            # on the RTL, checked
    assert (C == A.astype(np.int32) @ W).all() and info["rtl_cycles"] == info["analytic_cycles"]

Every keyword is the command-line option of the same name (clock_mhz= is --clock-mhz), read
from the C options table: a bad one raises ValueError with the CLI's own one-line message.
"""
from ._core import (CheckFailed, QarrayWarning, amdahl, block, cycles, gemm, golden, options,
                    ABI)

__all__ = ["gemm", "cycles", "golden", "amdahl", "block", "options", "CheckFailed",
           "QarrayWarning", "ABI"]
