#!/usr/bin/python3
"""Generates rnnc's end-to-end sparsification tests and their references.

    /usr/bin/python3 scripts/gen_sparse_e2e.py [--only NAME ...]

For every case below this writes
    test/e2e/sparse/models/NAME/model.onnx   the dense model (float32)
    test/e2e/sparse/models/NAME/in_X.npy     its input
    test/e2e/sparse/models/NAME/out_*.npy    ONNX Runtime's outputs for the
                                             PRUNED model (scripts/prune_onnx.py
                                             with the case's rule)
    test/e2e/sparse/NAME.test                the lit test
Each test (1) prunes the model with scripts/prune_onnx.py, (2) compiles the
dense model with `rnnc --sparsify=...` (rnnc prunes it and runs sparse
kernels), (3) compiles the pruned file as is (already-sparse weights found by
the default --sparse-threshold), (4) compiles the pruned file with
--sparse-threshold=1.0 (dense kernels), and compares (2) and (3) with ONNX
Runtime on the pruned model and with (4): rtol 1e-5, atol 1e-6.

Needs numpy, onnx, node and onnxruntime-node (scripts/ort/node_modules, or
NODE_PATH pointing at a node_modules holding it).
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "test", "e2e", "sparse")
GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}

# name, op, T, N, I, H, direction, extra attrs, sparsify spec, what it covers
CASES = [
    ("lstm_csr50_b1", "LSTM", 20, 1, 12, 16, "forward", {}, "0.5",
     "LSTM, 50% unstructured (row balance), batch 1: above the threshold, but "
     "the cost model keeps both matrices dense"),
    ("lstm_csr90_b3", "LSTM", 8, 3, 12, 16, "forward", {}, "0.9",
     "LSTM, 90% unstructured, batch 3 (projection of 24 rows: lanes kernel)"),
    ("lstm_4x1_90_bidir", "LSTM", 10, 2, 12, 16, "bidirectional", {}, "0.9:block=4x1",
     "bidirectional LSTM, 90% in 4x1 blocks, batch 2"),
    ("gru_8x1_95_b2", "GRU", 12, 2, 16, 16, "forward", {"linear_before_reset": 0},
     "0.95:block=8x1", "GRU (linear_before_reset=0: R sliced per gate), 95% in 8x1 blocks"),
    ("gru_4x4_90_b1", "GRU", 20, 1, 32, 32, "forward", {"linear_before_reset": 1},
     "0.9:block=4x4", "GRU (linear_before_reset=1), 90% in 4x4 blocks (7 of 8 per "
     "row of blocks: 87.5%), batch 1"),
    ("lstm_8x4_90_b2", "LSTM", 10, 2, 32, 32, "forward", {}, "0.9:block=8x4",
     "LSTM, 90% in 8x4 blocks, batch 2: the row kernel takes a block of 4 "
     "columns as one FMA of vector<32> (4 activations each repeated 8 times), "
     "summed per row at the end of a block row; the projection of 20 rows "
     "as the lanes kernel"),
    ("lstm_4x4_70_dynbatch", "LSTM", 6, 2, 64, 64, "forward", {}, "0.7:block=4x4",
     "LSTM I=H=64, 70% in 4x4 blocks (5 of 16 blocks per row of blocks: the "
     "row kernel's 4 interleaved vector<16> partial sums, then one block "
     "left), compiled with a dynamic batch: the step's row kernel and the "
     "lanes kernel of the projection are chosen at run time"),
    ("gru_4x2_80_b1", "GRU", 12, 1, 16, 32, "forward", {"linear_before_reset": 0},
     "0.8:block=4x2", "GRU (linear_before_reset=0: R sliced per gate), 80% in "
     "4x2 blocks, batch 1: the row kernel's blocks of 2 columns as one FMA of "
     "vector<8>"),
    ("gru_bank90_b1", "GRU", 10, 1, 80, 128, "forward", {"linear_before_reset": 1},
     "0.9:balance=bank", "GRU I=80, H=128, 90% bank-balanced (every row keeps "
     "6 of each 64 columns of R, 6 of W's first 64 and 2 of its last 16), "
     "batch 1: tiled ELLPACK whose tiles need no padding"),
    ("lstm_matrix95_empty_rows", "LSTM", 10, 2, 12, 16, "forward", {},
     "0.95:balance=matrix", "LSTM, 95% with one ranking per matrix: empty rows "
     "(step as tiled ELLPACK: padded rows)"),
    ("gru_zero_w", "GRU", 10, 2, 4, 16, "forward", {"linear_before_reset": 1},
     "0.9", "GRU with I=4: 90% of 4 columns per row rounds to all of them, "
     "so W is all zeros (the projection disappears); R keeps 2 per row "
     "(tiled ELLPACK of 16 columns: a quarter of a tile)"),
    ("rnn_gate90_b4", "RNN", 16, 4, 8, 16, "reverse", {}, "0.9:balance=gate",
     "reverse vanilla RNN, 90% balanced per gate, batch 4 (lanes kernel)"),
    ("lstm_ell90_b1", "LSTM", 12, 1, 12, 32, "forward", {}, "0.9",
     "LSTM, 90% unstructured, batch 1: tiled ELLPACK (forced with "
     "--sparse-ell=always so that the test does not depend on AVX-512; the "
     "cost model's choice is tested in sparse-kernels-ell.mlir)"),
    ("gru_ell95_gate_dynbatch", "GRU", 10, 2, 8, 48, "forward",
     {"linear_before_reset": 0}, "0.95:balance=gate",
     "GRU (linear_before_reset=0: R sliced per gate, 48 columns: three quarters of "
     "a 64-column tile), 95% balanced per gate (uneven rows: padding), batch 2, "
     "tiled ELLPACK; also compiled with a dynamic batch (ELLPACK below 16 "
     "rows, block-CSR lanes kernel above)"),
    ("lstm_ell_grouped_b1", "LSTM", 8, 1, 8, 80, "forward", {}, "0.9:balance=gate",
     "LSTM H=80 (R [320, 80]: one full and one 16-column tile of 64 columns "
     "per row of tiles), 90% balanced per gate (uneven rows), batch 1: tiled "
     "ELLPACK with its rows grouped (reordered) to save entries"),
    ("gru_ell95_reverse_h0", "GRU", 9, 1, 32, 32, "reverse",
     {"linear_before_reset": 1}, "0.95",
     "reverse GRU with initial_h, 95% unstructured, batch 1, tiled ELLPACK "
     "(zero accumulator): the state is written straight into Y's row "
     "(rnn-state-in-output, rows T-1..0), the first step reads initial_h; "
     "also compiled with a dynamic T"),
    ("gru_ell90_bidir_seqlens", "GRU", 7, 3, 8, 32, "bidirectional",
     {"linear_before_reset": 0}, "0.9",
     "bidirectional GRU with sequence_lens [7, 4, 1] and initial_h, 90% "
     "unstructured, batch 3, tiled ELLPACK: masked steps keep the state and "
     "write zero rows of Y; the projections of 21 rows as ell-rows"),
    ("gru_ell95_yh_only", "GRU", 11, 1, 32, 48, "forward",
     {"linear_before_reset": 1}, "0.95",
     "GRU with only Y_h used (Y not an output), 95% unstructured, batch 1, "
     "tiled ELLPACK"),
    ("gru_ellrows95_k16", "GRU", 20, 1, 16, 32, "forward",
     {"linear_before_reset": 1}, "0.95",
     "GRU I=16, 95% unstructured, batch 1: the projection of 20 rows as the "
     "many-rows tiled ELLPACK kernel (ell-rows: 8 rows per pass, then a pass "
     "of 4; one activation vector per row, one permute per entry), the step "
     "as tiled ELLPACK"),
    ("lstm_ellrows90_k20_b3", "LSTM", 7, 3, 20, 16, "forward", {}, "0.9",
     "LSTM I=20 (not a multiple of 16: the second activation vector of a row "
     "is read masked), 90% unstructured, batch 3 (projection of 21 rows: "
     "ell-rows, passes of 8, 8 and 5)"),
    ("gru_ellrows90_k80_bidir", "GRU", 9, 2, 80, 16, "bidirectional",
     {"linear_before_reset": 0}, "0.9",
     "bidirectional GRU I=80 (two tile columns, the second of 16 columns: "
     "four activation vectors per row, masked), 90% unstructured, batch 2 "
     "(projections of 18 rows: ell-rows, passes of 4 and a pass of 2)"),
    ("lstm_ellrows_matrix95_empty_rows", "LSTM", 17, 1, 32, 16, "forward", {},
     "0.95:balance=matrix", "LSTM I=32, 95% with one ranking per matrix: empty "
     "rows and empty rows of tiles in W, whose projection of 17 rows is "
     "ell-rows (two activation vectors, one permute per entry)"),
    ("lstm_ell_widths_1_9", "LSTM", 17, 1, 72, 48, "forward", {},
     "0.85:balance=matrix",
     "LSTM I=72, H=48 whose weights are already sparse (W 89%, R 91% zeros, "
     "kept by the 85% pruning): in rows of tiles 0..11 every row has 1..9, "
     "1, 2, 3 non-zeros in the first tile column (W's second, 8 wide: 1..8, "
     "1..4), so the tiles have widths 1..9: every 0..4 entries left after "
     "the 5-entry column words, in the step (tiled ELLPACK) and the "
     "projection of 17 rows (ell-rows, passes of 4 and one of 1)"),
]

# Optional inputs and outputs of a case: sequence_lens, initial_h (random),
# outputs other than all of them ("" for an unused one).
EXTRAS = {
    "gru_ell95_reverse_h0": {"initial_h": True},
    "gru_ell90_bidir_seqlens": {"seq_lens": [7, 4, 1], "initial_h": True},
    "gru_ell95_yh_only": {"outputs": ["", "Y_h"]},
    "lstm_ell_widths_1_9": {"tile_widths": True},
}


def tile_widths_mask(rng, rows, cols):
    """0/1 mask of a [rows, cols] weight matrix whose rows of 16 (a row of
    ELLPACK tiles) tr have 1 + tr % 9 non-zeros each in the first 64-column
    tile column and 1 + tr % 8 (at most its width) in the next ones, at
    random columns: tiles of widths 1..9."""
    mask = np.zeros((rows, cols), np.float32)
    for r in range(rows):
        tr = r // 16
        for c0 in range(0, cols, 64):
            width = min(cols, c0 + 64) - c0
            n = min(width, 1 + (tr % 9 if c0 == 0 else tr % 8))
            mask[r, c0 + rng.choice(width, n, replace=False)] = 1
    return mask

# Extra rnnc options of a case (every compile of its sparse weights): the
# ELLPACK kernel is chosen by the cost model only on AVX-512 targets, so each
# case fixes it (never: the CSR / block-CSR row kernels; always: ELLPACK,
# gathered without AVX-512, and for a projection of 16 or more rows the
# many-rows ELLPACK kernel unless --sparse-lanes=always) to keep the expected
# formats target-independent.
FLAGS = {name: " --sparse-ell=never" for name in (
    "lstm_csr50_b1", "lstm_csr90_b3", "lstm_4x1_90_bidir", "gru_8x1_95_b2",
    "gru_4x4_90_b1", "rnn_gate90_b4", "lstm_8x4_90_b2", "gru_4x2_80_b1",
    "lstm_4x4_70_dynbatch")}
FLAGS.update({name: " --sparse-ell=always" for name in (
    "lstm_matrix95_empty_rows", "gru_zero_w", "lstm_ell90_b1",
    "gru_ell95_gate_dynbatch", "lstm_ell_grouped_b1", "gru_ell95_reverse_h0",
    "gru_ell90_bidir_seqlens", "gru_ell95_yh_only", "gru_ellrows95_k16",
    "lstm_ellrows90_k20_b3", "gru_ellrows90_k80_bidir",
    "lstm_ellrows_matrix95_empty_rows", "lstm_ell_widths_1_9", "gru_bank90_b1")})
# The projections of 16 or more rows (T * N) take the lanes kernel, whose
# transposes the cost model charges: for these small models that keeps
# them dense, so the cases covering the lanes kernel force it.
for name in ("lstm_csr90_b3", "lstm_4x1_90_bidir", "gru_8x1_95_b2",
             "gru_4x4_90_b1", "lstm_matrix95_empty_rows", "rnn_gate90_b4",
             "lstm_8x4_90_b2", "gru_4x2_80_b1", "lstm_4x4_70_dynbatch",
             "gru_ell95_gate_dynbatch"):
    FLAGS[name] += " --sparse-lanes=always"

# The formats the report must show (projection, step), in the order of CASES.
EXPECT = {
    "lstm_csr50_b1": ("dense", "dense"),
    "lstm_csr90_b3": ("csr", "csr"),
    "lstm_4x1_90_bidir": ("bcsr 4x1", "bcsr 4x1"),
    "gru_8x1_95_b2": ("bcsr 8x1", "bcsr 8x1"),
    "gru_4x4_90_b1": ("bcsr 4x4", "bcsr 4x4"),
    "lstm_8x4_90_b2": ("bcsr 8x4", "bcsr 8x4"),
    "gru_4x2_80_b1": ("bcsr 4x2", "bcsr 4x2"),
    "lstm_4x4_70_dynbatch": ("bcsr 4x4", "bcsr 4x4"),
    # Bank balance: every tile as wide as its rows' counts, no padding: the
    # step's 48 tiles hold 6 entries each (16 x 64 bytes of values and 2
    # column words of 16 x 4 bytes per tile) plus the tile / group pointers.
    "gru_bank90_b1": ("ell 16x64 bytes 122880 -> 17288",
                      "ell 16x64 bytes 196608 -> 24968"),
    "lstm_matrix95_empty_rows": ("csr", "ell 16x64"),
    "gru_zero_w": ("zero", "ell 16x64"),
    "rnn_gate90_b4": ("csr", "csr"),
    "lstm_ell90_b1": ("ell 16x64", "ell 16x64"),
    "gru_ell95_gate_dynbatch": ("csr", "ell 16x64"),
    "lstm_ell_grouped_b1": ("ell 16x64", "ell 16x64"),
    "gru_ell95_reverse_h0": ("ell 16x64", "ell 16x64"),
    "gru_ell90_bidir_seqlens": ("ell-rows 16x64", "ell 16x64"),
    "gru_ell95_yh_only": ("ell 16x64", "ell 16x64"),
    "gru_ellrows95_k16": ("ell-rows 16x64", "ell 16x64"),
    "lstm_ellrows90_k20_b3": ("ell-rows 16x64", "ell 16x64"),
    "gru_ellrows90_k80_bidir": ("ell-rows 16x64", "ell 16x64"),
    "lstm_ellrows_matrix95_empty_rows": ("ell-rows 16x64", "ell 16x64"),
    "lstm_ell_widths_1_9": ("ell-rows 16x64", "ell 16x64"),
}

# Dimension made dynamic by --input-shape: T (the projection's rows) or N.
DYNAMIC_CASES = {"lstm_csr90_b3": "T", "lstm_4x1_90_bidir": "T", "lstm_4x4_70_dynbatch": "N",
                 "gru_ell95_gate_dynbatch": "N", "gru_ell95_reverse_h0": "T"}


def make_model(name, op, T, N, I, H, direction, attrs, rng):
    D = 2 if direction == "bidirectional" else 1
    G = GATES[op]
    s = 1.0 / np.sqrt(H)
    W = rng.uniform(-s, s, (D, G * H, I)).astype(np.float32)
    R = rng.uniform(-s, s, (D, G * H, H)).astype(np.float32)
    B = rng.uniform(-s, s, (D, 2 * G * H)).astype(np.float32)
    extras = EXTRAS.get(name, {})
    if extras.get("tile_widths"):
        for m in (W, R):
            for d in range(D):
                m[d] *= tile_widths_mask(rng, G * H, m.shape[2])
    outs = extras.get("outputs", ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else []))
    inputs = ["X", "W", "R", "B"]
    inits = [numpy_helper.from_array(W, "W"), numpy_helper.from_array(R, "R"),
             numpy_helper.from_array(B, "B")]
    if "seq_lens" in extras or extras.get("initial_h"):
        inputs.append("sequence_lens" if "seq_lens" in extras else "")
        if "seq_lens" in extras:
            inits.append(numpy_helper.from_array(
                np.array(extras["seq_lens"], dtype=np.int32), "sequence_lens"))
    if extras.get("initial_h"):
        inputs.append("initial_h")
        inits.append(numpy_helper.from_array(
            rng.uniform(-0.5, 0.5, (D, N, H)).astype(np.float32), "initial_h"))
    node = helper.make_node(op, inputs, outs, name=op.lower(),
                            hidden_size=H, direction=direction, **attrs)
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("X", TensorProto.FLOAT, [T, N, I])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outs if o],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    return model, rng.standard_normal((T, N, I)).astype(np.float32)


def prune_args(spec):
    parts = spec.split(":")
    args = ["--sparsity", parts[0]]
    for p in parts[1:]:
        k, v = p.split("=")
        args += ["--" + k, v]
    return args


TEST = """# Generated by scripts/gen_sparse_e2e.py -- do not edit; rerun it instead.
# {desc}
# References: ONNX Runtime on the model pruned by scripts/prune_onnx.py {pargs}.
# Tolerances: rtol 1e-5, atol 1e-6 against ORT and against our dense compile.

