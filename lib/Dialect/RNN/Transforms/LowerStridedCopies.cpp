//===- LowerStridedCopies.cpp - strided memref.copy to linalg.copy --------===//
//
// Keeps compiled models free of the runner-utils `memrefCopy` symbol: only
// identity-layout copies may reach finalize-memref-to-llvm (they become
// llvm.memcpy); the others become linalg.copy and later plain loops.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNLOWERSTRIDEDCOPIES
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

bool hasIdentityLayout(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.getLayout().isIdentity();
}

struct StridedCopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    if (hasIdentityLayout(op.getSource().getType()) &&
        hasIdentityLayout(op.getTarget().getType()))
      return rewriter.notifyMatchFailure(op, "lowers to llvm.memcpy");
    // Unranked copies have no loop nest to become.
    if (!isa<MemRefType>(op.getSource().getType()) ||
        !isa<MemRefType>(op.getTarget().getType()))
      return rewriter.notifyMatchFailure(op, "unranked copy");
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct RNNLowerStridedCopiesPass
    : rnn::impl::RNNLowerStridedCopiesBase<RNNLowerStridedCopiesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<StridedCopyToLinalg>(&getContext());
    // Only the copies (and what the rewrites touch) are visited.
    if (failed(rnn::applyPatternsToRoots(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
