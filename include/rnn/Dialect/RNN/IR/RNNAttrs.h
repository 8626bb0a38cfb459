//===- RNNAttrs.h - rnn dialect attributes ----------------------*- C++ -*-===//

#ifndef RNN_DIALECT_RNN_IR_RNNATTRS_H
#define RNN_DIALECT_RNN_IR_RNNATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "rnn/Dialect/RNN/IR/RNNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "rnn/Dialect/RNN/IR/RNNAttrs.h.inc"

#endif // RNN_DIALECT_RNN_IR_RNNATTRS_H
