#!/usr/bin/env bash
# Installs every Debian package rnnc needs to build, test and benchmark.
# Idempotent and non-interactive; run as root (or through sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
  # Build
  build-essential cmake ninja-build git pkg-config zlib1g-dev libzstd-dev
  # LLVM/MLIR 22
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  # LLVM's OpenMP runtime: compiled models with thread support link libomp
  libomp-22-dev
  # ONNX protobuf front end and ONNX's backend node tests
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  # Python side (Debian's interpreter): numpy, onnx for test-model generation,
  # pytest, PyTorch as a second reference and exporter, matplotlib for plots
  python3 python3-numpy python3-onnx python3-pytest python3-torch python3-matplotlib
  # Test tools: memcheck of compiled code, `file`, speech synthesis for the VAD
  # example, and the aarch64 cross
  # toolchain + user-mode emulator for the cross-compilation tests
  valgrind file espeak-ng qemu-user gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
  # Benchmarks: oneDNN's RNN primitives
  libdnnl-dev
  # Importer fuzzing with libFuzzer
  libclang-rt-22-dev
)

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
echo "install-deps: all packages present"

# ONNX Runtime (CPU) for the end-to-end reference outputs: Node.js + npm from
# Debian only when no node is installed (a newer node that ships its own npm
# may already be there), then onnxruntime-node pinned by scripts/ort/package.json.
# --ignore-scripts: its postinstall downloads extras; the CPU binaries are in
# the package itself.
RNN_SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v node >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-deps: node is installed but npm is not; install npm for it" >&2
  exit 1
fi
if [ ! -d "$RNN_SRC_DIR/scripts/ort/node_modules/onnxruntime-node" ]; then
  (cd "$RNN_SRC_DIR/scripts/ort" && npm install --ignore-scripts --no-audit --no-fund --prefix . >/dev/null)
fi
echo "install-deps: onnxruntime-node present in scripts/ort/node_modules"
