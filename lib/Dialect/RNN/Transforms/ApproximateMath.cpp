//===- ApproximateMath.cpp - polynomial transcendental functions ----------===//
//
// Gate activations evaluate tanh / exp on every gate of every step. A libm
// call per element keeps those loops scalar; MLIR's polynomial
// approximations are plain arithmetic that LLVM vectorizes.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNAPPROXIMATEMATH
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

struct RNNApproximateMathPass
    : rnn::impl::RNNApproximateMathBase<RNNApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      return llvm::is_contained({"math.tanh", "math.exp", "math.expm1",
                                 "math.log", "math.log1p", "math.log2",
                                 "math.erf"},
                                name);
    });
    // Only the math ops and what their expansions create are visited.
    if (failed(rnn::applyPatternsToRoots(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
