//===- FuseGateEpilogue.cpp - cell gate math in the product's kernel ------===//
//
// Lowered separately, an LSTM step is a panel kernel writing the 4H gate
// pre-activations of every row to a scratch buffer, then an element-wise
// pass reading them back for the gate math. Here the gate math runs on the
// kernel's accumulators instead: R is packed so that the four registers of
// one panel hold the i, o, f and c gates of the same `lanes` hidden units,
// and after a panel's loop over K those four registers are all the gate
// math of those units needs. The pre-activations never leave registers.
// A GRU with linear_before_reset gets the same kernel with three registers
// per panel (z, r and the h-part of the candidate); without it, two such
// kernels (z and r, then the candidate's product on r (.) h).
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

#include <functional>

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNFUSEGATEEPILOGUE
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// P [H / lanes, H, G * lanes] with P[p, k, g * lanes + j] =
/// R[g * H + p * lanes + j, k]: one panel per `lanes` hidden units, its G
/// registers the G gates of those units.
Value packInterleaved(OpBuilder &b, Location loc, ArrayRef<float> r,
                      int64_t gates, int64_t hidden, int64_t lanes) {
  int64_t panels = hidden / lanes, width = gates * lanes;
  SmallVector<float> data(panels * hidden * width);
  for (int64_t p = 0; p < panels; ++p)
    for (int64_t k = 0; k < hidden; ++k)
      for (int64_t g = 0; g < gates; ++g)
        for (int64_t j = 0; j < lanes; ++j)
          data[(p * hidden + k) * width + g * lanes + j] =
              r[(g * hidden + p * lanes + j) * hidden + k];
  OpBuilder::InsertionGuard guard(b);
  setInsertionPointToFunctionEntry(b);
  auto type = RankedTensorType::get({panels, hidden, width}, b.getF32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, ArrayRef(data)));
}

/// The fused kernel of one cell, whatever the cell: per block of rows of h
/// and per panel of `lanes` units, G x rows accumulators run over K, then
/// the cell's gate math on them writes the units' new state into the
/// kernel's outputs (fresh buffers: the step's other panels still read the
/// old state).
struct FusedCellKernel {
  int64_t gates, hidden, lanes;
  Value h;             // [N, H], the product's left operand
  Value packed;        // [H / lanes, H, G * lanes]
  Value reversePanels; // i1 or null
  /// Gate g's accumulators start from gate `xGateOf[g]`'s columns of
  /// `xGates` [N, G'*H], or from zero where it is -1.
  Value xGates;
  SmallVector<int64_t> xGateOf;
  /// The gate math of one panel: `sums` holds rows x G vectors (row-major);
  /// writes the units' results into `outs` and returns the new `outs`.
  std::function<SmallVector<Value>(OpBuilder &, Location,
                                   ArrayRef<Value> rowIdx, Value col,
                                   ArrayRef<Value> sums, ValueRange outs)>
      epilogue;

  /// The kernel of the `gates` gates in rows [0, gates * H) of `r`
  /// (a cell's R, row-major), packed gate-interleaved, reading `h`; its
  /// panels walk in serpentine order in a time loop around `op`.
  static FusedCellKernel create(PatternRewriter &rewriter, Operation *op,
                                ArrayRef<float> r, int64_t gates,
                                int64_t hidden, int64_t lanes, Value h,
                                Value xGates, ArrayRef<int64_t> xGateOf) {
    Location loc = op->getLoc();
    return FusedCellKernel{
        gates,
        hidden,
        lanes,
        h,
        packInterleaved(rewriter, loc, r, gates, hidden, lanes),
        rnn::serpentineParity(rewriter, loc, op),
        xGates,
        llvm::to_vector(xGateOf),
        {}};
  }

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

  /// Gates 0 .. N - 1 of the units at `col` in a `[G*H]` row vector (nulls
  /// when `source` is absent): the units' biases, peepholes.
  template <size_t N>
  std::array<Value, N> readGateRows(OpBuilder &b, Location loc, Value source,
                                    Value col) const {
    std::array<Value, N> rows;
    for (size_t g = 0; g < N; ++g)
      rows[g] = readGateRow(b, loc, source, g, col);
    return rows;
  }

