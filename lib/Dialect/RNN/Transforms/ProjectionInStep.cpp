//===- ProjectionInStep.cpp - input projection inside the time loop ------===//
//
// rnn-matmul-to-vector{projection-in-step=B, f32-projection-in-step=B}: at
// batch 1 the recurrent step streams R from cache or memory and leaves the
// dot-product port (vpdpbusd for int8, the FMA units for f32: one FMA per
// 64-byte load of R) about half idle, while the input projection before the
// time loop is compute bound. This moves the projection into the time loop,
// in blocks of B rows (time steps):
//
//   * before the loop, all rows of X are prepared (quantized for int8, as
//     the projection's kernel does) and the first block of the projection
//     is computed;
//   * the step's panel loop (panels of 16 * B rows of R: B accumulators of
//     16 lanes) also computes one tile of the projection of the *next*
//     block: the 16 rows of W at chunk `t mod B` of the step's panel, times
//     the B rows of x of the next block (B more accumulators), in the same
//     k loop as the step's product. So each W tile is read once per block
//     of B steps (W adds 1 / B of its size to every step's memory traffic)
//     and its products fill the idle port while R streams;
//   * the projection is a new loop-carried tensor [T', N] (T' = T rounded
//     up to B; padding rows are computed and never read); the last block
//     computes nothing ahead.
//
// int8: the sums are the same integers and the epilogues the same float
// operations as the separate kernels' (QuantizedKernel.cpp), so the results
// are bit-identical. f32: the step's sums are split over k as
// rnn-matmul-to-vector's one-row kernel splits them (4 interleaved partial
// sums, 2 for B = 8) and the tile's run over k in order from the bias, as
// its blocks of 4 rows do: bit-identical to the separate kernels for B <= 4
// when T is a multiple of the row block (the projection's last T mod 4 rows
// are otherwise summed in 4 partial sums there).
//
// Applied to a forward time loop (lower bound 0, step 1, static trip count)
// whose batch-1 step accumulates into row `iv` of an input projection used
// nowhere else, when the panels need no padding rows and there are at least
// two blocks; int8 when both weight matrices have at least
// `projection-in-step-min-weights` elements (the memory-bound case), f32
// when both have at most `f32-projection-in-step-max-weights` (R streams
// from L2: the step is bound by L2 bandwidth with the FMA units half idle;
// from L3 or memory the projection's W tiles add traffic to the bound).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

constexpr int64_t kLanes = 16; // i32 lanes of one 512-bit dot product
constexpr int64_t kGroup = 4;  // byte products summed per lane

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// A time loop's step product and the projection it accumulates into.
struct Candidate {
  scf::ForOp loop;
  linalg::MatmulTransposeBOp step, projection;
  tensor::ExtractSliceOp slice;
  tensor::ExpandShapeOp expand;
  linalg::BroadcastOp broadcast;
  bool isInt8 = false;
  NarrowMatrix w, r; // int8
  Value wF32, rF32;  // f32
  int64_t t, n, inputSize, hidden;
  double xScale = 0.0, hScale = 0.0;
};

double activationScale(Operation *op) {
  if (auto scale = op->getAttrOfType<FloatAttr>(kActivationScaleAttr))
    return scale.getValueAsDouble();
  return 0.0;
}

bool isStatic(OpFoldResult ofr, int64_t v) {
  std::optional<int64_t> c = getConstantIntValue(ofr);
  return c && *c == v;
}

