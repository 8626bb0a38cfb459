//===- rnnc.cpp - the rnnc ahead-of-time compiler driver -------------------===//
//
// ONNX (or tensor-level MLIR) in; MLIR, LLVM IR, an object or a shared
// library with its C header out:
//
//   rnnc model.onnx -o model.so [--input-shape X=100x1x64] [-O2]
//        [--mcpu=native] [--mattr=+avx2] [--target=aarch64-linux-gnu]
//        [--emit=mlir|llvm-mlir|llvm|obj|lib] [--print-pipeline] [-v]
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "rnn/Compiler/CWrapper.h"
#include "rnn/Compiler/Compiler.h"
#include "rnn/Compiler/ModelSignature.h"
#include "rnn/Compiler/Report.h"
#include "rnn/InitAll.h"
#include "rnn/Pipelines/Pipelines.h"
#include "rnn/Target/HLS/HLSProject.h"
#include "rnn/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class EmitKind { MLIR, LLVMMLIR, LLVMIR, Object, Library, HLS };

cl::OptionCategory rnncCategory("rnnc options");

cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx|model.mlir>"),
                               cl::Required, cl::cat(rnncCategory));
cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                cl::value_desc("path"), cl::Required,
                                cl::cat(rnncCategory));
cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to produce (default: from the output's extension; "
                     ".so -> lib, .o -> obj, .ll -> llvm, .mlir -> mlir)"),
    cl::values(
        clEnumValN(EmitKind::MLIR, "mlir", "imported tensor-level MLIR"),
        clEnumValN(EmitKind::LLVMMLIR, "llvm-mlir",
                   "MLIR after lowering to the LLVM dialect"),
        clEnumValN(EmitKind::LLVMIR, "llvm", "optimized LLVM IR (.ll)"),
        clEnumValN(EmitKind::Object, "obj",
                   "relocatable object with the C ABI (+ header)"),
        clEnumValN(EmitKind::Library, "lib",
                   "shared library with the C ABI (+ header)"),
        clEnumValN(EmitKind::HLS, "hls",
                   "Vitis HLS C++ project in the directory OUT (kernel, "
                   "weights, testbench, Makefile, run_hls.tcl, report)")),
    cl::cat(rnncCategory));
cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Pin the shape of a graph input: NAME=DxDxD (a dim "
                         "of -1 or ? stays dynamic; NAME= for a scalar)"),
                cl::value_desc("NAME=DxD"), cl::cat(rnncCategory));
cl::opt<unsigned> optLevel(
    "O",
    cl::desc("LLVM optimization level (0-3; default 2, which compiles faster "
             "and runs the real models as fast or faster than 3)"),
    cl::Prefix, cl::init(2), cl::cat(rnncCategory));
cl::opt<std::string> mcpu("mcpu",
                          cl::desc("Target CPU (default: native = this host)"),
                          cl::init("native"), cl::cat(rnncCategory));
cl::opt<std::string> mattr("mattr",
                           cl::desc("Target features, e.g. +avx2,-avx512f"),
                           cl::cat(rnncCategory));
cl::opt<std::string> target("target",
                            cl::desc("Target triple (default: the host), e.g. "
                                     "aarch64-linux-gnu"),
                            cl::cat(rnncCategory));
