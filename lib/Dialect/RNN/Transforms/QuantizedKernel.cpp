//===- QuantizedKernel.cpp - int8 x int8 -> int32 matmul kernel -----------===//
//
// `C + A * dequant(W)^T` for weights W [N, K] quantized per row (scale
// s_w[n], zero point 0) by rnn-quantize-weights, emitted by
// rnn-matmul-to-vector:
//
//   1. each row of A (f32) is quantized on the fly (dynamic quantization,
//      like ONNX Runtime's DynamicQuantizeLSTM): s_a[m] = max|A[m,:]| / 127,
//      q = round(A / s_a) in [-127, 127], stored as the unsigned byte q + 128
//      (vpdpbusd multiplies unsigned by signed bytes). With a calibrated
//      static scale s_a (rnn.activation_scale) there is no per-step max:
//      q = clamp(round(A / s_a), -127, 127), and s_a * s_w[n] is folded
//      into the packed scales at compile time;
//   2. the weights are packed at compile time into panels
//      [ceil(N/V), ceil(K/4), V*4] i8: for a panel and a group of 4 k's, the
//      4 weights of each of the V rows are adjacent, which is the operand
//      layout of vpdpbusd (each i32 lane accumulates 4 byte products);
//   3. a register-blocked kernel accumulates in i32: per 4-k group one
//      4-byte broadcast of the activation row and one dot product per 16
//      lanes. The accumulators start from -128 * sum_k W[n, k] (computed at
//      compile time), which undoes the +128 shift of the activations;
//   4. C[m, n] += float(acc) * s_a[m] * s_w[n].
//
// The dot product is an rnn.int8_dot, lowered after bufferization by
// rnn-lower-int8-dot to AVX-512 VNNI's vpdpbusd or to plain vector
// arithmetic.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::rnn;

void rnn::setInsertionPointToFunctionEntry(OpBuilder &b) {
  Operation *parent = b.getInsertionBlock()->getParentOp();
  auto func = isa<FunctionOpInterface>(parent)
                  ? cast<FunctionOpInterface>(parent)
                  : parent->getParentOfType<FunctionOpInterface>();
  if (func)
    b.setInsertionPointToStart(&func.getFunctionBody().front());
}

namespace {

constexpr int64_t kLanes = 16; // i32 lanes of one 512-bit dot product
constexpr int64_t kGroup = 4;  // byte products summed per lane

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

} // namespace

PackedInt8 rnn::packInt8(OpBuilder &b, Location loc, const NarrowMatrix &w,
                         int64_t n, int64_t k, int64_t v, double scaleFactor) {
  int64_t nb = llvm::divideCeil(n, v), k4 = llvm::divideCeil(k, kGroup);
  SmallVector<int8_t> panels(nb * k4 * v * kGroup, 0);
  SmallVector<float> scales(nb * v, 0.0f);
  SmallVector<int32_t> offsets(nb * v, 0);
  for (int64_t row = 0; row < n; ++row) {
    int32_t sum = 0;
    for (int64_t kk = 0; kk < k; ++kk) {
      int8_t q = w.q[row * k + kk];
      panels[(((row / v) * k4 + kk / kGroup) * v + row % v) * kGroup +
             kk % kGroup] = q;
      sum += q;
    }
    scales[row] = static_cast<float>(w.scales[row] * scaleFactor);
    offsets[row] = -128 * sum;
  }
  // Constants go to the start of the function: hoisted out of loops.
  OpBuilder::InsertionGuard guard(b);
  setInsertionPointToFunctionEntry(b);
  auto panelType =
      RankedTensorType::get({nb, k4, v * kGroup}, b.getIntegerType(8));
  auto scaleType = RankedTensorType::get({nb * v}, b.getF32Type());
  auto offsetType = RankedTensorType::get({nb * v}, b.getI32Type());
  return {arith::ConstantOp::create(
              b, loc, DenseElementsAttr::get(panelType, ArrayRef(panels))),
          arith::ConstantOp::create(
              b, loc, DenseElementsAttr::get(scaleType, ArrayRef(scales))),
          arith::ConstantOp::create(
              b, loc, DenseElementsAttr::get(offsetType, ArrayRef(offsets)))};
}

