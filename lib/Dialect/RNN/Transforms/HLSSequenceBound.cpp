//===- HLSSequenceBound.cpp - dynamic sequence length for HLS -------------===//
//
// Hardware has fixed memories, so a dynamic time dimension needs a maximum
// length N. The lowered IR keeps the length dynamic (`memref.dim` of the
// input port, allocations and loop bounds computed from it): the emitted
// code runs exactly the actual length's iterations, reverse directions
// index from the actual end, and only the storage is sized for N. This
// file evaluates every size and trip count derived from the length, for
// every length 1..N (sizes need not grow monotonically with it), and
// records the largest values for the emitter (array sizes) and the
// LOOP_TRIPCOUNT directives / the report.
//
//===----------------------------------------------------------------------===//

#include "HLSSequenceBound.h"

#include "rnn/Target/HLS/HLSAttributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace {

/// Evaluates index / integer expressions (and memref sizes) of the lowered
/// IR when the dynamic dim `dim` of the argument `seq` has the value `len`.
class LengthEvaluator {
public:
  LengthEvaluator(Value seq, unsigned dim) : seq(seq), seqDim(dim) {}

  std::optional<int64_t> value(Value v, int64_t len);
  std::optional<int64_t> dimOf(Value memref, unsigned d, int64_t len);
  std::optional<int64_t> fold(OpFoldResult ofr, int64_t len) {
    if (auto attr = dyn_cast<Attribute>(ofr))
      return cast<IntegerAttr>(attr).getInt();
    return value(cast<Value>(ofr), len);
  }
  std::optional<int64_t> trips(scf::ForOp loop, int64_t len) {
    auto lb = value(loop.getLowerBound(), len);
    auto ub = value(loop.getUpperBound(), len);
    auto step = value(loop.getStep(), len);
    if (!lb || !ub || !step || *step <= 0)
      return std::nullopt;
    return *ub <= *lb ? 0 : (*ub - *lb + *step - 1) / *step;
  }
  /// The first op the evaluator could not interpret.
  Operation *unknown = nullptr;

private:
  std::optional<int64_t> fail(Operation *op) {
    if (!unknown)
      unknown = op;
    return std::nullopt;
  }
  Value seq;
  unsigned seqDim;
};

std::optional<int64_t> LengthEvaluator::value(Value v, int64_t len) {
  Operation *op = v.getDefiningOp();
  if (!op)
    return std::nullopt; // loop induction variables etc.
  IntegerAttr constant;
  if (auto c = dyn_cast<arith::ConstantOp>(op))
    if ((constant = dyn_cast<IntegerAttr>(c.getValue())))
      return constant.getValue().getSExtValue();
  auto binary = [&](auto fn) -> std::optional<int64_t> {
    auto a = value(op->getOperand(0), len), b = value(op->getOperand(1), len);
    if (!a || !b)
      return std::nullopt;
    return fn(*a, *b);
  };
  auto floorDiv = [](int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  };
  return TypeSwitch<Operation *, std::optional<int64_t>>(op)
      .Case([&](memref::DimOp d) -> std::optional<int64_t> {
        auto index = value(d.getIndex(), len);
        if (!index)
          return std::nullopt;
        return dimOf(d.getSource(), *index, len);
      })
      .Case<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp,
            arith::ExtUIOp, arith::TruncIOp>(
          [&](Operation *c) { return value(c->getOperand(0), len); })
      .Case([&](arith::AddIOp) {
        return binary([](int64_t a, int64_t b) { return a + b; });
      })
      .Case([&](arith::SubIOp) {
        return binary([](int64_t a, int64_t b) { return a - b; });
      })
      .Case([&](arith::MulIOp) {
        return binary([](int64_t a, int64_t b) { return a * b; });
      })
      .Case<arith::DivSIOp, arith::DivUIOp>([&](Operation *) {
        return binary([](int64_t a, int64_t b) { return b ? a / b : 0; });
      })
      .Case([&](arith::FloorDivSIOp) {
        return binary([&](int64_t a, int64_t b) {
          return b ? floorDiv(a, b) : 0;
        });
      })
      .Case([&](arith::CeilDivSIOp) {
        return binary([&](int64_t a, int64_t b) {
          return b ? -floorDiv(-a, b) : 0;
        });
      })
      .Case<arith::RemSIOp, arith::RemUIOp>([&](Operation *) {
        return binary([](int64_t a, int64_t b) { return b ? a % b : 0; });
      })
      .Case<arith::MinSIOp, arith::MinUIOp>([&](Operation *) {
        return binary([](int64_t a, int64_t b) { return std::min(a, b); });
      })
      .Case<arith::MaxSIOp, arith::MaxUIOp>([&](Operation *) {
        return binary([](int64_t a, int64_t b) { return std::max(a, b); });
      })
      .Case([&](arith::CmpIOp c) -> std::optional<int64_t> {
        using P = arith::CmpIPredicate;
        P p = c.getPredicate();
        return binary([&](int64_t a, int64_t b) -> int64_t {
          switch (p) {
          case P::eq: return a == b;
          case P::ne: return a != b;
          case P::slt: case P::ult: return a < b;
          case P::sle: case P::ule: return a <= b;
          case P::sgt: case P::ugt: return a > b;
          case P::sge: case P::uge: return a >= b;
          }
          return 0;
        });
      })
      .Case([&](arith::SelectOp s) -> std::optional<int64_t> {
        auto c = value(s.getCondition(), len);
        if (!c)
          return std::nullopt;
        return value(*c ? s.getTrueValue() : s.getFalseValue(), len);
      })
      .Default([&](Operation *other) { return fail(other); });
}

