// LSTM, bidirectional, with bias and initial h / c; the backward direction
// uses its own activation functions (hard_sigmoid, softsign, tanh).
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @lstm_bidirectional(%x: tensor<3x2x3xf32>, %w: tensor<2x12x3xf32>, %r: tensor<2x12x3xf32>, %b: tensor<2x24xf32>, %h0: tensor<2x2x3xf32>, %c0: tensor<2x2x3xf32>)
    -> (tensor<3x2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<2x24xf32>) initial_h(%h0 : tensor<2x2x3xf32>) initial_c(%c0 : tensor<2x2x3xf32>)
      bidirectional hidden_size = 3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>, #rnn.act<hard_sigmoid, alpha = 0.3, beta = 0.4>, #rnn.act<softsign>, #rnn.act<tanh>]
      : tensor<3x2x3xf32>, tensor<2x12x3xf32>, tensor<2x12x3xf32>
      -> tensor<3x2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>
  return %y, %yh, %yc : tensor<3x2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[0.69, -0.56, 0.48], [-0.81, -0.37, 0.03]], [[-0.02, 0.97, -0.62], [-0.69, -0.03, 0.92]], [[-0.24, -0.25, -0.88], [0.89, -0.4, -0.21]]]> : tensor<3x2x3xf32>
  %c0a_w = arith.constant dense<[[[-0.1, -0.9, 0.05], [-0.16, -0.05, 0.67], [-0.3, 0.3, -0.22], [-0.42, -0.86, -0.1], [0.09, -0.38, -0.03], [0.2, -0.75, 0.95], [0.18, 0.77, -0.51], [-0.41, -0.61, -0.12], [-0.15, -0.83, -0.1], [0.35, 0.29, -0.95], [0.29, -0.05, 0.57], [0.01, 0.13, 0.11]], [[-0.02, -0.35, -0.11], [-0.53, -0.72, 0.56], [0.92, 0.01, 0.76], [0.49, -0.28, -0.68], [-0.08, 0.44, 0.04], [-0.17, 0.54, -0.27], [-0.86, 0.65, 0.75], [0.65, -0.15, -0.92], [-0.46, -0.05, 0.48], [0.77, 0.55, -0.59], [0.62, 0.07, 0.21], [0.44, -0.78, 0.61]]]> : tensor<2x12x3xf32>
  %c0a_r = arith.constant dense<[[[-0.61, -1.0, 0.06], [-0.91, -0.75, 0.05], [-0.79, 0.11, 0.78], [-0.46, 0.67, -0.64], [0.12, 0.71, -0.5], [-0.89, -0.89, -0.34], [-0.09, -0.77, 0.91], [-0.1, -0.52, 0.93], [-0.16, 0.78, -0.17], [-0.89, -0.75, -0.21], [-0.62, 0.13, 0.14], [-0.66, -0.35, 0.12]], [[0.48, 0.74, 0.82], [-0.19, -0.94, -0.87], [0.85, -0.81, 0.45], [-0.04, 0.1, -0.89], [0.4, 0.19, 0.25], [-0.67, 0.67, 0.46], [0.82, -0.63, -0.97], [-0.49, 0.01, -0.01], [-0.18, 0.11, -0.76], [-0.42, -0.43, -0.14], [0.35, -0.09, 0.3], [0.01, -0.2, 0.26]]]> : tensor<2x12x3xf32>
  %c0a_b = arith.constant dense<[[-0.18, 0.88, 0.76, -0.77, 0.85, 0.63, 0.42, -0.59, 0.11, -0.11, 0.64, 0.16, 0.36, 0.29, -0.85, 0.04, 0.59, 0.35, -0.33, -0.31, 0.1, 0.16, -0.74, -0.46], [0.79, 0.69, 0.08, 0.14, 0.3, 0.3, -0.89, 0.89, 0.2, -0.9, 0.24, 0.31, 0.79, -0.12, -0.66, 0.56, -0.2, -0.9, -0.56, -0.7, -0.89, -0.58, 0.66, 0.11]]> : tensor<2x24xf32>
  %c0a_h0 = arith.constant dense<[[[0.65, 0.57, -0.49], [0.73, 0.72, -0.25]], [[0.71, 0.51, 0.09], [-0.81, 0.57, 0.84]]]> : tensor<2x2x3xf32>
  %c0a_c0 = arith.constant dense<[[[0.2, 0.83, 0.51], [0.76, -0.95, 0.62]], [[-0.84, -0.38, 0.53], [-0.67, -0.13, -0.88]]]> : tensor<2x2x3xf32>
  %c0a_y, %c0a_yh, %c0a_yc = call @lstm_bidirectional(%c0a_x, %c0a_w, %c0a_r, %c0a_b, %c0a_h0, %c0a_c0)
      : (tensor<3x2x3xf32>, tensor<2x12x3xf32>, tensor<2x12x3xf32>, tensor<2x24xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>) -> (tensor<3x2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>)
  %c0a_y_k = arith.constant dense<1000.0> : tensor<3x2x2x3xf32>
  %c0a_y_m = arith.mulf %c0a_y, %c0a_y_k : tensor<3x2x2x3xf32>
  %c0a_y_r = math.round %c0a_y_m : tensor<3x2x2x3xf32>
  %c0a_y_q = arith.divf %c0a_y_r, %c0a_y_k : tensor<3x2x2x3xf32>
  %c0a_y_u = tensor.cast %c0a_y_q : tensor<3x2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_y_u) : (tensor<*xf32>) -> ()
  %c0a_yh_k = arith.constant dense<1000.0> : tensor<2x2x3xf32>
  %c0a_yh_m = arith.mulf %c0a_yh, %c0a_yh_k : tensor<2x2x3xf32>
  %c0a_yh_r = math.round %c0a_yh_m : tensor<2x2x3xf32>
  %c0a_yh_q = arith.divf %c0a_yh_r, %c0a_yh_k : tensor<2x2x3xf32>
  %c0a_yh_u = tensor.cast %c0a_yh_q : tensor<2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yh_u) : (tensor<*xf32>) -> ()
  %c0a_yc_k = arith.constant dense<1000.0> : tensor<2x2x3xf32>
  %c0a_yc_m = arith.mulf %c0a_yc, %c0a_yc_k : tensor<2x2x3xf32>
  %c0a_yc_r = math.round %c0a_yc_m : tensor<2x2x3xf32>
  %c0a_yc_q = arith.divf %c0a_yc_r, %c0a_yc_k : tensor<2x2x3xf32>
  %c0a_yc_u = tensor.cast %c0a_yc_q : tensor<2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yc_u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [3, 2, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.135, 0.118, 0.159],
