//===- InitAll.h - register everything rnnc provides ------------*- C++ -*-===//
//
// The single place where tools register the rnn dialect, the upstream
// dialects the pipeline uses, and rnnc's passes and translations.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_INITALL_H
#define RNN_INITALL_H

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace rnn {

/// Registers the rnn dialect plus every upstream dialect and extension the
/// pipeline needs (bufferization and lowering interfaces included).
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers rnnc's passes and pass pipelines, and upstream passes.
void registerAllPasses();

/// Registers rnnc's translations (ONNX import, HLS C++ and LLVM IR export)
/// plus the upstream ones.
void registerAllTranslations();

/// Prints "<tool> (rnnc X.Y.Z) with LLVM A.B.C" for --version.
void printVersion(llvm::raw_ostream &os);

} // namespace rnn

#endif // RNN_INITALL_H
