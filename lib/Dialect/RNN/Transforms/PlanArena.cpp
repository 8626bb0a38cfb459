//===- PlanArena.cpp - one arena for a run's scratch buffers, by liveness -===//
//
// After bufferization and deallocation, every intermediate tensor of a model
// is a `memref.alloc` with a `memref.dealloc` at the end of the function: a
// run calls malloc and free once per buffer and keeps all of them alive at
// the same time. All shapes are known when the model is compiled, so the
// buffers can instead be laid out at compile time in one arena:
//
//   1. candidates are statically shaped allocs in the function's entry block
//      whose uses (through view-like ops) only read or write memory and whose
//      only deallocation is an unconditional dealloc in the same block;
//      anything that returns, yields, calls with or takes the address of a
//      buffer keeps its own allocation;
//   2. a buffer is live from its alloc to its last use, counted in entry-
//      block positions (a use inside a loop counts as the whole loop);
//   3. largest first, each buffer gets the lowest 64-byte aligned offset that
//      does not overlap a placed buffer with an overlapping lifetime;
//   4. the allocs become `memref.view`s of one arena allocated at entry and
//      freed before the return.
//
// The module gets `rnn.arena_bytes`, `rnn.arena_buffers` and
// `rnn.scratch_bytes_unplanned` (the bytes of the same buffers allocated one
// by one), which `rnnc --report` prints.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNPLANARENA
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t bytes = 0;
  int64_t begin = 0, end = 0; // Live range in entry-block positions.
  int64_t offset = 0;
};

/// Position of `op`'s ancestor in `block`, or -1 if it is not nested there.
int64_t positionIn(Block &block, Operation *op,
                   const DenseMap<Operation *, int64_t> &positions) {
  Operation *ancestor = block.findAncestorOpInBlock(*op);
  return ancestor ? positions.lookup(ancestor) : -1;
}

/// True if `user` only reads or writes the memory behind `value` (it does
/// not free it, capture it or pass it anywhere).
bool onlyAccesses(Operation *user, Value value) {
  if (user->hasTrait<OpTrait::IsTerminator>() || isa<CallOpInterface>(user) ||
      isa<memref::ExtractAlignedPointerAsIndexOp,
          memref::ExtractStridedMetadataOp>(user))
    return false;
  auto effects = dyn_cast<MemoryEffectOpInterface>(user);
  if (!effects)
    return false;
  SmallVector<MemoryEffects::EffectInstance> list;
  effects.getEffectsOnValue(value, list);
  return llvm::all_of(list, [](const MemoryEffects::EffectInstance &e) {
    return isa<MemoryEffects::Read, MemoryEffects::Write>(e.getEffect());
  });
}

/// Fills `buffer`'s live range and dealloc; fails if it escapes.
LogicalResult analyze(Buffer &buffer, Block &entry,
                      const DenseMap<Operation *, int64_t> &positions) {
  buffer.begin = buffer.end = positions.lookup(buffer.alloc);
  SmallVector<Value> worklist = {buffer.alloc.getResult()};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        if (value != buffer.alloc.getResult() || buffer.dealloc ||
            dealloc->getBlock() != &entry)
          return failure();
        buffer.dealloc = dealloc;
        continue;
      }
      int64_t pos = positionIn(entry, user, positions);
      if (pos < 0)
        return failure();
      if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
        if (view.getViewSource() != value)
          return failure();
        for (Value result : user->getResults())
          worklist.push_back(result);
      } else if (!onlyAccesses(user, value)) {
        return failure();
      }
      buffer.end = std::max(buffer.end, pos);
    }
  }
  return success(static_cast<bool>(buffer.dealloc));
}

/// Largest first, lowest offset that fits among the placed buffers whose
/// live ranges overlap. Returns the arena size.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &b : buffers)
    order.push_back(&b);
  llvm::stable_sort(order, [](Buffer *l, Buffer *r) {
    return l->bytes > r->bytes;
  });
  SmallVector<Buffer *> placed;
  int64_t size = 0;
  for (Buffer *b : order) {
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *p : placed)
      if (p->begin <= b->end && b->begin <= p->end)
        taken.push_back({p->offset, p->offset + p->bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [lo, hi] : taken) {
      if (offset + b->bytes <= lo)
        break;
      offset = std::max<int64_t>(offset, llvm::alignTo(hi, kAlignment));
    }
    b->offset = offset;
    size = std::max(size, offset + b->bytes);
    placed.push_back(b);
  }
  return static_cast<int64_t>(llvm::alignTo(size, kAlignment));
}

struct Stats {
  int64_t arenaBytes = 0, buffers = 0, unplannedBytes = 0;
};

void planFunction(func::FuncOp func, Stats &stats) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return;
  Block &entry = func.getBody().front();
  DenseMap<Operation *, int64_t> positions;
  int64_t index = 0;
  for (Operation &op : entry)
    positions[&op] = index++;

  SmallVector<Buffer> buffers;
  for (auto alloc : entry.getOps<memref::AllocOp>()) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
        !type.getElementType().isIntOrFloat() ||
        type.getMemorySpace() || !alloc.getSymbolOperands().empty())
      continue;
    Buffer buffer;
    buffer.alloc = alloc;
    buffer.bytes = llvm::alignTo(
        type.getNumElements() *
            llvm::divideCeil(type.getElementTypeBitWidth(), 8),
        kAlignment);
    if (succeeded(analyze(buffer, entry, positions)))
      buffers.push_back(buffer);
  }
  if (buffers.size() < 2)
    return;

  int64_t arenaBytes = assignOffsets(buffers);
  OpBuilder b(func.getContext());
  b.setInsertionPointToStart(&entry);
  Location loc = func.getLoc();
  auto arenaType = MemRefType::get({arenaBytes}, b.getI8Type());
  Value arena = memref::AllocOp::create(b, loc, arenaType, ValueRange(),
                                        b.getI64IntegerAttr(kAlignment));
  for (Buffer &buffer : buffers) {
    b.setInsertionPoint(buffer.alloc);
    Value offset = arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(),
                                                  buffer.offset);
    Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(),
                                        buffer.alloc.getType(), arena, offset,
                                        ValueRange());
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc.erase();
    buffer.dealloc.erase();
    stats.unplannedBytes += buffer.bytes;
  }
  func.walk([&](func::ReturnOp ret) {
    b.setInsertionPoint(ret);
    memref::DeallocOp::create(b, loc, arena);
  });
  stats.arenaBytes += arenaBytes;
  stats.buffers += buffers.size();
}

struct RNNPlanArenaPass : rnn::impl::RNNPlanArenaBase<RNNPlanArenaPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    Stats stats;
    for (auto func : module.getOps<func::FuncOp>())
      planFunction(func, stats);
    Builder b(module.getContext());
    module->setAttr("rnn.arena_bytes", b.getI64IntegerAttr(stats.arenaBytes));
    module->setAttr("rnn.arena_buffers", b.getI64IntegerAttr(stats.buffers));
    module->setAttr("rnn.scratch_bytes_unplanned",
                    b.getI64IntegerAttr(stats.unplannedBytes));
  }
};

} // namespace
