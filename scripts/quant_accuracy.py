#!/usr/bin/env python3
"""Accuracy of rnnc's quantized models (--quantize=int8|bf16) versus fp32.

    quant_accuracy.py [--models DIR] [--bin BUILD_BIN] [--sets N] [--work DIR]
                      [--only NAME,...] [--markdown OUT.md] [--modes M,...]

For every real model of DIR (../shared/models by default, with reference
inputs in DIR/ref/NAME/in_*.npy), builds N input sets: set 0 is the
reference inputs, sets 1..N-1 perturb every float input x as
g * x + s * std(x) * noise (seeded; g in [0.5, 1.5], s in [0.05, 0.5]);
integer inputs (sample rates) stay as they are. The fp32 reference of every
set is ONNX Runtime (scripts/ort/run_ort.js). rnnc compiles the model with
--quantize=none, int8, int8 with --calibration-data (int8-static: static
activation scales calibrated on 8 other perturbed sets, seed 4321, see
make_calibration_sets.py) and bf16 (input shapes from the reference inputs);
rnn-run runs each set. Per output and mode it reports the worst cosine
similarity over the sets and the largest absolute error, and for VAD
models (Silero, output 'output' = speech probability) the agreement of the
decision p > 0.5 with fp32 over the sets. Prints a markdown table (and
writes it to --markdown).
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_calibration_sets import perturbed_sets, write_sets  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
from compare_npy import cosine  # noqa: E402
MODES = ["none", "int8", "int8-static", "bf16"]
GOAL = {"none": None, "int8": 0.999, "int8-static": 0.999, "bf16": 0.9999}
# Calibration sets of int8-static: 8 perturbed copies of the reference
# inputs with another seed than the evaluation sets (unseen data).
CALIBRATION_SEED = 4321
VAD = {"silero_vad_16k_static", "silero_vad_v3", "silero_vad_v6_op15"}


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{r.stdout}")
    return r.stdout


def make_sets(ref_dir, n, seed):
    """The reference inputs and n - 1 perturbed copies (gain and noise)."""
    base = {os.path.basename(p)[3:-4]: np.load(p)
            for p in sorted(glob.glob(os.path.join(ref_dir, "in_*.npy")))}
    return [base] + perturbed_sets(base, n - 1, seed)


def evaluate(name, model, ref_dir, args, work):
    sets = make_sets(ref_dir, args.sets, seed=1234)
    shapes = [f"--input-shape={k}={'x'.join(map(str, v.shape))}"
              for k, v in sets[0].items() if np.issubdtype(v.dtype, np.floating) or v.ndim]
    set_dirs = []
    for i, s in enumerate(sets):
        d = os.path.join(work, name, f"set{i}")
        os.makedirs(d, exist_ok=True)
        for k, v in s.items():
            np.save(os.path.join(d, f"{k}.npy"), v)
        set_dirs.append(d)
    # fp32 reference: ONNX Runtime.
    refs = []
    for d in set_dirs:
        out = os.path.join(d, "ort")
        inputs = [f"{k}={os.path.join(d, k + '.npy')}" for k in sets[0]]
        cmd = ["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"), model]
        for i in inputs:
            cmd += ["--input", i]
        run(cmd + ["--output-dir", out])
        refs.append({os.path.basename(p)[:-4]: np.load(p) for p in glob.glob(os.path.join(out, "*.npy"))})
    rows = []
    for mode in args.modes.split(","):
        lib = os.path.join(work, name, f"{mode}.so")
        flags = [f"--quantize={mode}"]
        if mode == "int8-static":
            calib = os.path.join(work, name, "calibration")
            write_sets(perturbed_sets(sets[0], 8, CALIBRATION_SEED), calib)
            flags = ["--quantize=int8", f"--calibration-data={calib}"]
        run([os.path.join(args.bin, "rnnc"), model, "-o", lib, *flags, *shapes])
        worst = {}
        decisions = [0, 0]
        for d, ref in zip(set_dirs, refs):
            out = os.path.join(d, mode)
            cmd = [os.path.join(args.bin, "rnn-run"), lib]
            for k in sets[0]:
                cmd += ["--input", f"{k}={os.path.join(d, k + '.npy')}"]
            run(cmd + ["--output-dir", out])
            for oname, e in ref.items():
                a = np.load(os.path.join(out, oname + ".npy"))
                cos = cosine(a, e)
                err = float(np.max(np.abs(a.astype(np.float64) - e))) if a.size else 0.0
                c0, e0 = worst.get(oname, (1.0, 0.0))
                worst[oname] = (min(c0, cos), max(e0, err))
                if name in VAD and oname == "output":
                    decisions[0] += int(np.sum((a > 0.5) == (e > 0.5)))
                    decisions[1] += a.size
        for oname, (cos, err) in sorted(worst.items()):
            agree = (f"{decisions[0]}/{decisions[1]}" if name in VAD and oname == "output"
                     else "")
            rows.append((name, mode, oname, cos, err, agree))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default=os.path.join(ROOT, "..", "shared", "models"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--sets", type=int, default=8)
    ap.add_argument("--work", default=None)
    ap.add_argument("--only", default="")
    ap.add_argument("--markdown", default=None)
    ap.add_argument("--modes", default=",".join(MODES),
                    help="comma separated, of " + ",".join(MODES))
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="quant_accuracy.")
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(args.models, "*.onnx")))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    lines = ["| model | mode | output | min cosine | max abs err | VAD decisions agreeing | goal |",
             "|---|---|---|---|---|---|---|"]
    for name in names:
        ref_dir = os.path.join(args.models, "ref", name)
        if not os.path.isdir(ref_dir):
            continue
        for (m, mode, out, cos, err, agree) in evaluate(
                name, os.path.join(args.models, name + ".onnx"), ref_dir, args, work):
            goal = GOAL[mode]
            verdict = "" if goal is None else ("met" if cos >= goal else f"**missed** (< {goal})")
            line = f"| {m} | {mode} | {out} | {cos:.6f} | {err:.2e} | {agree} | {verdict} |"
            lines.append(line)
            print(line, flush=True)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
