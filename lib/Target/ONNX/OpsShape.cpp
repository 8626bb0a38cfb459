//===- OpsShape.cpp - shape and data-movement ONNX ops --------------------===//
//
// These ops fold on the host whenever their data input is a constant (shape
// subgraphs, weights computed from Constants) and otherwise become tensor /
// linalg ops. Index inputs (axes, starts, shapes) must be known at import.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace ::rnn::onnx_import;

namespace {

constexpr int64_t kMaxFoldElements = 1 << 22;

bool isStatic(ArrayRef<int64_t> shape) {
  return llvm::none_of(shape, ShapedType::isDynamic);
}

/// out[i] = in[src(i)] on the host, for any index mapping.
HostTensor remapHost(const HostTensor &in, ArrayRef<int64_t> outShape,
                     function_ref<int64_t(ArrayRef<int64_t>)> src) {
  HostTensor out = HostTensor::zeros(in.elementType, outShape);
  int64_t n = out.numElements(), rank = outShape.size();
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t flat = 0; flat < n; ++flat) {
    int64_t s = src(idx);
    if (in.isFloat())
      out.fp[flat] = in.fp[s];
    else
      out.ints[flat] = in.ints[s];
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

int64_t flatIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> idx) {
  int64_t pos = 0;
  for (size_t i = 0; i < shape.size(); ++i)
    pos = pos * shape[i] + idx[i];
  return pos;
}

/// Integer list from a constant input or an attribute, depending on opset.
FailureOr<SmallVector<int64_t>> intsFromInputOrAttr(NodeContext &ctx,
                                                    unsigned input,
                                                    StringRef attr,
                                                    bool fromInput) {
  if (!fromInput)
    return ctx.getInts(attr);
  if (!ctx.hasInput(input))
    return SmallVector<int64_t>{};
  const HostTensor *t = ctx.constInput(input);
  if (!t)
    return ctx.error() << "input " << input << " (" << attr
                       << ") must be known at compile time";
  return SmallVector<int64_t>(t->ints.begin(), t->ints.end());
}

/// Shape-only ops: the data is unchanged.
LogicalResult setReshaped(NodeContext &ctx, ArrayRef<int64_t> shape) {
  if (const HostTensor *t = ctx.constInput(0)) {
    HostTensor out = *t;
    out.shape.assign(shape.begin(), shape.end());
    ctx.setConstOutput(0, std::move(out));
    return success();
  }
  int64_t dynCount = llvm::count_if(shape, ShapedType::isDynamic);
  if (dynCount > 1)
    return ctx.error() << "a reshape with more than one unknown dimension is "
                          "not supported; pin input shapes with --input-shape";
  ctx.setOutput(0, buildReshape(ctx.b, ctx.loc, ctx.input(0), shape));
  return success();
}

LogicalResult importReshape(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  FailureOr<ShapeOperand> target = readShapeOperand(ctx, 1);
  if (failed(target))
    return ctx.error() << "the length of the target shape (the result's "
                          "rank) must be known at compile time";
  bool allowZero = ctx.getInt("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  SmallVector<Value> sizes = target->values;
  int64_t inferAt = -1, known = 1;
  bool atRunTime = false;
  for (auto [i, d] : llvm::enumerate(target->sizes)) {
    if (sizes[i]) {
      atRunTime = true;
      shape.push_back(d);
      continue;
    }
    if (d == 0 && !allowZero) {
      if ((int64_t)i >= type.getRank())
        return ctx.error() << "shape entry " << i << " is 0 (copy) but the "
                                                 "input has rank "
                           << type.getRank();
      d = type.getDimSize(i);
      if (ShapedType::isDynamic(d))
        sizes[i] = buildDim(ctx.b, ctx.loc, ctx.input(0), i);
    }
    if (d == -1) {
      if (inferAt >= 0)
        return ctx.error() << "the target shape has more than one -1";
      inferAt = i;
    } else if (d < 0 && !sizes[i]) {
      // (A dim copied by 0 from a dynamic input dim has its size; any
      // other negative entry, ShapedType's dynamic marker included, is
      // invalid.)
      return ctx.error() << "invalid target dimension " << d;
    }
    shape.push_back(d);
    if (d >= 0)
      known *= d;
  }
  if (inferAt >= 0) {
    shape[inferAt] = ShapedType::kDynamic;
    if (isStatic(type.getShape()) && !atRunTime &&
        llvm::count_if(shape, ShapedType::isDynamic) == 1) {
      int64_t total = type.getNumElements();
      if (known == 0 || total % known)
        return ctx.error() << "cannot reshape " << total
                           << " elements into the target shape";
      shape[inferAt] = total / known;
    }
  }
  if (isStatic(type.getShape()) && isStatic(shape)) {
    int64_t total = 1;
    for (int64_t d : shape)
      total *= d;
    if (total != type.getNumElements())
      return ctx.error() << "cannot reshape " << type.getNumElements()
                         << " elements into " << total;
  }
  if (!atRunTime && llvm::count_if(shape, ShapedType::isDynamic) <= 1)
    return setReshaped(ctx, shape);
  // Entries known only at run time are taken as sizes (a run-time 0 or -1
  // is not reinterpreted); dims copied by 0 come from the input.
  ctx.setOutput(0, buildReshape(ctx.b, ctx.loc, ctx.input(0), shape, sizes));
  return success();
}

LogicalResult importUnsqueeze(NodeContext &ctx) {
  auto axes = intsFromInputOrAttr(ctx, 1, "axes", ctx.opset >= 13);
  if (failed(axes))
    return failure();
  RankedTensorType type = ctx.inputType(0);
  int64_t outRank = type.getRank() + axes->size();
  SmallVector<bool> isNew(outRank, false);
  for (int64_t a : *axes) {
    auto n = normalizeAxis(a, outRank);
    if (!n || isNew[*n])
      return ctx.error() << "invalid or repeated axis " << a;
    isNew[*n] = true;
  }
  SmallVector<int64_t> shape;
  int64_t j = 0;
  for (int64_t i = 0; i < outRank; ++i)
    shape.push_back(isNew[i] ? 1 : type.getDimSize(j++));
  return setReshaped(ctx, shape);
}

LogicalResult importSqueeze(NodeContext &ctx) {
  auto axes = intsFromInputOrAttr(ctx, 1, "axes", ctx.opset >= 13);
  if (failed(axes))
    return failure();
  RankedTensorType type = ctx.inputType(0);
  SmallVector<bool> drop(type.getRank(), false);
  if (axes->empty()) {
    for (int64_t i = 0; i < type.getRank(); ++i)
      drop[i] = type.getDimSize(i) == 1;
  }
  for (int64_t a : *axes) {
    auto n = normalizeAxis(a, type.getRank());
    if (!n)
      return ctx.error() << "axis " << a << " is out of range";
    if (type.getDimSize(*n) != 1 && !type.isDynamicDim(*n))
      return ctx.error() << "cannot squeeze axis " << a << " of size "
                         << type.getDimSize(*n);
    drop[*n] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (!drop[i])
      shape.push_back(type.getDimSize(i));
  return setReshaped(ctx, shape);
}

LogicalResult importFlatten(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  // The axis is in [-r, r]; a negative one counts from r (not r + 1).
  int64_t rank = type.getRank(), axis = ctx.getInt("axis", 1);
  if (axis < -rank || axis > rank)
    return ctx.error() << "axis out of range";
  if (axis < 0)
    axis += rank;
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t &acc = i < axis ? outer : inner;
    acc = ShapedType::isDynamic(acc) || type.isDynamicDim(i)
              ? ShapedType::kDynamic
              : acc * type.getDimSize(i);
  }
  return setReshaped(ctx, {outer, inner});
}

LogicalResult importTranspose(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  int64_t rank = type.getRank();
  SmallVector<int64_t> perm = ctx.getInts("perm");
  if (perm.empty())
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  SmallVector<bool> seen(rank, false);
  if ((int64_t)perm.size() != rank)
    return ctx.error() << "perm has " << perm.size() << " entries for rank "
                       << rank;
  for (int64_t &p : perm) {
    auto n = normalizeAxis(p, rank);
    if (!n || seen[*n])
      return ctx.error() << "perm is not a permutation";
    p = *n;
    seen[p] = true;
  }
  if (const HostTensor *t = ctx.constInput(0)) {
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(t->shape[p]);
    SmallVector<int64_t> src(rank);
    ctx.setConstOutput(0, remapHost(*t, shape, [&](ArrayRef<int64_t> idx) {
                         for (int64_t i = 0; i < rank; ++i)
                           src[perm[i]] = idx[i];
                         return flatIndex(t->shape, src);
                       }));
    return success();
  }
  ctx.setOutput(0, buildTranspose(ctx.b, ctx.loc, ctx.input(0), perm));
  return success();
}

LogicalResult importShape(NodeContext &ctx) {
  // Element by element, so that consumers of the static dims fold.
  setPartialOutput(ctx, 0, shapeElements(ctx));
  return success();
}

LogicalResult importSize(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type.hasStaticShape())
    return ctx.error() << "Size of a tensor with dynamic dims is not "
                          "supported; pin input shapes with --input-shape";
  HostTensor out = HostTensor::zeros(ctx.b.getI64Type(), {});
  out.ints[0] = type.getNumElements();
  ctx.setConstOutput(0, std::move(out));
  return success();
}

LogicalResult importConcat(NodeContext &ctx) {
  RankedTensorType first = ctx.inputType(0);
  auto axis = normalizeAxis(ctx.getInt("axis", 0), first.getRank());
  if (!axis)
    return ctx.error() << "axis out of range";
  bool allConst = true;
  for (unsigned i = 0; i < ctx.numInputs(); ++i) {
    if (!ctx.hasInput(i))
      return ctx.error() << "input " << i << " is missing";
    RankedTensorType t = ctx.inputType(i);
    if (t.getRank() != first.getRank())
      return ctx.error() << "inputs have different ranks";
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (d != *axis && !t.isDynamicDim(d) && !first.isDynamicDim(d) &&
          t.getDimSize(d) != first.getDimSize(d))
        return ctx.error() << "input " << i << " has size " << t.getDimSize(d)
                           << " in dimension " << d << ", expected "
                           << first.getDimSize(d);
    allConst &= ctx.constInput(i) != nullptr;
  }
  if (allConst) {
    HostTensor out = *ctx.constInput(0);
    SmallVector<const HostTensor *> ins;
    int64_t total = 0;
    for (unsigned i = 0; i < ctx.numInputs(); ++i) {
      ins.push_back(ctx.constInput(i));
      total += ins.back()->shape[*axis];
    }
    SmallVector<int64_t> shape(out.shape);
    shape[*axis] = total;
    HostTensor result = HostTensor::zeros(out.elementType, shape);
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < *axis; ++d)
      outer *= shape[d];
    for (size_t d = *axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
    int64_t pos = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (const HostTensor *t : ins) {
        int64_t chunk = t->shape[*axis] * inner;
        for (int64_t k = 0; k < chunk; ++k)
          result.set(pos++, t->getDouble(o * chunk + k));
      }
    if (!result.isFloat()) // exact copy of integers
      for (int64_t o = 0, p = 0; o < outer; ++o)
        for (const HostTensor *t : ins) {
          int64_t chunk = t->shape[*axis] * inner;
          for (int64_t k = 0; k < chunk; ++k)
            result.ints[p++] = t->ints[o * chunk + k];
        }
    ctx.setConstOutput(0, std::move(result));
    return success();
  }
  SmallVector<Value> ins;
  for (unsigned i = 0; i < ctx.numInputs(); ++i)
    ins.push_back(ctx.input(i));
  ctx.setOutput(0, buildConcat(ctx.b, ctx.loc, ins, *axis));
  return success();
}

/// A static-or-dynamic slice along axes with positive steps.
struct SliceSpec {
  SmallVector<int64_t> offsets, sizes, strides;
};

LogicalResult emitSlice(NodeContext &ctx, unsigned outIdx, const SliceSpec &s) {
  RankedTensorType type = ctx.inputType(0);
  if (const HostTensor *t = ctx.constInput(0)) {
    SmallVector<int64_t> src(type.getRank());
    ctx.setConstOutput(outIdx, remapHost(*t, s.sizes, [&](ArrayRef<int64_t> idx) {
                         for (size_t i = 0; i < idx.size(); ++i)
                           src[i] = s.offsets[i] + idx[i] * s.strides[i];
                         return flatIndex(t->shape, src);
                       }));
    return success();
  }
  Value in = ctx.input(0);
  if (llvm::any_of(s.strides, [](int64_t st) { return st < 0; })) {
    // Backward steps: a generic that reads in[offset + stride * i].
    if (!isStatic(s.sizes))
      return ctx.error() << "backward slices need static shapes";
    MLIRContext *mctx = ctx.b.getContext();
    SmallVector<AffineExpr> exprs;
    for (size_t i = 0; i < s.sizes.size(); ++i)
      exprs.push_back(getAffineDimExpr(i, mctx) * s.strides[i] + s.offsets[i]);
    int64_t rank = s.sizes.size();
    Value init = tensor::EmptyOp::create(ctx.b, ctx.loc, s.sizes,
                                         type.getElementType());
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, exprs, mctx),
                                   AffineMap::getMultiDimIdentityMap(rank, mctx)};
    ctx.setOutput(outIdx,
                  linalg::GenericOp::create(
                      ctx.b, ctx.loc, init.getType(), ValueRange{in},
                      ValueRange{init}, maps,
                      SmallVector<utils::IteratorType>(
                          rank, utils::IteratorType::parallel),
                      [](OpBuilder &nb, Location l, ValueRange a) {
                        linalg::YieldOp::create(nb, l, a[0]);
                      })
                      .getResult(0));
    return success();
  }
  SmallVector<OpFoldResult> offsets, sizes, strides;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    offsets.push_back(ctx.b.getIndexAttr(s.offsets[i]));
    strides.push_back(ctx.b.getIndexAttr(s.strides[i]));
    if (!ShapedType::isDynamic(s.sizes[i]))
      sizes.push_back(ctx.b.getIndexAttr(s.sizes[i]));
    else // full dynamic dim from offset 0 with stride 1
      sizes.push_back(buildDim(ctx.b, ctx.loc, in, i));
  }
  ctx.setOutput(outIdx, tensor::ExtractSliceOp::create(ctx.b, ctx.loc, in,
                                                       offsets, sizes, strides));
  return success();
}

