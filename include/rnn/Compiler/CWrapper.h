//===- CWrapper.h - C ABI wrapper and header of a compiled model -*- C++ -*-===//
//
// The compiled model's entry function takes and returns MLIR memref
// descriptors (`_mlir_ciface_<entry>`). The C ABI in rnnc_abi.h sits on top:
// a small generated C translation unit holds the model's input/output tables,
// validates every call, builds the descriptors and copies the results into
// caller-owned buffers. This is glue, not compute: all arithmetic is in the
// code MLIR generates.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_COMPILER_CWRAPPER_H
#define RNN_COMPILER_CWRAPPER_H

#include "rnn/Compiler/ModelSignature.h"

#include "llvm/Support/raw_ostream.h"

namespace rnn {

/// The text of rnnc_abi.h, as built into rnnc.
llvm::StringRef getABIHeaderText();

/// Writes the C source implementing rnnc_abi.h for `sig`.
void emitCWrapperSource(const ModelSignature &sig, llvm::raw_ostream &os);

/// Writes the public header of a compiled model: rnnc_abi.h plus a comment
/// and macros that describe the model's inputs and outputs.
void emitCHeader(const ModelSignature &sig, llvm::raw_ostream &os);

} // namespace rnn

#endif // RNN_COMPILER_CWRAPPER_H
