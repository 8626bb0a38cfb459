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
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/MapVector.h"
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
  if (isa<memref::StoreOp>(user)) {
    a.writers.insert(unit);
  } else if (auto copy = dyn_cast<memref::CopyOp>(user)) {
    (use.get() == copy.getTarget() ? a.writers : a.readers).insert(unit);
  } else if (isa<memref::LoadOp, func::ReturnOp, scf::YieldOp, scf::ForOp>(
                 user)) {
    // Loads; the return copies results into the ports; a carried buffer's
    // initial value and yielded value are copied by the emitter.
    a.readers.insert(unit);
  } else {
    a.readers.insert(unit);
    a.writers.insert(unit);
  }
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
    unit->walk([&](Operation *op) {
      if (isView(op) || isa<memref::DimOp, memref::DeallocOp>(op))
        return;
      for (OpOperand &use : op->getOpOperands()) {
        if (!isa<MemRefType>(use.get().getType()))
          continue;
        Value root = rootOf(use.get());
        if (isTopLevel(root) && root.getDefiningOp() != unit)
          note(root, i, op, use);
      }
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
    for (auto &[root, access] : accesses) {
      if (isa<BlockArgument>(root) || access.writers.empty())
        continue;
      int w = g[*access.writers.begin()];
      for (int u : access.readers)
        if (g[u] != w) {
          edges.push_back({w, g[u]});
          channels.push_back(root);
          break;
        }
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
      for (int mid = edge.first + 1; mid < edge.second; ++mid)
        if (reach[edge.first][mid] && reach[mid][edge.second])
          last = mid;
      if (last < 0)
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
