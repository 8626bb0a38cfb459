// RUN: rnn-opt %s -split-input-file | rnn-opt -split-input-file | FileCheck %s
// Round trip of every op and every optional operand / attribute.

// CHECK-LABEL: func.func @lstm_all_operands
// CHECK: rnn.lstm %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} bias(%{{[a-z0-9_]+}} : tensor<2x160xf32>)
// CHECK-SAME: sequence_lens(%{{[a-z0-9_]+}} : tensor<3xi32>) initial_h(%{{[a-z0-9_]+}} : tensor<2x3x20xf32>)
// CHECK-SAME: initial_c(%{{[a-z0-9_]+}} : tensor<2x3x20xf32>) peepholes(%{{[a-z0-9_]+}} : tensor<2x60xf32>)
// CHECK-SAME: bidirectional hidden_size = 20
// CHECK-SAME: activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>, #rnn.act<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, #rnn.act<leaky_relu, alpha = 1.000000e-01>, #rnn.act<affine, alpha = 2.000000e+00, beta = 0.000000e+00>]
// CHECK-SAME: clip = 3.000000e+00 input_forget
// CHECK-SAME: -> tensor<7x2x3x20xf32>, tensor<2x3x20xf32>, tensor<2x3x20xf32>
func.func @lstm_all_operands(%x: tensor<7x3x10xf32>, %w: tensor<2x80x10xf32>,
    %r: tensor<2x80x20xf32>, %b: tensor<2x160xf32>, %len: tensor<3xi32>,
    %h0: tensor<2x3x20xf32>, %c0: tensor<2x3x20xf32>, %p: tensor<2x60xf32>)
    -> (tensor<7x2x3x20xf32>, tensor<2x3x20xf32>, tensor<2x3x20xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<2x160xf32>)
      sequence_lens(%len : tensor<3xi32>) initial_h(%h0 : tensor<2x3x20xf32>)
      initial_c(%c0 : tensor<2x3x20xf32>) peepholes(%p : tensor<2x60xf32>)
      bidirectional hidden_size = 20
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>,
                     #rnn.act<hard_sigmoid>, #rnn.act<leaky_relu, alpha = 0.1>,
                     #rnn.act<affine, alpha = 2.0>]
      clip = 3.0 input_forget
      : tensor<7x3x10xf32>, tensor<2x80x10xf32>, tensor<2x80x20xf32>
      -> tensor<7x2x3x20xf32>, tensor<2x3x20xf32>, tensor<2x3x20xf32>
  return %y, %yh, %yc : tensor<7x2x3x20xf32>, tensor<2x3x20xf32>, tensor<2x3x20xf32>
}

// -----

// CHECK-LABEL: func.func @lstm_minimal_dynamic
// CHECK: rnn.lstm %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} reverse hidden_size = 4
// CHECK-NOT: bias
// CHECK-SAME: : tensor<?x?x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32> -> tensor<?x1x?x4xf32>
func.func @lstm_minimal_dynamic(%x: tensor<?x?x3xf32>, %w: tensor<1x16x3xf32>,
    %r: tensor<1x16x4xf32>) -> tensor<?x1x?x4xf32> {
  %y, %yh, %yc = rnn.lstm %x, %w, %r reverse hidden_size = 4
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<?x?x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>
      -> tensor<?x1x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>
  return %y : tensor<?x1x?x4xf32>
}

// -----

