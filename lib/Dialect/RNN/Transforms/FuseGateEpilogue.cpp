//===- FuseGateEpilogue.cpp - LSTM gate math in the product's kernel ------===//
//
// Lowered separately, an LSTM step is a panel kernel writing the 4H gate
// pre-activations of every row to a scratch buffer, then an element-wise
// pass reading them back for the gate math. Here the gate math runs on the
// kernel's accumulators instead: R is packed so that the four registers of
// one panel hold the i, o, f and c gates of the same `lanes` hidden units,
// and after a panel's loop over K those four registers are all the gate
// math of those units needs. The pre-activations never leave registers.
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
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNFUSEGATEEPILOGUE
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

constexpr int64_t kGates = 4;

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// P [H / lanes, H, 4 * lanes] with P[p, k, g * lanes + j] =
/// R[g * H + p * lanes + j, k]: one panel per `lanes` hidden units, its four
/// registers the four gates of those units.
Value packInterleaved(OpBuilder &b, Location loc, ArrayRef<float> r,
                      int64_t hidden, int64_t lanes) {
  int64_t panels = hidden / lanes, width = kGates * lanes;
  SmallVector<float> data(panels * hidden * width);
  for (int64_t p = 0; p < panels; ++p)
    for (int64_t k = 0; k < hidden; ++k)
      for (int64_t g = 0; g < kGates; ++g)
        for (int64_t j = 0; j < lanes; ++j)
          data[(p * hidden + k) * width + g * lanes + j] =
              r[(g * hidden + p * lanes + j) * hidden + k];
  OpBuilder::InsertionGuard guard(b);
  setInsertionPointToFunctionEntry(b);
  auto type = RankedTensorType::get({panels, hidden, width}, b.getF32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, ArrayRef(data)));
}

/// The fused kernel of one cell: everything it reads and how it is shaped.
struct CellKernel {
  /// The cell's operands: x_gates [N, 4H], h and c [N, H], the optional
  /// recurrent bias [4H] and peepholes [3H], and its attributes.
  Value xGates, h, c, bias, peepholes;
  ArrayAttr acts;
  std::optional<APFloat> clip;
  bool inputForget;
  int64_t hidden, lanes;
  Value packed;        // [H / lanes, H, 4 * lanes]
  Value reversePanels; // i1 or null

  /// Rows [m0, m0 + rows) of h over all panels; `hOut`, `cOut` are the
  /// panel loop's destinations. Returns the updated {hOut, cOut}.
  SmallVector<Value> emitRowBlock(OpBuilder &b, Location loc, Value m0,
                                  int64_t rows, Value hOut,
                                  Value cOut) const {
    int64_t panels = hidden / lanes;
    auto panelLoop = scf::ForOp::create(
        b, loc, indexConst(b, loc, 0), indexConst(b, loc, panels),
        indexConst(b, loc, 1), ValueRange{hOut, cOut},
        [&](OpBuilder &b, Location loc, Value panel, ValueRange iters) {
          panel = rnn::serpentinePanel(b, loc, panel, panels, reversePanels);
          scf::YieldOp::create(b, loc,
                               emitPanel(b, loc, m0, rows, panel, iters[0],
                                         iters[1]));
        });
    // Panels write disjoint units of h and c: threads may split them.
    panelLoop->setAttr(kParallelLoopAttr,
                       b.getI64IntegerAttr(kGates * hidden * hidden));
    return panelLoop.getResults();
  }

private:
  VectorType vecType(OpBuilder &b) const {
    return VectorType::get({lanes}, b.getF32Type());
  }

  Value read(OpBuilder &b, Location loc, Value source,
             ValueRange indices) const {
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    return vector::TransferReadOp::create(b, loc, vecType(b), source, indices,
                                          zero, ArrayRef<bool>{true});
  }

