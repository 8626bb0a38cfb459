// RUN: rnn-opt %s -split-input-file --convert-rnn-to-linalg -verify-diagnostics
// Cells whose recurrent weights the lowering does not handle are reported.

// Per-axis quantized R on an LSTM cell.
!rq = tensor<8x2x!quant.uniform<i8:f32:0, {0.1,0.1,0.1,0.1,0.2,0.2,0.2,0.2}>>
func.func @lstm_cell_quantized(%xg: tensor<1x8xf32>, %h: tensor<1x2xf32>,
    %c: tensor<1x2xf32>, %r: !rq) -> tensor<1x2xf32> {
  // expected-error @+1 {{'rnn.lstm_cell' op with quantized or sparse weights cannot be lowered yet}}
  %h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<1x8xf32>, tensor<1x2xf32>, tensor<1x2xf32>, !rq
      -> tensor<1x2xf32>, tensor<1x2xf32>
  return %h1 : tensor<1x2xf32>
}

// -----

// Per-tensor quantized R on a GRU cell.
!rq = tensor<6x2x!quant.uniform<i8:f32, 0.05>>
func.func @gru_cell_quantized(%xg: tensor<1x6xf32>, %h: tensor<1x2xf32>,
    %r: !rq) -> tensor<1x2xf32> {
  // expected-error @+1 {{'rnn.gru_cell' op with quantized or sparse weights cannot be lowered yet}}
  %h1 = rnn.gru_cell %xg, %h, %r activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<1x6xf32>, tensor<1x2xf32>, !rq -> tensor<1x2xf32>
  return %h1 : tensor<1x2xf32>
}

// -----

// Sparse R on an RNN cell.
#sparse = #sparse_tensor.encoding<{map = (d0, d1) -> (d0 : dense, d1 : compressed)}>
func.func @rnn_cell_sparse(%xg: tensor<1x2xf32>, %h: tensor<1x2xf32>,
    %r: tensor<2x2xf32, #sparse>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'rnn.rnn_cell' op with quantized or sparse weights cannot be lowered yet}}
  %h1 = rnn.rnn_cell %xg, %h, %r activations = [#rnn.act<tanh>]
      : tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32, #sparse> -> tensor<1x2xf32>
  return %h1 : tensor<1x2xf32>
}
