#!/usr/bin/env python3
"""The HLS report's estimates for the benchmark shapes (docs/hls.md).

    hls_estimates.py --bin build/bin [--precision fixed<16,6>] [--reuse R]...
        [--shape KIND:H:T]... [--rnnc-arg ARG]...

Builds the DeepBench batch-1 LSTM / GRU models of benchmarks/bench.py (same
generator), compiles each with `rnnc --emit=hls --hls-reuse=R` for every R,
and prints a markdown table of the analytical model's numbers from
report.json: DSPs, BRAM18, URAM if the weights went to URAM, cycles per
time step, the latency of the whole sequence at the clock (5 ns), the
cycles of the input copy (X into a partitioned local array) and, with
DATAFLOW, the interval between sequences (the longest process). The
numbers are estimates of the model documented in docs/hls.md, not synthesis
results. --shape restricts the shapes (e.g. LSTM:256:150); --rnnc-arg passes
more rnnc options (e.g. --sparsify=0.9, or --quantize=int8 with
--precision float): the table then also shows the stored non-zeros.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

SHAPES = [("LSTM", 256, 150), ("LSTM", 512, 25), ("LSTM", 1024, 25),
          ("GRU", 512, 1), ("GRU", 1024, 1500)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--precision", default="fixed<16,6>")
    ap.add_argument("--reuse", type=int, action="append")
    ap.add_argument("--shape", action="append")
    ap.add_argument("--rnnc-arg", action="append", default=[])
    args = ap.parse_args()
    shapes = SHAPES
    if args.shape:
        shapes = [(k, int(h), int(t)) for k, h, t in
                  (s.split(":") for s in args.shape)]
    reuses = args.reuse or [64, 256, 1024]
    print(f"precision {args.precision}, clock 5 ns {' '.join(args.rnnc_arg)}\n")
    print("| layer | H | T | reuse R | multipliers / product | DSP | BRAM18 | "
          "URAM (weights in URAM) | weight bytes | cycles / step | "
          "latency / sequence | input copy (cycles) | interval (dataflow) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, h, t in shapes:
        case = dict(kind=kind, hidden=h, seq=t, batch=1,
                    name=f"{kind.lower()}_h{h}_t{t}_n1")
        work = tempfile.mkdtemp(prefix="hls-est-")
        try:
            model, _, _ = bench.make_synthetic(case, work)
            for r in reuses:
                prj = os.path.join(work, f"r{r}")
                subprocess.run([os.path.join(args.bin, "rnnc"), model, "--emit=hls",
                                "-o", prj, f"--hls-reuse={r}",
                                f"--hls-precision={args.precision}", "--hls-report-only"]
                               + args.rnnc_arg,
                               check=True)
                rep = json.load(open(os.path.join(prj, "report.json")))
                step = rep["time_loops"][0]["cycles_per_step"] if rep["time_loops"] else 0
                mults = max(p["multipliers"] for p in rep["products"])
                copy = sum(c["cycles"] for c in rep.get("input_copies", []))
                df = rep.get("dataflow", {})
                interval = (f"{df['interval_cycles'] * rep['clock_ns'] / 1000:.1f} us"
                            if df.get("applied") else "-")
                print(f"| {kind} | {h} | {t} | {r} | {mults} | {rep['dsp']} | "
                      f"{rep['bram18']} | {rep['uram_if_weights_in_uram']} | "
                      f"{rep['weight_bytes']} | {step} | "
                      f"{rep['latency_us']:.1f} us | {copy} | {interval} |",
                      flush=True)
                shutil.rmtree(prj)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