std::optional<int64_t> LengthEvaluator::dimOf(Value memref, unsigned d,
                                              int64_t len) {
  auto type = cast<MemRefType>(memref.getType());
  if (d >= type.getRank())
    return std::nullopt;
  if (!type.isDynamicDim(d))
    return type.getDimSize(d);
  if (memref == seq)
    return d == seqDim ? std::optional<int64_t>(len) : std::nullopt;
  if (auto arg = dyn_cast<BlockArgument>(memref)) {
    if (auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp()))
      if (OpOperand *init = loop.getTiedLoopInit(arg))
        return dimOf(init->get(), d, len);
    return std::nullopt;
  }
  Operation *op = memref.getDefiningOp();
  unsigned index = cast<OpResult>(memref).getResultNumber();
  return TypeSwitch<Operation *, std::optional<int64_t>>(op)
      .Case<memref::AllocOp, memref::AllocaOp>(
          [&](auto alloc) -> std::optional<int64_t> {
            unsigned dynIndex = 0;
            for (unsigned i = 0; i < d; ++i)
              dynIndex += type.isDynamicDim(i);
            return value(alloc.getDynamicSizes()[dynIndex], len);
          })
      .Case([&](memref::SubViewOp sv) -> std::optional<int64_t> {
        llvm::SmallBitVector dropped = sv.getDroppedDims();
        unsigned kept = 0;
        for (auto [i, size] : llvm::enumerate(sv.getMixedSizes())) {
          if (dropped.test(i))
            continue;
          if (kept++ == d)
            return fold(size, len);
        }
        return std::nullopt;
      })
      .Case([&](memref::ExpandShapeOp e) {
        return fold(e.getMixedOutputShape()[d], len);
      })
      .Case([&](memref::CollapseShapeOp c) -> std::optional<int64_t> {
        int64_t n = 1;
        for (int64_t src : c.getReassociationIndices()[d]) {
          auto s = dimOf(c.getSrc(), src, len);
          if (!s)
            return std::nullopt;
          n *= *s;
        }
        return n;
      })
      .Case([&](memref::CastOp c) { return dimOf(c.getSource(), d, len); })
      .Case([&](memref::ReinterpretCastOp c) {
        return fold(c.getMixedSizes()[d], len);
      })
      .Case([&](scf::ForOp loop) {
        return dimOf(loop.getInitArgs()[index], d, len);
      })
      .Case([&](scf::IfOp i) {
        return dimOf(i.thenYield().getOperand(index), d, len);
      })
      .Default([&](Operation *other) { return fail(other); });
}

