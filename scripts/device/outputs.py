"""Comparing the outputs of two `cudawasm run --out DIR` runs of one plan.

Integers, bools and byte buffers must match bit for bit, except that the
same values in other slots pass as "order set by atomics" (compactions and
ring buffers, whose slots atomics choose; reported). Floats match when
bit-equal, or "close" within a relative bound (f16/bf16 1e-2, f32 1e-4,
f64 1e-10) of each element measured against max(|reference|, 1e-3 * the
largest |reference| of the buffer), so that sums taken in another order
and contracted multiply-adds pass while wrong results do not; the largest
error found is reported either way.
"""

import json
import pathlib

import numpy as np

INT_TYPES = {
    "bool": np.uint8, "i8": np.int8, "u8": np.uint8, "i16": np.int16, "u16": np.uint16,
    "i32": np.int32, "u32": np.uint32, "i64": np.int64, "u64": np.uint64,
}
FLOAT_TYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64}
FLOAT_BOUND = {"f16": 1e-2, "bf16": 1e-2, "f32": 1e-4, "f64": 1e-10}


def _floats(raw: bytes, ty: str) -> np.ndarray:
    if ty == "bf16":
        bits = np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16
        return bits.view(np.float32).astype(np.float64)
    return np.frombuffer(raw, dtype=FLOAT_TYPES[ty]).astype(np.float64)


def compare_buffer(got: bytes, want: bytes, ty: str):
    """(ok, description) for one buffer."""
    if len(got) != len(want):
        return False, f"{len(got)} bytes, expected {len(want)}"
    if got == want:
        return True, "exact"
    if ty in INT_TYPES:
        a = np.frombuffer(got, dtype=INT_TYPES[ty])
        b = np.frombuffer(want, dtype=INT_TYPES[ty])
        bad = np.nonzero(a != b)[0]
        i = int(bad[0])
        if np.array_equal(np.sort(a), np.sort(b)):
            # Compactions and ring buffers: atomics pick the slots.
            return True, f"same values, {len(bad)} of {len(a)} in other slots (order set by atomics)"
        return False, f"{len(bad)} of {len(a)} differ, first [{i}]: {a[i]} vs {b[i]}"
    a, b = _floats(got, ty), _floats(want, ty)
    both_nan = np.isnan(a) & np.isnan(b)
    finite = np.isfinite(b)
    scale = float(np.max(np.abs(b[finite]))) if finite.any() else 1.0
    floor = max(1e-3 * scale, np.finfo(np.float64).tiny)
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(a - b) / np.maximum(np.abs(b), floor)
    err[both_nan] = 0.0
    err[(a == b)] = 0.0
    err[np.isnan(err)] = np.inf
    i = int(np.argmax(err))
    worst = float(err[i])
    bound = FLOAT_BOUND[ty]
    ok = worst <= bound
    what = "close" if ok else f"{int(np.sum(err > bound))} of {len(a)} off"
    return ok, f"{what}, max rel err {worst:.2e} at [{i}]: {float(a[i])!r} vs {float(b[i])!r}"


def compare_dirs(got_dir: pathlib.Path, want_dir: pathlib.Path):
    """(ok, description) for every output of a plan's run."""
    want = json.loads((want_dir / "summary.json").read_text())
    notes, ok_all, exact = [], True, True
    for name, meta in want["outputs"].items():
        g, w = got_dir / f"{name}.bin", want_dir / f"{name}.bin"
        if not g.exists():
            return False, f"{name}: missing"
        ok, note = compare_buffer(g.read_bytes(), w.read_bytes(), meta["type"])
        ok_all &= ok
        exact &= note == "exact"
        if note != "exact":
            notes.append(f"{name}: {note}")
    if exact:
        return True, "exact"
    return ok_all, "; ".join(notes)
