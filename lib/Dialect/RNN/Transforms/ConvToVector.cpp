//===- ConvToVector.cpp - register-blocked direct 2-D convolution ---------===//
//
// The importer expresses ONNX Conv as a linalg.generic over
// (n, m, c, oh, ow, kh, kw). Lowered as loops, every step of the channel
// reduction loads and stores a whole output row (the accumulator lives in
// memory), so a convolution runs at the speed of its output traffic. This
// pass emits, for 2-D convolutions whose output width is contiguous in the
// input (stride 1 along the last dim, group 1), a kernel with the
// accumulators in registers:
//
//   for n, oh, blocks of FB output channels, blocks of WB x V output columns:
//     acc[FB][WB] = out[n, m0.., oh, ow0..]            (V-wide vectors)
//     for c, kh:
//       for kw (unrolled):
//         x[wb] = input row segment at (ih, ow0 + wb*V + kw*dw + off)
//         w[fb] = broadcast weight (m0 + fb, c, kh, kw)
//         acc[fb][wb] += x[wb] * w[fb]                  (FB x WB FMAs)
//     out[...] = acc
//
// Each input vector feeds FB FMAs and each broadcast weight WB FMAs, so the
// kernel is bound by FMA throughput rather than loads. Column tails are
// masked transfers (the input is already zero padded by the importer).
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "ConvToVector.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNCONVTOVECTOR
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

/// Adds `scale` times `expr` to `coeffs` (7 loop dims, then the constant);
/// fails unless `expr` is a sum of dims times constants plus a constant.
bool addLinear(AffineExpr expr, int64_t scale, SmallVector<int64_t> &coeffs) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    if (dim.getPosition() >= 7)
      return false;
    coeffs[dim.getPosition()] += scale;
    return true;
  }
  if (auto cst = dyn_cast<AffineConstantExpr>(expr)) {
    coeffs[7] += scale * cst.getValue();
    return true;
  }
  auto bin = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!bin)
    return false;
  if (bin.getKind() == AffineExprKind::Add)
    return addLinear(bin.getLHS(), scale, coeffs) &&
           addLinear(bin.getRHS(), scale, coeffs);
  if (bin.getKind() == AffineExprKind::Mul) {
    if (auto c = dyn_cast<AffineConstantExpr>(bin.getRHS()))
      return addLinear(bin.getLHS(), scale * c.getValue(), coeffs);
    if (auto c = dyn_cast<AffineConstantExpr>(bin.getLHS()))
      return addLinear(bin.getRHS(), scale * c.getValue(), coeffs);
  }
  return false;
}

/// Coefficients of the 7 loop dims and the constant of an affine expression
/// that is linear in them (no symbols, no floordiv / mod).
std::optional<SmallVector<int64_t>> linearCoefficients(AffineExpr expr) {
  SmallVector<int64_t> coeffs(8, 0);
  if (!addLinear(expr, 1, coeffs))
    return std::nullopt;
  return coeffs;
}

} // namespace

bool rnn::hasStaticF32Operands(linalg::GenericOp op) {
  auto xType = cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  auto wType = cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  auto outType = cast<RankedTensorType>(op.getDpsInits()[0].getType());
  return xType.getElementType().isF32() && wType.getElementType().isF32() &&
         outType.getElementType().isF32() && wType.hasStaticShape() &&
         !llvm::any_of(outType.getShape().drop_front(),
                       ShapedType::isDynamic) &&
         !llvm::any_of(xType.getShape().drop_front(), ShapedType::isDynamic);
}

