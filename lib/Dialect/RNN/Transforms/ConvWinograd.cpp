//===- ConvWinograd.cpp - Winograd F(m x m, 3 x 3) convolution ------------===//
//
// A stride-1 3x3 convolution computes each m x m output tile from an
// (m+2) x (m+2) input tile with (m+2)^2 multiplications per channel pair
// instead of 9 m^2 (Lavin & Gray, "Fast Algorithms for Convolutional Neural
// Networks"): Y = A^T [(G g G^T) . (B^T d B)] A. With the weights constant,
// U = G g G^T is computed here at compile time, and the convolution becomes
//
//   V[e, c, t]  = (B^T d_t B)[e]                  input transform per tile t
//   Y[e, m, t]  = sum_c U[e, m, c] * V[e, c, t]   (m+2)^2 products
//   out[m, ...] += A^T Y[., m, t] A               output transform per tile
//
// with the tiles of all tile rows in one flattened dimension, so the
// products run over full vectors even when a tile row is short. The products
// use the register blocking of the direct kernel (FB output channels x WB
// vectors of tiles, broadcast U, accumulators in registers). The transforms
// are vectorized over the tiles of a tile row: the strided columns of an
// input tile row are read as contiguous vectors and de-interleaved with
// vector.shuffle, and the output tile columns are interleaved back.
// F(2x2) multiplies 2.25x less than the direct convolution, F(4x4) 4x less
// with larger transform coefficients (a little more rounding).
//
//===----------------------------------------------------------------------===//

#include "ConvToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace {

/// The transform matrices of F(m x m, 3 x 3), row major: B^T (a x a),
/// G (a x 3), A^T (m x a) with a = m + 2.
struct Transforms {
  int64_t m, a;
  ArrayRef<double> bt, g, at;
};

const double kBt2[] = {1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1};
const double kG2[] = {1, 0, 0, .5, .5, .5, .5, -.5, .5, 0, 0, 1};
const double kAt2[] = {1, 1, 1, 0, 0, 1, -1, -1};

const double kBt4[] = {4, 0, -5, 0,  1, 0, 0, -4, -4, 1,  1, 0,
                       0, 4, -4, -1, 1, 0, 0, -2, -1, 2,  1, 0,
                       0, 2, -1, -2, 1, 0, 0, 4,  0,  -5, 0, 1};
const double kG4[] = {1.0 / 4,  0,        0,        -1.0 / 6,  -1.0 / 6,
                      -1.0 / 6, -1.0 / 6, 1.0 / 6,  -1.0 / 6,  1.0 / 24,
                      1.0 / 12, 1.0 / 6,  1.0 / 24, -1.0 / 12, 1.0 / 6,
                      0,        0,        1};
const double kAt4[] = {1, 1, 1, 1, 1, 0, 0, 1, -1, 2, -2, 0,
                       0, 1, 1, 4, 4, 0, 0, 1, -1, 8, -8, 1};

Transforms getTransforms(int64_t m) {
  if (m == 2)
    return {2, 4, kBt2, kG2, kAt2};
  return {4, 6, kBt4, kG4, kAt4};
}

Value idx(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// sum_k coeffs[k] * vecs[k] with +-1 as add / sub and zeros skipped.
Value combine(OpBuilder &b, Location loc, ArrayRef<double> coeffs,
              ArrayRef<Value> vecs) {
  auto vecType = cast<VectorType>(vecs.front().getType());
  auto splat = [&](double c) -> Value {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, static_cast<float>(c)));
  };
  Value acc;
  // Start from a +1 term when there is one (no negation needed).
  for (size_t k = 0; k < coeffs.size(); ++k)
    if (coeffs[k] == 1.0) {
      acc = vecs[k];
      break;
    }
  bool accIsPlusOne = static_cast<bool>(acc);
  bool skippedFirstPlusOne = false;
  for (size_t k = 0; k < coeffs.size(); ++k) {
    double c = coeffs[k];
    if (c == 0.0)
      continue;
    if (accIsPlusOne && !skippedFirstPlusOne && c == 1.0) {
      skippedFirstPlusOne = true;
      continue;
    }
    if (!acc) {
      acc = c == -1.0
                ? arith::NegFOp::create(b, loc, vecs[k]).getResult()
                : arith::MulFOp::create(b, loc, splat(c), vecs[k]).getResult();
      continue;
    }
    if (c == 1.0)
      acc = arith::AddFOp::create(b, loc, acc, vecs[k]);
    else if (c == -1.0)
      acc = arith::SubFOp::create(b, loc, acc, vecs[k]);
    else
      acc = vector::FMAOp::create(b, loc, splat(c), vecs[k], acc);
  }
  if (!acc)
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(vecType, 0.0f));
  return acc;
}

