// RUN: rnn-opt %s -split-input-file --rnn-fast-math | FileCheck %s

// addf, subf, mulf and divf get reassoc and contract, on scalars and vectors.

// CHECK-LABEL: func.func @arith_ops
// CHECK-SAME: (%[[A:[a-z0-9_]+]]: f32, %[[B:[a-z0-9_]+]]: f32, %[[V:[a-z0-9_]+]]: vector<4xf32>, %[[D:[a-z0-9_]+]]: f64)
// CHECK: arith.addf %[[A]], %[[B]] fastmath<reassoc,contract> : f32
// CHECK: arith.subf %[[A]], %[[B]] fastmath<reassoc,contract> : f32
// CHECK: arith.mulf %[[A]], %[[B]] fastmath<reassoc,contract> : f32
// CHECK: arith.divf %[[A]], %[[B]] fastmath<reassoc,contract> : f32
// CHECK: arith.addf %[[V]], %[[V]] fastmath<reassoc,contract> : vector<4xf32>
// CHECK: arith.mulf %[[D]], %[[D]] fastmath<reassoc,contract> : f64
func.func @arith_ops(%a: f32, %b: f32, %v: vector<4xf32>, %d: f64)
    -> (f32, f32, f32, f32, vector<4xf32>, f64) {
  %0 = arith.addf %a, %b : f32
  %1 = arith.subf %a, %b : f32
  %2 = arith.mulf %a, %b : f32
  %3 = arith.divf %a, %b : f32
  %4 = arith.addf %v, %v : vector<4xf32>
  %5 = arith.mulf %d, %d : f64
  return %0, %1, %2, %3, %4, %5 : f32, f32, f32, f32, vector<4xf32>, f64
}

// -----

// Existing flags are kept: the result is the union.

// CHECK-LABEL: func.func @union_of_flags
// CHECK-SAME: (%[[A:[a-z0-9_]+]]: f32, %[[B:[a-z0-9_]+]]: f32)
// CHECK: arith.mulf %[[A]], %[[B]] fastmath<reassoc,nnan,ninf,contract> : f32
// CHECK: arith.addf %[[A]], %[[B]] fastmath<reassoc,contract> : f32
// CHECK: arith.subf %[[A]], %[[B]] fastmath<reassoc,contract,afn> : f32
// CHECK: arith.divf %[[A]], %[[B]] fastmath<fast> : f32
func.func @union_of_flags(%a: f32, %b: f32) -> (f32, f32, f32, f32) {
  %0 = arith.mulf %a, %b fastmath<nnan,ninf> : f32
  %1 = arith.addf %a, %b fastmath<reassoc> : f32
  %2 = arith.subf %a, %b fastmath<afn> : f32
  %3 = arith.divf %a, %b fastmath<fast> : f32
  return %0, %1, %2, %3 : f32, f32, f32, f32
}

// -----

// The bodies of linalg ops (the projection and gate epilogues) are covered.

// CHECK-LABEL: func.func @generic_body
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:[a-z0-9_]+]]: f32, %[[OUT:[a-z0-9_]+]]: f32):
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[IN]], %[[IN]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[OUT]], %[[M]] fastmath<reassoc,contract> : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
func.func @generic_body(%x: tensor<4x8xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = linalg.generic {
      indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                       affine_map<(d0, d1) -> (d0)>],
      iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x8xf32>) outs(%y : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = arith.mulf %in, %in : f32
    %2 = arith.addf %out, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Other ops, including other float ops that carry fast-math flags, are left
// untouched.

// CHECK-LABEL: func.func @other_ops_untouched
// CHECK-SAME: (%[[A:[a-z0-9_]+]]: f32, %[[B:[a-z0-9_]+]]: f32, %[[I:[a-z0-9_]+]]: i32)
// CHECK: arith.maximumf %[[A]], %[[B]] : f32
// CHECK: arith.negf %[[A]] : f32
// CHECK: arith.remf %[[A]], %[[B]] : f32
// CHECK: arith.cmpf olt, %[[A]], %[[B]] : f32
// CHECK: math.tanh %[[A]] : f32
// CHECK: math.fma %[[A]], %[[B]], %[[A]] : f32
// CHECK: arith.addi %[[I]], %[[I]] : i32
// CHECK-NOT: fastmath
func.func @other_ops_untouched(%a: f32, %b: f32, %i: i32)
    -> (f32, f32, f32, i1, f32, f32, i32) {
  %0 = arith.maximumf %a, %b : f32
  %1 = arith.negf %a : f32
  %2 = arith.remf %a, %b : f32
  %3 = arith.cmpf olt, %a, %b : f32
  %4 = math.tanh %a : f32
  %5 = math.fma %a, %b, %a : f32
  %6 = arith.addi %i, %i : i32
  return %0, %1, %2, %3, %4, %5, %6 : f32, f32, f32, i1, f32, f32, i32
}
