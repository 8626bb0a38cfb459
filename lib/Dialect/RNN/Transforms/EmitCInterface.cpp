//===- EmitCInterface.cpp - request C wrappers for public functions -------===//
//
// Upstream's llvm-request-c-wrappers also tags declarations, which would make
// calls to runtime functions such as printMemrefF32 go through
// `_mlir_ciface_` symbols the runtime may not provide. Only definitions that
// C code is meant to call need the wrapper.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNEMITCINTERFACE
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

struct RNNEmitCInterfacePass
    : rnn::impl::RNNEmitCInterfaceBase<RNNEmitCInterfacePass> {
  void runOnOperation() override {
    StringRef name = LLVM::LLVMDialect::getEmitCWrapperAttrName();
    UnitAttr unit = UnitAttr::get(&getContext());
    auto readOnly = BoolAttr::get(&getContext(), false);
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      if (!func->hasAttr(name))
        func->setAttr(name, unit);
      // C callers own their input buffers: bufferization must never write
      // into them in place.
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (isa<TensorType>(func.getArgumentTypes()[i]) &&
            !func.getArgAttr(i, "bufferization.writable"))
          func.setArgAttr(i, "bufferization.writable", readOnly);
    }
  }
};

} // namespace