// Every activation function with its parameters (RNN takes one per direction).
// CHECK-LABEL: func.func @rnn_activations
// CHECK: #rnn.act<relu>
// CHECK: #rnn.act<tanh>
// CHECK: #rnn.act<sigmoid>
// CHECK: #rnn.act<affine, alpha = 5.000000e-01, beta = 2.500000e-01>
// CHECK: #rnn.act<leaky_relu, alpha = 0.00999999977>
// CHECK: #rnn.act<thresholded_relu, alpha = 1.500000e+00>
// CHECK: #rnn.act<scaled_tanh, alpha = 1.000000e+00, beta = 2.000000e+00>
// CHECK: #rnn.act<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>
// CHECK: #rnn.act<elu, alpha = 1.000000e+00>
// CHECK: #rnn.act<softsign>
// CHECK: #rnn.act<softplus>
func.func @rnn_activations(%x: tensor<3x1x2xf32>, %w: tensor<1x4x2xf32>,
    %r: tensor<1x4x4xf32>) {
  %y0, %h0 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<relu>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y1, %h1 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<tanh>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y2, %h2 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<sigmoid>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y3, %h3 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<affine, alpha = 0.5, beta = 0.25>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y4, %h4 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<leaky_relu>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y5, %h5 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<thresholded_relu, alpha = 1.5>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y6, %h6 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<scaled_tanh, alpha = 1.0, beta = 2.0>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y7, %h7 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<hard_sigmoid>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y8, %h8 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<elu>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y9, %h9 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<softsign>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  %y10, %h10 = rnn.rnn %x, %w, %r forward hidden_size = 4 activations = [#rnn.act<softplus>] : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32> -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @gru_bidirectional_lbr
// CHECK: rnn.gru %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} bias(%{{[a-z0-9_]+}} : tensor<2x30xf32>)
// CHECK-SAME: sequence_lens(%{{[a-z0-9_]+}} : tensor<1xi64>) initial_h(%{{[a-z0-9_]+}} : tensor<2x1x5xf32>)
// CHECK-SAME: bidirectional hidden_size = 5
// CHECK-SAME: clip = 1.000000e+01 linear_before_reset
func.func @gru_bidirectional_lbr(%x: tensor<3x1x2xf32>, %w: tensor<2x15x2xf32>,
    %r: tensor<2x15x5xf32>, %b: tensor<2x30xf32>, %len: tensor<1xi64>,
    %h0: tensor<2x1x5xf32>) -> tensor<2x1x5xf32> {
  %y, %yh = rnn.gru %x, %w, %r bias(%b : tensor<2x30xf32>)
      sequence_lens(%len : tensor<1xi64>) initial_h(%h0 : tensor<2x1x5xf32>)
      bidirectional hidden_size = 5
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<sigmoid>, #rnn.act<tanh>]
      clip = 10.0 linear_before_reset
      : tensor<3x1x2xf32>, tensor<2x15x2xf32>, tensor<2x15x5xf32>
      -> tensor<3x2x1x5xf32>, tensor<2x1x5xf32>
  return %yh : tensor<2x1x5xf32>
}

// -----

// CHECK-LABEL: func.func @rnn_bias_state
// CHECK: rnn.rnn %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} bias(%{{[a-z0-9_]+}} : tensor<1x8xf32>) initial_h(%{{[a-z0-9_]+}} : tensor<1x2x4xf32>) forward
func.func @rnn_bias_state(%x: tensor<3x2x2xf32>, %w: tensor<1x4x2xf32>,
    %r: tensor<1x4x4xf32>, %b: tensor<1x8xf32>, %h0: tensor<1x2x4xf32>)
    -> tensor<1x2x4xf32> {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x8xf32>) initial_h(%h0 : tensor<1x2x4xf32>)
      forward hidden_size = 4 activations = [#rnn.act<tanh>]
      : tensor<3x2x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>
      -> tensor<3x1x2x4xf32>, tensor<1x2x4xf32>
  return %yh : tensor<1x2x4xf32>
}

// -----

// Quantized weights: int8 per gate unit (axis 1 of [D, G*H, I]).
// CHECK-LABEL: func.func @lstm_quantized_weights
// CHECK: rnn.lstm
// CHECK-SAME: tensor<1x8x2x!quant.uniform<i8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,2.000000e-01,2.000000e-01,2.000000e-01,2.000000e-01}>>
// CHECK-SAME: tensor<1x8x2x!quant.uniform<i8:f32, 5.000000e-02>>
!wq = tensor<1x8x2x!quant.uniform<i8:f32:1, {0.1,0.1,0.1,0.1,0.2,0.2,0.2,0.2}>>
!rq = tensor<1x8x2x!quant.uniform<i8:f32, 0.05>>
func.func @lstm_quantized_weights(%x: tensor<3x1x2xf32>, %w: !wq, %r: !rq)
    -> tensor<1x1x2xf32> {
  %y, %yh, %yc = rnn.lstm %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, !wq, !rq
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}

// -----

// CHECK-LABEL: func.func @cells
// CHECK: rnn.lstm_cell %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} bias(%{{[a-z0-9_]+}} : tensor<80xf32>) peepholes(%{{[a-z0-9_]+}} : tensor<60xf32>)
// CHECK-SAME: clip = 2.000000e+00 input_forget
// CHECK: rnn.gru_cell %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} bias(%{{[a-z0-9_]+}} : tensor<60xf32>)
// CHECK-SAME: linear_before_reset
// CHECK: rnn.rnn_cell %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} activations = [#rnn.act<relu>]
func.func @cells(%xg4: tensor<2x80xf32>, %xg3: tensor<2x60xf32>,
    %xg1: tensor<2x20xf32>, %h: tensor<2x20xf32>, %c: tensor<2x20xf32>,
    %r4: tensor<80x20xf32>, %r3: tensor<60x20xf32>, %r1: tensor<20x20xf32>,
    %b4: tensor<80xf32>, %b3: tensor<60xf32>, %p: tensor<60xf32>) {
  %h1, %c1 = rnn.lstm_cell %xg4, %h, %c, %r4 bias(%b4 : tensor<80xf32>)
      peepholes(%p : tensor<60xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      clip = 2.0 input_forget
      : tensor<2x80xf32>, tensor<2x20xf32>, tensor<2x20xf32>, tensor<80x20xf32>
      -> tensor<2x20xf32>, tensor<2x20xf32>
  %h2 = rnn.gru_cell %xg3, %h, %r3 bias(%b3 : tensor<60xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<2x60xf32>, tensor<2x20xf32>, tensor<60x20xf32> -> tensor<2x20xf32>
  %h3 = rnn.rnn_cell %xg1, %h, %r1 activations = [#rnn.act<relu>]
      : tensor<2x20xf32>, tensor<2x20xf32>, tensor<20x20xf32> -> tensor<2x20xf32>
  return
}
