#!/usr/bin/python3
"""Voice activity detection over a WAV file with the compiled Silero VAD.

    /usr/bin/python3 examples/vad/vad.py [speech.wav] [--say "TEXT"] [--compare-ort]

Compiles ../shared/models/silero_vad_16k_static.onnx with rnnc (through the
rnncc package), streams the audio through it in 32 ms frames (512 new samples
plus 64 of context, the LSTM state fed back each call), prints the speech
segments, and with --compare-ort runs ONNX Runtime on the same frames
(scripts/ort/stream_ort.js) and reports the largest difference of the per-frame
probabilities. Without a WAV file, speech is synthesized with espeak-ng
(Debian package espeak-ng) between stretches of silence.
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
import rnncc  # noqa: E402

RATE, HOP, CONTEXT = 16000, 512, 64
MODEL = os.path.join(ROOT, "..", "shared", "models", "silero_vad_16k_static.onnx")


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            sys.exit(f"{path}: only 16-bit PCM WAV is supported")
        rate, channels = w.getframerate(), w.getnchannels()
        x = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
    x = x.reshape(-1, channels).mean(axis=1)
    if rate != RATE:  # linear resampling is enough for a VAD
        t = np.arange(int(len(x) * RATE / rate)) * rate / RATE
        x = np.interp(t, np.arange(len(x)), x).astype(np.float32)
    return x


def synthesize(text, work):
    silence = np.zeros(int(0.8 * RATE), np.float32)
    parts = [silence]
    for i, sentence in enumerate(text.split("|")):
        path = os.path.join(work, f"say{i}.wav")
        subprocess.run(["espeak-ng", "-s", "150", "-w", path, sentence], check=True)
        parts += [read_wav(path), silence]
    return np.concatenate(parts)


def frames_of(audio):
    count = len(audio) // HOP
    padded = np.concatenate([np.zeros(CONTEXT, np.float32), audio])
    return np.stack([padded[f * HOP: f * HOP + CONTEXT + HOP] for f in range(count)])[:, None, :]


def segments(probs, on=0.5, off=0.35, min_frames=3):
    out, start = [], None
    for f, p in enumerate(probs):
        if start is None and p >= on:
            start = f
        elif start is not None and p < off:
            if f - start >= min_frames:
                out.append((start, f))
            start = None
    if start is not None:
        out.append((start, len(probs)))
    return [(s * HOP / RATE, e * HOP / RATE) for s, e in out]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wav", nargs="?")
    ap.add_argument("--say", default="Hello, this is a test of the voice activity detector."
                    "|The compiled model runs frame by frame.")
    ap.add_argument("--compare-ort", action="store_true")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--write-raw", metavar="PATH",
                    help="also write the 16 kHz audio as raw float32 (for examples/c)")
    ap.add_argument("--probs-out", metavar="PATH", help="save the per-frame probabilities (.npy)")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="rnnc-vad-")
    audio = read_wav(args.wav) if args.wav else synthesize(args.say, work)
    if args.write_raw:
        audio.astype("<f4").tofile(args.write_raw)
    model = rnncc.compile(MODEL, os.path.join(work, "silero.so"))
    frames = frames_of(audio)
    state = np.zeros((2, 1, 128), np.float32)
    probs = np.empty(len(frames), np.float32)
    for f, frame in enumerate(frames):
        out = model(input=frame, state=state)
        probs[f] = out["output"][0, 0]
        state = out["stateN"]
    if args.probs_out:
        np.save(args.probs_out, probs)
    print(f"{len(audio) / RATE:.2f} s of audio, {len(frames)} frames of {HOP / RATE * 1000:.0f} ms")
    for s, e in segments(probs):
        print(f"speech {s:6.2f} s - {e:6.2f} s")

    if args.compare_ort:
        np.save(os.path.join(work, "frames.npy"), frames)
        np.save(os.path.join(work, "state0.npy"), np.zeros((2, 1, 128), np.float32))
        subprocess.run(["node", os.path.join(ROOT, "scripts", "ort", "stream_ort.js"), MODEL,
                        "--frames", f"input={work}/frames.npy",
                        "--state", f"state=stateN={work}/state0.npy",
                        "--output-dir", f"{work}/ort"], check=True)
        ort = np.load(f"{work}/ort/output.npy").reshape(-1)
        diff = float(np.max(np.abs(ort - probs)))
        agree = int(np.sum((ort >= 0.5) == (probs >= 0.5)))
        print(f"ONNX Runtime: max |p_rnnc - p_ort| = {diff:.2e} over {len(probs)} frames, "
              f"decisions agree on {agree}/{len(probs)}")
        if diff > args.tolerance:
            sys.exit(f"difference {diff:.2e} exceeds the tolerance {args.tolerance:g}")


if __name__ == "__main__":
    main()
