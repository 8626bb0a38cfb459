// RUN: rnn-opt %s -split-input-file --finalize-memref-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --rnn-convert-openmp-to-llvm --reconcile-unrealized-casts | FileCheck %s

// A worksharing loop (as rnn-parallelize-kernels makes them): the omp ops
// are converted (index bounds become i64), so no cast is left to reconcile.
// CHECK-LABEL: llvm.func @worksharing
// CHECK: omp.parallel
// CHECK: omp.wsloop
// CHECK: omp.loop_nest (%{{.*}}) : i64 = (%{{.*}}) to (%{{.*}}) step (%{{.*}})
// CHECK: llvm.store
// CHECK-NOT: unrealized_conversion_cast
func.func @worksharing(%buf: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %v = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c4) step (%c1) {
        memref.store %v, %buf[%i] : memref<4xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// No omp op: nothing to do.
// CHECK-LABEL: llvm.func @sequential
// CHECK-NEXT: llvm.return %arg0 : i64
func.func @sequential(%a: index) -> index {
  return %a : index
}
