#!/usr/bin/env node
'use strict';
// Runs an ONNX model on ONNX Runtime (CPU, one thread unless --threads N sets
// intraOpNumThreads) with inputs read from
// .npy files and writes every graph output to OUTPUT_DIR/NAME.npy.
//
//   node scripts/ort/run_ort.js MODEL.onnx --input NAME=FILE.npy ... \
//        --output-dir DIR [--bench N] [--threads N]
//
// Output names have every character outside [A-Za-z0-9_.-] replaced by '_'.
// With --bench N, N timed runs follow one warm-up run and the last line
// printed is
//   ort: median_ms=X min_ms=Y max_ms=Z runs=N
//
// onnxruntime-node is installed by scripts/install-deps.sh into
// scripts/ort/node_modules (npm install --ignore-scripts --prefix scripts/ort).

const fs = require('fs');
const path = require('path');
const { readNpy, writeNpy } = require('./npy');

function usage(msg) {
  if (msg) process.stderr.write(`run_ort: ${msg}\n`);
  process.stderr.write('usage: run_ort.js MODEL.onnx --input NAME=FILE.npy ... ' +
    '--output-dir DIR [--bench N] [--threads N]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { model: null, inputs: [], outputDir: null, bench: 0, threads: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--input' || a.startsWith('--input=')) {
      const v = a === '--input' ? value() : a.slice('--input='.length);
      const eq = v.indexOf('=');
      if (eq <= 0) usage(`--input expects NAME=FILE.npy, got '${v}'`);
      opts.inputs.push({ name: v.slice(0, eq), file: v.slice(eq + 1) });
    } else if (a === '--output-dir' || a.startsWith('--output-dir=')) {
      opts.outputDir = a === '--output-dir' ? value() : a.slice('--output-dir='.length);
    } else if (a === '--bench' || a.startsWith('--bench=')) {
      const v = a === '--bench' ? value() : a.slice('--bench='.length);
      opts.bench = Number(v);
      if (!Number.isInteger(opts.bench) || opts.bench < 1) usage(`--bench expects a positive integer, got '${v}'`);
    } else if (a === '--threads' || a.startsWith('--threads=')) {
      const v = a === '--threads' ? value() : a.slice('--threads='.length);
      opts.threads = Number(v);
      if (!Number.isInteger(opts.threads) || opts.threads < 1) usage(`--threads expects a positive integer, got '${v}'`);
    } else if (a === '-h' || a === '--help') {
      usage();
    } else if (a.startsWith('-')) {
      usage(`unknown option '${a}'`);
    } else if (opts.model === null) {
      opts.model = a;
    } else {
      usage(`unexpected argument '${a}'`);
    }
  }
  if (!opts.model) usage('no model given');
  if (!opts.outputDir) usage('--output-dir is required');
  return opts;
}

function loadOrt() {
  try {
    return require('onnxruntime-node');
  } catch (e) {
    process.stderr.write('run_ort: cannot load onnxruntime-node; install it with\n' +
      `  npm install --ignore-scripts --prefix ${path.relative(process.cwd(), __dirname) || '.'}\n` +
      `(${e.message})\n`);
    process.exit(3);
  }
}

function sanitize(name) {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

const NPY_DTYPES = new Set(['float32', 'float64', 'int64', 'int32', 'int8', 'uint8', 'bool']);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const ort = loadOrt();

  const session = await ort.InferenceSession.create(opts.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });

  const feeds = {};
  for (const { name, file } of opts.inputs) {
    if (!session.inputNames.includes(name)) {
      throw new Error(`model has no input '${name}' (inputs: ${session.inputNames.join(', ')})`);
    }
    const arr = readNpy(file);
    feeds[name] = new ort.Tensor(arr.dtype, arr.data, arr.shape);
  }
  const missing = session.inputNames.filter((n) => !(n in feeds));
  if (missing.length) throw new Error(`missing --input for model input(s): ${missing.join(', ')}`);

  const results = await session.run(feeds);

  fs.mkdirSync(opts.outputDir, { recursive: true });
  const written = new Map();
  for (const name of session.outputNames) {
    const t = results[name];
    if (!NPY_DTYPES.has(t.type)) throw new Error(`output '${name}' has unsupported type ${t.type}`);
    const fname = sanitize(name);
    if (written.has(fname)) {
      throw new Error(`outputs '${written.get(fname)}' and '${name}' both map to ${fname}.npy`);
    }
    written.set(fname, name);
    writeNpy(path.join(opts.outputDir, `${fname}.npy`), { dtype: t.type, shape: t.dims, data: t.data });
    console.log(`${name}: ${t.type}[${t.dims.join(',')}] -> ${path.join(opts.outputDir, fname + '.npy')}`);
  }

  if (opts.bench > 0) {
    await session.run(feeds); // warm-up (the first run above also warmed caches)
    const times = [];
    for (let i = 0; i < opts.bench; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const mid = times.length >> 1;
    const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
    const f = (x) => x.toFixed(4);
    console.log(`ort: median_ms=${f(median)} min_ms=${f(times[0])} max_ms=${f(times[times.length - 1])} runs=${times.length}`);
  }
  if (typeof session.release === 'function') await session.release();
}

main().catch((e) => {
  process.stderr.write(`run_ort: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
