#!/usr/bin/env python3
"""Prints the rnnc / rnn-run arguments for a reference directory.

    ref_args.py REF_DIR

For every REF_DIR/in_NAME.npy prints `--input-shape=NAME=DxD` (not for
scalars, whose shape needs no pinning) and `--input=NAME=PATH`, one per line.
"""
import glob
import os
import sys

import numpy as np

for path in sorted(glob.glob(os.path.join(sys.argv[1], "in_*.npy"))):
    name = os.path.basename(path)[3:-4]
    array = np.load(path, mmap_mode="r")
    if array.ndim:
        print(f"--input-shape={name}=" + "x".join(str(d) for d in array.shape))
    print(f"--input={name}={path}")
