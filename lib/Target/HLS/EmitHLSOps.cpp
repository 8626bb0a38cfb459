//===- EmitHLSOps.cpp - HLS C++ emitter: views and scalar ops -------------===//
//
// Memref views (subview / reshape / cast: a new offset and strides into the
// same base array) and the scalar arith / math ops as C++ expressions.
//
//===----------------------------------------------------------------------===//

#include "HLSEmitter.h"

#include "rnn/Target/HLS/HLSAttributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace rnn::hls_detail;

//===----------------------------------------------------------------------===//
// Views
//===----------------------------------------------------------------------===//

LogicalResult HLSEmitter::emitView(Operation *op) {
  auto resultType = cast<MemRefType>(op->getResult(0).getType());
  SmallVector<int64_t> maxShape = rnn::hlsMaxShape(op->getResult(0));
  if (maxShape.empty())
    return op->emitError() << "HLS emitter: dynamic shape " << resultType
                           << " without bounds (rnn-hls-prepare max-seq-len)";
  View source = views[op->getOperand(0)];
  View view;
  view.base = source.base;
  view.elemType = source.elemType;
  view.shape.assign(maxShape.begin(), maxShape.end());
  // The actual sizes of dynamic dims, from the op's sizes (dims of a
  // bounded sequence length).
  auto sizeExpr = [&](OpFoldResult size) -> std::string {
    if (isa<Attribute>(size))
      return "";
    return operand(cast<Value>(size));
  };
  if (!resultType.hasStaticShape()) {
    view.dims.assign(resultType.getRank(), "");
    if (auto subview = dyn_cast<memref::SubViewOp>(op)) {
      llvm::SmallBitVector dropped = subview.getDroppedDims();
      unsigned kept = 0;
      for (auto [d, size] : llvm::enumerate(subview.getMixedSizes()))
        if (!dropped.test(d))
          view.dims[kept++] = sizeExpr(size);
    } else if (auto expand = dyn_cast<memref::ExpandShapeOp>(op)) {
      for (auto [d, size] : llvm::enumerate(expand.getMixedOutputShape()))
        view.dims[d] = sizeExpr(size);
    } else if (auto collapse = dyn_cast<memref::CollapseShapeOp>(op)) {
      for (auto [d, group] : llvm::enumerate(collapse.getReassociationIndices())) {
        if (!resultType.isDynamicDim(d))
          continue;
        std::string product;
        for (int64_t src : group)
          product += (product.empty() ? "" : " * ") + source.dim(src);
        view.dims[d] = "(" + product + ")";
      }
    } else if (isa<memref::CastOp>(op)) {
      for (unsigned d = 0; d < resultType.getRank(); ++d)
        if (resultType.isDynamicDim(d))
          view.dims[d] = source.dim(d);
    } else if (auto cast = dyn_cast<memref::ReinterpretCastOp>(op)) {
      for (auto [d, size] : llvm::enumerate(cast.getMixedSizes()))
        view.dims[d] = sizeExpr(size);
    } else {
      return op->emitError() << "HLS emitter: dynamic shape " << resultType;
    }
    // Strides stay static only while the dynamic dims are outermost.
    SmallVector<int64_t> strides;
    int64_t offset;
    if (isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(op) &&
        (failed(resultType.getStridesAndOffset(strides, offset)) ||
         llvm::any_of(strides, ShapedType::isDynamic)))
      return op->emitError()
             << "HLS emitter: a dynamic dim that is not outermost ("
             << resultType << "): its strides depend on the sequence length";
  }
  auto addOffset = [&](std::string base, std::string extra) {
    if (extra == "0")
      return base;
    return base == "0" ? extra : base + " + " + extra;
  };
  if (auto subview = dyn_cast<memref::SubViewOp>(op)) {
    // Offsets (static or SSA) scale by the source strides; the rank may
    // drop, so the kept dims come from the result's own strides.
    std::string offset = source.offset;
    unsigned dynIdx = 0;
    for (auto [d, off] : llvm::enumerate(subview.getStaticOffsets())) {
      std::string term;
      if (ShapedType::isDynamic(off))
        term = operand(subview.getOffsets()[dynIdx++]);
      else
        term = std::to_string(off);
      if (term == "0")
        continue;
      if (source.strides[d] != 1)
        term = "(" + term + ") * " + std::to_string(source.strides[d]);
      offset = addOffset(offset, term);
    }
    view.offset = offset;
    // Strides: the source strides times the subview steps, for the dims
    // the result keeps.
    llvm::SmallBitVector dropped = subview.getDroppedDims();
    for (auto [d, step] : llvm::enumerate(subview.getStaticStrides())) {
      if (dropped.test(d))
        continue;
      if (ShapedType::isDynamic(step))
        return op->emitError("HLS emitter: dynamic subview stride");
      view.strides.push_back(source.strides[d] * step);
    }
  } else if (auto expand = dyn_cast<memref::ExpandShapeOp>(op)) {
    view.offset = source.offset;
    view.strides.assign(view.shape.size(), 1);
    for (auto [srcDim, group] :
         llvm::enumerate(expand.getReassociationIndices())) {
      int64_t stride = source.strides[srcDim];
      for (int64_t d : llvm::reverse(group)) {
        view.strides[d] = stride;
        stride *= view.shape[d];
      }
    }
  } else if (auto collapse = dyn_cast<memref::CollapseShapeOp>(op)) {
    view.offset = source.offset;
    for (const auto &group : collapse.getReassociationIndices()) {
      // A collapsed group is contiguous (verified by the op): its stride is
      // the innermost one.
      view.strides.push_back(group.empty() ? 1 : source.strides[group.back()]);
    }
  } else if (isa<memref::ReshapeOp>(op)) {
    // Only a contiguous source can be reshaped without a copy.
    int64_t expect = 1;
    for (int d = static_cast<int>(source.shape.size()) - 1; d >= 0; --d) {
      if (source.shape[d] != 1 && source.strides[d] != expect)
        return op->emitError("HLS emitter: reshape of a non-contiguous view");
      expect *= source.shape[d];
    }
    view.offset = source.offset;
    view.strides.assign(view.shape.size(), 1);
    for (int d = static_cast<int>(view.shape.size()) - 2; d >= 0; --d)
      view.strides[d] = view.strides[d + 1] * view.shape[d + 1];
  } else if (isa<memref::CastOp, memref::ReinterpretCastOp>(op)) {
    int64_t offset;
    if (failed(resultType.getStridesAndOffset(view.strides, offset)) ||
        ShapedType::isDynamic(offset) ||
        llvm::any_of(view.strides, ShapedType::isDynamic)) {
      if (isa<memref::CastOp>(op) && source.strides.size() == view.shape.size()) {
        view = source;
        view.shape.assign(resultType.getShape().begin(),
                          resultType.getShape().end());
        views[op->getResult(0)] = view;
        return success();
      }
      return op->emitError("HLS emitter: view with dynamic strides or offset");
    }
    if (isa<memref::CastOp>(op)) {
      view.offset = source.offset;
      view.strides = source.strides;
    } else {
      // reinterpret_cast restarts from the base buffer's element 0.
      view.offset = std::to_string(offset);
    }
  }
  views[op->getResult(0)] = view;
  return success();
}