namespace {

/// Elementwise / row-reduction linalg.generic over `[M, K]` (or `[M]` when
/// `rank` is 1) with the given maps.
Value buildGeneric(OpBuilder &b, Location loc, ValueRange ins, Value out,
                   ArrayRef<AffineMap> maps,
                   ArrayRef<utils::IteratorType> iters,
                   function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  return linalg::GenericOp::create(
             b, loc, TypeRange{out.getType()}, ins, ValueRange{out}, maps,
             iters,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
             })
      .getResult(0);
}

/// A's bytes [M, K] zero padded to [M, 4 * K4]. (Padding bytes multiply
/// zero weights, so their value does not matter.)
Value padGroups(OpBuilder &b, Location loc, Value a, Value bytes, int64_t k,
                int64_t k4) {
  if (k4 * kGroup == k)
    return bytes;
  Type i8 = b.getIntegerType(8);
  Value padByte = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 0));
  auto aType = cast<RankedTensorType>(a.getType());
  auto paddedType =
      RankedTensorType::get({aType.getDimSize(0), k4 * kGroup}, i8);
  return tensor::PadOp::create(
      b, loc, paddedType, bytes,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(0),
                             b.getIndexAttr(k4 * kGroup - k)},
      padByte);
}

/// Dynamic per-row quantization of A [M, K]: returns the row scales s_a [M]
/// f32 and A's bytes [M, 4 * K4] (round(A / s_a) + 128, zero padded).
std::pair<Value, Value> quantizeRows(OpBuilder &b, Location loc, Value a,
                                     int64_t k, int64_t k4) {
  MLIRContext *ctx = b.getContext();
  Type f32 = b.getF32Type(), i8 = b.getIntegerType(8), i32 = b.getI32Type();
  OpFoldResult m = tensor::getMixedSize(b, loc, a, 0);
  AffineMap id2 = AffineMap::getMultiDimIdentityMap(2, ctx);
  AffineMap row2 = AffineMap::get(2, 0, getAffineDimExpr(0, ctx), ctx);
  AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, ctx);
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;

  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value rowInit = linalg::FillOp::create(
                      b, loc, zero, tensor::EmptyOp::create(b, loc, {m}, f32)
                                        .getResult())
                      .getResult(0);
  Value amax = buildGeneric(
      b, loc, a, rowInit, {id2, row2}, {par, red},
      [](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value abs = math::AbsFOp::create(nb, nloc, args[0]);
        return arith::MaximumFOp::create(nb, nloc, args[1], abs);
      });
  Value scale = buildGeneric(
      b, loc, amax, tensor::EmptyOp::create(b, loc, {m}, f32), {id1, id1},
      {par}, [](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value inv127 = arith::ConstantOp::create(
            nb, nloc, nb.getF32FloatAttr(1.0f / 127.0f));
        return arith::MulFOp::create(nb, nloc, args[0], inv127);
      });
  // 127 / amax, or 0 for an all-zero row (its bytes are then all 128).
  Value inverse = buildGeneric(
      b, loc, amax, tensor::EmptyOp::create(b, loc, {m}, f32), {id1, id1},
      {par}, [](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value c0 = arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(0));
        Value c127 =
            arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(127.0f));
        Value positive = arith::CmpFOp::create(
            nb, nloc, arith::CmpFPredicate::OGT, args[0], c0);
        Value inv = arith::DivFOp::create(nb, nloc, c127, args[0]);
        return arith::SelectOp::create(nb, nloc, positive, inv, c0);
      });
  Value bytes = buildGeneric(
      b, loc, ValueRange{a, inverse},
      tensor::EmptyOp::create(b, loc, {m, b.getIndexAttr(k)}, i8),
      {id2, row2, id2}, {par, par},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value x = arith::MulFOp::create(nb, nloc, args[0], args[1]);
        Value r = math::RoundEvenOp::create(nb, nloc, x);
        Value q = arith::FPToSIOp::create(nb, nloc, i32, r);
        Value c128 =
            arith::ConstantOp::create(nb, nloc, nb.getI32IntegerAttr(128));
        Value u = arith::AddIOp::create(nb, nloc, q, c128);
        return arith::TruncIOp::create(nb, nloc, i8, u);
      });
  return {scale, padGroups(b, loc, a, bytes, k, k4)};
}

