//===- PlanScratch.cpp - a run's scratch buffers reused by liveness -------===//
//
// After bufferization and deallocation, every intermediate tensor of a model
// is a `memref.alloc` with a `memref.dealloc` at the end of the function: a
// run calls malloc and free once per buffer and keeps all of them alive at
// the same time. All shapes are known when the model is compiled, so the
// reuse can be planned at compile time instead:
//
//   1. candidates are statically shaped allocs in the function's entry block
//      whose uses (through view-like ops) only read or write memory and whose
//      only deallocation is an unconditional dealloc in the same block;
//      anything that returns, yields, calls with or takes the address of a
//      buffer keeps its own allocation;
//   2. a buffer is live from its alloc to its last use, counted in entry-
//      block positions (a use inside a loop counts as the whole loop);
//   3. in order of their first position, buffers are assigned to slots like
//      registers: a buffer takes the free slot (its previous owner is dead)
//      that fits it best, enlarging it if none is big enough, or a new slot;
//   4. each slot is one allocation at function entry, freed before the
//      return; the buffers become `memref.view`s of their slot.
//
// Why slots and not one arena with offsets: LLVM tells buffers apart by
// their allocation. Views at different offsets of one arena share a base
// object, so LLVM can no longer prove that a loop's input and output do not
// overlap and stops vectorizing (measured: Silero VAD ran 10x slower with a
// single arena). Buffers sharing a slot are never live at the same time, so
// no loop needs to tell them apart.
//
// The module gets `rnn.scratch_bytes` (sum of the slots), `rnn.scratch_slots`,
// `rnn.scratch_buffers` and `rnn.scratch_bytes_unplanned` (the bytes of the
// same buffers allocated one by one), which `rnnc --report` prints.
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
#define GEN_PASS_DEF_RNNPLANSCRATCH
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
  int64_t slot = 0;
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

/// A slot: one allocation shared by buffers with disjoint live ranges.
struct Slot {
  int64_t bytes = 0;
  int64_t freeAfter = -1; // Last position of its current owner.
  Value memref;
};

/// Assigns every buffer a slot and returns the slots' sizes.
SmallVector<int64_t> assignSlots(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &b : buffers)
    order.push_back(&b);
  llvm::stable_sort(order, [](Buffer *l, Buffer *r) {
    return l->begin < r->begin;
  });
  SmallVector<Slot> slots;
  for (Buffer *b : order) {
    // Best fit among free slots: the smallest that holds the buffer, else
    // the largest (enlarged).
    int best = -1;
    for (auto [i, slot] : llvm::enumerate(slots)) {
      if (slot.freeAfter >= b->begin)
        continue;
      if (best < 0) {
        best = i;
        continue;
      }
      int64_t have = slots[best].bytes;
      bool fits = slot.bytes >= b->bytes, bestFits = have >= b->bytes;
      if ((fits && (!bestFits || slot.bytes < have)) ||
          (!fits && !bestFits && slot.bytes > have))
        best = i;
    }
    if (best < 0) {
      best = slots.size();
      slots.emplace_back();
    }
    slots[best].bytes = std::max(slots[best].bytes, b->bytes);
    slots[best].freeAfter = b->end;
    b->slot = best;
  }
  return llvm::map_to_vector(slots, [](const Slot &s) { return s.bytes; });
}

struct Stats {
  int64_t scratchBytes = 0, slots = 0, buffers = 0, unplannedBytes = 0;
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
  if (buffers.empty())
    return;

  SmallVector<int64_t> slotBytes = assignSlots(buffers);
  OpBuilder b(func.getContext());
  b.setInsertionPointToStart(&entry);
  Location loc = func.getLoc();
  SmallVector<Value> slots;
  for (int64_t bytes : slotBytes)
    slots.push_back(memref::AllocOp::create(
        b, loc, MemRefType::get({bytes}, b.getI8Type()), ValueRange(),
        b.getI64IntegerAttr(kAlignment)));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  for (Buffer &buffer : buffers) {
    b.setInsertionPoint(buffer.alloc);
    Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(),
                                        buffer.alloc.getType(),
                                        slots[buffer.slot], zero,
                                        ValueRange());
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc.erase();
    buffer.dealloc.erase();
    stats.unplannedBytes += buffer.bytes;
  }
  func.walk([&](func::ReturnOp ret) {
    b.setInsertionPoint(ret);
    for (Value slot : slots)
      memref::DeallocOp::create(b, loc, slot);
  });
  for (int64_t bytes : slotBytes)
    stats.scratchBytes += bytes;
  stats.slots += slots.size();
  stats.buffers += buffers.size();
}

struct RNNPlanScratchPass
    : rnn::impl::RNNPlanScratchBase<RNNPlanScratchPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    Stats stats;
    for (auto func : module.getOps<func::FuncOp>())
      planFunction(func, stats);
    Builder b(module.getContext());
    module->setAttr("rnn.scratch_bytes",
                    b.getI64IntegerAttr(stats.scratchBytes));
    module->setAttr("rnn.scratch_slots", b.getI64IntegerAttr(stats.slots));
    module->setAttr("rnn.scratch_buffers", b.getI64IntegerAttr(stats.buffers));
    module->setAttr("rnn.scratch_bytes_unplanned",
                    b.getI64IntegerAttr(stats.unplannedBytes));
  }
};

} // namespace
