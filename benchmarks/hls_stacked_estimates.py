#!/usr/bin/python3
"""The HLS report's DATAFLOW estimates for stacked recurrent layers.

    hls_stacked_estimates.py --bin build/bin [--shape KIND:LAYERS:H:T]...
        [--reuse R]... [--precision fixed<16,6>]

Builds a stack of LAYERS forward LSTM / GRU nodes (batch 1, input size H,
random weights: only the shapes matter; one ONNX node per layer, each
layer's Y squeezed into the next one's X, as exporters write stacked
layers), compiles it with `rnnc --emit=hls --hls-report-only
--hls-reuse=R` and prints a markdown table of report.json: the processes,
the FIFO channels, the interval (the longest process), the latency of one
call through the processes (dataflow) and the sequential latency (every
statement after the other), and BRAM18. Analytical estimates (docs/hls.md),
not synthesis results. Run it with two --bin to compare two builds.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def stacked_model(kind, layers, hidden, steps, path):
    rng = np.random.default_rng(0)
    gates = 4 if kind == "LSTM" else 3
    inits, nodes = [], []
    inits.append(numpy_helper.from_array(np.asarray([1], np.int64), "axis1"))
    prev = "X"
    for k in range(layers):
        w = (rng.standard_normal((1, gates * hidden, hidden)) * 0.1).astype(np.float32)
        r = (rng.standard_normal((1, gates * hidden, hidden)) * 0.1).astype(np.float32)
        b = (rng.standard_normal((1, 2 * gates * hidden)) * 0.1).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"W{k}"), numpy_helper.from_array(r, f"R{k}"),
                  numpy_helper.from_array(b, f"B{k}")]
        last = k == layers - 1
        out = "Y" if last else f"y{k}"
        nodes.append(helper.make_node(kind, [prev, f"W{k}", f"R{k}", f"B{k}"], [out],
                                      hidden_size=hidden, name=f"{kind.lower()}{k}"))
        if not last:
            nodes.append(helper.make_node("Squeeze", [out, "axis1"], [out + "s"]))
            prev = out + "s"
    graph = helper.make_graph(
        nodes, "stack",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [steps, 1, hidden])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [steps, 1, 1, hidden])],
        inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", action="append", required=True)
    ap.add_argument("--shape", action="append")
    ap.add_argument("--reuse", type=int, action="append")
    ap.add_argument("--precision", default="fixed<16,6>")
    args = ap.parse_args()
    shapes = [(k, int(l), int(h), int(t)) for k, l, h, t in
              (s.split(":") for s in (args.shape or ["LSTM:2:256:150"]))]
    print(f"precision {args.precision}, clock 5 ns\n")
    print("| rnnc | layers | H | T | reuse R | processes | FIFO channels | "
          "interval | latency / call (dataflow) | latency / call (sequential) | BRAM18 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, layers, hidden, steps in shapes:
            model = os.path.join(tmp, f"{kind}{layers}_{hidden}_{steps}.onnx")
            stacked_model(kind, layers, hidden, steps, model)
            for binary in args.bin:
                for reuse in args.reuse or [64]:
                    out = os.path.join(tmp, "prj")
                    subprocess.run([os.path.join(binary, "rnnc"), model, "--emit=hls", "-o",
                                    out, "--hls-report-only", f"--hls-reuse={reuse}",
                                    f"--hls-precision={args.precision}"], check=True)
                    with open(os.path.join(out, "report.json")) as f:
                        rep = json.load(f)
                    df = rep["dataflow"]
                    us = rep["clock_ns"] / 1000.0
                    lat = df.get("latency_cycles", sum(df["process_cycles"]))
                    print(f"| {binary} | {layers} {kind} | {hidden} | {steps} | {reuse} | "
                          f"{len(df['process_cycles'])} | {df.get('fifo_channels', 0)} | "
                          f"{df['interval_cycles'] * us:.1f} us | {lat * us:.1f} us | "
                          f"{rep['latency_cycles'] * us:.1f} us | {rep['bram18']} |")
                    sys.stdout.flush()


if __name__ == "__main__":
    main()