/// out[i][j] = sum_k sum_l L[i][k] in[k][l] L[j][l] for an r x s matrix L
/// (row major) and an s x s array of vectors `in` (row major).
SmallVector<Value> sandwich(OpBuilder &b, Location loc, ArrayRef<double> l,
                            int64_t r, int64_t s, ArrayRef<Value> in) {
  // tmp[k][j] = sum_l in[k][l] L[j][l]
  SmallVector<Value> tmp(s * r);
  for (int64_t k = 0; k < s; ++k)
    for (int64_t j = 0; j < r; ++j)
      tmp[k * r + j] = combine(b, loc, l.slice(j * s, s), in.slice(k * s, s));
  SmallVector<Value> out(r * r);
  for (int64_t i = 0; i < r; ++i)
    for (int64_t j = 0; j < r; ++j) {
      SmallVector<Value> column;
      for (int64_t k = 0; k < s; ++k)
        column.push_back(tmp[k * r + j]);
      out[i * r + j] = combine(b, loc, l.slice(i * s, s), column);
    }
  return out;
}

/// Emits `for (i = lb; i < ub; i += step) body(i)` carrying one tensor.
Value forLoop(OpBuilder &b, Location loc, int64_t lb, int64_t ub, int64_t step,
              Value init,
              function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
  if (ub <= lb)
    return init;
  auto loop = scf::ForOp::create(
      b, loc, idx(b, loc, lb), idx(b, loc, ub), idx(b, loc, step),
      ValueRange{init},
      [&](OpBuilder &b, Location loc, Value i, ValueRange args) {
        scf::YieldOp::create(b, loc, body(b, loc, i, args[0]));
      });
  return loop.getResult(0);
}

/// Fewer input or output channels than this keep the direct kernel: the
/// input transform is amortized over the output channels and the output
/// transform over the input channels, while the products save only
/// 9 - 16 / 4 multiplications per channel pair (measured: AECMOS's first
/// convolution, C = 3, M = 48: direct 70 us, F(2x2) 113 us; UL-UNAS's last,
/// C = 12, M = 1: the model 2% slower).
constexpr int64_t kMinChannels = 8;

struct ConvWinograd : OpRewritePattern<linalg::GenericOp> {
  ConvWinograd(MLIRContext *ctx, int64_t lanes, int64_t registers, int64_t tile)
      : OpRewritePattern(ctx, /*benefit=*/2), lanes(lanes),
        registers(registers), tile(tile) {}

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<rnn::Conv2D> conv = rnn::matchConv2D(op);
    if (!conv || conv->strideH != 1 || conv->dilH != 1 || conv->dilW != 1 ||
        conv->offH < 0 || conv->offW < 0)
      return rewriter.notifyMatchFailure(
          op, "not a unit-stride, undilated 2-D convolution");
    Value x = op.getDpsInputs()[0], w = op.getDpsInputs()[1];
    Value out = op.getDpsInits()[0];
    if (!rnn::hasStaticF32Operands(op))
      return rewriter.notifyMatchFailure(op, "f32 with static C, H, W");
    auto xType = cast<RankedTensorType>(x.getType());
    auto wType = cast<RankedTensorType>(w.getType());
    auto outType = cast<RankedTensorType>(out.getType());
    if (wType.getDimSize(2) != 3 || wType.getDimSize(3) != 3)
      return rewriter.notifyMatchFailure(op, "kernel is not 3x3");
    if (wType.getDimSize(0) < kMinChannels ||
        wType.getDimSize(1) < kMinChannels)
      return rewriter.notifyMatchFailure(
          op, "fewer than 8 input or output channels");
    DenseElementsAttr wAttr;
    if (!matchPattern(w, m_Constant(&wAttr)))
      return rewriter.notifyMatchFailure(op, "weights are not constant");
    int64_t hIn = xType.getDimSize(2), wIn = xType.getDimSize(3);
    int64_t oh = outType.getDimSize(2), ow = outType.getDimSize(3);
    if (oh + 2 + conv->offH > hIn || ow + 2 + conv->offW > wIn)
      return rewriter.notifyMatchFailure(op, "input smaller than the window");

