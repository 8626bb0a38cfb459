#!/usr/bin/env python3
"""rnnc benchmarks: compiled models against ONNX Runtime, in one run.

    /usr/bin/python3 benchmarks/bench.py [--build build] [--quick]
        [--only NAME ...] [--out benchmarks/results]

For every case the same ONNX model and the same inputs go to
  * rnnc + rnn-run --bench N   (our compiled shared library, 1 thread),
  * ONNX Runtime (npm onnxruntime-node, CPU, intra/inter-op threads = 1,
    graph optimization 'all') through scripts/ort/run_ort.js --bench N, and
  * for the synthetic shapes, oneDNN's lstm_forward / lbr_gru_forward /
    vanilla_rnn_forward (build/bin/onednn-rnn-bench, OMP_NUM_THREADS=1),
  * and rnnc again with --vector-kernels=false (ablation of
    rnn-matmul-to-vector) and with --fuse-gate-epilogue=false (ablation of
    rnn-fuse-gate-epilogue, timed interleaved with the default build),
  * with --threads N (N > 1), for the synthetic shapes with H >= 256, rnnc
    with rnn-run --threads N and ONNX Runtime with intraOpNumThreads=N (the
    speedup of N threads over 1, each tool against itself).
rnnc, ORT and oneDNN are timed in 3 alternating rounds of about N / 2 runs
each (N chosen from a probe run so that a tool takes about --seconds), each
after a warm-up; a tool's figure is the median of its rounds' medians, so a
burst of load on a shared host slows every tool instead of deciding a ratio.
Ratios are baseline figure / rnnc figure (> 1 means rnnc is faster). Before timing, the
outputs of rnnc and ORT are compared (rtol 1e-3, atol 1e-4) so that a fast
wrong answer cannot pass as a result. build/bin/peak-probe measures the
machine's single-core FMA peak and L2 / L3 read bandwidth in the same run;
GFLOP/s is reported as a fraction of the FMA peak, and for the recurrent part
the bytes of R streamed per step as a fraction of the bandwidth of the cache
level that holds R, and of a plain sequential read of R's size
(`peak-probe BYTES`).

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
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.environ.get("RNN_MODELS_DIR", os.path.join(ROOT, "..", "shared", "models"))
GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}
ROUNDS = 3  # alternating rounds of the rnnc / ORT / oneDNN comparison


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
              dict(kind="RNN", hidden=256, seq=100, batch=1, group="small"),
              dict(kind="LSTM", hidden=256, seq=100, batch=1, layers=2, group="stacked")]
    for c in cases:
        layers = c.get("layers", 1)
        c["name"] = (f"{c['kind'].lower()}{layers if layers > 1 else ''}"
                     f"_h{c['hidden']}_t{c['seq']}_n{c['batch']}")
    return cases


def make_synthetic(case, work, input_size=None):
    """Writes model.onnx and in_X.npy for one synthetic case (input size =
    hidden size unless input_size is given). With case["layers"] = L > 1 the
    model is L stacked forward layers (Squeeze of the direction dim between
    them, the importer's stacked-layer form); outputs Y of the last layer
    and every layer's final states."""
    kind, h, t, n = case["kind"], case["hidden"], case["seq"], case["batch"]
    layers = case.get("layers", 1)
    i = input_size or h
    g = GATES[kind]
    rng = np.random.default_rng(zlib.crc32(case["name"].encode()))
    scale = 1.0 / np.sqrt(h)
    attrs = {"hidden_size": h}
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    nodes, inits, outputs = [], [], []
    x, x_size = "X", i
    for l in range(layers):
        sfx = "" if layers == 1 else str(l)
        w = (rng.uniform(-scale, scale, (1, g * h, x_size))).astype(np.float32)
        r = (rng.uniform(-scale, scale, (1, g * h, h))).astype(np.float32)
        b = (rng.uniform(-scale, scale, (1, 2 * g * h))).astype(np.float32)
        inits += [numpy_helper.from_array(w, "W" + sfx), numpy_helper.from_array(r, "R" + sfx),
                  numpy_helper.from_array(b, "B" + sfx)]
        last = l == layers - 1
        outs = ["Y" if last else "y" + sfx, "Y_h" + sfx] + (["Y_c" + sfx] if kind == "LSTM" else [])
        nodes.append(helper.make_node(kind, [x, "W" + sfx, "R" + sfx, "B" + sfx], outs,
                                      name=f"rnn{l}", **attrs))
        outputs += outs[1:] if not last else outs
        if not last:
            if l == 0:
                inits.append(numpy_helper.from_array(np.array([1], np.int64), "axis1"))
            nodes.append(helper.make_node("Squeeze", ["y" + sfx, "axis1"], ["x" + sfx]))
            x, x_size = "x" + sfx, h
    graph = helper.make_graph(
        nodes, case["name"],
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [t, n, i])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "model.onnx")
    onnx.save(model, path)
    x = rng.standard_normal((t, n, i)).astype(np.float32)
    np.save(os.path.join(work, "in_X.npy"), x)
    case["flops"] = 2.0 * t * n * g * h * (h + h) * layers
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


