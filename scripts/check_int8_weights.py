#!/usr/bin/env python3
"""Checks that rnnc took a quantized model's integer weights over as they are.

    check_int8_weights.py QUANTIZED.mlir MODEL.onnx

MODEL.onnx holds W and R of its recurrent node as integer initializers
behind DequantizeLinear (per tensor or per axis 1, int8 or uint8, any zero
point), or is a com.microsoft DynamicQuantizeLSTM (W [D, I, 4H], R
[D, H, 4H], per tensor or per channel). QUANTIZED.mlir is the IR after rnn-quantize-weights. For every
direction d of W and R, q[d] - zero_point (per row) must appear as one of
the IR's i8 constants [G*H, K], with the model's scales (as f32) in the
quant.uniform type of its quant.scast. Exits non-zero with a message
otherwise.
"""
import re
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def ir_matrices(text):
    """(name, int8 matrix) of every `arith.constant dense<[[...]]> : tensor<RxCxi8>`."""
    out = {}
    for m in re.finditer(r"(%[\w]+) = arith\.constant dense<(\[\[[-0-9,\s\[\]]*\]\])> : tensor<(\d+)x(\d+)xi8>",
                         text):
        rows, cols = int(m.group(3)), int(m.group(4))
        vals = np.array([int(v) for v in re.findall(r"-?\d+", m.group(2))]).reshape(rows, cols)
        out[m.group(1)] = vals
    return out


def ir_scales(text, name):
    m = re.search(re.escape(name) + r" : tensor<[0-9x]+xi8> to tensor<[0-9x]+x!quant\.uniform<[^{]*\{([^}]*)\}>>",
                  text)
    return None if not m else np.array([float(v) for v in m.group(1).split(",")], np.float32)


def main():
    ir, model_path = sys.argv[1], sys.argv[2]
    text = open(ir).read()
    mats = ir_matrices(text)
    model = onnx.load(model_path)
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    dq = {n.output[0]: n for n in model.graph.node if n.op_type == "DequantizeLinear"}
    rec = next(n for n in model.graph.node
               if n.op_type in ("LSTM", "GRU", "RNN", "DynamicQuantizeLSTM"))
    weights = []  # (name, q [D, rows, K], scales [D, rows], zero points [D, rows])
    if rec.op_type == "DynamicQuantizeLSTM":
        # W [D, I, 4H], R [D, H, 4H]; scales / zero points [D] or [D, 4H].
        for name, qi, si in (("W", 1, 8), ("R", 2, 10)):
            q = inits[rec.input[qi]].astype(np.int64).transpose(0, 2, 1)
            d, rows = q.shape[0], q.shape[1]
            scale = inits[rec.input[si]].astype(np.float32).reshape(d, -1)
            zp = inits[rec.input[si + 1]].astype(np.int64).reshape(d, -1)
            weights.append((name, q, np.broadcast_to(scale, (d, rows)), np.broadcast_to(zp, (d, rows))))
    else:
        for w in rec.input[1:3]:
            node = dq[w]
            q = inits[node.input[0]].astype(np.int64)
            scale = inits[node.input[1]].astype(np.float32)
            zp = (inits[node.input[2]].astype(np.int64) if len(node.input) > 2
                  else np.zeros_like(scale, np.int64))
            d, rows = q.shape[0], q.shape[1]
            weights.append((w, q, np.broadcast_to(scale.reshape(-1), (d, rows)),
                            np.broadcast_to(zp.reshape(-1), (d, rows))))
    checked = 0
    for w, q, scales, zps in weights:
        for d in range(q.shape[0]):
            scale, zp = scales[d], zps[d]
            want = q[d] - zp[:, None]
            hits = [n for n, m in mats.items() if m.shape == want.shape and np.array_equal(m, want)]
            if not hits:
                sys.exit(f"check_int8_weights: {w}[{d}] - zero point is not among the IR's int8 constants")
            s = ir_scales(text, hits[0])
            if s is None or not np.array_equal(s, scale.astype(np.float32)):
                sys.exit(f"check_int8_weights: the scales of {w}[{d}] differ from the model's: {s} vs {scale}")
            checked += 1
    print(f"check_int8_weights: {checked} weight matrices taken over as they are")
    return 0


if __name__ == "__main__":
    sys.exit(main())
