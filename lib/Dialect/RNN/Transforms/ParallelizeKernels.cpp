//===- ParallelizeKernels.cpp - kernels' panel loops split across threads -===//
//
// A batch-1 recurrent step is one matrix-vector product over the recurrent
// weights: its only parallelism is across the output rows, i.e. across the
// panels of rnn-matmul-to-vector's kernel. This pass turns each panel loop
// (marked `rnn.parallel` by the kernel) into an OpenMP worksharing loop with
// a static schedule, guarded by the run-time thread count:
//
//   - the thread count is a module global (`rnnc_num_threads`, 1 unless the
//     caller sets it through the C ABI), so one compiled model serves any
//     count and 1 thread runs exactly the sequential code;
//   - static schedule: at every step of the time loop the same panels go to
//     the same thread, so each core streams its share of the weights from
//     its own cache (at H=256 an LSTM's R is 1 MiB: half per core);
//   - the results are bit-identical for any thread count: a panel's
//     arithmetic does not depend on which thread runs it.
//
// A fork / join per product costs microseconds and leaves the gate math on
// one thread, so a loop whose steps stream enough weights (a time loop, an
// input projection's block loop) runs instead in one parallel region:
// every thread runs every step, the panel loops are worksharing loops, the
// element-wise gate math is split by columns, an inner loop or a branch
// holding panel loops is run by every thread (the branch of
// f32-projection-in-step's step: the product with the next block's
// projection tiles, or the product alone), the rest runs on one thread,
// and the barriers at the end of each of these order the steps' reads and
// writes of the shared buffers (regionRoles, emitRegionBody).
//
// With spin-barrier (the default), the worksharing loops and singles of a
// region are `nowait` and each is followed by a barrier generated here from
// two atomic words (an arrival count and a generation, on their own cache
// lines, in the function's frame): the last thread to arrive resets the
// count and bumps the generation, the others spin on an acquire load of the
// generation (yielding the core every 1024 polls, for oversubscribed
// machines). The team size is read once per region (omp_get_num_threads: a
// region nested in the caller's own parallel region gets 1 thread). On this
// project's 2-vCPU VM one such barrier costs 0.16 us against libomp's 0.54-0.61
// us (benchmarks/sync_probe.c).
//
// The OpenMP dialect is lowered by convert-openmp-to-llvm and LLVM's
// OpenMPIRBuilder (outlined body, __kmpc_fork_call): the object then needs
// the LLVM OpenMP runtime (libomp), which the driver links.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNPARALLELIZEKERNELS
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

/// The module's thread-count global, created on first use.
memref::GlobalOp getOrCreateThreadsGlobal(ModuleOp module) {
  if (auto global = module.lookupSymbol<memref::GlobalOp>(
          rnn::kNumThreadsGlobal))
    return global;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto type = MemRefType::get({}, b.getI32Type());
  auto init = DenseElementsAttr::get(
      RankedTensorType::get({}, b.getI32Type()), b.getI32IntegerAttr(1));
  return memref::GlobalOp::create(
      b, module.getLoc(), rnn::kNumThreadsGlobal,
      /*sym_visibility=*/b.getStringAttr("public"), type, init,
      /*constant=*/false, /*alignment=*/nullptr);
}

/// A private external function of the module (`name() -> i32`), declared
/// on first use.
func::FuncOp getOrDeclareI32Function(ModuleOp module, StringRef name) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto fn = func::FuncOp::create(
      b, module.getLoc(), name,
      b.getFunctionType({}, {b.getI32Type()}));
  fn.setPrivate();
  return fn;
}

/// The generated barrier of one parallel region (see the file comment):
/// pointers to its arrival count and generation, and the team size - 1.
/// A null `count` means the regions use OpenMP's barriers.
struct SpinBarrier {
  Value count, generation, lastArrival;

  explicit operator bool() const { return static_cast<bool>(count); }

