//===- FastMath.cpp - reassociation and contraction of float arithmetic ---===//
//
// The dot products of the recurrent matrix products dominate the run time.
// LLVM vectorizes a float reduction only when it may reassociate it, and
// fuses a multiply and an add only when it may contract them.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNFASTMATH
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

struct RNNFastMathPass : rnn::impl::RNNFastMathBase<RNNFastMathPass> {
  void runOnOperation() override {
    arith::FastMathFlags extra =
        arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
    getOperation()->walk([&](Operation *op) {
      if (!isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp>(op))
        return;
      auto fmf = cast<arith::ArithFastMathInterface>(op);
      arith::FastMathFlags flags = fmf.getFastMathFlagsAttr().getValue();
      op->setAttr(fmf.getFastMathAttrName(),
                  arith::FastMathFlagsAttr::get(op->getContext(),
                                                flags | extra));
    });
  }
};

} // namespace
