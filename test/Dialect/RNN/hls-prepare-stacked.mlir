// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="reuse=4" | FileCheck %s

// Two stacked "layers" as bufferization leaves them: both initial-state
// copies (slices of the port %h) at the top, each layer a time loop that
// updates its state in place and copies it into row t of its Y. Each copy
// moves next to its layer; the port is split per layer (one process reads
// it, hls.port_part arrays); each layer is its own process; layer 2's slice
// passes layer 1 (a bypass past a computing process: 3 ping-pong buffers);
// layer 1's Y, written row by row in order and read by layer 2 row t in
// step t, is a FIFO popped by layer 2's loop.
// CHECK-LABEL: func.func @stacked
// CHECK-SAME: hls.channel_edges = array<i64: 0, 1, 0, 0, 2, 0, 1, 2, 3, 2, 3, 0>
// CHECK-SAME: hls.dataflow
// CHECK-SAME: "input 'h' is read by 2 statements"
// CHECK: %[[S1:.*]] = memref.alloc() {hls.stage = 1 : i64} : memref<4xf32>
// CHECK: %[[P1:.*]] = memref.alloc() {hls.channel, hls.port_part} : memref<4xf32>
// CHECK: %[[V1:.*]] = memref.subview %arg1[0, 0] [1, 4] [1, 1]
// CHECK: memref.copy %[[V1]], %[[P1]] {hls.stage = 0 : i64}
// CHECK: %[[P2:.*]] = memref.alloc() {hls.channel, hls.channel_depth = 3 : i64, hls.port_part} : memref<4xf32>
// CHECK: %[[V2:.*]] = memref.subview %arg1[1, 0] [1, 4] [1, 1]
// CHECK: memref.copy %[[V2]], %[[P2]] {hls.stage = 0 : i64}
// CHECK: memref.copy %[[P1]], %[[S1]] {hls.stage = 1 : i64}
// CHECK: %[[S2:.*]] = memref.alloc() {hls.stage = 2 : i64} : memref<4xf32>
// CHECK: %[[Y1:.*]] = memref.alloc() {hls.channel, hls.stream = array<i64: 0, 8>} : memref<3x4xf32>
// CHECK: scf.for
// CHECK: memref.copy %[[S1]], %{{.*}} : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>
// CHECK: } {hls.stage = 1 : i64, rnn.time_loop}
// CHECK: memref.copy %[[P2]], %[[S2]] {hls.stage = 2 : i64}
// CHECK: scf.for
// CHECK: memref.load %[[Y1]]
// CHECK: } {hls.stage = 2 : i64, hls.stream_pop = array<i64: 0>, rnn.time_loop}
// CHECK: return {hls.stage = 3 : i64}
func.func @stacked(%x: memref<3x4xf32> {rnn.name = "x"}, %h: memref<2x4xf32> {rnn.name = "h"}) -> memref<3x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %s1 = memref.alloc() : memref<4xf32>
  %h1 = memref.subview %h[0, 0] [1, 4] [1, 1] : memref<2x4xf32> to memref<4xf32, strided<[1]>>
  memref.copy %h1, %s1 : memref<4xf32, strided<[1]>> to memref<4xf32>
  %s2 = memref.alloc() : memref<4xf32>
  %h2 = memref.subview %h[1, 0] [1, 4] [1, 1] : memref<2x4xf32> to memref<4xf32, strided<[1], offset: 4>>
  memref.copy %h2, %s2 : memref<4xf32, strided<[1], offset: 4>> to memref<4xf32>
  %y1 = memref.alloc() : memref<3x4xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    scf.for %n = %c0 to %c4 step %c1 {
      %a = memref.load %x[%t, %n] : memref<3x4xf32>
      %s = memref.load %s1[%n] : memref<4xf32>
      %p = arith.addf %a, %s : f32
      %v = math.tanh %p : f32
      memref.store %v, %s1[%n] : memref<4xf32>
    }
    %row = memref.subview %y1[%t, 0] [1, 4] [1, 1] : memref<3x4xf32> to memref<4xf32, strided<[1], offset: ?>>
    memref.copy %s1, %row : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>
  } {rnn.time_loop}
  %y2 = memref.alloc() : memref<3x4xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    scf.for %n = %c0 to %c4 step %c1 {
      %a = memref.load %y1[%t, %n] : memref<3x4xf32>
      %s = memref.load %s2[%n] : memref<4xf32>
      %p = arith.addf %a, %s : f32
      %v = math.tanh %p : f32
      memref.store %v, %s2[%n] : memref<4xf32>
    }
    %row = memref.subview %y2[%t, 0] [1, 4] [1, 1] : memref<3x4xf32> to memref<4xf32, strided<[1], offset: ?>>
    memref.copy %s2, %row : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>
  } {rnn.time_loop}
  return %y2 : memref<3x4xf32>
}

