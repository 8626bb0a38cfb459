//===- HLSPrepare.cpp - HLS directives as attributes ----------------------===//
//
// The HLS C++ emitter is a printer; every decision about the hardware is
// made here, on the IR, and recorded as `hls.*` attributes (see Passes.td
// for the list). Keeping the decisions in the IR means they can be tested
// with FileCheck, read by the resource/latency report, and changed without
// touching the printer.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "HLSDataflow.h"
#include "HLSSequenceBound.h"
#include "rnn/Target/HLS/HLSAttributes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNHLSPREPARE
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

/// The buffer a view ultimately reads: through subview / reshape / cast to
/// the alloc, get_global or block argument.
Value rootBuffer(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    if (!isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
             memref::CastOp, memref::ReinterpretCastOp, memref::ReshapeOp>(def))
      break;
    memref = def->getOperand(0);
  }
  return memref;
}

bool dependsOn(ValueRange indices, Value iv) {
  return llvm::is_contained(indices, iv);
}

/// Static, or the maximum of a trip count bounded by the sequence length.
std::optional<int64_t> tripCount(scf::ForOp loop) {
  return ::rnn::hlsMaxTripCount(loop);
}

/// One matrix product found in the loops: `C[idx] += A[.., k] * B[.., k]`
/// in the innermost loop `kLoop`, with `nLoop` the loop over outputs. Also
/// the int8 form (`addi` of `muli` of sign-extended i8 loads) and the
/// sparse form of rnn-hls-weights, where A's column is loaded from an index
/// array (`indices`).
struct MatVec {
  scf::ForOp kLoop, nLoop;
  memref::LoadOp acc, weight, vector;
  memref::StoreOp store;
  memref::LoadOp init; ///< the accumulator's load before the k loop
  memref::LoadOp indices; ///< sparse: the column index load
  bool isInt = false;
  int64_t n = 1, k = 1;
};

/// The load behind a product operand, through a sign extension (int8) or
/// an integer-to-float conversion (int8 weights with fixed-point data).
memref::LoadOp operandLoad(Value v) {
  if (auto ext = v.getDefiningOp<arith::ExtSIOp>())
    v = ext.getIn();
  else if (auto conv = v.getDefiningOp<arith::SIToFPOp>())
    v = conv.getIn();
  return v.getDefiningOp<memref::LoadOp>();
}

/// Matches the reduction body of a lowered linalg contraction.
std::optional<MatVec> matchMatVec(scf::ForOp kLoop) {
  if (!kLoop.getInitArgs().empty())
    return std::nullopt;
  Block *body = kLoop.getBody();
  if (!body->getOps<scf::ForOp>().empty())
    return std::nullopt;
  Value kIv = kLoop.getInductionVar();
  for (auto store : body->getOps<memref::StoreOp>()) {
    if (dependsOn(store.getIndices(), kIv))
      continue;
    if (!llvm::all_of(store.getIndices(), [&](Value v) {
          return kLoop.isDefinedOutsideOfLoop(v);
        }))
      continue;
    Operation *add = store.getValueToStore().getDefiningOp();
    if (!isa_and_nonnull<arith::AddFOp, arith::AddIOp>(add))
      continue;
    bool isInt = isa<arith::AddIOp>(add);
    for (unsigned side = 0; side < 2; ++side) {
      auto acc = add->getOperand(side).getDefiningOp<memref::LoadOp>();
      Operation *mul = add->getOperand(1 - side).getDefiningOp();
      if (!acc || !mul ||
          !(isInt ? isa<arith::MulIOp>(mul) : isa<arith::MulFOp>(mul)) ||
          acc.getMemRef() != store.getMemRef() ||
          acc.getIndices() != store.getIndices() ||
          acc->getBlock() != body)
        continue;
      auto a = operandLoad(mul->getOperand(0));
      auto b = operandLoad(mul->getOperand(1));
      if (!a || !b)
        continue;
      // Nothing else in the body may touch the accumulator's buffer.
      Value root = rootBuffer(store.getMemRef());
      bool clean = true;
      body->walk([&](Operation *op) {
        if (op == acc || op == store)
          return;
        for (Value operand : op->getOperands())
          if (isa<MemRefType>(operand.getType()) && rootBuffer(operand) == root)
            clean = false;
      });
      if (!clean)
        continue;
      MatVec mv;
      mv.kLoop = kLoop;
      mv.acc = acc;
      mv.store = store;
      mv.isInt = isInt;
      // Sparse: A[.., cols[n, j]], the column an index_cast of a load.
      for (Value index : a.getIndices()) {
        auto cast = index.getDefiningOp<arith::IndexCastOp>();
        auto load = cast ? cast.getIn().getDefiningOp<memref::LoadOp>()
                         : memref::LoadOp();
        if (load && load->getBlock() == body)
          mv.indices = load;
      }
      mv.k = tripCount(kLoop).value_or(1);
      // The output loop: the parent whose iv indexes C and one operand.
      mv.nLoop = dyn_cast<scf::ForOp>(kLoop->getParentOp());
      mv.weight = b;
      mv.vector = a;
      if (mv.nLoop && dependsOn(store.getIndices(), mv.nLoop.getInductionVar())) {
        Value nIv = mv.nLoop.getInductionVar();
        if (dependsOn(a.getIndices(), nIv) && !dependsOn(b.getIndices(), nIv))
          std::swap(mv.weight, mv.vector);
        mv.n = tripCount(mv.nLoop).value_or(1);
      } else {
        mv.nLoop = nullptr;
      }
      return mv;
    }
  }
  return std::nullopt;
}

