// RUN: rnn-opt %s -rnn-hls-prepare="max-seq-len=16" | FileCheck %s

// A dynamic sequence length bounded by max-seq-len: the buffers and views
// with dynamic sizes get their largest shape over every length 1..16, the
// loops bounded by the length their trip counts [min, max, avg], the
// function the length's argument / dim / maximum, a dynamic result the
// form a * length + b of its dim 0 and its largest shape.

// CHECK-LABEL: func.func @seq
// CHECK-SAME: -> (memref<?x4xf32> {hls.max_shape = array<i64: 16, 4>, hls.seq_dim = array<i64: 1, 0>})
// CHECK-SAME: hls.seq_len = array<i64: 0, 0, 16>
func.func @seq(%x: memref<?x4xf32>) -> memref<?x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %t = memref.dim %x, %c0 : memref<?x4xf32>
  // CHECK: memref.alloc(%{{.*}}) {hls.max_shape = array<i64: 16, 4>}
  %y = memref.alloc(%t) : memref<?x4xf32>
  // Not monotone in the length: (T + 1) mod 3 + 2 is largest (4) at T = 1.
  %t1 = arith.addi %t, %c1 : index
  %c3 = arith.constant 3 : index
  %r = arith.remsi %t1, %c3 : index
  %odd = arith.addi %r, %c2 : index
  // CHECK: memref.alloc(%{{.*}}) {hls.max_shape = array<i64: 4>}
  %z = memref.alloc(%odd) : memref<?xf32>
  // CHECK: memref.collapse_shape {{.*}} {hls.max_shape = array<i64: 64>}
  %flat = memref.collapse_shape %y [[0, 1]] : memref<?x4xf32> into memref<?xf32>
  %n = memref.dim %flat, %c0 : memref<?xf32>
  // CHECK: scf.for
  // CHECK: } {{{.*}}hls.tripcount = array<i64: 4, 64, 34>}
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %flat[%i] : memref<?xf32>
    memref.store %v, %flat[%i] : memref<?xf32>
  }
  // The time loop: 1..16 trips, 8.5 on average (rounded).
  // CHECK: scf.for
  // CHECK: } {{{.*}}hls.tripcount = array<i64: 1, 16, 9>, rnn.time_loop}
  scf.for %i = %c0 to %t step %c1 {
    %v = memref.load %x[%i, %c0] : memref<?x4xf32>
    %w = memref.load %y[%i, %c1] : memref<?x4xf32>
    %s = arith.mulf %v, %w : f32
    %acc = memref.load %y[%i, %c0] : memref<?x4xf32>
    %sum = arith.addf %acc, %s : f32
    memref.store %sum, %y[%i, %c0] : memref<?x4xf32>
  } {rnn.time_loop}
  %u = memref.load %z[%c0] : memref<?xf32>
  memref.store %u, %y[%c0, %c0] : memref<?x4xf32>
  return %y : memref<?x4xf32>
}
