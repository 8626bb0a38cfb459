//===- HLSWeights.cpp - int8 and sparse weight products for HLS -----------===//
//
// The CPU pipeline turns int8 and sparse weights into vector kernels
// (QuantizedKernel.cpp, SparseKernels.cpp) that the HLS emitter cannot
// print. This pass gives the HLS pipeline the same two features as plain
// linalg on tensors, which the rest of rnn-lower-to-hls turns into loops:
//
// * int8 weights: the CPU kernel's arithmetic, operation for operation
//   (dynamic per-row quantization of A, an i8 x i8 -> i32 product, the
//   scaled fma epilogue), so that C simulation reproduces the CPU's int8
//   outputs bit for bit. The hardware reads i8 weight ROMs and multiplies
//   8-bit integers.
// * int8 weights for fixed-point data: the activations are fixed-point
//   numbers already, so they are not quantized; W-bit x 8-bit products
//   summed exactly, one rescale by the row's weight scale (rnn-hls-prepare
//   gives the sums and scales their C types).
// * sparse weights: a padded-row (ELL) layout instead of the CPU's
//   (block-)CSR. CSR rows have data-dependent lengths, which HLS can only
//   pipeline row by row with a pipeline flush per row; padding every row to
//   the longest one gives static trip counts, so rnn-hls-prepare pipelines
//   and unrolls the product like a dense one. Magnitude pruning with
//   `balance=row` (the default of --sparsify) keeps the same count in every
//   row, so there is no padding at all. int8 weights with enough zeros
//   (pruned, then quantized) keep their int8 values in the padded rows;
//   the integer sums are the dense ones.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"
#include "Sparsity.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNHLSWEIGHTS
#define GEN_PASS_DEF_RNNHLSFUSEELEMENTWISE
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Builds a constant at the start of the enclosing function (hoisted out of
/// the time loops, like the CPU kernels' packed weights).
template <typename T>
Value constantAtEntry(OpBuilder &b, Location loc, Operation *near,
                      ArrayRef<int64_t> shape, Type elem, ArrayRef<T> data) {
  OpBuilder::InsertionGuard guard(b);
  if (auto func = near->getParentOfType<FunctionOpInterface>())
    b.setInsertionPointToStart(&func.getFunctionBody().front());
  auto type = RankedTensorType::get(shape, elem);
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, data));
}

Value genericOp(OpBuilder &b, Location loc, ValueRange ins, ValueRange outs,
                ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iters,
                function_ref<SmallVector<Value>(OpBuilder &, Location,
                                                ValueRange)>
                    body,
                unsigned result = 0) {
  SmallVector<Type> types;
  for (Value v : outs)
    types.push_back(v.getType());
  return linalg::GenericOp::create(
             b, loc, types, ins, outs, maps, iters,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
             })
      .getResult(result);
}

Value int8Sum(OpBuilder &b, Location loc, Operation *op, Value a,
              ArrayRef<int8_t> w, Value acc, int64_t n, int64_t k,
              double threshold, bool intA);

