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
  # ONNX protobuf front end and ONNX's backend node tests
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  # Python side (Debian's interpreter): numpy, onnx for test-model generation, pytest
  python3 python3-numpy python3-onnx python3-pytest
)

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
echo "install-deps: all packages present"
