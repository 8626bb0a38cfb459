"""Writes the malformed ONNX models that errors.test feeds to the importer.

Usage: make_bad_models.py OUTDIR. Each model breaks exactly one rule.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
F = TensorProto.FLOAT


def lstm_graph(name, w_shape=(1, 20, 4), r_shape=(1, 20, 5), attrs=None,
               extra_inputs=(), opset=14, inits=None, node_name="lstm0",
               op_type="LSTM", inputs=None):
    attrs = {"hidden_size": 5} if attrs is None else attrs
    x = helper.make_tensor_value_info("X", F, [2, 3, 4])
    y = helper.make_tensor_value_info("Y_h", F, None)
    rng = np.random.default_rng(0)
    if inits is None:
        inits = [numpy_helper.from_array(rng.standard_normal(w_shape).astype(np.float32), "W"),
                 numpy_helper.from_array(rng.standard_normal(r_shape).astype(np.float32), "R")]
    node = helper.make_node(op_type, inputs or ["X", "W", "R", *extra_inputs],
                            ["", "Y_h"], name=node_name, **attrs)
    graph = helper.make_graph([node], "g", [x], [y], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, os.path.join(out, name + ".onnx"))
    return model


good = lstm_graph("good")
data = good.SerializeToString()
open(os.path.join(out, "truncated.onnx"), "wb").write(data[: len(data) // 2])
open(os.path.join(out, "garbage.onnx"), "wb").write(b"\xff\xfe this is not protobuf \x00\x01" * 10)
lstm_graph("weights_contradict_hidden", w_shape=(1, 16, 4))
lstm_graph("bad_direction", attrs={"hidden_size": 5, "direction": "sideways"})
lstm_graph("bad_activation", attrs={"hidden_size": 5, "activations": ["Sigmoid", "Swish", "Tanh"]})
lstm_graph("activation_count", attrs={"hidden_size": 5, "activations": ["Sigmoid", "Tanh"]})
lstm_graph("bad_clip", attrs={"hidden_size": 5, "clip": -1.0})
lstm_graph("unknown_attribute", attrs={"hidden_size": 5, "output_sequence": 1})
lstm_graph("layout_old_opset", attrs={"hidden_size": 5, "layout": 1}, opset=7)
lstm_graph("undefined_input", inputs=["X", "W", "R", "B_missing"])
lstm_graph("missing_initializer", inits=[])
lstm_graph("unknown_op", op_type="FancyLSTM")
lstm_graph("extra_alpha", attrs={"hidden_size": 5, "activation_alpha": [0.5]})

# An opset newer than supported.
m = lstm_graph("new_opset", opset=99)

# A custom domain.
m = lstm_graph("custom_domain")
m.graph.node[0].domain = "com.example"
onnx.save(m, os.path.join(out, "custom_domain.onnx"))

# External data escaping the model directory, and a missing external file.
for name, location in [("external_escape", "../../etc/passwd"),
                       ("external_missing", "weights.bin")]:
    m = lstm_graph(name)
    w = m.graph.initializer[0]
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    w.external_data.add(key="location", value=location)
    onnx.save(m, os.path.join(out, name + ".onnx"))

# An initializer whose data is shorter than its shape.
m = lstm_graph("short_tensor")
m.graph.initializer[0].raw_data = m.graph.initializer[0].raw_data[:40]
onnx.save(m, os.path.join(out, "short_tensor.onnx"))

# A reshape whose target shape contradicts the element count.
x = helper.make_tensor_value_info("X", F, [2, 3])
y = helper.make_tensor_value_info("Y", F, None)
shape = numpy_helper.from_array(np.array([4, 2], dtype=np.int64), "shape")
g = helper.make_graph([helper.make_node("Reshape", ["X", "shape"], ["Y"], name="reshape0")],
                      "g", [x], [y], [shape])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])
m.ir_version = 8
onnx.save(m, os.path.join(out, "bad_reshape.onnx"))

# Target entries below -1 (INT64_MIN is MLIR's dynamic-size marker; the
# fuzzer found it crashing the importer).
shape = numpy_helper.from_array(np.array([-(2**63), -(2**63)], dtype=np.int64), "shape")
g = helper.make_graph([helper.make_node("Reshape", ["X", "shape"], ["Y"], name="reshape0")],
                      "g", [x], [y], [shape])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])
m.ir_version = 8
onnx.save(m, os.path.join(out, "bad_reshape_min.onnx"))

# Sequence lengths longer than the sequence.
m = lstm_graph("long_sequence_lens", extra_inputs=["", "lens"],
               inits=[numpy_helper.from_array(np.zeros((1, 20, 4), np.float32), "W"),
                      numpy_helper.from_array(np.zeros((1, 20, 5), np.float32), "R"),
                      numpy_helper.from_array(np.array([2, 3, 1], np.int32), "lens")])

# An operator in a model whose opset predates it (Expand is opset 8+).
x = helper.make_tensor_value_info("X", F, [2, 1])
shape = numpy_helper.from_array(np.array([2, 3], dtype=np.int64), "shape")
g = helper.make_graph([helper.make_node("Expand", ["X", "shape"], ["Y"], name="expand0")],
                      "g", [x], [helper.make_tensor_value_info("Y", F, None)], [shape])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 7)])
m.ir_version = 8
onnx.save(m, os.path.join(out, "op_before_opset.onnx"))

# Arithmetic on uint8, which arith has no operations for: the IR the handler
# builds does not verify, and the error names the node.
a = helper.make_tensor_value_info("A", TensorProto.UINT8, [2])
g = helper.make_graph([helper.make_node("Add", ["A", "A"], ["Y"], name="add0")],
                      "g", [a], [helper.make_tensor_value_info("Y", TensorProto.UINT8, None)])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])
m.ir_version = 8
onnx.save(m, os.path.join(out, "uint8_add.onnx"))

# QuantizeLinear / DequantizeLinear cases rnnc rejects (activation QDQ on
# run-time tensors is supported; these break one of its limits each).
def q_model(name, node_inputs, inits, graph_inputs=(), opset=13, op="QuantizeLinear",
            x_type=F, out_type=TensorProto.UINT8, **attrs):
    xs = [helper.make_tensor_value_info("X", x_type, [2, 3, 4])] + list(graph_inputs)
    g = helper.make_graph([helper.make_node(op, node_inputs, ["Y"], name="q0", **attrs)],
                          "g", xs, [helper.make_tensor_value_info("Y", out_type, None)], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.save(m, os.path.join(out, name + ".onnx"))


S = numpy_helper.from_array(np.array(0.5, np.float32), "s")
S4 = numpy_helper.from_array(np.full(4, 0.5, np.float32), "s4")
q_model("dq_runtime_scale", ["X", "s"], [],
        [helper.make_tensor_value_info("s", F, [])], op="DequantizeLinear",
        x_type=TensorProto.INT8, out_type=F)
q_model("q_runtime_zero_point", ["X", "s", "z"], [S],
        [helper.make_tensor_value_info("z", TensorProto.INT8, [])])
q_model("q_block_size", ["X", "s4"], [S4], opset=21, axis=2, block_size=2)
q_model("q_float8", ["X", "s"], [S], opset=21, output_dtype=17,  # FLOAT8E4M3FN (onnx >= 1.14)
        saturate=1)
q_model("q_int16", ["X", "s"], [S], opset=21, output_dtype=TensorProto.INT16)
q_model("q_axis_size", ["X", "s4"], [S4], axis=1)
q_model("q_axis_range", ["X", "s4"], [S4], axis=3)
q_model("q_int_input", ["X", "s"], [S], x_type=TensorProto.INT32)
q_model("q_output_dtype_mismatch", ["X", "s", "z"],
        [S, numpy_helper.from_array(np.array(0, np.uint8), "z")], opset=21,
        output_dtype=TensorProto.INT8)
q_model("dq_float_input", ["X", "s"], [S], op="DequantizeLinear", out_type=F)
q_model("dq_unknown_attribute", ["X", "s"], [S], op="DequantizeLinear",
        x_type=TensorProto.INT8, out_type=F, precision=1)

# DequantizeLinear with a zero scale.
g = helper.make_graph([helper.make_node("DequantizeLinear", ["q", "s"], ["Y"], name="dq1")],
                      "g", [], [helper.make_tensor_value_info("Y", F, None)],
                      [numpy_helper.from_array(np.array([1, 2], np.int8), "q"),
                       numpy_helper.from_array(np.array(0.0, np.float32), "s")])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
m.ir_version = 8
onnx.save(m, os.path.join(out, "dq_zero_scale.onnx"))

# DynamicQuantizeLSTM whose quantized W is a graph input (not a constant).
x = helper.make_tensor_value_info("X", F, [2, 1, 4])
wq = helper.make_tensor_value_info("Wq", TensorProto.INT8, [1, 4, 20])
g = helper.make_graph(
    [helper.make_node("DynamicQuantizeLSTM",
                      ["X", "Wq", "Rq", "", "", "", "", "", "ws", "wz", "rs", "rz"],
                      ["", "Y_h"], domain="com.microsoft", hidden_size=5, name="dq2")],
    "g", [x, wq], [helper.make_tensor_value_info("Y_h", F, None)],
    [numpy_helper.from_array(np.zeros((1, 5, 20), np.int8), "Rq"),
     numpy_helper.from_array(np.ones(1, np.float32), "ws"),
     numpy_helper.from_array(np.zeros(1, np.int8), "wz"),
     numpy_helper.from_array(np.ones(1, np.float32), "rs"),
     numpy_helper.from_array(np.zeros(1, np.int8), "rz")])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14),
                                        helper.make_opsetid("com.microsoft", 1)])
m.ir_version = 8
onnx.save(m, os.path.join(out, "dqlstm_runtime_weights.onnx"))
