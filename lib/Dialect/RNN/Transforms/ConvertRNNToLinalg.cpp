//===- ConvertRNNToLinalg.cpp - cell ops to linalg matmul + epilogue ------===//
//
// Each cell becomes `h x R^T` as a transposed-B linalg.matmul followed by a
// single elementwise linalg.generic holding all gate math. Keeping the gate
// math in one generic means one pass over [N, H] per step after bufferization,
// with no temporaries for the individual gates.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"
#include "rnn/Dialect/RNN/Transforms/Transforms.h"

#include "LoweringUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_CONVERTRNNTOLINALG
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Operands of an elementwise linalg.generic over `[N, H]`: full `[N, H]`
/// tensors and `[H]` rows broadcast over the batch. Optional operands that
/// are absent get index -1 and read as null in the body.
class Epilogue {
public:
  explicit Epilogue(MLIRContext *ctx)
      : matrixMap(AffineMap::getMultiDimIdentityMap(2, ctx)),
        rowMap(AffineMap::get(2, 0, getAffineDimExpr(1, ctx), ctx)) {}

  int addMatrix(Value value) { return add(value, matrixMap); }
  int addRow(Value value) { return value ? add(value, rowMap) : -1; }

  /// Body callback: `arg(i)` is the scalar of operand `i` (null for -1).
  using BodyFn = function_ref<SmallVector<Value>(
      OpBuilder &, Location, function_ref<Value(int)> arg)>;

  /// Builds the generic with `numResults` results shaped like `like`.
  ValueRange build(OpBuilder &b, Location loc, Value like,
                   unsigned numResults, BodyFn body) {
    auto type = cast<RankedTensorType>(like.getType());
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, like);
    SmallVector<Value> outs;
    for (unsigned i = 0; i < numResults; ++i)
      outs.push_back(
          tensor::EmptyOp::create(b, loc, sizes, type.getElementType()));
    SmallVector<AffineMap> maps = indexingMaps;
    maps.append(numResults, matrixMap);
    SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange(ValueRange(outs)), inputs, outs, maps, iters,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          auto arg = [&](int i) { return i < 0 ? Value() : args[i]; };
          linalg::YieldOp::create(nb, nloc, body(nb, nloc, arg));
        });
    return generic.getResults();
  }

private:
  int add(Value value, AffineMap map) {
    inputs.push_back(value);
    indexingMaps.push_back(map);
    return inputs.size() - 1;
  }

  AffineMap matrixMap, rowMap;
  SmallVector<Value> inputs;
  SmallVector<AffineMap> indexingMaps;
};

/// Scalar helpers for epilogue bodies; `add` and `mul` skip null operands so
/// that absent biases and peepholes cost nothing.
struct ScalarMath {
  OpBuilder &b;
  Location loc;

  Value add(Value l, Value r) {
    if (!l || !r)
      return l ? l : r;
    return arith::AddFOp::create(b, loc, l, r);
  }
  Value mul(Value l, Value r) {
    if (!l || !r)
      return Value();
    return arith::MulFOp::create(b, loc, l, r);
  }
};

ActivationAttr activation(ArrayAttr acts, unsigned i) {
  return cast<ActivationAttr>(acts[i]);
}

/// Slice of gates [first, first + count) of a `[G*H]` or `[N, G*H]` tensor.
Value gateRange(OpBuilder &b, Location loc, Value source, int64_t first,
                int64_t count, OpFoldResult hidden) {
  if (count == 1)
    return gateSlice(b, loc, source, first, hidden);
  OpFoldResult width = mulIndex(b, loc, hidden, count);
  OpFoldResult offset = mulIndex(b, loc, hidden, first);
  OpFoldResult rows = tensor::getMixedSize(b, loc, source, 0);
  return extractSlice(b, loc, source, {b.getIndexAttr(0), offset},
                      {rows, width});
}

