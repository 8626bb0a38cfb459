//===- RNNOps.h - rnn dialect operations ------------------------*- C++ -*-===//

#ifndef RNN_DIALECT_RNN_IR_RNNOPS_H
#define RNN_DIALECT_RNN_IR_RNNOPS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "rnn/Dialect/RNN/IR/RNNAttrs.h"
#include "rnn/Dialect/RNN/IR/RNNDialect.h"

#define GET_OP_CLASSES
#include "rnn/Dialect/RNN/IR/RNNOps.h.inc"

namespace mlir::rnn {

/// Integer weights imported from an already quantized model (QDQ
/// DequantizeLinear or DynamicQuantizeLSTM): the importer puts one scale
/// (f64 array) and zero point (i64 array) per row of W / R, [D * G*H], on
/// the sequence op; rnn-expand-sequences moves each direction's slice onto
/// its projection matmul (W) and cell op (R) as kWeightScalesAttr /
/// kWeightZeroPointsAttr, where rnn-quantize-weights takes the integer
/// values over as they are instead of re-quantizing them.
inline constexpr llvm::StringLiteral kWScalesAttr = "rnn.w_scales";
inline constexpr llvm::StringLiteral kWZeroPointsAttr = "rnn.w_zero_points";
inline constexpr llvm::StringLiteral kRScalesAttr = "rnn.r_scales";
inline constexpr llvm::StringLiteral kRZeroPointsAttr = "rnn.r_zero_points";
inline constexpr llvm::StringLiteral kWeightScalesAttr = "rnn.weight_scales";
inline constexpr llvm::StringLiteral kWeightZeroPointsAttr =
    "rnn.weight_zero_points";

/// Activations of an already quantized model (a QDQ pair on X or
/// initial_h): the importer puts the static int8 scale (f64) of X and of h
/// on the sequence op; rnn-expand-sequences copies them onto the projection
/// matmul (X) and the cell ops (h) as kImportedActivationScaleAttr, which
/// rnn-quantize-weights (mode=int8) turns into rnn.activation_scale.
inline constexpr llvm::StringLiteral kXScaleAttr = "rnn.x_scale";
inline constexpr llvm::StringLiteral kHScaleAttr = "rnn.h_scale";
inline constexpr llvm::StringLiteral kImportedActivationScaleAttr =
    "rnn.imported_activation_scale";

} // namespace mlir::rnn

#endif // RNN_DIALECT_RNN_IR_RNNOPS_H