  /// Gate `g`'s vector of row `row` at the units `col` of `[N, G*H]`.
  Value readGate(OpBuilder &b, Location loc, Value source, Value row,
                 int64_t g, Value col) const {
    Value at = arith::AddIOp::create(b, loc, col,
                                     indexConst(b, loc, g * hidden));
    return read(b, loc, source, ValueRange{row, at});
  }

  /// The whole kernel on the rows of h: blocks of `rowBlock` rows, then the
  /// remaining rows one at a time, writing fresh `[N, H]` buffers (one per
  /// output). With `copyOut` they are copied at the end into destinations
  /// that rnn-inplace-loop-state can make the loop's own state buffers
  /// (after the kernel's last read).
  SmallVector<Value> emit(OpBuilder &b, Location loc, int64_t rowBlock,
                          int64_t numOutputs, bool copyOut = true) const {
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, h);
    SmallVector<Value> outs;
    for (int64_t i = 0; i < numOutputs; ++i)
      outs.push_back(tensor::EmptyOp::create(b, loc, sizes, b.getF32Type()));
    Value m = tensor::DimOp::create(b, loc, h, 0);
    Value block = indexConst(b, loc, rowBlock);
    Value full = arith::SubIOp::create(
        b, loc, m, arith::RemUIOp::create(b, loc, m, block));
    auto blocked = scf::ForOp::create(
        b, loc, indexConst(b, loc, 0), full, block, outs,
        [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
          scf::YieldOp::create(b, loc,
                               emitRowBlock(b, loc, m0, rowBlock, iters));
        });
    SmallVector<Value> results(blocked.getResults());
    if (rowBlock > 1) {
      auto rest = scf::ForOp::create(
          b, loc, full, m, indexConst(b, loc, 1), results,
          [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
            scf::YieldOp::create(b, loc, emitRowBlock(b, loc, m0, 1, iters));
          });
      results.assign(rest.getResults().begin(), rest.getResults().end());
    }
    if (!copyOut)
      return results;
    for (Value &result : results) {
      Value dest = tensor::EmptyOp::create(b, loc, sizes, b.getF32Type());
      result = linalg::CopyOp::create(b, loc, result, dest).getResult(0);
    }
    return results;
  }

