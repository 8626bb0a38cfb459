// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int8 2>/dev/null | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int8 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN

// Weights imported from integer data (the ONNX importer's rnn.w_scales /
// rnn.r_scales and zero points, one per row of [D * G*H]) are taken over as
// they are: q = w / s - (nothing, the importer already subtracted the zero
// point) with the model's own scales, even where a row does not reach
// +-127. (Re-quantizing per row would give W [[76, -127], [127, 0]].)
// rnn-expand-sequences moves each direction's slice onto the projection
// matmul and the cell op.
//   W = [[3, -5], [7, 0]] * 0.0625 (per tensor),
//   R = [[4, -2], [-128, 1]] * [0.0625, 0.125] (per row; -128 widens the
//   storage range to i8<-128:127>).
// CHECK-LABEL: func.func @imported
// CHECK-DAG: %[[WQ:.*]] = arith.constant dense<{{\[}}[3, -5], [7, 0]]> : tensor<2x2xi8>
// CHECK-DAG: quant.scast %[[WQ]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {6.250000e-02,6.250000e-02}>>
// CHECK-DAG: %[[RQ:.*]] = arith.constant dense<{{\[}}[4, -2], [-128, 1]]> : tensor<2x2xi8>
// CHECK-DAG: quant.scast %[[RQ]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32:0, {6.250000e-02,1.250000e-01}>>
// CHECK: linalg.matmul {{.*}}rnn.weight_scales = array<f64: 6.250000e-02, 6.250000e-02>
// CHECK: rnn.rnn_cell {{.*}}rnn.weight_scales = array<f64: 6.250000e-02, 1.250000e-01>
func.func @imported(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[0.1875, -0.3125], [0.4375, 0.0]]]> : tensor<1x2x2xf32>
  %r = arith.constant dense<[[[0.25, -0.125], [-16.0, 0.125]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      {rnn.w_scales = array<f64: 0.0625, 0.0625>, rnn.w_zero_points = array<i64: 0, 0>,
       rnn.r_scales = array<f64: 0.0625, 0.125>, rnn.r_zero_points = array<i64: 0, 0>}
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("layer0")
  return %yh : tensor<1x1x2xf32>
}

// -----

// uint8 data with zero point 0 (q = 200 after removing it) does not fit
// int8: a warning naming the layer, and per-row re-quantization.
// WARN: warning: loc("layer1"): imported integer weights W of layer 'layer1' do not fit signed int8 once their zero point is removed; they are re-quantized per row
// WARN-NOT: warning
// CHECK-LABEL: func.func @too_wide
// CHECK-DAG: arith.constant dense<{{\[}}[127, 63]]> : tensor<1x2xi8>
func.func @too_wide(%x: tensor<3x1x2xf32>) -> tensor<1x1x1xf32> {
  %w = arith.constant dense<[[[12.5, 6.25]]]> : tensor<1x1x2xf32>
  %r = arith.constant dense<[[[0.0625]]]> : tensor<1x1x1xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 1
      activations = [#rnn.act<tanh>]
      {rnn.w_scales = array<f64: 0.0625>, rnn.w_zero_points = array<i64: 0>,
       rnn.r_scales = array<f64: 0.0625>, rnn.r_zero_points = array<i64: 0>}
      : tensor<3x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x1xf32>
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32> loc("layer1")
  return %yh : tensor<1x1x1xf32>
}
