// RUN: rnn-opt %s -split-input-file --rnn-lower-to-loops | FileCheck %s
// The same input through the upstream passes gives the same loops.
// RUN: rnn-opt %s -split-input-file --convert-linalg-to-loops --expand-strided-metadata | FileCheck %s --check-prefix=UPSTREAM

// A linalg op on buffers becomes its loop nest; the loop bounds' constants
// are merged with the function's (one 0, one 1), and the subview becomes a
// reinterpret_cast of the base buffer.

// CHECK-LABEL: func.func @generic_on_view
// CHECK-SAME: (%[[A:[a-z0-9_]+]]: memref<4x8xf32>, %[[B:[a-z0-9_]+]]: memref<2x8xf32>, %{{.+}}: memref<2xindex>)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK-NOT: arith.constant {{[01]}} : index
// CHECK: %[[BASE:[a-z0-9_]+]], %{{.*}}, %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %[[A]]
// CHECK: %[[VIEW:.+]] = memref.reinterpret_cast %[[BASE]] to offset: [8], sizes: [2, 8], strides: [8, 1]
// CHECK-NOT: memref.subview
// CHECK: scf.for %[[I:.+]] = %[[C0]] to %[[C2]] step %[[C1]]
// CHECK:   scf.for %[[J:.+]] = %[[C0]] to %[[C8]] step %[[C1]]
// CHECK:     %[[X:.+]] = memref.load %[[VIEW]][%[[I]], %[[J]]]
// CHECK:     %[[Y:.+]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK:     memref.store %[[Y]], %[[B]][%[[I]], %[[J]]]
// CHECK-NOT: linalg.
// UPSTREAM-LABEL: func.func @generic_on_view
// UPSTREAM: memref.reinterpret_cast %{{.+}} to offset: [8], sizes: [2, 8], strides: [8, 1]
// UPSTREAM: scf.for
// UPSTREAM:   scf.for
// UPSTREAM:     memref.load
// UPSTREAM:     arith.mulf
// UPSTREAM:     memref.store
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @generic_on_view(%a: memref<4x8xf32>, %b: memref<2x8xf32>,
    %keep: memref<2xindex>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %v = memref.subview %a[1, 0] [2, 8] [1, 1]
      : memref<4x8xf32> to memref<2x8xf32, strided<[8, 1], offset: 8>>
  linalg.generic {indexing_maps = [#id, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%v : memref<2x8xf32, strided<[8, 1], offset: 8>>)
      outs(%b : memref<2x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.mulf %x, %x : f32
    linalg.yield %s : f32
  }
  memref.store %c0, %keep[%c1] : memref<2xindex>
  return
}

// -----

// Ops neither conversion rewrites are not visited: a foldable addition
// stays (the canonicalizers before the pass have folded such ops). The
// upstream passes fold it while they walk the function.

// CHECK-LABEL: func.func @other_ops_untouched
// CHECK: arith.addi
// CHECK: memref.store
// UPSTREAM-LABEL: func.func @other_ops_untouched
// UPSTREAM-NOT: arith.addi
func.func @other_ops_untouched(%b: memref<4xindex>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %s = arith.addi %c1, %c2 : index
  memref.store %s, %b[%c1] : memref<4xindex>
  return
}

// -----

// A view whose only user was lowered (an input the body does not read) is
// dead and erased, as by the upstream passes.

// CHECK-LABEL: func.func @dead_view
// CHECK-NOT: memref.view
// CHECK: scf.for
// CHECK: memref.store
// CHECK-NOT: memref.view
// UPSTREAM-LABEL: func.func @dead_view
// UPSTREAM-NOT: memref.view
#id1 = affine_map<(d0) -> (d0)>
func.func @dead_view(%buf: memref<64xi8>, %out: memref<4xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  %v = memref.view %buf[%c0][] : memref<64xi8> to memref<4xf32>
  linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%v : memref<4xf32>) outs(%out : memref<4xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}