LogicalResult importSlice(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  int64_t rank = type.getRank();
  bool fromInputs = ctx.opset >= 10;
  auto starts = intsFromInputOrAttr(ctx, 1, "starts", fromInputs);
  if (failed(starts))
    return failure();
  auto ends = intsFromInputOrAttr(ctx, 2, "ends", fromInputs);
  if (failed(ends))
    return failure();
  auto axes = intsFromInputOrAttr(ctx, 3, "axes", fromInputs);
  if (failed(axes))
    return failure();
  auto steps = intsFromInputOrAttr(ctx, 4, "steps", fromInputs);
  if (failed(steps))
    return failure();
  if (starts->size() != ends->size())
    return ctx.error() << "starts and ends differ in length";
  if (axes->empty())
    for (size_t i = 0; i < starts->size(); ++i)
      axes->push_back(i);
  if (steps->empty())
    steps->assign(starts->size(), 1);
  if (axes->size() != starts->size() || steps->size() != starts->size())
    return ctx.error() << "axes / steps do not match starts in length";
  SliceSpec s;
  s.offsets.assign(rank, 0);
  s.strides.assign(rank, 1);
  s.sizes.assign(type.getShape().begin(), type.getShape().end());
  for (size_t k = 0; k < starts->size(); ++k) {
    auto axis = normalizeAxis((*axes)[k], rank);
    if (!axis)
      return ctx.error() << "axis " << (*axes)[k] << " out of range";
    int64_t step = (*steps)[k];
    if (step == 0)
      return ctx.error() << "slice step is zero";
    int64_t dim = type.getDimSize(*axis);
    int64_t start = (*starts)[k], end = (*ends)[k];
    if (ShapedType::isDynamic(dim)) {
      if (start == 0 && end >= (int64_t(1) << 31) && step == 1)
        continue; // the whole dynamic dimension
      return ctx.error() << "slicing dynamic dimension " << *axis
                         << " is not supported; pin input shapes with "
                            "--input-shape";
    }
    if (dim == 0) {
      start = 0;
      s.sizes[*axis] = 0;
    } else {
      s.sizes[*axis] = clampSliceBounds(start, end, step, dim);
    }
    s.offsets[*axis] = start;
    s.strides[*axis] = step;
  }
  return emitSlice(ctx, 0, s);
}