/// A step of `loop` that reads h [1, H] and R [N, H] and accumulates
/// h R^T into `init` = extract_slice(expand_shape(P), [iv, 0, 0],
/// [1, 1, N]) with P = X [T, I] x W^T + broadcast(bias), both with int8
/// weights or both with plain f32 weights.
std::optional<Candidate> match(scf::ForOp loop, Value h, Value rValue,
                               Value init) {
  Candidate c;
  c.loop = loop;
  auto hType = dyn_cast<RankedTensorType>(h.getType());
  auto rType = dyn_cast<RankedTensorType>(rValue.getType());
  if (!hType || !rType || !hType.hasStaticShape() || !rType.hasStaticShape() ||
      hType.getDimSize(0) != 1 || !hType.getElementType().isF32())
    return std::nullopt;
  c.n = rType.getDimSize(0);
  c.hidden = rType.getDimSize(1);
  c.slice = init.getDefiningOp<tensor::ExtractSliceOp>();
  if (!c.slice || !c.slice->hasOneUse() ||
      loop->isAncestor(c.slice.getSource().getParentRegion()->getParentOp()))
    return std::nullopt;
  SmallVector<OpFoldResult> offsets = c.slice.getMixedOffsets();
  SmallVector<OpFoldResult> sizes = c.slice.getMixedSizes();
  if (offsets.size() != 3 ||
      dyn_cast_if_present<Value>(offsets[0]) != loop.getInductionVar() ||
      !isStatic(offsets[1], 0) || !isStatic(offsets[2], 0) ||
      !isStatic(sizes[0], 1) || !isStatic(sizes[1], 1) ||
      !isStatic(sizes[2], c.n) || !c.slice.hasUnitStride())
    return std::nullopt;
  c.expand = c.slice.getSource().getDefiningOp<tensor::ExpandShapeOp>();
  if (!c.expand || !c.expand->hasOneUse() ||
      c.expand.getReassociationIndices() !=
          SmallVector<ReassociationIndices>{{0, 1}, {2}})
    return std::nullopt;
  c.projection =
      c.expand.getSrc().getDefiningOp<linalg::MatmulTransposeBOp>();
  if (!c.projection || !c.projection->hasAttr(kInputProjectionAttr) ||
      !c.projection->hasOneUse() || !c.projection.hasPureTensorSemantics())
    return std::nullopt;
  auto xType = dyn_cast<RankedTensorType>(
      c.projection.getDpsInputs()[0].getType());
  auto wType = dyn_cast<RankedTensorType>(
      c.projection.getDpsInputs()[1].getType());
  if (!xType || !wType || !xType.hasStaticShape() || !wType.hasStaticShape() ||
      !xType.getElementType().isF32() || wType.getDimSize(0) != c.n)
    return std::nullopt;
  c.t = xType.getDimSize(0);
  c.inputSize = xType.getDimSize(1);
  c.broadcast = c.projection.getDpsInits()[0].getDefiningOp<linalg::BroadcastOp>();
  if (!c.broadcast || !c.broadcast->hasOneUse() ||
      !c.broadcast.hasPureTensorSemantics() ||
      c.broadcast.getDimensions() != ArrayRef<int64_t>{0})
    return std::nullopt;
  auto biasType =
      dyn_cast<RankedTensorType>(c.broadcast.getInput().getType());
  if (!biasType || biasType.getRank() != 1 || biasType.getDimSize(0) != c.n)
    return std::nullopt;
  // The loop runs over all rows of the projection, forward.
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
  if (!lb || *lb != 0 || !ub || *ub != c.t ||
      !matchPattern(loop.getStep(), m_One()))
    return std::nullopt;
  Value wValue = c.projection.getDpsInputs()[1];
  std::optional<NarrowMatrix> w = narrowMatrix(wValue, c.n, c.inputSize);
  std::optional<NarrowMatrix> r = narrowMatrix(rValue, c.n, c.hidden);
  if (!w && !r) {
    // Plain f32 weights.
    if (!wType.getElementType().isF32() || !rType.getElementType().isF32() ||
        !isPlainFloatTensor(wType) || !isPlainFloatTensor(rType))
      return std::nullopt;
    c.wF32 = wValue;
    c.rF32 = rValue;
    return c;
  }
  if (!w || !r || !w->isInt8 || !r->isInt8)
    return std::nullopt;
  c.isInt8 = true;
  c.w = std::move(*w);
  c.r = std::move(*r);
  c.xScale = activationScale(c.projection);
  return c;
}

/// `step` = h [1, H] x R^T accumulating into the projection's row (match).
std::optional<Candidate> matchStep(scf::ForOp loop,
                                   linalg::MatmulTransposeBOp step) {
  if (!step.hasPureTensorSemantics())
    return std::nullopt;
  std::optional<Candidate> c =
      match(loop, step.getDpsInputs()[0], step.getDpsInputs()[1],
            step.getDpsInits()[0]);
  if (c) {
    c->step = step;
    c->hScale = activationScale(step);
  }
  return c;
}

/// Panels of 16 * `rows` rows without padding, and at least two blocks.
bool fitsBlocks(const Candidate &c, int64_t rows) {
  return c.n % (rows * kLanes) == 0 && c.t >= 2 * rows;
}

