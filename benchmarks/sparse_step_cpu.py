#!/usr/bin/python3
"""Recurrent-step speed of the sparse f32 kernels in CPU time, for a shared machine.

    /usr/bin/python3 benchmarks/sparse_step_cpu.py [--rounds 5] [--levels 0.8 0.9 0.95]
        [--kinds LSTM GRU] [--blocks 1x1 4x1 8x1] [--balance row|gate|matrix|bank]
        [--work DIR] [--baseline-rnnc PATH]

Builds the `recurrent` models of benchmarks/sparse_bench.py (H=1024, I=16,
T=100, batch 1; time / T = the recurrent step) pruned row-balanced
(unstructured, or in the blocks of `--blocks`; other balance groups with
`--balance`, e.g. bank: the same count in every 64 columns of a row), compiled with
`--sparsify=P[:block=B]` (sparse) and the same pruned
file with `--sparse-threshold=1.0` (our dense fp32 kernels on the same
weights), and optionally with another rnnc (`--baseline-rnnc`, e.g. the
previous kernel). Wall-clock medians (sparse_bench.py) count the time slices
a process loses to the others when the 2 cores are shared by 5-9 runnable
processes; this script measures CPU time instead: the task-clock of
`rnn-run --bench 32` minus that of `rnn-run --bench 2` (perf stat), divided
by 30, so only the runs' own CPU time counts (the cache contention from the
other processes still does). The libraries are timed alternately, `--rounds`
times each; prints medians, the spread, the dense / sparse ratio of each
round (the two timed back to back) and the load average.
"""
import argparse
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
from sparse_bench import make_model, run  # noqa: E402

LO, HI = 2, 32


def task_clock(rnn_run, lib, x, n):
    p = subprocess.run(["perf", "stat", "-x,", "-e", "task-clock", rnn_run, lib, "--input",
                        "X=" + x, "--bench", str(n)], capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(p.stderr[-2000:])
    for line in p.stderr.splitlines():
        if "task-clock" in line:
            return float(line.split(",")[0])
    raise RuntimeError("no task-clock in perf output:\n" + p.stderr[-2000:])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work", default="/tmp/rnnc-sparse-step-cpu")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--kinds", nargs="*", default=["LSTM", "GRU"])
    ap.add_argument("--levels", nargs="*", default=["0.8", "0.9", "0.95"])
    ap.add_argument("--blocks", nargs="*", default=["1x1"])
    ap.add_argument("--balance", default="row", choices=["row", "gate", "matrix", "bank"])
    ap.add_argument("--baseline-rnnc", default=None)
    args = ap.parse_args()
    rnnc, rnn_run = (os.path.join(args.build, "bin", t) for t in ("rnnc", "rnn-run"))
    prune = [sys.executable, os.path.join(ROOT, "scripts", "prune_onnx.py")]
    os.makedirs(args.work, exist_ok=True)
    names = ["sparse"] + (["baseline"] if args.baseline_rnnc else []) + ["dense"]
    print("| kind | sparsity | block | " + " | ".join(f"{n} ms" for n in names) +
          " | dense / sparse | " + ("dense / baseline | " if args.baseline_rnnc else "") +
          "spread (min-max) | dense / sparse per round | load |")
    print("|---" * (len(names) + 7 + (1 if args.baseline_rnnc else 0)) + "|")
    for kind in args.kinds:
        base = os.path.join(args.work, f"{kind}_recurrent")
        x = make_model(kind, 1024, 16, 100, base + ".onnx")
        for level, block in ((l, b) for l in args.levels for b in args.blocks):
            tag = f"{base}_{level}_{block}" + ("" if args.balance == "row" else "_" + args.balance)
            spec = level + ("" if block == "1x1" else ":block=" + block)
            spec += "" if args.balance == "row" else ":balance=" + args.balance
            run([rnnc, base + ".onnx", "--sparsify=" + spec, "-o", tag + ".so"])
            run(prune + [base + ".onnx", tag + ".onnx", "--sparsity", level, "--block", block,
                         "--balance", args.balance])
            run([rnnc, tag + ".onnx", "--sparse-threshold=1.0", "-o", tag + "_dense.so"])
            libs = [tag + ".so"]
            if args.baseline_rnnc:
                run([args.baseline_rnnc, base + ".onnx", "--sparsify=" + spec, "-o",
                     tag + "_baseline.so"])
                libs.append(tag + "_baseline.so")
            libs.append(tag + "_dense.so")
            times = [[] for _ in libs]
            load0 = os.getloadavg()[0]
            for _ in range(args.rounds):
                for lib, t in zip(libs, times):
                    t.append((task_clock(rnn_run, lib, x, HI) -
                              task_clock(rnn_run, lib, x, LO)) / (HI - LO))
            med = [statistics.median(t) for t in times]
            ratios = [med[-1] / m for m in med[:-1]]
            shape = block + ("" if args.balance == "row" else f" ({args.balance})")
            print(f"| {kind} | {float(level) * 100:.0f}% | {shape} | " +
                  " | ".join(f"{m:.2f}" for m in med) + " | " +
                  " | ".join(f"{r:.2f}x" for r in ratios) + " | " +
                  ", ".join(f"{min(t):.2f}-{max(t):.2f}" for t in times) + " | " +
                  " ".join(f"{d / sp:.2f}" for sp, d in zip(times[0], times[-1])) +
                  f" | {load0:.1f}-{os.getloadavg()[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
