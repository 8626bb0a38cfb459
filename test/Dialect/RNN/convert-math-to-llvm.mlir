// RUN: rnn-opt %s -split-input-file -verify-diagnostics --rnn-convert-math-to-llvm | FileCheck %s

// Math ops with an LLVM intrinsic become it; the others become libm calls
// (declared in the module); other ops are left alone.

// CHECK-DAG: func.func private @erff(f32) -> f32
// CHECK-LABEL: func.func @mixed
// CHECK-SAME: (%[[V:[a-z0-9_]+]]: vector<16xf32>, %[[X:[a-z0-9_]+]]: f32, %[[Y:[a-z0-9_]+]]: f32)
// CHECK: %[[F:.+]] = llvm.intr.fma(%[[V]], %[[V]], %[[V]]) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// CHECK: %[[E:.+]] = llvm.intr.exp(%[[X]]) : (f32) -> f32
// CHECK: %[[R:.+]] = call @erff(%[[Y]]) : (f32) -> f32
// CHECK: %[[S:.+]] = arith.addf %[[E]], %[[R]] : f32
// CHECK: return %[[F]], %[[S]], %[[R]]
// CHECK-NOT: math.
func.func @mixed(%v: vector<16xf32>, %x: f32, %y: f32)
    -> (vector<16xf32>, f32, f32) {
  %f = math.fma %v, %v, %v : vector<16xf32>
  %e = math.exp %x : f32
  %r = math.erf %y : f32
  %s = arith.addf %e, %r : f32
  return %f, %s, %r : vector<16xf32>, f32, f32
}

// -----

// No math ops: nothing changes.

// CHECK-LABEL: func.func @no_math
// CHECK-NEXT: arith.addf
// CHECK-NEXT: return
func.func @no_math(%x: f32) -> f32 {
  %s = arith.addf %x, %x : f32
  return %s : f32
}

// -----

// A math op neither conversion lowers is an error, as with the upstream
// passes.

func.func @ipow(%a: i32, %b: i32) -> i32 {
  // expected-error @below {{failed to legalize operation 'math.ipowi'}}
  %p = math.ipowi %a, %b : i32
  return %p : i32
}
