// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-fuse-gate-epilogue="min-weights=0 f32-projection-in-step=4" | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-fuse-gate-epilogue="min-weights=0" | FileCheck %s --check-prefix=FUSED
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-fuse-gate-epilogue="min-weights=0 f32-projection-in-step=4 f32-projection-in-step-max-weights=512" | FileCheck %s --check-prefix=FUSED

// rnn-fuse-gate-epilogue{f32-projection-in-step=4} leaves the LSTM cells
// whose input projection rnn-matmul-to-vector{f32-projection-in-step=4} will
// move into the time loop (batch 1, forward, 4H = 64 a multiple of 16 * 4,
// T = 8 >= 2 * 4, W and R of 1024 elements within max-weights): the cell
// stays for convert-rnn-to-linalg. Batch 2 and the reverse direction (the
// step reads row T - 1 - t) are fused as before; so is everything without
// the option or above its max-weights.

// CHECK-LABEL: func.func @batch1
// CHECK: scf.for
// CHECK: rnn.lstm_cell
// CHECK: } {rnn.time_loop}
// FUSED-LABEL: func.func @batch1
// FUSED-NOT: rnn.lstm_cell
// FUSED: } {rnn.time_loop}
func.func @batch1(%x: tensor<8x1x16xf32>) -> tensor<8x1x1x16xf32> {
  %w = arith.constant dense<0.125> : tensor<1x64x16xf32>
  %r = arith.constant dense<0.25> : tensor<1x64x16xf32>
  %b = arith.constant dense<0.5> : tensor<1x128xf32>
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x128xf32>) forward hidden_size = 16 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] : tensor<8x1x16xf32>, tensor<1x64x16xf32>, tensor<1x64x16xf32> -> tensor<8x1x1x16xf32>, tensor<1x1x16xf32>, tensor<1x1x16xf32>
  return %y : tensor<8x1x1x16xf32>
}

// -----

// CHECK-LABEL: func.func @batch2
// CHECK-NOT: rnn.lstm_cell
// CHECK: } {rnn.time_loop}
func.func @batch2(%x: tensor<8x2x16xf32>) -> tensor<8x1x2x16xf32> {
  %w = arith.constant dense<0.125> : tensor<1x64x16xf32>
  %r = arith.constant dense<0.25> : tensor<1x64x16xf32>
  %b = arith.constant dense<0.5> : tensor<1x128xf32>
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x128xf32>) forward hidden_size = 16 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] : tensor<8x2x16xf32>, tensor<1x64x16xf32>, tensor<1x64x16xf32> -> tensor<8x1x2x16xf32>, tensor<1x2x16xf32>, tensor<1x2x16xf32>
  return %y : tensor<8x1x2x16xf32>
}

// -----

// CHECK-LABEL: func.func @reverse
// CHECK-NOT: rnn.lstm_cell
// CHECK: } {rnn.time_loop}
func.func @reverse(%x: tensor<8x1x16xf32>) -> tensor<8x1x1x16xf32> {
  %w = arith.constant dense<0.125> : tensor<1x64x16xf32>
  %r = arith.constant dense<0.25> : tensor<1x64x16xf32>
  %b = arith.constant dense<0.5> : tensor<1x128xf32>
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x128xf32>) reverse hidden_size = 16 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] : tensor<8x1x16xf32>, tensor<1x64x16xf32>, tensor<1x64x16xf32> -> tensor<8x1x1x16xf32>, tensor<1x1x16xf32>, tensor<1x1x16xf32>
  return %y : tensor<8x1x1x16xf32>
}
