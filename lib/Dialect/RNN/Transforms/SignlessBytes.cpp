//===- SignlessBytes.cpp - ui8 tensors -> i8 before bufferization ---------===//
//
// ONNX uint8 tensors are `ui8` in the imported IR (so that the model's
// signature, taken at import, says uint8), but they are computed as signless
// i8 and reinterpreted with tensor.bitcast, which bufferization does not
// handle. Rewriting every ui8 tensor type to i8 (the same bytes) leaves only
// i8 -> i8 bitcasts, which disappear.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNSIGNLESSBYTES
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

/// `type` with ui8 elements made signless; other types unchanged.
Type signless(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.getElementType().isUnsignedInteger(8))
    return type;
  return tensor.clone(IntegerType::get(type.getContext(), 8));
}

struct RNNSignlessBytesPass
    : rnn::impl::RNNSignlessBytesBase<RNNSignlessBytesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      FunctionType type = func.getFunctionType();
      SmallVector<Type> ins(llvm::map_range(type.getInputs(), signless));
      SmallVector<Type> outs(llvm::map_range(type.getResults(), signless));
      func.setFunctionType(FunctionType::get(&getContext(), ins, outs));
    }
    SmallVector<tensor::BitcastOp> casts;
    module.walk([&](Operation *op) {
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            arg.setType(signless(arg.getType()));
      for (OpResult r : op->getResults())
        r.setType(signless(r.getType()));
      if (auto cast = dyn_cast<tensor::BitcastOp>(op))
        casts.push_back(cast);
    });
    for (tensor::BitcastOp cast : casts)
      if (cast.getSource().getType() == cast.getType()) {
        cast.getResult().replaceAllUsesWith(cast.getSource());
        cast.erase();
      }
  }
};

} // namespace
