//===- RNNCanonicalize.cpp - rnn canonicalization patterns ----------------===//
//
// Optional operands whose absence means "zeros" are dropped when they are
// constant zeros, and sequence_lens is dropped when every entry is the full
// (static) sequence length. Both leave the semantics unchanged and let later
// passes skip work.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

bool isZeroConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  if (auto fp = dyn_cast<DenseFPElementsAttr>(attr))
    return llvm::all_of(fp.getValues<APFloat>(),
                        [](const APFloat &v) { return v.isZero(); });
  return false;
}

/// Mutable ranges of the optional operands that default to zeros.
SmallVector<MutableOperandRange> zeroDefaultOperands(LSTMOp op) {
  return {op.getBiasMutable(), op.getInitialHMutable(),
          op.getInitialCMutable(), op.getPeepholesMutable()};
}
SmallVector<MutableOperandRange> zeroDefaultOperands(GRUOp op) {
  return {op.getBiasMutable(), op.getInitialHMutable()};
}
SmallVector<MutableOperandRange> zeroDefaultOperands(RNNOp op) {
  return {op.getBiasMutable(), op.getInitialHMutable()};
}

template <typename OpTy>
struct DropZeroOperands : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    // Ask for fresh ranges each time: clearing one shifts the others.
    auto anyZero = [&] {
      for (MutableOperandRange range : zeroDefaultOperands(op))
        if (range.size() == 1 && isZeroConstant(range[0].get()))
          return true;
      return false;
    };
    if (!anyZero())
      return failure();
    rewriter.modifyOpInPlace(op, [&] {
      for (unsigned i = 0, e = zeroDefaultOperands(op).size(); i < e; ++i) {
        MutableOperandRange range = zeroDefaultOperands(op)[i];
        if (range.size() == 1 && isZeroConstant(range[0].get()))
          range.clear();
      }
    });
    return success();
  }
};

template <typename OpTy>
struct DropFullSequenceLens : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value lens = op.getSequenceLens();
    DenseIntElementsAttr attr;
    if (!lens || !matchPattern(lens, m_Constant(&attr)))
      return failure();
    int64_t seqLen = cast<RankedTensorType>(op.getX().getType()).getDimSize(0);
    if (ShapedType::isDynamic(seqLen) ||
        !llvm::all_of(attr.getValues<APInt>(), [&](const APInt &v) {
          return v.getSExtValue() == seqLen;
        }))
      return failure();
    rewriter.modifyOpInPlace(op, [&] { op.getSequenceLensMutable().clear(); });
    return success();
  }
};

} // namespace

void LSTMOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<DropZeroOperands<LSTMOp>, DropFullSequenceLens<LSTMOp>>(context);
}
void GRUOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<DropZeroOperands<GRUOp>, DropFullSequenceLens<GRUOp>>(context);
}
void RNNOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<DropZeroOperands<RNNOp>, DropFullSequenceLens<RNNOp>>(context);
}
