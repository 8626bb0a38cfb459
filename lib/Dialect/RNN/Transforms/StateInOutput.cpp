//===- StateInOutput.cpp - the recurrent state written into Y directly ----===//
//
// After bufferization a time loop updates its state h in its own buffer S
// (rnn-inplace-loop-state) and then copies S into the step's row of the
// output Y:
//
//   scf.for %t {                                  // rnn.time_loop
//     ... reads of S (the recurrent product) ...
//     linalg.generic ins(S, ...) outs(S)          // h_t, over all of S
//     memref.copy S, subview Y[step(t), d]
//   }
//   ... S (Y_h) ...
//
// The copy is a pass over h per step (4 KB at H = 1024, 3% of a sparse GRU
// step at 95%). Since Y[step(t - 1), d] holds h_{t-1} when step t starts,
// the step can read its previous state there and write the new one straight
// into its row of Y:
//
//   scf.for %t {
//     %prev = arith.select (%t == lb), S, subview Y[step(t - 1), d]
//     ... reads of %prev ...
//     linalg.generic ins(%prev, ...) outs(subview Y[step(t), d])
//   }
//   ... subview Y[step(ub - 1), d] (or S if the loop did not run) ...
//
// The rows of two consecutive steps are disjoint (the offset along one
// dimension is t or c - t, of size 1), so the generic never reads what it
// writes. This is done on buffers because one-shot bufferization cannot
// prove that Y[t - 1] and Y[t] are disjoint (dynamic offsets) and would copy
// the previous row out of Y instead.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNSTATEINOUTPUT
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// `v` computed at the builder's insertion point with the loop's induction
/// variable replaced as `map` says: values defined outside `loop` are kept,
/// side-effect-free ops of its body are cloned. Null if `v` depends on
/// anything else.
Value cloneAt(OpBuilder &b, scf::ForOp loop, Value v, IRMapping &map) {
  if (Value mapped = map.lookupOrNull(v))
    return mapped;
  if (v == loop.getInductionVar() || loop.isDefinedOutsideOfLoop(v))
    return v;
  Operation *def = v.getDefiningOp();
  if (!def || def->getBlock() != loop.getBody() || def->getNumRegions() ||
      !isMemoryEffectFree(def))
    return Value();
  for (Value operand : def->getOperands())
    if (!cloneAt(b, loop, operand, map))
      return Value();
  Operation *clone = b.clone(*def, map);
  return clone->getResult(cast<OpResult>(v).getResultNumber());
}

/// Whether `v` is `iv`, `x - iv` or `iv + x` / `x + iv` with `x` invariant:
/// a different value at every step, so rows of size 1 at that offset never
/// overlap between steps.
bool isStepOffset(scf::ForOp loop, Value v) {
  Value iv = loop.getInductionVar();
  if (v == iv)
    return true;
  Operation *def = v.getDefiningOp();
  if (auto sub = dyn_cast_or_null<arith::SubIOp>(def))
    return sub.getRhs() == iv && loop.isDefinedOutsideOfLoop(sub.getLhs());
  if (auto add = dyn_cast_or_null<arith::AddIOp>(def))
    return (add.getLhs() == iv && loop.isDefinedOutsideOfLoop(add.getRhs())) ||
           (add.getRhs() == iv && loop.isDefinedOutsideOfLoop(add.getLhs()));
  return false;
}

/// Whether two subviews of the same buffer are disjoint: along some
/// dimension both have a constant offset, the offsets differ and both sizes
/// are 1.
bool disjointRows(memref::SubViewOp a, memref::SubViewOp b) {
  for (auto [oa, ob, sa, sb] :
       llvm::zip(a.getMixedOffsets(), b.getMixedOffsets(), a.getMixedSizes(),
                 b.getMixedSizes())) {
    std::optional<int64_t> ca = getConstantIntValue(oa),
                           cb = getConstantIntValue(ob);
    if (ca && cb && *ca != *cb && isConstantIntValue(sa, 1) &&
        isConstantIntValue(sb, 1))
      return true;
  }
  return false;
}

