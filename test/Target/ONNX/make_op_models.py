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

# ---------------------------------------------------------------------------
# Shape computations on a partly dynamic input (X is [2, T, 7])
# ---------------------------------------------------------------------------


def ints(name, values):
    return numpy_helper.from_array(np.array(values, np.int64), name)


def shape_case(name, nodes, outputs, inits, refs):
    """X is [2, 'T', 7]; `refs(x)` gives the outputs. in_/out_ use T = 5,
    in2_/out2_ use T = 3."""
    rng = rng_for(name)
    x5 = rng.standard_normal([2, 5, 7]).astype(np.float32)
    x3 = rng.standard_normal([2, 3, 7]).astype(np.float32)
    save(name, nodes, [helper.make_tensor_value_info("X", F, [2, "T", 7])],
         [helper.make_tensor_value_info(o, F, None) for o in outputs], inits,
         data={"in": {"X": x5}, "out": refs(x5),
               "in2": {"X": x3}, "out2": refs(x3)})


fill = helper.make_tensor("fill", F, [1], [0.5])
# Only static dims are read: PyTorch's zero-state pattern and a Slice.
shape_case(
    "shape_static_dims",
    [helper.make_node("Shape", ["X"], ["s"], name="shape0"),
     helper.make_node("Gather", ["s", "zero"], ["n"], name="gather0", axis=0),
     helper.make_node("Unsqueeze", ["n", "zeros1"], ["n1"], name="unsq0"),
     helper.make_node("Concat", ["one", "n1", "nine"], ["hshape"],
                      name="concat0", axis=0),
     helper.make_node("ConstantOfShape", ["hshape"], ["Y"], name="cos0",
                      value=fill),
     helper.make_node("Slice", ["s", "zeros1", "ones1"], ["batch"],
                      name="slice0"),
     helper.make_node("Concat", ["batch", "minus1"], ["flat"], name="concat1",
                      axis=0),
     helper.make_node("Reshape", ["X", "flat"], ["Z"], name="reshape0"),
     # 2 * 7 from the last dim through Slice, Cast, Squeeze and Mul.
     helper.make_node("Slice", ["s", "minus1", "big"], ["last"], name="slice1"),
     helper.make_node("Cast", ["last"], ["last32"], name="cast0",
                      to=TensorProto.INT32),
     helper.make_node("Cast", ["last32"], ["last64"], name="cast1", to=I64),
     helper.make_node("Squeeze", ["last64", "zeros1"], ["k"], name="squeeze0"),
     helper.make_node("Mul", ["n", "k"], ["nk"], name="mul0"),
     helper.make_node("Unsqueeze", ["nk", "zeros1"], ["nk1"], name="unsq1"),
     helper.make_node("Concat", ["nk1", "minus1"], ["rows"], name="concat2",
                      axis=0),
     helper.make_node("Reshape", ["X", "rows"], ["Z2"], name="reshape1")],
    ["Y", "Z", "Z2"],
    [ints("zero", 0), ints("zeros1", [0]), ints("ones1", [1]),
     ints("one", [1]), ints("nine", [9]), ints("minus1", [-1]),
     ints("big", [1 << 40])],
    lambda x: {"Y": np.full([1, 2, 9], 0.5, np.float32),
               "Z": x.reshape(2, -1), "Z2": x.reshape(14, -1)})

bias = np.arange(7, dtype=np.float32) / 4
# Shapes that depend on T: sizes read at run time.
shape_case(
    "shape_runtime_dims",
    [helper.make_node("Shape", ["X"], ["s"], name="shape0"),
     helper.make_node("Gather", ["s", "one"], ["t"], name="gather0", axis=0),
     helper.make_node("Unsqueeze", ["t", "zeros1"], ["t1"], name="unsq0"),
     helper.make_node("Concat", ["t1", "three"], ["fshape"], name="concat0",
                      axis=0),
     helper.make_node("ConstantOfShape", ["fshape"], ["Y1"], name="cos0",
                      value=helper.make_tensor("v", F, [1], [1.5])),
     helper.make_node("Concat", ["t1", "minus1"], ["rshape"], name="concat1",
                      axis=0),
     helper.make_node("Reshape", ["X", "rshape"], ["Y2"], name="reshape0"),
     helper.make_node("Expand", ["bias", "s"], ["Y3"], name="expand0"),
     helper.make_node("Gather", ["s", "zero"], ["b"], name="gather1", axis=0),
     helper.make_node("Mul", ["b", "t"], ["bt"], name="mul0"),
     helper.make_node("Unsqueeze", ["bt", "zeros1"], ["bt1"], name="unsq1"),
     helper.make_node("Concat", ["bt1", "seven"], ["mshape"], name="concat2",
                      axis=0),
     helper.make_node("Reshape", ["X", "mshape"], ["Y4"], name="reshape1")],
    ["Y1", "Y2", "Y3", "Y4"],
    [ints("zero", 0), ints("one", 1), ints("zeros1", [0]), ints("three", [3]),
     ints("minus1", [-1]), ints("seven", [7]),
     numpy_helper.from_array(bias, "bias")],
    lambda x: {"Y1": np.full([x.shape[1], 3], 1.5, np.float32),
               "Y2": x.reshape(x.shape[1], -1),
               "Y3": np.broadcast_to(bias, x.shape).copy(),
               "Y4": x.reshape(-1, 7)})

