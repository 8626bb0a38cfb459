//===- Report.h - what rnnc --report prints ----------------------*- C++ -*-===//
//
// A summary of a model for `rnnc --report`: its recurrent layers and the bytes
// of its weights, as imported (tensor-level constants) and as stored in the
// compiled library (LLVM-dialect constant globals, i.e. after packing).
//
//===----------------------------------------------------------------------===//

#ifndef RNN_COMPILER_REPORT_H
#define RNN_COMPILER_REPORT_H

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/raw_ostream.h"

namespace rnn {

/// Prints one line per rnn sequence op and the imported weight bytes.
void reportImportedModel(mlir::ModuleOp module, llvm::raw_ostream &os);

/// Prints the bytes of the constant globals of an LLVM-dialect module.
void reportLoweredModel(mlir::ModuleOp module, llvm::raw_ostream &os);

/// Prints one line per weight matrix examined by rnn-sparse-kernels under
/// `root` (its `rnn.sparse_matmul` attributes): where it is used, its shape,
/// its sparsity, the chosen format and its bytes dense and as stored.
void reportSparseMatrices(mlir::Operation *root, llvm::raw_ostream &os);

} // namespace rnn

#endif // RNN_COMPILER_REPORT_H