  /// Gate `g`'s vector of the units at `col` in a `[G*H]` row vector.
  Value readGateRow(OpBuilder &b, Location loc, Value source, int64_t g,
                    Value col) const {
    if (!source)
      return Value();
    Value at = arith::AddIOp::create(b, loc, col,
                                     indexConst(b, loc, g * hidden));
    return read(b, loc, source, ValueRange{at});
  }

  /// The accumulators of rows x gates after the loop over K, started from
  /// the projected gates of the step.
  SmallVector<Value> emitProduct(OpBuilder &b, Location loc,
                                 ArrayRef<Value> rowIdx, Value panel,
                                 Value col) const {
    int64_t rows = rowIdx.size(), k = hidden;
    SmallVector<Value> accs;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t g = 0; g < kGates; ++g) {
        Value at = arith::AddIOp::create(b, loc, col,
                                         indexConst(b, loc, g * hidden));
        accs.push_back(read(b, loc, xGates, ValueRange{rowIdx[r], at}));
      }
    // With few rows the FMA chains are latency bound: split K into
    // independent partial sums, as rnn-matmul-to-vector does.
    int64_t splits = std::min<int64_t>(k, rows >= 4 ? 1 : (rows >= 2 ? 2 : 4));
    int64_t mainK = k - k % splits;
    int64_t perSplit = rows * kGates;
    Value zeroVec = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType(b), 0.0f));
    SmallVector<Value> init(accs);
    for (int64_t s = 1; s < splits; ++s)
      init.append(perSplit, zeroVec);
    auto step = [&](OpBuilder &b, Location loc, Value kk,
                    ArrayRef<Value> acc) {
      SmallVector<Value> w;
      for (int64_t g = 0; g < kGates; ++g)
        w.push_back(read(b, loc, packed,
                         ValueRange{panel, kk,
                                    indexConst(b, loc, g * lanes)}));
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value x = tensor::ExtractOp::create(b, loc, h, ValueRange{rowIdx[r], kk});
        Value xs = vector::BroadcastOp::create(b, loc, vecType(b), x);
        for (int64_t g = 0; g < kGates; ++g)
          next.push_back(
              vector::FMAOp::create(b, loc, xs, w[g], acc[r * kGates + g]));
      }
      return next;
    };
    auto kLoop = scf::ForOp::create(
        b, loc, indexConst(b, loc, 0), indexConst(b, loc, mainK),
        indexConst(b, loc, splits), init,
        [&](OpBuilder &b, Location loc, Value k0, ValueRange acc) {
          SmallVector<Value> next;
          for (int64_t s = 0; s < splits; ++s) {
            Value kk = s == 0 ? k0
                              : arith::AddIOp::create(
                                    b, loc, k0, indexConst(b, loc, s))
                                    .getResult();
            SmallVector<Value> part(acc.slice(s * perSplit, perSplit));
            next.append(step(b, loc, kk, part));
          }
          scf::YieldOp::create(b, loc, next);
        });
    SmallVector<Value> sums(kLoop.getResults().take_front(perSplit));
    for (int64_t s = 1; s < splits; ++s)
      for (int64_t i = 0; i < perSplit; ++i)
        sums[i] = arith::AddFOp::create(b, loc, sums[i],
                                        kLoop.getResult(s * perSplit + i));
    for (int64_t kk = mainK; kk < k; ++kk)
      sums = step(b, loc, indexConst(b, loc, kk), sums);
    return sums;
  }

  SmallVector<Value> emitPanel(OpBuilder &b, Location loc, Value m0,
                               int64_t rows, Value panel, Value hOut,
                               Value cOut) const {
    Value col = arith::MulIOp::create(b, loc, panel, indexConst(b, loc, lanes));
    SmallVector<Value> rowIdx;
    for (int64_t r = 0; r < rows; ++r)
      rowIdx.push_back(r == 0 ? m0
                              : arith::AddIOp::create(b, loc, m0,
                                                      indexConst(b, loc, r))
                                    .getResult());
    SmallVector<Value> sums = emitProduct(b, loc, rowIdx, panel, col);
    // The units' biases and peepholes are the same for every row.
    LSTMGateOperands in;
    for (int64_t g = 0; g < kGates; ++g)
      in.bias[g] = readGateRow(b, loc, bias, g, col);
    for (int64_t g = 0; g < 3; ++g)
      in.peep[g] = readGateRow(b, loc, peepholes, g, col);
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t g = 0; g < kGates; ++g)
        in.pre[g] = sums[r * kGates + g];
      in.c = read(b, loc, c, ValueRange{rowIdx[r], col});
      auto [hNext, cNext] =
          emitLSTMGateMath(b, loc, in, acts, clip, inputForget);
      hOut = vector::TransferWriteOp::create(b, loc, hNext, hOut,
                                             ValueRange{rowIdx[r], col},
                                             ArrayRef<bool>{true})
                 .getResult();
      cOut = vector::TransferWriteOp::create(b, loc, cNext, cOut,
                                             ValueRange{rowIdx[r], col},
                                             ArrayRef<bool>{true})
                 .getResult();
    }
    return {hOut, cOut};
  }
};

