//===- HLSReport.cpp - analytical resource and latency model --------------===//
//
// The numbers a user wants before an hour of synthesis, computed from the
// prepared IR with the model documented in docs/hls.md:
//
// * latency: a block is scheduled as soon as its operands are ready (op
//   latencies from a small table per precision); loops are barriers. A
//   pipelined loop takes (ceil(trip/U) - 1) * II + depth cycles, where the
//   achieved II is the requested one or the recurrence of a carried float
//   accumulation (U chained adds of 4 cycles each: HLS does not reassociate
//   float adds); loops under a pipeline are fully unrolled. Other loops take
//   trip * (body + 1) cycles.
// * DSPs: per arithmetic op, its DSP cost times the number of copies the
//   pipeline needs (unroll factor times the fully unrolled inner trips,
//   divided by the II); ops outside pipelines count once.
// * memories: every on-chip array (allocs, carried buffers, constant
//   globals) with its partitioning: banks of ceil(N/P) words, each in the
//   cheapest BRAM18 aspect ratio; arrays of at most 1 Kbit per bank and
//   complete partitions go to LUTs / registers.
//
//===----------------------------------------------------------------------===//

#include "rnn/Target/HLS/HLSProject.h"
#include "rnn/Target/HLS/HLSAttributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <cmath>

using namespace mlir;
using namespace rnn;

namespace {

struct OpCost {
  int64_t latency = 0, dsp = 0;
};

class Estimator {
public:
  explicit Estimator(ModuleOp module) : module(module) {
    auto precision = module->getAttrOfType<StringAttr>("hls.precision");
    est.precision = precision ? precision.str() : "float";
    StringRef p = est.precision;
    if (p.consume_front("fixed<")) {
      fixed = true;
      (void)p.split(',').first.trim().getAsInteger(10, width);
    }
  }

  HLSEstimate run();

private:
  OpCost cost(Operation *op) const;
  int64_t addLatency() const { return fixed ? 1 : 4; }
  int64_t blockLatency(Block &block, bool unrolled);
  int64_t loopLatency(scf::ForOp loop, bool unrolled);
  int64_t bits(Type type) const;
  int64_t arrayBram(int64_t elements, int64_t elemBits, int64_t factor) const;
  void countMemories(func::FuncOp func);
  void countDSPs(func::FuncOp func);
  void estimateDataflow(func::FuncOp func);
  int64_t popCycles(scf::ForOp loop);

