//===- Compiler.h - ahead-of-time compilation of a model --------*- C++ -*-===//
//
// The back half of `rnnc`: LLVM-dialect module -> LLVM IR optimized for a
// target machine -> object file, and the link of the object with the C ABI
// wrapper into a shared library or a relocatable object.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_COMPILER_COMPILER_H
#define RNN_COMPILER_COMPILER_H

#include "rnn/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Program.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace rnn {

struct TargetOptions {
  /// Target triple; empty means the host.
  std::string triple;
  /// CPU name; "native" means the host CPU (and its features).
  std::string cpu = "native";
  /// Extra features, LLVM syntax ("+avx2,-avx512f").
  std::string features;
  /// LLVM optimization level, 0..3.
  unsigned optLevel = 2;
};

/// Creates the target machine for `options`, or fails with a message.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options);

/// Pipeline options suited to `tm`: the register blocking of the vector
/// kernels follows the target's vector registers (AVX-512: 64 lanes x 4
/// rows, AVX2: 32 x 3, NEON: 16 x 4, otherwise 16 x 2).
LowerToLLVMOptions getLoweringOptionsFor(const llvm::TargetMachine &tm);

/// What outlining did: loop nests moved into functions of their own, and
/// the functions left after identical nests were merged.
struct OutlineStats {
  unsigned loopNests = 0;
  unsigned functions = 0;
};

/// Translates an LLVM-dialect module to LLVM IR for `tm`. With
/// `outlineLoops` every top-level loop nest is moved into a function of its
/// own (identical nests share one), which keeps LLVM's optimization time
/// linear in the model's size; `stats`, when given, receives the counts.
/// Diagnostics go to the module's context.
std::unique_ptr<llvm::Module> translateToLLVMIR(mlir::ModuleOp module,
                                                llvm::LLVMContext &llvmCtx,
                                                llvm::TargetMachine &tm,
                                                bool outlineLoops,
                                                OutlineStats *stats = nullptr);

/// Runs LLVM's default pipeline at `optLevel` (0-3) on `module`.
llvm::Error optimize(llvm::Module &module, llvm::TargetMachine &tm,
                     unsigned optLevel);

/// What one LLVM partition cost (rnnc -v prints it).
struct PartitionStats {
  unsigned functions = 0;
  /// Instructions before optimization.
  uint64_t instructions = 0;
  /// Splitting off this partition and writing its bitcode (on the calling
  /// thread, while the partitions before it are compiled).
  double splitSeconds = 0;
  double optimizeSeconds = 0;
  double codegenSeconds = 0;
};

/// Splits `module` (translated, not yet optimized) into `paths.size()`
/// partitions and optimizes (at options.optLevel) and emits each as the
/// object file at its path, `threads` at a time. Every partition gets its
/// own LLVMContext and target machine; the result does not depend on
/// `threads`, only on the number of partitions. `stats`, when given,
/// receives one entry per partition.
llvm::Error optimizeAndEmitPartitions(
    llvm::Module &module, const TargetOptions &options,
    llvm::ArrayRef<std::string> paths, unsigned threads,
    llvm::SmallVectorImpl<PartitionStats> *stats = nullptr);

/// Translates an LLVM-dialect module to LLVM IR for `tm` and optimizes it at
/// `optLevel`. With `outlineLoops` (and optLevel > 0) every top-level loop
/// nest is first moved into a function of its own, which keeps LLVM's
/// optimization time linear in the model's size. Diagnostics go to the
/// module's context.
std::unique_ptr<llvm::Module> translateAndOptimize(mlir::ModuleOp module,
                                                   llvm::LLVMContext &llvmCtx,
                                                   llvm::TargetMachine &tm,
                                                   unsigned optLevel,
                                                   bool outlineLoops = true);

/// Writes `module` as an object file to `path`.
llvm::Error emitObjectFile(llvm::Module &module, llvm::TargetMachine &tm,
                           llvm::StringRef path);

/// Runs `program args...`, returning an error with its output if it fails.
llvm::Error runTool(llvm::StringRef program,
                    llvm::ArrayRef<std::string> args, bool verbose);

/// A tool started by startTool and not waited for yet.
struct ToolProcess {
  std::string program;
  llvm::sys::ProcessInfo info;
  llvm::SmallString<128> logPath;
};

/// Starts `program args...` without waiting (its output goes to a temporary
/// log); finishTool waits for it and returns an error with that output if
/// it failed. Every started process must be finished.
llvm::Expected<ToolProcess> startTool(llvm::StringRef program,
                                      llvm::ArrayRef<std::string> args,
                                      bool verbose);
llvm::Error finishTool(ToolProcess &process);

/// The C compiler for `triple`: $RNNC_CC if set, else `cc` for the host and
/// `<triple>-gcc` when cross compiling.
std::string defaultCCompiler(llvm::StringRef triple);

} // namespace rnn

#endif // RNN_COMPILER_COMPILER_H
