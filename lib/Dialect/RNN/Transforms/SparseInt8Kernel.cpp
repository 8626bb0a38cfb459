//===- SparseInt8Kernel.cpp - int8 tiled-ELLPACK matmul kernel ------------===//
//
// `C + A * dequant(W)^T` for pruned int8 weights W [N, K] (rnn-quantize-
// weights' per-row q and s_w) and A with few rows (the recurrent step at
// small batch), emitted by rnn-sparse-kernels. The arithmetic is that of the
// dense int8 kernel (QuantizedKernel.cpp), only the zero weights are not
// stored:
//
//   bytes, s_a = quantize(A)               // the dense kernel's quantization
//   for m in rows(A):
//     for tr in rows of tiles:             // 16 rows of W
//       acc = offsets[16 tr : +16]         // -128 * sum_k q[n, k], i32
//       for g in columns of tiles:         // 128 columns
//         lo, hi = bytes[m, 128 g : +64], bytes[m, 128 g + 64 : +64]
//         for e in entries of tile (tr, g):
//           x = rnn.permute2 lo, hi [cols[e]]   // vpermi2b: 64 bytes
//           acc = rnn.int8_dot acc, x, values[e] // vpdpbusd: 16 x 4 products
//       C[m, 16 tr : +16] = fma(float(acc), s_a[m] * s_w, C[m, 16 tr : +16])
//
// The i32 sum is exact whatever the order (the padding adds 0 * x), so acc
// equals the dense kernel's, and the epilogue is the same operations in the
// same order: the results are bit-identical.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Sparsity.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// The kernel's compile-time constants.
struct SparseInt8Arrays {
  Value tilePtr; // [tiles + 1] i32
  Value cols;    // [entries, 64] i8
  Value values;  // [entries, 64] i8
  Value scales;  // [N] f32: s_w (times a static activation scale)
  Value offsets; // [N] i32: -128 * row sums
};

/// The constants at the start of the enclosing function (hoisted out of
/// the time loop).
SparseInt8Arrays materialize(OpBuilder &b, Location loc, const NarrowMatrix &w,
                             const EllInt8Tiles &s, double activationScale) {
  int64_t n = s.rows, k = s.cols;
  double factor = activationScale > 0.0 ? activationScale : 1.0;
  SmallVector<float> scales(n);
  SmallVector<int32_t> offsets(n);
  for (int64_t row = 0; row < n; ++row) {
    int32_t sum = 0;
    for (int64_t kk = 0; kk < k; ++kk)
      sum += w.q[row * k + kk];
    // As packInt8 computes them, so that the epilogues agree bit for bit.
    scales[row] = static_cast<float>(w.scales[row] * factor);
    offsets[row] = -128 * sum;
  }
  OpBuilder::InsertionGuard guard(b);
  rnn::setInsertionPointToFunctionEntry(b);
  auto constant = [&](ArrayRef<int64_t> shape, Type elem, auto data) -> Value {
    auto type = RankedTensorType::get(shape, elem);
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(type, data));
  };
  constexpr int64_t E = EllInt8Tiles::kEntryBytes;
  int64_t entries = s.numEntries();
  SmallVector<int8_t> cols(s.colIdx.begin(), s.colIdx.end());
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  return {constant({(int64_t)s.tilePtr.size()}, i32, ArrayRef(s.tilePtr)),
          constant({entries, E}, i8, ArrayRef(cols)),
          constant({entries, E}, i8, ArrayRef(s.values)),
          constant({n}, b.getF32Type(), ArrayRef(scales)),
          constant({n}, i32, ArrayRef(offsets))};
}

/// tilePtr[t], tilePtr[t + 1] as indices.
std::pair<Value, Value> entryRange(OpBuilder &b, Location loc, Value tilePtr,
                                   Value t) {
  auto load = [&](Value i) -> Value {
    Value v = tensor::ExtractOp::create(b, loc, tilePtr, ValueRange{i});
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
  };
  Value next = arith::AddIOp::create(b, loc, t, indexConst(b, loc, 1));
  return {load(t), load(next)};
}

} // namespace

