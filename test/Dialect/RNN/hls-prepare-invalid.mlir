// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare -verify-diagnostics

// expected-error @+1 {{rnn-hls-prepare: input 0 has type 'memref<?x4xf32>'; the HLS backend needs static shapes (pin dynamic dims with --input-shape, or bound a dynamic sequence length with --hls-max-seq-len=N)}}
func.func @dynamic(%x: memref<?x4xf32>) {
  return
}

// -----

func.func @dynamic_alloc(%n: index) {
  // expected-error @+1 {{rnn-hls-prepare: dynamic shape 'memref<?xf32>': the HLS backend needs static shapes}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}
