// RUN: rnn-opt %s --rnn-lower-int8-dot=vnni=true | FileCheck %s --check-prefix=VNNI
// RUN: rnn-opt %s --rnn-lower-int8-dot | FileCheck %s --check-prefix=GENERIC

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