  /// Allocates the state in the entry block of the function holding `at`
  /// and zeroes it at `b` (before the omp.parallel).
  static Value allocateState(OpBuilder &b, Location loc, Operation *at) {
    auto fn = at->getParentOfType<FunctionOpInterface>();
    auto type = MemRefType::get({kWords}, b.getI32Type());
    Value state;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&fn.getFunctionBody().front());
      state = memref::AllocaOp::create(b, loc, type, ValueRange(),
                                       b.getI64IntegerAttr(64));
    }
    Value zero = arith::ConstantIntOp::create(b, loc, 0, 32);
    for (int64_t word : {kCountWord, kGenerationWord})
      memref::StoreOp::create(
          b, loc, zero, state,
          ValueRange{arith::ConstantIndexOp::create(b, loc, word)});
    return state;
  }

  /// At the start of the region (every thread): the pointers and the team
  /// size.
  static SpinBarrier enter(OpBuilder &b, Location loc, Value state,
                           ModuleOp module) {
    auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
    Value address =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, state);
    Value base = LLVM::IntToPtrOp::create(
        b, loc, ptrType,
        arith::IndexCastOp::create(b, loc, b.getI64Type(), address)
            .getResult());
    Value generation = LLVM::GEPOp::create(
        b, loc, ptrType, b.getI32Type(), base,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(kGenerationWord)});
    func::FuncOp teamSize =
        getOrDeclareI32Function(module, "omp_get_num_threads");
    Value threads = func::CallOp::create(b, loc, teamSize).getResult(0);
    Value last = arith::SubIOp::create(
        b, loc, threads, arith::ConstantIntOp::create(b, loc, 1, 32));
    return {base, generation, last};
  }

  /// One barrier at `b`.
  void emit(OpBuilder &b, Location loc, ModuleOp module) const {
    Type i32 = b.getI32Type();
    // The generation cannot move before this thread arrives.
    Value seen = LLVM::LoadOp::create(b, loc, i32, generation, /*alignment=*/4,
                                      false, false, false, false,
                                      LLVM::AtomicOrdering::monotonic);
    Value one = arith::ConstantIntOp::create(b, loc, 1, 32);
    Value arrived = LLVM::AtomicRMWOp::create(b, loc, LLVM::AtomicBinOp::add,
                                              count, one,
                                              LLVM::AtomicOrdering::acq_rel);
    Value isLast = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         arrived, lastArrival);
    auto ifOp = scf::IfOp::create(b, loc, isLast, /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      LLVM::StoreOp::create(b, loc, arith::ConstantIntOp::create(b, loc, 0, 32),
                            count, 4, false, false, false,
                            LLVM::AtomicOrdering::monotonic);
      LLVM::StoreOp::create(b, loc, arith::AddIOp::create(b, loc, seen, one),
                            generation, 4, false, false, false,
                            LLVM::AtomicOrdering::release);
      b.setInsertionPointToStart(ifOp.elseBlock());
      // Spin until the generation moves; every 1024 polls give the core
      // away (sched_yield) in case the last thread is not running.
      Value zero = arith::ConstantIntOp::create(b, loc, 0, 32);
      auto spin = scf::WhileOp::create(b, loc, TypeRange{i32}, ValueRange{zero});
      Block *before = b.createBlock(&spin.getBefore(), {}, {i32}, {loc});
      Value now = LLVM::LoadOp::create(b, loc, i32, generation, 4, false,
                                       false, false, false,
                                       LLVM::AtomicOrdering::acquire);
      Value waiting = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                            now, seen);
      scf::ConditionOp::create(b, loc, waiting, before->getArgument(0));
      Block *after = b.createBlock(&spin.getAfter(), {}, {i32}, {loc});
      Value polls = arith::AddIOp::create(b, loc, after->getArgument(0), one);
      Value tick = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::eq,
          arith::AndIOp::create(b, loc, polls,
                                arith::ConstantIntOp::create(b, loc, 1023, 32)),
          zero);
      auto yieldIf = scf::IfOp::create(b, loc, tick, /*withElseRegion=*/false);
      b.setInsertionPointToStart(yieldIf.thenBlock());
      func::CallOp::create(b, loc, getOrDeclareI32Function(module, "sched_yield"));
      b.setInsertionPointAfter(yieldIf);
      scf::YieldOp::create(b, loc, polls);
    }
  }

  static constexpr int64_t kCountWord = 0, kGenerationWord = 16,
                           kWords = 32;
};

/// The end of a construct of a region: with a generated barrier, the
/// construct is `nowait` and the barrier follows it.
void endConstruct(OpBuilder &b, Location loc, Operation *construct,
                  const SpinBarrier &barrier) {
  if (!barrier)
    return;
  construct->setAttr("nowait", b.getUnitAttr());
  barrier.emit(b, loc, construct->getParentOfType<ModuleOp>());
}

