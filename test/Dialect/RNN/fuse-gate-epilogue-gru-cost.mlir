// RUN: rnn-opt %s -split-input-file --rnn-fuse-gate-epilogue --mlir-elide-elementsattrs-if-larger=16 | FileCheck %s

// The cost rule for GRU cells (default options: 16 lanes): R [3H, H] with
// H = 224 has 147Ki weights, above the 128Ki of every fused cell. A batch-1
// GRU with linear_before_reset is fused up to 1Mi weights (measured faster
// there); batch 2 and reset-before-linear keep the separate product and
// epilogue.

// CHECK-LABEL: func.func @gru_batch1_lbr
// CHECK-NOT: rnn.gru_cell
// CHECK: vector.fma
// CHECK: } {rnn.parallel = 150528 : i64}
func.func @gru_batch1_lbr(%xg: tensor<1x672xf32>, %h: tensor<1x224xf32>)
    -> tensor<1x224xf32> {
  %r = arith.constant dense<0.5> : tensor<672x224xf32>
  %h1 = rnn.gru_cell %xg, %h, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<1x672xf32>, tensor<1x224xf32>, tensor<672x224xf32> -> tensor<1x224xf32>
  return %h1 : tensor<1x224xf32>
}

// -----

// CHECK-LABEL: func.func @gru_batch2_lbr
// CHECK: rnn.gru_cell
// CHECK-NOT: vector.fma
func.func @gru_batch2_lbr(%xg: tensor<2x672xf32>, %h: tensor<2x224xf32>)
    -> tensor<2x224xf32> {
  %r = arith.constant dense<0.5> : tensor<672x224xf32>
  %h1 = rnn.gru_cell %xg, %h, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<2x672xf32>, tensor<2x224xf32>, tensor<672x224xf32> -> tensor<2x224xf32>
  return %h1 : tensor<2x224xf32>
}

// -----

// CHECK-LABEL: func.func @gru_batch1_reset_before_linear
// CHECK: rnn.gru_cell
// CHECK-NOT: vector.fma
func.func @gru_batch1_reset_before_linear(%xg: tensor<1x672xf32>,
    %h: tensor<1x224xf32>) -> tensor<1x224xf32> {
  %r = arith.constant dense<0.5> : tensor<672x224xf32>
  %h1 = rnn.gru_cell %xg, %h, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<1x672xf32>, tensor<1x224xf32>, tensor<672x224xf32> -> tensor<1x224xf32>
  return %h1 : tensor<1x224xf32>
}

// -----

// Above 1Mi weights (H = 592: 1.0Mi + 4Ki) the batch-1 GRU is not fused
// either.

// CHECK-LABEL: func.func @gru_batch1_large
// CHECK: rnn.gru_cell
// CHECK-NOT: vector.fma
func.func @gru_batch1_large(%xg: tensor<1x1776xf32>, %h: tensor<1x592xf32>)
    -> tensor<1x592xf32> {
  %r = arith.constant dense<0.5> : tensor<1776x592xf32>
  %h1 = rnn.gru_cell %xg, %h, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<1x1776xf32>, tensor<1x592xf32>, tensor<1776x592xf32> -> tensor<1x592xf32>
  return %h1 : tensor<1x592xf32>
}