/// The f32 rule: both weight matrices of at most `maxWeights` elements.
bool acceptF32(const Candidate &c, int64_t maxWeights) {
  return !c.isInt8 && c.n * c.hidden <= maxWeights &&
         c.n * c.inputSize <= maxWeights;
}

/// `value` [M, ...] zero padded to `rows` rows.
Value padRows(OpBuilder &b, Location loc, Value value, int64_t rows) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getDimSize(0) == rows)
    return value;
  SmallVector<int64_t> shape(type.getShape());
  shape[0] = rows;
  SmallVector<OpFoldResult> low(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(low);
  high[0] = b.getIndexAttr(rows - type.getDimSize(0));
  Value zero = arith::ConstantOp::create(
      b, loc, b.getZeroAttr(type.getElementType()));
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value, low,
      high, zero);
}

/// The size of the second dimension of a ranked tensor.
int64_t columnsOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getDimSize(1);
}

/// The panel loops of a fused kernel. A panel is `rows * 16` rows of R and
/// the same rows of W, whose chunks of 16 rows (one per time step of a
/// block) are packed as panels of their own. The subclasses emit one panel
/// for their weights' type.
class FusedKernel {
public:
  FusedKernel(int64_t rows, int64_t n) : rows(rows), width(rows * kLanes),
                                         panels(n / (rows * kLanes)) {}
  virtual ~FusedKernel() = default;

  /// Before the time loop: all rows of x [T, I]; the blocks cover
  /// `padded` rows (T rounded up to the block).
  virtual void setInput(OpBuilder &b, Location loc, Value x,
                        int64_t padded) = 0;
  /// In the time loop, before the step's panels: its h [1, H].
  virtual void setStep(OpBuilder &b, Location loc, Value h) = 0;

  /// One pass over the panels. With `stepRow` (the time step), the step's
  /// product: C[0, :] = P[stepRow, :] + h R^T. With `chunk`, the projection
  /// tile of every panel's chunk `chunk` for the `rows` rows of x from
  /// `firstRow`, written into P. Returns {C, P}.
  std::pair<Value, Value> emitPanels(OpBuilder &b, Location loc, Value c,
                                     Value p, Value stepRow, Value chunk,
                                     Value firstRow, Value reverse) {
    Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
    SmallVector<Value> inits;
    if (stepRow)
      inits.push_back(c);
    inits.push_back(p);
    auto loop = scf::ForOp::create(
        b, loc, c0, indexConst(b, loc, panels), c1, inits,
        [&](OpBuilder &b, Location loc, Value i, ValueRange iters) {
          Value panel = rnn::serpentinePanel(b, loc, i, panels, reverse);
          SmallVector<Value> out =
              emitPanel(b, loc, stepRow ? iters[0] : Value(), iters.back(),
                        locate(b, loc, panel, stepRow, chunk, firstRow));
          scf::YieldOp::create(b, loc, out);
        });
    // Panels write disjoint columns of C and P: threads may split them.
    // The mark is the weights streamed: R's panels and / or one chunk of
    // W's.
    int64_t weights = (stepRow ? panels * width * kR : 0) +
                      (chunk ? panels * kLanes * kW : 0);
    loop->setAttr(kParallelLoopAttr, b.getI64IntegerAttr(weights));
    if (!stepRow)
      return {Value(), loop.getResult(0)};
    return {loop.getResult(0), loop.getResult(1)};
  }

protected:
  /// Where one panel works: `panel`, the step's row (null: no step), the
  /// chunk of its W tile (null: no tile), the panel's first column, the
  /// tile's index among W's 16-row panels and its first column, and the
  /// tile's rows of x.
  struct Panel {
    Value panel, stepRow, chunk, col, tileW, colW;
    SmallVector<Value> xRow;
  };

  /// One panel: {C, P} (without a step row: {P}).
  virtual SmallVector<Value> emitPanel(OpBuilder &b, Location loc, Value c,
                                       Value p, const Panel &at) = 0;

  Value read(OpBuilder &b, Location loc, Value from, ValueRange idx,
             VectorType type) {
    Value pad = arith::ConstantOp::create(
        b, loc, b.getZeroAttr(type.getElementType()));
    return vector::TransferReadOp::create(b, loc, type, from, idx, pad,
                                          ArrayRef<bool>{true});
  }

