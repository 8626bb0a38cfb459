// RUN: rnn-opt %s -split-input-file --rnn-matmul-to-vector="vector-size=16 row-block=2 min-weights=0" | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-matmul-to-vector="vector-size=16 row-block=2 min-weights=100" | FileCheck %s --check-prefix=SMALL

// f32 constant weights [N=20, K=3] packed at compile time into
// [ceil(20/16), 3, 16] panels (zero padded); rows of A in blocks of 2, then
// one at a time; the accumulators are read from the loop-carried C (in
// place: no copy of C), masked in the last partial panel.
// CHECK-LABEL: func.func @f32_weights
// CHECK: arith.constant dense<{{.*}}> : tensor<2x3x16xf32>
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[C:.*]] = %{{.*}}) -> (tensor<?x20xf32>)
// CHECK: vector.transfer_read %[[C]]
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write {{.*}}, %[[C]]
// CHECK-NOT: linalg.matmul
// SMALL-LABEL: func.func @f32_weights
// SMALL: linalg.matmul
func.func @f32_weights(%a: tensor<?x3xf32>, %c: tensor<?x20xf32>) -> tensor<?x20xf32> {
  %w = arith.constant dense<0.5> : tensor<20x3xf32>
  %r = linalg.matmul
      indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                       affine_map<(m, n, k) -> (n, k)>,
                       affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %w : tensor<?x3xf32>, tensor<20x3xf32>)
      outs(%c : tensor<?x20xf32>) -> tensor<?x20xf32>
  return %r : tensor<?x20xf32>
}

// -----

// C = a bias broadcast over the rows (the input projection): the
// accumulators start from the bias vector and the kernel writes into the
// broadcast's destination; the broadcast is gone, so C is never filled.
// CHECK-LABEL: func.func @bias_broadcast
// CHECK-SAME: %[[BIAS:[a-z0-9]+]]: tensor<32xf32>
// CHECK-NOT: linalg.broadcast
// CHECK: scf.for
// CHECK: vector.transfer_read %[[BIAS]]
// CHECK: vector.fma
// CHECK-NOT: linalg.broadcast
func.func @bias_broadcast(%a: tensor<8x4xf32>, %bias: tensor<32xf32>) -> tensor<8x32xf32> {
  %w = arith.constant dense<0.25> : tensor<32x4xf32>
  %e = tensor.empty() : tensor<8x32xf32>
  %c = linalg.broadcast ins(%bias : tensor<32xf32>) outs(%e : tensor<8x32xf32>) dimensions = [0]
  %r = linalg.matmul
      indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                       affine_map<(m, n, k) -> (n, k)>,
                       affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %w : tensor<8x4xf32>, tensor<32x4xf32>)
      outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %r : tensor<8x32xf32>
}

// -----

// A broadcast along the other dimension is not a row bias: C is read.
// CHECK-LABEL: func.func @column_broadcast
// CHECK: linalg.broadcast
// CHECK: vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}]
func.func @column_broadcast(%a: tensor<8x4xf32>, %col: tensor<8xf32>) -> tensor<8x32xf32> {
  %w = arith.constant dense<0.25> : tensor<32x4xf32>
  %e = tensor.empty() : tensor<8x32xf32>
  %c = linalg.broadcast ins(%col : tensor<8xf32>) outs(%e : tensor<8x32xf32>) dimensions = [1]
  %r = linalg.matmul
      indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                       affine_map<(m, n, k) -> (n, k)>,
                       affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %w : tensor<8x4xf32>, tensor<32x4xf32>)
      outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %r : tensor<8x32xf32>
}

// -----

