// RUN: rnn-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{lanes=8 registers=12 winograd=2}),canonicalize)" | FileCheck %s
// RUN: rnn-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{lanes=8 registers=12 winograd=4}),canonicalize)" | FileCheck %s --check-prefix=F4

// F(2x2, 3x3) on a 3x3 unit-stride convolution with constant weights, 8
// input channels, 8 output channels, a dynamic batch and 5 x 11 outputs:
// 3 x 6 tiles (the last tile row half outside the output, and its input
// rows past row 6 zero), 18 tiles padded to 24 lanes (3 vectors of 8). The
// filter transform U = G g G^T is a constant [16, M, C]; per image:
// V [16, C, 24] (tile rows written in order, the lanes 16..23 zeroed first
// because no tile row writes lanes 20..23), Y [16, M, 24] from blocks of
// 2 channels x 3 vectors of tiles (12 registers: 6 accumulators + 2 + 3),
// then the output transform adds A^T Y A into the init row by row.

// CHECK-LABEL: func.func @winograd
// CHECK-SAME: (%[[X:.*]]: tensor<?x8x7x13xf32>, %[[Y:.*]]: tensor<?x8x5x11xf32>)
// CHECK-DAG: %[[U:.*]] = arith.constant dense<"0x{{.*}}"> : tensor<16x8x8xf32>
// CHECK: scf.for %[[N:.*]] = %c0 to %{{.*}} step %c1 iter_args(%[[OUT:.*]] = %[[Y]])
// CHECK: %[[V0:.*]] = tensor.empty() : tensor<16x8x24xf32>
// CHECK: %[[V:.*]] = scf.for %[[C:.*]] = %c0 to %c8 step %c1 iter_args(%{{.*}} = %[[V0]])
// CHECK-COUNT-16: vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %[[C]], %c16] {in_bounds = [true]}
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c2 step %c1
// CHECK: %[[RAW:.*]] = vector.transfer_read %[[X]][%[[N]], %[[C]], %{{.*}}, %{{.*}}], %{{.*}} : tensor<?x8x7x13xf32>, vector<16xf32>
// CHECK: vector.shuffle %[[RAW]], %[[RAW]] [0, 2, 4, 6, 8, 10, 12, 14]
// CHECK: vector.shuffle %[[RAW]], %[[RAW]] [1, 3, 5, 7, 9, 11, 13, 15]
// CHECK-COUNT-16: vector.transfer_write {{.*}} : vector<8xf32>, tensor<16x8x24xf32>
// CHECK: scf.yield
// The last tile row (rows 4..7 of a 7-row input): rows 4, 5, 6 read (two
// vectors each: tile columns 0, 1 and 2, 3), row 7 is zero.
// CHECK-COUNT-2: vector.transfer_read %[[X]][%[[N]], %[[C]], %c4,
// CHECK-COUNT-2: vector.transfer_read %[[X]][%[[N]], %[[C]], %c5,
// CHECK-COUNT-2: vector.transfer_read %[[X]][%[[N]], %[[C]], %c6,
// CHECK-NOT: vector.transfer_read %[[X]]
// CHECK-COUNT-16: vector.transfer_write {{.*}}[%{{.*}}, %[[C]], %c12] {in_bounds = [true]} : vector<8xf32>, tensor<16x8x24xf32>
// CHECK: %[[Y0:.*]] = tensor.empty() : tensor<16x8x24xf32>
// CHECK: %[[YT:.*]] = scf.for %[[E:.*]] = %c0 to %c16 step %c1 iter_args(%{{.*}} = %[[Y0]])
// CHECK: scf.for %[[M:.*]] = %c0 to %c8 step %c2
// CHECK: scf.for %[[CC:.*]] = %c0 to %c8 step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK: tensor.extract %[[U]][%[[E]], %[[M]], %[[CC]]]
// CHECK: vector.transfer_read %[[V]][%[[E]], %[[CC]], %c0]
// CHECK-COUNT-2: vector.fma
// CHECK: vector.transfer_read %[[V]][%[[E]], %[[CC]], %c8]
// CHECK-COUNT-2: vector.fma
// CHECK: vector.transfer_read %[[V]][%[[E]], %[[CC]], %c16]
// CHECK-COUNT-2: vector.fma
// CHECK-COUNT-6: vector.transfer_write {{.*}} : vector<8xf32>, tensor<16x8x24xf32>
// CHECK: scf.for %[[O:.*]] = %c0 to %c8 step %c1 iter_args(%{{.*}} = %[[OUT]])
// CHECK: scf.for %[[R:.*]] = %c0 to %c2 step %c1
// CHECK-COUNT-16: vector.transfer_read %[[YT]]
// CHECK: vector.interleave {{.*}} : vector<8xf32> -> vector<16xf32>
// CHECK: %[[PREV:.*]] = vector.transfer_read %{{.*}}[%[[N]], %[[O]], %{{.*}}, %c0], %{{.*}} : tensor<?x8x5x11xf32>, vector<16xf32>
// CHECK: arith.addf %[[PREV]]
// CHECK: vector.transfer_write {{.*}} : vector<16xf32>, tensor<?x8x5x11xf32>
// CHECK: vector.interleave
// CHECK: vector.transfer_write {{.*}} : vector<16xf32>, tensor<?x8x5x11xf32>
// CHECK: scf.yield
// The last tile row: output row 4 only.
// CHECK: vector.interleave
// CHECK: vector.transfer_write {{.*}}[%[[N]], %[[O]], %c4, %c0] : vector<16xf32>, tensor<?x8x5x11xf32>
// CHECK-NOT: vector.transfer_write {{.*}} tensor<?x8x5x11xf32>
// CHECK: scf.yield
// CHECK-NOT: linalg.generic

