//===- Pipelines.cpp - rnnc pass pipelines --------------------------------===//

#include "rnn/Pipelines/Pipelines.h"
#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Quant/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {

/// Textual options of rnn-lower-to-llvm; mirrors ::rnn::LowerToLLVMOptions.
struct LowerToLLVMPipelineOptions
    : PassPipelineOptions<LowerToLLVMPipelineOptions> {
  Option<bool> emitCInterface{
      *this, "emit-c-interface",
      llvm::cl::desc("Add llvm.emit_c_interface to public functions"),
      llvm::cl::init(true)};
  Option<bool> fuseElementwise{
      *this, "fuse-elementwise",
      llvm::cl::desc("Fuse elementwise linalg ops after lowering the cells"),
      llvm::cl::init(true)};
  Option<bool> vectorKernels{
      *this, "vector-kernels",
      llvm::cl::desc("Packed weights and register-blocked vector kernels for "
                     "the matrix products (rnn-matmul-to-vector)"),
      llvm::cl::init(true)};
  Option<int64_t> vectorSize{*this, "vector-size",
                             llvm::cl::desc("Panel width of the kernels"),
                             llvm::cl::init(64)};
  Option<int64_t> rowBlock{*this, "row-block",
                           llvm::cl::desc("Rows per register block"),
                           llvm::cl::init(4)};
  Option<int64_t> kernelMinWeights{
      *this, "kernel-min-weights",
      llvm::cl::desc("Smallest weight matrix that gets a vector kernel"),
      llvm::cl::init(256)};
  Option<bool> fuseGateEpilogue{
      *this, "fuse-gate-epilogue",
      llvm::cl::desc("With the vector kernels: LSTM gate math in the "
                     "recurrent product's kernel (rnn-fuse-gate-epilogue)"),
      llvm::cl::init(true)};
  Option<bool> wavefront{
      *this, "wavefront",
      llvm::cl::desc("Chain stacked forward layers block by block "
                     "(rnn-wavefront)"),
      llvm::cl::init(true)};
  Option<int64_t> wavefrontBlock{
      *this, "wavefront-block",
      llvm::cl::desc("Time steps per wavefront block (0: cost rule)"),
      llvm::cl::init(0)};
  Option<int64_t> convWinograd{
      *this, "conv-winograd",
      llvm::cl::desc("Winograd F(m x m, 3 x 3) tile for unit-stride 3x3 "
                     "convolutions (2, 4; 0 = direct kernel)"),
      llvm::cl::init(2)};
  Option<bool> fastMath{
      *this, "fast-math",
      llvm::cl::desc("Reassociate / contract float math and use polynomial "
                     "tanh / exp (rnn-fast-math, rnn-approximate-math)"),
      llvm::cl::init(true)};
  Option<bool> planScratch{
      *this, "plan-scratch",
      llvm::cl::desc("Reuse scratch buffers by liveness, planned at compile "
                     "time (rnn-plan-scratch)"),
      llvm::cl::init(true)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Split the kernels' panel loops across threads chosen "
                     "at run time (rnn-parallelize-kernels, OpenMP)"),
      llvm::cl::init(false)};
  Option<int64_t> parallelMinWeights{
      *this, "parallel-min-weights",
      llvm::cl::desc("Smallest kernel loop (weights streamed) split across "
                     "threads"),
      llvm::cl::init(262144)};
  Option<bool> parallelRegion{
      *this, "parallel-region",
      llvm::cl::desc("One parallel region around each time loop (and "
                     "projection block loop) instead of a fork / join per "
                     "product"),
      llvm::cl::init(true)};
  Option<int64_t> parallelRegionMinWeights{
      *this, "parallel-region-min-weights",
      llvm::cl::desc("Smallest loop (weights its panel loops stream per "
                     "iteration) run in one parallel region"),
      llvm::cl::init(131072)};
  Option<bool> parallelSpinBarrier{
      *this, "parallel-spin-barrier",
      llvm::cl::desc("In a parallel region, generated spin barriers instead "
                     "of OpenMP's"),
      llvm::cl::init(true)};
  Option<bool> cachedAllocations{
      *this, "cached-allocations",
      llvm::cl::desc("Allocate through _mlir_memref_to_llvm_aligned_alloc / "
                     "_free (rnnc's wrapper caches freed blocks per thread)"),
      llvm::cl::init(false)};
  Option<std::string> quantize{
      *this, "quantize",
      llvm::cl::desc("Recurrent weights: none, int8 (per-row symmetric) or "
                     "bf16 (rnn-quantize-weights)"),
      llvm::cl::init("none")};
  ListOption<std::string> quantizeExclude{
      *this, "quantize-exclude",
      llvm::cl::desc("ONNX node names of recurrent layers to keep in f32")};
  Option<std::string> int8Dot{
      *this, "int8-dot",
      llvm::cl::desc("Dot product of the int8 kernels: generic, "
                     "avx512-vnni, neon-sdot or neon-usdot"),
      llvm::cl::init("generic")};
  Option<bool> bf16Dot{
      *this, "bf16-dot",
      llvm::cl::desc("bf16 weights through AVX-512 BF16 vdpbf16ps"),
      llvm::cl::init(false)};
  Option<int64_t> projectionInStep{
      *this, "projection-in-step",
      llvm::cl::desc("int8 batch-1 steps: input projection inside the time "
                     "loop, this many steps ahead (0: off)"),
      llvm::cl::init(0)};
  Option<int64_t> f32ProjectionInStep{
      *this, "f32-projection-in-step",
      llvm::cl::desc("f32 batch-1 steps with weights in L2: input projection "
                     "inside the time loop, this many steps ahead (0: off)"),
      llvm::cl::init(0)};

  Option<double> pruneSparsity{
      *this, "prune-sparsity",
      llvm::cl::desc("Magnitude-prune constant W and R to this fraction of "
                     "zeros (rnn-prune-weights; 0 = off)"),
      llvm::cl::init(0.0)};
  Option<std::string> pruneBlock{
      *this, "prune-block", llvm::cl::desc("Pruning tile RxC"),
      llvm::cl::init("1x1")};
  Option<std::string> pruneBalance{
      *this, "prune-balance",
      llvm::cl::desc("Pruning balance group: row, gate, matrix or bank"),
      llvm::cl::init("row")};
  Option<double> sparseThreshold{
      *this, "sparse-threshold",
      llvm::cl::desc("Smallest zero fraction of a constant weight matrix "
                     "that gets sparse storage and kernels (1.0 = never)"),
      llvm::cl::init(::rnn::LowerToLLVMOptions::kDefaultSparseThreshold)};

  Option<bool> sparseGather{
      *this, "sparse-gather",
      llvm::cl::desc("CSR kernels gather 16 activations at a time"),
      llvm::cl::init(false)};
  Option<std::string> sparseEll{
      *this, "sparse-ell",
      llvm::cl::desc("Sliced ELLPACK kernel for products with few rows: "
                     "auto, always or never"),
      llvm::cl::init("auto")};
  Option<bool> sparsePermute{
      *this, "sparse-permute",
      llvm::cl::desc("ELLPACK kernel uses AVX-512 vpermi2ps"),
      llvm::cl::init(false)};
  Option<std::string> sparseInt8{
      *this, "sparse-int8",
      llvm::cl::desc("int8 ELLPACK kernel for pruned int8 weights of "
                     "products with few rows: auto, always or never"),
      llvm::cl::init("auto")};
  Option<bool> sparseBytePermute{
      *this, "sparse-byte-permute",
      llvm::cl::desc("int8 ELLPACK kernel uses AVX-512 VBMI vpermi2b"),
      llvm::cl::init(false)};
  Option<std::string> sparseLanes{
      *this, "sparse-lanes",
      llvm::cl::desc("Lanes kernel for products with many rows: auto (its "
                     "transposes charged) or always"),
      llvm::cl::init("auto")};

  ::rnn::LowerToLLVMOptions toOptions() const {
    ::rnn::LowerToLLVMOptions options;
    options.emitCInterface = emitCInterface;
    options.fuseElementwise = fuseElementwise;
    options.fastMath = fastMath;
    options.vectorKernels = vectorKernels;
    options.vectorSize = vectorSize;
    options.rowBlock = rowBlock;
    options.kernelMinWeights = kernelMinWeights;
    options.fuseGateEpilogue = fuseGateEpilogue;
    options.wavefront = wavefront;
    options.wavefrontBlock = wavefrontBlock;
    options.convWinograd = convWinograd;
    options.planScratch = planScratch;
    options.parallel = parallel;
    options.parallelMinWeights = parallelMinWeights;
    options.parallelRegion = parallelRegion;
    options.parallelRegionMinWeights = parallelRegionMinWeights;
    options.parallelSpinBarrier = parallelSpinBarrier;
    options.cachedAllocations = cachedAllocations;
    options.quantize = quantize;
    options.quantizeExclude.assign(quantizeExclude.begin(),
                                   quantizeExclude.end());
    options.int8Dot = int8Dot;
    options.bf16Dot = bf16Dot;
    options.projectionInStep = projectionInStep;
    options.f32ProjectionInStep = f32ProjectionInStep;
    options.pruneSparsity = pruneSparsity;
    options.pruneBlock = pruneBlock;
    options.pruneBalance = pruneBalance;
    options.sparseThreshold = sparseThreshold;
    options.sparseGather = sparseGather;
    options.sparseEll = sparseEll;
    options.sparsePermute = sparsePermute;
    options.sparseInt8 = sparseInt8;
    options.sparseBytePermute = sparseBytePermute;
    options.sparseLanes = sparseLanes;
    return options;
  }
};

