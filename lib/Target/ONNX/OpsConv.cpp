//===- OpsConv.cpp - Conv, ConvTranspose and MaxPool ----------------------===//
//
// A convolution is one linalg.generic over (n, m, c, o..., k...) reading the
// padded input. ConvTranspose reuses it: the input is spread out by the
// strides (zeros between samples) and padded by (k - 1) * d - pads, and the
// kernel is flipped with its in/out channels swapped within each group.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>

using namespace mlir;
using namespace ::rnn::onnx_import;

namespace {
/// Spatial window parameters shared by Conv and pooling.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padBegin, padEnd;
};

FailureOr<Window> parseWindow(NodeContext &ctx, ArrayRef<int64_t> spatialIn,
                              ArrayRef<int64_t> kernel) {
  Window w;
  size_t n = spatialIn.size();
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = ctx.getInts("strides");
  w.dilations = ctx.getInts("dilations");
  if (w.strides.empty())
    w.strides.assign(n, 1);
  if (w.dilations.empty())
    w.dilations.assign(n, 1);
  SmallVector<int64_t> pads = ctx.getInts("pads");
  if (pads.empty())
    pads.assign(2 * n, 0);
  if (w.kernel.size() != n || w.strides.size() != n ||
      w.dilations.size() != n || pads.size() != 2 * n)
    return ctx.error() << "kernel_shape / strides / dilations / pads do not "
                          "match the spatial rank "
                       << n;
  std::string autoPad = ctx.getString("auto_pad", "NOTSET");
  for (size_t i = 0; i < n; ++i) {
    if (w.strides[i] <= 0 || w.dilations[i] <= 0 || pads[i] < 0 ||
        pads[n + i] < 0)
      return ctx.error() << "strides and dilations must be positive and pads "
                            "non-negative";
    w.padBegin.push_back(pads[i]);
    w.padEnd.push_back(pads[n + i]);
    if (autoPad == "NOTSET" || autoPad == "VALID") {
      if (autoPad == "VALID")
        w.padBegin[i] = w.padEnd[i] = 0;
      continue;
    }
    if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
      return ctx.error() << "unknown auto_pad '" << autoPad << "'";
    if (ShapedType::isDynamic(spatialIn[i]))
      return ctx.error() << "auto_pad SAME needs static spatial sizes";
    int64_t out = (spatialIn[i] + w.strides[i] - 1) / w.strides[i];
    int64_t total = std::max<int64_t>(
        0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 -
               spatialIn[i]);
    w.padBegin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    w.padEnd[i] = total - w.padBegin[i];
  }
  return w;
}

Value padSpatial(OpBuilder &b, Location loc, Value x, const Window &w,
                 double value) {
  auto type = cast<RankedTensorType>(x.getType());
  if (llvm::all_of(w.padBegin, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(w.padEnd, [](int64_t p) { return p == 0; }))
    return x;
  SmallVector<int64_t> lo(2, 0), hi(2, 0);
  llvm::append_range(lo, w.padBegin);
  llvm::append_range(hi, w.padEnd);
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i)
    shape.push_back(type.isDynamicDim(i) ? ShapedType::kDynamic
                                         : type.getDimSize(i) + lo[i] + hi[i]);
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  Value pad = buildScalar(b, loc, type.getElementType(), value);
  return tensor::PadOp::create(b, loc, resultType, x,
                               getAsIndexOpFoldResult(b.getContext(), lo),
                               getAsIndexOpFoldResult(b.getContext(), hi), pad);
}

/// Output spatial sizes; ceil mode rounds partial windows up.
SmallVector<int64_t> outputSpatial(ArrayRef<int64_t> in, const Window &w,
                                   bool ceilMode) {
  SmallVector<int64_t> out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (ShapedType::isDynamic(in[i])) {
      out.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t span = in[i] + w.padBegin[i] + w.padEnd[i] -
                   (w.kernel[i] - 1) * w.dilations[i] - 1;
    int64_t o = ceilMode ? (span + w.strides[i] - 1) / w.strides[i] + 1
                         : span / w.strides[i] + 1;
    out.push_back(std::max<int64_t>(o, 0));
  }
  return out;
}

