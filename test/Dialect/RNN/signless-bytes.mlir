// RUN: rnn-opt %s -split-input-file --rnn-signless-bytes | FileCheck %s

// uint8 in and out of a function (QuantizeLinear to uint8 as an output,
// DequantizeLinear of a uint8 input): the signature and every value become
// i8, and the bitcasts between i8 and ui8 go.
// CHECK-LABEL: func.func @boundary
// CHECK-SAME: (%[[A:.*]]: tensor<4xi8>, %[[B:.*]]: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>)
// CHECK-NOT: tensor.bitcast
// CHECK-NOT: ui8
// CHECK: return %[[A]], %[[B]] : tensor<4xi8>, tensor<4xi8>
func.func @boundary(%a: tensor<4xui8>, %b: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xui8>) {
  %x = tensor.bitcast %a : tensor<4xui8> to tensor<4xi8>
  %y = tensor.bitcast %b : tensor<4xi8> to tensor<4xui8>
  return %x, %y : tensor<4xi8>, tensor<4xui8>
}

// -----

// Other types and other bitcasts are left alone.
// CHECK-LABEL: func.func @others
// CHECK-SAME: (%{{.*}}: tensor<4xi32>) -> tensor<4xui32>
// CHECK: tensor.bitcast {{.*}} : tensor<4xi32> to tensor<4xui32>
func.func @others(%a: tensor<4xi32>) -> tensor<4xui32> {
  %x = tensor.bitcast %a : tensor<4xi32> to tensor<4xui32>
  return %x : tensor<4xui32>
}
