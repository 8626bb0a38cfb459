// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5" | FileCheck %s --check-prefix=ROW
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 block=2x2" | FileCheck %s --check-prefix=BLOCK
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 balance=matrix" | FileCheck %s --check-prefix=MATRIX
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 balance=gate" | FileCheck %s --check-prefix=GATE
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.0" | FileCheck %s --check-prefix=NONE
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 balance=bank bank-cols=2" | FileCheck %s --check-prefix=BANK2
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 balance=bank bank-cols=3" | FileCheck %s --check-prefix=BANK3
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 block=1x2 balance=bank bank-cols=3" | FileCheck %s --check-prefix=BANKBLOCK

// W [1, 2, 4] and R [1, 2, 2] of an RNN with H = 2.
// row:    each row keeps its 2 (of 4) / 1 (of 2) largest magnitudes;
//         R's second row is a tie: the lower column index stays.
// 2x2:    W's left tile (score 1+16+25+9 = 51) beats the right one (35);
//         R is a single tile and 0.5 of 1 tile rounds to 1: all zero.
// matrix: one ranking of 8: 5, 5, 4, 3 stay; the other 3 (index 5) ties
//         with index 3 and loses.
// bank of 2 columns: each row keeps 1 of every 2: W [4, -3] and [5, 5],
//         here the same as row balance; R's rows are one bank each: as row.
// bank of 3 columns: W's banks are columns 0-2 (keeps 1 of 3: 0.5 * 3
//         rounds to 2 pruned) and column 3 (0.5 of 1 rounds to 1: pruned).
// bank of 3 columns with 1x2 blocks: 3 // 2 = one block per bank, each
//         bank of 1 block is pruned: all zero.

// ROW-LABEL: func.func @rnn
// ROW: arith.constant dense<{{\[\[}}[0.000000e+00, 4.000000e+00, 0.000000e+00, -3.000000e+00], [5.000000e+00, 0.000000e+00, 0.000000e+00, 5.000000e+00]]]>
// ROW: arith.constant dense<{{\[\[}}[0.000000e+00, 3.000000e+00], [2.000000e+00, 0.000000e+00]]]>
// ROW: rnn.rnn

// BLOCK-LABEL: func.func @rnn
// BLOCK: arith.constant dense<{{\[\[}}[1.000000e+00, 4.000000e+00, 0.000000e+00, 0.000000e+00], [5.000000e+00, 3.000000e+00, 0.000000e+00, 0.000000e+00]]]>
// BLOCK: arith.constant dense<0.000000e+00> : tensor<1x2x2xf32>

// MATRIX-LABEL: func.func @rnn
// MATRIX: arith.constant dense<{{\[\[}}[0.000000e+00, 4.000000e+00, 0.000000e+00, -3.000000e+00], [5.000000e+00, 0.000000e+00, 0.000000e+00, 5.000000e+00]]]>
// MATRIX: arith.constant dense<{{\[\[}}[0.000000e+00, 3.000000e+00], [2.000000e+00, 0.000000e+00]]]>

// BANK2-LABEL: func.func @rnn
// BANK2: arith.constant dense<{{\[\[}}[0.000000e+00, 4.000000e+00, 0.000000e+00, -3.000000e+00], [5.000000e+00, 0.000000e+00, 0.000000e+00, 5.000000e+00]]]>
// BANK2: arith.constant dense<{{\[\[}}[0.000000e+00, 3.000000e+00], [2.000000e+00, 0.000000e+00]]]>

// BANK3-LABEL: func.func @rnn
// BANK3: arith.constant dense<{{\[\[}}[0.000000e+00, 4.000000e+00, 0.000000e+00, 0.000000e+00], [5.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]]>
// BANK3: arith.constant dense<{{\[\[}}[0.000000e+00, 3.000000e+00], [2.000000e+00, 0.000000e+00]]]>

// BANKBLOCK-LABEL: func.func @rnn
// BANKBLOCK: arith.constant dense<0.000000e+00> : tensor<1x2x4xf32>
// BANKBLOCK: arith.constant dense<0.000000e+00> : tensor<1x2x2xf32>

// NONE-LABEL: func.func @rnn
// NONE: arith.constant dense<{{\[\[}}[1.000000e+00, 4.000000e+00, 0.000000e+00, -3.000000e+00], [5.000000e+00, 3.000000e+00, -1.000000e+00, 5.000000e+00]]]>
func.func @rnn(%x: tensor<3x1x4xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.0, 4.0, 0.0, -3.0], [5.0, 3.0, -1.0, 5.0]]]> : tensor<1x2x4xf32>
  %r = arith.constant dense<[[[1.0, 3.0], [2.0, -2.0]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      : tensor<3x1x4xf32>, tensor<1x2x4xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}

// -----

// GRU, H = 2: gates z, r, h of 2 rows each. Per gate (4 weights) the 2
// largest stay: z keeps 4 and 3; r keeps 8 and the first of its three 1s;
// h keeps 7 (and a zero).

// GATE-LABEL: func.func @gru
// GATE: arith.constant dense<{{\[\[}}[0.000000e+00, 0.000000e+00], [3.000000e+00, 4.000000e+00], [8.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 7.000000e+00]]]>
// GATE: rnn.gru
func.func @gru(%x: tensor<3x1x2xf32>, %r: tensor<1x6x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0], [8.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.0, 7.0]]]> : tensor<1x6x2xf32>
  %y, %yh = rnn.gru %x, %w, %w forward hidden_size = 2
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<3x1x2xf32>, tensor<1x6x2xf32>, tensor<1x6x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32>
  return %yh : tensor<1x1x2xf32>
}
