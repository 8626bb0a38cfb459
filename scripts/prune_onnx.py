#!/usr/bin/env python3
"""Prunes the W and R initializers of every LSTM / GRU / RNN node of an ONNX
model with the rule of rnnc's rnn-prune-weights pass (rnnc --sparsify), so
that ONNX Runtime (or any other runtime) can run the pruned model as an
independent reference.

    prune_onnx.py IN.onnx OUT.onnx --sparsity P [--block RxC]
                  [--balance row|gate|matrix|bank]

The rule (lib/Dialect/RNN/Transforms/Sparsity.cpp, pruneMatrix): each
direction's [G*H, K] matrix is cut into R x C tiles from the top-left (the
last tile column may be narrower); a tile's score is the sum of the squares
of its weights, accumulated in float64 in row-major order inside the tile.
In every balance group (a row of tiles, a gate's H rows, the whole matrix,
or a row of tiles within a bank of 64 columns: 64 // C tiles, at least
one, the last bank of a row narrower) of n tiles, floor(P * n + 0.5) tiles with the lowest scores become
zero; equal scores keep the tile with the lower row-major index. R must
divide hidden_size. Like rnnc, it warns (on stderr) when the tiles a
matrix's rule zeroes hold a fraction of its weights more than 0.05 from P
(groups of few tiles, a narrower last tile column).

Needs numpy and onnx (Debian's /usr/bin/python3).
"""
import argparse
import math
import sys

import numpy as np
import onnx
from onnx import numpy_helper


# Bank width of balance "bank", in columns (rnnc's rnn-prune-weights default).
BANK_COLS = 64


def prune_matrix(m, gate_rows, sparsity, br, bc, balance):
    """Prunes a float32 [rows, cols] matrix; returns the pruned copy and the
    number of weights in the tiles the rule zeroed."""
    rows, cols = m.shape
    nbr, nbc = rows // br, -(-cols // bc)
    # Pad the last tile column with zeros: they add nothing to the scores.
    padded = np.zeros((rows, nbc * bc), np.float32)
    padded[:, :cols] = m
    tiles = padded.reshape(nbr, br, nbc, bc).astype(np.float64)
    score = np.zeros((nbr, nbc), np.float64)
    for r in range(br):  # row-major order inside the tile, like the C++ loop
        for c in range(bc):
            score += tiles[:, r, :, c] ** 2
    group = {"row": 1, "gate": gate_rows // br, "matrix": nbr, "bank": 1}[balance]
    bank = max(1, BANK_COLS // bc) if balance == "bank" else max(1, nbc)
    keep = np.ones((nbr, nbc), bool)
    for g0 in range(0, nbr, group):
        for j0 in range(0, nbc, bank):
            s = score[g0:g0 + group, j0:j0 + bank].reshape(-1)
            n = s.size
            pruned = int(math.floor(sparsity * n + 0.5))
            # Stable sort on -score: highest first, equal scores by index.
            order = np.argsort(-s, kind="stable")
            part = keep[g0:g0 + group, j0:j0 + bank]
            flat = part.reshape(-1).copy()
            flat[order[n - pruned:]] = False
            keep[g0:g0 + group, j0:j0 + bank] = flat.reshape(part.shape)
    mask = np.repeat(np.repeat(keep, br, axis=0), bc, axis=1)[:, :cols]
    return np.where(mask, m, np.float32(0)).astype(np.float32), int((~mask).sum())


def prune_weight(w, hidden, sparsity, br, bc, balance):
    """Prunes every direction of w [D, G*H, K]; returns the pruned weight
    and the number of weights in the zeroed tiles."""
    parts = [prune_matrix(w[d], hidden, sparsity, br, bc, balance)
             for d in range(w.shape[0])]
    return np.stack([p for p, _ in parts]), sum(z for _, z in parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--sparsity", type=float, required=True)
    ap.add_argument("--block", default="1x1")
    ap.add_argument("--balance", default="row", choices=["row", "gate", "matrix", "bank"])
    args = ap.parse_args()
    if not 0.0 <= args.sparsity < 1.0:
        sys.exit(f"prune_onnx: --sparsity must be in [0, 1), got {args.sparsity}")
    try:
        br, bc = (int(v) for v in args.block.split("x"))
        assert br >= 1 and bc >= 1
    except (ValueError, AssertionError):
        sys.exit(f"prune_onnx: --block must be RxC with R, C >= 1, got '{args.block}'")

    model = onnx.load(args.input)
    inits = {t.name: t for t in model.graph.initializer}
    done = set()
    for node in model.graph.node:
        if node.op_type not in ("LSTM", "GRU", "RNN"):
            continue
        hidden = next((a.i for a in node.attribute if a.name == "hidden_size"), None)
        if hidden is None:
            sys.exit(f"prune_onnx: node '{node.name}' ({node.op_type}) has no hidden_size")
        if hidden % br:
            sys.exit(f"prune_onnx: node '{node.name}': block rows {br} do not divide "
                     f"hidden_size {hidden}")
        for slot, what in ((1, "W"), (2, "R")):
            name = node.input[slot]
            if name not in inits:
                sys.exit(f"prune_onnx: node '{node.name}' ({node.op_type}): {what} "
                         f"'{name}' is not an initializer; cannot prune it")
            if name in done:
                continue
            w = numpy_helper.to_array(inits[name])
            if w.dtype != np.float32:
                sys.exit(f"prune_onnx: node '{node.name}': {what} is {w.dtype}, "
                         "only float32 is supported")
            pruned, zeroed = prune_weight(w, hidden, args.sparsity, br, bc, args.balance)
            if w.size and abs(zeroed / w.size - args.sparsity) > 0.05:
                print(f"prune_onnx: warning: node '{node.name}': {what} is pruned to "
                      f"{100 * zeroed / w.size:.1f}% zeros instead of "
                      f"{100 * args.sparsity:.1f}% (balance groups of few {br}x{bc} tiles)",
                      file=sys.stderr)
            inits[name].CopyFrom(numpy_helper.from_array(pruned, name))
            done.add(name)
    onnx.save(model, args.output)


if __name__ == "__main__":
    main()
