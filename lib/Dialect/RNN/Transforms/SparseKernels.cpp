//===- SparseKernels.cpp - block-CSR weights and sparse matmul kernels ----===//
//
// A pruned (or trained-sparse) weight matrix B [N, K] of `C += A * B^T` is
// mostly zeros; at batch 1 the recurrent step is a matrix-vector product
// whose time is the time to stream B from memory, so every zero not stored
// is time saved. This pass stores such a B as block-CSR constants (see
// Sparsity.h: block-row pointers, block column indices, values stored block
// column by block column) and emits the product as loops over them:
//
//   for m in rows(A):                         // rnn.sparse_matmul = {...}
//     for br in block rows:
//       acc = C[m, br*R : br*R+R]             // vector<R>
//       for j in rowPtr[br] .. rowPtr[br+1]:  // unrolled by 4 partial sums
//         for c < C: acc = fma(A[m, colIdx[j]+c], values[j*C+c, :], acc)
//       C[m, br*R : br*R+R] = acc
//
// (the row kernel; with 16 or more rows of A, the lanes kernel puts 16 rows
// in the lanes of a vector instead, on A^T and C^T). The block shape, and
// whether sparse pays at all, come from the cost model in Sparsity.h. The
// storage format is an attribute of the emitted code rather than a
// sparse_tensor encoding on the weight type: see docs/dialect.md.
//
// Pruned int8 weights (rnn-quantize-weights after rnn-prune-weights) of the
// recurrent step get the int8 tiled-ELLPACK kernel of SparseInt8Kernel.cpp
// instead (rewriteInt8), bit-identical to the dense int8 kernel.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"
#include "Sparsity.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include <algorithm>
#include <functional>

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNSPARSEKERNELS
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Independent partial sums over the blocks of one block row: a chain of
/// dependent FMAs would be bound by FMA latency, not by memory.
constexpr int64_t kUnroll = 4;
/// Lanes of the gathered CSR kernel (1x1 blocks): the non-zeros of a row are
/// taken kGather at a time, their activations gathered by column index.
constexpr int64_t kGather = 16;

/// Rows of A per vector in the lanes kernel (A with many rows: the
/// projection of all time steps).
constexpr int64_t kLanes = 16;
/// Lanes kernel: at most this many vector accumulators (R rows of a block
/// times the vectors of rows of A of one pass), and at most kLaneGroups
/// vectors of rows of A per pass (their activation vectors are live too).
constexpr int64_t kLaneAccs = 16, kLaneGroups = 8;

bool isCSR(const BlockCSR &s) { return s.blockRows * s.blockCols == 1; }

/// Whether `c` is all zeros (a zero `linalg.fill` or a zero splat constant):
/// a product accumulating into it need not read it.
bool isZeroTensor(Value c) {
  if (auto fill = c.getDefiningOp<linalg::FillOp>())
    return matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
  return matchPattern(c, m_AnyZeroFloat());
}

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// The decision for one matrix, attached to the emitted loop (or to the
/// matmul left dense) as `rnn.sparse_matmul`.
DictionaryAttr describe(Builder &b, StringRef format, int64_t rows,
                        int64_t cols, double zeros, int64_t nnz,
                        const BlockCSR *s) {
  SmallVector<NamedAttribute> attrs;
  auto i64 = [&](int64_t v) { return b.getI64IntegerAttr(v); };
  attrs.push_back(b.getNamedAttr("format", b.getStringAttr(format)));
  if (s)
    attrs.push_back(b.getNamedAttr(
        "block", b.getDenseI64ArrayAttr({s->blockRows, s->blockCols})));
  attrs.push_back(b.getNamedAttr("rows", i64(rows)));
  attrs.push_back(b.getNamedAttr("cols", i64(cols)));
  attrs.push_back(b.getNamedAttr("nnz", i64(nnz)));
  attrs.push_back(b.getNamedAttr("sparsity", b.getF64FloatAttr(zeros)));
  attrs.push_back(b.getNamedAttr("dense_bytes", i64(4 * rows * cols)));
  if (s) {
    attrs.push_back(b.getNamedAttr("stored", i64(s->values.size())));
    attrs.push_back(b.getNamedAttr("sparse_bytes", i64(s->bytes())));
  }
  return b.getDictionaryAttr(attrs);
}

/// Rewrites one matmul (not a greedy pattern: each matmul is examined once,
/// and the all-zero marker must survive until the report reads it).
struct SparseMatmul {
  SparseMatmul(double threshold, bool gather, StringRef ell, bool permute,
               bool groupRows, StringRef int8, bool int8Permute,
               int64_t minWeights, StringRef lanes)
      : threshold(threshold), gather(gather), ellMode(ell), permute(permute),
        groupRows(groupRows), int8Mode(int8), int8Permute(int8Permute),
        minWeights(minWeights), lanesMode(lanes) {}