//===----------------------------------------------------------------------===//
// Scalar ops
//===----------------------------------------------------------------------===//

static const char *cmpfOp(arith::CmpFPredicate pred, bool &negate) {
  using P = arith::CmpFPredicate;
  negate = false;
  switch (pred) {
  case P::OEQ: return "==";
  case P::ONE: return "!=";
  case P::OGT: return ">";
  case P::OGE: return ">=";
  case P::OLT: return "<";
  case P::OLE: return "<=";
  // Unordered: true on NaN, i.e. the negation of the opposite ordered test.
  case P::UEQ: negate = true; return "!=";
  case P::UNE: return "!=";
  case P::UGT: negate = true; return "<=";
  case P::UGE: negate = true; return "<";
  case P::ULT: negate = true; return ">=";
  case P::ULE: negate = true; return ">";
  default: return nullptr;
  }
}

static const char *cmpiOp(arith::CmpIPredicate pred) {
  using P = arith::CmpIPredicate;
  switch (pred) {
  case P::eq: return "==";
  case P::ne: return "!=";
  case P::slt: case P::ult: return "<";
  case P::sle: case P::ule: return "<=";
  case P::sgt: case P::ugt: return ">";
  case P::sge: case P::uge: return ">=";
  }
  return nullptr;
}

LogicalResult HLSEmitter::emitArith(Operation *op) {
  auto bin = [&](StringRef sym) {
    return assign(op->getResult(0),
                  "(" + operand(op->getOperand(0)) + " " + sym.str() + " " +
                      operand(op->getOperand(1)) + ")",
                  op);
  };
  auto call = [&](StringRef fn) {
    std::string args;
    for (Value v : op->getOperands())
      args += (args.empty() ? "" : ", ") + operand(v);
    return assign(op->getResult(0), "rnn_hls::" + fn.str() + "(" + args + ")",
                  op);
  };
  auto cast = [&]() -> LogicalResult {
    FailureOr<std::string> type = cType(op->getResult(0).getType(), op);
    if (failed(type))
      return failure();
    Type from = op->getOperand(0).getType();
    // Fixed point: an integer converted to the data type keeps its exact
    // value (ap_fixed<N,N>) until an assignment rounds it (sitofp is exact
    // in f32 for the int8 weights; data_t(x) would saturate them).
    if (fixedPoint && isa<arith::SIToFPOp>(op) && from.isInteger() &&
        from.getIntOrFloatBitWidth() >= 2 && from.getIntOrFloatBitWidth() <= 32) {
      std::string exact = "ap_fixed<" +
                          std::to_string(from.getIntOrFloatBitWidth()) + "," +
                          std::to_string(from.getIntOrFloatBitWidth()) + ">";
      return assign(op->getResult(0),
                    exact + "(" + operand(op->getOperand(0)) + ")", op, exact);
    }
    if (from.isF32() && !op->getResult(0).getType().isF32())
      return assign(op->getResult(0),
                    "rnn_hls::to_int<" + *type + ">(" +
                        operand(op->getOperand(0)) + ")",
                    op);
    return assign(op->getResult(0),
                  *type + "(" + operand(op->getOperand(0)) + ")", op);
  };
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](arith::ConstantOp c) -> LogicalResult {
        Attribute value = c.getValue();
        if (auto f = dyn_cast<FloatAttr>(value)) {
          if (!f.getType().isF32())
            return c.emitError() << "HLS emitter: unsupported float type "
                                 << f.getType();
          exprs[c] = floatLiteral(f.getValueAsDouble());
          return success();
        }
        if (auto i = dyn_cast<IntegerAttr>(value)) {
          if (i.getType().isInteger(1))
            exprs[c] = i.getValue().isZero() ? "false" : "true";
          else if (i.getType().isInteger(64))
            exprs[c] = "int64_t(" + std::to_string(i.getInt()) + ")";
          else
            exprs[c] = std::to_string(i.getInt());
          return success();
        }
        return c.emitError("HLS emitter: only scalar constants are "
                           "supported in function bodies");
      })
      .Case<arith::AddFOp, arith::AddIOp>([&](auto) { return bin("+"); })
      .Case<arith::SubFOp, arith::SubIOp>([&](auto) { return bin("-"); })
      .Case<arith::MulFOp, arith::MulIOp>([&](auto) { return bin("*"); })
      .Case<arith::DivFOp, arith::DivSIOp, arith::DivUIOp>(
          [&](auto) { return bin("/"); })
      .Case<arith::RemSIOp, arith::RemUIOp>([&](auto) { return bin("%"); })
      .Case<arith::AndIOp>([&](auto) { return bin("&"); })
      .Case<arith::OrIOp>([&](auto) { return bin("|"); })
      .Case<arith::XOrIOp>([&](auto) { return bin("^"); })
      .Case<arith::ShLIOp>([&](auto) { return bin("<<"); })
      .Case<arith::ShRSIOp>([&](auto) { return bin(">>"); })
      .Case([&](arith::RemFOp) { return call("fmod_"); })
      .Case([&](arith::FloorDivSIOp) { return call("floordiv"); })
      .Case([&](arith::CeilDivSIOp) { return call("ceildiv"); })
      .Case<arith::MaximumFOp, arith::MaxNumFOp, arith::MaxSIOp,
            arith::MaxUIOp>([&](auto) { return call("max_"); })
      .Case<arith::MinimumFOp, arith::MinNumFOp, arith::MinSIOp,
            arith::MinUIOp>([&](auto) { return call("min_"); })
      .Case([&](arith::NegFOp n) {
        return assign(n, "(-" + operand(n.getOperand()) + ")", op);
      })
      .Case([&](arith::SelectOp s) -> LogicalResult {
        if (isa<MemRefType>(s.getType()))
          return s.emitError("HLS emitter: select of buffers is not "
                             "synthesizable as fixed memories");
        return assign(s,
                      "(" + operand(s.getCondition()) + " ? " +
                          operand(s.getTrueValue()) + " : " +
                          operand(s.getFalseValue()) + ")",
                      op);
      })
      .Case([&](arith::CmpFOp c) -> LogicalResult {
        using P = arith::CmpFPredicate;
        std::string l = operand(c.getLhs()), r = operand(c.getRhs());
        if (c.getPredicate() == P::ORD || c.getPredicate() == P::UNO) {
          std::string ord = "(" + l + " == " + l + " && " + r + " == " + r + ")";
          return assign(c, c.getPredicate() == P::ORD ? ord : "!" + ord, op);
        }
        bool negate;
        const char *sym = cmpfOp(c.getPredicate(), negate);
        if (!sym)
          return c.emitError("HLS emitter: unsupported cmpf predicate");
        std::string expr = "(" + l + " " + sym + " " + r + ")";
        return assign(c, negate ? "!" + expr : expr, op);
      })
      .Case([&](arith::CmpIOp c) -> LogicalResult {
        return assign(c,
                      "(" + operand(c.getLhs()) + " " +
                          cmpiOp(c.getPredicate()) + " " +
                          operand(c.getRhs()) + ")",
                      op);
      })
      .Case<arith::IndexCastOp, arith::IndexCastUIOp, arith::SIToFPOp,
            arith::UIToFPOp, arith::FPToSIOp, arith::FPToUIOp,
            arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp>(
          [&](auto) { return cast(); })
      .Default([&](Operation *) {
        return op->emitError() << "HLS emitter: unsupported op '"
                               << op->getName() << "'";
      });
}

LogicalResult HLSEmitter::emitMath(Operation *op) {
  StringRef name = op->getName().stripDialect();
  static const llvm::StringSet<> supported = {
      "tanh", "exp",   "exp2",  "expm1", "log",   "log1p", "log2",
      "log10", "sqrt", "rsqrt", "absf",  "erf",   "powf",  "floor",
      "ceil", "round", "roundeven", "sin", "cos", "tan",   "atan",
      "atan2", "fma",  "trunc", "sinh",  "cosh",  "asin",  "acos"};
  if (!supported.contains(name) || op->getNumResults() != 1 ||
      !op->getResult(0).getType().isF32())
    return op->emitError() << "HLS emitter: unsupported op '" << op->getName()
                           << "'";
  std::string args;
  for (Value v : op->getOperands())
    args += (args.empty() ? "" : ", ") + operand(v);
  return assign(op->getResult(0),
                "rnn_hls::" + name.str() + "_(" + args + ")", op);
}

