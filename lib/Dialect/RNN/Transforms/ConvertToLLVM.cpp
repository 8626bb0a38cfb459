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
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVM.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/X86Vector/Transforms.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNCONVERTTOLLVM
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

/// The ops of dialect `D` in `module` (post-order: nested ops first).
template <typename D>
SmallVector<Operation *> opsOf(ModuleOp module) {
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (isa<D>(op->getDialect()))
      ops.push_back(op);
  });
  return ops;
}

/// The vector-to-vector lowerings `convert-vector-to-llvm` applies before its
/// conversion (contractions, transposes, masks, transfers of rank > 1 to
/// rank 1, strided slices, ...), applied to the vector ops only: the
/// upstream pass runs them greedily over the whole module, which visits and
/// tries to fold every scalar op of a large model.
LogicalResult lowerVectorOps(ModuleOp module) {
  SmallVector<Operation *> ops = opsOf<vector::VectorDialect>(module);
  if (ops.empty())
    return success();
  MLIRContext *context = module.getContext();
  RewritePatternSet patterns(context);
  vector::populateVectorToVectorCanonicalizationPatterns(patterns);
  vector::populateVectorBitCastLoweringPatterns(patterns);
  vector::populateVectorBroadcastLoweringPatterns(patterns);
  vector::populateVectorContractLoweringPatterns(
      patterns, vector::VectorContractLowering::Dot);
  vector::populateVectorMaskOpLoweringPatterns(patterns);
  vector::populateVectorShapeCastLoweringPatterns(patterns);
  vector::populateVectorInterleaveLoweringPatterns(patterns);
  vector::populateVectorTransposeLoweringPatterns(
      patterns, vector::VectorTransposeLowering::EltWise);
  vector::populateVectorTransferLoweringPatterns(patterns,
                                                 /*maxTransferRank=*/1);
  vector::populateVectorMaskMaterializationPatterns(
      patterns, /*force32BitVectorIndices=*/true);
  vector::populateVectorInsertExtractStridedSliceTransforms(patterns);
  vector::populateVectorStepLoweringPatterns(patterns);
  vector::populateVectorRankReducingFMAPattern(patterns);
  vector::populateVectorGatherLoweringPatterns(patterns);
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
  // The ops a pattern creates join the worklist; convergence is not
  // required (the conversion below fails on anything left illegal).
  (void)applyOpPatternsGreedily(ops, std::move(patterns), config);
  return success();
}

/// scf to cf with `convert-scf-to-cf`'s patterns, applied to the scf ops
/// only and outside the dialect conversion. Lowering a loop splits its
/// block; inside a conversion every op moved to the new block is recorded
/// (for rollback), so a model function holding hundreds of top-level loops
/// paid for moving the rest of the function once per loop (UL-UNAS: a
/// quarter of the conversion, much of it in allocations).
void lowerSCFOps(ModuleOp module) {
  SmallVector<Operation *> ops = opsOf<scf::SCFDialect>(module);
  if (ops.empty())
    return;
  RewritePatternSet patterns(module.getContext());
  populateSCFToControlFlowConversionPatterns(patterns);
  GreedyRewriteConfig config;
  // The patterns create no scf ops; the nested loops are in `ops`.
  config.setStrictness(GreedyRewriteStrictness::ExistingOps);
  config.enableFolding(false);
  // Anything left over is lowered by the conversion, which has the same
  // patterns.
  (void)applyOpPatternsGreedily(ops, std::move(patterns), config);
}

struct RNNConvertToLLVMPass
    : rnn::impl::RNNConvertToLLVMBase<RNNConvertToLLVMPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (vector && failed(lowerVectorOps(module)))
      return signalPassFailure();
    if (scf)
      lowerSCFOps(module);
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
    if (scf)
      populateSCFToControlFlowConversionPatterns(patterns);
    LLVMConversionTarget target(getContext());
    if (vector) {
      vector::populateVectorTransferLoweringPatterns(patterns);
      // The lowerings build vectors from ub.poison.
      ub::populateUBToLLVMConversionPatterns(converter, patterns);
      populateVectorToLLVMConversionPatterns(
          converter, patterns, /*reassociateFPReductions=*/false,
          /*force32BitVectorIndices=*/true, /*useVectorAlignment=*/false);
      if (x86Vector) {
        configureX86VectorLegalizeForExportTarget(target);
        populateX86VectorLegalizeForLLVMExportPatterns(converter, patterns);
      }
    }
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
