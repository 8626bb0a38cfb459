// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels=min-weights=1000 | FileCheck %s --check-prefix=MIN

// A kernel's panel loop (marked rnn.parallel, no loop-carried values) is
// guarded by the run-time thread count: more than one thread runs it as an
// OpenMP worksharing loop with a static schedule, one thread runs the
// original loop. The thread-count global is public and starts at 1.

// CHECK: memref.global "public" @rnnc_num_threads : memref<i32> = dense<1>
// CHECK-LABEL: func.func @panels
// CHECK-SAME: (%[[C:.*]]: memref<1x64xf32>, %[[P:.*]]: memref<4x8x16xf32>)
// CHECK: %[[G:.*]] = memref.get_global @rnnc_num_threads : memref<i32>
// CHECK: %[[N:.*]] = memref.load %[[G]][] : memref<i32>
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[SPLIT:.*]] = arith.cmpi sgt, %[[N]], %[[ONE]] : i32
// CHECK: scf.if %[[SPLIT]] {
// CHECK-NEXT: omp.parallel num_threads(%[[N]] : i32) {
// CHECK-NEXT: omp.wsloop schedule(static) {
// CHECK-NEXT: omp.loop_nest (%[[IV:.*]]) : index = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK: vector.transfer_read %[[P]][%[[IV]]
// CHECK: vector.transfer_write
// CHECK: omp.yield
// CHECK: omp.terminator
// CHECK: } else {
// CHECK-NEXT: scf.for %[[IV2:.*]] = {{.*}} {
// CHECK: vector.transfer_read %[[P]][%[[IV2]]
// CHECK-NOT: rnn.parallel
// CHECK: return
func.func @panels(%c: memref<1x64xf32>, %p: memref<4x8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %z = arith.constant 0.0 : f32
  scf.for %nb = %c0 to %c4 step %c1 {
    %col = arith.muli %nb, %c16 : index
    %w = vector.transfer_read %p[%nb, %c0, %c0], %z {in_bounds = [true]} : memref<4x8x16xf32>, vector<16xf32>
    %acc = vector.transfer_read %c[%c0, %col], %z {in_bounds = [true]} : memref<1x64xf32>, vector<16xf32>
    %s = arith.addf %acc, %w : vector<16xf32>
    vector.transfer_write %s, %c[%c0, %col] {in_bounds = [true]} : vector<16xf32>, memref<1x64xf32>
  } {rnn.parallel}
  return
}

// -----

// A marked loop that still carries a value stays sequential (mark dropped);
// unmarked loops are left alone. The global exists anyway: the C ABI of a
// model compiled with thread support does not depend on its kernels.

// CHECK: memref.global "public" @rnnc_num_threads : memref<i32> = dense<1>
// CHECK-LABEL: func.func @carried
// CHECK-NOT: omp.
// CHECK-NOT: scf.if
// CHECK: scf.for
// CHECK-NOT: rnn.parallel
// CHECK: scf.for
// CHECK-NOT: omp.
func.func @carried(%m: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %c8 step %c1 iter_args(%a = %z) -> f32 {
    %v = memref.load %m[%i] : memref<8xf32>
    %s = arith.addf %a, %v : f32
    scf.yield %s : f32
  } {rnn.parallel}
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %z, %m[%i] : memref<8xf32>
  }
  return %r : f32
}

// -----

// Of two nested marked loops only the outer one is split.

// CHECK-LABEL: func.func @nested
// CHECK: omp.loop_nest
// CHECK-NOT: omp.parallel
// CHECK: } else {
func.func @nested(%m: memref<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c8 step %c1 {
      memref.store %z, %m[%i, %j] : memref<8x8xf32>
    } {rnn.parallel}
  } {rnn.parallel}
  return
}

// -----

// The kernels mark a loop with the weights it streams: with min-weights=1000
// the loop of 512 stays sequential, the one of 4096 is split (the default,
// 262144, would keep both sequential; a unit mark is always split).

// CHECK-LABEL: func.func @work
// MIN-LABEL: func.func @work
// MIN: scf.for
// MIN-NOT: rnn.parallel
// MIN: omp.parallel
func.func @work(%m: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %z, %m[%i] : memref<8xf32>
  } {rnn.parallel = 512 : i64}
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %z, %m[%i] : memref<8xf32>
  } {rnn.parallel = 4096 : i64}
  return
}

// -----

// A panel loop in serpentine order (the int8 kernel in a time loop: panel
// index `select(odd step, 3 - iv, iv)` marked rnn.serpentine): the threaded
// copy walks the panels forward (each thread keeps its own panels every
// step), the one-thread loop keeps the reversal.

// CHECK-LABEL: func.func @serpentine
// CHECK-SAME: (%[[C:.*]]: memref<1x64xf32>, %[[P:.*]]: memref<4x8x16xf32>, %[[ODD:.*]]: i1)
// CHECK: omp.loop_nest (%[[IV:.*]]) : index
// CHECK-NOT: arith.select
// CHECK: vector.transfer_read %[[P]][%[[IV]]
// CHECK: omp.yield
// CHECK: } else {
// CHECK-NEXT: scf.for %[[IV2:.*]] = {{.*}} {
// CHECK: %[[BACK:.*]] = arith.subi %{{.*}}, %[[IV2]] : index
// CHECK: %[[PANEL:.*]] = arith.select %[[ODD]], %[[BACK]], %[[IV2]] {rnn.serpentine} : index
// CHECK: vector.transfer_read %[[P]][%[[PANEL]]
func.func @serpentine(%c: memref<1x64xf32>, %p: memref<4x8x16xf32>, %odd: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %z = arith.constant 0.0 : f32
  scf.for %iv = %c0 to %c4 step %c1 {
    %back = arith.subi %c3, %iv : index
    %nb = arith.select %odd, %back, %iv {rnn.serpentine} : index
    %col = arith.muli %nb, %c16 : index
    %w = vector.transfer_read %p[%nb, %c0, %c0], %z {in_bounds = [true]} : memref<4x8x16xf32>, vector<16xf32>
    %acc = vector.transfer_read %c[%c0, %col], %z {in_bounds = [true]} : memref<1x64xf32>, vector<16xf32>
    %s = arith.addf %acc, %w : vector<16xf32>
    vector.transfer_write %s, %c[%c0, %col] {in_bounds = [true]} : vector<16xf32>, memref<1x64xf32>
  } {rnn.parallel}
  return
}
