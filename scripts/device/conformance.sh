#!/usr/bin/env bash
# The conformance corpus through `cudawasm run --backend cuda`, with our PTX
# and with nvcc -O3's, each compared with the cpu back end (see
# conformance.py). Needs an NVIDIA GPU, its driver, nvcc and python3 with
# numpy. Usage: scripts/device/conformance.sh [conformance.py options]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 scripts/device/conformance.py "$@"