/// Whether a view of `buffer` made outside `loop` (directly or through
/// other views) is used inside it.
bool viewUsedInLoop(scf::ForOp loop, Value buffer) {
  for (Operation *user : buffer.getUsers()) {
    if (loop->isAncestor(user) || !isa<ViewLikeOpInterface>(user))
      continue;
    for (Value view : user->getResults())
      if (llvm::any_of(view.getUsers(),
                       [&](Operation *u) { return loop->isAncestor(u); }) ||
          viewUsedInLoop(loop, view))
        return true;
  }
  return false;
}

/// Rewrites `copy` (S into a row of Y) of `loop` as described above; returns
/// false, leaving the IR unchanged, unless every condition holds.
bool writeStateInOutput(scf::ForOp loop, memref::CopyOp copy) {
  Block *body = loop.getBody();
  Value state = copy.getSource();
  auto row = copy.getTarget().getDefiningOp<memref::SubViewOp>();
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!row || row->getBlock() != body || !step || *step != 1 ||
      !loop.isDefinedOutsideOfLoop(state) ||
      !loop.isDefinedOutsideOfLoop(row.getSource()))
    return false;
  auto stateType = dyn_cast<MemRefType>(state.getType());
  auto rowType = cast<MemRefType>(row.getType());
  if (!stateType || !memref::CastOp::areCastCompatible(stateType, rowType))
    return false;
  // S is a buffer of its own, not seen through views: its uses are all the
  // accesses to it.
  if (!state.getDefiningOp<memref::AllocOp>() ||
      llvm::any_of(state.getUsers(), [](Operation *user) {
        return isa<ViewLikeOpInterface, memref::CastOp>(user);
      }))
    return false;

  // The row: unit strides, static sizes, exactly one offset that changes
  // with the step (size 1 along it), the others loop-invariant.
  int64_t stepDims = 0;
  for (auto [offset, size, stride] :
       llvm::zip(row.getMixedOffsets(), row.getMixedSizes(),
                 row.getMixedStrides())) {
    if (!isConstantIntValue(stride, 1) || !getConstantIntValue(size))
      return false;
    auto value = dyn_cast<Value>(offset);
    if (!value || loop.isDefinedOutsideOfLoop(value))
      continue;
    if (!isStepOffset(loop, value) || !isConstantIntValue(size, 1))
      return false;
    ++stepDims;
  }
  if (stepDims != 1)
    return false;
  // Nothing else in the loop may touch that part of Y: Y is an allocation
  // of its own, and its other uses in the loop are rows of other directions.
  if (!row.getSource().getDefiningOp<memref::AllocOp>() ||
      viewUsedInLoop(loop, row.getSource()))
    return false;
  for (Operation *user : row.getSource().getUsers()) {
    if (user == row || !loop->isAncestor(user))
      continue;
    auto other = dyn_cast<memref::SubViewOp>(user);
    if (!other || !disjointRows(row, other))
      return false;
  }

  // S inside the loop: written by one linalg op of the body, over all of S
  // and without reading its old value there, before the copy; otherwise only
  // read (by vector.transfer_read, memref.load and linalg inputs).
  linalg::LinalgOp writer;
  for (OpOperand &use : state.getUses()) {
    Operation *user = use.getOwner();
    if (user == copy || !loop->isAncestor(user))
      continue;
    if (isa<vector::TransferReadOp, memref::LoadOp>(user))
      continue;
    auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
    if (!linalgOp)
      return false;
    if (linalgOp.isDpsInput(&use))
      continue;
    if (writer || linalgOp->getBlock() != body ||
        !linalgOp->isBeforeInBlock(copy) ||
        linalgOp.getNumLoops() != linalgOp.getNumParallelLoops() ||
        !linalgOp.getMatchingIndexingMap(&use).isPermutation() ||
        linalgOp.payloadUsesValueFromOperand(&use))
      return false;
    writer = linalgOp;
  }
  if (!writer)
    return false;

  // The rows of this step and of the previous one, at the start of the body.
  Location loc = copy.getLoc();
  OpBuilder b(body, body->begin());
  IRMapping sameStep;
  Value currentRow = cloneAt(b, loop, row.getResult(), sameStep);
  if (!currentRow)
    return false;
  auto current = cast<memref::SubViewOp>(currentRow.getDefiningOp());
  Value iv = loop.getInductionVar();
  IRMapping prevStep;
  prevStep.map(iv, arith::SubIOp::create(b, loc, iv, loop.getStep()));
  Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, iv,
                                      loop.getLowerBound());
  Value prevRow = cloneAt(b, loop, row.getResult(), prevStep);
  auto initial = memref::CastOp::create(b, loc, rowType, state);
  auto prev = arith::SelectOp::create(b, loc, first, initial, prevRow);

  // Reads up to and in the writer take the previous row, the writer writes
  // the current one, later reads read it.
  state.replaceUsesWithIf(prev.getResult(), [&](OpOperand &use) {
    Operation *top = body->findAncestorOpInBlock(*use.getOwner());
    if (!top || use.getOwner() == copy || top == initial)
      return false;
    if (use.getOwner() == writer)
      return writer.isDpsInput(&use);
    return top->isBeforeInBlock(writer);
  });
  state.replaceUsesWithIf(current.getResult(), [&](OpOperand &use) {
    Operation *top = body->findAncestorOpInBlock(*use.getOwner());
    return top && use.getOwner() != copy && top != initial;
  });
  copy.erase();
  if (row->use_empty())
    row.erase();

  // After the loop S is read from the last row (or, with a loop that may
  // not run, from S itself) when it is only read there; otherwise the last
  // row is copied into S.
  SmallVector<OpOperand *> laterReads;
  bool onlyRead = true;
  for (OpOperand &use : state.getUses()) {
    Operation *user = use.getOwner();
    Operation *top = loop->getBlock()->findAncestorOpInBlock(*user);
    if ((top && !loop->isBeforeInBlock(top)) || isa<memref::DeallocOp>(user))
      continue;
    auto copyFrom = dyn_cast<memref::CopyOp>(user);
    if (top && ((copyFrom && copyFrom.getSource() == state) ||
                isa<vector::TransferReadOp, memref::LoadOp>(user)))
      laterReads.push_back(&use);
    else
      onlyRead = false;
  }
  if (laterReads.empty() && onlyRead)
    return true;
  b.setInsertionPointAfter(loop);
  auto lastRow = [&](OpBuilder &nb, Location nloc) {
    IRMapping lastStep;
    lastStep.map(iv, arith::SubIOp::create(nb, nloc, loop.getUpperBound(),
                                           loop.getStep()));
    return cloneAt(nb, loop, current.getResult(), lastStep);
  };
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()),
                         ub = getConstantIntValue(loop.getUpperBound());
  bool runs = lb && ub && *lb < *ub;
  Value nonEmpty;
  if (!runs)
    nonEmpty = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                     loop.getLowerBound(),
                                     loop.getUpperBound());
  if (onlyRead) {
    Value last = lastRow(b, loc);
    if (!runs)
      last = arith::SelectOp::create(
          b, loc, nonEmpty, last,
          memref::CastOp::create(b, loc, rowType, state));
    for (OpOperand *use : laterReads)
      use->set(last);
  } else if (runs) {
    memref::CopyOp::create(b, loc, lastRow(b, loc), state);
  } else {
    scf::IfOp::create(b, loc, nonEmpty, [&](OpBuilder &nb, Location nloc) {
      memref::CopyOp::create(nb, nloc, lastRow(nb, nloc), state);
      scf::YieldOp::create(nb, nloc);
    });
  }
  return true;
}

struct RNNStateInOutputPass
    : rnn::impl::RNNStateInOutputBase<RNNStateInOutputPass> {
  void runOnOperation() override {
    getOperation()->walk([](scf::ForOp loop) {
      if (!loop->hasAttr(kTimeLoopAttr))
        return;
      SmallVector<memref::CopyOp> copies;
      for (Operation &op : *loop.getBody())
        if (auto copy = dyn_cast<memref::CopyOp>(op))
          copies.push_back(copy);
      for (memref::CopyOp copy : copies)
        writeStateInOutput(loop, copy);
    });
  }
};

} // namespace
