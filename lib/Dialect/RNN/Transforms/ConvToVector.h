//===- ConvToVector.h - 2-D convolution matching and kernels ----*- C++ -*-===//
//
// The matcher of the importer's 2-D convolution generic, shared by the
// direct kernel (ConvToVector.cpp) and the Winograd kernel
// (ConvWinograd.cpp) of rnn-conv-to-vector. Private to
// lib/Dialect/RNN/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_DIALECT_RNN_TRANSFORMS_CONVTOVECTOR_H
#define LIB_DIALECT_RNN_TRANSFORMS_CONVTOVECTOR_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace mlir {
namespace rnn {

/// The geometry of a matched convolution:
///   ih = oh * strideH + kh * dilH + offH,  iw = ow + kw * dilW + offW.
struct Conv2D {
  int64_t strideH, dilH, offH, dilW, offW;
};

/// Checks that `op` is the importer's 2-D group-1 convolution
/// out[n, m, oh, ow] += x[n, c, ih, iw] * w[m, c, kh, kw] with iw = ow + ...
/// and returns its geometry.
std::optional<Conv2D> matchConv2D(linalg::GenericOp op);

/// True when the convolution's input, weights and output are f32, the
/// weights static and the input and output static but for the batch: what
/// the vector kernels need.
bool hasStaticF32Operands(linalg::GenericOp op);

/// Winograd F(tile x tile, 3 x 3) (tile 2 or 4) for the matched
/// convolutions with a constant 3x3 kernel, unit strides and dilations:
/// filter transform at compile time, input transform, one register-blocked
/// product per transformed tap, output transform added to the init. Vectors
/// of `lanes` f32; `registers` bounds the product's register block.
void populateConvWinogradPatterns(RewritePatternSet &patterns, int64_t lanes,
                                  int64_t registers, int64_t tile);

} // namespace rnn
} // namespace mlir

#endif // LIB_DIALECT_RNN_TRANSFORMS_CONVTOVECTOR_H
