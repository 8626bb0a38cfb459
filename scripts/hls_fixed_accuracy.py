#!/usr/bin/env python3
"""Accuracy of the HLS backend's fixed-point mode: for every
attribute-coverage model of test/e2e/models, DTLN stage 1 and Silero VAD
static, and every precision given, runs scripts/run_hls_case.py in cosine
mode and prints a markdown table of the smallest cosine similarity over the
model's outputs (and the largest absolute error) against the fp32
references. Used for the table in docs/hls.md.

    hls_fixed_accuracy.py --bin build/bin [--precision fixed<16,6>]...
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
MODELS = os.path.join(ROOT, "test", "e2e", "models")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "models")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/models"


def cases():
    for case in sorted(os.listdir(MODELS)):
        d = os.path.join(MODELS, case)
        ins = sorted(glob.glob(os.path.join(d, "in_*.npy")))
        yield case, os.path.join(d, "model.onnx"), d, ins
    for name in ("dtln_model_1", "silero_vad_16k_static"):
        ref = os.path.join(SHARED, "ref", name)
        yield name, os.path.join(SHARED, name + ".onnx"), ref, \
            sorted(glob.glob(os.path.join(ref, "in_*.npy")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--precision", action="append")
    ap.add_argument("--only", nargs="*", help="model names to run")
    args = ap.parse_args()
    precisions = args.precision or ["fixed<16,6>"]
    print("| model | " + " | ".join(f"{p}: min cosine / max abs err"
                                     for p in precisions) + " |")
    print("|---|" + "---|" * len(precisions))
    for case, model, ref, ins in cases():
        if args.only and case not in args.only:
            continue
        row = []
        for p in precisions:
            with tempfile.TemporaryDirectory() as work:
                cmd = [sys.executable, os.path.join(ROOT, "scripts", "run_hls_case.py"),
                       model, work, "--bin", args.bin, "--ref", ref,
                       "--min-cosine", "0", f"--rnnc-arg=--hls-precision={p}"]
                for path in ins:
                    name = os.path.basename(path)[3:-4]
                    shape = "x".join(str(s) for s in np.load(path).shape)
                    cmd += ["--input", f"{name}={path}",
                            "--input-shape", f"{name}={shape}"]
                out = subprocess.run(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True).stdout
                cos = [float(c) for c in re.findall(r" cosine=([-0-9.e]+)", out)]
                err = [float(c) for c in re.findall(r"max_abs_err=([-0-9.e+]+)", out)]
                row.append(f"{min(cos):.6f} / {max(err):.2e}" if cos else "error")
        print(f"| {case} | " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
