#!/usr/bin/env python3
"""End-to-end check of rnn-matmul-to-vector{f32-projection-in-step}.

    /usr/bin/python3 scripts/check_f32_projection_in_step.py --bin BUILD/bin --work DIR

Builds small fp32 models whose batch-1 forward steps rnnc fuses with the
input projection (N a multiple of 64, weights within the L2 rule), with
T = 21 (blocks of 2, 4 or 8 steps and a partial last block):

  * rnn_tanh: RNN H = 64, I = 48, tanh, bias, initial_h;
  * rnn_bidir: RNN H = 128, I = 32, both directions (the forward loop is
    fused, the reverse one reads row T - 1 - t and is left alone);
  * lstm_peep_seqlens: LSTM H = 32 (4H = 128), I = 16, peepholes,
    sequence_lens = [17], compiled with --fuse-gate-epilogue=false (the
    fused cell kernel takes small LSTMs otherwise);
  * lstm_default: LSTM H = 64, I = 64 with rnnc's defaults: with B > 0
    rnn-fuse-gate-epilogue leaves the cell to the projection-in-step
    kernels, with B = 0 it fuses it (the two-phase build here);
  * gru: GRU H = 64 (3H = 192), linear_before_reset = 1.

Each is compiled with --f32-projection-in-step=0 (the two-phase kernels), 2,
4 and 8, run with 1 and 2 threads, and compared:

  * with ONNX Runtime (scripts/ort/run_ort.js): rtol 1e-4, atol 1e-5, the
    e2e tolerances;
  * with the two-phase build: rtol 1e-5, atol 1e-6 (the same products; the
    projection's last T mod 4 rows are summed in another order);
  * the transformation must have been applied where expected (the shared
    object differs from the two-phase build): every B for rnn_bidir and
    lstm_peep_seqlens, B = 2 and 4 for rnn_tanh (N = 64 is not a multiple
    of 128, the panel of B = 8), none for the GRU (its step is not one
    product into the projection's row: rnnc leaves it alone).
Exit status 1 on any failure.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_projection_in_step import parse_bin_work, run  # noqa: E402

T = 21
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(path, kind, hidden, inputs, rng, dirs=1, peepholes=False, seq_lens=None,
          **attrs):
    gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[kind]
    bound = 1.0 / np.sqrt(hidden)
    u = lambda *s: rng.uniform(-bound, bound, s).astype(np.float32)
    inits = [numpy_helper.from_array(u(dirs, gates * hidden, inputs), "W"),
             numpy_helper.from_array(u(dirs, gates * hidden, hidden), "R"),
             numpy_helper.from_array(u(dirs, 2 * gates * hidden), "B")]
    names = ["X", "W", "R", "B", "", "initial_h"]
    feeds = {"X": rng.standard_normal((T, 1, inputs)).astype(np.float32),
             "initial_h": (0.5 * rng.standard_normal((dirs, 1, hidden))).astype(np.float32)}
    if seq_lens is not None:
        inits.append(numpy_helper.from_array(np.array(seq_lens, np.int32), "sequence_lens"))
        names[4] = "sequence_lens"
    if kind == "LSTM":
        names.append("")
        if peepholes:
            names.append("P")
            inits.append(numpy_helper.from_array(u(dirs, 3 * hidden), "P"))
    direction = "bidirectional" if dirs == 2 else "forward"
    node = helper.make_node(kind, names, ["Y", "Y_h"], hidden_size=hidden,
                            direction=direction, **attrs)
    graph = helper.make_graph(
        [node], kind.lower(),
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [T, 1, inputs]),
         helper.make_tensor_value_info("initial_h", TensorProto.FLOAT, [dirs, 1, hidden])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [T, dirs, 1, hidden]),
         helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [dirs, 1, hidden])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), path)
    return feeds


# name, model, rnnc flags, the B values the transformation applies to.
CASES = [
    ("rnn_tanh", dict(kind="RNN", hidden=64, inputs=48), [], (2, 4)),
    ("rnn_bidir", dict(kind="RNN", hidden=128, inputs=32, dirs=2), [], (2, 4, 8)),
    ("lstm_peep_seqlens", dict(kind="LSTM", hidden=32, inputs=16, peepholes=True,
                               seq_lens=[17]), ["--fuse-gate-epilogue=false"], (2, 4, 8)),
    ("lstm_default", dict(kind="LSTM", hidden=64, inputs=64), [], (2, 4, 8)),
    ("gru", dict(kind="GRU", hidden=64, inputs=64, linear_before_reset=1), [], ()),
]


def make_case(root, name, spec, rng):
    """ROOT/NAME/model.onnx built from `spec` (see build), its inputs saved
    as in_*.npy and ONNX Runtime's outputs in ROOT/NAME/ort: returns the
    directory, the model, rnn-run's --input arguments and ORT's directory."""
    work = os.path.join(root, name)
    os.makedirs(work, exist_ok=True)
    model = os.path.join(work, "model.onnx")
    feeds = build(model, rng=rng, **spec)
    in_args = []
    for k, v in feeds.items():
        np.save(os.path.join(work, f"in_{k}.npy"), v)
        in_args += ["--input", f"{k}={os.path.join(work, f'in_{k}.npy')}"]
    ort_dir = os.path.join(work, "ort")
    run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"), model, *in_args,
         "--output-dir", ort_dir])
    return work, model, in_args, ort_dir


def close(a, b, rtol, atol):
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


def main():
    args = parse_bin_work(__doc__)
    rng = np.random.default_rng(11)
    rnnc, rnn_run = os.path.join(args.bin, "rnnc"), os.path.join(args.bin, "rnn-run")
    failed = False
    for name, spec, flags, applied in CASES:
        work, model, in_args, ort_dir = make_case(args.work, name, spec, rng)
        outs = {}
        for rows in (0, 2, 4, 8):
            lib = os.path.join(work, f"b{rows}.so")
            run([rnnc, model, "-o", lib, f"--f32-projection-in-step={rows}", *flags])
            for threads in (1, 2):
                od = os.path.join(work, f"out-b{rows}-t{threads}")
                run([rnn_run, lib, *in_args, "--output-dir", od, "--threads", str(threads)])
                outs[(rows, threads)] = {o: np.load(os.path.join(od, f"{o}.npy"))
                                         for o in ("Y", "Y_h")}
        for rows in (2, 4, 8):
            with open(os.path.join(work, f"b{rows}.so"), "rb") as f1, \
                    open(os.path.join(work, "b0.so"), "rb") as f0:
                differs = f1.read() != f0.read()
            if differs != (rows in applied):
                print(f"FAIL {name}: f32-projection-in-step={rows} was "
                      f"{'' if differs else 'not '}applied")
                failed = True
        worst_ort = worst_two = 0.0
        for (rows, threads), got in outs.items():
            for o, y in got.items():
                ort = np.load(os.path.join(ort_dir, f"{o}.npy"))
                two = outs[(0, 1)][o]
                worst_ort = max(worst_ort, float(np.abs(y - ort).max()))
                worst_two = max(worst_two, float(np.abs(y - two).max()))
                if not close(y, ort, 1e-4, 1e-5) or not close(y, two, 1e-5, 1e-6):
                    print(f"FAIL {name} {o} f32-projection-in-step={rows} threads={threads}: "
                          f"max abs diff vs ORT {np.abs(y - ort).max():.2e}, "
                          f"vs the two-phase kernels {np.abs(y - two).max():.2e}")
                    failed = True
        print(f"ok {name}: applied for B in {list(applied)}; B = 0/2/4/8, 1 and 2 threads; max abs diff "
              f"vs ORT {worst_ort:.1e}, vs the two-phase kernels {worst_two:.1e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