void addCleanup(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// The canonicalizer of the CPU pipeline: one top-down sweep, no region
/// simplification. The model is one function of structured loops (no
/// unreachable blocks, no block arguments to drop before the conversion to
/// LLVM), so region simplification only walks it; and the sweep's worklist
/// already revisits what a rewrite changes, so the default second sweep
/// (which only confirms the fixpoint) found nothing on the real models:
/// their LLVM dialect output is identical, at ~40% of the canonicalizers'
/// time.
std::unique_ptr<Pass> createSweepCanonicalizerPass() {
  GreedyRewriteConfig config;
  config.setUseTopDownTraversal(true)
      .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled)
      .setMaxIterations(1);
  return createCanonicalizerPass(config);
}

void addSweepCleanup(OpPassManager &pm) {
  pm.addPass(createSweepCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// TOSA from the ONNX importer becomes linalg / arith / tensor first, so that
/// everything after works on one set of dialects.
void addTosaLowering(OpPassManager &pm) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(tosa::createTosaToLinalgNamed());
  fpm.addPass(tosa::createTosaToLinalg());
  fpm.addPass(createTosaToArithPass());
  fpm.addPass(createTosaToTensorPass());
  // arith / math on whole tensors (tosa-to-arith emits some) become generics.
  fpm.addPass(createConvertElementwiseToLinalgPass());
}

void addRNNLowering(OpPassManager &pm, const ::rnn::LowerToLLVMOptions &opts,
                    const ::rnn::LowerToHLSOptions *hls = nullptr) {
  // The HLS backend keeps the default canonicalizer (its C++ output is
  // checked text for text).
  auto cleanup = [&] { hls ? addCleanup(pm) : addSweepCleanup(pm); };
  // Pruning rewrites the constant weights of the sequence ops, so it runs
  // before anything slices them.
  if (opts.pruneSparsity != 0.0) {
    mlir::rnn::RNNPruneWeightsOptions prune;
    prune.sparsity = opts.pruneSparsity;
    prune.block = opts.pruneBlock;
    prune.balance = opts.pruneBalance;
    pm.addPass(mlir::rnn::createRNNPruneWeights(prune));
  }
  // Stacked layers block by block, while they are still sequence ops (the
  // HLS backend keeps its one loop per layer).
  if (opts.wavefront && !hls) {
    mlir::rnn::RNNWavefrontOptions wavefront;
    wavefront.blockSteps = opts.wavefrontBlock;
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNWavefront(wavefront));
  }
  pm.addPass(mlir::rnn::createRNNExpandSequences());
  cleanup();
  bool quantized = opts.quantize != "none";
  if (quantized) {
    mlir::rnn::RNNQuantizeWeightsOptions quant;
    quant.mode = opts.quantize;
    quant.exclude.assign(opts.quantizeExclude.begin(),
                         opts.quantizeExclude.end());
    quant.activationRanges.assign(opts.activationRanges.begin(),
                                  opts.activationRanges.end());
    pm.addPass(mlir::rnn::createRNNQuantizeWeights(quant));
  }
  if (opts.recordActivationRanges)
    pm.addPass(mlir::rnn::createRNNRecordActivationRanges());
  // The gate math into the recurrent product's kernel, for the cells it
  // can take; convert-rnn-to-linalg lowers the others.
  if (opts.vectorKernels && opts.fuseGateEpilogue) {
    mlir::rnn::RNNFuseGateEpilogueOptions fuse;
    fuse.lanes = std::max<int64_t>(1, opts.vectorSize / 4);
    fuse.rowBlock = opts.rowBlock;
    fuse.minWeights = opts.kernelMinWeights;
    fuse.sparseThreshold = opts.sparseThreshold;
    fuse.f32ProjectionInStep = opts.f32ProjectionInStep;
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNFuseGateEpilogue(fuse));
  }
  pm.addPass(mlir::rnn::createConvertRNNToLinalg());
  // Sparse weights first: the dense kernels take whatever is left.
  if (opts.sparseThreshold < 1.0) {
    mlir::rnn::RNNSparseKernelsOptions sparse;
    sparse.threshold = opts.sparseThreshold;
    sparse.gather = opts.sparseGather;
    sparse.ell = opts.sparseEll;
    sparse.ellPermute = opts.sparsePermute;
    // Without the vector kernels int8 weights are dequantized exactly and
    // multiplied in f32; the sparse int8 kernel would change the numbers.
    sparse.int8 = opts.vectorKernels ? opts.sparseInt8 : "never";
    sparse.int8Permute = opts.sparseBytePermute;
    sparse.minWeights = opts.kernelMinWeights;
    sparse.lanes = opts.sparseLanes;
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNSparseKernels(sparse));
  }
  // The HLS forms of int8 and sparse products (instead of the CPU kernels),
  // also before fusion.
  if (hls) {
    mlir::rnn::RNNHLSWeightsOptions weights;
    weights.sparseThreshold = hls->sparseThreshold;
    weights.fixedPoint = hls->int8FixedPoint;
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNHLSWeights(weights));
  }
  // Kernels before elementwise fusion: its reshape propagation would turn
  // the projection matmul into a generic contraction.
  if (opts.vectorKernels) {
    mlir::rnn::RNNMatmulToVectorOptions kernel;
    kernel.vectorSize = opts.vectorSize;
    kernel.rowBlock = opts.rowBlock;
    kernel.minWeights = opts.kernelMinWeights;
    kernel.bf16Dot = opts.bf16Dot;
    kernel.projectionInStep = opts.projectionInStep;
    kernel.f32ProjectionInStep = opts.f32ProjectionInStep;
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNMatmulToVector(kernel));
    // Convolutions of the surrounding graph: vectors of a quarter panel
    // (one register: 16 lanes on AVX-512, 8 on AVX2, 4 on NEON).
    mlir::rnn::RNNConvToVectorOptions conv;
    conv.lanes = std::max<int64_t>(1, opts.vectorSize / 4);
    conv.registers = opts.vectorSize == 32 ? 16 : 32;
    conv.winograd = opts.convWinograd;
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNConvToVector(conv));
  }
  // Quantized weights that no kernel took (small products, kernels off)
  // are dequantized exactly in f32: quant.dcast and arith.extf on tensors
  // become linalg.
  if (quantized) {
    pm.addNestedPass<func::FuncOp>(quant::createLowerQuantOps());
    pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
    cleanup();
  }
  if (opts.fuseElementwise && hls)
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNHLSFuseElementwise());
  else if (opts.fuseElementwise)
    pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
  cleanup();
  if (opts.fastMath) {
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNApproximateMath());
    pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNFastMath());
  }
  // Last before bufferization: fusion and canonicalization would turn the
  // loop-carried destinations back into tensor.empty.
  pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNInPlaceLoopState());
}

