"""make test-python: the Python package (python/qarray) against independent expectations:
numpy's A @ W, the CLI's own output and CSV (a second face of the same core, run as a separate
process), values worked out by hand, and the CLI's error messages."""
import csv
import os
import subprocess
import threading

import numpy as np
import pytest

import qarray

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("QARRAY", os.path.join(ROOT, "build", "qarray"))
RNG = np.random.default_rng(24)
LEGAL = {1: (-1, 1), 2: (-1, 0, 1), 4: tuple(range(-8, 8)), 8: tuple(range(-128, 128))}


def operands(m, k, n, wbits, mode):
    A = RNG.integers(-128, 128, (m, k), dtype=np.int8)
    W = (RNG.choice(LEGAL[wbits], (k, n)) if mode == "packed"
         else RNG.integers(-128, 128, (k, n))).astype(np.int8)
    return A, W


def cli(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


@pytest.mark.parametrize("wbits", [1, 2, 4, 8])
@pytest.mark.parametrize("mode", ["packed", "full"])
def test_gemm_equals_numpy(wbits, mode):
    # ragged on a 4x4 array: 3 row tiles, 2 column tiles, K not a multiple of the lanes
    A, W = operands(9, 37, 7, wbits, mode)
    C, info = qarray.gemm(A, W, array="4x4", wbits=wbits, mode=mode)
    assert C.dtype == np.int32 and C.shape == (9, 7)
    assert (C == A.astype(np.int64) @ W.astype(np.int64)).all()
    assert info["mismatches"] == 0
    assert info["rtl_cycles"] == info["analytic_cycles"] == info["compute_cycles"]
    assert info["macs"] == 9 * 37 * 7 and info["energy_pj"] > 0


def test_golden_equals_numpy():
    A, W = operands(33, 70, 21, 4, "packed")
    assert (qarray.golden(A, W, 4, "packed") == A.astype(np.int32) @ W.astype(np.int32)).all()
    A, W = operands(5, 8, 3, 8, "full")
    assert (qarray.golden(A, W, 2, "full") == A.astype(np.int32) @ W.astype(np.int32)).all()


def model_line(out, head):
    return next(ln for ln in out.splitlines() if ln.startswith(head)).split()


def test_cycles_match_the_cli():
    # docs/cycle-model.md: PACKED W2 on 32x32, 128 x 768 x 768 is 18529 cycles
    assert qarray.cycles(128, 768, 768, array="edge", wbits=2)["analytic_cycles"] == 18529
    for args in [dict(m=100, k=300, n=70, array="16x8", wbits=4, mode="full"),
                 dict(m=256, k=1024, n=512, array="edge", wbits=1, mem="on", dram_gbs=4)]:
        got = qarray.cycles(**args)
        words = [w for k, v in args.items() for w in ("--" + k.replace("_", "-"), str(v))]
        r = cli("model", *words)
        assert r.returncode == 0, r.stderr
        assert got["analytic_cycles"] == int(model_line(r.stdout, "analytic cycles")[2])
        assert got["scalesim_cycles"] == int(model_line(r.stdout, "scalesim cycles")[2])
        tiles = model_line(r.stdout, "tiles")
        assert (got["tiles"], got["beats_per_tile"]) == (int(tiles[1]), int(tiles[3]))
        energy = float(model_line(r.stdout, "energy")[1])
        assert got["energy_pj"] == pytest.approx(energy, rel=1e-5)
    assert got["mem"] == 1 and got["bound"] in ("compute", "bandwidth", "latency")


def test_amdahl_rows_equal_the_cli_csv(tmp_path):
    args = dict(models=["gpt2", "llama-7b"], arrays=["edge", "cloud"], seq=[128, 512],
                phase="prefill", wbits=[1, 2])
    rows = qarray.amdahl(**args)
    path = tmp_path / "cli.csv"
    r = cli("amdahl", "--model", "gpt2,llama-7b", "--arrays", "edge,cloud", "--seq", "128,512",
            "--phase", "prefill", "--wbits", "1,2", "--csv", str(path), "--quiet")
    assert r.returncode == 0, r.stderr
    with open(path, newline="") as f:
        want = list(csv.DictReader(f, skipinitialspace=True))
    records = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
    assert len(records) == len(want) == 16
    for got, exp in zip(records, want):
        assert list(got) == [k.strip() for k in exp]
        for k, v in exp.items():
            g = got[k.strip()]
            assert (str(g) == v.strip() or float(g) == pytest.approx(float(v))), (k, g, v)


def test_block_on_the_rtl():
    tiny = os.path.join(ROOT, "tests", "models_tiny.txt")
    b = qarray.block("tiny-gqa", seq=11, array="4x4", wbits=2, layers=2, models_file=tiny)
    assert len(b["blocks"]) == 2 and b["identical"]
    assert b["rtl_cycles"] == b["model_cycles"] > 0
    assert 0 < b["rel_err"] < 0.08


def test_threads_run_gemms_at_once():
    jobs = [operands(24, 64, 20, 2, "packed") for _ in range(4)]
    out = [None] * len(jobs)

    def run(i):
        out[i] = qarray.gemm(*jobs[i], array="4x4", wbits=2)[0]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for (A, W), C in zip(jobs, out):
        assert (C == A.astype(np.int32) @ W.astype(np.int32)).all()


def test_errors_are_the_cli_messages():
    A, W = operands(4, 8, 4, 2, "packed")
    with pytest.raises(ValueError, match=r"unknown array '3x' \(use edge, cloud or RxC"):
        qarray.cycles(1, 1, 1, array="3x")
    with pytest.raises(ValueError, match="--accw must be an accumulator width"):
        qarray.gemm(A, W, array="4x4", accw=99)
    with pytest.raises(ValueError, match="unknown option '--colour'"):
        qarray.cycles(4, 4, 4, colour="red")
    with pytest.raises(ValueError, match="model does not take the option '--seq'"):
        qarray.cycles(4, 4, 4, seq=3)
    with pytest.raises(ValueError, match=r"W\[0\]\[\d\] = 3 is not a legal 2-bit weight"):
        qarray.gemm(A, np.full_like(W, 3), array="4x4", wbits=2)
    with pytest.raises(ValueError, match="A's columns must be W's rows"):
        qarray.golden(A, W[:3], 2, "packed")
    with pytest.raises(ValueError, match="mode must be packed or full"):
        qarray.golden(A, W, 2, "dense")
    with pytest.raises(ValueError, match="unknown model 'gpt5'"):
        qarray.amdahl(models=["gpt5"])
    assert "seq" in qarray.options("amdahl") and "seq" not in qarray.options("model")


def test_check_failed_carries_the_triage(tmp_path):
    # the sign mutant (rtl/ with MUTANT=sign) gets a negative product's sign wrong
    A, W = operands(8, 16, 8, 2, "packed")
    with pytest.raises(qarray.CheckFailed) as e:
        qarray.gemm(A, W, array="4x4", wbits=2, mutant="sign", repro=str(tmp_path / "r"))
    assert e.value.triage and os.path.isfile(os.path.join(e.value.triage, "replay.sh"))
    assert "differ" in str(e.value) or "mismatch" in str(e.value)