  int64_t rows, width, panels;
  int64_t kR = 0, kW = 0; // weights per row of R and W, as packed

private:
  Panel locate(OpBuilder &b, Location loc, Value panel, Value stepRow,
               Value chunk, Value firstRow) {
    Panel at{panel, stepRow, chunk, Value(), Value(), Value(), {}};
    at.col = arith::MulIOp::create(b, loc, panel, indexConst(b, loc, width));
    if (!chunk)
      return at;
    at.tileW = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, panel, indexConst(b, loc, rows)),
        chunk);
    at.colW =
        arith::MulIOp::create(b, loc, at.tileW, indexConst(b, loc, kLanes));
    for (int64_t r = 0; r < rows; ++r)
      at.xRow.push_back(
          arith::AddIOp::create(b, loc, firstRow, indexConst(b, loc, r)));
    return at;
  }
};

/// int8 weights (`pr`: [N / (16 * rows), K4R, 64 * rows], `pw`: [N / 16,
/// K4W, 64]): rnn.int8_dot on quantized activations.
class Int8Kernel : public FusedKernel {
public:
  Int8Kernel(const PackedInt8 &pr, const PackedInt8 &pw, Value bias,
             int64_t rows, int64_t n, int64_t k4r, int64_t k4w, double xScale,
             double hScale)
      : FusedKernel(rows, n), pr(pr), pw(pw), bias(bias), k4r(k4r), k4w(k4w),
        xScale(xScale), hScale(hScale) {
    kR = k4r * kGroup;
    kW = k4w * kGroup;
  }

