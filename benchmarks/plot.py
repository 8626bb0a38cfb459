#!/usr/bin/python3
"""Plots benchmarks/results.json (from bench.py) into docs/benchmarks.png:
speed-up of rnnc over ONNX Runtime and oneDNN per case (log scale)."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "benchmarks", "results.json")
dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs", "benchmarks.png")
results = [r for r in json.load(open(src)) if "ratio" in r]
names = [r["name"] for r in results]
y = np.arange(len(results))
fig, ax = plt.subplots(figsize=(9, 0.32 * len(results) + 1.5))
ax.barh(y - 0.2, [r["ratio"] for r in results], height=0.4, label="vs ONNX Runtime")
ax.barh(y + 0.2, [r.get("onednn_ratio", np.nan) for r in results], height=0.4, label="vs oneDNN")
ax.axvline(1.0, color="black", linewidth=0.8)
ax.set_xscale("log")
ax.set_yticks(y, names, fontsize=8)
ax.invert_yaxis()
ax.set_xlabel("speed-up of rnnc (baseline time / rnnc time, single thread, fp32)")
ax.legend(loc="lower right")
fig.tight_layout()
fig.savefig(dst, dpi=110)
print(f"wrote {dst}")
