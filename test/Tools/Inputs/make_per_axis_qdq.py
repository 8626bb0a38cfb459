"""Writes the LSTMs of rnnc-qdq-per-axis.test: X (or initial_h) behind a
QuantizeLinear / DequantizeLinear pair with per-axis scales (axis 2, the
feature axis): `equal` (all scales and zero points the same: per tensor in
effect; `tensor` is its per-tensor twin), `x_axis` (differing scales on X) and `h_axis`
(differing scales on initial_h).

    make_per_axis_qdq.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

T, I, H = 5, 16, 16


def model(path, scales_x, scales_h, axis=2):
    rng = np.random.default_rng(3)
    g = 4 * H
    inits = [
        numpy_helper.from_array(rng.uniform(-0.3, 0.3, (1, g, I)).astype(np.float32), "W"),
        numpy_helper.from_array(rng.uniform(-0.3, 0.3, (1, g, H)).astype(np.float32), "R"),
    ]
    nodes = []
    lstm_in = ["X", "W", "R", "", "", ""]
    inputs = [helper.make_tensor_value_info("X_in", TensorProto.FLOAT, [T, 1, I])]
    for name, scales, slot, src in (("x", scales_x, 0, "X_in"), ("h", scales_h, 5, "H_in")):
        if scales is None:
            continue
        if src == "H_in":
            inputs.append(helper.make_tensor_value_info("H_in", TensorProto.FLOAT, [1, 1, H]))
        s = np.array(scales, np.float32)
        z = np.zeros(len(scales), np.int8)
        attrs = {"axis": axis}
        if axis is None:  # per tensor
            s, z, attrs = s[0], z[0], {}
        inits += [numpy_helper.from_array(s, f"s_{name}"), numpy_helper.from_array(z, f"z_{name}")]
        nodes += [helper.make_node("QuantizeLinear", [src, f"s_{name}", f"z_{name}"],
                                   [f"q_{name}"], name=f"q_{name}", **attrs),
                  helper.make_node("DequantizeLinear", [f"q_{name}", f"s_{name}", f"z_{name}"],
                                   [f"dq_{name}"], name=f"dq_{name}", **attrs)]
        lstm_in[slot] = f"dq_{name}"
    if lstm_in[0] == "X":
        lstm_in[0] = "X_in"
    while lstm_in[-1] == "":
        lstm_in.pop()
    nodes.append(helper.make_node("LSTM", lstm_in, ["", "Y_h"], hidden_size=H, name="lstm"))
    graph = helper.make_graph(
        nodes, "g", inputs,
        [helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [1, 1, H])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
model(os.path.join(out, "equal.onnx"), [0.03] * I, None)
model(os.path.join(out, "tensor.onnx"), [0.03] * I, None, axis=None)
np.save(os.path.join(out, "X_in.npy"),
        np.random.default_rng(4).standard_normal((T, 1, I)).astype(np.float32))
model(os.path.join(out, "x_axis.onnx"), list(np.linspace(0.01, 0.05, I)), None)
model(os.path.join(out, "h_axis.onnx"), None, list(np.linspace(0.005, 0.01, H)))
