"""A cocotb testbench of qa_top (rtl/qa_top.v; the loop twin sim/twin/qa_top_twin.v alike):
a driver that keeps the interface rules, a monitor, a numpy scoreboard, random input bubbles and
output back-pressure. Independent of the C host: the operands, the packing of a beat and the
expected C are written here from docs/rtl.md, with numpy's matrix product as the reference.
Run by tests/cocotb/run.py (make test-cocotb), which builds one simulation per top, WBITS and
mutant; the array's shape and precision are read from its cfg_*_o outputs."""
import os
import random

import numpy as np

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

SEED = int(os.environ.get("QA_COCOTB_SEED", "24"))


class Array:
    """The build's parameters, from the DUT's cfg_*_o outputs (the one source of truth)."""

    def __init__(self, dut):
        self.rows, self.cols = int(dut.cfg_rows_o.value), int(dut.cfg_cols_o.value)
        self.wbits, self.accw = int(dut.cfg_wbits_o.value), int(dut.cfg_accw_o.value)
        self.lanes, self.obuf = int(dut.cfg_lanes_o.value), int(dut.cfg_obuf_o.value)
        assert self.lanes == 8 // self.wbits


def legal_weights(wbits):
    return {1: [-1, 1], 2: [-1, 0, 1], 4: list(range(-8, 8)), 8: list(range(-128, 128))}[wbits]


def weight_code(w, wbits):
    """A weight's code in its lane (docs/rtl.md): W1 bit 1 = +1, 0 = -1; otherwise two's
    complement in WBITS bits."""
    if wbits == 1:
        return 1 if w > 0 else 0
    return w & ((1 << wbits) - 1)


