#!/usr/bin/python3
"""Padding of the tiled-ELLPACK row grouping under other constraints (a model, no timing).

    /usr/bin/python3 benchmarks/ell_group_sim.py [--sparsity 0.95] [--hidden 1024]
        [--gates 3] [--cols 1024] [--seed 0]

A GRU's R ([gates * hidden, cols]) pruned row-balanced at random (each row
keeps cols - floor(P * cols + 0.5) non-zeros, as rnn-prune-weights does) is
cut into 16 x 64 tiles; a tile stores as many 16-lane entries as its longest
row has non-zeros there. Prints the stored lanes over the non-zeros for:

  B's order      rows taken 16 at a time as they come;
  grouped        the greedy grouping rnnc does (docs/sparsity.md, "Row
                 grouping"): a group starts with the remaining row whose
                 per-tile counts have the largest sum of squares and adds 15
                 times the row that raises the group's per-tile maxima the
                 least (ties: larger sum of squares, then lower row);
  per gate       the same grouping inside each gate's rows only;
  joint units    hidden units grouped, the gate rows of a unit in the same
                 lane of their gate's group: one order for all gates, so the
                 step could keep h in that order and drop the
                 un-permutation gather. Optimistic: h in that order means
                 R's columns in that order too, which changes the per-tile
                 counts the grouping was chosen for;
  joint, columns the same grouping counted with R's columns in the units'
                 order (the real cost of keeping h permuted; only when R
                 is square, --cols equal to --hidden);
  window W       groups drawn from W consecutive rows only (an
                 un-permutation by register permutes instead of a gather);
                 only for W dividing the rows;
  S segments     every row cut into S column ranges, each range grouped on
                 its own (a row's S partial sums then need S gathers); only
                 for S dividing the tiles of a row.

Compare with the gather's cost: un-permuting the 3072 sums takes about 1.2 us
of an 18.8 us step (docs/sparsity.md, "Where the step's time goes").
"""
import argparse

import numpy as np

TILE_ROWS, TILE_COLS = 16, 64


def prune_mask(rng, rows, cols, keep):
    """Row-balanced random pruning: `keep` non-zeros at random in every row."""
    mask = np.zeros((rows, cols), dtype=bool)
    for r in range(rows):
        mask[r, rng.choice(cols, keep, replace=False)] = True
    return mask


def tile_counts(mask):
    """Non-zeros of each row in each 64-column tile, [rows, cols / 64]."""
    rows, cols = mask.shape
    return mask.reshape(rows, cols // TILE_COLS, TILE_COLS).sum(2).astype(np.int64)


def in_order(counts):
    return sum(int(counts[i:i + TILE_ROWS].max(0).sum())
               for i in range(0, counts.shape[0], TILE_ROWS))


def grouped_order(counts):
    """rnnc's greedy grouping of the rows of `counts`: the rows in group order."""
    n = counts.shape[0]
    left = np.ones(n, dtype=bool)
    squares = (counts ** 2).sum(1)
    order = []
    while left.any():
        idx = np.flatnonzero(left)
        seed = idx[np.argmax(squares[idx])]
        left[seed] = False
        order.append(seed)
        top = counts[seed].copy()
        for _ in range(TILE_ROWS - 1):
            idx = np.flatnonzero(left)
            if idx.size == 0:
                break
            rise = np.maximum(counts[idx], top).sum(1) - top.sum()
            cand = idx[rise == rise.min()]
            pick = cand[np.argmax(squares[cand])]
            left[pick] = False
            order.append(pick)
            top = np.maximum(top, counts[pick])
    return np.array(order)


def greedy(counts):
    """Entries (16-lane) of rnnc's greedy grouping of the rows of `counts`."""
    return in_order(counts[grouped_order(counts)])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sparsity", type=float, default=0.95)
    ap.add_argument("--hidden", type=int, default=1024)
    ap.add_argument("--gates", type=int, default=3)
    ap.add_argument("--cols", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if not 0 <= args.sparsity < 1:
        ap.error("--sparsity must be in [0, 1)")
    if min(args.hidden, args.gates, args.cols) < 1:
        ap.error("--hidden, --gates and --cols must be positive")
    if args.hidden % TILE_ROWS or args.cols % TILE_COLS:
        ap.error("--hidden must be a multiple of 16 and --cols of 64")
    keep = args.cols - int(np.floor(args.sparsity * args.cols + 0.5))
    if keep < 1:
        ap.error("--sparsity leaves no non-zero in a row")
    rng = np.random.default_rng(args.seed)
    H, G = args.hidden, args.gates
    mask = prune_mask(rng, G * H, args.cols, keep)
    counts = tile_counts(mask)
    lanes = counts.sum() / TILE_ROWS  # the non-zeros, in 16-lane entries
    gates = [counts[g * H:(g + 1) * H] for g in range(G)]
    units = grouped_order(np.concatenate(gates, 1))
    rows = [("B's order", in_order(counts)),
            ("grouped (rnnc)", greedy(counts)),
            ("per gate", sum(greedy(c) for c in gates)),
            ("joint units", sum(in_order(c[units]) for c in gates))]
    if args.cols == H:
        # h in the units' order: every gate's rows and R's columns follow it.
        moved = tile_counts(mask[:, units])
        rows.append(("joint, columns", sum(in_order(moved[g * H:(g + 1) * H][units])
                                           for g in range(G))))
    for w in (128, 256, 512):
        if (G * H) % w == 0:
            rows.append((f"window {w}", sum(greedy(counts[i:i + w])
                                            for i in range(0, G * H, w))))
    tiles = args.cols // TILE_COLS
    for s in (2, 4, 8):
        if tiles % s == 0:
            step = tiles // s
            rows.append((f"{s} segments", sum(greedy(counts[:, i:i + step])
                                              for i in range(0, tiles, step))))
    print(f"R [{G * H}, {args.cols}] at {args.sparsity:.1%} ({keep} non-zero(s) per row), "
          f"16 x 64 tiles")
    print("| grouping | entries | stored lanes / non-zeros |")
    print("|---|---|---|")
    for name, entries in rows:
        print(f"| {name} | {entries} | {entries / lanes:.2f}x |")


if __name__ == "__main__":
    main()
