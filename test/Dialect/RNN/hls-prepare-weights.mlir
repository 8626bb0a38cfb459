// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="reuse=4 dataflow=false" | FileCheck %s
// RUN: not rnn-opt %s -split-input-file -rnn-hls-prepare="precision=fixed<16,6>" 2>&1 | FileCheck %s --check-prefix=FIXED

// The int8 product of rnn-hls-weights after the loop lowering:
// acc[n] += extsi(q_a[k]) * extsi(W[n, k]) in i32. It is a product like the
// f32 ones (accumulator in a register, pipeline / unroll / partition from
// the reuse factor) and is marked hls.int8 for the report.
// CHECK: memref.global "private" constant @w {{.*}} {hls.partition = 8 : i64, hls.storage = "rom_2p"}
// The zero fill of the accumulators right before the product is folded
// into the sums' initial value (constant 0) and erased.
// CHECK-LABEL: func.func @int8_product
// CHECK-NOT: memref.store %c0_i32
// CHECK: scf.for
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[ACC:.*]] = scf.for {{.*}} iter_args(%[[C:.*]] = %[[Z]]) -> (i32)
// CHECK: arith.muli
// CHECK: arith.addi %[[C]]
// CHECK: } {hls.accumulate, hls.int8, hls.matvec = array<i64: 8, 4, 4, 8>}
// CHECK: } {hls.pipeline = 1 : i64, hls.unroll = 2 : i64}
// With fixed-point data this (the CPU's int8 form, quantized activations)
// is an error; rnn-hls-weights{fixed-point} gives the fixed-point form.
// FIXED: error: rnn-hls-prepare: an int8 product with quantized activations (the CPU's int8 arithmetic, for precision=float) with precision 'fixed<16,6>'; lower with rnn-hls-weights{fixed-point=true}
memref.global "private" constant @w : memref<8x4xi8> = dense<3>
func.func @int8_product(%q: memref<4xi8>) -> memref<8xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w : memref<8x4xi8>
  %acc = memref.alloc() : memref<8xi32>
  scf.for %n = %c0 to %c8 step %c1 {
    memref.store %zero, %acc[%n] : memref<8xi32>
  }
  scf.for %n = %c0 to %c8 step %c1 {
    scf.for %k = %c0 to %c4 step %c1 {
      %a = memref.load %q[%k] : memref<4xi8>
      %b = memref.load %w[%n, %k] : memref<8x4xi8>
      %o = memref.load %acc[%n] : memref<8xi32>
      %ae = arith.extsi %a : i8 to i32
      %be = arith.extsi %b : i8 to i32
      %m = arith.muli %ae, %be : i32
      %s = arith.addi %o, %m : i32
      memref.store %s, %acc[%n] : memref<8xi32>
    }
  }
  return %acc : memref<8xi32>
}

// -----

// The sparse (ELL) product of rnn-hls-weights: acc[n] += h[cols[n, j]] *
// vals[n, j]. The column index array is partitioned like the values; the
// gathered vector completely (any element may be read in a cycle); the
// product records the non-zeros of the values (12 of 16) for the report.
// CHECK: memref.global "private" constant @cols {{.*}} {hls.partition = 4 : i64, hls.storage = "rom_2p"}
// CHECK: memref.global "private" constant @vals {{.*}} {hls.partition = 4 : i64, hls.storage = "rom_2p"}
// CHECK-LABEL: func.func @sparse_product
// CHECK: memref.alloc() {hls.partition = -1 : i64} : memref<4xf32>
// CHECK: arith.index_cast
// CHECK: } {hls.accumulate, hls.matvec = array<i64: 8, 2, 4, 4>, hls.sparse = array<i64: 12>}
// CHECK: } {hls.pipeline = 1 : i64, hls.unroll = 2 : i64}
memref.global "private" constant @cols : memref<8x2xi16> = dense<[[0, 1], [2, 3], [0, 3], [1, 2], [0, 0], [1, 1], [2, 2], [3, 3]]>
memref.global "private" constant @vals : memref<8x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0]]>
func.func @sparse_product(%in: memref<4xf32>) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %cols = memref.get_global @cols : memref<8x2xi16>
  %vals = memref.get_global @vals : memref<8x2xf32>
  %h = memref.alloc() : memref<4xf32>
  memref.copy %in, %h : memref<4xf32> to memref<4xf32>
  %acc = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    memref.store %zero, %acc[%n] : memref<8xf32>
  }
  scf.for %n = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c2 step %c1 {
      %c = memref.load %cols[%n, %j] : memref<8x2xi16>
      %ci = arith.index_cast %c : i16 to index
      %x = memref.load %h[%ci] : memref<4xf32>
      %v = memref.load %vals[%n, %j] : memref<8x2xf32>
      %o = memref.load %acc[%n] : memref<8xf32>
      %m = arith.mulf %x, %v : f32
      %s = arith.addf %o, %m : f32
      memref.store %s, %acc[%n] : memref<8xf32>
    }
  }
  return %acc : memref<8xf32>
}