  LogicalResult rewrite(linalg::MatmulTransposeBOp op,
                        RewriterBase &rewriter) const {
    if (!op.hasPureTensorSemantics() || op->hasAttr(kAttr))
      return rewriter.notifyMatchFailure(op, "not a tensor matmul to examine");
    Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
    Value c = op.getDpsInits()[0];
    auto aType = cast<RankedTensorType>(a.getType());
    auto bType = cast<RankedTensorType>(b.getType());
    auto cType = cast<RankedTensorType>(c.getType());
    if (!aType.getElementType().isF32() || !cType.getElementType().isF32() ||
        !bType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs f32 and a static B");
    int64_t n = bType.getDimSize(0), k = bType.getDimSize(1);
    std::optional<SmallVector<float>> weights = constantMatrix(b, n, k);
    if (!weights && n > 0 && k > 0)
      if (std::optional<NarrowMatrix> narrow = narrowMatrix(b, n, k)) {
        if (narrow->isInt8 &&
            succeeded(rewriteInt8(op, *narrow, n, k, rewriter)))
          return success();
        return describeNarrow(op, *narrow, n, k, rewriter);
      }
    if (!weights || n == 0 || k == 0)
      return rewriter.notifyMatchFailure(op, "B is not a constant matrix");
    double zeros = zeroFraction(*weights);
    int64_t nnz = llvm::count_if(*weights, [](float v) { return v != 0.0f; });
    if (zeros < threshold) {
      // Left for the dense kernels; the attribute records why (--report).
      rewriter.modifyOpInPlace(op, [&] {
        op->setAttr(kAttr, describe(rewriter, "dense", n, k, zeros, nnz,
                                    nullptr));
      });
      return success();
    }
    Location loc = op.getLoc();
    if (nnz == 0) {
      // C += A * 0: the product is C itself. Keep the decision visible on a
      // marker so that the report (and tests) can see it.
      Value result = c;
      if (c.getType() != op.getResult(0).getType())
        return rewriter.notifyMatchFailure(op, "result type differs from C");
      auto marker = tensor::CastOp::create(rewriter, loc, c.getType(), result);
      marker->setAttr(kAttr,
                      describe(rewriter, "zero", n, k, zeros, nnz, nullptr));
      rewriter.replaceOp(op, marker.getResult());
      return success();
    }
    int64_t cost;
    BlockCSR s = chooseBlockCSR(*weights, n, k, &cost);
    // The ELLPACK row kernel serves A with fewer than kLanes rows (the
    // recurrent step at small batch); with a dynamic row count the lanes
    // kernel keeps block-CSR for the many-rows case.
    int64_t m = aType.getDimSize(0);
    // Many rows (static): the lanes kernel, which also pays for moving A
    // and C through their transposes (a dynamic row count keeps the row
    // kernel, without transposes, for the few-rows case).
    if (!ShapedType::isDynamic(m) && m >= kLanes && lanesMode != "always")
      cost += lanesTransposeCost(n, k);
    std::optional<EllTiles> ell;
    // Without AVX-512's permute the gathered variant is no faster than CSR
    // (measured on Zen 4), so the cost model only chooses the permute.
    if (ellMode != "never" && n % EllTiles::kRows == 0 &&
        (ShapedType::isDynamic(m) || m < kLanes)) {
      EllTiles e = buildEllTiles(*weights, n, k, groupRows);
      int64_t eCost = ellCost(e);
      if (ellMode == "always" ||
          (permute && eCost < cost && eCost < n * k &&
           (!ShapedType::isDynamic(m) || cost < n * k)))
        ell = std::move(e);
    } else if (ellMode != "never" && n % EllTiles::kRows == 0 &&
               lanesMode != "always") {
      // Many rows (static): the many-rows ELLPACK kernel writes C's rows
      // directly (B's row order: no un-permutation), against the lanes
      // kernel with its transposes and the dense kernels.
      EllTiles e = buildEllTiles(*weights, n, k, /*groupRows=*/false);
      int64_t eCost = ellRowsCost(e);
      if (ellMode == "always" ||
          (permute && e.bytes() <= kEllRowsMaxBytes && eCost < cost &&
           eCost < n * k))
        ell = std::move(e);
    }
    if (ell) {
      Value result = emitEllOrLanes(rewriter, loc, a, b, c, *ell, s);
      bool manyRows = !ShapedType::isDynamic(m) && m >= kLanes;
      DictionaryAttr info = describe(rewriter, manyRows ? "ell-rows" : "ell",
                                     n, k, zeros, nnz, nullptr);
      NamedAttrList attrs(info);
      attrs.set("block", rewriter.getDenseI64ArrayAttr(
                             {EllTiles::kRows, EllTiles::kCols}));
      attrs.set("stored", rewriter.getI64IntegerAttr(ell->values.size()));
      int64_t bytes = ell->bytes();
      if (ShapedType::isDynamic(m))
        bytes += s.bytes(); // the lanes kernel's block-CSR copy
      attrs.set("sparse_bytes", rewriter.getI64IntegerAttr(bytes));
      result.getDefiningOp()->setAttr(kAttr,
                                      attrs.getDictionary(getContext(op)));
      rewriter.replaceOp(op, result);
      return success();
    }
    if (cost >= n * k) {
      // Sparse enough for the threshold, but the zeros are too scattered
      // for the sparse kernels to beat the dense ones.
      rewriter.modifyOpInPlace(op, [&] {
        op->setAttr(kAttr, describe(rewriter, "dense", n, k, zeros, nnz,
                                    nullptr));
      });
      return success();
    }
    StringRef format = s.blockRows * s.blockCols == 1 ? "csr" : "bcsr";
    Value result = emitKernel(rewriter, loc, a, b, c, s);
    result.getDefiningOp()->setAttr(
        kAttr, describe(rewriter, format, n, k, zeros, nnz, &s));
    rewriter.replaceOp(op, result);
    return success();
  }

  static constexpr StringLiteral kAttr = "rnn.sparse_matmul";

private:
  static MLIRContext *getContext(Operation *op) { return op->getContext(); }

  /// Weights rnn-quantize-weights narrowed (int8 or bf16) stay with the
  /// dense narrow kernels of rnn-matmul-to-vector: the sparse kernels are
  /// f32 only. The zeros of the narrow matrix (pruned weights quantize to
  /// exact zeros) are recorded for the report, with the narrow bytes.
  LogicalResult describeNarrow(linalg::MatmulTransposeBOp op,
                               const NarrowMatrix &w, int64_t n, int64_t k,
                               RewriterBase &rewriter) const {
    int64_t nnz = w.isInt8 ? llvm::count_if(w.q, [](int8_t q) { return q; })
                           : llvm::count_if(w.bf16, [](uint16_t v) {
                               return (v & 0x7fff) != 0;
                             });
    double zeros = 1.0 - static_cast<double>(nnz) / (n * k);
    DictionaryAttr info = describe(rewriter, w.isInt8 ? "int8" : "bf16", n, k,
                                   zeros, nnz, nullptr);
    NamedAttrList attrs(info);
    // int8: one byte per weight and an f32 scale per row; bf16: two bytes.
    attrs.set("sparse_bytes", rewriter.getI64IntegerAttr(
                                  w.isInt8 ? n * k + 4 * n : 2 * n * k));
    rewriter.modifyOpInPlace(op, [&] {
      op->setAttr(kAttr, attrs.getDictionary(op->getContext()));
    });
    return success();
  }

  /// Pruned int8 weights (rnn-quantize-weights after rnn-prune-weights):
  /// an all-zero matrix disappears, and the recurrent step (fewer than
  /// kLanes rows of A) gets the int8 tiled-ELLPACK kernel when the cost
  /// model (or int8=always) says so. Fails, leaving the op untouched, when
  /// the dense int8 kernel keeps the product.
  LogicalResult rewriteInt8(linalg::MatmulTransposeBOp op,
                            const NarrowMatrix &w, int64_t n, int64_t k,
                            RewriterBase &rewriter) const {
    if (int8Mode == "never" || n * k < minWeights)
      return failure();
    int64_t nnz = llvm::count_if(w.q, [](int8_t q) { return q; });
    double zeros = 1.0 - static_cast<double>(nnz) / (n * k);
    if (zeros < threshold)
      return failure();
    Value a = op.getDpsInputs()[0], c = op.getDpsInits()[0];
    Location loc = op.getLoc();
    if (nnz == 0) {
      // C + A * 0: the dense int8 kernel adds float(0) * s_a * s_w to C,
      // the same values for finite activations.
      if (c.getType() != op.getResult(0).getType())
        return failure();
      auto marker = tensor::CastOp::create(rewriter, loc, c.getType(), c);
      marker->setAttr(kAttr,
                      describe(rewriter, "zero", n, k, zeros, nnz, nullptr));
      rewriter.replaceOp(op, marker.getResult());
      return success();
    }
    int64_t m = cast<RankedTensorType>(a.getType()).getDimSize(0);
    if (n % EllInt8Tiles::kRows || (!ShapedType::isDynamic(m) && m >= kLanes))
      return failure();
    EllInt8Tiles tiles = buildEllInt8Tiles(w.q, n, k);
    if (!(int8Mode == "always" || (int8Permute && ellInt8Cost(tiles) < n * k)))
      return failure();
    double scale = 0.0;
    if (auto attr = op->getAttrOfType<FloatAttr>(kActivationScaleAttr))
      scale = attr.getValueAsDouble();
    int64_t bytes = tiles.bytes();
    Value result;
    if (!ShapedType::isDynamic(m)) {
      result = emitSparseInt8Matmul(rewriter, loc, a, w, tiles, c, scale);
    } else {
      // Many rows: the original matmul, for rnn-matmul-to-vector's dense
      // int8 kernel (its packed copy of the weights counts too).
      bytes += n * 4 * llvm::divideCeil(k, 4) + 8 * n;
      Value rows = tensor::DimOp::create(rewriter, loc, a, 0);
      Value many =
          arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::uge, rows,
                                indexConst(rewriter, loc, kLanes));
      // Regions filled after the scf.if is in place: the kernel hoists its
      // constants to the enclosing function.
      auto choice = scf::IfOp::create(rewriter, loc, TypeRange{c.getType()},
                                      many, /*addThenBlock=*/true,
                                      /*addElseBlock=*/true);
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(choice.thenBlock());
      Operation *dense = rewriter.clone(*op);
      scf::YieldOp::create(rewriter, loc, dense->getResult(0));
      rewriter.setInsertionPointToStart(choice.elseBlock());
      scf::YieldOp::create(
          rewriter, loc,
          emitSparseInt8Matmul(rewriter, loc, a, w, tiles, c, scale));
      result = choice.getResult(0);
    }
    NamedAttrList attrs(
        describe(rewriter, "int8-ell", n, k, zeros, nnz, nullptr));
    attrs.set("block", rewriter.getDenseI64ArrayAttr(
                           {EllInt8Tiles::kRows, EllInt8Tiles::kCols}));
    attrs.set("stored", rewriter.getI64IntegerAttr(tiles.values.size()));
    attrs.set("sparse_bytes", rewriter.getI64IntegerAttr(bytes));
    result.getDefiningOp()->setAttr(kAttr, attrs.getDictionary(getContext(op)));
    rewriter.replaceOp(op, result);
    return success();
  }

