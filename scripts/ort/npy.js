'use strict';
// Minimal reader/writer for NumPy .npy files (format versions 1.0, 2.0 and
// 3.0 on read; 1.0, or 2.0 when the header needs it, on write).
//
// Supported dtypes: float32, float64, int64, int32, int8, uint8, bool — little-endian
// (or byte-order-free), C order. Arrays are represented as
//   { dtype: 'float32'|'float64'|'int64'|'int32'|'bool', shape: number[], data: TypedArray }
// where data is Float32Array / Float64Array / BigInt64Array / Int32Array /
// Uint8Array (bool, one byte per element, 0 or 1) — the same element types
// onnxruntime-node uses for its tensors.

const fs = require('fs');

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

// dtype name -> { descr written, descrs accepted on read, typed array ctor }
const DTYPES = {
  float32: { descr: '<f4', accept: ['<f4'], Ctor: Float32Array },
  float64: { descr: '<f8', accept: ['<f8'], Ctor: Float64Array },
  int64: { descr: '<i8', accept: ['<i8'], Ctor: BigInt64Array },
  int32: { descr: '<i4', accept: ['<i4'], Ctor: Int32Array },
  int8: { descr: '|i1', accept: ['|i1', 'i1'], Ctor: Int8Array },
  uint8: { descr: '|u1', accept: ['|u1', 'u1'], Ctor: Uint8Array },
  bool: { descr: '|b1', accept: ['|b1', '<b1', '=b1', 'b1', '?'], Ctor: Uint8Array },
};

function descrToDtype(descr) {
  for (const [name, info] of Object.entries(DTYPES)) {
    if (info.accept.includes(descr)) return name;
  }
  // numpy writes '<f4' on little-endian hosts; '=' (native) is treated as
  // little-endian since every supported host is.
  if (descr.startsWith('=')) return descrToDtype('<' + descr.slice(1));
  throw new Error(`npy: unsupported dtype descr '${descr}' ` +
    '(supported: <f4 <f8 <i8 <i4 |b1; big-endian is not supported)');
}

function parseHeader(text, file) {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) {
    throw new Error(`npy: ${file}: cannot parse header ${JSON.stringify(text)}`);
  }
  if (fortran[1] === 'True') {
    throw new Error(`npy: ${file}: fortran_order=True is not supported`);
  }
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0)
    .map((s) => {
      const v = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(v) || v < 0) throw new Error(`npy: ${file}: bad shape ${shape[0]}`);
      return v;
    });
  return { dtype: descrToDtype(descr[1]), shape: dims };
}

function numElements(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/** Parses a .npy file's bytes. */
function parseNpy(buf, file = '<buffer>') {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) {
    throw new Error(`npy: ${file}: not a .npy file (bad magic)`);
  }
  const major = buf[6];
  let headerLen;
  let offset;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = buf.readUInt32LE(8);
    offset = 12;
  } else {
    throw new Error(`npy: ${file}: unsupported format version ${major}.${buf[7]}`);
  }
  const header = buf.subarray(offset, offset + headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  const { dtype, shape } = parseHeader(header, file);
  const dataStart = offset + headerLen;
  const { Ctor } = DTYPES[dtype];
  const n = numElements(shape);
  const nbytes = n * Ctor.BYTES_PER_ELEMENT;
  if (buf.length - dataStart < nbytes) {
    throw new Error(`npy: ${file}: truncated data (${buf.length - dataStart} bytes, need ${nbytes})`);
  }
  // Copy into a fresh, aligned ArrayBuffer (the data offset need not be
  // aligned to the element size in the file buffer).
  const ab = new ArrayBuffer(nbytes);
  new Uint8Array(ab).set(buf.subarray(dataStart, dataStart + nbytes));
  const data = new Ctor(ab);
  if (dtype === 'bool') {
    for (let i = 0; i < n; i++) data[i] = data[i] ? 1 : 0;
  }
  return { dtype, shape, data };
}

function readNpy(file) {
  return parseNpy(fs.readFileSync(file), file);
}

/** Serialises {dtype, shape, data} to .npy bytes. */
function formatNpy(arr) {
  const info = DTYPES[arr.dtype];
  if (!info) throw new Error(`npy: unsupported dtype '${arr.dtype}'`);
  const shape = Array.from(arr.shape, Number);
  const n = numElements(shape);
  if (arr.data.length !== n) {
    throw new Error(`npy: data has ${arr.data.length} elements, shape [${shape}] needs ${n}`);
  }
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${info.descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  // Pad with spaces and a final '\n' so that the data starts on a 64-byte
  // boundary, as numpy does.
  let major = 1;
  let prefix = 10;
  let total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  if (total - prefix > 0xffff) {
    major = 2;
    prefix = 12;
    total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  }
  const headerLen = total - prefix;
  const header = dict + ' '.repeat(headerLen - dict.length - 1) + '\n';
  const out = Buffer.alloc(total);
  MAGIC.copy(out, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) out.writeUInt16LE(headerLen, 8);
  else out.writeUInt32LE(headerLen, 8);
  out.write(header, prefix, 'latin1');
  let typed = arr.data;
  if (!(typed instanceof info.Ctor)) typed = info.Ctor.from(typed);
  if (arr.dtype === 'bool') typed = Uint8Array.from(typed, (v) => (v ? 1 : 0));
  const body = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
  return Buffer.concat([out, body]);
}

function writeNpy(file, arr) {
  fs.writeFileSync(file, formatNpy(arr));
}

module.exports = { readNpy, writeNpy, parseNpy, formatNpy, DTYPES };
