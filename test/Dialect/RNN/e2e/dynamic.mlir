// LSTM with dynamic sequence length and batch (tensor<?x?x3xf32>), called
// with T = 4, N = 2 and with T = 2, N = 3, with sequence_lens.
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @lstm_dynamic(%x: tensor<?x?x3xf32>, %w: tensor<1x8x3xf32>, %r: tensor<1x8x2xf32>, %b: tensor<1x16xf32>, %l: tensor<?xi32>, %h0: tensor<1x?x2xf32>, %c0: tensor<1x?x2xf32>)
    -> (tensor<?x1x?x2xf32>, tensor<1x?x2xf32>, tensor<1x?x2xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x16xf32>) sequence_lens(%l : tensor<?xi32>) initial_h(%h0 : tensor<1x?x2xf32>) initial_c(%c0 : tensor<1x?x2xf32>)
      forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<?x?x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>
      -> tensor<?x1x?x2xf32>, tensor<1x?x2xf32>, tensor<1x?x2xf32>
  return %y, %yh, %yc : tensor<?x1x?x2xf32>, tensor<1x?x2xf32>, tensor<1x?x2xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[0.74, -0.43, 0.21], [0.56, 0.43, 0.83]], [[0.72, 0.84, -0.95], [-0.13, -0.03, -0.87]], [[-0.99, 0.66, 0.97], [0.57, -0.37, 0.41]], [[-0.4, 0.48, -0.44], [0.57, 0.98, 0.97]]]> : tensor<4x2x3xf32>
  %c0a_x_d = tensor.cast %c0a_x : tensor<4x2x3xf32> to tensor<?x?x3xf32>
  %c0a_w = arith.constant dense<[[[0.77, 0.83, 0.42], [0.11, 0.85, -0.82], [-0.26, 0.21, -0.04], [0.59, -0.61, -0.88], [-0.75, 0.93, -0.73], [-0.55, -0.25, 0.25], [0.56, -0.84, 0.86], [0.53, -0.36, -0.62]]]> : tensor<1x8x3xf32>
  %c0a_r = arith.constant dense<[[[0.19, 0.19], [-0.47, -0.66], [0.53, 0.35], [0.6, -0.56], [0.45, -0.85], [-0.99, -0.64], [0.56, 0.08], [0.23, 0.19]]]> : tensor<1x8x2xf32>
  %c0a_b = arith.constant dense<[[0.27, -0.35, 0.44, -0.97, -0.25, -0.89, -0.75, 0.81, 0.21, 0.58, 0.21, 0.14, 0.59, 0.25, 0.02, 0.11]]> : tensor<1x16xf32>
  %c0a_l = arith.constant dense<[4, 2]> : tensor<2xi32>
  %c0a_l_d = tensor.cast %c0a_l : tensor<2xi32> to tensor<?xi32>
  %c0a_h0 = arith.constant dense<[[[0.14, -0.32], [0.34, -0.19]]]> : tensor<1x2x2xf32>
  %c0a_h0_d = tensor.cast %c0a_h0 : tensor<1x2x2xf32> to tensor<1x?x2xf32>
  %c0a_c0 = arith.constant dense<[[[0.31, -0.03], [0.5, 0.39]]]> : tensor<1x2x2xf32>
  %c0a_c0_d = tensor.cast %c0a_c0 : tensor<1x2x2xf32> to tensor<1x?x2xf32>
  %c0a_y, %c0a_yh, %c0a_yc = call @lstm_dynamic(%c0a_x_d, %c0a_w, %c0a_r, %c0a_b, %c0a_l_d, %c0a_h0_d, %c0a_c0_d)
      : (tensor<?x?x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>, tensor<1x16xf32>, tensor<?xi32>, tensor<1x?x2xf32>, tensor<1x?x2xf32>) -> (tensor<?x1x?x2xf32>, tensor<1x?x2xf32>, tensor<1x?x2xf32>)
  %c0a_y_s = tensor.cast %c0a_y : tensor<?x1x?x2xf32> to tensor<4x1x2x2xf32>
  %c0a_y_k = arith.constant dense<1000.0> : tensor<4x1x2x2xf32>
  %c0a_y_m = arith.mulf %c0a_y_s, %c0a_y_k : tensor<4x1x2x2xf32>
  %c0a_y_r = math.round %c0a_y_m : tensor<4x1x2x2xf32>
  %c0a_y_q = arith.divf %c0a_y_r, %c0a_y_k : tensor<4x1x2x2xf32>
  %c0a_y_u = tensor.cast %c0a_y_q : tensor<4x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_y_u) : (tensor<*xf32>) -> ()
  %c0a_yh_s = tensor.cast %c0a_yh : tensor<1x?x2xf32> to tensor<1x2x2xf32>
  %c0a_yh_k = arith.constant dense<1000.0> : tensor<1x2x2xf32>
  %c0a_yh_m = arith.mulf %c0a_yh_s, %c0a_yh_k : tensor<1x2x2xf32>
  %c0a_yh_r = math.round %c0a_yh_m : tensor<1x2x2xf32>
  %c0a_yh_q = arith.divf %c0a_yh_r, %c0a_yh_k : tensor<1x2x2xf32>
  %c0a_yh_u = tensor.cast %c0a_yh_q : tensor<1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yh_u) : (tensor<*xf32>) -> ()
  %c0a_yc_s = tensor.cast %c0a_yc : tensor<1x?x2xf32> to tensor<1x2x2xf32>
  %c0a_yc_k = arith.constant dense<1000.0> : tensor<1x2x2xf32>
  %c0a_yc_m = arith.mulf %c0a_yc_s, %c0a_yc_k : tensor<1x2x2xf32>
  %c0a_yc_r = math.round %c0a_yc_m : tensor<1x2x2xf32>
  %c0a_yc_q = arith.divf %c0a_yc_r, %c0a_yc_k : tensor<1x2x2xf32>
  %c0a_yc_u = tensor.cast %c0a_yc_q : tensor<1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yc_u) : (tensor<*xf32>) -> ()
  %c0b_x = arith.constant dense<[[[-0.81, 0.07, 0.84], [0.96, 0.7, 0.49], [-0.18, 0.13, -0.83]], [[0.29, -0.48, 0.75], [-0.92, 0.98, 0.39], [0.7, 0.42, -0.86]]]> : tensor<2x3x3xf32>
  %c0b_x_d = tensor.cast %c0b_x : tensor<2x3x3xf32> to tensor<?x?x3xf32>
  %c0b_w = arith.constant dense<[[[-0.77, -0.66, 0.94], [0.78, -0.78, -0.95], [-0.35, -0.18, -0.47], [-0.77, -0.82, -0.16], [0.57, 0.43, -0.21], [-0.13, 0.43, -0.79], [-0.55, -0.73, -0.5], [0.15, -0.45, 0.95]]]> : tensor<1x8x3xf32>
  %c0b_r = arith.constant dense<[[[0.17, 0.84], [0.6, 0.42], [0.61, 0.22], [-0.28, -0.11], [0.57, -0.91], [0.54, 0.76], [0.89, 0.75], [-0.32, -0.79]]]> : tensor<1x8x2xf32>
  %c0b_b = arith.constant dense<[[0.93, 0.6, 0.34, 0.3, 0.05, 0.0, 0.58, 0.93, -0.71, -0.14, -0.58, 0.58, -0.43, -0.8, -0.0, 0.12]]> : tensor<1x16xf32>
  %c0b_l = arith.constant dense<[1, 2, 2]> : tensor<3xi32>
  %c0b_l_d = tensor.cast %c0b_l : tensor<3xi32> to tensor<?xi32>
  %c0b_h0 = arith.constant dense<[[[0.7, 0.19], [0.69, -0.55], [0.96, -0.14]]]> : tensor<1x3x2xf32>
  %c0b_h0_d = tensor.cast %c0b_h0 : tensor<1x3x2xf32> to tensor<1x?x2xf32>
  %c0b_c0 = arith.constant dense<[[[0.2, -0.68], [0.16, -0.65], [-0.13, -0.31]]]> : tensor<1x3x2xf32>
  %c0b_c0_d = tensor.cast %c0b_c0 : tensor<1x3x2xf32> to tensor<1x?x2xf32>
  %c0b_y, %c0b_yh, %c0b_yc = call @lstm_dynamic(%c0b_x_d, %c0b_w, %c0b_r, %c0b_b, %c0b_l_d, %c0b_h0_d, %c0b_c0_d)
      : (tensor<?x?x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>, tensor<1x16xf32>, tensor<?xi32>, tensor<1x?x2xf32>, tensor<1x?x2xf32>) -> (tensor<?x1x?x2xf32>, tensor<1x?x2xf32>, tensor<1x?x2xf32>)
  %c0b_y_s = tensor.cast %c0b_y : tensor<?x1x?x2xf32> to tensor<2x1x3x2xf32>
  %c0b_y_k = arith.constant dense<1000.0> : tensor<2x1x3x2xf32>
  %c0b_y_m = arith.mulf %c0b_y_s, %c0b_y_k : tensor<2x1x3x2xf32>
  %c0b_y_r = math.round %c0b_y_m : tensor<2x1x3x2xf32>
  %c0b_y_q = arith.divf %c0b_y_r, %c0b_y_k : tensor<2x1x3x2xf32>
  %c0b_y_u = tensor.cast %c0b_y_q : tensor<2x1x3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0b_y_u) : (tensor<*xf32>) -> ()
  %c0b_yh_s = tensor.cast %c0b_yh : tensor<1x?x2xf32> to tensor<1x3x2xf32>
  %c0b_yh_k = arith.constant dense<1000.0> : tensor<1x3x2xf32>
  %c0b_yh_m = arith.mulf %c0b_yh_s, %c0b_yh_k : tensor<1x3x2xf32>
  %c0b_yh_r = math.round %c0b_yh_m : tensor<1x3x2xf32>
  %c0b_yh_q = arith.divf %c0b_yh_r, %c0b_yh_k : tensor<1x3x2xf32>
  %c0b_yh_u = tensor.cast %c0b_yh_q : tensor<1x3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0b_yh_u) : (tensor<*xf32>) -> ()
  %c0b_yc_s = tensor.cast %c0b_yc : tensor<1x?x2xf32> to tensor<1x3x2xf32>
  %c0b_yc_k = arith.constant dense<1000.0> : tensor<1x3x2xf32>
  %c0b_yc_m = arith.mulf %c0b_yc_s, %c0b_yc_k : tensor<1x3x2xf32>
  %c0b_yc_r = math.round %c0b_yc_m : tensor<1x3x2xf32>
  %c0b_yc_q = arith.divf %c0b_yc_r, %c0b_yc_k : tensor<1x3x2xf32>
  %c0b_yc_u = tensor.cast %c0b_yc_q : tensor<1x3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0b_yc_u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [4, 1, 2, 2]
