//===- ExpandSequences.cpp - sequence ops to projection, loop and cells ---===//
//
// A recurrent layer spends most of its arithmetic on the input projection
// X_t * W^T, which does not depend on the recurrence. Hoisting it out of the
// time loop turns T small matrix products into one large one per direction;
// only h * R^T and the gate math stay in the loop, inside a cell op.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"
#include "rnn/Dialect/RNN/Transforms/Transforms.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

#include <numeric>

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNEXPANDSEQUENCES
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Sizes shared by every direction of one sequence op.
struct SeqShape {
  OpFoldResult seqLen; // T
  OpFoldResult batch;  // N
  int64_t hidden;      // H
  int64_t gates;       // G
  Type elemType;

  /// The `[N, H]` state type, as static as X allows.
  RankedTensorType stateType() const {
    int64_t n = ShapedType::kDynamic;
    if (auto attr = dyn_cast<Attribute>(batch))
      n = cast<IntegerAttr>(attr).getInt();
    return RankedTensorType::get({n, hidden}, elemType);
  }
};

/// What the time loop needs of one direction.
struct DirectionInputs {
  bool reverse = false;
  Value proj;      // [T, N, G*H]: x_t * W^T + Wb for every t
  Value r;         // [G*H, H]
  Value rBias;     // [G*H], or null
  Value peepholes; // [3H], or null (LSTM only)
  Value h0, c0;    // [N, H]; c0 is null unless LSTM
  ArrayAttr acts;
  int64_t dir = 0;
};

/// Slice [dir, offset : offset + width) of a `[D, K]` operand as `[width]`.
Value rowSlice(OpBuilder &b, Location loc, Value source, int64_t dir,
               int64_t offset, int64_t width) {
  return extractSlice(b, loc, source,
                      {b.getIndexAttr(dir), b.getIndexAttr(offset)},
                      {b.getIndexAttr(1), b.getIndexAttr(width)},
                      /*dropLeading=*/1);
}

/// Slice [dir] of a `[D, A, B]` operand as `[A, B]`.
Value dirSlice(OpBuilder &b, Location loc, Value source, int64_t dir) {
  return extractSlice(b, loc, source,
                      {b.getIndexAttr(dir), b.getIndexAttr(0),
                       b.getIndexAttr(0)},
                      {b.getIndexAttr(1),
                       tensor::getMixedSize(b, loc, source, 1),
                       tensor::getMixedSize(b, loc, source, 2)},
                      /*dropLeading=*/1);
}

/// Direction `dir`'s rows of an imported integer quantization of W or R
/// (kWScalesAttr / kRScalesAttr on the sequence op) onto the op that uses
/// that direction's matrix, as kWeightScalesAttr / kWeightZeroPointsAttr.
void copyRowQuantization(Operation *seqOp, StringRef scalesName,
                         StringRef zeroPointsName, int64_t dir, int64_t rows,
                         Operation *to) {
  auto scales = seqOp->getAttrOfType<DenseF64ArrayAttr>(scalesName);
  auto zeroPoints = seqOp->getAttrOfType<DenseI64ArrayAttr>(zeroPointsName);
  if (!scales || !zeroPoints || rows <= 0 ||
      scales.size() < (dir + 1) * rows ||
      zeroPoints.size() < (dir + 1) * rows)
    return;
  Builder b(seqOp->getContext());
  to->setAttr(kWeightScalesAttr,
              b.getDenseF64ArrayAttr(
                  scales.asArrayRef().slice(dir * rows, rows)));
  to->setAttr(kWeightZeroPointsAttr,
              b.getDenseI64ArrayAttr(
                  zeroPoints.asArrayRef().slice(dir * rows, rows)));
}

/// The imported static activation scale `name` (kXScaleAttr / kHScaleAttr
/// on the sequence op) onto `to`, as kImportedActivationScaleAttr.
void copyActivationScale(Operation *seqOp, StringRef name, Operation *to) {
  if (Attribute scale = seqOp->getAttr(name))
    to->setAttr(kImportedActivationScaleAttr, scale);
}

