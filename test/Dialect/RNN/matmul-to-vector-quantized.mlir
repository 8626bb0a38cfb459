// RUN: rnn-opt %s -split-input-file --rnn-matmul-to-vector="vector-size=16 row-block=2 min-weights=0" | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-matmul-to-vector="vector-size=16 row-block=2 min-weights=0 bf16-dot=true" | FileCheck %s --check-prefix=DOT

// int8 weights (rnn-quantize-weights' form): packed at compile time into
// [ceil(N/16), ceil(K/4), 64] i8 panels with per-row scales and the
// -128 * rowsum offsets; A is quantized per row at run time (absmax, 127 /
// absmax, roundeven, + 128 as a byte), and the kernel accumulates with
// rnn.int8_dot, then scales by s_a * s_w into C with an FMA.
// W = [[1, 2, 3, 4, 5], [-1, 0, 0, 0, 0]] at scale 1: row sums 15 and -1.
!wq = tensor<2x5x!quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5}>>
// CHECK-LABEL: func.func @int8_weights
// CHECK-DAG: arith.constant dense<{{.*}}> : tensor<1x2x64xi8>
// CHECK-DAG: arith.constant dense<[1.000000e+00, 5.000000e-01, 0.000000e+00{{.*}}]> : tensor<16xf32>
// CHECK-DAG: arith.constant dense<[-1920, 128, 0{{.*}}]> : tensor<16xi32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: math.absf
// CHECK: arith.maximumf
// CHECK: linalg.generic
// CHECK: math.roundeven
// CHECK: arith.trunci {{.*}} : i32 to i8
// CHECK: tensor.pad
// CHECK: scf.for
// CHECK: rnn.int8_dot {{.*}} : vector<64xi8> -> vector<16xi32>
// CHECK: arith.sitofp {{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: vector.fma
// CHECK-NOT: linalg.matmul
func.func @int8_weights(%a: tensor<?x5xf32>, %c: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %q = arith.constant dense<[[1, 2, 3, 4, 5], [-1, 0, 0, 0, 0]]> : tensor<2x5xi8>
  %s = quant.scast %q : tensor<2x5xi8> to !wq
  %w = quant.dcast %s : !wq to tensor<2x5xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<?x5xf32>, tensor<2x5xf32>) outs(%c : tensor<?x2xf32>) -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// bf16 weights: bf16 panels, widened to f32 on load, f32 FMAs.
// CHECK-LABEL: func.func @bf16_weights
// CHECK: arith.constant dense<{{.*}}> : tensor<1x3x16xbf16>
// CHECK: vector.transfer_read {{.*}} : tensor<1x3x16xbf16>, vector<16xbf16>
// CHECK: arith.extf {{.*}} : vector<16xbf16> to vector<16xf32>
// CHECK: vector.fma
// CHECK-NOT: linalg.matmul
func.func @bf16_weights(%a: tensor<?x3xf32>, %c: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %wb = arith.constant dense<[[1.0, 2.0, 3.0], [0.5, 0.25, 0.125]]> : tensor<2x3xbf16>
  %w = arith.extf %wb : tensor<2x3xbf16> to tensor<2x3xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<?x3xf32>, tensor<2x3xf32>) outs(%c : tensor<?x2xf32>) -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// bf16 weights with bf16-dot: [ceil(N/16), ceil(K/2), 32] bf16 panels (pairs
// of k adjacent), rows of A rounded to bf16, AVX-512 BF16 dot products into
// f32 accumulators added to C.
// DOT-LABEL: func.func @bf16_dot
// DOT: arith.constant dense<{{.*}}> : tensor<1x2x32xbf16>
// DOT: arith.truncf {{.*}} : f32 to bf16
// DOT: tensor.pad
// DOT: x86vector.avx512.dot {{.*}} : vector<32xbf16> -> vector<16xf32>
// DOT: arith.addf {{.*}} : vector<16xf32>
// DOT-NOT: linalg.matmul
func.func @bf16_dot(%a: tensor<?x3xf32>, %c: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %wb = arith.constant dense<[[1.0, 2.0, 3.0], [0.5, 0.25, 0.125]]> : tensor<2x3xbf16>
  %w = arith.extf %wb : tensor<2x3xbf16> to tensor<2x3xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<?x3xf32>, tensor<2x3xf32>) outs(%c : tensor<?x2xf32>) -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// int8 weights with a calibrated static activation scale
// (rnn.activation_scale = 0.5, from rnn-quantize-weights' activation-ranges):
// no per-row max; A is multiplied by 1 / 0.5, clamped to [-127, 127],
// rounded and shifted to a byte, and s_a * s_w (0.5 * [1, 0.5]) is folded
// into the packed scales, so the epilogue multiplies by them directly.
!wq = tensor<2x5x!quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5}>>
// CHECK-LABEL: func.func @int8_static_scale
// CHECK-DAG: arith.constant dense<[5.000000e-01, 2.500000e-01, 0.000000e+00{{.*}}]> : tensor<16xf32>
// CHECK-DAG: arith.constant dense<[-1920, 128, 0{{.*}}]> : tensor<16xi32>
// CHECK-NOT: iterator_types = ["parallel", "reduction"]
// CHECK: linalg.generic
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: math.roundeven
// CHECK: arith.trunci {{.*}} : i32 to i8
// CHECK: scf.for
// CHECK: rnn.int8_dot {{.*}} : vector<64xi8> -> vector<16xi32>
// CHECK: arith.sitofp {{.*}} : vector<16xi32> to vector<16xf32>
// CHECK-NOT: vector.broadcast {{.*}} : f32 to vector<16xf32>
// CHECK: vector.fma
// CHECK-NOT: linalg.matmul
func.func @int8_static_scale(%a: tensor<?x5xf32>, %c: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %q = arith.constant dense<[[1, 2, 3, 4, 5], [-1, 0, 0, 0, 0]]> : tensor<2x5xi8>
  %s = quant.scast %q : tensor<2x5xi8> to !wq
  %w = quant.dcast %s : !wq to tensor<2x5xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<?x5xf32>, tensor<2x5xf32>) outs(%c : tensor<?x2xf32>)
      {rnn.activation_scale = 5.000000e-01 : f32} -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// The input projection (C = the bias broadcast over the T rows): the int8
