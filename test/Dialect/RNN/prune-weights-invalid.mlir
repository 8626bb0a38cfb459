// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 block=4x1" -verify-diagnostics
// RUN: not rnn-opt %s --rnn-prune-weights="sparsity=1.0" 2>&1 | FileCheck %s --check-prefix=SPARSITY
// RUN: not rnn-opt %s --rnn-prune-weights="sparsity=-0.1" 2>&1 | FileCheck %s --check-prefix=SPARSITY
// RUN: not rnn-opt %s --rnn-prune-weights="sparsity=0.5 block=4" 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not rnn-opt %s --rnn-prune-weights="sparsity=0.5 block=0x1" 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not rnn-opt %s --rnn-prune-weights="sparsity=0.5 balance=column" 2>&1 | FileCheck %s --check-prefix=BALANCE
// RUN: not rnn-opt %s --rnn-prune-weights="sparsity=0.5 balance=bank bank-cols=0" 2>&1 | FileCheck %s --check-prefix=BANK

// SPARSITY: error: rnn-prune-weights: sparsity must be in [0, 1), got
// BLOCK: error: rnn-prune-weights: block must be RxC with R, C >= 1 (e.g. 1x1, 4x1, 4x4), got
// BALANCE: error: rnn-prune-weights: balance must be row, gate, matrix or bank, got 'column'
// BANK: error: rnn-prune-weights: bank-cols must be >= 1, got 0

// Weights that are graph inputs cannot be pruned at compile time.
func.func @w_argument(%x: tensor<3x1x2xf32>, %w: tensor<1x16x2xf32>) -> tensor<1x1x4xf32> {
  %r = arith.constant dense<1.0> : tensor<1x16x4xf32>
  // expected-error @+1 {{'rnn.lstm' op cannot prune W: it is not a constant f32 tensor (weights that are graph inputs cannot be pruned at compile time)}}
  %y, %yh, %yc = rnn.lstm %x, %w, %r forward hidden_size = 4
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x16x2xf32>, tensor<1x16x4xf32>
      -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>, tensor<1x1x4xf32>
  return %yh : tensor<1x1x4xf32>
}

// -----

// Tiles of 4 rows would straddle the gates of a layer with H = 2.
func.func @block_straddles_gates(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x6x2xf32>
  // expected-error @+1 {{'rnn.gru' op cannot prune with blocks of 4x1: 4 does not divide hidden_size 2 (blocks may not straddle gates)}}
  %y, %yh = rnn.gru %x, %w, %w forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}
