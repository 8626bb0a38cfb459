// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels="min-weights=0 region-min-weights=0 spin-barrier=false" | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels="min-weights=0 region-min-weights=0" | FileCheck %s --check-prefix=SPIN
// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels="min-weights=0 region-min-weights=100000" | FileCheck %s --check-prefix=MIN
// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels="min-weights=0 region=false" | FileCheck %s --check-prefix=OFF
// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels="min-weights=1000000 region-min-weights=3072" | FileCheck %s --check-prefix=MAX
// RUN: rnn-opt %s -split-input-file --rnn-parallelize-kernels="min-weights=1000000 region-min-weights=3073" | FileCheck %s --check-prefix=MAX1

// A recurrent time loop on memrefs (as after bufferization): zero the gate
// accumulator, the panel loop of the recurrent product (reads h, writes
// the accumulator), the element-wise gate math updating h in place, and
// the copy of h into the output. With more than one thread it runs in one
// parallel region: every thread runs the steps; the fill, split into
// chunks of 16 columns, is a worksharing loop; the panel loop is one; the
// gate math and the copy of h (same chunks of h) share one. Each
// worksharing loop ends with a barrier, so h is complete before the next
// step's product. One thread runs the original loop, marks dropped.

// With spin-barrier (the default) each worksharing loop is `nowait` and
// followed by the generated barrier: two words of a 64-byte aligned frame
// buffer (arrival count at 0, generation at 16) zeroed before the region,
// the team size read once inside it; the generation read, the arrival an
// acq_rel atomic add, the last thread resets the count and publishes the
// next generation (release), the others poll it (acquire) and yield the
// core every 1024 polls.

// SPIN-LABEL: func.func @step
// SPIN-NEXT: %[[STATE:.*]] = memref.alloca() {alignment = 64 : i64} : memref<32xi32>
// SPIN: scf.if
// SPIN: memref.store %[[ZERO:.*]], %[[STATE]][%{{.*}}] : memref<32xi32>
// SPIN: memref.store %[[ZERO]], %[[STATE]][%{{.*}}] : memref<32xi32>
// SPIN: omp.parallel
// SPIN: %[[ADDR:.*]] = memref.extract_aligned_pointer_as_index %[[STATE]]
// SPIN: %[[I64:.*]] = arith.index_cast %[[ADDR]] : index to i64
// SPIN: %[[COUNT:.*]] = llvm.inttoptr %[[I64]] : i64 to !llvm.ptr
// SPIN: %[[GEN:.*]] = llvm.getelementptr %[[COUNT]][16] : (!llvm.ptr) -> !llvm.ptr, i32
// SPIN: %[[TEAM:.*]] = func.call @omp_get_num_threads() : () -> i32
// SPIN: %[[LAST:.*]] = arith.subi %[[TEAM]], %{{.*}} : i32
// SPIN: scf.for
// SPIN: omp.wsloop nowait schedule(static)
// SPIN: linalg.fill
// SPIN: omp.yield
// SPIN: %[[SEEN:.*]] = llvm.load %[[GEN]] atomic monotonic {alignment = 4 : i64} : !llvm.ptr -> i32
// SPIN: %[[OLD:.*]] = llvm.atomicrmw add %[[COUNT]], %[[ONE:.*]] acq_rel : !llvm.ptr, i32
// SPIN: %[[ISLAST:.*]] = arith.cmpi eq, %[[OLD]], %[[LAST]] : i32
// SPIN: scf.if %[[ISLAST]] {
// SPIN: llvm.store %{{.*}}, %[[COUNT]] atomic monotonic
// SPIN: %[[NEXT:.*]] = arith.addi %[[SEEN]], %[[ONE]] : i32
// SPIN: llvm.store %[[NEXT]], %[[GEN]] atomic release
// SPIN: } else {
// SPIN: scf.while
// SPIN: %[[NOW:.*]] = llvm.load %[[GEN]] atomic acquire
// SPIN: %[[WAIT:.*]] = arith.cmpi eq, %[[NOW]], %[[SEEN]] : i32
// SPIN: scf.condition(%[[WAIT]])
// SPIN: arith.andi %{{.*}}, %{{.*}} : i32
// SPIN: func.call @sched_yield() : () -> i32
// SPIN: omp.wsloop nowait schedule(static)
// SPIN: vector.transfer_read
// SPIN: llvm.atomicrmw add %[[COUNT]]
// SPIN: omp.wsloop nowait schedule(static)
// SPIN: linalg.generic
// SPIN: llvm.atomicrmw add %[[COUNT]]
// SPIN-NOT: llvm.atomicrmw
// SPIN: omp.terminator
// SPIN: } else {
// SPIN-NOT: llvm.atomicrmw
// SPIN: return
// SPIN-DAG: func.func private @omp_get_num_threads() -> i32
// SPIN-DAG: func.func private @sched_yield() -> i32

// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[X:.*]]: memref<8x64xf32>, %[[P:.*]]: memref<4x32x16xf32>)
// CHECK: %[[H:.*]] = memref.alloc() : memref<1x32xf32>
// CHECK: %[[ACC:.*]] = memref.alloc() : memref<1x64xf32>
// CHECK: %[[Y:.*]] = memref.alloc() : memref<8x32xf32>
// CHECK: %[[N:.*]] = memref.load %{{.*}}[] : memref<i32>
// CHECK: %[[SPLIT:.*]] = arith.cmpi sgt, %[[N]]
// CHECK: scf.if %[[SPLIT]] {
// CHECK-NEXT: omp.parallel num_threads(%[[N]] : i32) {
// CHECK-NEXT: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[XT:.*]] = memref.subview %[[X]][%[[T]], 0] [1, 64] [1, 1]
// CHECK: %[[G0:.*]] = memref.subview %[[ACC]][0, 0] [1, 32] [1, 1]
// CHECK: %[[X0:.*]] = memref.subview %[[XT]][0, 0] [1, 32] [1, 1]
// CHECK: %[[YT:.*]] = memref.subview %[[Y]][%[[T]], 0] [1, 32] [1, 1]
// CHECK: omp.wsloop schedule(static) {
// CHECK-NEXT: omp.loop_nest (%[[C1:.*]]) : index
// CHECK: %[[OFF1:.*]] = arith.muli %[[C1]], %{{.*}} : index
// CHECK: %[[ACC1:.*]] = memref.subview %[[ACC]][0, %[[OFF1]]] [1, 16] [1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[ACC1]]
// CHECK: omp.yield
// CHECK: omp.wsloop schedule(static) {
// CHECK-NEXT: omp.loop_nest (%[[PANEL:.*]]) : index
// CHECK: vector.transfer_read %[[P]][%[[PANEL]]
// CHECK: omp.yield
// CHECK: omp.wsloop schedule(static) {
// CHECK-NEXT: omp.loop_nest (%[[C2:.*]]) : index
// CHECK: %[[OFF2:.*]] = arith.muli %[[C2]], %{{.*}} : index
// CHECK: %[[A1:.*]] = memref.subview %[[G0]][0, %[[OFF2]]] [1, 16] [1, 1]
// CHECK: %[[X1:.*]] = memref.subview %[[X0]][0, %[[OFF2]]] [1, 16] [1, 1]
// CHECK: %[[H1:.*]] = memref.subview %[[H]][0, %[[OFF2]]] [1, 16] [1, 1]
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[A1]], %[[X1]], %[[H1]] :
// CHECK-SAME: outs(%[[H1]] :
// CHECK: %[[H2:.*]] = memref.subview %[[H]][0, %[[OFF2]]] [1, 16] [1, 1]
// CHECK: %[[Y2:.*]] = memref.subview %[[YT]][0, %[[OFF2]]] [1, 16] [1, 1]
// CHECK: memref.copy %[[H2]], %[[Y2]]
// CHECK: omp.yield
// CHECK-NOT: omp.wsloop
// CHECK: } {rnn.time_loop}
// CHECK-NEXT: omp.terminator
// CHECK: } else {
// CHECK-NEXT: scf.for
// CHECK: linalg.fill
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK: memref.copy
// CHECK-NOT: rnn.parallel
// CHECK: return