LogicalResult importSplit(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  auto axis = normalizeAxis(ctx.getInt("axis", 0), type.getRank());
  if (!axis)
    return ctx.error() << "axis out of range";
  int64_t dim = type.getDimSize(*axis);
  if (ShapedType::isDynamic(dim))
    return ctx.error() << "splitting a dynamic dimension is not supported";
  auto split = intsFromInputOrAttr(ctx, 1, "split", ctx.opset >= 13);
  if (failed(split))
    return failure();
  unsigned n = ctx.numOutputs();
  if (split->empty()) {
    int64_t numOut = ctx.getInt("num_outputs", n);
    int64_t chunk = (dim + numOut - 1) / numOut;
    for (int64_t i = 0, left = dim; i < numOut; ++i, left -= chunk)
      split->push_back(std::min(chunk, left));
  }
  if (split->size() != n)
    return ctx.error() << "split has " << split->size() << " parts for " << n
                       << " outputs";
  int64_t offset = 0;
  for (unsigned i = 0; i < n; ++i) {
    SliceSpec s;
    s.offsets.assign(type.getRank(), 0);
    s.strides.assign(type.getRank(), 1);
    s.sizes.assign(type.getShape().begin(), type.getShape().end());
    s.offsets[*axis] = offset;
    s.sizes[*axis] = (*split)[i];
    offset += (*split)[i];
    if (failed(emitSlice(ctx, i, s)))
      return failure();
  }
  if (offset != dim)
    return ctx.error() << "split sizes add up to " << offset << ", not "
                       << dim;
  return success();
}

