"""python3 -m rnncc compile|run|bench ...: the command lines for Python users.

    python3 -m rnncc compile MODEL.onnx -o OUT.so [--input-shape NAME=DxD]...
        [--quantize int8|bf16] [--sparsify P[:block=RxC]]
    python3 -m rnncc run OUT.so --input NAME=FILE.npy ... [--output-dir DIR] [--threads N]
    python3 -m rnncc bench OUT.so --input NAME=FILE.npy ... [--runs N] [--threads N]
"""

import argparse
import os
import sys
import time

import numpy as np

from . import RnncError, compile as compile_model, load


def parse_inputs(specs):
    arrays = {}
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not name:
            raise RnncError(f"--input {spec!r} is not NAME=FILE.npy")
        arrays[name] = np.load(path)
    return arrays


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m rnncc")
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compile", help="compile an ONNX model into a shared library")
    c.add_argument("model")
    c.add_argument("-o", "--output", required=True)
    c.add_argument("--input-shape", action="append", default=[], metavar="NAME=DxD")
    c.add_argument("--target")
    c.add_argument("--mcpu")
    c.add_argument("--quantize", choices=["int8", "bf16"])
    c.add_argument("--sparsify", metavar="P[:block=RxC]")
    c.add_argument("-v", "--verbose", action="store_true")
    for name in ("run", "bench"):
        r = sub.add_parser(name, help=f"{name} a compiled model on .npy inputs")
        r.add_argument("library")
        r.add_argument("--input", action="append", default=[], metavar="NAME=FILE.npy")
        r.add_argument("--threads", type=int, default=1)
        if name == "run":
            r.add_argument("--output-dir")
        else:
            r.add_argument("--runs", type=int, default=100)
    args = ap.parse_args(argv)
    try:
        if args.command == "compile":
            shapes = {}
            for spec in args.input_shape:
                name, _, dims = spec.partition("=")
                shapes[name] = tuple(None if d in ("?", "-1") else int(d)
                                     for d in dims.split("x")) if dims else ()
            compile_model(args.model, args.output, input_shapes=shapes, target=args.target,
                          mcpu=args.mcpu, quantize=args.quantize, sparsify=args.sparsify,
                          verbose=args.verbose)
            print(f"wrote {args.output}")
            return 0
        model = load(args.library)
        model.threads = args.threads
        inputs = parse_inputs(args.input)
        outputs = model(**inputs)
        if args.command == "run":
            for name, value in outputs.items():
                if args.output_dir:
                    os.makedirs(args.output_dir, exist_ok=True)
                    safe = "".join(ch if ch.isalnum() or ch in "_.-" else "_" for ch in name)
                    np.save(os.path.join(args.output_dir, safe + ".npy"), value)
                print(f"output {name} {value.dtype} {list(value.shape)}")
            return 0
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            model(**inputs)
            times.append((time.perf_counter() - start) * 1e3)
        times.sort()
        print(f"rnncc: median_ms={np.median(times):.4f} min_ms={times[0]:.4f} "
              f"max_ms={times[-1]:.4f} runs={len(times)}")
        return 0
    except RnncError as e:
        print(f"rnncc: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