// MIN-LABEL: func.func @step
// MIN: scf.for
// MIN-NOT: omp.parallel
// MIN: scf.if
// MIN-NEXT: omp.parallel
// MIN-NEXT: omp.wsloop
// MIN: linalg.generic

// OFF-LABEL: func.func @step
// OFF: scf.for
// OFF: linalg.fill
// OFF: scf.if
// OFF-NEXT: omp.parallel
// OFF-NEXT: omp.wsloop

#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @step(%x: memref<8x64xf32>, %p: memref<4x32x16xf32>) -> memref<8x32xf32> {
  %h = memref.alloc() : memref<1x32xf32>
  %acc = memref.alloc() : memref<1x64xf32>
  %y = memref.alloc() : memref<8x32xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %z = arith.constant 0.0 : f32
  scf.for %t = %c0 to %c8 step %c1 {
    %xt = memref.subview %x[%t, 0] [1, 64] [1, 1] : memref<8x64xf32> to memref<1x64xf32, strided<[64, 1], offset: ?>>
    linalg.fill ins(%z : f32) outs(%acc : memref<1x64xf32>)
    scf.for %nb = %c0 to %c4 step %c1 {
      %colb = arith.muli %nb, %c16 : index
      %acc0 = vector.transfer_read %acc[%c0, %colb], %z {in_bounds = [true]} : memref<1x64xf32>, vector<16xf32>
      %s = scf.for %k = %c0 to %c32 step %c1 iter_args(%a = %acc0) -> vector<16xf32> {
        %w = vector.transfer_read %p[%nb, %k, %c0], %z {in_bounds = [true]} : memref<4x32x16xf32>, vector<16xf32>
        %hk = memref.load %h[%c0, %k] : memref<1x32xf32>
        %hb = vector.broadcast %hk : f32 to vector<16xf32>
        %f = vector.fma %hb, %w, %a : vector<16xf32>
        scf.yield %f : vector<16xf32>
      }
      vector.transfer_write %s, %acc[%c0, %colb] {in_bounds = [true]} : vector<16xf32>, memref<1x64xf32>
    } {rnn.parallel = 2048 : i64}
    %g0 = memref.subview %acc[0, 0] [1, 32] [1, 1] : memref<1x64xf32> to memref<1x32xf32, strided<[64, 1]>>
    %x0 = memref.subview %xt[0, 0] [1, 32] [1, 1] : memref<1x64xf32, strided<[64, 1], offset: ?>> to memref<1x32xf32, strided<[64, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%g0, %x0, %h : memref<1x32xf32, strided<[64, 1]>>, memref<1x32xf32, strided<[64, 1], offset: ?>>, memref<1x32xf32>)
        outs(%h : memref<1x32xf32>) {
    ^bb0(%a: f32, %b: f32, %hv: f32, %o: f32):
      %u = arith.addf %a, %b : f32
      %v = arith.addf %u, %hv : f32
      linalg.yield %v : f32
    }
    %yt = memref.subview %y[%t, 0] [1, 32] [1, 1] : memref<8x32xf32> to memref<1x32xf32, strided<[32, 1], offset: ?>>
    memref.copy %h, %yt : memref<1x32xf32> to memref<1x32xf32, strided<[32, 1], offset: ?>>
  } {rnn.time_loop}
  return %y : memref<8x32xf32>
}

// -----

// What the chunks cannot split runs on one thread (omp.single, which ends
// with a barrier): a scalar store, and an element-wise op whose output is
// not indexed by its innermost loop (every chunk would write it).

// CHECK-LABEL: func.func @single
// CHECK: omp.parallel
// CHECK-NEXT: scf.for
// CHECK: omp.single {
// CHECK-NEXT: memref.store
// CHECK-NEXT: omp.terminator
// CHECK: omp.wsloop
// CHECK: omp.single {
// CHECK-NEXT: linalg.generic
// CHECK: omp.terminator
// CHECK: } else {

