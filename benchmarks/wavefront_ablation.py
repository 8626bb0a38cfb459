#!/usr/bin/env python3
"""rnn-wavefront on / off on stacked layers, interleaved.

    /usr/bin/python3 benchmarks/wavefront_ablation.py [--build build]
        [--shapes lstm2_h256_t100_n1 ...] [--block 16] [--threads 1]
        [--rounds 8] [--runs 100] [--out benchmarks/wavefront_results]

Every shape (KIND[LAYERS]_hH_tT_nN, the stacked synthetic models of
bench.py: LAYERS forward layers, input size = hidden size) is compiled with
the blocked wavefront (--wavefront-block=B, or the pass's cost rule with
--block 0) and with --wavefront=false, the outputs of the two builds are
compared (rtol 1e-4, atol 1e-5) and the two libraries are timed in
alternating rounds as in fuse_ablation.py (rnn-run --bench RUNS, with
--threads N). Also reported: the planned scratch arena of both builds
(rnnc --report). Results go to OUT.md and OUT.json.
"""

import argparse
import os
import re
import subprocess

from fuse_ablation import ROOT, ablation, table, write_results

DEFAULT_SHAPES = ["lstm2_h128_t100_n1", "lstm2_h256_t100_n1", "lstm2_h512_t100_n1",
                  "lstm2_h1024_t50_n1", "gru2_h256_t100_n1", "lstm3_h256_t100_n1",
                  "lstm2_h256_t100_n4"]


def arena_bytes(rnnc, model, extra):
    out = subprocess.run([rnnc, model, "--report", "-o", os.devnull, *extra], check=True,
                         capture_output=True, text=True)
    m = re.search(r"scratch: (\d+) bytes", out.stdout + out.stderr)
    return int(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--shapes", nargs="*", default=DEFAULT_SHAPES)
    ap.add_argument("--block", type=int, default=0,
                    help="--wavefront-block of the 'wavefront' build (0: the cost rule)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "wavefront_results"))
    args = ap.parse_args()
    names = ["wavefront", "layers"]
    on = [f"--wavefront-block={args.block}"]
    results = ablation(args, args.shapes, names, [on, ["--wavefront=false"]],
                       run_args=["--threads", str(args.threads)], subdir="wavefront")
    rnnc = os.path.join(args.build, "bin", "rnnc")
    for r in results:
        model = os.path.join(r["work"], "model.onnx")
        r["arena_wavefront"] = arena_bytes(rnnc, model, on)
        r["arena_layers"] = arena_bytes(rnnc, model, ["--wavefront=false"])
    lines = [f"rnn-wavefront ablation (block {args.block or 'by the cost rule'}, "
             f"{args.threads} thread(s)): {args.rounds} alternating rounds of rnn-run "
             f"--bench {args.runs} per build; medians of the rounds' medians, minima of "
             "their minima, CPU time per run (median of the rounds). Speed-up = layers "
             "(--wavefront=false) / wavefront.", ""] + table(results, names)
    lines += ["", "| shape | arena bytes, wavefront | arena bytes, layer by layer |",
              "|---|---:|---:|"]
    lines += [f"| {r['shape']} | {r['arena_wavefront']} | {r['arena_layers']} |"
              for r in results]
    write_results(args.out, lines, results)


if __name__ == "__main__":
    main()
