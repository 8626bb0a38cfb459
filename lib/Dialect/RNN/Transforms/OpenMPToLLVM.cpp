//===- OpenMPToLLVM.cpp - convert-openmp-to-llvm when there is OpenMP -----===//
//
// The CPU pipeline needs `convert-openmp-to-llvm` for the worksharing loops
// of rnn-parallelize-kernels, but most models have none (their products are
// below --parallel-min-weights). The upstream pass is a dialect conversion
// over the whole module and costs as much with nothing to convert (0.26 s on
// the largest real model); this pass runs it only when an omp op is there.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Pass/PassManager.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNCONVERTOPENMPTOLLVM
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

struct RNNConvertOpenMPToLLVMPass
    : rnn::impl::RNNConvertOpenMPToLLVMBase<RNNConvertOpenMPToLLVMPass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    createConvertOpenMPToLLVMPass()->getDependentDialects(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool hasOpenMP = module
                         .walk([](Operation *op) {
                           return isa<omp::OpenMPDialect>(op->getDialect())
                                      ? WalkResult::interrupt()
                                      : WalkResult::advance();
                         })
                         .wasInterrupted();
    if (!hasOpenMP)
      return;
    OpPassManager pm(ModuleOp::getOperationName());
    pm.addPass(createConvertOpenMPToLLVMPass());
    if (failed(runPipeline(pm, module)))
      signalPassFailure();
  }
};

} // namespace