/// Whole-module bufferization with plain (identity layout) memrefs at
/// function boundaries, which is what C callers can construct, then
/// ownership-based deallocation.
void addBufferization(OpPassManager &pm, const ::rnn::LowerToLLVMOptions &opts) {
  pm.addPass(mlir::rnn::createRNNSignlessBytes());
  if (opts.emitCInterface)
    pm.addPass(mlir::rnn::createRNNEmitCInterface());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  // The time loop yields fresh states; deallocation takes care of them.
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  addSweepCleanup(pm);
  // Scratch buffers of a time step (e.g. the step's gate pre-activations)
  // are allocated once before the loop instead of once per step.
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  // bufferization::buildBufferDeallocationPipeline without its canonicalize
  // before the ownership analysis (the cleanup above already ran; it is for
  // the scf.if of expanded reallocs, which nothing here emits) and its CSE
  // after lowering the deallocations (it found nothing to merge on any real
  // model; the canonicalizer after it still runs).
  memref::ExpandReallocPassOptions expandRealloc;
  expandRealloc.emitDeallocs = false;
  pm.addPass(memref::createExpandReallocPass(expandRealloc));
  bufferization::OwnershipBasedBufferDeallocationPassOptions dealloc;
  dealloc.privateFuncDynamicOwnership = false;
  pm.addPass(bufferization::createOwnershipBasedBufferDeallocationPass(dealloc));
  pm.addPass(createSweepCanonicalizerPass());
  pm.addPass(bufferization::createBufferDeallocationSimplificationPass());
  pm.addPass(bufferization::createLowerDeallocationsPass());
  pm.addPass(createSweepCanonicalizerPass());
}

