//===- Compiler.cpp - ahead-of-time compilation of a model ----------------===//

#include "rnn/Compiler/Compiler.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <cstdlib>

using namespace mlir;

static void initializeTargets() {
  static bool done = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)done;
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
rnn::createTargetMachine(const TargetOptions &options) {
  initializeTargets();
  std::string tripleName = options.triple.empty()
                               ? llvm::sys::getDefaultTargetTriple()
                               : llvm::Triple::normalize(options.triple);
  llvm::Triple triple(tripleName);
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError("unknown target '" + tripleName +
                                   "': " + error);
  bool host = triple == llvm::Triple(llvm::sys::getDefaultTargetTriple());
  std::string cpu = options.cpu;
  llvm::SubtargetFeatures features;
  if (cpu == "native") {
    if (!host)
      return llvm::createStringError(
          "--mcpu=native needs the host target; name a CPU for '" +
          tripleName + "' (e.g. --mcpu=generic)");
    cpu = llvm::sys::getHostCPUName().str();
    for (auto &[name, enabled] : llvm::sys::getHostCPUFeatures())
      features.AddFeature(name, enabled);
  }
  for (StringRef f : llvm::split(options.features, ','))
    if (!f.trim().empty())
      features.AddFeature(f.trim());
  llvm::TargetOptions targetOptions;
  llvm::CodeGenOptLevel level =
      options.optLevel == 0   ? llvm::CodeGenOptLevel::None
      : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
      : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                              : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features.getString(), targetOptions, llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!tm)
    return llvm::createStringError("cannot create a target machine for '" +
                                   tripleName + "' cpu '" + cpu + "'");
  return tm;
}

rnn::LowerToLLVMOptions
rnn::getLoweringOptionsFor(const llvm::TargetMachine &tm) {
  LowerToLLVMOptions options;
  // The subtarget knows the features the CPU name implies, not only the
  // explicit ones.
  const llvm::MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  auto has = [&](StringRef f) { return sti->checkFeatures(("+" + f).str()); };
  const llvm::Triple &triple = tm.getTargetTriple();
  if (triple.isX86() && has("avx512f")) {
    options.vectorSize = 64;
    options.rowBlock = 4;
    // vpdpbusd on zmm registers: u8 x s8 products summed into i32 lanes.
    if (has("avx512vnni") && has("avx512bw"))
      options.int8Dot = "avx512-vnni";
    // vdpbf16ps: pairs of bf16 products summed into f32 lanes.
    options.bf16Dot = has("avx512bf16");
    // vpermi2ps: the sparse ELLPACK kernel's activation selection.
    options.sparsePermute = true;
  } else if (triple.isX86() && has("avx")) {
    options.vectorSize = 32;
    options.rowBlock = 3;
  } else if (triple.isAArch64()) {
    options.vectorSize = 16;
    options.rowBlock = 4;
    // usdot (u8 x s8, the int8 kernel's operands) or sdot (s8 x s8).
    if (has("i8mm"))
      options.int8Dot = "neon-usdot";
    else if (has("dotprod"))
      options.int8Dot = "neon-sdot";
  } else {
    options.vectorSize = 16;
    options.rowBlock = 2;
  }
  return options;
}

std::unique_ptr<llvm::Module>
rnn::translateAndOptimize(ModuleOp module, llvm::LLVMContext &llvmCtx,
                          llvm::TargetMachine &tm, unsigned optLevel) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  // rnn-parallelize-kernels' worksharing loops.
  registerOpenMPDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmCtx, "rnnc_model");
  if (!llvmModule)
    return nullptr;
  // The generic allocation function (cached allocations) returns fresh
  // memory like aligned_alloc: without `noalias` LLVM could not tell buffers
  // apart and would stop vectorizing loops over them.
  for (llvm::StringRef name : {"_mlir_memref_to_llvm_aligned_alloc",
                               "_mlir_memref_to_llvm_alloc"})
    if (llvm::Function *alloc = llvmModule->getFunction(name))
      alloc->addRetAttr(llvm::Attribute::NoAlias);
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  auto transformer = makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, &tm);
  if (llvm::Error err = transformer(llvmModule.get())) {
    emitError(module.getLoc())
        << "LLVM optimization failed: " << llvm::toString(std::move(err));
    return nullptr;
  }
  return llvmModule;
}

llvm::Error rnn::emitObjectFile(llvm::Module &module, llvm::TargetMachine &tm,
                                StringRef path) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError("cannot write '" + path +
                                   "': " + ec.message());
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, out.os(), nullptr,
                             llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("the target cannot emit object files");
  pm.run(module);
  out.keep();
  return llvm::Error::success();
}

llvm::Error rnn::runTool(StringRef program, ArrayRef<std::string> args,
                         bool verbose) {
  llvm::ErrorOr<std::string> path = llvm::sys::findProgramByName(program);
  if (!path)
    return llvm::createStringError(
        "cannot find '" + program +
        "' on PATH (rnnc needs a C compiler to build the ABI wrapper and "
        "link; set RNNC_CC to choose one)");
  SmallVector<StringRef> argv = {*path};
  for (const std::string &a : args)
    argv.push_back(a);
  if (verbose) {
    llvm::errs() << "rnnc: running";
    for (StringRef a : argv)
      llvm::errs() << ' ' << a;
    llvm::errs() << '\n';
  }
  SmallString<128> logPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("rnnc-tool", "log", logPath))
    return llvm::createStringError("cannot create a temporary file: " +
                                   ec.message());
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(logPath),
                                          StringRef(logPath)};
  std::string errMsg;
  int rc = llvm::sys::ExecuteAndWait(*path, argv, std::nullopt, redirects, 0,
                                     0, &errMsg);
  std::string log;
  if (auto buf = llvm::MemoryBuffer::getFile(logPath))
    log = (*buf)->getBuffer().str();
  llvm::sys::fs::remove(logPath);
  if (rc != 0)
    return llvm::createStringError(
        "'" + program + "' failed" +
        (errMsg.empty() ? std::string() : " (" + errMsg + ")") + ":\n" + log);
  return llvm::Error::success();
}

std::string rnn::defaultCCompiler(StringRef triple) {
  if (const char *cc = std::getenv("RNNC_CC"))
    if (*cc)
      return cc;
  if (triple.empty() ||
      llvm::Triple(llvm::Triple::normalize(triple)) ==
          llvm::Triple(llvm::sys::getDefaultTargetTriple()))
    return "cc";
  llvm::Triple t(llvm::Triple::normalize(triple));
  // Debian's cross compilers are named <arch>-linux-gnu-gcc.
  return (t.getArchName() + "-linux-gnu-gcc").str();
}