private:
  /// Rows [m0, m0 + rows) of h over all panels; `outs` are the panel
  /// loop's destinations. Returns the updated outputs.
  SmallVector<Value> emitRowBlock(OpBuilder &b, Location loc, Value m0,
                                  int64_t rows, ValueRange outs) const {
    int64_t panels = hidden / lanes;
    auto panelLoop = scf::ForOp::create(
        b, loc, indexConst(b, loc, 0), indexConst(b, loc, panels),
        indexConst(b, loc, 1), outs,
        [&](OpBuilder &b, Location loc, Value panel, ValueRange iters) {
          panel = rnn::serpentinePanel(b, loc, panel, panels, reversePanels);
          scf::YieldOp::create(b, loc,
                               emitPanel(b, loc, m0, rows, panel, iters));
        });
    // Panels write disjoint units of the state: threads may split them.
    panelLoop->setAttr(kParallelLoopAttr,
                       b.getI64IntegerAttr(gates * hidden * hidden));
    return panelLoop.getResults();
  }

  /// The accumulators of rows x gates after the loop over K.
  SmallVector<Value> emitProduct(OpBuilder &b, Location loc,
                                 ArrayRef<Value> rowIdx, Value panel,
                                 Value col) const {
    int64_t rows = rowIdx.size(), k = hidden;
    Value zeroVec = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType(b), 0.0f));
    SmallVector<Value> accs;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t g = 0; g < gates; ++g) {
        accs.push_back(xGateOf[g] < 0 ? zeroVec
                                      : readGate(b, loc, xGates, rowIdx[r],
                                                 xGateOf[g], col));
      }
    // With few rows the FMA chains are latency bound: split K into
    // independent partial sums, as rnn-matmul-to-vector does.
    int64_t splits = std::min<int64_t>(k, rows >= 4 ? 1 : (rows >= 2 ? 2 : 4));
    int64_t mainK = k - k % splits;
    int64_t perSplit = rows * gates;
    SmallVector<Value> initAccs(accs);
    for (int64_t s = 1; s < splits; ++s)
      initAccs.append(perSplit, zeroVec);
    auto step = [&](OpBuilder &b, Location loc, Value kk,
                    ArrayRef<Value> acc) {
      SmallVector<Value> w;
      for (int64_t g = 0; g < gates; ++g)
        w.push_back(read(b, loc, packed,
                         ValueRange{panel, kk,
                                    indexConst(b, loc, g * lanes)}));
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value x = tensor::ExtractOp::create(b, loc, h, ValueRange{rowIdx[r], kk});
        Value xs = vector::BroadcastOp::create(b, loc, vecType(b), x);
        for (int64_t g = 0; g < gates; ++g)
          next.push_back(
              vector::FMAOp::create(b, loc, xs, w[g], acc[r * gates + g]));
      }
      return next;
    };
    auto kLoop = scf::ForOp::create(
        b, loc, indexConst(b, loc, 0), indexConst(b, loc, mainK),
        indexConst(b, loc, splits), initAccs,
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
                               int64_t rows, Value panel,
                               ValueRange outs) const {
    Value col = arith::MulIOp::create(b, loc, panel, indexConst(b, loc, lanes));
    SmallVector<Value> rowIdx;
    for (int64_t r = 0; r < rows; ++r)
      rowIdx.push_back(r == 0 ? m0
                              : arith::AddIOp::create(b, loc, m0,
                                                      indexConst(b, loc, r))
                                    .getResult());
    SmallVector<Value> sums = emitProduct(b, loc, rowIdx, panel, col);
    return epilogue(b, loc, rowIdx, col, sums, outs);
  }
};

/// Cost rule: measured (benchmarks/fuse_ablation.py, CPU time per run,
/// AVX-512), the fused LSTM kernel saved 4-5% at H = 128 batch 1 and nothing
/// measurable (+-1%, the noise) at H = 256 and 1024, batch 1 and 4: once R
/// is 1 MB or more the step is bound by streaming R from L2 / L3 and the
/// gate round trip (8N floats per unit) is lost in it. Larger R keeps the
/// separate product and epilogue; so does a GRU (reset-before-linear GRU
/// H = 128 batch 1: 3% faster fused; H = 256: same; H = 1024: 3% slower).
constexpr int64_t kMaxFusedWeights = 128 * 1024;

/// A batch-1 GRU with linear_before_reset also drops the zero fill of its
/// gates' scratch buffer and, with threads, one barrier of its three per
/// step: fused, GRU H = 256 T = 100 was 3-6% faster on 1 thread and 12-17%
/// (minimum) on 2, H = 512 0-6% faster (1 and 2 threads); H = 1024
/// (12 MB of R) was within the noise (-1% to +5%) and batch 4 the same
/// (H = 512 and 1024, -1% to +4%), so those keep the cost rule above.
constexpr int64_t kMaxFusedGRUBatch1Weights = 1024 * 1024;

/// Writes `value` (a vector of the units at `col`) into row `row` of `dest`.
Value writeUnits(OpBuilder &b, Location loc, Value value, Value dest,
                 Value row, Value col) {
  return vector::TransferWriteOp::create(b, loc, value, dest,
                                         ValueRange{row, col},
                                         ArrayRef<bool>{true})
      .getResult();
}

