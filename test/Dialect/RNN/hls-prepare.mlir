// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="reuse=4 dataflow=false" | FileCheck %s
// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="reuse=1 top=kernel interface=axis precision=fixed<16,6> dataflow=false" | FileCheck %s --check-prefix=R1

// A per-step product C[n] += h[k] * W[n, k] (N = 8, K = 4) as
// convert-linalg-to-loops leaves it, plus an element-wise loop.

// CHECK: module attributes {hls.precision = "float"}
// R1: module attributes {hls.accum_type = "ap_fixed<32,12,AP_RND,AP_SAT>", hls.data_type = "ap_fixed<16,6,AP_RND,AP_SAT>", hls.precision = "fixed<16,6>"}
memref.global "private" constant @w : memref<8x4xf32> = dense<0.5>
// CHECK: memref.global "private" constant @w {{.*}} {hls.partition = 8 : i64, hls.storage = "rom_2p"}
// R1: memref.global "private" constant @w {{.*}} {hls.partition = -1 : i64, hls.storage = "rom_2p"}

// CHECK-LABEL: func.func @main_graph
// CHECK-SAME: hls.interface = "m_axi"
// R1-LABEL: func.func @kernel
// R1-SAME: hls.interface = "axis"
// The port %h the product reads is copied once into a local array (a port
// delivers one element per cycle), partitioned for the product: 2 rows x
// K = 4 elements per cycle at reuse 4, all of it (complete) here.
// CHECK: %[[HL:.*]] = memref.alloc() {hls.partition = -1 : i64, hls.port_copy = "in0"} : memref<4xf32>
// CHECK-NEXT: memref.copy %arg0, %[[HL]] : memref<4xf32> to memref<4xf32>
// R1: %[[HL:.*]] = memref.alloc() {hls.partition = -1 : i64, hls.port_copy = "in0"} : memref<4xf32>
// R1-NEXT: memref.copy %arg0, %[[HL]]
func.func @main_graph(%h: memref<4xf32>, %out: memref<8xf32>) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %w = memref.get_global @w : memref<8x4xf32>
  %acc = memref.alloc() : memref<8xf32>
  // The write-only buffer is erased.
  // CHECK-NOT: memref.alloc() : memref<2xf32>
  %dead = memref.alloc() : memref<2xf32>
  %zero = arith.constant 0.0 : f32
  memref.store %zero, %dead[%c0] : memref<2xf32>
  // reuse 4: 32 weights / 4 = 8 multipliers > K = 4, so the n loop is
  // pipelined with 2 of its iterations unrolled.
  // CHECK: scf.for
  // CHECK: %[[INIT:.*]] = memref.load %[[ACC:.*]][%{{.*}}]
  // CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[C:.*]] = %[[INIT]]) -> (f32)
  // The product reads the local copy: no port reads limit its II.
  // CHECK: memref.load %[[HL]]
  // CHECK: arith.mulf
  // CHECK: %[[NEXT:.*]] = arith.addf %[[C]]
  // CHECK: scf.yield %[[NEXT]]
  // CHECK: } {hls.accumulate, hls.matvec = array<i64: 8, 4, 4, 8>}
  // CHECK: memref.store %[[SUM]], %[[ACC]]
  // CHECK: } {hls.pipeline = 1 : i64, hls.unroll = 2 : i64}
  // R1: } {hls.accumulate, hls.matvec = array<i64: 8, 4, 1, 32>}
  // R1: } {hls.pipeline = 1 : i64, hls.unroll = 8 : i64}
  scf.for %n = %c0 to %c8 step %c1 {
    scf.for %k = %c0 to %c4 step %c1 {
      %a = memref.load %h[%k] : memref<4xf32>
      %b = memref.load %w[%n, %k] : memref<8x4xf32>
      %c = memref.load %acc[%n] : memref<8xf32>
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %c, %p : f32
      memref.store %s, %acc[%n] : memref<8xf32>
    }
  }
  // Other innermost loops are pipelined at II 1.
  // CHECK: math.tanh
  // CHECK: } {hls.pipeline = 1 : i64}
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %acc[%n] : memref<8xf32>
    %t = math.tanh %v : f32
    memref.store %t, %acc[%n] : memref<8xf32>
  }
  return %acc : memref<8xf32>
}

// -----