/// Static quantization of A [M, K] with the calibrated scale `scale`: A's
/// bytes [M, 4 * K4] (clamp(round(A / scale), -127, 127) + 128, zero
/// padded). Values beyond the calibrated range saturate.
Value quantizeStatic(OpBuilder &b, Location loc, Value a, double scale,
                     int64_t k, int64_t k4) {
  MLIRContext *ctx = b.getContext();
  Type i8 = b.getIntegerType(8), i32 = b.getI32Type();
  OpFoldResult m = tensor::getMixedSize(b, loc, a, 0);
  AffineMap id2 = AffineMap::getMultiDimIdentityMap(2, ctx);
  auto par = utils::IteratorType::parallel;
  float inverse = static_cast<float>(1.0 / scale);
  Value bytes = buildGeneric(
      b, loc, a, tensor::EmptyOp::create(b, loc, {m, b.getIndexAttr(k)}, i8),
      {id2, id2}, {par, par},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        auto f32 = [&](float v) {
          return arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(v));
        };
        Value x = arith::MulFOp::create(nb, nloc, args[0], f32(inverse));
        x = arith::MinimumFOp::create(nb, nloc, x, f32(127.0f));
        x = arith::MaximumFOp::create(nb, nloc, x, f32(-127.0f));
        Value r = math::RoundEvenOp::create(nb, nloc, x);
        Value q = arith::FPToSIOp::create(nb, nloc, i32, r);
        Value c128 =
            arith::ConstantOp::create(nb, nloc, nb.getI32IntegerAttr(128));
        Value u = arith::AddIOp::create(nb, nloc, q, c128);
        return arith::TruncIOp::create(nb, nloc, i8, u);
      });
  return padGroups(b, loc, a, bytes, k, k4);
}

/// The register-blocked kernel over packed narrow panels. For int8, groups
/// of 4 bytes, i32 accumulators, rnn.int8_dot and the scaled epilogue; for
/// bf16 (`bf16` set), pairs of bf16, f32 accumulators, AVX-512 BF16's
/// vdpbf16ps (x86vector.avx512.dot) and a plain add.
class Int8Kernel {
public:
  Int8Kernel(Value bytes, Value rowScales, PackedInt8 packed, int64_t n,
             int64_t k4, const Int8KernelConfig &config, bool bf16 = false)
      : bytes(bytes), rowScales(rowScales), packed(packed), n(n), k4(k4),
        config(config), bf16(bf16), group(bf16 ? 2 : kGroup) {}

  /// Panels outermost, so that a panel's weights stay in cache while all
  /// rows of A pass over them (the input projection's T rows streamed the
  /// whole of W once per row block before); within a panel, rows in blocks
  /// of `rowBlock`, then the remaining rows one at a time.
  Value emit(OpBuilder &b, Location loc, Value c) {
    int64_t v = config.vectorSize, nb = llvm::divideCeil(n, v);
    Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
    Value m = tensor::DimOp::create(b, loc, bytes, 0);
    int64_t rowBlock = config.rowBlock;
    Value block = indexConst(b, loc, rowBlock);
    Value full = arith::SubIOp::create(
        b, loc, m, arith::RemUIOp::create(b, loc, m, block));
    auto panelLoop = scf::ForOp::create(
        b, loc, c0, indexConst(b, loc, nb), c1, ValueRange{c},
        [&](OpBuilder &b, Location loc, Value p, ValueRange iters) {
          Value panel =
              rnn::serpentinePanel(b, loc, p, nb, config.reversePanels);
          auto blocked = scf::ForOp::create(
              b, loc, c0, full, block, iters,
              [&](OpBuilder &b, Location loc, Value m0, ValueRange tile) {
                scf::YieldOp::create(
                    b, loc, emitTile(b, loc, tile[0], panel, m0, rowBlock));
              });
          Value out = blocked.getResult(0);
          if (rowBlock != 1)
            out =
                scf::ForOp::create(
                    b, loc, full, m, c1, ValueRange{out},
                    [&](OpBuilder &b, Location loc, Value m0, ValueRange tile) {
                      scf::YieldOp::create(
                          b, loc, emitTile(b, loc, tile[0], panel, m0, 1));
                    })
                    .getResult(0);
          scf::YieldOp::create(b, loc, out);
        });
    // Panels write disjoint columns of C: threads may split them
    // (rnn-parallelize-kernels).
    panelLoop->setAttr(kParallelLoopAttr,
                       b.getI64IntegerAttr(nb * v * k4 * group));
    return panelLoop.getResult(0);
  }

private:
  /// acc + dot of 16 lanes x 4 bytes (`act` unsigned, `w` signed), or of
  /// 16 lanes x 2 bf16.
  Value dot(OpBuilder &b, Location loc, Value acc, Value act, Value w) {
    if (bf16)
      return x86vector::DotBF16Op::create(b, loc, acc.getType(), acc, act, w);
    return Int8DotOp::create(b, loc, acc.getType(), acc, act, w);
  }