/// `C + A * dequant(W)^T` with the arithmetic of QuantizedKernel.cpp.
Value emitInt8Product(OpBuilder &b, Location loc, Operation *op, Value a,
                      const NarrowMatrix &w, Value c, int64_t n, int64_t k,
                      double threshold) {
  MLIRContext *ctx = b.getContext();
  Type f32 = b.getF32Type(), i8 = b.getIntegerType(8), i32 = b.getI32Type();
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  AffineMap id2 = AffineMap::getMultiDimIdentityMap(2, ctx);
  AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, ctx);
  AffineMap row2 = AffineMap::get(2, 0, getAffineDimExpr(0, ctx), ctx);
  AffineMap col2 = AffineMap::get(2, 0, getAffineDimExpr(1, ctx), ctx);
  OpFoldResult m = tensor::getMixedSize(b, loc, a, 0);

  Value wScales = constantAtEntry(b, loc, op, {n}, f32, ArrayRef(w.scales));

  // amax[m] = max_k |A[m, k]| from 0 (maximumf, like the CPU kernel).
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value rowInit =
      linalg::FillOp::create(b, loc, zero,
                             tensor::EmptyOp::create(b, loc, {m}, f32)
                                 .getResult())
          .getResult(0);
  Value amax = genericOp(
      b, loc, a, rowInit, {id2, row2}, {par, red},
      [](OpBuilder &nb, Location nloc, ValueRange args) -> SmallVector<Value> {
        Value abs = math::AbsFOp::create(nb, nloc, args[0]);
        return {arith::MaximumFOp::create(nb, nloc, args[1], abs)};
      });
  // s_a = amax * (1/127) and inv = 127 / amax (0 for an all-zero row) from
  // one op with two results: two uses keep elementwise fusion from copying
  // the division into every element of the quantization.
  auto rowScales = linalg::GenericOp::create(
      b, loc, TypeRange{amax.getType(), amax.getType()}, amax,
      ValueRange{tensor::EmptyOp::create(b, loc, {m}, f32).getResult(),
                 tensor::EmptyOp::create(b, loc, {m}, f32).getResult()},
      ArrayRef<AffineMap>{id1, id1, id1}, ArrayRef<utils::IteratorType>{par},
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value inv127 = arith::ConstantOp::create(
            nb, nloc, nb.getF32FloatAttr(1.0f / 127.0f));
        Value c0 = arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(0));
        Value c127 =
            arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(127.0f));
        Value scale = arith::MulFOp::create(nb, nloc, args[0], inv127);
        Value positive = arith::CmpFOp::create(
            nb, nloc, arith::CmpFPredicate::OGT, args[0], c0);
        Value inv = arith::DivFOp::create(nb, nloc, c127, args[0]);
        Value safe = arith::SelectOp::create(nb, nloc, positive, inv, c0);
        linalg::YieldOp::create(nb, nloc, ValueRange{scale, safe});
      });
  Value aScales = rowScales.getResult(0), inverse = rowScales.getResult(1);
  // q_a = round-half-even(A * inv), |q_a| <= 127.
  Value qa = genericOp(
      b, loc, ValueRange{a, inverse},
      tensor::EmptyOp::create(b, loc, {m, b.getIndexAttr(k)}, i8).getResult(),
      {id2, row2, id2}, {par, par},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> SmallVector<Value> {
        Value x = arith::MulFOp::create(nb, nloc, args[0], args[1]);
        Value r = math::RoundEvenOp::create(nb, nloc, x);
        Value q = arith::FPToSIOp::create(nb, nloc, i32, r);
        return {arith::TruncIOp::create(nb, nloc, i8, q)};
      });
  // acc = q_a * W^T in i32 (exact: |acc| <= 127 * 127 * K).
  Value accInit = linalg::FillOp::create(
                      b, loc,
                      ValueRange{arith::ConstantOp::create(
                          b, loc, b.getI32IntegerAttr(0))},
                      ValueRange{tensor::EmptyOp::create(
                                     b, loc, {m, b.getIndexAttr(n)}, i32)
                                     .getResult()})
                      .getResult(0);
  // Dense, or over the non-zeros of W in padded rows: the same integer.
  Value acc = int8Sum(b, loc, op, qa, w.q, accInit, n, k, threshold,
                      /*intA=*/true);
  // C = fma(float(acc), s_a * s_w, C).
  return genericOp(
      b, loc, ValueRange{acc, aScales, wScales}, c, {id2, row2, col2, id2},
      {par, par},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> SmallVector<Value> {
        Value scale = arith::MulFOp::create(nb, nloc, args[1], args[2]);
        Value accF = arith::SIToFPOp::create(nb, nloc, f32, args[0]);
        return {math::FmaOp::create(nb, nloc, accF, scale, args[3])};
      });
}

/// A matrix in padded rows (ELL, see the header): L = the largest non-zero
/// count of a row (at least 2 when K allows: canonicalization would fold a
/// one-trip loop away, and with it the product's directives and report);
/// each row's non-zeros in column order, padded with value 0 at the row's
/// last column (no new address).
template <typename T>
struct PaddedRows {
  SmallVector<int32_t> cols;
  SmallVector<T> vals;
  int64_t slots = 0, nnz = 0;
};