  void setInput(OpBuilder &b, Location loc, Value x, int64_t padded) override {
    auto [scales, bytes] =
        quantizeActivations(b, loc, x, columnsOf(x), xScale);
    xBytes = padRows(b, loc, bytes, padded);
    xScales = scales ? padRows(b, loc, scales, padded) : Value();
  }
  void setStep(OpBuilder &b, Location loc, Value h) override {
    auto [scale, bytes] =
        quantizeActivations(b, loc, h, columnsOf(h), hScale);
    hBytes = bytes;
    hScales = scale;
  }

private:
  /// The 32 activation bits of group `kk` of `row` of `bytes`, in every lane.
  Value broadcastGroup(OpBuilder &b, Location loc, Value bytes, Value row,
                       Value kk) {
    Type i8 = b.getIntegerType(8), i32 = b.getI32Type();
    Value start = arith::MulIOp::create(b, loc, kk, indexConst(b, loc, kGroup));
    Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(i8));
    Value four = vector::TransferReadOp::create(
        b, loc, VectorType::get({kGroup}, i8), bytes, ValueRange{row, start},
        pad, ArrayRef<bool>{true});
    Value word =
        vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), four);
    Value scalar = vector::ExtractOp::create(b, loc, word, ArrayRef<int64_t>{0});
    Value lanes = vector::BroadcastOp::create(
        b, loc, VectorType::get({kLanes}, i32), scalar);
    return vector::BitCastOp::create(
        b, loc, VectorType::get({kLanes * kGroup}, i8), lanes);
  }

  Value loadWeights(OpBuilder &b, Location loc, Value panelsConst, Value panel,
                    Value kk, Value offset) {
    Type i8 = b.getIntegerType(8);
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(i8));
    return vector::TransferReadOp::create(
        b, loc, VectorType::get({kLanes * kGroup}, i8), panelsConst,
        ValueRange{panel, kk, offset}, zero, ArrayRef<bool>{true});
  }

  SmallVector<Value> emitPanel(OpBuilder &b, Location loc, Value c, Value p,
                               const Panel &at) override {
    // W is packed in 16-row panels: the tile's weights are contiguous (one
    // sequential stream next to R's).
    Value panel = at.panel, stepRow = at.stepRow, chunk = at.chunk,
          col = at.col, tileW = at.tileW, colW = at.colW;
    ArrayRef<Value> xRow = at.xRow;
    auto accType = VectorType::get({kLanes}, b.getI32Type());
    auto fType = VectorType::get({kLanes}, b.getF32Type());
    int64_t chunksR = stepRow ? rows : 0, rowsW = chunk ? rows : 0;
    SmallVector<Value> colR;
    for (int64_t j = 0; j < chunksR; ++j)
      colR.push_back(
          arith::AddIOp::create(b, loc, col, indexConst(b, loc, j * kLanes)));
    // Accumulators: R's chunks, then the tile's rows; both start from
    // -128 * the row sums (undoing the +128 of the activation bytes).
    SmallVector<Value> init;
    for (int64_t j = 0; j < chunksR; ++j)
      init.push_back(read(b, loc, pr.offsets, colR[j], accType));
    if (chunk) {
      Value offset = read(b, loc, pw.offsets, colW, accType);
      init.append(rowsW, offset);
    }
    Value c0 = indexConst(b, loc, 0);
    auto kLoop = [&](int64_t from, int64_t to, bool withR, bool withW,
                     ValueRange accIn) -> SmallVector<Value> {
      if (from >= to)
        return SmallVector<Value>(accIn);
      auto loop = scf::ForOp::create(
          b, loc, indexConst(b, loc, from), indexConst(b, loc, to),
          indexConst(b, loc, 1), accIn,
          [&](OpBuilder &b, Location loc, Value kk, ValueRange in) {
            SmallVector<Value> acc(in);
            if (withR) {
              Value act = broadcastGroup(b, loc, hBytes, c0, kk);
              for (int64_t j = 0; j < chunksR; ++j) {
                Value w = loadWeights(b, loc, pr.panels, panel, kk,
                                      indexConst(b, loc, j * kLanes * kGroup));
                acc[j] = Int8DotOp::create(b, loc, accType, acc[j], act, w);
              }
            }
            if (withW) {
              Value w = loadWeights(b, loc, pw.panels, tileW, kk, c0);
              for (int64_t r = 0; r < rowsW; ++r) {
                Value act = broadcastGroup(b, loc, xBytes, xRow[r], kk);
                Value &a = acc[chunksR + r];
                a = Int8DotOp::create(b, loc, accType, a, act, w);
              }
            }
            scf::YieldOp::create(b, loc, acc);
          });
      return SmallVector<Value>(loop.getResults());
    };
    int64_t kr = stepRow ? k4r : 0, kw = chunk ? k4w : 0;
    int64_t both = stepRow && chunk ? std::min(kr, kw) : 0;
    SmallVector<Value> acc = kLoop(0, both, true, true, init);
    acc = kLoop(both, kr, true, false, acc);
    acc = kLoop(both, kw, false, true, acc);

    // Epilogues, as QuantizedKernel.cpp's: C = old + float(acc) * s_a * s_w.
    auto epilogue = [&](Value acc, Value rowScale, Value sw, Value old) {
      Value scale = sw;
      if (rowScale) {
        Value sa = vector::BroadcastOp::create(b, loc, fType, rowScale);
        scale = arith::MulFOp::create(b, loc, sa, sw);
      }
      Value accF = arith::SIToFPOp::create(b, loc, fType, acc);
      return vector::FMAOp::create(b, loc, accF, scale, old).getResult();
    };
    SmallVector<Value> results;
    if (stepRow) {
      Value sa;
      if (hScales)
        sa = tensor::ExtractOp::create(b, loc, hScales, ValueRange{c0});
      // The step's row of P is read before this panel writes the tile
      // (other rows), from the loop-carried P: bufferization keeps P in
      // place.
      for (int64_t j = 0; j < chunksR; ++j) {
        Value old = read(b, loc, p, ValueRange{stepRow, colR[j]}, fType);
        Value sw = read(b, loc, pr.scales, colR[j], fType);
        c = vector::TransferWriteOp::create(
                b, loc, epilogue(acc[j], sa, sw, old), c,
                ValueRange{c0, colR[j]}, ArrayRef<bool>{true})
                .getResult();
      }
      results.push_back(c);
    }
    if (chunk) {
      Value old = read(b, loc, bias, colW, fType);
      Value sw = read(b, loc, pw.scales, colW, fType);
      for (int64_t r = 0; r < rowsW; ++r) {
        Value sa;
        if (xScales)
          sa = tensor::ExtractOp::create(b, loc, xScales, ValueRange{xRow[r]});
        p = vector::TransferWriteOp::create(
                b, loc, epilogue(acc[chunksR + r], sa, sw, old), p,
                ValueRange{xRow[r], colW}, ArrayRef<bool>{true})
                .getResult();
      }
    }
    results.push_back(p);
    return results;
  }

  PackedInt8 pr, pw;
  Value bias, hBytes, hScales, xBytes, xScales;
  int64_t k4r, k4w;
  double xScale, hScale;
};

