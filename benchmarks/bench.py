#!/usr/bin/env python3
"""rnnc benchmarks: compiled models against ONNX Runtime, in one run.

    /usr/bin/python3 benchmarks/bench.py [--build build] [--quick]
        [--only NAME ...] [--out benchmarks/results]

For every case the same ONNX model and the same inputs go to
  * rnnc + rnn-run --bench N   (our compiled shared library, 1 thread), and
  * ONNX Runtime (npm onnxruntime-node, CPU, intra/inter-op threads = 1,
    graph optimization 'all') through scripts/ort/run_ort.js --bench N.
Each tool times N runs after a warm-up and reports the median; the ratio is
ORT median / rnnc median (> 1 means rnnc is faster). Before timing, the
outputs of both are compared (rtol 1e-3, atol 1e-4) so that a fast wrong
answer cannot pass as a result.

Cases: the DeepBench inference shapes (input size = hidden size, one layer,
unidirectional; GRU with linear_before_reset=1) at batch 1 and 4, LSTM and GRU
with I=H=256, T=100, a small LSTM (H=128, T=50), a vanilla RNN, and the real
models of ../shared/models at their reference inputs. GFLOP/s counts 2 flops
per multiply-add of the input and recurrent matrix products.

Results go to OUT.md (a table) and OUT.json.
"""

import argparse
import glob
import json
import os
import platform
import re
import subprocess
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.environ.get("RNN_MODELS_DIR", os.path.join(ROOT, "..", "shared", "models"))
GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}


def synthetic_cases(quick):
    cases = []
    deepbench = [("LSTM", 256, 150), ("LSTM", 512, 25), ("LSTM", 1024, 25),
                 ("LSTM", 1536, 50), ("GRU", 512, 1), ("GRU", 1024, 1500)]
    for kind, h, t in deepbench:
        for n in (1, 4):
            if quick and (h > 512 or t > 150):
                continue
            cases.append(dict(kind=kind, hidden=h, seq=t, batch=n, group="DeepBench"))
    cases += [dict(kind="LSTM", hidden=256, seq=100, batch=1, group="I=H=256"),
              dict(kind="GRU", hidden=256, seq=100, batch=1, group="I=H=256"),
              dict(kind="LSTM", hidden=128, seq=50, batch=1, group="small"),
              dict(kind="RNN", hidden=256, seq=100, batch=1, group="small")]
    for c in cases:
        c["name"] = f"{c['kind'].lower()}_h{c['hidden']}_t{c['seq']}_n{c['batch']}"
    return cases


def make_synthetic(case, work):
    """Writes model.onnx and in_X.npy for one synthetic case."""
    kind, h, t, n = case["kind"], case["hidden"], case["seq"], case["batch"]
    g = GATES[kind]
    rng = np.random.default_rng(abs(hash(case["name"])) % (2**32))
    scale = 1.0 / np.sqrt(h)
    w = (rng.uniform(-scale, scale, (1, g * h, h))).astype(np.float32)
    r = (rng.uniform(-scale, scale, (1, g * h, h))).astype(np.float32)
    b = (rng.uniform(-scale, scale, (1, 2 * g * h))).astype(np.float32)
    attrs = {"hidden_size": h}
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    outputs = ["Y", "Y_h"] + (["Y_c"] if kind == "LSTM" else [])
    node = helper.make_node(kind, ["X", "W", "R", "B"], outputs, name="rnn0", **attrs)
    graph = helper.make_graph(
        [node], case["name"],
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [t, n, h])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs],
        [numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"),
         numpy_helper.from_array(b, "B")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "model.onnx")
    onnx.save(model, path)
    x = rng.standard_normal((t, n, h)).astype(np.float32)
    np.save(os.path.join(work, "in_X.npy"), x)
    case["flops"] = 2.0 * t * n * g * h * (h + h)
    return path, {"X": os.path.join(work, "in_X.npy")}, []


def real_cases():
    cases = []
    for ref in sorted(glob.glob(os.path.join(MODELS, "ref", "*"))):
        name = os.path.basename(ref)
        cases.append(dict(name=name, group="real model", real=True))
    return cases


def real_inputs(case):
    ref = os.path.join(MODELS, "ref", case["name"])
    inputs, shapes = {}, []
    for path in sorted(glob.glob(os.path.join(ref, "in_*.npy"))):
        name = os.path.basename(path)[3:-4]
        inputs[name] = path
        arr = np.load(path, mmap_mode="r")
        if arr.ndim:
            shapes.append(f"--input-shape={name}=" + "x".join(map(str, arr.shape)))
    return os.path.join(MODELS, case["name"] + ".onnx"), inputs, shapes


def run(cmd, timeout=1800):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}")
    return proc.stdout


def median_ms(output, tool):
    m = re.search(tool + r": median_ms=([0-9.]+) min_ms=([0-9.]+) max_ms=([0-9.]+) runs=(\d+)", output)
    if not m:
        raise RuntimeError(f"no timing line in:\n{output[-1000:]}")
    return float(m.group(1))


