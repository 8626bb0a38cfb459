#!/usr/bin/env bash
# Runs every benchmark (benchmarks/bench.py: rnnc vs ONNX Runtime vs oneDNN,
# one run, single thread), writes benchmarks/results.{md,json} and
# docs/benchmarks.png, and refreshes the table in docs/benchmarks.md.
#   benchmarks/run.sh [bench.py options, e.g. --quick]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cmake --build "${RNN_BUILD_DIR:-$root/build}" --target rnnc rnn-run peak-probe
cmake --build "${RNN_BUILD_DIR:-$root/build}" --target onednn-rnn-bench 2>/dev/null || true
/usr/bin/python3 "$root/benchmarks/bench.py" --out "$root/benchmarks/results" "$@"
/usr/bin/python3 "$root/benchmarks/plot.py"
/usr/bin/python3 - "$root" <<'PY'
import sys, re
root = sys.argv[1]
table = open(f"{root}/benchmarks/results.md").read()
doc = open(f"{root}/docs/benchmarks.md").read()
doc = re.sub(r"<!-- results -->.*<!-- /results -->",
             "<!-- results -->\n" + table.replace("\\", "\\\\") + "<!-- /results -->", doc, flags=re.S)
open(f"{root}/docs/benchmarks.md", "w").write(doc)
print("updated docs/benchmarks.md")
PY