/// Moves the accumulator of `mv` into a value carried by the k loop:
/// load before, carry through the loop, store after.
void scalarReplaceAccumulator(MatVec &mv) {
  IRRewriter rewriter(mv.kLoop);
  rewriter.setInsertionPoint(mv.kLoop);
  auto init = memref::LoadOp::create(rewriter, mv.acc.getLoc(),
                                     mv.acc.getMemRef(), mv.acc.getIndices());
  Value stored = mv.store.getValueToStore();
  memref::LoadOp acc = mv.acc;
  memref::StoreOp store = mv.store;
  auto newLoop = mv.kLoop.replaceWithAdditionalYields(
      rewriter, ValueRange{init.getResult()},
      /*replaceInitOperandUsesInLoop=*/false,
      [&](OpBuilder &, Location, ArrayRef<BlockArgument>) {
        return SmallVector<Value>{stored};
      });
  if (failed(newLoop))
    return;
  auto loop = cast<scf::ForOp>(newLoop->getOperation());
  rewriter.replaceAllUsesWith(acc.getResult(), loop.getRegionIterArgs().back());
  rewriter.setInsertionPointAfter(loop);
  memref::StoreOp::create(rewriter, store.getLoc(), loop.getResults().back(),
                          store.getMemRef(), store.getIndices());
  rewriter.eraseOp(store);
  rewriter.eraseOp(acc);
  mv.kLoop = loop;
  mv.init = init;
  mv.store = cast<memref::StoreOp>(loop->getNextNode());
  loop->setAttr("hls.accumulate", rewriter.getUnitAttr());
}

/// `memref.copy %src, %acc` right before a product nest that overwrites all
/// of %acc, reading each element once as its initial value: the product
/// reads %src instead and the copy goes (bufferization copies each step's
/// slice of projected gates into a fresh buffer; the copy would cost one
/// cycle per element per step).
/// The outermost loop of the nest that runs `mv` over every element of its
/// accumulator buffer (loops from the n loop outwards, one per dim, each
/// 0..dim step 1 indexing its dim; unit dims may have no loop), or null.
Operation *productNest(MatVec &mv) {
  if (!mv.init || !mv.nLoop)
    return nullptr;
  Value acc = mv.store.getMemRef();
  auto accType = cast<MemRefType>(acc.getType());
  ValueRange indices = mv.store.getIndices();
  if (indices != mv.init.getIndices() ||
      indices.size() != static_cast<size_t>(accType.getRank()))
    return nullptr;
  Operation *outer = mv.kLoop;
  for (int d = accType.getRank() - 1; d >= 0; --d) {
    // A unit dim needs no loop (canonicalization removed it).
    if (accType.getDimSize(d) == 1 && matchPattern(indices[d], m_Zero()))
      continue;
    auto loop = dyn_cast<scf::ForOp>(outer->getParentOp());
    if (!loop || indices[d] != loop.getInductionVar() ||
        tripCount(loop) != accType.getDimSize(d) ||
        !matchPattern(loop.getLowerBound(), m_Zero()) ||
        !matchPattern(loop.getStep(), m_One()))
      return nullptr;
    outer = loop;
  }
  return outer;
}

/// `memref.copy %src, %acc` right before a product nest that overwrites all
/// of %acc, reading each element once as its initial value: the product
/// reads %src instead and the copy goes (bufferization copies each step's
/// slice of projected gates into a fresh buffer; the copy would cost one
/// cycle per element per step).
void foldInitialCopy(MatVec &mv) {
  Operation *outer = productNest(mv);
  if (!outer)
    return;
  Value acc = mv.store.getMemRef();
  auto copy = dyn_cast_or_null<memref::CopyOp>(outer->getPrevNode());
  if (!copy || copy.getTarget() != acc ||
      cast<MemRefType>(copy.getSource().getType()).getShape() !=
          cast<MemRefType>(acc.getType()).getShape())
    return;
  mv.init.getMemrefMutable().assign(copy.getSource());
  copy.erase();
}

