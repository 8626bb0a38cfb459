//===- Builders.cpp - IR building helpers for the ONNX importer -----------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/AffineMap.h"

#include <algorithm>

using namespace mlir;
using namespace ::rnn::onnx_import;

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

HostTensor HostTensor::zeros(Type elementType, ArrayRef<int64_t> shape) {
  HostTensor t;
  t.elementType = elementType;
  t.shape.assign(shape.begin(), shape.end());
  if (t.isFloat())
    t.fp.assign(t.numElements(), 0.0);
  else
    t.ints.assign(t.numElements(), 0);
  return t;
}

DenseElementsAttr HostTensor::toAttr() const {
  auto type = RankedTensorType::get(shape, elementType);
  if (auto ft = dyn_cast<FloatType>(elementType)) {
    SmallVector<APFloat> values;
    values.reserve(fp.size());
    for (double v : fp) {
      APFloat f(v);
      bool lost;
      f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      values.push_back(f);
    }
    return DenseElementsAttr::get(type, values);
  }
  unsigned width = elementType.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  values.reserve(ints.size());
  for (int64_t v : ints)
    values.push_back(APInt(width, static_cast<uint64_t>(v),
                           /*isSigned=*/width > 1, /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, values);
}

std::optional<int64_t> (::rnn::onnx_import::normalizeAxis)(int64_t axis,
                                                       int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

int64_t(::rnn::onnx_import::clampSliceBounds)(int64_t &start, int64_t &end,
                                               int64_t step, int64_t dim) {
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  if (step > 0) {
    start = std::clamp(start, int64_t(0), dim);
    end = std::clamp(end, int64_t(0), dim);
    return end > start ? (end - start + step - 1) / step : 0;
  }
  start = std::clamp(start, int64_t(0), dim - 1);
  end = std::clamp(end, int64_t(-1), dim - 1);
  return start > end ? (start - end - step - 1) / -step : 0;
}

FailureOr<SmallVector<int64_t>>
(::rnn::onnx_import::broadcastShapes)(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == 1)
      out[i] = db;
    else if (db == 1)
      out[i] = da;
    else if (ShapedType::isDynamic(da))
      out[i] = db;
    else if (ShapedType::isDynamic(db) || da == db)
      out[i] = da;
    else
      return failure();
  }
  return out;
}

Value (::rnn::onnx_import::buildDim)(OpBuilder &b, Location loc, Value v,
                                 int64_t d) {
  return tensor::DimOp::create(b, loc, v, d);
}

Value (::rnn::onnx_import::buildEmpty)(OpBuilder &b, Location loc,
                                   ArrayRef<int64_t> shape, Type elementType,
                                   ValueRange dynamicSources) {
  SmallVector<Value> dynSizes;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (!ShapedType::isDynamic(d))
      continue;
    // Take the size from the first source (right-aligned) with a dynamic
    // dim at this position.
    Value size;
    for (Value src : dynamicSources) {
      auto type = cast<RankedTensorType>(src.getType());
      int64_t offset = (int64_t)shape.size() - type.getRank();
      int64_t j = (int64_t)i - offset;
      if (j >= 0 && j < type.getRank() && type.getDimSize(j) != 1) {
        size = buildDim(b, loc, src, j);
        break;
      }
    }
    assert(size && "no source for a dynamic dimension");
    dynSizes.push_back(size);
  }
  return tensor::EmptyOp::create(b, loc, shape, elementType, dynSizes);
}

Value (::rnn::onnx_import::buildElementwise)(OpBuilder &b, Location loc,
                                         ValueRange inputs,
                                         ArrayRef<int64_t> resultShape,
                                         Type resultElementType,
                                         ScalarFn body, Value init) {
  int64_t rank = resultShape.size();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs) {
    auto type = cast<RankedTensorType>(in.getType());
    int64_t offset = rank - type.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t j = 0; j < type.getRank(); ++j) {
      bool broadcast = type.getDimSize(j) == 1 && resultShape[offset + j] != 1;
      exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                                : getAffineDimExpr(offset + j, ctx));
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  if (!init)
    init = buildEmpty(b, loc, resultShape, resultElementType, inputs);
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

Value (::rnn::onnx_import::buildScalar)(OpBuilder &b, Location loc, Type type,
                                    double value) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(ft, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value (::rnn::onnx_import::castScalar)(OpBuilder &b, Location loc, Value v,
                                   Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  auto fromF = dyn_cast<FloatType>(from);
  auto toF = dyn_cast<FloatType>(to);
  if (fromF && toF)
    return fromF.getWidth() < toF.getWidth()
               ? (Value)arith::ExtFOp::create(b, loc, to, v)
               : (Value)arith::TruncFOp::create(b, loc, to, v);
  if (fromF) {
    if (to.isInteger(1)) {
      Value zero = buildScalar(b, loc, from, 0.0);
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v, zero);
    }
    if (to.isUnsignedInteger())
      return arith::FPToUIOp::create(b, loc, to, v);
    return arith::FPToSIOp::create(b, loc, to, v);
  }
  bool fromUnsigned = from.isUnsignedInteger() || from.isInteger(1);
  if (toF)
    return fromUnsigned ? (Value)arith::UIToFPOp::create(b, loc, to, v)
                        : (Value)arith::SIToFPOp::create(b, loc, to, v);
  unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
  if (tw == 1) {
    Value zero = buildScalar(b, loc, from, 0);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v, zero);
  }
  if (fw == tw)
    return v;
  if (fw > tw)
    return arith::TruncIOp::create(b, loc, to, v);
  return fromUnsigned ? (Value)arith::ExtUIOp::create(b, loc, to, v)
                      : (Value)arith::ExtSIOp::create(b, loc, to, v);
}

