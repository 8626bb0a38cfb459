// RUN: rnn-opt %s -split-input-file --rnn-plan-scratch | FileCheck %s

// %a and %b are live at the same time and get different slots; %c is
// allocated after the last use of %a and takes its slot, which grows from
// 128 to 256 bytes to fit (sizes are padded to 64 bytes). Each slot is its own allocation, so LLVM
// can still tell live buffers apart.

// CHECK: module attributes {rnn.scratch_buffers = 3 : i64, rnn.scratch_bytes = 320 : i64, rnn.scratch_bytes_unplanned = 448 : i64, rnn.scratch_slots = 2 : i64}
// CHECK-LABEL: func.func @reuse
// CHECK-DAG: %[[S0:.*]] = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
// CHECK-DAG: %[[S1:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK-DAG: %[[Z:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[S0]][%[[Z]]][] : memref<256xi8> to memref<32xf32>
// CHECK: %[[B:.*]] = memref.view %[[S1]][%[[Z]]][] : memref<64xi8> to memref<16xf32>
// CHECK: memref.copy %{{.*}}, %[[B]]
// CHECK: %[[C:.*]] = memref.view %[[S0]][%[[Z]]][] : memref<256xi8> to memref<8x8xf32>
// CHECK-NOT: memref.dealloc %[[A]]
// CHECK-NOT: memref.dealloc %[[B]]
// CHECK-NOT: memref.dealloc %[[C]]
// CHECK-DAG: memref.dealloc %[[S0]] : memref<256xi8>
// CHECK-DAG: memref.dealloc %[[S1]] : memref<64xi8>
// CHECK: return
func.func @reuse(%in: memref<32xf32>, %out: memref<8x8xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<32xf32>
  memref.copy %in, %a : memref<32xf32> to memref<32xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  %sa = memref.subview %a[0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1]>>
  memref.copy %sa, %b : memref<16xf32, strided<[1]>> to memref<16xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<8x8xf32>
  %eb = memref.expand_shape %b [[0, 1]] output_shape [2, 8] : memref<16xf32> into memref<2x8xf32>
  %sc = memref.subview %c[0, 0] [2, 8] [1, 1] : memref<8x8xf32> to memref<2x8xf32, strided<[8, 1]>>
  memref.copy %eb, %sc : memref<2x8xf32> to memref<2x8xf32, strided<[8, 1]>>
  memref.copy %c, %out : memref<8x8xf32> to memref<8x8xf32>
  memref.dealloc %a : memref<32xf32>
  memref.dealloc %b : memref<16xf32>
  memref.dealloc %c : memref<8x8xf32>
  return
}

// -----

// A use inside a loop keeps a buffer live for the whole loop: %t is last
// read before %u is first written in each iteration, but the next iteration
// writes %t again, so the two must not share a slot.

// CHECK: module attributes {rnn.scratch_buffers = 2 : i64, rnn.scratch_bytes = 128 : i64, rnn.scratch_bytes_unplanned = 128 : i64, rnn.scratch_slots = 2 : i64}
// CHECK-LABEL: func.func @loop
// CHECK: %[[S0:.*]] = memref.alloc() {{.*}} : memref<64xi8>
// CHECK: %[[S1:.*]] = memref.alloc() {{.*}} : memref<64xi8>
// CHECK: memref.view %[[S0]]
// CHECK: memref.view %[[S1]]
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
// dealloc.

// CHECK: module attributes {rnn.scratch_buffers = 0 : i64, rnn.scratch_bytes = 0 : i64, rnn.scratch_bytes_unplanned = 0 : i64, rnn.scratch_slots = 0 : i64}
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
