//===- RNNOps.h - rnn dialect operations ------------------------*- C++ -*-===//

#ifndef RNN_DIALECT_RNN_IR_RNNOPS_H
#define RNN_DIALECT_RNN_IR_RNNOPS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "rnn/Dialect/RNN/IR/RNNAttrs.h"
#include "rnn/Dialect/RNN/IR/RNNDialect.h"

#define GET_OP_CLASSES
#include "rnn/Dialect/RNN/IR/RNNOps.h.inc"

#endif // RNN_DIALECT_RNN_IR_RNNOPS_H
