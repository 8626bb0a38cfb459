// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-record-activation-ranges -verify-diagnostics | FileCheck %s

// Two activation sites for one GRU layer: the input x of its projection
// matmul (site 0) and the state h of its cell op (site 1, every step). Each
// site folds max |a| into its element of the public global the calibration
// run reads; the count global lets the reader check the size.
// CHECK-DAG: memref.global "public" @rnnc_activation_ranges : memref<2xf32> = dense<0.000000e+00>
// CHECK-DAG: memref.global "public" constant @rnnc_activation_range_count : memref<1xi32> = dense<2>
// CHECK-LABEL: func.func @gru_layer
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK: math.absf
// CHECK: arith.maximumf
// CHECK: %[[X:.*]] = tensor.extract
// CHECK: %[[G0:.*]] = memref.get_global @rnnc_activation_ranges
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[OLD0:.*]] = memref.load %[[G0]][%[[C0]]]
// CHECK: %[[NEW0:.*]] = arith.maximumf %[[OLD0]], %[[X]]
// CHECK: memref.store %[[NEW0]], %[[G0]][%[[C0]]]
// CHECK: linalg.matmul {{.*}} {rnn.input_projection}
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK: %[[H:.*]] = tensor.extract
// CHECK: %[[G1:.*]] = memref.get_global @rnnc_activation_ranges
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[OLD1:.*]] = memref.load %[[G1]][%[[C1]]]
// CHECK: %[[NEW1:.*]] = arith.maximumf %[[OLD1]], %[[H]]
// CHECK: memref.store %[[NEW1]], %[[G1]][%[[C1]]]
// CHECK: rnn.gru_cell
func.func @gru_layer(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x6x2xf32>
  %r = arith.constant dense<0.25> : tensor<1x6x2xf32>
  %y, %yh = rnn.gru %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("gru0")
  return %yh : tensor<1x1x2xf32>
}

// -----

// Nothing to calibrate is an error.
// expected-error @+1 {{rnn-record-activation-ranges: the model has no recurrent layers to calibrate}}
module {
  func.func @no_rnn(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}
