"""The ctypes layer over libqarray.so (host/api/qa_api.h). ctypes releases the GIL for the
length of every C call, so Python threads run GEMMs on the RTL at once."""
import csv
import ctypes
import os
import tempfile
import warnings

import numpy as np

ABI = 1
_MSGS = 1 << 16


class CheckFailed(Exception):
    """An RTL result differed from the golden model (exit status 1 of the CLI). `triage` is the
    reproducer's directory (operands, expected C, a trace and a replay script), or None."""

    def __init__(self, message, triage=None):
        super().__init__(message)
        self.triage = triage


class QarrayWarning(UserWarning):
    """A warning the CLI prints on stderr ("qarray: warning: ...")."""


def _load():
    path = os.environ.get("QARRAY_LIB") or os.path.join(os.path.dirname(__file__), "libqarray.so")
    lib = ctypes.CDLL(path)
    if lib.qa_api_abi() != ABI:
        raise ImportError(f"{path} has C interface {lib.qa_api_abi()}, this package wants {ABI}")
    c_argv = ctypes.POINTER(ctypes.c_char_p)
    lib.qa_api_info_name.restype = ctypes.c_char_p
    lib.qa_api_option.argtypes = [ctypes.c_int] + [ctypes.POINTER(ctypes.c_char_p)] * 3 + [
        ctypes.POINTER(ctypes.c_uint)]
    lib.qa_api_command.argtypes = [ctypes.c_char_p]
    lib.qa_api_gemm.argtypes = [ctypes.c_int, c_argv, ctypes.c_void_p, ctypes.c_void_p,
                                ctypes.c_char_p, ctypes.c_size_t]
    lib.qa_api_cycles.argtypes = [ctypes.c_int, c_argv, ctypes.c_void_p, ctypes.c_char_p,
                                  ctypes.c_size_t]
    lib.qa_api_golden.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p,
                                  ctypes.c_size_t]
    lib.qa_api_run.argtypes = [ctypes.c_int, c_argv, ctypes.c_char_p, ctypes.c_size_t]
    return lib


_lib = _load()


def _info_names():
    names, i = [], 0
    while True:
        n = _lib.qa_api_info_name(i)
        if n is None:
            return names
        names.append(n.decode())
        i += 1


_NAMES = _info_names()


class _Operands(ctypes.Structure):
    """qa_api_operands: C (m x n, int32) = A (m x k) . W (k x n), int8, row-major."""
    _fields_ = [("A", ctypes.c_void_p), ("W", ctypes.c_void_p), ("C", ctypes.c_void_p),
                ("m", ctypes.c_size_t), ("k", ctypes.c_size_t), ("n", ctypes.c_size_t)]


class _Info(ctypes.Structure):
    _fields_ = [("v", ctypes.c_double * len(_NAMES)), ("bound", ctypes.c_char * 16),
                ("triage", ctypes.c_char * 4096)]


def _options():
    """The C options table: {name: (takes_value, help, commands bitmask)}."""
    out, i = {}, 0
    name, arg, hlp, cmds = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_uint()
    while _lib.qa_api_option(i, ctypes.byref(name), ctypes.byref(arg), ctypes.byref(hlp),
                             ctypes.byref(cmds)) == 0:
        out[name.value.decode()] = (arg.value is not None, hlp.value.decode(), cmds.value)
        i += 1
    return out


_OPTS = _options()


def options(command):
    """The options a command takes, from the C options table: {keyword: help}."""
    pos = _lib.qa_api_command(command.encode())
    if pos < 0:
        raise ValueError(f"unknown command '{command}'")
    return {n[2:].replace("-", "_"): h for n, (_, h, c) in _OPTS.items() if c >> pos & 1}


def _argv(kw):
    """Keywords as option words (clock_mhz= is --clock-mhz): a flag for True (nothing for False
    or None), a list joined with commas, anything else as str()."""
    words = []
    for key, val in kw.items():
        if val is None or val is False:
            continue
        # models_file= is --models (a model file or config.json): models= is amdahl's names
        name = "--models" if key == "models_file" else "--" + key.replace("_", "-")
        takes = _OPTS.get(name, (True,))[0]
        if val is True and not takes:
            words.append(name)
            continue
        if isinstance(val, (list, tuple)):
            val = ",".join(str(v) for v in val)
        words += [name, str(val)]
    return words


def _c_argv(words):
    arr = (ctypes.c_char_p * (len(words) + 1))(*[w.encode() for w in words], None)
    return len(words), arr


def _messages(buf, rc, triage=None):
    """Warnings from the C side's messages; on failure the exception with its last error line."""
    lines = [ln[8:] if ln.startswith("qarray: ") else ln
             for ln in buf.value.decode(errors="replace").splitlines()]
    for ln in lines:
        if ln.startswith("warning: "):
            warnings.warn(ln[9:], QarrayWarning, stacklevel=3)
    if rc == 0:
        return
    errs = [ln for ln in lines if not ln.startswith(("warning: ", "note: "))] or lines or [
        f"failed with exit status {rc}"]
    msg = errs[-1] if rc == 2 else "; ".join(errs)
    if rc == 1:
        raise CheckFailed(msg, triage or None)
    raise ValueError(msg)


def _i8(x, name):
    a = np.asarray(x)
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got {a.ndim}-D")
    if a.dtype != np.int8:
        if not np.issubdtype(a.dtype, np.integer) or a.size and (a.min() < -128 or a.max() > 127):
            raise ValueError(f"{name} must hold int8 values (-128..127)")
        a = a.astype(np.int8)
    return np.ascontiguousarray(a)