Value rnn::emitSparseInt8Matmul(OpBuilder &b, Location loc, Value a,
                                const NarrowMatrix &w, const EllInt8Tiles &s,
                                Value c, double activationScale) {
  constexpr int64_t R = EllInt8Tiles::kRows, C = EllInt8Tiles::kCols,
                    E = EllInt8Tiles::kEntryBytes;
  SparseInt8Arrays arrays = materialize(b, loc, w, s, activationScale);
  auto [rowScales, bytes] =
      quantizeActivations(b, loc, a, s.cols, activationScale);
  Type f32 = b.getF32Type(), i8 = b.getI8Type(), i32 = b.getI32Type();
  auto fType = VectorType::get({R}, f32);
  auto accType = VectorType::get({R}, i32);
  auto byteType = VectorType::get({E}, i8);
  Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1),
        c2 = indexConst(b, loc, 2);
  Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value zeroI = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
  Value zeroB = arith::ConstantOp::create(b, loc, b.getZeroAttr(i8));
  Value zeroAcc = arith::ConstantOp::create(b, loc, b.getZeroAttr(accType));
  Value m = tensor::DimOp::create(b, loc, a, 0);
  int64_t tileCols = s.tileCols();
  // The activation bytes are padded to a multiple of 4 columns only: the
  // last column of tiles may read past them (the padding reads as 0 and
  // meets only padding weights).
  int64_t paddedK = 4 * llvm::divideCeil(s.cols, 4);
  bool fullTiles = paddedK % C == 0;

  auto entryStep = [&](OpBuilder &b, Location loc, Value j, Value lo, Value hi,
                       Value acc) -> Value {
    Value idx = vector::TransferReadOp::create(b, loc, byteType, arrays.cols,
                                               ValueRange{j, c0}, zeroB,
                                               ArrayRef<bool>{true});
    Value wq = vector::TransferReadOp::create(b, loc, byteType, arrays.values,
                                              ValueRange{j, c0}, zeroB,
                                              ArrayRef<bool>{true});
    Value x = Permute2Op::create(b, loc, byteType, lo, hi, idx);
    return Int8DotOp::create(b, loc, accType, acc, x, wq);
  };

  auto rowLoop = scf::ForOp::create(
      b, loc, c0, m, c1, ValueRange{c},
      [&](OpBuilder &b, Location loc, Value mi, ValueRange iters) {
        Value saVec;
        if (rowScales) {
          Value sa =
              tensor::ExtractOp::create(b, loc, rowScales, ValueRange{mi});
          saVec = vector::BroadcastOp::create(b, loc, fType, sa);
        }
        auto tileRowLoop = scf::ForOp::create(
            b, loc, c0, indexConst(b, loc, s.tileRows()), c1, iters,
            [&](OpBuilder &b, Location loc, Value tr, ValueRange inner) {
              Value row =
                  arith::MulIOp::create(b, loc, tr, indexConst(b, loc, R));
              Value offset = vector::TransferReadOp::create(
                  b, loc, accType, arrays.offsets, ValueRange{row}, zeroI,
                  ArrayRef<bool>{true});
              Value first = arith::MulIOp::create(b, loc, tr,
                                                  indexConst(b, loc, tileCols));
              // Two partial sums: a chain of dependent vpdpbusd would be
              // bound by their latency.
              auto tileLoop = scf::ForOp::create(
                  b, loc, c0, indexConst(b, loc, tileCols), c1,
                  ValueRange{offset, zeroAcc},
                  [&](OpBuilder &b, Location loc, Value g, ValueRange accs) {
                    Value col =
                        arith::MulIOp::create(b, loc, g, indexConst(b, loc, C));
                    Value colHi = arith::AddIOp::create(
                        b, loc, col, indexConst(b, loc, C / 2));
                    Value lo = vector::TransferReadOp::create(
                        b, loc, byteType, bytes, ValueRange{mi, col}, zeroB,
                        ArrayRef<bool>{fullTiles});
                    Value hi = vector::TransferReadOp::create(
                        b, loc, byteType, bytes, ValueRange{mi, colHi}, zeroB,
                        ArrayRef<bool>{fullTiles});
                    Value t = arith::AddIOp::create(b, loc, first, g);
                    auto [jLo, jHi] = entryRange(b, loc, arrays.tilePtr, t);
                    Value count = arith::SubIOp::create(b, loc, jHi, jLo);
                    Value pairsHi = arith::SubIOp::create(
                        b, loc, jHi, arith::RemUIOp::create(b, loc, count, c2));
                    auto pairs = scf::ForOp::create(
                        b, loc, jLo, pairsHi, c2, accs,
                        [&](OpBuilder &b, Location loc, Value j, ValueRange p) {
                          Value j1 = arith::AddIOp::create(b, loc, j, c1);
                          scf::YieldOp::create(
                              b, loc,
                              ValueRange{entryStep(b, loc, j, lo, hi, p[0]),
                                         entryStep(b, loc, j1, lo, hi, p[1])});
                        });
                    auto rest = scf::ForOp::create(
                        b, loc, pairsHi, jHi, c1,
                        ValueRange{pairs.getResult(0)},
                        [&](OpBuilder &b, Location loc, Value j, ValueRange p) {
                          scf::YieldOp::create(
                              b, loc, entryStep(b, loc, j, lo, hi, p[0]));
                        });
                    scf::YieldOp::create(
                        b, loc,
                        ValueRange{rest.getResult(0), pairs.getResult(1)});
                  });
              Value acc = arith::AddIOp::create(b, loc, tileLoop.getResult(0),
                                                tileLoop.getResult(1));
              // The dense kernel's epilogue: C + float(acc) * (s_a * s_w).
              Value old = vector::TransferReadOp::create(
                  b, loc, fType, inner[0], ValueRange{mi, row}, zeroF,
                  ArrayRef<bool>{true});
              Value sw = vector::TransferReadOp::create(
                  b, loc, fType, arrays.scales, ValueRange{row}, zeroF,
                  ArrayRef<bool>{true});
              Value scale =
                  saVec ? arith::MulFOp::create(b, loc, saVec, sw).getResult()
                        : sw;
              Value accF = arith::SIToFPOp::create(b, loc, fType, acc);
              Value sum = vector::FMAOp::create(b, loc, accF, scale, old);
              scf::YieldOp::create(
                  b, loc,
                  vector::TransferWriteOp::create(b, loc, sum, inner[0],
                                                  ValueRange{mi, row},
                                                  ArrayRef<bool>{true})
                      .getResult());
            });
        scf::YieldOp::create(b, loc, tileRowLoop.getResults());
      });
  return rowLoop.getResult(0);
}
