//===- HLSDataflow.cpp - DATAFLOW stages for HLS --------------------------===//
//
// `#pragma HLS DATAFLOW` turns the statements of a function into concurrent
// processes connected by channels (ping-pong buffers for arrays). UG1399's
// canonical form needs every channel written by one process and read by one
// later process, no feedback, and the function's arguments only read (or
// only written). The body rnn-lower-to-hls produces is a sequence of loop
// nests (fills, products, time loops, copies) sharing buffers: a time
// loop's state is initialized by a copy before it and read by a copy after
// it, the projection accumulates into a buffer a bias fill wrote. So the
// statements are grouped first (everything between two statements sharing
// such a buffer is one process), then the groups are checked; the emitter
// prints each group as a function and the top function as their calls.
//
//===----------------------------------------------------------------------===//

#include "HLSDataflow.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"

#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace {

bool isView(Operation *op) {
  return isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
             memref::CastOp, memref::ReinterpretCastOp, memref::ReshapeOp,
             memref::AssumeAlignmentOp>(op);
}

/// Ops the emitter prints as no statement: literals, views (index
/// arithmetic), globals, dims, and allocations (declarations).
bool isDeclarative(Operation *op) {
  return isView(op) ||
         isa<arith::ConstantOp, memref::GetGlobalOp, memref::DimOp,
             memref::AllocOp, memref::AllocaOp>(op);
}

Value rootOf(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    if (!isView(def))
      break;
    memref = def->getOperand(0);
  }
  return memref;
}

