#!/usr/bin/env python3
"""Writes a --calibration-data directory from one set of reference inputs.

    make_calibration_sets.py IN_DIR OUT_DIR [--sets N] [--seed S]

IN_DIR holds the inputs as in_NAME.npy (test/e2e/models/CASE) or NAME.npy.
OUT_DIR gets N subdirectories set0..set{N-1}, each with NAME.npy for every
input, perturbed as scripts/quant_accuracy.py does (every float input x
becomes g * x + s * std(x) * noise, g in [0.5, 1.5], s in [0.05, 0.5],
seeded; integer inputs unchanged). The reference inputs themselves are not
included, so a model calibrated on OUT_DIR is evaluated on unseen data.
"""
import argparse
import glob
import os
import sys

import numpy as np


def perturbed_sets(base, n, seed):
    rng = np.random.default_rng(seed)
    sets = []
    for _ in range(n):
        g = rng.uniform(0.5, 1.5)
        s = rng.uniform(0.05, 0.5)
        cur = {}
        for name, x in base.items():
            if np.issubdtype(x.dtype, np.floating):
                std = float(x.std()) or 1.0
                cur[name] = (g * x + s * std * rng.standard_normal(x.shape)).astype(x.dtype)
            else:
                cur[name] = x
        sets.append(cur)
    return sets


def load_inputs(in_dir):
    base = {}
    for p in sorted(glob.glob(os.path.join(in_dir, "*.npy"))):
        name = os.path.basename(p)[:-4]
        if name.startswith("out_"):
            continue
        base[name[3:] if name.startswith("in_") else name] = np.load(p)
    return base


def write_sets(sets, out_dir):
    for i, s in enumerate(sets):
        d = os.path.join(out_dir, f"set{i}")
        os.makedirs(d, exist_ok=True)
        for k, v in s.items():
            np.save(os.path.join(d, k + ".npy"), v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("in_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--sets", type=int, default=4)
    ap.add_argument("--seed", type=int, default=4321)
    args = ap.parse_args()
    base = load_inputs(args.in_dir)
    if not base:
        sys.exit(f"make_calibration_sets.py: no .npy inputs in {args.in_dir}")
    write_sets(perturbed_sets(base, args.sets, args.seed), args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