/// The checks every fused cell shares: f32 `[N, H]` state with a static H
/// that is a multiple of `lanes`, R [G*H, H] a plain f32 constant of
/// `min-weights` to `maxWeights` weights with fewer than `sparseThreshold`
/// zeros. Returns R's values.
FailureOr<SmallVector<float>>
matchFusableCell(PatternRewriter &rewriter, Operation *op, Value xGates,
                 Value h, Value r, int64_t gates, int64_t lanes,
                 int64_t minWeights, int64_t maxWeights,
                 double sparseThreshold) {
  auto hType = dyn_cast<RankedTensorType>(h.getType());
  auto xType = dyn_cast<RankedTensorType>(xGates.getType());
  if (!hType || !xType || hType.getRank() != 2 ||
      !hType.getElementType().isF32() || !xType.getElementType().isF32() ||
      hType.isDynamicDim(1))
    return rewriter.notifyMatchFailure(op, "needs f32 [N, H], static H");
  int64_t hidden = hType.getDimSize(1);
  if (hidden % lanes != 0)
    return rewriter.notifyMatchFailure(op, "H is not a multiple of lanes");
  if (gates * hidden * hidden < minWeights)
    return rewriter.notifyMatchFailure(op, "R below min-weights");
  if (gates * hidden * hidden > maxWeights)
    return rewriter.notifyMatchFailure(op, "R above the fusion cost rule");
  if (!isPlainFloatTensor(r.getType()))
    return rewriter.notifyMatchFailure(op, "R is not plain f32");
  std::optional<SmallVector<float>> values =
      constantMatrix(r, gates * hidden, hidden);
  if (!values)
    return rewriter.notifyMatchFailure(op, "R is not a constant");
  if (sparseThreshold < 1.0) {
    int64_t zeros = llvm::count(*values, 0.0f);
    if (zeros >= sparseThreshold * static_cast<double>(values->size()))
      return rewriter.notifyMatchFailure(op, "R goes to the sparse kernels");
  }
  return *values;
}

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
    constexpr int64_t kGates = 4;
    if (op.getH().getType() != op.getC().getType())
      return rewriter.notifyMatchFailure(op, "h and c differ in type");
    FailureOr<SmallVector<float>> r = matchFusableCell(
        rewriter, op, op.getXGates(), op.getH(), op.getR(), kGates, lanes,
        minWeights, kMaxFusedWeights, sparseThreshold);
    if (failed(r))
      return failure();
    if (f32ProjectionMovesIntoStep(op, op.getH(), op.getR(), op.getXGates(),
                                   projectionRows, projectionMaxWeights))
      return rewriter.notifyMatchFailure(
          op, "the input projection moves into the time loop");
    Location loc = op.getLoc();
    int64_t hidden = cast<RankedTensorType>(op.getH().getType()).getDimSize(1);
    // Serpentine panel order in a time loop: R is below the 512Ki weights
    // up to which rnn-matmul-to-vector's walk pays (kSerpentineMaxWeights).
    // The accumulators start from the step's projected gates.
    FusedCellKernel kernel =
        FusedCellKernel::create(rewriter, op, *r, kGates, hidden, lanes,
                                op.getH(), op.getXGates(), {0, 1, 2, 3});
    kernel.epilogue = [&](OpBuilder &b, Location loc, ArrayRef<Value> rowIdx,
                          Value col, ArrayRef<Value> sums,
                          ValueRange outs) -> SmallVector<Value> {
      // The units' biases and peepholes are the same for every row.
      LSTMGateOperands in;
      in.bias = kernel.readGateRows<kGates>(b, loc, op.getBias(), col);
      in.peep = kernel.readGateRows<3>(b, loc, op.getPeepholes(), col);
      Value hOut = outs[0], cOut = outs[1];
      for (auto [i, row] : llvm::enumerate(rowIdx)) {
        for (int64_t g = 0; g < kGates; ++g)
          in.pre[g] = sums[i * kGates + g];
        in.c = kernel.read(b, loc, op.getC(), ValueRange{row, col});
        auto [hNext, cNext] = emitLSTMGateMath(
            b, loc, in, op.getActivations(), op.getClip(),
            op.getInputForget());
        hOut = writeUnits(b, loc, hNext, hOut, row, col);
        cOut = writeUnits(b, loc, cNext, cOut, row, col);
      }
      return {hOut, cOut};
    };

    // h_t goes to its own buffer: the panels of this step still read
    // h_{t-1}. So does c_t: each unit's c could be updated in place, but
    // where bufferization puts that update out of place (sequence_lens
    // masking still reads c_{t-1}), LLVM 22's one-shot bufferization
    // allocates the new buffer without copying c_{t-1} into it when the
    // first write is one vector at constant offsets 0 (a one-panel, one-block
    // kernel), so the other units read uninitialised memory (valgrind found
    // it). The kernel reads only h and c and fully writes two fresh buffers.
    SmallVector<Value> results = kernel.emit(rewriter, loc, rowBlock, 2);
    rewriter.replaceOp(
        op, {castIfNeeded(rewriter, loc, results[0], op.getHNext().getType()),
             castIfNeeded(rewriter, loc, results[1],
                          op.getCNext().getType())});
    return success();
  }