cl::opt<bool> vectorKernels(
    "vector-kernels",
    cl::desc("Packed weights and register-blocked vector kernels for the "
             "matrix products (default on; =false for ablation)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<bool> fuseGateEpilogue(
    "fuse-gate-epilogue",
    cl::desc("LSTM gate math fused into the recurrent product's vector "
             "kernel (default on; =false for ablation)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<bool> wavefront(
    "wavefront",
    cl::desc("Stacked forward layers chained block by block in one loop "
             "(rnn-wavefront; default on; =false for ablation)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<int64_t> wavefrontBlock(
    "wavefront-block",
    cl::desc("Time steps per --wavefront block (default 0: cost rule, 8-32 "
             "steps by the widest layer)"),
    cl::init(0), cl::cat(rnncCategory));
cl::opt<int64_t> kernelMinWeights(
    "vector-kernel-min-weights",
    cl::desc("Smallest weight matrix (N*K elements) that gets a vector "
             "kernel; smaller products stay loops (default 256)"),
    cl::init(256), cl::cat(rnncCategory));
cl::opt<int64_t> convWinograd(
    "conv-winograd",
    cl::desc("Winograd F(m x m, 3 x 3) tile m for unit-stride 3x3 "
             "convolutions: 2 (default), 4, or 0 for the direct kernel "
             "(ablation)"),
    cl::init(2), cl::cat(rnncCategory));
cl::opt<int64_t> projectionInStep(
    "projection-in-step",
    cl::desc("--quantize=int8, batch-1 recurrent steps with large weights: "
             "compute the input projection inside the time loop, this many "
             "steps ahead (2, 4 or 8; 0: off; default: 8 on AVX-512 VNNI "
             "targets, else off)"),
    cl::init(-1), cl::cat(rnncCategory));
cl::opt<int64_t> f32ProjectionInStep(
    "f32-projection-in-step",
    cl::desc("f32 batch-1 recurrent steps whose weights fit L2: compute the "
             "input projection inside the time loop, this many steps ahead "
             "(2, 4 or 8; 0: off; default: 8 on AVX-512 targets, else off)"),
    cl::init(-1), cl::cat(rnncCategory));
cl::opt<bool> fastMath(
    "fast-math",
    cl::desc("Reassociate/contract float math and use polynomial tanh/exp "
             "(default on; =false for ablation)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<bool> planScratch(
    "plan-scratch",
    cl::desc("Reuse scratch buffers by liveness, planned at compile time "
             "(default on; =false for ablation)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<bool> outlineLoops(
    "outline-loops",
    cl::desc("Give every top-level loop nest its own LLVM function before "
             "-O1..3 (keeps LLVM's optimization time linear in the model "
             "size; default on; =false for ablation)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<bool> verifyEach(
    "verify-each",
    cl::desc("Verify the IR after every lowering pass (for debugging the "
             "compiler; by default the lowered module is verified once, "
             "which halves the MLIR lowering time of the large models)"),
    cl::init(false), cl::cat(rnncCategory));
cl::opt<unsigned> llvmPartitions(
    "llvm-partitions",
    cl::desc("Split the model's LLVM module into N partitions optimized and "
             "compiled concurrently (default 4; the object code depends on N, "
             "not on -j; 1 = one module)"),
    cl::init(4), cl::cat(rnncCategory));
cl::opt<unsigned> llvmPartitionInstructions(
    "llvm-partition-instructions",
    cl::desc("LLVM instructions (before -O3) per partition: a module with "
             "fewer than twice this many is compiled in one piece (default "
             "1000; splitting costs a module clone and a bitcode round trip)"),
    cl::init(1000), cl::cat(rnncCategory));
cl::opt<unsigned> jobs(
    "j", cl::desc("Threads for the LLVM partitions (default: the cores)"),
    cl::init(0), cl::cat(rnncCategory));
cl::opt<bool> parallel(
    "parallel",
    cl::desc("Thread support: kernels split across the threads set at run "
             "time (rnn-run --threads, rnnc_set_num_threads; default 1); "
             "links libomp. Default on for the host, off with --target"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<int64_t> parallelMinWeights(
    "parallel-min-weights",
    cl::desc("With --parallel: smallest matrix-product loop (weights "
             "streamed) split across threads (default 262144; a fork / join "
             "costs microseconds)"),
    cl::init(262144), cl::cat(rnncCategory));
cl::opt<bool> parallelRegion(
    "parallel-region",
    cl::desc("With --parallel: one parallel region around each time loop "
             "(every thread runs the steps; products and element-wise gate "
             "math split, barriers between them) instead of a fork / join "
             "per product (default true)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<int64_t> parallelRegionMinWeights(
    "parallel-region-min-weights",
    cl::desc("With --parallel-region: smallest loop (weights its matrix "
             "products stream per step) run in one parallel region (default "
             "131072)"),
    cl::init(131072), cl::cat(rnncCategory));
cl::opt<bool> parallelSpinBarrier(
    "parallel-spin-barrier",
    cl::desc("With --parallel-region: end each split product / gate pass "
             "with a generated spin barrier (atomics) instead of OpenMP's "
             "(default true; =false for ablation)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<std::string> quantize(
    "quantize",
    cl::desc("Recurrent weights (W and R of LSTM/GRU/RNN): none (default), "
             "int8 (symmetric, one scale per gate row, activations "
             "quantized per step) or bf16"),
    cl::init("none"), cl::cat(rnncCategory));
cl::list<std::string> quantizeExclude(
    "quantize-exclude", cl::CommaSeparated,
    cl::desc("ONNX node names of recurrent layers to keep in f32 "
             "(comma separated, with --quantize)"),
    cl::cat(rnncCategory));
cl::opt<std::string> calibrationData(
    "calibration-data",
    cl::desc("With --quantize=int8: static activation scales calibrated on "
             "the input sets in DIR (one subdirectory per set, NAME.npy per "
             "model input) instead of dynamic per-step scales"),
    cl::value_desc("DIR"), cl::cat(rnncCategory));
cl::opt<std::string> sparsify(
    "sparsify",
    cl::desc("Magnitude-prune constant W and R to fraction P of zeros: P, "
             "P:block=RxC, P:balance=row|gate|matrix|bank (bank: the same "
             "count in each bank of 64 columns of a row; e.g. 0.9:block=4x1)"),
    cl::value_desc("P[:block=RxC][:balance=B]"), cl::cat(rnncCategory));
cl::opt<double> sparseThreshold(
    "sparse-threshold",
    cl::desc("Smallest fraction of zeros of a constant weight matrix that "
             "gets sparse storage and kernels (default 0.5; 1.0 = never)"),
    cl::init(rnn::LowerToLLVMOptions::kDefaultSparseThreshold),
    cl::cat(rnncCategory));
cl::opt<bool> sparseGather(
    "sparse-gather",
    cl::desc("CSR (1x1) kernels gather 16 activations at a time instead "
             "of scalar loads (default off: slower on AMD Zen 4, see "
             "docs/sparsity.md)"),
    cl::init(false), cl::cat(rnncCategory));
cl::opt<std::string> sparseEll(
    "sparse-ell",
    cl::desc("Tiled ELLPACK kernels (16 rows per vector) for the "
             "recurrent step and, with 16 or more static rows, the input "
             "projection of all steps: auto (cost model, default), always "
             "or never"),
    cl::init("auto"), cl::cat(rnncCategory));
cl::opt<std::string> sparseLanes(
    "sparse-lanes",
    cl::desc("Block-CSR lanes kernel for products with 16 or more rows "
             "(the input projection of all steps): auto (cost model, which "
             "charges its transposes, default) or always (whenever the "
             "sparse format pays without them; for tests)"),
    cl::init("auto"), cl::cat(rnncCategory));
cl::opt<std::string> sparseInt8(
    "sparse-int8",
    cl::desc("int8 ELLPACK kernel for pruned int8 weights of the recurrent "
             "step (--quantize=int8): auto (cost model, AVX-512 VBMI + VNNI "
             "targets, default), always or never"),
    cl::init("auto"), cl::cat(rnncCategory));
cl::opt<std::string> hlsPrecision(
    "hls-precision",
    cl::desc("--emit=hls data type: float or fixed<W,I> (ap_fixed with "
             "rounding and saturation)"),
    cl::init("float"), cl::cat(rnncCategory));
cl::opt<int64_t> hlsReuse(
    "hls-reuse",
    cl::desc("--emit=hls reuse factor R: each matrix product uses "
             "ceil(weights / R) multipliers (hls4ml convention; default 1)"),
    cl::init(1), cl::cat(rnncCategory));
cl::opt<std::string> hlsInterface(
    "hls-interface", cl::desc("--emit=hls top-level ports: m_axi or axis"),
    cl::init("m_axi"), cl::cat(rnncCategory));
cl::opt<std::string> hlsPart(
    "hls-part", cl::desc("--emit=hls FPGA part for run_hls.tcl"),
    cl::init("xczu9eg-ffvb1156-2-e"), cl::cat(rnncCategory));
cl::opt<double> hlsClock("hls-clock",
                         cl::desc("--emit=hls clock period in ns (default 5)"),
                         cl::init(5.0), cl::cat(rnncCategory));
cl::opt<std::string> hlsTop(
    "hls-top",
    cl::desc("--emit=hls name of the top function (default: the model's "
             "file name as a C identifier)"),
    cl::cat(rnncCategory));
cl::opt<int64_t> hlsMaxSeqLen(
    "hls-max-seq-len",
    cl::desc("--emit=hls: maximum sequence length N of a model whose time "
             "dimension stays dynamic (buffers sized for N; the top function "
             "takes the actual length as `int seq_len`)"),
    cl::init(0), cl::cat(rnncCategory));
cl::opt<bool> hlsDataflow(
    "hls-dataflow",
    cl::desc("--emit=hls: #pragma HLS DATAFLOW across the model's statements "
             "where it applies (default true; =false: one sequential "
             "function)"),
    cl::init(true), cl::cat(rnncCategory));
cl::opt<bool> hlsReportOnly(
    "hls-report-only",
    cl::desc("--emit=hls: write only report.txt and report.json"),
    cl::cat(rnncCategory));
cl::opt<bool> report("report",
                     cl::desc("Print the recurrent layers and the weight bytes "
                              "(as imported and as stored in the library)"),
                     cl::cat(rnncCategory));
cl::opt<bool> printPipeline("print-pipeline",
                            cl::desc("Print the MLIR pass pipeline used"),
                            cl::cat(rnncCategory));
cl::opt<bool> verbose("v",
                      cl::desc("Print each stage and its time (and each LLVM "
                               "partition's size and times)"),
                      cl::cat(rnncCategory));
cl::opt<bool> keepTemps("save-temps",
                        cl::desc("Keep the object and the C wrapper beside "
                                 "the output (OUT.model.o, OUT.abi.c)"),
                        cl::cat(rnncCategory));

/// Prints "rnnc: <stage> <ms> ms" when -v is given.
class StageTimer {
public:
  explicit StageTimer(StringRef name) : name(name.str()) {
    start = std::chrono::steady_clock::now();
  }
  ~StageTimer() {
    if (!verbose)
      return;
    double ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    llvm::errs() << llvm::formatv("rnnc: {0,-28} {1,8:f1} ms\n", name, ms);
  }

private:
  std::string name;
  std::chrono::steady_clock::time_point start;
};

EmitKind inferEmitKind() {
  if (emitKind.getNumOccurrences())
    return emitKind;
  StringRef ext = llvm::sys::path::extension(outputPath);
  if (ext == ".o")
    return EmitKind::Object;
  if (ext == ".ll")
    return EmitKind::LLVMIR;
  if (ext == ".mlir")
    return EmitKind::MLIR;
  return EmitKind::Library;
}

/// `diag` (and its notes) as `FILE:LINE:COL: severity: message`, with the
/// file position of the innermost file location (fused and named locations
/// of the importer wrap it), or `rnnc:` when there is none.
void printDiagnostic(Diagnostic &diag, llvm::raw_ostream &os) {
  auto print = [&](Location loc, DiagnosticSeverity severity,
                   const Diagnostic &d) {
    FileLineColLoc file;
    loc->walk([&](Location inner) {
      if (auto f = dyn_cast<FileLineColLoc>(inner)) {
        file = f;
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (file)
      os << file.getFilename().getValue() << ":" << file.getLine() << ":"
         << file.getColumn() << ": ";
    else
      os << "rnnc: ";
    switch (severity) {
    case DiagnosticSeverity::Error: os << "error: "; break;
    case DiagnosticSeverity::Warning: os << "warning: "; break;
    case DiagnosticSeverity::Note: os << "note: "; break;
    case DiagnosticSeverity::Remark: os << "remark: "; break;
    }
    os << d << "\n";
  };
  print(diag.getLocation(), diag.getSeverity(), diag);
  for (Diagnostic &note : diag.getNotes())
    print(note.getLocation(), note.getSeverity(), note);
}

OwningOpRef<ModuleOp> loadModel(MLIRContext &ctx) {
  StageTimer timer("import");
  if (StringRef(inputPath).ends_with(".mlir")) {
    if (!inputShapes.empty()) {
      llvm::errs() << "rnnc: --input-shape applies to ONNX models only\n";
      return nullptr;
    }
    llvm::SourceMgr sourceMgr;
    std::string error;
    auto file = openInputFile(inputPath, &error);
    if (!file) {
      llvm::errs() << "rnnc: " << error << "\n";
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    return parseSourceFile<ModuleOp>(sourceMgr, &ctx);
  }
  rnn::ONNXImportOptions options;
  for (const std::string &spec : inputShapes) {
    std::string error = rnn::parseInputShapeOption(spec, options);
    if (!error.empty()) {
      llvm::errs() << "rnnc: " << error << "\n";
      return nullptr;
    }
  }
  return rnn::importONNXFile(inputPath, &ctx, options);
}

/// Parses --sparsify into `options`; returns an error message or "".
std::string parseSparsify(StringRef spec, rnn::LowerToLLVMOptions &options) {
  SmallVector<StringRef> parts;
  spec.split(parts, ':');
  double p;
  if (parts[0].getAsDouble(p) || !(p >= 0.0 && p < 1.0))
    return "--sparsify: the sparsity must be a number in [0, 1), got '" +
           parts[0].str() + "'";
  options.pruneSparsity = p;
  llvm::StringSet<> seen;
  for (StringRef part : llvm::drop_begin(parts)) {
    auto [key, value] = part.split('=');
    if ((key == "block" || key == "balance") && !seen.insert(key).second)
      return "--sparsify: '" + key.str() + "' is given twice in '" +
             spec.str() + "'";
    if (key == "block") {
      int64_t r, c;
      auto [rs, cs] = value.split('x');
      if (rs.getAsInteger(10, r) || cs.getAsInteger(10, c) || r < 1 || c < 1)
        return "--sparsify: block must be RxC with R, C >= 1 (e.g. 4x1), "
               "got '" + value.str() + "'";
      options.pruneBlock = value.str();
    } else if (key == "balance") {
      if (value != "row" && value != "gate" && value != "matrix" &&
          value != "bank")
        return "--sparsify: balance must be row, gate, matrix or bank, got '" +
               value.str() + "'";
      options.pruneBalance = value.str();
    } else {
      return "--sparsify: unknown option '" + part.str() +
             "' (expected block=RxC or balance=row|gate|matrix|bank)";
    }
  }
  return "";
}

/// Prints what rnn-sparse-kernels decided for each weight matrix, right
/// after it ran (later passes replace the ops carrying the decisions).
struct SparseReport : PassInstrumentation {
  void runAfterPass(Pass *pass, Operation *op) override {
    if (pass->getArgument() == "rnn-sparse-kernels")
      rnn::reportSparseMatrices(op, llvm::outs());
  }
};

/// The function the C ABI calls: `main_graph`, or the only public definition.
func::FuncOp findEntry(ModuleOp module) {
  func::FuncOp entry;
  unsigned count = 0;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal() || !func.isPublic())
      continue;
    if (func.getSymName() == "main_graph")
      return func;
    entry = func;
    ++count;
  }
  if (count == 1)
    return entry;
  module.emitError() << (count ? "several public functions and none named "
                                 "'main_graph'; the model needs one entry"
                               : "no public function to compile");
  return nullptr;
}

LogicalResult writeText(StringRef path,
                        llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string error;
  auto out = openOutputFile(path, &error);
  if (!out) {
    llvm::errs() << "rnnc: " << error << "\n";
    return failure();
  }
  write(out->os());
  out->keep();
  return success();
}

std::string replaceExtension(StringRef path, StringRef ext) {
  SmallString<256> result(path);
  llvm::sys::path::replace_extension(result, ext);
  return std::string(result);
}

/// The command line's --target / --mcpu / --mattr / -O.
rnn::TargetOptions commandLineTargetOptions() {
  rnn::TargetOptions targetOptions;
  targetOptions.triple = target;
  targetOptions.cpu = mcpu;
  targetOptions.features = mattr;
  targetOptions.optLevel = std::min(optLevel.getValue(), 3u);
  return targetOptions;
}

/// The target machine for the command line's --target / --mcpu / --mattr.
std::unique_ptr<llvm::TargetMachine> makeTargetMachine() {
  auto tm = rnn::createTargetMachine(commandLineTargetOptions());
  if (!tm) {
    llvm::errs() << "rnnc: " << llvm::toString(tm.takeError()) << "\n";
    return nullptr;
  }
  return std::move(*tm);
}

LogicalResult compileToOutput(ModuleOp module, const rnn::ModelSignature &sig,
                              EmitKind kind,
                              const rnn::TargetOptions &targetOptions,
                              llvm::TargetMachine &tm, StringRef out,
                              bool writeHeader = true) {
  unsigned level = targetOptions.optLevel;
  if (kind == EmitKind::LLVMIR) {
    llvm::LLVMContext llvmCtx;
    std::unique_ptr<llvm::Module> llvmModule;
    {
      StageTimer timer("LLVM IR + -O" + std::to_string(level));
      llvmModule =
          rnn::translateAndOptimize(module, llvmCtx, tm, level, outlineLoops);
    }
    if (!llvmModule)
      return failure();
    return writeText(
        out, [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); });
  }
  unsigned partitions = llvmPartitions;
  // Temporaries: the model object(s), the wrapper source and its object.
  std::string base = out.str();
  SmallVector<std::string> modelObjs;
  SmallString<128> tempDir, wrapperSrc, wrapperObj;
  if (keepTemps) {
    wrapperSrc = base + ".abi.c";
    wrapperObj = base + ".abi.o";
  } else {
    // One private directory with fixed file names: the names end up in the
    // library's symbol table, so the library does not depend on them.
    SmallString<128> prefix;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, prefix);
    llvm::sys::path::append(prefix, "rnnc");
    if (llvm::sys::fs::createUniqueDirectory(prefix, tempDir)) {
      llvm::errs() << "rnnc: cannot create a temporary directory\n";
      return failure();
    }
    wrapperSrc = tempDir;
    llvm::sys::path::append(wrapperSrc, "rnnc_abi.c");
    wrapperObj = tempDir;
    llvm::sys::path::append(wrapperObj, "rnnc_abi.o");
  }
  llvm::scope_exit cleanup([&] {
    if (!tempDir.empty())
      llvm::sys::fs::remove_directories(tempDir);
  });
  // The wrapper does not depend on the code: compile it while LLVM works
  // (from the translation on, which runs on one thread: the wrapper's
  // compiler takes the other core then, not the partitions' threads').
  if (failed(writeText(wrapperSrc, [&](llvm::raw_ostream &os) {
        rnn::emitCWrapperSource(sig, os);
      })))
    return failure();
  std::string cc = rnn::defaultCCompiler(target);
  auto fail = [](llvm::Error err) {
    llvm::errs() << "rnnc: " << llvm::toString(std::move(err)) << "\n";
    return failure();
  };
  llvm::Expected<rnn::ToolProcess> wrapperCompile = rnn::startTool(
      cc,
      {"-std=c99", "-O2", "-fPIC", "-c", std::string(wrapperSrc), "-o",
       std::string(wrapperObj)},
      verbose);
  if (!wrapperCompile)
    return fail(wrapperCompile.takeError());
  bool wrapperFinished = false;
  // On an early return the compiler is still waited for (before the
  // temporary directory goes).
  llvm::scope_exit waitForWrapper([&] {
    if (!wrapperFinished)
      llvm::consumeError(rnn::finishTool(*wrapperCompile));
  });
  llvm::LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> llvmModule;
  if (partitions == 1) {
    StageTimer timer("LLVM IR + -O" + std::to_string(level));
    llvmModule =
        rnn::translateAndOptimize(module, llvmCtx, tm, level, outlineLoops);
    if (!llvmModule)
      return failure();
  } else {
    StageTimer timer("LLVM IR");
    rnn::OutlineStats outlined;
    llvmModule = rnn::translateToLLVMIR(module, llvmCtx, tm,
                                        outlineLoops && level > 0, &outlined);
    if (!llvmModule)
      return failure();
    // Splitting costs a module clone, a bitcode round trip of every
    // partition (weights included) and a target machine per partition:
    // only code large enough to keep several threads busy is split.
    uint64_t instructions = 0;
    for (const llvm::Function &f : *llvmModule)
      instructions += f.getInstructionCount();
    partitions = std::clamp<uint64_t>(
        instructions / std::max(1u, llvmPartitionInstructions.getValue()), 1,
        partitions);
    if (verbose && outlined.loopNests)
      llvm::errs() << "rnnc: LLVM IR: " << outlined.loopNests
                   << " loop nests outlined into " << outlined.functions
                   << " functions (identical nests merged)\n";
    if (verbose)
      llvm::errs() << "rnnc: LLVM IR: " << instructions << " instructions -> "
                   << partitions << " partition(s)\n";
    if (partitions == 1) {
      StageTimer optTimer("LLVM -O" + std::to_string(level));
      if (llvm::Error err = rnn::optimize(*llvmModule, tm, level)) {
        llvm::errs() << "rnnc: LLVM optimization failed: "
                     << llvm::toString(std::move(err)) << "\n";
        return failure();
      }
    }
  }
  for (unsigned i = 0; i < partitions; ++i)
    modelObjs.push_back(
        keepTemps
            ? base + ".model" + (partitions > 1 ? std::to_string(i) : "") + ".o"
            : (tempDir + "/rnnc_model" + std::to_string(i) + ".o").str());

  {
    unsigned threads = std::min(
        partitions, jobs ? unsigned(jobs)
                         : llvm::heavyweight_hardware_concurrency()
                               .compute_thread_count());
    StageTimer timer(partitions == 1
                         ? std::string("object code")
                         : "LLVM -O" + std::to_string(level) +
                               " + object code (" +
                               std::to_string(partitions) + " partitions, " +
                               std::to_string(threads) + " threads)");
    SmallVector<rnn::PartitionStats> partStats;
    llvm::Error err =
        partitions == 1
            ? rnn::emitObjectFile(*llvmModule, tm, modelObjs[0])
            : rnn::optimizeAndEmitPartitions(*llvmModule, targetOptions,
                                             modelObjs, threads, &partStats);
    if (err)
      return fail(std::move(err));
    if (verbose)
      for (auto [i, st] : llvm::enumerate(partStats))
        llvm::errs() << llvm::format(
            "rnnc: LLVM partition %u: %u functions, %llu instructions, "
            "split + bitcode %.1f ms, -O%u %.1f ms, object code %.1f ms\n",
            unsigned(i), st.functions,
            static_cast<unsigned long long>(st.instructions),
            st.splitSeconds * 1e3, level, st.optimizeSeconds * 1e3,
            st.codegenSeconds * 1e3);
  }

  StageTimer timer("C ABI wrapper + link");
  wrapperFinished = true;
  if (llvm::Error err = rnn::finishTool(*wrapperCompile))
    return fail(std::move(err));
  std::vector<std::string> linkArgs;
  if (kind == EmitKind::Library) {
    linkArgs = {"-shared", "-o", out.str()};
    linkArgs.insert(linkArgs.end(), modelObjs.begin(), modelObjs.end());
    linkArgs.insert(linkArgs.end(), {std::string(wrapperObj), "-lm"});
    // The worksharing loops call the LLVM OpenMP runtime (__kmpc_*).
    if (sig.openmp)
      linkArgs.push_back("-lomp");
  } else {
    linkArgs = {"-r", "-nostdlib", "-o", out.str()};
    linkArgs.insert(linkArgs.end(), modelObjs.begin(), modelObjs.end());
    linkArgs.push_back(std::string(wrapperObj));
  }
  if (llvm::Error err = rnn::runTool(cc, linkArgs, verbose))
    return fail(std::move(err));
  if (!writeHeader)
    return success();
  return writeText(replaceExtension(out, ".h"),
                   [&](llvm::raw_ostream &os) { rnn::emitCHeader(sig, os); });
}


/// Runs the lowering `pm` on `module`. Without --verify-each the pass
/// manager does not verify after every pass (half of the lowering time of
/// the large models); the result is verified once here instead.
LogicalResult runLowering(PassManager &pm, ModuleOp module) {
  if (failed(pm.run(module)))
    return failure();
  if (!verifyEach && failed(verify(module))) {
    llvm::errs() << "rnnc: internal error: the lowered module of '"
                 << inputPath
                 << "' is invalid (rerun with --verify-each to find the "
                    "pass)\n";
    return failure();
  }
  return success();
}

/// --emit=hls: the HLS front half, rnn-hls-prepare with the --hls-*
/// options, then the project directory.
int compileToHLS(ModuleOp module,
                 const rnn::LowerToLLVMOptions &sparsifyOptions) {
  if (hlsReuse < 1) {
    llvm::errs() << "rnnc: --hls-reuse must be >= 1\n";
    return 1;
  }
  if (hlsMaxSeqLen.getNumOccurrences() &&
      (hlsMaxSeqLen < 1 || hlsMaxSeqLen > 65536)) {
    llvm::errs() << "rnnc: --hls-max-seq-len must be in [1, 65536]\n";
    return 1;
  }
  if (!(hlsClock > 0)) {
    llvm::errs() << "rnnc: --hls-clock must be a positive period in ns\n";
    return 1;
  }
  std::string top = hlsTop;
  if (top.empty()) {
    top = llvm::sys::path::stem(inputPath).str();
    for (char &c : top)
      if (!std::isalnum(static_cast<unsigned char>(c)))
        c = '_';
    if (top.empty() || std::isdigit(static_cast<unsigned char>(top[0])))
      top = "m_" + top;
  }
  PassManager pm(module->getContext());
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  pm.enableVerifier(verifyEach);
  rnn::LowerToHLSOptions lowering;
  lowering.quantize = quantize;
  lowering.quantizeExclude.assign(quantizeExclude.begin(),
                                  quantizeExclude.end());
  lowering.pruneSparsity = sparsifyOptions.pruneSparsity;
  lowering.pruneBlock = sparsifyOptions.pruneBlock;
  lowering.pruneBalance = sparsifyOptions.pruneBalance;
  lowering.sparseThreshold = sparseThreshold;
  lowering.int8FixedPoint = llvm::StringRef(hlsPrecision).trim() != "float";
  lowering.separateBuffers = hlsDataflow && hlsMaxSeqLen == 0;
  rnn::buildLowerToHLSPipeline(pm, lowering);
  rnn::HLSPrepareOptions prepare;
  prepare.reuse = hlsReuse;
  prepare.precision = hlsPrecision;
  prepare.interface = hlsInterface;
  prepare.top = top;
  prepare.maxSeqLen = hlsMaxSeqLen;
  prepare.dataflow = hlsDataflow;
  rnn::addHLSPreparePass(pm, prepare);
  if (printPipeline) {
    pm.printAsTextualPipeline(llvm::outs());
    llvm::outs() << "\n";
  }
  {
    StageTimer timer("MLIR lowering to HLS");
    if (failed(runLowering(pm, module)))
      return 1;
  }
  rnn::HLSProjectOptions options;
  options.part = hlsPart;
  options.clockNs = hlsClock;
  options.reportOnly = hlsReportOnly;
  StageTimer timer("HLS C++ project");
  return failed(rnn::writeHLSProject(module, options, outputPath)) ? 1 : 0;
}

/// --calibration-data: compiles `module` (a copy) in f32 for this host with
/// rnn-record-activation-ranges, runs it on every set and stores the ranges
/// in `lowering.activationRanges`. Returns false after printing an error.
bool calibrate(ModuleOp module, const rnn::ModelSignature &sig,
               rnn::LowerToLLVMOptions &lowering) {
  StageTimer timer("calibration");
  std::vector<std::string> sets;
  std::string error;
  if (!rnn::listCalibrationSets(calibrationData, sets, error)) {
    llvm::errs() << "rnnc: error: " << error << "\n";
    return false;
  }
  // The calibration build runs here, so it targets this host whatever
  // --target / --mcpu say.
  rnn::TargetOptions hostOptions;
  hostOptions.optLevel = std::min(optLevel.getValue(), 3u);
  auto hostTM = rnn::createTargetMachine(hostOptions);
  if (!hostTM) {
    llvm::errs() << "rnnc: " << llvm::toString(hostTM.takeError()) << "\n";
    return false;
  }
  rnn::LowerToLLVMOptions options = rnn::getLoweringOptionsFor(**hostTM);
  options.vectorKernels = lowering.vectorKernels;
  options.fuseGateEpilogue = lowering.fuseGateEpilogue;
  options.wavefront = lowering.wavefront;
  options.wavefrontBlock = lowering.wavefrontBlock;
  options.kernelMinWeights = lowering.kernelMinWeights;
  options.convWinograd = lowering.convWinograd;
  options.fastMath = lowering.fastMath;
  options.planScratch = lowering.planScratch;
  options.pruneSparsity = lowering.pruneSparsity;
  options.pruneBlock = lowering.pruneBlock;
  options.pruneBalance = lowering.pruneBalance;
  options.recordActivationRanges = true;
  OwningOpRef<ModuleOp> copy = module.clone();
  PassManager pm(module.getContext());
  rnn::buildLowerToLLVMPipeline(pm, options);
  if (failed(pm.run(*copy)))
    return false;
  SmallString<128> library;
  if (llvm::sys::fs::createTemporaryFile("rnnc-calibration", "so", library)) {
    llvm::errs() << "rnnc: cannot create a temporary file\n";
    return false;
  }
  llvm::scope_exit cleanup([&] { llvm::sys::fs::remove(library); });
  if (failed(compileToOutput(*copy, sig, EmitKind::Library, hostOptions,
                             **hostTM, library, /*writeHeader=*/false)))
    return false;
  if (!rnn::runCalibration(std::string(library), sets,
                           lowering.activationRanges, error)) {
    llvm::errs() << "rnnc: error: " << error << "\n";
    return false;
  }
  if (verbose) {
    llvm::errs() << "rnnc: calibrated " << lowering.activationRanges.size()
                 << " activation range(s) on " << sets.size() << " set(s):";
    for (double r : lowering.activationRanges)
      llvm::errs() << " " << r;
    llvm::errs() << "\n";
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::AddExtraVersionPrinter(rnn::printVersion);
  // --help lists rnnc's own options; LLVM's and MLIR's (e.g. --mlir-timing,
  // --mlir-print-ir-after-all) still work and show under --help-hidden.
  cl::HideUnrelatedOptions(rnncCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "rnnc: compile an ONNX recurrent model ahead of time into a shared "
      "library with a C ABI (or into MLIR, LLVM IR or an object)\n");

  if (llvmPartitions < 1) {
    llvm::errs() << "rnnc: error: --llvm-partitions must be >= 1\n";
    return 1;
  }
  if (convWinograd != 0 && convWinograd != 2 && convWinograd != 4) {
    llvm::errs() << "rnnc: error: --conv-winograd must be 0, 2 or 4, got "
                 << convWinograd.getValue() << "\n";
    return 1;
  }
  // Bad sparsification options fail before any work is done.
  rnn::LowerToLLVMOptions sparsifyOptions;
  if (!(sparseThreshold >= 0.0 && sparseThreshold <= 1.0)) {
    llvm::errs() << "rnnc: --sparse-threshold must be in [0, 1], got "
                 << sparseThreshold.getValue() << "\n";
    return 1;
  }
  if (sparsify.getNumOccurrences()) {
    std::string error = parseSparsify(sparsify, sparsifyOptions);
    if (!error.empty()) {
      llvm::errs() << "rnnc: " << error << "\n";
      return 1;
    }
  }

  DialectRegistry registry;
  rnn::registerAllDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  ctx.allowUnregisteredDialects(false);
  // Errors name the file and the ONNX node; the IR dump of the failing
  // operation ("see current operation") is for compiler developers
  // (--mlir-print-op-on-diagnostic still turns it on).
  auto &clOptions = cl::getRegisteredOptions();
  auto printOp = clOptions.find("mlir-print-op-on-diagnostic");
  if (printOp == clOptions.end() || !printOp->second->getNumOccurrences())
    ctx.printOpOnDiagnostic(false);

  EmitKind kind = inferEmitKind();
  // The HLS backend has int8 and sparse weights; silently dropping a
  // requested weight transformation would give the user another model.
  if (kind == EmitKind::HLS && quantize != "none" && quantize != "int8") {
    llvm::errs() << "rnnc: error: --emit=hls supports --quantize=int8 only "
                    "(got --quantize="
                 << quantize << "; see docs/hls.md)\n";
    return 1;
  }
  OwningOpRef<ModuleOp> module = loadModel(ctx);
  if (!module)
    return 1;
  if (report)
    rnn::reportImportedModel(*module, llvm::outs());
  if (kind == EmitKind::MLIR)
    return failed(writeText(outputPath,
                            [&](llvm::raw_ostream &os) { module->print(os); }));

  func::FuncOp entry = findEntry(*module);
  if (!entry)
    return 1;
  if (kind == EmitKind::HLS)
    return compileToHLS(*module, sparsifyOptions);
  std::string modelName = llvm::sys::path::stem(inputPath).str();
  FailureOr<rnn::ModelSignature> sig = rnn::getModelSignature(entry, modelName);
  if (failed(sig))
    return 1;

  PassManager pm(&ctx);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  // The imported module was verified; after the pipeline it is verified
  // once more below (--verify-each: after every pass).
  pm.enableVerifier(verifyEach);
  // --mlir-timing: per-pass times of the lowering.
  DefaultTimingManager timing;
  applyDefaultTimingManagerCLOptions(timing);
  TimingScope rootTiming = timing.getRootScope();
  pm.enableTiming(rootTiming);
  std::unique_ptr<llvm::TargetMachine> tm = makeTargetMachine();
  if (!tm)
    return 1;
  rnn::LowerToLLVMOptions lowering = rnn::getLoweringOptionsFor(*tm);
  lowering.vectorKernels = vectorKernels;
  lowering.fuseGateEpilogue = fuseGateEpilogue;
  lowering.wavefront = wavefront;
  lowering.wavefrontBlock = wavefrontBlock;
  lowering.kernelMinWeights = kernelMinWeights;
  lowering.convWinograd = convWinograd;
  lowering.fastMath = fastMath;
  lowering.planScratch = planScratch;
  // Thread support needs the target's libomp: on by default for the host
  // only (--parallel given explicitly wins).
  lowering.parallel =
      parallel.getNumOccurrences() ? bool(parallel) : target.empty();
  lowering.parallelMinWeights = parallelMinWeights;
  lowering.parallelRegion = parallelRegion;
  lowering.parallelRegionMinWeights = parallelRegionMinWeights;
  lowering.parallelSpinBarrier = parallelSpinBarrier;
  for (auto [flag, name] :
       {std::pair<cl::opt<int64_t> *, StringRef>{&wavefrontBlock,
                                                 "wavefront-block"},
        {&parallelMinWeights, "parallel-min-weights"},
        {&parallelRegionMinWeights, "parallel-region-min-weights"}}) {
    if (*flag < 0) {
      llvm::errs() << "rnnc: error: --" << name << " must be >= 0, got "
                   << *flag << "\n";
      return 1;
    }
  }
  for (auto [flag, name, value] :
       {std::tuple<cl::opt<int64_t> *, StringRef, int64_t *>{
            &projectionInStep, "projection-in-step",
            &lowering.projectionInStep},
        {&f32ProjectionInStep, "f32-projection-in-step",
         &lowering.f32ProjectionInStep}}) {
    if (!flag->getNumOccurrences())
      continue;
    int64_t rows = *flag;
    if (rows != 0 && rows != 2 && rows != 4 && rows != 8) {
      llvm::errs() << "rnnc: error: --" << name
                   << " must be 0, 2, 4 or 8, got " << rows << "\n";
      return 1;
    }
    *value = rows;
  }
  // The C wrapper caches the model's freed blocks per thread.
  lowering.cachedAllocations = true;
  if (quantize != "none" && quantize != "int8" && quantize != "bf16") {
    llvm::errs() << "rnnc: error: --quantize must be none, int8 or bf16, got '"
                 << quantize << "'\n";
    return 1;
  }
  if (quantize == "none" && !quantizeExclude.empty()) {
    llvm::errs() << "rnnc: error: --quantize-exclude needs --quantize\n";
    return 1;
  }
  if (calibrationData.getNumOccurrences() && quantize != "int8") {
    llvm::errs() << "rnnc: error: --calibration-data needs --quantize=int8\n";
    return 1;
  }
  lowering.quantize = quantize;
  lowering.quantizeExclude.assign(quantizeExclude.begin(),
                                  quantizeExclude.end());
  lowering.sparseThreshold = sparseThreshold;
  lowering.sparseGather = sparseGather;
  if (sparseEll != "auto" && sparseEll != "always" && sparseEll != "never") {
    llvm::errs() << "rnnc: error: --sparse-ell must be auto, always or "
                    "never, got '"
                 << sparseEll << "'\n";
    return 1;
  }
  lowering.sparseEll = sparseEll;
  if (sparseInt8 != "auto" && sparseInt8 != "always" && sparseInt8 != "never") {
    llvm::errs() << "rnnc: error: --sparse-int8 must be auto, always or "
                    "never, got '"
                 << sparseInt8 << "'\n";
    return 1;
  }
  lowering.sparseInt8 = sparseInt8;
  if (sparseLanes != "auto" && sparseLanes != "always") {
    llvm::errs() << "rnnc: error: --sparse-lanes must be auto or always, got '"
                 << sparseLanes << "'\n";
    return 1;
  }
  lowering.sparseLanes = sparseLanes;
  if (sparsifyOptions.pruneSparsity != 0.0 && quantize == "bf16")
    // Pruning runs first, so the zeros survive quantization exactly; the
    // bf16 kernels are dense (the report lists each matrix as bf16).
    llvm::errs() << "rnnc: note: --sparsify with --quantize=" << quantize
                 << ": the pruned weights are quantized and run by the dense "
                    "narrow kernels (sparse kernels are f32 and int8 only)\n";
  lowering.pruneSparsity = sparsifyOptions.pruneSparsity;
  lowering.pruneBlock = sparsifyOptions.pruneBlock;
  lowering.pruneBalance = sparsifyOptions.pruneBalance;
  if (calibrationData.getNumOccurrences() && !calibrate(*module, *sig, lowering))
    return 1;
  if (report) {
    llvm::outs() << "rnnc: report: weight matrices (format per matrix):\n";
    if (lowering.sparseThreshold >= 1.0)
      llvm::outs() << "  (not examined: --sparse-threshold=1.0)\n";
    pm.addInstrumentation(std::make_unique<SparseReport>());
  }
  rnn::buildLowerToLLVMPipeline(pm, lowering);
  if (printPipeline) {
    pm.printAsTextualPipeline(llvm::outs());
    llvm::outs() << "\n";
  }
  {
    StageTimer timer("MLIR lowering to LLVM");
    // The pipeline's errors and warnings (e.g. recurrent weights --quantize
    // cannot quantize) as FILE:LINE:COL: severity: message, like the
    // importer's. (Not LLVM translation's warnings: those are about
    // attributes it ignores on purpose.)
    ScopedDiagnosticHandler diagnostics(&ctx, [](Diagnostic &diag) {
      printDiagnostic(diag, llvm::errs());
      return success();
    });
    if (failed(runLowering(pm, *module)))
      return 1;
  }
  if (report) {
    rnn::reportLoweredModel(*module, llvm::outs());
    if (quantize != "none")
      llvm::outs() << "rnnc: report: recurrent weights quantized to "
                   << quantize << " (" << quantizeExclude.size()
                   << " layer(s) excluded)\n";
  }
  if (kind == EmitKind::LLVMMLIR)
    return failed(writeText(outputPath,
                            [&](llvm::raw_ostream &os) { module->print(os); }));
  sig->cachedAllocations = lowering.cachedAllocations;
  sig->threads =
      SymbolTable::lookupSymbolIn(*module, "rnnc_num_threads") != nullptr;
  module->walk([&](omp::ParallelOp) {
    sig->openmp = true;
    return WalkResult::interrupt();
  });
  return failed(compileToOutput(*module, *sig, kind,
                                commandLineTargetOptions(), *tm, outputPath))
             ? 1
             : 0;
}
