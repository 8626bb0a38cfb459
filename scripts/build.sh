#!/usr/bin/env bash
# Configures (once) and builds rnnc into build/ (tools in build/bin/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${RNN_BUILD_DIR:-$root/build}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build"
