//===- Wavefront.cpp - stacked layers chained block by block --------------===//
//
// Stacked forward layers (layer k+1's X is layer k's Y) run one after the
// other over the whole sequence: layer k writes all of its Y before layer
// k+1 reads the first row. This pass runs the chain block by block instead:
// one loop over blocks of B time steps, each block running every layer of
// the chain over its B steps, starting from the states the previous block
// left. After rnn-expand-sequences a block is layer 1's input projection of
// B rows and its B steps, then layer 2's projection of the B rows layer 1
// just wrote (still a GEMM for the packed kernel, not a matrix-vector
// product per step) and its B steps, and so on; the rows are read back
// while they are in L1 / L2, and only the last layer's Y spans the whole
// sequence.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"

#include "mlir/IR/Dominance.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNWAVEFRONT
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// The operands and attributes of one sequence op that the chain needs.
struct Layer {
  Operation *op = nullptr;
  Value x, w, r, bias, lens, h0, c0, peepholes;
  Direction direction = Direction::forward;
  bool hasCell = false;
  /// The op that drops the unit direction dim of Y into the next layer's X
  /// (null for the last layer of a chain).
  Operation *link = nullptr;

  int64_t batch() const {
    return cast<RankedTensorType>(op->getResult(0).getType()).getDimSize(2);
  }
  int64_t hidden() const {
    return cast<RankedTensorType>(op->getResult(0).getType()).getDimSize(3);
  }
  /// Results replaced by the chain: Y_h, and Y_c for LSTM.
  unsigned numStates() const { return hasCell ? 2 : 1; }
};

