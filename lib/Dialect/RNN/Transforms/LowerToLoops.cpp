//===- LowerToLoops.cpp - linalg to loops, views expanded, op by op -------===//
//
// convert-linalg-to-loops and expand-strided-metadata apply their patterns
// greedily to the whole function: the driver visits every op and tries to
// fold it, and a model lowered to one function has tens of thousands of
// scalar ops that neither pass rewrites. This pass applies the same patterns
// to the ops they are rooted at (and to the ops they create) only.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/FoldUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

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

/// Merges equal constants and moves them to the start of their region, as
/// the second sweep of a greedy run over the whole function does (the
/// rewrites create a constant for every loop bound and step; thousands of
/// duplicates would otherwise reach the conversion to LLVM).
void mergeConstants(Operation *root) {
  OperationFolder folder(root->getContext());
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    Attribute value;
    if (matchPattern(op, m_Constant(&value)) &&
        !folder.insertKnownConstant(op, value))
      return WalkResult::skip();
    return WalkResult::advance();
  });
}

/// Applies `patterns` to the ops under `root` they are rooted at and to the
/// ops the rewrites create or touch, then merges the constants.
void applyToRoots(Operation *root, RewritePatternSet &&patterns) {
  DenseSet<OperationName> names;
  SmallVector<TypeID> interfaces;
  for (const std::unique_ptr<RewritePattern> &pattern :
       patterns.getNativePatterns()) {
    if (std::optional<OperationName> name = pattern->getRootKind())
      names.insert(*name);
    else if (std::optional<TypeID> id = pattern->getRootInterfaceID())
      interfaces.push_back(*id);
    else
      llvm_unreachable("every pattern here has a root op or interface");
  }
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    OperationName name = op->getName();
    if (names.contains(name) || llvm::any_of(interfaces, [&](TypeID id) {
          return name.hasInterface(id);
        }))
      ops.push_back(op);
  });
  if (ops.empty())
    return;
  // Any op a rewrite touches joins the worklist (as in a run over the whole
  // function): the producers of an erased op's operands are erased too when
  // they become dead.
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::AnyOp);
  (void)applyOpPatternsGreedily(ops, std::move(patterns), config);
  mergeConstants(root);
}

struct RNNLowerToLoopsPass
    : rnn::impl::RNNLowerToLoopsBase<RNNLowerToLoopsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet loops(context);
    loops.add<LinalgToLoops, FoldTrivialAffineApply>(context);
    memref::DimOp::getCanonicalizationPatterns(loops, context);
    affine::AffineApplyOp::getCanonicalizationPatterns(loops, context);
    applyToRoots(getOperation(), std::move(loops));
    RewritePatternSet views(context);
    memref::populateExpandStridedMetadataPatterns(views);
    applyToRoots(getOperation(), std::move(views));
  }
};

} // namespace