template <typename T>
PaddedRows<T> toPaddedRows(ArrayRef<T> w, int64_t n, int64_t k) {
  PaddedRows<T> ell;
  SmallVector<int64_t> counts(n, 0);
  for (int64_t r = 0; r < n; ++r)
    for (int64_t j = 0; j < k; ++j)
      counts[r] += w[r * k + j] != T(0);
  ell.slots = std::max<int64_t>(*llvm::max_element(counts),
                                std::min<int64_t>(k, 2));
  ell.cols.assign(n * ell.slots, 0);
  ell.vals.assign(n * ell.slots, T(0));
  for (int64_t r = 0; r < n; ++r) {
    int64_t s = 0, last = 0;
    for (int64_t j = 0; j < k; ++j) {
      if (w[r * k + j] == T(0))
        continue;
      ell.cols[r * ell.slots + s] = j;
      ell.vals[r * ell.slots + s] = w[r * k + j];
      last = j;
      ++s;
    }
    ell.nnz += s;
    for (; s < ell.slots; ++s)
      ell.cols[r * ell.slots + s] = last;
  }
  return ell;
}

/// The column index constant of `ell` (i16 when K < 2^15, else i32).
template <typename T>
Value colsConstant(OpBuilder &b, Location loc, Operation *op,
                   const PaddedRows<T> &ell, int64_t n, int64_t k) {
  if (k < (1 << 15)) {
    SmallVector<int16_t> narrow(ell.cols.begin(), ell.cols.end());
    return constantAtEntry(b, loc, op, {n, ell.slots}, b.getIntegerType(16),
                           ArrayRef(narrow));
  }
  return constantAtEntry(b, loc, op, {n, ell.slots}, b.getI32Type(),
                         ArrayRef(ell.cols));
}

/// The map (d0, d1, d2) -> (d`first`, d`second`) of a 3-loop product.
AffineMap dimPairMap(MLIRContext *ctx, unsigned first, unsigned second) {
  return AffineMap::get(
      3, 0, {getAffineDimExpr(first, ctx), getAffineDimExpr(second, ctx)},
      ctx);
}

/// `C[m, n] = combine(C[m, n], A[m, cols[n, j]], vals[n, j])` over
/// (m, n, j), A read with tensor.extract in the body; the generic carries
/// `rnn.hls_sparse = [N, K, nnz, L]`.
Value paddedRowGeneric(
    OpBuilder &b, Location loc, Value a, Value cols, Value vals, Value c,
    ArrayRef<int64_t> info,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> combine) {
  AffineMap nj = dimPairMap(b.getContext(), 1, 2);
  AffineMap mn = dimPairMap(b.getContext(), 0, 1);
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{c.getType()}, ValueRange{cols, vals}, ValueRange{c},
      ArrayRef<AffineMap>{nj, nj, mn},
      ArrayRef<utils::IteratorType>{par, par, red},
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value row = linalg::IndexOp::create(nb, nloc, 0);
        Value col = arith::IndexCastOp::create(nb, nloc, nb.getIndexType(),
                                               args[0]);
        Value x = tensor::ExtractOp::create(nb, nloc, a, ValueRange{row, col});
        linalg::YieldOp::create(nb, nloc,
                                ValueRange{combine(nb, nloc, args[2], x, args[1])});
      });
  generic->setAttr("rnn.hls_sparse", b.getDenseI64ArrayAttr(info));
  return generic.getResult(0);
}

/// `C + A * B^T` over the non-zeros of B in padded rows (see the header).
Value emitSparseProduct(OpBuilder &b, Location loc, Operation *op, Value a,
                        ArrayRef<float> w, Value c, int64_t n, int64_t k) {
  PaddedRows<float> ell = toPaddedRows(w, n, k);
  Value cols = colsConstant(b, loc, op, ell, n, k);
  Value vals = constantAtEntry(b, loc, op, {n, ell.slots}, b.getF32Type(),
                               ArrayRef(ell.vals));
  return paddedRowGeneric(
      b, loc, a, cols, vals, c, {n, k, ell.nnz, ell.slots},
      [](OpBuilder &nb, Location nloc, Value acc, Value x, Value v) -> Value {
        Value prod = arith::MulFOp::create(nb, nloc, x, v);
        return arith::AddFOp::create(nb, nloc, acc, prod);
      });
}

