//===- OpsQuantize.cpp - QuantizeLinear / DequantizeLinear ----------------===//
//
// QDQ models hold their integer data in two forms: constant initializers
// behind DequantizeLinear (weights), which fold at import into f32
// constants that remember their quantization (HostTensor::Dequantized), and
// QuantizeLinear / DequantizeLinear pairs on run-time tensors (activations),
// which become elementwise linalg.generics with ONNX's exact arithmetic:
//
//   QuantizeLinear:   y = saturate(round_half_even(x / scale) + zero_point)
//   DequantizeLinear: y = (x - zero_point) * scale
//
// with one scale (per tensor) or one per index along `axis` (per axis).
// Scales and zero points must be constants. A DequantizeLinear of a
// run-time tensor with one scale marks its output (Entry::quantized), so
// that the recurrent importer can record it as a static activation scale.
//
// uint8 tensors are `ui8`, which arith does not take: their elements are
// computed as signless i8 and reinterpreted with tensor.bitcast (the pair
// Q -> DQ folds back to i8).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace ::rnn::onnx_import;

namespace {

/// Scale and zero point of a Q / DQ node, one per tensor or per axis.
struct QuantParams {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints; // empty: all zero
  int64_t axis = -1;               // -1: per tensor
  Type quantType;                  // i8, ui8 (or i32 for DQ input)