/// Before a panel loop of a parallel region: a prefetch of every 64-byte
/// line of each small vector the panels load element by element from a
/// buffer defined outside the loop (only unit dims before a static last one
/// of at most 1024 elements: h of a batch-1 step). Half of h was written
/// by the other thread in the previous step: without the prefetches each of
/// its lines is a cross-core miss taken when the k loop reaches it, with
/// them the lines are requested together. Measured on the vanilla RNN
/// H = 256 region: 0.06 us of a 2.5 us step (docs/passes.md, Threads).
void emitVectorPrefetches(OpBuilder &b, scf::ForOp loop,
                          const IRMapping &outer) {
  llvm::SetVector<Value> vectors;
  loop.getBody()->walk([&](memref::LoadOp load) {
    Value memref = load.getMemref();
    if (loop.getBodyRegion().isAncestor(memref.getParentRegion()))
      return;
    auto type = cast<MemRefType>(memref.getType());
    if (type.getRank() == 0 || !type.hasStaticShape() ||
        !type.getElementType().isIntOrFloat() ||
        type.getElementTypeBitWidth() % 8 != 0 ||
        type.getShape().back() > 1024 ||
        llvm::any_of(type.getShape().drop_back(),
                     [](int64_t d) { return d != 1; }))
      return;
    vectors.insert(memref);
  });
  Location loc = loop.getLoc();
  for (Value memref : vectors) {
    auto type = cast<MemRefType>(memref.getType());
    int64_t perLine = std::max<int64_t>(
        1, 512 / static_cast<int64_t>(type.getElementTypeBitWidth()));
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    for (int64_t i = 0; i < type.getShape().back(); i += perLine) {
      SmallVector<Value> indices(type.getRank() - 1, zero);
      indices.push_back(arith::ConstantIndexOp::create(b, loc, i));
      memref::PrefetchOp::create(b, loc, outer.lookupOrDefault(memref),
                                 indices, /*isWrite=*/false,
                                 /*localityHint=*/3, /*isDataCache=*/true);
    }
  }
}

/// A static-schedule worksharing loop over `loop`'s iteration space, built
/// at `b` inside an enclosing omp.parallel; the body is cloned (values
/// defined outside through `outer`). Ends with the construct's implicit
/// barrier.
void emitWsloop(OpBuilder &b, scf::ForOp loop, const IRMapping &outer,
                const SpinBarrier &barrier = {}) {
  Location loc = loop.getLoc();
  omp::WsloopOperands wsClauses;
  wsClauses.scheduleKind = omp::ClauseScheduleKindAttr::get(
      b.getContext(), omp::ClauseScheduleKind::Static);
  auto wsloop = omp::WsloopOp::create(b, loc, wsClauses);
  b.createBlock(&wsloop.getRegion());
  omp::LoopNestOperands nestClauses;
  nestClauses.loopLowerBounds.push_back(
      outer.lookupOrDefault(loop.getLowerBound()));
  nestClauses.loopUpperBounds.push_back(
      outer.lookupOrDefault(loop.getUpperBound()));
  nestClauses.loopSteps.push_back(outer.lookupOrDefault(loop.getStep()));
  auto nest = omp::LoopNestOp::create(b, loc, nestClauses);
  Block *body = b.createBlock(&nest.getRegion(), {},
                              {loop.getInductionVar().getType()}, {loc});
  IRMapping mapping = outer;
  mapping.map(loop.getInductionVar(), body->getArgument(0));
  for (Operation &op : loop.getBody()->without_terminator()) {
    // Serpentine panel order (rnn.serpentine) helps one core reuse its
    // cache from step to step; split across threads it would hand each
    // thread the other threads' panels on every other step. The threaded
    // copy keeps the forward order.
    if (auto select = dyn_cast<arith::SelectOp>(op);
        select && select->hasAttr(rnn::kSerpentineAttr)) {
      mapping.map(select.getResult(),
                  mapping.lookupOrDefault(select.getFalseValue()));
      continue;
    }
    b.clone(op, mapping);
  }
  omp::YieldOp::create(b, loc);
  b.setInsertionPointAfter(wsloop);
  endConstruct(b, loc, wsloop, barrier);
}

/// `for` as an OpenMP worksharing loop run by `threads` threads (one fork /
/// join).
void emitWorksharingLoop(OpBuilder &b, scf::ForOp loop, Value threads) {
  Location loc = loop.getLoc();
  omp::ParallelOperands parallelClauses;
  parallelClauses.numThreads = threads;
  auto parallel = omp::ParallelOp::create(b, loc, parallelClauses);
  b.createBlock(&parallel.getRegion());
  emitWsloop(b, loop, IRMapping());
  omp::TerminatorOp::create(b, loc);
}

