//===- Passes.h - rnn dialect passes ----------------------------*- C++ -*-===//

#ifndef RNN_DIALECT_RNN_TRANSFORMS_PASSES_H
#define RNN_DIALECT_RNN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace rnn {

#define GEN_PASS_DECL
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"

} // namespace rnn
} // namespace mlir

#endif // RNN_DIALECT_RNN_TRANSFORMS_PASSES_H
