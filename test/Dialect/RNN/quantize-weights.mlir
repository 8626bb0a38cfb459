// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int8 | FileCheck %s --check-prefix=INT8
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=bf16 | FileCheck %s --check-prefix=BF16
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 exclude=layer0" | FileCheck %s --check-prefix=EXCL

// One RNN layer (H = 2, I = 2) with constant weights chosen so that the
// per-row scales are exact: max|row| / 127.
//   W rows [1.27, -0.635] and [0.5, 0.25]: scales 0.01 and 0.5/127,
//   q = [127, -64] (-63.5 rounds to even) and [127, 64] (63.5 -> 64).
//   R rows [0.254, 0.1] and [0, 0]: scale 0.002, q = [127, 50];
//   the all-zero row gets scale 1 and zeros.
// The cell op takes R as the per-axis quantized tensor; the projection
// matmul (rnn.input_projection) reads W through quant.dcast.

// INT8-LABEL: func.func @rnn_layer
// INT8-DAG: %[[WQ:.*]] = arith.constant dense<{{\[}}[127, -64], [127, 64]]> : tensor<2x2xi8>
// INT8-DAG: %[[W:.*]] = quant.scast %[[WQ]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {0.0099999998{{[0-9]+}},0.003937007874015748}>>
// INT8-DAG: %[[RQ:.*]] = arith.constant dense<{{\[}}[127, 50], [0, 0]]> : tensor<2x2xi8>
// INT8-DAG: %[[R:.*]] = quant.scast %[[RQ]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {0.0020000000{{[0-9]+}},1.000000e+00}>>
// INT8: %[[WF:.*]] = quant.dcast %[[W]] : {{.*}} to tensor<2x2xf32>
// INT8: linalg.matmul {{.*}} {rnn.input_projection} ins(%{{.*}}, %[[WF]] : tensor<3x2xf32>, tensor<2x2xf32>)
// INT8: scf.for
// INT8: rnn.rnn_cell %{{.*}}, %{{.*}}, %[[R]] activations
// INT8-SAME: tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {0.0020000000{{[0-9]+}},1.000000e+00}>> -> tensor<1x2xf32>

// BF16-LABEL: func.func @rnn_layer
// BF16-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[1.273440e+00, -6.367190e-01], [5.000000e-01, 2.500000e-01]]> : tensor<2x2xbf16>
// BF16-DAG: %[[R:.*]] = arith.constant dense<{{\[}}[2.539060e-01, 1.000980e-01], [0.000000e+00, 0.000000e+00]]> : tensor<2x2xbf16>
// BF16: %[[WF:.*]] = arith.extf %[[W]] : tensor<2x2xbf16> to tensor<2x2xf32>
// BF16: linalg.matmul {{.*}} {rnn.input_projection} ins(%{{.*}}, %[[WF]] : tensor<3x2xf32>, tensor<2x2xf32>)
// BF16: rnn.rnn_cell %{{.*}}, %{{.*}}, %[[R]] activations
// BF16-SAME: tensor<2x2xbf16> -> tensor<1x2xf32>

// EXCL-LABEL: func.func @rnn_layer
// EXCL-NOT: quant.
// EXCL: rnn.rnn_cell {{.*}} tensor<2x2xf32> -> tensor<1x2xf32>
func.func @rnn_layer(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.27, -0.635], [0.5, 0.25]]]> : tensor<1x2x2xf32>
  %r = arith.constant dense<[[[0.254, 0.1], [0.0, 0.0]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("layer0")
  return %yh : tensor<1x1x2xf32>
}

// -----

// Weights that are graph inputs stay f32 (nothing to quantize at compile
// time); the layer still counts as recurrent, so this is not an error.
// INT8-LABEL: func.func @weights_as_inputs
// INT8-NOT: quant.
// INT8: rnn.gru_cell {{.*}} tensor<3x1xf32> -> tensor<1x1xf32>
// BF16-LABEL: func.func @weights_as_inputs
// BF16-NOT: bf16
// EXCL-LABEL: func.func @weights_as_inputs
func.func @weights_as_inputs(%x: tensor<2x1x1xf32>, %w: tensor<1x3x1xf32>,
    %r: tensor<1x3x1xf32>) -> tensor<1x1x1xf32> {
  %y, %yh = rnn.gru %x, %w, %r forward hidden_size = 1
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<2x1x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>
      -> tensor<2x1x1x1xf32>, tensor<1x1x1xf32> loc("layer0")
  return %yh : tensor<1x1x1xf32>
}