/// f32 weights (`pr`: [N / (16 * rows), H, 16 * rows], `pw`: [N / 16, I,
/// 16]): FMAs on broadcast activations, summed in rnn-matmul-to-vector's
/// order (see the file comment).
class F32Kernel : public FusedKernel {
public:
  F32Kernel(Value pr, Value pw, Value bias, int64_t rows, int64_t n,
            int64_t hidden, int64_t inputSize)
      : FusedKernel(rows, n), pr(pr), pw(pw), bias(bias) {
    kR = hidden;
    kW = inputSize;
    // The step's partial sums of rnn-matmul-to-vector's one-row kernel (4),
    // fewer where they would not fit the registers with the tile's.
    splits = std::min<int64_t>(kR, std::max<int64_t>(1, std::min<int64_t>(
                                                            4, 16 / rows)));
  }

  /// x is not padded (a copy of X and a fill of T' rows every run): the
  /// padding rows of the last block read x's last row instead, and their
  /// rows of P are never read.
  void setInput(OpBuilder &, Location, Value x, int64_t padded) override {
    this->x = x;
    rowsX = cast<RankedTensorType>(x.getType()).getDimSize(0);
    clampRows = padded > rowsX;
  }
  void setStep(OpBuilder &, Location, Value h) override { this->h = h; }

private:
  SmallVector<Value> emitPanel(OpBuilder &b, Location loc, Value c, Value p,
                               const Panel &at) override {
    Value panel = at.panel, stepRow = at.stepRow, chunk = at.chunk,
          col = at.col, tileW = at.tileW, colW = at.colW;
    ArrayRef<Value> xRow = at.xRow;
    auto vecR = VectorType::get({width}, b.getF32Type());
    auto vecW = VectorType::get({kLanes}, b.getF32Type());
    Value c0 = indexConst(b, loc, 0);
    int64_t rowsW = chunk ? rows : 0;
    int64_t nR = stepRow ? splits : 0;
    SmallVector<Value> xRead(xRow);
    if (clampRows)
      for (Value &row : xRead)
        row = arith::MinUIOp::create(b, loc, row,
                                     indexConst(b, loc, rowsX - 1));
    // Accumulators: the step's partial sums (the first from the step's row
    // of P, read before this panel writes the tile's other rows, from the
    // loop-carried P: bufferization keeps P in place), then the tile's rows
    // (from the bias).
    SmallVector<Value> init;
    if (stepRow) {
      init.push_back(read(b, loc, p, ValueRange{stepRow, col}, vecR));
      Value zero = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(vecR, 0.0f));
      init.append(nR - 1, zero);
    }
    if (chunk)
      init.append(rowsW, read(b, loc, bias, colW, vecW));
    auto fma = [&](Value act, Value row, Value kk, Value w, Value acc) {
      Value a = tensor::ExtractOp::create(b, loc, act, ValueRange{row, kk});
      Value as = vector::BroadcastOp::create(
          b, loc, cast<VectorType>(w.getType()), a);
      return vector::FMAOp::create(b, loc, as, w, acc).getResult();
    };
    // k in steps of `step` from `from` to `to`: the step's product (k in
    // [from, to) split over the partial sums) and / or the tile's (k in
    // order).
    auto kLoop = [&](int64_t from, int64_t to, int64_t step, bool withR,
                     bool withW, ValueRange accIn) -> SmallVector<Value> {
      if (from >= to)
        return SmallVector<Value>(accIn);
      auto loop = scf::ForOp::create(
          b, loc, indexConst(b, loc, from), indexConst(b, loc, to),
          indexConst(b, loc, step), accIn,
          [&](OpBuilder &b, Location loc, Value k0, ValueRange in) {
            SmallVector<Value> acc(in);
            for (int64_t s = 0; s < step; ++s) {
              Value kk = s == 0 ? k0
                                : arith::AddIOp::create(
                                      b, loc, k0, indexConst(b, loc, s))
                                      .getResult();
              if (withR)
                acc[s] = fma(h, c0, kk,
                             read(b, loc, pr, ValueRange{panel, kk, c0}, vecR),
                             acc[s]);
              if (withW) {
                Value w = read(b, loc, pw, ValueRange{tileW, kk, c0}, vecW);
                for (int64_t r = 0; r < rowsW; ++r)
                  acc[nR + r] = fma(x, xRead[r], kk, w, acc[nR + r]);
              }
            }
            scf::YieldOp::create(b, loc, acc);
          });
      return SmallVector<Value>(loop.getResults());
    };
    int64_t mainR = stepRow ? kR - kR % splits : 0;
    int64_t kw = chunk ? kW : 0;
    int64_t both = stepRow && chunk ? std::min(mainR, kw - kw % splits) : 0;
    SmallVector<Value> acc = kLoop(0, both, splits, true, true, init);
    acc = kLoop(both, mainR, splits, true, false, acc);
    acc = kLoop(both, kw, 1, false, true, acc);

