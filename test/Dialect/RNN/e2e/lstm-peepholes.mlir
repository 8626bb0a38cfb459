// LSTM, forward, with peepholes, input_forget and clip = 0.6 (inputs are
// scaled so that clipping changes the result).
//
// Expected values come from a numpy implementation of the ONNX equations
// (float64), independent of rnnc. Results are rounded to 3 decimals in @main
// before printing (tolerance 5e-4); the generator checked that no expected
// value lies within 2e-5 of a rounding boundary.
//
// RUN: rnn-opt %s --rnn-lower-to-llvm | mlir-runner -e main \
// RUN:   -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @lstm_peepholes(%x: tensor<3x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x3xf32>, %b: tensor<1x24xf32>, %h0: tensor<1x2x3xf32>, %c0: tensor<1x2x3xf32>, %p: tensor<1x9xf32>)
    -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x24xf32>) initial_h(%h0 : tensor<1x2x3xf32>) initial_c(%c0 : tensor<1x2x3xf32>) peepholes(%p : tensor<1x9xf32>)
      forward hidden_size = 3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] clip = 0.6 input_forget
      : tensor<3x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x3xf32>
      -> tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
  return %y, %yh, %yc : tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
}

func.func @main() {
  %c0a_x = arith.constant dense<[[[1.21, 0.83, 0.58], [-1.37, -1.5, -0.11]], [[1.8, 1.68, 0.69], [1.98, -0.49, 1.27]], [[1.17, 0.6, -1.8], [-0.91, -0.0, 1.31]]]> : tensor<3x2x3xf32>
  %c0a_w = arith.constant dense<[[[0.3, -0.46, 0.21], [-0.77, 0.61, -0.08], [0.74, -0.12, 0.01], [0.83, -0.99, 0.16], [0.86, -0.63, -0.92], [-0.76, -0.54, 0.26], [-0.31, 0.72, -0.41], [-0.89, -0.47, -0.03], [0.32, -0.05, 0.58], [0.03, -0.2, -0.14], [0.44, 0.83, -0.44], [-0.74, -0.63, 0.37]]]> : tensor<1x12x3xf32>
  %c0a_r = arith.constant dense<[[[0.37, 0.47, -0.03], [0.97, 0.93, -0.01], [-0.85, 0.5, -0.33], [0.05, 0.72, 0.4], [0.91, 0.48, 0.95], [0.35, -0.39, 0.05], [-0.25, -0.82, -0.47], [0.86, -0.87, -0.39], [-0.46, 0.82, -0.55], [-0.9, 0.91, -0.62], [0.73, 0.61, 0.72], [0.0, 0.45, 0.64]]]> : tensor<1x12x3xf32>
  %c0a_b = arith.constant dense<[[0.94, -0.94, -0.18, -0.15, 0.67, -0.14, 0.71, -0.88, 0.7, -0.8, -0.31, 0.35, -0.71, 0.32, -0.37, -0.67, -0.41, -0.73, -0.89, -0.22, -0.13, -0.77, -0.58, 0.69]]> : tensor<1x24xf32>
  %c0a_h0 = arith.constant dense<[[[-0.38, 0.49, 0.82], [-0.12, 0.25, -0.71]]]> : tensor<1x2x3xf32>
  %c0a_c0 = arith.constant dense<[[[-0.55, -0.3, -0.46], [0.81, -1.0, 0.28]]]> : tensor<1x2x3xf32>
  %c0a_p = arith.constant dense<[[0.93, 0.75, -0.12, -0.64, -0.2, 0.76, 0.42, 0.51, 0.52]]> : tensor<1x9xf32>
  %c0a_y, %c0a_yh, %c0a_yc = call @lstm_peepholes(%c0a_x, %c0a_w, %c0a_r, %c0a_b, %c0a_h0, %c0a_c0, %c0a_p)
      : (tensor<3x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x3xf32>, tensor<1x24xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x9xf32>) -> (tensor<3x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
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
// CHECK-NEXT: {{\[\[\[\[}}-0.305, -0.002, 0.061],
// CHECK-NEXT: [-0.008, -0.28, 0.229]]],
// CHECK-NEXT: {{\[\[\[}}-0.184, 0.086, -0.098],
// CHECK-NEXT: [-0.22, -0.402, 0.123]]],
// CHECK-NEXT: {{\[\[\[}}-0.201, 0.195, -0.147],
// CHECK-NEXT: [-0.143, -0.205, 0.256]]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.201, 0.195, -0.147],
// CHECK-NEXT: [-0.143, -0.205, 0.256]]]
// CHECK: rank = 3 offset = 0 sizes = [1, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-0.54, 0.312, -0.441],
// CHECK-NEXT: [-0.429, -0.662, 0.424]]]
