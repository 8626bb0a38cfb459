// RUN: not rnn-opt %s --rnn-sparse-kernels="threshold=1.5" 2>&1 | FileCheck %s
// RUN: not rnn-opt %s --rnn-sparse-kernels="threshold=-1" 2>&1 | FileCheck %s

// CHECK: error: rnn-sparse-kernels: threshold must be in [0, 1], got
func.func @f() {
  return
}
