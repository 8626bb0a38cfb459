//===- RNNDialect.cpp - rnn dialect registration --------------------------===//

#include "rnn/Dialect/RNN/IR/RNNDialect.h"
#include "rnn/Dialect/RNN/IR/RNNAttrs.h"
#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::rnn;

#include "rnn/Dialect/RNN/IR/RNNOpsDialect.cpp.inc"

void RNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "rnn/Dialect/RNN/IR/RNNOps.cpp.inc"
      >();
  registerAttributes();
}
