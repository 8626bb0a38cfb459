#!/usr/bin/env bash
# Installs the dependencies, builds rnnc and runs the whole test suite
# (lit + FileCheck suite `check-rnn`, which includes the end-to-end tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cmake --build "${RNN_BUILD_DIR:-$root/build}" --target check-rnn