  ModuleOp module;
  HLSEstimate est;
  bool fixed = false;
  int64_t width = 32;
  DenseMap<Operation *, int64_t> achievedII;
  DenseMap<int64_t, int64_t> streamSlices; ///< FIFO id -> elements per slice
};

/// Static trip counts, or the largest one of a loop bounded by the
/// sequence length (the estimates are at the maximum length).
int64_t tripOf(scf::ForOp loop) {
  std::optional<int64_t> n = hlsMaxTripCount(loop);
  return n ? std::max<int64_t>(*n, 0) : 1;
}

int64_t unrollOf(scf::ForOp loop) {
  auto u = loop->getAttrOfType<IntegerAttr>("hls.unroll");
  if (!u)
    return 1;
  return u.getInt() == 0 ? std::max<int64_t>(tripOf(loop), 1) : u.getInt();
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// A copy (or the return, which copies each result into its output port):
/// one element per cycle, plus the pipeline's depth.
int64_t copyCycles(Operation *op) {
  if (auto copy = dyn_cast<memref::CopyOp>(op))
    return hlsMaxElements(copy.getSource()) + 2;
  int64_t cycles = 0;
  for (Value v : op->getOperands())
    cycles += hlsMaxElements(v) + 2;
  return cycles;
}

OpCost Estimator::cost(Operation *op) const {
  bool isFloat = op->getNumResults() == 1 && op->getResult(0).getType().isF32();
  if (isa<memref::LoadOp>(op))
    return {2, 0};
  if (isa<memref::StoreOp>(op))
    return {1, 0};
  if (auto mul = dyn_cast<arith::MulIOp>(op)) {
    // int8 products: an 8 x 8 bit multiply, counted as one DSP (Vitis may
    // also build it from LUTs).
    auto narrow = [](Value v) {
      auto ext = v.getDefiningOp<arith::ExtSIOp>();
      return ext && ext.getIn().getType().isInteger(8);
    };
    if (narrow(mul.getLhs()) && narrow(mul.getRhs()))
      return {1, 1};
  }
  if (!isFloat) {
    if (isa<arith::CmpFOp>(op))
      return {1, 0};
    return {0, 0}; // index / integer arithmetic folds into addressing
  }
  if (isa<arith::AddFOp, arith::SubFOp>(op))
    return fixed ? OpCost{1, 0} : OpCost{4, 2};
  if (isa<arith::MulFOp>(op))
    return fixed ? OpCost{1, width <= 18 ? 1 : 2} : OpCost{3, 3};
  if (isa<arith::DivFOp, arith::RemFOp>(op))
    return fixed ? OpCost{width + 2, 0} : OpCost{12, 0};
  if (isa<math::MathDialect>(op->getDialect())) {
    if (isa<math::AbsFOp>(op))
      return {0, 0};
    // Fixed point: table lookup; float: Vitis' math library (exp-based).
    return fixed ? OpCost{2, 0} : OpCost{20, 7};
  }
  if (isa<arith::NegFOp, arith::SelectOp>(op))
    return {0, 0};
  return {1, 0};
}

int64_t Estimator::blockLatency(Block &block, bool unrolled) {
  DenseMap<Value, int64_t> ready;
  int64_t barrier = 0, finish = 0;
  for (Operation &op : block) {
    int64_t start = barrier;
    for (Value v : op.getOperands())
      start = std::max(start, ready.lookup(v));
    int64_t end;
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      end = std::max(start, finish) + loopLatency(loop, unrolled);
      barrier = end;
    } else if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      int64_t thenLat = blockLatency(ifOp.getThenRegion().front(), unrolled);
      int64_t elseLat = ifOp.getElseRegion().empty()
                            ? 0
                            : blockLatency(ifOp.getElseRegion().front(),
                                           unrolled);
      end = std::max(start, finish) + std::max(thenLat, elseLat);
      barrier = end;
    } else if (isa<memref::CopyOp, func::ReturnOp>(op)) {
      end = std::max(start, finish) + copyCycles(&op);
      barrier = end;
    } else {
      end = start + cost(&op).latency;
    }
    for (Value r : op.getResults())
      ready[r] = end;
    finish = std::max(finish, end);
  }
  return finish;
}

int64_t Estimator::loopLatency(scf::ForOp loop, bool unrolled) {
  int64_t trip = tripOf(loop);
  bool carried = !loop.getInitArgs().empty();
  if (unrolled) {
    // Copies of the body run in parallel except a carried accumulation:
    // a chain of float adds, or an adder tree in fixed point.
    int64_t depth = blockLatency(*loop.getBody(), true);
    if (!carried || trip <= 1)
      return depth;
    return depth + (fixed ? (int64_t)std::ceil(std::log2((double)trip))
                          : (trip - 1) * addLatency());
  }
  if (auto ii = loop->getAttrOfType<IntegerAttr>("hls.pipeline")) {
    int64_t u = unrollOf(loop);
    int64_t depth = blockLatency(*loop.getBody(), true);
    int64_t rec = 1;
    if (carried) {
      rec = fixed ? 1 : u * addLatency();
      depth += fixed ? (int64_t)std::ceil(std::log2((double)u))
                     : (u - 1) * addLatency();
    }
    int64_t achieved = std::max<int64_t>(ii.getInt(), rec);
    // Reads from a top-level port: one element per cycle (rnn-hls-prepare).
    if (auto reads = loop->getAttrOfType<IntegerAttr>("hls.port_reads"))
      achieved = std::max<int64_t>(achieved, reads.getInt());
    achievedII[loop] = achieved;
    return (ceilDiv(trip, u) - 1) * achieved + depth + 1;
  }
  int64_t body = blockLatency(*loop.getBody(), false) + 1 + popCycles(loop);
  return ceilDiv(trip, unrollOf(loop)) * body;
}

