// RUN: rnn-opt %s --rnn-lower-int8-dot=vnni=true | FileCheck %s --check-prefix=VNNI
// RUN: rnn-opt %s --rnn-lower-int8-dot | FileCheck %s --check-prefix=GENERIC
// RUN: rnn-opt %s --rnn-lower-int8-dot=permute=true | FileCheck %s --check-prefix=PERM
// RUN: rnn-opt %s --rnn-lower-int8-dot="permute=true byte-permute=true" | FileCheck %s --check-prefix=BYTES
// RUN: rnn-opt %s --rnn-lower-int8-dot=neon=usdot | FileCheck %s --check-prefix=USDOT
// RUN: rnn-opt %s --rnn-lower-int8-dot=neon=sdot | FileCheck %s --check-prefix=SDOT
// RUN: not rnn-opt %s --rnn-lower-int8-dot=neon=udot 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: rnn-lower-int8-dot: neon must be sdot or usdot, got 'udot'

// AArch64 +i8mm: four 128-bit usdot (unsigned x signed, like the op).
// USDOT-LABEL: func.func @dot
// USDOT: %[[ACC0:.*]] = vector.extract_strided_slice %{{.*}} {offsets = [0], sizes = [4], strides = [1]} : vector<16xi32> to vector<4xi32>
// USDOT: %[[A0:.*]] = vector.extract_strided_slice %{{.*}} {offsets = [0], sizes = [16], strides = [1]} : vector<64xi8> to vector<16xi8>
// USDOT: %[[B0:.*]] = vector.extract_strided_slice %{{.*}} {offsets = [0], sizes = [16], strides = [1]} : vector<64xi8> to vector<16xi8>
// USDOT: llvm.call_intrinsic "llvm.aarch64.neon.usdot.v4i32.v16i8"(%[[ACC0]], %[[A0]], %[[B0]]) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// USDOT: vector.insert_strided_slice {{.*}} {offsets = [0], strides = [1]} : vector<4xi32> into vector<16xi32>
// USDOT-COUNT-3: llvm.call_intrinsic "llvm.aarch64.neon.usdot.v4i32.v16i8"
// USDOT-NOT: rnn.int8_dot

// AArch64 +dotprod: sdot is signed x signed, so a ^ 0x80 (= a - 128) and
// 128 * (group sums of b, from an sdot against bytes of 1) added to acc.
// SDOT-LABEL: func.func @dot
// SDOT-DAG: %[[ONES:.*]] = arith.constant dense<1> : vector<16xi8>
// SDOT-DAG: %[[FLIP:.*]] = arith.constant dense<-128> : vector<16xi8>
// SDOT: %[[ACC0:.*]] = vector.extract_strided_slice
// SDOT: %[[A0:.*]] = vector.extract_strided_slice
// SDOT: %[[B0:.*]] = vector.extract_strided_slice
// SDOT: %[[SA:.*]] = arith.xori %[[A0]], %[[FLIP]] : vector<16xi8>
// SDOT: %[[SUMS:.*]] = llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"(%{{.*}}, %[[ONES]], %[[B0]])
// SDOT: %[[BIAS:.*]] = arith.shli %[[SUMS]], %{{.*}} : vector<4xi32>
// SDOT: %[[ACC1:.*]] = arith.addi %[[ACC0]], %[[BIAS]] : vector<4xi32>
// SDOT: llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"(%[[ACC1]], %[[SA]], %[[B0]])
// SDOT-COUNT-6: llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"
// SDOT-NOT: rnn.int8_dot

// VNNI-LABEL: func.func @dot
// VNNI: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// VNNI-NOT: rnn.int8_dot

