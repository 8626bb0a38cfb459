// RUN: rnn-opt %s -split-input-file --rnn-sparse-kernels | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-sparse-kernels="threshold=1.0" | FileCheck %s --check-prefix=OFF

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// Unstructured, 87.5% zeros (CSR pays from about 83%, see Sparsity.h):
// CSR with an empty row (row pointers 2, 2), one row of A at a
// time, 4 interleaved partial sums of vector<1xf32>.
// CHECK-LABEL: func.func @csr_empty_row
// CHECK-DAG: arith.constant dense<{{\[}}[1.000000e+00], [2.000000e+00], [3.000000e+00], [4.000000e+00]]> : tensor<4x1xf32>
// CHECK-DAG: arith.constant dense<[0, 2, 2, 3, 4]> : tensor<5xi32>
// CHECK-DAG: arith.constant dense<[0, 3, 1, 6]> : tensor<4xi32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for {{.*}} -> (vector<1xf32>, vector<1xf32>, vector<1xf32>, vector<1xf32>)
// CHECK: vector.fma {{.*}} : vector<1xf32>
// CHECK: } {rnn.sparse_matmul = {block = array<i64: 1, 1>, cols = 8 : i64, dense_bytes = 128 : i64, format = "csr", nnz = 4 : i64, rows = 4 : i64, sparse_bytes = 52 : i64, sparsity = 8.750000e-01 : f64, stored = 4 : i64}}
// CHECK-NOT: linalg.matmul
// OFF-LABEL: func.func @csr_empty_row
// OFF-NOT: rnn.sparse_matmul
// OFF: linalg.matmul
func.func @csr_empty_row(%a: tensor<1x8xf32>, %c: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %b = arith.constant dense<[[1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0, 0.0]]> : tensor<4x8xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<1x8xf32>, tensor<4x8xf32>) outs(%c : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// Zeros in aligned 4x1 blocks: block-CSR, each block one vector<4> FMA.
// Values are stored block by block: [1, 2, 3, 4] is column 1 of rows 0-3.
// CHECK-LABEL: func.func @bcsr_4x1
// CHECK-DAG: arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]]> : tensor<2x4xf32>
// CHECK-DAG: arith.constant dense<[0, 1, 2]> : tensor<3xi32>
// CHECK-DAG: arith.constant dense<[1, 3]> : tensor<2xi32>
// CHECK: vector.fma {{.*}} : vector<4xf32>
// CHECK: rnn.sparse_matmul = {block = array<i64: 4, 1>, {{.*}}format = "bcsr"
func.func @bcsr_4x1(%a: tensor<2x4xf32>, %c: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %b = arith.constant dense<[[0.0, 1.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0], [0.0, 4.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 5.0], [0.0, 0.0, 0.0, 6.0], [0.0, 0.0, 0.0, 7.0], [0.0, 0.0, 0.0, 8.0]]> : tensor<8x4xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<2x4xf32>, tensor<8x4xf32>) outs(%c : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// Below the threshold: left for the dense kernels, decision recorded.
// CHECK-LABEL: func.func @dense
// CHECK: linalg.matmul {{.*}}rnn.sparse_matmul = {cols = 2 : i64, dense_bytes = 16 : i64, format = "dense", nnz = 3 : i64, rows = 2 : i64, sparsity = 2.500000e-01 : f64}
// CHECK-NOT: scf.for
func.func @dense(%a: tensor<1x2xf32>, %c: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[[1.0, 0.0], [2.0, 3.0]]> : tensor<2x2xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<1x2xf32>, tensor<2x2xf32>) outs(%c : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// 75% zeros, scattered: above the threshold, but CSR would cost 4 x 6 > 16
// dense weights, so the matrix stays dense.
// CHECK-LABEL: func.func @scattered_stays_dense
// CHECK: linalg.matmul {{.*}}format = "dense"{{.*}}sparsity = 7.500000e-01
func.func @scattered_stays_dense(%a: tensor<1x4xf32>, %c: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %b = arith.constant dense<[[1.0, 0.0, 0.0, 2.0], [0.0, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0], [0.0, 0.0, 4.0, 0.0]]> : tensor<4x4xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<1x4xf32>, tensor<4x4xf32>) outs(%c : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// An all-zero matrix: C += A * 0 is C; a marker cast keeps the decision.
// CHECK-LABEL: func.func @all_zero
// CHECK-SAME: %[[A:.*]]: tensor<3x2xf32>, %[[C:.*]]: tensor<3x2xf32>
// CHECK: %[[R:.*]] = tensor.cast %[[C]] {rnn.sparse_matmul = {{{.*}}format = "zero"{{.*}}}} : tensor<3x2xf32> to tensor<3x2xf32>
// CHECK-NOT: linalg.matmul
// CHECK: return %[[R]]
func.func @all_zero(%a: tensor<3x2xf32>, %c: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %b = arith.constant dense<0.0> : tensor<2x2xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<3x2xf32>, tensor<2x2xf32>) outs(%c : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// 32 rows of A (the projection of all steps): rows in the lanes of
// vector<16>, on A^T and C^T, transposed back at the end; both vectors of
// rows in one pass: one broadcast weight for two FMAs.
// CHECK-LABEL: func.func @lanes
// CHECK: linalg.transpose
// CHECK: linalg.transpose
// CHECK: scf.for {{.*}} step %c32
// CHECK-COUNT-2: vector.transfer_read {{.*}} : tensor<4x32xf32>, vector<16xf32>
// CHECK-COUNT-2: vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<16xf32>
// CHECK: %[[W:.*]] = vector.broadcast
// CHECK-NEXT: vector.fma %[[W]], {{.*}} : vector<16xf32>
// CHECK-NEXT: vector.fma %[[W]], {{.*}} : vector<16xf32>
// CHECK: linalg.transpose {{.*}}rnn.sparse_matmul = {block = array<i64: 1, 1>
func.func @lanes(%a: tensor<32x8xf32>, %c: tensor<32x4xf32>) -> tensor<32x4xf32> {
  %b = arith.constant dense<[[1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0, 0.0]]> : tensor<4x8xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<32x8xf32>, tensor<4x8xf32>) outs(%c : tensor<32x4xf32>) -> tensor<32x4xf32>
  return %r : tensor<32x4xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// 150 rows: A^T and C^T padded with zeros to 160 columns (every vector
// access in bounds), a pass of 8 vectors of rows (128 rows), then one of
// the 2 vectors left; the padding is dropped before transposing back.
// CHECK-LABEL: func.func @lanes_rest
// CHECK: %[[AP:.*]] = linalg.fill {{.*}} -> tensor<8x160xf32>
// CHECK: tensor.extract_slice %[[AP]][0, 0] [8, 150] [1, 1]
// CHECK: linalg.transpose
// CHECK: %[[CP:.*]] = linalg.fill {{.*}} -> tensor<4x160xf32>
// CHECK: linalg.transpose
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c128{{.*}} step %c128
// CHECK-COUNT-8: vector.fma
// CHECK: scf.for %{{.*}} = %c128{{.*}} to %c160{{.*}} step %c32
// CHECK: tensor.extract_slice {{.*}}[0, 0] [4, 150] [1, 1] : tensor<4x160xf32> to tensor<4x150xf32>
// CHECK: linalg.transpose {{.*}}rnn.sparse_matmul = {block = array<i64: 1, 1>
func.func @lanes_rest(%a: tensor<150x8xf32>, %c: tensor<150x4xf32>) -> tensor<150x4xf32> {
  %b = arith.constant dense<[[1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0, 0.0]]> : tensor<4x8xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<150x8xf32>, tensor<4x8xf32>) outs(%c : tensor<150x4xf32>) -> tensor<150x4xf32>
  return %r : tensor<150x4xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// A dynamic number of rows: both kernels, chosen at run time.
// CHECK-LABEL: func.func @dynamic_rows
// CHECK: %[[M:.*]] = tensor.dim
// CHECK: %[[MANY:.*]] = arith.cmpi uge, %[[M]], %c16
// CHECK: scf.if %[[MANY]]
// CHECK: vector<16xf32>
// CHECK: } else {
// CHECK: vector<1xf32>
// CHECK: } {rnn.sparse_matmul = {block = array<i64: 1, 1>
func.func @dynamic_rows(%a: tensor<?x8xf32>, %c: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %b = arith.constant dense<[[1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0, 0.0]]> : tensor<4x8xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<?x8xf32>, tensor<4x8xf32>) outs(%c : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// Weights that are not constants are not examined.
// CHECK-LABEL: func.func @weights_argument
// CHECK: linalg.matmul
// CHECK-NOT: rnn.sparse_matmul
func.func @weights_argument(%a: tensor<1x4xf32>, %b: tensor<4x4xf32>, %c: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %b : tensor<1x4xf32>, tensor<4x4xf32>) outs(%c : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
