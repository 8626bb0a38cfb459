#!/usr/bin/env python3
"""Runs one ONNX backend node test (onnx/backend/test/data/node/NAME) through
rnnc and rnn-run and compares with the test's expected outputs.

    onnx_node_test.py TEST_DIR WORK_DIR --bin BUILD_BIN [--rtol R] [--atol A]

Every test_data_set_* of the test is run: its input_*.pb and output_*.pb
(TensorProto) are converted to .npy with onnx.numpy_helper, the model is
compiled once with `rnnc`, run with `rnn-run`, and each output is compared
with numpy.isclose(actual, expected, rtol, atol). The graph's input and output
names come from the model, in order. Needs Debian's python3-onnx.
"""

import argparse
import glob
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def load_pb(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout)
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("test_dir")
    ap.add_argument("work_dir")
    ap.add_argument("--bin", required=True, help="directory holding rnnc and rnn-run")
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-5)
    ap.add_argument("--hls", action="store_true",
                    help="compile with --emit=hls and run the C simulation "
                         "(csim, built with the project's Makefile and "
                         "-Werror) instead of the shared library")
    args = ap.parse_args()

    model = onnx.load(os.path.join(args.test_dir, "model.onnx"))
    initializers = {t.name for t in model.graph.initializer}
    in_names = [i.name for i in model.graph.input if i.name not in initializers]
    out_names = [o.name for o in model.graph.output]
    os.makedirs(args.work_dir, exist_ok=True)
    lib = os.path.join(args.work_dir, "model.so")
    runner = [os.path.join(args.bin, "rnn-run"), lib]
    if args.hls:
        prj = os.path.join(args.work_dir, "prj")
        run([os.path.join(args.bin, "rnnc"),
             os.path.join(args.test_dir, "model.onnx"), "--emit=hls", "-o", prj])
        run(["make", "-s", "-C", prj, "csim", "CXXFLAGS=-O1 -Werror"])
        runner = [os.path.join(prj, "csim")]
    else:
        run([os.path.join(args.bin, "rnnc"),
             os.path.join(args.test_dir, "model.onnx"), "-o", lib])

    sets = sorted(glob.glob(os.path.join(args.test_dir, "test_data_set_*")))
    if not sets:
        sys.exit(f"no test_data_set_* in {args.test_dir}")
    failures = 0
    for data_set in sets:
        inputs = sorted(glob.glob(os.path.join(data_set, "input_*.pb")),
                        key=lambda p: int(p.rsplit("_", 1)[1][:-3]))
        cmd = list(runner)
        for i, path in enumerate(inputs):
            npy = os.path.join(args.work_dir, f"in_{i}.npy")
            np.save(npy, load_pb(path))
            cmd += ["--input", f"{in_names[i]}={npy}"]
        out_dir = os.path.join(args.work_dir, "out_" + os.path.basename(data_set))
        cmd += ["--output-dir", out_dir]
        run(cmd)
        for k, name in enumerate(out_names):
            expected_path = os.path.join(data_set, f"output_{k}.pb")
            if not os.path.exists(expected_path):
                continue
            expected = load_pb(expected_path)
            actual = np.load(os.path.join(out_dir, name + ".npy"))
            ok = actual.shape == expected.shape and actual.dtype == expected.dtype
            err = float("inf")
            if ok:
                err = float(np.max(np.abs(actual.astype(np.float64) - expected))) if expected.size else 0.0
                ok = bool(np.allclose(actual, expected, rtol=args.rtol, atol=args.atol))
            print(f"{'PASS' if ok else 'FAIL'} {os.path.basename(data_set)} {name} "
                  f"shape={actual.shape} max_abs_err={err:.3e} rtol={args.rtol:g} atol={args.atol:g}")
            failures += not ok
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
