//===- LowerInt8Dot.cpp - rnn.int8_dot to VNNI or vector arithmetic -------===//
//
// rnn.int8_dot is the inner operation of the int8 kernels. With
// `vnni`, it becomes AVX-512 VNNI's vpdpbusd (one instruction for 64 byte
// products) through llvm.call_intrinsic; otherwise portable vector
// arithmetic (zero / sign extension to i32, muli, a sum over each group of
// 4 by shuffles) that LLVM maps onto what the target has (vpmaddwd on AVX2);
// with `neon`, AArch64's usdot (+i8mm) or sdot (+dotprod) intrinsics. Runs after bufferization: an intrinsic call has
// unknown memory effects, which buffer deallocation rejects.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"
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

/// NEON: four 128-bit dot products (v4i32 += v16i8 . v16i8). usdot
/// matches the op (unsigned x signed); sdot is signed x signed, so the
/// activation bytes are flipped back to signed (a ^ 0x80 = a - 128) and
/// 128 * (sum of each group of weights) is added with a second sdot of
/// the weights against bytes of 1, shifted left by 7.
struct LowerToNeon : OpRewritePattern<Int8DotOp> {
  LowerToNeon(MLIRContext *ctx, bool usdot)
      : OpRewritePattern(ctx), usdot(usdot) {}
  LogicalResult matchAndRewrite(Int8DotOp op,
                                PatternRewriter &b) const override {
    Location loc = op.getLoc();
    auto accType = VectorType::get({4}, b.getI32Type());
    auto byteType = VectorType::get({16}, b.getI8Type());
    StringAttr name = b.getStringAttr(usdot ? "llvm.aarch64.neon.usdot.v4i32.v16i8"
                                            : "llvm.aarch64.neon.sdot.v4i32.v16i8");
    auto call = [&](Value acc, Value x, Value y) -> Value {
      return LLVM::CallIntrinsicOp::create(b, loc, accType, name,
                                           ValueRange{acc, x, y})
          ->getResult(0);
    };
    Value a = op.getA();
    Value zero4 = arith::ConstantOp::create(b, loc, b.getZeroAttr(accType));
    Value ones, flip;
    if (!usdot) {
      ones = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(byteType, b.getI8IntegerAttr(1)));
      flip = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(byteType, b.getI8IntegerAttr(-128)));
    }
    Value result = op.getAcc();
    for (int64_t part = 0; part < 4; ++part) {
      Value acc = vector::ExtractStridedSliceOp::create(
          b, loc, result, ArrayRef<int64_t>{4 * part}, ArrayRef<int64_t>{4},
          ArrayRef<int64_t>{1});
      Value x = vector::ExtractStridedSliceOp::create(
          b, loc, a, ArrayRef<int64_t>{16 * part}, ArrayRef<int64_t>{16},
          ArrayRef<int64_t>{1});
      Value y = vector::ExtractStridedSliceOp::create(
          b, loc, op.getB(), ArrayRef<int64_t>{16 * part},
          ArrayRef<int64_t>{16}, ArrayRef<int64_t>{1});
      Value sum;
      if (usdot) {
        sum = call(acc, x, y);
      } else {
        Value signedX = arith::XOrIOp::create(b, loc, x, flip);
        Value shift = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(7)));
        Value rowSums = call(zero4, ones, y);
        Value bias = arith::ShLIOp::create(b, loc, rowSums, shift);
        sum = call(arith::AddIOp::create(b, loc, acc, bias), signedX, y);
      }
      result = vector::InsertStridedSliceOp::create(
          b, loc, sum, result, ArrayRef<int64_t>{4 * part},
          ArrayRef<int64_t>{1});
    }
    b.replaceOp(op, result);
    return success();
  }
  bool usdot;
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
/// from lo:hi, the semantics of the op): vpermi2ps for f32 lanes, AVX-512
/// VBMI's vpermi2b (low 7 bits) for bytes when `bytes` is set.
struct LowerPermuteToVPermi2 : OpRewritePattern<Permute2Op> {
  LowerPermuteToVPermi2(MLIRContext *ctx, bool floats, bool bytes)
      : OpRewritePattern(ctx), floats(floats), bytes(bytes) {}
  LogicalResult matchAndRewrite(Permute2Op op,
                                PatternRewriter &b) const override {
    bool isByte = cast<VectorType>(op.getType()).getElementType().isInteger(8);
    if (isByte ? !bytes : !floats)
      return failure();
    auto call = LLVM::CallIntrinsicOp::create(
        b, op.getLoc(), op.getType(),
        b.getStringAttr(isByte ? "llvm.x86.avx512.vpermi2var.qi.512"
                               : "llvm.x86.avx512.vpermi2var.ps.512"),
        ValueRange{op.getLo(), op.getIdx(), op.getHi()});
    b.replaceOp(op, call->getResult(0));
    return success();
  }
  bool floats, bytes;
};

/// rnn.permute2 anywhere else: lo:hi concatenated, then one dynamic extract
/// per lane.
struct LowerPermuteToExtracts : OpRewritePattern<Permute2Op> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Permute2Op op,
                                PatternRewriter &b) const override {
    Location loc = op.getLoc();
    int64_t lanes = cast<VectorType>(op.getType()).getDimSize(0);
    SmallVector<int64_t> both;
    for (int64_t i = 0; i < 2 * lanes; ++i)
      both.push_back(i);
    Value table = vector::ShuffleOp::create(b, loc, op.getLo(), op.getHi(), both);
    auto idxType = cast<VectorType>(op.getIdx().getType());
    Type idxElem = idxType.getElementType();
    Value low = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            idxType, b.getIntegerAttr(idxElem, 2 * lanes - 1).getValue()));
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
    if (!neon.empty() && neon != "sdot" && neon != "usdot") {
      getOperation()->emitError()
          << "rnn-lower-int8-dot: neon must be sdot or usdot, got '" << neon
          << "'";
      return signalPassFailure();
    }
    if (vnni)
      patterns.add<LowerToVNNI>(&getContext());
    else if (!neon.empty())
      patterns.add<LowerToNeon>(&getContext(), neon == "usdot");
    else
      patterns.add<LowerToVectorArith>(&getContext());
    if (permute || bytePermute)
      patterns.add<LowerPermuteToVPermi2>(&getContext(), permute, bytePermute);
    // The permutes the target has no instruction for (benefit 0: tried
    // after the one above).
    patterns.add<LowerPermuteToExtracts>(&getContext(), /*benefit=*/0);
    // Only the rnn.int8_dot / rnn.permute2 ops are rewritten: a greedy run
    // over the whole (by now LLVM-sized) module costs a quarter of a second
    // on the large models and has nothing else to do.
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<Int8DotOp, Permute2Op>(op))
        ops.push_back(op);
    });
    if (!ops.empty() &&
        failed(applyOpPatternsGreedily(ops, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