// CHECK-NEXT: {{\[\[\[\[}}0.172, 0.187],
// CHECK-NEXT: [0.221, 0.08]]],
// CHECK-NEXT: {{\[\[\[}}-0.333, 0.327],
// CHECK-NEXT: [-0.135, 0.298]]],
// CHECK-NEXT: {{\[\[\[}}-0.507, 0.011],
// CHECK-NEXT: [0, 0]]],
// CHECK-NEXT: {{\[\[\[}}-0.544, 0.112],
// CHECK-NEXT: [0, 0]]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 2]
// CHECK-NEXT: {{\[\[\[}}-0.544, 0.112],
// CHECK-NEXT: [-0.135, 0.298]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 2]
// CHECK-NEXT: {{\[\[\[}}-1.22, 0.571],
// CHECK-NEXT: [-0.194, 0.703]]]
// CHECK: rank = 4 offset = 0 sizes = [2, 1, 3, 2]
// CHECK-NEXT: {{\[\[\[\[}}0.354, 0.084],
// CHECK-NEXT: [-0.004, 0.124],
// CHECK-NEXT: [0.188, -0.135]]],
// CHECK-NEXT: {{\[\[\[}}0, 0],
// CHECK-NEXT: [0.074, 0.18],
// CHECK-NEXT: [0.119, 0.032]]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 3, 2]
// CHECK-NEXT: {{\[\[\[}}0.354, 0.084],
// CHECK-NEXT: [0.074, 0.18],
// CHECK-NEXT: [0.119, 0.032]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 3, 2]
// CHECK-NEXT: {{\[\[\[}}0.814, 0.112],
// CHECK-NEXT: [0.171, 0.275],
// CHECK-NEXT: [0.253, 0.061]]]