/// Loops, then one conversion per dialect. Math goes to LLVM intrinsics or
/// libm calls so that the object needs nothing beyond libc and libm; f16 /
/// bf16 math is done in f32 since libm has no such entry points.
void addLLVMLowering(OpPassManager &pm,
                     const ::rnn::LowerToLLVMOptions &opts) {
  pm.addPass(createConvertBufferizationToMemRefPass());
  // The time loops' state into their rows of Y (no copy per step).
  pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNStateInOutput());
  if (opts.planScratch)
    pm.addPass(mlir::rnn::createRNNPlanScratch());
  if (opts.parallel) {
    mlir::rnn::RNNParallelizeKernelsOptions parallel;
    parallel.minWeights = opts.parallelMinWeights;
    parallel.region = opts.parallelRegion;
    parallel.regionMinWeights = opts.parallelRegionMinWeights;
    parallel.spinBarrier = opts.parallelSpinBarrier;
    pm.addPass(mlir::rnn::createRNNParallelizeKernels(parallel));
  }
  pm.addPass(mlir::rnn::createRNNLowerStridedCopies());
  // convert-linalg-to-loops and expand-strided-metadata on the ops they
  // rewrite; expand-strided-metadata emits affine.apply, so lower affine
  // after it.
  pm.addNestedPass<func::FuncOp>(mlir::rnn::createRNNLowerToLoops());
  pm.addPass(createLowerAffinePass());
  pm.addPass(math::createMathExtendToSupportedTypes());
  // Ops with an LLVM intrinsic (fma, floor, fabs, sqrt, exp, ...) first:
  // intrinsics vectorize and need no library; whatever is left becomes a
  // libm call.
  mlir::rnn::RNNLowerInt8DotOptions dot;
  dot.vnni = opts.int8Dot == "avx512-vnni";
  if (opts.int8Dot == "neon-sdot" || opts.int8Dot == "neon-usdot")
    dot.neon = opts.int8Dot.substr(5);
  dot.permute = opts.sparsePermute;
  dot.bytePermute = opts.sparseBytePermute;
  pm.addPass(mlir::rnn::createRNNLowerInt8Dot(dot));
  // convert-math-to-llvm, then convert-math-to-libm, on the math ops only.
  pm.addPass(mlir::rnn::createRNNConvertMathToLLVM());
  // aligned_alloc instead of malloc + pointer arithmetic: the aligned
  // pointer stays the allocation's own pointer, so LLVM can tell buffers
  // apart (noalias) and vectorize short loops across them.
  // scf / vector / memref / arith / index / cf / func in one conversion (the
  // upstream passes' patterns; seven whole-module walks were half of the
  // lowering time of the large models).
  mlir::rnn::RNNConvertToLLVMOptions toLLVM;
  toLLVM.alignedAlloc = true;
  toLLVM.genericFunctions = opts.cachedAllocations;
  toLLVM.scf = true;
  toLLVM.vector = true;
  // x86vector.avx512.dot of the bf16 kernels (only emitted with bf16-dot).
  toLLVM.x86Vector = opts.bf16Dot;
  pm.addPass(mlir::rnn::createRNNConvertToLLVM(toLLVM));
  if (opts.parallel)
    pm.addPass(mlir::rnn::createRNNConvertOpenMPToLLVM());
  // No cleanup after the conversions: LLVM's own passes do the same, and a
  // canonicalize + CSE over the LLVM dialect cost ~20% of the lowering time
  // of the large models without changing the LLVM IR's size.
  pm.addPass(createReconcileUnrealizedCastsPass());
}

