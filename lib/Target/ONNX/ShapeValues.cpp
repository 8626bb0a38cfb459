//===- ShapeValues.cpp - shape computations known in part at import -------===//
//
// Exporters such as PyTorch's build shapes at run time: Shape(x) -> Gather ->
// Unsqueeze -> Concat -> ConstantOfShape / Reshape / Expand. When x is only
// partly dynamic, such a chain often reads nothing but static dims, and
// folding it keeps its consumers static. This file evaluates those chains
// element by element (PartialInts): known elements are folded, the others
// are plain scalars (tensor.dim and arith), so a consumer reads a run-time
// size without going through a tensor.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace ::rnn::onnx_import;

/// Longer integer constants are not shape values; they are not tracked.
static constexpr int64_t kMaxShapeValueElements = 64;

std::optional<int64_t> PartialInts::known(size_t i) const {
  return getConstantIntValue(elems[i]);
}

bool PartialInts::isFullyKnown() const {
  return llvm::all_of(elems, [](OpFoldResult e) { return isa<Attribute>(e); });
}

HostTensor PartialInts::toHost() const {
  SmallVector<int64_t> shape;
  if (!scalar)
    shape.push_back(elems.size());
  HostTensor t = HostTensor::zeros(elementType, shape);
  for (size_t i = 0; i < elems.size(); ++i)
    t.ints[i] = *known(i);
  return t;
}

/// Element `i` of `p` as a scalar value.
static Value elementValue(OpBuilder &b, Location loc, const PartialInts &p,
                          size_t i) {
  if (std::optional<int64_t> v = p.known(i))
    return arith::ConstantOp::create(b, loc,
                                     b.getIntegerAttr(p.elementType, *v));
  return cast<Value>(p.elems[i]);
}

Value(::rnn::onnx_import::materializePartialInts)(OpBuilder &b, Location loc,
                                                  const PartialInts &p) {
  SmallVector<Value> values;
  for (size_t i = 0; i < p.elems.size(); ++i)
    values.push_back(elementValue(b, loc, p, i));
  SmallVector<int64_t> shape;
  if (!p.scalar)
    shape.push_back(values.size());
  return tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get(shape, p.elementType), values);
}

SmallVector<Value> ShapeOperand::dynamicValues() const {
  SmallVector<Value> out;
  for (Value v : values)
    if (v)
      out.push_back(v);
  return out;
}

namespace {

using Elems = SmallVector<OpFoldResult>;

/// What is known of input `i`: every element of a small integer constant,
/// or the elements of a shape value.
std::optional<PartialInts> known(const NodeContext &ctx, unsigned i) {
  if (!ctx.hasInput(i))
    return std::nullopt;
  const Entry &e = *ctx.inputs[i];
  if (e.partial)
    return e.partial;
  if (!e.constant)
    return std::nullopt;
  const HostTensor &t = *e.constant;
  if (!t.elementType.isSignlessInteger() || t.elementType.isInteger(1) ||
      t.shape.size() > 1 || t.numElements() > kMaxShapeValueElements)
    return std::nullopt;
  PartialInts p;
  p.elementType = t.elementType;
  p.scalar = t.shape.empty();
  for (int64_t v : t.ints)
    p.elems.push_back(ctx.b.getI64IntegerAttr(v));
  return p;
}

/// A known 1-D (not scalar) input.
std::optional<PartialInts> knownVector(const NodeContext &ctx, unsigned i) {
  std::optional<PartialInts> p = known(ctx, i);
  if (!p || p->scalar)
    return std::nullopt;
  return p;
}

/// An integer list from a constant input, or from an attribute before the
/// opset that made it an input. std::nullopt if it is not known.
std::optional<SmallVector<int64_t>> constInts(const NodeContext &ctx,
                                              unsigned input, StringRef attr,
                                              bool fromInput) {
  if (!fromInput)
    return ctx.getInts(attr);
  if (!ctx.hasInput(input))
    return SmallVector<int64_t>{};
  const HostTensor *t = ctx.constInput(input);
  if (!t || t->isFloat())
    return std::nullopt;
  return SmallVector<int64_t>(t->ints.begin(), t->ints.end());
}

/// Axes that name the only axis of a rank-1 result or operand.
bool isAxisZero(ArrayRef<int64_t> axes) {
  return axes.size() == 1 && (axes[0] == 0 || axes[0] == -1);
}

PartialInts vectorOf(Type elementType, Elems elems) {
  PartialInts p;
  p.elementType = elementType;
  p.elems = std::move(elems);
  return p;
}

} // namespace

PartialInts(::rnn::onnx_import::shapeElements)(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  int64_t rank = type.getRank();
  int64_t start = ctx.getInt("start", 0), end = ctx.getInt("end", rank);
  start = std::clamp(start < 0 ? start + rank : start, int64_t(0), rank);
  end = std::clamp(end < 0 ? end + rank : end, int64_t(0), rank);
  Elems elems;
  for (int64_t i = start; i < end; ++i) {
    if (!type.isDynamicDim(i)) {
      elems.push_back(ctx.b.getI64IntegerAttr(type.getDimSize(i)));
      continue;
    }
    Value dim = buildDim(ctx.b, ctx.loc, ctx.input(0), i);
    elems.push_back(Value(
        arith::IndexCastOp::create(ctx.b, ctx.loc, ctx.b.getI64Type(), dim)));
  }
  return vectorOf(ctx.b.getI64Type(), std::move(elems));
}

