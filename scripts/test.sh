#!/usr/bin/env bash
# The README's test command: sets up what the tests need, then runs them.
#
# - A Vulkan adapter for the wgpu backend: Mesa's software driver
#   (lavapipe) and the Vulkan loader, from Debian's packages.
# - ptxas, to assemble every PTX the project emits: the pip package
#   nvidia-cuda-nvcc (no GPU needed).
#
# The tests then REQUIRE both (CUDAWASM_REQUIRE_WGPU, CUDAWASM_REQUIRE_PTXAS):
# a missing adapter or assembler fails the run instead of skipping tests.
# Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

have_vulkan_icd() {
    compgen -G "/usr/share/vulkan/icd.d/lvp_icd*.json" >/dev/null ||
        compgen -G "/usr/share/vulkan/icd.d/*.json" >/dev/null
}

if ! have_vulkan_icd || ! ldconfig -p 2>/dev/null | grep -q libvulkan.so.1; then
    echo "test.sh: installing Mesa's Vulkan driver (lavapipe) and the loader" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mesa-vulkan-drivers libvulkan1 >/dev/null
fi

find_ptxas() {
    command -v ptxas 2>/dev/null && return 0
    local site
    for py in python3 python; do
        command -v "$py" >/dev/null 2>&1 || continue
        site=$("$py" -c 'import site,sys; print("\n".join(site.getsitepackages()+[site.getusersitepackages()]))' 2>/dev/null) || continue
        for d in $site; do
            for f in "$d"/nvidia/cu*/bin/ptxas "$d"/nvidia/cuda_nvcc/bin/ptxas; do
                [ -x "$f" ] && { echo "$f"; return 0; }
            done
        done
    done
    return 1
}

if ! PTXAS=$(find_ptxas); then
    echo "test.sh: installing ptxas (pip package nvidia-cuda-nvcc)" >&2
    python3 -m pip install -q nvidia-cuda-nvcc >/dev/null
    PTXAS=$(find_ptxas) || { echo "test.sh: ptxas not found after installing nvidia-cuda-nvcc" >&2; exit 1; }
fi

# Mesa's Vulkan driver complains on stderr when XDG_RUNTIME_DIR is unset
# (CI), which would pollute the CLI's exact-stderr tests.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
    XDG_RUNTIME_DIR=$(mktemp -d)
    chmod 700 "$XDG_RUNTIME_DIR"
    export XDG_RUNTIME_DIR
fi

export CUDAWASM_PTXAS="$PTXAS"
export CUDAWASM_REQUIRE_WGPU=1
export CUDAWASM_REQUIRE_PTXAS=1
echo "test.sh: ptxas = $CUDAWASM_PTXAS" >&2
exec cargo test --workspace "$@"