/// Rows [first * H, (first + count) * H) of `R [G*H, H]`.
Value weightRows(OpBuilder &b, Location loc, Value r, int64_t first,
                 int64_t count, OpFoldResult hidden) {
  OpFoldResult height = mulIndex(b, loc, hidden, count);
  OpFoldResult offset = mulIndex(b, loc, hidden, first);
  return extractSlice(b, loc, r, {offset, b.getIndexAttr(0)},
                      {height, tensor::getMixedSize(b, loc, r, 1)});
}

/// Gate slices `first .. first + n` of `source`, or nulls when absent.
SmallVector<Value> gateSlices(OpBuilder &b, Location loc, Value source,
                              int64_t n, OpFoldResult hidden) {
  SmallVector<Value> slices(n);
  if (source)
    for (int64_t g = 0; g < n; ++g)
      slices[g] = gateSlice(b, loc, source, g, hidden);
  return slices;
}

/// Whether the cell lowering handles weights of `type`: plain floats, or the
/// narrow forms of rnn-quantize-weights.
bool isSupportedWeight(Type type, Value h) {
  return isPlainFloatTensor(type) ||
         isNarrowWeightTensor(type, getElementTypeOrSelf(h.getType()));
}

/// R in the data element type for the matmuls. Narrow weights
/// (rnn-quantize-weights) are widened right after their definition, outside
/// the time loop; rnn-matmul-to-vector reads the narrow data through the
/// widening and emits an int8 / bf16 kernel.
Value recurrentWeights(PatternRewriter &b, Value r, Value h) {
  Type elemType = getElementTypeOrSelf(h.getType());
  if (!isNarrowWeightTensor(r.getType(), elemType))
    return r;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointAfterValue(r);
  return widenWeights(b, r.getLoc(), r, elemType);
}

/// A cell's static activation scale (rnn-quantize-weights with calibrated
/// ranges) goes to the matmuls that multiply its state, where
/// rnn-matmul-to-vector reads it. (GRU's reset-before-linear candidate
/// multiplies r (.) h; |r (.) h| <= |h| for the default sigmoid r, and the
/// kernel clamps anyway.)
Value withActivationScale(Operation *cell, Value product) {
  if (Attribute scale = cell->getAttr(kActivationScaleAttr))
    if (Operation *def = product.getDefiningOp())
      def->setAttr(kActivationScaleAttr, scale);
  return product;
}

struct LowerLSTMCell : OpRewritePattern<LSTMCellOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LSTMCellOp op,
                                PatternRewriter &b) const override {
    if (!isSupportedWeight(op.getR().getType(), op.getH()))
      return b.notifyMatchFailure(op, "R is neither float nor narrow");
    Location loc = op.getLoc();
    OpFoldResult hidden = tensor::getMixedSize(b, loc, op.getH(), 1);
    // x_gates already holds x_t W^T + Wb: accumulate h R^T into it.
    Value acc = withActivationScale(
        op, matmulTransposeB(b, loc, op.getH(),
                             recurrentWeights(b, op.getR(), op.getH()),
                             op.getXGates()));
    SmallVector<Value> pre = gateSlices(b, loc, acc, 4, hidden);      // i o f c
    SmallVector<Value> rb = gateSlices(b, loc, op.getBias(), 4, hidden);
    SmallVector<Value> peep = gateSlices(b, loc, op.getPeepholes(), 3, hidden);

    Epilogue e(b.getContext());
    int cPrev = e.addMatrix(op.getC());
    int pre0 = e.addMatrix(pre[0]);
    for (int g = 1; g < 4; ++g)
      e.addMatrix(pre[g]);
    int rb0 = e.addRow(rb[0]);
    for (int g = 1; g < 4; ++g)
      e.addRow(rb[g]);
    int pi = e.addRow(peep[0]), po = e.addRow(peep[1]), pf = e.addRow(peep[2]);

    ArrayAttr acts = op.getActivations();
    std::optional<APFloat> clip = op.getClip();
    bool inputForget = op.getInputForget();
    auto body = [&](OpBuilder &nb, Location nloc,
                    function_ref<Value(int)> arg) -> SmallVector<Value> {
      LSTMGateOperands in;
      for (int g = 0; g < 4; ++g) {
        in.pre[g] = arg(pre0 + g);
        in.bias[g] = rb0 < 0 ? Value() : arg(rb0 + g);
      }
      in.peep = {arg(pi), arg(po), arg(pf)};
      in.c = arg(cPrev);
      auto [hNext, cNext] =
          emitLSTMGateMath(nb, nloc, in, acts, clip, inputForget);
      return {hNext, cNext};
    };
    ValueRange results = e.build(b, loc, op.getH(), 2, body);
    b.replaceOp(op, {castIfNeeded(b, loc, results[0], op.getHNext().getType()),
                     castIfNeeded(b, loc, results[1], op.getCNext().getType())});
    return success();
  }
};

