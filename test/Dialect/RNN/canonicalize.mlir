// RUN: rnn-opt %s -split-input-file -canonicalize | FileCheck %s

// Zero bias, zero initial states and zero peepholes mean the same as absent ones.
// CHECK-LABEL: func.func @lstm_drop_zero_operands
// CHECK: rnn.lstm %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} forward
// CHECK-NOT: bias(
// CHECK-NOT: initial_h(
func.func @lstm_drop_zero_operands(%x: tensor<3x1x2xf32>, %w: tensor<1x8x2xf32>,
    %r: tensor<1x8x2xf32>) -> tensor<1x1x2xf32> {
  %b = arith.constant dense<0.0> : tensor<1x16xf32>
  %h0 = arith.constant dense<0.0> : tensor<1x1x2xf32>
  %c0 = arith.constant dense<-0.0> : tensor<1x1x2xf32>
  %p = arith.constant dense<0.0> : tensor<1x6xf32>
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x16xf32>)
      initial_h(%h0 : tensor<1x1x2xf32>) initial_c(%c0 : tensor<1x1x2xf32>)
      peepholes(%p : tensor<1x6xf32>) forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x8x2xf32>, tensor<1x8x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}

// -----

// A non-zero bias stays; only the zero initial_h goes.
// CHECK-LABEL: func.func @gru_keep_nonzero_bias
// CHECK: %[[B:.*]] = arith.constant
// CHECK: rnn.gru %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} bias(%[[B]] : tensor<1x12xf32>) forward
func.func @gru_keep_nonzero_bias(%x: tensor<3x1x2xf32>, %w: tensor<1x6x2xf32>,
    %r: tensor<1x6x2xf32>) -> tensor<1x1x2xf32> {
  %b = arith.constant dense<[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]]> : tensor<1x12xf32>
  %h0 = arith.constant dense<0.0> : tensor<1x1x2xf32>
  %y, %yh = rnn.gru %x, %w, %r bias(%b : tensor<1x12xf32>)
      initial_h(%h0 : tensor<1x1x2xf32>) forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}

// -----

// sequence_lens equal to the static sequence length everywhere is dropped.
// CHECK-LABEL: func.func @rnn_drop_full_sequence_lens
// CHECK: rnn.rnn %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} forward
func.func @rnn_drop_full_sequence_lens(%x: tensor<3x2x2xf32>, %w: tensor<1x2x2xf32>,
    %r: tensor<1x2x2xf32>) -> tensor<1x2x2xf32> {
  %l = arith.constant dense<3> : tensor<2xi32>
  %y, %yh = rnn.rnn %x, %w, %r sequence_lens(%l : tensor<2xi32>) forward
      hidden_size = 2 activations = [#rnn.act<tanh>]
      : tensor<3x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>
  return %yh : tensor<1x2x2xf32>
}

// -----

// Partial lengths or a dynamic sequence length keep sequence_lens.
// CHECK-LABEL: func.func @rnn_keep_partial_sequence_lens
// CHECK: rnn.rnn {{.*}} sequence_lens(
// CHECK: rnn.rnn {{.*}} sequence_lens(
func.func @rnn_keep_partial_sequence_lens(%x: tensor<3x2x2xf32>, %xd: tensor<?x2x2xf32>,
    %w: tensor<1x2x2xf32>, %r: tensor<1x2x2xf32>) -> (tensor<1x2x2xf32>, tensor<1x2x2xf32>) {
  %l = arith.constant dense<[3, 2]> : tensor<2xi32>
  %y, %yh = rnn.rnn %x, %w, %r sequence_lens(%l : tensor<2xi32>) forward
      hidden_size = 2 activations = [#rnn.act<tanh>]
      : tensor<3x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>
  %l3 = arith.constant dense<3> : tensor<2xi32>
  %yd, %yhd = rnn.rnn %xd, %w, %r sequence_lens(%l3 : tensor<2xi32>) forward
      hidden_size = 2 activations = [#rnn.act<tanh>]
      : tensor<?x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<?x1x2x2xf32>, tensor<1x2x2xf32>
  return %yh, %yhd : tensor<1x2x2xf32>, tensor<1x2x2xf32>
}
