// RUN: rnn-opt %s -split-input-file -rnn-hls-prepare="reuse=4 top=kernel" | rnn-translate --split-input-file --emit-hls-cpp | FileCheck %s

// DATAFLOW (rnn-hls-prepare's hls.dataflow / hls.stage / hls.channel): one
// function per process, before the top function; each takes the ports and
// channels it uses under their own names (the body is printed unchanged),
// binds the globals it reads and repeats its channels' partitioning; the
// top function declares the channels (RNN_HLS_CHANNEL: non-static for
// synthesis) and calls the processes in order.
// CHECK: // ===== FILE: kernel.cpp
// CHECK: static void kernel_stage0(const data_t x[4], data_t [[XL:x_local[0-9]+]][4]) {
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS INLINE off)
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS ARRAY_PARTITION variable=[[XL]] type=complete dim=1)
// CHECK-NEXT: for (int [[I:i[0-9]+]] = 0; [[I]] < 4; ++[[I]]) {
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS PIPELINE II=1)
// CHECK-NEXT: [[XL]][[[I]]] = x[[[I]]];
// CHECK: static void kernel_stage1(data_t [[XL]][4], data_t [[ACC:buf[0-9]+]][8]) {
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS INLINE off)
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS BIND_STORAGE variable=w type=rom_2p)
// CHECK-NEXT: RNN_HLS_PRAGMA(HLS ARRAY_PARTITION variable=w type=cyclic factor=8 dim=1)
// CHECK: = [[XL]][
// CHECK: [[ACC]][{{i[0-9]+}}] =
// CHECK: static void kernel_stage2(data_t [[ACC]][8], data_t [[ACT:buf[0-9]+]][8]) {
// CHECK: rnn_hls::tanh_(
// CHECK: static void kernel_stage3(data_t out0[8], data_t [[ACT]][8]) {
// CHECK: out0[{{i[0-9]+}}] = [[ACT]][
// CHECK: void kernel(const data_t x[4], data_t out0[8]) {
// CHECK-NOT: BIND_STORAGE
// CHECK: RNN_HLS_PRAGMA(HLS DATAFLOW)
// CHECK: RNN_HLS_CHANNEL data_t [[XL]][4];
// CHECK: RNN_HLS_CHANNEL data_t [[ACC]][8];
// CHECK: RNN_HLS_CHANNEL data_t [[ACT]][8];
// CHECK-NEXT: kernel_stage0(x, [[XL]]);
// CHECK-NEXT: kernel_stage1([[XL]], [[ACC]]);
// CHECK-NEXT: kernel_stage2([[ACC]], [[ACT]]);
// CHECK-NEXT: kernel_stage3(out0, [[ACT]]);
// CHECK-NEXT: }
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

// Where it does not apply, the top function is one sequential body and a
// comment says why (here a bypass: %a goes from the first loop to the
// outputs past the copy of %m into %o, which depends on the first loop and
// feeds them; past a copy, the producer is grouped with it).
// CHECK: // ===== FILE: kernel.cpp
// CHECK-NOT: _stage
// CHECK: void kernel(
// CHECK: // No DATAFLOW: the computation is one process (besides writing the outputs):
// CHECK-NEXT: // buffer memref<8xf32> bypasses the statements that depend on its producer
// CHECK-NEXT: // and feed its consumer.
// CHECK-NOT: HLS DATAFLOW
// CHECK-NOT: RNN_HLS_CHANNEL
// CHECK: static data_t
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
  memref.copy %m, %o : memref<8xf32> to memref<8xf32>
  return %a, %o : memref<8xf32>, memref<8xf32>
}