/// The i32 (or, for fixed-point data, f32) sum of an int8 product:
/// `acc + sum_k A[m, k] * W[n, k]`, dense or over the non-zeros of W in
/// padded rows when at least `threshold` of W is zero. `intA`: A holds the
/// quantized i8 activations (i32 sum), else f32 activations times
/// sitofp(W).
Value int8Sum(OpBuilder &b, Location loc, Operation *op, Value a,
              ArrayRef<int8_t> w, Value acc, int64_t n, int64_t k,
              double threshold, bool intA) {
  Type i8 = b.getIntegerType(8);
  int64_t zeros = llvm::count(w, int8_t(0));
  bool sparse = threshold < 1.0 &&
                static_cast<double>(zeros) >= threshold * (n * k);
  auto combine = [intA](OpBuilder &nb, Location nloc, Value sum, Value x,
                        Value v) -> Value {
    if (intA) {
      Type i32 = nb.getI32Type();
      Value prod = arith::MulIOp::create(
          nb, nloc, arith::ExtSIOp::create(nb, nloc, i32, x),
          arith::ExtSIOp::create(nb, nloc, i32, v));
      return arith::AddIOp::create(nb, nloc, sum, prod);
    }
    Value wf = arith::SIToFPOp::create(nb, nloc, nb.getF32Type(), v);
    return arith::AddFOp::create(nb, nloc, sum,
                                 arith::MulFOp::create(nb, nloc, x, wf));
  };
  if (sparse) {
    PaddedRows<int8_t> ell = toPaddedRows(w, n, k);
    Value cols = colsConstant(b, loc, op, ell, n, k);
    Value vals = constantAtEntry(b, loc, op, {n, ell.slots}, i8,
                                 ArrayRef(ell.vals));
    return paddedRowGeneric(b, loc, a, cols, vals, acc,
                            {n, k, ell.nnz, ell.slots}, combine);
  }
  Value weights = constantAtEntry(b, loc, op, {n, k}, i8, w);
  if (intA)
    return matmulTransposeB(b, loc, a, weights, acc);
  MLIRContext *ctx = b.getContext();
  AffineMap mk = dimPairMap(ctx, 0, 2);
  AffineMap nk = dimPairMap(ctx, 1, 2);
  AffineMap mn = dimPairMap(ctx, 0, 1);
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  return genericOp(b, loc, ValueRange{a, weights}, acc, {mk, nk, mn},
                   {par, par, red},
                   [&](OpBuilder &nb, Location nloc,
                       ValueRange args) -> SmallVector<Value> {
                     return {combine(nb, nloc, args[2], args[0], args[1])};
                   });
}

/// Fixed-point data: `C + (sum_k A * q_w) * s_w`, the activations not
/// quantized (they are W-bit fixed-point numbers; the HLS code multiplies
/// them by the 8-bit integers and sums exactly, rnn-hls-prepare).
Value emitInt8FixedProduct(OpBuilder &b, Location loc, Operation *op, Value a,
                           const NarrowMatrix &w, Value c, int64_t n,
                           int64_t k, double threshold) {
  MLIRContext *ctx = b.getContext();
  Type f32 = b.getF32Type();
  auto par = utils::IteratorType::parallel;
  AffineMap id2 = AffineMap::getMultiDimIdentityMap(2, ctx);
  AffineMap col2 = AffineMap::get(2, 0, getAffineDimExpr(1, ctx), ctx);
  OpFoldResult m = tensor::getMixedSize(b, loc, a, 0);
  Value wScales = constantAtEntry(b, loc, op, {n}, f32, ArrayRef(w.scales));
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value accInit =
      linalg::FillOp::create(
          b, loc, zero,
          tensor::EmptyOp::create(b, loc, {m, b.getIndexAttr(n)}, f32)
              .getResult())
          .getResult(0);
  Value acc = int8Sum(b, loc, op, a, w.q, accInit, n, k, threshold,
                      /*intA=*/false);
  return genericOp(
      b, loc, ValueRange{acc, wScales}, c, {id2, col2, id2}, {par, par},
      [](OpBuilder &nb, Location nloc, ValueRange args) -> SmallVector<Value> {
        Value scaled = arith::MulFOp::create(nb, nloc, args[0], args[1]);
        return {arith::AddFOp::create(nb, nloc, args[2], scaled)};
      });
}

