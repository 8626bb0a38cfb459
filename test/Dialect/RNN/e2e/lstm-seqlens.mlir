// LSTM, bidirectional, with partial sequence_lens = [3, 1, 2] (i32): Y rows
// past a sequence end are zero and Y_h / Y_c hold the last valid state.
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @lstm_seqlens(%x: tensor<3x3x2xf32>, %w: tensor<2x8x2xf32>, %r: tensor<2x8x2xf32>, %b: tensor<2x16xf32>, %l: tensor<3xi32>, %h0: tensor<2x3x2xf32>, %c0: tensor<2x3x2xf32>)
    -> (tensor<3x2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<2x16xf32>) sequence_lens(%l : tensor<3xi32>) initial_h(%h0 : tensor<2x3x2xf32>) initial_c(%c0 : tensor<2x3x2xf32>)
      bidirectional hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>, #rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x3x2xf32>, tensor<2x8x2xf32>, tensor<2x8x2xf32>
      -> tensor<3x2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>
  return %y, %yh, %yc : tensor<3x2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[-0.81, 0.92], [-0.21, 0.43], [0.64, 0.67]], [[0.65, -0.15], [0.84, 0.66], [-0.92, 0.97]], [[0.57, -0.5], [0.3, -0.01], [-1.0, 0.88]]]> : tensor<3x3x2xf32>
  %c0a_w = arith.constant dense<[[[-0.32, -0.45], [-0.52, -0.32], [0.02, 0.64], [0.26, -0.6], [0.97, -0.57], [0.21, -0.64], [0.67, -0.09], [0.09, 0.99]], [[0.99, 0.31], [0.23, 0.26], [0.54, -0.95], [0.6, -0.83], [0.52, -0.79], [-0.89, 0.68], [-0.89, -0.81], [0.29, 0.2]]]> : tensor<2x8x2xf32>
  %c0a_r = arith.constant dense<[[[0.31, 0.23], [0.72, -0.55], [-0.95, 0.68], [-0.68, -0.03], [0.31, -0.57], [0.73, -0.97], [0.27, 0.84], [-0.42, 0.11]], [[-0.75, 0.91], [-0.15, -0.64], [-0.58, -0.37], [0.57, -0.51], [0.5, 0.79], [0.58, -0.97], [0.32, -0.86], [-0.56, -0.44]]]> : tensor<2x8x2xf32>
  %c0a_b = arith.constant dense<[[-0.04, 0.64, -0.72, -0.22, -0.73, 0.39, -0.41, -0.02, 0.22, -0.46, 0.65, -0.12, 0.9, -0.1, -0.8, -0.77], [-0.51, -0.04, -0.81, -0.91, 0.49, 0.63, 0.73, 0.25, -0.19, 0.45, -0.55, -0.71, -0.37, 0.27, 0.64, -0.54]]> : tensor<2x16xf32>
  %c0a_l = arith.constant dense<[3, 1, 2]> : tensor<3xi32>
  %c0a_h0 = arith.constant dense<[[[-0.05, 0.93], [-0.95, -0.11], [0.51, -0.98]], [[0.88, -0.03], [0.67, 0.91], [0.25, -0.43]]]> : tensor<2x3x2xf32>
  %c0a_c0 = arith.constant dense<[[[-0.02, -0.36], [-0.4, -0.85], [-0.67, -0.7]], [[0.76, 0.06], [-0.19, -0.12], [-0.99, -0.12]]]> : tensor<2x3x2xf32>
  %c0a_y, %c0a_yh, %c0a_yc = call @lstm_seqlens(%c0a_x, %c0a_w, %c0a_r, %c0a_b, %c0a_l, %c0a_h0, %c0a_c0)
      : (tensor<3x3x2xf32>, tensor<2x8x2xf32>, tensor<2x8x2xf32>, tensor<2x16xf32>, tensor<3xi32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>) -> (tensor<3x2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>)
  %c0a_y_k = arith.constant dense<1000.0> : tensor<3x2x3x2xf32>
  %c0a_y_m = arith.mulf %c0a_y, %c0a_y_k : tensor<3x2x3x2xf32>
  %c0a_y_r = math.round %c0a_y_m : tensor<3x2x3x2xf32>
  %c0a_y_q = arith.divf %c0a_y_r, %c0a_y_k : tensor<3x2x3x2xf32>
  %c0a_y_u = tensor.cast %c0a_y_q : tensor<3x2x3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_y_u) : (tensor<*xf32>) -> ()
  %c0a_yh_k = arith.constant dense<1000.0> : tensor<2x3x2xf32>
  %c0a_yh_m = arith.mulf %c0a_yh, %c0a_yh_k : tensor<2x3x2xf32>
  %c0a_yh_r = math.round %c0a_yh_m : tensor<2x3x2xf32>
  %c0a_yh_q = arith.divf %c0a_yh_r, %c0a_yh_k : tensor<2x3x2xf32>
  %c0a_yh_u = tensor.cast %c0a_yh_q : tensor<2x3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yh_u) : (tensor<*xf32>) -> ()
  %c0a_yc_k = arith.constant dense<1000.0> : tensor<2x3x2xf32>
  %c0a_yc_m = arith.mulf %c0a_yc, %c0a_yc_k : tensor<2x3x2xf32>
  %c0a_yc_r = math.round %c0a_yc_m : tensor<2x3x2xf32>
  %c0a_yc_q = arith.divf %c0a_yc_r, %c0a_yc_k : tensor<2x3x2xf32>
  %c0a_yc_u = tensor.cast %c0a_yc_q : tensor<2x3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_yc_u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [3, 2, 3, 2]
// CHECK-NEXT: {{\[\[\[\[}}-0.317, 0.001],
// CHECK-NEXT: [-0.373, -0.144],
// CHECK-NEXT: [-0.221, -0.191]],
// CHECK-NEXT: {{\[\[}}0.023, -0.03],
// CHECK-NEXT: [0.006, -0.041],
// CHECK-NEXT: [0.017, -0.027]]],
// CHECK-NEXT: {{\[\[\[}}-0.303, -0.136],
// CHECK-NEXT: [0, 0],
// CHECK-NEXT: [-0.377, -0.055]],
// CHECK-NEXT: {{\[\[}}0.199, -0.081],
// CHECK-NEXT: [0, 0],
// CHECK-NEXT: [-0.005, -0.021]]],
// CHECK-NEXT: {{\[\[\[}}-0.316, -0.292],
// CHECK-NEXT: [0, 0],
// CHECK-NEXT: [0, 0]],
// CHECK-NEXT: {{\[\[}}0.174, -0.124],
// CHECK-NEXT: [0, 0],
// CHECK-NEXT: [0, 0]]]]
// CHECK: rank = 3 offset = 0 sizes = [2, 3, 2]
// CHECK-NEXT: {{\[\[\[}}-0.316, -0.292],
// CHECK-NEXT: [-0.373, -0.144],
// CHECK-NEXT: [-0.377, -0.055]],
// CHECK-NEXT: {{\[\[}}0.023, -0.03],
// CHECK-NEXT: [0.006, -0.041],
// CHECK-NEXT: [0.017, -0.027]]]
// CHECK: rank = 3 offset = 0 sizes = [2, 3, 2]
// CHECK-NEXT: {{\[\[\[}}-0.86, -0.555],
// CHECK-NEXT: [-0.558, -0.297],
// CHECK-NEXT: [-0.665, -0.207]],
// CHECK-NEXT: {{\[\[}}0.406, -0.519],
// CHECK-NEXT: [0.092, -0.433],
// CHECK-NEXT: [0.104, -0.19]]]
