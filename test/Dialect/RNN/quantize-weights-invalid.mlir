// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int8 -verify-diagnostics
// RUN: not rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 exclude=nosuchlayer" 2>&1 | FileCheck %s --check-prefix=EXCLUDE
// RUN: not rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int4 2>&1 | FileCheck %s --check-prefix=MODE

// EXCLUDE: error: rnn-quantize-weights: no recurrent layer named 'nosuchlayer'
// MODE: error: rnn-quantize-weights: mode must be int8 or bf16, got 'int4'

// No recurrent layer: nothing to quantize is an error, not a silent no-op.
// expected-error @+1 {{rnn-quantize-weights: the model has no recurrent weights to quantize}}
module {
  func.func @no_rnn(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// Non-finite weights cannot be given a scale.
module {
  func.func @nan_weights(%x: tensor<2x1x1xf32>) -> tensor<1x1x1xf32> {
    %w = arith.constant dense<[[[0x7FC00000]]]> : tensor<1x1x1xf32>
    %r = arith.constant dense<[[[0.5]]]> : tensor<1x1x1xf32>
    // expected-error @+1 {{cannot quantize weights: row 0 holds a non-finite value}}
    %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 1
        activations = [#rnn.act<tanh>]
        : tensor<2x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
        -> tensor<2x1x1x1xf32>, tensor<1x1x1xf32>
    return %yh : tensor<1x1x1xf32>
  }
}

// -----

// Weights that are graph inputs cannot be quantized at compile time: a
// warning per layer, and the layer stays f32.
module {
  func.func @weights_as_inputs(%x: tensor<2x1x1xf32>, %w: tensor<1x3x1xf32>,
      %r: tensor<1x3x1xf32>) -> tensor<1x1x1xf32> {
    // expected-warning @+1 {{recurrent weights are not compile-time constants; the layer stays f32}}
    %y, %yh = rnn.gru %x, %w, %r forward hidden_size = 1
        activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
        : tensor<2x1x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>
        -> tensor<2x1x1x1xf32>, tensor<1x1x1xf32>
    return %yh : tensor<1x1x1xf32>
  }
}
