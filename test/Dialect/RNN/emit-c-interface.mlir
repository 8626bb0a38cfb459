// RUN: rnn-opt %s -split-input-file --rnn-emit-c-interface | FileCheck %s

// A public definition gets the C wrapper; its tensor arguments become
// read-only for bufferization, other arguments keep their (absent)
// attributes, and an explicit bufferization.writable is respected.

// CHECK-LABEL: func.func @public_def
// CHECK-SAME: (%{{[a-z0-9_]+}}: tensor<2xf32> {bufferization.writable = false},
// CHECK-SAME: %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: memref<2xf32>,
// CHECK-SAME: %{{[a-z0-9_]+}}: tensor<?x3xf32> {bufferization.writable = true},
// CHECK-SAME: %{{[a-z0-9_]+}}: tensor<4xi8> {bufferization.writable = false, test.keep})
// CHECK-SAME: -> tensor<2xf32> attributes {llvm.emit_c_interface} {
func.func @public_def(%a: tensor<2xf32>, %n: index, %m: memref<2xf32>,
    %b: tensor<?x3xf32> {bufferization.writable = true},
    %c: tensor<4xi8> {test.keep}) -> tensor<2xf32> {
  return %a : tensor<2xf32>
}

// -----

// A public definition without tensor arguments only gets the wrapper.

// CHECK-LABEL: func.func @scalars
// CHECK-SAME: (%{{[a-z0-9_]+}}: f32, %{{[a-z0-9_]+}}: memref<?xf32>) -> f32 attributes {llvm.emit_c_interface} {
func.func @scalars(%a: f32, %m: memref<?xf32>) -> f32 {
  return %a : f32
}

// -----

// An existing llvm.emit_c_interface is kept as is.

// CHECK-LABEL: func.func @already_wrapped
// CHECK-SAME: (%{{[a-z0-9_]+}}: tensor<2xf32> {bufferization.writable = false}) -> tensor<2xf32> attributes {llvm.emit_c_interface} {
func.func @already_wrapped(%a: tensor<2xf32>) -> tensor<2xf32>
    attributes {llvm.emit_c_interface} {
  return %a : tensor<2xf32>
}

// -----

// Private definitions and declarations are left alone.

// CHECK-LABEL: func.func private @private_def
// CHECK-SAME: (%{{[a-z0-9_]+}}: tensor<2xf32>) -> tensor<2xf32> {
// CHECK-LABEL: func.func private @external_decl
// CHECK-SAME: (tensor<2xf32>) -> tensor<2xf32>{{$}}
// CHECK-LABEL: func.func @caller
// CHECK-SAME: attributes {llvm.emit_c_interface}
func.func private @private_def(%a: tensor<2xf32>) -> tensor<2xf32> {
  return %a : tensor<2xf32>
}
func.func private @external_decl(tensor<2xf32>) -> tensor<2xf32>
func.func @caller(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @private_def(%a) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = func.call @external_decl(%0) : (tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