void(::rnn::onnx_import::setPartialOutput)(NodeContext &ctx, unsigned i,
                                           PartialInts p) {
  if (p.isFullyKnown()) {
    ctx.setConstOutput(i, p.toHost());
    return;
  }
  ctx.setOutput(i, materializePartialInts(ctx.b, ctx.loc, p));
  ctx.outputs[i].partial = std::move(p);
}

namespace {

std::optional<PartialInts> foldGather(const NodeContext &ctx) {
  std::optional<PartialInts> data = knownVector(ctx, 0);
  const HostTensor *idx = ctx.constInput(1);
  if (!data || !idx || idx->isFloat() || idx->shape.size() > 1 ||
      !isAxisZero({ctx.getInt("axis", 0)}))
    return std::nullopt;
  int64_t n = data->elems.size();
  Elems elems;
  for (int64_t v : idx->ints) {
    if (v < -n || v >= n)
      return std::nullopt; // the handler reports it
    elems.push_back(data->elems[v < 0 ? v + n : v]);
  }
  PartialInts out = vectorOf(data->elementType, std::move(elems));
  out.scalar = idx->shape.empty();
  return out;
}

std::optional<PartialInts> foldSlice(const NodeContext &ctx) {
  std::optional<PartialInts> data = knownVector(ctx, 0);
  if (!data)
    return std::nullopt;
  bool fromInputs = ctx.opset >= 10;
  auto starts = constInts(ctx, 1, "starts", fromInputs);
  auto ends = constInts(ctx, 2, "ends", fromInputs);
  auto axes = constInts(ctx, 3, "axes", fromInputs);
  auto steps = constInts(ctx, 4, "steps", fromInputs);
  if (!starts || !ends || !axes || !steps || starts->size() != 1 ||
      ends->size() != 1 || (!axes->empty() && !isAxisZero(*axes)) ||
      steps->size() > 1)
    return std::nullopt;
  int64_t n = data->elems.size(), step = steps->empty() ? 1 : (*steps)[0];
  int64_t start = (*starts)[0], end = (*ends)[0];
  if (step == 0)
    return std::nullopt;
  if (n == 0)
    return vectorOf(data->elementType, {});
  clampSliceBounds(start, end, step, n); // as the Slice handler does
  Elems elems;
  for (int64_t i = start; step > 0 ? i < end : i > end; i += step)
    elems.push_back(data->elems[i]);
  return vectorOf(data->elementType, std::move(elems));
}

std::optional<PartialInts> foldUnsqueeze(const NodeContext &ctx) {
  std::optional<PartialInts> data = known(ctx, 0);
  auto axes = constInts(ctx, 1, "axes", ctx.opset >= 13);
  if (!data || !data->scalar || !axes || !isAxisZero(*axes))
    return std::nullopt;
  data->scalar = false;
  return data;
}

std::optional<PartialInts> foldSqueeze(const NodeContext &ctx) {
  std::optional<PartialInts> data = knownVector(ctx, 0);
  auto axes = constInts(ctx, 1, "axes", ctx.opset >= 13);
  if (!data || data->elems.size() != 1 || !axes ||
      (!axes->empty() && !isAxisZero(*axes)))
    return std::nullopt;
  data->scalar = true;
  return data;
}

std::optional<PartialInts> foldConcat(const NodeContext &ctx) {
  if (!isAxisZero({ctx.getInt("axis", 0)}))
    return std::nullopt;
  Elems elems;
  Type elementType;
  for (unsigned i = 0; i < ctx.numInputs(); ++i) {
    std::optional<PartialInts> in = knownVector(ctx, i);
    if (!in || (elementType && in->elementType != elementType))
      return std::nullopt;
    elementType = in->elementType;
    llvm::append_range(elems, in->elems);
  }
  if (!elementType)
    return std::nullopt;
  return vectorOf(elementType, std::move(elems));
}

/// Reshape between a scalar and a vector, or of a vector to itself.
std::optional<PartialInts> foldReshape(const NodeContext &ctx) {
  std::optional<PartialInts> data = known(ctx, 0);
  const HostTensor *shape = ctx.constInput(1);
  if (!data || !shape || shape->isFloat() || shape->numElements() > 1)
    return std::nullopt;
  int64_t n = data->elems.size();
  if (shape->numElements() == 0) {
    if (n != 1)
      return std::nullopt;
    data->scalar = true;
    return data;
  }
  int64_t d = shape->ints[0];
  bool copy = d == 0 && !data->scalar && !ctx.getInt("allowzero", 0);
  if (d != n && d != -1 && !copy)
    return std::nullopt;
  data->scalar = false;
  return data;
}

/// Casts between integer types (shape values are small and non-negative,
/// so a known element keeps its value).
std::optional<PartialInts> foldCast(const NodeContext &ctx) {
  std::optional<PartialInts> data = known(ctx, 0);
  Type to = convertElementType(ctx.b.getContext(), ctx.getInt("to", 0));
  if (!data || !to || !to.isSignlessInteger() || to.isInteger(1))
    return std::nullopt;
  for (OpFoldResult &e : data->elems)
    if (auto v = dyn_cast<Value>(e))
      e = castScalar(ctx.b, ctx.loc, v, to);
  data->elementType = to;
  return data;
}

/// Add, Sub, Mul, Div with numpy broadcasting of scalars and length-1
/// vectors. Elements known on both sides fold; the others become arith ops.
std::optional<PartialInts> foldArith(const NodeContext &ctx, StringRef opType) {
  std::optional<PartialInts> lhs = known(ctx, 0), rhs = known(ctx, 1);
  if (!lhs || !rhs || lhs->elementType != rhs->elementType)
    return std::nullopt;
  size_t nl = lhs->elems.size(), nr = rhs->elems.size(), n = std::max(nl, nr);
  if (nl != nr && nl != 1 && nr != 1)
    return std::nullopt;
  // A known zero divisor is left to the handler.
  for (size_t i = 0; i < nr; ++i)
    if (opType == "Div" && rhs->known(i) == 0)
      return std::nullopt;
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Elems elems;
  for (size_t i = 0; i < n; ++i) {
    size_t il = nl == 1 ? 0 : i, ir = nr == 1 ? 0 : i;
    std::optional<int64_t> a = lhs->known(il), c = rhs->known(ir);
    if (a && c) {
      int64_t r = opType == "Add"   ? *a + *c
                  : opType == "Sub" ? *a - *c
                  : opType == "Mul" ? *a * *c
                                    : *a / *c; // integer Div truncates
      elems.push_back(b.getI64IntegerAttr(r));
      continue;
    }
    Value x = elementValue(b, loc, *lhs, il),
          y = elementValue(b, loc, *rhs, ir);
    Value r = opType == "Add"   ? (Value)arith::AddIOp::create(b, loc, x, y)
              : opType == "Sub" ? (Value)arith::SubIOp::create(b, loc, x, y)
              : opType == "Mul" ? (Value)arith::MulIOp::create(b, loc, x, y)
                                : (Value)arith::DivSIOp::create(b, loc, x, y);
    elems.push_back(r);
  }
  PartialInts out = vectorOf(lhs->elementType, std::move(elems));
  out.scalar = lhs->scalar && rhs->scalar;
  return out;
}

} // namespace