/// `loop` becomes `scf.if (rnnc_num_threads > 1) { threaded } else { loop }`;
/// `emitThreaded` builds the threaded form at the start of the then-block,
/// given the loaded thread count.
void guardByThreadCount(scf::ForOp loop, memref::GlobalOp global,
                        function_ref<void(OpBuilder &, Value)> emitThreaded) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  Value ref = memref::GetGlobalOp::create(b, loc, global.getType(),
                                          global.getSymName());
  Value threads = memref::LoadOp::create(b, loc, ref, ValueRange{});
  Value one = arith::ConstantIntOp::create(b, loc, 1, 32);
  Value split = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                      threads, one);
  auto branch = scf::IfOp::create(b, loc, split, /*withElseRegion=*/true);
  b.setInsertionPointToStart(branch.thenBlock());
  emitThreaded(b, threads);
  loop->moveBefore(branch.elseBlock()->getTerminator());
}

bool isMarkedLoop(Operation *op) {
  auto loop = dyn_cast<scf::ForOp>(op);
  return loop && loop->hasAttr(rnn::kParallelLoopAttr) &&
         loop.getNumResults() == 0;
}

/// The weights a marked loop states (a unit mark counts as `unknown`).
int64_t markedWeights(Operation *loop, int64_t unknown) {
  if (auto weights =
          dyn_cast<IntegerAttr>(loop->getAttr(rnn::kParallelLoopAttr)))
    return weights.getInt();
  return unknown;
}

/// The buffer a memref is a view of (through subview, view, reshapes).
Value rootBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

/// Two roots that may be the same memory: the same value, two views of one
/// global, or two buffers not allocated here (arguments, call results); a
/// buffer allocated in the function is distinct from every other root.
bool mayAlias(Value a, Value b) {
  if (a == b)
    return true;
  auto globalA = a.getDefiningOp<memref::GetGlobalOp>();
  auto globalB = b.getDefiningOp<memref::GetGlobalOp>();
  if (globalA && globalB)
    return globalA.getName() == globalB.getName();
  auto allocated = [](Value v) {
    return v.getDefiningOp<memref::AllocOp>() ||
           v.getDefiningOp<memref::AllocaOp>();
  };
  return !allocated(a) && !allocated(b);
}

/// One memref access of an element-wise op split into column chunks: the
/// chunk of `value` is its slice along dimension `dim`.
struct ChunkAccess {
  Value root, value;
  unsigned dim;
  bool write;
};

/// An element-wise op (linalg op with only parallel loops on memrefs, or a
/// memref.copy) whose innermost loop is split into chunks of `chunk`
/// columns: how each operand is sliced.
struct ChunkedOp {
  Operation *op;
  int64_t extent = 0, chunk = 0;
  /// Per operand: the dimension sliced, or -1 (read whole: a broadcast).
  SmallVector<int64_t> sliceDim;
  SmallVector<ChunkAccess> accesses;
};

/// Chunk size for a split dimension of `extent` columns: 16 (a vector of
/// f32, a cache line) when it divides, else the largest divisor <= 16; at
/// least 2 chunks.
int64_t chunkSize(int64_t extent) {
  for (int64_t c = 16; c >= 1; --c)
    if (extent % c == 0 && extent / c >= 2)
      return c;
  return 0;
}

