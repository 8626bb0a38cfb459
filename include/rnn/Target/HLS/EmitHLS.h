//===- EmitHLS.h - HLS C++ emitter ------------------------------*- C++ -*-===//
//
// Prints a module at the HLS level (rnn-lower-to-hls + rnn-hls-prepare:
// func / scf / memref / arith / math on static shapes, directives as `hls.*`
// attributes) as synthesizable C++ for Vitis HLS: one top function with flat
// static arrays, the weights as `static const` arrays in their own header,
// and the directives as pragmas. The emitter never changes the IR; anything
// outside the supported op set is an error naming the op.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_TARGET_HLS_EMITHLS_H
#define RNN_TARGET_HLS_EMITHLS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <string>
#include <vector>

namespace rnn {

/// One port of the top function (a flat array of a model input or output).
struct HLSPort {
  std::string name;            ///< C identifier used in the code
  std::string onnxName;        ///< the model's name for it (rnn.name)
  std::string cType;           ///< element type in the kernel (data_t, int64_t, ...)
  bool isFloat = false;        ///< element is the model's float data type
  std::string npyDescr;        ///< .npy dtype of the reference data ("<f4", "<i8", ...)
  std::vector<int64_t> shape;  ///< static shape (the largest, see seqDim)
  /// Dim 0 follows the sequence length (`int seq_len` of the top
  /// function, rnn-hls-prepare's max-seq-len): it is seqSlope * seq_len +
  /// seqOffset, and shape[0] its largest value. False: static.
  bool dynamicSeq = false;
  int64_t seqSlope = 1, seqOffset = 0;
  int64_t numElements() const;
};

/// The files of an HLS project, as text.
struct HLSFiles {
  std::string top;         ///< top function name
  std::string kernel;      ///< TOP.cpp
  std::string header;      ///< TOP.h: data type, port sizes, prototype
  std::string weights;     ///< TOP_weights.h: constant arrays (ROM)
  std::vector<HLSPort> inputs, outputs;
  /// The maximum sequence length (0: static shapes, no `seq_len`).
  int64_t maxSeqLen = 0;
};

/// Emits `module` (one public function, prepared by rnn-hls-prepare) into
/// `files`. Diagnostics go to the module's context.
mlir::LogicalResult emitHLSFiles(mlir::ModuleOp module, HLSFiles &files);

/// The three files concatenated, each after a `// ===== FILE: name` line
/// (what `rnn-translate --emit-hls-cpp` prints).
mlir::LogicalResult emitHLSCpp(mlir::ModuleOp module, llvm::raw_ostream &os);

/// Registers `--emit-hls-cpp` with mlir-translate.
void registerEmitHLSTranslation();

/// The support header every emitted kernel includes ("rnn_hls.h"): the
/// element-wise math helpers for float and ap_fixed data.
llvm::StringRef getHLSSupportHeader();

/// The project's replacement for Xilinx's ap_fixed.h / ap_int.h
/// ("rnn_ap_fixed.h"), used when the real headers are not available.
llvm::StringRef getAPFixedHeader();

/// The host-only .npy reader / writer of the testbench ("rnn_npy.h").
llvm::StringRef getNpyHeader();
/// rnn_hls_stream.h: hls::stream for C simulation without Vitis' headers.
llvm::StringRef getHLSStreamHeader();

} // namespace rnn

#endif // RNN_TARGET_HLS_EMITHLS_H