// SPIN-LABEL: func.func @single
// SPIN: omp.single nowait {
// SPIN: memref.store
// SPIN: omp.terminator
// SPIN: }
// SPIN: llvm.load %{{.*}} atomic monotonic
// SPIN: llvm.atomicrmw add
// SPIN: omp.wsloop nowait
// SPIN: llvm.atomicrmw add
// SPIN: omp.single nowait {
// SPIN: linalg.generic
// SPIN: llvm.atomicrmw add
#row = affine_map<(d0, d1) -> (d0, d1)>
#sum = affine_map<(d0, d1) -> (d0)>
func.func @single(%m: memref<64xf32>, %a: memref<4x64xf32>, %s: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.for %t = %c0 to %c8 step %c1 {
    memref.store %z, %m[%c0] : memref<64xf32>
    scf.for %i = %c0 to %c4 step %c1 {
      memref.store %z, %m[%i] : memref<64xf32>
    } {rnn.parallel}
    linalg.generic {indexing_maps = [#row, #sum], iterator_types = ["parallel", "parallel"]}
        ins(%a : memref<4x64xf32>) outs(%s : memref<4xf32>) {
    ^bb0(%v: f32, %o: f32):
      linalg.yield %v : f32
    }
  }
  return
}

// -----

// Loops that cannot run in a region keep the fork / join per panel loop: a
// step that loads a value used later (every thread would need it after
// the write of another), and a step that allocates (each thread would get
// its own buffer).

// CHECK-LABEL: func.func @loads
// CHECK: scf.for
// CHECK: memref.load
// CHECK: scf.if
// CHECK-NEXT: omp.parallel
// CHECK-NEXT: omp.wsloop
// CHECK-LABEL: func.func @allocates
// CHECK: scf.for
// CHECK: memref.alloc
// CHECK: scf.if
// CHECK-NEXT: omp.parallel
// CHECK-NEXT: omp.wsloop
func.func @loads(%m: memref<64xf32>, %n: memref<index>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.for %t = %c0 to %c8 step %c1 {
    %e = memref.load %n[] : memref<index>
    scf.for %i = %c0 to %e step %c1 {
      memref.store %z, %m[%i] : memref<64xf32>
    } {rnn.parallel}
  }
  return
}
func.func @allocates(%m: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.for %t = %c0 to %c8 step %c1 {
    %b = memref.alloc() : memref<64xf32>
    scf.for %i = %c0 to %c8 step %c1 {
      memref.store %z, %b[%i] : memref<64xf32>
    } {rnn.parallel}
    memref.copy %b, %m : memref<64xf32> to memref<64xf32>
    memref.dealloc %b : memref<64xf32>
  }
  return
}

// -----

// A step whose panel loop sits in a batch loop: every thread runs the batch
// loop too (no fork / join inside the step), its panel loop a worksharing
// loop.

// CHECK-LABEL: func.func @batch
// CHECK: omp.parallel
// CHECK-NEXT: scf.for %[[T:.*]] = 
// CHECK-NEXT: scf.for %[[N:.*]] = 
// CHECK-NEXT: omp.wsloop schedule(static) {
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[N]], %{{.*}}]
// CHECK: omp.yield
// CHECK-NOT: omp.parallel
// CHECK: } else {
func.func @batch(%m: memref<2x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.for %t = %c0 to %c8 step %c1 {
    scf.for %n = %c0 to %c2 step %c1 {
      scf.for %i = %c0 to %c8 step %c1 {
        memref.store %z, %m[%n, %i] : memref<2x64xf32>
      } {rnn.parallel}
    }
  }
  return
}

// -----

// The time loop of f32-projection-in-step (as after bufferization): h_{t-1}
// is a select between the initial state and the previous row of Y, and the
// step's product is in an `scf.if`: while a next block of the projection
// exists, the panel loop also computes that block's tiles into P (a buffer
// written in place: the loop carries nothing); in the last block the
// product alone. The branch runs in the region: every thread evaluates the
// condition (computed by every thread from the induction variable) and
// takes the same branch, whose panel loop is a worksharing loop ending
// with a barrier; then the activation, split into chunks of 16 columns of
// the step's row of Y. Two barriers per step in either branch. Before each
// panel loop, every thread prefetches the two 64-byte lines of h_{t-1}
// (read element by element by every panel; half of it written by the other
// thread). The weights
// of a branch are the larger branch's (3072 here): 3072 is enough, 3073
// is not.