/// `op` as a ChunkedOp, if its innermost loop can be split so that every
/// chunk writes only its own columns and reads nothing another chunk writes.
std::optional<ChunkedOp> asChunkedOp(Operation *op) {
  ChunkedOp chunked;
  chunked.op = op;
  auto addAccess = [&](Value v, int64_t dim, bool write) {
    chunked.sliceDim.push_back(dim);
    chunked.accesses.push_back({rootBuffer(v), v, static_cast<unsigned>(
                                                       dim < 0 ? ~0u : dim),
                                write});
  };
  if (auto copy = dyn_cast<memref::CopyOp>(op)) {
    auto src = dyn_cast<MemRefType>(copy.getSource().getType());
    auto dst = dyn_cast<MemRefType>(copy.getTarget().getType());
    if (!src || !dst || src.getRank() == 0 || !src.hasStaticShape() ||
        src.getShape() != dst.getShape() ||
        mayAlias(rootBuffer(copy.getSource()), rootBuffer(copy.getTarget())))
      return std::nullopt;
    unsigned dim = src.getRank() - 1;
    chunked.extent = src.getDimSize(dim);
    addAccess(copy.getSource(), dim, false);
    addAccess(copy.getTarget(), dim, true);
  } else if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    if (!linalgOp.hasPureBufferSemantics() || op->getNumResults() != 0 ||
        linalgOp.getNumLoops() == 0 ||
        linalgOp.getNumLoops() != linalgOp.getNumParallelLoops() ||
        linalgOp.hasIndexSemantics())
      return std::nullopt;
    unsigned last = linalgOp.getNumLoops() - 1;
    chunked.extent = linalgOp.getStaticLoopRanges()[last];
    for (OpOperand &operand : op->getOpOperands()) {
      auto type = dyn_cast<MemRefType>(operand.get().getType());
      if (!type) {
        chunked.sliceDim.push_back(-1);
        continue;
      }
      if (!type.hasStaticShape())
        return std::nullopt;
      AffineMap map = linalgOp.getMatchingIndexingMap(&operand);
      int64_t dim = -1;
      for (auto [i, expr] : llvm::enumerate(map.getResults())) {
        if (auto d = dyn_cast<AffineDimExpr>(expr)) {
          if (d.getPosition() == last) {
            if (dim >= 0)
              return std::nullopt;
            dim = i;
          }
        } else if (expr.isFunctionOfDim(last)) {
          return std::nullopt;
        }
      }
      bool write = linalgOp.isDpsInit(&operand);
      // A write must be partitioned by the chunks.
      if (write && dim < 0)
        return std::nullopt;
      addAccess(operand.get(), dim, write);
    }
    // An operand written and also read through another operand: only as
    // the same value, sliced the same way, with the same indexing.
    for (OpOperand &a : op->getOpOperands())
      for (OpOperand &b : op->getOpOperands()) {
        if (&a == &b || !isa<MemRefType>(a.get().getType()) ||
            !isa<MemRefType>(b.get().getType()) || !linalgOp.isDpsInit(&a))
          continue;
        if (!mayAlias(rootBuffer(a.get()), rootBuffer(b.get())))
          continue;
        if (a.get() != b.get() || linalgOp.getMatchingIndexingMap(&a) !=
                                      linalgOp.getMatchingIndexingMap(&b))
          return std::nullopt;
      }
  } else {
    return std::nullopt;
  }
  if (ShapedType::isDynamic(chunked.extent))
    return std::nullopt;
  chunked.chunk = chunkSize(chunked.extent);
  if (!chunked.chunk)
    return std::nullopt;
  return chunked;
}

/// Whether `next` may run chunk by chunk after the ops of `group` in one
/// worksharing loop: same chunks, and whatever memory one of them writes
/// and another accesses is the same value sliced along the same dimension
/// (so a chunk touches only what the same chunk of the others wrote).
bool fitsGroup(ArrayRef<ChunkedOp> group, const ChunkedOp &next) {
  if (group.empty())
    return true;
  if (group.front().extent != next.extent ||
      group.front().chunk != next.chunk)
    return false;
  for (const ChunkedOp &prev : group)
    for (const ChunkAccess &a : prev.accesses)
      for (const ChunkAccess &b : next.accesses)
        if ((a.write || b.write) && mayAlias(a.root, b.root) &&
            (a.value != b.value || a.dim != b.dim || a.dim == ~0u))
          return false;
  return true;
}

