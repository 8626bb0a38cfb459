//===- Pipelines.h - rnnc pass pipelines ------------------------*- C++ -*-===//
//
// The CPU pipeline from tensors (rnn, tosa, linalg, tensor, arith, math, scf)
// down to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_PIPELINES_PIPELINES_H
#define RNN_PIPELINES_PIPELINES_H

#include <cstdint>
#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

#include <string>
#include <vector>

namespace rnn {

/// Knobs of the rnn-lower-to-llvm pipeline. The textual pipeline exposes the
/// same fields as options (emit-c-interface, fuse-elementwise, fast-math,
/// vector-kernels, vector-size, row-block, kernel-min-weights, conv-winograd,
/// plan-scratch, quantize, quantize-exclude, int8-dot, bf16-dot,
/// prune-sparsity, prune-block, prune-balance, sparse-threshold,
/// sparse-gather).
struct LowerToLLVMOptions {
  /// Add `llvm.emit_c_interface` to public function definitions so that C
  /// callers get `_mlir_ciface_<name>` wrappers taking memref descriptors.
  bool emitCInterface = true;
  /// Run linalg elementwise fusion after the cells are lowered.
  bool fuseElementwise = true;
  /// Allow reassociation / contraction of float arithmetic and replace
  /// tanh / exp / log with vectorizable polynomials.
  bool fastMath = true;
  /// Pack matmul weights and emit register-blocked vector kernels
  /// (rnn-matmul-to-vector) with this panel width and row block.
  bool vectorKernels = true;
  int64_t vectorSize = 64;
  int64_t rowBlock = 4;
  int64_t kernelMinWeights = 256;
  /// With the kernels: an f32 LSTM cell with constant R becomes one kernel
  /// that runs the gate math on its accumulators (rnn-fuse-gate-epilogue).
  bool fuseGateEpilogue = true;
  /// Chain stacked forward layers block by block (rnn-wavefront) with this
  /// many steps per block (0: the pass's cost rule).
  bool wavefront = true;
  int64_t wavefrontBlock = 0;
  /// Winograd F(m x m, 3 x 3) tile for unit-stride 3x3 convolutions with
  /// constant weights (rnn-conv-to-vector winograd): 2, 4 or 0 (off).
  int64_t convWinograd = 2;
  /// Reuse scratch buffers with disjoint lifetimes, planned at compile time
  /// (rnn-plan-scratch), instead of one malloc / free each.
  bool planScratch = true;
  /// Split the kernels' panel loops across threads with OpenMP
  /// (rnn-parallelize-kernels); the thread count is chosen at run time
  /// (rnnc_set_num_threads, default 1). Needs libomp at link time.
  bool parallel = false;
  /// Smallest kernel loop (weights streamed) split across threads.
  int64_t parallelMinWeights = 262144;
  /// One parallel region around each loop whose panel loops stream at least
  /// parallelRegionMinWeights weights per iteration (rnn-parallelize-kernels
  /// region options).
  bool parallelRegion = true;
  int64_t parallelRegionMinWeights = 131072;
  /// Generated spin barriers in the parallel regions (rnn-parallelize-kernels
  /// spin-barrier).
  bool parallelSpinBarrier = true;
  /// Allocate through _mlir_memref_to_llvm_aligned_alloc / _free (the
  /// generic functions of finalize-memref-to-llvm) instead of aligned_alloc
  /// / free: rnnc's C wrapper implements them with a per-thread cache of
  /// freed blocks, so repeated runs reuse the memory of the previous run.
  bool cachedAllocations = false;
  /// Weight quantization of the recurrent layers (rnn-quantize-weights):
  /// "none", "int8" or "bf16"; layers named in `quantizeExclude` stay f32.
  std::string quantize = "none";
  std::vector<std::string> quantizeExclude;
  /// int8: calibrated max |a| per activation site (rnnc
  /// --calibration-data), giving static activation scales; empty = dynamic.
  std::vector<double> activationRanges;
  /// Calibration build: record the activation ranges into a global
  /// (rnn-record-activation-ranges) instead of quantizing.
  bool recordActivationRanges = false;
  /// Dot product of the int8 kernels: "generic", "avx512-vnni",
  /// "neon-sdot" (AArch64 +dotprod) or "neon-usdot" (AArch64 +i8mm).
  std::string int8Dot = "generic";
  /// bf16 weights through AVX-512 BF16's vdpbf16ps (activations rounded to
  /// bf16) instead of bf16 panels widened to f32.
  bool bf16Dot = false;
  /// int8 batch-1 steps: input projection inside the time loop, this many
  /// steps ahead, fused with the step's kernel (rnn-matmul-to-vector
  /// projection-in-step; set for AVX-512 VNNI targets by
  /// getLoweringOptionsFor); 0: off.
  int64_t projectionInStep = 0;
  /// The same for f32 batch-1 steps whose weights stream from L2
  /// (rnn-matmul-to-vector f32-projection-in-step; set for AVX-512 targets
  /// by getLoweringOptionsFor); 0: off.
  int64_t f32ProjectionInStep = 0;
  /// Magnitude pruning of constant W and R before expansion
  /// (rnn-prune-weights); 0 disables it.
  double pruneSparsity = 0.0;
  std::string pruneBlock = "1x1";
  std::string pruneBalance = "row";
  /// Constant weight matrices with at least this fraction of zeros get
  /// block-CSR storage and sparse kernels (rnn-sparse-kernels); 1.0
  /// disables them.
  double sparseThreshold = kDefaultSparseThreshold;
  bool sparseGather = false;
  /// Sliced ELLPACK kernel for the recurrent step: auto, always or never.
  std::string sparseEll = "auto";
  /// The ELLPACK kernel selects activations with AVX-512's vpermi2ps (set
  /// for AVX-512 targets by getLoweringOptionsFor).
  bool sparsePermute = false;
  /// int8 tiled-ELLPACK kernel for pruned int8 weights of the recurrent
  /// step: auto, always or never.
  std::string sparseInt8 = "auto";
  /// The int8 ELLPACK kernel's vpermi2b (AVX-512 VBMI) and vpdpbusd are
  /// available (set by getLoweringOptionsFor); auto chooses it only then.
  bool sparseBytePermute = false;
  /// Lanes kernel (products with 16 or more rows): auto (the cost model
  /// charges its transposes) or always (not charged; for tests).
  std::string sparseLanes = "auto";
  static constexpr double kDefaultSparseThreshold = 0.5;
};

/// Appends rnn-lower-to-llvm to `pm`, which must be anchored on
/// `builtin.module`: tosa to linalg, rnn-expand-sequences,
/// convert-rnn-to-linalg, elementwise fusion, one-shot bufferization with
/// identity-layout function boundaries, ownership-based deallocation, linalg
/// to loops and the conversions to the LLVM dialect. Math functions become
/// libm calls (tanhf, expf, log1pf), so the result depends on libc and libm
/// only.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Appends rnn-lower-to-hls to `pm` (anchored on `builtin.module`): the
/// tensor-level half of rnn-lower-to-llvm without the CPU vector kernels and
/// fast math, one-shot bufferization (identity layouts, read-only inputs,
/// no deallocation) and linalg to scf loops. The result holds func, scf,
/// memref, arith and math ops only; rnn-hls-prepare and the HLS C++ emitter
/// take it from there.
void buildLowerToHLSPipeline(mlir::OpPassManager &pm);

/// Weight options of the HLS front half (the --quantize / --sparsify /
/// --sparse-threshold of rnnc): int8 weights (rnn-quantize-weights, then
/// rnn-hls-weights' int8 product), pruning (rnn-prune-weights) and the
/// sparse product of rnn-hls-weights for matrices with at least
/// `sparseThreshold` zeros.
struct LowerToHLSOptions {
  std::string quantize = "none"; ///< "none" or "int8"
  std::vector<std::string> quantizeExclude;
  double pruneSparsity = 0.0;
  std::string pruneBlock = "1x1";
  std::string pruneBalance = "row";
  double sparseThreshold = LowerToLLVMOptions::kDefaultSparseThreshold;
  /// int8 products for fixed-point data (rnn-hls-weights fixed-point).
  bool int8FixedPoint = false;
  /// One buffer per tensor.empty use (rnn-hls-separate-buffers), so stacked
  /// layers do not share arrays (DATAFLOW; more memory without it).
  bool separateBuffers = true;
};
void buildLowerToHLSPipeline(mlir::OpPassManager &pm,
                             const LowerToHLSOptions &options);

/// The options of rnn-hls-prepare (see Passes.td).
struct HLSPrepareOptions {
  int64_t reuse = 1;
  std::string precision = "float";
  std::string interface = "m_axi";
  std::string top;
  /// Maximum of a dynamic sequence length (0: shapes must be static).
  int64_t maxSeqLen = 0;
  /// DATAFLOW processes where they apply.
  bool dataflow = true;
};

/// Appends rnn-hls-prepare with `options` to `pm` (on `builtin.module`).
void addHLSPreparePass(mlir::OpPassManager &pm,
                       const HLSPrepareOptions &options);

/// Registers `rnn-lower-to-llvm` and `rnn-lower-to-hls` for textual pass
/// pipelines.
void registerLowerToLLVMPipeline();

} // namespace rnn

#endif // RNN_PIPELINES_PIPELINES_H