/// A loop nest that stores one value into every element of `acc` right
/// before the product nest: a constant (linalg.fill lowered: the int8
/// products' i32 accumulators are zero-filled every step), or a load of
/// another buffer indexed by the nest's loops (a broadcast: the input
/// projection's bias, one row per time step). The product starts its sums
/// from that value instead (the load moved into the product, indexed by
/// the product's loops) and the fill goes: it cost one cycle per element
/// (T·4H for an LSTM's projection).
void foldFill(MatVec &mv) {
  Operation *outer = productNest(mv);
  if (!outer)
    return;
  Value acc = mv.store.getMemRef();
  auto accType = cast<MemRefType>(acc.getType());
  auto fill = dyn_cast_or_null<scf::ForOp>(outer->getPrevNode());
  if (!fill)
    return;
  // Walk the perfect nest down to its single store.
  SmallVector<scf::ForOp> nest;
  scf::ForOp loop = fill;
  while (true) {
    if (!matchPattern(loop.getLowerBound(), m_Zero()) ||
        !matchPattern(loop.getStep(), m_One()) || !loop.getInitArgs().empty())
      return;
    nest.push_back(loop);
    Block *body = loop.getBody();
    if (auto inner = dyn_cast<scf::ForOp>(body->front())) {
      if (body->getOperations().size() != 2)
        return;
      loop = inner;
      continue;
    }
    break;
  }
  Block *body = nest.back().getBody();
  auto store = dyn_cast<memref::StoreOp>(body->getTerminator()->getPrevNode());
  if (!store || store.getMemRef() != acc)
    return;
  Attribute value;
  auto load = store.getValueToStore().getDefiningOp<memref::LoadOp>();
  bool isConst = matchPattern(store.getValueToStore(), m_Constant(&value));
  // The body: the store alone, or the load and the store.
  if (isConst ? body->getOperations().size() != 2
              : !load || load->getBlock() != body ||
                    body->getOperations().size() != 3 ||
                    rootBuffer(load.getMemRef()) == rootBuffer(acc))
    return;
  // The nest's loops index acc's non-unit dims in order, over all of them;
  // `dimOf[j]` is the dim loop j runs over.
  SmallVector<unsigned> dimOf;
  unsigned next = 0;
  for (auto [d, index] : llvm::enumerate(store.getIndices())) {
    if (accType.getDimSize(d) == 1 && matchPattern(index, m_Zero()))
      continue;
    if (next >= nest.size() || index != nest[next].getInductionVar() ||
        tripCount(nest[next]) != accType.getDimSize(d))
      return;
    dimOf.push_back(d);
    ++next;
  }
  if (next != nest.size())
    return;
  OpBuilder b(mv.init);
  Value init;
  if (isConst) {
    init =
        arith::ConstantOp::create(b, mv.init.getLoc(), cast<TypedAttr>(value));
  } else {
    // The load's indices: a fill loop's iv becomes the product's index of
    // the same dim; anything else is defined before the fill.
    SmallVector<Value> indices;
    for (Value index : load.getIndices()) {
      auto it = llvm::find_if(
          nest, [&](scf::ForOp l) { return l.getInductionVar() == index; });
      if (it != nest.end()) {
        indices.push_back(mv.init.getIndices()[dimOf[it - nest.begin()]]);
        continue;
      }
      if (fill->isAncestor(index.getParentBlock()->getParentOp()))
        return;
      indices.push_back(index);
    }
    if (Operation *def = load.getMemRef().getDefiningOp();
        def && fill->isAncestor(def))
      return;
    init = memref::LoadOp::create(b, load.getLoc(), load.getMemRef(), indices);
  }
  mv.init.getResult().replaceAllUsesWith(init);
  mv.init.erase();
  mv.init = init.getDefiningOp<memref::LoadOp>();
  fill.erase();
}

int64_t unrollOf(Operation *loop) {
  auto u = loop ? loop->getAttrOfType<IntegerAttr>("hls.unroll")
                : IntegerAttr();
  return u ? u.getInt() : 1;
}

/// The smallest divisor of `n` that is >= `want` (n if none is smaller).
int64_t divisorAtLeast(int64_t n, int64_t want) {
  for (int64_t d = std::max<int64_t>(want, 1); d < n; ++d)
    if (n % d == 0)
      return d;
  return n;
}

bool isConstant(Value v, double expected) {
  auto c = v.getDefiningOp<arith::ConstantOp>();
  auto f = c ? dyn_cast<FloatAttr>(c.getValue()) : FloatAttr();
  return f && f.getValueAsDouble() == expected;
}

