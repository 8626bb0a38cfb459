#!/usr/bin/env python3
"""Generates the quantized test models of test/e2e/models (lstm_qdq, gru_qdq,
lstm_qdq_tensor, gru_qdq_u8, rnn_qdq_u8zp0, quantized-models/dqlstm).

    /usr/bin/python3 scripts/gen_qdq_models.py

Each model holds its recurrent weights W and R as int8 initializers behind
DequantizeLinear (per-axis scales on the gate-row axis 1, zero point 0; the
largest |q| of every row is 127, as a symmetric per-channel quantizer
produces), the form QDQ quantization tools emit for weights. Inputs are
seeded random; the expected outputs come from ONNX Runtime (CPU, one
thread) through scripts/ort/run_ort.js, which executes DequantizeLinear
itself. dqlstm is ONNX Runtime's com.microsoft DynamicQuantizeLSTM (W as
[1, I, 4H], R as [1, H, 4H] int8 with per-channel scales, bidirectional=no);
ORT runs it with its own int8 kernels, so its reference differs from the
exact dequantized LSTM by ORT's activation quantization.

The quantizations rnnc --quantize=int8 must take over as they are (rows
that do not reach +-127, so re-quantizing per row would change them):
lstm_qdq_tensor (int8, one scale for the whole tensor, |q| <= 100; W of its
is FileChecked), gru_qdq_u8 (uint8 with zero point 128 per
row: q - 128 in [-128, 127]); and rnn_qdq_u8zp0 (uint8, zero point 0:
q up to 255 does not fit int8, so rnnc warns and re-quantizes per row),
quantized-models/dqlstm_partial (DynamicQuantizeLSTM with |q| <= 90).

Activation QDQ (QuantizeLinear / DequantizeLinear on run-time tensors), under
quantized-models/ (their references are exact, but the int8 builds are
checked with their own tolerances): qdq_act_ops (Q / DQ alone: int8 with a
zero point, uint8 per axis, uint8 without zero point; exact ties and
saturated values; the quantized tensors are outputs too), lstm_qdq_act (int8
per-axis weights, int8 Q/DQ on X, uint8 zero-point-128 Q/DQ on initial_h)
and gru_qdq_act (uint8 zero-point-0 Q/DQ on X only: its scale cannot be
taken as it is).
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "e2e", "models")


def quantized(rng, rows, cols, name):
    """int8 weights [1, rows, cols], each row reaching +-127, and scales."""
    q = rng.integers(-127, 128, (1, rows, cols)).astype(np.int8)
    for r in range(rows):
        q[0, r, rng.integers(0, cols)] = 127 if rng.random() < 0.5 else -127
    s = rng.uniform(0.002, 0.02, rows).astype(np.float32)
    return [numpy_helper.from_array(q, name + "_q"), numpy_helper.from_array(s, name + "_scale"),
            numpy_helper.from_array(np.zeros(rows, np.int8), name + "_zp")]


def quantized_weights(rng, gates, hidden, inp):
    """int8 per-row W and R behind DequantizeLinear (axis 1) and an f32 B:
    the initializers and the two DequantizeLinear nodes."""
    inits = quantized(rng, gates * hidden, inp, "W") + quantized(rng, gates * hidden, hidden, "R")
    inits.append(numpy_helper.from_array(
        rng.uniform(-0.3, 0.3, (1, 2 * gates * hidden)).astype(np.float32), "B"))
    nodes = [helper.make_node("DequantizeLinear", [f"{w}_q", f"{w}_scale", f"{w}_zp"], [w],
                              axis=1, name=f"dq_{w}") for w in ("W", "R")]
    return inits, nodes


def make(kind, gates, hidden, inp, seq, batch, seed):
    rng = np.random.default_rng(seed)
    inits, nodes = quantized_weights(rng, gates, hidden, inp)
    attrs = dict(hidden_size=hidden)
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    nodes.append(helper.make_node(kind, ["X", "W", "R", "B"], ["Y", "Y_h"], name=kind.lower(), **attrs))
    graph = helper.make_graph(
        nodes, f"{kind.lower()}_qdq",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [seq, batch, inp])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [seq, 1, batch, hidden]),
         helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [1, batch, hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    d = os.path.join(OUT, f"{kind.lower()}_qdq")
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    x = rng.standard_normal((seq, batch, inp)).astype(np.float32)
    np.save(os.path.join(d, "in_X.npy"), x)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"),
                        os.path.join(d, "model.onnx"), "--input", f"X={os.path.join(d, 'in_X.npy')}",
                        "--output-dir", tmp], check=True)
        for name in ("Y", "Y_h"):
            np.save(os.path.join(d, f"out_{name}.npy"), np.load(os.path.join(tmp, f"{name}.npy")))


def make_dqlstm(hidden, inp, seq, batch, seed, name="dqlstm", qmax=None):
    rng = np.random.default_rng(seed)
    g = 4 * hidden
    w = quantized(rng, g, inp, "W")
    r = quantized(rng, g, hidden, "R")
    if qmax is not None:
        # Rows that do not reach +-127: re-quantizing would change them.
        for t in (w, r):
            q = numpy_helper.to_array(t[0])
            t[0] = numpy_helper.from_array(np.clip(q, -qmax, qmax).astype(np.int8), t[0].name)
    wq = numpy_helper.to_array(w[0])[0]
    rq = numpy_helper.to_array(r[0])[0]
    inits = [
        numpy_helper.from_array(wq.T[None].copy(), "Wq"),
        numpy_helper.from_array(rq.T[None].copy(), "Rq"),
        numpy_helper.from_array(rng.uniform(-0.3, 0.3, (1, 2 * g)).astype(np.float32), "B"),
        numpy_helper.from_array(numpy_helper.to_array(w[1])[None], "W_scale"),
        numpy_helper.from_array(np.zeros((1, g), np.int8), "W_zp"),
        numpy_helper.from_array(numpy_helper.to_array(r[1])[None], "R_scale"),
        numpy_helper.from_array(np.zeros((1, g), np.int8), "R_zp"),
    ]
    node = helper.make_node(
        "DynamicQuantizeLSTM",
        ["X", "Wq", "Rq", "B", "", "", "", "", "W_scale", "W_zp", "R_scale", "R_zp"],
        ["Y", "Y_h"], domain="com.microsoft", hidden_size=hidden, name=name)
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [seq, batch, inp])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [seq, 1, batch, hidden]),
         helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [1, batch, hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14),
                                                    helper.make_opsetid("com.microsoft", 1)])
    # Not under models/: its reference is ORT's int8 kernel, not an exact
    # fp32 result, so the exact-tolerance sweeps over models/ must skip it.
    d = os.path.join(ROOT, "test", "e2e", "quantized-models", name)
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    x = rng.standard_normal((seq, batch, inp)).astype(np.float32)
    np.save(os.path.join(d, "in_X.npy"), x)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"),
                        os.path.join(d, "model.onnx"), "--input", f"X={os.path.join(d, 'in_X.npy')}",
                        "--output-dir", tmp], check=True)
        for name in ("Y", "Y_h"):
            np.save(os.path.join(d, f"out_{name}.npy"), np.load(os.path.join(tmp, f"{name}.npy")))


def save_case(model, name, x):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    np.save(os.path.join(d, "in_X.npy"), x)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"),
                        os.path.join(d, "model.onnx"), "--input", f"X={os.path.join(d, 'in_X.npy')}",
                        "--output-dir", tmp], check=True)
        for o in model.graph.output:
            np.save(os.path.join(d, f"out_{o.name}.npy"), np.load(os.path.join(tmp, f"{o.name}.npy")))


def make_as_is(name, kind, gates, hidden, inp, seq, seed, dtype, zp, per_tensor, lo, hi):
    """W and R stored as `dtype` with zero point `zp`; q - zp in [lo, hi]."""
    rng = np.random.default_rng(seed)
    inits, nodes = [], []
    for w, cols in (("W", inp), ("R", hidden)):
        rows = gates * hidden
        q = (rng.integers(lo, hi + 1, (1, rows, cols)) + zp).astype(dtype)
        n = 1 if per_tensor else rows
        scale = rng.uniform(0.002, 0.02, n).astype(np.float32)
        zpa = np.full(n, zp, dtype)
        if per_tensor:
            scale, zpa = scale.reshape(()), zpa.reshape(())
        inits += [numpy_helper.from_array(q, w + "_q"), numpy_helper.from_array(scale, w + "_scale"),
                  numpy_helper.from_array(zpa, w + "_zp")]
        nodes.append(helper.make_node("DequantizeLinear", [f"{w}_q", f"{w}_scale", f"{w}_zp"], [w],
                                      axis=1, name=f"dq_{w}"))
    inits.append(numpy_helper.from_array(
        rng.uniform(-0.3, 0.3, (1, 2 * gates * hidden)).astype(np.float32), "B"))
    nodes.append(helper.make_node(kind, ["X", "W", "R", "B"], ["Y", "Y_h"], name=kind.lower(),
                                  hidden_size=hidden))
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("X", TensorProto.FLOAT, [seq, 1, inp])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [seq, 1, 1, hidden]),
         helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [1, 1, hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    save_case(model, name, rng.standard_normal((seq, 1, inp)).astype(np.float32))


def save_ort_case(model, d, inputs):
    """Saves model and inputs under d, and ONNX Runtime's outputs."""
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    args = []
    for name, value in inputs.items():
        np.save(os.path.join(d, f"in_{name}.npy"), value)
        args += ["--input", f"{name}={os.path.join(d, f'in_{name}.npy')}"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"),
                        os.path.join(d, "model.onnx"), *args, "--output-dir", tmp], check=True)
        for o in model.graph.output:
            np.save(os.path.join(d, f"out_{o.name}.npy"), np.load(os.path.join(tmp, f"{o.name}.npy")))


