// RUN: rnn-opt %s -split-input-file --rnn-fuse-gate-epilogue="lanes=2 row-block=2 min-weights=0 sparse-threshold=0.5" | FileCheck %s

// An LSTM cell with constant R [4H, H] (H = 4: two panels of 2 units):
// R is packed gate-interleaved at compile time (R[row, k] = row here, so
// panel 0 holds rows 0 1 | 4 5 | 8 9 | 12 13 = gates i o f c of units 0-1),
// the accumulators start from x_gates at each gate's columns, and after the
// loop over K the gate math (recurrent bias, peepholes, clip, the three
// activations) runs on vector<2xf32> and writes h and c of those units into
// two fresh tensors (the kernel reads only h_{t-1} and c_{t-1}), copied into
// the results at the end.

// CHECK-LABEL: func.func @lstm_cell_fused
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<3x16xf32>, %[[H:[a-z0-9_]+]]: tensor<3x4xf32>, %[[C:[a-z0-9_]+]]: tensor<3x4xf32>
// CHECK-SAME: %[[B:[a-z0-9_]+]]: tensor<16xf32>, %[[P:[a-z0-9_]+]]: tensor<12xf32>
// CHECK: %[[PACKED:.*]] = arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00, 4.000000e+00, 5.000000e+00, 8.000000e+00, 9.000000e+00, 1.200000e+01, 1.300000e+01]
// CHECK-SAME: {{\[\[}}2.000000e+00, 3.000000e+00, 6.000000e+00, 7.000000e+00, 1.000000e+01, 1.100000e+01, 1.400000e+01, 1.500000e+01]
// CHECK-SAME: tensor<2x4x8xf32>
// CHECK-NOT: rnn.lstm_cell
// CHECK: %[[HOUT:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK: %[[COUT:.*]] = tensor.empty() : tensor<3x4xf32>
// Blocks of 2 rows, then the last row alone.
// CHECK: %[[BLOCKS:.*]]:2 = scf.for %[[M0:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[HB:[a-z0-9_]+]] = %[[HOUT]], %[[CB:[a-z0-9_]+]] = %[[COUT]])
// CHECK: scf.for %[[PANEL:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[HP:[a-z0-9_]+]] = %[[HB]], %[[CP:[a-z0-9_]+]] = %[[CB]])
// CHECK: %[[COL:.*]] = arith.muli %[[PANEL]], %{{.*}} : index
// CHECK: vector.transfer_read %[[XG]][%[[M0]], %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<3x16xf32>, vector<2xf32>
// Two rows: K split in two partial sums; four gates per row.
// CHECK: scf.for %{{.*}} iter_args
// CHECK-COUNT-4: vector.transfer_read %[[PACKED]]
// CHECK: tensor.extract %[[H]][%[[M0]], %{{.*}}] : tensor<3x4xf32>
// CHECK: vector.broadcast
// CHECK-COUNT-4: vector.fma
// CHECK: scf.yield
// Biases and peepholes at each gate's columns, then the gate math on c_{t-1}.
// CHECK: vector.transfer_read %[[B]]
// CHECK: vector.transfer_read %[[P]]
// CHECK: vector.transfer_read %[[C]][%[[M0]], %[[COL]]]
// CHECK: arith.maximumf %{{.*}} : vector<2xf32>
// CHECK: arith.minimumf %{{.*}} : vector<2xf32>
// CHECK: math.exp %{{.*}} : vector<2xf32>
// CHECK: math.tanh %{{.*}} : vector<2xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[HP]][%[[M0]], %[[COL]]] {in_bounds = [true]} : vector<2xf32>, tensor<3x4xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[CP]][%[[M0]], %[[COL]]] {in_bounds = [true]} : vector<2xf32>, tensor<3x4xf32>
// CHECK: } {rnn.parallel = 64 : i64}
// CHECK: %[[REST:.*]]:2 = scf.for %{{.*}} iter_args(%{{.*}} = %[[BLOCKS]]#0, %{{.*}} = %[[BLOCKS]]#1)
// CHECK: %[[HNEXT:.*]] = linalg.copy ins(%[[REST]]#0 : tensor<3x4xf32>)
// CHECK: %[[CNEXT:.*]] = linalg.copy ins(%[[REST]]#1 : tensor<3x4xf32>)
// CHECK: return %[[HNEXT]], %[[CNEXT]]
func.func @lstm_cell_fused(%xg: tensor<3x16xf32>, %h: tensor<3x4xf32>,
    %c: tensor<3x4xf32>, %b: tensor<16xf32>, %p: tensor<12xf32>)
    -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %r = arith.constant dense<[[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0],
      [2.0, 2.0, 2.0, 2.0], [3.0, 3.0, 3.0, 3.0], [4.0, 4.0, 4.0, 4.0],
      [5.0, 5.0, 5.0, 5.0], [6.0, 6.0, 6.0, 6.0], [7.0, 7.0, 7.0, 7.0],
      [8.0, 8.0, 8.0, 8.0], [9.0, 9.0, 9.0, 9.0], [10.0, 10.0, 10.0, 10.0],
      [11.0, 11.0, 11.0, 11.0], [12.0, 12.0, 12.0, 12.0],
      [13.0, 13.0, 13.0, 13.0], [14.0, 14.0, 14.0, 14.0],
      [15.0, 15.0, 15.0, 15.0]]> : tensor<16x4xf32>
  %h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r bias(%b : tensor<16xf32>)
      peepholes(%p : tensor<12xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      clip = 2.0
      : tensor<3x16xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<16x4xf32>
      -> tensor<3x4xf32>, tensor<3x4xf32>
  return %h1, %c1 : tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// input_forget: f = 1 - i, a splat vector constant minus i (the forget
// pre-activation and Pf are not used). No bias, no peepholes: no reads
// but x_gates, the panels, h and c.

// CHECK-LABEL: func.func @lstm_cell_input_forget
// CHECK-NOT: rnn.lstm_cell
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : vector<2xf32>
// CHECK: arith.subf %[[ONE]], %{{.*}} : vector<2xf32>
// CHECK: return
func.func @lstm_cell_input_forget(%xg: tensor<2x16xf32>, %h: tensor<2x4xf32>,
    %c: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %r = arith.constant dense<0.5> : tensor<16x4xf32>
  %h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      input_forget
      : tensor<2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x4xf32>
      -> tensor<2x4xf32>, tensor<2x4xf32>
  return %h1, %c1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Left to convert-rnn-to-linalg: R a function argument (not a compile-time
// constant), H not a multiple of the lanes, R with at least
// sparse-threshold zeros (the sparse kernels' weights), f16 state.

// CHECK-LABEL: func.func @not_fused
// CHECK-COUNT-4: rnn.lstm_cell
func.func @not_fused(%xg: tensor<2x16xf32>, %h: tensor<2x4xf32>,
    %c: tensor<2x4xf32>, %r: tensor<16x4xf32>, %xg3: tensor<2x12xf32>,
    %h3: tensor<2x3xf32>, %c3: tensor<2x3xf32>, %xgh: tensor<2x16xf16>,
    %hh: tensor<2x4xf16>, %ch: tensor<2x4xf16>)
    -> (tensor<2x4xf32>, tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf16>) {
  %h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x4xf32>
      -> tensor<2x4xf32>, tensor<2x4xf32>
  %r3 = arith.constant dense<0.5> : tensor<12x3xf32>
  %h2, %c2 = rnn.lstm_cell %xg3, %h3, %c3, %r3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<2x12xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<12x3xf32>
      -> tensor<2x3xf32>, tensor<2x3xf32>
  %rs = arith.constant dense<[[0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0]]> : tensor<16x4xf32>
  %h4, %c4 = rnn.lstm_cell %xg, %h, %c, %rs
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x4xf32>
      -> tensor<2x4xf32>, tensor<2x4xf32>
  %rh = arith.constant dense<0.5> : tensor<16x4xf16>
  %h5, %c5 = rnn.lstm_cell %xgh, %hh, %ch, %rh
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<2x16xf16>, tensor<2x4xf16>, tensor<2x4xf16>, tensor<16x4xf16>
      -> tensor<2x4xf16>, tensor<2x4xf16>
  return %h1, %h2, %h4, %h5 : tensor<2x4xf32>, tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf16>
}

// -----

// In a time loop (rnn.time_loop) the panels are walked in serpentine order:
// on odd steps panel nb - 1 - p.

// CHECK-LABEL: func.func @serpentine
// CHECK: scf.for %[[T:[a-z0-9_]+]] = %{{.*}} iter_args
// CHECK: %[[ODD:.*]] = arith.andi
// CHECK: %[[REV:.*]] = arith.cmpi ne, %[[ODD]]
// CHECK: %[[BACK:.*]] = arith.subi %{{.*}}, %[[P:[a-z0-9_]+]] : index
// CHECK: arith.select %[[REV]], %[[BACK]], %[[P]] {rnn.serpentine}
// CHECK: } {rnn.time_loop}
func.func @serpentine(%xg: tensor<1x16xf32>, %h0: tensor<1x4xf32>,
    %c0: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %r = arith.constant dense<0.25> : tensor<16x4xf32>
  %lb = arith.constant 0 : index
  %ub = arith.constant 5 : index
  %one = arith.constant 1 : index
  %hn, %cn = scf.for %t = %lb to %ub step %one iter_args(%h = %h0, %c = %c0)
      -> (tensor<1x4xf32>, tensor<1x4xf32>) {
    %h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r
        activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
        : tensor<1x16xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<16x4xf32>
        -> tensor<1x4xf32>, tensor<1x4xf32>
    scf.yield %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
  } {rnn.time_loop}
  return %hn, %cn : tensor<1x4xf32>, tensor<1x4xf32>
}


// -----

// A GRU cell with linear_before_reset and constant R [3H, H] (H = 4: two
// panels of 2 units; R[row, k] = row, so panel 0 holds rows 0 1 | 4 5 | 8 9
// = gates z r h of units 0-1): the z and r accumulators start from x_gates
// at their columns, the h-part of the candidate from zero; after the loop
// over K, z = f(. + Rb_z), r = f(. + Rb_r), n = g(x_h + r * (. + Rb_h)),
// h_t = (1 - z) n + z h_{t-1} on vector<2xf32>, written into a fresh
// tensor (the kernel reads only h_{t-1}) copied into the result at the end.

// CHECK-LABEL: func.func @gru_cell_fused
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<3x12xf32>, %[[H:[a-z0-9_]+]]: tensor<3x4xf32>, %[[B:[a-z0-9_]+]]: tensor<12xf32>
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<2xf32>
// CHECK: %[[PACKED:.*]] = arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00, 4.000000e+00, 5.000000e+00, 8.000000e+00, 9.000000e+00]
// CHECK-SAME: {{\[\[}}2.000000e+00, 3.000000e+00, 6.000000e+00, 7.000000e+00, 1.000000e+01, 1.100000e+01]
// CHECK-SAME: tensor<2x4x6xf32>
// CHECK-NOT: rnn.gru_cell
// CHECK: %[[HOUT:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK-NOT: tensor.empty
// CHECK-NOT: linalg.fill
// CHECK: %[[BLOCKS:.*]] = scf.for %[[M0:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[HB:[a-z0-9_]+]] = %[[HOUT]])
// CHECK: scf.for %[[PANEL:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[HP:[a-z0-9_]+]] = %[[HB]])
// CHECK: %[[COL:.*]] = arith.muli %[[PANEL]], %{{.*}} : index
// z and r of both rows from x_gates, the candidate's h-part from zero.
// CHECK: vector.transfer_read %[[XG]][%[[M0]], %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<3x12xf32>, vector<2xf32>
// CHECK: vector.transfer_read %[[XG]][%[[M0]], %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<3x12xf32>, vector<2xf32>
// CHECK: vector.transfer_read %[[XG]]
// CHECK: vector.transfer_read %[[XG]]
// CHECK-NOT: vector.transfer_read
// Two rows: K split in two partial sums; three gates per row.
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %[[ZERO]],
// CHECK-COUNT-3: vector.transfer_read %[[PACKED]]
// CHECK: tensor.extract %[[H]][%[[M0]], %{{.*}}] : tensor<3x4xf32>
// CHECK: vector.broadcast
// CHECK-COUNT-3: vector.fma
// CHECK: scf.yield
// The recurrent biases, then per row x_h, h_{t-1} and the gate math.
// CHECK-COUNT-3: vector.transfer_read %[[B]]
// CHECK: vector.transfer_read %[[XG]][%[[M0]], %{{.*}}]
// CHECK: vector.transfer_read %[[H]][%[[M0]], %[[COL]]]
// CHECK: arith.maximumf %{{.*}} : vector<2xf32>
// CHECK: arith.minimumf %{{.*}} : vector<2xf32>
// CHECK: math.exp %{{.*}} : vector<2xf32>
// CHECK: arith.mulf
// CHECK: math.tanh %{{.*}} : vector<2xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[HP]][%[[M0]], %[[COL]]] {in_bounds = [true]} : vector<2xf32>, tensor<3x4xf32>
// CHECK: vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %[[COL]]] {in_bounds = [true]} : vector<2xf32>, tensor<3x4xf32>
// CHECK: } {rnn.parallel = 48 : i64}
// CHECK: %[[REST:.*]] = scf.for %{{.*}} iter_args(%{{.*}} = %[[BLOCKS]])
// CHECK: } {rnn.parallel = 48 : i64}
// CHECK: %[[HNEXT:.*]] = linalg.copy ins(%[[REST]] : tensor<3x4xf32>)
// CHECK: return %[[HNEXT]]
func.func @gru_cell_fused(%xg: tensor<3x12xf32>, %h: tensor<3x4xf32>,
    %b: tensor<12xf32>) -> tensor<3x4xf32> {
  %r = arith.constant dense<[[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0],
      [2.0, 2.0, 2.0, 2.0], [3.0, 3.0, 3.0, 3.0], [4.0, 4.0, 4.0, 4.0],
      [5.0, 5.0, 5.0, 5.0], [6.0, 6.0, 6.0, 6.0], [7.0, 7.0, 7.0, 7.0],
      [8.0, 8.0, 8.0, 8.0], [9.0, 9.0, 9.0, 9.0], [10.0, 10.0, 10.0, 10.0],
      [11.0, 11.0, 11.0, 11.0]]> : tensor<12x4xf32>
  %h1 = rnn.gru_cell %xg, %h, %r bias(%b : tensor<12xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] clip = 2.0
      linear_before_reset
      : tensor<3x12xf32>, tensor<3x4xf32>, tensor<12x4xf32> -> tensor<3x4xf32>
  return %h1 : tensor<3x4xf32>
}

// -----

// Without a recurrent bias: the candidate is g(x_h + r * acc_h), no bias
// reads; the activations' alpha / beta reach the vector code (HardSigmoid
// 0.2 x + 0.5, clamped; Affine 0.7 x + 0.1).

// CHECK-LABEL: func.func @gru_cell_no_bias
// CHECK-NOT: rnn.gru_cell
// CHECK-DAG: arith.constant dense<2.000000e-01> : vector<2xf32>
// CHECK-DAG: arith.constant dense<0.699999988> : vector<2xf32>
// CHECK: scf.for
// CHECK: vector.fma
// CHECK: arith.minimumf %{{.*}} : vector<2xf32>
// CHECK: arith.maximumf %{{.*}} : vector<2xf32>
// CHECK: vector.transfer_write
// CHECK: return
func.func @gru_cell_no_bias(%xg: tensor<1x12xf32>, %h: tensor<1x4xf32>)
    -> tensor<1x4xf32> {
  %r = arith.constant dense<0.5> : tensor<12x4xf32>
  %h1 = rnn.gru_cell %xg, %h, %r
      activations = [#rnn.act<hard_sigmoid, alpha = 0.2, beta = 0.5>, #rnn.act<affine, alpha = 0.7, beta = 0.1>]
      linear_before_reset
      : tensor<1x12xf32>, tensor<1x4xf32>, tensor<12x4xf32> -> tensor<1x4xf32>
  return %h1 : tensor<1x4xf32>
}

// -----

// Reset-before-linear (the default GRU): r (.) h must be complete before
// the candidate's product, so two kernels. The first, over panels of z and
// r (R rows 0-7 interleaved: 0 1 | 4 5 for units 0-1), starts from x_gates
// and writes z and r (.) h into two fresh tensors (not copied); the second,
// over panels of R_h (rows 8-11), multiplies r (.) h with accumulators
// started from x_h, then g(. + Rb_h) and the state update with z and
// h_{t-1}, into a third tensor copied into the result.

// CHECK-LABEL: func.func @gru_cell_reset_before_linear
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<2x12xf32>, %[[H:[a-z0-9_]+]]: tensor<2x4xf32>, %[[B:[a-z0-9_]+]]: tensor<12xf32>
// CHECK-DAG: %[[ZR:.*]] = arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00, 4.000000e+00, 5.000000e+00]{{.*}} : tensor<2x4x4xf32>
// CHECK-DAG: %[[RH:.*]] = arith.constant dense<{{\[\[\[}}8.000000e+00, 9.000000e+00]{{.*}} : tensor<2x4x2xf32>
// CHECK-NOT: rnn.gru_cell
// CHECK: %[[ZOUT:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[RHOUT:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[K1B:.*]]:2 = scf.for %{{.*}} iter_args(%{{.*}} = %[[ZOUT]], %{{.*}} = %[[RHOUT]])
// CHECK: scf.for %[[P1:[a-z0-9_]+]] =
// CHECK-COUNT-2: vector.transfer_read %[[ZR]]
// CHECK: tensor.extract %[[H]]
// CHECK: vector.transfer_read %[[H]]
// CHECK: arith.mulf
// CHECK: } {rnn.parallel = 32 : i64}
// CHECK: %[[K1:.*]]:2 = scf.for %{{.*}} iter_args(%{{.*}} = %[[K1B]]#0, %{{.*}} = %[[K1B]]#1)
// CHECK: } {rnn.parallel = 32 : i64}
// CHECK-NOT: linalg.copy
// CHECK: %[[HOUT:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %[[HOUT]])
// CHECK: scf.for %[[P2:[a-z0-9_]+]] =
// CHECK: vector.transfer_read %[[XG]]
// CHECK: vector.transfer_read %[[RH]]
// CHECK: tensor.extract %[[K1]]#1
// CHECK: vector.fma
// CHECK: vector.transfer_read %[[B]]
// CHECK: math.tanh
// CHECK: vector.transfer_read %[[K1]]#0
// CHECK: vector.transfer_read %[[H]]
// CHECK: vector.transfer_write
// CHECK: } {rnn.parallel = 16 : i64}
// CHECK: %[[HNEXT:.*]] = linalg.copy
// CHECK: return %[[HNEXT]]
func.func @gru_cell_reset_before_linear(%xg: tensor<2x12xf32>,
    %h: tensor<2x4xf32>, %b: tensor<12xf32>) -> tensor<2x4xf32> {
  %r = arith.constant dense<[[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0],
      [2.0, 2.0, 2.0, 2.0], [3.0, 3.0, 3.0, 3.0], [4.0, 4.0, 4.0, 4.0],
      [5.0, 5.0, 5.0, 5.0], [6.0, 6.0, 6.0, 6.0], [7.0, 7.0, 7.0, 7.0],
      [8.0, 8.0, 8.0, 8.0], [9.0, 9.0, 9.0, 9.0], [10.0, 10.0, 10.0, 10.0],
      [11.0, 11.0, 11.0, 11.0]]> : tensor<12x4xf32>
  %h1 = rnn.gru_cell %xg, %h, %r bias(%b : tensor<12xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<2x12xf32>, tensor<2x4xf32>, tensor<12x4xf32> -> tensor<2x4xf32>
  return %h1 : tensor<2x4xf32>
}

// -----

// GRU cells left to convert-rnn-to-linalg: R a function argument, H not a
// multiple of the lanes, R with at least sparse-threshold zeros.

// CHECK-LABEL: func.func @gru_not_fused
// CHECK-COUNT-3: rnn.gru_cell
// CHECK-NOT: vector.fma
func.func @gru_not_fused(%xg: tensor<2x12xf32>, %h: tensor<2x4xf32>,
    %ra: tensor<12x4xf32>, %xg3: tensor<2x9xf32>, %h3: tensor<2x3xf32>)
    -> (tensor<2x4xf32>, tensor<2x3xf32>, tensor<2x4xf32>) {
  %h2 = rnn.gru_cell %xg, %h, %ra
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<2x12xf32>, tensor<2x4xf32>, tensor<12x4xf32> -> tensor<2x4xf32>
  %r3 = arith.constant dense<0.5> : tensor<9x3xf32>
  %h3n = rnn.gru_cell %xg3, %h3, %r3
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<2x9xf32>, tensor<2x3xf32>, tensor<9x3xf32> -> tensor<2x3xf32>
  %rs = arith.constant dense<[[0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 2.0, 0.0, 0.0]]> : tensor<12x4xf32>
  %h4 = rnn.gru_cell %xg, %h, %rs
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<2x12xf32>, tensor<2x4xf32>, tensor<12x4xf32> -> tensor<2x4xf32>
  return %h2, %h3n, %h4 : tensor<2x4xf32>, tensor<2x3xf32>, tensor<2x4xf32>
}

// -----

// A GRU in a time loop: serpentine panel order, as for the LSTM.

// CHECK-LABEL: func.func @gru_serpentine
// CHECK: scf.for %[[T:[a-z0-9_]+]] = %{{.*}} iter_args
// CHECK: %[[ODD:.*]] = arith.andi
// CHECK: %[[REV:.*]] = arith.cmpi ne, %[[ODD]]
// CHECK: %[[BACK:.*]] = arith.subi %{{.*}}, %[[P:[a-z0-9_]+]] : index
// CHECK: arith.select %[[REV]], %[[BACK]], %[[P]] {rnn.serpentine}
// CHECK: linalg.copy
// CHECK: } {rnn.time_loop}
func.func @gru_serpentine(%xg: tensor<1x12xf32>, %h0: tensor<1x4xf32>)
    -> tensor<1x4xf32> {
  %r = arith.constant dense<0.25> : tensor<12x4xf32>
  %lb = arith.constant 0 : index
  %ub = arith.constant 5 : index
  %one = arith.constant 1 : index
  %hn = scf.for %t = %lb to %ub step %one iter_args(%h = %h0)
      -> (tensor<1x4xf32>) {
    %h1 = rnn.gru_cell %xg, %h, %r
        activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
        : tensor<1x12xf32>, tensor<1x4xf32>, tensor<12x4xf32> -> tensor<1x4xf32>
    scf.yield %h1 : tensor<1x4xf32>
  } {rnn.time_loop}
  return %hn : tensor<1x4xf32>
}