std::optional<rnn::Conv2D> rnn::matchConv2D(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 7 || !op.hasPureTensorSemantics())
    return std::nullopt;
  using IT = utils::IteratorType;
  SmallVector<IT> expected = {IT::parallel, IT::parallel,  IT::reduction,
                              IT::parallel, IT::parallel,  IT::reduction,
                              IT::reduction};
  if (op.getIteratorTypesArray() != expected)
    return std::nullopt;
  // Body: out + x * w.
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return std::nullopt;
  auto mul = dyn_cast<arith::MulFOp>(body.front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  if (!mul || !add ||
      !((mul.getLhs() == body.getArgument(0) &&
         mul.getRhs() == body.getArgument(1)) ||
        (mul.getLhs() == body.getArgument(1) &&
         mul.getRhs() == body.getArgument(0))) ||
      !((add.getLhs() == body.getArgument(2) && add.getRhs() == mul) ||
        (add.getRhs() == body.getArgument(2) && add.getLhs() == mul)))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  if (maps[1] != AffineMap::get(7, 0, {d(1), d(2), d(5), d(6)}, ctx) ||
      maps[2] != AffineMap::get(7, 0, {d(0), d(1), d(3), d(4)}, ctx) ||
      maps[0].getNumResults() != 4 || maps[0].getResult(0) != d(0) ||
      maps[0].getResult(1) != d(2))
    return std::nullopt;
  auto h = linearCoefficients(maps[0].getResult(2));
  auto w = linearCoefficients(maps[0].getResult(3));
  if (!h || !w)
    return std::nullopt;
  // ih depends on oh and kh only, iw on ow (coefficient 1) and kw only.
  for (unsigned i : {0u, 1u, 2u, 4u, 6u})
    if ((*h)[i] != 0)
      return std::nullopt;
  for (unsigned i : {0u, 1u, 2u, 3u, 5u})
    if ((*w)[i] != 0)
      return std::nullopt;
  if ((*w)[4] != 1 || (*h)[3] < 1 || (*h)[5] < 1 || (*w)[6] < 1)
    return std::nullopt;
  return rnn::Conv2D{(*h)[3], (*h)[5], (*h)[7], (*w)[6], (*w)[7]};
}