// CHECK-NEXT: [-0.082, -0.465, 0.091]],
// CHECK-NEXT: {{\[\[}}-0.327, 0.13, 0.025],
// CHECK-NEXT: [-0.299, 0.106, 0.01]]],
// CHECK-NEXT: {{\[\[\[}}-0.001, -0.163, -0.011],
// CHECK-NEXT: [-0.135, -0.019, 0.089]],
// CHECK-NEXT: {{\[\[}}-0.133, 0.034, 0.002],
// CHECK-NEXT: [-0.191, 0.127, 0.028]]],
// CHECK-NEXT: {{\[\[\[}}0.162, -0.365, -0.121],
// CHECK-NEXT: [0.02, 0.086, -0.04]],
// CHECK-NEXT: {{\[\[}}-0.431, -0.04, 0.007],
// CHECK-NEXT: [-0.275, -0.009, 0.052]]]]
// CHECK: rank = 3 offset = 0 sizes = [2, 2, 3]
// CHECK-NEXT: {{\[\[\[}}0.162, -0.365, -0.121],
// CHECK-NEXT: [0.02, 0.086, -0.04]],
// CHECK-NEXT: {{\[\[}}-0.327, 0.13, 0.025],
// CHECK-NEXT: [-0.299, 0.106, 0.01]]]
// CHECK: rank = 3 offset = 0 sizes = [2, 2, 3]
// CHECK-NEXT: {{\[\[\[}}0.437, -0.488, -0.202],
// CHECK-NEXT: [0.063, 0.104, -0.051]],
// CHECK-NEXT: {{\[\[}}-0.541, 0.413, 0.286],
// CHECK-NEXT: [-0.665, 0.281, 0.038]]]
