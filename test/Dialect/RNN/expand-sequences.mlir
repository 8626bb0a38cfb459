// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences | FileCheck %s

// LSTM, one forward direction, with bias, peepholes, clip and input_forget:
// one projection generic over all steps accumulating into the broadcast
// input bias, a time loop carrying (h, c, Y) and one lstm_cell per step that
// takes the recurrent half of the bias. Absent initial states are zeros.

// CHECK-DAG: #[[$MA:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$MB:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MC:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @lstm_forward_bias
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3x2x4xf32>, %[[W:[a-z0-9_]+]]: tensor<1x8x4xf32>
// CHECK-SAME: %[[R:[a-z0-9_]+]]: tensor<1x8x2xf32>, %[[B:[a-z0-9_]+]]: tensor<1x16xf32>
// CHECK-SAME: %[[P:[a-z0-9_]+]]: tensor<1x6xf32>
// CHECK-DAG: %[[W0:.*]] = tensor.extract_slice %[[W]][0, 0, 0] [1, 8, 4] [1, 1, 1] : tensor<1x8x4xf32> to tensor<8x4xf32>
// CHECK-DAG: %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<3x2x4xf32> into tensor<6x4xf32>
// CHECK-DAG: %[[WB:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 8] [1, 1] : tensor<1x16xf32> to tensor<8xf32>
// CHECK: %[[ACC:.*]] = linalg.broadcast ins(%[[WB]] : tensor<8xf32>) outs(%{{.*}} : tensor<6x8xf32>) dimensions = [0]
// CHECK: %[[FLAT:.*]] = linalg.matmul indexing_maps = [#[[$MA]], #[[$MB]], #[[$MC]]]
// CHECK-SAME: ins(%[[ROWS]], %[[W0]] : tensor<6x4xf32>, tensor<8x4xf32>) outs(%[[ACC]] : tensor<6x8xf32>)
// CHECK: %[[PROJ:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1], [2]] output_shape [3, 2, 8] : tensor<6x8xf32> into tensor<3x2x8xf32>
// CHECK-DAG: %[[R0:.*]] = tensor.extract_slice %[[R]][0, 0, 0] [1, 8, 2] [1, 1, 1] : tensor<1x8x2xf32> to tensor<8x2xf32>
// CHECK-DAG: %[[RB:.*]] = tensor.extract_slice %[[B]][0, 8] [1, 8] [1, 1] : tensor<1x16xf32> to tensor<8xf32>
// CHECK: %[[ZH:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[H0:.*]] = linalg.fill ins(%[[ZH]] : f32) outs(%{{.*}} : tensor<2x2xf32>)
// CHECK: %[[ZC:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[C0:.*]] = linalg.fill ins(%[[ZC]] : f32) outs(%{{.*}} : tensor<2x2xf32>)
// CHECK-DAG: %[[P0:.*]] = tensor.extract_slice %[[P]][0, 0] [1, 6] [1, 1] : tensor<1x6xf32> to tensor<6xf32>
// CHECK-DAG: %[[LB:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[STEP:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[UB:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[YINIT:.*]] = tensor.empty() : tensor<3x1x2x2xf32>
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[T:[a-z0-9_]+]] = %[[LB]] to %[[UB]] step %[[STEP]]
// CHECK-SAME: iter_args(%[[H:[a-z0-9_]+]] = %[[H0]], %[[C:[a-z0-9_]+]] = %[[C0]], %[[Y:[a-z0-9_]+]] = %[[YINIT]])
// CHECK-SAME: -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<3x1x2x2xf32>)
// CHECK: %[[XG:.*]] = tensor.extract_slice %[[PROJ]][%[[T]], 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf32> to tensor<2x8xf32>
// CHECK: %[[HN:.*]], %[[CN:.*]] = rnn.lstm_cell %[[XG]], %[[H]], %[[C]], %[[R0]]
// CHECK-SAME: bias(%[[RB]] : tensor<8xf32>) peepholes(%[[P0]] : tensor<6xf32>)
// CHECK-SAME: activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<relu>]
// CHECK-SAME: clip = 3.000000e+00 input_forget
// CHECK: %[[YN:.*]] = tensor.insert_slice %[[HN]] into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1] : tensor<2x2xf32> into tensor<3x1x2x2xf32>
// CHECK: scf.yield %[[HN]], %[[CN]], %[[YN]]
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#0 into %{{.*}}[0, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<2x2xf32> into tensor<1x2x2xf32>
// CHECK: %[[YC:.*]] = tensor.insert_slice %[[LOOP]]#1 into %{{.*}}[0, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<2x2xf32> into tensor<1x2x2xf32>
// CHECK: return %[[LOOP]]#2, %[[YH]], %[[YC]]
func.func @lstm_forward_bias(%x: tensor<3x2x4xf32>, %w: tensor<1x8x4xf32>,
    %r: tensor<1x8x2xf32>, %b: tensor<1x16xf32>, %p: tensor<1x6xf32>)
    -> (tensor<3x1x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>) {
  %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x16xf32>)
      peepholes(%p : tensor<1x6xf32>) forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<relu>]
      clip = 3.0 input_forget
      : tensor<3x2x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
  return %y, %yh, %yc : tensor<3x1x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
}

