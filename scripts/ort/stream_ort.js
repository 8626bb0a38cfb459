#!/usr/bin/env node
'use strict';
// Runs a stateful (streaming) ONNX model frame by frame on ONNX Runtime (CPU,
// one thread), feeding state outputs back as inputs, and writes every output
// stacked over frames to OUTPUT_DIR/NAME.npy (shape [F, ...]).
//
//   node scripts/ort/stream_ort.js MODEL.onnx --frames NAME=FRAMES.npy \
//        --state IN=OUT=INIT.npy ... [--const NAME=FILE.npy ...] --output-dir DIR
//
// FRAMES.npy holds F frames along its first axis; frame f is fed as input NAME
// with the model's frame shape (the rest of the axes). Each --state feeds
// INIT.npy as input IN on the first frame and the previous frame's output OUT
// afterwards. --const inputs are the same on every frame.

const fs = require('fs');
const path = require('path');
const { readNpy, writeNpy } = require('./npy');

function usage(msg) {
  if (msg) process.stderr.write(`stream_ort: ${msg}\n`);
  process.stderr.write('usage: stream_ort.js MODEL.onnx --frames NAME=FILE.npy ' +
    '[--state IN=OUT=INIT.npy]... [--const NAME=FILE.npy]... --output-dir DIR\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { model: null, frames: null, states: [], consts: [], outputDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--frames') {
      const [name, file] = value().split('=');
      if (!file) usage('--frames expects NAME=FILE.npy');
      opts.frames = { name, file };
    } else if (a === '--state') {
      const [input, output, init] = value().split('=');
      if (!init) usage('--state expects IN=OUT=INIT.npy');
      opts.states.push({ input, output, init });
    } else if (a === '--const') {
      const [name, file] = value().split('=');
      if (!file) usage('--const expects NAME=FILE.npy');
      opts.consts.push({ name, file });
    } else if (a === '--output-dir') {
      opts.outputDir = value();
    } else if (a.startsWith('-')) {
      usage(`unknown option '${a}'`);
    } else if (!opts.model) {
      opts.model = a;
    } else {
      usage(`unexpected argument '${a}'`);
    }
  }
  if (!opts.model || !opts.frames || !opts.outputDir) usage('MODEL, --frames and --output-dir are required');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const ort = require('onnxruntime-node');
  const session = await ort.InferenceSession.create(opts.model, {
    executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1,
    executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const frames = readNpy(opts.frames.file);
  const count = frames.shape[0];
  const frameShape = frames.shape.slice(1);
  const frameSize = frameShape.reduce((a, b) => a * b, 1);
  const feeds = {};
  for (const { name, file } of opts.consts) {
    const arr = readNpy(file);
    feeds[name] = new ort.Tensor(arr.dtype, arr.data, arr.shape);
  }
  for (const { input, init } of opts.states) {
    const arr = readNpy(init);
    feeds[input] = new ort.Tensor(arr.dtype, arr.data, arr.shape);
  }
  const stacked = {};
  for (let f = 0; f < count; f++) {
    const data = frames.data.slice(f * frameSize, (f + 1) * frameSize);
    feeds[opts.frames.name] = new ort.Tensor(frames.dtype, data, frameShape);
    const out = await session.run(feeds);
    for (const name of session.outputNames) {
      const t = out[name];
      if (!stacked[name]) stacked[name] = { dtype: t.type, shape: t.dims, parts: [] };
      stacked[name].parts.push(t.data);
    }
    for (const { input, output } of opts.states) feeds[input] = out[output];
  }
  fs.mkdirSync(opts.outputDir, { recursive: true });
  for (const [name, s] of Object.entries(stacked)) {
    const per = s.parts[0].length;
    const data = new s.parts[0].constructor(per * s.parts.length);
    s.parts.forEach((p, i) => data.set(p, i * per));
    const file = path.join(opts.outputDir, name.replace(/[^A-Za-z0-9_.-]/g, '_') + '.npy');
    writeNpy(file, { dtype: s.dtype, shape: [s.parts.length, ...s.shape], data });
  }
  if (typeof session.release === 'function') await session.release();
}

main().catch((e) => { process.stderr.write(`stream_ort: ${e && e.message ? e.message : e}\n`); process.exit(1); });