// With a large K the k loop is pipelined and unrolled by a divisor of K;
// both ports (the vector and the weights, a graph input) are copied and
// partitioned cyclically by the unroll factor.
// CHECK-LABEL: func.func @wide
// CHECK: memref.alloc() {hls.partition = 6 : i64, hls.port_copy = "in0"} : memref<12xf32>
// CHECK: memref.alloc() {hls.partition = 6 : i64, hls.port_copy = "in1"} : memref<2x12xf32>
// CHECK: hls.matvec = array<i64: 2, 12, 4, 6>, hls.pipeline = 1 : i64, hls.unroll = 6 : i64
func.func @wide(%h: memref<12xf32>, %w: memref<2x12xf32>) -> memref<2xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c12 = arith.constant 12 : index
  %acc = memref.alloc() : memref<2xf32>
  scf.for %n = %c0 to %c2 step %c1 {
    scf.for %k = %c0 to %c12 step %c1 {
      %a = memref.load %h[%k] : memref<12xf32>
      %b = memref.load %w[%n, %k] : memref<2x12xf32>
      %c = memref.load %acc[%n] : memref<2xf32>
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %c, %p : f32
      memref.store %s, %acc[%n] : memref<2xf32>
    }
  }
  return %acc : memref<2xf32>
}

// -----

// The copy of the initial values into the accumulator is folded into the
// product's first read (each element is read once, then overwritten).
// CHECK-LABEL: func.func @copy_init
// CHECK-SAME: (%[[H:.*]]: memref<4xf32>, %[[W:.*]]: memref<8x4xf32>, %[[SRC:.*]]: memref<8xf32>)
// %src is a port the product now reads (2 initial values per cycle): it is
// copied into a partitioned local array like the other operands.
// CHECK: %[[SL:.*]] = memref.alloc() {hls.partition = 2 : i64, hls.port_copy = "in2"} : memref<8xf32>
// CHECK-NEXT: memref.copy %[[SRC]], %[[SL]]
// CHECK-NOT: memref.copy
// CHECK: memref.load %[[SL]][%{{.*}}] : memref<8xf32>
// CHECK: scf.for {{.*}} iter_args
func.func @copy_init(%h: memref<4xf32>, %w: memref<8x4xf32>, %src: memref<8xf32>) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %acc = memref.alloc() : memref<8xf32>
  memref.copy %src, %acc : memref<8xf32> to memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    scf.for %k = %c0 to %c4 step %c1 {
      %a = memref.load %h[%k] : memref<4xf32>
      %b = memref.load %w[%n, %k] : memref<8x4xf32>
      %c = memref.load %acc[%n] : memref<8xf32>
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %c, %p : f32
      memref.store %s, %acc[%n] : memref<8xf32>
    }
  }
  return %acc : memref<8xf32>
}

// -----

// A broadcast fill right before the product (the input projection's bias:
// acc[t, n] = b[n] for every row t) is folded into the product's initial
// value: the fill nest goes (T*N cycles), the product starts each sum from
// b[n] (indexed by the product's own n loop), and b is partitioned for the
// u = 2 initial values the pipelined n loop reads per cycle.
// CHECK-LABEL: func.func @bias_fill
// CHECK-SAME: (%[[X:.*]]: memref<3x4xf32>, %[[B:.*]]: memref<8xf32>)
// CHECK: %[[BL:.*]] = memref.alloc() {hls.partition = 2 : i64, hls.port_copy = "in1"} : memref<8xf32>
// CHECK-NOT: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<3x8xf32>
// CHECK: scf.for %[[T:.*]] =
// CHECK-NEXT: scf.for %[[N:.*]] =
// CHECK-NEXT: %[[INIT:.*]] = memref.load %[[BL]][%[[N]]] : memref<8xf32>
// CHECK-NEXT: scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (f32)
func.func @bias_fill(%x: memref<3x4xf32>, %b: memref<8xf32>) -> memref<3x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %w = memref.get_global @w2 : memref<8x4xf32>
  %acc = memref.alloc() : memref<3x8xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    scf.for %n = %c0 to %c8 step %c1 {
      %v = memref.load %b[%n] : memref<8xf32>
      memref.store %v, %acc[%t, %n] : memref<3x8xf32>
    }
  }
  scf.for %t = %c0 to %c3 step %c1 {
    scf.for %n = %c0 to %c8 step %c1 {
      scf.for %k = %c0 to %c4 step %c1 {
        %a = memref.load %x[%t, %k] : memref<3x4xf32>
        %bw = memref.load %w[%n, %k] : memref<8x4xf32>
        %c = memref.load %acc[%t, %n] : memref<3x8xf32>
        %p = arith.mulf %a, %bw : f32
        %s = arith.addf %c, %p : f32
        memref.store %s, %acc[%t, %n] : memref<3x8xf32>
      }
    }
  }
  return %acc : memref<3x8xf32>
}
memref.global "private" constant @w2 : memref<8x4xf32> = dense<0.25>