LogicalResult importGather(NodeContext &ctx) {
  RankedTensorType dataType = ctx.inputType(0), idxType = ctx.inputType(1);
  int64_t rank = dataType.getRank();
  auto axis = normalizeAxis(ctx.getInt("axis", 0), rank);
  if (!axis)
    return ctx.error() << "axis out of range";
  SmallVector<int64_t> shape(dataType.getShape().take_front(*axis));
  llvm::append_range(shape, idxType.getShape());
  llvm::append_range(shape, dataType.getShape().drop_front(*axis + 1));
  int64_t dim = dataType.getDimSize(*axis);
  const HostTensor *idx = ctx.constInput(1);
  if (idx && !ShapedType::isDynamic(dim))
    for (int64_t v : idx->ints)
      if (v < -dim || v >= dim)
        return ctx.error() << "index " << v << " is out of range for size "
                           << dim;
  if (const HostTensor *data = ctx.constInput(0)) {
    if (idx) {
      int64_t idxRank = idx->shape.size();
      SmallVector<int64_t> src(rank);
      ctx.setConstOutput(0, remapHost(*data, shape, [&](ArrayRef<int64_t> o) {
                           for (int64_t i = 0; i < *axis; ++i)
                             src[i] = o[i];
                           int64_t k = flatIndex(idx->shape, o.slice(*axis, idxRank));
                           int64_t v = idx->ints[k];
                           src[*axis] = v < 0 ? v + dim : v;
                           for (int64_t i = *axis + 1; i < rank; ++i)
                             src[i] = o[i + idxRank - 1];
                           return flatIndex(data->shape, src);
                         }));
      return success();
    }
  }
  // General case: a linalg.generic that reads the index and extracts.
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value data = ctx.input(0), indices = ctx.input(1);
  int64_t outRank = shape.size(), idxRank = idxType.getRank();
  MLIRContext *mctx = b.getContext();
  SmallVector<AffineExpr> idxExprs;
  for (int64_t i = 0; i < idxRank; ++i)
    idxExprs.push_back(getAffineDimExpr(*axis + i, mctx));
  SmallVector<AffineMap> maps = {
      AffineMap::get(outRank, 0, idxExprs, mctx),
      AffineMap::getMultiDimIdentityMap(outRank, mctx)};
  SmallVector<Value> dyn;
  for (int64_t i = 0; i < outRank; ++i) {
    if (!ShapedType::isDynamic(shape[i]))
      continue;
    if (i < *axis)
      dyn.push_back(buildDim(b, loc, data, i));
    else if (i < *axis + idxRank)
      dyn.push_back(buildDim(b, loc, indices, i - *axis));
    else
      dyn.push_back(buildDim(b, loc, data, i - idxRank + 1));
  }
  Value init =
      tensor::EmptyOp::create(b, loc, shape, dataType.getElementType(), dyn);
  SmallVector<utils::IteratorType> iters(outRank, utils::IteratorType::parallel);
  Value result =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{indices}, ValueRange{init}, maps,
          iters,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value i = arith::IndexCastOp::create(nb, l, nb.getIndexType(), args[0]);
            Value size = tensor::DimOp::create(nb, l, data, *axis);
            Value zero = arith::ConstantIndexOp::create(nb, l, 0);
            Value neg = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, i, zero);
            i = arith::SelectOp::create(nb, l, neg,
                                        arith::AddIOp::create(nb, l, i, size), i);
            // Clamp so a bad index cannot read out of bounds.
            Value last = arith::SubIOp::create(
                nb, l, size, arith::ConstantIndexOp::create(nb, l, 1));
            i = arith::MaxSIOp::create(nb, l, arith::MinSIOp::create(nb, l, i, last), zero);
            SmallVector<Value> pos;
            for (int64_t d = 0; d < *axis; ++d)
              pos.push_back(linalg::IndexOp::create(nb, l, d));
            pos.push_back(i);
            for (int64_t d = *axis + 1; d < rank; ++d)
              pos.push_back(linalg::IndexOp::create(nb, l, d + idxRank - 1));
            Value v = tensor::ExtractOp::create(nb, l, data, pos);
            linalg::YieldOp::create(nb, l, v);
          })
          .getResult(0);
  ctx.setOutput(0, result);
  return success();
}

