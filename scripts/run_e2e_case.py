#!/usr/bin/env python3
"""Compiles and runs one test/e2e/models/NAME case and checks its outputs.

    run_e2e_case.py CASE_DIR WORK_DIR --bin BUILD_BIN [--rnnc-arg=ARG]...
        [--wrap "CMD ..."] [--rtol R] [--atol A] [--min-cosine C]
        [--threads N]...

Compiles CASE_DIR/model.onnx with rnnc (plus the --rnnc-arg values), runs it
with rnn-run on CASE_DIR/in_*.npy (prefixed by the --wrap command, e.g.
valgrind), and compares the outputs with CASE_DIR/out_*.npy through
scripts/compare_npy.py. With several --threads counts the model runs once
per count (rnn-run --threads N); every run is compared with the references
and must be bit-identical to the first. Exits non-zero if any step fails.
"""
import argparse
import glob
import os
import shlex
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("case_dir")
ap.add_argument("work_dir")
ap.add_argument("--bin", required=True)
ap.add_argument("--rnnc-arg", action="append", default=[])
ap.add_argument("--wrap", default="")
ap.add_argument("--rtol", default="1e-4")
ap.add_argument("--atol", default="1e-5")
ap.add_argument("--min-cosine", default=None,
                help="compare by cosine similarity (quantized models), see compare_npy.py")
ap.add_argument("--threads", action="append", type=int, default=[],
                help="rnn-run --threads N (repeat for several runs)")
args = ap.parse_args()

os.makedirs(args.work_dir, exist_ok=True)
lib = os.path.join(args.work_dir, "model.so")
subprocess.run([os.path.join(args.bin, "rnnc"), os.path.join(args.case_dir, "model.onnx"),
                "-o", lib, *args.rnnc_arg], check=True)
inputs = []
for path in sorted(glob.glob(os.path.join(args.case_dir, "in_*.npy"))):
    inputs += ["--input", os.path.basename(path)[3:-4] + "=" + path]
here = os.path.dirname(os.path.abspath(__file__))
first = None
for threads in args.threads or [1]:
    out = os.path.join(args.work_dir, "out" if first is None else f"out_t{threads}")
    cmd = shlex.split(args.wrap) + [os.path.join(args.bin, "rnn-run"), lib, *inputs,
                                    "--output-dir", out]
    if args.threads:
        cmd += ["--threads", str(threads)]
    subprocess.run(cmd, check=True)
    rc = subprocess.run([sys.executable, os.path.join(here, "compare_npy.py"), out, args.case_dir,
                         "--rtol", args.rtol, "--atol", args.atol,
                         *(["--min-cosine", args.min_cosine] if args.min_cosine else [])]).returncode
    if rc:
        sys.exit(rc)
    if first is None:
        first = out
        continue
    for name in sorted(os.listdir(first)):
        with open(os.path.join(first, name), "rb") as a, open(os.path.join(out, name), "rb") as b:
            if a.read() != b.read():
                sys.exit(f"{name}: --threads {threads} differs from --threads {args.threads[0]}")
    print(f"--threads {threads}: bit-identical to --threads {args.threads[0]}")
