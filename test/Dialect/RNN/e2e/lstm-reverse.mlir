// LSTM, reverse, with bias, zero initial states.
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @lstm_reverse(%x: tensor<3x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x3xf32>, %b: tensor<1x24xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x24xf32>)
      reverse hidden_size = 3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh, %yc : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[-0.48, -0.4, 0.63], [-0.82, 0.2, 0.46]], [[-0.62, -0.89, -0.45], [0.31, 0.12, -0.7]], [[-0.13, 0.34, -0.15], [0.27, 0.93, 0.37]]]> : tensor<3x2x3xf32>
  %c0a_w = arith.constant dense<[[[-0.22, -0.63, -0.31], [0.02, 0.78, 0.55], [-0.36, 0.85, -0.06], [0.39, -0.79, -0.79], [-0.6, 0.77, 0.36], [0.7, 0.29, -0.19], [0.03, 0.19, 0.72], [-0.12, 0.78, 0.23], [0.66, -0.0, 0.39], [-0.32, 0.05, -0.57], [-0.8, -0.92, 0.4], [-0.09, 0.8, 0.67]]]> : tensor<1x12x3xf32>
  %c0a_r = arith.constant dense<[[[-0.23, 0.95, 0.18], [0.53, -0.19, -0.61], [-0.66, -0.64, 0.21], [-0.77, -0.96, 0.67], [-0.8, -0.1, -0.02], [0.24, 0.01, 0.87], [0.5, 0.15, 0.23], [0.01, 0.93, -0.55], [0.38, 0.11, -0.92], [-0.41, 0.85, 0.57], [-0.97, -0.41, -0.98], [0.65, -0.78, -0.89]]]> : tensor<1x12x3xf32>
  %c0a_b = arith.constant dense<[[0.96, -0.11, -0.36, -0.9, -0.22, -0.27, 0.05, -0.99, -0.7, -0.58, -0.12, -0.4, 0.23, -0.43, 0.82, 0.92, -0.88, -0.58, 0.13, 0.54, -0.87, -0.63, -0.09, 0.34]]> : tensor<1x24xf32>
  %c0a_y, %c0a_yh, %c0a_yc = call @lstm_reverse(%c0a_x, %c0a_w, %c0a_r, %c0a_b)
      : (tensor<3x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x3xf32>, tensor<1x24xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
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
// CHECK-NEXT: {{\[\[\[\[}}-0.398, 0.116, -0.029],
// CHECK-NEXT: [-0.3, 0.089, 0.033]]],
// CHECK-NEXT: {{\[\[\[}}-0.489, 0.019, -0.075],
// CHECK-NEXT: [-0.473, -0.068, -0.116]]],
// CHECK-NEXT: {{\[\[\[}}-0.239, -0.056, 0.026],
// CHECK-NEXT: [-0.143, -0.179, 0.192]]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.398, 0.116, -0.029],
// CHECK-NEXT: [-0.3, 0.089, 0.033]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-1.137, 0.318, -0.177],
// CHECK-NEXT: [-1.043, 0.171, 0.213]]]
