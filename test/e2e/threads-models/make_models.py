#!/usr/bin/env python3
"""Writes the two models of test/e2e/threads.test's parallel-region cases:
bidirectional layers with batch > 1 (the batch loop inside the time loop)
and hidden sizes large enough for the panel kernels, one with
sequence_lens. The references out_*.npy are ONNX Runtime's outputs
(scripts/ort/run_ort.js MODEL --input X=... --output-dir ...).

    /usr/bin/python3 test/e2e/threads-models/make_models.py test/e2e/threads-models
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def make(root, name, kind, h, i, t, n, seqlens):
    g = {"LSTM": 4, "GRU": 3, "RNN": 1}[kind]
    rng = np.random.default_rng(7)
    s = 1 / np.sqrt(h)
    w = rng.uniform(-s, s, (2, g * h, i)).astype(np.float32)
    r = rng.uniform(-s, s, (2, g * h, h)).astype(np.float32)
    b = rng.uniform(-s, s, (2, 2 * g * h)).astype(np.float32)
    outs = ["Y", "Y_h"] + (["Y_c"] if kind == "LSTM" else [])
    ins = ["X", "W", "R", "B", "sequence_lens" if seqlens else ""]
    attrs = dict(hidden_size=h, direction="bidirectional")
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    node = helper.make_node(kind, ins, outs, name="rnn0", **attrs)
    inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [t, n, i])]
    if seqlens:
        inputs.append(helper.make_tensor_value_info("sequence_lens", TensorProto.INT32, [n]))
    graph = helper.make_graph(
        [node], name, inputs,
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outs],
        [numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"),
         numpy_helper.from_array(b, "B")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    np.save(os.path.join(d, "in_X.npy"), rng.standard_normal((t, n, i)).astype(np.float32))
    if seqlens:
        np.save(os.path.join(d, "in_sequence_lens.npy"),
                np.array([t, 2, t - 1][:n], dtype=np.int32))


if __name__ == "__main__":
    make(sys.argv[1], "lstm_h32_seqlens_bidir_b3", "LSTM", 32, 16, 5, 3, True)
    make(sys.argv[1], "gru_h64_bidir_b2", "GRU", 64, 16, 4, 2, False)