/// Operand checks shared by Conv and ConvTranspose.
LogicalResult checkConvOperands(NodeContext &ctx) {
  RankedTensorType xt = ctx.inputType(0), wt = ctx.inputType(1);
  if (xt.getRank() < 3 || wt.getRank() != xt.getRank())
    return ctx.error() << "X and W must have the same rank >= 3";
  if (!wt.hasStaticShape())
    return ctx.error() << "W must have a static shape";
  if (!isa<FloatType>(xt.getElementType()) ||
      wt.getElementType() != xt.getElementType())
    return ctx.error() << "X and W must be float tensors of the same type";
  if (llvm::any_of(xt.getShape().drop_front(2), ShapedType::isDynamic))
    return ctx.error() << "dynamic spatial sizes are not supported";
  SmallVector<int64_t> kernel = ctx.getInts("kernel_shape");
  if (!kernel.empty() &&
      ArrayRef<int64_t>(kernel) != wt.getShape().drop_front(2))
    return ctx.error() << "kernel_shape does not match the spatial dims of W";
  return success();
}

/// The bias input (if any) as a rank-1 tensor of `m` elements.
FailureOr<Value> getBias(NodeContext &ctx, int64_t m) {
  if (!ctx.hasInput(2))
    return Value();
  RankedTensorType bt = ctx.inputType(2);
  if (bt.getRank() != 1 || (!bt.isDynamicDim(0) && bt.getDimSize(0) != m))
    return ctx.error() << "B must be a vector of " << m << " elements";
  return ctx.input(2);
}

/// out[n, m, o...] = bias[m] + sum over c < C / group and k... of
///   x[n, (m / (M / group)) * (C / group) + c, o * stride + k * dil + offset]
///   * w[m, c, k...]
/// where x is already padded and w is [M, C / group, k...].
Value buildConv(OpBuilder &b, Location loc, Value x, Value w, Value bias,
                int64_t group, ArrayRef<int64_t> strides,
                ArrayRef<int64_t> dilations, ArrayRef<int64_t> offsets,
                ArrayRef<int64_t> outSpatial) {
  auto xt = cast<RankedTensorType>(x.getType());
  auto wt = cast<RankedTensorType>(w.getType());
  int64_t rank = xt.getRank(), ns = rank - 2;
  int64_t m = wt.getDimSize(0), cg = wt.getDimSize(1);
  Type elem = xt.getElementType();
  MLIRContext *mctx = b.getContext();
  auto d = [&](int64_t i) { return getAffineDimExpr(i, mctx); };
  SmallVector<int64_t> outShape = {xt.getDimSize(0), m};
  llvm::append_range(outShape, outSpatial);
  SmallVector<Value> dyn;
  if (ShapedType::isDynamic(outShape[0]))
    dyn.push_back(buildDim(b, loc, x, 0));
  Value init = tensor::EmptyOp::create(b, loc, outShape, elem, dyn);
  auto parallel = [](int64_t n) {
    return SmallVector<utils::IteratorType>(n, utils::IteratorType::parallel);
  };
  if (bias) {
    // Start from the bias broadcast over batch and space.
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, {d(1)}, mctx),
        AffineMap::getMultiDimIdentityMap(rank, mctx)};
    init =
        linalg::GenericOp::create(b, loc, init.getType(), ValueRange{bias},
                                  ValueRange{init}, maps, parallel(rank),
                                  [](OpBuilder &nb, Location l, ValueRange a) {
                                    linalg::YieldOp::create(nb, l, a[0]);
                                  })
            .getResult(0);
  } else {
    init = linalg::FillOp::create(b, loc, buildScalar(b, loc, elem, 0.0), init)
               .getResult(0);
  }
  // Iteration: (n, m, c, o_1..o_s, k_1..k_s); the loops nest in this order.
  // The channel reduction goes outside the output dims: innermost, it would
  // be one dot product per output element with loads strided by a whole
  // channel plane. The window loops stay innermost: they are short and
  // constant, so LLVM unrolls them, and the last output dim becomes the
  // innermost loop, contiguous in the output and (for stride 1) in the
  // input, with k_1 * ... * k_s multiply-adds per element. It vectorizes,
  // and the output is loaded and stored once per channel, not once per
  // window element (as with o innermost after k).
  int64_t nd = 2 + 1 + ns + ns;
  int64_t mPerGroup = m / group;
  auto o = [&](int64_t i) { return d(3 + i); };
  auto k = [&](int64_t i) { return d(3 + ns + i); };
  AffineExpr channel = d(2);
  if (group != 1)
    channel = d(1).floorDiv(mPerGroup) * cg + channel;
  SmallVector<AffineExpr> xe = {d(0), channel};
  SmallVector<AffineExpr> we = {d(1), d(2)};
  SmallVector<AffineExpr> oe = {d(0), d(1)};
  for (int64_t i = 0; i < ns; ++i) {
    xe.push_back(o(i) * strides[i] + k(i) * dilations[i] + offsets[i]);
    we.push_back(k(i));
    oe.push_back(o(i));
  }
  SmallVector<AffineMap> maps = {AffineMap::get(nd, 0, xe, mctx),
                                 AffineMap::get(nd, 0, we, mctx),
                                 AffineMap::get(nd, 0, oe, mctx)};
  SmallVector<utils::IteratorType> iters = parallel(2);
  iters.push_back(utils::IteratorType::reduction);
  iters.append(ns, utils::IteratorType::parallel);
  iters.append(ns, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{x, w}, ValueRange{init}, maps,
             iters,
             [](OpBuilder &nb, Location l, ValueRange a) {
               Value p = arith::MulFOp::create(nb, l, a[0], a[1]);
               linalg::YieldOp::create(
                   nb, l, (Value)arith::AddFOp::create(nb, l, a[2], p));
             })
      .getResult(0);
}