// kernel's epilogue adds the bias itself (C is only written, never filled),
// and the panel loop is outermost (rnn.parallel) with the row blocks (2
// rows, then the 5th row alone) inside it, so a panel's weights stay in
// cache while every row passes over them. Not in a time loop: no
// serpentine order.
!wq = tensor<32x8x!quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5}>>
// CHECK-LABEL: func.func @int8_projection_bias
// CHECK-SAME: (%{{.*}}: tensor<5x8xf32>, %[[BIAS:.*]]: tensor<32xf32>)
// CHECK-NOT: linalg.broadcast
// CHECK-NOT: rnn.serpentine
// CHECK: %[[E:.*]] = tensor.empty() : tensor<5x32xf32>
// CHECK: scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[E]]) -> (tensor<5x32xf32>) {
// CHECK-NEXT: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c2
// CHECK: rnn.int8_dot
// CHECK: %[[B:.*]] = vector.transfer_read %[[BIAS]][%{{.*}}]
// CHECK: vector.fma %{{.*}}, %{{.*}}, %[[B]] : vector<16xf32>
// CHECK: vector.fma %{{.*}}, %{{.*}}, %[[B]] : vector<16xf32>
// CHECK: scf.for %{{.*}} = %c4 to %c5 step %c1
// CHECK: rnn.int8_dot
// CHECK: vector.transfer_read %[[BIAS]]
// CHECK: } {rnn.parallel = {{.*}} : i64}
// CHECK-NOT: linalg.matmul
func.func @int8_projection_bias(%a: tensor<5x8xf32>, %bias: tensor<32xf32>) -> tensor<5x32xf32> {
  %q = arith.constant dense<1> : tensor<32x8xi8>
  %s = quant.scast %q : tensor<32x8xi8> to !wq
  %w = quant.dcast %s : !wq to tensor<32x8xf32>
  %e = tensor.empty() : tensor<5x32xf32>
  %c = linalg.broadcast ins(%bias : tensor<32xf32>) outs(%e : tensor<5x32xf32>) dimensions = [0]
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<5x8xf32>, tensor<32x8xf32>) outs(%c : tensor<5x32xf32>) -> tensor<5x32xf32>
  return %r : tensor<5x32xf32>
}

// -----

// The recurrent step in a time loop (rnn.time_loop, unit step), accumulating
// into its row of the projection: the kernel reads C's old values from the
// slice and writes a fresh tensor (no copy of the slice), and walks its
// panels in serpentine order: on every other step (odd t - lb, here
// t = 2, 4) panel 1 - p instead of p, so a step starts on the weights the
// previous one read last.
!wq = tensor<32x8x!quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5}>>
// CHECK-LABEL: func.func @int8_step_serpentine
// CHECK: scf.for %[[T:.*]] = %[[LB:.*]] to %{{.*}} step %{{.*}} iter_args
// CHECK: %[[SLICE:.*]] = tensor.extract_slice
// CHECK: %[[FRESH:.*]] = tensor.empty() : tensor<1x32xf32>
// CHECK: %[[I:.*]] = arith.subi %[[T]], %[[LB]] : index
// CHECK: %[[ODD:.*]] = arith.andi %[[I]], %{{.*}} : index
// CHECK: %[[REV:.*]] = arith.cmpi ne, %[[ODD]], %{{.*}} : index
// CHECK: scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[FRESH]]) -> (tensor<1x32xf32>) {
// CHECK: %[[BACK:.*]] = arith.subi %c1, %[[P]] : index
// CHECK: %[[PANEL:.*]] = arith.select %[[REV]], %[[BACK]], %[[P]] {rnn.serpentine} : index
// CHECK: rnn.int8_dot
// CHECK: vector.transfer_read %[[SLICE]][%{{.*}}, %{{.*}}]
// CHECK: vector.fma
// CHECK: } {rnn.parallel = {{.*}} : i64}
// CHECK: } {rnn.time_loop}
func.func @int8_step_serpentine(%proj: tensor<5x32xf32>, %h: tensor<1x8xf32>,
                                %init: tensor<5x32xf32>) -> tensor<5x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %q = arith.constant dense<1> : tensor<32x8xi8>
  %s = quant.scast %q : tensor<32x8xi8> to !wq
  %w = quant.dcast %s : !wq to tensor<32x8xf32>
  %r = scf.for %t = %c1 to %c5 step %c1 iter_args(%acc = %init) -> (tensor<5x32xf32>) {
    %slice = tensor.extract_slice %proj[%t, 0] [1, 32] [1, 1] : tensor<5x32xf32> to tensor<1x32xf32>
    %mm = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                         affine_map<(d0, d1, d2) -> (d1, d2)>,
                                         affine_map<(d0, d1, d2) -> (d0, d1)>]
        ins(%h, %w : tensor<1x8xf32>, tensor<32x8xf32>) outs(%slice : tensor<1x32xf32>) -> tensor<1x32xf32>
    %next = tensor.insert_slice %mm into %acc[%t, 0] [1, 32] [1, 1] : tensor<1x32xf32> into tensor<5x32xf32>
    scf.yield %next : tensor<5x32xf32>
  } {rnn.time_loop}
  return %r : tensor<5x32xf32>
}