/// `X [T, N, I] x W_dir^T + Wb_dir` as `[T, N, G*H]`: one product over all
/// time steps, accumulating into the broadcast input bias. Normally a
/// transposed-B matmul over the collapsed `[T*N, I]` input (the form that
/// rnn-matmul-to-vector turns into a packed kernel). When both T and N are
/// dynamic it is a 3-D contraction instead: expanding `T*N` back into two
/// dynamic dims crashes upstream `expand-strided-metadata` in LLVM 22.
Value projectInput(OpBuilder &b, Location loc, const SeqShape &shape, Value x,
                   Value w, Value bias, int64_t dir, Operation *seqOp) {
  int64_t gh = shape.gates * shape.hidden;
  Value wDir = dirSlice(b, loc, w, dir);
  auto xType = cast<RankedTensorType>(x.getType());
  bool bothDynamic = xType.isDynamicDim(0) && xType.isDynamicDim(1);
  SmallVector<OpFoldResult> projSizes = {shape.seqLen, shape.batch,
                                         b.getIndexAttr(gh)};
  Value rows = x;
  SmallVector<OpFoldResult> accSizes = projSizes;
  if (!bothDynamic) {
    rows = tensor::CollapseShapeOp::create(
        b, loc, x, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    accSizes = {tensor::getMixedSize(b, loc, rows, 0), b.getIndexAttr(gh)};
  }
  Value acc;
  if (bias) {
    Value empty = tensor::EmptyOp::create(b, loc, accSizes, shape.elemType);
    Value wb = rowSlice(b, loc, bias, dir, 0, gh);
    SmallVector<int64_t> dims(accSizes.size() - 1);
    std::iota(dims.begin(), dims.end(), 0);
    acc = linalg::BroadcastOp::create(b, loc, wb, empty, dims).getResult()[0];
  } else {
    acc = zeroTensor(b, loc, accSizes, shape.elemType);
  }
  if (!bothDynamic) {
    Value flat = matmulTransposeB(b, loc, rows, wDir, acc);
    flat.getDefiningOp()->setAttr(kInputProjectionAttr, b.getUnitAttr());
    copyRowQuantization(seqOp, kWScalesAttr, kWZeroPointsAttr, dir, gh,
                        flat.getDefiningOp());
    copyActivationScale(seqOp, kXScaleAttr, flat.getDefiningOp());
    auto projType = RankedTensorType::get(
        {xType.getDimSize(0), xType.getDimSize(1), gh}, shape.elemType);
    return tensor::ExpandShapeOp::create(
        b, loc, projType, flat, ArrayRef<ReassociationIndices>{{0, 1}, {2}},
        projSizes);
  }
  MLIRContext *ctx = b.getContext();
  AffineExpr t, n, g, i;
  bindDims(ctx, t, n, g, i);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {t, n, i}, ctx),
                                 AffineMap::get(4, 0, {g, i}, ctx),
                                 AffineMap::get(4, 0, {t, n, g}, ctx)};
  SmallVector<utils::IteratorType> iters(3, utils::IteratorType::parallel);
  iters.push_back(utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{acc.getType()}, ValueRange{x, wDir},
             ValueRange{acc}, maps, iters,
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               Value prod = arith::MulFOp::create(nb, nloc, args[0], args[1]);
               Value sum = arith::AddFOp::create(nb, nloc, args[2], prod);
               linalg::YieldOp::create(nb, nloc, sum);
             })
      .getResult(0);
}

/// Initial state of `dir`: the given `[D, N, H]` operand's slice, or zeros.
Value initialState(OpBuilder &b, Location loc, const SeqShape &shape,
                   Value init, int64_t dir) {
  if (!init)
    return zeroTensor(b, loc, {shape.batch, b.getIndexAttr(shape.hidden)},
                      shape.elemType);
  return castIfNeeded(b, loc, dirSlice(b, loc, init, dir), shape.stateType());
}