// -----

// Reverse: step t reads and writes time index T-1-t. Without a bias the
// projection accumulates into zeros and the cell gets no bias.

// CHECK-LABEL: func.func @lstm_reverse
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3x2x4xf32>
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[ACC:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%{{.*}} : tensor<6x8xf32>)
// CHECK-NEXT: %[[FLAT:.*]] = linalg.matmul
// CHECK-SAME: outs(%[[ACC]] : tensor<6x8xf32>)
// CHECK-NEXT: %[[PROJ:.*]] = tensor.expand_shape %[[FLAT]]
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[LEN:.*]] = arith.constant 3 : index
// CHECK: %[[LAST:.*]] = arith.subi %[[LEN]], %[[ONE]] : index
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[T:[a-z0-9_]+]] = %{{.*}} to %[[LEN]] step %[[ONE]]
// CHECK-SAME: iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %[[Y:[a-z0-9_]+]] = %{{.*}})
// CHECK: %[[S:.*]] = arith.subi %[[LAST]], %[[T]] : index
// CHECK: %[[XG:.*]] = tensor.extract_slice %[[PROJ]][%[[S]], 0, 0] [1, 2, 8] [1, 1, 1]
// CHECK: %[[HN:.*]], %{{.*}} = rnn.lstm_cell %[[XG]]
// CHECK-NOT: bias(
// CHECK-SAME: activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
// CHECK: tensor.insert_slice %[[HN]] into %[[Y]][%[[S]], 0, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1]
// CHECK: return %[[LOOP]]#2
func.func @lstm_reverse(%x: tensor<3x2x4xf32>, %w: tensor<1x8x4xf32>,
    %r: tensor<1x8x2xf32>) -> tensor<3x1x2x2xf32> {
  %y, %yh, %yc = rnn.lstm %x, %w, %r reverse hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x2x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
  return %y : tensor<3x1x2x2xf32>
}

// -----

// Bidirectional GRU: one projection and one gru_cell per direction, direction
// 1 walks backwards and writes Y[T-1-t, 1]. Each direction gets its own
// slices of W, R, bias and initial_h and its own activations.

