// RUN: rnn-opt %s -split-input-file --rnn-wavefront=block-steps=4 | FileCheck %s
// RUN: rnn-opt %s -split-input-file --rnn-wavefront | FileCheck %s --check-prefix=RULE
// RUN: not rnn-opt %s -split-input-file --rnn-wavefront=block-steps=-2 2>&1 | FileCheck %s --check-prefix=BADBLOCK
// BADBLOCK: error: rnn-wavefront: block-steps must be >= 0 (0: cost rule) and min-blocks >= 1, got -2 and 2

// Two stacked LSTMs, T = 16, blocks of 4: one loop of four blocks, no tail.
// CHECK-LABEL: func.func @lstm2(
// CHECK: %[[LOOP:.*]]:5 = scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H1:.*]] = %arg6, %[[C1:.*]] = %arg7, %[[H2:.*]] = %{{.*}}, %[[C2:.*]] = %{{.*}}, %[[YA:.*]] = %{{.*}})
// CHECK: %[[X:.*]] = tensor.extract_slice %arg0[%[[T]], 0, 0] [4, 1, 3] [1, 1, 1]
// CHECK: %[[Y1:.*]], %[[YH1:.*]], %[[YC1:.*]] = rnn.lstm %[[X]], %arg1, %arg2 bias(%arg3 : tensor<1x64xf32>) initial_h(%[[H1]] : {{.*}}) initial_c(%[[C1]] : {{.*}}) forward {{.*}} -> tensor<4x1x1x8xf32>
// CHECK: %[[X2:.*]] = tensor.collapse_shape %[[Y1]] {{\[}}[0], [1, 2], [3]]
// CHECK: %[[Y2:.*]], %[[YH2:.*]], %[[YC2:.*]] = rnn.lstm %[[X2]], %arg4, %arg5 initial_h(%[[H2]] : {{.*}}) initial_c(%[[C2]] : {{.*}})
// CHECK: %[[INS:.*]] = tensor.insert_slice %[[Y2]] into %[[YA]][%[[T]], 0, 0, 0] [4, 1, 1, 8]
// CHECK: scf.yield %[[YH1]], %[[YC1]], %[[YH2]], %[[YC2]], %[[INS]]
// CHECK: } {rnn.wavefront}
// CHECK-NOT: rnn.lstm
// CHECK: return %[[LOOP]]#4, %[[LOOP]]#0, %[[LOOP]]#1, %[[LOOP]]#2
// RULE-LABEL: func.func @lstm2(
// RULE-NOT: rnn.wavefront
func.func @lstm2(%x: tensor<16x1x3xf32>, %w1: tensor<1x32x3xf32>, %r1: tensor<1x32x8xf32>, %b1: tensor<1x64xf32>, %w2: tensor<1x32x8xf32>, %r2: tensor<1x32x8xf32>, %h0: tensor<1x1x8xf32>, %c0: tensor<1x1x8xf32>) -> (tensor<16x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>) {
  %y1, %h1, %c1 = rnn.lstm %x, %w1, %r1 bias(%b1 : tensor<1x64xf32>) initial_h(%h0 : tensor<1x1x8xf32>) initial_c(%c0 : tensor<1x1x8xf32>) forward hidden_size = 8 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] : tensor<16x1x3xf32>, tensor<1x32x3xf32>, tensor<1x32x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<16x1x1x8xf32> into tensor<16x1x8xf32>
  %y2, %h2, %c2 = rnn.lstm %x2, %w2, %r2 forward hidden_size = 8 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] : tensor<16x1x8xf32>, tensor<1x32x8xf32>, tensor<1x32x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>
  return %y2, %h1, %c1, %h2 : tensor<16x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>
}

// -----