    SmallVector<Value> results;
    if (stepRow) {
      Value sum = acc[0];
      for (int64_t s = 1; s < nR; ++s)
        sum = arith::AddFOp::create(b, loc, sum, acc[s]);
      for (int64_t kk = mainR; kk < kR; ++kk) {
        Value kIdx = indexConst(b, loc, kk);
        sum = fma(h, c0, kIdx, read(b, loc, pr, ValueRange{panel, kIdx, c0}, vecR),
                  sum);
      }
      results.push_back(vector::TransferWriteOp::create(
                            b, loc, sum, c, ValueRange{c0, col},
                            ArrayRef<bool>{true})
                            .getResult());
    }
    for (int64_t r = 0; r < rowsW; ++r)
      p = vector::TransferWriteOp::create(b, loc, acc[nR + r], p,
                                          ValueRange{xRow[r], colW},
                                          ArrayRef<bool>{true})
              .getResult();
    results.push_back(p);
    return results;
  }

  Value pr, pw, bias, x, h;
  int64_t splits, rowsX = 0;
  bool clampRows = false;
};

/// The fused kernel of `c`'s weights, packed before the projection.
std::unique_ptr<FusedKernel> makeKernel(OpBuilder &b, Location loc,
                                        Candidate &c, int64_t rows) {
  Value bias = c.broadcast.getInput();
  if (!c.isInt8)
    return std::make_unique<F32Kernel>(
        packF32Panels(b, loc, c.rF32, c.n, c.hidden, rows * kLanes),
        packF32Panels(b, loc, c.wF32, c.n, c.inputSize, kLanes), bias, rows,
        c.n, c.hidden, c.inputSize);
  PackedInt8 pw = packInt8(b, loc, c.w, c.n, c.inputSize, kLanes,
                           c.xScale > 0.0 ? c.xScale : 1.0);
  PackedInt8 pr = packInt8(b, loc, c.r, c.n, c.hidden, rows * kLanes,
                           c.hScale > 0.0 ? c.hScale : 1.0);
  return std::make_unique<Int8Kernel>(
      pr, pw, bias, rows, c.n, llvm::divideCeil(c.hidden, kGroup),
      llvm::divideCeil(c.inputSize, kGroup), c.xScale, c.hScale);
}

