#!/usr/bin/env python3
"""rnn-fuse-gate-epilogue on / off on single LSTM and GRU shapes, interleaved.

    /usr/bin/python3 benchmarks/fuse_ablation.py [--build build]
        [--shapes lstm_h128_t50_n1 ...] [--rounds 8] [--runs 200]
        [--threads N] [--out benchmarks/fuse_results]

For every shape (KIND_hH_tT_nN, the synthetic models of bench.py: input size
= hidden size) the model is compiled twice, with the default pipeline (fused)
and with --fuse-gate-epilogue=false, and the two libraries are timed in
alternating rounds (rnn-run --bench RUNS each), so that both see the same
machine state. Reported per build: the median of the rounds' medians, the
minimum of their minima, and the process CPU time per run (user + system of
rnn-run over RUNS runs, median of the rounds; on a loaded machine CPU time
is less disturbed by other jobs than wall time). Before timing, the outputs
of the two builds are compared (rtol 1e-4, atol 1e-5).

With --threads N both builds run with rnn-run --threads N.

Results go to OUT.md (a table) and OUT.json.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SHAPES = ["lstm_h128_t50_n1", "lstm_h128_t50_n4", "lstm_h256_t150_n1",
                  "lstm_h256_t150_n4", "lstm_h1024_t25_n1", "lstm_h1024_t25_n4"]


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def timed(cmd, runs):
    """(median ms, min ms, CPU ms per run) of one rnn-run --bench."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = run(cmd + ["--bench", str(runs)])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(r"rnn-run: median_ms=([0-9.]+) min_ms=([0-9.]+)", out)
    if not m:
        raise RuntimeError(f"no timing line in:\n{out[-1000:]}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3 / runs
    return float(m.group(1)), float(m.group(2)), cpu


def ablation(args, shapes, names, build_args, run_args=(), subdir="fuse"):
    """Compiles every shape once per build (`names[k]` with the rnnc
    arguments `build_args[k]`), checks that the builds' outputs agree and
    times them in alternating rounds. Returns one dict per shape."""
    rnnc = os.path.join(args.build, "bin", "rnnc")
    rnn_run = os.path.join(args.build, "bin", "rnn-run")
    results = []
    for shape in shapes:
        work = os.path.join(args.build, "bench", subdir, shape)
        os.makedirs(work, exist_ok=True)
        run([sys.executable, os.path.join(ROOT, "benchmarks", "bench.py"),
             "--make-model", shape, work])
        libs = {name: os.path.join(work, name + ".so") for name in names}
        for name, extra in zip(names, build_args):
            run([rnnc, os.path.join(work, "model.onnx"), "-o", libs[name], *extra])
        inputs = [f"--input=X={os.path.join(work, 'in_X.npy')}", *run_args]
        for name, lib in libs.items():
            run([rnn_run, lib, *inputs, "--output-dir", os.path.join(work, "out_" + name)])
        first = os.path.join(work, "out_" + names[0])
        for name in names[1:]:
            for f in sorted(os.listdir(first)):
                a = np.load(os.path.join(first, f))
                b = np.load(os.path.join(work, "out_" + name, f))
                if not np.allclose(a, b, rtol=1e-4, atol=1e-5):
                    raise SystemExit(f"{shape}: {f} differs between the builds")
        t = {name: [] for name in libs}
        for _ in range(args.rounds):
            for name, lib in libs.items():
                t[name].append(timed([rnn_run, lib, *inputs], args.runs))
        res = dict(shape=shape, rounds=args.rounds, runs=args.runs, work=work)
        for name in libs:
            res[name] = dict(median_ms=float(np.median([x[0] for x in t[name]])),
                             min_ms=float(min(x[1] for x in t[name])),
                             cpu_ms=float(np.median([x[2] for x in t[name]])))
        for key in ("median_ms", "min_ms", "cpu_ms"):
            res["speedup_" + key] = res[names[1]][key] / res[names[0]][key]
        results.append(res)
        print(json.dumps(res), flush=True)
    return results


def table(results, names):
    """Markdown rows: median, min and CPU time of both builds and the
    speed-ups (names[1] / names[0])."""
    on, off = names
    lines = [f"| shape | {on} median ms | {off} median ms | speed-up (median) | {on} min ms | "
             f"{off} min ms | speed-up (min) | {on} CPU ms | {off} CPU ms | speed-up (CPU) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        f, u = r[on], r[off]
        lines.append(f"| {r['shape']} | {f['median_ms']:.4f} | {u['median_ms']:.4f} | "
                     f"{r['speedup_median_ms']:.2f} | {f['min_ms']:.4f} | {u['min_ms']:.4f} | "
                     f"{r['speedup_min_ms']:.2f} | {f['cpu_ms']:.4f} | {u['cpu_ms']:.4f} | "
                     f"{r['speedup_cpu_ms']:.2f} |")
    return lines


def write_results(out, lines, results):
    """OUT.md (the table lines) and OUT.json, and the table on stdout."""
    with open(out + ".md", "w") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(out + ".json", "w") as fh:
        json.dump(results, fh, indent=1)
    print("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--shapes", nargs="*", default=DEFAULT_SHAPES)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1, help="rnn-run --threads N")
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "fuse_results"))
    args = ap.parse_args()
    names = ["fused", "unfused"]
    results = ablation(args, args.shapes, names, [[], ["--fuse-gate-epilogue=false"]],
                       run_args=["--threads", str(args.threads)])
    lines = [f"rnn-fuse-gate-epilogue ablation: {args.rounds} alternating rounds of "
             f"rnn-run --bench {args.runs} --threads {args.threads} per build; medians of the rounds' medians, "
             "minima of their minima, CPU time per run (median of the rounds). "
             "Speed-up = unfused / fused.", ""] + table(results, names)
    write_results(args.out, lines, results)


if __name__ == "__main__":
    main()
