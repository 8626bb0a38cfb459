//===- MathToLLVM.cpp - math ops to LLVM intrinsics or libm calls ---------===//
//
// convert-math-to-llvm and convert-math-to-libm are dialect conversions of
// the whole module; on a model lowered to one large function nearly all of
// their time is the legality check of ops that are not math ops. This pass
// applies the same two conversions to the math ops only.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNCONVERTMATHTOLLVM
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;

namespace {

SmallVector<Operation *> mathOps(ModuleOp module) {
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (isa<math::MathDialect>(op->getDialect()))
      ops.push_back(op);
  });
  return ops;
}

struct RNNConvertMathToLLVMPass
    : rnn::impl::RNNConvertMathToLLVMBase<RNNConvertMathToLLVMPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    SmallVector<Operation *> ops = mathOps(getOperation());
    if (ops.empty())
      return;
    // Intrinsics first: they vectorize and need no library.
    {
      LLVMTypeConverter converter(context);
      RewritePatternSet patterns(context);
      populateMathToLLVMConversionPatterns(converter, patterns,
                                           /*approximateLog1p=*/true);
      LLVMConversionTarget target(*context);
      if (failed(applyPartialConversion(ops, target, std::move(patterns))))
        return signalPassFailure();
    }
    ops = mathOps(getOperation());
    if (ops.empty())
      return;
    RewritePatternSet patterns(context);
    populateMathToLibmConversionPatterns(patterns);
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, BuiltinDialect,
                           func::FuncDialect, vector::VectorDialect>();
    target.addIllegalDialect<math::MathDialect>();
    if (failed(applyPartialConversion(ops, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
