#!/usr/bin/env python3
"""Our PTX against nvcc -O3 on a CUDA machine: sgemm 4096^2 (tiled), a sum
of 2^26 floats, a 5-point stencil 8192^2, a 256-bin histogram of 2^26
bytes and a transpose 8192^2 (kernels: benches/kernels/*.cu).

Each workload is a run plan (written here) launched `repeat` times after a
warm-up with `cudawasm run --time --backend cuda`, once with our PTX and
once with `--ptx` nvcc's (`nvcc -O3 -arch=sm_90 -ptx`); the kernel time is
the median of CUDA-event times. Prints both, the ratio nvcc/ours (≥ 1:
ours faster) and their geometric mean; our compile time per kernel (the
front end plus the PTX back end, from `--time`; the driver's JIT of the
PTX is not included, for either) next to nvcc's wall time; checks
that both runs' outputs agree (scripts/device/outputs.py). Launch overhead
is measured by cuda-rt's `launch_overhead` test (see bench.sh).

Usage: scripts/device/bench.py [--bin target/release/cudawasm]
       [--out /tmp/cudawasm-bench] [--repeat 20]
"""

import argparse
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from outputs import compare_dirs  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
KERNELS = ROOT / "benches" / "kernels"


def buf(name, ty, length, init):
    return f'[[buffer]]\nname = "{name}"\ntype = "{ty}"\nlen = {length}\ninit = {init}\n\n'


def rnd(seed, lo, hi):
    return f"{{ random = {{ seed = {seed}, min = {lo}, max = {hi} }} }}"


ZERO = "{ fill = 0 }"
ZEROF = "{ fill = 0.0 }"

N_SGEMM = 4096
N_RED = 1 << 26
N_ST = 8192
N_HIST_WORDS = 1 << 24
N_TR = 8192

