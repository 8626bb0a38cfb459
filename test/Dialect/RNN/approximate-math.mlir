// RUN: rnn-opt %s -split-input-file --rnn-approximate-math | FileCheck %s

// math.tanh on f32 becomes a rational polynomial (fma chains and a divf).

// CHECK-LABEL: func.func @tanh_f32
// CHECK-NOT: math.tanh
// CHECK: math.fma
// CHECK: arith.divf
// CHECK-NOT: math.tanh
// CHECK: return
func.func @tanh_f32(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}

// -----

// math.exp on vectors of f32: range reduction and a polynomial, the 2^n
// factor built by bit manipulation.

// CHECK-LABEL: func.func @exp_vector
// CHECK-NOT: math.exp
// CHECK: math.fma {{.*}} : vector<4xf32>
// CHECK: arith.bitcast {{.*}} : vector<4xi32> to vector<4xf32>
// CHECK-NOT: math.exp
// CHECK: return
func.func @exp_vector(%x: vector<4xf32>) -> vector<4xf32> {
  %0 = math.exp %x : vector<4xf32>
  return %0 : vector<4xf32>
}

// -----

// The gate epilogue of a cell: math ops inside linalg.generic bodies are
// approximated too.

// CHECK-LABEL: func.func @sigmoid_in_generic
// CHECK: linalg.generic
// CHECK-NOT: math.exp
// CHECK: math.fma
// CHECK-NOT: math.exp
// CHECK: linalg.yield
func.func @sigmoid_in_generic(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = linalg.generic {
      indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
      iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%x : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %one = arith.constant 1.0 : f32
    %neg = arith.negf %in : f32
    %e = math.exp %neg : f32
    %den = arith.addf %one, %e : f32
    %s = arith.divf %one, %den : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The other listed functions: expm1, log, log1p, log2 and erf.

// CHECK-LABEL: func.func @listed_functions
// CHECK-NOT: math.expm1
// CHECK-NOT: math.log
// CHECK-NOT: math.erf
// CHECK: return
func.func @listed_functions(%x: f32) -> (f32, f32, f32, f32, f32) {
  %0 = math.expm1 %x : f32
  %1 = math.log %x : f32
  %2 = math.log1p %x : f32
  %3 = math.log2 %x : f32
  %4 = math.erf %x : f32
  return %0, %1, %2, %3, %4 : f32, f32, f32, f32, f32
}

// -----

// Functions not in the list, and f64, keep their math ops.

// CHECK-LABEL: func.func @not_approximated
// CHECK-SAME: (%[[X:[a-z0-9_]+]]: f32, %[[D:[a-z0-9_]+]]: f64)
// CHECK: %[[SQRT:.*]] = math.sqrt %[[X]] : f32
// CHECK: %[[SIN:.*]] = math.sin %[[X]] : f32
// CHECK: %[[RSQRT:.*]] = math.rsqrt %[[X]] : f32
// CHECK: %[[TANH:.*]] = math.tanh %[[D]] : f64
// CHECK: %[[EXP:.*]] = math.exp %[[D]] : f64
// CHECK: return %[[SQRT]], %[[SIN]], %[[RSQRT]], %[[TANH]], %[[EXP]]
func.func @not_approximated(%x: f32, %d: f64) -> (f32, f32, f32, f64, f64) {
  %0 = math.sqrt %x : f32
  %1 = math.sin %x : f32
  %2 = math.rsqrt %x : f32
  %3 = math.tanh %d : f64
  %4 = math.exp %d : f64
  return %0, %1, %2, %3, %4 : f32, f32, f32, f64, f64
}