// F(4x4, 3x3): 6 x 6 input tiles (36 transformed taps), 2 x 3 tiles, the
// input columns of a tile vector from reads of 4 vectors.
// F4-LABEL: func.func @winograd
// F4: arith.constant dense<"0x{{.*}}"> : tensor<36x8x8xf32>
// F4: tensor.empty() : tensor<36x8x8xf32>
// F4: vector.transfer_read {{.*}} : tensor<?x8x7x13xf32>, vector<32xf32>
// F4: vector.shuffle {{.*}} [0, 4, 8, 12, 16, 20, 24, 28]
// F4: tensor.empty() : tensor<36x8x8xf32>
// F4: vector.fma
// F4-NOT: linalg.generic
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @winograd(%x: tensor<?x8x7x13xf32>, %y: tensor<?x8x5x11xf32>) -> tensor<?x8x5x11xf32> {
  %w = arith.constant dense<5.000000e-01> : tensor<8x8x3x3xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<?x8x7x13xf32>, tensor<8x8x3x3xf32>) outs(%y : tensor<?x8x5x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x8x5x11xf32>
  return %r : tensor<?x8x5x11xf32>
}

// -----

// Stride 2 along the height: the direct kernel.
// CHECK-LABEL: func.func @strided
// F4-LABEL: func.func @strided
// F4-NOT: vector.shuffle
// F4: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
// CHECK: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
#xs = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 * 2 + d5, d4 + d6)>
func.func @strided(%x: tensor<1x8x9x13xf32>, %y: tensor<1x8x4x11xf32>) -> tensor<1x8x4x11xf32> {
  %w = arith.constant dense<5.000000e-01> : tensor<8x8x3x3xf32>
  %r = linalg.generic {indexing_maps = [#xs, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x9x13xf32>, tensor<8x8x3x3xf32>) outs(%y : tensor<1x8x4x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x4x11xf32>
  return %r : tensor<1x8x4x11xf32>
}

// -----

// Dilation 2 along the height: the direct kernel.
// CHECK-LABEL: func.func @dilated
// F4-LABEL: func.func @dilated
// F4-NOT: vector.shuffle
// F4: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
// CHECK: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
#xd = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5 * 2, d4 + d6)>
func.func @dilated(%x: tensor<1x8x9x13xf32>, %y: tensor<1x8x5x11xf32>) -> tensor<1x8x5x11xf32> {
  %w = arith.constant dense<5.000000e-01> : tensor<8x8x3x3xf32>
  %r = linalg.generic {indexing_maps = [#xd, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x9x13xf32>, tensor<8x8x3x3xf32>) outs(%y : tensor<1x8x5x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x5x11xf32>
  return %r : tensor<1x8x5x11xf32>
}

// -----

// A 2x3 kernel: the direct kernel.
// CHECK-LABEL: func.func @kernel_2x3
// F4-LABEL: func.func @kernel_2x3
// F4-NOT: vector.shuffle
// F4: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
// CHECK: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @kernel_2x3(%x: tensor<1x8x6x13xf32>, %y: tensor<1x8x5x11xf32>) -> tensor<1x8x5x11xf32> {
  %w = arith.constant dense<5.000000e-01> : tensor<8x8x2x3xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x6x13xf32>, tensor<8x8x2x3xf32>) outs(%y : tensor<1x8x5x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x5x11xf32>
  return %r : tensor<1x8x5x11xf32>
}

// -----

// Weights not constant (a function argument): the direct kernel.
// CHECK-LABEL: func.func @weights_arg
// F4-LABEL: func.func @weights_arg
// F4-NOT: vector.shuffle
// F4: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
// CHECK: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @weights_arg(%x: tensor<1x8x7x13xf32>, %w: tensor<8x8x3x3xf32>, %y: tensor<1x8x5x11xf32>) -> tensor<1x8x5x11xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x7x13xf32>, tensor<8x8x3x3xf32>) outs(%y : tensor<1x8x5x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x5x11xf32>
  return %r : tensor<1x8x5x11xf32>
}

// -----

// 3 input channels (< 8): the direct kernel.
// CHECK-LABEL: func.func @few_channels
// F4-LABEL: func.func @few_channels
// F4-NOT: vector.shuffle
// F4: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
// CHECK: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @few_channels(%x: tensor<1x3x7x13xf32>, %y: tensor<1x8x5x11xf32>) -> tensor<1x8x5x11xf32> {
  %w = arith.constant dense<5.000000e-01> : tensor<8x3x3x3xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x3x7x13xf32>, tensor<8x3x3x3xf32>) outs(%y : tensor<1x8x5x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x5x11xf32>
  return %r : tensor<1x8x5x11xf32>
}

// -----

// 4 output channels (< 8): the direct kernel.
// CHECK-LABEL: func.func @few_outputs
// F4-LABEL: func.func @few_outputs
// F4-NOT: vector.shuffle
// F4: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
// CHECK: vector.fma
// CHECK-NOT: vector.shuffle
// CHECK-NOT: vector.interleave
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @few_outputs(%x: tensor<1x8x7x13xf32>, %y: tensor<1x4x5x11xf32>) -> tensor<1x4x5x11xf32> {
  %w = arith.constant dense<5.000000e-01> : tensor<4x8x3x3xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x7x13xf32>, tensor<4x8x3x3xf32>) outs(%y : tensor<1x4x5x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x4x5x11xf32>
  return %r : tensor<1x4x5x11xf32>
}

// -----

// Grouped (channel index from floordiv): no kernel at all.
// CHECK-LABEL: func.func @grouped
// F4-LABEL: func.func @grouped
// F4: linalg.generic
// CHECK: linalg.generic
// CHECK-NOT: vector.fma
#xg = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 2) * 8 + d2, d3 + d5, d4 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3, d4)>
func.func @grouped(%x: tensor<1x64x7x13xf32>, %y: tensor<1x8x5x11xf32>) -> tensor<1x8x5x11xf32> {
  %w = arith.constant dense<5.000000e-01> : tensor<8x8x3x3xf32>
  %r = linalg.generic {indexing_maps = [#xg, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x64x7x13xf32>, tensor<8x8x3x3xf32>) outs(%y : tensor<1x8x5x11xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x5x11xf32>
  return %r : tensor<1x8x5x11xf32>
}