// CHECK-LABEL: func.func @projection_in_step
// CHECK: omp.parallel
// CHECK-NEXT: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[HPREV:.*]] = arith.select
// CHECK: %[[AHEAD:.*]] = arith.cmpi ult, %[[T]]
// CHECK: scf.if %[[AHEAD]] {
// CHECK: memref.prefetch %[[HPREV]][%{{.*}}, %{{.*}}], read, locality<3>, data
// CHECK: memref.prefetch %[[HPREV]][%{{.*}}, %[[C16:.*]]], read, locality<3>, data
// CHECK-NOT: memref.prefetch
// CHECK: omp.wsloop schedule(static) {
// CHECK-NEXT: omp.loop_nest (%[[PANEL:.*]]) : index
// CHECK-NOT: rnn.serpentine
// CHECK: %[[COL:.*]] = arith.muli %[[PANEL]]
// CHECK: memref.load %[[HPREV]]
// CHECK: vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %[[COL]]]
// CHECK: omp.yield
// CHECK: } else {
// CHECK: memref.prefetch %[[HPREV]]
// CHECK: memref.prefetch %[[HPREV]]
// CHECK-NOT: memref.prefetch
// CHECK: omp.wsloop schedule(static) {
// CHECK: memref.load %[[HPREV]]
// CHECK: omp.yield
// CHECK-NOT: omp.wsloop
// CHECK: }
// CHECK: omp.wsloop schedule(static) {
// CHECK-NEXT: omp.loop_nest
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK: omp.yield
// CHECK-NOT: omp.wsloop
// CHECK: } {rnn.time_loop}
// CHECK-NEXT: omp.terminator
// CHECK: } else {
// CHECK-NEXT: scf.for
// CHECK: scf.if
// CHECK: rnn.serpentine
// CHECK: } else {
// CHECK-NOT: rnn.parallel
// CHECK: return

// SPIN-LABEL: func.func @projection_in_step
// SPIN: omp.parallel
// SPIN: scf.if
// SPIN: omp.wsloop nowait
// SPIN: llvm.atomicrmw add
// SPIN-NOT: llvm.atomicrmw
// SPIN: } else {
// SPIN: omp.wsloop nowait
// SPIN: llvm.atomicrmw add
// SPIN-NOT: llvm.atomicrmw
// SPIN: omp.wsloop nowait
// SPIN: linalg.generic
// SPIN: llvm.atomicrmw add
// SPIN-NOT: llvm.atomicrmw
// SPIN: omp.terminator

// MIN-LABEL: func.func @projection_in_step
// MIN-NOT: omp.parallel
// MIN: scf.for
// MIN: scf.if
// MIN: omp.parallel
// MIN-NEXT: omp.wsloop

// MAX-LABEL: func.func @projection_in_step
// MAX: omp.parallel
// MAX: scf.for
// MAX: scf.if
// MAX: omp.wsloop

// MAX1-LABEL: func.func @projection_in_step
// MAX1-NOT: omp.parallel
// MAX1: return