// C = a slice of a larger tensor (the recurrent step's time step of the
// projection): the accumulators are read from the slice and the kernel
// writes a new tensor, so bufferization does not copy the slice first.
// CHECK-LABEL: func.func @slice_source
// CHECK: %[[SLICE:.*]] = tensor.extract_slice
// CHECK: %[[DEST:.*]] = tensor.empty() : tensor<2x32xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[DEST]])
// CHECK: vector.transfer_read %[[SLICE]]
// CHECK: vector.fma
func.func @slice_source(%a: tensor<2x4xf32>, %proj: tensor<10x2x32xf32>, %t: index) -> tensor<2x32xf32> {
  %w = arith.constant dense<0.25> : tensor<32x4xf32>
  %c = tensor.extract_slice %proj[%t, 0, 0] [1, 2, 32] [1, 1, 1] : tensor<10x2x32xf32> to tensor<2x32xf32>
  %r = linalg.matmul
      indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                       affine_map<(m, n, k) -> (n, k)>,
                       affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %w : tensor<2x4xf32>, tensor<32x4xf32>)
      outs(%c : tensor<2x32xf32>) -> tensor<2x32xf32>
  return %r : tensor<2x32xf32>
}

// -----

// The f32 step in a time loop walks its panels in serpentine order (panel
// 1 - p on every other step) while the weights are at most 512K (about
// twice the L2), so a step starts on the panels the previous step read last.
// CHECK-LABEL: func.func @f32_step_serpentine
// CHECK: scf.for %[[T:.*]] = %[[LB:.*]] to %{{.*}} step %{{.*}} iter_args
// CHECK: %[[I:.*]] = arith.subi %[[T]], %[[LB]] : index
// CHECK: %[[ODD:.*]] = arith.andi %[[I]], %{{.*}} : index
// CHECK: %[[REV:.*]] = arith.cmpi ne, %[[ODD]], %{{.*}} : index
// The row blocks, then the panels in each.
// CHECK: scf.for
// CHECK-NEXT: scf.for %[[P:[^ ]*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK-NEXT: %[[BACK:.*]] = arith.subi %c1, %[[P]] : index
// CHECK-NEXT: arith.select %[[REV]], %[[BACK]], %[[P]] {rnn.serpentine} : index
// CHECK: } {rnn.parallel = {{.*}} : i64}
// CHECK: } {rnn.time_loop}
func.func @f32_step_serpentine(%proj: tensor<5x32xf32>, %h: tensor<1x8xf32>,
                               %w: tensor<32x8xf32>,
                               %init: tensor<5x32xf32>) -> tensor<5x32xf32> {
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
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

// -----

// Above 512K weights (here 1024 x 1024: streamed from L3 on this machine)
// the panels stay in forward order: walking them backwards broke the
// hardware prefetcher's stream and made LSTM H = 1024 slower.
// CHECK-LABEL: func.func @f32_step_large_forward
// CHECK-NOT: rnn.serpentine
// CHECK: } {rnn.time_loop}
func.func @f32_step_large_forward(%proj: tensor<5x1024xf32>, %h: tensor<1x1024xf32>,
                                  %w: tensor<1024x1024xf32>,
                                  %init: tensor<5x1024xf32>) -> tensor<5x1024xf32> {
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r = scf.for %t = %c1 to %c5 step %c1 iter_args(%acc = %init) -> (tensor<5x1024xf32>) {
    %slice = tensor.extract_slice %proj[%t, 0] [1, 1024] [1, 1] : tensor<5x1024xf32> to tensor<1x1024xf32>
    %mm = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                         affine_map<(d0, d1, d2) -> (d1, d2)>,
                                         affine_map<(d0, d1, d2) -> (d0, d1)>]
        ins(%h, %w : tensor<1x1024xf32>, tensor<1024x1024xf32>) outs(%slice : tensor<1x1024xf32>) -> tensor<1x1024xf32>
    %next = tensor.insert_slice %mm into %acc[%t, 0] [1, 1024] [1, 1] : tensor<1x1024xf32> into tensor<5x1024xf32>
    scf.yield %next : tensor<5x1024xf32>
  } {rnn.time_loop}
  return %r : tensor<5x1024xf32>
}
