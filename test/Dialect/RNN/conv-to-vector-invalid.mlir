// RUN: not rnn-opt %s --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{lanes=0}))" 2>&1 | FileCheck %s
// RUN: not rnn-opt %s --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{registers=2}))" 2>&1 | FileCheck %s

// RUN: not rnn-opt %s --pass-pipeline="builtin.module(func.func(rnn-conv-to-vector{winograd=3}))" 2>&1 | FileCheck %s --check-prefix=WINOGRAD

// Bad options are an error naming the pass, not a crash.
// CHECK: error: rnn-conv-to-vector: lanes must be >= 1 and registers >= 3
// WINOGRAD: error: rnn-conv-to-vector: winograd must be 0, 2 or 4, got 3
func.func @f() {
  return
}
