#!/usr/bin/env python3
"""Sparse kernels against our dense kernels and ONNX Runtime, in one run.

    /usr/bin/python3 benchmarks/sparse_bench.py [--build build] [--runs N]
        [--kinds LSTM GRU] [--levels 0.8 0.9 0.95] [--blocks 1x1 4x1]
        [--out benchmarks/sparse_results]

Single thread, batch 1, T = 100, H = 1024 (GRU with linear_before_reset=1).
For each kind two models are timed:
  * `whole`: I = H, the whole run (input projection of all steps + the time
    loop), also run by ONNX Runtime on the same pruned model
    (scripts/prune_onnx.py, graph optimization 'all', 1 thread);
  * `recurrent`: I = 16, so that the run is the time loop (the per-step
    recurrent product R [G*H, H] and the gate math); its time / 100 is the
    recurrent step time.
Every sparsity level and block shape is compiled with
`rnnc --sparsify=P:block=B` (sparse kernels at the default threshold) and
compared with our dense fp32 compile of the same pruned weights
(--sparse-threshold=1.0; the dense kernels' time does not depend on the
values), timed alternately with it (3 x N runs each, median of the three
medians) so that both see the same load; the unpruned dense model is timed
once per kind for reference. Outputs of
the sparse compile are checked against ORT on the pruned model (rtol 1e-3,
atol 1e-4) before timing. Times are medians of N runs after a warm-up
(rnn-run --bench / run_ort.js --bench).

With --int8, every row also compiles `--sparsify=P:block=B --quantize=int8`
(sparse int8 kernels where the cost model picks them) and the dense int8
kernels on the same pruned weights (`--quantize=int8 --sparse-threshold=1.0`,
whose outputs the sparse int8 ones must equal bit for bit: checked), timed
in the same alternation; a second table (and with --doc the
<!-- speed-int8 --> block) compares them with our dense fp32 kernels.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from doc_table import update_doc  # noqa: E402
GATES = {"LSTM": 4, "GRU": 3}


def make_model(kind, h, i, t, path):
    g = GATES[kind]
    rng = np.random.default_rng(7)
    s = 1.0 / np.sqrt(h)
    w = rng.uniform(-s, s, (1, g * h, i)).astype(np.float32)
    r = rng.uniform(-s, s, (1, g * h, h)).astype(np.float32)
    b = rng.uniform(-s, s, (1, 2 * g * h)).astype(np.float32)
    attrs = {"hidden_size": h}
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    outs = ["Y", "Y_h"] + (["Y_c"] if kind == "LSTM" else [])
    node = helper.make_node(kind, ["X", "W", "R", "B"], outs, name="rnn0", **attrs)
    graph = helper.make_graph(
        [node], kind, [helper.make_tensor_value_info("X", TensorProto.FLOAT, [t, 1, i])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outs],
        [numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"),
         numpy_helper.from_array(b, "B")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(model, path)
    x = path[:-5] + "_X.npy"
    np.save(x, rng.standard_normal((t, 1, i)).astype(np.float32))
    return x


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    if p.returncode:
        raise RuntimeError(" ".join(cmd) + "\n" + p.stdout[-2000:])
    return p.stdout


def median(out, tool):
    return float(re.search(tool + r": median_ms=([0-9.]+)", out).group(1))


def agree(a, b):
    for f in os.listdir(b):
        x, y = np.load(os.path.join(a, f)), np.load(os.path.join(b, f))
        if not np.allclose(x, y, rtol=1e-3, atol=1e-4):
            return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work", default="/tmp/rnnc-sparse-bench")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--kinds", nargs="*", default=["LSTM", "GRU"])
    ap.add_argument("--levels", nargs="*", default=["0.8", "0.9", "0.95"])
    ap.add_argument("--blocks", nargs="*", default=["1x1", "4x1", "8x1"])
    ap.add_argument("--variants", nargs="*", default=["whole", "recurrent"])
    ap.add_argument("--hidden", type=int, default=1024)
    ap.add_argument("--seq", type=int, default=100)
    ap.add_argument("--doc", default=None,
                    help="also replace the table between <!-- speed --> and <!-- /speed --> in this file")
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "sparse_results"))
    ap.add_argument("--int8", action="store_true",
                    help="also time --quantize=int8 (sparse int8 and dense int8 kernels)")
    args = ap.parse_args()
    rnnc, rnn_run = (os.path.join(args.build, "bin", t) for t in ("rnnc", "rnn-run"))
    env = dict(os.environ)
    mods = os.path.join(ROOT, "scripts", "ort", "node_modules")
    if os.path.isdir(mods):
        env["NODE_PATH"] = mods
    ort = ["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js")]
    prune = [sys.executable, os.path.join(ROOT, "scripts", "prune_onnx.py")]
    rows = []

    def ours(lib, x):
        return median(run([rnn_run, lib, "--input", "X=" + x, "--bench", str(args.runs)]), "rnn-run")

    for kind in args.kinds:
        for variant, i in (("whole", args.hidden), ("recurrent", 16)):
            if variant not in args.variants:
                continue
            base = os.path.join(args.work, f"{kind}_{variant}")
            model = base + ".onnx"
            x = make_model(kind, args.hidden, i, args.seq, model)
            run([rnnc, model, "-o", base + "_dense.so"])
            dense = ours(base + "_dense.so", x)
            dense_ort = median(run(ort + [model, "--input", "X=" + x, "--output-dir", base + "_o",
                                          "--bench", str(args.runs)], env), "ort") if variant == "whole" else None
            rows.append(dict(kind=kind, variant=variant, level="dense", block="-", ms=dense,
                             ort_ms=dense_ort))
            print(rows[-1], flush=True)
            for level in args.levels:
                for block in args.blocks:
                    tag = f"{base}_{level}_{block}"
                    spec = f"{level}:block={block}"
                    report = run([rnnc, model, "--sparsify=" + spec, "--report", "-o", tag + ".so"])
                    fmts = re.findall(r"^\s+(projection|step)\s.*?sparsity\s+([0-9.]+)%\s+(\S+(?: \d+x\d+)?)",
                                      report, re.M)
                    run(prune + [model, tag + ".onnx", "--sparsity", level, "--block", block])
                    run([rnnc, tag + ".onnx", "--sparse-threshold=1.0", "-o", tag + "_pd.so"])
                    libs = [tag + ".so", tag + "_pd.so"]
                    if args.int8:
                        q_report = run([rnnc, model, "--sparsify=" + spec, "--quantize=int8",
                                        "--report", "-o", tag + "_q.so"])
                        q_fmts = re.findall(r"^\s+(projection|step)\s.*?sparsity\s+([0-9.]+)%\s+"
                                            r"(\S+(?: \d+x\d+)?)", q_report, re.M)
                        run([rnnc, tag + ".onnx", "--quantize=int8", "--sparse-threshold=1.0",
                             "-o", tag + "_qd.so"])
                        libs += [tag + "_q.so", tag + "_qd.so"]
                        for lib in libs[2:]:
                            run([rnn_run, lib, "--input", "X=" + x, "--output-dir", lib[:-3] + "_r"])
                        int8_exact = all(
                            np.array_equal(np.load(os.path.join(tag + "_q_r", f)),
                                           np.load(os.path.join(tag + "_qd_r", f)))
                            for f in os.listdir(tag + "_qd_r"))
                    # Sparse and dense kernels alternate, three times each, so
                    # that all see the same load on a shared machine.
                    times = [[] for _ in libs]
                    for _ in range(3):
                        for lib, t in zip(libs, times):
                            t.append(ours(lib, x))
                    row = dict(kind=kind, variant=variant, level=level, block=block,
                               formats={k: f for k, _, f in fmts},
                               ms=float(np.median(times[0])),
                               pruned_dense_ms=float(np.median(times[1])))
                    if args.int8:
                        row.update(int8_formats={k: f for k, _, f in q_fmts},
                                   int8_ms=float(np.median(times[2])),
                                   int8_dense_ms=float(np.median(times[3])),
                                   int8_exact=int8_exact)
                    row["speedup_vs_dense"] = row["pruned_dense_ms"] / row["ms"]
                    if variant == "whole":
                        run([rnn_run, tag + ".so", "--input", "X=" + x, "--output-dir", tag + "_r"])
                        row["ort_ms"] = median(run(ort + [tag + ".onnx", "--input", "X=" + x,
                                                          "--output-dir", tag + "_o", "--bench",
                                                          str(args.runs)], env), "ort")
                        row["agree_with_ort"] = agree(tag + "_r", tag + "_o")
                        row["speedup_vs_ort"] = row["ort_ms"] / row["ms"]
                    rows.append(row)
                    print(row, flush=True)

    with open(args.out + ".json", "w") as f:
        json.dump(rows, f, indent=1)
    lines = [f"Single thread, batch 1, T={args.seq}, H={args.hidden}; medians of {args.runs} runs "
             "(ms). `recurrent`: I=16, time / T = recurrent step. `whole`: I=H. "
             "speedup = our dense fp32 kernels on the same pruned weights (timed alternately "
             "with the sparse ones) / sparse; vs ORT = ORT on the same pruned model / sparse.",
             "", "| kind | model | sparsity | block | formats (projection, step) | sparse ms | "
             "dense ms (unpruned, once) | dense kernels ms (same weights) | speedup vs dense | ORT ms | vs ORT | agrees |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    dense = {}
    for r in rows:
        if r["level"] == "dense":
            dense[(r["kind"], r["variant"])] = r["ms"]
            continue
        fm = ", ".join(r["formats"].get(k, "?") for k in ("projection", "step"))
        lines.append(
            f"| {r['kind']} | {r['variant']} | {float(r['level']) * 100:.0f}% | {r['block']} | {fm} | "
            f"{r['ms']:.2f} | {dense[(r['kind'], r['variant'])]:.2f} | {r['pruned_dense_ms']:.2f} | "
            f"{r['speedup_vs_dense']:.2f}x | "
            + (f"{r['ort_ms']:.2f} | {r['speedup_vs_ort']:.2f}x | {'yes' if r['agree_with_ort'] else 'NO'} |"
               if "ort_ms" in r else "- | - | - |"))
    with open(args.out + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    if args.doc:
        update_doc(args.doc, "speed", "\n".join(lines) + "\n")
    print("\n".join(lines))
    if args.int8:
        q = [f"Single thread, batch 1, T={args.seq}, H={args.hidden}; medians of 3 x {args.runs} "
             "runs (ms), all four builds of a row timed alternately. `recurrent`: time / T = "
             "recurrent step. dense fp32 = our dense fp32 kernels on the same pruned weights; "
             "dense int8 = `--quantize=int8 --sparse-threshold=1.0` on them; sparse int8 = "
             "`--sparsify --quantize=int8`; exact = sparse int8 outputs equal to dense int8 "
             "bit for bit.",
             "", "| kind | model | sparsity | block | int8 formats (projection, step) | sparse int8 ms "
             "| dense int8 ms | sparse fp32 ms | dense fp32 ms | int8 sparse vs dense fp32 | "
             "vs dense int8 | vs sparse fp32 | exact |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            if r["level"] == "dense":
                continue
            fm = ", ".join(r["int8_formats"].get(k, "?") for k in ("projection", "step"))
            q.append(f"| {r['kind']} | {r['variant']} | {float(r['level']) * 100:.0f}% | {r['block']} | "
                     f"{fm} | {r['int8_ms']:.2f} | {r['int8_dense_ms']:.2f} | {r['ms']:.2f} | "
                     f"{r['pruned_dense_ms']:.2f} | {r['pruned_dense_ms'] / r['int8_ms']:.2f}x | "
                     f"{r['int8_dense_ms'] / r['int8_ms']:.2f}x | {r['ms'] / r['int8_ms']:.2f}x | "
                     f"{'yes' if r['int8_exact'] else 'NO'} |")
        with open(args.out + "_int8.md", "w") as f:
            f.write("\n".join(q) + "\n")
        if args.doc:
            update_doc(args.doc, "speed-int8", "\n".join(q) + "\n")
        print("\n".join(q))


if __name__ == "__main__":
    main()
