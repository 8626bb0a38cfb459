// GRU with linear_before_reset = 0 and = 1 on the same inputs, and a
// bidirectional GRU with clip and sequence_lens (i64).
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @gru_lbr0(%x: tensor<3x2x3xf32>, %w: tensor<1x9x3xf32>, %r: tensor<1x9x3xf32>, %b: tensor<1x18xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.gru %x, %w, %r bias(%b : tensor<1x18xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<3x2x3xf32>, tensor<1x9x3xf32>, tensor<1x9x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @gru_lbr1(%x: tensor<3x2x3xf32>, %w: tensor<1x9x3xf32>, %r: tensor<1x9x3xf32>, %b: tensor<1x18xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.gru %x, %w, %r bias(%b : tensor<1x18xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<3x2x3xf32>, tensor<1x9x3xf32>, tensor<1x9x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @gru_bidir(%x: tensor<3x2x3xf32>, %w: tensor<2x9x3xf32>, %r: tensor<2x9x3xf32>, %b: tensor<2x18xf32>, %l: tensor<2xi64>, %h0: tensor<2x2x3xf32>)
    -> (tensor<3x2x2x3xf32>, tensor<2x2x3xf32>) {
  %y, %yh = rnn.gru %x, %w, %r bias(%b : tensor<2x18xf32>) sequence_lens(%l : tensor<2xi64>) initial_h(%h0 : tensor<2x2x3xf32>)
      bidirectional hidden_size = 3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<sigmoid>, #rnn.act<tanh>] clip = 0.5 linear_before_reset
      : tensor<3x2x3xf32>, tensor<2x9x3xf32>, tensor<2x9x3xf32>
      -> tensor<3x2x2x3xf32>, tensor<2x2x3xf32>
  return %y, %yh : tensor<3x2x2x3xf32>, tensor<2x2x3xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[0.08, -0.31, -0.26], [-0.25, 0.97, 0.27]], [[0.35, -0.34, 0.36], [-0.75, -0.9, 0.7]], [[-0.98, 0.96, 0.65], [0.57, -0.9, -0.59]]]> : tensor<3x2x3xf32>
  %c0a_w = arith.constant dense<[[[0.7, -0.14, 0.25], [-0.76, -0.63, -0.01], [0.52, 0.08, -0.79], [0.73, -0.72, -0.12], [0.17, -0.36, -0.16], [0.77, -0.09, 0.08], [0.94, -0.45, 0.79], [-0.28, -0.38, 0.76], [-0.87, 0.73, 0.66]]]> : tensor<1x9x3xf32>
  %c0a_r = arith.constant dense<[[[0.79, -0.88, -0.52], [0.55, -0.13, -0.99], [0.39, 0.6, 0.95], [-0.7, -0.5, 0.68], [-0.82, -0.45, -0.1], [-0.16, 0.09, 0.74], [0.26, 0.31, 0.18], [-0.58, -0.1, 0.98], [0.82, 0.53, 0.07]]]> : tensor<1x9x3xf32>
  %c0a_b = arith.constant dense<[[0.74, 0.26, -0.2, 0.05, -0.6, 0.15, -0.37, 0.56, 0.66, 0.99, 0.67, -0.88, 0.45, 0.62, 0.74, -0.02, -0.05, 0.06]]> : tensor<1x18xf32>
  %c0a_h0 = arith.constant dense<[[[-0.69, 0.91, 0.97], [-0.47, 0.91, -0.58]]]> : tensor<1x2x3xf32>
  %c0a_y, %c0a_yh = call @gru_lbr0(%c0a_x, %c0a_w, %c0a_r, %c0a_b, %c0a_h0)
      : (tensor<3x2x3xf32>, tensor<1x9x3xf32>, tensor<1x9x3xf32>, tensor<1x18xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
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
  %c1a_x = arith.constant dense<[[[0.08, -0.31, -0.26], [-0.25, 0.97, 0.27]], [[0.35, -0.34, 0.36], [-0.75, -0.9, 0.7]], [[-0.98, 0.96, 0.65], [0.57, -0.9, -0.59]]]> : tensor<3x2x3xf32>
  %c1a_w = arith.constant dense<[[[0.7, -0.14, 0.25], [-0.76, -0.63, -0.01], [0.52, 0.08, -0.79], [0.73, -0.72, -0.12], [0.17, -0.36, -0.16], [0.77, -0.09, 0.08], [0.94, -0.45, 0.79], [-0.28, -0.38, 0.76], [-0.87, 0.73, 0.66]]]> : tensor<1x9x3xf32>
  %c1a_r = arith.constant dense<[[[0.79, -0.88, -0.52], [0.55, -0.13, -0.99], [0.39, 0.6, 0.95], [-0.7, -0.5, 0.68], [-0.82, -0.45, -0.1], [-0.16, 0.09, 0.74], [0.26, 0.31, 0.18], [-0.58, -0.1, 0.98], [0.82, 0.53, 0.07]]]> : tensor<1x9x3xf32>
  %c1a_b = arith.constant dense<[[0.74, 0.26, -0.2, 0.05, -0.6, 0.15, -0.37, 0.56, 0.66, 0.99, 0.67, -0.88, 0.45, 0.62, 0.74, -0.02, -0.05, 0.06]]> : tensor<1x18xf32>
  %c1a_h0 = arith.constant dense<[[[-0.69, 0.91, 0.97], [-0.47, 0.91, -0.58]]]> : tensor<1x2x3xf32>
  %c1a_y, %c1a_yh = call @gru_lbr1(%c1a_x, %c1a_w, %c1a_r, %c1a_b, %c1a_h0)
      : (tensor<3x2x3xf32>, tensor<1x9x3xf32>, tensor<1x9x3xf32>, tensor<1x18xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c1a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c1a_y_m = arith.mulf %c1a_y, %c1a_y_k : tensor<3x1x2x3xf32>
  %c1a_y_r = math.round %c1a_y_m : tensor<3x1x2x3xf32>
  %c1a_y_q = arith.divf %c1a_y_r, %c1a_y_k : tensor<3x1x2x3xf32>
  %c1a_y_u = tensor.cast %c1a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c1a_y_u) : (tensor<*xf32>) -> ()
  %c1a_yh_k = arith.constant dense<1000.0> : tensor<1x2x3xf32>
  %c1a_yh_m = arith.mulf %c1a_yh, %c1a_yh_k : tensor<1x2x3xf32>
  %c1a_yh_r = math.round %c1a_yh_m : tensor<1x2x3xf32>
  %c1a_yh_q = arith.divf %c1a_yh_r, %c1a_yh_k : tensor<1x2x3xf32>
  %c1a_yh_u = tensor.cast %c1a_yh_q : tensor<1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c1a_yh_u) : (tensor<*xf32>) -> ()
  %c2a_x = arith.constant dense<[[[1.67, -2.0, -1.54], [0.24, -1.78, -1.9]], [[1.38, 1.53, 0.79], [1.71, -1.21, 0.7]], [[0.32, -1.19, -0.37], [-1.87, 1.78, -1.24]]]> : tensor<3x2x3xf32>
  %c2a_w = arith.constant dense<[[[-0.51, 0.58, 0.65], [0.94, 0.02, 0.88], [0.83, 0.97, 0.99], [0.26, 0.78, 0.74], [-0.36, -0.48, 0.29], [0.63, -0.86, 0.63], [-0.4, -0.41, 0.05], [0.02, -0.58, 0.38], [0.57, -0.3, 0.0]], [[0.66, 0.16, -0.9], [0.19, 0.15, -0.93], [0.22, -0.85, 0.14], [0.06, -0.7, -0.59], [-0.18, 0.88, -0.34], [-0.3, -0.39, 0.34], [0.45, 0.7, -0.2], [-0.62, 0.75, -0.81], [-0.37, 0.19, -0.42]]]> : tensor<2x9x3xf32>
  %c2a_r = arith.constant dense<[[[0.61, -0.36, 0.46], [-0.27, 0.37, -0.78], [-0.49, 0.8, 0.49], [-0.7, -0.75, -0.23], [-0.51, 0.79, -0.03], [0.36, 0.8, -0.89], [-0.31, 0.7, -0.72], [-0.98, -0.13, 0.19], [0.67, 0.55, -1.0]], [[0.81, 0.07, 0.09], [-0.36, -0.78, 0.51], [0.39, -0.26, -0.1], [-0.0, -0.77, 0.89], [-0.17, 0.41, 0.79], [-0.84, 0.89, -0.58], [-0.94, 0.14, -0.75], [0.19, -0.09, 0.19], [0.54, -0.89, 0.63]]]> : tensor<2x9x3xf32>
  %c2a_b = arith.constant dense<[[-0.48, 0.97, -0.09, 0.86, 0.09, 0.1, 0.35, -0.4, -0.23, 0.89, -0.14, 0.22, -0.06, -0.88, 0.68, 0.38, -0.81, 0.06], [-0.01, 0.62, -0.67, 0.04, 0.02, -0.25, 0.93, 0.13, -0.3, 0.89, 0.59, -0.62, -0.84, -0.45, -0.06, -0.08, -0.28, -0.16]]> : tensor<2x18xf32>
  %c2a_l = arith.constant dense<[2, 3]> : tensor<2xi64>
  %c2a_h0 = arith.constant dense<[[[-0.78, -0.04, 0.81], [0.66, 0.22, -0.1]], [[-0.13, 0.31, 0.05], [0.86, -0.77, -0.54]]]> : tensor<2x2x3xf32>
  %c2a_y, %c2a_yh = call @gru_bidir(%c2a_x, %c2a_w, %c2a_r, %c2a_b, %c2a_l, %c2a_h0)
      : (tensor<3x2x3xf32>, tensor<2x9x3xf32>, tensor<2x9x3xf32>, tensor<2x18xf32>, tensor<2xi64>, tensor<2x2x3xf32>) -> (tensor<3x2x2x3xf32>, tensor<2x2x3xf32>)
  %c2a_y_k = arith.constant dense<1000.0> : tensor<3x2x2x3xf32>
  %c2a_y_m = arith.mulf %c2a_y, %c2a_y_k : tensor<3x2x2x3xf32>
  %c2a_y_r = math.round %c2a_y_m : tensor<3x2x2x3xf32>
  %c2a_y_q = arith.divf %c2a_y_r, %c2a_y_k : tensor<3x2x2x3xf32>
  %c2a_y_u = tensor.cast %c2a_y_q : tensor<3x2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c2a_y_u) : (tensor<*xf32>) -> ()
  %c2a_yh_k = arith.constant dense<1000.0> : tensor<2x2x3xf32>
  %c2a_yh_m = arith.mulf %c2a_yh, %c2a_yh_k : tensor<2x2x3xf32>
  %c2a_yh_r = math.round %c2a_yh_m : tensor<2x2x3xf32>
  %c2a_yh_q = arith.divf %c2a_yh_r, %c2a_yh_k : tensor<2x2x3xf32>
  %c2a_yh_u = tensor.cast %c2a_yh_q : tensor<2x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c2a_yh_u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.442, 0.908, 0.616],
// CHECK-NEXT: [-0.544, 0.649, 0.683]]],
// CHECK-NEXT: {{\[\[\[}}-0.124, 0.905, 0.486],
// CHECK-NEXT: [-0.31, 0.738, 0.767]]],
// CHECK-NEXT: {{\[\[\[}}-0.476, 0.878, 0.864],
// CHECK-NEXT: [-0.134, 0.754, 0.286]]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.476, 0.878, 0.864],
// CHECK-NEXT: [-0.134, 0.754, 0.286]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.408, 0.852, 0.661],
// CHECK-NEXT: [-0.542, 0.702, 0.679]]],
// CHECK-NEXT: {{\[\[\[}}-0.094, 0.849, 0.567],
// CHECK-NEXT: [-0.279, 0.774, 0.785]]],
// CHECK-NEXT: {{\[\[\[}}-0.459, 0.828, 0.881],
// CHECK-NEXT: [-0.085, 0.71, 0.345]]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.459, 0.828, 0.881],
// CHECK-NEXT: [-0.085, 0.71, 0.345]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 2, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.043, 0.068, 0.593],
// CHECK-NEXT: [0.537, -0.205, 0.25]],
// CHECK-NEXT: {{\[\[}}0.233, -0.147, -0.342],
// CHECK-NEXT: [0.275, -0.181, 0.017]]],
// CHECK-NEXT: {{\[\[\[}}-0.201, -0.132, 0.292],
// CHECK-NEXT: [0.313, -0.08, 0.33]],
// CHECK-NEXT: {{\[\[}}0.094, 0.043, -0.269],
// CHECK-NEXT: [0.544, -0.364, -0.122]]],
// CHECK-NEXT: {{\[\[\[}}0, 0, 0],
// CHECK-NEXT: [0.305, -0.318, -0.163]],
// CHECK-NEXT: {{\[\[}}0, 0, 0],
// CHECK-NEXT: [0.71, -0.305, 0.084]]]]
// CHECK: rank = 3 offset = 0 sizes = [2, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.201, -0.132, 0.292],
// CHECK-NEXT: [0.305, -0.318, -0.163]],
// CHECK-NEXT: {{\[\[}}0.233, -0.147, -0.342],
// CHECK-NEXT: [0.275, -0.181, 0.017]]]