  /// The 32 activation bits of group `kk` of `row`, in every lane.
  Value broadcastGroup(OpBuilder &b, Location loc, Value row, Value kk) {
    Type i8 = cast<RankedTensorType>(bytes.getType()).getElementType();
    Type i32 = b.getI32Type();
    Value start = arith::MulIOp::create(b, loc, kk, indexConst(b, loc, group));
    Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(i8));
    Value four = vector::TransferReadOp::create(
        b, loc, VectorType::get({group}, i8), bytes, ValueRange{row, start},
        pad, ArrayRef<bool>{true});
    Value word = vector::BitCastOp::create(b, loc, VectorType::get({1}, i32),
                                           four);
    Value scalar = vector::ExtractOp::create(b, loc, word, ArrayRef<int64_t>{0});
    Value lanes = vector::BroadcastOp::create(
        b, loc, VectorType::get({kLanes}, i32), scalar);
    return vector::BitCastOp::create(
        b, loc, VectorType::get({kLanes * group}, i8), lanes);
  }

  /// C[m0 .. m0 + rows, panel columns] += A * W^T for one panel: the
  /// accumulators of the tile live in registers across the k loop.
  Value emitTile(OpBuilder &b, Location loc, Value c, Value panel, Value m0,
                 int64_t rows) {
    int64_t v = config.vectorSize;
    int64_t chunks = v / kLanes;
    Type i8 = cast<RankedTensorType>(packed.panels.getType()).getElementType();
    Type f32 = b.getF32Type();
    Type i32 = bf16 ? f32 : b.getI32Type(); // accumulator element
    auto accType = VectorType::get({kLanes}, i32);
    auto wType = VectorType::get({kLanes * group}, i8);
    auto fType = VectorType::get({kLanes}, f32);
    Value c0 = indexConst(b, loc, 0);
    Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value zeroI = arith::ConstantOp::create(b, loc, b.getZeroAttr(i32));
    Value zeroB = arith::ConstantOp::create(b, loc, b.getZeroAttr(i8));
    Value zeroAcc =
        arith::ConstantOp::create(b, loc, b.getZeroAttr(accType));
    bool fullPanels = n % v == 0;
    // With few rows the dot-product chains are latency bound: split the
    // groups into interleaved partial sums, as the f32 kernel does (one
    // row: up to 16 accumulators, so wide panels are not split).
    int64_t oneRow = chunks >= 16 ? 1 : (chunks >= 8 ? 2 : 4);
    int64_t splits =
        std::min<int64_t>(k4, rows >= 4 ? 1 : (rows >= 2 ? 2 : oneRow));
    int64_t mainK = k4 - k4 % splits;
    auto accIndex = [&](int64_t s, int64_t r, int64_t j) {
      return (s * rows + r) * chunks + j;
    };

    Value col = arith::MulIOp::create(b, loc, panel, indexConst(b, loc, v));
    SmallVector<Value> rowIdx, chunkCol;
    for (int64_t r = 0; r < rows; ++r)
      rowIdx.push_back(
          r == 0 ? m0
                 : arith::AddIOp::create(b, loc, m0, indexConst(b, loc, r))
                       .getResult());
    for (int64_t j = 0; j < chunks; ++j)
      chunkCol.push_back(j == 0
                             ? col
                             : arith::AddIOp::create(
                                   b, loc, col, indexConst(b, loc, j * kLanes))
                                   .getResult());
    SmallVector<Value> init(splits * rows * chunks, zeroAcc);
    for (int64_t j = 0; j < chunks && !bf16; ++j) {
      Value offset = vector::TransferReadOp::create(
          b, loc, accType, packed.offsets, ValueRange{chunkCol[j]}, zeroI,
          ArrayRef<bool>{true});
      for (int64_t r = 0; r < rows; ++r)
        init[accIndex(0, r, j)] = offset;
    }
    auto step = [&](OpBuilder &b, Location loc, Value kk,
                    SmallVector<Value> &acc, int64_t s) {
      SmallVector<Value> w;
      for (int64_t j = 0; j < chunks; ++j)
        w.push_back(vector::TransferReadOp::create(
            b, loc, wType, packed.panels,
            ValueRange{panel, kk, indexConst(b, loc, j * kLanes * group)},
            zeroB, ArrayRef<bool>{true}));
      for (int64_t r = 0; r < rows; ++r) {
        Value act = broadcastGroup(b, loc, rowIdx[r], kk);
        for (int64_t j = 0; j < chunks; ++j) {
          Value &a = acc[accIndex(s, r, j)];
          a = dot(b, loc, a, act, w[j]);
        }
      }
    };
    auto kLoop = scf::ForOp::create(
        b, loc, c0, indexConst(b, loc, mainK), indexConst(b, loc, splits), init,
        [&](OpBuilder &b, Location loc, Value k0, ValueRange accIn) {
          SmallVector<Value> acc(accIn);
          for (int64_t s = 0; s < splits; ++s) {
            Value kk = s == 0 ? k0
                              : arith::AddIOp::create(b, loc, k0,
                                                      indexConst(b, loc, s))
                                    .getResult();
            step(b, loc, kk, acc, s);
          }
          scf::YieldOp::create(b, loc, acc);
        });
    SmallVector<Value> acc(kLoop.getResults());
    for (int64_t s = 1; s < splits; ++s)
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < chunks; ++j)
          acc[accIndex(0, r, j)] =
              bf16 ? arith::AddFOp::create(b, loc, acc[accIndex(0, r, j)],
                                           acc[accIndex(s, r, j)])
                         .getResult()
                   : arith::AddIOp::create(b, loc, acc[accIndex(0, r, j)],
                                           acc[accIndex(s, r, j)])
                         .getResult();
    for (int64_t kk = mainK; kk < k4; ++kk)
      step(b, loc, indexConst(b, loc, kk), acc, 0);

    // C's old values: the bias (C is its broadcast), the source
    // tensor, or the tensor being updated (the loops' iter_arg), all
    // read before the first write: each (row, chunk) is this tile's
    // own. Reading the original C instead made bufferization copy
    // all of C (the [T, 4H] projection: 800 KB at H = 512) on every
    // call.
    SmallVector<Value> olds;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < chunks; ++j) {
        if (config.bias && r > 0) {
          olds.push_back(olds[j]);
          continue;
        }
        Value from =
            config.bias ? config.bias : (config.source ? config.source : c);
        SmallVector<Value> idx;
        if (!config.bias)
          idx.push_back(rowIdx[r]);
        idx.push_back(chunkCol[j]);
        olds.push_back(vector::TransferReadOp::create(
            b, loc, fType, from, idx, zeroF, ArrayRef<bool>{fullPanels}));
      }
    Value out = c;
    for (int64_t r = 0; r < rows; ++r) {
      Value saVec;
      if (!bf16 && rowScales) {
        Value sa =
            tensor::ExtractOp::create(b, loc, rowScales, ValueRange{rowIdx[r]});
        saVec = vector::BroadcastOp::create(b, loc, fType, sa);
      }
      for (int64_t j = 0; j < chunks; ++j) {
        Value old = olds[r * chunks + j];
        Value sum;
        if (bf16) {
          sum = arith::AddFOp::create(b, loc, acc[accIndex(0, r, j)], old);
        } else {
          Value sw = vector::TransferReadOp::create(
              b, loc, fType, packed.scales, ValueRange{chunkCol[j]}, zeroF,
              ArrayRef<bool>{true});
          // Static scales are folded into s_w at compile time.
          Value scale =
              saVec ? arith::MulFOp::create(b, loc, saVec, sw).getResult() : sw;
          Value accF =
              arith::SIToFPOp::create(b, loc, fType, acc[accIndex(0, r, j)]);
          sum = vector::FMAOp::create(b, loc, accF, scale, old);
        }
        out = vector::TransferWriteOp::create(
                  b, loc, sum, out, ValueRange{rowIdx[r], chunkCol[j]},
                  ArrayRef<bool>{fullPanels})
                  .getResult();
      }
    }
    return out;
  }

  Value bytes, rowScales;
  PackedInt8 packed;
  int64_t n, k4;
  Int8KernelConfig config;
  bool bf16;
  int64_t group;
};