/// `memref.dim` of an allocation or view whose size is an SSA operand
/// (bufferization leaves them for dynamic sizes) becomes that operand, and
/// views and allocations left without uses go: the kernel would declare
/// arrays nothing reads.
void foldDynamicDims(func::FuncOp func) {
  SmallVector<memref::DimOp> dims;
  func.walk([&](memref::DimOp d) { dims.push_back(d); });
  for (memref::DimOp d : dims) {
    std::optional<int64_t> index = d.getConstantIndex();
    Operation *def = d.getSource().getDefiningOp();
    if (!index || !def)
      continue;
    auto type = cast<MemRefType>(d.getSource().getType());
    if (*index >= type.getRank() || !type.isDynamicDim(*index))
      continue;
    Value size;
    if (auto alloc = dyn_cast<memref::AllocOp>(def)) {
      unsigned dynIndex = 0;
      for (int64_t i = 0; i < *index; ++i)
        dynIndex += type.isDynamicDim(i);
      size = alloc.getDynamicSizes()[dynIndex];
    } else if (auto expand = dyn_cast<memref::ExpandShapeOp>(def)) {
      size = dyn_cast<Value>(expand.getMixedOutputShape()[*index]);
    } else if (auto sv = dyn_cast<memref::SubViewOp>(def)) {
      if (sv.getDroppedDims().none())
        size = dyn_cast<Value>(sv.getMixedSizes()[*index]);
    }
    if (!size)
      continue;
    d.getResult().replaceAllUsesWith(size);
    d.erase();
  }
  bool changed = true;
  while (changed) {
    changed = false;
    SmallVector<Operation *> dead;
    func.walk([&](Operation *op) {
      if (op->use_empty() &&
          isa<memref::AllocOp, memref::DimOp, memref::SubViewOp,
              memref::ExpandShapeOp, memref::CollapseShapeOp, memref::CastOp,
              memref::ReinterpretCastOp>(op))
        dead.push_back(op);
    });
    for (Operation *op : dead)
      op->erase();
    changed = !dead.empty();
  }
}

std::string describeInput(func::FuncOp func, unsigned i) {
  std::string text = "input " + std::to_string(i);
  if (auto name = func.getArgAttrOfType<StringAttr>(i, "rnn.name"))
    text += " ('" + name.str() + "')";
  return text;
}

} // namespace

