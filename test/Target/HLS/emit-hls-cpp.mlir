// RUN: rnn-opt %s -rnn-hls-prepare="reuse=4 top=kernel dataflow=false" | rnn-translate --emit-hls-cpp | FileCheck %s

// The three files, in order: header, weights, kernel.
// CHECK: // ===== FILE: kernel.h
// CHECK: typedef float data_t;
// CHECK: // input h ('h'): data_t [4], row-major
// CHECK: #define kernel_h_SIZE 4
// CHECK: // output y ('y'): data_t [2x8], row-major
// CHECK: void kernel(const data_t h[4], data_t y[16]);

// CHECK: // ===== FILE: kernel_weights.h
// CHECK: static const data_t w[32] = {
// CHECK-NEXT: 5.000000000e-01f, 5.000000000e-01f,

// CHECK: // ===== FILE: kernel.cpp
// CHECK: void kernel(const data_t h[4], data_t y[16]) {
// CHECK-DAG: RNN_HLS_PRAGMA(HLS INTERFACE mode=m_axi port=h offset=slave bundle=gmem0 depth=4)
// CHECK-DAG: RNN_HLS_PRAGMA(HLS INTERFACE mode=s_axilite port=return)
// CHECK-DAG: RNN_HLS_PRAGMA(HLS BIND_STORAGE variable=w type=rom_2p)
// CHECK-DAG: RNN_HLS_PRAGMA(HLS ARRAY_PARTITION variable=w type=cyclic factor=8 dim=1)
// The carried state gets its own array, initialized by a copy.
// CHECK: static data_t [[CARRY:carry[0-9]+]][8];
// CHECK: time_loop0:
// CHECK-NEXT: for (int [[T:i[0-9]+]] = 0; [[T]] < 2; [[T]] += 1) {
// CHECK-NEXT: static data_t [[ACC:buf[0-9]+]][8];
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS ARRAY_PARTITION variable=[[ACC]] type=cyclic factor=2 dim=1)
// The product: pipelined output loop, register accumulator.
// CHECK: for (int [[N:i[0-9]+]] = 0; [[N]] < 8; [[N]] += 1) {
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS PIPELINE II=1)
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS UNROLL factor=2)
// CHECK: data_t [[INIT:v[0-9]+]] = [[ACC]][[[N]]];
// CHECK-NEXT: accum_t [[C:c[0-9]+]] = [[INIT]];
// CHECK: data_t {{v[0-9]+}} = w[[[N]] * 4 + {{i[0-9]+}}];
// CHECK: [[C]] = y{{[0-9]+}};
// CHECK: [[ACC]][[[N]]] = [[C]];
// Math through the support header; the scf.if picks a value.
// CHECK: data_t {{v[0-9]+}} = rnn_hls::tanh_(
// CHECK: if (
// CHECK: } else {
// The subview of row t of y is an offset into y's buffer.
// CHECK: buf{{[0-9]+}}[([[T]]) * 8 + {{i[0-9]+}}] =
// The yielded state is copied into the carried array.
// CHECK: [[CARRY]][{{i[0-9]+}}] = [[ACC]][

memref.global "private" constant @w : memref<8x4xf32> = dense<0.5>
func.func @main_graph(%h: memref<4xf32> {rnn.name = "h"}) -> (memref<2x8xf32> {rnn.name = "y"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @w : memref<8x4xf32>
  %y = memref.alloc() : memref<2x8xf32>
  %s0 = memref.alloc() : memref<8xf32>
  %final = scf.for %t = %c0 to %c2 step %c1 iter_args(%state = %s0) -> (memref<8xf32>) {
    %acc = memref.alloc() : memref<8xf32>
    scf.for %n = %c0 to %c8 step %c1 {
      %init = memref.load %state[%n] : memref<8xf32>
      memref.store %init, %acc[%n] : memref<8xf32>
      scf.for %k = %c0 to %c4 step %c1 {
        %a = memref.load %h[%k] : memref<4xf32>
        %b = memref.load %w[%n, %k] : memref<8x4xf32>
        %c = memref.load %acc[%n] : memref<8xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        memref.store %s, %acc[%n] : memref<8xf32>
      }
    }
    %row = memref.subview %y[%t, 0] [1, 8] [1, 1] : memref<2x8xf32> to memref<8xf32, strided<[1], offset: ?>>
    scf.for %n = %c0 to %c8 step %c1 {
      %v = memref.load %acc[%n] : memref<8xf32>
      %th = math.tanh %v : f32
      %pos = arith.cmpf ogt, %v, %zero : f32
      %r = scf.if %pos -> (f32) {
        scf.yield %th : f32
      } else {
        %neg = arith.negf %th : f32
        scf.yield %neg : f32
      }
      memref.store %r, %row[%n] : memref<8xf32, strided<[1], offset: ?>>
      memref.store %r, %acc[%n] : memref<8xf32>
    }
    scf.yield %acc : memref<8xf32>
  }
  return %y : memref<2x8xf32>
}