Value (::rnn::onnx_import::buildTranspose)(OpBuilder &b, Location loc, Value input,
                                       ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  SmallVector<Value> dyn;
  for (int64_t p : perm) {
    shape.push_back(type.getDimSize(p));
    if (type.isDynamicDim(p))
      dyn.push_back(buildDim(b, loc, input, p));
  }
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType(), dyn);
  return linalg::TransposeOp::create(b, loc, input, init, perm).getResult()[0];
}

Value (::rnn::onnx_import::buildReshape)(OpBuilder &b, Location loc, Value input,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<Value> sizes) {
  auto type = cast<RankedTensorType>(input.getType());
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (type == resultType)
    return input;
  // The shape operand: static entries as constants, given sizes as they
  // are, and the one left over as numElements / product(other entries).
  SmallVector<Value> dims;
  SmallVector<Value> givenSizes;
  int64_t staticProduct = 1, inferAt = -1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    Value size = i < sizes.size() ? sizes[i] : Value();
    if (!ShapedType::isDynamic(d)) {
      staticProduct *= d;
      size = arith::ConstantIndexOp::create(b, loc, d);
    } else if (size) {
      givenSizes.push_back(size);
    } else {
      assert(inferAt < 0 && "more than one size to infer");
      inferAt = i;
    }
    dims.push_back(size);
  }
  if (inferAt >= 0) {
    Value total = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t i = 0; i < type.getRank(); ++i)
      total = arith::MulIOp::create(b, loc, total, buildDim(b, loc, input, i));
    Value known = arith::ConstantIndexOp::create(b, loc, staticProduct);
    for (Value size : givenSizes)
      known = arith::MulIOp::create(b, loc, known, size);
    dims[inferAt] = arith::DivUIOp::create(b, loc, total, known);
  }
  auto shapeType = RankedTensorType::get({(int64_t)dims.size()}, b.getIndexType());
  Value shapeTensor = tensor::FromElementsOp::create(b, loc, shapeType, dims);
  return tensor::ReshapeOp::create(b, loc, resultType, input, shapeTensor);
}

Value (::rnn::onnx_import::buildConcat)(OpBuilder &b, Location loc,
                                    ValueRange inputs, int64_t axis) {
  auto first = cast<RankedTensorType>(inputs[0].getType());
  int64_t rank = first.getRank();
  SmallVector<int64_t> shape(first.getShape());
  bool dynAxis = false;
  shape[axis] = 0;
  for (Value in : inputs) {
    auto t = cast<RankedTensorType>(in.getType());
    if (t.isDynamicDim(axis))
      dynAxis = true;
    else
      shape[axis] += t.getDimSize(axis);
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && ShapedType::isDynamic(shape[d]) && !t.isDynamicDim(d))
        shape[d] = t.getDimSize(d);
  }
  if (dynAxis)
    shape[axis] = ShapedType::kDynamic;
  SmallVector<Value> dyn;
  for (int64_t d = 0; d < rank; ++d) {
    if (!ShapedType::isDynamic(shape[d]))
      continue;
    if (d != axis) {
      dyn.push_back(buildDim(b, loc, inputs[0], d));
      continue;
    }
    Value sum = arith::ConstantIndexOp::create(b, loc, 0);
    for (Value in : inputs)
      sum = arith::AddIOp::create(b, loc, sum, buildDim(b, loc, in, axis));
    dyn.push_back(sum);
  }
  Value result =
      tensor::EmptyOp::create(b, loc, shape, first.getElementType(), dyn);
  Value offset = arith::ConstantIndexOp::create(b, loc, 0);
  for (Value in : inputs) {
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes, strides(rank, b.getIndexAttr(1));
    auto t = cast<RankedTensorType>(in.getType());
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(t.isDynamicDim(d) ? OpFoldResult(buildDim(b, loc, in, d))
                                        : b.getIndexAttr(t.getDimSize(d)));
    offsets[axis] = offset;
    result = tensor::InsertSliceOp::create(b, loc, in, result, offsets, sizes,
                                           strides);
    offset = arith::AddIOp::create(b, loc, offset, buildDim(b, loc, in, axis));
  }
  return result;
}