    Transforms tf = getTransforms(tile);
    int64_t mo = wType.getDimSize(0), c = wType.getDimSize(1);
    int64_t m = tf.m, a = tf.a, e = a * a, v = lanes;
    int64_t th = llvm::divideCeil(oh, m), tw = llvm::divideCeil(ow, m);
    int64_t tiles = th * tw, tilesPadded = llvm::alignTo(tiles, v);
    Location loc = op.getLoc();
    auto f32 = rewriter.getF32Type();

    // U[e, m, c] = (G g G^T)[e], in double, at compile time.
    SmallVector<float> wv(wAttr.getValues<float>());
    SmallVector<float> u(e * mo * c);
    for (int64_t o = 0; o < mo; ++o)
      for (int64_t ch = 0; ch < c; ++ch) {
        const float *g = &wv[(o * c + ch) * 9];
        double gg[6][3]; // G g
        for (int64_t i = 0; i < a; ++i)
          for (int64_t j = 0; j < 3; ++j) {
            gg[i][j] = 0;
            for (int64_t k = 0; k < 3; ++k)
              gg[i][j] += tf.g[i * 3 + k] * g[k * 3 + j];
          }
        for (int64_t i = 0; i < a; ++i)
          for (int64_t j = 0; j < a; ++j) {
            double s = 0;
            for (int64_t k = 0; k < 3; ++k)
              s += gg[i][k] * tf.g[j * 3 + k];
            u[((i * a + j) * mo + o) * c + ch] = static_cast<float>(s);
          }
      }
    auto uType = RankedTensorType::get({e, mo, c}, f32);
    Value uCst = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(uType, ArrayRef<float>(u)));

    auto nLoop = scf::ForOp::create(
        rewriter, loc, idx(rewriter, loc, 0),
        tensor::DimOp::create(rewriter, loc, out, 0), idx(rewriter, loc, 1),
        ValueRange{out},
        [&](OpBuilder &b, Location loc, Value n, ValueRange args) {
          Value vt = inputTransform(b, loc, tf, x, n, c, hIn, th, tw,
                                    tilesPadded, conv->offH, conv->offW);
          Value yt = products(b, loc, uCst, vt, mo, c, e, tilesPadded);
          Value res =
              outputTransform(b, loc, tf, yt, args[0], n, mo, oh, th, tw);
          scf::YieldOp::create(b, loc, res);
        });
    rewriter.replaceOp(op, nLoop.getResults());
    return success();
  }

  /// V[e, c, t] for batch `n`: per channel and tile row, vectors of tiles.
  /// A tile row's last vector may run into the next row's tiles; those lanes
  /// are overwritten when the next row is written (rows are written in
  /// order) or fall into the padding past the last tile.
  Value inputTransform(OpBuilder &b, Location loc, const Transforms &tf,
                       Value x, Value n, int64_t c, int64_t hIn, int64_t th,
                       int64_t tw, int64_t tilesPadded, int64_t offH,
                       int64_t offW) const {
    int64_t m = tf.m, a = tf.a, v = lanes;
    auto f32 = b.getF32Type();
    auto vecType = VectorType::get({v}, f32);
    auto wideType = VectorType::get({m * v}, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value zeroVec = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, 0.0f));
    Value vInit = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{a * a, c, tilesPadded}, f32);
    int64_t vecsPerRow = llvm::divideCeil(tw, v);
    // Lanes past the last tile that no row writes: zero them first so the
    // products never read uninitialized memory.
    bool zeroTail = (th - 1) * tw + vecsPerRow * v < tilesPadded;
    // Tile rows whose a input rows are all inside the input.
    int64_t fullRows = std::clamp<int64_t>((hIn - a - offH) / m + 1, 0, th);

    // One vector of tiles: tile row `row`, tiles col0 .. col0 + v, input
    // rows >= `validRows` are zero (past the input).
    auto tileVector = [&](OpBuilder &b, Location loc, Value ch, Value row,
                          Value col0, Value acc, int64_t validRows) -> Value {
      // Input column of the first tile's first tap.
      Value base = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, col0, idx(b, loc, m)),
          idx(b, loc, offW));
      Value ih0 = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, row, idx(b, loc, m)),
          idx(b, loc, offH));
      SmallVector<Value> d(a * a);
      for (int64_t k = 0; k < a; ++k) {
        if (k >= validRows) {
          for (int64_t l = 0; l < a; ++l)
            d[k * a + l] = zeroVec;
          continue;
        }
        Value ih = arith::AddIOp::create(b, loc, ih0, idx(b, loc, k));
        // Columns q*m + r of the tiles: a contiguous read of m vectors
        // from q*m, de-interleaved.
        for (int64_t q = 0; q * m < a; ++q) {
          Value iw = arith::AddIOp::create(b, loc, base, idx(b, loc, q * m));
          Value raw = vector::TransferReadOp::create(
              b, loc, wideType, x, ValueRange{n, ch, ih, iw}, zero,
              ArrayRef<bool>{false});
          for (int64_t r = 0; r < m && q * m + r < a; ++r) {
            SmallVector<int64_t> mask;
            for (int64_t p = 0; p < v; ++p)
              mask.push_back(p * m + r);
            d[k * a + q * m + r] =
                vector::ShuffleOp::create(b, loc, raw, raw, mask);
          }
        }
      }
      SmallVector<Value> vt = sandwich(b, loc, tf.bt, a, a, d);
      Value t0 = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, row, idx(b, loc, tw)), col0);
      for (int64_t i = 0; i < a * a; ++i)
        acc = vector::TransferWriteOp::create(
                  b, loc, vt[i], acc, ValueRange{idx(b, loc, i), ch, t0},
                  ArrayRef<bool>{false})
                  .getResult();
      return acc;
    };
    // One tile row: full vectors in a loop, then the last (partial) one.
    auto tileRow = [&](OpBuilder &b, Location loc, Value ch, Value row,
                       Value acc, int64_t validRows) -> Value {
      return forLoop(b, loc, 0, vecsPerRow * v, v, acc,
                     [&](OpBuilder &b, Location loc, Value col0, Value acc) {
                       return tileVector(b, loc, ch, row, col0, acc, validRows);
                     });
    };
    return forLoop(
        b, loc, 0, c, 1, vInit,
        [&](OpBuilder &b, Location loc, Value ch, Value acc) -> Value {
          if (zeroTail)
            for (int64_t i = 0; i < a * a; ++i)
              acc = vector::TransferWriteOp::create(
                        b, loc, zeroVec, acc,
                        ValueRange{idx(b, loc, i), ch,
                                   idx(b, loc, tilesPadded - v)},
                        ArrayRef<bool>{true})
                        .getResult();
          acc = forLoop(b, loc, 0, fullRows, 1, acc,
                        [&](OpBuilder &b, Location loc, Value row, Value acc) {
                          return tileRow(b, loc, ch, row, acc, a);
                        });
          for (int64_t r = fullRows; r < th; ++r)
            acc = tileRow(b, loc, ch, idx(b, loc, r), acc, hIn - offH - r * m);
          return acc;
        });
  }

  /// Y[e, m, t] = sum_c U[e, m, c] V[e, c, t]: blocks of FB output channels
  /// x WB vectors of tiles with the accumulators in registers.
  Value products(OpBuilder &b, Location loc, Value u, Value vt, int64_t mo,
                 int64_t c, int64_t e, int64_t tilesPadded) const {
    int64_t v = lanes, vecs = tilesPadded / v;
    // The largest FB x WB block whose accumulators, broadcasts and loads fit
    // in the registers (FB a divisor of M).
    int64_t fb = 1, wb = 1;
    for (int64_t wbTry = 1; wbTry <= std::min<int64_t>(vecs, 6); ++wbTry)
      for (int64_t f = 8; f >= 1; --f)
        if (mo % f == 0 && f * wbTry + f + wbTry <= registers) {
          if (f * wbTry > fb * wb)
            fb = f, wb = wbTry;
          break;
        }
    auto f32 = b.getF32Type();
    auto vecType = VectorType::get({v}, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value zeroVec = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, 0.0f));
    Value yInit = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{e, mo, tilesPadded}, f32);
    auto block = [&](OpBuilder &b, Location loc, Value t0, Value acc,
                     int64_t wb) -> Value {
      return forLoop(
          b, loc, 0, e, 1, acc,
          [&](OpBuilder &b, Location loc, Value ei, Value acc) {
            return forLoop(
                b, loc, 0, mo, fb, acc,
                [&](OpBuilder &b, Location loc, Value m0, Value acc) {
                  SmallVector<Value> rows, cols;
                  for (int64_t f = 0; f < fb; ++f)
                    rows.push_back(
                        arith::AddIOp::create(b, loc, m0, idx(b, loc, f)));
                  for (int64_t j = 0; j < wb; ++j)
                    cols.push_back(
                        arith::AddIOp::create(b, loc, t0, idx(b, loc, j * v)));
                  SmallVector<Value> init(fb * wb, zeroVec);
                  auto cLoop = scf::ForOp::create(
                      b, loc, idx(b, loc, 0), idx(b, loc, c), idx(b, loc, 1),
                      init,
                      [&](OpBuilder &b, Location loc, Value ch,
                          ValueRange accs) {
                        SmallVector<Value> next(accs);
                        SmallVector<Value> wv;
                        for (int64_t f = 0; f < fb; ++f)
                          wv.push_back(vector::BroadcastOp::create(
                              b, loc, vecType,
                              tensor::ExtractOp::create(
                                  b, loc, u, ValueRange{ei, rows[f], ch})));
                        for (int64_t j = 0; j < wb; ++j) {
                          Value xv = vector::TransferReadOp::create(
                              b, loc, vecType, vt, ValueRange{ei, ch, cols[j]},
                              zero, ArrayRef<bool>{true});
                          for (int64_t f = 0; f < fb; ++f)
                            next[f * wb + j] = vector::FMAOp::create(
                                b, loc, xv, wv[f], next[f * wb + j]);
                        }
                        scf::YieldOp::create(b, loc, next);
                      });
                  for (int64_t f = 0; f < fb; ++f)
                    for (int64_t j = 0; j < wb; ++j)
                      acc = vector::TransferWriteOp::create(
                                b, loc, cLoop.getResult(f * wb + j), acc,
                                ValueRange{ei, rows[f], cols[j]},
                                ArrayRef<bool>{true})
                                .getResult();
                  return acc;
                });
          });
    };
    int64_t fullEnd = vecs - vecs % wb;
    Value y = forLoop(b, loc, 0, fullEnd * v, wb * v, yInit,
                      [&](OpBuilder &b, Location loc, Value t0, Value acc) {
                        return block(b, loc, t0, acc, wb);
                      });
    if (fullEnd != vecs)
      y = block(b, loc, idx(b, loc, fullEnd * v), y, vecs - fullEnd);
    return y;
  }

  /// out[n, m, oh, ow] += (A^T Y A) per tile; rows past the output are not
  /// written, columns past it are masked by the transfers.
  Value outputTransform(OpBuilder &b, Location loc, const Transforms &tf,
                        Value y, Value out, Value n, int64_t mo, int64_t oh,
                        int64_t th, int64_t tw) const {
    int64_t m = tf.m, a = tf.a, v = lanes;
    auto f32 = b.getF32Type();
    auto vecType = VectorType::get({v}, f32);
    auto wideType = VectorType::get({m * v}, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    int64_t vecsPerRow = llvm::divideCeil(tw, v);
    // Lane p * m + r of an output row vector is column r of tile p, i.e.
    // lane p of the r-th vector of the concatenation [o_0 | ... | o_m-1].
    SmallVector<int64_t> interleave, iota2;
    for (int64_t p = 0; p < v; ++p)
      for (int64_t r = 0; r < m; ++r)
        interleave.push_back(r * v + p);
    for (int64_t i = 0; i < 2 * v; ++i)
      iota2.push_back(i);
    auto tileVector = [&](OpBuilder &b, Location loc, Value o, Value row,
                          Value col0, Value acc, int64_t validRows) -> Value {
      Value t0 = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, row, idx(b, loc, tw)), col0);
      SmallVector<Value> yv;
      for (int64_t i = 0; i < a * a; ++i)
        yv.push_back(vector::TransferReadOp::create(
            b, loc, vecType, y, ValueRange{idx(b, loc, i), o, t0}, zero,
            ArrayRef<bool>{false}));
      SmallVector<Value> res = sandwich(b, loc, tf.at, m, a, yv);
      Value ow0 = arith::MulIOp::create(b, loc, col0, idx(b, loc, m));
      Value oh0 = arith::MulIOp::create(b, loc, row, idx(b, loc, m));
      for (int64_t i = 0; i < std::min(m, validRows); ++i) {
        Value wide;
        if (m == 2) {
          wide = vector::ShuffleOp::create(b, loc, res[i * m], res[i * m + 1],
                                           interleave);
        } else {
          Value lo = vector::ShuffleOp::create(b, loc, res[i * m],
                                               res[i * m + 1], iota2);
          Value hi = vector::ShuffleOp::create(b, loc, res[i * m + 2],
                                               res[i * m + 3], iota2);
          wide = vector::ShuffleOp::create(b, loc, lo, hi, interleave);
        }
        Value ohI = arith::AddIOp::create(b, loc, oh0, idx(b, loc, i));
        Value prev = vector::TransferReadOp::create(
            b, loc, wideType, acc, ValueRange{n, o, ohI, ow0}, zero,
            ArrayRef<bool>{false});
        Value sum = arith::AddFOp::create(b, loc, prev, wide);
        acc = vector::TransferWriteOp::create(b, loc, sum, acc,
                                              ValueRange{n, o, ohI, ow0},
                                              ArrayRef<bool>{false})
                  .getResult();
      }
      return acc;
    };
    auto tileRow = [&](OpBuilder &b, Location loc, Value o, Value row,
                       Value acc, int64_t validRows) -> Value {
      return forLoop(b, loc, 0, vecsPerRow * v, v, acc,
                     [&](OpBuilder &b, Location loc, Value col0, Value acc) {
                       return tileVector(b, loc, o, row, col0, acc, validRows);
                     });
    };
    int64_t fullRows = oh / m;
    return forLoop(
        b, loc, 0, mo, 1, out,
        [&](OpBuilder &b, Location loc, Value o, Value acc) -> Value {
          acc = forLoop(b, loc, 0, fullRows, 1, acc,
                        [&](OpBuilder &b, Location loc, Value row, Value acc) {
                          return tileRow(b, loc, o, row, acc, m);
                        });
          if (fullRows != th)
            acc = tileRow(b, loc, o, idx(b, loc, fullRows), acc,
                          oh - fullRows * m);
          return acc;
        });
  }

  int64_t lanes, registers, tile;
};

} // namespace

void mlir::rnn::populateConvWinogradPatterns(RewritePatternSet &patterns,
                                             int64_t lanes, int64_t registers,
                                             int64_t tile) {
  patterns.add<ConvWinograd>(patterns.getContext(), lanes, registers, tile);
}
