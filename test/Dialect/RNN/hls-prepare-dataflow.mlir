// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="reuse=4" | FileCheck %s

// A chain: the port %x is copied into a local array (the product reads it
// at its reuse rate), the product writes %acc once, the element-wise loop
// reads it once and writes %act, the return reads %act. Every buffer has
// one producer and one later consumer: four processes.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: hls.dataflow
// CHECK-SAME: hls.dataflow_notes = []
// CHECK: %[[LOCAL:.*]] = memref.alloc() {hls.channel, hls.partition = -1 : i64, hls.port_copy = "x"} : memref<4xf32>
// CHECK: memref.copy %{{.*}}, %[[LOCAL]] {hls.stage = 0 : i64}
// CHECK: memref.alloc() {hls.channel, hls.partition = 2 : i64} : memref<8xf32>
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 1 : i64, hls.unroll = 2 : i64}
// CHECK: math.tanh
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 2 : i64}
// CHECK: return {hls.stage = 3 : i64}
memref.global "private" constant @w : memref<8x4xf32> = dense<0.5>
func.func @chain(%x: memref<4xf32> {rnn.name = "x"}) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @w : memref<8x4xf32>
  %acc = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    memref.store %zero, %acc[%n] : memref<8xf32>
  }
  scf.for %n = %c0 to %c8 step %c1 {
    scf.for %k = %c0 to %c4 step %c1 {
      %a = memref.load %x[%k] : memref<4xf32>
      %b = memref.load %w[%n, %k] : memref<8x4xf32>
      %c = memref.load %acc[%n] : memref<8xf32>
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %c, %p : f32
      memref.store %s, %acc[%n] : memref<8xf32>
    }
  }
  %act = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %acc[%n] : memref<8xf32>
    %t = math.tanh %v : f32
    memref.store %t, %act[%n] : memref<8xf32>
  }
  return %act : memref<8xf32>
}

// -----

// A buffer initialized by one loop and updated by the next (a bias fill and
// the product accumulating into it; a state and its time loop) is one
// process: the note says why. The rest of the chain stays dataflow.
// CHECK-LABEL: func.func @grouped
// CHECK-SAME: hls.dataflow
// CHECK-SAME: hls.dataflow_notes = ["buffer memref<8xf32> is written by 2 statements (an initialization and an update, or a buffer reused)"]
// CHECK: memref.alloc() {hls.channel} : memref<8xf32>
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 0 : i64}
// CHECK: } {hls.stage = 0 : i64}
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 1 : i64}
// CHECK: return {hls.stage = 2 : i64}
func.func @grouped(%b: memref<8xf32>) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %acc = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %b[%n] : memref<8xf32>
    memref.store %v, %acc[%n] : memref<8xf32>
  }
  scf.for %t = %c0 to %c8 step %c1 {
    scf.for %n = %c0 to %c8 step %c1 {
      %v = memref.load %acc[%n] : memref<8xf32>
      %s = arith.mulf %v, %v : f32
      memref.store %s, %acc[%n] : memref<8xf32>
    }
  }
  %out = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %acc[%n] : memref<8xf32>
    %t = math.tanh %v : f32
    memref.store %t, %out[%n] : memref<8xf32>
  }
  return %out : memref<8xf32>
}

// -----

// A buffer read by two later statements (read twice) groups the readers:
// %mid is then read by one process (which also writes %out twice).
// CHECK-LABEL: func.func @read_twice
// CHECK-SAME: hls.dataflow
// CHECK-SAME: hls.dataflow_notes = ["buffer memref<8xf32> is read by 2 statements (read twice)"]
// CHECK: math.tanh
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 0 : i64}
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 1 : i64}
// CHECK: arith.addf
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 1 : i64}
// CHECK: return {hls.stage = 2 : i64}
func.func @read_twice(%b: memref<8xf32>) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %mid = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %b[%n] : memref<8xf32>
    %t = math.tanh %v : f32
    memref.store %t, %mid[%n] : memref<8xf32>
  }
  %out = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %mid[%n] : memref<8xf32>
    memref.store %v, %out[%n] : memref<8xf32>
  }
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %mid[%n] : memref<8xf32>
    %o = memref.load %out[%n] : memref<8xf32>
    %s = arith.addf %v, %o : f32
    memref.store %s, %out[%n] : memref<8xf32>
  }
  return %out : memref<8xf32>
}

// -----

// A bypass: %a goes from the first loop straight to the return, past the
// second loop, which depends on the first (%m) and feeds the return (%o).
// The second loop computes, so the processes stay and %a gets a ping-pong
// buffer of 3 banks (the longest path from its producer to its consumer has
// 2 channels: STREAM type=pipo depth=3). %m, written in order by the first
// loop and read element t in iteration t by the second, is a FIFO (8
// slices of 1 element, depth 2). (Past a copy, the producer is grouped
// instead: test/Target/HLS/emit-hls-dataflow.mlir.)
// CHECK-LABEL: func.func @bypass
// CHECK-SAME: hls.channel_edges = array<i64: 0, 2, 0, 0, 1, 8, 1, 2, 0>
// CHECK-SAME: hls.dataflow
// CHECK: memref.alloc() {hls.channel, hls.channel_depth = 3 : i64} : memref<8xf32>
// CHECK: memref.alloc() {hls.channel, hls.stream = array<i64: 0, 2>} : memref<8xf32>
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 0 : i64}
// CHECK: } {hls.pipeline = 1 : i64, hls.stage = 1 : i64, hls.stream_pop = array<i64: 0>}
// CHECK: return {hls.stage = 2 : i64}
func.func @bypass(%b: memref<8xf32>) -> (memref<8xf32>, memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %a = memref.alloc() : memref<8xf32>
  %m = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %b[%n] : memref<8xf32>
    %t = math.tanh %v : f32
    memref.store %t, %a[%n] : memref<8xf32>
    memref.store %v, %m[%n] : memref<8xf32>
  }
  %o = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %m[%n] : memref<8xf32>
    %t = math.tanh %v : f32
    memref.store %t, %o[%n] : memref<8xf32>
  }
  return %a, %o : memref<8xf32>, memref<8xf32>
}

// -----

// With dataflow=false nothing is planned.
// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="dataflow=false" | FileCheck %s --check-prefix=OFF
// OFF-NOT: hls.dataflow
// OFF-NOT: hls.no_dataflow
// OFF-NOT: hls.stage
// OFF-LABEL: func.func @off
func.func @off(%b: memref<8xf32>) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %out = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %b[%n] : memref<8xf32>
    %t = math.tanh %v : f32
    memref.store %t, %out[%n] : memref<8xf32>
  }
  return %out : memref<8xf32>
}