/// bf16 panels [NB, K2, V * 2]: the 2 weights of each row for a pair of k's
/// are adjacent (the operand layout of vdpbf16ps).
Value packBF16Pairs(OpBuilder &b, Location loc, const NarrowMatrix &w,
                    int64_t n, int64_t k, int64_t v) {
  int64_t nb = llvm::divideCeil(n, v), k2 = llvm::divideCeil(k, 2);
  SmallVector<APFloat> panels(nb * k2 * v * 2,
                              APFloat::getZero(APFloat::BFloat()));
  for (int64_t row = 0; row < n; ++row)
    for (int64_t kk = 0; kk < k; ++kk)
      panels[(((row / v) * k2 + kk / 2) * v + row % v) * 2 + kk % 2] =
          APFloat(APFloat::BFloat(), APInt(16, w.bf16[row * k + kk]));
  OpBuilder::InsertionGuard guard(b);
  setInsertionPointToFunctionEntry(b);
  auto type = RankedTensorType::get({nb, k2, v * 2}, b.getBF16Type());
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, panels));
}

/// A [M, K] f32 rounded to bf16 (nearest even) and zero padded to
/// [M, 2 * K2].
Value truncateRows(OpBuilder &b, Location loc, Value a, int64_t k,
                   int64_t k2) {
  MLIRContext *ctx = b.getContext();
  Type bf16 = b.getBF16Type();
  OpFoldResult m = tensor::getMixedSize(b, loc, a, 0);
  AffineMap id2 = AffineMap::getMultiDimIdentityMap(2, ctx);
  auto par = utils::IteratorType::parallel;
  Value out = buildGeneric(
      b, loc, a, tensor::EmptyOp::create(b, loc, {m, b.getIndexAttr(k)}, bf16),
      {id2, id2}, {par, par},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        return arith::TruncFOp::create(nb, nloc, bf16, args[0]);
      });
  if (2 * k2 == k)
    return out;
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(bf16));
  auto aType = cast<RankedTensorType>(a.getType());
  auto paddedType = RankedTensorType::get({aType.getDimSize(0), 2 * k2}, bf16);
  return tensor::PadOp::create(
      b, loc, paddedType, out,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(2 * k2 - k)},
      zero);
}

} // namespace

