"""Runs an ONNX model through the importer and the CPU pipeline, and compares
its outputs with reference values.

Usage:
  run_onnx_model.py MODEL.onnx --ref-dir DIR [--input-shape-from-ref] ...
  run_onnx_model.py --node-test DIR ...   (an ONNX backend node test)

With --ref-dir, the inputs are DIR/in_NAME.npy and the expected outputs
DIR/out_NAME.npy (characters outside [A-Za-z0-9_.-] in NAME replaced by '_').
With --node-test, they are DIR/test_data_set_0/{input,output}_K.pb in graph
order. Every input's shape is pinned with --input-shape.

The model is imported with `rnn-translate --import-onnx`; a `@main` that
holds the inputs as constants, calls `@main_graph` and prints every result is
appended; `rnn-opt --rnn-lower-to-llvm` lowers it and `mlir-runner` runs it.
The tools are taken from PATH. Outputs are compared with numpy.isclose
(--rtol, --atol); the printed values have 6 significant digits, so rtol
should not go below 1e-5. Prints one line per output and exits 1 on any
mismatch.
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper

# ONNX element type -> MLIR element type, for graph inputs.
ELEMENT_TYPES = {
    TensorProto.FLOAT: "f32", TensorProto.DOUBLE: "f64",
    TensorProto.FLOAT16: "f16", TensorProto.BFLOAT16: "bf16",
    TensorProto.INT64: "i64", TensorProto.INT32: "i32",
    TensorProto.INT16: "i16", TensorProto.INT8: "i8", TensorProto.BOOL: "i1",
}
PRINTERS = {"f32": "printMemrefF32", "f64": "printMemrefF64",
            "i64": "printMemrefI64", "i32": "printMemrefI32"}
# Result types without a printer are converted to f32 first (exactly).
TO_F32 = {"i1": "arith.uitofp", "i8": "arith.sitofp", "i16": "arith.sitofp",
          "f16": "arith.extf", "bf16": "arith.extf"}


def load_pb(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def sanitize(name):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def tensor_type(shape, elem):
    dims = "".join(f"{d}x" for d in shape)
    return f"tensor<{dims}{elem}>"


def constant(value):
    """An MLIR dense attribute holding `value` exactly (bfloat16 arrives
    from onnx as its uint16 bit patterns, which is also the raw layout)."""
    if value.dtype == np.bool_:
        text = str(value.tolist()).replace("True", "true").replace("False", "false")
        return f"dense<{text}>"
    raw = np.ascontiguousarray(value).astype(value.dtype.newbyteorder("<"))
    return f'dense<"0x{raw.tobytes().hex().upper()}">'


def split_types(text):
    """The tensor types in a function signature fragment, in order."""
    return re.findall(r"tensor<[^>]*>", text)


def build_main(module, inputs, input_types):
    """Appends a @main that calls @main_graph on constant inputs."""
    start = module.index("func.func @main_graph(")
    header = module[start:module.index("{\n", start)]
    args, _, results = header.partition(") -> ")
    arg_types, result_types = split_types(args), split_types(results)
    if len(arg_types) != len(inputs):
        sys.exit(f"@main_graph takes {len(arg_types)} arguments, "
                 f"{len(inputs)} inputs given")
    lines = [f"func.func private @{p}(tensor<*x{e}>)" for e, p in PRINTERS.items()]
    lines.append("func.func @main() {")
    names = []
    for i, (value, elem, arg_type) in enumerate(zip(inputs, input_types, arg_types)):
        own = tensor_type(value.shape, elem)
        lines.append(f"  %c{i} = arith.constant {constant(value)} : {own}")
        lines.append(f"  %a{i} = tensor.cast %c{i} : {own} to {arg_type}")
        names.append(f"%a{i}")
    results = ", ".join(f"%r{j}" for j in range(len(result_types)))
    call = (f"call @main_graph({', '.join(names)}) : "
            f"({', '.join(arg_types)}) -> ({', '.join(result_types)})")
    lines.append(f"  {results} = {call}" if result_types else f"  {call}")
    for j, t in enumerate(result_types):
        elem = t[len("tensor<"):-1].split("x")[-1]
        value = f"%r{j}"
        if elem in TO_F32:
            f32 = t[:-len(elem) - 1] + "f32>"
            lines.append(f"  %f{j} = {TO_F32[elem]} {value} : {t} to {f32}")
            value, t, elem = f"%f{j}", f32, "f32"
        if elem not in PRINTERS:
            sys.exit(f"result {j} has unsupported type {t}")
        lines.append(f"  %u{j} = tensor.cast {value} : {t} to tensor<*x{elem}>")
        lines.append(f"  call @{PRINTERS[elem]}(%u{j}) : (tensor<*x{elem}>) -> ()")
    lines += ["  return", "}"]
    body = module.rstrip()
    assert body.endswith("}")
    return body[:-1] + "\n".join(lines) + "\n}\n"


def parse_printed(stdout):
    """The arrays printed by printMemref*, in order."""
    arrays = []
    for chunk in stdout.split("Unranked Memref")[1:]:
        sizes = re.search(r"sizes = \[([^\]]*)\]", chunk).group(1)
        shape = tuple(int(s) for s in sizes.split(",") if s.strip())
        data = chunk[chunk.index("data =") + len("data ="):]
        nums = re.findall(r"-?(?:nan|inf|\d+(?:\.\d*)?(?:e[-+]?\d+)?)", data)
        arrays.append(np.array([float(v) for v in nums]).reshape(shape))
    return arrays


def run(cmd, stdin=None):
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"{os.path.basename(cmd[0])} failed:\n{r.stderr[:4000]}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", nargs="?")
    ap.add_argument("--ref-dir")
    ap.add_argument("--node-test")
    ap.add_argument("--shared-libs", required=True)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-5)
    ap.add_argument("--lower-options", default="",
                    help="options of rnn-lower-to-llvm, e.g. conv-winograd=4")
    a = ap.parse_args()

    if a.node_test:
        model_path = os.path.join(a.node_test, "model.onnx")
    else:
        model_path = a.model
    model = onnx.load(model_path)
    initializers = {t.name for t in model.graph.initializer}
    graph_inputs = [i for i in model.graph.input if i.name not in initializers]
    input_names = [i.name for i in graph_inputs]
    input_types = []
    for i in graph_inputs:
        code = i.type.tensor_type.elem_type
        if code not in ELEMENT_TYPES:
            sys.exit(f"input '{i.name}' has unsupported element type {code}")
        input_types.append(ELEMENT_TYPES[code])
    output_types = [o.type.tensor_type.elem_type for o in model.graph.output]
    output_names = [o.name for o in model.graph.output]
    if a.node_test:
        data = os.path.join(a.node_test, "test_data_set_0")
        inputs = [load_pb(os.path.join(data, f"input_{i}.pb"))
                  for i in range(len(input_names))]
        expected = [load_pb(os.path.join(data, f"output_{i}.pb"))
                    for i in range(len(output_names))]
    else:
        inputs = [np.load(os.path.join(a.ref_dir, f"in_{sanitize(n)}.npy"))
                  for n in input_names]
        expected = [np.load(os.path.join(a.ref_dir, f"out_{sanitize(n)}.npy"))
                    for n in output_names]

    cmd = ["rnn-translate", "--import-onnx", model_path]
    for name, value in zip(input_names, inputs):
        cmd.append(f"--input-shape={name}=" + "x".join(map(str, value.shape)))
    module = build_main(run(cmd), inputs, input_types)
    lower = "--rnn-lower-to-llvm"
    if a.lower_options:
        lower += "=" + a.lower_options
    lowered = run(["rnn-opt", lower], module)
    printed = run(["mlir-runner", "-e", "main", "-entry-point-result=void",
                   f"-shared-libs={a.shared_libs}"], lowered)
    actual = parse_printed(printed)
    if len(actual) != len(expected):
        sys.exit(f"{len(actual)} outputs printed, {len(expected)} expected")
    failed = 0
    for name, got, want, code in zip(output_names, actual, expected, output_types):
        if code == TensorProto.BFLOAT16 and want.dtype == np.uint16:
            want = (want.astype(np.uint32) << 16).view(np.float32)
        want = want.astype(np.float64)
        if got.shape != want.shape:
            print(f"{name}: FAIL shape {got.shape}, expected {want.shape}")
            failed += 1
            continue
        close = np.isclose(got, want, rtol=a.rtol, atol=a.atol, equal_nan=True)
        with np.errstate(invalid="ignore"):  # inf - inf
            diff = float(np.nanmax(np.abs(got - want))) if got.size else 0.0
        status = "ok" if close.all() else f"FAIL ({int((~close).sum())} values)"
        print(f"{name}: {status} shape {list(got.shape)} max_abs_diff {diff:.3g}")
        failed += not close.all()
    print(f"{len(expected) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
