//===- LowerInt8Dot.cpp - rnn.int8_dot to VNNI or vector arithmetic -------===//
//
// rnn.int8_dot is the inner operation of the int8 kernels. With
// `vnni`, it becomes AVX-512 VNNI's vpdpbusd (one instruction for 64 byte
// products) through llvm.call_intrinsic; otherwise portable vector
// arithmetic (zero / sign extension to i32, muli, a sum over each group of
// 4 by shuffles) that LLVM maps onto what the target has (vpmaddwd on AVX2, sdot-like
// sequences on NEON). Runs after bufferization: an intrinsic call has
// unknown memory effects, which buffer deallocation rejects.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNLOWERINT8DOT
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

struct LowerToVNNI : OpRewritePattern<Int8DotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Int8DotOp op,
                                PatternRewriter &b) const override {
    auto call = LLVM::CallIntrinsicOp::create(
        b, op.getLoc(), op.getType(),
        b.getStringAttr("llvm.x86.avx512.vpdpbusd.512"),
        ValueRange{op.getAcc(), op.getA(), op.getB()});
    b.replaceOp(op, call->getResult(0));
    return success();
  }
};

struct LowerToVectorArith : OpRewritePattern<Int8DotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Int8DotOp op,
                                PatternRewriter &b) const override {
    Location loc = op.getLoc();
    int64_t lanes = op.getType().getDimSize(0);
    int64_t bytes = op.getA().getType().getDimSize(0);
    int64_t group = bytes / lanes;
    // 1-D vectors only: convert-vector-to-llvm keeps n-D shape casts and
    // reductions as unrealized casts.
    auto words = VectorType::get({bytes}, b.getI32Type());
    Value a = arith::ExtUIOp::create(b, loc, words, op.getA());
    Value w = arith::ExtSIOp::create(b, loc, words, op.getB());
    Value prod = arith::MulIOp::create(b, loc, a, w);
    Value sum = op.getAcc();
    for (int64_t j = 0; j < group; ++j) {
      SmallVector<int64_t> mask;
      for (int64_t lane = 0; lane < lanes; ++lane)
        mask.push_back(lane * group + j);
      Value part = vector::ShuffleOp::create(b, loc, prod, prod, mask);
      sum = arith::AddIOp::create(b, loc, sum, part);
    }
    b.replaceOp(op, sum);
    return success();
  }
};

/// rnn.permute2 as AVX-512's two-table permute (its low 5 index bits select
/// from lo:hi, the semantics of the op).
struct LowerPermuteToVPermi2 : OpRewritePattern<Permute2Op> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Permute2Op op,
                                PatternRewriter &b) const override {
    auto call = LLVM::CallIntrinsicOp::create(
        b, op.getLoc(), op.getType(),
        b.getStringAttr("llvm.x86.avx512.vpermi2var.ps.512"),
        ValueRange{op.getLo(), op.getIdx(), op.getHi()});
    b.replaceOp(op, call->getResult(0));
    return success();
  }
};

/// rnn.permute2 anywhere else: lo:hi concatenated, then one dynamic extract
/// per lane.
struct LowerPermuteToExtracts : OpRewritePattern<Permute2Op> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Permute2Op op,
                                PatternRewriter &b) const override {
    Location loc = op.getLoc();
    int64_t lanes = op.getType().getDimSize(0);
    SmallVector<int64_t> both;
    for (int64_t i = 0; i < 2 * lanes; ++i)
      both.push_back(i);
    Value table = vector::ShuffleOp::create(b, loc, op.getLo(), op.getHi(), both);
    Value low = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(op.getIdx().getType(),
                                       b.getI32IntegerAttr(2 * lanes - 1)
                                           .getValue()));
    Value idx = arith::AndIOp::create(b, loc, op.getIdx(), low);
    SmallVector<Value> elems;
    for (int64_t lane = 0; lane < lanes; ++lane) {
      Value i = vector::ExtractOp::create(b, loc, idx, ArrayRef<int64_t>{lane});
      Value pos = arith::IndexCastOp::create(b, loc, b.getIndexType(), i);
      elems.push_back(vector::ExtractOp::create(b, loc, table,
                                                ArrayRef<OpFoldResult>{pos}));
    }
    b.replaceOpWithNewOp<vector::FromElementsOp>(op, op.getType(), elems);
    return success();
  }
};

struct RNNLowerInt8DotPass
    : rnn::impl::RNNLowerInt8DotBase<RNNLowerInt8DotPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    if (vnni)
      patterns.add<LowerToVNNI>(&getContext());
    else
      patterns.add<LowerToVectorArith>(&getContext());
    if (permute)
      patterns.add<LowerPermuteToVPermi2>(&getContext());
    else
      patterns.add<LowerPermuteToExtracts>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