def beats(arr, A, W, packed):
    """The beats of every tile, tiles in row-major order: (a_bus, w_bus, last) integers. Ragged
    edges are padded with zero activations and zero weights (+1 for binary)."""
    M, K = A.shape
    N = W.shape[1]
    per = arr.lanes if packed else 1
    kt = -(-K // per)
    Ap = np.zeros((-(-M // arr.rows) * arr.rows, kt * per), dtype=np.int64)
    Wp = np.zeros((kt * per, -(-N // arr.cols) * arr.cols), dtype=np.int64)
    if packed and arr.wbits == 1:
        Wp[:] = 1
    Ap[:M, :K], Wp[:K, :N] = A, W
    out = []
    for mt in range(0, Ap.shape[0], arr.rows):
        for nt in range(0, Wp.shape[1], arr.cols):
            for b in range(kt):
                a_bus = w_bus = 0
                for i in range(arr.rows):
                    for lane in range(per):
                        byte = int(Ap[mt + i, b * per + lane]) & 0xFF
                        a_bus |= byte << (8 * (i * arr.lanes + lane))
                for j in range(arr.cols):
                    if packed:
                        byte = 0
                        for lane in range(per):
                            byte |= weight_code(int(Wp[b * per + lane, nt + j]), arr.wbits) << (lane * arr.wbits)
                    else:
                        byte = int(Wp[b, nt + j]) & 0xFF
                    w_bus |= byte << (8 * j)
                out.append((a_bus, w_bus, b == kt - 1))
    return out


def expected_rows(arr, A, W):
    """The rows each tile delivers, in order: (row index, [words of C's columns in the tile])
    with C wrapped to ACCW bits as the accumulator wraps, tiles in the driver's order, rows
    ROWS-1 down to 0. A ragged tile's columns past N are not C's (binary weights have no zero
    to pad with), so only C's own are compared."""
    C = A.astype(np.int64) @ W.astype(np.int64)
    M, N = C.shape
    Cp = np.zeros((-(-M // arr.rows) * arr.rows, -(-N // arr.cols) * arr.cols), dtype=np.int64)
    Cp[:M, :N] = C
    mask = (1 << arr.accw) - 1
    rows = []
    for mt in range(0, Cp.shape[0], arr.rows):
        for nt in range(0, Cp.shape[1], arr.cols):
            for r in reversed(range(arr.rows)):
                rows.append((r, [int(Cp[mt + r, nt + j]) & mask for j in range(min(arr.cols, N - nt))]))
    return rows


def clock(clk):
    """A 10 ns clock: cocotb 2 names the unit `unit`, cocotb 1.9 (the one for Verilator 5.006)
    `units`."""
    try:
        return Clock(clk, 10, unit="ns")
    except TypeError:
        return Clock(clk, 10, units="ns")


async def reset(dut):
    for sig, v in (("rst_ni", 0), ("in_valid_i", 0), ("in_wait_i", 0), ("in_last_i", 0),
                   ("in_mode_i", 0), ("in_a_i", 0), ("in_w_i", 0), ("out_ready_i", 0),
                   ("cnt_clr_i", 0)):
        getattr(dut, sig).value = v
    for _ in range(4):
        await RisingEdge(dut.clk_i)
    await FallingEdge(dut.clk_i)
    dut.rst_ni.value = 1


async def drive(dut, stream, packed, bubble, rng):
    """The producer: beats on the falling edge, each held until a rising edge finds in_ready_o
    high (valid held until ready); a bubble (in_valid_i low) before a new beat with probability
    bubble. in_ready_o is a flop, so its value at the falling edge is the one the next rising
    edge sees."""
    i, offered = 0, False
    while i < len(stream):
        await FallingEdge(dut.clk_i)
        if offered and ready:
            i, offered = i + 1, False
        if i < len(stream) and not offered and rng.random() >= bubble:
            a, w, last = stream[i]
            dut.in_a_i.value, dut.in_w_i.value = a, w
            dut.in_last_i.value, dut.in_mode_i.value = int(last), int(packed)
            offered = True
        dut.in_valid_i.value = int(offered)
        ready = int(dut.in_ready_o.value) == 1
    await FallingEdge(dut.clk_i)
    dut.in_valid_i.value = 0


async def monitor(dut, arr, want, stall, rng, got):
    """The consumer: out_ready_i low with probability stall; a row is taken when out_valid_i and
    out_ready_i are both high at a rising edge. Checks the array's rules too: a row offered and
    not taken stays, unchanged, until taken; and the credits' promise, that the rows in the
    output buffer never exceed OBUF (the rows that entered it and were not handed out, as
    sim/qa_if_check.v counts them: its held_q)."""
    held = None
    while len(got) < want:
        await FallingEdge(dut.clk_i)
        in_buf = int(dut.u_check.held_q.value)
        assert in_buf <= arr.obuf, (f"the output buffer holds {in_buf} rows, more than its "
                                    f"{arr.obuf}: a tile was admitted without room for its rows")
        valid = dut.out_valid_o.value
        if held is not None:
            assert valid.is_resolvable and int(valid) == 1, "a row offered was withdrawn before out_ready_i"
            now = (int(dut.out_row_o.value), int(dut.out_data_o.value))
            assert now == held, f"a held row changed: {held} -> {now}"
        take = rng.random() >= stall
        dut.out_ready_i.value = int(take)
        if valid.is_resolvable and int(valid) == 1:
            row, data = int(dut.out_row_o.value), int(dut.out_data_o.value)
            mask = (1 << arr.accw) - 1
            words = [(data >> (j * arr.accw)) & mask for j in range(arr.cols)]
            if take:
                got.append((row, words))
                held = None
            else:
                held = (row, data)


async def gemm(dut, arr, M, K, N, packed, bubble, stall, rng):
    A = rng_np(rng).integers(-128, 128, (M, K))
    W = (rng_np(rng).choice(legal_weights(arr.wbits), (K, N)) if packed
         else rng_np(rng).integers(-128, 128, (K, N)))
    stream = beats(arr, A, W, packed)
    want = expected_rows(arr, A, W)
    got = []
    cocotb.start_soon(drive(dut, stream, packed, bubble, rng))
    mon = cocotb.start_soon(monitor(dut, arr, len(want), stall, rng, got))
    timeout = 50 * (len(stream) + len(want)) + 1000
    for _ in range(timeout):
        await RisingEdge(dut.clk_i)
        if mon.done():
            break
    assert mon.done(), f"{len(got)} of {len(want)} rows arrived in {timeout} cycles"
    for n, (g, w) in enumerate(zip(got, want)):
        g = (g[0], g[1][:len(w[1])])
        assert g == w, (f"{'PACKED' if packed else 'FULL'} {M}x{K}x{N}: row {n} of the stream "
                        f"(tile {n // arr.rows}): got row {g[0]} {g[1]}, expected row {w[0]} {w[1]}")
    dut.out_ready_i.value = 0
    return len(stream)


def rng_np(rng):
    return np.random.default_rng(rng.randrange(1 << 30))


@cocotb.test()
async def packed_and_full_under_bubbles_and_backpressure(dut):
    """Ragged GEMMs in both modes: free-flowing, then with random input bubbles and output
    back-pressure (which fills the output buffer and exercises its credits)."""
    cocotb.start_soon(clock(dut.clk_i).start())
    await reset(dut)
    arr = Array(dut)
    rng = random.Random(SEED * 1000 + arr.wbits)
    for packed in (True, False):
        for bubble, stall in ((0.0, 0.0), (0.3, 0.5)):
            await gemm(dut, arr, arr.rows * 2 + 1, 3 * arr.lanes + 5, arr.cols + 3, packed, bubble,
                       stall, rng)
    # 25 tiles of one beat under 90 % back-pressure: last beats wait for the drain interval and
    # for room in the output buffer, which stays near full (the credits' promise: no row lost)
    await gemm(dut, arr, arr.rows * 5, 3, arr.cols * 5, True, 0.0, 0.9, rng)