  int64_t numScales() const { return scales.size(); }
  double zeroPoint(int64_t j) const {
    return zeroPoints.empty() ? 0.0 : double(zeroPoints[j]);
  }
};

/// The integer range of `type` (int8, uint8, int32).
std::pair<int64_t, int64_t> intRange(Type type) {
  if (type.isUnsignedInteger(8))
    return {0, 255};
  if (type.isInteger(32))
    return {INT32_MIN, INT32_MAX};
  return {-128, 127};
}

bool isSupportedQuantType(Type t, bool allowInt32) {
  return t && (t.isUnsignedInteger(8) || t.isSignlessInteger(8) ||
               (allowInt32 && t.isSignlessInteger(32)));
}

/// ONNX element type codes of the float8 types (opset 19+).
bool isFloat8Code(int64_t code) { return code >= 17 && code <= 20; }

/// Checks the attributes and constant operands of a Q (`isQuantize`) or DQ
/// node whose data input has `shape`, and the type of the integer side
/// (`intType`: DQ's input type; null for Q, which derives it).
FailureOr<QuantParams> parseQuantParams(NodeContext &c,
                                        ArrayRef<int64_t> shape,
                                        bool isQuantize, Type intType) {
  for (const onnx::AttributeProto &a : c.node.attribute()) {
    StringRef n = a.name();
    bool known = n == "axis" || n == "block_size" || n == "saturate" ||
                 (isQuantize && n == "output_dtype");
    if (!known)
      return c.error() << "unsupported attribute '" << n << "'";
  }
  if (int64_t block = c.getInt("block_size", 0); block != 0)
    return c.error() << "blocked quantization (block_size = " << block
                     << ") is not supported; use per-tensor or per-axis "
                        "scales";
  QuantParams p;
  const HostTensor *scale = c.hasInput(1) ? c.constInput(1) : nullptr;
  if (!scale)
    return c.error() << "the scale must be a compile-time constant";
  const HostTensor *zp = c.hasInput(2) ? c.constInput(2) : nullptr;
  if (c.hasInput(2) && !zp)
    return c.error() << "the zero point must be a compile-time constant";
  if (!scale->elementType.isF32())
    return c.error() << "only float32 scales are supported";

  // The integer type: DQ's input, or Q's zero point / output_dtype (uint8
  // when neither is given).
  int64_t dtype = c.getInt("output_dtype", 0);
  if (isQuantize) {
    // `saturate` only applies to float8 outputs; for int8 / uint8 ONNX
    // ignores it (they always saturate).
    if (isFloat8Code(dtype))
      return c.error() << "float8 outputs (output_dtype = " << dtype
                       << ", saturate) are not supported; only int8 and "
                          "uint8";
    Type fromAttr;
    if (dtype != 0) {
      fromAttr = convertElementType(c.b.getContext(), dtype);
      if (!isSupportedQuantType(fromAttr, false))
        return c.error() << "output_dtype " << dtype
                         << " is not supported; only int8 (3) and uint8 (2)";
    }
    if (zp && fromAttr && zp->elementType != fromAttr)
      return c.error() << "output_dtype " << dtype
                       << " differs from the zero point's type";
    intType = zp ? zp->elementType
                 : fromAttr ? fromAttr
                            : IntegerType::get(c.b.getContext(), 8,
                                               IntegerType::Unsigned);
  }
  if (!isSupportedQuantType(intType, !isQuantize))
    return c.error() << "only int8 and uint8"
                     << (isQuantize ? "" : " (and int32)")
                     << " quantized data are supported";
  if (zp && zp->elementType != intType)
    return c.error() << "the zero point's type differs from the quantized "
                        "data's";
  p.quantType = intType;

  int64_t n = scale->numElements();
  if (scale->shape.size() > 1)
    return c.error() << "the scale must be a scalar or 1-D (got rank "
                     << scale->shape.size() << ")";
  if (zp && (zp->numElements() != n || zp->shape.size() != scale->shape.size()))
    return c.error() << "zero point and scale shapes differ";
  // A one-element 1-D scale is per tensor (as ONNX Runtime reads it).
  if (!scale->shape.empty() && n != 1) {
    int64_t rank = shape.size();
    std::optional<int64_t> axis = normalizeAxis(c.getInt("axis", 1), rank);
    if (!axis)
      return c.error() << "axis " << c.getInt("axis", 1)
                       << " is out of range for rank " << rank;
    if (ShapedType::isDynamic(shape[*axis]))
      return c.error() << "per-axis scales need a static size along axis "
                       << *axis;
    if (shape[*axis] != n)
      return c.error() << "scale has " << n
                       << " elements, which matches no axis " << *axis
                       << " of the input (size " << shape[*axis] << ")";
    p.axis = *axis;
  }
  auto [lo, hi] = intRange(intType);
  for (int64_t j = 0; j < n; ++j) {
    double s = scale->getDouble(j);
    if (!std::isfinite(s) || s == 0)
      return c.error() << "scale " << j << " is zero or not finite";
    p.scales.push_back(s);
    if (zp) {
      int64_t z = zp->getInt(j);
      if (z < lo || z > hi)
        return c.error() << "zero point " << j << " is out of range";
      p.zeroPoints.push_back(z);
    }
  }
  return p;
}

/// Index into the scales of flat element `i` of a tensor of `shape`.
int64_t scaleIndex(const QuantParams &p, ArrayRef<int64_t> shape, int64_t i) {
  if (p.axis < 0)
    return 0;
  int64_t inner = 1;
  for (int64_t d = p.axis + 1; d < (int64_t)shape.size(); ++d)
    inner *= shape[d];
  return (i / inner) % shape[p.axis];
}

/// ONNX QuantizeLinear of one value: x / s rounded half to even in the
/// precision of the float type (f32 here), plus the zero point, saturated.
double quantizeValue(double x, double s, double z, Type qType) {
  auto [lo, hi] = intRange(qType);
  float q = static_cast<float>(x) / static_cast<float>(s);
  double r = std::nearbyint(static_cast<double>(q)) + z;
  if (std::isnan(r))
    return z;
  return std::clamp(r, double(lo), double(hi));
}

/// Per-axis `values` as an f32 constant of shape [n, 1, ..., 1] (rank - axis
/// dims), which broadcasts along the other dims of a rank-`rank` tensor.
Value axisConstant(NodeContext &c, ArrayRef<double> values, int64_t axis,
                   int64_t rank) {
  SmallVector<int64_t> shape(rank - axis, 1);
  shape[0] = values.size();
  HostTensor t = HostTensor::zeros(c.b.getF32Type(), shape);
  for (auto [i, v] : llvm::enumerate(values))
    t.set(i, v);
  return arith::ConstantOp::create(c.b, c.loc, t.toAttr());
}

/// The scale and zero point operands of the generic: per-axis constants as
/// extra inputs, per-tensor ones as scalars built in the body.
struct ScaleOperands {
  SmallVector<Value> inputs;
  std::function<std::pair<Value, Value>(OpBuilder &, Location, ValueRange)>
      get;
};

ScaleOperands scaleOperands(NodeContext &c, const QuantParams &p,
                            int64_t rank) {
  ScaleOperands ops;
  Type f32 = c.b.getF32Type();
  if (p.axis < 0) {
    double s = p.scales[0], z = p.zeroPoint(0);
    ops.get = [=](OpBuilder &b, Location l, ValueRange) {
      return std::make_pair(buildScalar(b, l, f32, s),
                            buildScalar(b, l, f32, z));
    };
    return ops;
  }
  SmallVector<double> zps;
  for (int64_t j = 0; j < p.numScales(); ++j)
    zps.push_back(p.zeroPoint(j));
  ops.inputs = {axisConstant(c, p.scales, p.axis, rank),
                axisConstant(c, zps, p.axis, rank)};
  ops.get = [](OpBuilder &, Location, ValueRange args) {
    return std::make_pair(args[1], args[2]);
  };
  return ops;
}

LogicalResult importQuantizeLinear(NodeContext &c) {
  RankedTensorType xType = c.inputType(0);
  if (!xType.getElementType().isF32())
    return c.error() << "only float32 input is supported";
  FailureOr<QuantParams> p =
      parseQuantParams(c, xType.getShape(), /*isQuantize=*/true, Type());
  if (failed(p))
    return failure();
  Type qType = p->quantType;
  if (const HostTensor *x = c.constInput(0)) {
    HostTensor out = HostTensor::zeros(qType, x->shape);
    for (int64_t i = 0; i < out.numElements(); ++i) {
      int64_t j = scaleIndex(*p, x->shape, i);
      out.set(i, quantizeValue(x->getDouble(i), p->scales[j],
                               p->zeroPoint(j), qType));
    }
    c.setConstOutput(0, std::move(out));
    return success();
  }
  auto [lo, hi] = intRange(qType);
  int64_t rank = xType.getRank();
  ScaleOperands scales = scaleOperands(c, *p, rank);
  SmallVector<Value> inputs = {c.input(0)};
  llvm::append_range(inputs, scales.inputs);
  Type f32 = c.b.getF32Type(), i8 = c.b.getI8Type(), i32 = c.b.getI32Type();
  Value bytes = buildElementwise(
      c.b, c.loc, inputs, xType.getShape(), i8,
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        auto [s, z] = scales.get(b, l, a);
        Value x = castScalar(b, l, a[0], f32);
        Value q = math::RoundEvenOp::create(
            b, l, arith::DivFOp::create(b, l, x, s));
        q = arith::AddFOp::create(b, l, q, z);
        // maxnumf / minnumf: NaN saturates to the low end like any value
        // below the range would.
        q = arith::MaxNumFOp::create(b, l, q, buildScalar(b, l, f32, lo));
        q = arith::MinNumFOp::create(b, l, q, buildScalar(b, l, f32, hi));
        Value v = arith::FPToSIOp::create(b, l, i32, q);
        return arith::TruncIOp::create(b, l, i8, v);
      });
  if (qType != i8)
    bytes = tensor::BitcastOp::create(
        c.b, c.loc, RankedTensorType::get(xType.getShape(), qType), bytes);
  c.setOutput(0, bytes);
  return success();
}