LogicalResult importConv(NodeContext &ctx) {
  if (failed(checkConvOperands(ctx)))
    return failure();
  RankedTensorType xt = ctx.inputType(0), wt = ctx.inputType(1);
  int64_t ns = xt.getRank() - 2;
  int64_t group = ctx.getInt("group", 1);
  int64_t m = wt.getDimSize(0), cg = wt.getDimSize(1);
  int64_t c = xt.getDimSize(1);
  if (group <= 0 || m % group || (!ShapedType::isDynamic(c) && c != cg * group))
    return ctx.error() << "X has " << c << " channels but W [" << m << ", "
                       << cg << ", ...] with group " << group << " needs "
                       << cg * group;
  SmallVector<int64_t> kernel(wt.getShape().drop_front(2));
  FailureOr<Window> w = parseWindow(ctx, xt.getShape().drop_front(2), kernel);
  if (failed(w))
    return failure();
  FailureOr<Value> bias = getBias(ctx, m);
  if (failed(bias))
    return failure();
  SmallVector<int64_t> outSpatial =
      outputSpatial(xt.getShape().drop_front(2), *w, false);
  if (llvm::any_of(outSpatial, [](int64_t o) { return o <= 0; }))
    return ctx.error() << "the kernel is larger than the padded input";
  Value x = padSpatial(ctx.b, ctx.loc, ctx.input(0), *w, 0.0);
  ctx.setOutput(0, buildConv(ctx.b, ctx.loc, x, ctx.input(1), *bias, group,
                             w->strides, w->dilations,
                             SmallVector<int64_t>(ns, 0), outSpatial));
  return success();
}

/// Where a transposed convolution's output starts and ends relative to the
/// full result (before cropping): pads from the attribute, from
/// output_shape, or from auto_pad. Negative values extend the output.
struct TransposedWindow {
  SmallVector<int64_t> kernel, strides, dilations, outputPadding;
  SmallVector<int64_t> padBegin, padEnd, outSpatial;
};