def agree(dir_a, dir_b):
    worst = 0.0
    for path in glob.glob(os.path.join(dir_b, "*.npy")):
        a = np.load(os.path.join(dir_a, os.path.basename(path)))
        b = np.load(path)
        if a.shape != b.shape or not np.allclose(a, b, rtol=1e-3, atol=1e-4):
            return False, float("inf")
        if a.size and a.dtype.kind == "f":
            worst = max(worst, float(np.max(np.abs(a.astype(np.float64) - b))))
    return True, worst


def bench_case(case, args, build):
    work = os.path.join(args.work, case["name"])
    os.makedirs(work, exist_ok=True)
    if case.get("real"):
        model, inputs, shapes = real_inputs(case)
    else:
        model, inputs, shapes = make_synthetic(case, work)
    lib = os.path.join(work, "model.so")
    t0 = time.perf_counter()
    run([os.path.join(build, "bin", "rnnc"), model, *shapes, "-o", lib])
    compile_s = time.perf_counter() - t0
    in_args = [f"--input={k}={v}" for k, v in inputs.items()]
    ort_in = []
    for k, v in inputs.items():
        ort_in += ["--input", f"{k}={v}"]
    rnnc_out, ort_out = os.path.join(work, "rnnc_out"), os.path.join(work, "ort_out")
    run([os.path.join(build, "bin", "rnn-run"), lib, *in_args, "--output-dir", rnnc_out])
    run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"), model, *ort_in,
         "--output-dir", ort_out])
    ok, err = agree(rnnc_out, ort_out)
    # Probe a single run to pick N so that a case takes about args.seconds.
    probe = median_ms(run([os.path.join(build, "bin", "rnn-run"), lib, *in_args, "--bench", "3"]), "rnn-run")
    n = int(max(5, min(args.max_runs, args.seconds * 1000.0 / max(probe, 1e-3))))
    ours = median_ms(run([os.path.join(build, "bin", "rnn-run"), lib, *in_args, "--bench", str(n)]), "rnn-run")
    ort = median_ms(run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"), model, *ort_in,
                         "--output-dir", ort_out, "--bench", str(n)]), "ort")
    res = dict(name=case["name"], group=case["group"], runs=n, rnnc_ms=ours, ort_ms=ort,
               ratio=ort / ours, agree=ok, max_abs_diff=err, compile_s=compile_s)
    if "flops" in case:
        res["gflops"] = case["flops"] / (ours * 1e6)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results"))
    ap.add_argument("--quick", action="store_true", help="skip the largest shapes")
    ap.add_argument("--only", nargs="*", help="case names (substring match)")
    ap.add_argument("--seconds", type=float, default=1.5, help="target time per tool and case")
    ap.add_argument("--max-runs", type=int, default=200)
    args = ap.parse_args()
    args.work = args.work or os.path.join(args.build, "bench")

    cases = synthetic_cases(args.quick) + real_cases()
    if args.only:
        cases = [c for c in cases if any(o in c["name"] for o in args.only)]
    results = []
    for case in cases:
        try:
            res = bench_case(case, args, args.build)
        except Exception as e:  # report and go on: one failing case is a result too
            res = dict(name=case["name"], group=case["group"], error=str(e).splitlines()[0][:200])
        results.append(res)
        print(json.dumps(res), flush=True)

    ratios = [r["ratio"] for r in results if "ratio" in r]
    lines = [f"Machine: {platform.processor() or platform.machine()}, "
             f"{os.cpu_count()} cores; single thread; medians; ratio = ORT / rnnc (> 1: rnnc faster).", "",
             "| case | group | rnnc ms | ORT ms | ratio | GFLOP/s | outputs agree | compile s |",
             "|---|---|---:|---:|---:|---:|---|---:|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['name']} | {r['group']} | error: {r['error']} | | | | | |")
            continue
        gf = f"{r['gflops']:.1f}" if "gflops" in r else ""
        lines.append(f"| {r['name']} | {r['group']} | {r['rnnc_ms']:.4f} | {r['ort_ms']:.4f} | "
                     f"{r['ratio']:.2f} | {gf} | {'yes' if r['agree'] else 'NO'} | {r['compile_s']:.2f} |")
    for group in sorted({r["group"] for r in results if "ratio" in r}):
        g = [r["ratio"] for r in results if r.get("group") == group and "ratio" in r]
        lines.append(f"\nGeometric mean ratio, {group}: {float(np.exp(np.mean(np.log(g)))):.2f} ({len(g)} cases)")
    if ratios:
        lines.append(f"\nGeometric mean ratio, all: {float(np.exp(np.mean(np.log(ratios)))):.2f}")
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out + ".md", "w") as f:
        f.write(text)
    with open(args.out + ".json", "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