REQUIRES: rnnc-driver, onnx-python
RUN: rm -rf %t && mkdir -p %t/sparsify %t/found %t/dense
RUN: %python %rnn_src/scripts/prune_onnx.py %S/models/{name}/model.onnx %t/pruned.onnx {pargs}
RUN: rnnc %S/models/{name}/model.onnx --sparsify={spec}{flags} --report -o %t/sparsify.so | FileCheck %s
RUN: rnn-run %t/sparsify.so --input X=%S/models/{name}/in_X.npy --output-dir %t/sparsify
RUN: %python %rnn_src/scripts/compare_npy.py %t/sparsify %S/models/{name} --rtol 1e-5 --atol 1e-6
RUN: rnnc %t/pruned.onnx{flags} --report -o %t/found.so | FileCheck %s
RUN: rnn-run %t/found.so --input X=%S/models/{name}/in_X.npy --output-dir %t/found
RUN: %python %rnn_src/scripts/compare_npy.py %t/found %S/models/{name} --rtol 1e-5 --atol 1e-6
RUN: rnnc %t/pruned.onnx --sparse-threshold=1.0 -o %t/dense.so
RUN: rnn-run %t/dense.so --input X=%S/models/{name}/in_X.npy --output-dir %t/dense
RUN: %python %rnn_src/scripts/compare_npy.py %t/sparsify %t/dense --prefix= --rtol 1e-5 --atol 1e-6
{dynamic}
{checks}"""

# With T (or N) dynamic the projection (or the step) has a dynamic number of
# rows: both kernels are emitted and the row count picks one at run time.
DYNAMIC = """RUN: mkdir -p %t/dyn && rnnc %S/models/{name}/model.onnx --sparsify={spec}{flags} --input-shape X={shape} -o %t/dyn.so
RUN: rnn-run %t/dyn.so --input X=%S/models/{name}/in_X.npy --output-dir %t/dyn
RUN: %python %rnn_src/scripts/compare_npy.py %t/dyn %S/models/{name} --rtol 1e-5 --atol 1e-6
"""

# Cases also compiled without AVX-512 (--mattr=-avx512f): the ELLPACK kernels'
# gathered form, which reads the same column words.
GATHERED_CASES = {"lstm_ell_widths_1_9"}
GATHERED = """RUN: mkdir -p %t/gathered && rnnc %S/models/{name}/model.onnx --sparsify={spec}{flags} --mattr=-avx512f -o %t/gathered.so
RUN: rnn-run %t/gathered.so --input X=%S/models/{name}/in_X.npy --output-dir %t/gathered
RUN: %python %rnn_src/scripts/compare_npy.py %t/gathered %S/models/{name} --rtol 1e-5 --atol 1e-6
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    env = dict(os.environ)
    mods = os.path.join(REPO, "scripts", "ort", "node_modules")
    if os.path.isdir(mods):
        env["NODE_PATH"] = mods
    for name, op, T, N, I, H, direction, attrs, spec, desc in CASES:
        if args.only and name not in args.only:
            continue
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        model, x = make_model(name, op, T, N, I, H, direction, attrs, rng)
        d = os.path.join(OUT, "models", name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        onnx.save(model, os.path.join(d, "model.onnx"))
        np.save(os.path.join(d, "in_X.npy"), x)
        with tempfile.TemporaryDirectory() as tmp:
            pruned = os.path.join(tmp, "pruned.onnx")
            subprocess.run([sys.executable, os.path.join(REPO, "scripts", "prune_onnx.py"),
                            os.path.join(d, "model.onnx"), pruned, *prune_args(spec)], check=True)
            subprocess.run(["node", os.path.join(REPO, "scripts", "ort", "run_ort.js"), pruned,
                            "--input", "X=" + os.path.join(d, "in_X.npy"),
                            "--output-dir", os.path.join(tmp, "ort")], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            for f in glob.glob(os.path.join(tmp, "ort", "*.npy")):
                shutil.copy(f, os.path.join(d, "out_" + os.path.basename(f)))
        proj, step = EXPECT[name]
        checks = ("CHECK: weight matrices\n"
                  f"CHECK: projection {{{{.*}}}}%  {proj} \n"
                  f"CHECK: step {{{{.*}}}}%  {step} \n")
        pargs = " ".join(prune_args(spec))
        with open(os.path.join(OUT, name + ".test"), "w") as f:
            flags = FLAGS.get(name, "")
            dyn = DYNAMIC_CASES.get(name)
            shape = f"?x{N}x{I}" if dyn == "T" else f"{T}x?x{I}"
            dynamic = DYNAMIC.format(name=name, spec=spec, flags=flags, shape=shape) if dyn else ""
            if name in GATHERED_CASES:
                dynamic += GATHERED.format(name=name, spec=spec, flags=flags)
            f.write(TEST.format(desc=desc, name=name, spec=spec, pargs=pargs, checks=checks,
                                dynamic=dynamic, flags=flags))
        print("wrote", name)


if __name__ == "__main__":
    main()
