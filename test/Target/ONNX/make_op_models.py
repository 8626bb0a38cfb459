"""Writes the small ONNX models that the per-op importer tests use.

Usage: make_op_models.py OUTDIR

For every case NAME it writes OUTDIR/NAME.onnx and, for the cases that run,
OUTDIR/NAME/in_*.npy and OUTDIR/NAME/out_*.npy. The expected outputs come from
the straightforward NumPy implementations below (scatter-form transposed
convolution, sequential ScatterND), written from the ONNX operator spec and
independent of the importer's formulation. Cases named err_* break one rule.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
F = TensorProto.FLOAT
I64 = TensorProto.INT64


def save(name, nodes, inputs, outputs, inits=(), opset=13, data=None):
    """Writes NAME.onnx; `data` maps input/output names to arrays (refs)."""
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, os.path.join(out, name + ".onnx"))
    if data is None:
        return
    ref = os.path.join(out, name)
    os.makedirs(ref, exist_ok=True)
    for kind, values in data.items():
        for n, v in values.items():
            np.save(os.path.join(ref, f"{kind}_{n}.npy"), v)


def rng_for(name):
    return np.random.default_rng(sum(map(ord, name)))


# ---------------------------------------------------------------------------
# ConvTranspose
# ---------------------------------------------------------------------------


def transposed_pads(in_sizes, kernel, strides, dilations, output_padding,
                    pads, output_shape, auto_pad):
    """(begin, end) per spatial dim, following the ONNX ConvTranspose spec.
    A negative end (output_shape beyond the full result) appends zeros."""
    n = len(in_sizes)
    begin, end = list(pads[:n]), list(pads[n:])
    for i in range(n):
        full = (strides[i] * (in_sizes[i] - 1) + output_padding[i]
                + (kernel[i] - 1) * dilations[i] + 1)
        if output_shape is None and auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
            if auto_pad == "VALID":
                begin[i] = end[i] = 0
            continue
        target = output_shape[i] if output_shape else in_sizes[i] * strides[i]
        total = full - target
        if total < 0:
            begin[i], end[i] = 0, total
        elif auto_pad == "SAME_UPPER":
            begin[i], end[i] = total // 2, total - total // 2
        else:
            begin[i], end[i] = total - total // 2, total // 2
    return begin, end


def conv_transpose_ref(x, w, b, group=1, strides=None, dilations=None,
                       pads=None, output_padding=None, output_shape=None,
                       auto_pad="NOTSET"):
    """Every input element scatters x * w into the full output, which is
    then cropped (or zero-extended) by the pads."""
    n_batch, c = x.shape[:2]
    in_sizes, kernel = x.shape[2:], w.shape[2:]
    ns = len(in_sizes)
    strides = strides or [1] * ns
    dilations = dilations or [1] * ns
    pads = pads or [0] * (2 * ns)
    output_padding = output_padding or [0] * ns
    m_per_group, c_per_group = w.shape[1], c // group
    full = [strides[i] * (in_sizes[i] - 1) + output_padding[i]
            + (kernel[i] - 1) * dilations[i] + 1 for i in range(ns)]
    y = np.zeros((n_batch, m_per_group * group, *full), np.float64)
    for ch in range(c):
        g = ch // c_per_group
        for pos in np.ndindex(*in_sizes):
            for k in np.ndindex(*kernel):
                o = tuple(pos[i] * strides[i] + k[i] * dilations[i] for i in range(ns))
                contrib = x[(slice(None), ch) + pos][:, None] * w[(ch, slice(None)) + k][None, :]
                y[(slice(None), slice(g * m_per_group, (g + 1) * m_per_group)) + o] += contrib
    begin, end = transposed_pads(in_sizes, kernel, strides, dilations,
                                 output_padding, pads, output_shape, auto_pad)
    for i in range(ns):
        if end[i] < 0:
            widths = [(0, 0)] * y.ndim
            widths[2 + i] = (0, -end[i])
            y = np.pad(y, widths)
            end[i] = 0
        index = [slice(None)] * y.ndim
        index[2 + i] = slice(begin[i], y.shape[2 + i] - end[i])
        y = y[tuple(index)]
    if b is not None:
        y += b.reshape((1, -1) + (1,) * ns)
    return y.astype(np.float32)


def conv_transpose_case(name, x_shape, w_shape, bias=True, w_input=False,
                        **attrs):
    rng = rng_for(name)
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = rng.standard_normal(w_shape).astype(np.float32)
    group = attrs.get("group", 1)
    b = rng.standard_normal(w_shape[1] * group).astype(np.float32) if bias else None
    y = conv_transpose_ref(x, w, b, **attrs)
    inputs = [helper.make_tensor_value_info("X", F, x_shape)]
    inits = []
    data = {"in": {"X": x}, "out": {"Y": y}}
    if w_input:
        inputs.append(helper.make_tensor_value_info("W", F, w_shape))
        data["in"]["W"] = w
    else:
        inits.append(numpy_helper.from_array(w, "W"))
    names = ["X", "W"]
    if bias:
        inits.append(numpy_helper.from_array(b, "B"))
        names.append("B")
    node = helper.make_node("ConvTranspose", names, ["Y"], name="convt0", **attrs)
    save(name, [node], inputs, [helper.make_tensor_value_info("Y", F, None)],
         inits, data=data)


conv_transpose_case("convt_1d", [1, 4, 5], [4, 3, 3], strides=[2], pads=[1, 0],
                    output_padding=[1])
conv_transpose_case("convt_2d_group", [2, 4, 3, 5], [4, 1, 2, 3], group=2,
                    strides=[1, 2], pads=[0, 1, 1, 1], dilations=[2, 1])
# Depthwise, with pads larger than the dilated kernel span (the front of the
# spread input is cropped), as in GTCRN's streaming decoder.
conv_transpose_case("convt_depthwise_crop", [1, 6, 5, 7], [6, 1, 3, 3],
                    group=6, pads=[3, 1, 3, 1])
conv_transpose_case("convt_group_outpad", [1, 6, 4, 4], [6, 2, 2, 2], bias=False,
                    group=3, strides=[2, 2], output_padding=[1, 0])
conv_transpose_case("convt_output_shape", [1, 2, 3, 3], [2, 1, 3, 3],
                    strides=[2, 2], output_shape=[6, 5])
conv_transpose_case("convt_same_lower", [1, 2, 4], [2, 3, 3], strides=[2],
                    auto_pad="SAME_LOWER")
conv_transpose_case("convt_same_upper", [1, 2, 4], [2, 3, 3], strides=[2],
                    auto_pad="SAME_UPPER")
conv_transpose_case("convt_w_input", [1, 4, 3, 3], [4, 2, 2, 2], w_input=True,
                    group=2, strides=[2, 1])


def convt_error(name, x_shape, w_shape, **attrs):
    w = np.zeros(w_shape, np.float32)
    node = helper.make_node("ConvTranspose", ["X", "W"], ["Y"], name="convt0", **attrs)
    save(name, [node], [helper.make_tensor_value_info("X", F, x_shape)],
         [helper.make_tensor_value_info("Y", F, None)],
         [numpy_helper.from_array(w, "W")])


convt_error("err_convt_channels", [1, 3, 4, 4], [4, 2, 3, 3], group=2)
convt_error("err_convt_kernel_shape", [1, 2, 4, 4], [2, 2, 3, 3], kernel_shape=[2, 2])
convt_error("err_convt_no_output", [1, 2, 2, 2], [2, 2, 3, 3], pads=[2, 2, 2, 2])
convt_error("err_convt_dynamic", [1, 2, "T", 4], [2, 2, 3, 3])
convt_error("err_convt_rank", [1, 2, 4], [2, 2, 3, 3])
convt_error("err_convt_output_shape", [1, 2, 4, 4], [2, 2, 3, 3], output_shape=[8])
convt_error("err_convt_output_padding", [1, 2, 4, 4], [2, 2, 3, 3],
            output_padding=[-1, 0])
# A bias of the wrong length, and integer operands.
save("err_convt_bias",
     [helper.make_node("ConvTranspose", ["X", "W", "B"], ["Y"], name="convt0")],
     [helper.make_tensor_value_info("X", F, [1, 2, 4, 4])],
     [helper.make_tensor_value_info("Y", F, None)],
     [numpy_helper.from_array(np.zeros([2, 3, 3, 3], np.float32), "W"),
      numpy_helper.from_array(np.zeros([2], np.float32), "B")])
save("err_convt_int",
     [helper.make_node("ConvTranspose", ["X", "W"], ["Y"], name="convt0")],
     [helper.make_tensor_value_info("X", I64, [1, 2, 4, 4])],
     [helper.make_tensor_value_info("Y", I64, None)],
     [numpy_helper.from_array(np.zeros([2, 3, 3, 3], np.int64), "W")])

# ---------------------------------------------------------------------------
# ScatterND
# ---------------------------------------------------------------------------

REDUCE = {"none": lambda old, new: new, "add": np.add, "mul": np.multiply,
          "max": np.maximum, "min": np.minimum}


def scatter_nd_ref(data, indices, updates, reduction="none"):
    """The spec's sequential loop."""
    out = data.copy()
    for idx in np.ndindex(*indices.shape[:-1]):
        target = tuple(indices[idx])
        out[target] = REDUCE[reduction](out[target], updates[idx])
    return out


