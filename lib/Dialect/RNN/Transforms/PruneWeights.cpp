//===- PruneWeights.cpp - magnitude pruning of constant W and R -----------===//
//
// Compile-time pruning of the constant input and recurrent weights of the
// sequence ops, before expansion, so that the pruned model is an ordinary
// model with zeros in W and R (the same one scripts/prune_onnx.py writes as
// ONNX, for an independent reference). Blocks of R x C weights are ranked
// by the sum of their squares inside a balance group (a row of blocks by
// default: every row then keeps the same number of non-zeros, which is
// ESE's load balancing) and the weakest fraction P of each group is zeroed.
// The rule itself lives in Sparsity.cpp.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/IR/RNNOps.h"
#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "Sparsity.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNPRUNEWEIGHTS
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// How far the zeroed fraction of a matrix may land from the requested one
/// before the pass warns (the rounding of a balance group of n blocks moves
/// it by up to 0.5 / n).
constexpr double kPruneFractionSlack = 0.05;

/// A diagnostic on `op` that names its ONNX node when the location carries
/// one (`FILE:0:0: error: node 'NAME': ...`, like the importer's errors);
/// otherwise the op's own error or warning.
InFlightDiagnostic nodeDiagnostic(Operation *op, bool isError) {
  auto name = dyn_cast<NameLoc>(op->getLoc());
  if (!name)
    return isError ? op->emitOpError()
                   : op->emitWarning() << "'" << op->getName() << "' op ";
  InFlightDiagnostic diag = isError ? mlir::emitError(name.getChildLoc())
                                    : mlir::emitWarning(name.getChildLoc());
  diag << "node '" << name.getName().getValue() << "': '" << op->getName()
       << "' op ";
  return diag;
}

InFlightDiagnostic nodeError(Operation *op) {
  return nodeDiagnostic(op, /*isError=*/true);
}

/// Replaces operand `index` (W or R, [D, G*H, K]) of `op` by its pruned
/// copy. Fails with a diagnostic on `op` if the weight is not a constant.
LogicalResult pruneOperand(Operation *op, unsigned index, StringRef name,
                           int64_t hidden, const PruneRule &rule) {
  Value weight = op->getOperand(index);
  DenseElementsAttr attr;
  if (!matchPattern(weight, m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return nodeError(op)
           << "cannot prune " << name << ": it is not a constant f32 tensor (weights that are "
           << "graph inputs cannot be pruned at compile time)";
  auto type = cast<RankedTensorType>(attr.getType());
  int64_t dirs = type.getDimSize(0), rows = type.getDimSize(1),
          cols = type.getDimSize(2);
  SmallVector<float> values = llvm::to_vector(attr.getValues<float>());
  int64_t zeroed = 0, smallestGroup = 0;
  for (int64_t d = 0; d < dirs; ++d) {
    PruneStats stats = pruneMatrix(
        MutableArrayRef<float>(values).slice(d * rows * cols, rows * cols),
        rows, cols, hidden, rule);
    zeroed += stats.zeroedWeights;
    if (smallestGroup == 0 || stats.smallestGroup < smallestGroup)
      smallestGroup = stats.smallestGroup;
  }
  // Each balance group zeroes floor(P * blocks + 0.5) of its blocks: with
  // few blocks per group (a narrow W, blocks as wide as the matrix) the
  // fraction lands far from P, up to the whole matrix. Say so.
  double fraction =
      values.empty() ? rule.sparsity : double(zeroed) / values.size();
  if (std::abs(fraction - rule.sparsity) > kPruneFractionSlack) {
    InFlightDiagnostic diag = nodeDiagnostic(op, /*isError=*/false);
    diag << name << " is pruned to "
         << llvm::formatv("{0:F1}%", 100.0 * fraction).str()
         << " zeros instead of "
         << llvm::formatv("{0:F1}%", 100.0 * rule.sparsity).str()
         << ": each balance group zeroes floor(P * blocks + 0.5) of its "
            "blocks, the weakest first, and the smallest group holds "
         << smallestGroup << " block(s) of " << rule.blockRows << "x"
         << rule.blockCols;
    if (int64_t last = cols % rule.blockCols)
      diag << " (the last block column is " << last << " wide)";
    diag << "; smaller blocks or balance=matrix come closer";
  }
  OpBuilder b(op);
  auto pruned = arith::ConstantOp::create(
      b, weight.getLoc(), DenseElementsAttr::get(type, ArrayRef<float>(values)));
  op->setOperand(index, pruned);
  if (Operation *old = weight.getDefiningOp(); old && old->use_empty())
    old->erase();
  return success();
}

template <typename OpTy>
LogicalResult pruneSequenceOp(OpTy op, const PruneRule &rule) {
  int64_t hidden = op.getHiddenSize();
  if (hidden % rule.blockRows)
    return nodeError(op)
           << "cannot prune with blocks of " << rule.blockRows << "x" << rule.blockCols << ": " << rule.blockRows
           << " does not divide hidden_size " << hidden
           << " (blocks may not straddle gates)";
  if (failed(pruneOperand(op, /*W=*/1, "W", hidden, rule)) ||
      failed(pruneOperand(op, /*R=*/2, "R", hidden, rule)))
    return failure();
  return success();
}

struct RNNPruneWeightsPass
    : rnn::impl::RNNPruneWeightsBase<RNNPruneWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    Operation *root = getOperation();
    PruneRule rule;
    rule.sparsity = sparsity;
    auto blockShape = parseBlockShape(block);
    auto balanceKind = parseBalance(balance);
    if (!(sparsity >= 0.0 && sparsity < 1.0)) {
      root->emitError() << "rnn-prune-weights: sparsity must be in [0, 1), got "
                        << sparsity.getValue();
      return signalPassFailure();
    }
    if (!blockShape) {
      root->emitError() << "rnn-prune-weights: block must be RxC with R, C "
                           ">= 1 (e.g. 1x1, 4x1, 4x4), got '"
                        << block << "'";
      return signalPassFailure();
    }
    if (!balanceKind) {
      root->emitError() << "rnn-prune-weights: balance must be row, gate, "
                           "matrix or bank, got '"
                        << balance << "'";
      return signalPassFailure();
    }
    if (bankCols < 1) {
      root->emitError() << "rnn-prune-weights: bank-cols must be >= 1, got "
                        << bankCols.getValue();
      return signalPassFailure();
    }
    if (sparsity == 0.0)
      return;
    std::tie(rule.blockRows, rule.blockCols) = *blockShape;
    rule.balance = *balanceKind;
    rule.bankCols = bankCols;
    // Collect first: pruning replaces (and may erase) weight constants.
    SmallVector<Operation *> seqOps;
    root->walk([&](Operation *op) {
      if (isa<LSTMOp, GRUOp, RNNOp>(op))
        seqOps.push_back(op);
    });
    for (Operation *op : seqOps) {
      LogicalResult ok =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case<LSTMOp, GRUOp, RNNOp>(
                  [&](auto seq) { return pruneSequenceOp(seq, rule); });
      if (failed(ok))
        return signalPassFailure();
    }
  }
};

} // namespace
