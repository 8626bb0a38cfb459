// RUN: rnn-opt %s -rnn-hls-prepare="max-seq-len=16" | FileCheck %s
// RUN: rnn-opt %s -rnn-hls-prepare="max-seq-len=16" | rnn-translate --emit-hls-cpp | FileCheck %s --check-prefix=CPP

// A dynamic sequence length bounded by max-seq-len: the buffers and views
// with dynamic sizes get their largest shape over every length 1..16, the
// loops bounded by the length their trip counts [min, max, avg], the
// function the length's argument / dim / maximum, a dynamic result the
// form a * length + b of its dim 0 and its largest shape.

// CHECK-LABEL: func.func @seq
// CHECK-SAME: -> (memref<?x4xf32> {hls.max_shape = array<i64: 16, 4>, hls.seq_dim = array<i64: 1, 0>})
// CHECK-SAME: hls.seq_len = array<i64: 0, 0, 16>
// The emitter: ports and buffers sized for 16 steps, the length as the
// last argument, sizes and bounds computed from it, LOOP_TRIPCOUNT from the
// bounds, the output copied for the actual length.
// CPP: #define seq_MAX_SEQ_LEN 16
// CPP: // input in0 ('in0'): data_t [16x4], row-major; dim 0 is seq_len (the size is for seq_len = 16)
// CPP: void seq(const data_t in0[64], data_t out0[64], int seq_len) {
// CPP: RNN_HLS_PRAGMA(HLS INTERFACE mode=s_axilite port=seq_len)
// CPP: if (seq_len < 1 || seq_len > 16) return;
// CPP: static data_t [[Y:buf[0-9]+]][64];
// CPP: static data_t {{buf[0-9]+}}[4];
// CPP: for (int [[I:i[0-9]+]] = 0; [[I]] < (seq_len * 4); [[I]] += 1) {
// CPP: RNN_HLS_PRAGMA(HLS LOOP_TRIPCOUNT min=4 max=64 avg=34)
// CPP: for (int [[T:i[0-9]+]] = 0; [[T]] < seq_len; [[T]] += 1) {
// CPP: RNN_HLS_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=16 avg=9)
// CPP: for (int [[R:i[0-9]+]] = 0; [[R]] < seq_len; ++[[R]]) {
// CPP-NEXT: RNN_HLS_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=16 avg=9)
// CPP: out0[[[R]] * 4 + {{i[0-9]+}}] = [[Y]][[[R]] * 4 + {{i[0-9]+}}];
func.func @seq(%x: memref<?x4xf32>) -> memref<?x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %t = memref.dim %x, %c0 : memref<?x4xf32>
  // CHECK: memref.alloc(%{{.*}}) {hls.max_shape = array<i64: 16, 4>}
  %y = memref.alloc(%t) : memref<?x4xf32>
  // Not monotone in the length: (T + 1) mod 3 + 2 is largest (4) at T = 1.
  %t1 = arith.addi %t, %c1 : index
  %c3 = arith.constant 3 : index
  %r = arith.remsi %t1, %c3 : index
  %odd = arith.addi %r, %c2 : index
  // CHECK: memref.alloc(%{{.*}}) {hls.max_shape = array<i64: 4>}
  %z = memref.alloc(%odd) : memref<?xf32>
  // CHECK: memref.collapse_shape {{.*}} {hls.max_shape = array<i64: 64>}
  %flat = memref.collapse_shape %y [[0, 1]] : memref<?x4xf32> into memref<?xf32>
  %n = memref.dim %flat, %c0 : memref<?xf32>
  // CHECK: scf.for
  // CHECK: } {{{.*}}hls.tripcount = array<i64: 4, 64, 34>}
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %flat[%i] : memref<?xf32>
    memref.store %v, %flat[%i] : memref<?xf32>
  }
  // The time loop: 1..16 trips, 8.5 on average (rounded).
  // CHECK: scf.for
  // CHECK: } {{{.*}}hls.tripcount = array<i64: 1, 16, 9>, rnn.time_loop}
  scf.for %i = %c0 to %t step %c1 {
    %v = memref.load %x[%i, %c0] : memref<?x4xf32>
    %w = memref.load %y[%i, %c1] : memref<?x4xf32>
    %s = arith.mulf %v, %w : f32
    %acc = memref.load %y[%i, %c0] : memref<?x4xf32>
    %sum = arith.addf %acc, %s : f32
    memref.store %sum, %y[%i, %c0] : memref<?x4xf32>
  } {rnn.time_loop}
  %u = memref.load %z[%c0] : memref<?xf32>
  memref.store %u, %y[%c0, %c0] : memref<?x4xf32>
  return %y : memref<?x4xf32>
}