struct FuseLSTMGateEpilogue : OpRewritePattern<LSTMCellOp> {
  FuseLSTMGateEpilogue(MLIRContext *ctx, int64_t lanes, int64_t rowBlock,
                       int64_t minWeights, double sparseThreshold,
                       int64_t projectionRows, int64_t projectionMaxWeights)
      : OpRewritePattern(ctx), lanes(lanes), rowBlock(rowBlock),
        minWeights(minWeights), sparseThreshold(sparseThreshold),
        projectionRows(projectionRows),
        projectionMaxWeights(projectionMaxWeights) {}

  LogicalResult matchAndRewrite(LSTMCellOp op,
                                PatternRewriter &rewriter) const override {
    auto hType = dyn_cast<RankedTensorType>(op.getH().getType());
    auto cType = dyn_cast<RankedTensorType>(op.getC().getType());
    auto xType = dyn_cast<RankedTensorType>(op.getXGates().getType());
    if (!hType || !cType || !xType || hType.getRank() != 2 ||
        hType != cType || !hType.getElementType().isF32() ||
        !xType.getElementType().isF32() ||
        hType.isDynamicDim(1))
      return rewriter.notifyMatchFailure(op, "needs f32 [N, H], static H");
    int64_t hidden = hType.getDimSize(1);
    if (hidden % lanes != 0)
      return rewriter.notifyMatchFailure(op, "H is not a multiple of lanes");
    if (kGates * hidden * hidden < minWeights)
      return rewriter.notifyMatchFailure(op, "R below min-weights");
    // Cost rule: measured (benchmarks/fuse_ablation.py, CPU time per run,
    // AVX-512), the fused kernel saved 4-5% at H = 128 batch 1 and nothing
    // measurable (+-1%, the noise) at H = 256 and 1024, batch 1 and 4: once
    // R is 1 MB or more the step is bound by streaming R from L2 / L3 and
    // the gate round trip (8N floats per unit) is lost in it. Larger R keeps
    // the separate product and epilogue.
    constexpr int64_t kMaxFusedWeights = 128 * 1024;
    if (kGates * hidden * hidden > kMaxFusedWeights)
      return rewriter.notifyMatchFailure(op, "R above the fusion cost rule");
    if (!isPlainFloatTensor(op.getR().getType()))
      return rewriter.notifyMatchFailure(op, "R is not plain f32");
    if (f32ProjectionMovesIntoStep(op, op.getH(), op.getR(), op.getXGates(),
                                   projectionRows, projectionMaxWeights))
      return rewriter.notifyMatchFailure(
          op, "the input projection moves into the time loop");
    std::optional<SmallVector<float>> r =
        constantMatrix(op.getR(), kGates * hidden, hidden);
    if (!r)
      return rewriter.notifyMatchFailure(op, "R is not a constant");
    if (sparseThreshold < 1.0) {
      int64_t zeros = llvm::count(*r, 0.0f);
      if (zeros >= sparseThreshold * static_cast<double>(r->size()))
        return rewriter.notifyMatchFailure(op, "R goes to the sparse kernels");
    }
    Location loc = op.getLoc();
    // Serpentine panel order in a time loop: R is below the 512Ki weights
    // up to which rnn-matmul-to-vector's walk pays (kSerpentineMaxWeights).
    CellKernel kernel{op.getXGates(),
                      op.getH(),
                      op.getC(),
                      op.getBias(),
                      op.getPeepholes(),
                      op.getActivations(),
                      op.getClip(),
                      op.getInputForget(),
                      hidden,
                      lanes,
                      packInterleaved(rewriter, loc, *r, hidden, lanes),
                      rnn::serpentineParity(rewriter, loc, op)};

    // h_t goes to its own buffer: the panels of this step still read
    // h_{t-1}. So does c_t: each unit's c could be updated in place, but
    // where bufferization puts that update out of place (sequence_lens
    // masking still reads c_{t-1}), LLVM 22's one-shot bufferization
    // allocates the new buffer without copying c_{t-1} into it when the
    // first write is one vector at constant offsets 0 (a one-panel, one-block
    // kernel), so the other units read uninitialised memory (valgrind found
    // it). The kernel reads only h and c and fully writes two fresh buffers.
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, op.getH());
    Value hOut =
        tensor::EmptyOp::create(rewriter, loc, sizes, rewriter.getF32Type());
    Value cOut =
        tensor::EmptyOp::create(rewriter, loc, sizes, rewriter.getF32Type());
    Value m = tensor::DimOp::create(rewriter, loc, op.getH(), 0);
    Value c0 = indexConst(rewriter, loc, 0), c1 = indexConst(rewriter, loc, 1);
    Value block = indexConst(rewriter, loc, rowBlock);
    Value full = arith::SubIOp::create(
        rewriter, loc, m, arith::RemUIOp::create(rewriter, loc, m, block));
    auto blocked = scf::ForOp::create(
        rewriter, loc, c0, full, block, ValueRange{hOut, cOut},
        [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
          scf::YieldOp::create(b, loc,
                               kernel.emitRowBlock(b, loc, m0, rowBlock,
                                                   iters[0], iters[1]));
        });
    ValueRange results = blocked.getResults();
    if (rowBlock > 1) {
      auto rest = scf::ForOp::create(
          rewriter, loc, full, m, c1, results,
          [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
            scf::YieldOp::create(
                b, loc, kernel.emitRowBlock(b, loc, m0, 1, iters[0], iters[1]));
          });
      results = rest.getResults();
    }
    // The step's h and c back into destinations rnn-inplace-loop-state can
    // make the loop's own state buffers (after the kernel's last read).
    auto copyOut = [&](Value value, Type type) {
      Value dest =
          tensor::EmptyOp::create(rewriter, loc, sizes, rewriter.getF32Type());
      return castIfNeeded(
          rewriter, loc,
          linalg::CopyOp::create(rewriter, loc, value, dest).getResult(0),
          type);
    };
    rewriter.replaceOp(op, {copyOut(results[0], op.getHNext().getType()),
                            copyOut(results[1], op.getCNext().getType())});
    return success();
  }

private:
  int64_t lanes, rowBlock, minWeights;
  double sparseThreshold;
  int64_t projectionRows, projectionMaxWeights;
};

struct RNNFuseGateEpiloguePass
    : rnn::impl::RNNFuseGateEpilogueBase<RNNFuseGateEpiloguePass> {
  using Base::Base;
  void runOnOperation() override {
    if (lanes < 1 || rowBlock < 1) {
      getOperation()->emitError()
          << "rnn-fuse-gate-epilogue: lanes and row-block must be >= 1";
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseLSTMGateEpilogue>(&getContext(), lanes, rowBlock,
                                       minWeights, sparseThreshold,
                                       f32ProjectionInStep,
                                       f32ProjectionInStepMaxWeights);
    if (failed(rnn::applyKernelPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