/// The ONNX node a location names, if any.
std::string nodeName(Location loc) {
  std::string name;
  loc->walk([&](Location l) {
    if (auto n = dyn_cast<NameLoc>(l)) {
      name = n.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

std::string describe(Value root, func::FuncOp func) {
  if (auto arg = dyn_cast<BlockArgument>(root)) {
    auto name =
        func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "rnn.name");
    return "input '" +
           (name ? name.str() : std::to_string(arg.getArgNumber())) + "'";
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "buffer " << root.getType();
  std::string node = nodeName(root.getLoc());
  if (!node.empty())
    os << " (node '" << node << "')";
  return text;
}

/// The buffers (roots) a top-level statement reads and writes.
struct Effects {
  llvm::SmallPtrSet<Value, 4> reads, writes;
  bool touches(Value root) const {
    return reads.contains(root) || writes.contains(root);
  }
};

/// How `op` uses its memref operand `use`: stores write, a copy writes its
/// target and reads its source; loads, returns (copied into the ports),
/// yields and loop inits (copied by the emitter) read; anything else
/// (calls, kernels) may do both.
struct UseKind {
  bool reads, writes;
};
UseKind classifyUse(Operation *op, OpOperand &use) {
  if (isa<memref::StoreOp>(op))
    return {false, true};
  if (auto copy = dyn_cast<memref::CopyOp>(op)) {
    bool target = use.get() == copy.getTarget();
    return {!target, target};
  }
  if (isa<memref::LoadOp, func::ReturnOp, scf::YieldOp, scf::ForOp>(op))
    return {true, false};
  return {true, true};
}

/// Calls `fn(op, use, root)` for every memref operand of the ops in `unit`
/// (views, dims and deallocations are not accesses).
void forEachMemRefUse(Operation *unit,
                      function_ref<void(Operation *, OpOperand &, Value)> fn) {
  unit->walk([&](Operation *op) {
    if (isView(op) || isa<memref::DimOp, memref::DeallocOp>(op))
      return;
    for (OpOperand &use : op->getOpOperands())
      if (isa<MemRefType>(use.get().getType()))
        fn(op, use, rootOf(use.get()));
  });
}

Effects effectsOf(Operation *unit) {
  Effects e;
  forEachMemRefUse(unit, [&](Operation *op, OpOperand &use, Value root) {
    if (root.getDefiningOp() && unit->isAncestor(root.getDefiningOp()))
      return;
    UseKind kind = classifyUse(op, use);
    if (kind.reads)
      e.reads.insert(root);
    if (kind.writes)
      e.writes.insert(root);
  });
  // A loop's results are read by their users: treat them as written here.
  for (Value result : unit->getResults())
    e.writes.insert(result);
  return e;
}

SmallVector<Operation *> topLevelUnits(Block &body) {
  SmallVector<Operation *> units;
  for (Operation &op : body)
    if (!isDeclarative(&op))
      units.push_back(&op);
  return units;
}

/// Moves every top-level `memref.copy` and fill (a loop that reads no
/// buffer) down to right before the first later statement that depends on
/// it (touches what it writes, writes what it reads). bufferization puts the copies of initial states (a slice of an
/// `initial_h` port into the buffer a time loop updates) at the top of the
/// function; next to their time loop they join its process instead of
/// tying every layer's state to the first statements.
void sinkCopies(Block &body) {
  SmallVector<Operation *> units = topLevelUnits(body);
  for (int i = static_cast<int>(units.size()) - 2; i >= 0; --i) {
    // Copies, and fills (loops that read no buffer: a zero initial state).
    Operation *unit = units[i];
    Effects mine = effectsOf(unit);
    bool fill = isa<scf::ForOp>(unit) && unit->getNumResults() == 0 &&
                mine.reads.empty();
    if (!isa<memref::CopyOp>(unit) && !fill)
      continue;
    Operation *before = nullptr;
    for (size_t j = i + 1; j < units.size(); ++j) {
      Effects e = effectsOf(units[j]);
      bool conflict = llvm::any_of(mine.writes, [&](Value v) {
                        return e.touches(v);
                      }) ||
                      llvm::any_of(mine.reads, [&](Value v) {
                        return e.writes.contains(v);
                      });
      if (conflict) {
        before = units[j];
        break;
      }
    }
    if (!before || before == units[i + 1])
      continue;
    // Its operands are declared before it, so still before `before`.
    unit->moveBefore(before);
    units = topLevelUnits(body);
  }
}

/// A top-level input port read by statements that are not adjacent (after
/// sinkCopies: the initial-state slices of two stacked layers, each next to
/// its layer) would tie them into one process (a DATAFLOW argument has one
/// reader). Instead the first statements of the function copy the port,
/// once per reading statement, into local arrays (only the slice a reader
/// takes through one subview when that is all it reads, else the whole
/// port), and each reader reads its own array: one splitting process, and
/// a channel from it to each reader.
void splitPorts(func::FuncOp func) {
  Block &body = func.getBody().front();
  SmallVector<Operation *> units = topLevelUnits(body);
  if (units.empty())
    return;
  for (BlockArgument arg : func.getArguments()) {
    if (!isa<MemRefType>(arg.getType()))
      continue;
    SmallVector<Operation *> readers;
    for (Operation *unit : units)
      if (effectsOf(unit).reads.contains(arg))
        readers.push_back(unit);
    if (readers.size() < 2)
      continue;
    bool adjacent = true;
    for (size_t r = 1; r < readers.size(); ++r)
      adjacent &= readers[r - 1]->getNextNode() == readers[r] ||
                  llvm::all_of(llvm::make_range(
                                   std::next(readers[r - 1]->getIterator()),
                                   readers[r]->getIterator()),
                               [](Operation &op) { return isDeclarative(&op); });
    if (adjacent)
      continue;
    OpBuilder b(units.front());
    for (Operation *reader : readers) {
      // The values through which the reader reaches the port.
      llvm::SetVector<Value> entries;
      reader->walk([&](Operation *op) {
        if (isView(op) || isa<memref::DimOp>(op))
          return;
        for (Value v : op->getOperands())
          if (isa<MemRefType>(v.getType()) && rootOf(v) == arg)
            entries.insert(v);
      });
      Location loc = reader->getLoc();
      auto sub = entries.size() == 1
                     ? entries[0].getDefiningOp<memref::SubViewOp>()
                     : memref::SubViewOp();
      bool slice = sub && sub.getSource() == arg &&
                   sub->getBlock() == &body && sub.getOffsets().empty() &&
                   sub.getSizes().empty() && sub.getStrides().empty() &&
                   llvm::all_of(sub->getUses(), [&](OpOperand &use) {
                     return !reader->isAncestor(use.getOwner()) ||
                            isa<memref::LoadOp>(use.getOwner()) ||
                            (isa<memref::CopyOp>(use.getOwner()) &&
                             use.getOperandNumber() == 0);
                   });
      auto portType = cast<MemRefType>(arg.getType());
      if (slice) {
        auto viewType = cast<MemRefType>(sub.getType());
        auto part = memref::AllocOp::create(
            b, loc,
            MemRefType::get(viewType.getShape(), viewType.getElementType()));
        part->setAttr("hls.port_part", b.getUnitAttr());
        Operation *view = b.clone(*sub);
        memref::CopyOp::create(b, loc, view->getResult(0), part);
        sub.getResult().replaceUsesWithIf(part, [&](OpOperand &use) {
          return reader->isAncestor(use.getOwner());
        });
        continue;
      }
      if (!portType.hasStaticShape())
        continue;
      auto part = memref::AllocOp::create(
          b, loc, MemRefType::get(portType.getShape(),
                                  portType.getElementType()));
      part->setAttr("hls.port_part", b.getUnitAttr());
      memref::CopyOp::create(b, loc, arg, part);
      // Views of the port the reader uses, rebuilt on its array (right
      // before the reader; a port has an identity layout, as the array).
      DenseMap<Value, Value> rebased;
      rebased[arg] = part;
      std::function<Value(Value)> rebase = [&](Value v) -> Value {
        if (Value r = rebased.lookup(v))
          return r;
        Operation *def = v.getDefiningOp();
        if (reader->isAncestor(def)) {
          def->replaceUsesOfWith(def->getOperand(0),
                                 rebase(def->getOperand(0)));
          return rebased[v] = v;
        }
        OpBuilder rb(reader);
        IRMapping map;
        map.map(def->getOperand(0), rebase(def->getOperand(0)));
        Operation *clone = rb.clone(*def, map);
        return rebased[v] = clone->getResult(cast<OpResult>(v).getResultNumber());
      };
      for (Value v : entries) {
        Value r = rebase(v);
        if (r != v)
          v.replaceUsesWithIf(r, [&](OpOperand &use) {
            return reader->isAncestor(use.getOwner());
          });
      }
    }
  }
}

/// The units (top-level statements) reading and writing one buffer.
struct Access {
  llvm::SmallSet<int, 4> readers, writers;
};

class Planner {
public:
  explicit Planner(func::FuncOp func) : func(func) {}
  void run();

private:
  void collectAccesses();
  void note(Value root, unsigned unit, Operation *user, OpOperand &use);
  /// Group index of every unit from `cut`.
  SmallVector<int> groups() const;
  void setChannelDepths(ArrayRef<int> g);
  void planStreams(ArrayRef<int> g);
  /// A buffer one process writes and another reads, with the first reader
  /// outside the writer's process.
  struct Channel {
    Value root;
    int from, to;
  };
  /// The channels between the processes `g` assigns the statements to.
  SmallVector<Channel> channelsBetween(ArrayRef<int> g) const;
  void setNoDataflow(const Twine &reason) {
    func->setAttr("hls.no_dataflow",
                  StringAttr::get(func.getContext(), reason.str()));
  }

  func::FuncOp func;
  SmallVector<Operation *> units;
  DenseMap<Operation *, int> unitOf;
  llvm::MapVector<Value, Access> accesses;
  SmallVector<bool> cut; ///< a process boundary after unit i
  bool scalarEscapes = false;
};

void Planner::note(Value root, unsigned unit, Operation *user, OpOperand &use) {
  Access &a = accesses[root];
  UseKind kind = classifyUse(user, use);
  if (kind.reads)
    a.readers.insert(unit);
  if (kind.writes)
    a.writers.insert(unit);
}

void Planner::collectAccesses() {
  Block &body = func.getBody().front();
  auto isTopLevel = [&](Value root) {
    if (auto arg = dyn_cast<BlockArgument>(root))
      return arg.getOwner() == &body;
    // Constant globals (weights) are ROMs any process may read.
    if (auto get = root.getDefiningOp<memref::GetGlobalOp>()) {
      auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
          get, get.getNameAttr());
      if (global && global.getConstant())
        return false;
    }
    return root.getDefiningOp()->getBlock() == &body;
  };
  for (auto [i, unit] : llvm::enumerate(units)) {
    forEachMemRefUse(unit, [&](Operation *op, OpOperand &use, Value root) {
      if (isTopLevel(root) && root.getDefiningOp() != unit)
        note(root, i, op, use);
    });
    // A top-level loop's results (carried buffers, scalars) live in the
    // loop's process: a later reader must join it.
    for (Value result : unit->getResults())
      for (Operation *user : result.getUsers()) {
        Operation *top = body.findAncestorOpInBlock(*user);
        if (!isa<MemRefType>(result.getType())) {
          if (top != unit)
            scalarEscapes = true;
          continue;
        }
        Access &a = accesses[result];
        a.writers.insert(i);
        if (top && unitOf.count(top))
          a.readers.insert(unitOf[top]);
      }
  }
}

/// A channel from process a to process c on a path a -> ... -> c of L
/// channels (L >= 2: it bypasses the processes between) needs L + 1
/// ping-pong buffers for a to run L calls ahead of c as the chain
/// overlaps: `hls.channel_depth` (the emitter's `STREAM type=pipo depth`).
void Planner::setChannelDepths(ArrayRef<int> g) {
  int count = g.empty() ? 0 : g.back() + 1;
  SmallVector<std::pair<Value, std::pair<int, int>>> edges;
  for (auto &[root, access] : accesses) {
    if (isa<BlockArgument>(root) || access.writers.empty())
      continue;
    int w = g[*access.writers.begin()];
    for (int u : access.readers)
      if (g[u] != w)
        edges.push_back({root, {w, g[u]}});
  }
  // Longest paths in the process DAG (edges go forward).
  SmallVector<SmallVector<int>> longest(count, SmallVector<int>(count, -1));
  for (int i = 0; i < count; ++i)
    longest[i][i] = 0;
  for (int from = count - 1; from >= 0; --from)
    for (auto &e : edges)
      if (e.second.first == from)
        for (int to = 0; to < count; ++to)
          if (longest[e.second.second][to] >= 0)
            longest[from][to] =
                std::max(longest[from][to], longest[e.second.second][to] + 1);
  Builder b(func);
  for (auto &[root, edge] : edges) {
    int length = longest[edge.first][edge.second];
    Operation *def = root.getDefiningOp();
    if (length < 2 || !def)
      continue;
    auto old = def->getAttrOfType<IntegerAttr>("hls.channel_depth");
    if (!old || old.getInt() < length + 1)
      def->setAttr("hls.channel_depth", b.getI64IntegerAttr(length + 1));
  }
}

/// How a view of a channel (dims [T, ...]) relates to slice `iv` of its
/// dim 0: the whole channel with dim 0 intact (an access picks the slice by
/// its first index), inside slice `iv`, or anything else.
enum class SliceKind { Whole, Slice, Other };

bool hasIdentityLayout(Value v) {
  auto type = cast<MemRefType>(v.getType());
  return type.getLayout().isIdentity();
}

SliceKind sliceKind(Value v, Value channel, Value iv, int64_t trips) {
  if (v == channel)
    return SliceKind::Whole;
  Operation *def = v.getDefiningOp();
  if (!def || !isView(def) || isa<memref::ReinterpretCastOp>(def))
    return SliceKind::Other;
  SliceKind source = sliceKind(def->getOperand(0), channel, iv, trips);
  if (source != SliceKind::Whole)
    return source;
  if (auto sub = dyn_cast<memref::SubViewOp>(def)) {
    auto offsets = sub.getMixedOffsets();
    auto sizes = sub.getMixedSizes();
    Value offset = dyn_cast<Value>(offsets[0]);
    auto size = getConstantIntValue(sizes[0]);
    return offset == iv && size == 1 ? SliceKind::Slice : SliceKind::Other;
  }
  // Reshapes that keep dim 0 (and row-major order): still whole.
  auto type = cast<MemRefType>(v.getType());
  if (type.getRank() >= 1 && type.getDimSize(0) == trips &&
      hasIdentityLayout(v) && hasIdentityLayout(def->getOperand(0)))
    return SliceKind::Whole;
  return SliceKind::Other;
}

/// `loop` runs 0..trips step 1 (a top-level loop over a channel's dim 0).
bool walksDim0(scf::ForOp loop, int64_t trips) {
  auto lb = getConstantIntValue(loop.getLowerBound());
  auto ub = getConstantIntValue(loop.getUpperBound());
  auto step = getConstantIntValue(loop.getStep());
  return lb == 0 && step == 1 && ub == trips;
}

/// The consumer side of a stream: iteration t of `loop` reads only slice t
/// of `channel` (loads, or copies from a view of the slice) and never
/// writes it, so it can pop slice t into a local row at its start.
bool readsSliceBySlice(scf::ForOp loop, Value channel, int64_t trips) {
  Value iv = loop.getInductionVar();
  bool ok = true;
  loop.getBody()->walk([&](Operation *op) {
    if (isView(op) || isa<memref::DimOp>(op))
      return;
    for (OpOperand &use : op->getOpOperands()) {
      if (!isa<MemRefType>(use.get().getType()) ||
          rootOf(use.get()) != channel)
        continue;
      SliceKind kind = sliceKind(use.get(), channel, iv, trips);
      if (auto load = dyn_cast<memref::LoadOp>(op))
        ok &= kind == SliceKind::Slice ||
              (kind == SliceKind::Whole && load.getIndices()[0] == iv);
      else if (auto copy = dyn_cast<memref::CopyOp>(op))
        ok &= use.get() == copy.getSource() && kind == SliceKind::Slice;
      else
        ok = false;
    }
  });
  return ok;
}

/// The producer side: `loop` writes every element of `channel` once, in
/// its row-major order, one per cycle: either iteration t copies a whole
/// slice t (a subview [t, 0, ...] of sizes [1, dims...]) in one copy in
/// its body, or the loop is a perfect nest storing channel[t, i1, ...]
/// with each loop running over its dim (no unrolling). Its writes can then
/// be stream writes.
bool writesInOrder(scf::ForOp loop, Value channel, int64_t trips) {
  auto type = cast<MemRefType>(channel.getType());
  Value iv = loop.getInductionVar();
  SmallVector<Operation *> writes;
  bool ok = true;
  loop.getBody()->walk([&](Operation *op) {
    if (isView(op) || isa<memref::DimOp>(op))
      return;
    for (Value v : op->getOperands())
      if (isa<MemRefType>(v.getType()) && rootOf(v) == channel) {
        writes.push_back(op);
        return;
      }
  });
  if (writes.size() != 1)
    return false;
  if (auto copy = dyn_cast<memref::CopyOp>(writes[0])) {
    auto sub = copy.getTarget().getDefiningOp<memref::SubViewOp>();
    if (copy->getBlock() != loop.getBody() || !sub ||
        sub.getSource() != channel || rootOf(copy.getSource()) == channel)
      return false;
    for (auto [d, offset, size, stride] :
         llvm::enumerate(sub.getMixedOffsets(), sub.getMixedSizes(),
                         sub.getMixedStrides())) {
      if (getConstantIntValue(stride) != 1)
        return false;
      if (d == 0) {
        ok &= dyn_cast<Value>(offset) == iv && getConstantIntValue(size) == 1;
        continue;
      }
      ok &= getConstantIntValue(offset) == 0 &&
            getConstantIntValue(size) == type.getDimSize(d);
    }
    return ok;
  }
  auto store = dyn_cast<memref::StoreOp>(writes[0]);
  if (!store || store.getMemRef() != channel)
    return false;
  // The perfect nest from `loop` down to the store.
  SmallVector<scf::ForOp> nest{loop};
  Operation *inner = loop;
  while (inner != store->getParentOp()) {
    Block *body = cast<scf::ForOp>(inner).getBody();
    auto next = dyn_cast<scf::ForOp>(&body->front());
    if (!next || body->getOperations().size() != 2 ||
        !store->getParentOp() || !next->isAncestor(store))
      return false;
    nest.push_back(next);
    inner = next;
  }
  size_t level = 0;
  for (auto [d, index] : llvm::enumerate(store.getIndices())) {
    if (type.getDimSize(d) == 1 && matchPattern(index, m_Zero()))
      continue;
    if (level >= nest.size() || index != nest[level].getInductionVar() ||
        !walksDim0(nest[level], type.getDimSize(d)))
      return false;
    auto unroll = nest[level]->getAttrOfType<IntegerAttr>("hls.unroll");
    if (unroll && unroll.getInt() != 1)
      return false;
    ++level;
  }
  return level == nest.size() && !loop->getAttrOfType<IntegerAttr>("hls.unroll");
}

SmallVector<Planner::Channel> Planner::channelsBetween(ArrayRef<int> g) const {
  SmallVector<Channel> result;
  for (auto &[root, access] : accesses) {
    if (isa<BlockArgument>(root) || access.writers.empty())
      continue;
    int w = g[*access.writers.begin()];
    for (int u : access.readers)
      if (g[u] != w) {
        result.push_back({root, w, g[u]});
        break;
      }
  }
  return result;
}

/// Channels whose producer writes in order and whose consumer reads slice
/// by slice become FIFOs (`hls.stream = [id, depth]` on the buffer,
/// `hls.stream_pop = [ids]` on the consuming loop): the consumer's step t
/// can run as soon as the producer's step t is done, within one call.
/// Deadlock freedom: the FIFO edges form chains (a process has at most one
/// FIFO input and one FIFO output), and no path through a ping-pong channel
/// leads from a process of a chain to a later one of the same chain (that
/// process would wait for the end of one that waits for it to drain).
void Planner::planStreams(ArrayRef<int> g) {
  int count = g.empty() ? 0 : g.back() + 1;
  struct Edge : Channel {
    bool fifo = false;
  };
  SmallVector<Edge> edges;
  for (const Channel &channel : channelsBetween(g))
    edges.push_back({channel});
  SmallVector<int> fifoIn(count, 0), fifoOut(count, 0);
  // Paths with at least one ping-pong edge between every pair.
  auto violates = [&] {
    // reach[i][j]: a path i -> j; viaPipo[i][j]: one with a ping-pong edge.
    SmallVector<SmallVector<bool>> reach(count, SmallVector<bool>(count)),
        viaPipo(count, SmallVector<bool>(count));
    for (int i = count - 1; i >= 0; --i) {
      reach[i][i] = true;
      for (const Edge &e : edges)
        if (e.from == i)
          for (int j = 0; j < count; ++j) {
            reach[i][j] = reach[i][j] || reach[e.to][j];
            viaPipo[i][j] = viaPipo[i][j] || viaPipo[e.to][j] ||
                            (!e.fifo && reach[e.to][j]);
          }
    }
    // Chains: follow FIFO edges.
    for (const Edge &e : edges) {
      if (!e.fifo)
        continue;
      // Every process downstream on the chain from e.from.
      int at = e.from;
      SmallVector<int> chain{at};
      while (true) {
        auto next = llvm::find_if(
            edges, [&](const Edge &f) { return f.fifo && f.from == at; });
        if (next == edges.end())
          break;
        at = next->to;
        chain.push_back(at);
      }
      for (size_t a = 0; a < chain.size(); ++a)
        for (size_t c = a + 1; c < chain.size(); ++c)
          if (viaPipo[chain[a]][chain[c]])
            return true;
    }
    return false;
  };
  Block &body = func.getBody().front();
  int64_t id = 0;
  Builder b(func);
  for (Edge &e : edges) {
    auto alloc = e.root.getDefiningOp<memref::AllocOp>();
    auto type = cast<MemRefType>(e.root.getType());
    if (!alloc || alloc->getBlock() != &body || !type.hasStaticShape() ||
        type.getRank() < 1 || !type.getLayout().isIdentity() ||
        alloc->hasAttr("hls.channel_depth") || fifoOut[e.from] ||
        fifoIn[e.to])
      continue;
    Access &access = accesses[e.root];
    if (access.writers.size() != 1 || access.readers.size() != 1)
      continue;
    auto producer = dyn_cast<scf::ForOp>(units[*access.writers.begin()]);
    auto consumer = dyn_cast<scf::ForOp>(units[*access.readers.begin()]);
    int64_t trips = type.getDimSize(0);
    auto carries = [&](scf::ForOp loop) {
      return llvm::any_of(loop.getInitArgs(), [&](Value v) {
        return isa<MemRefType>(v.getType()) && rootOf(v) == e.root;
      });
    };
    // Not into a recurrence (a time loop around a product, hls.label): its
    // step is usually the longest, and popping S elements per step would
    // lengthen it (the interval); the projection before it is cheaper.
    if (!producer || !consumer || carries(producer) || carries(consumer) ||
        consumer->hasAttr("hls.label") ||
        !walksDim0(producer, trips) ||
        !walksDim0(consumer, trips) ||
        !writesInOrder(producer, e.root, trips) ||
        !readsSliceBySlice(consumer, e.root, trips))
      continue;
    e.fifo = true;
    if (violates()) {
      e.fifo = false;
      continue;
    }
    ++fifoOut[e.from];
    ++fifoIn[e.to];
    int64_t slice = type.getNumElements() / trips;
    alloc->setAttr("hls.stream",
                   b.getDenseI64ArrayAttr({id, 2 * slice}));
    SmallVector<int64_t> pops;
    if (auto old = consumer->getAttrOfType<DenseI64ArrayAttr>(
            "hls.stream_pop"))
      pops.assign(old.asArrayRef().begin(), old.asArrayRef().end());
    pops.push_back(id++);
    consumer->setAttr("hls.stream_pop", b.getDenseI64ArrayAttr(pops));
  }
  // For the report: every channel as (producer, consumer, slices), slices
  // 0 for a ping-pong buffer.
  SmallVector<int64_t> flat;
  for (const Edge &e : edges) {
    flat.append({e.from, e.to, 0});
    if (e.fifo)
      flat.back() = cast<MemRefType>(e.root.getType()).getDimSize(0);
  }
  func->setAttr("hls.channel_edges", b.getDenseI64ArrayAttr(flat));
}

SmallVector<int> Planner::groups() const {
  SmallVector<int> g(units.size());
  int current = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    g[i] = current;
    if (cut[i])
      ++current;
  }
  return g;
}

void Planner::run() {
  if (func->hasAttr("hls.seq_len"))
    return setNoDataflow(
        "a dynamic sequence length: the top function returns early for a "
        "seq_len outside 1..N, and a dataflow region has no early return");
  Block &body = func.getBody().front();
  sinkCopies(body);
  splitPorts(func);
  for (Operation &op : body) {
    if (isDeclarative(&op))
      continue;
    unitOf[&op] = units.size();
    units.push_back(&op);
  }
  cut.assign(units.size(), true);
  collectAccesses();
  if (scalarEscapes)
    return setNoDataflow("a scalar computed by one top-level statement is "
                         "used by another (a process boundary would need a "
                         "scalar channel)");

  // Merge the span of every buffer that is not one producer followed by
  // one consumer, and every bypass, until nothing changes.
  SmallVector<std::string> notes;
  SmallVector<Value> channels;
  bool changed = true;
  while (changed) {
    changed = false;
    SmallVector<int> g = groups();
    for (auto &[root, access] : accesses) {
      llvm::SmallSet<int, 4> w, r;
      for (int u : access.writers)
        w.insert(g[u]);
      for (int u : access.readers)
        if (!w.count(g[u]))
          r.insert(g[u]);
      // The statements to group: the writers (one producer), the readers
      // (one consumer), or a reader and the later writer (feedback).
      auto span = [&](const llvm::SmallSet<int, 4> &set) {
        int lo = INT32_MAX, hi = -1;
        for (int u : set)
          lo = std::min(lo, u), hi = std::max(hi, u);
        return std::make_pair(lo, hi);
      };
      std::string why;
      std::pair<int, int> range;
      if (isa<BlockArgument>(root)) {
        if (w.size() + r.size() > 1) {
          why = "is read by " + std::to_string(w.size() + r.size()) +
                " statements";
          range = span(access.readers);
        }
      } else if (w.size() > 1) {
        why = "is written by " + std::to_string(w.size()) +
              " statements (an initialization and an update, or a buffer "
              "reused)";
        range = span(access.writers);
      } else if (r.size() > 1) {
        why = "is read by " + std::to_string(r.size()) +
              " statements (read twice)";
        llvm::SmallSet<int, 4> outside;
        for (int u : access.readers)
          if (!w.count(g[u]))
            outside.insert(u);
        range = span(outside);
      } else if (!r.empty() && !w.empty() && *r.begin() < *w.begin()) {
        why = "is read before it is written (feedback)";
        range = span(access.readers);
        range.second = std::max(range.second, span(access.writers).second);
      }
      if (why.empty())
        continue;
      auto [lo, hi] = range;
      bool merged = false;
      for (int i = lo; i < hi; ++i)
        if (cut[i]) {
          cut[i] = false;
          merged = true;
        }
      if (merged) {
        notes.push_back(describe(root, func) + " " + why);
        changed = true;
        g = groups();
      }
    }
    if (changed)
      continue;
    // Channels between processes; a channel from a to c that skips a
    // process b between them that depends on a and feeds c is a bypass
    // (Vitis would need deeper channels, and c waits for b anyway): a joins
    // the processes up to b.
    int count = g.back() + 1;
    SmallVector<std::pair<int, int>> edges;
    channels.clear();
    for (const Channel &channel : channelsBetween(g)) {
      edges.push_back({channel.from, channel.to});
      channels.push_back(channel.root);
    }
    SmallVector<SmallVector<bool>> reach(count,
                                         SmallVector<bool>(count, false));
    for (auto [from, to] : edges)
      reach[from][to] = true;
    for (int k = 0; k < count; ++k)
      for (int i = 0; i < count; ++i)
        for (int j = 0; j < count; ++j)
          if (reach[i][k] && reach[k][j])
            reach[i][j] = true;
    for (auto [i, edge] : llvm::enumerate(edges)) {
      int last = -1;
      bool onlyCopies = true;
      for (int mid = edge.first + 1; mid < edge.second; ++mid)
        if (reach[edge.first][mid] && reach[mid][edge.second]) {
          last = mid;
          for (size_t u = 0; u < units.size(); ++u)
            onlyCopies &= g[u] != mid || isa<memref::CopyOp>(units[u]);
        }
      // Past processes that compute, the channel gets more ping-pong
      // buffers instead (UG1399's remedy for a bypass; channelDepths).
      if (last < 0 || !onlyCopies)
        continue;
      for (size_t u = 0; u + 1 < units.size(); ++u)
        if (g[u] >= edge.first && g[u] < last && cut[u])
          cut[u] = false;
      notes.push_back(describe(channels[i], func) +
                      " bypasses the statements that depend on its "
                      "producer and feed its consumer");
      changed = true;
      break;
    }
  }

  SmallVector<int> g = groups();
  int count = g.empty() ? 0 : g.back() + 1;
  auto joined = [&] {
    std::string text;
    for (auto [i, n] : llvm::enumerate(notes)) {
      if (i == 4) {
        text += llvm::formatv("; and {0} more", notes.size() - 4).str();
        break;
      }
      text += (i ? "; " : "") + n;
    }
    return text;
  };
  // Only the return (writing the outputs) apart: nothing worth overlapping.
  bool returnAlone = count >= 2 && g[units.size() - 2] != g.back();
  if (count < 2 || (count == 2 && returnAlone))
    return setNoDataflow(
        "the computation is one process (besides writing the outputs): " +
        joined());

  Builder b(func);
  func->setAttr("hls.dataflow", b.getUnitAttr());
  SmallVector<Attribute> noteAttrs;
  for (const std::string &n : notes)
    noteAttrs.push_back(b.getStringAttr(n));
  func->setAttr("hls.dataflow_notes", b.getArrayAttr(noteAttrs));
  for (auto [i, unit] : llvm::enumerate(units))
    unit->setAttr("hls.stage", b.getI64IntegerAttr(g[i]));
  for (Value root : channels)
    if (Operation *def = root.getDefiningOp())
      def->setAttr("hls.channel", b.getUnitAttr());
  setChannelDepths(g);
  planStreams(g);
  // A buffer only one process uses is declared in its function.
  for (auto &[root, access] : accesses) {
    Operation *def = root.getDefiningOp();
    if (!def || !isa<memref::AllocOp, memref::AllocaOp>(def) ||
        def->hasAttr("hls.channel"))
      continue;
    int u = access.writers.empty() ? *access.readers.begin()
                                   : *access.writers.begin();
    def->setAttr("hls.stage", b.getI64IntegerAttr(g[u]));
  }
}

} // namespace

void mlir::rnn::planDataflow(func::FuncOp func) { Planner(func).run(); }