/// A loop consuming FIFO channels (hls.stream_pop) first pops each one's
/// slice into its local row: one element per cycle (a pipelined loop).
int64_t Estimator::popCycles(scf::ForOp loop) {
  auto pops = loop->getAttrOfType<DenseI64ArrayAttr>("hls.stream_pop");
  if (!pops)
    return 0;
  if (streamSlices.empty())
    module.walk([&](memref::AllocOp alloc) {
      auto attr = alloc->getAttrOfType<DenseI64ArrayAttr>("hls.stream");
      auto type = alloc.getType();
      if (attr && attr.size() == 2 && type.hasStaticShape() &&
          type.getRank() >= 1 && type.getDimSize(0) > 0)
        streamSlices[attr[0]] = type.getNumElements() / type.getDimSize(0);
    });
  int64_t cycles = 0;
  for (int64_t id : pops.asArrayRef())
    cycles += streamSlices.lookup(id) + 2;
  return cycles;
}

/// With DATAFLOW the processes of one call still run one after the other
/// (a ping-pong channel is handed over when its producer finishes), so the
/// latency of a call is their sum; consecutive calls overlap, one process
/// each, so a new call can start every `interval` = the longest process.
void Estimator::estimateDataflow(func::FuncOp func) {
  if (auto why = func->getAttrOfType<StringAttr>("hls.no_dataflow"))
    est.noDataflowReason = why.str();
  if (!func->hasAttr("hls.dataflow"))
    return;
  Block &body = func.getBody().front();
  for (Operation &op : body) {
    auto stage = op.getAttrOfType<IntegerAttr>("hls.stage");
    if (!stage || isa<memref::AllocOp, memref::AllocaOp>(op))
      continue;
    if (est.stageCycles.size() <= static_cast<size_t>(stage.getInt()))
      est.stageCycles.resize(stage.getInt() + 1, 0);
    // The op alone in a block: its latency without the others'.
    int64_t cycles = 0;
    if (auto loop = dyn_cast<scf::ForOp>(op))
      cycles = loopLatency(loop, false);
    else if (auto ifOp = dyn_cast<scf::IfOp>(op))
      cycles =
          std::max(blockLatency(ifOp.getThenRegion().front(), false),
                   ifOp.getElseRegion().empty()
                       ? 0
                       : blockLatency(ifOp.getElseRegion().front(), false));
    else if (isa<memref::CopyOp, func::ReturnOp>(op))
      cycles = copyCycles(&op);
    else
      cycles = cost(&op).latency;
    est.stageCycles[stage.getInt()] += cycles;
  }
  if (auto notes = func->getAttrOfType<ArrayAttr>("hls.dataflow_notes"))
    for (Attribute n : notes)
      est.dataflowNotes.push_back(cast<StringAttr>(n).str());
  // The latency of one call: the critical path through the processes. A
  // process starts when its ping-pong inputs are complete (their producers
  // finished), or, through a FIFO of T slices, one slice after its
  // producer started (cycles / T); it ends no earlier than one of its own
  // slices after the producer's end. Processes without a path between them
  // overlap.
  size_t n = est.stageCycles.size();
  std::vector<int64_t> start(n, 0), finish(n, 0);
  auto edges = func->getAttrOfType<DenseI64ArrayAttr>("hls.channel_edges");
  for (size_t p = 0; p < n; ++p) {
    int64_t own = est.stageCycles[p];
    int64_t end = 0;
    for (int64_t e = 0; edges && e + 2 < edges.size(); e += 3) {
      int64_t from = edges[e], to = edges[e + 1], slices = edges[e + 2];
      if (to != static_cast<int64_t>(p) || from < 0 ||
          from >= static_cast<int64_t>(p))
        continue;
      if (slices > 0) {
        start[p] = std::max(start[p],
                            start[from] + est.stageCycles[from] / slices);
        end = std::max(end, finish[from] + own / slices);
        ++est.fifoChannels;
      } else {
        start[p] = std::max(start[p], finish[from]);
      }
    }
    finish[p] = std::max(start[p] + own, end);
    est.dataflowLatency = std::max(est.dataflowLatency, finish[p]);
  }
}

void Estimator::countDSPs(func::FuncOp func) {
  func.walk([&](Operation *op) {
    int64_t dsp = cost(op).dsp;
    if (!dsp)
      return;
    // Copies = inner full trips up to the pipelined loop, times its unroll
    // factor, over its II; 1 outside pipelines.
    int64_t copies = 1;
    bool pipelined = false;
    for (Operation *p = op->getParentOp(); p && !isa<func::FuncOp>(p);
         p = p->getParentOp()) {
      auto loop = dyn_cast<scf::ForOp>(p);
      if (!loop)
        continue;
      if (achievedII.count(loop)) {
        copies = ceilDiv(copies * unrollOf(loop), achievedII[loop]);
        pipelined = true;
        break;
      }
      copies *= tripOf(loop);
    }
    est.dsp += dsp * (pipelined ? copies : 1);
  });
}