/// The ops of `group` as one worksharing loop over their chunks, each op
/// cloned on the chunk's slices of its operands.
void emitChunkedLoop(OpBuilder &b, Location loc, ArrayRef<ChunkedOp> group,
                     const IRMapping &outer, const SpinBarrier &barrier) {
  int64_t chunk = group.front().chunk;
  omp::LoopNestOperands nestClauses;
  nestClauses.loopLowerBounds.push_back(
      arith::ConstantIndexOp::create(b, loc, 0));
  nestClauses.loopUpperBounds.push_back(arith::ConstantIndexOp::create(
      b, loc, group.front().extent / chunk));
  nestClauses.loopSteps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  omp::WsloopOperands wsClauses;
  wsClauses.scheduleKind = omp::ClauseScheduleKindAttr::get(
      b.getContext(), omp::ClauseScheduleKind::Static);
  auto wsloop = omp::WsloopOp::create(b, loc, wsClauses);
  b.createBlock(&wsloop.getRegion());
  auto nest = omp::LoopNestOp::create(b, loc, nestClauses);
  Block *body =
      b.createBlock(&nest.getRegion(), {}, {b.getIndexType()}, {loc});
  Value offset = arith::MulIOp::create(
      b, loc, body->getArgument(0),
      arith::ConstantIndexOp::create(b, loc, chunk));
  for (const ChunkedOp &chunked : group) {
    IRMapping mapping = outer;
    llvm::SmallDenseSet<Value> sliced;
    for (auto [operand, dim] :
         llvm::zip(chunked.op->getOperands(), chunked.sliceDim)) {
      if (dim < 0 || !sliced.insert(operand).second)
        continue;
      Value source = outer.lookupOrDefault(operand);
      auto type = cast<MemRefType>(source.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(type.getRank(),
                                               b.getIndexAttr(1));
      for (int64_t size : type.getShape())
        sizes.push_back(b.getIndexAttr(size));
      offsets[dim] = offset;
      sizes[dim] = b.getIndexAttr(chunk);
      mapping.map(operand, memref::SubViewOp::create(b, loc, source, offsets,
                                                     sizes, strides)
                               .getResult());
    }
    b.clone(*chunked.op, mapping);
  }
  omp::YieldOp::create(b, loc);
  b.setInsertionPointAfter(wsloop);
  endConstruct(b, loc, wsloop, barrier);
}

/// What a parallel region makes of one op of the loop it runs.
enum class RegionRole { Replicated, Panels, Chunked, Single, Nested, Branch };

/// The roles of the ops of `body` (see regionRoles), or nothing if one of
/// them cannot run in a region; `weights` gets the weights the panel loops
/// stream, `panels` whether there are any.
std::optional<SmallVector<RegionRole>>
blockRoles(Block *body, int64_t &weights, bool &panels, int64_t unknown);

/// The roles of the ops of each branch of `branch` (an empty list for a
/// missing else), or nothing if it is not a branch a region splits: no
/// results, and at least one branch holds panel loops. `weights` gets the
/// larger of the branches' weights.
std::optional<std::pair<SmallVector<RegionRole>, SmallVector<RegionRole>>>
branchRoles(scf::IfOp branch, int64_t &weights, int64_t unknown) {
  if (branch.getNumResults() != 0)
    return std::nullopt;
  std::pair<SmallVector<RegionRole>, SmallVector<RegionRole>> roles;
  bool panels = false;
  weights = 0;
  for (auto [block, out] :
       {std::make_pair(branch.thenBlock(), &roles.first),
        std::make_pair(branch.elseBlock(), &roles.second)}) {
    if (!block)
      continue;
    int64_t inner = 0;
    bool innerPanels = false;
    std::optional<SmallVector<RegionRole>> blockRoleList =
        blockRoles(block, inner, innerPanels, unknown);
    if (!blockRoleList)
      return std::nullopt;
    *out = std::move(*blockRoleList);
    weights = std::max(weights, inner);
    panels |= innerPanels;
  }
  if (!panels)
    return std::nullopt;
  return roles;
}

/// The role of each op of `loop`'s body in a parallel region around the
/// loop, or nothing if the loop cannot run in one: the loop carries no
/// values; every thread runs the ops free of memory effects; the marked
/// panel loops become worksharing loops; an inner loop that holds panel
/// loops and could run in a region itself (the batch loop of a step) is run
/// by every thread, its body handled the same way; so is an `scf.if`
/// without results whose branches hold panel loops (the step of
/// f32-projection-in-step: the product with the next block's projection
/// tiles, or the product alone in the last block), every thread taking the
/// same branch (its condition is computed by every thread from the same
/// values); element-wise ops are split into chunks of columns; the rest
/// (without results) runs on one thread. Nothing in the body allocates or
/// frees (a buffer allocated by every thread would not be shared).
/// `weights` gets the weights the panel loops stream per iteration (of a
/// branch, the larger branch's).
std::optional<SmallVector<RegionRole>> regionRoles(scf::ForOp loop,
                                                   int64_t &weights,
                                                   int64_t unknown) {
  if (loop.getNumResults() != 0 || loop->hasAttr(rnn::kParallelLoopAttr))
    return std::nullopt;
  bool allocates = false;
  loop.getBody()->walk([&](Operation *op) {
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (isa<omp::OpenMPDialect>(op->getDialect()) ||
        (effects && (effects.hasEffect<MemoryEffects::Allocate>() ||
                     effects.hasEffect<MemoryEffects::Free>())))
      allocates = true;
  });
  if (allocates)
    return std::nullopt;
  bool panels = false;
  std::optional<SmallVector<RegionRole>> roles =
      blockRoles(loop.getBody(), weights, panels, unknown);
  if (!roles || !panels)
    return std::nullopt;
  return roles;
}

std::optional<SmallVector<RegionRole>>
blockRoles(Block *body, int64_t &weights, bool &panels, int64_t unknown) {
  SmallVector<RegionRole> roles;
  panels = false;
  weights = 0;
  for (Operation &op : body->without_terminator()) {
    int64_t inner = 0;
    if (isMarkedLoop(&op)) {
      roles.push_back(RegionRole::Panels);
      weights += markedWeights(&op, unknown);
      panels = true;
    } else if (auto nested = dyn_cast<scf::ForOp>(op);
               nested && regionRoles(nested, inner, unknown)) {
      roles.push_back(RegionRole::Nested);
      weights += inner;
      panels = true;
    } else if (auto branch = dyn_cast<scf::IfOp>(op);
               branch && branchRoles(branch, inner, unknown)) {
      roles.push_back(RegionRole::Branch);
      weights += inner;
      panels = true;
    } else if (isMemoryEffectFree(&op)) {
      roles.push_back(RegionRole::Replicated);
    } else if (op.getNumResults() != 0) {
      return std::nullopt;
    } else if (asChunkedOp(&op)) {
      roles.push_back(RegionRole::Chunked);
    } else {
      roles.push_back(RegionRole::Single);
    }
  }
  return roles;
}

/// Emits, at `b` (inside the parallel region), what every thread runs of
/// `body` (see regionRoles): the ops free of memory effects first, then
/// the others in order, each panel loop a worksharing loop, each nested
/// loop a loop run by every thread with its body emitted the same way,
/// consecutive element-wise ops one worksharing loop over column chunks,
/// the other ops one omp.single. Each worksharing loop and single ends with
/// its barrier, so a step's writes are complete before any thread reads
/// them.
void emitRegionBody(OpBuilder &b, Location loc, Block *body,
                    ArrayRef<RegionRole> roles, IRMapping &mapping,
                    int64_t unknown, const SpinBarrier &barrier) {
  SmallVector<Operation *> ops = llvm::map_to_vector(
      body->without_terminator(), [](Operation &op) { return &op; });
  for (auto [op, role] : llvm::zip(ops, roles))
    if (role == RegionRole::Replicated)
      b.clone(*op, mapping);
  SmallVector<ChunkedOp> chunked;
  SmallVector<Operation *> single;
  auto flush = [&]() {
    if (!chunked.empty())
      emitChunkedLoop(b, loc, chunked, mapping, barrier);
    chunked.clear();
    if (!single.empty()) {
      auto op = omp::SingleOp::create(b, loc, omp::SingleOperands());
      b.createBlock(&op.getRegion());
      for (Operation *s : single)
        b.clone(*s, mapping);
      omp::TerminatorOp::create(b, loc);
      b.setInsertionPointAfter(op);
      endConstruct(b, loc, op, barrier);
    }
    single.clear();
  };
  for (auto [op, role] : llvm::zip(ops, roles)) {
    switch (role) {
    case RegionRole::Replicated:
      break;
    case RegionRole::Panels:
      flush();
      emitVectorPrefetches(b, cast<scf::ForOp>(op), mapping);
      emitWsloop(b, cast<scf::ForOp>(op), mapping, barrier);
      break;
    case RegionRole::Nested: {
      flush();
      auto inner = cast<scf::ForOp>(op);
      int64_t weights = 0;
      SmallVector<RegionRole> innerRoles =
          *regionRoles(inner, weights, unknown);
      auto loop = scf::ForOp::create(
          b, inner.getLoc(), mapping.lookupOrDefault(inner.getLowerBound()),
          mapping.lookupOrDefault(inner.getUpperBound()),
          mapping.lookupOrDefault(inner.getStep()));
      loop->setDiscardableAttrs(inner->getDiscardableAttrDictionary());
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      mapping.map(inner.getInductionVar(), loop.getInductionVar());
      emitRegionBody(b, inner.getLoc(), inner.getBody(), innerRoles, mapping,
                     unknown, barrier);
      break;
    }
    case RegionRole::Branch: {
      flush();
      auto branch = cast<scf::IfOp>(op);
      int64_t weights = 0;
      auto [thenRoles, elseRoles] = *branchRoles(branch, weights, unknown);
      bool hasElse = branch.elseBlock() != nullptr;
      auto ifOp = scf::IfOp::create(
          b, branch.getLoc(), mapping.lookupOrDefault(branch.getCondition()),
          hasElse);
      ifOp->setDiscardableAttrs(branch->getDiscardableAttrDictionary());
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      emitRegionBody(b, branch.getLoc(), branch.thenBlock(), thenRoles,
                     mapping, unknown, barrier);
      if (hasElse) {
        b.setInsertionPointToStart(ifOp.elseBlock());
        emitRegionBody(b, branch.getLoc(), branch.elseBlock(), elseRoles,
                       mapping, unknown, barrier);
      }
      break;
    }
    case RegionRole::Chunked: {
      ChunkedOp next = *asChunkedOp(op);
      if (!single.empty() || !fitsGroup(chunked, next))
        flush();
      chunked.push_back(next);
      break;
    }
    case RegionRole::Single:
      if (!chunked.empty())
        flush();
      single.push_back(op);
      break;
    }
  }
  flush();
}

/// Builds, at `b`, one parallel region in which every thread runs `loop`
/// (see regionRoles and emitRegionBody).
void emitParallelRegion(OpBuilder &b, scf::ForOp loop,
                        ArrayRef<RegionRole> roles, Value threads,
                        int64_t unknown, bool spinBarrier) {
  Location loc = loop.getLoc();
  Value state;
  if (spinBarrier)
    state = SpinBarrier::allocateState(b, loc, loop);
  omp::ParallelOperands parallelClauses;
  parallelClauses.numThreads = threads;
  auto parallel = omp::ParallelOp::create(b, loc, parallelClauses);
  b.createBlock(&parallel.getRegion());
  SpinBarrier barrier;
  if (spinBarrier)
    barrier = SpinBarrier::enter(b, loc, state,
                                 loop->getParentOfType<ModuleOp>());
  auto steps = scf::ForOp::create(b, loc, loop.getLowerBound(),
                                  loop.getUpperBound(), loop.getStep());
  steps->setDiscardableAttrs(loop->getDiscardableAttrDictionary());
  omp::TerminatorOp::create(b, loc);
  b.setInsertionPointToStart(steps.getBody());
  IRMapping mapping;
  mapping.map(loop.getInductionVar(), steps.getInductionVar());
  emitRegionBody(b, loc, loop.getBody(), roles, mapping, unknown, barrier);
  steps->walk([](scf::ForOp inner) {
    inner->removeAttr(rnn::kParallelLoopAttr);
  });
}

struct RNNParallelizeKernelsPass
    : rnn::impl::RNNParallelizeKernelsBase<RNNParallelizeKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The global exists even with nothing to split, so that the C ABI of
    // every model compiled with thread support is the same.
    memref::GlobalOp global = getOrCreateThreadsGlobal(module);

    // Loops (a time loop, the block loop of an input projection) whose
    // panel loops stream at least region-min-weights per iteration: one
    // parallel region around the whole loop.
    SmallVector<std::pair<scf::ForOp, SmallVector<RegionRole>>> regions;
    if (region)
      module.walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
        if (loop->hasAttr(rnn::kParallelLoopAttr))
          return WalkResult::skip();
        int64_t weights = 0;
        std::optional<SmallVector<RegionRole>> roles =
            regionRoles(loop, weights, regionMinWeights);
        if (!roles)
          return WalkResult::advance();
        if (weights < regionMinWeights)
          return WalkResult::advance();
        regions.emplace_back(loop, std::move(*roles));
        return WalkResult::skip();
      });
    for (auto &[loop, roles] : regions) {
      guardByThreadCount(loop, global, [&](OpBuilder &b, Value threads) {
        emitParallelRegion(b, loop, roles, threads, regionMinWeights,
                           spinBarrier);
      });
      // One thread: the original loop, nothing split.
      loop->walk([](scf::ForOp inner) {
        inner->removeAttr(rnn::kParallelLoopAttr);
      });
    }

    // The other marked loops: one fork / join each.
    SmallVector<scf::ForOp> loops;
    module.walk([&](scf::ForOp loop) {
      if (!loop->hasAttr(rnn::kParallelLoopAttr))
        return;
      int64_t weights = markedWeights(loop, minWeights);
      loop->removeAttr(rnn::kParallelLoopAttr);
      // A fork / join costs microseconds: loops streaming fewer than
      // min-weights weights stay sequential.
      if (weights < minWeights)
        return;
      // Loops that still carry values (not bufferized in place) and loops
      // inside another split loop stay sequential.
      // (The walk is post-order: an enclosing marked loop still has its
      // mark when its inner loops are visited.)
      bool nested = false;
      for (Operation *p = loop->getParentOp(); p && !nested;
           p = p->getParentOp())
        nested = p->hasAttr(rnn::kParallelLoopAttr);
      if (loop.getNumResults() == 0 && !nested)
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops)
      guardByThreadCount(loop, global, [&](OpBuilder &b, Value threads) {
        emitWorksharingLoop(b, loop, threads);
      });
  }
};

} // namespace