#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @projection_in_step(%r: memref<2x32x16xf32>, %w: memref<2x32x16xf32>, %x: memref<8x32xf32>, %p: memref<8x32xf32>, %h0: memref<1x32xf32, strided<[32, 1], offset: ?>>) -> memref<8x32xf32> {
  %acc = memref.alloc() : memref<1x32xf32>
  %y = memref.alloc() : memref<8x32xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %z = arith.constant 0.0 : f32
  scf.for %t = %c0 to %c8 step %c1 {
    %yt = memref.subview %y[%t, 0] [1, 32] [1, 1] : memref<8x32xf32> to memref<1x32xf32, strided<[32, 1], offset: ?>>
    %tm1 = arith.subi %t, %c1 : index
    %first = arith.cmpi eq, %t, %c0 : index
    %yprev = memref.subview %y[%tm1, 0] [1, 32] [1, 1] : memref<8x32xf32> to memref<1x32xf32, strided<[32, 1], offset: ?>>
    %hprev = arith.select %first, %h0, %yprev : memref<1x32xf32, strided<[32, 1], offset: ?>>
    %odd = arith.andi %t, %c1 : index
    %rev = arith.cmpi ne, %odd, %c0 : index
    %ahead = arith.cmpi ult, %t, %c4 : index
    scf.if %ahead {
      scf.for %nb = %c0 to %c2 step %c1 {
        %back = arith.subi %c1, %nb : index
        %pb = arith.select %rev, %back, %nb {rnn.serpentine} : index
        %col = arith.muli %pb, %c16 : index
        %next = arith.addi %t, %c4 : index
        %a0 = vector.transfer_read %p[%t, %col], %z {in_bounds = [true]} : memref<8x32xf32>, vector<16xf32>
        %s:2 = scf.for %k = %c0 to %c32 step %c1 iter_args(%a = %a0, %q = %a0) -> (vector<16xf32>, vector<16xf32>) {
          %rv = vector.transfer_read %r[%pb, %k, %c0], %z {in_bounds = [true]} : memref<2x32x16xf32>, vector<16xf32>
          %hk = memref.load %hprev[%c0, %k] : memref<1x32xf32, strided<[32, 1], offset: ?>>
          %hb = vector.broadcast %hk : f32 to vector<16xf32>
          %f = vector.fma %hb, %rv, %a : vector<16xf32>
          %wv = vector.transfer_read %w[%pb, %k, %c0], %z {in_bounds = [true]} : memref<2x32x16xf32>, vector<16xf32>
          %xk = memref.load %x[%next, %k] : memref<8x32xf32>
          %xb = vector.broadcast %xk : f32 to vector<16xf32>
          %g = vector.fma %xb, %wv, %q : vector<16xf32>
          scf.yield %f, %g : vector<16xf32>, vector<16xf32>
        }
        vector.transfer_write %s#0, %acc[%c0, %col] {in_bounds = [true]} : vector<16xf32>, memref<1x32xf32>
        vector.transfer_write %s#1, %p[%next, %col] {in_bounds = [true]} : vector<16xf32>, memref<8x32xf32>
      } {rnn.parallel = 3072 : i64}
    } else {
      scf.for %nb = %c0 to %c2 step %c1 {
        %back = arith.subi %c1, %nb : index
        %pb = arith.select %rev, %back, %nb {rnn.serpentine} : index
        %col = arith.muli %pb, %c16 : index
        %a0 = vector.transfer_read %p[%t, %col], %z {in_bounds = [true]} : memref<8x32xf32>, vector<16xf32>
        %s = scf.for %k = %c0 to %c32 step %c1 iter_args(%a = %a0) -> vector<16xf32> {
          %rv = vector.transfer_read %r[%pb, %k, %c0], %z {in_bounds = [true]} : memref<2x32x16xf32>, vector<16xf32>
          %hk = memref.load %hprev[%c0, %k] : memref<1x32xf32, strided<[32, 1], offset: ?>>
          %hb = vector.broadcast %hk : f32 to vector<16xf32>
          %f = vector.fma %hb, %rv, %a : vector<16xf32>
          scf.yield %f : vector<16xf32>
        }
        vector.transfer_write %s, %acc[%c0, %col] {in_bounds = [true]} : vector<16xf32>, memref<1x32xf32>
      } {rnn.parallel = 1024 : i64}
    }
    linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%acc : memref<1x32xf32>) outs(%yt : memref<1x32xf32, strided<[32, 1], offset: ?>>) {
    ^bb0(%a: f32, %o: f32):
      %v = math.tanh %a : f32
      linalg.yield %v : f32
    }
  } {rnn.time_loop}
  return %y : memref<8x32xf32>
}
