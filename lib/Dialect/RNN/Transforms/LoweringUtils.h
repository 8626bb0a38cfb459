//===- LoweringUtils.h - helpers shared by the rnn lowerings ----*- C++ -*-===//
//
// Small builders for slices, zero tensors, transposed-B matmuls and the
// scalar gate math (clip and ONNX activation functions). Private to
// lib/Dialect/RNN/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_DIALECT_RNN_TRANSFORMS_LOWERINGUTILS_H
#define LIB_DIALECT_RNN_TRANSFORMS_LOWERINGUTILS_H

#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include <optional>

namespace mlir {
namespace rnn {

/// Returns `size * factor` as an index, folded when `size` is static.
OpFoldResult mulIndex(OpBuilder &b, Location loc, OpFoldResult size,
                      int64_t factor);

/// Extracts the slice `offsets`/`sizes` (unit strides) of `source` and drops
/// its first `dropLeading` dimensions, which must have size 1. Static sizes
/// must be given as attributes so that the result type is inferred right.
Value extractSlice(OpBuilder &b, Location loc, Value source,
                   ArrayRef<OpFoldResult> offsets,
                   ArrayRef<OpFoldResult> sizes, unsigned dropLeading = 0);

/// Inserts `source` into `dest` at `offsets` with `sizes` (unit strides);
/// `source` may be rank-reduced.
Value insertSlice(OpBuilder &b, Location loc, Value source, Value dest,
                  ArrayRef<OpFoldResult> offsets,
                  ArrayRef<OpFoldResult> sizes);

/// Columns [gate * width, (gate + 1) * width) of a rank-2 `[rows, G*width]`
/// tensor, or elements of a rank-1 `[G*width]` tensor.
Value gateSlice(OpBuilder &b, Location loc, Value source, int64_t gate,
                OpFoldResult width);

/// A tensor of `sizes` filled with zeros of `elemType`.
Value zeroTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                 Type elemType);

/// `init + lhs x rhs^T` for `lhs [M, K]`, `rhs [N, K]`, `init [M, N]`, as a
/// linalg.matmul with a transposed-B indexing map.
Value matmulTransposeB(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       Value init);

/// Inserts a tensor.cast when `value` does not already have type `type`.
Value castIfNeeded(OpBuilder &b, Location loc, Value value, Type type);

/// Float scalar constant of type `type`.
Value floatConst(OpBuilder &b, Location loc, Type type, double value);

/// Clamps `x` to [-clip, clip] when `clip` is set (ONNX clips every gate
/// pre-activation).
Value emitClip(OpBuilder &b, Location loc, Value x,
               std::optional<APFloat> clip);

/// Applies one ONNX activation function (with its alpha / beta) to the
/// scalar `x`.
Value emitActivation(OpBuilder &b, Location loc, ActivationAttr act, Value x);

/// `activation(clip(x))`: the complete treatment of one gate pre-activation.
Value emitGate(OpBuilder &b, Location loc, ActivationAttr act, Value x,
               std::optional<APFloat> clip);

/// Returns true when `type` holds plain floats (no quantized element type,
/// no sparse or other encoding); the lowerings handle only those weights.
bool isPlainFloatTensor(Type type);

/// The row-major values of `value` if it is a constant 2-D f32 [rows, cols]
/// matrix, directly or as a static, unit-stride, rank-reducing extract_slice
/// of a constant (the per-direction slice of a [D, G*H, K] weight).
std::optional<SmallVector<float>> constantMatrix(Value value, int64_t rows,
                                                 int64_t cols);

} // namespace rnn
} // namespace mlir

#endif // LIB_DIALECT_RNN_TRANSFORMS_LOWERINGUTILS_H
