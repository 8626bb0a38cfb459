// LSTM, forward, with bias and initial h / c.
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @lstm_forward(%x: tensor<3x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x3xf32>, %b: tensor<1x24xf32>, %h0: tensor<1x2x3xf32>, %c0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x24xf32>) initial_h(%h0 : tensor<1x2x3xf32>) initial_c(%c0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh, %yc : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[0.23, -0.97, -0.62], [0.72, -0.85, -0.6]], [[0.26, -0.8, -0.7], [-0.64, -0.74, 0.97]], [[0.53, -0.49, -0.02], [-0.58, -0.28, 0.83]]]> : tensor<3x2x3xf32>
  %c0a_w = arith.constant dense<[[[-0.87, -0.6, -0.47], [0.91, 0.57, -0.78], [0.78, -0.24, -0.34], [-0.86, -0.26, 0.96], [-0.22, -0.24, -0.22], [-0.91, -0.28, -0.75], [-0.83, -0.46, -0.2], [0.44, -0.59, 0.65], [-0.54, -0.13, 0.02], [0.61, -0.21, 0.57], [0.38, -0.19, 0.25], [-0.8, -0.13, -0.79]]]> : tensor<1x12x3xf32>
  %c0a_r = arith.constant dense<[[[-0.69, 0.3, 0.35], [-0.2, 0.95, 0.49], [-0.95, -0.78, -0.49], [0.07, -0.28, 0.11], [0.05, 0.85, 0.32], [0.64, -0.38, 0.12], [0.93, 0.45, -0.62], [0.02, -0.75, -0.24], [0.33, -0.48, 0.33], [-0.34, 0.29, -0.05], [0.1, 0.93, 0.56], [0.0, -0.16, 0.65]]]> : tensor<1x12x3xf32>
  %c0a_b = arith.constant dense<[[-0.8, 0.47, 0.38, 0.59, -0.95, -0.47, 0.6, -0.97, -0.32, 0.1, -0.58, -0.87, -0.53, -0.15, -0.38, 0.68, -0.78, -0.68, -0.95, 0.41, -0.42, -0.32, -0.29, -0.82]]> : tensor<1x24xf32>
  %c0a_h0 = arith.constant dense<[[[-0.84, -0.23, -0.05], [-0.28, -0.78, 0.32]]]> : tensor<1x2x3xf32>
  %c0a_c0 = arith.constant dense<[[[-0.1, 0.75, 0.46], [-0.63, -0.52, -0.1]]]> : tensor<1x2x3xf32>
  %c0a_y, %c0a_yh, %c0a_yc = call @lstm_forward(%c0a_x, %c0a_w, %c0a_r, %c0a_b, %c0a_h0, %c0a_c0)
      : (tensor<3x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x3xf32>, tensor<1x24xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  %c0a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c0a_y_m = arith.mulf %c0a_y, %c0a_y_k : tensor<3x1x2x3xf32>
  %c0a_y_r = math.round %c0a_y_m : tensor<3x1x2x3xf32>
  %c0a_y_q = arith.divf %c0a_y_r, %c0a_y_k : tensor<3x1x2x3xf32>
  %c0a_y_u = tensor.cast %c0a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_y_u) : (tensor<*xf32>) -> ()
  %c0a_yh_k = arith.constant dense<1000.0> : tensor<1x2x3xf32>
  %c0a_yh_m = arith.mulf %c0a_yh, %c0a_yh_k : tensor<1x2x3xf32>
  %c0a_yh_r = math.round %c0a_yh_m : tensor<1x2x3xf32>
  %c0a_yh_q = arith.divf %c0a_yh_r, %c0a_yh_k : tensor<1x2x3xf32>
  %c0a_yh_u = tensor.cast %c0a_yh_q : tensor<1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yh_u) : (tensor<*xf32>) -> ()
  %c0a_yc_k = arith.constant dense<1000.0> : tensor<1x2x3xf32>
  %c0a_yc_m = arith.mulf %c0a_yc, %c0a_yc_k : tensor<1x2x3xf32>
  %c0a_yc_r = math.round %c0a_yc_m : tensor<1x2x3xf32>
  %c0a_yc_q = arith.divf %c0a_yc_r, %c0a_yc_k : tensor<1x2x3xf32>
  %c0a_yc_u = tensor.cast %c0a_yc_q : tensor<1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yc_u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.023, -0.019, -0.133],
// CHECK-NEXT: [-0.102, -0.071, -0.179]]],
// CHECK-NEXT: {{\[\[\[}}-0.066, -0.085, -0.219],
// CHECK-NEXT: [-0.054, -0.079, -0.146]]],
// CHECK-NEXT: {{\[\[\[}}-0.002, -0.076, -0.126],
// CHECK-NEXT: [-0.037, -0.061, -0.133]]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.002, -0.076, -0.126],
// CHECK-NEXT: [-0.037, -0.061, -0.133]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.003, -0.647, -0.869],
// CHECK-NEXT: [-0.04, -0.474, -0.648]]]
