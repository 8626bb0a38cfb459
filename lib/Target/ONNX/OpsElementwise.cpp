//===- OpsElementwise.cpp - elementwise ONNX ops -> linalg.generic --------===//
//
// Each op is described once by a host function (used to fold constant
// inputs at import) and an MLIR scalar builder (the body of a broadcasting
// linalg.generic).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace ::rnn::onnx_import;

namespace {

using HostFn = std::function<double(ArrayRef<double>)>;
using IRFn = std::function<Value(OpBuilder &, Location, ValueRange, Type)>;

constexpr int64_t kMaxFoldElements = 1 << 20;

/// Result element type: booleans for comparisons, else the first input's.
enum class ResultKind { SameAsInput, Bool };

struct ElementwiseOp {
  HostFn host;
  IRFn ir;
  ResultKind result = ResultKind::SameAsInput;
  bool floatOnly = false;
};

bool isFloatTy(Type t) { return isa<FloatType>(t); }

Value cst(OpBuilder &b, Location l, Type t, double v) {
  return buildScalar(b, l, t, v);
}

/// Folds on the host when every input is a constant.
std::optional<HostTensor> foldHost(NodeContext &ctx, ArrayRef<int64_t> shape,
                                   Type elem, const HostFn &fn,
                                   unsigned numInputs) {
  SmallVector<const HostTensor *> ins;
  for (unsigned i = 0; i < numInputs; ++i) {
    const HostTensor *t = ctx.constInput(i);
    if (!t)
      return std::nullopt;
    ins.push_back(t);
  }
  HostTensor out = HostTensor::zeros(elem, shape);
  int64_t n = out.numElements();
  if (n > kMaxFoldElements)
    return std::nullopt;
  int64_t rank = shape.size();
  SmallVector<int64_t> idx(rank, 0);
  SmallVector<double> args(numInputs);
  for (int64_t flat = 0; flat < n; ++flat) {
    for (unsigned k = 0; k < numInputs; ++k) {
      const HostTensor &t = *ins[k];
      int64_t off = rank - t.shape.size(), pos = 0;
      for (size_t j = 0; j < t.shape.size(); ++j)
        pos = pos * t.shape[j] + (t.shape[j] == 1 ? 0 : idx[off + j]);
      args[k] = t.getDouble(pos);
    }
    double v = fn(args);
    if (!out.isFloat())
      v = std::trunc(v);
    out.set(flat, v);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

LogicalResult importElementwise(NodeContext &ctx, const ElementwiseOp &op,
                                unsigned numInputs) {
  if (ctx.numInputs() < numInputs)
    return ctx.error() << "expects " << numInputs << " inputs";
  SmallVector<int64_t> shape;
  for (unsigned i = 0; i < numInputs; ++i) {
    if (!ctx.hasInput(i))
      return ctx.error() << "input " << i << " is missing";
    auto next = broadcastShapes(shape, ctx.inputType(i).getShape());
    if (failed(next))
      return ctx.error() << "input shapes cannot be broadcast together";
    shape = *next;
  }
  // Where's first input is the condition: the data type is input 1's.
  unsigned dataInput = ctx.node.op_type() == "Where" ? 1 : 0;
  Type inElem = ctx.inputType(dataInput).getElementType();
  if (op.floatOnly && !isFloatTy(inElem))
    return ctx.error() << "needs a float input, got " << inElem;
  Type outElem =
      op.result == ResultKind::Bool ? ctx.b.getI1Type() : inElem;
  if (auto folded = foldHost(ctx, shape, outElem, op.host, numInputs)) {
    ctx.setConstOutput(0, std::move(*folded));
    return success();
  }
  SmallVector<Value> ins;
  for (unsigned i = 0; i < numInputs; ++i)
    ins.push_back(ctx.input(i));
  Value r = buildElementwise(
      ctx.b, ctx.loc, ins, shape, outElem,
      [&](OpBuilder &b, Location l, ValueRange a) {
        return op.ir(b, l, a, inElem);
      });
  ctx.setOutput(0, r);
  return success();
}

// Scalar IR helpers for float/int.
Value add(OpBuilder &b, Location l, Value x, Value y) {
  return isFloatTy(x.getType()) ? (Value)arith::AddFOp::create(b, l, x, y)
                                : (Value)arith::AddIOp::create(b, l, x, y);
}
Value mul(OpBuilder &b, Location l, Value x, Value y) {
  return isFloatTy(x.getType()) ? (Value)arith::MulFOp::create(b, l, x, y)
                                : (Value)arith::MulIOp::create(b, l, x, y);
}
Value sigmoid(OpBuilder &b, Location l, Value x) {
  Type t = x.getType();
  Value one = cst(b, l, t, 1.0);
  Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x));
  return arith::DivFOp::create(b, l, one, arith::AddFOp::create(b, l, one, e));
}
Value cmp(OpBuilder &b, Location l, Value x, Value y, arith::CmpFPredicate fp,
          arith::CmpIPredicate ip) {
  if (isFloatTy(x.getType()))
    return arith::CmpFOp::create(b, l, fp, x, y);
  return arith::CmpIOp::create(b, l, ip, x, y);
}

void registerBinary(HandlerMap &map, StringRef name, ElementwiseOp op) {
  map[name] = {[op](NodeContext &c) { return importElementwise(c, op, 2); }, 1};
}
void registerUnary(HandlerMap &map, StringRef name, ElementwiseOp op) {
  map[name] = {[op](NodeContext &c) { return importElementwise(c, op, 1); }, 1};
}

/// Ops with attributes need the node: build the ElementwiseOp per node.
template <typename MakeOp>
void registerUnaryWithAttrs(HandlerMap &map, StringRef name, MakeOp make) {
  map[name] = {[make](NodeContext &c) {
                 return importElementwise(c, make(c), 1);
               },
               1};
}

} // namespace

