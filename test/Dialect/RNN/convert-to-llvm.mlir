// RUN: rnn-opt %s -split-input-file --rnn-convert-to-llvm="aligned-alloc=true generic-functions=true" --reconcile-unrealized-casts | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-convert-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=PLAIN

// memref, arith, index, cf and func in one conversion: nothing of them and
// no cast is left. Allocation through the generic aligned allocation
// function (the C wrapper's cached allocator), or by default malloc.
// CHECK-LABEL: llvm.func @all_five
// CHECK: llvm.call @_mlir_memref_to_llvm_aligned_alloc
// CHECK: llvm.cond_br
// CHECK: llvm.fadd
// CHECK: llvm.store
// CHECK: llvm.call @_mlir_memref_to_llvm_free
// CHECK: llvm.return
// CHECK-NOT: unrealized_conversion_cast
// PLAIN-LABEL: llvm.func @all_five
// PLAIN: llvm.call @malloc
// PLAIN: llvm.call @free
func.func @all_five(%x: f32, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %buf = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  %i = index.add %n, %c0
  %p = arith.cmpi sgt, %i, %c0 : index
  cf.cond_br %p, ^pos, ^neg
^pos:
  %y = arith.addf %x, %x : f32
  memref.store %y, %buf[%c0] : memref<16xf32>
  cf.br ^done
^neg:
  memref.store %x, %buf[%c0] : memref<16xf32>
  cf.br ^done
^done:
  %r = memref.load %buf[%c0] : memref<16xf32>
  memref.dealloc %buf : memref<16xf32>
  return %r : f32
}

// -----

// Calls, and the C interface wrapper of a public function taking a memref.
// CHECK-LABEL: llvm.func @callee
// CHECK-LABEL: llvm.func @caller
// CHECK: llvm.call @callee
// CHECK-LABEL: llvm.func @_mlir_ciface_caller
// CHECK-NOT: unrealized_conversion_cast
func.func private @callee(%m: memref<4xf32>) -> f32 {
  %c1 = arith.constant 1 : index
  %v = memref.load %m[%c1] : memref<4xf32>
  return %v : f32
}
func.func @caller(%m: memref<4xf32>) -> f32 attributes {llvm.emit_c_interface} {
  %v = call @callee(%m) : (memref<4xf32>) -> f32
  return %v : f32
}

// -----

// Other dialects are left to their own passes: the vector op stays, fed by
// a cast of the converted function argument.
// CHECK-LABEL: llvm.func @vector_left
// CHECK: vector.fma
func.func @vector_left(%a: vector<4xf32>) -> vector<4xf32> {
  %r = vector.fma %a, %a, %a : vector<4xf32>
  return %r : vector<4xf32>
}
