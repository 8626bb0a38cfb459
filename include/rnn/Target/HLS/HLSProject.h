//===- HLSProject.h - HLS project directory and estimates -------*- C++ -*-===//
//
// What `rnnc --emit=hls -o DIR` writes besides the kernel: the C-simulation
// testbench, the Makefile, run_hls.tcl and the resource / latency report
// from the analytical model of docs/hls.md.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_TARGET_HLS_HLSPROJECT_H
#define RNN_TARGET_HLS_HLSPROJECT_H

#include "rnn/Target/HLS/EmitHLS.h"

#include <string>
#include <vector>

namespace rnn {

struct HLSProjectOptions {
  std::string part = "xczu9eg-ffvb1156-2-e";
  double clockNs = 5.0;
  /// Write report.txt / report.json only (estimates of large models).
  bool reportOnly = false;
};

/// One matrix product of the model as the estimator sees it.
struct HLSProductEstimate {
  int64_t n = 0, k = 0, reuse = 1, multipliers = 0;
  int64_t ii = 1;         ///< achieved initiation interval of its pipeline
  int64_t cycles = 0;     ///< one execution of the product
  int64_t executions = 1; ///< per call of the top function
  /// "dense", "int8" (8-bit weights), "sparse" (N x K is then N rows x
  /// the padded row length; `nnz` the stored non-zeros) or "int8-sparse".
  std::string kind = "dense";
  int64_t nnz = -1;
  /// Elements its pipeline reads per iteration from a top-level port
  /// (unpartitioned: one per cycle, so II >= this); 0 if none.
  int64_t portReads = 0;
};

/// The analytical model's numbers for one prepared module (docs/hls.md).
struct HLSEstimate {
  std::string precision;
  int64_t dsp = 0, bram18 = 0, uramIfWeightsInURAM = 0, weightBits = 0;
  int64_t latencyCycles = 0;              ///< one call (a whole sequence)
  std::vector<int64_t> stepCycles;        ///< body of each time loop
  std::vector<int64_t> stepTrips;         ///< trip count of each time loop
  std::vector<char> stepDynamic;          ///< its trip count is seq_len
  int64_t maxSeqLen = 0;                  ///< bounded sequence length, or 0
  std::vector<HLSProductEstimate> products;
  /// Ports copied into a local array before the products (rnn-hls-prepare's
  /// hls.port_copy): name and elements (one per cycle, once per call).
  std::vector<std::pair<std::string, int64_t>> portCopies;
  /// DATAFLOW (rnn-hls-prepare's hls.stage): cycles of each process (empty
  /// without dataflow), why statements were grouped, or why there is none.
  std::vector<int64_t> stageCycles;
  /// With dataflow: one call's latency through the processes (FIFO
  /// channels overlap producer and consumer), and the FIFO channels.
  int64_t dataflowLatency = 0, fifoChannels = 0;
  std::vector<std::string> dataflowNotes;
  std::string noDataflowReason;
};

/// Estimates resources and latency of `module` (prepared by rnn-hls-prepare).
HLSEstimate estimateHLS(mlir::ModuleOp module);

/// The report as text and as JSON.
void printHLSReport(const HLSEstimate &est, const HLSFiles &files,
                    const HLSProjectOptions &options, llvm::raw_ostream &os);
void printHLSReportJSON(const HLSEstimate &est, const HLSFiles &files,
                        const HLSProjectOptions &options,
                        llvm::raw_ostream &os);

/// Emits `module` and writes the whole project into `dir` (created if
/// needed): TOP.cpp, TOP.h, TOP_weights.h, rnn_hls.h, rnn_ap_fixed.h,
/// rnn_npy.h, TOP_tb.cpp, Makefile, run_hls.tcl, report.txt, report.json.
mlir::LogicalResult writeHLSProject(mlir::ModuleOp module,
                                    const HLSProjectOptions &options,
                                    llvm::StringRef dir);

} // namespace rnn

#endif // RNN_TARGET_HLS_HLSPROJECT_H