struct LowerGRUCell : OpRewritePattern<GRUCellOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GRUCellOp op,
                                PatternRewriter &b) const override {
    if (!isSupportedWeight(op.getR().getType(), op.getH()))
      return b.notifyMatchFailure(op, "R is neither float nor narrow");
    Value hNext = op.getLinearBeforeReset() ? lowerLinearBeforeReset(b, op)
                                            : lowerResetBeforeLinear(b, op);
    b.replaceOp(op, castIfNeeded(b, op.getLoc(), hNext,
                                 op.getHNext().getType()));
    return success();
  }

private:
  /// h~ = g(xh + r (.) (h Rh^T + Rbh)): one matmul for all three gates.
  static Value lowerLinearBeforeReset(PatternRewriter &b, GRUCellOp op) {
    Location loc = op.getLoc();
    Value h = op.getH();
    OpFoldResult hidden = tensor::getMixedSize(b, loc, h, 1);
    Type elemType = cast<RankedTensorType>(h.getType()).getElementType();
    Value zeros = zeroTensor(
        b, loc, tensor::getMixedSizes(b, loc, op.getXGates()), elemType);
    Value rec = withActivationScale(
        op, matmulTransposeB(b, loc, h, recurrentWeights(b, op.getR(), h),
                             zeros));
    SmallVector<Value> x = gateSlices(b, loc, op.getXGates(), 3, hidden);
    SmallVector<Value> r = gateSlices(b, loc, rec, 3, hidden);
    SmallVector<Value> rb = gateSlices(b, loc, op.getBias(), 3, hidden);

    Epilogue e(b.getContext());
    int hPrev = e.addMatrix(h);
    int xz = e.addMatrix(x[0]), xr = e.addMatrix(x[1]), xh = e.addMatrix(x[2]);
    int rz = e.addMatrix(r[0]), rr = e.addMatrix(r[1]), rh = e.addMatrix(r[2]);
    int bz = e.addRow(rb[0]), br = e.addRow(rb[1]), bh = e.addRow(rb[2]);
    ArrayAttr acts = op.getActivations();
    std::optional<APFloat> clip = op.getClip();
    auto body = [&](OpBuilder &nb, Location nloc,
                    function_ref<Value(int)> arg) -> SmallVector<Value> {
      GRUGateOperands in{{arg(xz), arg(xr), arg(xh)},
                         {arg(rz), arg(rr), arg(rh)},
                         {arg(bz), arg(br), arg(bh)},
                         arg(hPrev)};
      return {emitGRUGateMath(nb, nloc, in, acts, clip)};
    };
    return e.build(b, loc, h, 1, body)[0];
  }

  /// h~ = g(xh + (r (.) h) Rh^T + Rbh): the candidate matmul needs r first,
  /// so z and r come from a first matmul and a small generic computing
  /// r (.) h, then a second matmul feeds the epilogue.
  static Value lowerResetBeforeLinear(PatternRewriter &b, GRUCellOp op) {
    Location loc = op.getLoc();
    Value h = op.getH();
    OpFoldResult hidden = tensor::getMixedSize(b, loc, h, 1);
    Value xg = op.getXGates();
    Value weights = recurrentWeights(b, op.getR(), h);
    Value zr = withActivationScale(
        op, matmulTransposeB(b, loc, h,
                             weightRows(b, loc, weights, 0, 2, hidden),
                             gateRange(b, loc, xg, 0, 2, hidden)));
    SmallVector<Value> pre = gateSlices(b, loc, zr, 2, hidden);
    SmallVector<Value> rb = gateSlices(b, loc, op.getBias(), 3, hidden);
    ArrayAttr acts = op.getActivations();
    std::optional<APFloat> clip = op.getClip();

    Epilogue reset(b.getContext());
    int rPre = reset.addMatrix(pre[1]), hPrev = reset.addMatrix(h);
    int br = reset.addRow(rb[1]);
    auto resetBody = [&](OpBuilder &nb, Location nloc,
                         function_ref<Value(int)> arg) -> SmallVector<Value> {
      ScalarMath m{nb, nloc};
      Value r = emitGate(nb, nloc, activation(acts, 0),
                         m.add(arg(rPre), arg(br)), clip);
      return {m.mul(r, arg(hPrev))};
    };
    Value resetH = reset.build(b, loc, h, 1, resetBody)[0];
    Value cand = withActivationScale(
        op, matmulTransposeB(b, loc, resetH,
                             weightRows(b, loc, weights, 2, 1, hidden),
                             gateSlice(b, loc, xg, 2, hidden)));

    Epilogue e(b.getContext());
    int zPre = e.addMatrix(pre[0]), hPre = e.addMatrix(cand);
    int h0 = e.addMatrix(h);
    int bz = e.addRow(rb[0]), bh = e.addRow(rb[2]);
    auto body = [&](OpBuilder &nb, Location nloc,
                    function_ref<Value(int)> arg) -> SmallVector<Value> {
      ScalarMath m{nb, nloc};
      Value z = emitGate(nb, nloc, activation(acts, 0),
                         m.add(arg(zPre), arg(bz)), clip);
      Value hc = emitGate(nb, nloc, activation(acts, 1),
                          m.add(arg(hPre), arg(bh)), clip);
      return {emitGRUUpdate(nb, nloc, z, hc, arg(h0))};
    };
    return e.build(b, loc, h, 1, body)[0];
  }
};