/// Fixed point: 1 / (1 + exp(-x)) (the sigmoid of convert-rnn-to-linalg)
/// becomes 0.5 + 0.5 * tanh(0.5 * x). Same function, but exp(-x)
/// saturates in a narrow fixed-point type and tanh is a bounded table.
void rewriteSigmoids(func::FuncOp func) {
  SmallVector<arith::DivFOp> divs;
  func.walk([&](arith::DivFOp div) { divs.push_back(div); });
  for (arith::DivFOp div : divs) {
    auto add = div.getRhs().getDefiningOp<arith::AddFOp>();
    if (!isConstant(div.getLhs(), 1.0) || !add)
      continue;
    Value other = isConstant(add.getLhs(), 1.0)   ? add.getRhs()
                  : isConstant(add.getRhs(), 1.0) ? add.getLhs()
                                                  : Value();
    auto exp = other ? other.getDefiningOp<math::ExpOp>() : math::ExpOp();
    auto neg = exp ? exp.getOperand().getDefiningOp<arith::NegFOp>()
                   : arith::NegFOp();
    if (!neg)
      continue;
    OpBuilder b(div);
    Location loc = div.getLoc();
    Type type = div.getType();
    Value half = arith::ConstantOp::create(b, loc, b.getFloatAttr(type, 0.5));
    Value scaled = arith::MulFOp::create(b, loc, neg.getOperand(), half);
    Value t = math::TanhOp::create(b, loc, scaled);
    Value r = arith::AddFOp::create(b, loc, half,
                                    arith::MulFOp::create(b, loc, t, half));
    div.replaceAllUsesWith(r);
    div.erase();
    if (add->use_empty())
      add.erase();
    if (exp->use_empty())
      exp.erase();
    if (neg->use_empty())
      neg.erase();
  }
}

/// Erases buffers that are only ever written (through views too): their
/// stores are dead, and C compilers reject the arrays as set but unused.
void eraseWriteOnlyBuffers(func::FuncOp func) {
  SmallVector<Operation *> allocs;
  func.walk([&](Operation *op) {
    if (isa<memref::AllocOp, memref::AllocaOp>(op))
      allocs.push_back(op);
  });
  for (Operation *alloc : allocs) {
    SmallVector<Operation *> dead;
    SmallVector<Value> worklist{alloc->getResult(0)};
    bool writeOnly = true;
    while (!worklist.empty() && writeOnly) {
      Value v = worklist.pop_back_val();
      for (OpOperand &use : v.getUses()) {
        Operation *user = use.getOwner();
        if (isa<memref::SubViewOp, memref::ExpandShapeOp,
                memref::CollapseShapeOp, memref::CastOp,
                memref::ReinterpretCastOp, memref::ReshapeOp>(user) &&
            user->getOperand(0) == v) {
          worklist.push_back(user->getResult(0));
        } else if (auto store = dyn_cast<memref::StoreOp>(user);
                   store && use.getOperandNumber() == 1) {
        } else if (auto copy = dyn_cast<memref::CopyOp>(user);
                   copy && copy.getTarget() == v) {
        } else if (!isa<memref::DeallocOp>(user)) {
          writeOnly = false;
          break;
        }
        dead.push_back(user);
      }
    }
    if (!writeOnly)
      continue;
    // Users before their operands' definitions: erase in reverse order.
    for (Operation *op : llvm::reverse(dead))
      op->erase();
    alloc->erase();
  }
}

class HLSPreparePass
    : public mlir::rnn::impl::RNNHLSPrepareBase<HLSPreparePass> {
public:
  using RNNHLSPrepareBase::RNNHLSPrepareBase;
  void runOnOperation() override;

private:
  LogicalResult setPrecision();
  LogicalResult checkStatic(func::FuncOp func);
  void partition(Value memref, int64_t factor);
  void annotateMatVec(MatVec &mv);
  void copyProductPorts(func::FuncOp func, ArrayRef<MatVec> products);
  int64_t countNonZeros(memref::LoadOp load);
  LogicalResult checkInt8Precision(MatVec &mv);
  void typeInt8FixedProduct(MatVec &mv);
  void setInt8FixedTypes();
  SymbolTable *symbols = nullptr;
  bool int8Fixed = false;
  float maxScale = 0.0f;
};

LogicalResult HLSPreparePass::setPrecision() {
  ModuleOp module = getOperation();
  Builder b(module);
  StringRef p = StringRef(precision).trim();
  module->setAttr("hls.precision", b.getStringAttr(p));
  if (p == "float")
    return success();
  int64_t width = 0, integer = 0;
  StringRef rest = p;
  if (!rest.consume_front("fixed<") || !rest.consume_back(">"))
    return module.emitError() << "rnn-hls-prepare: precision must be 'float' "
                                 "or 'fixed<W,I>', got '"
                              << p << "'";
  auto [w, i] = rest.split(',');
  if (w.trim().getAsInteger(10, width) || i.trim().getAsInteger(10, integer) ||
      width < 2 || width > 32 || integer < 1 || integer > width)
    return module.emitError() << "rnn-hls-prepare: bad fixed-point precision '"
                              << p << "' (need 2 <= W <= 32, 1 <= I <= W)";
  // Data rounds to nearest and saturates; the accumulator holds a product
  // exactly (2W bits, 2I integer bits) and saturates on overflow.
  module->setAttr("hls.data_type",
                  b.getStringAttr(llvm::formatv("ap_fixed<{0},{1},AP_RND,"
                                                "AP_SAT>",
                                                width, integer)
                                      .str()));
  module->setAttr("hls.accum_type",
                  b.getStringAttr(llvm::formatv("ap_fixed<{0},{1},AP_RND,"
                                                "AP_SAT>",
                                                2 * width, 2 * integer)
                                      .str()));
  return success();
}