std::optional<PartialInts>(::rnn::onnx_import::foldPartialInts)(
    NodeContext &ctx) {
  StringRef opType = ctx.node.op_type();
  // Inputs that are all constants fold in the handlers; this only adds
  // something when a run-time value has known elements.
  bool readsPartial = llvm::any_of(
      ctx.inputs, [](const Entry *e) { return e && e->partial.has_value(); });
  if (!readsPartial)
    return std::nullopt;
  if (opType == "Gather")
    return foldGather(ctx);
  if (opType == "Slice")
    return foldSlice(ctx);
  if (opType == "Unsqueeze")
    return foldUnsqueeze(ctx);
  if (opType == "Squeeze")
    return foldSqueeze(ctx);
  if (opType == "Concat")
    return foldConcat(ctx);
  if (opType == "Reshape")
    return foldReshape(ctx);
  if (opType == "Cast")
    return foldCast(ctx);
  if (opType == "Add" || opType == "Sub" || opType == "Mul" || opType == "Div")
    return foldArith(ctx, opType);
  return std::nullopt;
}

FailureOr<ShapeOperand>(::rnn::onnx_import::readShapeOperand)(NodeContext &ctx,
                                                              unsigned i) {
  RankedTensorType type = ctx.inputType(i);
  if (type.getRank() != 1 || type.isDynamicDim(0) ||
      !isa<IntegerType>(type.getElementType()))
    return failure();
  ShapeOperand out;
  if (const HostTensor *t = ctx.constInput(i)) {
    out.sizes.assign(t->ints.begin(), t->ints.end());
    out.values.resize(out.sizes.size());
    return out;
  }
  OpBuilder &b = ctx.b;
  const std::optional<PartialInts> &p = ctx.inputs[i]->partial;
  for (int64_t j = 0; j < type.getDimSize(0); ++j) {
    if (std::optional<int64_t> v = p ? p->known(j) : std::nullopt) {
      out.sizes.push_back(*v);
      out.values.push_back({});
      continue;
    }
    Value v = p ? cast<Value>(p->elems[j])
                : tensor::ExtractOp::create(
                      b, ctx.loc, ctx.input(i),
                      ValueRange{arith::ConstantIndexOp::create(b, ctx.loc, j)})
                      .getResult();
    out.sizes.push_back(ShapedType::kDynamic);
    out.values.push_back(
        arith::IndexCastOp::create(b, ctx.loc, b.getIndexType(), v));
  }
  return out;
}
