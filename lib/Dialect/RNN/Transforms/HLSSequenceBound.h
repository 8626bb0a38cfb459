//===- HLSSequenceBound.h - dynamic sequence length for HLS -----*- C++ -*-===//
//
// Part of rnn-hls-prepare (internal): a dynamic time dimension bounded by a
// maximum length (`max-seq-len`, rnnc --hls-max-seq-len).
//
//===----------------------------------------------------------------------===//

#ifndef RNN_LIB_DIALECT_RNN_TRANSFORMS_HLSSEQUENCEBOUND_H
#define RNN_LIB_DIALECT_RNN_TRANSFORMS_HLSSEQUENCEBOUND_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir {
namespace rnn {

/// Checks the dynamic dims of `func`'s arguments and, when the one dynamic
/// dim is the sequence length of a recurrent layer and `maxSeqLen` > 0,
/// records the bounds the emitter and the report need:
///
/// * `hls.seq_len = [arg, dim, maxSeqLen]` on the function;
/// * `hls.tripcount = [min, max, avg]` on every loop whose trip count
///   depends on the length (over every length 1..maxSeqLen);
/// * `hls.max_shape` on every op with a dynamic memref result (the largest
///   size of each dim over every length);
/// * per dynamic function result, the result attributes `hls.max_shape`
///   and `hls.seq_dim = [a, b]` (its dim 0 is a * length + b).
///
/// Errors: a dynamic dim without `maxSeqLen`, more than one dynamic dim, a
/// dynamic dim that is not the outermost one or not a time loop's trip
/// count, a size or trip count that cannot be evaluated from the length.
LogicalResult boundSequenceLength(func::FuncOp func, int64_t maxSeqLen);

} // namespace rnn
} // namespace mlir

#endif // RNN_LIB_DIALECT_RNN_TRANSFORMS_HLSSEQUENCEBOUND_H
