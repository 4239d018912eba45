"""make test-cocotb: the cocotb testbench (test_qa_top.py) under Icarus Verilog on both meshes
(qa_top, one qa_pe per PE; qa_top_twin, the loop twin) at every WBITS, then on the sign and
credit mutants (rtl/qa_mutants.vh), each of which must fail it. One simulation is built per
top, WBITS and mutant, in build/cocotb/.

    python run.py [--rows R] [--cols C] [--sim icarus|verilator] [--quick]

Exit 0 when every correct build passes and every mutant fails; 1 otherwise."""
import argparse
import os
import sys
import time

try:  # cocotb 2 (Icarus; Verilator 5.036 and later)
    from cocotb_tools.runner import get_results, get_runner
    SOURCES = "sources"
except ImportError:  # cocotb 1.9, whose Verilator support takes Debian's 5.006
    from cocotb.runner import get_results, get_runner
    SOURCES = "verilog_sources"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOPS = {"pe": "qa_top", "loop": "qa_top_twin"}
MUTANTS = ("sign", "credit")


def sources():
    rtl = sorted(os.path.join(ROOT, "rtl", f) for f in os.listdir(os.path.join(ROOT, "rtl"))
                 if f.endswith(".v"))
    twin = sorted(os.path.join(ROOT, "sim", "twin", f)
                  for f in os.listdir(os.path.join(ROOT, "sim", "twin")) if f.endswith(".v"))
    return rtl + twin + [os.path.join(ROOT, "sim", "qa_if_check.v")]


def run(sim, top, params, mutant, build_root):
    """Build and run one simulation; returns (tests, failed)."""
    name = f"{top}_r{params['ROWS']}c{params['COLS']}w{params['WBITS']}" + (f"-{mutant}" if mutant else "")
    build = os.path.join(build_root, name)
    defines = {"QA_ASSERT": 1}
    if mutant:
        defines["QA_MUT_" + mutant.upper()] = 1
    runner = get_runner(sim)
    extra = {"build_args": ["-Wno-fatal"]} if sim == "verilator" else {}
    runner.build(**{SOURCES: sources()}, **extra,
                 includes=[os.path.join(ROOT, "rtl"), os.path.join(ROOT, "sim", "twin")],
                 defines=defines, parameters=params, hdl_toplevel=top, build_dir=build, always=True,
                 timescale=("1ns", "1ps"),
                 log_file=os.path.join(build, "build.log"))
    try:
        xml = runner.test(hdl_toplevel=top, test_module="test_qa_top", test_dir=HERE, build_dir=build,
                          results_xml=os.path.join(build, "results.xml"), log_file=os.path.join(build, "sim.log"))
        return get_results(xml)
    except (RuntimeError, SystemExit, OSError):
        # the simulation stopped: under Verilator an interface check's $error is fatal
        return 1, 1


def first_assertion(log):
    """The first failed check's message in a simulation log: the testbench's, else an interface
    check's (sim/qa_if_check.v) that stopped the simulation (under Verilator $error is fatal)."""
    try:
        with open(log, errors="replace") as f:
            text = f.read()
    except OSError:
        return "(no log)"
    for mark, say in (("AssertionError: ", ""), ("qa_if_check: ", "the simulation stopped: ")):
        if mark in text:
            return say + text.split(mark, 1)[1].splitlines()[0].strip()[:160]
    return "(see the log)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=4)
    ap.add_argument("--cols", type=int, default=4)
    ap.add_argument("--sim", default="icarus")
    ap.add_argument("--quick", action="store_true", help="WBITS 2 only")
    a = ap.parse_args()
    build_root = os.path.join(ROOT, "build", "cocotb", a.sim)
    os.makedirs(build_root, exist_ok=True)
    bad = []
    for mesh, top in TOPS.items():
        for wbits in ((2,) if a.quick else (1, 2, 4, 8)):
            params = {"ROWS": a.rows, "COLS": a.cols, "WBITS": wbits, "ACCW": 32}
            t0 = time.time()
            tests, failed = run(a.sim, top, params, None, build_root)
            ok = tests > 0 and failed == 0
            print(f"test-cocotb: {a.sim} {top} {a.rows}x{a.cols} W{wbits}: "
                  f"{'PASS' if ok else 'FAIL'} ({tests - failed}/{tests}, {time.time() - t0:.0f} s)", flush=True)
            if not ok:
                bad.append(f"{top} W{wbits}")
    for mutant in MUTANTS:
        params = {"ROWS": a.rows, "COLS": a.cols, "WBITS": 2, "ACCW": 32}
        tests, failed = run(a.sim, "qa_top", params, mutant, build_root)
        caught = failed > 0
        why = first_assertion(os.path.join(build_root, f"qa_top_r{a.rows}c{a.cols}w2-{mutant}", "sim.log"))
        print(f"test-cocotb: {a.sim} qa_top W2 mutant {mutant}: "
              f"{'caught: ' + why if caught else 'NOT CAUGHT'}", flush=True)
        if not caught:
            bad.append(f"mutant {mutant} not caught")
    if bad:
        print("test-cocotb: FAIL: " + "; ".join(bad), file=sys.stderr)
        return 1
    print(f"test-cocotb: both meshes at WBITS {'2' if a.quick else '1, 2, 4 and 8'} pass under {a.sim}; "
          "the sign and credit mutants fail")
    return 0


if __name__ == "__main__":
    sys.exit(main())
