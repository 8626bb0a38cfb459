//===- HLSSeparateBuffers.cpp - one tensor.empty per use ------------------===//
//
// The CPU pipeline wants buffers reused (less memory, warmer caches), and
// CSE merging identical `tensor.empty` ops gives it that for free: the two
// layers of a stacked LSTM share their gate and `Y` buffers. For DATAFLOW
// the sharing is a dependence: rnn-hls-prepare must put every statement
// writing a buffer into one process, so the two layers would become one
// process. Cloning each `tensor.empty` per use before bufferization gives
// every layer its own arrays (the memory a pipeline of layers needs anyway).
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

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