private:
  int64_t lanes, rowBlock, minWeights;
  double sparseThreshold;
  int64_t projectionRows, projectionMaxWeights;
};

/// A GRU cell with linear_before_reset: per panel, the z and r accumulators
/// start from the projected gates and the h-part of the candidate from
/// zero; after K, z = f(.. + Rb_z), r = f(.. + Rb_r),
/// n = g(x_h + r (.) (acc_h + Rb_h)) and h_t = (1 - z) n + z h_{t-1}.
/// Reset-before-linear (the default GRU) needs r (.) h of all units before
/// the candidate's product: two kernels (emitResetBeforeLinear).
struct FuseGRUGateEpilogue : OpRewritePattern<GRUCellOp> {
  FuseGRUGateEpilogue(MLIRContext *ctx, int64_t lanes, int64_t rowBlock,
                      int64_t minWeights, double sparseThreshold)
      : OpRewritePattern(ctx), lanes(lanes), rowBlock(rowBlock),
        minWeights(minWeights), sparseThreshold(sparseThreshold) {}

  LogicalResult matchAndRewrite(GRUCellOp op,
                                PatternRewriter &rewriter) const override {
    constexpr int64_t kGates = 3;
    auto hType = dyn_cast<RankedTensorType>(op.getH().getType());
    bool batch1 = hType && hType.getRank() == 2 && hType.getDimSize(0) == 1;
    int64_t maxWeights = op.getLinearBeforeReset() && batch1
                             ? kMaxFusedGRUBatch1Weights
                             : kMaxFusedWeights;
    FailureOr<SmallVector<float>> r = matchFusableCell(
        rewriter, op, op.getXGates(), op.getH(), op.getR(), kGates, lanes,
        minWeights, maxWeights, sparseThreshold);
    if (failed(r))
      return failure();
    Location loc = op.getLoc();
    int64_t hidden = cast<RankedTensorType>(op.getH().getType()).getDimSize(1);
    if (!op.getLinearBeforeReset()) {
      Value hNext = emitResetBeforeLinear(rewriter, op, *r, hidden);
      rewriter.replaceOp(op, castIfNeeded(rewriter, loc, hNext,
                                          op.getHNext().getType()));
      return success();
    }
    // z and r start from the projected gates; the candidate's h-part from
    // zero (r multiplies it before x_h is added).
    Value xGates = op.getXGates();
    FusedCellKernel kernel = FusedCellKernel::create(
        rewriter, op, *r, kGates, hidden, lanes, op.getH(), xGates, {0, 1, -1});
    kernel.epilogue = [&](OpBuilder &b, Location loc, ArrayRef<Value> rowIdx,
                          Value col, ArrayRef<Value> sums,
                          ValueRange outs) -> SmallVector<Value> {
      GRUGateOperands in;
      in.bias = kernel.readGateRows<kGates>(b, loc, op.getBias(), col);
      Value hOut = outs[0];
      for (auto [i, row] : llvm::enumerate(rowIdx)) {
        in.x = {Value(), Value(), kernel.readGate(b, loc, xGates, row, 2, col)};
        for (int64_t g = 0; g < kGates; ++g)
          in.rec[g] = sums[i * kGates + g];
        in.h = kernel.read(b, loc, op.getH(), ValueRange{row, col});
        hOut = writeUnits(
            b, loc, emitGRUGateMath(b, loc, in, op.getActivations(),
                                    op.getClip()),
            hOut, row, col);
      }
      return {hOut};
    };
    // h_t goes to its own buffer: the panels of this step still read
    // h_{t-1}.
    SmallVector<Value> results = kernel.emit(rewriter, loc, rowBlock, 1);
    rewriter.replaceOp(op, castIfNeeded(rewriter, loc, results[0],
                                        op.getHNext().getType()));
    return success();
  }

private:
  /// Reset-before-linear: n = g(x_h + (r (.) h) R_h^T + Rb_h) needs r (.) h
  /// of all units before its product, so two kernels: the first over panels
  /// of z and r (two registers per panel, started from x_gates) writes z and
  /// r (.) h; the second, over panels of R_h, multiplies r (.) h, its
  /// accumulators started from x_h, and runs the candidate and the state
  /// update. Only the state is copied out.
  Value emitResetBeforeLinear(PatternRewriter &rewriter, GRUCellOp op,
                              ArrayRef<float> r, int64_t hidden) const {
    Location loc = op.getLoc();
    Value xGates = op.getXGates(), h = op.getH(), bias = op.getBias();
    ArrayAttr acts = op.getActivations();
    std::optional<APFloat> clip = op.getClip();
    FusedCellKernel zr = FusedCellKernel::create(rewriter, op, r, 2, hidden,
                                                 lanes, h, xGates, {0, 1});
    zr.epilogue = [&](OpBuilder &b, Location loc, ArrayRef<Value> rowIdx,
                      Value col, ArrayRef<Value> sums,
                      ValueRange outs) -> SmallVector<Value> {
      Value bz = zr.readGateRow(b, loc, bias, 0, col);
      Value br = zr.readGateRow(b, loc, bias, 1, col);
      auto addBias = [&](Value x, Value bias) -> Value {
        return bias ? arith::AddFOp::create(b, loc, x, bias).getResult() : x;
      };
      Value zOut = outs[0], rhOut = outs[1];
      for (auto [i, row] : llvm::enumerate(rowIdx)) {
        Value z = emitGate(b, loc, cast<ActivationAttr>(acts[0]),
                           addBias(sums[2 * i], bz), clip);
        Value reset = emitGate(b, loc, cast<ActivationAttr>(acts[0]),
                               addBias(sums[2 * i + 1], br), clip);
        Value hPrev = zr.read(b, loc, h, ValueRange{row, col});
        zOut = writeUnits(b, loc, z, zOut, row, col);
        rhOut = writeUnits(b, loc,
                           arith::MulFOp::create(b, loc, reset, hPrev), rhOut,
                           row, col);
      }
      return {zOut, rhOut};
    };
    SmallVector<Value> zrOut = zr.emit(rewriter, loc, rowBlock, 2,
                                       /*copyOut=*/false);
    Value z = zrOut[0], resetH = zrOut[1];

    FusedCellKernel cand = FusedCellKernel::create(
        rewriter, op, r.drop_front(2 * hidden * hidden), 1, hidden, lanes,
        resetH, xGates, {2});
    cand.epilogue = [&](OpBuilder &b, Location loc, ArrayRef<Value> rowIdx,
                        Value col, ArrayRef<Value> sums,
                        ValueRange outs) -> SmallVector<Value> {
      Value bh = cand.readGateRow(b, loc, bias, 2, col);
      Value hOut = outs[0];
      for (auto [i, row] : llvm::enumerate(rowIdx)) {
        Value pre = sums[i];
        if (bh)
          pre = arith::AddFOp::create(b, loc, pre, bh);
        Value n = emitGate(b, loc, cast<ActivationAttr>(acts[1]), pre, clip);
        Value zv = cand.read(b, loc, z, ValueRange{row, col});
        Value hPrev = cand.read(b, loc, h, ValueRange{row, col});
        hOut = writeUnits(b, loc, emitGRUUpdate(b, loc, zv, n, hPrev), hOut,
                          row, col);
      }
      return {hOut};
    };
    return cand.emit(rewriter, loc, rowBlock, 1)[0];
  }

  int64_t lanes, rowBlock, minWeights;
  double sparseThreshold;
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
    patterns.add<FuseGRUGateEpilogue>(&getContext(), lanes, rowBlock,
                                      minWeights, sparseThreshold);
    if (failed(rnn::applyKernelPatterns(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
