// RUN: rnn-opt %s -split-input-file --rnn-hls-weights | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-hls-weights="sparse-threshold=1.0" | FileCheck %s --check-prefix=OFF
// RUN: not rnn-opt %s -split-input-file --rnn-hls-weights="sparse-threshold=2.0" 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: rnn-hls-weights: sparse-threshold must be in [0, 1], got 2

// int8 weights (rnn-quantize-weights' form): the CPU int8 kernel's
// arithmetic as linalg: row absmax of A, s_a = amax * (1/127) and
// inv = 127 / amax (one op, two results), q_a = trunci(fptosi(roundeven(A *
// inv))), an i8 x i8 -> i32 matmul against the i8 weight constant, then
// fma(sitofp(acc), s_a * s_w, C).
!wq = tensor<2x5x!quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5}>>
// CHECK-LABEL: func.func @int8_weights
// CHECK-DAG: arith.constant dense<{{\[\[}}1, 2, 3, 4, 5], [-1, 0, 0, 0, 0]]> : tensor<2x5xi8>
// CHECK-DAG: arith.constant dense<[1.000000e+00, 5.000000e-01]> : tensor<2xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: math.absf
// CHECK: arith.maximumf
// CHECK: %[[S:.*]]:2 = linalg.generic
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: arith.select
// CHECK: linalg.yield
// CHECK: linalg.generic
// CHECK: math.roundeven
// CHECK: arith.fptosi {{.*}} : f32 to i32
// CHECK: arith.trunci {{.*}} : i32 to i8
// CHECK: linalg.fill {{.*}} -> tensor<3x2xi32>
// CHECK: linalg.matmul {{.*}} ins({{.*}} : tensor<3x5xi8>, tensor<2x5xi8>) outs({{.*}} : tensor<3x2xi32>)
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: arith.sitofp {{.*}} : i32 to f32
// CHECK: math.fma
// CHECK-NOT: quant.dcast
// OFF-LABEL: func.func @int8_weights
// OFF: math.fma
func.func @int8_weights(%a: tensor<3x5xf32>, %c: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %q = arith.constant dense<[[1, 2, 3, 4, 5], [-1, 0, 0, 0, 0]]> : tensor<2x5xi8>
  %s = quant.scast %q : tensor<2x5xi8> to !wq
  %w = quant.dcast %s : !wq to tensor<2x5xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<3x5xf32>, tensor<2x5xf32>) outs(%c : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

// Sparse weights (4 of 12 non-zero, rows with 2, 0 and 2 non-zeros): padded
// rows (ELL) of L = 2 slots; column indices i16 in column order, the empty
// row padded with column 0 and value 0; A read through tensor.extract at the
// loaded column.
// CHECK-LABEL: func.func @sparse_weights
// CHECK-DAG: arith.constant dense<{{\[\[}}1, 3], [0, 0], [0, 2]]> : tensor<3x2xi16>
// CHECK-DAG: arith.constant dense<{{\[\[}}2.000000e+00, -1.000000e+00], [0.000000e+00, 0.000000e+00], [5.000000e-01, 3.000000e+00]]> : tensor<3x2xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: rnn.hls_sparse = array<i64: 3, 4, 4, 2>
// CHECK: linalg.index 0
// CHECK: arith.index_cast {{.*}} : i16 to index
// CHECK: tensor.extract
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.matmul
// OFF-LABEL: func.func @sparse_weights
// OFF: linalg.matmul
func.func @sparse_weights(%a: tensor<5x4xf32>, %c: tensor<5x3xf32>) -> tensor<5x3xf32> {
  %w = arith.constant dense<[[0.0, 2.0, 0.0, -1.0], [0.0, 0.0, 0.0, 0.0], [0.5, 0.0, 3.0, 0.0]]> : tensor<3x4xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<5x4xf32>, tensor<3x4xf32>) outs(%c : tensor<5x3xf32>) -> tensor<5x3xf32>
  return %r : tensor<5x3xf32>
}

// -----

// Below the threshold (1 zero of 4) the product stays dense; an all-zero
// matrix makes it disappear (C + A * 0 = C).
// CHECK-LABEL: func.func @dense_and_zero
// CHECK: %[[D:.*]] = linalg.matmul
// CHECK-NOT: linalg.matmul
// CHECK: return %[[D]], %arg1
func.func @dense_and_zero(%a: tensor<1x2xf32>, %c: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<[[1.0, 2.0], [0.0, 4.0]]> : tensor<2x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<1x2xf32>, tensor<2x2xf32>) outs(%c : tensor<1x2xf32>) -> tensor<1x2xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %z : tensor<1x2xf32>, tensor<2x2xf32>) outs(%c : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %r, %s : tensor<1x2xf32>, tensor<1x2xf32>
}