struct RNNHLSWeightsPass : rnn::impl::RNNHLSWeightsBase<RNNHLSWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (!(sparseThreshold >= 0.0 && sparseThreshold <= 1.0)) {
      getOperation()->emitError()
          << "rnn-hls-weights: sparse-threshold must be in [0, 1], got "
          << sparseThreshold.getValue();
      return signalPassFailure();
    }
    SmallVector<linalg::MatmulTransposeBOp> matmuls;
    getOperation()->walk(
        [&](linalg::MatmulTransposeBOp op) { matmuls.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::MatmulTransposeBOp op : matmuls)
      rewrite(op, rewriter);
  }

  void rewrite(linalg::MatmulTransposeBOp op, IRRewriter &rewriter) {
    if (!op.hasPureTensorSemantics())
      return;
    Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
    Value c = op.getDpsInits()[0];
    auto aType = cast<RankedTensorType>(a.getType());
    auto bType = cast<RankedTensorType>(b.getType());
    auto cType = cast<RankedTensorType>(c.getType());
    if (!aType.getElementType().isF32() || !bType.getElementType().isF32() ||
        !cType.getElementType().isF32() || !bType.hasStaticShape() ||
        op.getResult(0).getType() != cType)
      return;
    int64_t n = bType.getDimSize(0), k = bType.getDimSize(1);
    if (n == 0 || k == 0)
      return;
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    if (std::optional<NarrowMatrix> narrow = narrowMatrix(b, n, k)) {
      if (!narrow->isInt8)
        return; // bf16: rejected by the driver, dequantized here
      rewriter.replaceOp(
          op, fixedPoint ? emitInt8FixedProduct(rewriter, loc, op, a, *narrow,
                                                c, n, k, sparseThreshold)
                         : emitInt8Product(rewriter, loc, op, a, *narrow, c,
                                           n, k, sparseThreshold));
      return;
    }
    if (sparseThreshold >= 1.0)
      return;
    std::optional<SmallVector<float>> weights = constantMatrix(b, n, k);
    if (!weights || zeroFraction(*weights) < sparseThreshold)
      return;
    if (llvm::all_of(*weights, [](float v) { return v == 0.0f; })) {
      rewriter.replaceOp(op, c); // C + A * 0
      return;
    }
    rewriter.replaceOp(
        op, emitSparseProduct(rewriter, loc, op, a, *weights, c, n, k));
  }
};

/// linalg-fuse-elementwise-ops with one more rule (see Passes.td).
struct RNNHLSFuseElementwisePass
    : rnn::impl::RNNHLSFuseElementwiseBase<RNNHLSFuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::ControlFusionFn control = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      if (!producer || !producer->hasOneUse())
        return false;
      auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
      bool intermediateInt = isa<IntegerType>(
          getElementTypeOrSelf(fused->get().getType()));
      if (consumer && intermediateInt &&
          isa<linalg::GenericOp>(producer) &&
          consumer.getNumReductionLoops() > 0)
        return false;
      // The fixed-point int8 sums (sitofp of the i8 weights in the body)
      // read their activations from a buffer, as the other products do
      // (rnn-hls-prepare types the sums only then; fused, the producer
      // would also be recomputed for every output row).
      bool int8FixedSum =
          consumer && consumer.getNumReductionLoops() > 0 &&
          llvm::any_of(consumer->getRegion(0).getOps<arith::SIToFPOp>(),
                       [](arith::SIToFPOp c) {
                         return c.getIn().getType().isInteger(8);
                       });
      if (int8FixedSum && isa<linalg::GenericOp>(producer))
        return false;
      return true;
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, control);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(
        patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, control);
    if (failed(applyPatternsGreedily(
            getOperation(), std::move(patterns),
            GreedyRewriteConfig().setUseTopDownTraversal())))
      signalPassFailure();
  }
};

} // namespace