// Three stacked GRUs linked by the importer's tensor.reshape, T = 10 with
// blocks of 4: two full blocks in the loop and a 2-step tail; one
// sequence_lens shifted by each block's first step.
// CHECK-LABEL: func.func @gru3(
// CHECK: %[[LOOP:.*]]:4 = scf.for %[[T:.*]] = %{{.*}} to %[[END:.*]] step %{{.*}} iter_args(
// CHECK: %[[OFF:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK: %[[LENS:.*]] = linalg.generic {{.*}} ins(%arg4 : tensor<2xi32>)
// CHECK: arith.subi %{{.*}}, %[[OFF]] : i32
// CHECK-COUNT-3: rnn.gru {{.*}} sequence_lens(%[[LENS]] : tensor<2xi32>) {{.*}} -> tensor<4x1x2x8xf32>
// CHECK: } {rnn.wavefront}
// CHECK: tensor.extract_slice %arg0[%[[END]], 0, 0] [2, 2, 4]
// CHECK-COUNT-3: rnn.gru {{.*}} -> tensor<2x1x2x8xf32>
// CHECK: %[[YT:.*]] = tensor.insert_slice %{{.*}} into %[[LOOP]]#3[%[[END]], 0, 0, 0] [2, 1, 2, 8]
// CHECK: return %[[YT]]
// RULE-LABEL: func.func @gru3(
// RULE-NOT: rnn.wavefront
func.func @gru3(%x: tensor<10x2x4xf32>, %w1: tensor<1x24x4xf32>, %r: tensor<1x24x8xf32>, %w2: tensor<1x24x8xf32>, %lens: tensor<2xi32>) -> (tensor<10x1x2x8xf32>, tensor<1x2x8xf32>) {
  %shape = arith.constant dense<[10, 2, 8]> : tensor<3xindex>
  %y1, %h1 = rnn.gru %x, %w1, %r sequence_lens(%lens : tensor<2xi32>) forward hidden_size = 8 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset : tensor<10x2x4xf32>, tensor<1x24x4xf32>, tensor<1x24x8xf32> -> tensor<10x1x2x8xf32>, tensor<1x2x8xf32>
  %x2 = tensor.reshape %y1(%shape) : (tensor<10x1x2x8xf32>, tensor<3xindex>) -> tensor<10x2x8xf32>
  %y2, %h2 = rnn.gru %x2, %w2, %r sequence_lens(%lens : tensor<2xi32>) forward hidden_size = 8 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] : tensor<10x2x8xf32>, tensor<1x24x8xf32>, tensor<1x24x8xf32> -> tensor<10x1x2x8xf32>, tensor<1x2x8xf32>
  %x3 = tensor.reshape %y2(%shape) : (tensor<10x1x2x8xf32>, tensor<3xindex>) -> tensor<10x2x8xf32>
  %y3, %h3 = rnn.gru %x3, %w2, %r sequence_lens(%lens : tensor<2xi32>) forward hidden_size = 8 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] : tensor<10x2x8xf32>, tensor<1x24x8xf32>, tensor<1x24x8xf32> -> tensor<10x1x2x8xf32>, tensor<1x2x8xf32>
  return %y3, %h3 : tensor<10x1x2x8xf32>, tensor<1x2x8xf32>
}

// -----

// Dynamic T: the loop runs T - T mod 4 steps, a dynamic tail the rest.
// CHECK-LABEL: func.func @rnn_dynamic(
// CHECK: %[[DIM:.*]] = tensor.dim %arg0
// CHECK: %[[NB:.*]] = arith.divui %[[DIM]], %[[B:.*]] : index
// CHECK: %[[END:.*]] = arith.muli %[[NB]], %[[B]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[END]] step %[[B]]
// CHECK-COUNT-2: rnn.rnn {{.*}} -> tensor<4x1x1x8xf32>
// CHECK: } {rnn.wavefront}
// CHECK: %[[TAIL:.*]] = arith.subi %[[DIM]], %[[END]]
// CHECK: tensor.extract_slice %arg0[%[[END]], 0, 0] [%[[TAIL]], 1, 3]
// CHECK-COUNT-2: rnn.rnn {{.*}} -> tensor<?x1x1x8xf32>
// The cost rule chains a dynamic T in blocks of 32 (H = 8).
// RULE-LABEL: func.func @rnn_dynamic(
// RULE: %[[B:.*]] = arith.constant 32 : index
// RULE: scf.for {{.*}} step %[[B]]
// RULE: } {rnn.wavefront}
func.func @rnn_dynamic(%x: tensor<?x1x3xf32>, %w1: tensor<1x8x3xf32>, %r: tensor<1x8x8xf32>, %w2: tensor<1x8x8xf32>) -> tensor<?x1x1x8xf32> {
  %y1, %h1 = rnn.rnn %x, %w1, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<?x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x8xf32> -> tensor<?x1x1x8xf32>, tensor<1x1x8xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<?x1x1x8xf32> into tensor<?x1x8xf32>
  %y2, %h2 = rnn.rnn %x2, %w2, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<?x1x8xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32> -> tensor<?x1x1x8xf32>, tensor<1x1x8xf32>
  return %y2 : tensor<?x1x1x8xf32>
}