std::optional<Layer> getLayer(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<Layer>>(op)
      .Case<LSTMOp>([](LSTMOp seq) -> std::optional<Layer> {
        return Layer{seq,
                     seq.getX(),
                     seq.getW(),
                     seq.getR(),
                     seq.getBias(),
                     seq.getSequenceLens(),
                     seq.getInitialH(),
                     seq.getInitialC(),
                     seq.getPeepholes(),
                     seq.getDirection(),
                     /*hasCell=*/true};
      })
      .Case<GRUOp, RNNOp>([](auto seq) -> std::optional<Layer> {
        return Layer{seq,       seq.getX(),
                     seq.getW(), seq.getR(),
                     seq.getBias(), seq.getSequenceLens(),
                     seq.getInitialH(), Value(),
                     Value(),       seq.getDirection(),
                     /*hasCell=*/false};
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// A layer the chain can take at all: forward, float weights, static batch
/// and hidden size, `Y` of shape `[T, 1, N, H]`.
bool isChainable(const Layer &layer) {
  auto y = cast<RankedTensorType>(layer.op->getResult(0).getType());
  auto x = cast<RankedTensorType>(layer.x.getType());
  return layer.direction == Direction::forward &&
         isPlainFloatTensor(layer.w.getType()) &&
         isPlainFloatTensor(layer.r.getType()) && y.getRank() == 4 &&
         y.getDimSize(1) == 1 && !y.isDynamicDim(2) && !y.isDynamicDim(3) &&
         x.getRank() == 3 && !x.isDynamicDim(1) && !x.isDynamicDim(2);
}

/// The next layer of a chain: `layer`'s Y has one user, a reshape or
/// collapse_shape to `[T, N, H]` (the importer's Squeeze of the direction
/// dim), whose one user takes it as X. Returns it with `link` set on
/// `layer`.
std::optional<Layer> nextLayer(Layer &layer) {
  Value y = layer.op->getResult(0);
  if (!y.hasOneUse())
    return std::nullopt;
  Operation *link = *y.getUsers().begin();
  if (!isa<tensor::ReshapeOp, tensor::CollapseShapeOp>(link) ||
      link->getOperand(0) != y || !link->getResult(0).hasOneUse() ||
      link->getBlock() != layer.op->getBlock())
    return std::nullopt;
  auto yType = cast<RankedTensorType>(y.getType());
  auto xType = cast<RankedTensorType>(link->getResult(0).getType());
  if (xType.getRank() != 3 || xType.getDimSize(0) != yType.getDimSize(0) ||
      xType.getDimSize(1) != yType.getDimSize(2) ||
      xType.getDimSize(2) != yType.getDimSize(3))
    return std::nullopt;
  OpOperand &use = *link->getResult(0).getUses().begin();
  std::optional<Layer> next = getLayer(use.getOwner());
  if (!next || use.getOperandNumber() != 0 ||
      next->op->getBlock() != layer.op->getBlock() || !isChainable(*next) ||
      next->lens != layer.lens ||
      cast<RankedTensorType>(next->x.getType()).getElementType() !=
          yType.getElementType())
    return std::nullopt;
  layer.link = link;
  return next;
}

/// Whether `value` is computed (in the chain's block) from a result of an
/// op in `chain`.
bool dependsOn(Value value, const llvm::SmallPtrSetImpl<Operation *> &chain) {
  SmallVector<Value> worklist = {value};
  llvm::SmallPtrSet<Operation *, 16> seen;
  while (!worklist.empty()) {
    Operation *def = worklist.pop_back_val().getDefiningOp();
    if (!def || !seen.insert(def).second)
      continue;
    if (chain.contains(def))
      return true;
    llvm::append_range(worklist, def->getOperands());
  }
  return false;
}

/// Whether the chain can be rewritten in place of its last layer: no later
/// layer's operand comes from an earlier layer, and every user of a result
/// the chain replaces comes after the last layer.
bool canRewrite(ArrayRef<Layer> chain) {
  llvm::SmallPtrSet<Operation *, 8> ops;
  for (const Layer &layer : chain) {
    ops.insert(layer.op);
    if (layer.link)
      ops.insert(layer.link);
  }
  for (const Layer &layer : chain.drop_front())
    for (Value operand : layer.op->getOperands().drop_front())
      if (dependsOn(operand, ops))
        return false;
  Operation *last = chain.back().op;
  Block *block = last->getBlock();
  auto usedAfterLast = [&](Value result) {
    return llvm::all_of(result.getUsers(), [&](Operation *user) {
      Operation *ancestor = block->findAncestorOpInBlock(*user);
      return ancestor && last->isBeforeInBlock(ancestor);
    });
  };
  for (const Layer &layer : chain)
    for (unsigned i = 1; i <= layer.numStates(); ++i)
      if (!usedAfterLast(layer.op->getResult(i)))
        return false;
  return usedAfterLast(last->getResult(0));
}

/// `lens - t0` elementwise: sequence lengths relative to a block starting
/// at step `t0`.
Value shiftLens(OpBuilder &b, Location loc, Value lens, Value t0) {
  auto type = cast<RankedTensorType>(lens.getType());
  Value offset =
      arith::IndexCastOp::create(b, loc, type.getElementType(), t0);
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, lens), type.getElementType());
  AffineMap id = b.getMultiDimIdentityMap(1);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{lens},
             ValueRange{init}, ArrayRef<AffineMap>{id, id},
             ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nloc,
                   ValueRange{arith::SubIOp::create(nb, nloc, args[0],
                                                    offset)});
             })
      .getResult(0);
}

/// A copy of `layer`'s sequence op over `steps` steps of `x`, starting from
/// `h0` / `c0`, with `lens` as its sequence lengths.
Operation *blockLayer(OpBuilder &b, const Layer &layer, Value x, Value lens,
                      Value h0, Value c0, OpFoldResult steps) {
  SmallVector<Value> operands = {x, layer.w, layer.r};
  SmallVector<int32_t> segments = {1, 1, 1, layer.bias ? 1 : 0,
                                   lens ? 1 : 0, 1};
  if (layer.bias)
    operands.push_back(layer.bias);
  if (lens)
    operands.push_back(lens);
  operands.push_back(h0);
  if (layer.hasCell) {
    operands.push_back(c0);
    segments.append({1, layer.peepholes ? 1 : 0});
    if (layer.peepholes)
      operands.push_back(layer.peepholes);
  }
  auto yType = cast<RankedTensorType>(layer.op->getResult(0).getType());
  SmallVector<int64_t> yShape(yType.getShape());
  std::optional<int64_t> staticSteps = getConstantIntValue(steps);
  yShape[0] = staticSteps ? *staticSteps : ShapedType::kDynamic;
  SmallVector<Type> types = {yType.clone(yShape)};
  for (unsigned i = 1; i <= layer.numStates(); ++i)
    types.push_back(h0.getType());

  OperationState state(layer.op->getLoc(), layer.op->getName());
  state.addOperands(operands);
  state.addTypes(types);
  NamedAttrList attrs(layer.op->getAttrDictionary());
  attrs.set("operandSegmentSizes", b.getDenseI32ArrayAttr(segments));
  state.addAttributes(attrs);
  return b.create(state);
}

