// RUN: rnn-opt %s -rnn-hls-prepare="precision=fixed<16,6>" | FileCheck %s

// The fixed-point int8 product of rnn-hls-weights{fixed-point} after the
// loop lowering: acc[n] += A[k] * sitofp(W[n, k]), then C[n] += acc[n] *
// s_w[n]. rnn-hls-prepare types it: the sums (the loop's accumulator and
// their buffer) acc8_t = ap_fixed<F+32, 32> (F = 10), the scales wscale_t
// (31 fractional bits: every scale is below 1), the rescale accum_t.
// CHECK: module attributes {{{.*}}hls.int8_accum_type = "ap_fixed<42,32,AP_RND,AP_SAT>"{{.*}}hls.scale_type = "ap_fixed<32,1,AP_RND,AP_SAT>"
// CHECK: memref.global "private" constant @s {{.*}}hls.c_type = "wscale_t"
// CHECK-LABEL: func.func @int8_fixed
// CHECK: memref.alloc() {hls.c_type = "acc8_t"{{.*}}} : memref<8xf32>
// CHECK: scf.for
// CHECK: arith.sitofp
// CHECK: } {hls.accum_c_type = "acc8_t", hls.accumulate, hls.int8, hls.matvec = array<i64: 8, 4, 1, 32>}
// CHECK: arith.mulf {{.*}} {hls.c_type = "accum_t"} : f32
module {
memref.global "private" constant @w : memref<8x4xi8> = dense<3>
memref.global "private" constant @s : memref<8xf32> = dense<0.5>
func.func @int8_fixed(%a: memref<4xf32>, %c: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @w : memref<8x4xi8>
  %s = memref.get_global @s : memref<8xf32>
  %acc = memref.alloc() : memref<8xf32>
  scf.for %n = %c0 to %c8 step %c1 {
    memref.store %zero, %acc[%n] : memref<8xf32>
  }
  scf.for %n = %c0 to %c8 step %c1 {
    scf.for %k = %c0 to %c4 step %c1 {
      %x = memref.load %a[%k] : memref<4xf32>
      %q = memref.load %w[%n, %k] : memref<8x4xi8>
      %o = memref.load %acc[%n] : memref<8xf32>
      %qf = arith.sitofp %q : i8 to f32
      %m = arith.mulf %x, %qf : f32
      %sum = arith.addf %o, %m : f32
      memref.store %sum, %acc[%n] : memref<8xf32>
    }
  }
  scf.for %n = %c0 to %c8 step %c1 {
    %v = memref.load %acc[%n] : memref<8xf32>
    %sc = memref.load %s[%n] : memref<8xf32>
    %r = arith.mulf %v, %sc : f32
    %o = memref.load %c[%n] : memref<8xf32>
    %t = arith.addf %o, %r : f32
    memref.store %t, %c[%n] : memref<8xf32>
  }
  return
}
}
