//===- OpsNN.cpp - MatMul, Gemm, reductions, Softmax, BatchNorm, Pad ------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>

using namespace mlir;
using namespace ::rnn::onnx_import;

namespace {

LogicalResult importMatMul(NodeContext &ctx) {
  FailureOr<Value> r = buildMatMul(ctx.b, ctx.loc, ctx.input(0), ctx.input(1));
  if (failed(r))
    return ctx.error() << "incompatible operand shapes " << ctx.inputType(0)
                       << " and " << ctx.inputType(1);
  ctx.setOutput(0, *r);
  return success();
}

LogicalResult importGemm(NodeContext &ctx) {
  Value a = ctx.input(0), bm = ctx.input(1);
  if (ctx.inputType(0).getRank() != 2 || ctx.inputType(1).getRank() != 2)
    return ctx.error() << "A and B must be matrices";
  if (ctx.getInt("transA", 0))
    a = buildTranspose(ctx.b, ctx.loc, a, {1, 0});
  if (ctx.getInt("transB", 0))
    bm = buildTranspose(ctx.b, ctx.loc, bm, {1, 0});
  FailureOr<Value> ab = buildMatMul(ctx.b, ctx.loc, a, bm);
  if (failed(ab))
    return ctx.error() << "incompatible operand shapes";
  double alpha = ctx.getFloat("alpha", 1.0f), beta = ctx.getFloat("beta", 1.0f);
  auto abType = cast<RankedTensorType>(ab->getType());
  SmallVector<Value> ins = {*ab};
  if (ctx.hasInput(2) && beta != 0.0) {
    if (failed(broadcastShapes(abType.getShape(), ctx.inputType(2).getShape())))
      return ctx.error() << "C cannot be broadcast to the product's shape";
    ins.push_back(ctx.input(2));
  }
  if (alpha == 1.0 && ins.size() == 1) {
    ctx.setOutput(0, *ab);
    return success();
  }
  Type elem = abType.getElementType();
  ctx.setOutput(0, buildElementwise(
                       ctx.b, ctx.loc, ins, abType.getShape(), elem,
                       [&](OpBuilder &b, Location l, ValueRange v) {
                         Value r = v[0];
                         if (alpha != 1.0)
                           r = arith::MulFOp::create(
                               b, l, r, buildScalar(b, l, elem, alpha));
                         if (v.size() > 1) {
                           Value c = v[1];
                           if (beta != 1.0)
                             c = arith::MulFOp::create(
                                 b, l, c, buildScalar(b, l, elem, beta));
                           r = arith::AddFOp::create(b, l, r, c);
                         }
                         return r;
                       }));
  return success();
}

enum class ReduceKind { Sum, Mean, Max };

/// Reduces `input` over `axes` (sorted, normalized).
Value buildReduce(OpBuilder &b, Location loc, Value input,
                  ArrayRef<int64_t> axes, bool keepDims, ReduceKind kind) {
  auto type = cast<RankedTensorType>(input.getType());
  Type elem = type.getElementType();
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> outShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<Value> dyn;
  SmallVector<utils::IteratorType> iters;
  for (int64_t i = 0; i < rank; ++i) {
    bool reduced = llvm::is_contained(axes, i);
    iters.push_back(reduced ? utils::IteratorType::reduction
                            : utils::IteratorType::parallel);
    if (reduced && !keepDims)
      continue;
    outShape.push_back(reduced ? 1 : type.getDimSize(i));
    outExprs.push_back(reduced ? getAffineConstantExpr(0, ctx)
                               : getAffineDimExpr(i, ctx));
    if (!reduced && type.isDynamicDim(i))
      dyn.push_back(buildDim(b, loc, input, i));
  }
  Value empty = tensor::EmptyOp::create(b, loc, outShape, elem, dyn);
  double initVal = kind == ReduceKind::Max ? -INFINITY : 0.0;
  Value init =
      linalg::FillOp::create(b, loc, buildScalar(b, loc, elem, initVal), empty)
          .getResult(0);
  SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, ctx),
                                 AffineMap::get(rank, 0, outExprs, ctx)};
  Value r = linalg::GenericOp::create(
                b, loc, init.getType(), ValueRange{input}, ValueRange{init},
                maps, iters,
                [&](OpBuilder &nb, Location l, ValueRange a) {
                  Value v = kind == ReduceKind::Max
                                ? (Value)arith::MaximumFOp::create(nb, l, a[0], a[1])
                                : (Value)arith::AddFOp::create(nb, l, a[0], a[1]);
                  linalg::YieldOp::create(nb, l, v);
                })
                .getResult(0);
  if (kind != ReduceKind::Mean)
    return r;
  Value count = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t a : axes)
    count = arith::MulIOp::create(b, loc, count, buildDim(b, loc, input, a));
  Value countF = arith::UIToFPOp::create(
      b, loc, elem,
      arith::IndexCastOp::create(b, loc, b.getI64Type(), count));
  auto rType = cast<RankedTensorType>(r.getType());
  return buildElementwise(b, loc, {r}, rType.getShape(), elem,
                          [&](OpBuilder &nb, Location l, ValueRange a) {
                            return (Value)arith::DivFOp::create(nb, l, a[0], countF);
                          });
}