/// Per-direction inputs common to the three layer kinds.
template <typename OpTy>
DirectionInputs directionInputs(OpBuilder &b, Location loc, OpTy op,
                                const SeqShape &shape, int64_t dir) {
  DirectionInputs in;
  int64_t gh = shape.gates * shape.hidden;
  in.reverse = op.getDirection() == Direction::reverse || dir == 1;
  in.proj = projectInput(b, loc, shape, op.getX(), op.getW(), op.getBias(),
                         dir, op);
  in.dir = dir;
  in.r = dirSlice(b, loc, op.getR(), dir);
  if (Value bias = op.getBias())
    in.rBias = rowSlice(b, loc, bias, dir, gh, gh);
  in.h0 = initialState(b, loc, shape, op.getInitialH(), dir);
  in.acts = b.getArrayAttr(SmallVector<Attribute>(
      llvm::map_range(op.getDirectionActivations(dir),
                      [](ActivationAttr a) -> Attribute { return a; })));
  if constexpr (std::is_same_v<OpTy, LSTMOp>) {
    in.c0 = initialState(b, loc, shape, op.getInitialC(), dir);
    if (Value p = op.getPeepholes())
      in.peepholes = rowSlice(b, loc, p, dir, 0, 3 * shape.hidden);
  }
  return in;
}

/// The recurrent state of one direction: h, plus c for LSTM.
struct State {
  Value h, c;
};

/// Emits the cell op of one step of one direction.
template <typename OpTy>
State emitCell(OpBuilder &b, Location loc, OpTy op, const DirectionInputs &in,
               Value xGates, State prev) {
  Type type = prev.h.getType();
  int64_t rows = cast<RankedTensorType>(in.r.getType()).getDimSize(0);
  auto withQuantization = [&](Operation *cell) {
    copyRowQuantization(op, kRScalesAttr, kRZeroPointsAttr, in.dir, rows,
                        cell);
    copyActivationScale(op, kHScaleAttr, cell);
  };
  if constexpr (std::is_same_v<OpTy, LSTMOp>) {
    auto cell = LSTMCellOp::create(
        b, loc, type, type, xGates, prev.h, prev.c, in.r, in.rBias,
        in.peepholes, in.acts, op.getClipAttr(), op.getInputForgetAttr());
    withQuantization(cell);
    return {cell.getHNext(), cell.getCNext()};
  } else if constexpr (std::is_same_v<OpTy, GRUOp>) {
    auto cell =
        GRUCellOp::create(b, loc, type, xGates, prev.h, in.r, in.rBias,
                          in.acts, op.getClipAttr(),
                          op.getLinearBeforeResetAttr());
    withQuantization(cell);
    return {cell.getHNext(), Value()};
  } else {
    auto cell = RNNCellOp::create(b, loc, type, xGates, prev.h, in.r,
                                  in.rBias, in.acts, op.getClipAttr());
    withQuantization(cell);
    return {cell.getHNext(), Value()};
  }
}

/// Applies sequence_lens to one step: batch entries with `step >= lens[n]`
/// keep `prev` and get a zero Y row. Returns the masked state and the Y row.
/// Reverse directions need no extra care: walking T-1..0 they keep their
/// initial state until they reach their own last valid step.
std::pair<State, Value> maskStep(OpBuilder &b, Location loc, Value lens,
                                 Value step, State next, State prev) {
  MLIRContext *ctx = b.getContext();
  Type lensElem = cast<RankedTensorType>(lens.getType()).getElementType();
  Value stepInt = arith::IndexCastOp::create(b, loc, lensElem, step);
  auto type = cast<RankedTensorType>(next.h.getType());
  Type elemType = type.getElementType();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, next.h);
  bool hasC = static_cast<bool>(next.c);

  SmallVector<Value> inputs = {lens, next.h, prev.h};
  if (hasC)
    inputs.append({next.c, prev.c});
  SmallVector<Value> outputs(hasC ? 3 : 2);
  for (Value &out : outputs)
    out = tensor::EmptyOp::create(b, loc, sizes, elemType);

  AffineMap identity = AffineMap::getMultiDimIdentityMap(2, ctx);
  AffineMap batchOnly = AffineMap::get(2, 0, getAffineDimExpr(0, ctx), ctx);
  SmallVector<AffineMap> maps = {batchOnly};
  maps.append(inputs.size() - 1 + outputs.size(), identity);
  SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);

  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange(ValueRange(outputs)), inputs, outputs, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value valid = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::slt,
                                            stepInt, args[0]);
        Value zero = floatConst(nb, nloc, elemType, 0.0);
        SmallVector<Value> results = {
            arith::SelectOp::create(nb, nloc, valid, args[1], args[2])};
        if (hasC)
          results.push_back(
              arith::SelectOp::create(nb, nloc, valid, args[3], args[4]));
        results.push_back(
            arith::SelectOp::create(nb, nloc, valid, args[1], zero));
        linalg::YieldOp::create(nb, nloc, results);
      });
  State masked = {generic.getResult(0), hasC ? generic.getResult(1) : Value()};
  return {masked, generic.getResults().back()};
}

