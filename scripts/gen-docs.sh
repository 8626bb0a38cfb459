#!/usr/bin/env bash
# Regenerates docs/generated/ (dialect, op and pass reference) from ODS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${RNN_BUILD_DIR:-$root/build}"
cmake --build "$build" --target mlir-doc
rm -rf "$root/docs/generated"
mkdir -p "$root/docs/generated"
cp -r "$build/docs/." "$root/docs/generated/"
find "$root/docs/generated" -type f ! -name "*.md" -delete
find "$root/docs/generated" -type d -empty -delete
echo "gen-docs: docs/generated updated"
