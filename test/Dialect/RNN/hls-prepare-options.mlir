// RUN: not rnn-opt %s -rnn-hls-prepare="precision=fixed<40,6>" 2>&1 | FileCheck %s --check-prefix=WIDTH
// RUN: not rnn-opt %s -rnn-hls-prepare="precision=double" 2>&1 | FileCheck %s --check-prefix=KIND
// RUN: not rnn-opt %s -rnn-hls-prepare="interface=pcie" 2>&1 | FileCheck %s --check-prefix=PORT

// WIDTH: error: rnn-hls-prepare: bad fixed-point precision 'fixed<40,6>' (need 2 <= W <= 32, 1 <= I <= W)
// KIND: error: rnn-hls-prepare: precision must be 'float' or 'fixed<W,I>', got 'double'
// PORT: error: rnn-hls-prepare: interface must be m_axi or axis, got 'pcie'
func.func @f(%x: memref<4xf32>) {
  return
}