LogicalResult importReduce(NodeContext &ctx, ReduceKind kind) {
  RankedTensorType type = ctx.inputType(0);
  if (!isa<FloatType>(type.getElementType()))
    return ctx.error() << "only float reductions are supported";
  bool axesFromInput =
      ctx.opset >= (ctx.node.op_type() == "ReduceSum" ? 13 : 18);
  SmallVector<int64_t> axes;
  if (axesFromInput) {
    if (ctx.hasInput(1)) {
      const HostTensor *t = ctx.constInput(1);
      if (!t)
        return ctx.error() << "axes must be known at compile time";
      axes.assign(t->ints.begin(), t->ints.end());
    }
  } else {
    axes = ctx.getInts("axes");
  }
  if (axes.empty()) {
    if (ctx.getInt("noop_with_empty_axes", 0)) {
      ctx.outputs.push_back(*ctx.inputs[0]);
      return success();
    }
    for (int64_t i = 0; i < type.getRank(); ++i)
      axes.push_back(i);
  }
  for (int64_t &a : axes) {
    auto n = normalizeAxis(a, type.getRank());
    if (!n)
      return ctx.error() << "axis " << a << " out of range";
    a = *n;
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  ctx.setOutput(0, buildReduce(ctx.b, ctx.loc, ctx.input(0), axes,
                               ctx.getInt("keepdims", 1) != 0, kind));
  return success();
}

LogicalResult importSoftmax(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  int64_t rank = type.getRank();
  auto axis = normalizeAxis(ctx.getInt("axis", ctx.opset >= 13 ? -1 : 1), rank);
  if (!axis)
    return ctx.error() << "axis out of range";
  SmallVector<int64_t> axes;
  // Before opset 13 the input is coerced to 2-D at `axis`: normalizing over
  // every dim from `axis` on is the same.
  for (int64_t i = *axis; i < (ctx.opset >= 13 ? *axis + 1 : rank); ++i)
    axes.push_back(i);
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value x = ctx.input(0);
  Type elem = type.getElementType();
  Value mx = buildReduce(b, loc, x, axes, true, ReduceKind::Max);
  Value e = buildElementwise(b, loc, {x, mx}, type.getShape(), elem,
                             [](OpBuilder &nb, Location l, ValueRange a) {
                               return (Value)math::ExpOp::create(
                                   nb, l, arith::SubFOp::create(nb, l, a[0], a[1]));
                             });
  Value sum = buildReduce(b, loc, e, axes, true, ReduceKind::Sum);
  ctx.setOutput(0, buildElementwise(b, loc, {e, sum}, type.getShape(), elem,
                                    [](OpBuilder &nb, Location l, ValueRange a) {
                                      return (Value)arith::DivFOp::create(nb, l, a[0], a[1]);
                                    }));
  return success();
}
LogicalResult importGlobalAveragePool(NodeContext &ctx) {
  int64_t rank = ctx.inputType(0).getRank();
  SmallVector<int64_t> axes;
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  ctx.setOutput(0, buildReduce(ctx.b, ctx.loc, ctx.input(0), axes, true,
                               ReduceKind::Mean));
  return success();
}

LogicalResult importBatchNorm(NodeContext &ctx) {
  if (ctx.getInt("training_mode", 0) || ctx.wantsOutput(1) || ctx.wantsOutput(2))
    return ctx.error() << "training mode is not supported";
  RankedTensorType xt = ctx.inputType(0);
  int64_t rank = xt.getRank();
  double eps = ctx.getFloat("epsilon", 1e-5f);
  SmallVector<int64_t> paramShape = {xt.getDimSize(1)};
  paramShape.append(rank - 2, 1);
  SmallVector<Value> ins = {ctx.input(0)};
  for (unsigned i = 1; i <= 4; ++i) {
    if (ctx.inputType(i).getRank() != 1)
      return ctx.error() << "scale, B, mean and var must be vectors";
    ins.push_back(buildReshape(ctx.b, ctx.loc, ctx.input(i), paramShape));
  }
  Type elem = xt.getElementType();
  ctx.setOutput(0, buildElementwise(
                       ctx.b, ctx.loc, ins, xt.getShape(), elem,
                       [&](OpBuilder &b, Location l, ValueRange a) {
                         Value var = arith::AddFOp::create(
                             b, l, a[4], buildScalar(b, l, elem, eps));
                         Value norm = arith::DivFOp::create(
                             b, l, arith::SubFOp::create(b, l, a[0], a[3]),
                             math::SqrtOp::create(b, l, var));
                         return (Value)arith::AddFOp::create(
                             b, l, arith::MulFOp::create(b, l, norm, a[1]), a[2]);
                       }));
  return success();
}

/// Reflect or edge padding: each output element reads a clamped or mirrored
/// input position (the pads are smaller than the dims, checked by the caller).
Value buildIndexPad(OpBuilder &b, Location loc, Value input,
                    RankedTensorType type, ArrayRef<int64_t> lo, bool reflect) {
  auto inType = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                       type.getElementType());
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, b.getContext())};
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{}, ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange) {
               SmallVector<Value> pos;
               for (int64_t d = 0; d < rank; ++d) {
                 auto c = [&](int64_t v) -> Value {
                   return arith::ConstantIndexOp::create(nb, l, v);
                 };
                 int64_t n = inType.getDimSize(d);
                 Value j = arith::SubIOp::create(
                     nb, l, linalg::IndexOp::create(nb, l, d), c(lo[d]));
                 Value zero = c(0), last = c(n - 1);
                 Value below = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, j, zero);
                 Value above = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sgt, j, last);
                 Value lowIdx = reflect ? (Value)arith::SubIOp::create(nb, l, zero, j) : zero;
                 Value highIdx = reflect ? (Value)arith::SubIOp::create(nb, l, c(2 * (n - 1)), j) : last;
                 j = arith::SelectOp::create(nb, l, below, lowIdx, j);
                 j = arith::SelectOp::create(nb, l, above, highIdx, j);
                 pos.push_back(j);
               }
               linalg::YieldOp::create(nb, l,
                                       (Value)tensor::ExtractOp::create(nb, l, input, pos));
             })
      .getResult(0);
}

