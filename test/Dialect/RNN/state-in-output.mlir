// RUN: rnn-opt %s -split-input-file --rnn-state-in-output | FileCheck %s

// rnn-state-in-output: a time loop's state S, updated by one linalg op and
// copied into the step's row of Y, is written into that row instead; the
// step reads its previous state from the previous step's row (S at the
// first step), and reads of S after the loop read the last row.

#id = affine_map<(d0, d1) -> (d0, d1)>

// Forward: row t. The read of the recurrent product and the linalg op's
// input take the previous row, the op writes row t, no copy is left in the
// loop; Y_h (a copy of S after the loop) is copied from row 99.
// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[X:.*]]: memref<100x1x8xf32>, %[[YH:.*]]: memref<1x8xf32>)
// CHECK: %[[S:.*]] = memref.alloc() {{.*}} : memref<1x8xf32>
// CHECK: %[[Y:.*]] = memref.alloc() {{.*}} : memref<100x1x1x8xf32>
// CHECK: scf.for %[[T:.*]] = %[[C0:.*]] to %[[C100:.*]] step %[[C1:.*]] {
// CHECK: %[[CUR:.*]] = memref.subview %[[Y]][%[[T]], 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1]
// CHECK: %[[TM1:.*]] = arith.subi %[[T]], %[[C1]]
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[T]], %[[C0]]
// CHECK: %[[PREVROW:.*]] = memref.subview %[[Y]][%[[TM1]], 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1]
// CHECK: %[[INIT:.*]] = memref.cast %[[S]] : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
// CHECK: %[[PREV:.*]] = arith.select %[[FIRST]], %[[INIT]], %[[PREVROW]]
// CHECK: vector.transfer_read %[[PREV]]
// CHECK: linalg.generic {{.*}} ins(%[[PREV]], %{{.*}} : {{.*}}) outs(%[[CUR]] : {{.*}})
// CHECK-NOT: memref.copy
// CHECK: } {rnn.time_loop}
// CHECK: %[[END:.*]] = arith.subi %[[C100]], %[[C1]]
// CHECK: %[[LAST:.*]] = memref.subview %[[Y]][%[[END]], 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1]
// CHECK: memref.copy %[[LAST]], %[[YH]]
// CHECK: memref.dealloc %[[S]]
func.func @forward(%x: memref<100x1x8xf32>, %yh: memref<1x8xf32>) -> memref<100x1x1x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c100 = arith.constant 100 : index
  %zero = arith.constant 0.0 : f32
  %s = memref.alloc() {alignment = 64 : i64} : memref<1x8xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<1x8xf32>)
  %y = memref.alloc() {alignment = 64 : i64} : memref<100x1x1x8xf32>
  scf.for %t = %c0 to %c100 step %c1 {
    %v = vector.transfer_read %s[%c0, %c0], %zero {in_bounds = [true]} : memref<1x8xf32>, vector<8xf32>
    %xs = memref.subview %x[%t, 0, 0] [1, 1, 8] [1, 1, 1] : memref<100x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    vector.transfer_write %v, %xs[%c0, %c0] {in_bounds = [true]} : vector<8xf32>, memref<1x8xf32, strided<[8, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%s, %xs : memref<1x8xf32>, memref<1x8xf32, strided<[8, 1], offset: ?>>) outs(%s : memref<1x8xf32>) {
    ^bb0(%a: f32, %b: f32, %out: f32):
      %r = arith.addf %a, %b : f32
      linalg.yield %r : f32
    }
    %row = memref.subview %y[%t, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<100x1x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s, %row : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
  } {rnn.time_loop}
  memref.copy %s, %yh : memref<1x8xf32> to memref<1x8xf32>
  memref.dealloc %s : memref<1x8xf32>
  return %y : memref<100x1x1x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Bidirectional, dynamic T: direction 0 forward (row t), direction 1
// reversed (row T - 1 - t, the previous step's row T - 1 - (t - 1)); the
// rows of the two directions are disjoint (dimension 1: 0 and 1). Only
// direction 1's state is read after the loop: from its last row,
// T - 1 - (T - 1), if the loop ran at all, else from S (its initial value).
// CHECK-LABEL: func.func @bidirectional
// CHECK: %[[S0:.*]] = memref.alloc() {{.*}} : memref<1x8xf32>
// CHECK: %[[S1:.*]] = memref.alloc() {{.*}} : memref<1x8xf32>
// CHECK: %[[Y:.*]] = memref.alloc(%[[T:.*]]) {{.*}} : memref<?x2x1x8xf32>
// CHECK: %[[LAST:.*]] = arith.subi %[[T]], %[[C1:.*]] : index
// CHECK: scf.for %[[I:.*]] = %[[C0:.*]] to %[[T]] step %[[C1]] {
// CHECK-DAG: %[[REV:.*]] = arith.subi %[[LAST]], %[[I]]
// CHECK-DAG: %[[CUR1:.*]] = memref.subview %[[Y]][%[[REV]], 1, 0, 0]
// CHECK-DAG: %[[IM1:.*]] = arith.subi %[[I]], %[[C1]]
// CHECK-DAG: %[[PREVREV:.*]] = arith.subi %[[LAST]], %[[IM1]]
// CHECK-DAG: %[[PREVROW1:.*]] = memref.subview %[[Y]][%[[PREVREV]], 1, 0, 0]
// CHECK-DAG: %[[PREV1:.*]] = arith.select %{{.*}}, %{{.*}}, %[[PREVROW1]]
// CHECK-DAG: %[[CUR0:.*]] = memref.subview %[[Y]][%[[I]], 0, 0, 0]
// CHECK-DAG: %[[PREVROW0:.*]] = memref.subview %[[Y]][%{{.*}}, 0, 0, 0]
// CHECK-DAG: %[[PREV0:.*]] = arith.select %{{.*}}, %{{.*}}, %[[PREVROW0]]
// CHECK: linalg.generic {{.*}} ins(%[[PREV0]] : {{.*}}) outs(%[[CUR0]] : {{.*}})
// CHECK: linalg.generic {{.*}} ins(%[[PREV1]] : {{.*}}) outs(%[[CUR1]] : {{.*}})
// CHECK-NOT: memref.copy
// CHECK: } {rnn.time_loop}
// CHECK: %[[RUNS:.*]] = arith.cmpi slt, %[[C0]], %[[T]]
// CHECK: %[[END:.*]] = arith.subi %[[T]], %[[C1]]
// CHECK: %[[ENDREV:.*]] = arith.subi %[[LAST]], %[[END]]
// CHECK: %[[ENDROW:.*]] = memref.subview %[[Y]][%[[ENDREV]], 1, 0, 0]
// CHECK: %[[S1CAST:.*]] = memref.cast %[[S1]]
// CHECK: %[[FINAL:.*]] = arith.select %[[RUNS]], %[[ENDROW]], %[[S1CAST]]
// CHECK: memref.copy %[[FINAL]], %{{.*}}
// CHECK-NEXT: return
func.func @bidirectional(%t: index, %yh: memref<1x8xf32>) -> memref<?x2x1x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %s0 = memref.alloc() {alignment = 64 : i64} : memref<1x8xf32>
  %s1 = memref.alloc() {alignment = 64 : i64} : memref<1x8xf32>
  linalg.fill ins(%zero : f32) outs(%s0 : memref<1x8xf32>)
  linalg.fill ins(%zero : f32) outs(%s1 : memref<1x8xf32>)
  %y = memref.alloc(%t) {alignment = 64 : i64} : memref<?x2x1x8xf32>
  %last = arith.subi %t, %c1 : index
  scf.for %i = %c0 to %t step %c1 {
    %rev = arith.subi %last, %i : index
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%s0 : memref<1x8xf32>) outs(%s0 : memref<1x8xf32>) {
    ^bb0(%a: f32, %out: f32):
      %r = math.tanh %a : f32
      linalg.yield %r : f32
    }
    %row0 = memref.subview %y[%i, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<?x2x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s0, %row0 : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%s1 : memref<1x8xf32>) outs(%s1 : memref<1x8xf32>) {
    ^bb0(%a: f32, %out: f32):
      %r = math.tanh %a : f32
      linalg.yield %r : f32
    }
    %row1 = memref.subview %y[%rev, 1, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<?x2x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s1, %row1 : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
  } {rnn.time_loop}
  memref.copy %s1, %yh : memref<1x8xf32> to memref<1x8xf32>
  return %y : memref<?x2x1x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Left alone: the linalg op reads its old output value (an accumulation);
// S is written by something else than one linalg op (a second writer, a
// memref.copy); Y is read in the loop other than through rows; the loop is
// not a time loop.
// CHECK-LABEL: func.func @not_rewritten
// CHECK-NOT: arith.select
// CHECK-COUNT-5: memref.copy %{{.*}}, %{{.*}} : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
// CHECK-NOT: arith.select
// CHECK: return
func.func @not_rewritten(%y: memref<100x1x1x8xf32>, %other: memref<1x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c100 = arith.constant 100 : index
  %zero = arith.constant 0.0 : f32
  %s = memref.alloc() : memref<1x8xf32>
  scf.for %t = %c0 to %c100 step %c1 {
    linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%s : memref<1x8xf32>) {
    ^bb0(%out: f32):
      %r = arith.addf %out, %out : f32
      linalg.yield %r : f32
    }
    %row = memref.subview %y[%t, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<100x1x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s, %row : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
  } {rnn.time_loop}
  %s2 = memref.alloc() : memref<1x8xf32>
  scf.for %t = %c0 to %c100 step %c1 {
    linalg.fill ins(%zero : f32) outs(%s2 : memref<1x8xf32>)
    linalg.copy ins(%other : memref<1x8xf32>) outs(%s2 : memref<1x8xf32>)
    %row = memref.subview %y[%t, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<100x1x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s2, %row : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
  } {rnn.time_loop}
  %s3 = memref.alloc() : memref<1x8xf32>
  scf.for %t = %c0 to %c100 step %c1 {
    memref.copy %other, %s3 : memref<1x8xf32> to memref<1x8xf32>
    %row = memref.subview %y[%t, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<100x1x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s3, %row : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
  } {rnn.time_loop}
  %s4 = memref.alloc() : memref<1x8xf32>
  scf.for %t = %c0 to %c100 step %c1 {
    %v = vector.transfer_read %y[%c0, %c0, %c0, %c0], %zero {in_bounds = [true]} : memref<100x1x1x8xf32>, vector<8xf32>
    vector.transfer_write %v, %other[%c0, %c0] {in_bounds = [true]} : vector<8xf32>, memref<1x8xf32>
    linalg.fill ins(%zero : f32) outs(%s4 : memref<1x8xf32>)
    %row = memref.subview %y[%t, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<100x1x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s4, %row : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
  } {rnn.time_loop}
  %s5 = memref.alloc() : memref<1x8xf32>
  scf.for %t = %c0 to %c100 step %c1 {
    linalg.fill ins(%zero : f32) outs(%s5 : memref<1x8xf32>)
    %row = memref.subview %y[%t, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<100x1x1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
    memref.copy %s5, %row : memref<1x8xf32> to memref<1x8xf32, strided<[8, 1], offset: ?>>
  }
  return
}