// Unsigned a, signed b, 4 byte products per lane summed by shuffles.
// GENERIC-LABEL: func.func @dot
// GENERIC-DAG: %[[A:.*]] = arith.extui %{{.*}} : vector<64xi8> to vector<64xi32>
// GENERIC-DAG: %[[B:.*]] = arith.extsi %{{.*}} : vector<64xi8> to vector<64xi32>
// GENERIC: %[[P:.*]] = arith.muli %[[A]], %[[B]]
// GENERIC: vector.shuffle %[[P]], %[[P]] [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60]
// GENERIC: vector.shuffle %[[P]], %[[P]] [1, 5,
// GENERIC: vector.shuffle %[[P]], %[[P]] [2, 6,
// GENERIC: vector.shuffle %[[P]], %[[P]] [3, 7,
// GENERIC-NOT: rnn.int8_dot
func.func @dot(%acc: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>) -> vector<16xi32> {
  %r = rnn.int8_dot %acc, %a, %b : vector<64xi8> -> vector<16xi32>
  return %r : vector<16xi32>
}

// rnn.permute2 (the sparse ELLPACK kernel's activation selection): with
// `permute`, AVX-512's two-table permute; otherwise lo:hi concatenated,
// indices masked to their low 5 bits, one dynamic extract per lane.
// PERM-LABEL: func.func @permute2
// PERM: llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.ps.512"(%arg0, %arg2, %arg1) : (vector<16xf32>, vector<16xi32>, vector<16xf32>) -> vector<16xf32>
// PERM-NOT: rnn.permute2
// GENERIC-LABEL: func.func @permute2
// GENERIC: %[[T:.*]] = vector.shuffle %arg0, %arg1 [0, 1, 2, {{.*}}, 30, 31] : vector<16xf32>, vector<16xf32>
// GENERIC: %[[I:.*]] = arith.andi %arg2, %{{.*}} : vector<16xi32>
// GENERIC: %[[I0:.*]] = vector.extract %[[I]][0] : i32 from vector<16xi32>
// GENERIC: %[[P0:.*]] = arith.index_cast %[[I0]] : i32 to index
// GENERIC: vector.extract %[[T]][%[[P0]]] : f32 from vector<32xf32>
// GENERIC: vector.extract %[[I]][15]
// GENERIC: vector.from_elements {{.*}} : vector<16xf32>
// GENERIC-NOT: rnn.permute2
func.func @permute2(%lo: vector<16xf32>, %hi: vector<16xf32>, %idx: vector<16xi32>) -> vector<16xf32> {
  %r = rnn.permute2 %lo, %hi [%idx] : vector<16xi32> -> vector<16xf32>
  return %r : vector<16xf32>
}

// The byte form (the int8 ELLPACK kernel's): with `byte-permute`, AVX-512
// VBMI's vpermi2b; without it (also with `permute`, which is vpermi2ps
// only) lo:hi concatenated, indices masked to their low 7 bits, one
// dynamic extract per lane.
// BYTES-LABEL: func.func @permute2_bytes
// BYTES: llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.qi.512"(%arg0, %arg2, %arg1) : (vector<64xi8>, vector<64xi8>, vector<64xi8>) -> vector<64xi8>
// BYTES-NOT: rnn.permute2
// PERM-LABEL: func.func @permute2_bytes
// PERM-NOT: llvm.call_intrinsic
// PERM: %[[T:.*]] = vector.shuffle %arg0, %arg1 [0, 1, 2, {{.*}}, 126, 127] : vector<64xi8>, vector<64xi8>
// PERM: %[[I:.*]] = arith.andi %arg2, %{{.*}} : vector<64xi8>
// PERM: vector.extract %[[I]][63]
// PERM: vector.from_elements {{.*}} : vector<64xi8>
// PERM-NOT: rnn.permute2
// GENERIC-LABEL: func.func @permute2_bytes
// GENERIC: arith.constant dense<127> : vector<64xi8>
// GENERIC: vector.from_elements {{.*}} : vector<64xi8>
func.func @permute2_bytes(%lo: vector<64xi8>, %hi: vector<64xi8>, %idx: vector<64xi8>) -> vector<64xi8> {
  %r = rnn.permute2 %lo, %hi [%idx] : vector<64xi8> -> vector<64xi8>
  return %r : vector<64xi8>
}