/// int8 products in the CPU's form (rnn-hls-weights without fixed-point)
/// quantize activations and rescale the i32 sums in f32; their scales and
/// sums do not fit a narrow ap_fixed data type.
LogicalResult HLSPreparePass::checkInt8Precision(MatVec &mv) {
  if (StringRef(precision).trim() == "float" || !mv.isInt)
    return success();
  return mv.kLoop.emitError()
         << "rnn-hls-prepare: an int8 product with quantized activations "
            "(the CPU's int8 arithmetic, for precision=float) with precision '"
         << StringRef(precision).trim()
         << "'; lower with rnn-hls-weights{fixed-point=true} (rnnc does for "
            "--hls-precision=fixed<W,I>)";
}

/// int8 weights with fixed-point data (rnn-hls-weights fixed-point): the
/// product multiplies a data_t activation by the 8-bit integer weight
/// (sitofp prints as an exact ap_int<8>) and sums exactly in `acc8_t`
/// (ap_fixed<F+32, 32>: the activations' F fractional bits, 32 integer
/// bits like the CPU's i32 sums); the buffer of the sums is acc8_t; the
/// rescale `sum * s_w[n]` reads s_w in `wscale_t` (ap_fixed<32, Is>: the
/// scales' integer bits, the rest fractional) and is exact in accum_t
/// before the sum with C is rounded once to data_t.
void HLSPreparePass::typeInt8FixedProduct(MatVec &mv) {
  if (StringRef(precision).trim() == "float" || mv.isInt)
    return;
  auto conv = mv.weight.getResult().hasOneUse()
                  ? dyn_cast<arith::SIToFPOp>(*mv.weight->user_begin())
                  : arith::SIToFPOp();
  if (!conv || !mv.weight.getType().isInteger(8))
    return;
  Builder b(mv.kLoop);
  mv.kLoop->setAttr("hls.int8", b.getUnitAttr());
  mv.kLoop->setAttr("hls.accum_c_type", b.getStringAttr("acc8_t"));
  Value root = rootBuffer(mv.store.getMemRef());
  Operation *alloc = root.getDefiningOp();
  if (!isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(alloc))
    return;
  alloc->setAttr("hls.c_type", b.getStringAttr("acc8_t"));
  int8Fixed = true;
  // The rescale: a load of the sums times a load of a constant global.
  SmallVector<Value> worklist{root};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<memref::SubViewOp, memref::ExpandShapeOp,
              memref::CollapseShapeOp, memref::CastOp,
              memref::ReinterpretCastOp, memref::ReshapeOp>(user)) {
        worklist.push_back(user->getResult(0));
        continue;
      }
      auto load = dyn_cast<memref::LoadOp>(user);
      if (!load || load->getParentOfType<scf::ForOp>() == mv.kLoop)
        continue;
      for (Operation *mulUser : load->getUsers()) {
        auto mul = dyn_cast<arith::MulFOp>(mulUser);
        if (!mul)
          continue;
        Value other = mul.getLhs() == load.getResult() ? mul.getRhs()
                                                       : mul.getLhs();
        auto scaleLoad = other.getDefiningOp<memref::LoadOp>();
        auto get = scaleLoad ? rootBuffer(scaleLoad.getMemRef())
                                   .getDefiningOp<memref::GetGlobalOp>()
                             : memref::GetGlobalOp();
        auto global = get ? symbols->lookup<memref::GlobalOp>(get.getName())
                          : memref::GlobalOp();
        if (!global || !global.getConstant())
          continue;
        global->setAttr("hls.c_type", b.getStringAttr("wscale_t"));
        mul->setAttr("hls.c_type", b.getStringAttr("accum_t"));
        auto init = dyn_cast_or_null<DenseElementsAttr>(
            global.getInitialValue().value_or(Attribute()));
        if (init && init.getElementType().isF32())
          for (float v : init.getValues<float>())
            maxScale = std::max(maxScale, std::fabs(v));
      }
    }
  }
}

