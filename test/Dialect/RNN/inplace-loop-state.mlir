// RUN: rnn-opt %s -split-input-file --rnn-inplace-loop-state | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-inplace-loop-state \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries allow-return-allocs-from-loops" \
// RUN:   --buffer-loop-hoisting --canonicalize | FileCheck %s --check-prefix=BUF

// The new state is written into the loop-carried tensor (the state of the
// previous step); after bufferization the loop allocates nothing and carries
// no buffers: both the state and the step's scratch live outside it.

#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @state_update
// CHECK: scf.for {{.*}} iter_args(%[[H:.*]] = %{{.*}}) -> (tensor<1x8xf32>)
// CHECK: %[[SCRATCH:.*]] = tensor.empty() : tensor<1x8xf32>
// CHECK: linalg.generic {{.*}} ins(%[[H]] : tensor<1x8xf32>) outs(%[[SCRATCH]] : tensor<1x8xf32>)
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[H]] : tensor<1x8xf32>, tensor<1x8xf32>) outs(%[[H]] : tensor<1x8xf32>)
// CHECK: scf.yield %[[NEW]]

// BUF-LABEL: func.func @state_update
// BUF: memref.alloc() {{.*}} : memref<1x8xf32>
// BUF-NOT: memref.alloc
// BUF: scf.for %{{[a-z0-9_]+}} = %{{[a-z0-9_]+}} to %{{[a-z0-9_]+}} step %{{[a-z0-9_]+}} {
// BUF-NOT: memref.alloc
// BUF: return
func.func @state_update(%h0: tensor<1x8xf32>, %n: index) -> tensor<1x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %t = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<1x8xf32>) {
    %e0 = tensor.empty() : tensor<1x8xf32>
    %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%h : tensor<1x8xf32>) outs(%e0 : tensor<1x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = math.tanh %a : f32
      linalg.yield %s : f32
    } -> tensor<1x8xf32>
    %e1 = tensor.empty() : tensor<1x8xf32>
    %new = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%g, %h : tensor<1x8xf32>, tensor<1x8xf32>) outs(%e1 : tensor<1x8xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    } -> tensor<1x8xf32>
    scf.yield %new : tensor<1x8xf32>
  }
  return %r : tensor<1x8xf32>
}

// -----

// The old state is still read after the update (here by the Y row written
// after the loop body's generic): the destination is still the iter_arg,
// and bufferization resolves the conflict with a fresh buffer for the new
// state, never with a wrong in-place write.

#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @old_state_still_read
// CHECK: scf.for {{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[Y:.*]] = %{{.*}})
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} outs(%[[H]] : tensor<1x8xf32>)
// CHECK: tensor.insert_slice %[[H]] into %[[Y]]

// BUF-LABEL: func.func @old_state_still_read
// BUF: scf.for {{.*}} iter_args(%[[OLD:.*]] = %{{.*}})
// BUF: %[[NEWBUF:.*]] = memref.alloc()
// BUF: linalg.generic {{.*}} ins(%[[OLD]] : {{.*}}) outs(%[[NEWBUF]] : memref<1x8xf32>)
// BUF: memref.copy %[[OLD]], %{{.*}}
func.func @old_state_still_read(%h0: tensor<1x8xf32>, %y0: tensor<4x1x8xf32>)
    -> (tensor<1x8xf32>, tensor<4x1x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r:2 = scf.for %t = %c0 to %c4 step %c1 iter_args(%h = %h0, %y = %y0)
      -> (tensor<1x8xf32>, tensor<4x1x8xf32>) {
    %e = tensor.empty() : tensor<1x8xf32>
    %new = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%h : tensor<1x8xf32>) outs(%e : tensor<1x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = math.tanh %a : f32
      linalg.yield %s : f32
    } -> tensor<1x8xf32>
    %y1 = tensor.insert_slice %h into %y[%t, 0, 0] [1, 1, 8] [1, 1, 1]
        : tensor<1x8xf32> into tensor<4x1x8xf32>
    scf.yield %new, %y1 : tensor<1x8xf32>, tensor<4x1x8xf32>
  }
  return %r#0, %r#1 : tensor<1x8xf32>, tensor<4x1x8xf32>
}

// -----

// Left alone: the yielded value has a different type than the iter_arg
// (it is cast), the destination is not a tensor.empty, and the yielded value
// comes from outside the loop.

#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @not_applicable
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x8xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<1x8xf32>)
// CHECK: linalg.generic {{.*}} outs(%[[D:.*]] : tensor<1x8xf32>)
func.func @not_applicable(%h0: tensor<?x8xf32>, %d: tensor<1x8xf32>, %k: tensor<1x8xf32>)
    -> (tensor<?x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r:3 = scf.for %t = %c0 to %c4 step %c1 iter_args(%h = %h0, %g = %d, %q = %k)
      -> (tensor<?x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
    %e = tensor.empty() : tensor<1x8xf32>
    %hs = tensor.cast %h : tensor<?x8xf32> to tensor<1x8xf32>
    %new = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%hs : tensor<1x8xf32>) outs(%e : tensor<1x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = math.tanh %a : f32
      linalg.yield %s : f32
    } -> tensor<1x8xf32>
    %back = tensor.cast %new : tensor<1x8xf32> to tensor<?x8xf32>
    %g1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%g : tensor<1x8xf32>) outs(%d : tensor<1x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = arith.addf %a, %o : f32
      linalg.yield %s : f32
    } -> tensor<1x8xf32>
    scf.yield %back, %g1, %k : tensor<?x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
  }
  return %r#0, %r#1, %r#2 : tensor<?x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}
