#!/usr/bin/env python3
"""int8 / bf16 benchmark: LSTM at batch 1, T=100, I=H, one thread.

    /usr/bin/python3 benchmarks/quant_bench.py [--build build] [--hidden 256 512 1024]
        [--runs N] [--rounds R] [--out benchmarks/quant_results.md]

For each H, the weights are drawn once (uniform +-1/sqrt(H)), quantized
symmetric per output row to int8 (scale max|row| / 127, zero point 0), and
every contender runs the same weights:
  * rnnc --quantize=int8, --quantize=bf16 and fp32 (rnn-run --bench N) on an
    fp32 ONNX LSTM holding the dequantized weights q * s (so rnnc's own
    per-row quantization reproduces exactly these q and s);
  * rnnc --quantize=int8 --calibration-data (int8 static: activation scales
    calibrated on 4 other random inputs);
  * ONNX Runtime fp32 LSTM on that model (scripts/ort/run_ort.js --bench N);
  * ONNX Runtime's com.microsoft DynamicQuantizeLSTM with the int8 q,
    per-channel scales s (W as [1, I, 4H], R as [1, H, 4H]).
Outputs are checked first: every contender's Y_h against ORT fp32 (cosine
similarity printed). The contenders run interleaved: --rounds rounds, each
timing every contender with --runs / --rounds runs; a contender's time is
the median of its round medians (the machine is shared, so interleaving
spreads load changes over all of them; each round starts at another
contender, so that none is always the one timed right after ONNX Runtime). Reports ms and the ratios the issue
asks for.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from compare_npy import cosine  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
from bench import median_ms  # noqa: E402
T = 100


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{r.stdout}")
    return r.stdout


def quantize_rows(w):
    """w [R, K] -> (q int8 [R, K], s f32 [R]), symmetric per row."""
    amax = np.abs(w).max(axis=1)
    s = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / s[:, None]), -127, 127).astype(np.int8)
    return q, s


def build_models(h, work, rng):
    g = 4 * h
    bound = 1.0 / np.sqrt(h)
    w = rng.uniform(-bound, bound, (g, h)).astype(np.float32)
    r = rng.uniform(-bound, bound, (g, h)).astype(np.float32)
    b = rng.uniform(-bound, bound, (1, 2 * g)).astype(np.float32)
    wq, ws = quantize_rows(w)
    rq, rs = quantize_rows(r)
    wd = (wq.astype(np.float32) * ws[:, None])[None]
    rd = (rq.astype(np.float32) * rs[:, None])[None]
    x_info = helper.make_tensor_value_info("X", TensorProto.FLOAT, [T, 1, h])
    yh_info = helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [1, 1, h])
    fp32 = helper.make_graph(
        [helper.make_node("LSTM", ["X", "W", "R", "B"], ["", "Y_h"], hidden_size=h, name="lstm")],
        "lstm", [x_info], [yh_info],
        [numpy_helper.from_array(wd, "W"), numpy_helper.from_array(rd, "R"),
         numpy_helper.from_array(b, "B")])
    fp32_path = os.path.join(work, f"lstm{h}.onnx")
    onnx.save(helper.make_model(fp32, opset_imports=[helper.make_opsetid("", 14)]), fp32_path)
    # DynamicQuantizeLSTM: W [D, I, 4H], R [D, H, 4H], per-channel scales [D, 4H].
    inits = [
        numpy_helper.from_array(wq.T[None].copy(), "Wq"),
        numpy_helper.from_array(rq.T[None].copy(), "Rq"),
        numpy_helper.from_array(b, "B"),
        numpy_helper.from_array(ws[None], "W_scale"),
        numpy_helper.from_array(np.zeros((1, g), np.int8), "W_zp"),
        numpy_helper.from_array(rs[None], "R_scale"),
        numpy_helper.from_array(np.zeros((1, g), np.int8), "R_zp"),
    ]
    node = helper.make_node(
        "DynamicQuantizeLSTM",
        ["X", "Wq", "Rq", "B", "", "", "", "", "W_scale", "W_zp", "R_scale", "R_zp"],
        ["", "Y_h"], domain="com.microsoft", hidden_size=h, name="dqlstm")
    dq = helper.make_graph([node], "dqlstm", [x_info], [yh_info], inits)
    dq_path = os.path.join(work, f"dqlstm{h}.onnx")
    onnx.save(helper.make_model(dq, opset_imports=[helper.make_opsetid("", 14),
                                                   helper.make_opsetid("com.microsoft", 1)]),
              dq_path)
    x = rng.standard_normal((T, 1, h)).astype(np.float32)
    x_path = os.path.join(work, f"x{h}.npy")
    np.save(x_path, x)
    return fp32_path, dq_path, x_path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--hidden", type=int, nargs="*", default=[256, 512, 1024])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "quant_results.md"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="quant_bench.")
    rng = np.random.default_rng(0)
    bin_ = os.path.join(args.build, "bin")
    ort = ["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js")]
    lines = ["| H | rnnc int8 | rnnc int8 static | rnnc bf16 | rnnc fp32 | ORT fp32 | "
             "ORT DynamicQuantizeLSTM | DQLSTM / int8 | DQLSTM / int8 static | ORT fp32 / int8 | "
             "ORT fp32 / int8 static | fp32 / bf16 | "
             "cosine int8, int8 static, bf16, DQLSTM vs ORT fp32 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for h in args.hidden:
        fp32, dq, x = build_models(h, work, rng)
        calib = os.path.join(work, f"calib{h}")
        crng = np.random.default_rng(h + 1)
        for i in range(4):
            os.makedirs(os.path.join(calib, f"set{i}"), exist_ok=True)
            np.save(os.path.join(calib, f"set{i}", "X.npy"),
                    crng.standard_normal((T, 1, h)).astype(np.float32))
        outs, bench = {}, {}
        for mode, flags in (("int8", ["--quantize=int8"]),
                            ("static", ["--quantize=int8", f"--calibration-data={calib}"]),
                            ("bf16", ["--quantize=bf16"]), ("none", ["--quantize=none"])):
            lib = os.path.join(work, f"lstm{h}_{mode}.so")
            run([os.path.join(bin_, "rnnc"), fp32, "-o", lib, *flags])
            od = os.path.join(work, f"out{h}_{mode}")
            run([os.path.join(bin_, "rnn-run"), lib, "--input", f"X={x}", "--output-dir", od])
            outs[mode] = np.load(os.path.join(od, "Y_h.npy"))
            bench[mode] = ([os.path.join(bin_, "rnn-run"), lib, "--input", f"X={x}", "--bench"],
                           "rnn-run")
        for name, model in (("ort", fp32), ("dq", dq)):
            od = os.path.join(work, f"out{h}_{name}")
            run(ort + [model, "--input", f"X={x}", "--output-dir", od])
            outs[name] = np.load(os.path.join(od, "Y_h.npy"))
            bench[name] = (ort + [model, "--input", f"X={x}", "--output-dir", od, "--bench"],
                           "ort")
        per_round = max(1, args.runs // args.rounds)
        rounds = {m: [] for m in bench}
        # Each round starts at another contender: the one timed right after
        # ONNX Runtime's process ran up to 1.4x slower (median of 20 rounds
        # at H = 1024 in first position vs in second or third), and in a
        # fixed order that was always rnnc int8.
        order = list(bench)
        for r in range(args.rounds):
            for m in order[r % len(order):] + order[:r % len(order)]:
                cmd, tool = bench[m]
                rounds[m].append(median_ms(run(cmd + [str(per_round)]), tool))
        times = {m: float(np.median(v)) for m, v in rounds.items()}
        cos = ", ".join(f"{cosine(outs[m], outs['ort']):.6f}"
                        for m in ("int8", "static", "bf16", "dq"))
        line = (f"| {h} | {times['int8']:.3f} | {times['static']:.3f} | {times['bf16']:.3f} | "
                f"{times['none']:.3f} | {times['ort']:.3f} | {times['dq']:.3f} | "
                f"{times['dq'] / times['int8']:.2f}x | {times['dq'] / times['static']:.2f}x | "
                f"{times['ort'] / times['int8']:.2f}x | {times['ort'] / times['static']:.2f}x | "
                f"{times['none'] / times['bf16']:.2f}x | {cos} |")
        lines.append(line)
        print(line, flush=True)
    with open(args.out, "w") as f:
        f.write("LSTM, batch 1, T=100, I=H, one thread; ms, median over "
                f"{args.rounds} interleaved rounds of the median of {per_round} runs "
                "(after a warm-up).\n\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