/// Expand's result shape and its run-time sizes: numpy broadcasting, where
/// a target entry known only at run time gives the size of a dim the input
/// has as 1 (a dynamic input dim is taken as not broadcast).
FailureOr<Value> buildExpandInit(NodeContext &ctx, const ShapeOperand &target,
                                 SmallVectorImpl<int64_t> &shape) {
  RankedTensorType type = ctx.inputType(0);
  int64_t rank = std::max<int64_t>(type.getRank(), target.sizes.size());
  int64_t inOff = rank - type.getRank(), tOff = rank - target.sizes.size();
  SmallVector<Value> dyn;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t d = i < inOff ? 1 : type.getDimSize(i - inOff);
    int64_t t = i < tOff ? 1 : target.sizes[i - tOff];
    Value tValue = i < tOff ? Value() : target.values[i - tOff];
    auto dim = broadcastShapes({d}, {t});
    if (failed(dim))
      return failure();
    shape.push_back((*dim)[0]);
    if (!ShapedType::isDynamic(shape.back()))
      continue;
    if (tValue && !ShapedType::isDynamic(d))
      dyn.push_back(tValue);
    else
      dyn.push_back(buildDim(ctx.b, ctx.loc, ctx.input(0), i - inOff));
  }
  return Value(tensor::EmptyOp::create(ctx.b, ctx.loc, shape,
                                       type.getElementType(), dyn));
}

