// RUN: rnn-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{lanes=8 registers=12}),canonicalize)" | FileCheck %s

// A convolution as the importer writes it: 4 output channels, 20 output
// columns, stride 2 / dilation 1 along the height, dilation 2 and offset 1
// along the width. 20 columns = 3 vectors of 8 (the last one masked: no full
// block, one tail block); 12 registers -> blocks of 2 output channels
// (2 x 3 accumulators + 2 weights + 3 inputs = 11). Accumulators are read once, carried through the channel and
// kernel-row loops (the 3 kernel columns unrolled: 2 broadcast weights and 3
// input vectors feed 6 FMAs each) and written once.

// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x9x40xf32>, %[[W:.*]]: tensor<4x3x2x3xf32>, %[[Y:.*]]: tensor<1x4x4x20xf32>)
// CHECK: scf.for %[[OH:.*]] = %{{.*}} to %c4 step %c1 iter_args
// CHECK: scf.for %[[M:.*]] = %{{.*}} to %c4 step %c2 iter_args(%[[ACC:.*]] = %{{.*}})
// CHECK-COUNT-2: vector.transfer_read %[[ACC]]{{.*}} {in_bounds = [true]} : tensor<1x4x4x20xf32>, vector<8xf32>
// CHECK: vector.transfer_read %[[ACC]][%c0, %[[M]], %[[OH]], %c16], %cst : tensor<1x4x4x20xf32>, vector<8xf32>
// CHECK: %[[IH0:.*]] = arith.muli %[[OH]], %c2
// CHECK: scf.for %[[C:.*]] = %c0 to %c3 step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK: scf.for %[[KH:.*]] = %c0 to %c2 step %c1
// CHECK: %[[IH:.*]] = arith.addi %[[IH0]], %[[KH]]
// CHECK: tensor.extract %[[W]][%[[M]], %[[C]], %[[KH]], %c0]
// CHECK: vector.broadcast
// CHECK: vector.transfer_read %[[X]][%c0, %[[C]], %[[IH]], %c1]
// CHECK-COUNT-2: vector.fma
// CHECK: vector.transfer_read %[[X]][%c0, %[[C]], %[[IH]], %c9]
// CHECK: vector.transfer_read %[[X]][%c0, %[[C]], %[[IH]], %c17]
// CHECK: tensor.extract %[[W]][%[[M]], %[[C]], %[[KH]], %c2]
// CHECK: vector.transfer_read %[[X]][%c0, %[[C]], %[[IH]], %c21]
// CHECK-COUNT-2: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-6: vector.transfer_write
// CHECK-NOT: linalg.generic
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 * 2 + d5, d4 + d6 * 2 + 1)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @conv(%x: tensor<1x3x9x40xf32>, %w: tensor<4x3x2x3xf32>, %y: tensor<1x4x4x20xf32>) -> tensor<1x4x4x20xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x3x9x40xf32>, tensor<4x3x2x3xf32>) outs(%y : tensor<1x4x4x20xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x20xf32>
  return %r : tensor<1x4x4x20xf32>
}

// -----

// Not rewritten: a grouped convolution (channel index from floordiv), and a
// stride of 2 along the width (input columns not contiguous).

// CHECK-LABEL: func.func @grouped
// CHECK: linalg.generic
// CHECK-NOT: vector.fma
// CHECK-LABEL: func.func @strided_width
// CHECK: linalg.generic
// CHECK-NOT: vector.fma
#xg = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 2) * 2 + d2, d3 + d5, d4 + d6)>
#xs = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 * 2 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @grouped(%x: tensor<1x4x4x20xf32>, %w: tensor<4x2x1x1xf32>, %y: tensor<1x4x4x20xf32>) -> tensor<1x4x4x20xf32> {
  %r = linalg.generic {indexing_maps = [#xg, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x4x4x20xf32>, tensor<4x2x1x1xf32>) outs(%y : tensor<1x4x4x20xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x20xf32>
  return %r : tensor<1x4x4x20xf32>
}
func.func @strided_width(%x: tensor<1x2x4x40xf32>, %w: tensor<4x2x1x1xf32>, %y: tensor<1x4x4x20xf32>) -> tensor<1x4x4x20xf32> {
  %r = linalg.generic {indexing_maps = [#xs, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x2x4x40xf32>, tensor<4x2x1x1xf32>) outs(%y : tensor<1x4x4x20xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x20xf32>
  return %r : tensor<1x4x4x20xf32>
}
