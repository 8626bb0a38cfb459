// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences -verify-diagnostics
// Weights the expansion does not handle are reported on the sequence op.

// Per-axis quantized W.
!wq = tensor<1x8x2x!quant.uniform<i8:f32:1, {0.1,0.1,0.1,0.1,0.2,0.2,0.2,0.2}>>
func.func @lstm_quantized_w(%x: tensor<3x1x2xf32>, %w: !wq,
    %r: tensor<1x8x2xf32>) -> tensor<1x1x2xf32> {
  // expected-error @+1 {{'rnn.lstm' op with quantized or sparse weights cannot be expanded yet}}
  %y, %yh, %yc = rnn.lstm %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, !wq, tensor<1x8x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}

// -----

// Per-tensor quantized R.
!rq = tensor<1x6x2x!quant.uniform<i8:f32, 0.05>>
func.func @gru_quantized_r(%x: tensor<3x1x2xf32>, %w: tensor<1x6x2xf32>,
    %r: !rq) -> tensor<1x1x2xf32> {
  // expected-error @+1 {{'rnn.gru' op with quantized or sparse weights cannot be expanded yet}}
  %y, %yh = rnn.gru %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x6x2xf32>, !rq
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}

// -----

// Sparse R.
#sparse = #sparse_tensor.encoding<{map = (d0, d1, d2) -> (d0 : dense, d1 : dense, d2 : compressed)}>
func.func @rnn_sparse_r(%x: tensor<3x1x2xf32>, %w: tensor<1x2x2xf32>,
    %r: tensor<1x2x2xf32, #sparse>) -> tensor<1x1x2xf32> {
  // expected-error @+1 {{'rnn.rnn' op with quantized or sparse weights cannot be expanded yet}}
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32, #sparse>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}

// -----

// Every unsupported op is reported, not only the first one.
!rq = tensor<1x2x2x!quant.uniform<i8:f32, 0.05>>
func.func @two_ops(%x: tensor<3x1x2xf32>, %w: tensor<1x2x2xf32>, %r: !rq)
    -> (tensor<1x1x2xf32>, tensor<1x1x2xf32>) {
  // expected-error @+1 {{'rnn.rnn' op with quantized or sparse weights cannot be expanded yet}}
  %y0, %yh0 = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, !rq
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  // expected-error @+1 {{'rnn.rnn' op with quantized or sparse weights cannot be expanded yet}}
  %y1, %yh1 = rnn.rnn %x, %w, %r reverse hidden_size = 2
      activations = [#rnn.act<relu>]
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, !rq
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  return %yh0, %yh1 : tensor<1x1x2xf32>, tensor<1x1x2xf32>
}
