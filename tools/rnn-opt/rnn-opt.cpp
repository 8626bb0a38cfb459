//===- rnn-opt.cpp - mlir-opt with the rnn dialect and passes -------------===//

#include "rnn/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"

int main(int argc, char **argv) {
  llvm::cl::AddExtraVersionPrinter(rnn::printVersion);
  mlir::DialectRegistry registry;
  rnn::registerAllDialects(registry);
  rnn::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "rnn-opt: optimizer driver for the rnn dialect\n", registry));
}
