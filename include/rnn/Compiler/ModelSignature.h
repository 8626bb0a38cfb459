//===- ModelSignature.h - inputs and outputs of a compiled model -*- C++ -*-===//
//
// What the C ABI of a compiled model exposes about its entry function: the
// ONNX names, element types and shapes of its inputs and outputs. It is read
// from the tensor-level `func.func` (the importer's `rnn.name` and
// `rnn.dim_names` attributes) before the module is lowered.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_COMPILER_MODELSIGNATURE_H
#define RNN_COMPILER_MODELSIGNATURE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include <string>
#include <vector>

namespace rnn {

/// One input or output of a compiled model.
struct TensorSpec {
  std::string name;
  int32_t dtype = 0;                  ///< enum rnnc_dtype
  std::vector<int64_t> shape;         ///< -1 marks a dynamic dimension
  std::vector<std::string> dimNames;  ///< "" for static or unnamed dims
  unsigned elementBytes() const;
  /// The C type of one element ("float", "int64_t", ...).
  const char *cType() const;
};

struct ModelSignature {
  std::string modelName;
  std::string entrySymbol; ///< the func.func to call, e.g. "main_graph"
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  /// The lowered module has the thread-count global of
  /// rnn-parallelize-kernels (compiled with thread support).
  bool threads = false;
  /// ... and OpenMP worksharing loops: the library links libomp.
  bool openmp = false;
  /// The model allocates through _mlir_memref_to_llvm_{aligned_alloc,free}
  /// (LowerToLLVMOptions::cachedAllocations): the wrapper defines them.
  bool cachedAllocations = false;
};

/// Reads the signature of `func`. Fails (with a diagnostic on `func`) if an
/// argument or result is not a ranked tensor of a supported element type or
/// has a rank above RNNC_MAX_RANK.
mlir::FailureOr<ModelSignature> getModelSignature(mlir::func::FuncOp func,
                                                  llvm::StringRef modelName);

} // namespace rnn

#endif // RNN_COMPILER_MODELSIGNATURE_H