/// One block of the chain: steps [t0, t0 + steps) of every layer. Updates
/// `states` (h, [c] per layer) and returns the last layer's Y block.
Value emitBlock(OpBuilder &b, Location loc, ArrayRef<Layer> chain, Value t0,
                OpFoldResult steps, MutableArrayRef<Value> states) {
  const Layer &first = chain.front();
  auto xType = cast<RankedTensorType>(first.x.getType());
  Value x = extractSlice(
      b, loc, first.x, {t0, b.getIndexAttr(0), b.getIndexAttr(0)},
      {steps, b.getIndexAttr(xType.getDimSize(1)),
       b.getIndexAttr(xType.getDimSize(2))});
  Value lens = first.lens ? shiftLens(b, loc, first.lens, t0) : Value();
  Value y;
  unsigned next = 0;
  for (const Layer &layer : chain) {
    if (y)
      x = tensor::CollapseShapeOp::create(
          b, loc, y, ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3}});
    Value c0 = layer.hasCell ? states[next + 1] : Value();
    Operation *op = blockLayer(b, layer, x, lens, states[next], c0, steps);
    for (unsigned i = 0; i < layer.numStates(); ++i)
      states[next + i] = op->getResult(1 + i);
    next += layer.numStates();
    y = op->getResult(0);
  }
  return y;
}

/// The `[1, N, H]` initial state `init` of a layer, or zeros.
Value initialState(OpBuilder &b, Location loc, const Layer &layer,
                   Value init) {
  auto type = RankedTensorType::get(
      {1, layer.batch(), layer.hidden()},
      cast<RankedTensorType>(layer.x.getType()).getElementType());
  if (!init)
    return zeroTensor(b, loc,
                      {b.getIndexAttr(1), b.getIndexAttr(layer.batch()),
                       b.getIndexAttr(layer.hidden())},
                      type.getElementType());
  return castIfNeeded(b, loc, init, type);
}

/// Rewrites `chain` into the block loop (and a tail for the steps left).
void rewriteChain(ArrayRef<Layer> chain, int64_t blockSteps) {
  Operation *last = chain.back().op;
  OpBuilder b(last);
  Location loc = last->getLoc();
  const Layer &first = chain.front();
  auto yType = cast<RankedTensorType>(last->getResult(0).getType());

  SmallVector<Value> states;
  for (const Layer &layer : chain) {
    states.push_back(initialState(b, loc, layer, layer.h0));
    if (layer.hasCell)
      states.push_back(initialState(b, loc, layer, layer.c0));
  }
  OpFoldResult seqLen = tensor::getMixedSize(b, loc, first.x, 0);
  SmallVector<OpFoldResult> ySizes = {seqLen, b.getIndexAttr(1),
                                      b.getIndexAttr(yType.getDimSize(2)),
                                      b.getIndexAttr(yType.getDimSize(3))};
  Value y = tensor::EmptyOp::create(b, loc, ySizes, yType.getElementType());

  // Full blocks: [0, T - T mod B).
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value step = arith::ConstantIndexOp::create(b, loc, blockSteps);
  std::optional<int64_t> staticLen = getConstantIntValue(seqLen);
  Value fullEnd;
  if (staticLen) {
    fullEnd = arith::ConstantIndexOp::create(
        b, loc, *staticLen - *staticLen % blockSteps);
  } else {
    Value len = getValueOrCreateConstantIndexOp(b, loc, seqLen);
    fullEnd = arith::MulIOp::create(
        b, loc, arith::DivUIOp::create(b, loc, len, step), step);
  }
  SmallVector<Value> inits = states;
  inits.push_back(y);
  auto loop = scf::ForOp::create(
      b, loc, zero, fullEnd, step, inits,
      [&](OpBuilder &nb, Location nloc, Value t0, ValueRange args) {
        SmallVector<Value> blockStates(args.drop_back());
        Value yBlock = emitBlock(nb, nloc, chain, t0,
                                 nb.getIndexAttr(blockSteps), blockStates);
        SmallVector<OpFoldResult> sizes = ySizes;
        sizes[0] = nb.getIndexAttr(blockSteps);
        SmallVector<Value> yields = blockStates;
        yields.push_back(insertSlice(
            nb, nloc, yBlock, args.back(),
            {t0, nb.getIndexAttr(0), nb.getIndexAttr(0), nb.getIndexAttr(0)},
            sizes));
        scf::YieldOp::create(nb, nloc, yields);
      });
  loop->setAttr("rnn.wavefront", b.getUnitAttr());
  SmallVector<Value> results(loop.getResults());
  y = results.pop_back_val();
  states = results;

  // The tail: T mod B steps (dynamic T: possibly none).
  OpFoldResult tailSteps;
  if (staticLen) {
    if (*staticLen % blockSteps)
      tailSteps = b.getIndexAttr(*staticLen % blockSteps);
  } else {
    tailSteps = arith::SubIOp::create(
                    b, loc, getValueOrCreateConstantIndexOp(b, loc, seqLen),
                    fullEnd)
                    .getResult();
  }
  if (tailSteps) {
    Value yTail = emitBlock(b, loc, chain, fullEnd, tailSteps, states);
    SmallVector<OpFoldResult> sizes = ySizes;
    sizes[0] = tailSteps;
    y = insertSlice(b, loc, yTail, y,
                    {fullEnd, b.getIndexAttr(0), b.getIndexAttr(0),
                     b.getIndexAttr(0)},
                    sizes);
  }

  unsigned next = 0;
  for (const Layer &layer : chain)
    for (unsigned i = 1; i <= layer.numStates(); ++i, ++next) {
      Value result = layer.op->getResult(i);
      result.replaceAllUsesWith(
          castIfNeeded(b, loc, states[next], result.getType()));
    }
  last->getResult(0).replaceAllUsesWith(castIfNeeded(b, loc, y, yType));
  for (const Layer &layer : llvm::reverse(chain)) {
    if (layer.link)
      layer.link->erase();
    layer.op->erase();
  }
}