void rewrite(Candidate &c, int64_t rows) {
  IRRewriter rw(c.loop.getContext());
  Location loc = c.projection.getLoc();
  int64_t blocks = llvm::divideCeil(c.t, rows), padded = blocks * rows;

  // Before the loop: the weights packed, x prepared, the first block.
  rw.setInsertionPoint(c.projection);
  std::unique_ptr<FusedKernel> kernelPtr = makeKernel(rw, loc, c, rows);
  FusedKernel &kernel = *kernelPtr;
  kernel.setInput(rw, loc, c.projection.getDpsInputs()[0], padded);
  Value c0 = indexConst(rw, loc, 0), c1 = indexConst(rw, loc, 1);
  Value p = tensor::EmptyOp::create(rw, loc, ArrayRef<int64_t>{padded, c.n},
                                    rw.getF32Type());
  auto prologue = scf::ForOp::create(
      rw, loc, c0, indexConst(rw, loc, rows), c1, ValueRange{p},
      [&](OpBuilder &b, Location loc, Value chunk, ValueRange iters) {
        auto [none, out] = kernel.emitPanels(b, loc, Value(), iters[0],
                                             Value(), chunk, c0, Value());
        scf::YieldOp::create(b, loc, out);
      });

  // The loop carries P.
  auto newLoop = cast<scf::ForOp>(*c.loop.replaceWithAdditionalYields(
      rw, ValueRange{prologue.getResult(0)},
      /*replaceInitOperandUsesInLoop=*/false,
      [](OpBuilder &, Location, ArrayRef<BlockArgument> args) {
        return SmallVector<Value>(args);
      }));
  Value pArg = newLoop.getRegionIterArgs().back();
  Value iv = newLoop.getInductionVar();

  // The step: with the next block's tile while there is a next block.
  loc = c.step.getLoc();
  rw.setInsertionPoint(c.step);
  kernel.setStep(rw, loc, c.step.getDpsInputs()[0]);
  Value out = tensor::EmptyOp::create(rw, loc, ArrayRef<int64_t>{1, c.n},
                                      rw.getF32Type());
  Value reverse = rnn::serpentineParity(rw, loc, c.step);
  Value ahead = arith::CmpIOp::create(
      rw, loc, arith::CmpIPredicate::ult, iv,
      indexConst(rw, loc, (blocks - 1) * rows));
  auto ifOp = scf::IfOp::create(
      rw, loc, ahead,
      [&](OpBuilder &b, Location loc) {
        Value chunk =
            arith::RemUIOp::create(b, loc, iv, indexConst(b, loc, rows));
        Value first = arith::AddIOp::create(
            b, loc, arith::SubIOp::create(b, loc, iv, chunk),
            indexConst(b, loc, rows));
        auto [cOut, pOut] =
            kernel.emitPanels(b, loc, out, pArg, iv, chunk, first, reverse);
        scf::YieldOp::create(b, loc, ValueRange{cOut, pOut});
      },
      [&](OpBuilder &b, Location loc) {
        auto [cOut, pOut] = kernel.emitPanels(b, loc, out, pArg, iv, Value(),
                                              Value(), reverse);
        scf::YieldOp::create(b, loc, ValueRange{cOut, pOut});
      });
  rw.replaceOp(c.step, ifOp.getResult(0));
  auto yield = cast<scf::YieldOp>(newLoop.getBody()->getTerminator());
  rw.modifyOpInPlace(yield, [&] {
    yield->setOperand(yield->getNumOperands() - 1, ifOp.getResult(1));
  });
  rw.eraseOp(c.slice);
  rw.eraseOp(c.expand);
  rw.eraseOp(c.projection);
  rw.eraseOp(c.broadcast);
}

/// The candidates under `root` that `accept` takes, one per time loop
/// (the loop is rebuilt), each rewritten with blocks of `rows` steps.
void moveProjectionsIntoSteps(Operation *root, int64_t rows,
                              function_ref<bool(const Candidate &)> accept) {
  std::vector<Candidate> candidates;
  root->walk([&](scf::ForOp loop) {
    if (!loop->hasAttr(kTimeLoopAttr))
      return;
    for (auto step : loop.getBody()->getOps<linalg::MatmulTransposeBOp>())
      if (std::optional<Candidate> c = matchStep(loop, step)) {
        if (accept(*c) && fitsBlocks(*c, rows))
          candidates.push_back(std::move(*c));
        // One projection per loop.
        return;
      }
  });
  for (Candidate &c : candidates)
    rewrite(c, rows);
}

} // namespace

void rnn::moveInt8ProjectionsIntoSteps(Operation *root, int64_t rows,
                                       int64_t minWeights) {
  moveProjectionsIntoSteps(root, rows, [&](const Candidate &c) {
    return c.isInt8 && c.n * c.hidden >= minWeights &&
           c.n * c.inputSize >= minWeights;
  });
}

void rnn::moveF32ProjectionsIntoSteps(Operation *root, int64_t rows,
                                      int64_t maxWeights) {
  moveProjectionsIntoSteps(root, rows, [&](const Candidate &c) {
    return acceptF32(c, maxWeights);
  });
}

bool rnn::f32ProjectionMovesIntoStep(Operation *step, Value h, Value r,
                                     Value init, int64_t rows,
                                     int64_t maxWeights) {
  auto loop = dyn_cast_if_present<scf::ForOp>(step->getParentOp());
  if (rows <= 0 || !loop || !loop->hasAttr(kTimeLoopAttr))
    return false;
  std::optional<Candidate> c = match(loop, h, r, init);
  return c && acceptF32(*c, maxWeights) && fitsBlocks(*c, rows);
}