save("err_constantofshape_rank",
     [helper.make_node("ConstantOfShape", ["shape"], ["Y"], name="cos0")],
     [helper.make_tensor_value_info("shape", I64, ["n"])],
     [helper.make_tensor_value_info("Y", F, None)])

# ---------------------------------------------------------------------------
# Conv and MatMul (the loop order of their linalg.generic)
# ---------------------------------------------------------------------------


def conv_ref(x, w, b, group=1, strides=None, dilations=None, pads=None):
    """Direct ONNX Conv: every output element is a sum over its group's
    channels and the kernel window of the zero-padded input."""
    n_batch, c = x.shape[:2]
    m, cg = w.shape[:2]
    ns = x.ndim - 2
    strides = strides or [1] * ns
    dilations = dilations or [1] * ns
    pads = pads or [0] * (2 * ns)
    xp = np.pad(x.astype(np.float64),
                [(0, 0), (0, 0)] + [(pads[i], pads[ns + i]) for i in range(ns)])
    kernel = w.shape[2:]
    out_sizes = [(xp.shape[2 + i] - (kernel[i] - 1) * dilations[i] - 1)
                 // strides[i] + 1 for i in range(ns)]
    y = np.zeros([n_batch, m] + out_sizes)
    for o in np.ndindex(*out_sizes):
        for k in np.ndindex(*kernel):
            pos = tuple(o[i] * strides[i] + k[i] * dilations[i]
                        for i in range(ns))
            for f in range(m):
                first = (f // (m // group)) * cg
                patch = xp[(slice(None), slice(first, first + cg)) + pos]
                y[(slice(None), f) + o] += patch @ w[(f, slice(None)) + k]
    if b is not None:
        y += b.reshape((1, -1) + (1,) * ns)
    return y.astype(np.float32)


def conv_case(name, x_shape, w_shape, **attrs):
    rng = rng_for(name)
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = rng.standard_normal(w_shape).astype(np.float32)
    b = rng.standard_normal(w_shape[0]).astype(np.float32)
    node = helper.make_node("Conv", ["X", "W", "B"], ["Y"], name="conv0", **attrs)
    save(name, [node], [helper.make_tensor_value_info("X", F, x_shape)],
         [helper.make_tensor_value_info("Y", F, None)],
         [numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "B")],
         data={"in": {"X": x}, "out": {"Y": conv_ref(x, w, b, **attrs)}})


conv_case("conv_2d_group", [2, 4, 5, 9], [6, 2, 2, 3], group=2,
          strides=[1, 2], dilations=[2, 1], pads=[1, 1, 0, 2])
conv_case("conv_1d", [1, 3, 12], [4, 3, 5], pads=[2, 2])
# Through rnn-conv-to-vector's register-blocked kernel (group 1, unit stride
# along the width): a masked column block only (36 columns, 6 channels per
# block), then full blocks and a masked tail (100 columns, 5 channels: blocks
# of 1), with a stride and a dilation along the height.
conv_case("conv_2d_kernel_tail", [2, 5, 7, 37], [6, 5, 3, 3],
          strides=[2, 1], dilations=[1, 2], pads=[1, 2, 0, 1])
conv_case("conv_2d_kernel_blocks", [1, 3, 6, 100], [5, 3, 3, 3],
          dilations=[2, 1], pads=[1, 1, 1, 1])
# Through the Winograd kernel (unit strides, 3x3, >= 8 input and output
# channels): odd
# output height (the
# last tile row half outside), odd width (tile-row vector tails), two images,
# asymmetric pads; 7 x 29 outputs without pads: 4 x 15 tiles, 60 of 64
# padded tile lanes written (the zeroed tail); 3 x 18 outputs: F(4x4) tiles
# past the output in both dims; 9 output channels (channel blocks of 3).
conv_case("conv_2d_winograd_odd", [2, 9, 7, 37], [10, 9, 3, 3],
          pads=[1, 0, 1, 2])
conv_case("conv_2d_winograd_tail", [1, 8, 9, 31], [8, 8, 3, 3])
conv_case("conv_2d_winograd_small", [1, 17, 3, 18], [9, 17, 3, 3],
          pads=[1, 1, 1, 1])

rng = rng_for("matmul_broadcast")
a = rng.standard_normal([2, 1, 3, 4]).astype(np.float32)
bm = rng.standard_normal([3, 4, 5]).astype(np.float32)
save("matmul_broadcast",
     [helper.make_node("MatMul", ["A", "B"], ["Y"], name="matmul0")],
     [helper.make_tensor_value_info("A", F, [2, 1, 3, 4]),
      helper.make_tensor_value_info("B", F, [3, 4, 5])],
     [helper.make_tensor_value_info("Y", F, None)],
     data={"in": {"A": a, "B": bm},
           "out": {"Y": (a.astype(np.float64) @ bm).astype(np.float32)}})
