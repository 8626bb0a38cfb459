//===- ProjectionInStep.cpp - int8 input projection inside the time loop --===//
//
// rnn-matmul-to-vector{projection-in-step=B}: at batch 1 the int8 recurrent
// step streams R from memory (LSTM H = 1024: 4 MB per step, from L3) and
// leaves the vpdpbusd port more than half idle, while the input projection
// before the time loop is compute bound. This moves the projection into
// the time loop, in blocks of B rows (time steps):
//
//   * before the loop, all rows of X are quantized (as the projection's
//     kernel does) and the first block of the projection is computed;
//   * the step's panel loop (panels of 16 * B rows of R: B accumulators)
//     also computes one tile of the projection of the *next* block: the 16
//     rows of W at chunk `t mod B` of the step's panel, times the B rows of
//     x of the next block (B more accumulators), in the same k loop as the
//     step's product. So each W tile is read once per block of B steps (W
//     adds 1 / B of its size to every step's memory traffic) and its dot
//     products fill the vpdpbusd port while R streams;
//   * the projection is a new loop-carried tensor [T', N] (T' = T rounded
//     up to B; padding rows are computed and never read); the last block
//     computes nothing ahead.
//
// The sums are the same integers and the epilogues the same float
// operations as the separate kernels' (QuantizedKernel.cpp), so the results
// are bit-identical. Applied to a forward time loop (lower bound 0, step 1,
// static trip count) whose int8 step accumulates into row `iv` of an int8
// input projection used nowhere else, when both weight matrices have at
// least `projection-in-step-min-weights` elements (the memory-bound case)
// and the panels need no padding rows.
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
  NarrowMatrix w, r;
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

/// `step` = h [1, H] x R^T accumulating into extract_slice(expand_shape(P),
/// [iv, 0, 0], [1, 1, N]) with P = X [T, I] x W^T + broadcast(bias), both
/// with int8 weights.
std::optional<Candidate> match(scf::ForOp loop,
                               linalg::MatmulTransposeBOp step,
                               int64_t minWeights) {
  Candidate c;
  c.loop = loop;
  c.step = step;
  if (!step.hasPureTensorSemantics())
    return std::nullopt;
  auto hType = dyn_cast<RankedTensorType>(step.getDpsInputs()[0].getType());
  auto rType = dyn_cast<RankedTensorType>(step.getDpsInputs()[1].getType());
  if (!hType || !rType || !hType.hasStaticShape() || !rType.hasStaticShape() ||
      hType.getDimSize(0) != 1 || !hType.getElementType().isF32())
    return std::nullopt;
  c.n = rType.getDimSize(0);
  c.hidden = rType.getDimSize(1);
  c.slice = step.getDpsInits()[0].getDefiningOp<tensor::ExtractSliceOp>();
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
  if (c.n * c.hidden < minWeights || c.n * c.inputSize < minWeights)
    return std::nullopt;
  std::optional<NarrowMatrix> w =
      narrowMatrix(c.projection.getDpsInputs()[1], c.n, c.inputSize);
  std::optional<NarrowMatrix> r =
      narrowMatrix(step.getDpsInputs()[1], c.n, c.hidden);
  if (!w || !r || !w->isInt8 || !r->isInt8)
    return std::nullopt;
  c.w = std::move(*w);
  c.r = std::move(*r);
  c.xScale = activationScale(c.projection);
  c.hScale = activationScale(step);
  return c;
}

/// The panel loops of the fused kernel. A panel is `rows * 16` rows of R
/// and the same rows of W, whose chunks of 16 rows (one per time step of a
/// block) are packed as panels of their own (`pw`: [N / 16, K4W, 64]).
class FusedKernel {
public:
  FusedKernel(const PackedInt8 &pr, const PackedInt8 &pw, Value bias,
              int64_t rows, int64_t n, int64_t k4r, int64_t k4w)
      : pr(pr), pw(pw), bias(bias), rows(rows), width(rows * kLanes),
        panels(n / (rows * kLanes)), k4r(k4r), k4w(k4w) {}

  /// Activations of the step (h's bytes [1, 4 * K4R] and scale, null for a
  /// static scale).
  void setStep(Value bytes, Value scale) {
    hBytes = bytes;
    hScale = scale;
  }
  /// All rows of x, quantized (bytes [T', 4 * K4W] and scales [T'] or null).
  void setInput(Value bytes, Value scales) {
    xBytes = bytes;
    xScales = scales;
  }