FailureOr<TransposedWindow> parseTransposedWindow(NodeContext &ctx) {
  RankedTensorType xt = ctx.inputType(0), wt = ctx.inputType(1);
  ArrayRef<int64_t> in = xt.getShape().drop_front(2);
  size_t n = in.size();
  TransposedWindow w;
  w.kernel.assign(wt.getShape().begin() + 2, wt.getShape().end());
  auto intsOr = [&](StringRef name, int64_t dflt, size_t size) {
    SmallVector<int64_t> v = ctx.getInts(name);
    if (v.empty())
      v.assign(size, dflt);
    return v;
  };
  w.strides = intsOr("strides", 1, n);
  w.dilations = intsOr("dilations", 1, n);
  w.outputPadding = intsOr("output_padding", 0, n);
  SmallVector<int64_t> pads = intsOr("pads", 0, 2 * n);
  SmallVector<int64_t> outputShape = ctx.getInts("output_shape");
  if (w.strides.size() != n || w.dilations.size() != n ||
      w.outputPadding.size() != n || pads.size() != 2 * n ||
      (!outputShape.empty() && outputShape.size() != n))
    return ctx.error() << "strides / dilations / output_padding / pads / "
                          "output_shape do not match the spatial rank "
                       << n;
  std::string autoPad = ctx.getString("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return ctx.error() << "unknown auto_pad '" << autoPad << "'";
  for (size_t i = 0; i < n; ++i) {
    if (w.strides[i] <= 0 || w.dilations[i] <= 0 || pads[i] < 0 ||
        pads[n + i] < 0 || w.outputPadding[i] < 0)
      return ctx.error() << "strides and dilations must be positive, pads "
                            "and output_padding non-negative";
    int64_t full = w.strides[i] * (in[i] - 1) + w.outputPadding[i] +
                   (w.kernel[i] - 1) * w.dilations[i] + 1;
    int64_t begin = pads[i], end = pads[n + i];
    bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
    if (!outputShape.empty() || same) {
      int64_t target =
          outputShape.empty() ? in[i] * w.strides[i] : outputShape[i];
      int64_t total = full - target;
      if (total < 0) {
        // A larger output than the full result: the extra end is zeros (and
        // bias), as output_padding gives.
        begin = 0;
        end = total;
      } else if (autoPad == "SAME_UPPER") {
        begin = total / 2;
        end = total - begin;
      } else {
        // SAME_LOWER, and the ONNX rule for output_shape without auto_pad.
        end = total / 2;
        begin = total - end;
      }
    } else if (autoPad == "VALID") {
      begin = end = 0;
    }
    int64_t out = full - begin - end;
    if (out <= 0)
      return ctx.error() << "the pads leave no output in spatial dimension "
                         << i;
    w.padBegin.push_back(begin);
    w.padEnd.push_back(end);
    w.outSpatial.push_back(out);
  }
  return w;
}

/// W [C, M / group, k...] -> [M, C / group, k...], flipped in every spatial
/// dim, so that the transposed convolution becomes a plain one.
Value flipTransposedKernel(NodeContext &ctx, int64_t group) {
  RankedTensorType wt = ctx.inputType(1);
  int64_t rank = wt.getRank();
  int64_t c = wt.getDimSize(0), mPerGroup = wt.getDimSize(1);
  int64_t cPerGroup = c / group;
  SmallVector<int64_t> shape = {mPerGroup * group, cPerGroup};
  llvm::append_range(shape, wt.getShape().drop_front(2));
  if (const HostTensor *w = ctx.constInput(1)) {
    HostTensor out = HostTensor::zeros(w->elementType, shape);
    SmallVector<int64_t> idx(rank, 0);
    for (int64_t flat = 0, n = out.numElements(); flat < n; ++flat) {
      int64_t m = idx[0], cl = idx[1];
      int64_t src = (m / mPerGroup) * cPerGroup + cl;
      src = src * mPerGroup + m % mPerGroup;
      for (int64_t i = 2; i < rank; ++i)
        src = src * shape[i] + (shape[i] - 1 - idx[i]);
      out.fp[flat] = w->fp[src];
      for (int64_t i = rank - 1; i >= 0; --i) {
        if (++idx[i] < shape[i])
          break;
        idx[i] = 0;
      }
    }
    return arith::ConstantOp::create(ctx.b, ctx.loc, out.toAttr());
  }
  MLIRContext *mctx = ctx.b.getContext();
  auto d = [&](int64_t i) { return getAffineDimExpr(i, mctx); };
  SmallVector<AffineExpr> src = {d(0).floorDiv(mPerGroup) * cPerGroup + d(1),
                                 d(0) % mPerGroup};
  for (int64_t i = 2; i < rank; ++i)
    src.push_back(getAffineConstantExpr(shape[i] - 1, mctx) - d(i));
  Value init =
      tensor::EmptyOp::create(ctx.b, ctx.loc, shape, wt.getElementType());
  SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, src, mctx),
                                 AffineMap::getMultiDimIdentityMap(rank, mctx)};
  return linalg::GenericOp::create(ctx.b, ctx.loc, init.getType(),
                                   ValueRange{ctx.input(1)}, ValueRange{init},
                                   maps,
                                   SmallVector<utils::IteratorType>(
                                       rank, utils::IteratorType::parallel),
                                   [](OpBuilder &nb, Location l, ValueRange a) {
                                     linalg::YieldOp::create(nb, l, a[0]);
                                   })
      .getResult(0);
}

