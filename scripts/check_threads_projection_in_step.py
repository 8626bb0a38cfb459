#!/usr/bin/env python3
"""End-to-end check of the parallel region around the time loop of
f32-projection-in-step (rnn-parallelize-kernels, the step's product in an
scf.if: with the next block's projection tiles, or alone in the last block).

    /usr/bin/python3 scripts/check_threads_projection_in_step.py --bin BUILD/bin --work DIR

Builds batch-1 forward fp32 models whose steps stream 64K weights (below
the default --parallel-region-min-weights of 128K: compiled with
--parallel-region-min-weights=65536, which puts them in a region), with
T = 21 (two blocks of 8 steps with the projection inside the step, then a
partial last block, in the scf.if's other branch), initial_h and bias:

  * rnn_tanh: RNN I = H = 256, Tanh (ONNX's default);
  * rnn_relu: the same with activations = [Relu];
  * rnn_sigmoid: the same with activations = [Sigmoid];
  * lstm: LSTM I = H = 128 (4H = 512: the cell is not fused, its gate math
    is split by columns).

Each is compiled with --parallel-region-min-weights=65536 and with
--parallel=false, run with 1,
2 and 3 threads, and checked:

  * against ONNX Runtime (scripts/ort/run_ort.js): rtol 1e-4, atol 1e-5;
  * every thread count bit-identical to the build without thread support
    (so 1 thread is unchanged and 2 / 3 threads give the same bits);
  * the time loop runs in one parallel region: the threaded build's LLVM
    dialect has exactly one omp.parallel (the products stream less than
    --parallel-min-weights, so nothing else forks), the default build's
    none (64K weights stay below the default region threshold).
Prints one line per case; exit status 1 on any failure.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_f32_projection_in_step import close, make_case  # noqa: E402
from check_projection_in_step import parse_bin_work, run  # noqa: E402

REGION = "--parallel-region-min-weights=65536"

CASES = [
    ("rnn_tanh", dict(kind="RNN", hidden=256, inputs=256)),
    ("rnn_relu", dict(kind="RNN", hidden=256, inputs=256, activations=["Relu"])),
    ("rnn_sigmoid", dict(kind="RNN", hidden=256, inputs=256, activations=["Sigmoid"])),
    ("lstm", dict(kind="LSTM", hidden=128, inputs=128)),
]


def main():
    args = parse_bin_work(__doc__)
    rng = np.random.default_rng(5)
    rnnc, rnn_run = os.path.join(args.bin, "rnnc"), os.path.join(args.bin, "rnn-run")
    failed = False
    for name, spec in CASES:
        work, model, in_args, ort_dir = make_case(args.work, name, spec, rng)
        regions = []
        for flags in ([REGION], []):
            mlir = os.path.join(work, "model.mlir")
            run([rnnc, model, "-o", mlir, "--emit=llvm-mlir", *flags])
            with open(mlir) as f:
                regions.append(f.read().count("omp.parallel"))
        par, seq = os.path.join(work, "par.so"), os.path.join(work, "seq.so")
        run([rnnc, model, "-o", par, REGION])
        run([rnnc, model, "-o", seq, "--parallel=false"])
        ref_dir = os.path.join(work, "seq")
        run([rnn_run, seq, *in_args, "--output-dir", ref_dir])
        ref = {o: np.load(os.path.join(ref_dir, f"{o}.npy")) for o in ("Y", "Y_h")}
        worst = 0.0
        for o, y in ref.items():
            ort = np.load(os.path.join(ort_dir, f"{o}.npy"))
            worst = max(worst, float(np.abs(y - ort).max()))
            if not close(y, ort, 1e-4, 1e-5):
                print(f"FAIL {name} {o}: max abs diff vs ORT {np.abs(y - ort).max():.2e}")
                failed = True
        for threads in (1, 2, 3):
            od = os.path.join(work, f"t{threads}")
            run([rnn_run, par, *in_args, "--output-dir", od, "--threads", str(threads)])
            for o, y in ref.items():
                got = np.load(os.path.join(od, f"{o}.npy"))
                if got.tobytes() != y.tobytes():
                    print(f"FAIL {name} {o} threads={threads}: not bit-identical to the "
                          f"build without threads (max abs diff {np.abs(got - y).max():.2e})")
                    failed = True
        if regions != [1, 0]:
            print(f"FAIL {name}: {regions} omp.parallel in the LLVM dialect with and without "
                  f"{REGION}, expected [1, 0]")
            failed = True
        print(f"ok {name}: {regions[0]} parallel region; 1, 2, 3 threads bit-identical to "
              f"--parallel=false; max abs diff vs ORT {worst:.1e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