struct LowerRNNCell : OpRewritePattern<RNNCellOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RNNCellOp op,
                                PatternRewriter &b) const override {
    if (!isSupportedWeight(op.getR().getType(), op.getH()))
      return b.notifyMatchFailure(op, "R is neither float nor narrow");
    Location loc = op.getLoc();
    Value acc = withActivationScale(
        op, matmulTransposeB(b, loc, op.getH(),
                             recurrentWeights(b, op.getR(), op.getH()),
                             op.getXGates()));
    Epilogue e(b.getContext());
    int pre = e.addMatrix(acc), bias = e.addRow(op.getBias());
    ActivationAttr f = activation(op.getActivations(), 0);
    std::optional<APFloat> clip = op.getClip();
    auto body = [&](OpBuilder &nb, Location nloc,
                    function_ref<Value(int)> arg) -> SmallVector<Value> {
      ScalarMath m{nb, nloc};
      return {emitGate(nb, nloc, f, m.add(arg(pre), arg(bias)), clip)};
    };
    Value hNext = e.build(b, loc, op.getH(), 1, body)[0];
    b.replaceOp(op, castIfNeeded(b, loc, hNext, op.getHNext().getType()));
    return success();
  }
};

struct ConvertRNNToLinalgPass
    : rnn::impl::ConvertRNNToLinalgBase<ConvertRNNToLinalgPass> {
  void runOnOperation() override {
    bool unsupported = false;
    getOperation()->walk([&](Operation *op) {
      if (isa<LSTMCellOp, GRUCellOp, RNNCellOp>(op) &&
          !isSupportedWeight(
              op->getOperand(isa<LSTMCellOp>(op) ? 3 : 2).getType(),
              op->getOperand(1))) {
        op->emitOpError("with sparse weights cannot be lowered yet");
        unsupported = true;
      }
    });
    if (unsupported)
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    populateRNNCellToLinalgPatterns(patterns);
    ConversionTarget target(getContext());
    target.addIllegalOp<LSTMCellOp, GRUCellOp, RNNCellOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void rnn::populateRNNCellToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerLSTMCell, LowerGRUCell, LowerRNNCell>(
      patterns.getContext());
}