// CHECK-LABEL: func.func @gru_bidirectional
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3x2x4xf32>, %[[W:[a-z0-9_]+]]: tensor<2x6x4xf32>
// CHECK-SAME: %[[R:[a-z0-9_]+]]: tensor<2x6x2xf32>, %[[B:[a-z0-9_]+]]: tensor<2x12xf32>
// CHECK-SAME: %[[INIT:[a-z0-9_]+]]: tensor<2x2x2xf32>
// CHECK-DAG: %[[W0:.*]] = tensor.extract_slice %[[W]][0, 0, 0] [1, 6, 4] [1, 1, 1] : tensor<2x6x4xf32> to tensor<6x4xf32>
// CHECK-DAG: %[[WB0:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 6] [1, 1] : tensor<2x12xf32> to tensor<6xf32>
// CHECK-DAG: %[[ACC0:.*]] = linalg.broadcast ins(%[[WB0]] : tensor<6xf32>)
// CHECK-DAG: %[[FLAT0:.*]] = linalg.matmul {{.*}} ins(%{{.*}}, %[[W0]] : tensor<6x4xf32>, tensor<6x4xf32>) outs(%[[ACC0]] : tensor<6x6xf32>)
// CHECK-DAG: %[[PROJ0:.*]] = tensor.expand_shape %[[FLAT0]]
// CHECK-DAG: %[[R0:.*]] = tensor.extract_slice %[[R]][0, 0, 0] [1, 6, 2] [1, 1, 1] : tensor<2x6x2xf32> to tensor<6x2xf32>
// CHECK-DAG: %[[RB0:.*]] = tensor.extract_slice %[[B]][0, 6] [1, 6] [1, 1] : tensor<2x12xf32> to tensor<6xf32>
// CHECK-DAG: %[[H0:.*]] = tensor.extract_slice %[[INIT]][0, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<2x2x2xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[W1:.*]] = tensor.extract_slice %[[W]][1, 0, 0] [1, 6, 4] [1, 1, 1] : tensor<2x6x4xf32> to tensor<6x4xf32>
// CHECK-DAG: %[[WB1:.*]] = tensor.extract_slice %[[B]][1, 0] [1, 6] [1, 1] : tensor<2x12xf32> to tensor<6xf32>
// CHECK-DAG: %[[ACC1:.*]] = linalg.broadcast ins(%[[WB1]] : tensor<6xf32>)
// CHECK-DAG: %[[FLAT1:.*]] = linalg.matmul {{.*}} ins(%{{.*}}, %[[W1]] : tensor<6x4xf32>, tensor<6x4xf32>) outs(%[[ACC1]] : tensor<6x6xf32>)
// CHECK-DAG: %[[PROJ1:.*]] = tensor.expand_shape %[[FLAT1]]
// CHECK-DAG: %[[R1:.*]] = tensor.extract_slice %[[R]][1, 0, 0] [1, 6, 2] [1, 1, 1] : tensor<2x6x2xf32> to tensor<6x2xf32>
// CHECK-DAG: %[[RB1:.*]] = tensor.extract_slice %[[B]][1, 6] [1, 6] [1, 1] : tensor<2x12xf32> to tensor<6xf32>
// CHECK-DAG: %[[H1:.*]] = tensor.extract_slice %[[INIT]][1, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<2x2x2xf32> to tensor<2x2xf32>
// CHECK: %[[LAST:.*]] = arith.subi
// CHECK: %[[YINIT:.*]] = tensor.empty() : tensor<3x2x2x2xf32>
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[T:[a-z0-9_]+]] =
// CHECK-SAME: iter_args(%[[HF:[a-z0-9_]+]] = %[[H0]], %[[HB:[a-z0-9_]+]] = %[[H1]], %[[Y:[a-z0-9_]+]] = %[[YINIT]])
// CHECK-SAME: -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<3x2x2x2xf32>)
// CHECK: %[[XGF:.*]] = tensor.extract_slice %[[PROJ0]][%[[T]], 0, 0] [1, 2, 6] [1, 1, 1]
// CHECK: %[[HFN:.*]] = rnn.gru_cell %[[XGF]], %[[HF]], %[[R0]] bias(%[[RB0]] : tensor<6xf32>)
// CHECK-SAME: activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
// CHECK: %[[YF:.*]] = tensor.insert_slice %[[HFN]] into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1]
// CHECK: %[[S:.*]] = arith.subi %[[LAST]], %[[T]] : index
// CHECK: %[[XGB:.*]] = tensor.extract_slice %[[PROJ1]][%[[S]], 0, 0] [1, 2, 6] [1, 1, 1]
// CHECK: %[[HBN:.*]] = rnn.gru_cell %[[XGB]], %[[HB]], %[[R1]] bias(%[[RB1]] : tensor<6xf32>)
// CHECK-SAME: activations = [#rnn.act<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, #rnn.act<relu>] linear_before_reset
// CHECK: %[[YB:.*]] = tensor.insert_slice %[[HBN]] into %[[YF]][%[[S]], 1, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1]
// CHECK: scf.yield %[[HFN]], %[[HBN]], %[[YB]]
// CHECK: %[[YH0:.*]] = tensor.insert_slice %[[LOOP]]#0 into %{{.*}}[0, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<2x2xf32> into tensor<2x2x2xf32>
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#1 into %[[YH0]][1, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<2x2xf32> into tensor<2x2x2xf32>
// CHECK: return %[[LOOP]]#2, %[[YH]]
func.func @gru_bidirectional(%x: tensor<3x2x4xf32>, %w: tensor<2x6x4xf32>,
    %r: tensor<2x6x2xf32>, %b: tensor<2x12xf32>, %h0: tensor<2x2x2xf32>)
    -> (tensor<3x2x2x2xf32>, tensor<2x2x2xf32>) {
  %y, %yh = rnn.gru %x, %w, %r bias(%b : tensor<2x12xf32>)
      initial_h(%h0 : tensor<2x2x2xf32>) bidirectional hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>,
                     #rnn.act<hard_sigmoid>, #rnn.act<relu>]
      linear_before_reset
      : tensor<3x2x4xf32>, tensor<2x6x4xf32>, tensor<2x6x2xf32>
      -> tensor<3x2x2x2xf32>, tensor<2x2x2xf32>
  return %y, %yh : tensor<3x2x2x2xf32>, tensor<2x2x2xf32>
}

