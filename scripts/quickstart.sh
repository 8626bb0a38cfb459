#!/usr/bin/env bash
# Installs the dependencies, builds rnnc, compiles a real model from
# ../shared/models into a shared library, runs it on the reference inputs and
# prints its agreement with ONNX Runtime's outputs and its latency.
#
#   scripts/quickstart.sh [MODEL]     (default: silero_vad_16k_static)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${RNN_BUILD_DIR:-$root/build}"
model="${1:-silero_vad_16k_static}"
models="${RNN_MODELS_DIR:-$root/../shared/models}"

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

ref="$models/ref/$model"
if [ ! -f "$models/$model.onnx" ] || [ ! -d "$ref" ]; then
  echo "quickstart: $models/$model.onnx or its reference data $ref is missing" >&2
  exit 1
fi
work="$build/quickstart/$model"
rm -rf "$work" && mkdir -p "$work"

# Pin every input to the shape of its reference input, then compile.
mapfile -t args < <(/usr/bin/python3 "$root/scripts/ref_args.py" "$ref")
shapes=(); inputs=()
for a in "${args[@]}"; do
  case "$a" in
    --input-shape=*) shapes+=("$a") ;;
    --input=*) inputs+=("$a") ;;
  esac
done
echo "== rnnc $model.onnx -> $work/$model.so"
"$build/bin/rnnc" "$models/$model.onnx" "${shapes[@]}" -o "$work/$model.so" -v
echo "== rnn-run (outputs in $work/out)"
"$build/bin/rnn-run" "$work/$model.so" "${inputs[@]}" --output-dir "$work/out" --bench 50
echo "== agreement with ONNX Runtime (models/ref/$model/out_*.npy)"
/usr/bin/python3 "$root/scripts/compare_npy.py" "$work/out" "$ref" --rtol 1e-3 --atol 1e-4
echo "== ONNX Runtime on the same inputs (1 thread), for comparison"
ort_inputs=()
for a in "${inputs[@]}"; do ort_inputs+=(--input "${a#--input=}"); done
node "$root/scripts/ort/run_ort.js" "$models/$model.onnx" "${ort_inputs[@]}" \
  --output-dir "$work/ort_out" --bench 50 | tail -n 1
