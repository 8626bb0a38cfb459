// RUN: rnn-opt %s -split-input-file --pass-pipeline="builtin.module(rnn-expand-sequences,canonicalize,cse,convert-rnn-to-linalg,func.func(linalg-fuse-elementwise-ops),canonicalize,cse,func.func(rnn-inplace-loop-state),one-shot-bufferize{allow-return-allocs-from-loops bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},canonicalize,cse,func.func(buffer-loop-hoisting))" | FileCheck %s

// The CPU pipeline's memory passes on whole layers: after bufferization the
// time loop allocates nothing and carries no buffers, for a bidirectional
// LSTM with sequence_lens (state masking in place) and for a GRU without
// linear_before_reset (two products and two epilogues per step).

// CHECK-LABEL: func.func @lstm_bidir_seqlens
// CHECK: scf.for %{{[a-z0-9_]+}} = %{{[a-z0-9_]+}} to %{{[a-z0-9_]+}} step %{{[a-z0-9_]+}} {
// CHECK-NOT: memref.alloc
// CHECK: {{^    [}]$}}
// CHECK: return
func.func @lstm_bidir_seqlens(%x: tensor<3x2x4xf32>, %w: tensor<2x8x4xf32>,
    %r: tensor<2x8x2xf32>, %lens: tensor<2xi32>)
    -> (tensor<3x2x2x2xf32>, tensor<2x2x2xf32>, tensor<2x2x2xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r sequence_lens(%lens : tensor<2xi32>)
      bidirectional hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>,
                     #rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x2x4xf32>, tensor<2x8x4xf32>, tensor<2x8x2xf32>
      -> tensor<3x2x2x2xf32>, tensor<2x2x2xf32>, tensor<2x2x2xf32>
  return %y, %yh, %yc : tensor<3x2x2x2xf32>, tensor<2x2x2xf32>, tensor<2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @gru_reset_before_linear
// CHECK: scf.for %{{[a-z0-9_]+}} = %{{[a-z0-9_]+}} to %{{[a-z0-9_]+}} step %{{[a-z0-9_]+}} {
// CHECK-NOT: memref.alloc
// CHECK: {{^    [}]$}}
// CHECK: return
func.func @gru_reset_before_linear(%x: tensor<5x1x3xf32>, %w: tensor<1x12x3xf32>,
    %r: tensor<1x12x4xf32>) -> (tensor<5x1x1x4xf32>, tensor<1x1x4xf32>) {
  %y, %yh = rnn.gru %x, %w, %r forward hidden_size = 4
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<5x1x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>
      -> tensor<5x1x1x4xf32>, tensor<1x1x4xf32>
  return %y, %yh : tensor<5x1x1x4xf32>, tensor<1x1x4xf32>
}