LogicalResult importExpand(NodeContext &ctx) {
  FailureOr<ShapeOperand> target = readShapeOperand(ctx, 1);
  if (failed(target))
    return ctx.error() << "the length of the target shape must be known at "
                          "compile time";
  const HostTensor *t = ctx.constInput(0);
  if (t && ctx.constInput(1)) {
    auto shape = broadcastShapes(t->shape, target->sizes);
    if (failed(shape))
      return ctx.error() << "cannot broadcast the input to the target shape";
    int64_t off = shape->size() - t->shape.size();
    SmallVector<int64_t> src(t->shape.size());
    ctx.setConstOutput(0, remapHost(*t, *shape, [&](ArrayRef<int64_t> o) {
                         for (size_t i = 0; i < src.size(); ++i)
                           src[i] = t->shape[i] == 1 ? 0 : o[off + i];
                         return flatIndex(t->shape, src);
                       }));
    return success();
  }
  SmallVector<int64_t> shape;
  FailureOr<Value> init = buildExpandInit(ctx, *target, shape);
  if (failed(init))
    return ctx.error() << "cannot broadcast the input to the target shape";
  ctx.setOutput(0, buildElementwise(
                       ctx.b, ctx.loc, {ctx.input(0)}, shape,
                       ctx.inputType(0).getElementType(),
                       [](OpBuilder &, Location, ValueRange a) { return a[0]; },
                       *init));
  return success();
}