LogicalResult mlir::rnn::boundSequenceLength(func::FuncOp func,
                                             int64_t maxSeqLen) {
  SmallVector<std::pair<unsigned, unsigned>> dynamic;
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
    if (auto memref = dyn_cast<MemRefType>(type))
      for (unsigned d = 0; d < memref.getRank(); ++d)
        if (memref.isDynamicDim(d))
          dynamic.push_back({i, d});
  if (dynamic.empty())
    return success();
  foldDynamicDims(func);
  auto [arg, dim] = dynamic.front();
  Type argType = func.getArgumentTypes()[arg];
  if (maxSeqLen <= 0)
    return func.emitError()
           << "rnn-hls-prepare: " << describeInput(func, arg) << " has type "
           << argType
           << "; the HLS backend needs static shapes (pin dynamic dims with "
              "--input-shape, or bound a dynamic sequence length with "
              "--hls-max-seq-len=N)";
  if (dynamic.size() > 1)
    return func.emitError()
           << "rnn-hls-prepare: only one dynamic dim (the sequence length) "
              "is supported; "
           << describeInput(func, arg) << " dim " << dim << " and "
           << describeInput(func, dynamic[1].first) << " dim "
           << dynamic[1].second
           << " are both dynamic (pin the others with --input-shape)";
  if (dim != 0)
    return func.emitError()
           << "rnn-hls-prepare: the dynamic dim of " << describeInput(func, arg)
           << " (" << argType
           << ") must be its outermost dim (row-major ports of a bounded "
              "length); pin it with --input-shape (batch-first layouts need "
              "a static sequence length)";

  LengthEvaluator eval(func.getArgument(arg), dim);
  Builder b(func);
  // The dim must be a recurrent layer's sequence length: some time loop
  // runs once per element of it.
  bool isTime = false;
  func.walk([&](scf::ForOp loop) {
    if (!loop->hasAttr("rnn.time_loop") || isTime)
      return;
    isTime = true;
    for (int64_t len : {int64_t(1), (maxSeqLen + 1) / 2, maxSeqLen})
      isTime &= eval.trips(loop, len) == len;
  });
  if (!isTime)
    return func.emitError()
           << "rnn-hls-prepare: dim " << dim << " of "
           << describeInput(func, arg)
           << " is dynamic but is not the sequence length of a recurrent "
              "layer (no time loop runs over it); pin it with --input-shape";

  auto cannot = [&](Operation *at, StringRef what) {
    InFlightDiagnostic diag = at->emitError()
                              << "rnn-hls-prepare: cannot bound the " << what
                              << " by the sequence length";
    if (eval.unknown)
      diag << " (computed by '" << eval.unknown->getName() << "')";
    return diag;
  };
  WalkResult walk = func.walk([&](Operation *op) -> WalkResult {
    if (auto loop = dyn_cast<scf::ForOp>(op); loop && !loop.getStaticTripCount()) {
      int64_t lo = INT64_MAX, hi = 0, sum = 0;
      for (int64_t len = 1; len <= maxSeqLen; ++len) {
        std::optional<int64_t> n = eval.trips(loop, len);
        if (!n) {
          (void)cannot(loop, "trip count of this loop");
          return WalkResult::interrupt();
        }
        lo = std::min(lo, *n);
        hi = std::max(hi, *n);
        sum += *n;
      }
      loop->setAttr("hls.tripcount",
                    b.getDenseI64ArrayAttr(
                        {lo, hi, (sum + maxSeqLen / 2) / maxSeqLen}));
    }
    if (isa<scf::ForOp, scf::IfOp>(op))
      return WalkResult::advance(); // carried buffers: from their inits
    for (Value result : op->getResults()) {
      auto type = dyn_cast<MemRefType>(result.getType());
      if (!type || type.hasStaticShape())
        continue;
      SmallVector<int64_t> shape(type.getShape().begin(), type.getShape().end());
      for (unsigned d = 0; d < type.getRank(); ++d) {
        if (!type.isDynamicDim(d))
          continue;
        shape[d] = 0;
        for (int64_t len = 1; len <= maxSeqLen; ++len) {
          std::optional<int64_t> n = eval.dimOf(result, d, len);
          if (!n) {
            (void)cannot(op, "size of this buffer");
            return WalkResult::interrupt();
          }
          shape[d] = std::max(shape[d], *n);
        }
      }
      op->setAttr("hls.max_shape", b.getDenseI64ArrayAttr(shape));
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  // Each dynamic result dim must be a * length + b (the testbench writes
  // the output's shape from the length it read); only dim 0 (row-major
  // ports).
  Operation *ret = func.getBody().front().getTerminator();
  for (auto [i, value] : llvm::enumerate(ret->getOperands())) {
    auto type = dyn_cast<MemRefType>(value.getType());
    if (!type || type.hasStaticShape())
      continue;
    for (unsigned d = 1; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        return ret->emitError()
               << "rnn-hls-prepare: output " << i << " (" << type
               << ") has a dynamic dim other than its outermost one";
    auto at1 = eval.dimOf(value, 0, 1), at2 = eval.dimOf(value, 0, 2);
    if (!at1 || !at2)
      return cannot(ret, "size of output " + std::to_string(i));
    int64_t slope = *at2 - *at1, offset = *at1 - slope;
    for (int64_t len = 1; len <= maxSeqLen; ++len)
      if (eval.dimOf(value, 0, len) != slope * len + offset)
        return ret->emitError()
               << "rnn-hls-prepare: the outermost dim of output " << i
               << " is not an affine function of the sequence length";
    func.setResultAttr(i, "hls.seq_dim",
                       b.getDenseI64ArrayAttr({slope, offset}));
    SmallVector<int64_t> shape(type.getShape().begin(), type.getShape().end());
    shape[0] = std::max(slope * maxSeqLen + offset, slope + offset);
    func.setResultAttr(i, "hls.max_shape", b.getDenseI64ArrayAttr(shape));
  }
  func->setAttr("hls.seq_len",
                b.getDenseI64ArrayAttr({int64_t(arg), int64_t(dim), maxSeqLen}));
  return success();
}