WORKLOADS = [
    ("sgemm 4096^2 (tiled)", "sgemm.cu", "sgemm", f"sgemm {N_SGEMM}x{N_SGEMM}x{N_SGEMM}",
     buf("A", "f32", N_SGEMM * N_SGEMM, rnd(1, -1.0, 1.0))
     + buf("B", "f32", N_SGEMM * N_SGEMM, rnd(2, -1.0, 1.0))
     + buf("C", "f32", N_SGEMM * N_SGEMM, ZEROF),
     [N_SGEMM // 16, N_SGEMM // 16], [16, 16],
     f'[{N_SGEMM}, {N_SGEMM}, {N_SGEMM}, 1.0, "@A", "@B", 0.0, "@C"]', ["C"]),
    ("reduction 2^26 floats", "reduce.cu", "reduce_sum", "sum of 2^26 f32",
     buf("x", "f32", N_RED, rnd(3, -1.0, 1.0)) + buf("sum", "f32", 1, ZEROF),
     [4096], [256], f'["@x", "@sum", {N_RED}]', ["sum"]),
    ("stencil 8192^2 (5-point)", "stencil.cu", "stencil5", "8192x8192",
     buf("u", "f32", N_ST * N_ST, rnd(4, 0.0, 1.0)) + buf("v", "f32", N_ST * N_ST, ZEROF),
     [N_ST // 16, N_ST // 16], [16, 16], f'[{N_ST}, {N_ST}, 0.5, 0.125, "@u", "@v"]', ["v"]),
    ("histogram 256 bins, 2^26 bytes", "histogram.cu", "histogram256", "2^24 words",
     buf("data", "u32", N_HIST_WORDS, rnd(5, 0, 4294967295)) + buf("bins", "u32", 256, ZERO),
     [2048], [256], f'["@data", {N_HIST_WORDS}, "@bins"]', ["bins"]),
    ("transpose 8192^2", "transpose.cu", "transpose", "8192x8192 f32",
     buf("m", "f32", N_TR * N_TR, rnd(6, -1.0, 1.0)) + buf("t", "f32", N_TR * N_TR, ZEROF),
     [N_TR // 32, N_TR // 32], [32, 8], f'["@t", "@m", {N_TR}, {N_TR}]', ["t"]),
]


def plan_text(source, kernel, buffers, grid, block, args, outputs, repeat):
    return (f'source = "{source}"\n\n' + buffers
            + f'[[launch]]\nkernel = "{kernel}"\ngrid = {grid}\nblock = {block}\n'
            + f"args = {args}\nrepeat = {repeat}\n\n"
            + "[output]\nbuffers = [" + ", ".join(f'"{o}"' for o in outputs) + "]\n")


def cudawasm(binary, plan, out, extra):
    if out.exists():
        shutil.rmtree(out)
    p = subprocess.run([binary, "run", str(plan), "--backend", "cuda", "--time",
                        "--out", str(out), *extra], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip()[-800:])
    summary = json.loads((out / "summary.json").read_text())
    compile_ms = None
    front = re.search(r"front end .*: ([0-9.]+) ms", p.stderr)
    back = re.search(r"compile .* for cuda: ([0-9.]+) ms", p.stderr)
    if front and back:
        compile_ms = float(front.group(1)) + float(back.group(1))
    return summary["launches"][0]["ms"], compile_ms


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.environ.get("CUDAWASM_BIN", str(ROOT / "target/release/cudawasm")))
    ap.add_argument("--out", default="/tmp/cudawasm-bench")
    ap.add_argument("--nvcc", default=os.environ.get("NVCC", "nvcc"))
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows, ratios = [], []
    for title, src, kernel, size, buffers, grid, block, kargs, outputs in WORKLOADS:
        work = out / kernel
        work.mkdir(exist_ok=True)
        source = KERNELS / src
        plan = work / "plan.toml"
        plan.write_text(plan_text(str(source), kernel, buffers, grid, block, kargs, outputs, args.repeat))
        row = {"workload": title, "size": size}
        t = time.perf_counter()
        p = subprocess.run([args.nvcc, "-O3", "-arch=sm_90", "-ptx", str(source), "-o",
                            str(work / "nvcc.ptx")], capture_output=True, text=True)
        row["nvcc_compile_ms"] = (time.perf_counter() - t) * 1e3
        try:
            row["ours_ms"], row["ours_compile_ms"] = cudawasm(args.bin, plan, work / "ours", [])
        except Exception as e:  # noqa: BLE001 - reported per workload
            row["ours_error"] = str(e)
        if p.returncode != 0:
            row["nvcc_error"] = p.stderr.strip()[-800:]
        else:
            try:
                row["nvcc_ms"], _ = cudawasm(args.bin, plan, work / "nvcc", ["--ptx", str(work / "nvcc.ptx")])
            except Exception as e:  # noqa: BLE001
                row["nvcc_error"] = str(e)
        if "ours_ms" in row and "nvcc_ms" in row:
            row["ratio"] = row["nvcc_ms"] / row["ours_ms"]
            ratios.append(row["ratio"])
            ok, note = compare_dirs(work / "ours", work / "nvcc")
            row["outputs"] = ("agree" if ok else "DIFFER") + f" ({note[:120]})"
        rows.append(row)
    print("compile: ours = front end + PTX back end in `cudawasm run`; nvcc = `nvcc -O3 -ptx` wall time")
    print(f"{'workload':<32} {'ours ms':>9} {'nvcc ms':>9} {'nvcc/ours':>9}  {'compile ours':>12} {'nvcc':>8}  outputs")
    for r in rows:
        f = lambda k: f"{r[k]:9.3f}" if k in r and r[k] is not None else f"{'-':>9}"  # noqa: E731
        print(f"{r['workload']:<32} {f('ours_ms')} {f('nvcc_ms')} "
              f"{(format(r['ratio'], '9.3f') if 'ratio' in r else '        -')}  "
              f"{(format(r['ours_compile_ms'], '9.1f') + ' ms') if r.get('ours_compile_ms') else '           -'} "
              f"{r['nvcc_compile_ms']:6.0f} ms  {r.get('outputs', '')}")
        for k in ("ours_error", "nvcc_error"):
            if k in r:
                print(f"    {k}: {r[k][:600]}")
    if ratios:
        g = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
        print(f"\ngeomean nvcc/ours over {len(ratios)} workloads: {g:.3f} (goal >= 0.9)")
    (out / "bench.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