/// Stacks the per-direction states `[N, H]` into a `[D, N, H]` result.
Value stackDirections(OpBuilder &b, Location loc, const SeqShape &shape,
                      ArrayRef<Value> perDir, Type resultType) {
  int64_t numDirs = perDir.size();
  OpFoldResult hidden = b.getIndexAttr(shape.hidden);
  Value stacked = tensor::EmptyOp::create(
      b, loc, {b.getIndexAttr(numDirs), shape.batch, hidden}, shape.elemType);
  for (auto [dir, state] : llvm::enumerate(perDir))
    stacked = insertSlice(b, loc, state, stacked,
                          {b.getIndexAttr(dir), b.getIndexAttr(0),
                           b.getIndexAttr(0)},
                          {b.getIndexAttr(1), shape.batch, hidden});
  return castIfNeeded(b, loc, stacked, resultType);
}

template <typename OpTy>
struct ExpandSequence : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!isPlainFloatTensor(op.getW().getType()) ||
        !isPlainFloatTensor(op.getR().getType()))
      return rewriter.notifyMatchFailure(op, "weights are not plain floats");
    Location loc = op.getLoc();
    Value x = op.getX();
    SeqShape shape{tensor::getMixedSize(rewriter, loc, x, 0),
                   tensor::getMixedSize(rewriter, loc, x, 1),
                   static_cast<int64_t>(op.getHiddenSize()), OpTy::kNumGates,
                   cast<RankedTensorType>(x.getType()).getElementType()};

    SmallVector<DirectionInputs> dirs;
    for (int64_t d = 0, e = op.getNumDirections(); d < e; ++d)
      dirs.push_back(directionInputs(rewriter, loc, op, shape, d));

    SmallVector<State> finals = emitTimeLoop(rewriter, loc, op, shape, dirs);
    replaceResults(rewriter, loc, op, shape, finals);
    return success();
  }