// -----

// The same with layer 2 reading layer 1's Y in reverse (row 2 - t in step
// t, as a reverse layer does): not slice by slice, so Y stays a ping-pong
// buffer (no hls.stream); the layers are still separate processes.
// CHECK-LABEL: func.func @stacked_reverse
// CHECK-SAME: hls.channel_edges = array<i64: 0, 1, 0, 0, 2, 0, 1, 2, 0, 2, 3, 0>
// CHECK-NOT: hls.stream
// CHECK: } {hls.stage = 1 : i64, rnn.time_loop}
// CHECK: arith.subi
// CHECK: } {hls.stage = 2 : i64, rnn.time_loop}
// CHECK: return {hls.stage = 3 : i64}
func.func @stacked_reverse(%x: memref<3x4xf32> {rnn.name = "x"}, %h: memref<2x4xf32> {rnn.name = "h"}) -> memref<3x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %s1 = memref.alloc() : memref<4xf32>
  %h1 = memref.subview %h[0, 0] [1, 4] [1, 1] : memref<2x4xf32> to memref<4xf32, strided<[1]>>
  memref.copy %h1, %s1 : memref<4xf32, strided<[1]>> to memref<4xf32>
  %s2 = memref.alloc() : memref<4xf32>
  %h2 = memref.subview %h[1, 0] [1, 4] [1, 1] : memref<2x4xf32> to memref<4xf32, strided<[1], offset: 4>>
  memref.copy %h2, %s2 : memref<4xf32, strided<[1], offset: 4>> to memref<4xf32>
  %y1 = memref.alloc() : memref<3x4xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    scf.for %n = %c0 to %c4 step %c1 {
      %a = memref.load %x[%t, %n] : memref<3x4xf32>
      %s = memref.load %s1[%n] : memref<4xf32>
      %p = arith.addf %a, %s : f32
      %v = math.tanh %p : f32
      memref.store %v, %s1[%n] : memref<4xf32>
    }
    %row = memref.subview %y1[%t, 0] [1, 4] [1, 1] : memref<3x4xf32> to memref<4xf32, strided<[1], offset: ?>>
    memref.copy %s1, %row : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>
  } {rnn.time_loop}
  %y2 = memref.alloc() : memref<3x4xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    scf.for %n = %c0 to %c4 step %c1 {
      %r = arith.subi %c2, %t : index
      %a = memref.load %y1[%r, %n] : memref<3x4xf32>
      %s = memref.load %s2[%n] : memref<4xf32>
      %p = arith.addf %a, %s : f32
      %v = math.tanh %p : f32
      memref.store %v, %s2[%n] : memref<4xf32>
    }
    %row = memref.subview %y2[%t, 0] [1, 4] [1, 1] : memref<3x4xf32> to memref<4xf32, strided<[1], offset: ?>>
    memref.copy %s2, %row : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>
  } {rnn.time_loop}
  return %y2 : memref<3x4xf32>
}
