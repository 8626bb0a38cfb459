// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="max-seq-len=8" -verify-diagnostics

// Two dynamic dims: only the sequence length may stay dynamic.
// expected-error @+1 {{rnn-hls-prepare: only one dynamic dim (the sequence length) is supported; input 0 dim 0 and input 1 dim 0 are both dynamic (pin the others with --input-shape)}}
func.func @two(%x: memref<?x4xf32>, %y: memref<?x4xf32>) {
  return
}

// -----

// A dynamic dim that is not outermost (batch-first layouts).
// expected-error @+1 {{rnn-hls-prepare: the dynamic dim of input 0 ('X') ('memref<2x?x4xf32>') must be its outermost dim}}
func.func @inner(%x: memref<2x?x4xf32> {rnn.name = "X"}) {
  return
}

// -----

// A dynamic dim no time loop runs over (e.g. a batch dim).
// expected-error @+1 {{rnn-hls-prepare: dim 0 of input 0 is dynamic but is not the sequence length of a recurrent layer (no time loop runs over it); pin it with --input-shape}}
func.func @not_time(%x: memref<?x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x4xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i, %c0] : memref<?x4xf32>
  }
  return
}

// -----

// A size the length does not determine.
func.func @unknown(%x: memref<?x4xf32>, %s: memref<1xindex>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x4xf32>
  scf.for %i = %c0 to %n step %c1 {
  } {rnn.time_loop}
  %m = memref.load %s[%c0] : memref<1xindex>
  // expected-error @+1 {{rnn-hls-prepare: cannot bound the size of this buffer by the sequence length (computed by 'memref.load')}}
  %b = memref.alloc(%m) : memref<?xf32>
  %f = arith.constant 1.0 : f32
  memref.store %f, %b[%c0] : memref<?xf32>
  %g = memref.load %b[%c0] : memref<?xf32>
  memref.store %g, %b[%c1] : memref<?xf32>
  return
}
