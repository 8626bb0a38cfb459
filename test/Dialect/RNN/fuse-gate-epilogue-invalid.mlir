// RUN: not rnn-opt %s --pass-pipeline="builtin.module(func.func(rnn-fuse-gate-epilogue{lanes=0}))" 2>&1 | FileCheck %s
// RUN: not rnn-opt %s --pass-pipeline="builtin.module(func.func(rnn-fuse-gate-epilogue{row-block=0}))" 2>&1 | FileCheck %s

// Bad options are an error naming the pass, not a crash.
// CHECK: error: rnn-fuse-gate-epilogue: lanes and row-block must be >= 1
func.func @f() {
  return
}