def qdq_nodes(src, name, scale, zp, axis=None):
    """QuantizeLinear + DequantizeLinear of `src`; returns (inits, nodes)."""
    inits = [numpy_helper.from_array(np.asarray(scale, np.float32), f"{name}_scale")]
    ins = [src, f"{name}_scale"]
    if zp is not None:
        inits.append(numpy_helper.from_array(np.asarray(zp), f"{name}_zp"))
        ins.append(f"{name}_zp")
    attrs = {} if axis is None else {"axis": axis}
    nodes = [helper.make_node("QuantizeLinear", ins, [f"{name}_q"], name=f"q_{name}", **attrs),
             helper.make_node("DequantizeLinear", [f"{name}_q"] + ins[1:], [f"{name}_dq"],
                              name=f"dq_{name}", **attrs)]
    return inits, nodes


def make_qdq_act_ops(seed):
    """Q / DQ on a run-time tensor, three ways, with both sides as outputs."""
    rng = np.random.default_rng(seed)
    shape = (2, 3, 8)
    x = rng.standard_normal(shape).astype(np.float32) * 3
    # Exact ties of the power-of-two scale 0.125 (round half to even) and
    # values far outside every range (saturation).
    x[0, 0, :] = np.array([0.0625, 0.1875, -0.0625, -0.1875, 0.3125, 100.0, -100.0, 2.5],
                          np.float32)
    inits, nodes = [], []
    cases = [("a", 0.125, np.int8(-3), None),  # int8, zero point, per tensor
             ("b", rng.uniform(0.01, 0.05, 8).astype(np.float32),
              rng.integers(100, 156, 8).astype(np.uint8), 2),  # uint8 per axis 2
             ("c", 0.03, None, None)]  # no zero point: uint8, zero point 0
    outputs = []
    for name, scale, zp, axis in cases:
        i, n = qdq_nodes("X", name, scale, zp, axis)
        inits += i
        nodes += n
        qtype = TensorProto.INT8 if zp is not None and zp.dtype == np.int8 else TensorProto.UINT8
        outputs += [helper.make_tensor_value_info(f"{name}_q", qtype, list(shape)),
                    helper.make_tensor_value_info(f"{name}_dq", TensorProto.FLOAT, list(shape))]
    graph = helper.make_graph(nodes, "qdq_act_ops",
                              [helper.make_tensor_value_info("X", TensorProto.FLOAT, list(shape))],
                              outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    save_ort_case(model, os.path.join(ROOT, "test", "e2e", "quantized-models", "qdq_act_ops"),
                  {"X": x})


def make_rnn_qdq_act(kind, gates, hidden, inp, seq, batch, seed, name, x_q, h_q):
    """A QDQ model: int8 per-axis W / R behind DequantizeLinear, and
    QuantizeLinear / DequantizeLinear on X (x_q = (scale, zero point)) and,
    when h_q is given, on the graph input initial_h H0."""
    rng = np.random.default_rng(seed)
    inits, nodes = quantized_weights(rng, gates, hidden, inp)
    i, n = qdq_nodes("X", "x", *x_q)
    inits += i
    nodes += n
    rnn_ins = ["x_dq", "W", "R", "B"]
    graph_ins = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [seq, batch, inp])]
    feeds = {"X": rng.standard_normal((seq, batch, inp)).astype(np.float32)}
    if h_q is not None:
        i, n = qdq_nodes("H0", "h0", *h_q)
        inits += i
        nodes += n
        rnn_ins += ["", "h0_dq"]
        graph_ins.append(helper.make_tensor_value_info("H0", TensorProto.FLOAT, [1, batch, hidden]))
        feeds["H0"] = rng.uniform(-0.9, 0.9, (1, batch, hidden)).astype(np.float32)
    attrs = dict(hidden_size=hidden)
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    nodes.append(helper.make_node(kind, rnn_ins, ["Y", "Y_h"], name=kind.lower(), **attrs))
    graph = helper.make_graph(
        nodes, name, graph_ins,
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [seq, 1, batch, hidden]),
         helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [1, batch, hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    save_ort_case(model, os.path.join(ROOT, "test", "e2e", "quantized-models", name), feeds)


def main():
    make_as_is("lstm_qdq_tensor", "LSTM", 4, 16, 2, 6, 11, np.int8, 0, True, -100, 100)
    make_as_is("gru_qdq_u8", "GRU", 3, 24, 12, 5, 12, np.uint8, 128, False, -128, 120)
    make_as_is("rnn_qdq_u8zp0", "RNN", 1, 16, 8, 5, 13, np.uint8, 0, False, 0, 255)
    make("LSTM", 4, 32, 16, 6, 2, 1)
    make("GRU", 3, 24, 12, 5, 1, 2)
    make_dqlstm(32, 16, 6, 1, 3)
    make_dqlstm(32, 16, 6, 1, 4, name="dqlstm_partial", qmax=90)
    make_qdq_act_ops(21)
    # X ~ N(0, 1): int8 scale 4 / 127 (|x| > 4 saturates); h in (-1, 1):
    # uint8 zero point 128, scale 1 / 127.
    make_rnn_qdq_act("LSTM", 4, 32, 16, 6, 2, 22, "lstm_qdq_act",
                     (np.float32(4 / 127), np.int8(0)), (np.float32(1 / 127), np.uint8(128)))
    # uint8 with zero point 0: negative X saturates to 0 (ONNX semantics);
    # range 0..255 * s, so the static scale is 255 * s / 127.
    make_rnn_qdq_act("GRU", 3, 24, 12, 5, 1, 23, "gru_qdq_act",
                     (np.float32(3 / 255), np.uint8(0)), None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