int64_t Estimator::bits(Type type) const {
  if (type.isF32())
    return fixed ? width : 32;
  if (type.isIndex())
    return 32;
  return std::max<int64_t>(type.getIntOrFloatBitWidth(), 1);
}

int64_t Estimator::arrayBram(int64_t elements, int64_t elemBits,
                             int64_t factor) const {
  if (factor < 0)
    return 0; // registers
  int64_t banks = std::max<int64_t>(factor, 1);
  int64_t depth = ceilDiv(elements, banks);
  if (depth * elemBits <= 1024)
    return 0; // LUTRAM
  // BRAM18 aspect ratios (depth x width).
  static const int64_t shapes[][2] = {{16384, 1}, {8192, 2}, {4096, 4},
                                      {2048, 9},  {1024, 18}, {512, 36}};
  int64_t best = INT64_MAX;
  for (const auto &s : shapes)
    best = std::min(best, ceilDiv(depth, s[0]) * ceilDiv(elemBits, s[1]));
  return best * banks;
}

void Estimator::countMemories(func::FuncOp func) {
  auto factorOf = [](Operation *op) {
    auto p = op->getAttrOfType<IntegerAttr>("hls.partition");
    return p ? p.getInt() : 1;
  };
  for (auto global : module.getOps<memref::GlobalOp>()) {
    MemRefType type = global.getType();
    int64_t b = bits(type.getElementType()), n = type.getNumElements();
    int64_t factor = factorOf(global);
    est.bram18 += arrayBram(n, b, factor);
    if (global.getConstant()) {
      est.weightBits += n * b;
      int64_t banks = factor < 0 ? n : std::max<int64_t>(factor, 1);
      int64_t depth = ceilDiv(n, banks);
      if (depth * b > 1024)
        est.uramIfWeightsInURAM += banks * ceilDiv(depth, 4096) * ceilDiv(b, 72);
    }
  }
  func.walk([&](Operation *op) {
    if (isa<memref::AllocOp, memref::AllocaOp>(op)) {
      auto type = cast<MemRefType>(op->getResult(0).getType());
      // A dataflow channel is a ping-pong buffer: two banks, or
      // hls.channel_depth past other processes.
      int64_t copies = op->hasAttr("hls.channel") ? 2 : 1;
      if (auto depth = op->getAttrOfType<IntegerAttr>("hls.channel_depth"))
        copies = depth.getInt();
      // A FIFO channel: the FIFO (depth elements) and the consumer's row of
      // one slice, partitioned like the buffer.
      auto fifo = op->getAttrOfType<DenseI64ArrayAttr>("hls.stream");
      if (fifo && fifo.size() == 2 && type.hasStaticShape() &&
          type.getRank() >= 1 && type.getDimSize(0) > 0) {
        int64_t elemBits = bits(type.getElementType());
        est.bram18 += arrayBram(fifo[1], elemBits, 1) +
                      arrayBram(type.getNumElements() / type.getDimSize(0),
                                elemBits, factorOf(op));
        return;
      }
      est.bram18 +=
          copies * arrayBram(hlsMaxElements(op->getResult(0)),
                             bits(type.getElementType()), factorOf(op));
    } else if (isa<scf::ForOp, scf::IfOp>(op)) {
      for (Value r : op->getResults())
        if (auto type = dyn_cast<MemRefType>(r.getType()))
          est.bram18 += arrayBram(hlsMaxElements(r),
                                  bits(type.getElementType()), 1);
    }
  });
}

