//===- MatmulToVector.cpp - packed weights and register-blocked kernels ---===//
//
// The recurrent step and the input projection are products `C += A * B^T`
// with a weight matrix B [N, K] that is known at compile time (or at least
// loop invariant). Lowered as plain loops they become dot products, one
// horizontal reduction per output element, and every row of A streams B
// again. This pass instead
//
//   1. packs B into panels P [ceil(N/V), K, V] (zero padded): for a panel nb
//      and a step k, the V weights that multiply A[m, k] are contiguous, so a
//      kernel streams P once from start to end;
//   2. emits a kernel on tensors with the vector dialect: for each block of R
//      rows of A and each panel, R accumulators of vector<V> live in
//      registers across the k loop, each step is one panel load, R
//      broadcasts and R FMAs. Each weight load is reused R times.
//
// Constant weights are packed at compile time (the packed constant replaces
// the original); other loop-invariant weights (graph inputs) are packed once
// with tensor.pad + tensor.expand_shape + linalg.transpose where they are
// defined, outside any time loop.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNMATMULTOVECTOR
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using mlir::rnn::constantMatrix;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

struct MatmulToVector : OpRewritePattern<linalg::MatmulTransposeBOp> {
  MatmulToVector(MLIRContext *ctx, int64_t vectorSize, int64_t rowBlock,
                 int64_t minWeights, bool bf16Dot)
      : OpRewritePattern(ctx), vectorSize(vectorSize), rowBlock(rowBlock),
        minWeights(minWeights), bf16Dot(bf16Dot) {}