/// Places x[.., i] at lo + i * stride of a zero tensor of spatial size
/// (in - 1) * stride + 1 + lo + hi.
Value spreadInput(OpBuilder &b, Location loc, Value x,
                  ArrayRef<int64_t> strides, ArrayRef<int64_t> lo,
                  ArrayRef<int64_t> hi) {
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t rank = xt.getRank();
  auto isOne = [](int64_t v) { return v == 1; };
  auto isZero = [](int64_t v) { return v == 0; };
  if (llvm::all_of(strides, isOne) && llvm::all_of(lo, isZero) &&
      llvm::all_of(hi, isZero))
    return x;
  SmallVector<int64_t> shape = {xt.getDimSize(0), xt.getDimSize(1)};
  SmallVector<Value> dyn;
  SmallVector<OpFoldResult> offsets(2, b.getIndexAttr(0)), sizes,
      steps(2, b.getIndexAttr(1));
  for (int64_t i = 0; i < 2; ++i) {
    if (!xt.isDynamicDim(i)) {
      sizes.push_back(b.getIndexAttr(xt.getDimSize(i)));
      continue;
    }
    dyn.push_back(buildDim(b, loc, x, i));
    sizes.push_back(dyn.back());
  }
  for (int64_t i = 2; i < rank; ++i) {
    int64_t in = xt.getDimSize(i), s = strides[i - 2];
    shape.push_back((in - 1) * s + 1 + lo[i - 2] + hi[i - 2]);
    offsets.push_back(b.getIndexAttr(lo[i - 2]));
    sizes.push_back(b.getIndexAttr(in));
    steps.push_back(b.getIndexAttr(s));
  }
  Type elem = xt.getElementType();
  Value zeros = linalg::FillOp::create(
                    b, loc, buildScalar(b, loc, elem, 0.0),
                    Value(tensor::EmptyOp::create(b, loc, shape, elem, dyn)))
                    .getResult(0);
  return tensor::InsertSliceOp::create(b, loc, x, zeros, offsets, sizes, steps);
}

LogicalResult importConvTranspose(NodeContext &ctx) {
  if (failed(checkConvOperands(ctx)))
    return failure();
  RankedTensorType xt = ctx.inputType(0), wt = ctx.inputType(1);
  int64_t ns = xt.getRank() - 2;
  int64_t group = ctx.getInt("group", 1);
  int64_t c = wt.getDimSize(0), m = wt.getDimSize(1) * group;
  if (group <= 0 || c % group || (!xt.isDynamicDim(1) && xt.getDimSize(1) != c))
    return ctx.error() << "X has " << xt.getDimSize(1) << " channels but W ["
                       << c << ", " << wt.getDimSize(1) << ", ...] with group "
                       << group << " needs " << c
                       << " (a multiple of the group)";
  FailureOr<TransposedWindow> w = parseTransposedWindow(ctx);
  if (failed(w))
    return failure();
  FailureOr<Value> bias = getBias(ctx, m);
  if (failed(bias))
    return failure();
  // out[o] = sum_k spread[o + crop + k * d] * flipped[k] with the spread
  // input padded by (k - 1) * d - padBegin in front (cropped when negative)
  // and (k - 1) * d - padEnd + output_padding behind.
  SmallVector<int64_t> lo, hi, crop;
  for (int64_t i = 0; i < ns; ++i) {
    int64_t span = (w->kernel[i] - 1) * w->dilations[i];
    int64_t front = span - w->padBegin[i];
    int64_t back = span - w->padEnd[i] + w->outputPadding[i];
    lo.push_back(std::max<int64_t>(front, 0));
    hi.push_back(std::max<int64_t>(back, 0));
    crop.push_back(std::max<int64_t>(-front, 0));
  }
  Value x = spreadInput(ctx.b, ctx.loc, ctx.input(0), w->strides, lo, hi);
  Value kernel = flipTransposedKernel(ctx, group);
  ctx.setOutput(0, buildConv(ctx.b, ctx.loc, x, kernel, *bias, group,
                             SmallVector<int64_t>(ns, 1), w->dilations, crop,
                             w->outSpatial));
  return success();
}