def scatter_case(name, data_shape, indices, updates_shape, reduction="none",
                 opset=13, indices_input=False, all_const=False):
    rng = rng_for(name)
    data = rng.standard_normal(data_shape).astype(np.float32)
    updates = rng.standard_normal(updates_shape).astype(np.float32)
    indices = np.array(indices, np.int64)
    y = scatter_nd_ref(data, indices, updates, reduction)
    attrs = {} if reduction == "none" else {"reduction": reduction}
    node = helper.make_node("ScatterND", ["data", "indices", "updates"], ["Y"],
                            name="scatter0", **attrs)
    inputs, inits, ins = [], [], {}
    for n, v, elem in [("data", data, F), ("indices", indices, I64),
                       ("updates", updates, F)]:
        const = all_const or (n == "indices" and not indices_input)
        if const:
            inits.append(numpy_helper.from_array(v, n))
        else:
            inputs.append(helper.make_tensor_value_info(n, elem, list(v.shape)))
            ins[n] = v
    save(name, [node], inputs, [helper.make_tensor_value_info("Y", F, None)],
         inits, opset=opset, data={"in": ins, "out": {"Y": y}})


# Rows 1 and 3 of dims 0 and columns 1..3 of dim 1: a strided box.
BOX = [[[1 + 2 * a, 1 + b] for b in range(3)] for a in range(2)]
scatter_case("scatter_box", [4, 5, 6], BOX, [2, 3, 6])
scatter_case("scatter_box_add", [4, 5, 6], BOX, [2, 3, 6], reduction="add", opset=16)
scatter_case("scatter_negative", [3, 2], [[-1]], [1, 2])
# Out of order, so not a box: the table path.
scatter_case("scatter_table", [4, 3], [[3], [0], [2]], [3, 3])
scatter_case("scatter_table_max", [4, 3], [[3], [0], [2]], [3, 3],
             reduction="max", opset=18)
