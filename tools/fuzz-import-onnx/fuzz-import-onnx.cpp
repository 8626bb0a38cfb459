//===- fuzz-import-onnx.cpp - libFuzzer harness for the ONNX importer -----===//
//
// Feeds arbitrary bytes to rnn::importONNXBuffer. The importer must reject
// every malformed model with a diagnostic: any crash, assertion, sanitizer
// report, leak or hang is a bug. Built only with -DRNN_ENABLE_FUZZER=ON and
// clang (scripts/fuzz.sh).
//
//===----------------------------------------------------------------------===//

#include "rnn/InitAll.h"
#include "rnn/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    rnn::registerAllDialects(*r);
    return r;
  }();
  mlir::MLIRContext ctx(*registry, mlir::MLIRContext::Threading::DISABLED);
  // Diagnostics are the expected outcome for bad input; keep them quiet.
  mlir::ScopedDiagnosticHandler quiet(&ctx, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  (void)rnn::importONNXBuffer(bytes, "fuzz.onnx", &ctx);
  return 0;
}
