// RUN: rnn-opt %s -split-input-file --convert-rnn-to-linalg -verify-diagnostics
// Cells whose recurrent weights the lowering does not handle are reported.

// Sparse R on an RNN cell.
#sparse = #sparse_tensor.encoding<{map = (d0, d1) -> (d0 : dense, d1 : compressed)}>
func.func @rnn_cell_sparse(%xg: tensor<1x2xf32>, %h: tensor<1x2xf32>,
    %r: tensor<2x2xf32, #sparse>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'rnn.rnn_cell' op with sparse weights cannot be lowered yet}}
  %h1 = rnn.rnn_cell %xg, %h, %r activations = [#rnn.act<tanh>]
      : tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32, #sparse> -> tensor<1x2xf32>
  return %h1 : tensor<1x2xf32>
}