# Repeated index without reduction: the last update wins.
scatter_case("scatter_repeated", [4, 3], [[1], [1], [0]], [3, 3])
# Full index tuples (k = rank): scalar updates.
scatter_case("scatter_elements", [3, 4], [[0, 1], [2, 3], [1, 0]], [3])
# Indices known only at run time, with a repeated index under add.
scatter_case("scatter_dynamic_add", [4, 3], [[1], [1], [3]], [3, 3],
             reduction="add", opset=16, indices_input=True)
scatter_case("scatter_dynamic", [2, 3, 4], [[[0, 2]], [[1, 0]]], [2, 1, 4],
             indices_input=True)
# Known repeated indices under a reduction accumulate in order: the loop path.
scatter_case("scatter_repeated_mul", [4, 3], [[2], [0], [2]], [3, 3],
             reduction="mul", opset=16)
scatter_case("scatter_folded", [2, 3], [[1]], [1, 3], all_const=True)
scatter_case("scatter_folded_add", [2, 3], [[1], [0], [1]], [3, 3],
             reduction="add", opset=16, all_const=True)


def scatter_error(name, data_shape, indices, updates_shape, **attrs):
    node = helper.make_node("ScatterND", ["data", "indices", "updates"], ["Y"],
                            name="scatter0", **attrs)
    save(name, [node],
         [helper.make_tensor_value_info("data", F, data_shape),
          helper.make_tensor_value_info("updates", F, updates_shape)],
         [helper.make_tensor_value_info("Y", F, None)],
         [numpy_helper.from_array(np.array(indices, np.int64), "indices")],
         opset=18)


