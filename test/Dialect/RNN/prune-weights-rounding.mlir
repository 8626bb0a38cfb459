// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.9" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ROW --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.9 balance=matrix" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.35" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.33" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.32" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SLACK --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BELOW --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.9 block=1x32" -o /dev/null 2>&1 | FileCheck %s --check-prefix=WIDE --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 block=1x2" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NARROW --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.9 block=4x1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ROWS4 --implicit-check-not=warning
// RUN: rnn-opt %s -split-input-file --rnn-prune-weights="sparsity=0.5 balance=bank bank-cols=2" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BANK --implicit-check-not=warning

// Every balance group zeroes floor(P * blocks + 0.5) of its blocks, the
// weakest first; the pass warns when a matrix's zeroed fraction (in weights,
// over all directions) lands more than 0.05 from P, either way.
//
// @narrow_w: a GRU with I = 3, H = 16 (W rows of 3 weights, R rows of 16);
// @wide_block: an RNN with I = 8, H = 16; @bidir: @narrow_w with two
// directions (the fraction counts both). All weights are equal, so the
// scores only differ by block size.
//
// ROW (90%): W's rows of 3 lose all 3 (100%); R's rows of 16 keep 2
//   (87.5%), the RNN's rows of 8 keep 1 (87.5%): within 0.05, no warning.
// NONE (no warning): balance=matrix at 90% (W one group of 144 blocks, 130 pruned:
//   90.3%); 35% and 33% (rows of 3 lose 1: 33.3%; of 8 lose 3: 37.5%, 0.045
//   from 33%; of 16 lose 5 or 6).
// SLACK (32%): the RNN's rows of 8 lose 3: 37.5%, 0.055 from P: warns;
//   rows of 3 lose 1 (33.3%) and of 16 lose 5 (31.25%): quiet.
// BELOW (10%): rows of 3 lose none: 0.0%.
// WIDE (90%, 1x32 blocks, wider than every matrix): each row is one block,
//   pruned whole: 100% everywhere.
// NARROW (50%, 1x2 blocks): W's rows are a 2-wide and a 1-wide block; one
//   of the two goes, the weaker 1-wide one: 33.3% of the weights.
// ROWS4 (90%, 4x1 blocks): W's groups are rows of 3 blocks of 4x1: 100%.
// BANK (50%, banks of 2 columns): W's rows are a bank of 2 blocks (1
//   pruned) and a bank of 1 (pruned): 66.7%.

// ROW: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%: each balance group zeroes floor(P * blocks + 0.5) of its blocks, the weakest first, and the smallest group holds 3 block(s) of 1x1; smaller blocks or balance=matrix come closer
// ROW: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%: {{.*}} 3 block(s) of 1x1;

// NONE-NOT: warning

// SLACK: warning: 'rnn.rnn' op W is pruned to 37.5% zeros instead of 32.0%: {{.*}} 8 block(s) of 1x1;

// BELOW: warning: 'rnn.gru' op W is pruned to 0.0% zeros instead of 10.0%: {{.*}} 3 block(s) of 1x1;
// BELOW: warning: 'rnn.gru' op W is pruned to 0.0% zeros instead of 10.0%: {{.*}} 3 block(s) of 1x1;

// WIDE: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%: {{.*}} 1 block(s) of 1x32 (the last block column is 3 wide);
// WIDE: warning: 'rnn.gru' op R is pruned to 100.0% zeros instead of 90.0%: {{.*}} 1 block(s) of 1x32 (the last block column is 16 wide);
// WIDE: warning: 'rnn.rnn' op W is pruned to 100.0% zeros instead of 90.0%: {{.*}} 1 block(s) of 1x32 (the last block column is 8 wide);
// WIDE: warning: 'rnn.rnn' op R is pruned to 100.0% zeros instead of 90.0%
// WIDE: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%
// WIDE: warning: 'rnn.gru' op R is pruned to 100.0% zeros instead of 90.0%

// NARROW: warning: 'rnn.gru' op W is pruned to 33.3% zeros instead of 50.0%: {{.*}} 2 block(s) of 1x2 (the last block column is 1 wide);
// NARROW: warning: 'rnn.gru' op W is pruned to 33.3% zeros instead of 50.0%

// ROWS4: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%: {{.*}} 3 block(s) of 4x1;
// ROWS4: warning: 'rnn.gru' op W is pruned to 100.0% zeros instead of 90.0%: {{.*}} 3 block(s) of 4x1;

// BANK: warning: 'rnn.gru' op W is pruned to 66.7% zeros instead of 50.0%: {{.*}} 1 block(s) of 1x1;
// BANK: warning: 'rnn.gru' op W is pruned to 66.7% zeros instead of 50.0%

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

// -----

func.func @bidir(%x: tensor<2x1x3xf32>) -> tensor<2x1x16xf32> {
  %w = arith.constant dense<0.5> : tensor<2x48x3xf32>
  %r = arith.constant dense<0.25> : tensor<2x48x16xf32>
  %y, %yh = rnn.gru %x, %w, %r bidirectional hidden_size = 16
      activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<sigmoid>, #rnn.act<tanh>]
      : tensor<2x1x3xf32>, tensor<2x48x3xf32>, tensor<2x48x16xf32>
      -> tensor<2x2x1x16xf32>, tensor<2x1x16xf32>
  return %yh : tensor<2x1x16xf32>
}
