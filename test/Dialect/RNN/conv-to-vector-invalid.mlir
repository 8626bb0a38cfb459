// RUN: not rnn-opt %s --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{lanes=0}))" 2>&1 | FileCheck %s
// RUN: not rnn-opt %s --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{registers=2}))" 2>&1 | FileCheck %s

// Bad options are an error naming the pass, not a crash.
// CHECK: error: rnn-conv-to-vector: lanes must be >= 1 and registers >= 3
func.func @f() {
  return
}
