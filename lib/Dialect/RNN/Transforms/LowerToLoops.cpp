//===- LowerToLoops.cpp - linalg to loops, views expanded, op by op -------===//
//
// convert-linalg-to-loops and expand-strided-metadata apply their patterns
// greedily to the whole function: the driver visits every op and tries to
// fold it, and a model lowered to one function has tens of thousands of
// scalar ops that neither pass rewrites. This pass applies the same patterns
// to the ops they are rooted at (and to the ops they create) only
// (rnn::applyPatternsToRoots).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNLOWERTOLOOPS
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

/// A linalg op on buffers becomes its scf.for nest (convert-linalg-to-loops'
/// pattern).
struct LinalgToLoops : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics())
      return rewriter.notifyMatchFailure(op, "expected buffer semantics");
    if (failed(linalg::linalgOpToLoops(rewriter, op)))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// convert-linalg-to-loops' folding of the index computations it emits: a
/// one-result affine.apply of a constant or of its only operand.
struct FoldTrivialAffineApply : OpRewritePattern<affine::AffineApplyOp> {
  FoldTrivialAffineApply(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/0) {}

  LogicalResult matchAndRewrite(affine::AffineApplyOp op,
                                PatternRewriter &rewriter) const override {
    AffineMap map = op.getAffineMap();
    if (map.getNumResults() != 1 || map.getNumInputs() > 1)
      return failure();
    AffineExpr expr = map.getResult(0);
    if (map.getNumInputs() == 0) {
      auto value = dyn_cast<AffineConstantExpr>(expr);
      if (!value)
        return failure();
      rewriter.replaceOpWithNewOp<arith::ConstantIndexOp>(op,
                                                          value.getValue());
      return success();
    }
    if (!isa<AffineDimExpr, AffineSymbolExpr>(expr))
      return failure();
    rewriter.replaceOp(op, op->getOperand(0));
    return success();
  }
};

struct RNNLowerToLoopsPass
    : rnn::impl::RNNLowerToLoopsBase<RNNLowerToLoopsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet loops(context);
    loops.add<LinalgToLoops, FoldTrivialAffineApply>(context);
    memref::DimOp::getCanonicalizationPatterns(loops, context);
    affine::AffineApplyOp::getCanonicalizationPatterns(loops, context);
    // As in convert-linalg-to-loops, a linalg op left over is the LLVM
    // conversion's error; expand-strided-metadata fails when it does not
    // converge.
    (void)rnn::applyPatternsToRoots(getOperation(), std::move(loops));
    RewritePatternSet views(context);
    memref::populateExpandStridedMetadataPatterns(views);
    if (failed(rnn::applyPatternsToRoots(getOperation(), std::move(views))))
      signalPassFailure();
  }
};

} // namespace
