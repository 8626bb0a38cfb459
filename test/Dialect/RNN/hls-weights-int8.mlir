// RUN: rnn-opt %s -split-input-file --rnn-hls-weights | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-hls-weights="fixed-point=true" | FileCheck %s --check-prefix=FIXED

// int8 weights with at least sparse-threshold (0.5) zeros (6 of 10 here,
// rows with 1 and 3 non-zeros): the CPU's int8 arithmetic with the i32 sum
// over padded rows of L = 3 slots holding the int8 values
// (acc += extsi(q_a[cols]) * extsi(vals)), the same integer as the dense sum.
!wq = tensor<2x5x!quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5}>>
// CHECK-LABEL: func.func @int8_sparse
// CHECK-DAG: arith.constant dense<{{\[\[}}2, 2, 2], [0, 3, 4]]> : tensor<2x3xi16>
// CHECK-DAG: arith.constant dense<{{\[\[}}7, 0, 0], [-1, 5, 9]]> : tensor<2x3xi8>
// CHECK: math.roundeven
// CHECK: arith.trunci {{.*}} : i32 to i8
// CHECK: linalg.fill {{.*}} -> tensor<3x2xi32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: rnn.hls_sparse = array<i64: 2, 5, 4, 3>
// CHECK: tensor.extract {{.*}} : tensor<3x5xi8>
// CHECK: arith.extsi {{.*}} : i8 to i32
// CHECK: arith.extsi {{.*}} : i8 to i32
// CHECK: arith.muli
// CHECK: arith.addi
// CHECK: math.fma
// CHECK-NOT: linalg.matmul
// With fixed-point data: no activation quantization; the f32 sum of
// A * sitofp(q) over the padded rows, then C + acc * s_w.
// FIXED-LABEL: func.func @int8_sparse
// FIXED-NOT: math.roundeven
// FIXED: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// FIXED-SAME: rnn.hls_sparse = array<i64: 2, 5, 4, 3>
// FIXED: tensor.extract {{.*}} : tensor<3x5xf32>
// FIXED: arith.sitofp {{.*}} : i8 to f32
// FIXED: arith.mulf
// FIXED: arith.addf
// FIXED: linalg.generic
// FIXED: arith.mulf
// FIXED: arith.addf
// FIXED-NOT: math.fma
func.func @int8_sparse(%a: tensor<3x5xf32>, %c: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %q = arith.constant dense<[[0, 0, 7, 0, 0], [-1, 0, 0, 5, 9]]> : tensor<2x5xi8>
  %s = quant.scast %q : tensor<2x5xi8> to !wq
  %w = quant.dcast %s : !wq to tensor<2x5xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<3x5xf32>, tensor<2x5xf32>) outs(%c : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

// Dense int8 weights with fixed-point data: acc[m, n] = sum_k A[m, k] *
// sitofp(q[n, k]) (a (m, n, k) generic against the i8 constant), then
// C + acc * s_w[n]; nothing quantizes A.
!wq = tensor<2x5x!quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5}>>
// Without fixed-point: the CPU's form, a dense i8 x i8 matmul.
// CHECK-LABEL: func.func @int8_dense
// CHECK: linalg.matmul
// FIXED-LABEL: func.func @int8_dense
// FIXED-DAG: arith.constant dense<{{\[\[}}1, 2, 3, 4, 5], [-1, 0, 0, 0, 0]]> : tensor<2x5xi8>
// FIXED-DAG: arith.constant dense<[1.000000e+00, 5.000000e-01]> : tensor<2xf32>
// FIXED-NOT: math.roundeven
// FIXED: linalg.fill {{.*}} -> tensor<3x2xf32>
// FIXED: linalg.generic {{.*}} ins({{.*}} : tensor<3x5xf32>, tensor<2x5xi8>) outs({{.*}} : tensor<3x2xf32>)
// FIXED: arith.sitofp {{.*}} : i8 to f32
// FIXED: arith.mulf
// FIXED: arith.addf
// FIXED: linalg.generic
// FIXED: arith.mulf
// FIXED: arith.addf
func.func @int8_dense(%a: tensor<3x5xf32>, %c: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %q = arith.constant dense<[[1, 2, 3, 4, 5], [-1, 0, 0, 0, 0]]> : tensor<2x5xi8>
  %s = quant.scast %q : tensor<2x5xi8> to !wq
  %w = quant.dcast %s : !wq to tensor<2x5xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<3x5xf32>, tensor<2x5xf32>) outs(%c : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}