HLSEstimate Estimator::run() {
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    if (auto seq = func->getAttrOfType<DenseI64ArrayAttr>("hls.seq_len"))
      est.maxSeqLen = seq.size() == 3 ? seq[2] : 0;
    est.latencyCycles = blockLatency(func.getBody().front(), false);
    estimateDataflow(func);
    func.walk([&](scf::ForOp loop) {
      if (loop->hasAttr("hls.label")) {
        est.stepCycles.push_back(blockLatency(*loop.getBody(), false) + 1 +
                                 popCycles(loop));
        est.stepTrips.push_back(tripOf(loop));
        est.stepDynamic.push_back(!loop.getStaticTripCount());
      }
      auto mv = loop->getAttrOfType<DenseI64ArrayAttr>("hls.matvec");
      if (!mv || mv.size() != 4)
        return;
      HLSProductEstimate p;
      p.n = mv[0];
      p.k = mv[1];
      p.reuse = mv[2];
      p.multipliers = mv[3];
      if (loop->hasAttr("hls.int8"))
        p.kind = "int8";
      if (auto sparse = loop->getAttrOfType<DenseI64ArrayAttr>("hls.sparse")) {
        p.kind = p.kind == "int8" ? "int8-sparse" : "sparse";
        p.nnz = sparse.empty() ? -1 : sparse[0];
      }
      // The pipelined loop is the k loop or its parent n loop.
      Operation *pipe = loop->hasAttr("hls.pipeline") ? loop.getOperation()
                                                      : loop->getParentOp();
      p.ii = achievedII.lookup(pipe);
      if (auto reads = pipe->getAttrOfType<IntegerAttr>("hls.port_reads"))
        p.portReads = reads.getInt();
      p.cycles = loopLatency(cast<scf::ForOp>(pipe), false);
      int64_t execs = 1;
      for (Operation *q = pipe->getParentOp(); q && !isa<func::FuncOp>(q);
           q = q->getParentOp())
        if (auto l = dyn_cast<scf::ForOp>(q))
          execs *= tripOf(l);
      p.executions = execs;
      est.products.push_back(p);
    });
    func.walk([&](memref::AllocOp alloc) {
      if (auto port = alloc->getAttrOfType<StringAttr>("hls.port_copy"))
        est.portCopies.push_back({port.str(), hlsMaxElements(alloc)});
    });
    countDSPs(func);
    countMemories(func);
  }
  return est;
}

} // namespace

HLSEstimate rnn::estimateHLS(ModuleOp module) {
  return Estimator(module).run();
}

void rnn::printHLSReport(const HLSEstimate &est, const HLSFiles &files,
                         const HLSProjectOptions &options, raw_ostream &os) {
  double us = options.clockNs / 1000.0;
  os << "rnnc HLS estimate for " << files.top << " (analytical model, "
     << "docs/hls.md; not a synthesis result)\n"
     << "  part " << options.part << ", clock "
     << llvm::formatv("{0:f2}", options.clockNs) << " ns, precision " << est.precision << "\n"
     << "  DSP               " << est.dsp << "\n"
     << "  BRAM18            " << est.bram18 << "\n"
     << "  weights           " << est.weightBits / 8 << " bytes (URAM if "
     << "bound to URAM: " << est.uramIfWeightsInURAM << ")\n"
     << llvm::formatv("  latency per call  {0} cycles = {1:f2} us{2}\n",
                      est.latencyCycles, est.latencyCycles * us,
                      est.maxSeqLen ? " (a sequence of the maximum length)"
                                    : "");
  if (est.maxSeqLen)
    os << "  sequence length   dynamic (argument seq_len), at most "
       << est.maxSeqLen << "; estimates at " << est.maxSeqLen
       << " steps, time loops scale with seq_len\n";
  for (size_t i = 0; i < est.stepCycles.size(); ++i)
    os << llvm::formatv("  time loop {0}: {1} steps{4}, {2} cycles per step = "
                        "{3:f3} us\n",
                        i, est.stepTrips[i], est.stepCycles[i],
                        est.stepCycles[i] * us,
                        est.stepDynamic[i] ? " (seq_len, at most)" : "");
  if (!est.stageCycles.empty()) {
    int64_t interval = 0, sum = 0;
    for (int64_t c : est.stageCycles) {
      interval = std::max(interval, c);
      sum += c;
    }
    os << llvm::formatv("  dataflow          {0} processes (cycles:",
                        est.stageCycles.size());
    for (int64_t c : est.stageCycles)
      os << " " << c;
    os << llvm::formatv("); interval {0} cycles = {1:f2} us (the longest "
                        "process: a new call every interval), latency {2} "
                        "cycles = {3:f2} us (the critical path through the "
                        "processes{4}; their sum: {5})\n",
                        interval, interval * us, est.dataflowLatency,
                        est.dataflowLatency * us,
                        est.fifoChannels
                            ? llvm::formatv(", {0} FIFO channel(s)",
                                            est.fifoChannels)
                                  .str()
                            : std::string(),
                        sum);
    for (const std::string &n : est.dataflowNotes)
      os << "    grouped: " << n << "\n";
  } else if (!est.noDataflowReason.empty()) {
    os << "  dataflow          not applied: " << est.noDataflowReason
       << " (interval = latency)\n";
  }
  for (const auto &[name, elements] : est.portCopies)
    os << "  input copy        '" << name << "': " << elements
       << " elements into a partitioned local array, " << elements + 2
       << " cycles once per call (the products then read it at their "
          "reuse rate)\n";
  os << "  matrix products (N x K, reuse R, multipliers, II, cycles, runs "
        "per call; sparse: K = padded row length):\n";
  for (const HLSProductEstimate &p : est.products) {
    os << llvm::formatv("    {0} x {1}, R={2}, {3} mult, II={4}, {5} cycles, "
                        "x{6}",
                        p.n, p.k, p.reuse, p.multipliers, p.ii, p.cycles,
                        p.executions);
    if (StringRef(p.kind).starts_with("int8"))
      os << ", int8 weights";
    if (StringRef(p.kind).ends_with("sparse"))
      os << ", sparse: " << p.nnz << " non-zeros in " << p.n * p.k
         << " slots";
    if (p.portReads > 1)
      os << ", reads " << p.portReads
         << " elements per iteration from a top-level port (1 per cycle)";
    os << "\n";
  }
}