private:
  static constexpr bool kHasCell = std::is_same_v<OpTy, LSTMOp>;

  /// Builds the scf.for over time. Iter args: (h_d, [c_d])* then Y. Returns
  /// the final states and appends Y as a state with only `h` set.
  SmallVector<State> emitTimeLoop(PatternRewriter &b, Location loc, OpTy op,
                                  const SeqShape &shape,
                                  ArrayRef<DirectionInputs> dirs) const {
    int64_t numDirs = dirs.size();
    OpFoldResult hidden = b.getIndexAttr(shape.hidden);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value seqLen = getValueOrCreateConstantIndexOp(b, loc, shape.seqLen);
    Value lastStep = arith::SubIOp::create(b, loc, seqLen, one);

    SmallVector<Value> inits;
    for (const DirectionInputs &in : dirs) {
      inits.push_back(in.h0);
      if (kHasCell)
        inits.push_back(in.c0);
    }
    inits.push_back(tensor::EmptyOp::create(
        b, loc, {shape.seqLen, b.getIndexAttr(numDirs), shape.batch, hidden},
        shape.elemType));
    unsigned stride = kHasCell ? 2 : 1;

    auto loop = scf::ForOp::create(
        b, loc, zero, seqLen, one, inits,
        [&](OpBuilder &nb, Location nloc, Value t, ValueRange args) {
          SmallVector<Value> yields;
          Value y = args.back();
          for (auto [d, in] : llvm::enumerate(dirs)) {
            Value step =
                in.reverse ? arith::SubIOp::create(nb, nloc, lastStep, t) : t;
            State prev = {args[d * stride],
                          kHasCell ? args[d * stride + 1] : Value()};
            auto [next, yRow] =
                emitStep(nb, nloc, op, shape, in, step, prev);
            yields.push_back(next.h);
            if (kHasCell)
              yields.push_back(next.c);
            y = insertSlice(nb, nloc, yRow, y,
                            {step, nb.getIndexAttr(d), nb.getIndexAttr(0),
                             nb.getIndexAttr(0)},
                            {nb.getIndexAttr(1), nb.getIndexAttr(1),
                             shape.batch, hidden});
          }
          yields.push_back(y);
          scf::YieldOp::create(nb, nloc, yields);
        });

    // Backends that treat the recurrence specially (the HLS report counts
    // cycles per step) find the loop by this mark; it survives
    // bufferization, which leaves the loop without iter_args once the state
    // is updated in place.
    loop->setAttr(kTimeLoopAttr, b.getUnitAttr());

    SmallVector<State> finals;
    for (int64_t d = 0; d < numDirs; ++d)
      finals.push_back({loop.getResult(d * stride),
                        kHasCell ? loop.getResult(d * stride + 1) : Value()});
    finals.push_back({loop.getResults().back(), Value()});
    return finals;
  }

  /// One step of one direction: slice the projected input, run the cell and
  /// apply sequence_lens. Returns the new state and the Y row.
  std::pair<State, Value> emitStep(OpBuilder &b, Location loc, OpTy op,
                                   const SeqShape &shape,
                                   const DirectionInputs &in, Value step,
                                   State prev) const {
    int64_t gh = shape.gates * shape.hidden;
    Value xGates = extractSlice(
        b, loc, in.proj, {step, b.getIndexAttr(0), b.getIndexAttr(0)},
        {b.getIndexAttr(1), shape.batch, b.getIndexAttr(gh)},
        /*dropLeading=*/1);
    State next = emitCell(b, loc, op, in, xGates, prev);
    if (Value lens = op.getSequenceLens())
      return maskStep(b, loc, lens, step, next, prev);
    return {next, next.h};
  }

  void replaceResults(PatternRewriter &b, Location loc, OpTy op,
                      const SeqShape &shape, ArrayRef<State> finals) const {
    ArrayRef<State> perDir = finals.drop_back();
    SmallVector<Value> hs, cs;
    for (const State &s : perDir) {
      hs.push_back(s.h);
      cs.push_back(s.c);
    }
    SmallVector<Value> results = {
        castIfNeeded(b, loc, finals.back().h, op.getY().getType()),
        stackDirections(b, loc, shape, hs, op.getYH().getType())};
    if constexpr (kHasCell)
      results.push_back(
          stackDirections(b, loc, shape, cs, op.getYC().getType()));
    b.replaceOp(op, results);
  }
};

struct RNNExpandSequencesPass
    : rnn::impl::RNNExpandSequencesBase<RNNExpandSequencesPass> {
  void runOnOperation() override {
    // Report unsupported weights by name instead of the generic "failed to
    // legalize" that the conversion driver would print.
    bool unsupported = false;
    getOperation()->walk([&](Operation *op) {
      if (!isa<LSTMOp, GRUOp, RNNOp>(op))
        return;
      for (unsigned i : {1u, 2u})
        if (!isPlainFloatTensor(op->getOperand(i).getType())) {
          op->emitOpError("with quantized or sparse weights cannot be "
                          "expanded yet");
          unsupported = true;
          return;
        }
    });
    if (unsupported)
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    populateExpandSequencesPatterns(patterns);
    ConversionTarget target(getContext());
    target.addIllegalOp<LSTMOp, GRUOp, RNNOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void rnn::populateExpandSequencesPatterns(RewritePatternSet &patterns) {
  patterns.add<ExpandSequence<LSTMOp>, ExpandSequence<GRUOp>,
               ExpandSequence<RNNOp>>(patterns.getContext());
}
