//===- InitAll.cpp - register everything rnnc provides --------------------===//

#include "rnn/InitAll.h"
#include "rnn/Dialect/RNN/IR/RNNDialect.h"
#include "rnn/Dialect/RNN/Transforms/Passes.h"
#include "rnn/Pipelines/Pipelines.h"
#include "rnn/Target/HLS/EmitHLS.h"
#include "rnn/Target/ONNX/ImportONNX.h"
#include "rnn/Version.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/InitAllTranslations.h"
#include "llvm/Support/raw_ostream.h"

void rnn::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::rnn::RNNDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void rnn::registerAllPasses() {
  mlir::registerAllPasses();
  mlir::rnn::registerRNNPasses();
  rnn::registerLowerToLLVMPipeline();
}

void rnn::registerAllTranslations() {
  mlir::registerAllTranslations();
  rnn::registerImportONNXTranslation();
  rnn::registerEmitHLSTranslation();
}

void rnn::printVersion(llvm::raw_ostream &os) {
  os << "rnnc version " << RNN_VERSION_STRING << " (LLVM "
     << RNN_LLVM_VERSION_STRING << ")\n";
}