void rnn::printHLSReportJSON(const HLSEstimate &est, const HLSFiles &files,
                             const HLSProjectOptions &options,
                             raw_ostream &os) {
  llvm::json::Array products, steps;
  for (const HLSProductEstimate &p : est.products)
    products.push_back(llvm::json::Object{{"n", p.n},
                                          {"k", p.k},
                                          {"reuse", p.reuse},
                                          {"multipliers", p.multipliers},
                                          {"ii", p.ii},
                                          {"cycles", p.cycles},
                                          {"runs_per_call", p.executions},
                                          {"kind", p.kind},
                                          {"port_reads", p.portReads},
                                          {"nnz", p.nnz}});
  llvm::json::Array copies;
  for (const auto &[name, elements] : est.portCopies)
    copies.push_back(llvm::json::Object{
        {"port", name}, {"elements", elements}, {"cycles", elements + 2}});
  for (size_t i = 0; i < est.stepCycles.size(); ++i)
    steps.push_back(llvm::json::Object{
        {"steps", est.stepTrips[i]},
        {"dynamic", bool(est.stepDynamic[i])},
        {"cycles_per_step", est.stepCycles[i]},
        {"us_per_step", est.stepCycles[i] * options.clockNs / 1000.0}});
  llvm::json::Array stages;
  int64_t interval = est.latencyCycles;
  if (!est.stageCycles.empty())
    interval = 0;
  for (int64_t c : est.stageCycles) {
    stages.push_back(c);
    interval = std::max(interval, c);
  }
  llvm::json::Object dataflow{{"applied", !est.stageCycles.empty()},
                              {"process_cycles", std::move(stages)},
                              {"interval_cycles", interval},
                              {"latency_cycles", est.stageCycles.empty()
                                                     ? est.latencyCycles
                                                     : est.dataflowLatency},
                              {"fifo_channels", est.fifoChannels},
                              {"reason", est.noDataflowReason}};
  llvm::json::Object root{
      {"top", files.top},
      {"part", options.part},
      {"clock_ns", options.clockNs},
      {"precision", est.precision},
      {"dsp", est.dsp},
      {"bram18", est.bram18},
      {"uram_if_weights_in_uram", est.uramIfWeightsInURAM},
      {"weight_bytes", est.weightBits / 8},
      {"latency_cycles", est.latencyCycles},
      {"latency_us", est.latencyCycles * options.clockNs / 1000.0},
      {"max_seq_len", est.maxSeqLen},
      {"time_loops", std::move(steps)},
      {"products", std::move(products)},
      {"input_copies", std::move(copies)},
      {"dataflow", std::move(dataflow)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
}
