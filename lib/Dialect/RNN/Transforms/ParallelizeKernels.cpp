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
// The OpenMP dialect is lowered by convert-openmp-to-llvm and LLVM's
// OpenMPIRBuilder (outlined body, __kmpc_fork_call): the object then needs
// the LLVM OpenMP runtime (libomp), which the driver links.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

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

/// `for` as an OpenMP worksharing loop over the same iteration space, run
/// by `threads` threads; the body is cloned.
void emitWorksharingLoop(OpBuilder &b, scf::ForOp loop, Value threads) {
  Location loc = loop.getLoc();
  omp::ParallelOperands parallelClauses;
  parallelClauses.numThreads = threads;
  auto parallel = omp::ParallelOp::create(b, loc, parallelClauses);
  b.createBlock(&parallel.getRegion());
  omp::WsloopOperands wsClauses;
  wsClauses.scheduleKind = omp::ClauseScheduleKindAttr::get(
      b.getContext(), omp::ClauseScheduleKind::Static);
  auto wsloop = omp::WsloopOp::create(b, loc, wsClauses);
  b.createBlock(&wsloop.getRegion());
  omp::LoopNestOperands nestClauses;
  nestClauses.loopLowerBounds.push_back(loop.getLowerBound());
  nestClauses.loopUpperBounds.push_back(loop.getUpperBound());
  nestClauses.loopSteps.push_back(loop.getStep());
  auto nest = omp::LoopNestOp::create(b, loc, nestClauses);
  Block *body = b.createBlock(&nest.getRegion(), {},
                              {loop.getInductionVar().getType()}, {loc});
  IRMapping mapping;
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
  omp::TerminatorOp::create(b, loc);
}

struct RNNParallelizeKernelsPass
    : rnn::impl::RNNParallelizeKernelsBase<RNNParallelizeKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<scf::ForOp> loops;
    module.walk([&](scf::ForOp loop) {
      Attribute mark = loop->getAttr(rnn::kParallelLoopAttr);
      if (!mark)
        return;
      loop->removeAttr(rnn::kParallelLoopAttr);
      // A fork / join costs microseconds: loops streaming fewer than
      // min-weights weights stay sequential.
      if (auto weights = dyn_cast<IntegerAttr>(mark))
        if (weights.getInt() < minWeights)
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
    // The global exists even with nothing to split, so that the C ABI of
    // every model compiled with thread support is the same.
    memref::GlobalOp global = getOrCreateThreadsGlobal(module);
    for (scf::ForOp loop : loops) {
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
      emitWorksharingLoop(b, loop, threads);
      loop->moveBefore(branch.elseBlock()->getTerminator());
    }
  }
};

} // namespace