def _operands(A, W):
    A, W = _i8(A, "A"), _i8(W, "W")
    if A.shape[1] != W.shape[0]:
        raise ValueError(f"A is {A.shape[0]} x {A.shape[1]} and W {W.shape[0]} x {W.shape[1]}: "
                         "A's columns must be W's rows")
    C = np.empty((A.shape[0], W.shape[1]), dtype=np.int32)
    x = _Operands(A.ctypes.data, W.ctypes.data, C.ctypes.data, A.shape[0], A.shape[1], W.shape[1])
    return A, W, C, x


def _info(info):
    d = {}
    for name, v in zip(_NAMES, info.v):
        d[name] = int(v) if float(v).is_integer() and name not in ("clock_mhz", "utilization") \
            and not name.startswith("energy") else float(v)
    d["bound"] = info.bound.decode()
    return d


def gemm(A, W, array="edge", wbits=2, mode="packed", accw=32, **options):
    """C = A . W on the RTL array (the configuration built on first use), checked element by
    element against the golden model. Returns (C, info): C int32; info the cycles (rtl_cycles,
    analytic_cycles, compute_cycles, scalesim_cycles), the RTL's counters, the memory traffic
    and bound, the energy split (pJ). A mismatch raises CheckFailed (with .triage)."""
    A, W, C, x = _operands(A, W)
    n, argv = _c_argv(_argv(dict(array=array, wbits=wbits, mode=mode, accw=accw, **options)))
    info, buf = _Info(), ctypes.create_string_buffer(_MSGS)
    rc = _lib.qa_api_gemm(n, argv, ctypes.byref(x), ctypes.byref(info), buf, _MSGS)
    _messages(buf, rc, info.triage.decode())
    return C, _info(info)


def cycles(m, k, n, array="edge", wbits=2, mode="packed", **options):
    """The cycle, memory and energy models of an m x k x n GEMM (no RTL): a dict as gemm's info."""
    words = _argv(dict(m=m, k=k, n=n, array=array, wbits=wbits, mode=mode, **options))
    cnt, argv = _c_argv(words)
    info, buf = _Info(), ctypes.create_string_buffer(_MSGS)
    rc = _lib.qa_api_cycles(cnt, argv, ctypes.byref(info), buf, _MSGS)
    _messages(buf, rc)
    return _info(info)


def golden(A, W, wbits, mode):
    """C = A . W on the golden model (int32, wrapping as the 32-bit accumulator does); in packed
    mode W must hold wbits-bit weights."""
    A, W, C, x = _operands(A, W)
    buf = ctypes.create_string_buffer(_MSGS)
    rc = _lib.qa_api_golden(ctypes.byref(x), int(wbits), str(mode).encode(), buf, _MSGS)
    _messages(buf, rc)
    return C


def _run(words):
    cnt, argv = _c_argv(words)
    buf = ctypes.create_string_buffer(_MSGS)
    rc = _lib.qa_api_run(cnt, argv, buf, _MSGS)
    _messages(buf, rc)


def _number(s):
    for conv in (int, float):
        try:
            return conv(s)
        except ValueError:
            pass
    return s


def _read_csv(path, text=()):
    """A CSV's rows as dicts, numbers converted except in the columns named in text; lines
    starting with '#' (block's title) skipped."""
    with open(path, newline="") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return [{k.strip(): v.strip() if k.strip() in text else _number(v.strip())
             for k, v in row.items() if k is not None}
            for row in csv.DictReader(lines, skipinitialspace=True)]


def amdahl(models=None, arrays=None, seq=None, phase=None, wbits=None, rtl=False, jobs=None,
           **options):
    """The Amdahl's-law sweep (qarray amdahl): one row per point with the CSV's columns, as a
    pandas DataFrame when pandas is installed, else a list of dicts. models= are model names
    (--model); models_file= adds a model file or config.json (--models)."""
    with tempfile.TemporaryDirectory(prefix="qarray-") as d:
        path = os.path.join(d, "amdahl.csv")
        kw = dict(model=models, arrays=arrays, seq=seq, phase=phase, wbits=wbits, rtl=rtl,
                  jobs=jobs, csv=path, quiet=True, **options)
        _run(["amdahl"] + _argv(kw))
        rows = _read_csv(path)
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows)


def block(model, seq=64, array="edge", wbits=2, layers=1, **options):
    """Transformer blocks executed on the RTL (qarray block), bit-exact against the golden
    chain: a dict with the totals and one entry per block (rtl and model cycles, the check, the
    error against float64). A failed check raises CheckFailed."""
    with tempfile.TemporaryDirectory(prefix="qarray-") as d:
        path = os.path.join(d, "block.csv")
        kw = dict(model=model, seq=seq, array=array, wbits=wbits, layers=layers, csv=path,
                  quiet=True, **options)
        _run(["block"] + _argv(kw))
        rows = _read_csv(path, text=("input_fnv", "output_fnv"))
    return {"model": model, "seq": seq, "array": array, "wbits": wbits, "blocks": rows,
            "rtl_cycles": sum(r["rtl_cycles"] for r in rows),
            "model_cycles": sum(r["model_cycles"] for r in rows),
            "identical": all(r["bit_identical"] == 1 for r in rows),
            "rel_err": max(r["rel_err"] for r in rows)}
