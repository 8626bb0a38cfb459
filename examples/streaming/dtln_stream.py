#!/usr/bin/python3
"""Streaming noise suppression with the compiled DTLN stage 1, frame by frame.

    /usr/bin/python3 examples/streaming/dtln_stream.py [noisy.wav] [-o enhanced.wav] [--compare-ort]

DTLN (breizhn/DTLN, ../shared/models/dtln_model_1.onnx) works on 32 ms blocks
(512 samples at 16 kHz) shifted by 8 ms (128 samples). Stage 1 maps the
magnitude spectrum of a block ([1, 1, 257]) and its two LSTMs' states
([1, 2, 128, 2]) to a spectral mask and the next states. This example runs
it block by block exactly as a real-time application would: state out of one
call is state into the next; the mask is applied to the block's spectrum, and
the inverse FFT is overlap-added. (Stage 2 of DTLN, a time-domain model, is
not in ../shared/models; the output is the stage-1 enhancement.) Without a
WAV file, a test signal (espeak-ng speech plus white noise) is used. With
--compare-ort, ONNX Runtime runs the same blocks (scripts/ort/stream_ort.js)
and the largest difference of the masks is reported.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "examples", "vad"))
import rnncc  # noqa: E402
from vad import read_wav, synthesize  # noqa: E402

RATE, BLOCK, SHIFT = 16000, 512, 128
MODEL = os.path.join(ROOT, "..", "shared", "models", "dtln_model_1.onnx")


def write_wav(path, x):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype(np.int16).tobytes())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wav", nargs="?")
    ap.add_argument("-o", "--output")
    ap.add_argument("--compare-ort", action="store_true")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="rnnc-dtln-")
    if args.wav:
        noisy = read_wav(args.wav)
    else:
        clean = synthesize("Noise suppression runs one block at a time.", work)
        noisy = (clean + 0.02 * np.random.default_rng(0).standard_normal(len(clean))).astype(np.float32)
    model = rnncc.compile(MODEL, os.path.join(work, "dtln1.so"))
    print(model)

    state = np.zeros((1, 2, 128, 2), np.float32)
    window = np.zeros(BLOCK, np.float32)
    out = np.zeros(len(noisy) + BLOCK, np.float32)
    mags, masks = [], []
    for start in range(0, len(noisy) - SHIFT + 1, SHIFT):
        window = np.concatenate([window[SHIFT:], noisy[start:start + SHIFT]])
        spectrum = np.fft.rfft(window)
        mag = np.abs(spectrum).astype(np.float32).reshape(1, 1, 257)
        result = model(input_2=mag, input_3=state)
        mask, state = result["activation_2"], result["tf_op_layer_stack_2"]
        mags.append(mag)
        masks.append(mask)
        block = np.fft.irfft(spectrum * mask.reshape(257), n=BLOCK).astype(np.float32)
        out[start:start + BLOCK] += block * (SHIFT / BLOCK)  # overlap-add of 4 blocks
    enhanced = out[BLOCK - SHIFT:BLOCK - SHIFT + len(noisy)]
    print(f"{len(masks)} blocks of {BLOCK} samples, shift {SHIFT}; "
          f"mean mask {float(np.mean(masks)):.3f}; input rms {float(np.sqrt(np.mean(noisy**2))):.4f}, "
          f"output rms {float(np.sqrt(np.mean(enhanced**2))):.4f}")
    if args.output:
        write_wav(args.output, enhanced)
        print(f"wrote {args.output}")

    if args.compare_ort:
        np.save(f"{work}/mags.npy", np.stack(mags))
        np.save(f"{work}/state0.npy", np.zeros((1, 2, 128, 2), np.float32))
        subprocess.run(["node", os.path.join(ROOT, "scripts", "ort", "stream_ort.js"), MODEL,
                        "--frames", f"input_2={work}/mags.npy",
                        "--state", f"input_3=tf_op_layer_stack_2={work}/state0.npy",
                        "--output-dir", f"{work}/ort"], check=True)
        ort = np.load(f"{work}/ort/activation_2.npy")
        diff = float(np.max(np.abs(ort - np.stack(masks))))
        print(f"ONNX Runtime: max |mask_rnnc - mask_ort| = {diff:.2e} over {len(masks)} blocks")
        if diff > args.tolerance:
            sys.exit(f"difference {diff:.2e} exceeds the tolerance {args.tolerance:g}")


if __name__ == "__main__":
    main()