/// The HLS front half: the same tensor-level lowering as the CPU pipeline
/// without the CPU kernels and fast math, bufferized with identity layouts
/// and no deallocation (the HLS emitter gives every buffer static storage),
/// then loops. What is left is func / scf / memref / arith / math.
void addHLSLowering(OpPassManager &pm, const ::rnn::LowerToHLSOptions &hls) {
  addTosaLowering(pm);
  ::rnn::LowerToLLVMOptions front;
  front.vectorKernels = false;
  front.fastMath = false;
  // Sparse and int8 products get their HLS forms from rnn-hls-weights, not
  // the CPU kernels.
  front.sparseThreshold = 1.0;
  front.quantize = hls.quantize;
  front.quantizeExclude = hls.quantizeExclude;
  front.pruneSparsity = hls.pruneSparsity;
  front.pruneBlock = hls.pruneBlock;
  front.pruneBalance = hls.pruneBalance;
  addRNNLowering(pm, front, &hls);
  // Inputs are read-only (bufferization.writable = false): the top
  // function's input ports are `const` arrays.
  pm.addPass(mlir::rnn::createRNNEmitCInterface());
  if (hls.separateBuffers)
    pm.addPass(mlir::rnn::createRNNHLSSeparateBuffers());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  addCleanup(pm);
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createLowerAffinePass());
  addCleanup(pm);
}

} // namespace