/// The cost rule's block: the largest of 32, 16, 8 steps whose Y block of
/// the widest layer fits in 32 KiB (L1d), at least 8.
int64_t chooseBlockSteps(ArrayRef<Layer> chain) {
  int64_t widest = 0;
  for (const Layer &layer : chain)
    widest = std::max(widest, layer.batch() * layer.hidden());
  int64_t steps = 32;
  while (steps > 8 && steps * widest * 4 > 32 * 1024)
    steps /= 2;
  return steps;
}

struct RNNWavefrontPass : rnn::impl::RNNWavefrontBase<RNNWavefrontPass> {
  using RNNWavefrontBase::RNNWavefrontBase;

  void runOnOperation() override {
    if (blockSteps < 0 || minBlocks < 1) {
      getOperation()->emitError()
          << "rnn-wavefront: block-steps must be >= 0 (0: cost rule) and "
             "min-blocks >= 1, got "
          << static_cast<int64_t>(blockSteps) << " and "
          << static_cast<int64_t>(minBlocks);
      return signalPassFailure();
    }
    // Chains start at a layer that is not the next layer of another one.
    SmallVector<SmallVector<Layer>> chains;
    llvm::SmallPtrSet<Operation *, 8> taken;
    getOperation()->walk([&](Operation *op) {
      std::optional<Layer> layer = getLayer(op);
      if (!layer || taken.contains(op) || !isChainable(*layer))
        return;
      SmallVector<Layer> chain = {*layer};
      while (std::optional<Layer> next = nextLayer(chain.back()))
        chain.push_back(*next);
      chain.back().link = nullptr;
      for (const Layer &l : chain)
        taken.insert(l.op);
      if (chain.size() > 1)
        chains.push_back(std::move(chain));
    });
    for (ArrayRef<Layer> chain : chains) {
      if (!canRewrite(chain))
        continue;
      int64_t steps = blockSteps > 0 ? blockSteps : chooseBlockSteps(chain);
      if (maxWeightBytes > 0 &&
          llvm::any_of(chain.drop_front(), [&](const Layer &layer) {
            auto w = cast<RankedTensorType>(layer.w.getType());
            return w.hasStaticShape() &&
                   w.getNumElements() *
                       (w.getElementTypeBitWidth() / 8) >
                   maxWeightBytes;
          }))
        continue;
      auto xType = cast<RankedTensorType>(chain.front().x.getType());
      if (!xType.isDynamicDim(0) && xType.getDimSize(0) < minBlocks * steps)
        continue;
      rewriteChain(chain, steps);
    }
  }
};

} // namespace