/// DequantizeLinear of constant integer data: an f32 constant that keeps
/// its quantization, so that rnn-quantize-weights can take it over.
void foldDequantize(NodeContext &c, const HostTensor &x, const QuantParams &p) {
  HostTensor out = HostTensor::zeros(Float32Type::get(c.b.getContext()),
                                     x.shape);
  for (int64_t i = 0; i < out.numElements(); ++i) {
    int64_t j = scaleIndex(p, x.shape, i);
    out.set(i, static_cast<float>((x.getDouble(i) - p.zeroPoint(j)) *
                                  static_cast<float>(p.scales[j])));
  }
  if (!x.isFloat()) {
    HostTensor::Dequantized info;
    info.axis = p.axis;
    for (int64_t j = 0; j < p.numScales(); ++j) {
      info.scales.push_back(static_cast<float>(p.scales[j]));
      info.zeroPoints.push_back(static_cast<int64_t>(p.zeroPoint(j)));
    }
    out.dequantized =
        std::make_shared<const HostTensor::Dequantized>(std::move(info));
  }
  c.setConstOutput(0, std::move(out));
}

LogicalResult importDequantizeLinear(NodeContext &c) {
  RankedTensorType xType = c.inputType(0);
  FailureOr<QuantParams> p = parseQuantParams(
      c, xType.getShape(), /*isQuantize=*/false, xType.getElementType());
  if (failed(p))
    return failure();
  if (const HostTensor *x = c.constInput(0)) {
    foldDequantize(c, *x, *p);
    return success();
  }
  Value x = c.input(0);
  Type i8 = c.b.getI8Type(), i32 = c.b.getI32Type(), f32 = c.b.getF32Type();
  bool isUnsigned = p->quantType.isUnsignedInteger(8);
  if (isUnsigned)
    x = tensor::BitcastOp::create(
        c.b, c.loc, RankedTensorType::get(xType.getShape(), i8), x);
  int64_t rank = xType.getRank();
  ScaleOperands scales = scaleOperands(c, *p, rank);
  SmallVector<Value> inputs = {x};
  llvm::append_range(inputs, scales.inputs);
  // x - zero point in int32 (exact for 8-bit data; wraps for int32 data
  // like ONNX Runtime's int32 arithmetic), then one f32 multiply.
  bool zeroZp = p->zeroPoints.empty() ||
                llvm::all_of(p->zeroPoints, [](int64_t z) { return z == 0; });
  Value out = buildElementwise(
      c.b, c.loc, inputs, xType.getShape(), f32,
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        auto [s, z] = scales.get(b, l, a);
        Value v = a[0];
        if (v.getType() != i32)
          v = isUnsigned ? (Value)arith::ExtUIOp::create(b, l, i32, v)
                         : (Value)arith::ExtSIOp::create(b, l, i32, v);
        if (!zeroZp)
          v = arith::SubIOp::create(b, l, v,
                                    arith::FPToSIOp::create(b, l, i32, z));
        Value f = arith::SIToFPOp::create(b, l, f32, v);
        return arith::MulFOp::create(b, l, f, s);
      });
  c.setOutput(0, out);
  if (!p->quantType.isInteger(32)) {
    // Per axis with one scale and zero point throughout is per tensor.
    bool uniform = llvm::all_equal(p->scales) && llvm::all_equal(p->zeroPoints);
    auto [lo, hi] = intRange(p->quantType);
    Entry::ActivationQuantization q{p->scales[0], int64_t(p->zeroPoint(0)),
                                    lo, hi, ""};
    if (p->axis >= 0 && !uniform)
      q.perAxis = ("DequantizeLinear '" + c.node.name() + "' (axis " +
                   std::to_string(p->axis) + ", " +
                   std::to_string(p->numScales()) + " scales)");
    c.outputs[0].quantized =
        std::make_shared<const Entry::ActivationQuantization>(std::move(q));
  }
  return success();
}

} // namespace

void (::rnn::onnx_import::registerQuantizeHandlers)(HandlerMap &map) {
  map["QuantizeLinear"] = {importQuantizeLinear, 10};
  map["DequantizeLinear"] = {importDequantizeLinear, 10};
}
