#!/usr/bin/env python3
"""The conformance corpus on a CUDA machine: every plan of
tests/conformance/plans run three ways, outputs compared.

  cpu   `cudawasm run PLAN --backend cpu`                (the reference here)
  ours  `cudawasm run PLAN --backend cuda`               (our PTX back end)
  nvcc  `cudawasm run PLAN --backend cuda --ptx F.ptx`   (F.ptx from
        `nvcc -O3 -arch=sm_90 -ptx`, the same source; template kernels
        are instantiated by taking their address in a wrapper file)

Prints one line per plan (its kernels, ours vs cpu, nvcc vs cpu, ours vs
nvcc) and writes conformance.json with every detail into the output folder.
Comparison rules: scripts/device/outputs.py.

Usage: scripts/device/conformance.py [--bin target/release/cudawasm]
       [--out /tmp/cudawasm-conformance] [--jobs 8] [PLAN_NAME ...]
"""

import argparse
import concurrent.futures as cf
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from outputs import compare_dirs  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = ROOT / "tests" / "conformance" / "plans"


def run(cmd, timeout=300):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 124, "", f"timed out after {timeout} s"


def first_error(stderr: str) -> str:
    lines = [l for l in stderr.splitlines() if l.strip()]
    for i, l in enumerate(lines):
        if "error" in l:
            return " ".join(x.strip() for x in lines[i:i + 4])[:400]
    return (lines[-1] if lines else "no message")[:400]


def nvcc_ptx(plan_path, plan, work: pathlib.Path, nvcc: str):
    """nvcc's PTX for the plan's source: (path, None) or (None, reason)."""
    src = (plan_path.parent / plan["source"]).resolve()
    flags = ["-O3", "-arch=sm_90", "-ptx", "-I", str(src.parent)]
    for inc in plan.get("include", []):
        flags += ["-I", str((plan_path.parent / inc).resolve())]
    for name, value in plan.get("defines", {}).items():
        if isinstance(value, bool):
            value = int(value)
        flags.append(f"-D{name}={value}")
    kernels = sorted({l["kernel"] for l in plan.get("launch", [])})
    templates = [k for k in kernels if "<" in k]
    out = work / "nvcc.ptx"
    wrapper = work / "nvcc_source.cu"
    text = f'#include "{src}"\n'
    for i, k in enumerate(templates):
        text += f"static void *const cudawasm_instance_{i} = (void *)&{k};\n"
    wrapper.write_text(text)
    code, _, err = run([nvcc, *flags, str(wrapper), "-o", str(out)])
    if code != 0 and templates:
        code, _, err2 = run([nvcc, *flags, str(src), "-o", str(out)])
        err = err + err2
    if code != 0:
        return None, "nvcc failed: " + first_error(err)
    return out, None


def run_plan(binary, plan_path, out_dir, extra):
    if out_dir.exists():
        shutil.rmtree(out_dir)
    code, _, err = run([binary, "run", str(plan_path), "--out", str(out_dir), *extra])
    return (None if code == 0 else f"exit {code}: {first_error(err)}")


def one_plan(args, plan_path):
    name = plan_path.stem
    work = pathlib.Path(args.out) / name
    work.mkdir(parents=True, exist_ok=True)
    plan = tomllib.loads(plan_path.read_text())
    kernels = sorted({l["kernel"] for l in plan.get("launch", [])})
    rec = {"plan": name, "kernels": kernels}
    rec["cpu_error"] = run_plan(args.bin, plan_path, work / "cpu", ["--backend", "cpu"])
    rec["ours_error"] = run_plan(args.bin, plan_path, work / "ours", ["--backend", "cuda"])
    ptx, why = nvcc_ptx(plan_path, plan, work, args.nvcc)
    rec["nvcc_error"] = why or run_plan(
        args.bin, plan_path, work / "nvcc", ["--backend", "cuda", "--ptx", str(ptx)])

    def verdict(got, want, got_err, want_err):
        if got_err:
            return "FAIL", got_err
        if want_err:
            return "NOREF", want_err
        ok, note = compare_dirs(work / got, work / want)
        return ("MATCH" if ok else "DIFF"), note

    rec["ours_vs_cpu"] = verdict("ours", "cpu", rec["ours_error"], rec["cpu_error"])
    rec["nvcc_vs_cpu"] = verdict("nvcc", "cpu", rec["nvcc_error"], rec["cpu_error"])
    rec["ours_vs_nvcc"] = verdict("ours", "nvcc", rec["ours_error"], rec["nvcc_error"])
    return rec


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.environ.get("CUDAWASM_BIN", str(ROOT / "target/release/cudawasm")))
    ap.add_argument("--out", default="/tmp/cudawasm-conformance")
    ap.add_argument("--nvcc", default=os.environ.get("NVCC", "nvcc"))
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("plans", nargs="*")
    args = ap.parse_args()
    paths = sorted(PLANS.glob("*.toml"))
    if args.plans:
        paths = [p for p in paths if p.stem in args.plans]
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        records = list(pool.map(lambda p: one_plan(args, p), paths))
    counts = {}
    for r in records:
        cols = []
        for key in ("ours_vs_cpu", "nvcc_vs_cpu", "ours_vs_nvcc"):
            status, note = r[key]
            counts[(key, status)] = counts.get((key, status), 0) + 1
            short = "" if note == "exact" else f" ({note[:160]})"
            cols.append(f"{key}={status}{short if status != 'MATCH' or note != 'exact' else ''}")
        print(f"{r['plan']:<34} [{', '.join(r['kernels'])}]\n    " + "\n    ".join(cols))
    print("\nsummary (plans):")
    for key in ("ours_vs_cpu", "nvcc_vs_cpu", "ours_vs_nvcc"):
        parts = [f"{s} {counts.get((key, s), 0)}" for s in ("MATCH", "DIFF", "FAIL", "NOREF")]
        print(f"  {key:<13} " + ", ".join(parts) + f"  of {len(records)}")
    out = pathlib.Path(args.out) / "conformance.json"
    out.write_text(json.dumps(records, indent=1))
    print(f"details: {out}")


if __name__ == "__main__":
    main()
