#!/usr/bin/env python3
"""Accuracy cost of pruning: cosine similarity of the pruned model's outputs
with the dense model's, per model and sparsity level, as a Markdown table.

    /usr/bin/python3 scripts/sparsity_accuracy.py [--build build]
        [--levels 0.5 0.8 0.9 0.95] [--blocks 1x1 4x1 bank] [--out FILE.md]

Models: the PyTorch-exported models of test/e2e/torch/models and the real
models of ../shared/models (inputs: models/ref/NAME/in_*.npy, shapes pinned
to them). Each is compiled dense (rnnc) and pruned (rnnc --sparsify=P:block=B,
which prunes every constant LSTM/GRU/RNN W and R, balanced per row; the
column `bank` is 1x1 with balance=bank: the same count in every 64 columns
of a row), run on
the same inputs with rnn-run, and every float output is compared: the table
shows the smallest cosine similarity over the model's outputs (1 = same
direction). The models are not fine-tuned after pruning, so this is the
cost of one-shot magnitude pruning; pruning-aware training recovers most of
it (ESE, Narang et al.). A cell reads "n/a" when the rule does not apply
(e.g. 4 does not divide the hidden size, or weights are graph inputs).
"""
import argparse
import glob
import os
import subprocess
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
from compare_npy import cosine  # noqa: E402
from doc_table import update_doc  # noqa: E402
MODELS = os.environ.get("RNN_MODELS_DIR", os.path.join(ROOT, "..", "shared", "models"))


def cases():
    out = []
    for d in sorted(glob.glob(os.path.join(ROOT, "test", "e2e", "torch", "models", "*"))):
        ins = {os.path.basename(p)[3:-4]: p for p in sorted(glob.glob(os.path.join(d, "in_*.npy")))}
        out.append(("torch/" + os.path.basename(d), os.path.join(d, "model.onnx"), ins, []))
    for ref in sorted(glob.glob(os.path.join(MODELS, "ref", "*"))):
        name = os.path.basename(ref)
        ins, shapes = {}, []
        for p in sorted(glob.glob(os.path.join(ref, "in_*.npy"))):
            k = os.path.basename(p)[3:-4]
            ins[k] = p
            a = np.load(p, mmap_mode="r")
            if a.ndim:
                shapes.append(f"--input-shape={k}=" + "x".join(map(str, a.shape)))
        out.append((name, os.path.join(MODELS, name + ".onnx"), ins, shapes))
    return out


def compile_run(build, model, ins, shapes, extra, work):
    lib = os.path.join(work, "m.so")
    p = subprocess.run([os.path.join(build, "bin", "rnnc"), model, *shapes, *extra, "-o", lib],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        return None, p.stdout.strip().splitlines()[-1].split("error: ", 1)[-1]
    out = os.path.join(work, "out")
    cmd = [os.path.join(build, "bin", "rnn-run"), lib, "--output-dir", out]
    for k, v in ins.items():
        cmd += ["--input", f"{k}={v}"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return {os.path.basename(f)[:-4]: np.load(f) for f in glob.glob(os.path.join(out, "*.npy"))}, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--levels", nargs="*", default=["0.5", "0.8", "0.9", "0.95"])
    ap.add_argument("--blocks", nargs="*", default=["1x1", "4x1", "bank"])
    ap.add_argument("--doc", default=None,
                    help="also replace the table between <!-- accuracy --> and <!-- /accuracy --> in this file")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    cols = [(lv, bl) for bl in args.blocks for lv in args.levels]
    lines = ["| model | " + " | ".join(f"{float(lv) * 100:.0f}% {bl}" for lv, bl in cols) + " |",
             "|---|" + "---|" * len(cols)]
    notes = {}
    for name, model, ins, shapes in cases():
        if not os.path.exists(model):
            continue
        with tempfile.TemporaryDirectory() as work:
            dense, err = compile_run(args.build, model, ins, shapes, [], work)
            if dense is None:
                print(f"{name}: dense compile failed: {err}")
                continue
            cells = []
            for lv, bl in cols:
                spec = f"{lv}:balance=bank" if bl == "bank" else f"{lv}:block={bl}"
                pruned, err = compile_run(args.build, model, ins, shapes,
                                          [f"--sparsify={spec}"], work)
                if pruned is None:
                    cells.append("n/a")
                    notes.setdefault(name, err)
                    continue
                sims = [cosine(pruned[k], v) for k, v in dense.items()
                        if v.dtype.kind == "f" and v.size]
                cells.append(f"{min(sims):.4f}" if sims else "n/a")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    if notes:
        lines.append("")
        for name, err in notes.items():
            lines.append(f"* {name}, n/a: `{err}`")
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if args.doc:
        update_doc(args.doc, "accuracy", text)
    print(text)


if __name__ == "__main__":
    main()
