#!/usr/bin/env bash
# Builds the importer's libFuzzer harness with clang-22 (coverage +
# AddressSanitizer) into build-fuzz/ and runs it for a bounded time on a seed
# corpus made of the repository's ONNX test models.
#
#   scripts/fuzz.sh [SECONDS]      (default 60)
#
# Fails if the fuzzer finds a crash, a sanitizer error, a leak or a timeout;
# the reproducer is left in build-fuzz/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${RNN_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-60}"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang-22 CXX=clang++-22 cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DRNN_ENABLE_FUZZER=ON >/dev/null
fi
cmake --build "$build" --target fuzz-import-onnx
corpus="$build/corpus"
mkdir -p "$corpus" "$build/artifacts"
for m in "$root"/test/e2e/models/*/model.onnx "$root"/test/e2e/torch/models/*/model.onnx; do
  cp "$m" "$corpus/$(basename "$(dirname "$m")").onnx"
done
# Leaks in the harness's static registry are not bugs.
# allow_user_poisoning=0: LLVM headers compiled with ASan poison
# BumpPtrAllocator slabs that the uninstrumented libMLIR hands out, which
# would otherwise be reported as use-after-poison.
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:allow_user_poisoning=0"
"$build/bin/fuzz-import-onnx" "$corpus" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" 2>&1 | tail -n 25
echo "fuzz: no crash in ${seconds}s"