def run(cmd, timeout=1800, env=None):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout, env=env)
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

    def time_rnnc(library, runs, *extra, inputs=in_args):
        """rnn-run's median ms over `runs` runs of `library`."""
        return median_ms(run([os.path.join(build, "bin", "rnn-run"), library, *inputs,
                              "--bench", str(runs), *extra]), "rnn-run")

    def time_ort(runs, *extra):
        """ONNX Runtime's median ms over `runs` runs of the model."""
        return median_ms(run(["node", os.path.join(ROOT, "scripts", "ort", "run_ort.js"), model,
                              *ort_in, "--output-dir", ort_out, "--bench", str(runs), *extra]),
                         "ort")

    ablation = os.path.join(work, "model_novk.so")
    run([os.path.join(build, "bin", "rnnc"), model, *shapes, "-o", ablation,
         "--vector-kernels=false"])
    # Probe a single run to pick N so that a case takes about args.seconds.
    probe = time_rnnc(lib, 3)
    n = int(max(5, min(args.max_runs, args.seconds * 1000.0 / max(probe, 1e-3))))
    single = case.get("layers", 1) == 1
    onednn = os.path.join(build, "bin", "onednn-rnn-bench")
    with_onednn = single and "flops" in case and os.path.exists(onednn)
    # The tools alternate in ROUNDS rounds of about n / 2 runs each, so that a
    # burst of load on the shared host (seconds long) slows all of them
    # instead of deciding a ratio; each tool's figure is the median of its
    # rounds' medians (the rounds are in results.json).
    per_round = max(5, (n + 1) // 2)
    rounds = {"rnnc": [], "ort": [], "onednn": []}
    for _ in range(ROUNDS):
        rounds["rnnc"].append(time_rnnc(lib, per_round))
        rounds["ort"].append(time_ort(per_round))
        if with_onednn:
            rounds["onednn"].append(median_ms(run(
                [onednn, case["kind"].lower(), str(case["hidden"]), str(case["seq"]),
                 str(case["batch"]), str(per_round)], env=dict(os.environ, OMP_NUM_THREADS="1")),
                "onednn"))
    ours, ort = float(np.median(rounds["rnnc"])), float(np.median(rounds["ort"]))
    novk = time_rnnc(ablation, max(3, n // 4))
    def interleaved(flag, suffix):
        """Ablation of one pass: the build with `flag` alternates with the
        default one (4 rounds of n / 4 runs each), so both see the same
        machine state; the medians of the rounds' medians (default, off)."""
        off_lib = os.path.join(work, f"model_{suffix}.so")
        run([os.path.join(build, "bin", "rnnc"), model, *shapes, "-o", off_lib, flag])
        on, off = [], []
        for _ in range(4):
            for lib_path, times in ((lib, on), (off_lib, off)):
                times.append(time_rnnc(lib_path, max(3, n // 4)))
        return float(np.median(on)), float(np.median(off))

    fused, unfused = interleaved("--fuse-gate-epilogue=false", "nofuse")
    res = dict(name=case["name"], group=case["group"], runs=n, runs_per_round=per_round,
               rnnc_ms=ours, ort_ms=ort, ratio=ort / ours, agree=ok, max_abs_diff=err,
               compile_s=compile_s, no_vector_kernels_ms=novk, fused_ms=fused,
               no_fused_epilogue_ms=unfused, rnnc_rounds_ms=rounds["rnnc"],
               ort_rounds_ms=rounds["ort"])
    if case.get("layers", 1) > 1:
        wave, nowave = interleaved("--wavefront=false", "nowavefront")
        res.update(wavefront_ms=wave, no_wavefront_ms=nowave)
    if single and "flops" in case and case["batch"] == 1 and case["hidden"] >= 256 and case["seq"] >= 25:
        # The recurrent steps alone: the same layer with input size 1 has a
        # negligible projection, so its time per step is the time of the
        # step (product with R + gate math); R's bytes per step over that
        # time is the bandwidth the step reaches.
        steps = os.path.join(work, "steps")
        smodel, sinputs, _ = make_synthetic(dict(case), steps, input_size=1)
        slib = os.path.join(steps, "model.so")
        run([os.path.join(build, "bin", "rnnc"), smodel, "-o", slib])
        sin = [f"--input={k}={v}" for k, v in sinputs.items()]
        sms = time_rnnc(slib, n, inputs=sin)
        r_bytes = 4.0 * GATES[case["kind"]] * case["hidden"] ** 2
        res.update(step_us=sms * 1e3 / case["seq"], r_bytes=r_bytes,
                   step_gbs=r_bytes / (sms * 1e6 / case["seq"]))
    if args.threads > 1 and case.get("hidden", 0) >= 256:
        # Three rounds alternating N threads with 1 thread, so that both see
        # the same machine states (2-thread timings on this VM are bimodal
        # from one second to the next); medians of the rounds' medians, and
        # each speedup against the tool's own 1 thread.
        pars, ones = [], []
        for _ in range(3):
            pars.append(time_rnnc(lib, n, "--threads", str(args.threads)))
            ones.append(time_rnnc(lib, n))
        par, ours1 = float(np.median(pars)), float(np.median(ones))
        res.update(rnnc_par_rounds_ms=pars, rnnc_1t_rounds_ms=ones)
        ort_par = time_ort(n, "--threads", str(args.threads))
        res.update(threads=args.threads, rnnc_par_ms=par, rnnc_par_speedup=min(ours, ours1) / par,
                   ort_par_ms=ort_par, ort_par_speedup=ort / ort_par, par_ratio=ort_par / par)
    if with_onednn:
        res["onednn_rounds_ms"] = rounds["onednn"]
        res["onednn_ms"] = float(np.median(rounds["onednn"]))
        res["onednn_ratio"] = res["onednn_ms"] / ours
        res["best_ratio"] = min(ort, res["onednn_ms"]) / ours
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
    ap.add_argument("--threads", type=int, default=1,
                    help="also time N threads (rnnc and ORT) for the shapes with H >= 256")
    ap.add_argument("--make-model", nargs=2, metavar=("NAME", "DIR"),
                    help="only write DIR/model.onnx and DIR/in_X.npy of the synthetic case NAME "
                         "(KIND[LAYERS]_hH_tT_nN, e.g. lstm_h256_t100_n1, lstm2_h256_t100_n1 for two "
                         "stacked layers) and exit")
    args = ap.parse_args()
    if args.make_model:
        name, work = args.make_model
        m = re.fullmatch(r"(lstm|gru|rnn)(\d*)_h(\d+)_t(\d+)_n(\d+)", name)
        if not m:
            ap.error(f"--make-model: '{name}' is not KIND[LAYERS]_hH_tT_nN")
        case = dict(kind=m.group(1).upper(), layers=int(m.group(2) or 1),
                    hidden=int(m.group(3)), seq=int(m.group(4)), batch=int(m.group(5)),
                    name=name)
        make_synthetic(case, work)
        return
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

    peak = {}
    probe = os.path.join(args.build, "bin", "peak-probe")
    if os.path.exists(probe):
        line = run([probe]).strip().splitlines()[-1]
        peak = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
    lines = [f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
             "single thread, fp32; rnnc / ORT / oneDNN in 3 alternating rounds, each tool's figure the median of "
             "its rounds' medians (N runs after a warm-up per round), all tools in one run.",
             f"Measured single-core peaks (build/bin/peak-probe): FMA {peak.get('fma_gflops', 0):.0f} GFLOP/s, "
             f"L2 read {peak.get('l2_gbs', 0):.0f} GB/s, L3 read {peak.get('l3_gbs', 0):.0f} GB/s, "
             f"DRAM read {peak.get('dram_gbs', 0):.0f} GB/s.",
             "Ratios are baseline time / rnnc time (> 1: rnnc faster). 'no kernels' is rnnc with "
             "--vector-kernels=false (ablation of rnn-matmul-to-vector). 'unfused / fused' is rnnc with "
             "--fuse-gate-epilogue=false over the default build, timed alternately (ablation of "
             "rnn-fuse-gate-epilogue; 1.00 where no cell is fused).", "",
             "| case | group | rnnc ms | ORT ms | oneDNN ms | vs ORT | vs oneDNN | vs best | GFLOP/s (% peak) | no kernels ms | unfused / fused | agree | compile s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['name']} | {r['group']} | error: {r['error']} | | | | | | | | | | |")
            continue
        gf = ""
        if "gflops" in r:
            gf = f"{r['gflops']:.1f}"
            if peak.get("fma_gflops"):
                gf += f" ({100 * r['gflops'] / peak['fma_gflops']:.0f}%)"
        od = f"{r['onednn_ms']:.4f}" if "onednn_ms" in r else ""
        odr = f"{r['onednn_ratio']:.2f}" if "onednn_ratio" in r else ""
        best = f"{r['best_ratio']:.2f}" if "best_ratio" in r else ""
        lines.append(f"| {r['name']} | {r['group']} | {r['rnnc_ms']:.4f} | {r['ort_ms']:.4f} | {od} | "
                     f"{r['ratio']:.2f} | {odr} | {best} | {gf} | {r['no_vector_kernels_ms']:.4f} | "
                     f"{r['no_fused_epilogue_ms'] / r['fused_ms']:.2f} | "
                     f"{'yes' if r['agree'] else 'NO'} | {r['compile_s']:.2f} |")
    def geo(xs):
        return float(np.exp(np.mean(np.log(xs)))) if xs else float("nan")
    lines.append("")
    for group in sorted({r["group"] for r in results if "ratio" in r}):
        g = [r for r in results if r.get("group") == group and "ratio" in r]
        text = f"Geometric mean, {group} ({len(g)} cases): vs ORT {geo([r['ratio'] for r in g]):.2f}"
        if all("best_ratio" in r for r in g):
            text += (f", vs oneDNN {geo([r['onednn_ratio'] for r in g]):.2f}"
                     f", vs the faster of the two {geo([r['best_ratio'] for r in g]):.2f}")
        lines.append(text + "  ")
    for r in results:
        if "wavefront_ms" in r:
            lines.append(f"{r['name']}: rnn-wavefront {r['wavefront_ms']:.4f} ms, "
                         f"--wavefront=false {r['no_wavefront_ms']:.4f} ms (interleaved medians)  ")
    steps = [r for r in results if "step_gbs" in r]
    if steps:
        def cache_bytes(index):
            try:
                with open(f"/sys/devices/system/cpu/cpu0/cache/index{index}/size") as f:
                    text = f.read().strip()
                return int(text[:-1]) * {"K": 1 << 10, "M": 1 << 20}[text[-1]]
            except (OSError, ValueError, KeyError):
                return 0
        l2, l3 = cache_bytes(2), cache_bytes(3)
        lines += ["", "Recurrent steps alone (the same layer with input size 1, batch 1): time per step, "
                  "R's bytes per step over that time, and that bandwidth as a fraction of the measured read "
                  f"bandwidth of the cache level that holds R (L2 {l2 >> 20} MiB, L3 {l3 >> 20} MiB per core "
                  "here).", "",
                  "The last two columns compare the step with a plain sequential read of as many bytes as R "
                  "(`peak-probe BYTES`, same run): the level's figure is measured on 256 KiB / 8 MiB, and a "
                  "working set that fills half of the L3 (shared with the other cores) reads more slowly.", "",
                  "| case | R MiB | level | step us | GB/s | % of level's read bandwidth | "
                  "read of R's size GB/s | % of it |",
                  "|---|---:|---|---:|---:|---:|---:|---:|"]
        same_size = {}
        if os.path.exists(probe):
            sizes = sorted({str(int(r["r_bytes"])) for r in steps})
            out = run([probe] + sizes)
            same_size = {int(b): float(g) for b, g in re.findall(r"bytes=(\d+) gbs=([0-9.]+)", out)}
        for r in steps:
            level = "L2" if r["r_bytes"] <= l2 else "L3" if r["r_bytes"] <= l3 else "DRAM"
            bw = peak.get({"L2": "l2_gbs", "L3": "l3_gbs", "DRAM": "dram_gbs"}[level], 0)
            frac = f"{100 * r['step_gbs'] / bw:.0f}%" if bw else ""
            # The probe reads whole 8-vector blocks: the size it reports may be a few bytes less.
            own = next((g for b, g in same_size.items() if 0 <= r["r_bytes"] - b < 1024), 0)
            r["read_same_size_gbs"] = own
            own_text = f"{own:.1f} | {100 * r['step_gbs'] / own:.0f}%" if own else " | "
            lines.append(f"| {r['name']} | {r['r_bytes'] / 2**20:.2f} | {level} | {r['step_us']:.2f} | "
                         f"{r['step_gbs']:.1f} | {frac} | {own_text} |")
    par = [r for r in results if "rnnc_par_ms" in r]
    if par:
        t = par[0]["threads"]
        lines += ["", f"{t} threads (rnn-run --threads {t}; ORT intraOpNumThreads={t}); speedup = the "
                  "tool's own 1-thread median / its {t}-thread median (rnnc: medians of 3 rounds "
                  "alternating {t} threads with 1, against the lower of the two 1-thread medians; the "
                  "rounds' {t}-thread medians in results.json).".replace("{t}", str(t)), "",
                  f"| case | rnnc 1T ms | rnnc {t}T ms | rnnc speedup | ORT {t}T ms | ORT speedup | "
                  f"rnnc vs ORT at {t}T |", "|---|---:|---:|---:|---:|---:|---:|"]
        for r in par:
            lines.append(f"| {r['name']} | {r['rnnc_ms']:.4f} | {r['rnnc_par_ms']:.4f} | "
                         f"{r['rnnc_par_speedup']:.2f} | {r['ort_par_ms']:.4f} | {r['ort_par_speedup']:.2f} | "
                         f"{r['par_ratio']:.2f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out + ".md", "w") as f:
        f.write(text)
    with open(args.out + ".json", "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