Value rnn::emitInt8Matmul(OpBuilder &b, Location loc, Value a,
                          const NarrowMatrix &w, Value c, int64_t n,
                          int64_t k, const Int8KernelConfig &config) {
  int64_t k4 = llvm::divideCeil(k, kGroup);
  if (config.activationScale > 0.0) {
    PackedInt8 packed = packInt8(b, loc, w, n, k, config.vectorSize,
                                 config.activationScale);
    Value bytes = quantizeStatic(b, loc, a, config.activationScale, k, k4);
    return Int8Kernel(bytes, Value(), packed, n, k4, config).emit(b, loc, c);
  }
  PackedInt8 packed = packInt8(b, loc, w, n, k, config.vectorSize, 1.0);
  auto [rowScales, bytes] = quantizeRows(b, loc, a, k, k4);
  return Int8Kernel(bytes, rowScales, packed, n, k4, config).emit(b, loc, c);
}

std::pair<Value, Value> rnn::quantizeActivations(OpBuilder &b, Location loc,
                                                 Value a, int64_t k,
                                                 double activationScale) {
  int64_t k4 = llvm::divideCeil(k, kGroup);
  if (activationScale > 0.0)
    return {Value(), quantizeStatic(b, loc, a, activationScale, k, k4)};
  return quantizeRows(b, loc, a, k, k4);
}

Value rnn::emitBF16DotMatmul(OpBuilder &b, Location loc, Value a,
                             const NarrowMatrix &w, Value c, int64_t n,
                             int64_t k, const Int8KernelConfig &config) {
  int64_t k2 = llvm::divideCeil(k, 2);
  PackedInt8 packed{packBF16Pairs(b, loc, w, n, k, config.vectorSize),
                    Value(), Value()};
  Value rows = truncateRows(b, loc, a, k, k2);
  return Int8Kernel(rows, Value(), packed, n, k2, config, /*bf16=*/true)
      .emit(b, loc, c);
}
