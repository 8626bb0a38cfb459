// RUN: rnn-opt %s -split-input-file --rnn-convert-to-llvm="scf=true vector=true" --reconcile-unrealized-casts | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-convert-to-llvm="scf=true" --reconcile-unrealized-casts 2>&1 | FileCheck %s --check-prefix=NOVEC

// scf and vector join the one conversion: a loop carrying a vector
// accumulator, 2-D transfers (lowered to 1-D first), a contraction-free FMA
// and a reduction all become LLVM; no scf, vector or cast is left.
// CHECK-LABEL: llvm.func @loop_of_vectors
// CHECK: llvm.br
// CHECK: llvm.cond_br
// CHECK: llvm.load {{.*}} -> vector<16xf32>
// CHECK: llvm.intr.fmuladd
// CHECK: llvm.intr.vector.reduce.fadd
// CHECK-NOT: scf.
// CHECK-NOT: vector.
// CHECK-NOT: unrealized_conversion_cast
// Without vector the loop still lowers; the vector ops stay.
// NOVEC-LABEL: llvm.func @loop_of_vectors
// NOVEC-NOT: scf.for
// NOVEC: vector.fma
func.func @loop_of_vectors(%m: memref<8x16xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %init = arith.constant dense<0.0> : vector<16xf32>
  %acc = scf.for %i = %c0 to %n step %c1 iter_args(%a = %init) -> vector<16xf32> {
    %v = vector.transfer_read %m[%i, %c0], %z {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
    %f = vector.fma %v, %v, %a : vector<16xf32>
    scf.yield %f : vector<16xf32>
  }
  %r = vector.reduction <add>, %acc : vector<16xf32> into f32
  return %r : f32
}

// -----

// The vector-to-vector lowerings run before the conversion, as in
// convert-vector-to-llvm: a transpose becomes element moves, a strided
// slice a shuffle, a mask a comparison with a step vector; the ub.poison
// they start from is converted too.
// CHECK-LABEL: llvm.func @lowered_first
// CHECK: llvm.mlir.poison : !llvm.array<2 x vector<2xf32>>
// CHECK: llvm.shufflevector
// CHECK: llvm.icmp "sgt"
// CHECK-NOT: vector.
// CHECK-NOT: unrealized_conversion_cast
func.func @lowered_first(%a: vector<2x2xf32>, %b: vector<8xf32>, %n: index) -> (vector<2x2xf32>, vector<4xf32>, vector<8xi1>) {
  %t = vector.transpose %a, [1, 0] : vector<2x2xf32> to vector<2x2xf32>
  %s = vector.extract_strided_slice %b {offsets = [2], sizes = [4], strides = [1]} : vector<8xf32> to vector<4xf32>
  %m = vector.create_mask %n : vector<8xi1>
  return %t, %s, %m : vector<2x2xf32>, vector<4xf32>, vector<8xi1>
}
