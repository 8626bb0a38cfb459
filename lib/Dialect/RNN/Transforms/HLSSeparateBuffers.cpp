//===- HLSSeparateBuffers.cpp - one tensor.empty per use ------------------===//
//
// The CPU pipeline wants buffers reused (less memory, warmer caches), and
// CSE merging identical `tensor.empty` ops gives it that for free: the two
// layers of a stacked LSTM share their gate and `Y` buffers. For DATAFLOW
// the sharing is a dependence: rnn-hls-prepare must put every statement
// writing a buffer into one process, so the two layers would become one
// process. Cloning each `tensor.empty` per use before bufferization gives
// every layer its own arrays (the memory a pipeline of layers needs anyway);
// a `linalg.fill` CSE merged (the zero initial states of two layers) is
// cloned per use first.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNHLSSEPARATEBUFFERS
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

struct RNNHLSSeparateBuffersPass
    : rnn::impl::RNNHLSSeparateBuffersBase<RNNHLSSeparateBuffersPass> {
  void runOnOperation() override {
    // A fill CSE merged (two layers' zero initial states) first: each use
    // its own fill, then each fill its own empty tensor (below).
    SmallVector<linalg::FillOp> fills;
    getOperation()->walk([&](linalg::FillOp op) {
      if (op->getNumResults() == 1 && !op->getResult(0).hasOneUse() &&
          !op->use_empty())
        fills.push_back(op);
    });
    for (linalg::FillOp op : fills) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : op->getResult(0).getUses())
        uses.push_back(&use);
      OpBuilder b(op);
      for (OpOperand *use : llvm::drop_begin(uses))
        use->set(b.clone(*op)->getResult(0));
    }
    SmallVector<tensor::EmptyOp> empties;
    getOperation()->walk([&](tensor::EmptyOp op) {
      if (!op->hasOneUse() && !op->use_empty())
        empties.push_back(op);
    });
    for (tensor::EmptyOp op : empties) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : op->getUses())
        uses.push_back(&use);
      // The first use keeps the original; every other gets a clone placed
      // right before the original (its operands, the dynamic sizes, are
      // defined there).
      OpBuilder b(op);
      for (OpOperand *use : llvm::drop_begin(uses))
        use->set(b.clone(*op)->getResult(0));
    }
  }
};

} // namespace