LogicalResult importMaxPool(NodeContext &ctx) {
  if (ctx.wantsOutput(1))
    return ctx.error() << "the Indices output is not supported";
  RankedTensorType xt = ctx.inputType(0);
  int64_t rank = xt.getRank(), ns = rank - 2;
  SmallVector<int64_t> kernel = ctx.getInts("kernel_shape");
  FailureOr<Window> w = parseWindow(ctx, xt.getShape().drop_front(2), kernel);
  if (failed(w))
    return failure();
  bool ceilMode = ctx.getInt("ceil_mode", 0) != 0;
  SmallVector<int64_t> outSpatial =
      outputSpatial(xt.getShape().drop_front(2), *w, ceilMode);
  if (llvm::any_of(outSpatial, ShapedType::isDynamic))
    return ctx.error() << "dynamic spatial sizes are not supported";
  // Ceil mode may read past the padded input: pad enough at the end.
  Window padded = *w;
  for (int64_t i = 0; i < ns; ++i) {
    int64_t need = (outSpatial[i] - 1) * w->strides[i] +
                   (w->kernel[i] - 1) * w->dilations[i] + 1;
    int64_t have = xt.getDimSize(2 + i) + w->padBegin[i] + w->padEnd[i];
    padded.padEnd[i] += std::max<int64_t>(0, need - have);
  }
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Type elem = xt.getElementType();
  Value x = padSpatial(b, loc, ctx.input(0), padded, -INFINITY);
  SmallVector<int64_t> outShape = {xt.getDimSize(0), xt.getDimSize(1)};
  llvm::append_range(outShape, outSpatial);
  SmallVector<Value> dyn;
  for (int64_t i = 0; i < 2; ++i)
    if (xt.isDynamicDim(i))
      dyn.push_back(buildDim(b, loc, x, i));
  Value init = linalg::FillOp::create(
                   b, loc, buildScalar(b, loc, elem, -INFINITY),
                   Value(tensor::EmptyOp::create(b, loc, outShape, elem, dyn)))
                   .getResult(0);
  MLIRContext *mctx = b.getContext();
  int64_t nd = 2 + 2 * ns;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, mctx); };
  SmallVector<AffineExpr> xe = {d(0), d(1)}, oe = {d(0), d(1)};
  for (int64_t i = 0; i < ns; ++i) {
    xe.push_back(d(2 + i) * w->strides[i] + d(2 + ns + i) * w->dilations[i]);
    oe.push_back(d(2 + i));
  }
  SmallVector<utils::IteratorType> iters(2 + ns, utils::IteratorType::parallel);
  iters.append(ns, utils::IteratorType::reduction);
  // The window dims appear only in the input map; give them their extents
  // through a dummy kernel-shaped operand.
  Value window = tensor::EmptyOp::create(b, loc, w->kernel, elem);
  SmallVector<AffineExpr> ke;
  for (int64_t i = 0; i < ns; ++i)
    ke.push_back(d(2 + ns + i));
  SmallVector<AffineMap> maps = {AffineMap::get(nd, 0, xe, mctx),
                                 AffineMap::get(nd, 0, ke, mctx),
                                 AffineMap::get(nd, 0, oe, mctx)};
  Value r =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{x, window}, ValueRange{init}, maps,
          iters,
          [](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l, (Value)arith::MaximumFOp::create(nb, l, a[0], a[2]));
          })
          .getResult(0);
  ctx.setOutput(0, r);
  return success();
}

} // namespace

void (::rnn::onnx_import::registerConvHandlers)(HandlerMap &map) {
  map["Conv"] = {importConv, 1};
  map["ConvTranspose"] = {importConvTranspose, 1};
  map["MaxPool"] = {importMaxPool, 1};
}