LogicalResult importPad(NodeContext &ctx) {
  std::string mode = ctx.getString("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return ctx.error() << "pad mode '" << mode << "' is not supported";
  RankedTensorType xt = ctx.inputType(0);
  int64_t rank = xt.getRank();
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (ctx.opset >= 11) {
    const HostTensor *p = ctx.constInput(1);
    if (!p)
      return ctx.error() << "pads must be known at compile time";
    pads.assign(p->ints.begin(), p->ints.end());
    if (ctx.hasInput(2)) {
      const HostTensor *v = ctx.constInput(2);
      if (!v)
        return ctx.error() << "constant_value must be known at compile time";
      if (v->numElements() > 0)
        value = v->getDouble(0);
    }
    if (ctx.hasInput(3))
      return ctx.error() << "the axes input is not supported";
  } else {
    pads = ctx.getInts("pads");
    value = ctx.getFloat("value", 0.0f);
  }
  if ((int64_t)pads.size() != 2 * rank)
    return ctx.error() << "pads has " << pads.size() << " entries for rank "
                       << rank;
  SmallVector<int64_t> lo(pads.begin(), pads.begin() + rank),
      hi(pads.begin() + rank, pads.end());
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return ctx.error() << "negative pads are not supported";
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(xt.isDynamicDim(i) ? ShapedType::kDynamic
                                       : xt.getDimSize(i) + lo[i] + hi[i]);
  auto type = RankedTensorType::get(shape, xt.getElementType());
  if (mode != "constant") {
    if (!type.hasStaticShape())
      return ctx.error() << "pad mode '" << mode << "' needs static shapes";
    for (int64_t i = 0; i < rank; ++i)
      if (mode == "reflect" && (lo[i] >= xt.getDimSize(i) || hi[i] >= xt.getDimSize(i)))
        return ctx.error() << "reflect pads must be smaller than the dimension";
    ctx.setOutput(0, buildIndexPad(ctx.b, ctx.loc, ctx.input(0), type, lo,
                                   mode == "reflect"));
    return success();
  }
  Value pad = buildScalar(ctx.b, ctx.loc, xt.getElementType(), value);
  MLIRContext *mctx = ctx.b.getContext();
  ctx.setOutput(0, tensor::PadOp::create(ctx.b, ctx.loc, type, ctx.input(0),
                                         getAsIndexOpFoldResult(mctx, lo),
                                         getAsIndexOpFoldResult(mctx, hi), pad));
  return success();
}

} // namespace

void (::rnn::onnx_import::registerNNHandlers)(HandlerMap &map) {
  map["MatMul"] = {importMatMul, 1};
  map["Gemm"] = {importGemm, 1};
  map["Softmax"] = {importSoftmax, 1};
  map["ReduceMean"] = {[](NodeContext &c) { return importReduce(c, ReduceKind::Mean); }, 1};
  map["ReduceSum"] = {[](NodeContext &c) { return importReduce(c, ReduceKind::Sum); }, 1};
  map["ReduceMax"] = {[](NodeContext &c) { return importReduce(c, ReduceKind::Max); }, 1};
  map["GlobalAveragePool"] = {importGlobalAveragePool, 1};
  map["BatchNormalization"] = {importBatchNorm, 1};
  map["Pad"] = {importPad, 1};
}
