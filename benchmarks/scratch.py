#!/usr/bin/env python3
"""Scratch memory of the real models with and without rnn-plan-scratch.

    /usr/bin/python3 benchmarks/scratch.py [--build build] [--out benchmarks/scratch.md]

Compiles every model of ../shared/models at its reference input shapes with
`rnnc --report` and reads the report's scratch line: the bytes of the slots
(buffers with disjoint lifetimes share a slot, planned at compile time)
against the bytes of the same buffers allocated one by one (all alive until
the end of the run, where the deallocation pipeline frees them). Also runs
each model with and without the plan and checks that the outputs are
bit-identical. That check uses --fast-math=false: with reassociation
allowed, LLVM may vectorize a sum differently once buffers are allocated
differently, which moves results by an ulp without any bug.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.environ.get("RNN_MODELS_DIR", os.path.join(ROOT, "..", "shared", "models"))
SCRATCH = re.compile(r"scratch: (\d+) bytes in (\d+) slot\(s\) for (\d+) buffer\(s\) "
                     r"\(allocated one by one: (\d+) bytes\)")


def ref_args(ref):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "ref_args.py"), ref],
                         check=True, capture_output=True, text=True).stdout.split()
    shapes = [a for a in out if a.startswith("--input-shape")]
    inputs = [a for a in out if a.startswith("--input=")]
    return shapes, inputs


def run(bin_dir, model, lib, shapes, inputs, outdir, extra):
    subprocess.run([os.path.join(bin_dir, "rnnc"), model, "-o", lib, *shapes, *extra],
                   check=True, capture_output=True, text=True)
    subprocess.run([os.path.join(bin_dir, "rnn-run"), lib, *inputs, "--output-dir", outdir],
                   check=True, capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "scratch.md"))
    args = ap.parse_args()
    bin_dir = os.path.join(args.build, "bin")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for model in sorted(glob.glob(os.path.join(MODELS, "*.onnx"))):
            name = os.path.basename(model)[:-5]
            ref = os.path.join(MODELS, "ref", name)
            if not os.path.isdir(ref):
                continue
            shapes, inputs = ref_args(ref)
            report = subprocess.run(
                [os.path.join(bin_dir, "rnnc"), model, "-o", os.path.join(tmp, "r.so"),
                 "--report", *shapes], check=True, capture_output=True, text=True).stdout
            m = SCRATCH.search(report)
            if not m:
                sys.exit(f"{name}: no scratch line in the report:\n{report}")
            planned, slots, buffers, unplanned = map(int, m.groups())
            outs = {}
            for flag in ("--plan-scratch=true", "--plan-scratch=false"):
                d = os.path.join(tmp, name + flag[-5:])
                os.makedirs(d)
                run(bin_dir, model, os.path.join(tmp, "m.so"), shapes, inputs, d,
                    [flag, "--fast-math=false"])
                outs[flag] = {f: np.load(os.path.join(d, f)) for f in sorted(os.listdir(d))}
            on, off = outs["--plan-scratch=true"], outs["--plan-scratch=false"]
            same = all(np.array_equal(on[f], off[f]) for f in on)
            rows.append((name, buffers, slots, unplanned, planned, same))
            print(f"{name}: {buffers} buffers in {slots} slots, {unplanned} -> {planned} bytes, "
                  f"identical={same}", flush=True)
    with open(args.out, "w") as f:
        f.write("| model | buffers | slots | one by one (bytes) | planned (bytes) | ratio "
                "| outputs bit-identical (--fast-math=false) |\n")
        f.write("|---|---:|---:|---:|---:|---:|---|\n")
        for name, buffers, slots, unplanned, planned, same in rows:
            ratio = unplanned / planned if planned else float("nan")
            f.write(f"| {name} | {buffers} | {slots} | {unplanned} | {planned} | {ratio:.2f}x "
                    f"| {'yes' if same else 'NO'} |\n")
    if not all(r[5] for r in rows):
        sys.exit("outputs differ with and without the scratch plan")


if __name__ == "__main__":
    main()