// -----

// Left alone: the second layer runs in reverse.
// CHECK-LABEL: func.func @reverse(
// CHECK-NOT: scf.for
// CHECK: return
func.func @reverse(%x: tensor<16x1x3xf32>, %w1: tensor<1x8x3xf32>, %r: tensor<1x8x8xf32>, %w2: tensor<1x8x8xf32>) -> tensor<16x1x1x8xf32> {
  %y1, %h1 = rnn.rnn %x, %w1, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<16x1x1x8xf32> into tensor<16x1x8xf32>
  %y2, %h2 = rnn.rnn %x2, %w2, %r reverse hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x8xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  return %y2 : tensor<16x1x1x8xf32>
}

// -----

// Left alone: a bidirectional first layer (its Y has two directions).
// CHECK-LABEL: func.func @bidirectional(
// CHECK-NOT: scf.for
// CHECK: return
func.func @bidirectional(%x: tensor<16x1x3xf32>, %w1: tensor<2x4x3xf32>, %r1: tensor<2x4x4xf32>, %w2: tensor<1x8x8xf32>, %r2: tensor<1x8x8xf32>) -> tensor<16x1x1x8xf32> {
  %y1, %h1 = rnn.rnn %x, %w1, %r1 bidirectional hidden_size = 4 activations = [#rnn.act<tanh>, #rnn.act<tanh>] : tensor<16x1x3xf32>, tensor<2x4x3xf32>, tensor<2x4x4xf32> -> tensor<16x2x1x4xf32>, tensor<2x1x4xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2, 3]] : tensor<16x2x1x4xf32> into tensor<16x8xf32>
  %x3 = tensor.expand_shape %x2 [[0], [1, 2]] output_shape [16, 1, 8] : tensor<16x8xf32> into tensor<16x1x8xf32>
  %y2, %h2 = rnn.rnn %x3, %w2, %r2 forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x8xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  return %y2 : tensor<16x1x1x8xf32>
}

// -----

// Left alone: layer 1's Y has another user besides the next layer.
// CHECK-LABEL: func.func @y_shared(
// CHECK-NOT: scf.for
// CHECK: return
func.func @y_shared(%x: tensor<16x1x3xf32>, %w1: tensor<1x8x3xf32>, %r: tensor<1x8x8xf32>, %w2: tensor<1x8x8xf32>) -> (tensor<16x1x1x8xf32>, tensor<16x1x1x8xf32>) {
  %y1, %h1 = rnn.rnn %x, %w1, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<16x1x1x8xf32> into tensor<16x1x8xf32>
  %y2, %h2 = rnn.rnn %x2, %w2, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x8xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  return %y1, %y2 : tensor<16x1x1x8xf32>, tensor<16x1x1x8xf32>
}

// -----

// Left alone: the layers have different sequence_lens.
// CHECK-LABEL: func.func @lens_differ(
// CHECK-NOT: scf.for
// CHECK: return
func.func @lens_differ(%x: tensor<16x2x3xf32>, %w1: tensor<1x8x3xf32>, %r: tensor<1x8x8xf32>, %w2: tensor<1x8x8xf32>, %l1: tensor<2xi32>, %l2: tensor<2xi32>) -> tensor<16x1x2x8xf32> {
  %y1, %h1 = rnn.rnn %x, %w1, %r sequence_lens(%l1 : tensor<2xi32>) forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x2x3xf32>, tensor<1x8x3xf32>, tensor<1x8x8xf32> -> tensor<16x1x2x8xf32>, tensor<1x2x8xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<16x1x2x8xf32> into tensor<16x2x8xf32>
  %y2, %h2 = rnn.rnn %x2, %w2, %r sequence_lens(%l2 : tensor<2xi32>) forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x2x8xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32> -> tensor<16x1x2x8xf32>, tensor<1x2x8xf32>
  return %y2 : tensor<16x1x2x8xf32>
}

// -----

// Left alone: layer 2's initial state is computed from layer 1's Y_h.
// CHECK-LABEL: func.func @state_from_layer1(
// CHECK-NOT: scf.for
// CHECK: return
func.func @state_from_layer1(%x: tensor<16x1x3xf32>, %w1: tensor<1x8x3xf32>, %r: tensor<1x8x8xf32>, %w2: tensor<1x8x8xf32>) -> tensor<16x1x1x8xf32> {
  %y1, %h1 = rnn.rnn %x, %w1, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<16x1x1x8xf32> into tensor<16x1x8xf32>
  %y2, %h2 = rnn.rnn %x2, %w2, %r initial_h(%h1 : tensor<1x1x8xf32>) forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x8xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  return %y2 : tensor<16x1x1x8xf32>
}

// -----

// Left alone: layer 1's Y_h is used before the last layer of the chain.
// CHECK-LABEL: func.func @state_used_early(
// CHECK-NOT: scf.for
// CHECK: return
func.func @state_used_early(%x: tensor<16x1x3xf32>, %w1: tensor<1x8x3xf32>, %r: tensor<1x8x8xf32>, %w2: tensor<1x8x8xf32>) -> (tensor<16x1x1x8xf32>, tensor<1x1x8xf32>) {
  %y1, %h1 = rnn.rnn %x, %w1, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  %neg = arith.negf %h1 : tensor<1x1x8xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<16x1x1x8xf32> into tensor<16x1x8xf32>
  %y2, %h2 = rnn.rnn %x2, %w2, %r forward hidden_size = 8 activations = [#rnn.act<tanh>] : tensor<16x1x8xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32> -> tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
  return %y2, %neg : tensor<16x1x1x8xf32>, tensor<1x1x8xf32>
}

// -----

// Cost rule: T = 64, H = 512 (a 32-step Y block would be 64 KiB): blocks of
// 16 steps.
// CHECK-LABEL: func.func @rule_h512(
// CHECK: rnn.wavefront
// RULE-LABEL: func.func @rule_h512(
// RULE: %[[B:.*]] = arith.constant 16 : index
// RULE: scf.for {{.*}} step %[[B]]
// RULE-COUNT-2: rnn.rnn {{.*}} -> tensor<16x1x1x512xf32>
// RULE: } {rnn.wavefront}
// RULE-NOT: rnn.rnn
func.func @rule_h512(%x: tensor<64x1x3xf32>, %w1: tensor<1x512x3xf32>, %r: tensor<1x512x512xf32>, %w2: tensor<1x512x512xf32>) -> tensor<64x1x1x512xf32> {
  %y1, %h1 = rnn.rnn %x, %w1, %r forward hidden_size = 512 activations = [#rnn.act<tanh>] : tensor<64x1x3xf32>, tensor<1x512x3xf32>, tensor<1x512x512xf32> -> tensor<64x1x1x512xf32>, tensor<1x1x512xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<64x1x1x512xf32> into tensor<64x1x512xf32>
  %y2, %h2 = rnn.rnn %x2, %w2, %r forward hidden_size = 512 activations = [#rnn.act<tanh>] : tensor<64x1x512xf32>, tensor<1x512x512xf32>, tensor<1x512x512xf32> -> tensor<64x1x1x512xf32>, tensor<1x1x512xf32>
  return %y2 : tensor<64x1x1x512xf32>
}

// -----

// Left alone (cost rule, whatever the block): layer 2's W is 4 MiB, more
// than max-weight-bytes (1 MiB); its projection would read all of it once
// per block.
// CHECK-LABEL: func.func @big_weights(
// CHECK-NOT: scf.for
// RULE-LABEL: func.func @big_weights(
// RULE-NOT: scf.for
func.func @big_weights(%x: tensor<64x1x3xf32>, %w1: tensor<1x2048x3xf32>, %r: tensor<1x2048x512xf32>, %w2: tensor<1x2048x512xf32>) -> tensor<64x1x1x512xf32> {
  %y1, %h1, %c1 = rnn.lstm %x, %w1, %r forward hidden_size = 512 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] : tensor<64x1x3xf32>, tensor<1x2048x3xf32>, tensor<1x2048x512xf32> -> tensor<64x1x1x512xf32>, tensor<1x1x512xf32>, tensor<1x1x512xf32>
  %x2 = tensor.collapse_shape %y1 [[0], [1, 2], [3]] : tensor<64x1x1x512xf32> into tensor<64x1x512xf32>
  %y2, %h2, %c2 = rnn.lstm %x2, %w2, %r forward hidden_size = 512 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>] : tensor<64x1x512xf32>, tensor<1x2048x512xf32>, tensor<1x2048x512xf32> -> tensor<64x1x1x512xf32>, tensor<1x1x512xf32>, tensor<1x1x512xf32>
  return %y2 : tensor<64x1x1x512xf32>
}
