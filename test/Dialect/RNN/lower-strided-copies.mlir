// RUN: rnn-opt %s -split-input-file --rnn-lower-strided-copies | FileCheck %s

// Copies between identity layouts stay memref.copy (they become llvm.memcpy).

// CHECK-LABEL: func.func @identity_copy
// CHECK-SAME: (%[[A:[a-z0-9_]+]]: memref<4x4xf32>, %[[B:[a-z0-9_]+]]: memref<4x4xf32>, %[[C:[a-z0-9_]+]]: memref<?x8xf32>, %[[D:[a-z0-9_]+]]: memref<?x8xf32>)
// CHECK: memref.copy %[[A]], %[[B]] : memref<4x4xf32> to memref<4x4xf32>
// CHECK: memref.copy %[[C]], %[[D]] : memref<?x8xf32> to memref<?x8xf32>
// CHECK-NOT: linalg.copy
func.func @identity_copy(%a: memref<4x4xf32>, %b: memref<4x4xf32>,
    %c: memref<?x8xf32>, %d: memref<?x8xf32>) {
  memref.copy %a, %b : memref<4x4xf32> to memref<4x4xf32>
  memref.copy %c, %d : memref<?x8xf32> to memref<?x8xf32>
  return
}

// -----

// A strided target (a row of a larger buffer, as when a time loop writes
// into a view of Y) becomes linalg.copy.

// CHECK-LABEL: func.func @into_strided
// CHECK-SAME: (%[[SRC:[a-z0-9_]+]]: memref<2x4xf32>, %[[DST:[a-z0-9_]+]]: memref<2x4xf32, strided<[8, 1], offset: ?>>)
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[SRC]] : memref<2x4xf32>) outs(%[[DST]] : memref<2x4xf32, strided<[8, 1], offset: ?>>)
// CHECK-NOT: memref.copy
func.func @into_strided(%src: memref<2x4xf32>,
    %dst: memref<2x4xf32, strided<[8, 1], offset: ?>>) {
  memref.copy %src, %dst
      : memref<2x4xf32> to memref<2x4xf32, strided<[8, 1], offset: ?>>
  return
}

// -----

// A strided source becomes linalg.copy as well.

// CHECK-LABEL: func.func @from_strided
// CHECK-SAME: (%[[SRC:[a-z0-9_]+]]: memref<?x4xf32, strided<[?, 1], offset: ?>>, %[[DST:[a-z0-9_]+]]: memref<?x4xf32>)
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[SRC]] : memref<?x4xf32, strided<[?, 1], offset: ?>>) outs(%[[DST]] : memref<?x4xf32>)
func.func @from_strided(%src: memref<?x4xf32, strided<[?, 1], offset: ?>>,
    %dst: memref<?x4xf32>) {
  memref.copy %src, %dst
      : memref<?x4xf32, strided<[?, 1], offset: ?>> to memref<?x4xf32>
  return
}

// -----

// Both sides strided, and a copy nested in a loop (from a subview).

// CHECK-LABEL: func.func @strided_in_loop
// CHECK-SAME: (%[[Y:[a-z0-9_]+]]: memref<3x2x4xf32>, %[[H:[a-z0-9_]+]]: memref<2x4xf32, strided<[4, 1]>>)
// CHECK: scf.for %[[T:[a-z0-9_]+]] =
// CHECK: %[[ROW:.*]] = memref.subview %[[Y]][%[[T]], 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[H]] : memref<2x4xf32, strided<[4, 1]>>) outs(%[[ROW]] : memref<2x4xf32, strided<[4, 1], offset: ?>>)
func.func @strided_in_loop(%y: memref<3x2x4xf32>,
    %h: memref<2x4xf32, strided<[4, 1]>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  scf.for %t = %c0 to %c3 step %c1 {
    %row = memref.subview %y[%t, 0, 0] [1, 2, 4] [1, 1, 1]
        : memref<3x2x4xf32> to memref<2x4xf32, strided<[4, 1], offset: ?>>
    memref.copy %h, %row : memref<2x4xf32, strided<[4, 1]>>
        to memref<2x4xf32, strided<[4, 1], offset: ?>>
  }
  return
}

// -----

// A non-strided affine-map layout is not an identity layout either.

// CHECK-LABEL: func.func @affine_layout
// CHECK-SAME: (%[[SRC:[a-z0-9_]+]]: memref<4xf32, #{{.*}}>, %[[DST:[a-z0-9_]+]]: memref<4xf32>)
// CHECK: linalg.copy ins(%[[SRC]] : memref<4xf32, #{{.*}}>) outs(%[[DST]] : memref<4xf32>)
func.func @affine_layout(%src: memref<4xf32, affine_map<(d0) -> (d0 * 2)>>,
    %dst: memref<4xf32>) {
  memref.copy %src, %dst : memref<4xf32, affine_map<(d0) -> (d0 * 2)>> to memref<4xf32>
  return
}

// -----

// Unranked copies have no loop nest to become and stay memref.copy.

// CHECK-LABEL: func.func @unranked
// CHECK-SAME: (%[[A:[a-z0-9_]+]]: memref<*xf32>, %[[B:[a-z0-9_]+]]: memref<*xf32>)
// CHECK: memref.copy %[[A]], %[[B]] : memref<*xf32> to memref<*xf32>
// CHECK-NOT: linalg.copy
func.func @unranked(%a: memref<*xf32>, %b: memref<*xf32>) {
  memref.copy %a, %b : memref<*xf32> to memref<*xf32>
  return
}
