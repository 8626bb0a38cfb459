// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 activation-ranges=2.54,0.635" | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 activation-ranges=2.54,0.635" --convert-rnn-to-linalg | FileCheck %s --check-prefix=LINALG
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 exclude=layer0 activation-ranges=0,0" | FileCheck %s --check-prefix=EXCL

// Calibrated ranges in site order (x of the projection: 2.54, h of the
// cell: 0.635) become static scales range / 127 = 0.02 and 0.005 on the
// projection matmul and the cell op; convert-rnn-to-linalg moves the cell's
// onto its recurrent matmul, where rnn-matmul-to-vector reads it.
// CHECK-LABEL: func.func @rnn_layer
// CHECK: linalg.matmul {{.*}} {rnn.activation_scale = 2.000000e-02 : f32, rnn.input_projection}
// CHECK: rnn.rnn_cell {{.*}} {rnn.activation_scale = 5.000000e-03 : f32}
// LINALG-LABEL: func.func @rnn_layer
// LINALG: linalg.matmul {{.*}} {rnn.activation_scale = 2.000000e-02 : f32, rnn.input_projection}
// LINALG: scf.for
// LINALG: linalg.matmul {{.*}} {rnn.activation_scale = 5.000000e-03 : f32}
// Excluded layers are not checked (a zero range is fine) and get no scale.
// EXCL-LABEL: func.func @rnn_layer
// EXCL-NOT: rnn.activation_scale
func.func @rnn_layer(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.27, -0.635], [0.5, 0.25]]]> : tensor<1x2x2xf32>
  %r = arith.constant dense<[[[0.254, 0.1], [0.3, 0.2]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("layer0")
  return %yh : tensor<1x1x2xf32>
}
