// RUN: rnn-opt %s --rnn-lower-int8-dot=vnni=true | FileCheck %s --check-prefix=VNNI
// RUN: rnn-opt %s --rnn-lower-int8-dot | FileCheck %s --check-prefix=GENERIC
// RUN: rnn-opt %s --rnn-lower-int8-dot=permute=true | FileCheck %s --check-prefix=PERM

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
