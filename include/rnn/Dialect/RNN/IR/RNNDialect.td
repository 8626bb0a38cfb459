//===- RNNDialect.td - rnn dialect definition --------------*- tablegen -*-===//
//
// The rnn dialect carries recurrent-network semantics (ONNX LSTM / GRU / RNN)
// through the compiler. Everything that is not recurrent is expressed with
// upstream dialects (linalg, tensor, arith, scf, tosa).
//
//===----------------------------------------------------------------------===//

#ifndef RNN_DIALECT_RNN_IR_RNNDIALECT_TD
#define RNN_DIALECT_RNN_IR_RNNDIALECT_TD

include "mlir/IR/OpBase.td"

def RNN_Dialect : Dialect {
  let name = "rnn";
  let cppNamespace = "::mlir::rnn";
  let summary = "Recurrent neural network operations (LSTM, GRU, vanilla RNN)";
  let description = [{
    The `rnn` dialect models recurrent layers at two levels:

    * Sequence ops (`rnn.lstm`, `rnn.gru`, `rnn.rnn`) carry the complete ONNX
      semantics of a layer over a whole sequence: direction, activation
      functions with their parameters, clip, input_forget,
      linear_before_reset, sequence lengths, initial states and peepholes.
      The layout is always time-major (`[seq, batch, feature]`); the importer
      transposes batch-major (`layout = 1`) models.
    * Cell ops (`rnn.lstm_cell`, `rnn.gru_cell`, `rnn.rnn_cell`) are one time
      step of one direction, taking the already projected input gates
      `x_t * W^T + Wb`. Sequence ops are expanded into an input-projection
      GEMM, a time loop and cell ops; cell ops are then lowered to linalg.

    Gate order follows ONNX: LSTM `i, o, f, c`; GRU `z, r, h`.
    Quantized weights are tensors whose element type is a `!quant.uniform`
    type (per-axis on the gate-unit axis); sparse weights are tensors with a
    `#sparse_tensor.encoding`. Both keep the same ops.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::quant::QuantDialect"
  ];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class RNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<RNN_Dialect, mnemonic, traits>;

#endif // RNN_DIALECT_RNN_IR_RNNDIALECT_TD