void ::rnn::buildLowerToHLSPipeline(OpPassManager &pm) {
  addHLSLowering(pm, LowerToHLSOptions());
}

void ::rnn::buildLowerToHLSPipeline(OpPassManager &pm,
                                    const LowerToHLSOptions &options) {
  addHLSLowering(pm, options);
}

void ::rnn::addHLSPreparePass(OpPassManager &pm,
                              const HLSPrepareOptions &options) {
  mlir::rnn::RNNHLSPrepareOptions prepare;
  prepare.reuse = options.reuse;
  prepare.precision = options.precision;
  prepare.interface = options.interface;
  prepare.top = options.top;
  prepare.maxSeqLen = options.maxSeqLen;
  prepare.dataflow = options.dataflow;
  pm.addPass(mlir::rnn::createRNNHLSPrepare(prepare));
}

void ::rnn::buildLowerToLLVMPipeline(OpPassManager &pm,
                                   const LowerToLLVMOptions &options) {
  addTosaLowering(pm);
  addRNNLowering(pm, options);
  addBufferization(pm, options);
  addLLVMLowering(pm, options);
}

void ::rnn::registerLowerToLLVMPipeline() {
  PassPipelineRegistration<>(
      "rnn-lower-to-hls",
      "Lower rnn / tosa / linalg on tensors to loops on static memrefs "
      "(the input of rnn-hls-prepare and the HLS C++ emitter)",
      [](OpPassManager &pm) { buildLowerToHLSPipeline(pm); });
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "rnn-lower-to-llvm",
      "Lower rnn / tosa / linalg on tensors to the LLVM dialect (CPU)",
      [](OpPassManager &pm, const LowerToLLVMPipelineOptions &options) {
        buildLowerToLLVMPipeline(pm, options.toOptions());
      });
}