  /// One pass over the panels. With `stepRow` (the time step), the step's
  /// product: C[0, :] = P[stepRow, :] + h R^T (scaled). With `chunk`, the
  /// projection tile of every panel's chunk `chunk` for the `rows` rows of
  /// x from `firstRow`, written into P. Returns {C, P}.
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
          SmallVector<Value> out = emitPanel(
              b, loc, stepRow ? iters[0] : Value(), iters.back(), panel,
              stepRow, chunk, firstRow);
          scf::YieldOp::create(b, loc, out);
        });
    // Panels write disjoint columns of C and P: threads may split them.
    // The mark is the weights streamed: R's panels and / or one chunk of
    // W's.
    int64_t weights = (stepRow ? panels * width * k4r * kGroup : 0) +
                      (chunk ? panels * kLanes * k4w * kGroup : 0);
    loop->setAttr(kParallelLoopAttr, b.getI64IntegerAttr(weights));
    if (!stepRow)
      return {Value(), loop.getResult(0)};
    return {loop.getResult(0), loop.getResult(1)};
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
                               Value panel, Value stepRow, Value chunk,
                               Value firstRow) {
    Type i32 = b.getI32Type(), f32 = b.getF32Type();
    auto accType = VectorType::get({kLanes}, i32);
    auto fType = VectorType::get({kLanes}, f32);
    Value zeroI = arith::ConstantOp::create(b, loc, b.getZeroAttr(i32));
    Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value col = arith::MulIOp::create(b, loc, panel, indexConst(b, loc, width));
    auto read = [&](Value from, ValueRange idx, Type type, Value pad) {
      return vector::TransferReadOp::create(b, loc, cast<VectorType>(type),
                                            from, idx, pad,
                                            ArrayRef<bool>{true})
          .getResult();
    };
    int64_t chunksR = stepRow ? rows : 0, rowsW = chunk ? rows : 0;
    SmallVector<Value> colR, xRow;
    for (int64_t j = 0; j < chunksR; ++j)
      colR.push_back(
          arith::AddIOp::create(b, loc, col, indexConst(b, loc, j * kLanes)));
    Value colW, tileW;
    if (chunk) {
      // W is packed in 16-row panels: the tile's weights are contiguous
      // (one sequential stream next to R's).
      tileW = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, panel, indexConst(b, loc, rows)),
          chunk);
      colW = arith::MulIOp::create(b, loc, tileW, indexConst(b, loc, kLanes));
      for (int64_t r = 0; r < rowsW; ++r)
        xRow.push_back(
            arith::AddIOp::create(b, loc, firstRow, indexConst(b, loc, r)));
    }
    // Accumulators: R's chunks, then the tile's rows; both start from
    // -128 * the row sums (undoing the +128 of the activation bytes).
    SmallVector<Value> init;
    for (int64_t j = 0; j < chunksR; ++j)
      init.push_back(read(pr.offsets, colR[j], accType, zeroI));
    if (chunk) {
      Value offset = read(pw.offsets, colW, accType, zeroI);
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
      if (hScale)
        sa = tensor::ExtractOp::create(b, loc, hScale, ValueRange{c0});
      // The step's row of P is read before this panel writes the tile
      // (other rows), from the loop-carried P: bufferization keeps P in
      // place.
      for (int64_t j = 0; j < chunksR; ++j) {
        Value old = read(p, ValueRange{stepRow, colR[j]}, fType, zeroF);
        Value sw = read(pr.scales, colR[j], fType, zeroF);
        c = vector::TransferWriteOp::create(
                b, loc, epilogue(acc[j], sa, sw, old), c,
                ValueRange{c0, colR[j]}, ArrayRef<bool>{true})
                .getResult();
      }
      results.push_back(c);
    }
    if (chunk) {
      Value old = read(bias, colW, fType, zeroF);
      Value sw = read(pw.scales, colW, fType, zeroF);
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
  Value bias, hBytes, hScale, xBytes, xScales;
  int64_t rows, width, panels, k4r, k4w;
};

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

/// The serpentine parity of iteration `iv` (as rnn-matmul-to-vector's
/// int8 kernel): true on odd steps.
Value oddStep(OpBuilder &b, Location loc, Value iv) {
  Value odd = arith::AndIOp::create(b, loc, iv, indexConst(b, loc, 1));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, odd,
                               indexConst(b, loc, 0));
}

void rewrite(Candidate &c, int64_t rows) {
  IRRewriter rw(c.loop.getContext());
  Location loc = c.projection.getLoc();
  int64_t k4w = llvm::divideCeil(c.inputSize, kGroup);
  int64_t k4r = llvm::divideCeil(c.hidden, kGroup);
  int64_t blocks = llvm::divideCeil(c.t, rows), padded = blocks * rows;
  int64_t width = rows * kLanes;

  // Before the loop: x quantized, the weights packed, the first block.
  rw.setInsertionPoint(c.projection);
  PackedInt8 pw = packInt8(rw, loc, c.w, c.n, c.inputSize, kLanes,
                           c.xScale > 0.0 ? c.xScale : 1.0);
  PackedInt8 pr = packInt8(rw, loc, c.r, c.n, c.hidden, width,
                           c.hScale > 0.0 ? c.hScale : 1.0);
  auto [xScales, xBytes] = quantizeActivations(
      rw, loc, c.projection.getDpsInputs()[0], c.inputSize, c.xScale);
  xBytes = padRows(rw, loc, xBytes, padded);
  if (xScales)
    xScales = padRows(rw, loc, xScales, padded);
  FusedKernel kernel(pr, pw, c.broadcast.getInput(), rows, c.n, k4r, k4w);
  kernel.setInput(xBytes, xScales);
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
  auto [hScale, hBytes] = quantizeActivations(
      rw, loc, c.step.getDpsInputs()[0], c.hidden, c.hScale);
  kernel.setStep(hBytes, hScale);
  Value out = tensor::EmptyOp::create(rw, loc, ArrayRef<int64_t>{1, c.n},
                                      rw.getF32Type());
  Value reverse = oddStep(rw, loc, iv);
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

} // namespace

void rnn::moveInt8ProjectionsIntoSteps(Operation *root, int64_t rows,
                                       int64_t minWeights) {
  std::vector<Candidate> candidates;
  root->walk([&](scf::ForOp loop) {
    if (!loop->hasAttr(kTimeLoopAttr))
      return;
    for (auto step : loop.getBody()->getOps<linalg::MatmulTransposeBOp>())
      if (std::optional<Candidate> c = match(loop, step, minWeights)) {
        int64_t width = rows * kLanes;
        // Panels without padding rows, and at least two blocks.
        if (c->n % width == 0 && c->t >= 2 * rows)
          candidates.push_back(std::move(*c));
        // One projection per loop (the loop is rebuilt).
        return;
      }
  });
  for (Candidate &c : candidates)
    rewrite(c, rows);
}
