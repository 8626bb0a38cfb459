#!/usr/bin/env bash
# Installs the dependencies, builds rnnc and runs the whole test suite:
#  1. the lit + FileCheck suite `check-rnn` (dialect, passes, importer, tools,
#     ABI, end-to-end numerics against ONNX Runtime / ONNX test data / PyTorch,
#     aarch64 cross compilation under qemu, valgrind, the Python package);
#  2. the importer's libFuzzer harness for a bounded time (scripts/fuzz.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cmake --build "${RNN_BUILD_DIR:-$root/build}" --target check-rnn
"$root/scripts/fuzz.sh" "${RNN_FUZZ_SECONDS:-60}"