  LogicalResult matchAndRewrite(linalg::MatmulTransposeBOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return rewriter.notifyMatchFailure(op, "needs tensor semantics");
    Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
    Value c = op.getDpsInits()[0];
    auto aType = cast<RankedTensorType>(a.getType());
    auto bType = cast<RankedTensorType>(b.getType());
    auto cType = cast<RankedTensorType>(c.getType());
    if (!aType.getElementType().isF32() || !bType.getElementType().isF32() ||
        !cType.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "f32 only");
    if (!bType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "weights need a static shape");
    int64_t n = bType.getDimSize(0), k = bType.getDimSize(1);
    if (n == 0 || k == 0)
      return failure();
    // Tiny products (GTCRN's H=4..16 GRUs) run faster as plain loops than
    // with panel padding and the kernel's loop overhead.
    if (n * k < minWeights)
      return rewriter.notifyMatchFailure(op, "weights below min-weights");
    Location loc = op.getLoc();
    // C = a bias vector broadcast over the rows (the input projection):
    // the accumulators start from the bias itself and the kernel writes
    // into the broadcast's destination, so C is never filled in memory.
    Value bias;
    if (auto match = rnn::matchRowBroadcast(c, n))
      std::tie(bias, c) = *match;
    // C = a slice of a larger tensor (the recurrent step accumulating into
    // its time step of the projection): written in place, bufferization
    // would copy the slice first (the larger tensor stays live); reading
    // the accumulators from the slice and writing a new tensor avoids that
    // copy (a scratch buffer allocated once outside the time loop).
    Value source;
    if (!bias && c.getDefiningOp<tensor::ExtractSliceOp>()) {
      source = c;
      c = tensor::EmptyOp::create(rewriter, loc,
                                  tensor::getMixedSizes(rewriter, loc, c),
                                  cType.getElementType());
    }
    // Weights narrowed by rnn-quantize-weights keep their narrow data.
    if (std::optional<rnn::NarrowMatrix> narrow = rnn::narrowMatrix(b, n, k)) {
      Value result;
      if (narrow->isInt8 || (bf16Dot && vectorSize % 16 == 0)) {
        // The int8 kernel works in chunks of 16 i32 lanes.
        int64_t width = vectorSize % 16 == 0 ? vectorSize : 16;
        // int8 with one row of A (the batch-1 recurrent step) on AVX-512
        // panels, weights of 512 KiB or more (streamed from the far end of
        // L2 or from L3): wider panels (256 or 128 rows: 16 accumulators, K
        // not split) where they add no padding rows. Fewer panels mean
        // fewer restarts of the stream of R and fewer epilogues per step
        // (LSTM H = 1024: 7.4 -> 6.7 ms, H = 512: 1.72 -> 1.65 ms; at
        // H = 256, R of 256 KB in L2, 64-row panels were 1.7% faster). The
        // sums are the same integers.
        int64_t rows = rowBlock;
        if (narrow->isInt8 && width == 64 && aType.getDimSize(0) == 1 &&
            n * k >= (int64_t{1} << 19))
          for (int64_t wide : {256, 128})
            if (llvm::divideCeil(n, wide) * wide ==
                llvm::divideCeil(n, width) * width) {
              width = wide;
              rows = 1; // no (empty) loop over blocks of rows
              break;
            }
        rnn::Int8KernelConfig config{width, rows};
        config.bias = bias;
        config.source = source;
        config.reversePanels = rnn::serpentineParity(rewriter, loc, op);
        if (!narrow->isInt8)
          result = rnn::emitBF16DotMatmul(rewriter, loc, a, *narrow, c, n, k,
                                          config);
        else {
          if (auto scale =
                  op->getAttrOfType<FloatAttr>(rnn::kActivationScaleAttr))
            config.activationScale = scale.getValueAsDouble();
          result =
              rnn::emitInt8Matmul(rewriter, loc, a, *narrow, c, n, k, config);
        }
      } else {
        Value packed = packBF16(rewriter, loc, b, *narrow, n, k);
        result = emitKernel(rewriter, loc, a, packed, c, n, k, bias, source,
                            f32Serpentine(rewriter, op, n * k));
      }
      rewriter.replaceOp(op, result);
      return success();
    }
    Value packed = rnn::packF32Panels(rewriter, loc, b, n, k, vectorSize);
    Value result = emitKernel(rewriter, loc, a, packed, c, n, k, bias, source,
                              f32Serpentine(rewriter, op, n * k));
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  /// For a product in a time loop (rnn.time_loop) with unit step: true on
  /// every other step, so that the narrow kernels walk their panels in
  /// serpentine order (Int8KernelConfig::reversePanels). R streams from
  /// cache every step; starting a step on the panels the previous step read
  /// last reuses what is still in cache (an LSTM's int8 R at H = 512 is
  /// 1 MB, the size of this machine's L2). Null elsewhere.
  /// Serpentine order for the f32 / bf16-panel kernel only while the
  /// weights fit about twice the L2 (kSerpentineMaxWeights): measured on
  /// Zen 4 (1 MB L2), LSTM H = 256 (1 MB of R) 7% and GRU H = 256 3-5%
  /// faster, H = 512 (4 MB) unchanged, H = 1024 (16 MB, from L3) 4-14%
  /// slower: walking the panels backwards breaks the hardware prefetcher's
  /// stream at every panel, which costs more than the reuse gains once
  /// the weights stream from L3.
  static Value f32Serpentine(PatternRewriter &rewriter,
                             linalg::MatmulTransposeBOp op, int64_t weights) {
    constexpr int64_t kSerpentineMaxWeights = 512 * 1024;
    if (weights > kSerpentineMaxWeights)
      return Value();
    return rnn::serpentineParity(rewriter, op.getLoc(), op);
  }

  /// The packing of packF32Panels for bf16 weights (raw bits): halves the
  /// bytes the kernel streams; panels are widened to f32 on load.
  Value packBF16(PatternRewriter &rewriter, Location loc, Value b,
                 const rnn::NarrowMatrix &weights, int64_t n,
                 int64_t k) const {
    int64_t v = vectorSize, nb = llvm::divideCeil(n, v);
    SmallVector<APFloat> data(nb * k * v, APFloat::getZero(APFloat::BFloat()));
    for (int64_t row = 0; row < n; ++row)
      for (int64_t kk = 0; kk < k; ++kk)
        data[((row / v) * k + kk) * v + row % v] =
            APFloat(APFloat::BFloat(), APInt(16, weights.bf16[row * k + kk]));
    OpBuilder::InsertionGuard guard(rewriter);
    if (auto func = b.getParentRegion()->getParentOfType<FunctionOpInterface>())
      rewriter.setInsertionPointToStart(&func.getFunctionBody().front());
    auto packedType =
        RankedTensorType::get({nb, k, v}, rewriter.getBF16Type());
    return arith::ConstantOp::create(rewriter, loc,
                                     DenseElementsAttr::get(packedType, data));
  }

  /// C += A * B^T for the `rows` rows starting at `m0`, in place in `c`:
  /// each (row block, panel) tile of the loop-carried C is read once, before
  /// the tile is written (tiles are disjoint), so bufferization keeps C in
  /// its buffer. (Reading the accumulators from the C value before the
  /// loops instead made bufferization copy all of C first: 2.4 MB per run
  /// for the projection of an LSTM H=256 T=150 batch 4.)
  /// With `bias` (a vector of N), the accumulators start from it instead
  /// of from C; with `source` (a tensor shaped like C), from that tensor.
  Value emitRowBlock(OpBuilder &b, Location loc, Value a, Value packed,
                     Value c, Value m0, int64_t rows, int64_t n, int64_t k,
                     Value bias, Value source, Value reversePanels) const {
    int64_t v = vectorSize, nb = llvm::divideCeil(n, v);
    auto vecType = VectorType::get({v}, b.getF32Type());
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
    bool fullPanels = n % v == 0;
    auto panelLoop = scf::ForOp::create(
        b, loc, c0, indexConst(b, loc, nb), c1, ValueRange{c},
        [&](OpBuilder &b, Location loc, Value panel, ValueRange iters) {
          // Serpentine order in a time loop (see serpentineParity).
          panel = rnn::serpentinePanel(b, loc, panel, nb, reversePanels);
          Value col = arith::MulIOp::create(b, loc, panel,
                                            indexConst(b, loc, v));
          SmallVector<Value> rowIdx, accs;
          Value biasVec;
          if (bias)
            biasVec = vector::TransferReadOp::create(
                b, loc, vecType, bias, ValueRange{col}, zero,
                ArrayRef<bool>{fullPanels});
          for (int64_t r = 0; r < rows; ++r) {
            Value row = r == 0 ? m0
                               : arith::AddIOp::create(
                                     b, loc, m0, indexConst(b, loc, r))
                                     .getResult();
            rowIdx.push_back(row);
            accs.push_back(biasVec ? biasVec
                                   : vector::TransferReadOp::create(
                                         b, loc, vecType,
                                         source ? source : iters[0],
                                         ValueRange{row, col}, zero,
                                         ArrayRef<bool>{fullPanels})
                                         .getResult());
          }
          // With few rows, the FMA chains of one accumulator per row are
          // latency bound: split K into `splits` interleaved partial sums
          // (independent chains) and add them up after the loop.
          int64_t splits = std::min<int64_t>(
              k, rows >= 4 ? 1 : (rows >= 2 ? 2 : 4));
          int64_t mainK = k - k % splits;
          auto step = [&](OpBuilder &b, Location loc, Value kk, Value acc,
                          int64_t r, Value w) -> Value {
            Value x =
                tensor::ExtractOp::create(b, loc, a, ValueRange{rowIdx[r], kk});
            Value xs = vector::BroadcastOp::create(b, loc, vecType, x);
            return vector::FMAOp::create(b, loc, xs, w, acc);
          };
          Type packedElem =
              cast<RankedTensorType>(packed.getType()).getElementType();
          auto loadPanel = [&](OpBuilder &b, Location loc, Value kk) -> Value {
            if (packedElem.isF32())
              return vector::TransferReadOp::create(
                  b, loc, vecType, packed, ValueRange{panel, kk, c0}, zero,
                  ArrayRef<bool>{true});
            // bf16 panels: half the bytes from memory, f32 FMAs.
            Value narrowZero = arith::ConstantOp::create(
                b, loc, b.getFloatAttr(packedElem, 0.0));
            Value w = vector::TransferReadOp::create(
                b, loc, VectorType::get({v}, packedElem), packed,
                ValueRange{panel, kk, c0}, narrowZero, ArrayRef<bool>{true});
            return arith::ExtFOp::create(b, loc, vecType, w);
          };
          SmallVector<Value> init;
          Value zeroVec = arith::ConstantOp::create(
              b, loc, DenseElementsAttr::get(vecType, 0.0f));
          for (int64_t s = 0; s < splits; ++s)
            for (int64_t r = 0; r < rows; ++r)
              init.push_back(s == 0 ? accs[r] : zeroVec);
          auto kLoop = scf::ForOp::create(
              b, loc, c0, indexConst(b, loc, mainK),
              indexConst(b, loc, splits), init,
              [&](OpBuilder &b, Location loc, Value k0, ValueRange acc) {
                SmallVector<Value> next;
                for (int64_t s = 0; s < splits; ++s) {
                  Value kk = s == 0 ? k0
                                    : arith::AddIOp::create(
                                          b, loc, k0, indexConst(b, loc, s))
                                          .getResult();
                  Value w = loadPanel(b, loc, kk);
                  for (int64_t r = 0; r < rows; ++r)
                    next.push_back(step(b, loc, kk, acc[s * rows + r], r, w));
                }
                scf::YieldOp::create(b, loc, next);
              });
          SmallVector<Value> sums(kLoop.getResults().take_front(rows));
          for (int64_t s = 1; s < splits; ++s)
            for (int64_t r = 0; r < rows; ++r)
              sums[r] = arith::AddFOp::create(b, loc, sums[r],
                                              kLoop.getResult(s * rows + r));
          for (int64_t kk = mainK; kk < k; ++kk) {
            Value kIdx = indexConst(b, loc, kk);
            Value w = loadPanel(b, loc, kIdx);
            for (int64_t r = 0; r < rows; ++r)
              sums[r] = step(b, loc, kIdx, sums[r], r, w);
          }
          Value out = iters[0];
          for (int64_t r = 0; r < rows; ++r)
            out = vector::TransferWriteOp::create(
                      b, loc, sums[r], out,
                      ValueRange{rowIdx[r], col}, ArrayRef<bool>{fullPanels})
                      .getResult();
          scf::YieldOp::create(b, loc, out);
        });
    // Panels write disjoint columns of C: threads may split them. The
    // mark carries the weights the loop streams (rnn-parallelize-kernels
    // skips loops too small to pay for a fork / join).
    panelLoop->setAttr(rnn::kParallelLoopAttr,
                       b.getI64IntegerAttr(nb * v * k));
    return panelLoop.getResult(0);
  }

  /// Rows in blocks of `rowBlock`, then the remaining rows one at a time.
  Value emitKernel(PatternRewriter &rewriter, Location loc, Value a,
                   Value packed, Value c, int64_t n, int64_t k,
                   Value bias = nullptr, Value source = nullptr,
                   Value reversePanels = nullptr) const {
    Value c0 = indexConst(rewriter, loc, 0);
    Value c1 = indexConst(rewriter, loc, 1);
    Value m = tensor::DimOp::create(rewriter, loc, a, 0);
    Value block = indexConst(rewriter, loc, rowBlock);
    Value full = arith::SubIOp::create(
        rewriter, loc, m, arith::RemUIOp::create(rewriter, loc, m, block));
    auto blocked = scf::ForOp::create(
        rewriter, loc, c0, full, block, ValueRange{c},
        [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
          scf::YieldOp::create(b, loc,
                               emitRowBlock(b, loc, a, packed, iters[0], m0,
                                            rowBlock, n, k, bias, source,
                                            reversePanels));
        });
    if (rowBlock == 1)
      return blocked.getResult(0);
    auto rest = scf::ForOp::create(
        rewriter, loc, full, m, c1, blocked.getResults(),
        [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
          scf::YieldOp::create(
              b, loc,
              emitRowBlock(b, loc, a, packed, iters[0], m0, 1, n, k, bias,
                           source, reversePanels));
        });
    return rest.getResult(0);
  }

  int64_t vectorSize, rowBlock, minWeights;
  bool bf16Dot;
};

struct RNNMatmulToVectorPass
    : rnn::impl::RNNMatmulToVectorBase<RNNMatmulToVectorPass> {
  using Base::Base;
  void runOnOperation() override {
    if (vectorSize < 1 || rowBlock < 1) {
      getOperation()->emitError()
          << "rnn-matmul-to-vector: vector-size and row-block must be >= 1";
      return signalPassFailure();
    }
    for (auto [name, rows] :
         {std::pair<StringRef, int64_t>{"projection-in-step", projectionInStep},
          {"f32-projection-in-step", f32ProjectionInStep}})
      if (rows != 0 && rows != 2 && rows != 4 && rows != 8) {
        getOperation()->emitError() << "rnn-matmul-to-vector: " << name
                                    << " must be 0, 2, 4 or 8";
        return signalPassFailure();
      }
    // Before the patterns: they rewrite the projection and step matmuls
    // (and the time loop) as a whole.
    if (projectionInStep > 0)
      rnn::moveInt8ProjectionsIntoSteps(getOperation(), projectionInStep,
                                        projectionInStepMinWeights);
    if (f32ProjectionInStep > 0)
      rnn::moveF32ProjectionsIntoSteps(getOperation(), f32ProjectionInStep,
                                       f32ProjectionInStepMaxWeights);
    RewritePatternSet patterns(&getContext());
    patterns.add<MatmulToVector>(&getContext(), vectorSize, rowBlock,
                                 minWeights, bf16Dot);
    if (failed(rnn::applyKernelPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
