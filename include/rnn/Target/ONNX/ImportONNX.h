//===- ImportONNX.h - ONNX model importer -----------------------*- C++ -*-===//
//
// Reads an ONNX model (protobuf, with external data beside it) and produces a
// module with one public `func.func` on tensors: rnn ops for the recurrent
// layers, upstream dialects (linalg, tensor, arith, math, scf) for the rest.
// Shape subgraphs and computations on constants are folded at import.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_TARGET_ONNX_IMPORTONNX_H
#define RNN_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <utility>

namespace rnn {

struct ONNXImportOptions {
  /// Pinned shapes of graph inputs (name -> dims); -1 keeps a dim dynamic.
  llvm::SmallVector<std::pair<std::string, llvm::SmallVector<int64_t>>>
      inputShapes;
  /// Name of the generated entry function.
  std::string entryName = "main_graph";
};

/// Parses `--input-shape NAME=DxDxD` values into `options`. Returns an error
/// message, or an empty string on success.
std::string parseInputShapeOption(llvm::StringRef spec,
                                  ONNXImportOptions &options);

/// Imports the ONNX model at `path`. Errors are reported through the
/// context's diagnostic handler (naming file, node, op type and reason) and
/// yield a null module.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext *context,
               const ONNXImportOptions &options = {});

/// Same, from bytes already in memory; `path` names the model in
/// diagnostics and anchors external data.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(llvm::StringRef bytes, llvm::StringRef path,
                 mlir::MLIRContext *context,
                 const ONNXImportOptions &options = {});

/// Registers `--import-onnx` (with `--input-shape`) in mlir-translate.
void registerImportONNXTranslation();

} // namespace rnn

#endif // RNN_TARGET_ONNX_IMPORTONNX_H
