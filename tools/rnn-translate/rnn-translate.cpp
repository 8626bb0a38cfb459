//===- rnn-translate.cpp - rnnc translations ------------------------------===//

#include "rnn/InitAll.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "llvm/Support/CommandLine.h"

int main(int argc, char **argv) {
  llvm::cl::AddExtraVersionPrinter(rnn::printVersion);
  rnn::registerAllTranslations();
  return mlir::failed(mlir::mlirTranslateMain(
      argc, argv, "rnn-translate: translations into and out of MLIR\n"));
}
