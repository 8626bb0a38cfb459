// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.9" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ROW --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.9 balance=matrix" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.35" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.9 block=1x32" -o /dev/null 2>&1 | FileCheck %s --check-prefix=WIDE --implicit-check-not=warning

// Every balance group zeroes floor(P * blocks + 0.5) of its blocks; the pass
// warns when a matrix's zeroed fraction lands more than 0.05 from P.
//
// @narrow_w, a GRU with I = 3 and H = 16: W's rows hold 3 weights, and at
// 90% each row loses all 3, so W is all zeros. R's rows of 16 keep 2 (87.5%,
// close enough). With balance=matrix W is one group of 144 blocks (130
// pruned: 90.3%). At 35% W's rows lose 1 of 3 (33.3%). Neither warns.
//
// @wide_block, an RNN with I = 8 and H = 16: with 1x1 blocks its rows keep 1
// of 8 and 2 of 16 (87.5%). With blocks of 1x32, wider than every matrix
// here, each row is one block, and 90% of one block rounds to the whole row:
// all four matrices become zeros.

// ROW: prune-weights-rounding.mlir:[[@LINE+12]]:{{[0-9]+}}: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%: its smallest balance group holds 3 block(s) of 1x1 and each group zeroes floor(P * blocks + 0.5) of its blocks (balance=matrix or smaller blocks round closer to P)

// NONE-NOT: warning

// WIDE: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%: its smallest balance group holds 1 block(s) of 1x32
// WIDE: warning: 'rnn.gru' op R is pruned to 100.0% zeros instead of 90.0%: its smallest balance group holds 1 block(s) of 1x32
// WIDE: warning: 'rnn.rnn' op W is pruned to 100.0% zeros instead of 90.0%
// WIDE: warning: 'rnn.rnn' op R is pruned to 100.0% zeros instead of 90.0%

func.func @narrow_w(%x: tensor<2x1x3xf32>) -> tensor<1x1x16xf32> {
  %w = arith.constant dense<0.5> : tensor<1x48x3xf32>
  %r = arith.constant dense<0.25> : tensor<1x48x16xf32>
  %y, %yh = rnn.gru %x, %w, %r forward hidden_size = 16
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<2x1x3xf32>, tensor<1x48x3xf32>, tensor<1x48x16xf32>
      -> tensor<2x1x1x16xf32>, tensor<1x1x16xf32>
  return %yh : tensor<1x1x16xf32>
}

// -----

func.func @wide_block(%x: tensor<2x1x8xf32>) -> tensor<1x1x16xf32> {
  %w = arith.constant dense<0.5> : tensor<1x16x8xf32>
  %r = arith.constant dense<0.25> : tensor<1x16x16xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 16
      activations = [#rnn.act<tanh>]
      : tensor<2x1x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>
      -> tensor<2x1x1x16xf32>, tensor<1x1x16xf32>
  return %yh : tensor<1x1x16xf32>
}