// -----

// sequence_lens: after each cell a generic keeps the previous state of batch
// entries whose sequence has ended (t >= lens[n]) and writes zeros into their
// Y row.

// CHECK-DAG: #[[$BATCH:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @rnn_sequence_lens
// CHECK-SAME: %[[L:[a-z0-9_]+]]: tensor<2xi32>
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[T:[a-z0-9_]+]] =
// CHECK-SAME: iter_args(%[[H:[a-z0-9_]+]] = %{{.*}}, %[[Y:[a-z0-9_]+]] = %{{.*}})
// CHECK: %[[HN:.*]] = rnn.rnn_cell %{{.*}}, %[[H]], %{{.*}} activations = [#rnn.act<tanh>]
// CHECK: %[[TI:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK: %[[M:.*]]:2 = linalg.generic
// CHECK-SAME: indexing_maps = [#[[$BATCH]], #[[$ID]], #[[$ID]], #[[$ID]], #[[$ID]]]
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: ins(%[[L]], %[[HN]], %[[H]] : tensor<2xi32>, tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK-NEXT: ^bb0(%[[LEN:[a-z0-9_]+]]: i32, %[[NEW:[a-z0-9_]+]]: f32, %[[OLD:[a-z0-9_]+]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-DAG: %[[VALID:.*]] = arith.cmpi slt, %[[TI]], %[[LEN]] : i32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[STATE:.*]] = arith.select %[[VALID]], %[[NEW]], %[[OLD]] : f32
// CHECK-DAG: %[[ROW:.*]] = arith.select %[[VALID]], %[[NEW]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[STATE]], %[[ROW]] : f32, f32
// CHECK: %[[YN:.*]] = tensor.insert_slice %[[M]]#1 into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1]
// CHECK: scf.yield %[[M]]#0, %[[YN]]
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#0 into
// CHECK: return %[[LOOP]]#1, %[[YH]]
func.func @rnn_sequence_lens(%x: tensor<3x2x4xf32>, %w: tensor<1x2x4xf32>,
    %r: tensor<1x2x2xf32>, %l: tensor<2xi32>)
    -> (tensor<3x1x2x2xf32>, tensor<1x2x2xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r sequence_lens(%l : tensor<2xi32>) forward
      hidden_size = 2 activations = [#rnn.act<tanh>]
      : tensor<3x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>
  return %y, %yh : tensor<3x1x2x2xf32>, tensor<1x2x2xf32>
}

// -----

// sequence_lens on an LSTM (i64 lengths): the mask also keeps c.

// CHECK-LABEL: func.func @lstm_sequence_lens
// CHECK-SAME: %[[L:[a-z0-9_]+]]: tensor<2xi64>
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[T:[a-z0-9_]+]] =
// CHECK-SAME: iter_args(%[[H:[a-z0-9_]+]] = %{{.*}}, %[[C:[a-z0-9_]+]] = %{{.*}}, %[[Y:[a-z0-9_]+]] = %{{.*}})
// CHECK: %[[HN:.*]], %[[CN:.*]] = rnn.lstm_cell %{{.*}}, %[[H]], %[[C]],
// CHECK: %[[TI:.*]] = arith.index_cast %[[T]] : index to i64
// CHECK: %[[M:.*]]:3 = linalg.generic
// CHECK-SAME: ins(%[[L]], %[[HN]], %[[H]], %[[CN]], %[[C]] : tensor<2xi64>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK-NEXT: ^bb0(%[[LEN:[a-z0-9_]+]]: i64, %[[NEWH:[a-z0-9_]+]]: f32, %[[OLDH:[a-z0-9_]+]]: f32, %[[NEWC:[a-z0-9_]+]]: f32, %[[OLDC:[a-z0-9_]+]]: f32,
// CHECK-DAG: %[[VALID:.*]] = arith.cmpi slt, %[[TI]], %[[LEN]] : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[SH:.*]] = arith.select %[[VALID]], %[[NEWH]], %[[OLDH]] : f32
// CHECK-DAG: %[[SC:.*]] = arith.select %[[VALID]], %[[NEWC]], %[[OLDC]] : f32
// CHECK-DAG: %[[ROW:.*]] = arith.select %[[VALID]], %[[NEWH]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[SH]], %[[SC]], %[[ROW]] : f32, f32, f32
// CHECK: %[[YN:.*]] = tensor.insert_slice %[[M]]#2 into %[[Y]][%[[T]], 0, 0, 0]
// CHECK: scf.yield %[[M]]#0, %[[M]]#1, %[[YN]]
// CHECK: %[[YC:.*]] = tensor.insert_slice %[[LOOP]]#1 into
// CHECK: return %[[YC]]
func.func @lstm_sequence_lens(%x: tensor<3x2x4xf32>, %w: tensor<1x8x4xf32>,
    %r: tensor<1x8x2xf32>, %l: tensor<2xi64>) -> tensor<1x2x2xf32> {
  %y, %yh, %yc = rnn.lstm %x, %w, %r sequence_lens(%l : tensor<2xi64>) forward
      hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x2x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
  return %yc : tensor<1x2x2xf32>
}

// -----

// sequence_lens on a reverse GRU: the mask compares the reversed time index.

// CHECK-LABEL: func.func @gru_reverse_sequence_lens
// CHECK-SAME: %[[L:[a-z0-9_]+]]: tensor<2xi32>
// CHECK: %[[LAST:.*]] = arith.subi
// CHECK: scf.for %[[T:[a-z0-9_]+]] =
// CHECK: %[[S:.*]] = arith.subi %[[LAST]], %[[T]] : index
// CHECK: %[[HN:.*]] = rnn.gru_cell
// CHECK-SAME: clip = 5.000000e+00
// CHECK-NOT: linear_before_reset
// CHECK: %[[SI:.*]] = arith.index_cast %[[S]] : index to i32
// CHECK: %[[M:.*]]:2 = linalg.generic {{.*}} ins(%[[L]], %[[HN]], %{{.*}} : tensor<2xi32>
// CHECK: arith.cmpi slt, %[[SI]], %{{.*}} : i32
// CHECK: tensor.insert_slice %[[M]]#1 into %{{.*}}[%[[S]], 0, 0, 0]
func.func @gru_reverse_sequence_lens(%x: tensor<3x2x4xf32>, %w: tensor<1x6x4xf32>,
    %r: tensor<1x6x2xf32>, %l: tensor<2xi32>) -> tensor<3x1x2x2xf32> {
  %y, %yh = rnn.gru %x, %w, %r sequence_lens(%l : tensor<2xi32>) reverse
      hidden_size = 2 activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      clip = 5.0
      : tensor<3x2x4xf32>, tensor<1x6x4xf32>, tensor<1x6x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>
  return %y : tensor<3x1x2x2xf32>
}

// -----

// Given initial states are sliced per direction and become the loop's
// initial iter_args.

// CHECK-LABEL: func.func @lstm_initial_states
// CHECK-SAME: %[[H0:[a-z0-9_]+]]: tensor<1x2x2xf32>, %[[C0:[a-z0-9_]+]]: tensor<1x2x2xf32>
// CHECK-NOT: linalg.fill {{.*}} tensor<2x2xf32>
// CHECK-DAG: %[[H:.*]] = tensor.extract_slice %[[H0]][0, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<1x2x2xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = tensor.extract_slice %[[C0]][0, 0, 0] [1, 2, 2] [1, 1, 1] : tensor<1x2x2xf32> to tensor<2x2xf32>
// CHECK: %[[LOOP:.*]]:3 = scf.for
// CHECK-SAME: iter_args(%{{.*}} = %[[H]], %{{.*}} = %[[C]], %{{.*}} = %{{.*}})
// CHECK: rnn.lstm_cell
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#0 into
// CHECK: return %[[YH]]
func.func @lstm_initial_states(%x: tensor<3x2x4xf32>, %w: tensor<1x8x4xf32>,
    %r: tensor<1x8x2xf32>, %h0: tensor<1x2x2xf32>, %c0: tensor<1x2x2xf32>)
    -> tensor<1x2x2xf32> {
  %y, %yh, %yc = rnn.lstm %x, %w, %r initial_h(%h0 : tensor<1x2x2xf32>)
      initial_c(%c0 : tensor<1x2x2xf32>) forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<3x2x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
  return %yh : tensor<1x2x2xf32>
}

// -----

// RNN with a bias and initial_h: the cell gets the recurrent half of the bias.

// CHECK-LABEL: func.func @rnn_bias_initial_h
// CHECK-SAME: %[[R:[a-z0-9_]+]]: tensor<1x2x2xf32>, %[[B:[a-z0-9_]+]]: tensor<1x4xf32>, %[[H0:[a-z0-9_]+]]: tensor<1x2x2xf32>
// CHECK-DAG: %[[WB:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 2] [1, 1] : tensor<1x4xf32> to tensor<2xf32>
// CHECK-DAG: %[[ACC:.*]] = linalg.broadcast ins(%[[WB]] : tensor<2xf32>) outs(%{{.*}} : tensor<6x2xf32>) dimensions = [0]
// CHECK-DAG: %[[FLAT:.*]] = linalg.matmul {{.*}} outs(%[[ACC]] : tensor<6x2xf32>)
// CHECK-DAG: %[[PROJ:.*]] = tensor.expand_shape %[[FLAT]]
// CHECK-DAG: %[[R0:.*]] = tensor.extract_slice %[[R]][0, 0, 0] [1, 2, 2] [1, 1, 1]
// CHECK-DAG: %[[RB:.*]] = tensor.extract_slice %[[B]][0, 2] [1, 2] [1, 1] : tensor<1x4xf32> to tensor<2xf32>
// CHECK-DAG: %[[H:.*]] = tensor.extract_slice %[[H0]][0, 0, 0] [1, 2, 2] [1, 1, 1]
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[T:[a-z0-9_]+]] = {{.*}} iter_args(%[[HI:[a-z0-9_]+]] = %[[H]], %{{.*}} = %{{.*}})
// CHECK: %[[XG:.*]] = tensor.extract_slice %[[PROJ]][%[[T]], 0, 0] [1, 2, 2] [1, 1, 1]
// CHECK: rnn.rnn_cell %[[XG]], %[[HI]], %[[R0]] bias(%[[RB]] : tensor<2xf32>) activations = [#rnn.act<relu>]
// CHECK: return %[[LOOP]]#1
func.func @rnn_bias_initial_h(%x: tensor<3x2x4xf32>, %w: tensor<1x2x4xf32>,
    %r: tensor<1x2x2xf32>, %b: tensor<1x4xf32>, %h0: tensor<1x2x2xf32>)
    -> tensor<3x1x2x2xf32> {
  %y, %yh = rnn.rnn %x, %w, %r bias(%b : tensor<1x4xf32>)
      initial_h(%h0 : tensor<1x2x2xf32>) forward hidden_size = 2
      activations = [#rnn.act<relu>]
      : tensor<3x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>
  return %y : tensor<3x1x2x2xf32>
}

// -----

// Dynamic sequence length and batch: the projection is a 3-D contraction
// (no reshape of two dynamic dims), the loop runs to tensor.dim X, 0 and
// every size that depends on the batch comes from tensor.dim X, 1.

// CHECK-LABEL: func.func @rnn_dynamic
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<?x?x4xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[T:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?x4xf32>
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?x4xf32>
// CHECK: %[[PEMPTY:.*]] = tensor.empty(%[[T]], %[[N]]) : tensor<?x?x2xf32>
// CHECK: %[[PROJ:.*]] = linalg.generic {{.*}} ins(%[[X]], %{{.*}} : tensor<?x?x4xf32>, tensor<2x4xf32>) outs(%{{.*}} : tensor<?x?x2xf32>)
// CHECK: %[[HEMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?x2xf32>
// CHECK: %[[H0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[HEMPTY]] : tensor<?x2xf32>)
// CHECK: %[[YINIT:.*]] = tensor.empty(%[[T]], %[[N]]) : tensor<?x1x?x2xf32>
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %[[T]] step %{{.*}} iter_args(%[[H:[a-z0-9_]+]] = %[[H0]], %[[Y:[a-z0-9_]+]] = %[[YINIT]])
// CHECK-SAME: -> (tensor<?x2xf32>, tensor<?x1x?x2xf32>)
// CHECK: %[[XG:.*]] = tensor.extract_slice %[[PROJ]][%[[I]], 0, 0] [1, %[[N]], 2] [1, 1, 1] : tensor<?x?x2xf32> to tensor<?x2xf32>
// CHECK: %[[HN:.*]] = rnn.rnn_cell %[[XG]], %[[H]], %{{.*}} activations = [#rnn.act<tanh>] : tensor<?x2xf32>, tensor<?x2xf32>, tensor<2x2xf32> -> tensor<?x2xf32>
// CHECK: tensor.insert_slice %[[HN]] into %[[Y]][%[[I]], 0, 0, 0] [1, 1, %[[N]], 2] [1, 1, 1, 1] : tensor<?x2xf32> into tensor<?x1x?x2xf32>
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#0 into %{{.*}}[0, 0, 0] [1, %[[N]], 2] [1, 1, 1] : tensor<?x2xf32> into tensor<1x?x2xf32>
// CHECK: return %[[LOOP]]#1, %[[YH]]
func.func @rnn_dynamic(%x: tensor<?x?x4xf32>, %w: tensor<1x2x4xf32>,
    %r: tensor<1x2x2xf32>) -> (tensor<?x1x?x2xf32>, tensor<1x?x2xf32>) {
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      : tensor<?x?x4xf32>, tensor<1x2x4xf32>, tensor<1x2x2xf32>
      -> tensor<?x1x?x2xf32>, tensor<1x?x2xf32>
  return %y, %yh : tensor<?x1x?x2xf32>, tensor<1x?x2xf32>
}

// -----

// Result types more static than X: the expanded values are cast back to them.

// CHECK-LABEL: func.func @lstm_dynamic_x_static_results
// CHECK: %[[LOOP:.*]]:3 = scf.for
// CHECK-SAME: -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<?x1x2x2xf32>)
// CHECK: %[[Y:.*]] = tensor.cast %[[LOOP]]#2 : tensor<?x1x2x2xf32> to tensor<3x1x2x2xf32>
// CHECK: return %[[Y]]
func.func @lstm_dynamic_x_static_results(%x: tensor<?x2x4xf32>,
    %w: tensor<1x8x4xf32>, %r: tensor<1x8x2xf32>) -> tensor<3x1x2x2xf32> {
  %y, %yh, %yc = rnn.lstm %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      : tensor<?x2x4xf32>, tensor<1x8x4xf32>, tensor<1x8x2xf32>
      -> tensor<3x1x2x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
  return %y : tensor<3x1x2x2xf32>
}
