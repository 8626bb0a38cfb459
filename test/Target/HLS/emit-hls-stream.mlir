// RUN: rnn-opt %s -rnn-hls-prepare="reuse=4" | rnn-translate --emit-hls-cpp | FileCheck %s

// The C++ of stacked layers (test/Dialect/RNN/hls-prepare-stacked.mlir):
// the FIFO between the layers is an hls::stream declared in the top
// function with its STREAM pragma and passed by reference; layer 1 writes
// its Y rows into it (no array), layer 2 pops row t into a local row at the
// start of step t and reads the row; the bypassing ping-pong buffer gets
// its STREAM type=pipo depth.
// CHECK: static void stacked_stage0(const data_t h[8], data_t [[P1:buf[0-9]+]][4], data_t [[P2:buf[0-9]+]][4]) {
// CHECK: static void stacked_stage1(data_t [[P1]][4], const data_t x[12], hls::stream<data_t> &[[F:fifo[0-9]+]]) {
// CHECK: for (int [[I:i[0-9]+]] = 0; [[I]] < 3; [[I]] += 1) {
// CHECK: [[F]].write([[S1:buf[0-9]+]][{{i[0-9]+}}]);
// CHECK: static void stacked_stage2(data_t [[P2]][4], hls::stream<data_t> &[[F]], data_t [[Y:buf[0-9]+]][12]) {
// CHECK: static data_t [[F]]_row[4];
// CHECK-NEXT: for (int [[T:i[0-9]+]] = 0; [[T]] < 3; [[T]] += 1) {
// CHECK-NEXT: for (int [[T]]_s = 0; [[T]]_s < 4; ++[[T]]_s) {
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS PIPELINE II=1)
// CHECK-NEXT: [[F]]_row{{\[}}[[T]]_s] = [[F]].read();
// CHECK-NEXT: }
// CHECK: = [[F]]_row{{\[}}-[[T]] * 4 + [[T]] * 4 + {{i[0-9]+}}];
// CHECK: void stacked(const data_t x[12], const data_t h[8], data_t out0[12]) {
// CHECK: and FIFOs (hls::stream
// CHECK: RNN_HLS_PRAGMA(HLS DATAFLOW)
// CHECK: RNN_HLS_CHANNEL data_t [[P1]][4];
// CHECK-NEXT: RNN_HLS_CHANNEL data_t [[P2]][4];
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS STREAM variable=[[P2]] type=pipo depth=3)
// CHECK-NEXT: hls::stream<data_t> [[F]]("[[F]]");
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS STREAM variable=[[F]] type=fifo depth=8)
// CHECK-NOT: RNN_HLS_CHANNEL data_t [[F]]
// CHECK: stacked_stage1([[P1]], x, [[F]]);
// CHECK-NEXT: stacked_stage2([[P2]], [[F]], [[Y]]);
// CHECK-NEXT: stacked_stage3(out0, [[Y]]);

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
