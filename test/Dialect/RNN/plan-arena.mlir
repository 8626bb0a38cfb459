// RUN: rnn-opt %s -split-input-file --rnn-plan-arena | FileCheck %s

// %a and %b are live at the same time and get disjoint offsets; %c is
// allocated after the last use of %a (the largest buffer, placed first at
// offset 0) and reuses its bytes. Sizes are padded to 64 bytes.

// CHECK: module attributes {rnn.arena_buffers = 3 : i64, rnn.arena_bytes = 640 : i64, rnn.scratch_bytes_unplanned = 896 : i64}
// CHECK-LABEL: func.func @reuse
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<640xi8>
// CHECK: %[[OA:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[OA]]][] : memref<640xi8> to memref<96xf32>
// CHECK: %[[OB:.*]] = arith.constant 384 : index
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[OB]]][] : memref<640xi8> to memref<64xf32>
// CHECK: memref.copy %{{.*}}, %[[B]]
// CHECK: %[[OC:.*]] = arith.constant 0 : index
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[OC]]][] : memref<640xi8> to memref<8x8xf32>
// CHECK-NOT: memref.dealloc %[[A]]
// CHECK-NOT: memref.dealloc %[[B]]
// CHECK-NOT: memref.dealloc %[[C]]
// CHECK: memref.dealloc %[[ARENA]] : memref<640xi8>
// CHECK-NEXT: return
func.func @reuse(%in: memref<96xf32>, %out: memref<8x8xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<96xf32>
  memref.copy %in, %a : memref<96xf32> to memref<96xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<64xf32>
  %sa = memref.subview %a[0] [64] [1] : memref<96xf32> to memref<64xf32, strided<[1]>>
  memref.copy %sa, %b : memref<64xf32, strided<[1]>> to memref<64xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<8x8xf32>
  %eb = memref.expand_shape %b [[0, 1]] output_shape [8, 8] : memref<64xf32> into memref<8x8xf32>
  memref.copy %eb, %c : memref<8x8xf32> to memref<8x8xf32>
  memref.copy %c, %out : memref<8x8xf32> to memref<8x8xf32>
  memref.dealloc %a : memref<96xf32>
  memref.dealloc %b : memref<64xf32>
  memref.dealloc %c : memref<8x8xf32>
  return
}

// -----

// A use inside a loop keeps a buffer live for the whole loop: %t is last
// read before %u is first written in each iteration, but the next iteration
// writes %t again, so the two must not share bytes.

// CHECK: module attributes {rnn.arena_buffers = 2 : i64, rnn.arena_bytes = 128 : i64
// CHECK-LABEL: func.func @loop
// CHECK: memref.view %{{.*}}[%{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.view %{{.*}}[%{{.*}}][] : memref<128xi8> to memref<16xf32>
func.func @loop(%in: memref<16xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  %u = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  scf.for %i = %c0 to %n step %c1 {
    memref.copy %in, %t : memref<16xf32> to memref<16xf32>
    memref.copy %t, %u : memref<16xf32> to memref<16xf32>
  }
  memref.dealloc %t : memref<16xf32>
  memref.dealloc %u : memref<16xf32>
  return
}

// -----

// Not planned: a returned buffer, a buffer passed to a call, a dynamically
// shaped buffer, a buffer whose address is taken, and a buffer without a
// dealloc. With fewer than two candidates nothing changes.

// CHECK: module attributes {rnn.arena_buffers = 0 : i64, rnn.arena_bytes = 0 : i64, rnn.scratch_bytes_unplanned = 0 : i64}
// CHECK-LABEL: func.func @escapes
// CHECK-NOT: memref.view
// CHECK-COUNT-5: memref.alloc(
// CHECK-NOT: memref.view
func.func private @sink(memref<4xf32>)
func.func @escapes(%n: index) -> (memref<4xf32>, index) {
  %r = memref.alloc() : memref<4xf32>
  %k = memref.alloc() : memref<4xf32>
  call @sink(%k) : (memref<4xf32>) -> ()
  memref.dealloc %k : memref<4xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %d : memref<?xf32>
  %p = memref.alloc() : memref<4xf32>
  %ptr = memref.extract_aligned_pointer_as_index %p : memref<4xf32> -> index
  memref.dealloc %p : memref<4xf32>
  %leak = memref.alloc() : memref<4xf32>
  return %r, %ptr : memref<4xf32>, index
}
