#!/usr/bin/env python3
"""Checks the output of test/Target/HLS/Inputs/ap_fixed_cases.cpp (compiled
against include/rnn/Runtime/hls/rnn_ap_fixed.h) with an independent
implementation of UG1399's ap_fixed semantics in exact rational arithmetic
(fractions.Fraction): quantization modes AP_RND, AP_RND_ZERO, AP_RND_MIN_INF,
AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO and overflow modes AP_SAT,
AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP. Reads the lines on stdin; prints the
number of checked lines and every mismatch; exit 1 on any mismatch.
"""

import math
import sys
from fractions import Fraction


def quantize(v, mode):
    """v: exact Fraction in LSB units -> integer."""
    fl = math.floor(v)
    rem = v - fl
    half = Fraction(1, 2)
    neg = v < 0
    if mode == "TRN":
        return fl
    if mode == "TRN_ZERO":
        return fl + 1 if neg and rem else fl
    if mode == "RND":
        return fl + 1 if rem >= half else fl
    if mode == "RND_ZERO":
        return fl + 1 if rem > half or (rem == half and neg) else fl
    if mode == "RND_MIN_INF":
        return fl + 1 if rem > half else fl
    if mode == "RND_INF":
        return fl + 1 if rem > half or (rem == half and not neg) else fl
    if mode == "RND_CONV":
        return fl + 1 if rem > half or (rem == half and fl % 2) else fl
    raise ValueError(mode)


def overflow(n, w, mode):
    lo, hi = -(1 << (w - 1)), (1 << (w - 1)) - 1
    if lo <= n <= hi:
        return n
    if mode == "SAT":
        return hi if n > hi else lo
    if mode == "SAT_ZERO":
        return 0
    if mode == "SAT_SYM":
        return hi if n > hi else -hi
    low = n & ((1 << w) - 1)
    return low - (1 << w) if low > hi else low


def to_type(value, w, i, modes):
    q, o = modes.split(",")
    return overflow(quantize(value * (1 << (w - i)), q), w, o)


def main():
    checked = bad = 0
    d_frac = 10  # the operands are ap_fixed<16,6>
    for line in sys.stdin:
        f = line.split()
        kind, modes, w, i = f[0], f[1], int(f[2]), int(f[3])
        if kind == "conv":
            x = Fraction(float(f[4]))
            want, got = to_type(x, w, i, modes), int(f[5])
        elif kind == "cmp":
            a, b = int(f[4]), int(f[5])
            want, got = f"{int(a < b)}{int(a == b)}{int(a >= b)}", f[6]
        else:
            a = Fraction(int(f[4]), 1 << d_frac)
            b = Fraction(int(f[5]), 1 << d_frac)
            if kind == "add":
                exact = a + b
            elif kind == "sub":
                exact = a - b
            elif kind == "mul":
                exact = a * b
            else:
                # UG1399: the quotient has the dividend's fractional bits,
                # truncated toward zero (C division of A << F2 by B).
                num = int(f[4]) << d_frac
                den = int(f[5])
                qt = abs(num) // abs(den) * (1 if (num < 0) == (den < 0) else -1)
                exact = Fraction(qt, 1 << d_frac)
            want, got = to_type(exact, w, i, modes), int(f[6])
        checked += 1
        if str(want) != str(got):
            bad += 1
            print(f"MISMATCH {line.strip()} expected {want}")
    print(f"check_ap_fixed: {checked} checked, {bad} mismatches")
    sys.exit(1 if bad or not checked else 0)


if __name__ == "__main__":
    main()
