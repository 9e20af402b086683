#!/usr/bin/env bash
# Build-time cost of cuda_build: times `cargo build` of a generated crate
# with 20 kernels compiled by build.rs, against the same crate without
# them, then the incremental rebuild after touching one .cu.
#
#   bash benches/build-time.sh [N_KERNELS]     (default 20)
#
# The crate lives in target/build-time-bench (inside this workspace's
# target dir, its own [workspace], sharing the target dir so dependencies
# are built once before timing). Numbers are wall-clock seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-20}"
CRATE="$ROOT/target/build-time-bench"
export CARGO_TARGET_DIR="$ROOT/target"
rm -rf "$CRATE"; mkdir -p "$CRATE/src" "$CRATE/kernels"

write_manifest() { # $1: with kernels (1) or not (0)
  cat > "$CRATE/Cargo.toml" <<TOML
[package]
name = "build-time-bench"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
cuda-rt = { path = "$ROOT/cuda-rt" }
[build-dependencies]
cuda-build = { path = "$ROOT/cuda-build" }
[profile.dev.build-override]
opt-level = 2
TOML
  if [ "$1" = 1 ]; then
    printf 'fn main() { cuda_build::compile("kernels"); }\n' > "$CRATE/build.rs"
    printf 'cuda_rt::include_kernels!();\nfn main() { let _ = k0::k0_artifact(); }\n' > "$CRATE/src/main.rs"
  else
    printf 'fn main() {}\n' > "$CRATE/build.rs"
    printf 'fn main() { let _ = cuda_rt::Device::cpu(); }\n' > "$CRATE/src/main.rs"
  fi
}

for i in $(seq 0 $((N - 1))); do
  cat > "$CRATE/kernels/k$i.cu" <<CU
__global__ void k$i(int n, float a, const float* x, float* y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    __shared__ float t[256];
    t[threadIdx.x] = i < n ? x[i] * a + $i.0f : 0.0f;
    __syncthreads();
    if (i < n) y[i] = t[threadIdx.x] + t[(threadIdx.x + 1) % blockDim.x];
}
CU
done

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
cd "$CRATE"
# Warm: every dependency (cuda-rt, cuda-build and the compiler) built once.
write_manifest 1; cargo build -q
cargo clean -q -p build-time-bench
write_manifest 0; base=$(secs cargo build)
cargo clean -q -p build-time-bench
write_manifest 1; with=$(secs cargo build)
touch "$CRATE/kernels/k3.cu"; touch_one=$(secs cargo build)
noop=$(secs cargo build)
echo "kernels: $N"
echo "build without kernels:        ${base}s"
echo "build with $N kernels:        ${with}s (added $(echo "$with - $base" | bc)s)"
echo "rebuild after touching 1 .cu: ${touch_one}s"
echo "no-op rebuild:                ${noop}s"