LogicalResult HLSPreparePass::checkStatic(func::FuncOp func) {
  // A bounded sequence length (boundSequenceLength) leaves dynamic shapes
  // whose bounds are recorded.
  bool bounded = func->hasAttr("hls.seq_len");
  WalkResult result = func.walk([&](Operation *op) {
    for (Value v : op->getResults()) {
      auto type = dyn_cast<MemRefType>(v.getType());
      if (type && !type.hasStaticShape() &&
          (!bounded || ::rnn::hlsMaxShape(v).empty())) {
        op->emitError() << "rnn-hls-prepare: dynamic shape " << type
                        << ": the HLS backend needs static shapes (pin the "
                           "model's dynamic input dims with --input-shape)";
        return WalkResult::interrupt();
      }
    }
    if (isa<tensor::TensorDialect, linalg::LinalgDialect>(op->getDialect())) {
      op->emitError() << "rnn-hls-prepare: '" << op->getName()
                      << "' left at the HLS level (run rnn-lower-to-hls "
                         "first)";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto memref = dyn_cast<MemRefType>(type);
    if (!memref || (!memref.hasStaticShape() && !bounded))
      return func.emitError() << "rnn-hls-prepare: input " << i
                              << " has type " << type
                              << "; the HLS backend needs static shapes (pin "
                                 "dynamic dims with --input-shape)";
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto memref = dyn_cast<MemRefType>(type);
    if (!memref || (!memref.hasStaticShape() &&
                    !func.getResultAttr(i, "hls.seq_dim")))
      return func.emitError() << "rnn-hls-prepare: output " << i
                              << " has type " << type
                              << "; the HLS backend needs static shapes";
  }
  return success();
}

/// Records a cyclic partition factor on the op that owns `memref`'s storage
/// (an alloc or a global); -1 is complete. Ports and carried buffers are
/// left alone: a port's layout is the interface's, a carried buffer belongs
/// to the emitter.
void HLSPreparePass::partition(Value memref, int64_t factor) {
  Value root = rootBuffer(memref);
  Operation *owner = root.getDefiningOp();
  if (auto get = dyn_cast_or_null<memref::GetGlobalOp>(owner))
    owner = symbols->lookup(get.getName());
  if (!owner || !isa<memref::AllocOp, memref::AllocaOp, memref::GlobalOp>(owner))
    return;
  int64_t size = ::rnn::hlsMaxElements(root);
  if (factor >= size)
    factor = -1;
  Builder b(owner);
  auto old = owner->getAttrOfType<IntegerAttr>("hls.partition");
  if (old && (old.getInt() == -1 || (factor != -1 && old.getInt() >= factor)))
    return;
  owner->setAttr("hls.partition", b.getI64IntegerAttr(factor));
}

/// Every top-level input port a product reads (the input projection reads
/// the model input X; weights and biases may be graph inputs) is copied
/// once, at the start, into a local array (`hls.port_copy` = the port's
/// name) that the product then reads: a port delivers one element per
/// cycle, while the
/// local array is partitioned like any product operand, so the product
/// runs at its reuse factor's rate instead of K cycles per row. The copy
/// is one pipelined loop in port order (an m_axi burst, or the in-order
/// read of an AXI4 stream): T·I cycles once instead of K per output row.
void HLSPreparePass::copyProductPorts(func::FuncOp func,
                                      ArrayRef<MatVec> products) {
  Block &entry = func.getBody().front();
  llvm::SmallSetVector<unsigned, 4> ports;
  for (MatVec mv : products)
    for (memref::LoadOp load : {mv.vector, mv.weight, mv.init}) {
      if (!load)
        continue;
      auto arg = dyn_cast<BlockArgument>(rootBuffer(load.getMemRef()));
      if (arg && arg.getOwner() == &entry)
        ports.insert(arg.getArgNumber());
    }
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  for (unsigned i : llvm::to_vector(ports)) {
    BlockArgument arg = func.getArgument(i);
    auto type = cast<MemRefType>(arg.getType());
    Location loc = arg.getLoc();
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(memref::DimOp::create(b, loc, arg, d));
    auto alloc = memref::AllocOp::create(
        b, loc, MemRefType::get(type.getShape(), type.getElementType()), sizes);
    if (!type.hasStaticShape())
      alloc->setAttr("hls.max_shape",
                     b.getDenseI64ArrayAttr(::rnn::hlsMaxShape(arg)));
    auto name = func.getArgAttrOfType<StringAttr>(i, "rnn.name");
    alloc->setAttr("hls.port_copy",
                   name ? name : b.getStringAttr("in" + std::to_string(i)));
    auto copy = memref::CopyOp::create(b, loc, arg, alloc);
    // The sizes keep reading the port's dims (the emitter's seq_len).
    arg.replaceUsesWithIf(alloc.getResult(), [&](OpOperand &use) {
      return use.getOwner() != copy && !isa<memref::DimOp>(use.getOwner());
    });
  }
}

/// The partition that gives a product one whole row of its vector operand
/// per cycle: cyclic by K when the rows are K contiguous elements aligned to
/// K in the array (the k loop indexes the innermost dim, of size K, stride
/// 1, and the array's innermost dim is a multiple of K), so row m's element
/// k is in bank k whatever m is; else complete. (Complete partitioning of a
/// T x K input would cost T·K registers for K reads per cycle.)
int64_t rowPartition(MatVec mv) {
  if (mv.indices)
    return -1; // gathered columns: any element of the row
  auto type = cast<MemRefType>(mv.vector.getMemRef().getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (type.getRank() == 0 ||
      mv.vector.getIndices().back() != mv.kLoop.getInductionVar() ||
      type.getShape().back() != mv.k ||
      failed(type.getStridesAndOffset(strides, offset)) || strides.back() != 1)
    return -1;
  SmallVector<int64_t> root =
      ::rnn::hlsMaxShape(rootBuffer(mv.vector.getMemRef()));
  if (root.empty() || root.back() % mv.k != 0)
    return -1;
  return mv.k;
}

void HLSPreparePass::annotateMatVec(MatVec &mv) {
  Builder b(mv.kLoop);
  int64_t r = std::max<int64_t>(reuse, 1);
  int64_t total = mv.n * mv.k;
  int64_t mults = (total + r - 1) / r;
  // P < K: part of one row per cycle. P >= K: whole rows per cycle, the
  // output loop pipelined (P == K pipelines rows at II 1 instead of leaving
  // the rows sequential around a one-iteration k pipeline).
  if (mults < mv.k || !mv.nLoop) {
    int64_t u = divisorAtLeast(mv.k, std::min(mults, mv.k));
    mv.kLoop->setAttr("hls.pipeline", b.getI64IntegerAttr(1));
    if (u > 1)
      mv.kLoop->setAttr("hls.unroll", b.getI64IntegerAttr(u));
    mults = u;
    partition(mv.weight.getMemRef(), u);
    if (mv.indices) {
      // Gathered columns: any U elements of A per cycle.
      partition(mv.indices.getMemRef(), u);
      if (u > 1)
        partition(mv.vector.getMemRef(), -1);
    } else {
      partition(mv.vector.getMemRef(), u);
    }
  } else {
    int64_t u = divisorAtLeast(mv.n, (mults + mv.k - 1) / mv.k);
    mv.nLoop->setAttr("hls.pipeline", b.getI64IntegerAttr(1));
    if (u > 1)
      mv.nLoop->setAttr("hls.unroll", b.getI64IntegerAttr(u));
    mults = u * mv.k;
    partition(mv.weight.getMemRef(), u * mv.k);
    if (mv.indices)
      partition(mv.indices.getMemRef(), u * mv.k);
    partition(mv.vector.getMemRef(), rowPartition(mv));
    partition(mv.store.getMemRef(), u);
    // u initial values per cycle (the accumulator, a folded copy's source
    // or a folded fill's broadcast row).
    if (mv.init)
      partition(mv.init.getMemRef(), u);
  }
  mv.kLoop->setAttr("hls.matvec",
                    b.getDenseI64ArrayAttr({mv.n, mv.k, r, mults}));
  // Operands read from a top-level port (the input projection reads the
  // model input; weights may be graph inputs) are not partitioned: a port
  // delivers one element per cycle, so the pipeline's II is at least the
  // elements it reads per iteration (the report uses this).
  bool kPipelined = mv.kLoop->hasAttr("hls.pipeline");
  int64_t perIteration =
      kPipelined ? std::max<int64_t>(unrollOf(mv.kLoop), 1)
                 : std::max<int64_t>(unrollOf(mv.nLoop), 1) * mv.k;
  int64_t vectorReads = kPipelined ? perIteration : mv.k;
  int64_t portReads = 0;
  if (isa<BlockArgument>(rootBuffer(mv.vector.getMemRef())))
    portReads = std::max(portReads, vectorReads);
  if (isa<BlockArgument>(rootBuffer(mv.weight.getMemRef())))
    portReads = std::max(portReads, perIteration);
  if (portReads > 1)
    (kPipelined ? mv.kLoop : mv.nLoop)
        ->setAttr("hls.port_reads", b.getI64IntegerAttr(portReads));
  if (mv.isInt)
    mv.kLoop->setAttr("hls.int8", b.getUnitAttr());
  if (mv.indices)
    mv.kLoop->setAttr("hls.sparse",
                      b.getDenseI64ArrayAttr({countNonZeros(mv.weight)}));
}

/// Non-zeros of the constant global a load reads (the stored values of a
/// sparse product; -1 when unknown).
int64_t HLSPreparePass::countNonZeros(memref::LoadOp load) {
  auto get = rootBuffer(load.getMemRef()).getDefiningOp<memref::GetGlobalOp>();
  auto global = get ? symbols->lookup<memref::GlobalOp>(get.getName())
                    : memref::GlobalOp();
  auto init = global ? dyn_cast_or_null<DenseElementsAttr>(
                           global.getInitialValue().value_or(Attribute()))
                     : DenseElementsAttr();
  if (!init)
    return -1;
  if (init.getElementType().isF32())
    return llvm::count_if(init.getValues<float>(),
                          [](float v) { return v != 0.0f; });
  if (init.getElementType().isInteger(8))
    return llvm::count_if(init.getValues<APInt>(),
                          [](const APInt &v) { return !v.isZero(); });
  return -1;
}

/// The module's `hls.int8_accum_type` / `hls.scale_type` (typedefs acc8_t /
/// wscale_t of the header) when int8 products with fixed-point data exist.
void HLSPreparePass::setInt8FixedTypes() {
  if (!int8Fixed)
    return;
  ModuleOp module = getOperation();
  StringRef p = StringRef(precision).trim();
  int64_t width = 0, integer = 0;
  (void)p.consume_front("fixed<");
  (void)p.consume_back(">");
  auto [w, i] = p.split(',');
  (void)w.trim().getAsInteger(10, width);
  (void)i.trim().getAsInteger(10, integer);
  int64_t frac = width - integer;
  Builder b(module);
  module->setAttr("hls.int8_accum_type",
                  b.getStringAttr(llvm::formatv("ap_fixed<{0},32,AP_RND,"
                                                "AP_SAT>",
                                                frac + 32)
                                      .str()));
  // Scales below 2^(Is-1): Is integer bits (at least 1), 32 - Is
  // fractional ones.
  int64_t scaleInt = 1;
  while (scaleInt < 16 && std::ldexp(1.0, scaleInt - 1) <= maxScale)
    ++scaleInt;
  module->setAttr("hls.scale_type",
                  b.getStringAttr(llvm::formatv("ap_fixed<32,{0},AP_RND,"
                                                "AP_SAT>",
                                                scaleInt)
                                      .str()));
}

void HLSPreparePass::runOnOperation() {
  ModuleOp module = getOperation();
  SymbolTable table(module);
  symbols = &table;
  int8Fixed = false;
  maxScale = 0.0f;
  if (failed(setPrecision()))
    return signalPassFailure();
  if (interface != "m_axi" && interface != "axis") {
    module.emitError() << "rnn-hls-prepare: interface must be m_axi or axis, "
                          "got '"
                       << interface << "'";
    return signalPassFailure();
  }
  Builder b(module);
  SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
  for (func::FuncOp func : funcs) {
    if (func.isExternal())
      continue;
    if (failed(mlir::rnn::boundSequenceLength(func, maxSeqLen)) ||
        failed(checkStatic(func)))
      return signalPassFailure();
    eraseWriteOnlyBuffers(func);
    if (StringRef(precision).trim() != "float")
      rewriteSigmoids(func);
    func->setAttr("hls.interface", b.getStringAttr(interface));
    func->removeAttr("llvm.emit_c_interface");
    if (!top.empty() && funcs.size() == 1 && func.getSymName() != top) {
      if (failed(table.rename(func, b.getStringAttr(top)))) {
        func.emitError("rnn-hls-prepare: cannot rename the top function");
        return signalPassFailure();
      }
    }

    // Products first (they decide their loops' directives), then every
    // other innermost loop is pipelined.
    SmallVector<scf::ForOp> loops;
    func.walk([&](scf::ForOp loop) { loops.push_back(loop); });
    SmallVector<Operation *> productLoops;
    SmallVector<MatVec> products;
    for (scf::ForOp loop : loops) {
      std::optional<MatVec> mv = matchMatVec(loop);
      if (!mv)
        continue;
      if (failed(checkInt8Precision(*mv)))
        return signalPassFailure();
      scalarReplaceAccumulator(*mv);
      foldInitialCopy(*mv);
      foldFill(*mv);
      products.push_back(*mv);
    }
    copyProductPorts(func, products);
    for (MatVec &mv : products) {
      annotateMatVec(mv);
      typeInt8FixedProduct(mv);
      productLoops.push_back(mv.kLoop);
      if (mv.nLoop)
        productLoops.push_back(mv.nLoop);
    }
    func.walk([&](scf::ForOp loop) {
      if (!loop.getBody()->getOps<scf::ForOp>().empty())
        return;
      for (Operation *p = loop; p; p = p->getParentOp())
        if (p->hasAttr("hls.pipeline") || p->hasAttr("hls.unroll"))
          return;
      loop->setAttr("hls.pipeline", b.getI64IntegerAttr(1));
    });
    // Loops around a product that are not part of it: the time loop and
    // the loops over the batch rows.
    unsigned timeLoops = 0;
    func.walk([&](scf::ForOp loop) {
      if (loop->hasAttr("hls.matvec") || llvm::is_contained(productLoops, loop))
        return;
      bool holdsProduct = false;
      loop.getBody()->walk([&](scf::ForOp inner) {
        holdsProduct |= inner->hasAttr("hls.matvec");
      });
      if (holdsProduct &&
          (loop->hasAttr("rnn.time_loop") || !loop.getInitArgs().empty()))
        loop->setAttr("hls.label",
                      b.getStringAttr("time_loop" + std::to_string(timeLoops++)));
    });
    if (dataflow)
      mlir::rnn::planDataflow(func);
  }
  for (auto global : module.getOps<memref::GlobalOp>())
    if (global.getConstant())
      global->setAttr("hls.storage", b.getStringAttr("rom_2p"));
  setInt8FixedTypes();
}

} // namespace
