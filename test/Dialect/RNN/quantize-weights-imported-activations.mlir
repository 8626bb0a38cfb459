// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences | FileCheck %s --check-prefix=EXPAND
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int8 | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int8 --convert-rnn-to-linalg | FileCheck %s --check-prefix=LINALG
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=bf16 | FileCheck %s --check-prefix=NONE
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 exclude=layer0" | FileCheck %s --check-prefix=NONE
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 activation-ranges=1.27,0.254" | FileCheck %s --check-prefix=CALIB

// Static activation scales of an already quantized model: the importer puts
// the scale of a QDQ pair on X (rnn.x_scale) and on initial_h (rnn.h_scale)
// on the sequence op; rnn-expand-sequences copies them onto the projection
// matmul and the cell op (rnn.imported_activation_scale), and
// rnn-quantize-weights with mode=int8 makes them the static scales of the
// int8 kernel (rnn.activation_scale), also over calibrated ranges. bf16 and
// excluded layers do not get them.
// EXPAND-LABEL: func.func @lstm_layer
// EXPAND: linalg.matmul {{.*}}rnn.imported_activation_scale = 3.125000e-02 : f64
// EXPAND: rnn.lstm_cell {{.*}}rnn.imported_activation_scale = 7.812500e-03 : f64
// CHECK-LABEL: func.func @lstm_layer
// CHECK: linalg.matmul {{.*}}rnn.activation_scale = 3.125000e-02 : f32
// CHECK: rnn.lstm_cell {{.*}}rnn.activation_scale = 7.812500e-03 : f32
// LINALG-LABEL: func.func @lstm_layer
// LINALG: linalg.matmul {{.*}}rnn.activation_scale = 3.125000e-02 : f32
// LINALG: scf.for
// LINALG: linalg.matmul {{.*}}rnn.activation_scale = 7.812500e-03 : f32
// NONE-LABEL: func.func @lstm_layer
// NONE-NOT: rnn.activation_scale
// CALIB-LABEL: func.func @lstm_layer
// CALIB: linalg.matmul {{.*}}rnn.activation_scale = 3.125000e-02 : f32
// CALIB: rnn.lstm_cell {{.*}}rnn.activation_scale = 7.812500e-03 : f32
func.func @lstm_layer(%x: tensor<3x1x2xf32>, %h0: tensor<1x1x1xf32>) -> tensor<1x1x1xf32> {
  %w = arith.constant dense<[[[1.27, -0.635], [0.5, 0.25], [0.1, 0.2], [0.3, -0.4]]]> : tensor<1x4x2xf32>
  %r = arith.constant dense<[[[0.254], [0.1], [0.3], [0.2]]]> : tensor<1x4x1xf32>
  %y, %yh, %yc = rnn.lstm %x, %w, %r initial_h(%h0 : tensor<1x1x1xf32>) forward hidden_size = 1
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      {rnn.x_scale = 3.125e-02 : f64, rnn.h_scale = 7.8125e-03 : f64}
      : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32> loc("layer0")
  return %yh : tensor<1x1x1xf32>
}

// -----

// Only X quantized: the projection gets the model's scale, the recurrent
// product stays dynamic (or takes the calibrated range 0.254 / 127).
// CHECK-LABEL: func.func @rnn_layer
// CHECK: linalg.matmul {{.*}}rnn.activation_scale = 6.250000e-02 : f32
// CHECK-NOT: rnn.activation_scale
// CHECK: return
// NONE-LABEL: func.func @rnn_layer
// NONE-NOT: rnn.activation_scale
// CALIB-LABEL: func.func @rnn_layer
// CALIB: linalg.matmul {{.*}}rnn.activation_scale = 6.250000e-02 : f32
// CALIB: rnn.rnn_cell {{.*}}rnn.activation_scale = 2.000000e-03 : f32
func.func @rnn_layer(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.27, -0.635], [0.5, 0.25]]]> : tensor<1x2x2xf32>
  %r = arith.constant dense<[[[0.254, 0.1], [0.3, 0.2]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>] {rnn.x_scale = 6.25e-02 : f64}
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("layer0")
  return %yh : tensor<1x1x2xf32>
}