void (::rnn::onnx_import::registerElementwiseHandlers)(HandlerMap &map) {
  using P = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  registerBinary(map, "Add", {[](auto a) { return a[0] + a[1]; },
                              [](OpBuilder &b, Location l, ValueRange a, Type) {
                                return add(b, l, a[0], a[1]);
                              }});
  registerBinary(map, "Sub",
                 {[](auto a) { return a[0] - a[1]; },
                  [](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                    if (isFloatTy(t))
                      return arith::SubFOp::create(b, l, a[0], a[1]);
                    return arith::SubIOp::create(b, l, a[0], a[1]);
                  }});
  registerBinary(map, "Mul", {[](auto a) { return a[0] * a[1]; },
                              [](OpBuilder &b, Location l, ValueRange a, Type) {
                                return mul(b, l, a[0], a[1]);
                              }});
  registerBinary(map, "Div",
                 {[](auto a) { return a[0] / a[1]; },
                  [](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                    if (isFloatTy(t))
                      return arith::DivFOp::create(b, l, a[0], a[1]);
                    return arith::DivSIOp::create(b, l, a[0], a[1]);
                  }});
  registerBinary(map, "Pow",
                 {[](auto a) { return std::pow(a[0], a[1]); },
                  [](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                    Value e = castScalar(b, l, a[1], t);
                    return math::PowFOp::create(b, l, a[0], e);
                  },
                  ResultKind::SameAsInput, /*floatOnly=*/true});
  registerBinary(map, "Equal",
                 {[](auto a) { return double(a[0] == a[1]); },
                  [](OpBuilder &b, Location l, ValueRange a, Type) {
                    return cmp(b, l, a[0], a[1], P::OEQ, IP::eq);
                  },
                  ResultKind::Bool});
  registerBinary(map, "Greater",
                 {[](auto a) { return double(a[0] > a[1]); },
                  [](OpBuilder &b, Location l, ValueRange a, Type) {
                    return cmp(b, l, a[0], a[1], P::OGT, IP::sgt);
                  },
                  ResultKind::Bool});
  registerBinary(map, "Less",
                 {[](auto a) { return double(a[0] < a[1]); },
                  [](OpBuilder &b, Location l, ValueRange a, Type) {
                    return cmp(b, l, a[0], a[1], P::OLT, IP::slt);
                  },
                  ResultKind::Bool});
  registerBinary(map, "GreaterOrEqual",
                 {[](auto a) { return double(a[0] >= a[1]); },
                  [](OpBuilder &b, Location l, ValueRange a, Type) {
                    return cmp(b, l, a[0], a[1], P::OGE, IP::sge);
                  },
                  ResultKind::Bool});
  registerBinary(map, "LessOrEqual",
                 {[](auto a) { return double(a[0] <= a[1]); },
                  [](OpBuilder &b, Location l, ValueRange a, Type) {
                    return cmp(b, l, a[0], a[1], P::OLE, IP::sle);
                  },
                  ResultKind::Bool});
  registerBinary(map, "And",
                 {[](auto a) { return double(a[0] != 0 && a[1] != 0); },
                  [](OpBuilder &b, Location l, ValueRange a, Type) -> Value {
                    return arith::AndIOp::create(b, l, a[0], a[1]);
                  },
                  ResultKind::Bool});
  registerBinary(map, "Or",
                 {[](auto a) { return double(a[0] != 0 || a[1] != 0); },
                  [](OpBuilder &b, Location l, ValueRange a, Type) -> Value {
                    return arith::OrIOp::create(b, l, a[0], a[1]);
                  },
                  ResultKind::Bool});
  registerBinary(map, "PRelu",
                 {[](auto a) { return a[0] < 0 ? a[0] * a[1] : a[0]; },
                  [](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                    Value zero = cst(b, l, t, 0.0);
                    Value neg = arith::CmpFOp::create(b, l, P::OLT, a[0], zero);
                    return arith::SelectOp::create(
                        b, l, neg, arith::MulFOp::create(b, l, a[0], a[1]),
                        a[0]);
                  },
                  ResultKind::SameAsInput, true});
  map["Where"] = {
      [](NodeContext &c) {
        ElementwiseOp op{
            [](auto a) { return a[0] != 0 ? a[1] : a[2]; },
            [](OpBuilder &b, Location l, ValueRange a, Type) -> Value {
              return arith::SelectOp::create(b, l, a[0], a[1], a[2]);
            }};
        return importElementwise(c, op, 3);
      },
      9};

  auto unaryF = [&](StringRef name, double (*host)(double),
                    std::function<Value(OpBuilder &, Location, Value)> ir) {
    registerUnary(map, name,
                  {[host](auto a) { return host(a[0]); },
                   [ir](OpBuilder &b, Location l, ValueRange a, Type) {
                     return ir(b, l, a[0]);
                   },
                   ResultKind::SameAsInput, true});
  };
  unaryF("Sqrt", [](double x) { return std::sqrt(x); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::SqrtOp::create(b, l, x);
         });
  unaryF("Exp", [](double x) { return std::exp(x); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::ExpOp::create(b, l, x);
         });
  unaryF("Log", [](double x) { return std::log(x); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::LogOp::create(b, l, x);
         });
  unaryF("Tanh", [](double x) { return std::tanh(x); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::TanhOp::create(b, l, x);
         });
  unaryF("Erf", [](double x) { return std::erf(x); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::ErfOp::create(b, l, x);
         });
  unaryF("Floor", [](double x) { return std::floor(x); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::FloorOp::create(b, l, x);
         });
  unaryF("Ceil", [](double x) { return std::ceil(x); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::CeilOp::create(b, l, x);
         });
  unaryF("Sigmoid", [](double x) { return 1.0 / (1.0 + std::exp(-x)); },
         sigmoid);
  unaryF("Reciprocal", [](double x) { return 1.0 / x; },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return arith::DivFOp::create(b, l, cst(b, l, x.getType(), 1.0), x);
         });
  unaryF("Softplus", [](double x) { return std::log1p(std::exp(x)); },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return math::Log1pOp::create(b, l, math::ExpOp::create(b, l, x));
         });
  unaryF("Relu", [](double x) { return x > 0 ? x : 0.0; },
         [](OpBuilder &b, Location l, Value x) -> Value {
           return arith::MaximumFOp::create(b, l, x, cst(b, l, x.getType(), 0));
         });
  registerUnary(map, "Neg",
                {[](auto a) { return -a[0]; },
                 [](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                   if (isFloatTy(t))
                     return arith::NegFOp::create(b, l, a[0]);
                   return arith::SubIOp::create(b, l, cst(b, l, t, 0), a[0]);
                 }});
  registerUnary(map, "Abs",
                {[](auto a) { return std::fabs(a[0]); },
                 [](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                   if (isFloatTy(t))
                     return math::AbsFOp::create(b, l, a[0]);
                   return math::AbsIOp::create(b, l, a[0]);
                 }});
  registerUnary(map, "Not",
                {[](auto a) { return double(a[0] == 0); },
                 [](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                   return arith::XOrIOp::create(b, l, a[0], cst(b, l, t, 1));
                 },
                 ResultKind::Bool});
  registerUnaryWithAttrs(map, "LeakyRelu", [](NodeContext &c) {
    double alpha = c.getFloat("alpha", 0.01f);
    return ElementwiseOp{
        [alpha](auto a) { return a[0] < 0 ? alpha * a[0] : a[0]; },
        [alpha](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
          Value neg = arith::CmpFOp::create(b, l, P::OLT, a[0], cst(b, l, t, 0));
          Value scaled = arith::MulFOp::create(b, l, a[0], cst(b, l, t, alpha));
          return arith::SelectOp::create(b, l, neg, scaled, a[0]);
        },
        ResultKind::SameAsInput, true};
  });
  registerUnaryWithAttrs(map, "Elu", [](NodeContext &c) {
    double alpha = c.getFloat("alpha", 1.0f);
    return ElementwiseOp{
        [alpha](auto a) { return a[0] < 0 ? alpha * std::expm1(a[0]) : a[0]; },
        [alpha](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
          Value neg = arith::CmpFOp::create(b, l, P::OLT, a[0], cst(b, l, t, 0));
          Value e = arith::MulFOp::create(b, l, math::ExpM1Op::create(b, l, a[0]),
                                          cst(b, l, t, alpha));
          return arith::SelectOp::create(b, l, neg, e, a[0]);
        },
        ResultKind::SameAsInput, true};
  });
  registerUnaryWithAttrs(map, "HardSigmoid", [](NodeContext &c) {
    double alpha = c.getFloat("alpha", 0.2f), beta = c.getFloat("beta", 0.5f);
    return ElementwiseOp{
        [=](auto a) { return std::clamp(alpha * a[0] + beta, 0.0, 1.0); },
        [=](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
          Value v = arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, a[0], cst(b, l, t, alpha)),
              cst(b, l, t, beta));
          v = arith::MaximumFOp::create(b, l, v, cst(b, l, t, 0));
          return arith::MinimumFOp::create(b, l, v, cst(b, l, t, 1));
        },
        ResultKind::SameAsInput, true};
  });
  map["Cast"] = {
      [](NodeContext &c) -> LogicalResult {
        Type to = convertElementType(c.b.getContext(), c.getInt("to", 0));
        if (!to)
          return c.error() << "unsupported target type " << c.getInt("to", 0);
        if (const HostTensor *t = c.constInput(0)) {
          HostTensor out = HostTensor::zeros(to, t->shape);
          for (int64_t i = 0; i < out.numElements(); ++i) {
            double v = t->getDouble(i);
            if (to.isInteger(1))
              v = v != 0;
            else if (!isa<FloatType>(to))
              v = std::trunc(v);
            out.set(i, v);
          }
          c.setConstOutput(0, std::move(out));
          return success();
        }
        RankedTensorType type = c.inputType(0);
        c.setOutput(0, buildElementwise(
                           c.b, c.loc, {c.input(0)}, type.getShape(), to,
                           [&](OpBuilder &b, Location l, ValueRange a) {
                             return castScalar(b, l, a[0], to);
                           }));
        return success();
      },
      1};
  map["Clip"] = {
      [](NodeContext &c) -> LogicalResult {
        double lo = -INFINITY, hi = INFINITY;
        if (c.opset < 11) {
          lo = c.getFloat("min", -INFINITY);
          hi = c.getFloat("max", INFINITY);
        } else {
          for (unsigned i : {1u, 2u}) {
            if (!c.hasInput(i))
              continue;
            const HostTensor *t = c.constInput(i);
            if (!t || t->numElements() != 1)
              return c.error() << "min/max must be constant scalars";
            (i == 1 ? lo : hi) = t->getDouble(0);
          }
        }
        ElementwiseOp op{
            [=](auto a) { return std::min(std::max(a[0], lo), hi); },
            [=](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
              Value v = a[0];
              if (std::isfinite(lo))
                v = arith::MaximumFOp::create(b, l, v, cst(b, l, t, lo));
              if (std::isfinite(hi))
                v = arith::MinimumFOp::create(b, l, v, cst(b, l, t, hi));
              return v;
            },
            ResultKind::SameAsInput, true};
        return importElementwise(c, op, 1);
      },
      1};
  for (StringRef name : {"Max", "Min", "Sum"}) {
    std::string n = name.str();
    map[name] = {
        [n](NodeContext &c) -> LogicalResult {
          if (c.numInputs() != 2)
            return c.error() << "only the two-input form is supported";
          ElementwiseOp op{
              [n](auto a) {
                return n == "Max"   ? std::max(a[0], a[1])
                       : n == "Min" ? std::min(a[0], a[1])
                                    : a[0] + a[1];
              },
              [n](OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
                if (n == "Sum")
                  return add(b, l, a[0], a[1]);
                if (isFloatTy(t))
                  return n == "Max"
                             ? (Value)arith::MaximumFOp::create(b, l, a[0], a[1])
                             : (Value)arith::MinimumFOp::create(b, l, a[0], a[1]);
                return n == "Max"
                           ? (Value)arith::MaxSIOp::create(b, l, a[0], a[1])
                           : (Value)arith::MinSIOp::create(b, l, a[0], a[1]);
              }};
          return importElementwise(c, op, 2);
        },
        1};
  }
}