  /// The tiled-ELLPACK arrays as constants at the start of the function: i32
  /// tile and group pointers, the i32 column words [groups, 16] (five 6-bit
  /// columns each), f32 values [entries, 16] and, when the rows are reordered,
  /// the i32 inverse order [N] (entry i: the packed row holding row i of B).
  struct EllArrays {
    Value tilePtr, groupPtr, colWords, values, inverse;
  };
  EllArrays materializeEll(RewriterBase &rewriter, Location loc, Value b,
                           const EllTiles &s) const {
    OpBuilder::InsertionGuard guard(rewriter);
    if (auto func = b.getParentRegion()->getParentOfType<FunctionOpInterface>())
      rewriter.setInsertionPointToStart(&func.getFunctionBody().front());
    constexpr int64_t R = EllTiles::kRows;
    int64_t entries = s.numEntries();
    auto i32Array = [&](ArrayRef<int32_t> v) -> Value {
      auto type =
          RankedTensorType::get({(int64_t)v.size()}, rewriter.getI32Type());
      return arith::ConstantOp::create(rewriter, loc,
                                       DenseElementsAttr::get(type, v));
    };
    EllArrays arrays;
    arrays.tilePtr = i32Array(s.tilePtr);
    arrays.groupPtr = i32Array(s.groupPtr);
    SmallVector<int32_t> words(s.colWords.begin(), s.colWords.end());
    auto colType =
        RankedTensorType::get({s.numGroups(), R}, rewriter.getI32Type());
    arrays.colWords = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(colType, ArrayRef(words)));
    auto valuesType = RankedTensorType::get({entries, R}, rewriter.getF32Type());
    arrays.values = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(valuesType, ArrayRef(s.values)));
    if (!s.rowOrder.empty()) {
      SmallVector<int32_t> inverse(s.rows);
      for (int64_t p = 0; p < s.rows; ++p)
        inverse[s.rowOrder[p]] = p;
      arrays.inverse = i32Array(inverse);
    }
    return arrays;
  }

  /// acc + entry j of a tile whose 64 activations are x[0..3] (starting at
  /// column `col` of row m of A): the 16 weights times the activations
  /// selected by the entry's columns, one FMA. `word` holds the columns
  /// of five entries, 6 bits each; this entry's is at bit
  /// `shift` (a vector<16xi32> splat, or null for 0). With `permute` the
  /// selection is two rnn.permute2 (AVX-512's vpermi2ps: columns 0..31
  /// from x[0], x[1] and 32..63 from x[2], x[3], each by the low 5 bits,
  /// the higher ones ignored) and a select by bit 5 of the column; else a
  /// 16-lane gather from A.
  Value ellStep(OpBuilder &b, Location loc, Value a, Value word, Value shift,
                Value values, Value m, Value col, ArrayRef<Value> x, Value j,
                Value acc) const {
    SmallVector<Value, 4> xs(x);
    return ellSteps(b, loc, a, word, shift, values, m, col, xs, j, acc)[0];
  }

  /// ellStep for rows ms[q] of A (activations xs[q], accumulators
  /// accs[q]) sharing the entry: its shifted word and its values are
  /// computed once.
  SmallVector<Value> ellSteps(OpBuilder &b, Location loc, Value a, Value word,
                              Value shift, Value values, ArrayRef<Value> ms,
                              Value col, ArrayRef<SmallVector<Value, 4>> xs,
                              Value j, ValueRange accs) const {
    constexpr int64_t R = EllTiles::kRows;
    Type f32 = b.getF32Type(), i32 = b.getI32Type();
    auto vecType = VectorType::get({R}, f32);
    auto idxType = VectorType::get({R}, i32);
    auto maskType = VectorType::get({R}, b.getI1Type());
    Value c0 = indexConst(b, loc, 0);
    auto splat = [&](int32_t v) -> Value {
      return arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(idxType, b.getI32IntegerAttr(v)));
    };
    Value idx = shift ? arith::ShRUIOp::create(b, loc, word, shift).getResult()
                      : word;
    Value w = vector::TransferReadOp::create(
        b, loc, vecType, values, ValueRange{j, c0},
        arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f)),
        ArrayRef<bool>{true});
    Value upper;
    SmallVector<Value> next;
    for (auto [m, x, acc] : llvm::zip_equal(ms, xs, accs)) {
      Value sel;
      if (permute && x.size() <= 2) {
        // A tile of at most 32 columns (the many-rows kernel of a narrow
        // B): every column is below 32, one permute selects it.
        sel = Permute2Op::create(b, loc, vecType, x[0], x.back(), idx);
      } else if (permute) {
        Value lo = Permute2Op::create(b, loc, vecType, x[0], x[1], idx);
        Value hi = Permute2Op::create(b, loc, vecType, x[2], x[3], idx);
        if (!upper) {
          Value bit5 = arith::AndIOp::create(b, loc, idx, splat(32));
          upper = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                        bit5, splat(0));
        }
        sel = arith::SelectOp::create(b, loc, upper, hi, lo);
      } else {
        Value column = arith::AndIOp::create(b, loc, idx, splat(63));
        Value mask = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(maskType, true));
        Value zeroVec = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(vecType, 0.0f));
        sel = vector::GatherOp::create(b, loc, vecType, a, ValueRange{m, col},
                                       column, mask, zeroVec, IntegerAttr());
      }
      next.push_back(vector::FMAOp::create(b, loc, sel, w, acc));
    }
    return next;
  }

  /// Tiled-ELLPACK row kernel: for each row m of A and each row of tiles,
  /// two vector<16> partial sums carried through the tiles of the row; per
  /// tile the 64 activations are loaded once (four vectors) and its entries
  /// are folded two at a time. The result is a fresh tensor (C is only
  /// read). In B's row order the first partial sum starts from C; with
  /// reordered rows it starts from zero, the sums of the packed rows go to
  /// a [N] buffer and a last loop adds them to C in B's order (one gather
  /// by the inverse order per 16 rows).
  Value emitEllKernel(OpBuilder &b, Location loc, Value a, Value c,
                      const EllArrays &arrays, const EllTiles &s) const {
    constexpr int64_t R = EllTiles::kRows, C = EllTiles::kCols;
    Value tilePtr = arrays.tilePtr, colWords = arrays.colWords,
          values = arrays.values;
    bool reordered = static_cast<bool>(arrays.inverse);
    // C += A * B^T into a zero C (the GRU step's accumulator) is A * B^T:
    // C is not read, and the fill that made it goes away with its last use.
    bool zeroC = isZeroTensor(c);
    Type f32 = b.getF32Type();
    auto vecType = VectorType::get({R}, f32);
    Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value zeroVec =
        arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vecType, 0.0f));
    Value m = tensor::DimOp::create(b, loc, a, 0);
    int64_t tileCols = s.tileCols();
    // The activations of the last tile column may stop before 64.
    bool fullTiles = s.cols % C == 0;
    // The sums go to a fresh tensor, C only read: updating C in place made
    // bufferization copy it first whenever C is a slice of a value still
    // read later (the step's slice of the projection of all steps: a copy
    // of a row of C per step).
    Value fresh = tensor::EmptyOp::create(
        b, loc, tensor::getMixedSizes(b, loc, c),
        cast<RankedTensorType>(c.getType()).getElementType());
    auto rowLoop = scf::ForOp::create(
        b, loc, c0, m, c1, ValueRange{fresh},
        [&](OpBuilder &b, Location loc, Value mi, ValueRange iters) {
          Value sums =
              reordered ? tensor::EmptyOp::create(
                              b, loc, ArrayRef<int64_t>{s.rows}, f32)
                              .getResult()
                        : iters[0];
          auto tileRowLoop = scf::ForOp::create(
              b, loc, c0, indexConst(b, loc, s.tileRows()), c1,
              ValueRange{sums},
              [&](OpBuilder &b, Location loc, Value tr, ValueRange inner) {
                Value row =
                    arith::MulIOp::create(b, loc, tr, indexConst(b, loc, R));
                Value acc =
                    reordered || zeroC
                        ? zeroVec
                        : vector::TransferReadOp::create(
                              b, loc, vecType, c, ValueRange{mi, row}, zero,
                              ArrayRef<bool>{true})
                              .getResult();
                Value first = arith::MulIOp::create(
                    b, loc, tr, indexConst(b, loc, tileCols));
                auto tileLoop = scf::ForOp::create(
                    b, loc, c0, indexConst(b, loc, tileCols), c1,
                    ValueRange{acc, zeroVec},
                    [&](OpBuilder &b, Location loc, Value g, ValueRange accs) {
                      Value col = arith::MulIOp::create(b, loc, g,
                                                        indexConst(b, loc, C));
                      SmallVector<Value, 4> x;
                      if (permute)
                        for (int64_t q = 0; q < C / R; ++q) {
                          Value at = arith::AddIOp::create(
                              b, loc, col, indexConst(b, loc, q * R));
                          x.push_back(vector::TransferReadOp::create(
                              b, loc, vecType, a, ValueRange{mi, at}, zero,
                              ArrayRef<bool>{fullTiles}));
                        }
                      Value t = arith::AddIOp::create(b, loc, first, g);
                      auto [lo, hi] = blockRange(b, loc, tilePtr, t);
                      Value group0 = arith::IndexCastOp::create(
                          b, loc, b.getIndexType(),
                          tensor::ExtractOp::create(b, loc, arrays.groupPtr,
                                                    ValueRange{t}));
                      auto idxType = VectorType::get({R}, b.getI32Type());
                      constexpr int64_t W = EllTiles::kEntriesPerWord;
                      auto wordAt = [&](OpBuilder &b, Location loc, Value q) {
                        return vector::TransferReadOp::create(
                                   b, loc, idxType, colWords,
                                   ValueRange{q, c0},
                                   arith::ConstantOp::create(
                                       b, loc, b.getI32IntegerAttr(0)),
                                   ArrayRef<bool>{true})
                            .getResult();
                      };
                      auto shiftBy = [&](OpBuilder &b, Location loc,
                                         int32_t bits) {
                        return arith::ConstantOp::create(
                                   b, loc,
                                   DenseElementsAttr::get(
                                       idxType, b.getI32IntegerAttr(bits)))
                            .getResult();
                      };
                      // Entry k of a word: its field at bit 6k.
                      auto step = [&](OpBuilder &b, Location loc, Value word,
                                      int64_t k, Value j, Value acc) {
                        Value shift =
                            k ? shiftBy(b, loc, EllTiles::kColumnBits * k)
                              : Value();
                        return ellStep(b, loc, a, word, shift, values, mi, col,
                                       x, j, acc);
                      };
                      // Five entries per column word, alternating between
                      // the two partial sums (entry k of word q is entry
                      // lo + 5 (q - group0) + k); the last 0..4 entries
                      // share one more word.
                      Value count = arith::SubIOp::create(b, loc, hi, lo);
                      Value cW = indexConst(b, loc, W);
                      Value fullWords = arith::DivUIOp::create(b, loc, count, cW);
                      Value wordsHi =
                          arith::AddIOp::create(b, loc, group0, fullWords);
                      Value restLo = arith::AddIOp::create(
                          b, loc, lo,
                          arith::MulIOp::create(b, loc, fullWords, cW));
                      // Entry of word q's first field: lo - 5 group0 + 5q.
                      Value base = arith::SubIOp::create(
                          b, loc, lo,
                          arith::MulIOp::create(b, loc, group0, cW));
                      auto words = scf::ForOp::create(
                          b, loc, group0, wordsHi, c1, accs,
                          [&](OpBuilder &b, Location loc, Value q,
                              ValueRange p) {
                            Value word = wordAt(b, loc, q);
                            Value j = arith::AddIOp::create(
                                b, loc, base,
                                arith::MulIOp::create(b, loc, q, cW));
                            SmallVector<Value, 2> acc(p);
                            for (int64_t k = 0; k < W; ++k) {
                              Value jk = k ? arith::AddIOp::create(
                                                 b, loc, j, indexConst(b, loc, k))
                                                 .getResult()
                                           : j;
                              acc[k % 2] = step(b, loc, word, k, jk, acc[k % 2]);
                            }
                            // Five is odd: swapped, the two sums take the
                            // entries alternately across words too.
                            scf::YieldOp::create(b, loc,
                                                 ValueRange{acc[1], acc[0]});
                          });
                      // The last 0..4 entries: nested ifs with constant
                      // shifts (a loop with a variable shift and a word
                      // load per entry was 8% slower at 95%).
                      Value left = arith::SubIOp::create(b, loc, hi, restLo);
                      std::function<ValueRange(OpBuilder &, Location, Value,
                                               int64_t, Value, Value)>
                          rest = [&](OpBuilder &b, Location loc, Value word,
                                     int64_t k, Value acc0,
                                     Value acc1) -> ValueRange {
                        Value more = arith::CmpIOp::create(
                            b, loc, arith::CmpIPredicate::ugt, left,
                            indexConst(b, loc, k));
                        auto ifOp = scf::IfOp::create(
                            b, loc, more,
                            [&](OpBuilder &b, Location loc) {
                              Value w = word ? word : wordAt(b, loc, wordsHi);
                              Value jk = k ? arith::AddIOp::create(
                                                 b, loc, restLo,
                                                 indexConst(b, loc, k))
                                                 .getResult()
                                           : restLo;
                              SmallVector<Value, 2> acc{acc0, acc1};
                              acc[k % 2] = step(b, loc, w, k, jk, acc[k % 2]);
                              if (k + 2 < W)
                                scf::YieldOp::create(
                                    b, loc,
                                    rest(b, loc, w, k + 1, acc[0], acc[1]));
                              else
                                scf::YieldOp::create(b, loc, acc);
                            },
                            [&](OpBuilder &b, Location loc) {
                              scf::YieldOp::create(b, loc,
                                                   ValueRange{acc0, acc1});
                            });
                        return ifOp.getResults();
                      };
                      scf::YieldOp::create(
                          b, loc,
                          rest(b, loc, Value(), 0, words.getResult(0),
                               words.getResult(1)));
                    });
                Value sum = arith::AddFOp::create(b, loc, tileLoop.getResult(0),
                                                  tileLoop.getResult(1));
                Value written =
                    reordered
                        ? vector::TransferWriteOp::create(b, loc, sum, inner[0],
                                                          ValueRange{row},
                                                          ArrayRef<bool>{true})
                              .getResult()
                        : vector::TransferWriteOp::create(b, loc, sum, inner[0],
                                                          ValueRange{mi, row},
                                                          ArrayRef<bool>{true})
                              .getResult();
                scf::YieldOp::create(b, loc, written);
              });
          if (!reordered) {
            scf::YieldOp::create(b, loc, tileRowLoop.getResults());
            return;
          }
          // C[mi, i] += sums[inverse[i]] (= with a zero C), 16 rows at a
          // time.
          Value filled = tileRowLoop.getResult(0);
          auto idxType = VectorType::get({R}, b.getI32Type());
          Value all = arith::ConstantOp::create(
              b, loc,
              DenseElementsAttr::get(VectorType::get({R}, b.getI1Type()),
                                     true));
          auto backLoop = scf::ForOp::create(
              b, loc, c0, indexConst(b, loc, s.rows), indexConst(b, loc, R),
              iters,
              [&](OpBuilder &b, Location loc, Value i, ValueRange out) {
                Value inv = vector::TransferReadOp::create(
                    b, loc, idxType, arrays.inverse, ValueRange{i},
                    arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0)),
                    ArrayRef<bool>{true});
                Value next = vector::GatherOp::create(
                    b, loc, vecType, filled, ValueRange{c0}, inv, all, zeroVec,
                    IntegerAttr());
                if (!zeroC)
                  next = arith::AddFOp::create(
                      b, loc,
                      vector::TransferReadOp::create(b, loc, vecType, c,
                                                     ValueRange{mi, i}, zero,
                                                     ArrayRef<bool>{true}),
                      next);
                scf::YieldOp::create(
                    b, loc,
                    vector::TransferWriteOp::create(b, loc, next, out[0],
                                                    ValueRange{mi, i},
                                                    ArrayRef<bool>{true})
                        .getResult());
              });
          scf::YieldOp::create(b, loc, backLoop.getResults());
        });
    return rowLoop.getResult(0);
  }

  /// Tiled-ELLPACK kernel for many rows of A (static M >= kLanes: the input
  /// projection of all steps), in B's row order: C's rows are written
  /// directly, no transposes. A pass serves `P` rows of A: per row of
  /// tiles, P vector<16> accumulators start from C (or the bias, or zero);
  /// per tile, the
  /// activations of each of the P rows (one vector per 16 columns of the
  /// tile, at most four) stay in registers, and each entry's values and
  /// column word are loaded once for P selections and FMAs. The rows left
  /// over (M % P) take one shorter pass.
  Value emitEllRowsKernel(OpBuilder &b, Location loc, Value a, Value c,
                          const EllArrays &arrays, const EllTiles &s) const {
    int64_t m = cast<RankedTensorType>(a.getType()).getDimSize(0);
    int64_t p = ellRowsPerPass(s.cols);
    int64_t full = m / p * p;
    // C = the bias broadcast over the rows (the projection): the
    // accumulators start from the bias and the sums go to the broadcast's
    // destination, so C is never filled in memory (as in the dense kernel).
    // A zero C is not read: its sums go to a fresh tensor. Otherwise C is
    // updated in place (each block read, then written, by the same pass).
    Value bias, result = c;
    if (auto match = matchRowBroadcast(c, s.rows))
      std::tie(bias, result) = *match;
    else if (isZeroTensor(c))
      result = tensor::EmptyOp::create(
          b, loc, tensor::getMixedSizes(b, loc, c),
          cast<RankedTensorType>(c.getType()).getElementType());
    if (full)
      result = emitEllRowsPass(b, loc, a, c, bias, result, arrays, s, 0, full,
                               p);
    if (m > full)
      result = emitEllRowsPass(b, loc, a, c, bias, result, arrays, s, full, m,
                               m - full);
    return result;
  }

  /// Rows [lo, hi) of A, `p` at a time (p divides hi - lo), into `out`
  /// (C itself, or the accumulators from `bias` or zero for a fresh `out`).
  Value emitEllRowsPass(OpBuilder &b, Location loc, Value a, Value c,
                        Value bias, Value out, const EllArrays &arrays,
                        const EllTiles &s, int64_t lo, int64_t hi,
                        int64_t p) const {
    constexpr int64_t R = EllTiles::kRows, C = EllTiles::kCols;
    Type f32 = b.getF32Type(), i32 = b.getI32Type();
    auto vecType = VectorType::get({R}, f32);
    auto idxType = VectorType::get({R}, i32);
    bool zeroC = isZeroTensor(c);
    Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value zeroVec =
        arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vecType, 0.0f));
    Value zeroI32 = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    int64_t tileCols = s.tileCols();
    // Vectors of activations per row and tile: a single tile narrower than
    // 64 columns needs fewer (at most 32 columns: one permute per entry).
    int64_t vecs = C / R;
    if (tileCols == 1)
      vecs = s.cols <= R ? 1 : s.cols <= 2 * R ? 2 : C / R;
    bool fullTiles = s.cols % C == 0;
    auto passLoop = scf::ForOp::create(
        b, loc, indexConst(b, loc, lo), indexConst(b, loc, hi),
        indexConst(b, loc, p), ValueRange{out},
        [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
          SmallVector<Value> rows;
          for (int64_t q = 0; q < p; ++q)
            rows.push_back(q == 0 ? m0
                                  : arith::AddIOp::create(
                                        b, loc, m0, indexConst(b, loc, q))
                                        .getResult());
          // The activations of the pass's rows in the tile column at `col`.
          auto loadActivations = [&](OpBuilder &b, Location loc, Value col) {
            SmallVector<SmallVector<Value, 4>> x(p);
            if (!permute)
              return x;
            for (int64_t q = 0; q < p; ++q)
              for (int64_t v = 0; v < vecs; ++v) {
                Value at = arith::AddIOp::create(b, loc, col,
                                                 indexConst(b, loc, v * R));
                bool inBounds =
                    fullTiles || (tileCols == 1 && (v + 1) * R <= s.cols);
                x[q].push_back(vector::TransferReadOp::create(
                    b, loc, vecType, a, ValueRange{rows[q], at}, zero,
                    ArrayRef<bool>{inBounds}));
              }
            return x;
          };
          // One column of tiles (B with at most 64 columns): the
          // activations are the same for every row of tiles.
          SmallVector<SmallVector<Value, 4>> x0;
          if (tileCols == 1)
            x0 = loadActivations(b, loc, c0);
          auto tileRowLoop = scf::ForOp::create(
              b, loc, c0, indexConst(b, loc, s.tileRows()), c1, iters,
              [&](OpBuilder &b, Location loc, Value tr, ValueRange inner) {
                Value row =
                    arith::MulIOp::create(b, loc, tr, indexConst(b, loc, R));
                Value fromBias =
                    bias ? vector::TransferReadOp::create(
                               b, loc, vecType, bias, ValueRange{row}, zero,
                               ArrayRef<bool>{true})
                               .getResult()
                         : Value();
                SmallVector<Value> init;
                for (Value mi : rows)
                  init.push_back(
                      bias    ? fromBias
                      : zeroC ? zeroVec
                              : vector::TransferReadOp::create(
                                    b, loc, vecType, inner[0],
                                    ValueRange{mi, row}, zero,
                                    ArrayRef<bool>{true})
                                    .getResult());
                Value first = arith::MulIOp::create(
                    b, loc, tr, indexConst(b, loc, tileCols));
                auto tileLoop = scf::ForOp::create(
                    b, loc, c0, indexConst(b, loc, tileCols), c1, init,
                    [&](OpBuilder &b, Location loc, Value g, ValueRange accs) {
                      Value col = arith::MulIOp::create(b, loc, g,
                                                        indexConst(b, loc, C));
                      SmallVector<SmallVector<Value, 4>> x =
                          tileCols == 1 ? x0 : loadActivations(b, loc, col);
                      Value t = arith::AddIOp::create(b, loc, first, g);
                      auto [elo, ehi] = blockRange(b, loc, arrays.tilePtr, t);
                      Value group0 = arith::IndexCastOp::create(
                          b, loc, b.getIndexType(),
                          tensor::ExtractOp::create(b, loc, arrays.groupPtr,
                                                    ValueRange{t}));
                      auto entryLoop = scf::ForOp::create(
                          b, loc, elo, ehi, c1, accs,
                          [&](OpBuilder &b, Location loc, Value j,
                              ValueRange accs) {
                            // Entry e = j - elo: field e % 5 (at bit
                            // 6 (e % 5)) of word e / 5.
                            Value e = arith::SubIOp::create(b, loc, j, elo);
                            Value cW = indexConst(b, loc,
                                                  EllTiles::kEntriesPerWord);
                            Value q = arith::AddIOp::create(
                                b, loc, group0,
                                arith::DivUIOp::create(b, loc, e, cW));
                            Value word = vector::TransferReadOp::create(
                                b, loc, idxType, arrays.colWords,
                                ValueRange{q, c0}, zeroI32,
                                ArrayRef<bool>{true});
                            Value bits = arith::IndexCastOp::create(
                                b, loc, i32,
                                arith::MulIOp::create(
                                    b, loc,
                                    arith::RemUIOp::create(b, loc, e, cW),
                                    indexConst(b, loc,
                                               EllTiles::kColumnBits)));
                            Value shift = vector::BroadcastOp::create(
                                b, loc, idxType, bits);
                            scf::YieldOp::create(
                                b, loc,
                                ellSteps(b, loc, a, word, shift, arrays.values,
                                         rows, col, x, j, accs));
                          });
                      scf::YieldOp::create(b, loc, entryLoop.getResults());
                    });
                Value written = inner[0];
                for (int64_t q = 0; q < p; ++q)
                  written = vector::TransferWriteOp::create(
                                b, loc, tileLoop.getResult(q), written,
                                ValueRange{rows[q], row}, ArrayRef<bool>{true})
                                .getResult();
                scf::YieldOp::create(b, loc, written);
              });
          scf::YieldOp::create(b, loc, tileRowLoop.getResults());
        });
    return passLoop.getResult(0);
  }

  /// The ELLPACK row kernel, or with a dynamic row count a run-time choice
  /// between it and the block-CSR lanes kernel.
  Value emitEllOrLanes(RewriterBase &rewriter, Location loc, Value a, Value b,
                       Value c, const EllTiles &ell,
                       const BlockCSR &s) const {
    EllArrays ellArrays = materializeEll(rewriter, loc, b, ell);
    int64_t m = cast<RankedTensorType>(a.getType()).getDimSize(0);
    if (!ShapedType::isDynamic(m))
      return m >= kLanes
                 ? emitEllRowsKernel(rewriter, loc, a, c, ellArrays, ell)
                 : emitEllKernel(rewriter, loc, a, c, ellArrays, ell);
    std::array<Value, 3> arrays = materialize(rewriter, loc, b, s);
    Value rows = tensor::DimOp::create(rewriter, loc, a, 0);
    Value many = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::uge,
                                       rows, indexConst(rewriter, loc, kLanes));
    auto choice = scf::IfOp::create(
        rewriter, loc, many,
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc,
                               emitLanesKernel(b, loc, a, c, arrays, s));
        },
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc,
                               emitEllKernel(b, loc, a, c, ellArrays, ell));
        });
    return choice.getResult(0);
  }

  /// The three arrays as constants at the start of the function (hoisted out
  /// of the time loop).
  std::array<Value, 3> materialize(RewriterBase &rewriter, Location loc,
                                   Value b, const BlockCSR &s) const {
    OpBuilder::InsertionGuard guard(rewriter);
    if (auto func = b.getParentRegion()->getParentOfType<FunctionOpInterface>())
      rewriter.setInsertionPointToStart(&func.getFunctionBody().front());
    auto i32 = rewriter.getI32Type();
    auto indices = [&](ArrayRef<int32_t> v) -> Value {
      auto type = RankedTensorType::get({(int64_t)v.size()}, i32);
      return arith::ConstantOp::create(rewriter, loc,
                                       DenseElementsAttr::get(type, v));
    };
    if (gather && isCSR(s)) {
      // CSR: 1-D arrays padded by kGather - 1 zeros, so that the last
      // (masked) chunk of kGather lanes reads in bounds.
      SmallVector<int32_t> cols(s.colIdx);
      SmallVector<float> vals(s.values);
      cols.append(kGather - 1, 0);
      vals.append(kGather - 1, 0.0f);
      auto valuesType =
          RankedTensorType::get({(int64_t)vals.size()}, rewriter.getF32Type());
      Value values = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(valuesType, ArrayRef(vals)));
      return {indices(s.rowPtr), indices(cols), values};
    }
    auto valuesType = RankedTensorType::get(
        {s.numBlocks() * s.blockCols, s.blockRows}, rewriter.getF32Type());
    Value values = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(valuesType, ArrayRef(s.values)));
    return {indices(s.rowPtr), indices(s.colIdx), values};
  }

  /// acc + (block j of row m) as C FMAs of vector<R>.
  static Value blockStep(OpBuilder &b, Location loc, Value a, Value colIdx,
                         Value values, Value m, Value j, Value acc,
                         const BlockCSR &s) {
    auto vecType = VectorType::get({s.blockRows}, b.getF32Type());
    Value col = arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        tensor::ExtractOp::create(b, loc, colIdx, ValueRange{j}));
    Value base = arith::MulIOp::create(b, loc, j, indexConst(b, loc, s.blockCols));
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value c0 = indexConst(b, loc, 0);
    for (int64_t c = 0; c < s.blockCols; ++c) {
      Value kk = c == 0 ? col
                        : arith::AddIOp::create(b, loc, col, indexConst(b, loc, c))
                              .getResult();
      Value vrow = c == 0 ? base
                          : arith::AddIOp::create(b, loc, base,
                                                  indexConst(b, loc, c))
                                .getResult();
      Value x = tensor::ExtractOp::create(b, loc, a, ValueRange{m, kk});
      Value xs = vector::BroadcastOp::create(b, loc, vecType, x);
      Value w = vector::TransferReadOp::create(b, loc, vecType, values,
                                               ValueRange{vrow, c0}, zero,
                                               ArrayRef<bool>{true});
      acc = vector::FMAOp::create(b, loc, xs, w, acc);
    }
    return acc;
  }

  /// acc + (block j of row m) for blocks of several columns (C > 1) as one
  /// FMA of vector<R*C>: the block's C*R values are contiguous (column by
  /// column), and the C activations A[m, col .. col+C-1] are read as one
  /// vector<C> whose lane c is repeated R times (lane l = c*R + r takes
  /// A[m, col + l / R]). So a 4x4 block is one 16-lane FMA, one load of 4
  /// activations and one permute, instead of 4 broadcasts and 4 FMAs of 4
  /// lanes. `flatValues` is the values array collapsed to 1-D; the R*C lanes
  /// are summed per row r at the end of the block row (wideBlockSum).
  static Value wideBlockStep(OpBuilder &b, Location loc, Value a, Value colIdx,
                             Value flatValues, Value m, Value j, Value acc,
                             const BlockCSR &s) {
    int64_t r = s.blockRows, c = s.blockCols;
    auto f32 = b.getF32Type();
    Value col = arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        tensor::ExtractOp::create(b, loc, colIdx, ValueRange{j}));
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value x = vector::TransferReadOp::create(b, loc, VectorType::get({c}, f32),
                                             a, ValueRange{m, col}, zero,
                                             ArrayRef<bool>{true});
    SmallVector<int64_t> repeat;
    for (int64_t l = 0; l < r * c; ++l)
      repeat.push_back(l / r);
    Value xs = vector::ShuffleOp::create(b, loc, x, x, repeat);
    Value offset = arith::MulIOp::create(b, loc, j, indexConst(b, loc, r * c));
    Value w = vector::TransferReadOp::create(
        b, loc, VectorType::get({r * c}, f32), flatValues, ValueRange{offset},
        zero, ArrayRef<bool>{true});
    return vector::FMAOp::create(b, loc, xs, w, acc);
  }

  /// The R sums of a wideBlockStep accumulator: lanes r, R + r, 2R + r, ...
  static Value wideBlockSum(OpBuilder &b, Location loc, Value acc,
                            const BlockCSR &s) {
    int64_t r = s.blockRows;
    Value sum;
    for (int64_t c = 0; c < s.blockCols; ++c) {
      Value part = vector::ExtractStridedSliceOp::create(
          b, loc, acc, ArrayRef<int64_t>{c * r}, ArrayRef<int64_t>{r},
          ArrayRef<int64_t>{1});
      sum = c == 0 ? part
                   : arith::AddFOp::create(b, loc, sum, part).getResult();
    }
    return sum;
  }

  /// One row of a CSR matrix for row m of A: the row's non-zeros kGather at
  /// a time (activations gathered by column index, lanes past the row's end
  /// masked off), one horizontal sum at the end.
  Value emitGatherRow(OpBuilder &b, Location loc, Value a, Value cIter,
                      std::array<Value, 3> arrays, Value m, Value row) const {
    auto [rowPtr, colIdx, values] = arrays;
    auto f32 = b.getF32Type();
    auto vecType = VectorType::get({kGather}, f32);
    auto idxType = VectorType::get({kGather}, b.getI32Type());
    auto maskType = VectorType::get({kGather}, b.getI1Type());
    Value c0 = indexConst(b, loc, 0);
    auto ptr = [&](Value i) -> Value {
      return arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          tensor::ExtractOp::create(b, loc, rowPtr, ValueRange{i}));
    };
    Value lo = ptr(row);
    Value hi = ptr(arith::AddIOp::create(b, loc, row, indexConst(b, loc, 1)));
    Value zeroVec =
        arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vecType, 0.0f));
    Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    auto loop = scf::ForOp::create(
        b, loc, lo, hi, indexConst(b, loc, kGather), ValueRange{zeroVec},
        [&](OpBuilder &b, Location loc, Value j, ValueRange acc) {
          Value left = arith::SubIOp::create(b, loc, hi, j);
          Value mask = vector::CreateMaskOp::create(b, loc, maskType,
                                                    ValueRange{left});
          Value cols = vector::TransferReadOp::create(
              b, loc, idxType, colIdx, ValueRange{j},
              arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0)),
              ArrayRef<bool>{true});
          Value x = vector::GatherOp::create(b, loc, vecType, a,
                                             ValueRange{m, c0}, cols, mask,
                                             zeroVec, IntegerAttr());
          // Lanes past the row read the next row's weights (or the zero
          // padding): x is zero there, so they add nothing.
          Value w = vector::TransferReadOp::create(b, loc, vecType, values,
                                                   ValueRange{j}, zeroF,
                                                   ArrayRef<bool>{true});
          scf::YieldOp::create(b, loc,
                               ValueRange{vector::FMAOp::create(b, loc, x, w,
                                                                acc[0])});
        });
    Value sum = vector::ReductionOp::create(b, loc, vector::CombiningKind::ADD,
                                            loop.getResult(0));
    Value old = tensor::ExtractOp::create(b, loc, cIter, ValueRange{m, row});
    Value next = arith::AddFOp::create(b, loc, old, sum);
    return tensor::InsertOp::create(b, loc, next, cIter, ValueRange{m, row});
  }

  /// The block range [rowPtr[br], rowPtr[br + 1]) of block row `br`.
  static std::pair<Value, Value> blockRange(OpBuilder &b, Location loc,
                                            Value rowPtr, Value br) {
    auto ptr = [&](Value i) -> Value {
      return arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          tensor::ExtractOp::create(b, loc, rowPtr, ValueRange{i}));
    };
    return {ptr(br),
            ptr(arith::AddIOp::create(b, loc, br, indexConst(b, loc, 1)))};
  }

  /// Folds `step` over the blocks [lo, hi) starting from accumulators `init`:
  /// `unrollBy` interleaved sets of accumulators (the first starts from `init`,
  /// the others from zero), added up after the loop, then the remainder.
  using StepFn = function_ref<SmallVector<Value>(OpBuilder &, Location, Value,
                                                 ValueRange)>;
  static SmallVector<Value> foldBlocks(OpBuilder &b, Location loc, Value lo,
                                       Value hi, ValueRange init, StepFn step,
                                       int64_t unrollBy = kUnroll) {
    int64_t n = init.size();
    Value unroll = indexConst(b, loc, unrollBy);
    Value count = arith::SubIOp::create(b, loc, hi, lo);
    Value mainHi = arith::SubIOp::create(
        b, loc, hi, arith::RemUIOp::create(b, loc, count, unroll));
    SmallVector<Value> accs(init);
    for (int64_t u = 1; u < unrollBy; ++u)
      for (Value v : init)
        accs.push_back(arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(cast<VectorType>(v.getType()), 0.0f)));
    auto mainLoop = scf::ForOp::create(
        b, loc, lo, mainHi, unroll, accs,
        [&](OpBuilder &b, Location loc, Value j0, ValueRange iters) {
          SmallVector<Value> next;
          for (int64_t u = 0; u < unrollBy; ++u) {
            Value j = u == 0 ? j0
                             : arith::AddIOp::create(b, loc, j0,
                                                     indexConst(b, loc, u))
                                   .getResult();
            llvm::append_range(next, step(b, loc, j, iters.slice(u * n, n)));
          }
          scf::YieldOp::create(b, loc, next);
        });
    SmallVector<Value> sums(mainLoop.getResults().take_front(n));
    for (int64_t u = 1; u < unrollBy; ++u)
      for (int64_t i = 0; i < n; ++i)
        sums[i] = arith::AddFOp::create(b, loc, sums[i],
                                        mainLoop.getResult(u * n + i));
    auto restLoop = scf::ForOp::create(
        b, loc, mainHi, hi, indexConst(b, loc, 1), sums,
        [&](OpBuilder &b, Location loc, Value j, ValueRange iters) {
          scf::YieldOp::create(b, loc, step(b, loc, j, iters));
        });
    return restLoop.getResults();
  }

  /// One block row of row m: acc (vector<R>) from C, the row's blocks,
  /// written back into `cIter`. With C > 1 the values array is 1-D
  /// (emitRowKernel collapses it) and the blocks go through wideBlockStep.
  Value emitBlockRow(OpBuilder &b, Location loc, Value a, Value cIter,
                     std::array<Value, 3> arrays, Value m, Value br,
                     const BlockCSR &s) const {
    auto [rowPtr, colIdx, values] = arrays;
    auto vecType = VectorType::get({s.blockRows}, b.getF32Type());
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value row = arith::MulIOp::create(b, loc, br, indexConst(b, loc, s.blockRows));
    Value acc = vector::TransferReadOp::create(b, loc, vecType, cIter,
                                               ValueRange{m, row}, zero,
                                               ArrayRef<bool>{true});
    auto [lo, hi] = blockRange(b, loc, rowPtr, br);
    // Blocks of several columns accumulate vector<R*C> from zero and are
    // summed per row at the end; one-column blocks accumulate C's vector<R>.
    bool wide = s.blockCols > 1;
    Value init = acc;
    if (wide)
      init = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(
              VectorType::get({s.blockRows * s.blockCols}, b.getF32Type()),
              0.0f));
    Value sum = foldBlocks(
        b, loc, lo, hi, ValueRange{init},
        [&](OpBuilder &b, Location loc, Value j, ValueRange accs) {
          return SmallVector<Value>{
              wide ? wideBlockStep(b, loc, a, colIdx, values, m, j, accs[0], s)
                   : blockStep(b, loc, a, colIdx, values, m, j, accs[0], s)};
        })[0];
    if (wide)
      sum = arith::AddFOp::create(b, loc, acc, wideBlockSum(b, loc, sum, s));
    return vector::TransferWriteOp::create(b, loc, sum, cIter,
                                           ValueRange{m, row},
                                           ArrayRef<bool>{true})
        .getResult();
  }

  /// Row kernel: one row of A at a time, vectors along the R rows of a block.
  /// Best when A has few rows (the recurrent step at small batch).
  Value emitRowKernel(OpBuilder &b, Location loc, Value a, Value c,
                      std::array<Value, 3> arrays, const BlockCSR &s) const {
    Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
    Value m = tensor::DimOp::create(b, loc, a, 0);
    Value blockRows = indexConst(b, loc, s.rows / s.blockRows);
    if (s.blockCols > 1) // wideBlockStep reads the values as 1-D
      arrays[2] = tensor::CollapseShapeOp::create(
          b, loc, arrays[2], ArrayRef<ReassociationIndices>{{0, 1}});
    auto rowLoop = scf::ForOp::create(
        b, loc, c0, m, c1, ValueRange{c},
        [&](OpBuilder &b, Location loc, Value mi, ValueRange iters) {
          auto brLoop = scf::ForOp::create(
              b, loc, c0, blockRows, c1, iters,
              [&](OpBuilder &b, Location loc, Value br, ValueRange inner) {
                Value next =
                    gather && isCSR(s)
                        ? emitGatherRow(b, loc, a, inner[0], arrays, mi, br)
                        : emitBlockRow(b, loc, a, inner[0], arrays, mi, br, s);
                scf::YieldOp::create(b, loc, next);
              });
          scf::YieldOp::create(b, loc, brLoop.getResults());
        });
    return rowLoop.getResult(0);
  }

  /// Lanes kernel: rows of A in the lanes of vectors, on A^T [K, Mp] and
  /// C^T [N, Mp], Mp being M rounded up to kLanes (the padding is zero and
  /// dropped at the end, so every vector access is in bounds). A pass over
  /// the sparse matrix serves `g` vectors of kLanes rows of A: each stored
  /// weight is one broadcast for g FMAs, each activation vector one load for
  /// R FMAs (R x 1 blocks), so the weights and their indices are streamed
  /// Mp / (g * kLanes) times instead of M times. g is chosen so that the
  /// g * R accumulators stay in registers (the projection of all steps: M = T).
  Value emitLanesKernel(OpBuilder &b, Location loc, Value a, Value c,
                        std::array<Value, 3> arrays, const BlockCSR &s) const {
    auto f32 = b.getF32Type();
    Value c0 = indexConst(b, loc, 0);
    int64_t mStatic = cast<RankedTensorType>(a.getType()).getDimSize(0);
    bool isStatic = !ShapedType::isDynamic(mStatic);
    OpFoldResult m = tensor::getMixedSize(b, loc, a, 0);
    int64_t mpStatic = isStatic ? llvm::divideCeil(mStatic, kLanes) * kLanes
                                : ShapedType::kDynamic;
    OpFoldResult mp;
    if (isStatic) {
      mp = b.getIndexAttr(mpStatic);
    } else {
      Value up = arith::AddIOp::create(b, loc, cast<Value>(m),
                                       indexConst(b, loc, kLanes - 1));
      mp = arith::MulIOp::create(
               b, loc,
               arith::DivUIOp::create(b, loc, up, indexConst(b, loc, kLanes)),
               indexConst(b, loc, kLanes))
               .getResult();
    }
    OpFoldResult zeroOfr = b.getIndexAttr(0);
    auto transposedPadded = [&](Value t) -> Value {
      OpFoldResult rows = tensor::getMixedSize(b, loc, t, 1);
      Value padded = zeroTensor(b, loc, {rows, mp}, f32);
      Value slice = extractSlice(b, loc, padded, {zeroOfr, zeroOfr}, {rows, m});
      Value tr = linalg::TransposeOp::create(b, loc, t, slice,
                                             ArrayRef<int64_t>{1, 0})
                     .getResult()[0];
      return insertSlice(b, loc, tr, padded, {zeroOfr, zeroOfr}, {rows, m});
    };
    Value at = transposedPadded(a), ct = transposedPadded(c);
    Value mpValue = getValueOrCreateConstantIndexOp(b, loc, mp);
    // Vectors of rows of A per pass.
    int64_t g = std::clamp<int64_t>(kLaneAccs / s.blockRows, 1, kLaneGroups);
    if (isStatic)
      g = std::min(g, mpStatic / kLanes);
    Value result;
    if (isStatic) {
      int64_t span = g * kLanes, full = mpStatic / span * span;
      result = emitLanesPass(b, loc, at, ct, arrays, s, c0,
                             indexConst(b, loc, full), g);
      if (int64_t rest = (mpStatic - full) / kLanes)
        result = emitLanesPass(b, loc, at, result, arrays, s,
                               indexConst(b, loc, full), mpValue, rest);
    } else {
      Value span = indexConst(b, loc, g * kLanes);
      Value full = arith::SubIOp::create(
          b, loc, mpValue, arith::RemUIOp::create(b, loc, mpValue, span));
      result = emitLanesPass(b, loc, at, ct, arrays, s, c0, full, g);
      if (g > 1)
        result =
            emitLanesPass(b, loc, at, result, arrays, s, full, mpValue, 1);
    }
    OpFoldResult n = tensor::getMixedSize(b, loc, c, 1);
    Value unpadded = extractSlice(b, loc, result, {zeroOfr, zeroOfr}, {n, m});
    Value init = tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, c),
                                         f32);
    return linalg::TransposeOp::create(b, loc, unpadded, init,
                                       ArrayRef<int64_t>{1, 0})
        .getResult()[0];
  }

  /// Columns [lo, hi) of C^T (a multiple of g * kLanes) in steps of g
  /// vectors: per block row, R * g accumulators read from C^T, the row's
  /// blocks, written back.
  Value emitLanesPass(OpBuilder &b, Location loc, Value at, Value ct,
                      std::array<Value, 3> arrays, const BlockCSR &s, Value lo,
                      Value hi, int64_t g) const {
    Value rowPtr = arrays[0];
    auto vecType = VectorType::get({kLanes}, b.getF32Type());
    Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value blockRows = indexConst(b, loc, s.rows / s.blockRows);
    // Enough independent accumulators to cover the FMA latency.
    int64_t unroll = std::max<int64_t>(1, kUnroll / (g * s.blockRows));
    auto laneLoop = scf::ForOp::create(
        b, loc, lo, hi, indexConst(b, loc, g * kLanes), ValueRange{ct},
        [&](OpBuilder &b, Location loc, Value m0, ValueRange iters) {
          SmallVector<Value> cols;
          for (int64_t v = 0; v < g; ++v)
            cols.push_back(v == 0 ? m0
                                  : arith::AddIOp::create(
                                        b, loc, m0, indexConst(b, loc, v * kLanes))
                                        .getResult());
          auto brLoop = scf::ForOp::create(
              b, loc, c0, blockRows, c1, iters,
              [&](OpBuilder &b, Location loc, Value br, ValueRange inner) {
                Value row = arith::MulIOp::create(
                    b, loc, br, indexConst(b, loc, s.blockRows));
                SmallVector<Value> rows, init;
                for (int64_t r = 0; r < s.blockRows; ++r) {
                  rows.push_back(r == 0 ? row
                                        : arith::AddIOp::create(
                                              b, loc, row, indexConst(b, loc, r))
                                              .getResult());
                  for (int64_t v = 0; v < g; ++v)
                    init.push_back(vector::TransferReadOp::create(
                        b, loc, vecType, inner[0], ValueRange{rows[r], cols[v]},
                        zero, ArrayRef<bool>{true}));
                }
                auto [blo, bhi] = blockRange(b, loc, rowPtr, br);
                SmallVector<Value> accs = foldBlocks(
                    b, loc, blo, bhi, init,
                    [&](OpBuilder &b, Location loc, Value j, ValueRange accs) {
                      return lanesStep(b, loc, at, arrays[1], arrays[2], cols,
                                       j, accs, s);
                    },
                    unroll);
                Value out = inner[0];
                for (int64_t r = 0; r < s.blockRows; ++r)
                  for (int64_t v = 0; v < g; ++v)
                    out = vector::TransferWriteOp::create(
                              b, loc, accs[r * g + v], out,
                              ValueRange{rows[r], cols[v]}, ArrayRef<bool>{true})
                              .getResult();
                scf::YieldOp::create(b, loc, out);
              });
          scf::YieldOp::create(b, loc, brLoop.getResults());
        });
    return laneLoop.getResult(0);
  }

  /// accs[r * g + v] += B[row + r, col + c] * A^T[col + c, cols[v] : + kLanes]
  /// over the block's columns c and the g vectors v.
  static SmallVector<Value> lanesStep(OpBuilder &b, Location loc, Value at,
                                      Value colIdx, Value values,
                                      ArrayRef<Value> cols, Value j,
                                      ValueRange accs, const BlockCSR &s) {
    auto vecType = VectorType::get({kLanes}, b.getF32Type());
    int64_t g = cols.size();
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value col = arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        tensor::ExtractOp::create(b, loc, colIdx, ValueRange{j}));
    Value base = arith::MulIOp::create(b, loc, j, indexConst(b, loc, s.blockCols));
    // The gathered CSR layout keeps its values 1-D.
    bool flat = cast<RankedTensorType>(values.getType()).getRank() == 1;
    SmallVector<Value> next(accs);
    for (int64_t c = 0; c < s.blockCols; ++c) {
      Value kk = c == 0 ? col
                        : arith::AddIOp::create(b, loc, col, indexConst(b, loc, c))
                              .getResult();
      Value vrow = c == 0 ? base
                          : arith::AddIOp::create(b, loc, base,
                                                  indexConst(b, loc, c))
                                .getResult();
      SmallVector<Value> x;
      for (int64_t v = 0; v < g; ++v)
        x.push_back(vector::TransferReadOp::create(
            b, loc, vecType, at, ValueRange{kk, cols[v]}, zero,
            ArrayRef<bool>{true}));
      for (int64_t r = 0; r < s.blockRows; ++r) {
        Value w = tensor::ExtractOp::create(
            b, loc, values,
            flat ? ValueRange{vrow}
                 : ValueRange{vrow, indexConst(b, loc, r)});
        Value ws = vector::BroadcastOp::create(b, loc, vecType, w);
        for (int64_t v = 0; v < g; ++v)
          next[r * g + v] =
              vector::FMAOp::create(b, loc, ws, x[v], next[r * g + v]);
      }
    }
    return next;
  }

  /// Lanes kernel when A has at least kLanes rows (decided at compile time
  /// when M is static, at run time otherwise), row kernel below.
  Value emitKernel(RewriterBase &rewriter, Location loc, Value a, Value b,
                   Value c, const BlockCSR &s) const {
    std::array<Value, 3> arrays = materialize(rewriter, loc, b, s);
    int64_t m = cast<RankedTensorType>(a.getType()).getDimSize(0);
    if (!ShapedType::isDynamic(m))
      return m >= kLanes ? emitLanesKernel(rewriter, loc, a, c, arrays, s)
                         : emitRowKernel(rewriter, loc, a, c, arrays, s);
    Value rows = tensor::DimOp::create(rewriter, loc, a, 0);
    Value many = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::uge,
                                       rows, indexConst(rewriter, loc, kLanes));
    auto choice = scf::IfOp::create(
        rewriter, loc, many,
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc,
                               emitLanesKernel(b, loc, a, c, arrays, s));
        },
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc, emitRowKernel(b, loc, a, c, arrays, s));
        });
    return choice.getResult(0);
  }

  double threshold;
  bool gather;
  std::string ellMode;
  bool permute;
  bool groupRows;
  std::string int8Mode;
  bool int8Permute;
  int64_t minWeights;
  std::string lanesMode;
};

