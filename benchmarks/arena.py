#!/usr/bin/env python3
"""Scratch memory of the real models with and without rnn-plan-arena.

    /usr/bin/python3 benchmarks/arena.py [--build build] [--out benchmarks/arena.md]

Compiles every model of ../shared/models at its reference input shapes with
`rnnc --report` and reads the report's arena line: the arena size (one
allocation, buffers reused by liveness) against the bytes of the same
buffers allocated one by one (all alive until the end of the run, where the
deallocation pipeline frees them). Also runs each model once with and
without the arena and checks that the outputs are bit-identical. That check
uses --fast-math=false: with reassociation allowed, LLVM may vectorize a
sum differently once it knows more about the buffers' alignment, which moves
results by an ulp (seen: 5e-7 on a value of 1.1) without any bug.
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
ARENA = re.compile(r"scratch arena: (\d+) bytes for (\d+) buffer\(s\) "
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
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "arena.md"))
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
            m = ARENA.search(report)
            if not m:
                sys.exit(f"{name}: no arena line in the report:\n{report}")
            arena, buffers, unplanned = map(int, m.groups())
            outs = {}
            for flag in ("--arena=true", "--arena=false"):
                d = os.path.join(tmp, name + flag[-5:])
                os.makedirs(d)
                run(bin_dir, model, os.path.join(tmp, "m.so"), shapes, inputs, d,
                    [flag, "--fast-math=false"])
                outs[flag] = {f: np.load(os.path.join(d, f)) for f in sorted(os.listdir(d))}
            same = all(np.array_equal(outs["--arena=true"][f], outs["--arena=false"][f])
                       for f in outs["--arena=true"])
            rows.append((name, buffers, unplanned, arena, same))
            print(f"{name}: {buffers} buffers, {unplanned} -> {arena} bytes, identical={same}",
                  flush=True)
    with open(args.out, "w") as f:
        f.write("| model | planned buffers | one by one (bytes) | arena (bytes) | ratio | outputs bit-identical (--fast-math=false) |\n")
        f.write("|---|---:|---:|---:|---:|---|\n")
        for name, buffers, unplanned, arena, same in rows:
            ratio = unplanned / arena if arena else float("nan")
            f.write(f"| {name} | {buffers} | {unplanned} | {arena} | {ratio:.2f}x | {'yes' if same else 'NO'} |\n")
    if not all(r[4] for r in rows):
        sys.exit("outputs differ with and without the arena")


if __name__ == "__main__":
    main()
