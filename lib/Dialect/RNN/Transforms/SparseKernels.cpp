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
// The storage format is an attribute of the emitted loop rather than a
// sparse_tensor encoding on the weight type: see docs/dialect.md.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"
#include "Sparsity.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

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
  explicit SparseMatmul(double threshold) : threshold(threshold) {}

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
    BlockCSR s = chooseBlockCSR(*weights, n, k);
    StringRef format = s.blockRows * s.blockCols == 1 ? "csr" : "bcsr";
    Value result = emitKernel(rewriter, loc, a, b, c, s);
    result.getDefiningOp()->setAttr(
        kAttr, describe(rewriter, format, n, k, zeros, nnz, &s));
    rewriter.replaceOp(op, result);
    return success();
  }

  static constexpr StringLiteral kAttr = "rnn.sparse_matmul";

private:
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

  /// One block row of row m: acc from C, blocks in kUnroll partial sums,
  /// then the remainder, written back into `cIter`.
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
    auto ptr = [&](Value i) -> Value {
      return arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          tensor::ExtractOp::create(b, loc, rowPtr, ValueRange{i}));
    };
    Value lo = ptr(br);
    Value hi = ptr(arith::AddIOp::create(b, loc, br, indexConst(b, loc, 1)));
    Value unroll = indexConst(b, loc, kUnroll);
    Value count = arith::SubIOp::create(b, loc, hi, lo);
    Value mainHi = arith::SubIOp::create(
        b, loc, hi, arith::RemUIOp::create(b, loc, count, unroll));
    Value zeroVec =
        arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vecType, 0.0f));
    SmallVector<Value> init{acc};
    init.append(kUnroll - 1, zeroVec);
    auto mainLoop = scf::ForOp::create(
        b, loc, lo, mainHi, unroll, init,
        [&](OpBuilder &b, Location loc, Value j0, ValueRange accs) {
          SmallVector<Value> next;
          for (int64_t u = 0; u < kUnroll; ++u) {
            Value j = u == 0 ? j0
                             : arith::AddIOp::create(b, loc, j0,
                                                     indexConst(b, loc, u))
                                   .getResult();
            next.push_back(
                blockStep(b, loc, a, colIdx, values, m, j, accs[u], s));
          }
          scf::YieldOp::create(b, loc, next);
        });
    Value sum = mainLoop.getResult(0);
    for (int64_t u = 1; u < kUnroll; ++u)
      sum = arith::AddFOp::create(b, loc, sum, mainLoop.getResult(u));
    auto restLoop = scf::ForOp::create(
        b, loc, mainHi, hi, indexConst(b, loc, 1), ValueRange{sum},
        [&](OpBuilder &b, Location loc, Value j, ValueRange accs) {
          scf::YieldOp::create(
              b, loc, blockStep(b, loc, a, colIdx, values, m, j, accs[0], s));
        });
    return vector::TransferWriteOp::create(b, loc, restLoop.getResult(0), cIter,
                                           ValueRange{m, row},
                                           ArrayRef<bool>{true})
        .getResult();
  }

  Value emitKernel(RewriterBase &rewriter, Location loc, Value a, Value b,
                   Value c, const BlockCSR &s) const {
    std::array<Value, 3> arrays = materialize(rewriter, loc, b, s);
    Value c0 = indexConst(rewriter, loc, 0), c1 = indexConst(rewriter, loc, 1);
    Value m = tensor::DimOp::create(rewriter, loc, a, 0);
    Value blockRows = indexConst(rewriter, loc, s.rows / s.blockRows);
    auto rowLoop = scf::ForOp::create(
        rewriter, loc, c0, m, c1, ValueRange{c},
        [&](OpBuilder &b, Location loc, Value mi, ValueRange iters) {
          auto brLoop = scf::ForOp::create(
              b, loc, c0, blockRows, c1, iters,
              [&](OpBuilder &b, Location loc, Value br, ValueRange inner) {
                scf::YieldOp::create(b, loc,
                                     emitBlockRow(b, loc, a, inner[0], arrays,
                                                  mi, br, s));
              });
          scf::YieldOp::create(b, loc, brLoop.getResults());
        });
    return rowLoop.getResult(0);
  }

  double threshold;
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
    if (threshold == 1.0)
      return;
    SmallVector<linalg::MatmulTransposeBOp> matmuls;
    getOperation()->walk(
        [&](linalg::MatmulTransposeBOp op) { matmuls.push_back(op); });
    IRRewriter rewriter(&getContext());
    SparseMatmul sparse(threshold);
    for (linalg::MatmulTransposeBOp op : matmuls) {
      rewriter.setInsertionPoint(op);
      (void)sparse.rewrite(op, rewriter);
    }
  }
};

} // namespace
