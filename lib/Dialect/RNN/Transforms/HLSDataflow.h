//===- HLSDataflow.h - DATAFLOW stages for HLS ------------------*- C++ -*-===//
//
// Part of rnn-hls-prepare (internal): splits the top function into
// processes connected by buffers written once and read once, for
// `#pragma HLS DATAFLOW`.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_LIB_DIALECT_RNN_TRANSFORMS_HLSDATAFLOW_H
#define RNN_LIB_DIALECT_RNN_TRANSFORMS_HLSDATAFLOW_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir {
namespace rnn {

/// Groups the statements of `func`'s body (its top-level loops, copies and
/// the return, which writes the outputs) into processes: consecutive
/// statements that share a buffer other than as one producer and one later
/// consumer (a buffer written by two statements, read by two, or read
/// before it is written) are one process. With two or more processes and
/// no bypass, records
///
/// * `hls.dataflow` on the function, `hls.stage = i` on every top-level op
///   of process i (declarations too: they go into its function), and
///   `hls.channel` on the top-level buffers that connect two processes;
/// * `hls.dataflow_notes`: why statements were grouped (one string each);
///
/// otherwise `hls.no_dataflow = "reason"` on the function.
void planDataflow(func::FuncOp func);

} // namespace rnn
} // namespace mlir

#endif // RNN_LIB_DIALECT_RNN_TRANSFORMS_HLSDATAFLOW_H
