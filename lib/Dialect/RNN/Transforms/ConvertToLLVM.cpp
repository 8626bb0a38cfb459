//===- ConvertToLLVM.cpp - memref/arith/index/cf/func to LLVM at once -----===//
//
// The upstream conversions to the LLVM dialect are one pass per dialect.
// Every one of them walks the whole module, checks the legality of every op
// and leaves unrealized casts at the boundary to the dialects not converted
// yet. On a model lowered to one large function that is most of the time
// they take; this pass applies the same patterns in one conversion.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Analysis/DataLayoutAnalysis.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNCONVERTTOLLVM
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

struct RNNConvertToLLVMPass
    : rnn::impl::RNNConvertToLLVMBase<RNNConvertToLLVMPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    const auto &dataLayout = getAnalysis<DataLayoutAnalysis>();
    LowerToLLVMOptions options(&getContext(), dataLayout.getAtOrAbove(module));
    if (alignedAlloc)
      options.allocLowering = LowerToLLVMOptions::AllocLowering::AlignedAlloc;
    options.useGenericFunctions = genericFunctions;
    LLVMTypeConverter converter(&getContext(), options, &dataLayout);
    RewritePatternSet patterns(&getContext());
    SymbolTableCollection symbolTables;
    populateFinalizeMemRefToLLVMConversionPatterns(converter, patterns,
                                                   &symbolTables);
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    index::populateIndexToLLVMConversionPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    cf::populateAssertToLLVMConversionPattern(converter, patterns,
                                              /*abortOnFailure=*/true,
                                              &symbolTables);
    populateFuncToLLVMConversionPatterns(converter, patterns, &symbolTables);
    LLVMConversionTarget target(getContext());
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