LogicalResult importConstant(NodeContext &ctx) {
  const onnx::AttributeProto *value = ctx.attr("value");
  if (value && value->has_t()) {
    FailureOr<HostTensor> t = ctx.parseTensor(value->t());
    if (failed(t))
      return failure();
    ctx.setConstOutput(0, std::move(*t));
    return success();
  }
  auto scalar = [&](Type type, ArrayRef<int64_t> shape) {
    return HostTensor::zeros(type, shape);
  };
  if (const onnx::AttributeProto *a = ctx.attr("value_float")) {
    HostTensor t = scalar(ctx.b.getF32Type(), {});
    t.fp[0] = a->f();
    ctx.setConstOutput(0, std::move(t));
    return success();
  }
  if (const onnx::AttributeProto *a = ctx.attr("value_int")) {
    HostTensor t = scalar(ctx.b.getI64Type(), {});
    t.ints[0] = a->i();
    ctx.setConstOutput(0, std::move(t));
    return success();
  }
  if (const onnx::AttributeProto *a = ctx.attr("value_floats")) {
    HostTensor t = scalar(ctx.b.getF32Type(), {(int64_t)a->floats_size()});
    t.fp.assign(a->floats().begin(), a->floats().end());
    ctx.setConstOutput(0, std::move(t));
    return success();
  }
  if (const onnx::AttributeProto *a = ctx.attr("value_ints")) {
    HostTensor t = scalar(ctx.b.getI64Type(), {(int64_t)a->ints_size()});
    t.ints.assign(a->ints().begin(), a->ints().end());
    ctx.setConstOutput(0, std::move(t));
    return success();
  }
  return ctx.error() << "unsupported Constant form (sparse or string value)";
}

LogicalResult importConstantOfShape(NodeContext &ctx) {
  HostTensor fill = HostTensor::zeros(ctx.b.getF32Type(), {1});
  if (const onnx::AttributeProto *v = ctx.attr("value")) {
    FailureOr<HostTensor> t = ctx.parseTensor(v->t());
    if (failed(t))
      return failure();
    fill = *t;
  }
  FailureOr<ShapeOperand> shape = readShapeOperand(ctx, 0);
  if (failed(shape))
    return ctx.error() << "the length of the shape (the result's rank) must "
                          "be known at compile time";
  for (int64_t d : shape->sizes)
    if (d < 0 && !ShapedType::isDynamic(d))
      return ctx.error() << "invalid dimension " << d;
  if (ctx.constInput(0)) {
    HostTensor out = HostTensor::zeros(fill.elementType, shape->sizes);
    if (out.numElements() > kMaxFoldElements)
      return ctx.error() << "constant of " << out.numElements()
                         << " elements is too large";
    for (int64_t i = 0; i < out.numElements(); ++i)
      out.set(i, fill.getDouble(0));
    ctx.setConstOutput(0, std::move(out));
    return success();
  }
  // A shape known only in part: fill a tensor with run-time sizes.
  Value empty = tensor::EmptyOp::create(
      ctx.b, ctx.loc, shape->sizes, fill.elementType, shape->dynamicValues());
  Value value =
      buildScalar(ctx.b, ctx.loc, fill.elementType, fill.getDouble(0));
  ctx.setOutput(
      0, linalg::FillOp::create(ctx.b, ctx.loc, value, empty).getResult(0));
  return success();
}

LogicalResult importRange(NodeContext &ctx) {
  const HostTensor *start = ctx.constInput(0), *limit = ctx.constInput(1),
                   *delta = ctx.constInput(2);
  if (!start || !limit || !delta)
    return ctx.error() << "start, limit and delta must be known at compile "
                          "time";
  double s = start->getDouble(0), l = limit->getDouble(0),
         d = delta->getDouble(0);
  if (d == 0)
    return ctx.error() << "delta is zero";
  int64_t n = std::max<int64_t>(0, (int64_t)std::ceil((l - s) / d));
  HostTensor out = HostTensor::zeros(start->elementType, {n});
  for (int64_t i = 0; i < n; ++i)
    out.set(i, s + i * d);
  ctx.setConstOutput(0, std::move(out));
  return success();
}

} // namespace

void (::rnn::onnx_import::registerShapeHandlers)(HandlerMap &map) {
  map["Reshape"] = {importReshape, 5};
  map["Unsqueeze"] = {importUnsqueeze, 1};
  map["Squeeze"] = {importSqueeze, 1};
  map["Flatten"] = {importFlatten, 1};
  map["Transpose"] = {importTranspose, 1};
  map["Shape"] = {importShape, 1};
  map["Size"] = {importSize, 1};
  map["Concat"] = {importConcat, 1};
  map["Slice"] = {importSlice, 1};
  map["Split"] = {importSplit, 1};
  map["Gather"] = {importGather, 1};
  map["Expand"] = {importExpand, 8};
  map["Constant"] = {importConstant, 1};
  map["ConstantOfShape"] = {importConstantOfShape, 9};
  map["Range"] = {importRange, 11};
  map["Identity"] = {[](NodeContext &c) -> LogicalResult {
                       c.outputs.push_back(*c.inputs[0]);
                       return success();
                     },
                     1};
}
