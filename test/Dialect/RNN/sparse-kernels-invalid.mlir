// RUN: not rnn-opt %s --rnn-sparse-kernels="threshold=1.5" 2>&1 | FileCheck %s
// RUN: not rnn-opt %s --rnn-sparse-kernels="threshold=-1" 2>&1 | FileCheck %s

// RUN: not rnn-opt %s --rnn-sparse-kernels="ell=sometimes" 2>&1 | FileCheck %s --check-prefix=ELL
// RUN: not rnn-opt %s --rnn-sparse-kernels="int8=often" 2>&1 | FileCheck %s --check-prefix=INT8
// RUN: not rnn-opt %s --rnn-sparse-kernels="lanes=never" 2>&1 | FileCheck %s --check-prefix=LANES

// CHECK: error: rnn-sparse-kernels: threshold must be in [0, 1], got
// ELL: error: rnn-sparse-kernels: ell must be auto, always or never, got 'sometimes'
// INT8: error: rnn-sparse-kernels: int8 must be auto, always or never, got 'often'
// LANES: error: rnn-sparse-kernels: lanes must be auto or always, got 'never'
func.func @f() {
  return
}
