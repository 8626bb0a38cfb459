#!/usr/bin/env python3
"""Compares a directory of actual .npy outputs against expected ones.

    compare_npy.py ACTUAL_DIR EXPECTED_DIR [--rtol R] [--atol A] [--prefix out_]

Every EXPECTED_DIR/<prefix>NAME.npy (prefix defaults to 'out_'; pass
--prefix '' for plain NAME.npy files) is compared with ACTUAL_DIR/NAME.npy:
same shape, same dtype, and elementwise numpy.isclose(actual, expected,
rtol, atol) (i.e. |actual - expected| <= atol + rtol * |expected|, NaN equal
to NaN). One line is printed per output, then 'N passed, M failed'. The exit
code is 1 if any output fails or is missing (or if no expected file is found),
0 otherwise.

With --min-cosine C (for quantized models), float outputs pass when their
cosine similarity to the expected output (flattened, in float64) is at
least C and their largest absolute error is at most --atol; --rtol is not
used then. Outputs that are all zeros on both sides count as similarity 1.
"""

import argparse
import os
import sys

import numpy as np


def cosine(a, e):
    """Cosine similarity of two arrays, in float64 (1 when both are zero)."""
    a = np.asarray(a, dtype=np.float64).ravel()
    e = np.asarray(e, dtype=np.float64).ravel()
    na, ne = np.linalg.norm(a), np.linalg.norm(e)
    if na == 0 and ne == 0:
        return 1.0
    if na == 0 or ne == 0:
        return 0.0
    return float(np.dot(a.ravel(), e.ravel()) / (na * ne))


def compare_cosine(a, e, min_cos, max_abs_allowed):
    """Returns (ok, message) for the --min-cosine mode."""
    if not (np.isfinite(a).all() and np.isfinite(e).all()):
        return False, "non-finite values"
    cos = cosine(a, e)
    max_abs = float(np.max(np.abs(a - e)))
    ok = cos >= min_cos and max_abs <= max_abs_allowed
    return ok, (f"cosine={cos:.6f} (min {min_cos:g}) max_abs_err={max_abs:.3e} "
                f"(max {max_abs_allowed:g})")


def compare(actual, expected, rtol, atol, min_cos=None):
    """Returns (ok, message)."""
    if actual.shape != expected.shape:
        return False, f"shape mismatch: actual {actual.shape} expected {expected.shape}"
    if actual.dtype != expected.dtype:
        return False, f"dtype mismatch: actual {actual.dtype} expected {expected.dtype}"
    tol = f"rtol={rtol:g} atol={atol:g}"
    if actual.size == 0:
        return True, f"empty {tol}"
    if expected.dtype == np.bool_ or np.issubdtype(expected.dtype, np.integer):
        diff = actual != expected
        nbad = int(np.count_nonzero(diff))
        if expected.dtype == np.bool_:
            max_abs = float(nbad > 0)
        else:
            max_abs = float(np.max(np.abs(actual.astype(np.float64) - expected.astype(np.float64))))
        msg = f"max_abs_err={max_abs:.3e} max_rel_err={'n/a':>9} (exact match required)"
        if nbad:
            idx = np.unravel_index(int(np.argmax(diff)), expected.shape)
            msg += f"; {nbad}/{expected.size} differ, first at {idx}: actual {actual[idx]} expected {expected[idx]}"
        return nbad == 0, msg
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    if min_cos is not None:
        return compare_cosine(a, e, min_cos, atol)
    close = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    finite = np.isfinite(a) & np.isfinite(e)
    abs_err = np.where(finite, np.abs(a - e), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_err = np.where(finite & (e != 0), abs_err / np.abs(e), 0.0)
    max_abs = float(abs_err.max())
    max_rel = float(rel_err.max())
    msg = f"max_abs_err={max_abs:.3e} max_rel_err={max_rel:.3e} {tol}"
    nbad = int(np.count_nonzero(~close))
    if nbad:
        bad = ~close
        # Report the worst offender relative to the allowed tolerance.
        with np.errstate(invalid="ignore"):
            excess = np.where(bad, np.nan_to_num(np.abs(a - e), nan=np.inf)
                              - (atol + rtol * np.abs(np.nan_to_num(e))), -np.inf)
        idx = np.unravel_index(int(np.argmax(excess)), expected.shape)
        msg += (f"; {nbad}/{expected.size} elements out of tolerance, worst at {idx}: "
                f"actual {actual[idx]!r} expected {expected[idx]!r}")
    return nbad == 0, msg


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("actual_dir")
    p.add_argument("expected_dir")
    p.add_argument("--rtol", type=float, default=1e-4)
    p.add_argument("--atol", type=float, default=1e-5)
    p.add_argument("--prefix", default="out_",
                   help="prefix of expected files (default 'out_'; '' for NAME.npy)")
    p.add_argument("--min-cosine", type=float, default=None,
                   help="quantized models: pass on cosine similarity >= this and "
                        "max abs error <= --atol")
    args = p.parse_args(argv)

    if not os.path.isdir(args.expected_dir):
        print(f"error: expected directory {args.expected_dir} does not exist")
        return 1
    names = sorted(f[len(args.prefix):-len(".npy")] for f in os.listdir(args.expected_dir)
                   if f.startswith(args.prefix) and f.endswith(".npy")
                   and len(f) > len(args.prefix) + len(".npy"))
    if not names:
        print(f"error: no expected files {args.prefix}*.npy in {args.expected_dir}")
        print("0 passed, 1 failed")
        return 1

    passed = failed = 0
    width = max(len(n) for n in names)
    for name in names:
        exp_path = os.path.join(args.expected_dir, f"{args.prefix}{name}.npy")
        act_path = os.path.join(args.actual_dir, f"{name}.npy")
        if not os.path.exists(act_path):
            ok, msg = False, f"missing {act_path}"
        else:
            try:
                ok, msg = compare(np.load(act_path), np.load(exp_path), args.rtol, args.atol,
                                  args.min_cosine)
            except Exception as e:  # unreadable file, object arrays, ...
                ok, msg = False, f"error: {e}"
        print(f"{'PASS' if ok else 'FAIL'} {name:<{width}} {msg}")
        if ok:
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