struct RNNSparseKernelsPass
    : rnn::impl::RNNSparseKernelsBase<RNNSparseKernelsPass> {
  using Base::Base;
  void runOnOperation() override {
    if (!(threshold >= 0.0 && threshold <= 1.0)) {
      getOperation()->emitError()
          << "rnn-sparse-kernels: threshold must be in [0, 1], got "
          << threshold.getValue();
      return signalPassFailure();
    }
    if (ell != "auto" && ell != "always" && ell != "never") {
      getOperation()->emitError()
          << "rnn-sparse-kernels: ell must be auto, always or never, got '"
          << ell.getValue() << "'";
      return signalPassFailure();
    }
    if (lanes != "auto" && lanes != "always") {
      getOperation()->emitError()
          << "rnn-sparse-kernels: lanes must be auto or always, got '"
          << lanes.getValue() << "'";
      return signalPassFailure();
    }
    if (int8 != "auto" && int8 != "always" && int8 != "never") {
      getOperation()->emitError()
          << "rnn-sparse-kernels: int8 must be auto, always or never, got '"
          << int8.getValue() << "'";
      return signalPassFailure();
    }
    if (threshold == 1.0)
      return;
    SmallVector<linalg::MatmulTransposeBOp> matmuls;
    getOperation()->walk(
        [&](linalg::MatmulTransposeBOp op) { matmuls.push_back(op); });
    IRRewriter rewriter(&getContext());
    SparseMatmul sparse(threshold, gather, ell, ellPermute, ellGroupRows, int8,
                        int8Permute, minWeights, lanes);
    for (linalg::MatmulTransposeBOp op : matmuls) {
      rewriter.setInsertionPoint(op);
      (void)sparse.rewrite(op, rewriter);
    }
  }
};

} // namespace