FailureOr<Value> (::rnn::onnx_import::buildMatMul)(OpBuilder &b, Location loc,
                                               Value lhs, Value rhs) {
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  Type elem = lt.getElementType();
  // Promote 1-D operands as numpy does, then drop the added dim at the end.
  bool lhsVec = lt.getRank() == 1, rhsVec = rt.getRank() == 1;
  if (lhsVec)
    lhs = buildReshape(b, loc, lhs, {1, lt.getDimSize(0)});
  if (rhsVec)
    rhs = buildReshape(b, loc, rhs, {rt.getDimSize(0), 1});
  lt = cast<RankedTensorType>(lhs.getType());
  rt = cast<RankedTensorType>(rhs.getType());
  int64_t k1 = lt.getShape().back(), k2 = rt.getShape()[rt.getRank() - 2];
  if (!ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2) && k1 != k2)
    return failure();
  auto batch = broadcastShapes(lt.getShape().drop_back(2),
                               rt.getShape().drop_back(2));
  if (failed(batch))
    return failure();
  int64_t nb = batch->size();
  int64_t m = lt.getShape()[lt.getRank() - 2], n = rt.getShape().back();
  SmallVector<int64_t> outShape(*batch);
  outShape.push_back(m);
  outShape.push_back(n);
  // Iteration space: batch..., m, k, n. The loops nest in this order, so the
  // innermost one runs along n, contiguous in rhs and in the result with
  // the lhs element invariant (an axpy that vectorizes); k innermost would
  // give one strided dot product per result element instead.
  MLIRContext *ctx = b.getContext();
  int64_t nd = nb + 3;
  auto operandMap = [&](RankedTensorType t, bool isLhs) {
    SmallVector<AffineExpr> e;
    int64_t off = nb - (t.getRank() - 2);
    for (int64_t j = 0; j < t.getRank() - 2; ++j)
      e.push_back(t.getDimSize(j) == 1 && (*batch)[off + j] != 1
                      ? getAffineConstantExpr(0, ctx)
                      : getAffineDimExpr(off + j, ctx));
    if (isLhs) {
      e.push_back(getAffineDimExpr(nb, ctx));
      e.push_back(getAffineDimExpr(nb + 1, ctx));
    } else {
      e.push_back(getAffineDimExpr(nb + 1, ctx));
      e.push_back(getAffineDimExpr(nb + 2, ctx));
    }
    return AffineMap::get(nd, 0, e, ctx);
  };
  SmallVector<AffineExpr> oe;
  for (int64_t j = 0; j < nb + 1; ++j)
    oe.push_back(getAffineDimExpr(j, ctx));
  oe.push_back(getAffineDimExpr(nb + 2, ctx));
  SmallVector<AffineMap> maps = {operandMap(lt, true), operandMap(rt, false),
                                 AffineMap::get(nd, 0, oe, ctx)};
  // Dynamic output sizes: batch from either operand, m from lhs, n from rhs.
  SmallVector<Value> dyn;
  for (int64_t j = 0; j < nb; ++j) {
    if (!ShapedType::isDynamic(outShape[j]))
      continue;
    int64_t lo = j - (nb - (lt.getRank() - 2));
    if (lo >= 0 && lt.isDynamicDim(lo))
      dyn.push_back(buildDim(b, loc, lhs, lo));
    else
      dyn.push_back(buildDim(b, loc, rhs, j - (nb - (rt.getRank() - 2))));
  }
  if (ShapedType::isDynamic(m))
    dyn.push_back(buildDim(b, loc, lhs, lt.getRank() - 2));
  if (ShapedType::isDynamic(n))
    dyn.push_back(buildDim(b, loc, rhs, rt.getRank() - 1));
  Value empty = tensor::EmptyOp::create(b, loc, outShape, elem, dyn);
  Value zero = buildScalar(b, loc, elem, 0.0);
  Value init = linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  SmallVector<utils::IteratorType> iters(nd, utils::IteratorType::parallel);
  iters[nb + 1] = utils::IteratorType::reduction;
  Value result =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{lhs, rhs}, ValueRange{init}, maps,
          iters,
          [&](OpBuilder &nb2, Location l, ValueRange a) {
            Value prod, sum;
            if (isa<FloatType>(elem)) {
              prod = arith::MulFOp::create(nb2, l, a[0], a[1]);
              sum = arith::AddFOp::create(nb2, l, a[2], prod);
            } else {
              prod = arith::MulIOp::create(nb2, l, a[0], a[1]);
              sum = arith::AddIOp::create(nb2, l, a[2], prod);
            }
            linalg::YieldOp::create(nb2, l, sum);
          })
          .getResult(0);
  if (lhsVec || rhsVec) {
    SmallVector<int64_t> finalShape(*batch);
    if (!lhsVec)
      finalShape.push_back(m);
    if (!rhsVec)
      finalShape.push_back(n);
    result = buildReshape(b, loc, result, finalShape);
  }
  return result;
}
