//===- InPlaceLoopState.cpp - loop-carried state updated in place ---------===//
//
// A time loop carries the recurrent state: each step computes h_t (and c_t)
// with an element-wise linalg.generic from h_{t-1} and yields it. Written on
// tensors, the generic's destination is a fresh `tensor.empty` (upstream
// fusion also rewrites destinations whose values the body does not read into
// `tensor.empty`), so one-shot bufferization allocates a new buffer for the
// state at every step and the loop yields buffers of changing identity, which
// the deallocation pipeline then tracks with run-time ownership flags.
//
// Making the iter_arg itself the destination of the op whose result is
// yielded in its place turns this into an in-place update: the state lives in
// one buffer (two when the previous value is still needed, which
// bufferization's own conflict analysis decides and resolves with a copy).
// Correctness never depends on this pass; it only hands bufferization a
// better destination.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNINPLACELOOPSTATE
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

/// Makes iter_arg `index` of `loop` the destination of the op that computes
/// the value yielded for it, if that op is destination-style, its tied
/// destination is a `tensor.empty` of the same type and the result has no
/// other use. Returns true if it changed anything.
bool reuseIterArg(scf::ForOp loop, unsigned index) {
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  auto result = dyn_cast<OpResult>(yield.getOperand(index));
  BlockArgument iterArg = loop.getRegionIterArg(index);
  if (!result || !isa<RankedTensorType>(iterArg.getType()))
    return false;
  auto dps = dyn_cast<DestinationStyleOpInterface>(result.getOwner());
  if (!dps || dps->getBlock() != loop.getBody())
    return false;
  OpOperand *init = dps.getTiedOpOperand(result);
  if (!init || !init->get().getDefiningOp<tensor::EmptyOp>() ||
      init->get().getType() != iterArg.getType())
    return false;
  init->set(iterArg);
  return true;
}

struct RNNInPlaceLoopStatePass
    : rnn::impl::RNNInPlaceLoopStateBase<RNNInPlaceLoopStatePass> {
  void runOnOperation() override {
    getOperation()->walk([](scf::ForOp loop) {
      for (unsigned i = 0, e = loop.getNumRegionIterArgs(); i < e; ++i)
        reuseIterArg(loop, i);
    });
  }
};

} // namespace