scatter_error("err_scatter_range", [4, 3], [[4]], [1, 3])
scatter_error("err_scatter_updates", [4, 3], [[1]], [1, 2])
scatter_error("err_scatter_reduction", [4, 3], [[1]], [1, 3], reduction="avg")
scatter_error("err_scatter_dynamic", [4, "N"], [[1]], [1, "N"])
scatter_error("err_scatter_rank", [4, 3], [[1, 0, 2]], [1])
save("err_scatter_types",
     [helper.make_node("ScatterND", ["data", "indices", "updates"], ["Y"], name="scatter0")],
     [helper.make_tensor_value_info("data", F, [4, 3]),
      helper.make_tensor_value_info("updates", I64, [1, 3])],
     [helper.make_tensor_value_info("Y", F, None)],
     [numpy_helper.from_array(np.array([[1]], np.int64), "indices")])
save("err_scatter_float_indices",
     [helper.make_node("ScatterND", ["data", "indices", "updates"], ["Y"], name="scatter0")],
     [helper.make_tensor_value_info("data", F, [4, 3]),
      helper.make_tensor_value_info("updates", F, [1, 3])],
     [helper.make_tensor_value_info("Y", F, None)],
     [numpy_helper.from_array(np.array([[1.0]], np.float32), "indices")])

# ---------------------------------------------------------------------------
# Slice with negative steps
# ---------------------------------------------------------------------------


def slice_ref(x, start, end, step, axis):
    """One axis of ONNX Slice, with the spec's clamping."""
    dim = x.shape[axis]
    start = start + dim if start < 0 else start
    end = end + dim if end < 0 else end
    if step > 0:
        start, end = min(max(start, 0), dim), min(max(end, 0), dim)
    else:
        start, end = min(max(start, 0), dim - 1), min(max(end, -1), dim - 1)
    picked = list(range(start, end, step))
    return np.take(x, picked, axis=axis)


def slice_case(name, x_shape, start, end, step, axis):
    rng = rng_for(name)
    x = rng.standard_normal(x_shape).astype(np.float32)
    inits = [numpy_helper.from_array(np.array([v], np.int64), n)
             for n, v in [("starts", start), ("ends", end), ("axes", axis),
                          ("steps", step)]]
    node = helper.make_node("Slice", ["X", "starts", "ends", "axes", "steps"],
                            ["Y"], name="slice0")
    save(name, [node], [helper.make_tensor_value_info("X", F, x_shape)],
         [helper.make_tensor_value_info("Y", F, None)], inits,
         data={"in": {"X": x}, "out": {"Y": slice_ref(x, start, end, step, axis)}})


# The whole axis backwards: start -1, end far before the beginning.
slice_case("slice_reverse", [4, 3], -1, -100, -1, 0)
# A start before the beginning is clamped to 0 when walking backwards, so
# this takes element 0 alone.
slice_case("slice_backward_clamp", [4, 3], -10, -10, -1, 0)
slice_case("slice_backward_step2", [3, 7], 100, 0, -2, 1)

# ---------------------------------------------------------------------------
# Scalar graph inputs (--input-shape NAME= pins rank 0)
# ---------------------------------------------------------------------------

rng = rng_for("scalar_input")
x = rng.standard_normal([2, 3]).astype(np.float32)
s = np.array(3, np.int64)
save("scalar_input",
     [helper.make_node("Cast", ["s"], ["sf"], name="cast0", to=F),
      helper.make_node("Mul", ["X", "sf"], ["Y"], name="mul0")],
     [helper.make_tensor_value_info("X", F, [2, 3]),
      helper.make_tensor_value_info("s", I64, [])],
     [helper.make_tensor_value_info("Y", F, None)],
     data={"in": {"X": x, "s": s}, "out": {"Y": x * 3}})
