// Vanilla RNN (forward, bias, initial h) with each activation function
// and its ONNX alpha / beta; only Y is printed.
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @rnn_leaky_relu(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<leaky_relu, alpha = 0.1>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_relu(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<relu>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_affine(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<affine, alpha = 0.5, beta = 0.2>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_thresholded_relu(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<thresholded_relu, alpha = 0.3>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_scaled_tanh(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<scaled_tanh, alpha = 1.5, beta = 0.7>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_hard_sigmoid(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<hard_sigmoid, alpha = 0.3, beta = 0.4>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_elu(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<elu, alpha = 0.8>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_softsign(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<softsign>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_softplus(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<softplus>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @rnn_sigmoid(%x: tensor<3x2x3xf32>, %w: tensor<1x3x3xf32>, %r: tensor<1x3x3xf32>, %b: tensor<1x6xf32>, %h0: tensor<1x2x3xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x6xf32>) initial_h(%h0 : tensor<1x2x3xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<sigmoid>]
      : tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c0a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c0a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c0a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c0a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c0a_y, %c0a_yh = call @rnn_leaky_relu(%c0a_x, %c0a_w, %c0a_r, %c0a_b, %c0a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c0a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c0a_y_m = arith.mulf %c0a_y, %c0a_y_k : tensor<3x1x2x3xf32>
  %c0a_y_r = math.round %c0a_y_m : tensor<3x1x2x3xf32>
  %c0a_y_q = arith.divf %c0a_y_r, %c0a_y_k : tensor<3x1x2x3xf32>
  %c0a_y_u = tensor.cast %c0a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c0a_y_u) : (tensor<*xf32>) -> ()
  %c1a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c1a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c1a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c1a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c1a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c1a_y, %c1a_yh = call @rnn_relu(%c1a_x, %c1a_w, %c1a_r, %c1a_b, %c1a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c1a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c1a_y_m = arith.mulf %c1a_y, %c1a_y_k : tensor<3x1x2x3xf32>
  %c1a_y_r = math.round %c1a_y_m : tensor<3x1x2x3xf32>
  %c1a_y_q = arith.divf %c1a_y_r, %c1a_y_k : tensor<3x1x2x3xf32>
  %c1a_y_u = tensor.cast %c1a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c1a_y_u) : (tensor<*xf32>) -> ()
  %c2a_x = arith.constant dense<[[[-0.67, 0.63, -0.57], [0.97, 0.97, 0.69]], [[-0.2, -0.95, -0.46], [-0.25, -0.62, -0.6]], [[-0.16, 0.69, -0.1], [0.77, -0.17, -0.35]]]> : tensor<3x2x3xf32>
  %c2a_w = arith.constant dense<[[[-0.47, 0.61, 0.45], [0.42, -0.49, -0.28], [-0.3, -0.54, -0.91]]]> : tensor<1x3x3xf32>
  %c2a_r = arith.constant dense<[[[-0.3, -0.47, -0.35], [0.85, -0.77, -0.16], [0.74, -0.52, -0.91]]]> : tensor<1x3x3xf32>
  %c2a_b = arith.constant dense<[[0.78, -0.87, -0.39, -0.8, -0.93, 0.61]]> : tensor<1x6xf32>
  %c2a_h0 = arith.constant dense<[[[-0.63, -0.91, -0.59], [-0.62, 0.94, -0.09]]]> : tensor<1x2x3xf32>
  %c2a_y, %c2a_yh = call @rnn_affine(%c2a_x, %c2a_w, %c2a_r, %c2a_b, %c2a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c2a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c2a_y_m = arith.mulf %c2a_y, %c2a_y_k : tensor<3x1x2x3xf32>
  %c2a_y_r = math.round %c2a_y_m : tensor<3x1x2x3xf32>
  %c2a_y_q = arith.divf %c2a_y_r, %c2a_y_k : tensor<3x1x2x3xf32>
  %c2a_y_u = tensor.cast %c2a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c2a_y_u) : (tensor<*xf32>) -> ()
  %c3a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c3a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c3a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c3a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c3a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c3a_y, %c3a_yh = call @rnn_thresholded_relu(%c3a_x, %c3a_w, %c3a_r, %c3a_b, %c3a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c3a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c3a_y_m = arith.mulf %c3a_y, %c3a_y_k : tensor<3x1x2x3xf32>
  %c3a_y_r = math.round %c3a_y_m : tensor<3x1x2x3xf32>
  %c3a_y_q = arith.divf %c3a_y_r, %c3a_y_k : tensor<3x1x2x3xf32>
  %c3a_y_u = tensor.cast %c3a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c3a_y_u) : (tensor<*xf32>) -> ()
  %c4a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c4a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c4a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c4a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c4a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c4a_y, %c4a_yh = call @rnn_scaled_tanh(%c4a_x, %c4a_w, %c4a_r, %c4a_b, %c4a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c4a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c4a_y_m = arith.mulf %c4a_y, %c4a_y_k : tensor<3x1x2x3xf32>
  %c4a_y_r = math.round %c4a_y_m : tensor<3x1x2x3xf32>
  %c4a_y_q = arith.divf %c4a_y_r, %c4a_y_k : tensor<3x1x2x3xf32>
  %c4a_y_u = tensor.cast %c4a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c4a_y_u) : (tensor<*xf32>) -> ()
  %c5a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c5a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c5a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c5a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c5a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c5a_y, %c5a_yh = call @rnn_hard_sigmoid(%c5a_x, %c5a_w, %c5a_r, %c5a_b, %c5a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c5a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c5a_y_m = arith.mulf %c5a_y, %c5a_y_k : tensor<3x1x2x3xf32>
  %c5a_y_r = math.round %c5a_y_m : tensor<3x1x2x3xf32>
  %c5a_y_q = arith.divf %c5a_y_r, %c5a_y_k : tensor<3x1x2x3xf32>
  %c5a_y_u = tensor.cast %c5a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c5a_y_u) : (tensor<*xf32>) -> ()
  %c6a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c6a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c6a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c6a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c6a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c6a_y, %c6a_yh = call @rnn_elu(%c6a_x, %c6a_w, %c6a_r, %c6a_b, %c6a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c6a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c6a_y_m = arith.mulf %c6a_y, %c6a_y_k : tensor<3x1x2x3xf32>
  %c6a_y_r = math.round %c6a_y_m : tensor<3x1x2x3xf32>
  %c6a_y_q = arith.divf %c6a_y_r, %c6a_y_k : tensor<3x1x2x3xf32>
  %c6a_y_u = tensor.cast %c6a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c6a_y_u) : (tensor<*xf32>) -> ()
  %c7a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c7a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c7a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c7a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c7a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c7a_y, %c7a_yh = call @rnn_softsign(%c7a_x, %c7a_w, %c7a_r, %c7a_b, %c7a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c7a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c7a_y_m = arith.mulf %c7a_y, %c7a_y_k : tensor<3x1x2x3xf32>
  %c7a_y_r = math.round %c7a_y_m : tensor<3x1x2x3xf32>
  %c7a_y_q = arith.divf %c7a_y_r, %c7a_y_k : tensor<3x1x2x3xf32>
  %c7a_y_u = tensor.cast %c7a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c7a_y_u) : (tensor<*xf32>) -> ()
  %c8a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c8a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c8a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c8a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c8a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c8a_y, %c8a_yh = call @rnn_softplus(%c8a_x, %c8a_w, %c8a_r, %c8a_b, %c8a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c8a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c8a_y_m = arith.mulf %c8a_y, %c8a_y_k : tensor<3x1x2x3xf32>
  %c8a_y_r = math.round %c8a_y_m : tensor<3x1x2x3xf32>
  %c8a_y_q = arith.divf %c8a_y_r, %c8a_y_k : tensor<3x1x2x3xf32>
  %c8a_y_u = tensor.cast %c8a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c8a_y_u) : (tensor<*xf32>) -> ()
  %c9a_x = arith.constant dense<[[[-0.35, 0.97, -0.36], [0.58, 0.74, -0.22]], [[-0.12, -0.25, -0.79], [-0.04, -0.52, -0.49]], [[-0.63, -0.61, 0.63], [-0.15, -0.49, 0.18]]]> : tensor<3x2x3xf32>
  %c9a_w = arith.constant dense<[[[0.21, 0.29, 0.82], [-0.7, -0.26, -0.43], [-0.97, -0.64, -0.21]]]> : tensor<1x3x3xf32>
  %c9a_r = arith.constant dense<[[[-0.21, 0.23, -0.1], [0.21, -0.55, -0.73], [-0.34, -0.81, -0.27]]]> : tensor<1x3x3xf32>
  %c9a_b = arith.constant dense<[[-0.08, 0.44, 0.73, -0.9, 0.91, 0.44]]> : tensor<1x6xf32>
  %c9a_h0 = arith.constant dense<[[[0.98, -0.76, -0.25], [0.0, 0.49, -0.38]]]> : tensor<1x2x3xf32>
  %c9a_y, %c9a_yh = call @rnn_sigmoid(%c9a_x, %c9a_w, %c9a_r, %c9a_b, %c9a_h0)
      : (tensor<3x2x3xf32>, tensor<1x3x3xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<1x2x3xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>)
  %c9a_y_k = arith.constant dense<1000.0> : tensor<3x1x2x3xf32>
  %c9a_y_m = arith.mulf %c9a_y, %c9a_y_k : tensor<3x1x2x3xf32>
  %c9a_y_r = math.round %c9a_y_m : tensor<3x1x2x3xf32>
  %c9a_y_q = arith.divf %c9a_y_r, %c9a_y_k : tensor<3x1x2x3xf32>
  %c9a_y_u = tensor.cast %c9a_y_q : tensor<3x1x2x3xf32> to tensor<*xf32>
  call @printMemrefF32(%c9a_y_u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.142, 2.304, 1.314],
// CHECK-NEXT: [-0.067, 0.854, -0.011]]],
// CHECK-NEXT: {{\[\[\[}}-0.13, -0.042, -0.056],
// CHECK-NEXT: [-0.133, 1.248, 0.979]]],
// CHECK-NEXT: {{\[\[\[}}-0.075, 1.715, 2.132],
// CHECK-NEXT: [-0.079, 0.076, 0.361]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}0, 2.304, 1.314],
// CHECK-NEXT: [0, 0.854, 0]]],
// CHECK-NEXT: {{\[\[\[}}0, 0, 0],
// CHECK-NEXT: [0, 1.254, 0.953]]],
// CHECK-NEXT: {{\[\[\[}}0, 1.679, 2.039],
// CHECK-NEXT: [0, 0.12, 0.318]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}0.823, -0.785, 0.772],
// CHECK-NEXT: [0.301, -1.449, -0.844]]],
// CHECK-NEXT: {{\[\[\[}}-0.23, 0.146, 0.963],
// CHECK-NEXT: [0.368, 0.237, 1.66]]],
// CHECK-NEXT: {{\[\[\[}}0.247, -1.12, -0.368],
// CHECK-NEXT: [-0.523, -0.515, -0.281]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}0, 2.304, 1.314],
// CHECK-NEXT: [0, 0.854, 0]]],
// CHECK-NEXT: {{\[\[\[}}0, 0, 0],
// CHECK-NEXT: [0, 1.254, 0.953]]],
// CHECK-NEXT: {{\[\[\[}}0, 1.679, 2.039],
// CHECK-NEXT: [0, 0, 0.318]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-1.14, 1.385, 1.089],
// CHECK-NEXT: [-0.659, 0.803, -0.12]]],
// CHECK-NEXT: {{\[\[\[}}-1.07, 0.045, 0.581],
// CHECK-NEXT: [-1.032, 1.046, 1.056]]],
// CHECK-NEXT: {{\[\[\[}}-0.592, 0.91, 1.37],
// CHECK-NEXT: [-0.643, -0.061, 0.77]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}0, 1, 0.794],
// CHECK-NEXT: [0.198, 0.656, 0.366]]],
// CHECK-NEXT: {{\[\[\[}}0, 0.613, 0.576],
// CHECK-NEXT: [0, 0.741, 0.684]]],
// CHECK-NEXT: {{\[\[\[}}0.193, 0.676, 0.816],
// CHECK-NEXT: [0.129, 0.579, 0.642]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.607, 2.304, 1.314],
// CHECK-NEXT: [-0.392, 0.854, -0.086]]],
// CHECK-NEXT: {{\[\[\[}}-0.559, -0.322, -0.265],
// CHECK-NEXT: [-0.572, 1.235, 1.109]]],
// CHECK-NEXT: {{\[\[\[}}-0.404, 1.932, 2.562],
// CHECK-NEXT: [-0.408, -0.079, 0.486]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.587, 0.697, 0.568],
// CHECK-NEXT: [-0.402, 0.461, -0.103]]],
// CHECK-NEXT: {{\[\[\[}}-0.6, 0.478, 0.522],
// CHECK-NEXT: [-0.573, 0.594, 0.589]]],
// CHECK-NEXT: {{\[\[\[}}-0.371, 0.476, 0.632],
// CHECK-NEXT: [-0.447, 0.386, 0.534]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}0.216, 2.399, 1.552],
// CHECK-NEXT: [0.412, 1.209, 0.638]]],
// CHECK-NEXT: {{\[\[\[}}0.226, 0.449, 0.364],
// CHECK-NEXT: [0.218, 1.09, 0.885]]],
// CHECK-NEXT: {{\[\[\[}}0.386, 1.474, 1.702],
// CHECK-NEXT: [0.344, 0.857, 0.91]]]]
// CHECK: rank = 4 offset = 0 sizes = [3, 1, 2, 3]
// CHECK-NEXT: {{\[\[\[\[}}0.194, 0.909, 0.788],
// CHECK-NEXT: [0.338, 0.701, 0.471]]],
// CHECK-NEXT: {{\[\[\[}}0.163, 0.691, 0.645],
// CHECK-NEXT: [0.183, 0.744, 0.697]]],
// CHECK-NEXT: {{\[\[\[}}0.329, 0.703, 0.777],
// CHECK-NEXT: [0.28, 0.651, 0.677]]]]
