"""Writes an ONNX model whose input and output names hold characters that are
not valid in file names: 'in:put/0' -> Relu -> 'out put/y[1]'."""
import sys

import onnx
from onnx import TensorProto, helper

node = helper.make_node("Relu", ["in:put/0"], ["out put/y[1]"], name="relu")
graph = helper.make_graph(
    [node], "odd",
    [helper.make_tensor_value_info("in:put/0", TensorProto.FLOAT, [4, 2, 3])],
    [helper.make_tensor_value_info("out put/y[1]", TensorProto.FLOAT, [4, 2, 3])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
model.ir_version = 8
onnx.save(model, sys.argv[1])
