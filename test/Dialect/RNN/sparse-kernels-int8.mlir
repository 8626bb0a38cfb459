// RUN: rnn-opt %s -split-input-file --rnn-sparse-kernels="int8-permute=true min-weights=0" | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-sparse-kernels="min-weights=0" | FileCheck %s --check-prefix=NOPERM
// RUN: rnn-opt %s -split-input-file --rnn-sparse-kernels="int8=always" | FileCheck %s --check-prefix=ALWAYS
// RUN: rnn-opt %s -split-input-file --rnn-sparse-kernels="int8-permute=true int8=never min-weights=0" | FileCheck %s --check-prefix=NEVER

// The int8 tiled ELLPACK kernel (Sparsity.h, EllInt8Tiles) of
// rnn-sparse-kernels for weights rnn-quantize-weights left as int8 (per-row
// scales, zero point 0). W [16, 6] (90.6% zeros): row 0 has 5 and -7 at
// columns 1 and 3, row 1 is empty, row 2 has 1..5 at columns 0..4, the
// others are empty. One tile of 16 rows x 128 columns (6 wide here); its
// widest row (2) has 5 non-zeros, so 2 entries of 4 per row.

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// Constants: i32 tile pointers [0, 2]; [entries, 64] i8 columns and values,
// lane l's 4 slots at bytes 4l..4l+3 (entry 0: row 0 = columns 1, 3 and
// padding at column 0, row 2 = columns 0..3; entry 1: row 2 = column 4);
// s_w per row; offsets -128 * row sum (row 0: 256, row 2: -1920). A is
// quantized as by the dense int8 kernel (absmax, roundeven, + 128); per
// tile two 64-byte activation reads (the 8 padded bytes beyond K read as
// 0), per entry one byte rnn.permute2 and one rnn.int8_dot; the epilogue
// is the dense kernel's fma(float(acc), s_a * s_w, C).
// CHECK-LABEL: func.func @int8_ell
// CHECK-DAG: arith.constant dense<[0, 2]> : tensor<2xi32>
// CHECK-DAG: arith.constant dense<"0x{{0103000000000000000001020300*}}{{(04)?}}{{0*}}"> : tensor<2x64xi8>
// CHECK-DAG: arith.constant dense<[5.000000e-01, 1.000000e+00
// CHECK-DAG: arith.constant dense<[256, 0, -1920, 0
// CHECK: linalg.generic
// CHECK: math.absf
// CHECK: math.roundeven
// CHECK: tensor.pad
// CHECK: scf.for
// CHECK: tensor.extract
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<16xi32>, vector<16xi32>
// CHECK: scf.for {{.*}} -> (vector<16xi32>, vector<16xi32>)
// CHECK: vector.transfer_read {{.*}} : tensor<1x8xi8>, vector<64xi8>
// CHECK: vector.transfer_read {{.*}} : tensor<1x8xi8>, vector<64xi8>
// CHECK: scf.for
// CHECK: rnn.permute2 {{.*}} : vector<64xi8> -> vector<64xi8>
// CHECK: rnn.int8_dot {{.*}} : vector<64xi8> -> vector<16xi32>
// CHECK: arith.addi {{.*}} : vector<16xi32>
// CHECK: arith.mulf {{.*}} : vector<16xf32>
// CHECK: arith.sitofp {{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: vector.fma
// CHECK: rnn.sparse_matmul = {block = array<i64: 16, 128>, cols = 6 : i64, dense_bytes = 384 : i64, format = "int8-ell", nnz = 7 : i64, rows = 16 : i64, sparse_bytes = 392 : i64, sparsity = {{.*}}, stored = 128 : i64}
// CHECK-NOT: linalg.matmul
// Without vpermi2b the cost model leaves the product to the dense int8
// kernel (the byte permute would be 64 extracts).
// NOPERM-LABEL: func.func @int8_ell
// NOPERM-NOT: rnn.permute2
// NOPERM: linalg.matmul
// NOPERM-SAME: format = "int8"
// Forced, also below the default min-weights (96 < 256) here.
// ALWAYS-LABEL: func.func @int8_ell
// ALWAYS: rnn.permute2
// ALWAYS: format = "int8-ell"
// NEVER-LABEL: func.func @int8_ell
// NEVER-NOT: rnn.permute2
// NEVER: format = "int8"
func.func @int8_ell(%a: tensor<1x6xf32>, %c: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %q = arith.constant dense<[[0, 5, 0, -7, 0, 0], [0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]> : tensor<16x6xi8>
  %s = quant.scast %q : tensor<16x6xi8> to tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>>
  %w = quant.dcast %s : tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>> to tensor<16x6xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %w : tensor<1x6xf32>, tensor<16x6xf32>) outs(%c : tensor<1x16xf32>) -> tensor<1x16xf32>
  return %r : tensor<1x16xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// A dynamic number of rows: the sparse kernel below 16 rows, the original
// matmul (for rnn-matmul-to-vector's dense int8 kernel) above; the report's
// bytes include the dense kernel's packed copy.
// CHECK-LABEL: func.func @int8_ell_dynamic_rows
// CHECK: arith.cmpi uge
// CHECK: scf.if
// CHECK: linalg.matmul
// CHECK: } else {
// CHECK: rnn.permute2
// CHECK: rnn.int8_dot
// CHECK: format = "int8-ell"
// CHECK-SAME: sparse_bytes = 616 : i64
func.func @int8_ell_dynamic_rows(%a: tensor<?x6xf32>, %c: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %q = arith.constant dense<[[0, 5, 0, -7, 0, 0], [0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]> : tensor<16x6xi8>
  %s = quant.scast %q : tensor<16x6xi8> to tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>>
  %w = quant.dcast %s : tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>> to tensor<16x6xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %w : tensor<?x6xf32>, tensor<16x6xf32>) outs(%c : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %r : tensor<?x16xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// 16 rows of A (the projection of all steps): the dense int8 kernel.
// CHECK-LABEL: func.func @int8_ell_many_rows
// CHECK-NOT: rnn.permute2
// CHECK: linalg.matmul
// CHECK-SAME: format = "int8"
func.func @int8_ell_many_rows(%a: tensor<16x6xf32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %q = arith.constant dense<[[0, 5, 0, -7, 0, 0], [0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]> : tensor<16x6xi8>
  %s = quant.scast %q : tensor<16x6xi8> to tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>>
  %w = quant.dcast %s : tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>> to tensor<16x6xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %w : tensor<16x6xf32>, tensor<16x6xf32>) outs(%c : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %r : tensor<16x16xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// A static activation scale (calibrated): no per-row max; the scale is
// folded into s_w (0.5 * 0.25, 0.25, ...) and the epilogue multiplies by
// the folded scales only.
// CHECK-LABEL: func.func @int8_ell_static_scale
// CHECK-DAG: arith.constant dense<[1.250000e-01, 2.500000e-01
// CHECK-NOT: math.absf
// CHECK: arith.minimumf
// CHECK: rnn.int8_dot
// CHECK-NOT: arith.mulf {{.*}} : vector<16xf32>
// CHECK: vector.fma
// CHECK: format = "int8-ell"
func.func @int8_ell_static_scale(%a: tensor<1x6xf32>, %c: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %q = arith.constant dense<[[0, 5, 0, -7, 0, 0], [0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]> : tensor<16x6xi8>
  %s = quant.scast %q : tensor<16x6xi8> to tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>>
  %w = quant.dcast %s : tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>> to tensor<16x6xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %w : tensor<1x6xf32>, tensor<16x6xf32>) outs(%c : tensor<1x16xf32>) {rnn.activation_scale = 2.500000e-01 : f32} -> tensor<1x16xf32>
  return %r : tensor<1x16xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>

// An all-zero int8 matrix: the product disappears (C is the result).
// CHECK-LABEL: func.func @int8_zero
// CHECK-NOT: rnn.int8_dot
// CHECK-NOT: linalg.matmul
// CHECK: tensor.cast {{.*}}format = "zero"
func.func @int8_zero(%a: tensor<4x6xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %q = arith.constant dense<[[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]> : tensor<16x6xi8>
  %s = quant.scast %q : tensor<16x6xi8> to tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>>
  %w = quant.dcast %s : tensor<16x6x!quant.uniform<i8<-127:127>:f32:0, {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}>> to tensor<16x6xf32>
  %r = linalg.matmul indexing_maps = [#a, #b, #c] ins(%a, %w : tensor<4x6xf32>, tensor<16x6xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}
