#!/usr/bin/env python3
"""One end-to-end test of the HLS backend in C simulation.

    run_hls_case.py MODEL.onnx WORK --bin BUILD_BIN --ref REF_DIR
        [--input NAME=FILE.npy]... [--input-shape NAME=DxD]...
        [--rnnc-arg ARG]... [--rtol R --atol A | --min-cosine C
        [--max-abs-err E] | --exact]
        [--cpu-ref --cpu-arg ARG...] [--ref-prefix P]

1. `rnnc MODEL --emit=hls -o WORK/prj` (plus --input-shape / --rnnc-arg);
2. scripts/check_hls_subset.py on the project (synthesizable subset);
3. `make -C WORK/prj csim` with the Makefile's -std=c++14 -Wall -Wextra and
   -Werror added (the lint of the emitted code);
4. WORK/prj/csim on the inputs, outputs to WORK/out;
5. every REF_DIR/out_NAME.npy against WORK/out/NAME.npy: numpy.isclose
   with rtol/atol (float mode), or the cosine similarity of the flattened
   arrays >= C (fixed-point mode; also prints max abs error).
With --cpu-ref the references are not REF_DIR's files but the outputs of
the CPU backend on the same inputs: `rnnc MODEL -o WORK/cpu.so` with the
--input-shape and --cpu-arg arguments, run by rnn-run (how the int8 and
sparse HLS products are checked against the CPU's int8 / sparse kernels).
--exact requires the outputs to be bit-identical (every float32 equal).
Prints one line per output and exits 1 on any failure.
"""

import argparse
import glob
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, **kw):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout)
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    return proc.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("work")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--ref", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--input-shape", action="append", default=[])
    ap.add_argument("--rnnc-arg", action="append", default=[])
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-5)
    ap.add_argument("--min-cosine", type=float)
    ap.add_argument("--exact", action="store_true")
    ap.add_argument("--cpu-ref", action="store_true")
    ap.add_argument("--cpu-arg", action="append", default=[])
    ap.add_argument("--max-abs-err", type=float,
                    help="with --min-cosine: also require max |actual - expected| <= this")
    ap.add_argument("--ref-prefix", default="out_",
                    help="reference files REF_DIR/PREFIXNAME.npy (default out_)")
    args = ap.parse_args()

    prj = os.path.join(args.work, "prj")
    out = os.path.join(args.work, "out")
    os.makedirs(args.work, exist_ok=True)
    cmd = [os.path.join(args.bin, "rnnc"), args.model, "--emit=hls", "-o", prj]
    cmd += [f"--input-shape={s}" for s in args.input_shape] + args.rnnc_arg
    run(cmd)
    sys.stdout.write(run([sys.executable, os.path.join(HERE, "check_hls_subset.py"), prj]))
    run(["make", "-s", "-C", prj, "csim", "CXXFLAGS=-O1 -Werror"])
    csim = [os.path.join(prj, "csim")]
    for spec in args.input:
        csim += ["--input", spec]
    run(csim + ["--output-dir", out])

    failures = 0
    prefix = args.ref_prefix
    if args.cpu_ref:
        lib = os.path.join(args.work, "cpu.so")
        args.ref = os.path.join(args.work, "cpu_out")
        prefix = ""
        run([os.path.join(args.bin, "rnnc"), args.model, "-o", lib]
            + [f"--input-shape={s}" for s in args.input_shape] + args.cpu_arg)
        cmd = [os.path.join(args.bin, "rnn-run"), lib]
        for spec in args.input:
            cmd += ["--input", spec]
        run(cmd + ["--output-dir", args.ref])
    refs = sorted(glob.glob(os.path.join(args.ref, prefix + "*.npy")))
    if not refs:
        sys.exit(f"no {prefix}*.npy in {args.ref}")
    for ref_path in refs:
        name = os.path.basename(ref_path)[len(prefix):]
        expected = np.load(ref_path)
        actual_path = os.path.join(out, name)
        if not os.path.exists(actual_path):
            print(f"FAIL {name[:-4]}: missing output")
            failures += 1
            continue
        actual = np.load(actual_path)
        if actual.shape != expected.shape or actual.dtype != expected.dtype:
            print(f"FAIL {name[:-4]}: shape/dtype {actual.shape} {actual.dtype} "
                  f"vs {expected.shape} {expected.dtype}")
            failures += 1
            continue
        a = actual.astype(np.float64).ravel()
        e = expected.astype(np.float64).ravel()
        err = float(np.max(np.abs(a - e))) if e.size else 0.0
        if args.exact:
            differ = int(np.count_nonzero(actual != expected))
            ok = differ == 0
            print(f"{'PASS' if ok else 'FAIL'} {name[:-4]} bit-exact: "
                  f"{differ} of {expected.size} elements differ "
                  f"(max_abs_err={err:.3e})")
        elif args.min_cosine is not None:
            na, ne = np.linalg.norm(a), np.linalg.norm(e)
            cos = float(a @ e / (na * ne)) if na > 0 and ne > 0 else \
                (1.0 if na == ne else 0.0)
            ok = cos >= args.min_cosine and (args.max_abs_err is None or
                                             err <= args.max_abs_err)
            bound = "" if args.max_abs_err is None else \
                f" max_abs_err_bound={args.max_abs_err:g}"
            print(f"{'PASS' if ok else 'FAIL'} {name[:-4]} cosine={cos:.6f} "
                  f"max_abs_err={err:.3e} min_cosine={args.min_cosine}{bound}")
        else:
            ok = bool(np.allclose(actual, expected, rtol=args.rtol, atol=args.atol))
            print(f"{'PASS' if ok else 'FAIL'} {name[:-4]} max_abs_err={err:.3e} "
                  f"rtol={args.rtol:g} atol={args.atol:g}")
        failures += not ok
    print(f"{len(refs) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