namespace {

Value idx(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

struct ConvToVector : OpRewritePattern<linalg::GenericOp> {
  ConvToVector(MLIRContext *ctx, int64_t lanes, int64_t registers)
      : OpRewritePattern(ctx), lanes(lanes), registers(registers) {}

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<rnn::Conv2D> conv = rnn::matchConv2D(op);
    if (!conv)
      return rewriter.notifyMatchFailure(op, "not a 2-D group-1 convolution "
                                             "with unit stride along width");
    Value x = op.getDpsInputs()[0], w = op.getDpsInputs()[1];
    Value out = op.getDpsInits()[0];
    if (!rnn::hasStaticF32Operands(op))
      return rewriter.notifyMatchFailure(op, "f32 with static C, H, W");
    auto wType = cast<RankedTensorType>(w.getType());
    auto outType = cast<RankedTensorType>(out.getType());
    int64_t m = wType.getDimSize(0), c = wType.getDimSize(1);
    int64_t kh = wType.getDimSize(2), kw = wType.getDimSize(3);
    int64_t oh = outType.getDimSize(2), ow = outType.getDimSize(3);
    int64_t v = lanes;
    // Output columns per block (in vectors) and output channels per block
    // (a divisor of M).
    int64_t wb = std::min<int64_t>(llvm::divideCeil(ow, v), 6);
    // Live at once: FB x WB accumulators, FB broadcast weights and WB input
    // vectors; more than the register file spills accumulators.
    int64_t fb = 1;
    for (int64_t f = 8; f >= 1; --f)
      if (m % f == 0 && f * wb + f + wb <= registers) {
        fb = f;
        break;
      }
    int64_t colBlock = wb * v;
    Location loc = op.getLoc();
    auto vecType = VectorType::get({v}, rewriter.getF32Type());
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getF32FloatAttr(0.0f));
    Value c0 = idx(rewriter, loc, 0), c1 = idx(rewriter, loc, 1);
    Value n = tensor::DimOp::create(rewriter, loc, out, 0);
    int64_t fullEnd = ow - ow % colBlock;

    // One block: FB channels from m0, `wb` vectors of columns from col0;
    // `masked` for the tail block, whose last vectors reach past the output
    // row (and the input row).
    auto block = [&](OpBuilder &b, Location loc, Value nIdx, Value ohIdx,
                     Value m0, Value col0, Value acc, int64_t wb,
                     bool masked) -> Value {
      SmallVector<Value> rows, cols;
      for (int64_t f = 0; f < fb; ++f)
        rows.push_back(f == 0 ? m0
                              : arith::AddIOp::create(b, loc, m0,
                                                      idx(b, loc, f))
                                    .getResult());
      for (int64_t j = 0; j < wb; ++j)
        cols.push_back(j == 0 ? col0
                              : arith::AddIOp::create(b, loc, col0,
                                                      idx(b, loc, j * v))
                                    .getResult());
      SmallVector<Value> init;
      for (int64_t f = 0; f < fb; ++f)
        for (int64_t j = 0; j < wb; ++j)
          init.push_back(vector::TransferReadOp::create(
              b, loc, vecType, acc, ValueRange{nIdx, rows[f], ohIdx, cols[j]},
              zero, ArrayRef<bool>{!masked}));
      // ih0 = oh * strideH + offH.
      Value ih0 = arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, ohIdx, idx(b, loc, conv->strideH)),
          idx(b, loc, conv->offH));
      auto cLoop = scf::ForOp::create(
          b, loc, c0, idx(b, loc, c), c1, init,
          [&](OpBuilder &b, Location loc, Value ch, ValueRange accC) {
            auto hLoop = scf::ForOp::create(
                b, loc, c0, idx(b, loc, kh), c1, accC,
                [&](OpBuilder &b, Location loc, Value r, ValueRange accs) {
                  Value ih = arith::AddIOp::create(
                      b, loc, ih0,
                      arith::MulIOp::create(b, loc, r,
                                            idx(b, loc, conv->dilH)));
                  SmallVector<Value> next(accs);
                  for (int64_t s = 0; s < kw; ++s) {
                    SmallVector<Value> wv;
                    for (int64_t f = 0; f < fb; ++f) {
                      Value scalar = tensor::ExtractOp::create(
                          b, loc, w,
                          ValueRange{rows[f], ch, r, idx(b, loc, s)});
                      wv.push_back(
                          vector::BroadcastOp::create(b, loc, vecType, scalar));
                    }
                    for (int64_t j = 0; j < wb; ++j) {
                      Value iw = arith::AddIOp::create(
                          b, loc, cols[j],
                          idx(b, loc, s * conv->dilW + conv->offW));
                      Value xv = vector::TransferReadOp::create(
                          b, loc, vecType, x, ValueRange{nIdx, ch, ih, iw},
                          zero, ArrayRef<bool>{!masked});
                      for (int64_t f = 0; f < fb; ++f)
                        next[f * wb + j] = vector::FMAOp::create(
                            b, loc, xv, wv[f], next[f * wb + j]);
                    }
                  }
                  scf::YieldOp::create(b, loc, next);
                });
            scf::YieldOp::create(b, loc, hLoop.getResults());
          });
      Value result = acc;
      for (int64_t f = 0; f < fb; ++f)
        for (int64_t j = 0; j < wb; ++j)
          result = vector::TransferWriteOp::create(
                       b, loc, cLoop.getResult(f * wb + j), result,
                       ValueRange{nIdx, rows[f], ohIdx, cols[j]},
                       ArrayRef<bool>{!masked})
                       .getResult();
      return result;
    };

    auto nLoop = scf::ForOp::create(
        rewriter, loc, c0, n, c1, ValueRange{out},
        [&](OpBuilder &b, Location loc, Value nIdx, ValueRange a0) {
          auto hLoop = scf::ForOp::create(
              b, loc, c0, idx(b, loc, oh), c1, a0,
              [&](OpBuilder &b, Location loc, Value ohIdx, ValueRange a1) {
                auto mLoop = scf::ForOp::create(
                    b, loc, c0, idx(b, loc, m), idx(b, loc, fb), a1,
                    [&](OpBuilder &b, Location loc, Value m0, ValueRange a2) {
                      auto colLoop = scf::ForOp::create(
                          b, loc, c0, idx(b, loc, fullEnd),
                          idx(b, loc, colBlock), a2,
                          [&](OpBuilder &b, Location loc, Value col0,
                              ValueRange a3) {
                            scf::YieldOp::create(
                                b, loc,
                                block(b, loc, nIdx, ohIdx, m0, col0, a3[0],
                                      wb, /*masked=*/false));
                          });
                      Value result = colLoop.getResult(0);
                      if (fullEnd != ow)
                        result = block(b, loc, nIdx, ohIdx, m0,
                                       idx(b, loc, fullEnd), result,
                                       llvm::divideCeil(ow - fullEnd, v),
                                       /*masked=*/true);
                      scf::YieldOp::create(b, loc, result);
                    });
                scf::YieldOp::create(b, loc, mLoop.getResults());
              });
          scf::YieldOp::create(b, loc, hLoop.getResults());
        });
    rewriter.replaceOp(op, nLoop.getResults());
    return success();
  }

  int64_t lanes, registers;
};

struct RNNConvToVectorPass
    : rnn::impl::RNNConvToVectorBase<RNNConvToVectorPass> {
  using Base::Base;
  void runOnOperation() override {
    if (lanes < 1 || registers < 3) {
      getOperation()->emitError()
          << "rnn-conv-to-vector: lanes must be >= 1 and registers >= 3";
      return signalPassFailure();
    }
    if (winograd != 0 && winograd != 2 && winograd != 4) {
      getOperation()->emitError()
          << "rnn-conv-to-vector: winograd must be 0, 2 or 4, got "
          << static_cast<int64_t>(winograd);
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<ConvToVector>(&getContext(), lanes, registers);
    if (winograd != 0)
      rnn::populateConvWinogradPatterns(patterns, lanes, registers, winograd);
    if (failed(rnn::applyKernelPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
