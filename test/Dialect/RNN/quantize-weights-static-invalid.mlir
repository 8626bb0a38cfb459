// RUN: not rnn-opt %s --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 activation-ranges=1.0" 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not rnn-opt %s --rnn-expand-sequences "--rnn-quantize-weights=mode=bf16 activation-ranges=1.0,1.0" 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not rnn-opt %s --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 activation-ranges=1.0,0" 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not rnn-opt %s --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 activation-ranges=nan,1.0" 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not rnn-opt %s --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 activation-ranges=inf,1.0" 2>&1 | FileCheck %s --check-prefix=INF

// Bad calibrated ranges for the two activation sites of one layer.
// COUNT: error: rnn-quantize-weights: 1 activation range(s) given but the model has 2 activation site(s)
// MODE: error: rnn-quantize-weights: activation-ranges needs mode=int8
// ZERO: error: loc("layer0"): calibrated range of the state h of layer 'layer0' is zero on every calibration set
// NAN: error: loc("layer0"): calibrated range of the input x of layer 'layer0' is not finite (nan): the calibration data holds NaN or infinity
// INF: error: loc("layer0"): calibrated range of the input x of layer 'layer0' is not finite (INF)
func.func @rnn_layer(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.27, -0.635], [0.5, 0.25]]]> : tensor<1x2x2xf32>
  %r = arith.constant dense<[[[0.254, 0.1], [0.3, 0.2]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("layer0")
  return %yh : tensor<1x1x2xf32>
}
