#!/usr/bin/env bash
# Our PTX vs nvcc -O3 on five workloads (bench.py), then the CUDA backend's
# launch overhead (cuda-rt's ignored `launch_overhead` test).
# Usage: scripts/device/bench.sh [bench.py options]
#   CUDA_RT_TEST_BIN: the built `cuda_backend` test binary (default: built
#   with `cargo test --release -p cuda-rt --test cuda_backend --no-run`).
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/device/bench.py "$@"
bin="${CUDA_RT_TEST_BIN:-}"
if [ -z "$bin" ]; then
  bin=$(cargo test --release -p cuda-rt --test cuda_backend --no-run --message-format=json 2>/dev/null \
        | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("executable") and m.get("target", {}).get("name") == "cuda_backend": print(m["executable"])')
fi
echo
CUDAWASM_REQUIRE_CUDA=1 "$bin" --ignored --nocapture --exact launch_overhead 2>&1 | grep -E "launch overhead|FAILED|panicked" || true
