// RUN: rnn-opt %s -split-input-file --convert-rnn-to-linalg | FileCheck %s

// LSTM cell with every option: h x R^T accumulates into x_gates (gates
// i, o, f, c), then one generic computes both new states. Checked: the
// recurrent bias and peepholes (Pi, Po, Pf) enter the right gates, clip
// bounds every gate pre-activation, input_forget makes f = 1 - i (so Pf and
// the forget pre-activation go unused) and the output peephole sees the new c.

// CHECK-DAG: #[[$MA:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$MBT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MC:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @lstm_cell_full
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<2x8xf32>, %[[H:[a-z0-9_]+]]: tensor<2x2xf32>, %[[C:[a-z0-9_]+]]: tensor<2x2xf32>
// CHECK-SAME: %[[R:[a-z0-9_]+]]: tensor<8x2xf32>, %[[B:[a-z0-9_]+]]: tensor<8xf32>, %[[P:[a-z0-9_]+]]: tensor<6xf32>
// CHECK: %[[ACC:.*]] = linalg.matmul indexing_maps = [#[[$MA]], #[[$MBT]], #[[$MC]]]
// CHECK-SAME: ins(%[[H]], %[[R]] : tensor<2x2xf32>, tensor<8x2xf32>) outs(%[[XG]] : tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK-DAG: %[[PRE_I:.*]] = tensor.extract_slice %[[ACC]][0, 0] [2, 2] [1, 1] : tensor<2x8xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[PRE_O:.*]] = tensor.extract_slice %[[ACC]][0, 2] [2, 2] [1, 1] : tensor<2x8xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[PRE_F:.*]] = tensor.extract_slice %[[ACC]][0, 4] [2, 2] [1, 1] : tensor<2x8xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[PRE_C:.*]] = tensor.extract_slice %[[ACC]][0, 6] [2, 2] [1, 1] : tensor<2x8xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[B_I:.*]] = tensor.extract_slice %[[B]][0] [2] [1] : tensor<8xf32> to tensor<2xf32>
// CHECK-DAG: %[[B_O:.*]] = tensor.extract_slice %[[B]][2] [2] [1] : tensor<8xf32> to tensor<2xf32>
// CHECK-DAG: %[[B_F:.*]] = tensor.extract_slice %[[B]][4] [2] [1] : tensor<8xf32> to tensor<2xf32>
// CHECK-DAG: %[[B_C:.*]] = tensor.extract_slice %[[B]][6] [2] [1] : tensor<8xf32> to tensor<2xf32>
// CHECK-DAG: %[[P_I:.*]] = tensor.extract_slice %[[P]][0] [2] [1] : tensor<6xf32> to tensor<2xf32>
// CHECK-DAG: %[[P_O:.*]] = tensor.extract_slice %[[P]][2] [2] [1] : tensor<6xf32> to tensor<2xf32>
// CHECK-DAG: %[[P_F:.*]] = tensor.extract_slice %[[P]][4] [2] [1] : tensor<6xf32> to tensor<2xf32>
// CHECK: %[[RES:.*]]:2 = linalg.generic
// CHECK-SAME: indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]], #[[$ID]], #[[$ID]], #[[$ROW]], #[[$ROW]], #[[$ROW]], #[[$ROW]], #[[$ROW]], #[[$ROW]], #[[$ROW]], #[[$ID]], #[[$ID]]]
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: ins(%[[C]], %[[PRE_I]], %[[PRE_O]], %[[PRE_F]], %[[PRE_C]], %[[B_I]], %[[B_O]], %[[B_F]], %[[B_C]], %[[P_I]], %[[P_O]], %[[P_F]] :
// CHECK-NEXT: ^bb0(%[[AC:[a-z0-9_]+]]: f32, %[[AI:[a-z0-9_]+]]: f32, %[[AO:[a-z0-9_]+]]: f32, %[[AF:[a-z0-9_]+]]: f32, %[[AG:[a-z0-9_]+]]: f32,
// CHECK-SAME: %[[ABI:[a-z0-9_]+]]: f32, %[[ABO:[a-z0-9_]+]]: f32, %[[ABF:[a-z0-9_]+]]: f32, %[[ABG:[a-z0-9_]+]]: f32,
// CHECK-SAME: %[[API:[a-z0-9_]+]]: f32, %[[APO:[a-z0-9_]+]]: f32, %[[APF:[a-z0-9_]+]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// Input gate: i = sigmoid(clip(pre_i + Rb_i + Pi * c)).
// CHECK-DAG: %[[PEEP_I:.*]] = arith.mulf %[[API]], %[[AC]] : f32
// CHECK-DAG: %[[I_B:.*]] = arith.addf %[[AI]], %[[ABI]] : f32
// CHECK: %[[I_PRE:.*]] = arith.addf %[[I_B]], %[[PEEP_I]] : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -2.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[I_MAX:.*]] = arith.maximumf %[[I_PRE]], %[[LO]] : f32
// CHECK: %[[I_CL:.*]] = arith.minimumf %[[I_MAX]], %[[HI]] : f32
// CHECK: %[[I_NEG:.*]] = arith.negf %[[I_CL]] : f32
// CHECK: %[[I_EXP:.*]] = math.exp %[[I_NEG]] : f32
// CHECK: %[[I_DEN:.*]] = arith.addf %[[ONE:[a-z0-9_]+]], %[[I_EXP]] : f32
// CHECK: %[[I:.*]] = arith.divf %[[ONE]], %[[I_DEN]] : f32
// Forget gate coupled to the input gate.
// CHECK: %[[F:.*]] = arith.subf %{{.*}}, %[[I]] : f32
// Candidate: g = tanh(clip(pre_c + Rb_c)).
// CHECK: %[[G_PRE:.*]] = arith.addf %[[AG]], %[[ABG]] : f32
// CHECK: %[[G_MAX:.*]] = arith.maximumf %[[G_PRE]], %{{.*}} : f32
// CHECK: %[[G_CL:.*]] = arith.minimumf %[[G_MAX]], %{{.*}} : f32
// CHECK: %[[G:.*]] = math.tanh %[[G_CL]] : f32
// c' = f * c + i * g.
// CHECK-DAG: %[[FC:.*]] = arith.mulf %[[F]], %[[AC]] : f32
// CHECK-DAG: %[[IG:.*]] = arith.mulf %[[I]], %[[G]] : f32
// CHECK: %[[C_NEXT:.*]] = arith.addf %[[FC]], %[[IG]] : f32
// Output gate with the peephole on c'.
// CHECK-DAG: %[[PEEP_O:.*]] = arith.mulf %[[APO]], %[[C_NEXT]] : f32
// CHECK-DAG: %[[O_B:.*]] = arith.addf %[[AO]], %[[ABO]] : f32
// CHECK: %[[O_PRE:.*]] = arith.addf %[[O_B]], %[[PEEP_O]] : f32
// CHECK: %[[O_MAX:.*]] = arith.maximumf %[[O_PRE]], %{{.*}} : f32
// CHECK: %[[O_CL:.*]] = arith.minimumf %[[O_MAX]], %{{.*}} : f32
// CHECK: %[[O_NEG:.*]] = arith.negf %[[O_CL]] : f32
// CHECK: math.exp %[[O_NEG]] : f32
// CHECK: %[[O:.*]] = arith.divf
// h' = o * tanh(c').
// CHECK: %[[TC:.*]] = math.tanh %[[C_NEXT]] : f32
// CHECK: %[[H_NEXT:.*]] = arith.mulf %[[O]], %[[TC]] : f32
// CHECK: linalg.yield %[[H_NEXT]], %[[C_NEXT]] : f32, f32
// CHECK: return %[[RES]]#0, %[[RES]]#1
func.func @lstm_cell_full(%xg: tensor<2x8xf32>, %h: tensor<2x2xf32>,
    %c: tensor<2x2xf32>, %r: tensor<8x2xf32>, %b: tensor<8xf32>,
    %p: tensor<6xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r bias(%b : tensor<8xf32>)
      peepholes(%p : tensor<6xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
      clip = 2.0 input_forget
      : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<8x2xf32>
      -> tensor<2x2xf32>, tensor<2x2xf32>
  return %h1, %c1 : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// LSTM cell without bias, peepholes or clip: the generic reads only c and
// the four gate pre-activations; the forget gate is its own sigmoid; the
// activations f, g, h are applied where ONNX says (here relu as g, softsign
// as h).

// CHECK-LABEL: func.func @lstm_cell_plain
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<2x8xf32>, %[[H:[a-z0-9_]+]]: tensor<2x2xf32>, %[[C:[a-z0-9_]+]]: tensor<2x2xf32>, %[[R:[a-z0-9_]+]]: tensor<8x2xf32>
// CHECK: %[[ACC:.*]] = linalg.matmul {{.*}} ins(%[[H]], %[[R]] : tensor<2x2xf32>, tensor<8x2xf32>) outs(%[[XG]] : tensor<2x8xf32>)
// CHECK: %[[RES:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%[[C]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK-NEXT: ^bb0(%[[AC:[a-z0-9_]+]]: f32, %[[AI:[a-z0-9_]+]]: f32, %[[AO:[a-z0-9_]+]]: f32, %[[AF:[a-z0-9_]+]]: f32, %[[AG:[a-z0-9_]+]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK: %[[I_NEG:.*]] = arith.negf %[[AI]] : f32
// CHECK: math.exp %[[I_NEG]]
// CHECK: %[[I:.*]] = arith.divf
// CHECK: %[[F_NEG:.*]] = arith.negf %[[AF]] : f32
// CHECK: math.exp %[[F_NEG]]
// CHECK: %[[F:.*]] = arith.divf
// CHECK: %[[G:.*]] = arith.maximumf %[[AG]], %{{.*}} : f32
// CHECK-DAG: %[[FC:.*]] = arith.mulf %[[F]], %[[AC]] : f32
// CHECK-DAG: %[[IG:.*]] = arith.mulf %[[I]], %[[G]] : f32
// CHECK: %[[C_NEXT:.*]] = arith.addf %[[FC]], %[[IG]] : f32
// CHECK: %[[O_NEG:.*]] = arith.negf %[[AO]] : f32
// CHECK: math.exp %[[O_NEG]]
// CHECK: %[[O:.*]] = arith.divf
// CHECK: %[[ABS:.*]] = math.absf %[[C_NEXT]] : f32
// CHECK: %[[DEN:.*]] = arith.addf %{{.*}}, %[[ABS]] : f32
// CHECK: %[[SOFTSIGN:.*]] = arith.divf %[[C_NEXT]], %[[DEN]] : f32
// CHECK: %[[H_NEXT:.*]] = arith.mulf %[[O]], %[[SOFTSIGN]] : f32
// CHECK: linalg.yield %[[H_NEXT]], %[[C_NEXT]] : f32, f32
// CHECK: return %[[RES]]#0, %[[RES]]#1
func.func @lstm_cell_plain(%xg: tensor<2x8xf32>, %h: tensor<2x2xf32>,
    %c: tensor<2x2xf32>, %r: tensor<8x2xf32>)
    -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r
      activations = [#rnn.act<sigmoid>, #rnn.act<relu>, #rnn.act<softsign>]
      : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<8x2xf32>
      -> tensor<2x2xf32>, tensor<2x2xf32>
  return %h1, %c1 : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// GRU cell with linear_before_reset: a single matmul h x R^T into zeros for
// all three gates (z, r, h); the reset gate multiplies (h Rh^T + Rbh).

// CHECK-DAG: #[[$MBT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @gru_cell_linear_before_reset
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<2x6xf32>, %[[H:[a-z0-9_]+]]: tensor<2x2xf32>, %[[R:[a-z0-9_]+]]: tensor<6x2xf32>, %[[B:[a-z0-9_]+]]: tensor<6xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x6xf32>)
// CHECK: %[[REC:.*]] = linalg.matmul indexing_maps = [#{{.*}}, #[[$MBT]], #{{.*}}]
// CHECK-SAME: ins(%[[H]], %[[R]] : tensor<2x2xf32>, tensor<6x2xf32>) outs(%[[INIT]] : tensor<2x6xf32>)
// CHECK-NOT: linalg.matmul
// CHECK-DAG: %[[XZ:.*]] = tensor.extract_slice %[[XG]][0, 0] [2, 2] [1, 1]
// CHECK-DAG: %[[XR:.*]] = tensor.extract_slice %[[XG]][0, 2] [2, 2] [1, 1]
// CHECK-DAG: %[[XH:.*]] = tensor.extract_slice %[[XG]][0, 4] [2, 2] [1, 1]
// CHECK-DAG: %[[RZ:.*]] = tensor.extract_slice %[[REC]][0, 0] [2, 2] [1, 1]
// CHECK-DAG: %[[RR:.*]] = tensor.extract_slice %[[REC]][0, 2] [2, 2] [1, 1]
// CHECK-DAG: %[[RH:.*]] = tensor.extract_slice %[[REC]][0, 4] [2, 2] [1, 1]
// CHECK-DAG: %[[BZ:.*]] = tensor.extract_slice %[[B]][0] [2] [1]
// CHECK-DAG: %[[BR:.*]] = tensor.extract_slice %[[B]][2] [2] [1]
// CHECK-DAG: %[[BH:.*]] = tensor.extract_slice %[[B]][4] [2] [1]
// CHECK: %[[RES:.*]] = linalg.generic
// CHECK-SAME: ins(%[[H]], %[[XZ]], %[[XR]], %[[XH]], %[[RZ]], %[[RR]], %[[RH]], %[[BZ]], %[[BR]], %[[BH]] :
// CHECK-NEXT: ^bb0(%[[AH:[a-z0-9_]+]]: f32, %[[AXZ:[a-z0-9_]+]]: f32, %[[AXR:[a-z0-9_]+]]: f32, %[[AXH:[a-z0-9_]+]]: f32,
// CHECK-SAME: %[[ARZ:[a-z0-9_]+]]: f32, %[[ARR:[a-z0-9_]+]]: f32, %[[ARH:[a-z0-9_]+]]: f32,
// CHECK-SAME: %[[ABZ:[a-z0-9_]+]]: f32, %[[ABR:[a-z0-9_]+]]: f32, %[[ABH:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK: %[[Z0:.*]] = arith.addf %[[AXZ]], %[[ARZ]] : f32
// CHECK: %[[Z1:.*]] = arith.addf %[[Z0]], %[[ABZ]] : f32
// CHECK: arith.negf %[[Z1]]
// CHECK: %[[Z:.*]] = arith.divf
// CHECK: %[[R0:.*]] = arith.addf %[[AXR]], %[[ARR]] : f32
// CHECK: %[[R1:.*]] = arith.addf %[[R0]], %[[ABR]] : f32
// CHECK: arith.negf %[[R1]]
// CHECK: %[[RG:.*]] = arith.divf
// CHECK: %[[LIN:.*]] = arith.addf %[[ARH]], %[[ABH]] : f32
// CHECK: %[[RLIN:.*]] = arith.mulf %[[RG]], %[[LIN]] : f32
// CHECK: %[[HPRE:.*]] = arith.addf %[[AXH]], %[[RLIN]] : f32
// CHECK: %[[HC:.*]] = math.tanh %[[HPRE]] : f32
// CHECK: %[[KEEP:.*]] = arith.subf %{{.*}}, %[[Z]] : f32
// CHECK-DAG: %[[NEWPART:.*]] = arith.mulf %[[KEEP]], %[[HC]] : f32
// CHECK-DAG: %[[OLDPART:.*]] = arith.mulf %[[Z]], %[[AH]] : f32
// CHECK: %[[HN:.*]] = arith.addf %[[NEWPART]], %[[OLDPART]] : f32
// CHECK: linalg.yield %[[HN]] : f32
// CHECK: return %[[RES]]
func.func @gru_cell_linear_before_reset(%xg: tensor<2x6xf32>,
    %h: tensor<2x2xf32>, %r: tensor<6x2xf32>, %b: tensor<6xf32>)
    -> tensor<2x2xf32> {
  %h1 = rnn.gru_cell %xg, %h, %r bias(%b : tensor<6xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
      : tensor<2x6xf32>, tensor<2x2xf32>, tensor<6x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// GRU cell without linear_before_reset: z and r come from a first matmul
// with rows [0, 2H) of R, a generic computes r * h, and a second matmul with
// rows [2H, 3H) feeds the candidate into the final generic.

// CHECK-DAG: #[[$MBT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @gru_cell_reset_before_linear
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<2x6xf32>, %[[H:[a-z0-9_]+]]: tensor<2x2xf32>, %[[R:[a-z0-9_]+]]: tensor<6x2xf32>, %[[B:[a-z0-9_]+]]: tensor<6xf32>
// CHECK-DAG: %[[XZR:.*]] = tensor.extract_slice %[[XG]][0, 0] [2, 4] [1, 1] : tensor<2x6xf32> to tensor<2x4xf32>
// CHECK-DAG: %[[WZR:.*]] = tensor.extract_slice %[[R]][0, 0] [4, 2] [1, 1] : tensor<6x2xf32> to tensor<4x2xf32>
// CHECK: %[[ZR:.*]] = linalg.matmul indexing_maps = [#{{.*}}, #[[$MBT]], #{{.*}}]
// CHECK-SAME: ins(%[[H]], %[[WZR]] : tensor<2x2xf32>, tensor<4x2xf32>) outs(%[[XZR]] : tensor<2x4xf32>)
// CHECK-DAG: %[[PZ:.*]] = tensor.extract_slice %[[ZR]][0, 0] [2, 2] [1, 1]
// CHECK-DAG: %[[PR:.*]] = tensor.extract_slice %[[ZR]][0, 2] [2, 2] [1, 1]
// CHECK-DAG: %[[BZ:.*]] = tensor.extract_slice %[[B]][0] [2] [1]
// CHECK-DAG: %[[BR:.*]] = tensor.extract_slice %[[B]][2] [2] [1]
// CHECK-DAG: %[[BH:.*]] = tensor.extract_slice %[[B]][4] [2] [1]
// CHECK: %[[RESETH:.*]] = linalg.generic
// CHECK-SAME: ins(%[[PR]], %[[H]], %[[BR]] : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[APR:[a-z0-9_]+]]: f32, %[[AH:[a-z0-9_]+]]: f32, %[[ABR:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK: %[[RPRE:.*]] = arith.addf %[[APR]], %[[ABR]] : f32
// CHECK: arith.negf %[[RPRE]]
// CHECK: math.exp
// CHECK: %[[RG:.*]] = arith.divf
// CHECK: %[[RH:.*]] = arith.mulf %[[RG]], %[[AH]] : f32
// CHECK: linalg.yield %[[RH]] : f32
// CHECK-DAG: %[[XH:.*]] = tensor.extract_slice %[[XG]][0, 4] [2, 2] [1, 1] : tensor<2x6xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[WH:.*]] = tensor.extract_slice %[[R]][4, 0] [2, 2] [1, 1] : tensor<6x2xf32> to tensor<2x2xf32>
// CHECK: %[[CAND:.*]] = linalg.matmul indexing_maps = [#{{.*}}, #[[$MBT]], #{{.*}}]
// CHECK-SAME: ins(%[[RESETH]], %[[WH]] : tensor<2x2xf32>, tensor<2x2xf32>) outs(%[[XH]] : tensor<2x2xf32>)
// CHECK: %[[RES:.*]] = linalg.generic
// CHECK-SAME: ins(%[[PZ]], %[[CAND]], %[[H]], %[[BZ]], %[[BH]] :
// CHECK-NEXT: ^bb0(%[[AZ:[a-z0-9_]+]]: f32, %[[AC:[a-z0-9_]+]]: f32, %[[AH2:[a-z0-9_]+]]: f32, %[[ABZ:[a-z0-9_]+]]: f32, %[[ABH:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK: %[[ZPRE:.*]] = arith.addf %[[AZ]], %[[ABZ]] : f32
// CHECK: arith.negf %[[ZPRE]]
// CHECK: %[[Z:.*]] = arith.divf
// CHECK: %[[HPRE:.*]] = arith.addf %[[AC]], %[[ABH]] : f32
// CHECK: %[[HC:.*]] = math.tanh %[[HPRE]] : f32
// CHECK: %[[KEEP:.*]] = arith.subf %{{.*}}, %[[Z]] : f32
// CHECK-DAG: %[[NEWPART:.*]] = arith.mulf %[[KEEP]], %[[HC]] : f32
// CHECK-DAG: %[[OLDPART:.*]] = arith.mulf %[[Z]], %[[AH2]] : f32
// CHECK: %[[HN:.*]] = arith.addf %[[NEWPART]], %[[OLDPART]] : f32
// CHECK: linalg.yield %[[HN]] : f32
// CHECK: return %[[RES]]
func.func @gru_cell_reset_before_linear(%xg: tensor<2x6xf32>,
    %h: tensor<2x2xf32>, %r: tensor<6x2xf32>, %b: tensor<6xf32>)
    -> tensor<2x2xf32> {
  %h1 = rnn.gru_cell %xg, %h, %r bias(%b : tensor<6xf32>)
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<2x6xf32>, tensor<2x2xf32>, tensor<6x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// GRU cell without linear_before_reset and without bias: still two matmuls,
// and the generics read no bias rows.

// CHECK-LABEL: func.func @gru_cell_no_bias
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK-NOT: rnn.gru_cell
func.func @gru_cell_no_bias(%xg: tensor<2x6xf32>, %h: tensor<2x2xf32>,
    %r: tensor<6x2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.gru_cell %xg, %h, %r activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<2x6xf32>, tensor<2x2xf32>, tensor<6x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// RNN cell: h' = f(clip(x_gates + h R^T + Rb)), here with relu and clip.

// CHECK-DAG: #[[$MBT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @rnn_cell
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<2x2xf32>, %[[H:[a-z0-9_]+]]: tensor<2x2xf32>, %[[R:[a-z0-9_]+]]: tensor<2x2xf32>, %[[B:[a-z0-9_]+]]: tensor<2xf32>
// CHECK: %[[ACC:.*]] = linalg.matmul indexing_maps = [#{{.*}}, #[[$MBT]], #{{.*}}] ins(%[[H]], %[[R]] : tensor<2x2xf32>, tensor<2x2xf32>) outs(%[[XG]] : tensor<2x2xf32>)
// CHECK: %[[RES:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[ACC]], %[[B]] : tensor<2x2xf32>, tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[AACC:[a-z0-9_]+]]: f32, %[[AB:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK: %[[PRE:.*]] = arith.addf %[[AACC]], %[[AB]] : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -1.500000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: %[[MAX:.*]] = arith.maximumf %[[PRE]], %[[LO]] : f32
// CHECK: %[[MIN:.*]] = arith.minimumf %[[MAX]], %[[HI]] : f32
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[RELU:.*]] = arith.maximumf %[[MIN]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[RELU]] : f32
// CHECK: return %[[RES]]
func.func @rnn_cell(%xg: tensor<2x2xf32>, %h: tensor<2x2xf32>,
    %r: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r bias(%b : tensor<2xf32>)
      activations = [#rnn.act<relu>] clip = 1.5
      : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// Dynamic batch: the epilogue's outputs are sized by tensor.dim of h.
// Softplus is max(x, 0) + log1p(exp(-|x|)).

// CHECK-LABEL: func.func @rnn_cell_dynamic_softplus
// CHECK-SAME: %[[XG:[a-z0-9_]+]]: tensor<?x3xf32>, %[[H:[a-z0-9_]+]]: tensor<?x3xf32>, %[[R:[a-z0-9_]+]]: tensor<3x3xf32>
// CHECK: %[[ACC:.*]] = linalg.matmul {{.*}} ins(%[[H]], %[[R]] : tensor<?x3xf32>, tensor<3x3xf32>) outs(%[[XG]] : tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[N:.*]] = tensor.dim %[[H]], %[[C0]] : tensor<?x3xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK: %[[RES:.*]] = linalg.generic {{.*}} ins(%[[ACC]] : tensor<?x3xf32>) outs(%[[EMPTY]] : tensor<?x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK: %[[ABS:.*]] = math.absf %[[X]] : f32
// CHECK: %[[NEG:.*]] = arith.negf %[[ABS]] : f32
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]] : f32
// CHECK: %[[TAIL:.*]] = math.log1p %[[EXP]] : f32
// CHECK: %[[POS:.*]] = arith.maximumf %[[X]], %{{.*}} : f32
// CHECK: %[[SUM:.*]] = arith.addf %[[POS]], %[[TAIL]] : f32
// CHECK: linalg.yield %[[SUM]] : f32
// CHECK: return %[[RES]]
func.func @rnn_cell_dynamic_softplus(%xg: tensor<?x3xf32>, %h: tensor<?x3xf32>,
    %r: tensor<3x3xf32>) -> tensor<?x3xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r activations = [#rnn.act<softplus>]
      : tensor<?x3xf32>, tensor<?x3xf32>, tensor<3x3xf32> -> tensor<?x3xf32>
  return %h1 : tensor<?x3xf32>
}

// -----

// A result type more static than h gets a tensor.cast.

// CHECK-LABEL: func.func @rnn_cell_cast_result
// CHECK: %[[RES:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x3xf32>)
// CHECK: %[[CAST:.*]] = tensor.cast %[[RES]] : tensor<?x3xf32> to tensor<2x3xf32>
// CHECK: return %[[CAST]]
func.func @rnn_cell_cast_result(%xg: tensor<2x3xf32>, %h: tensor<?x3xf32>,
    %r: tensor<3x3xf32>) -> tensor<2x3xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r activations = [#rnn.act<tanh>]
      : tensor<2x3xf32>, tensor<?x3xf32>, tensor<3x3xf32> -> tensor<2x3xf32>
  return %h1 : tensor<2x3xf32>
}

// -----

// Activation functions with parameters, one cell each: scaled_tanh is
// alpha * tanh(beta * x).

// CHECK-LABEL: func.func @act_scaled_tanh
// CHECK: ^bb0(%[[X:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 1.500000e+00 : f32
// CHECK-DAG: %[[BETA:.*]] = arith.constant 2.500000e+00 : f32
// CHECK-DAG: %[[BX:.*]] = arith.mulf %[[BETA]], %[[X]] : f32
// CHECK-DAG: %[[T:.*]] = math.tanh %[[BX]] : f32
// CHECK-DAG: %[[RES:.*]] = arith.mulf %[[ALPHA]], %[[T]] : f32
// CHECK: linalg.yield %[[RES]] : f32
func.func @act_scaled_tanh(%xg: tensor<2x2xf32>, %h: tensor<2x2xf32>,
    %r: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r
      activations = [#rnn.act<scaled_tanh, alpha = 1.5, beta = 2.5>]
      : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// elu: x >= 0 ? x : alpha * (exp(x) - 1).

// CHECK-LABEL: func.func @act_elu
// CHECK: ^bb0(%[[X:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[EXP:.*]] = math.exp %[[X]] : f32
// CHECK-DAG: %[[EM1:.*]] = arith.subf %[[EXP]], %[[ONE]] : f32
// CHECK-DAG: %[[NEG:.*]] = arith.mulf %[[ALPHA]], %[[EM1]] : f32
// CHECK-DAG: %[[GE:.*]] = arith.cmpf oge, %[[X]], %[[ZERO]] : f32
// CHECK-DAG: %[[RES:.*]] = arith.select %[[GE]], %[[X]], %[[NEG]] : f32
// CHECK: linalg.yield %[[RES]] : f32
func.func @act_elu(%xg: tensor<2x2xf32>, %h: tensor<2x2xf32>,
    %r: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r activations = [#rnn.act<elu, alpha = 0.5>]
      : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// hard_sigmoid with the ONNX defaults: max(0, min(1, 0.2 * x + 0.5)).

// CHECK-LABEL: func.func @act_hard_sigmoid
// CHECK: ^bb0(%[[X:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-DAG: %[[BETA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
// CHECK-DAG: %[[LIN:.*]] = arith.addf %[[AX]], %[[BETA]] : f32
// CHECK-DAG: %[[UP:.*]] = arith.minimumf %[[LIN]], %[[ONE]] : f32
// CHECK-DAG: %[[RES:.*]] = arith.maximumf %[[UP]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[RES]] : f32
func.func @act_hard_sigmoid(%xg: tensor<2x2xf32>, %h: tensor<2x2xf32>,
    %r: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r activations = [#rnn.act<hard_sigmoid>]
      : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// leaky_relu: x >= 0 ? x : alpha * x.

// CHECK-LABEL: func.func @act_leaky_relu
// CHECK: ^bb0(%[[X:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
// CHECK-DAG: %[[GE:.*]] = arith.cmpf oge, %[[X]], %[[ZERO]] : f32
// CHECK-DAG: %[[RES:.*]] = arith.select %[[GE]], %[[X]], %[[AX]] : f32
// CHECK: linalg.yield %[[RES]] : f32
func.func @act_leaky_relu(%xg: tensor<2x2xf32>, %h: tensor<2x2xf32>,
    %r: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r
      activations = [#rnn.act<leaky_relu, alpha = 0.25>]
      : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// thresholded_relu: x > alpha ? x : 0.

// CHECK-LABEL: func.func @act_thresholded_relu
// CHECK: ^bb0(%[[X:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 7.500000e-01 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[ALPHA]] : f32
// CHECK-DAG: %[[RES:.*]] = arith.select %[[GT]], %[[X]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[RES]] : f32
func.func @act_thresholded_relu(%xg: tensor<2x2xf32>, %h: tensor<2x2xf32>,
    %r: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r
      activations = [#rnn.act<thresholded_relu, alpha = 0.75>]
      : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}

// -----

// affine: alpha * x + beta.

// CHECK-LABEL: func.func @act_affine
// CHECK: ^bb0(%[[X:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-DAG: %[[BETA:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-DAG: %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
// CHECK-DAG: %[[RES:.*]] = arith.addf %[[AX]], %[[BETA]] : f32
// CHECK: linalg.yield %[[RES]] : f32
func.func @act_affine(%xg: tensor<2x2xf32>, %h: tensor<2x2xf32>,
    %r: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %h1 = rnn.rnn_cell %xg, %h, %r
      activations = [#rnn.act<affine, alpha = 3.0, beta = -1.0>]
      : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %h1 : tensor<2x2xf32>
}
