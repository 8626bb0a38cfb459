//===- Compiler.cpp - ahead-of-time compilation of a model ----------------===//

#include "rnn/Compiler/Compiler.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/Transforms/IPO/DeadArgumentElimination.h"
#include "llvm/Transforms/IPO/MergeFunctions.h"
#include "llvm/Transforms/IPO/SCCP.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <chrono>
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
    // The batch-1 f32 step streams R from L2 with the FMA units half idle:
    // the input projection fills them (ProjectionInStep.cpp).
    options.f32ProjectionInStep = 8;
    // vpdpbusd on zmm registers: u8 x s8 products summed into i32 lanes.
    if (has("avx512vnni") && has("avx512bw")) {
      options.int8Dot = "avx512-vnni";
      // The batch-1 step streams R with the vpdpbusd port half idle: the
      // input projection fills it (ProjectionInStep.cpp).
      options.projectionInStep = 8;
    }
    // vdpbf16ps: pairs of bf16 products summed into f32 lanes.
    options.bf16Dot = has("avx512bf16");
    // vpermi2ps: the sparse ELLPACK kernel's activation selection.
    options.sparsePermute = true;
    // vpermi2b + vpdpbusd: the int8 ELLPACK kernel's selection and product.
    options.sparseBytePermute =
        has("avx512vbmi") && options.int8Dot == "avx512-vnni";
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

/// Extracts every top-level loop nest of `f` (when it has more than one)
/// into a function of its own. One CodeExtractor analysis cache serves all
/// nests: extraction keeps it valid, and rebuilding it per nest (as LLVM's
/// loop extractor does) costs a walk over the whole function per loop.
static unsigned extractTopLevelLoops(llvm::Function &f) {
  llvm::DominatorTree dt(f);
  llvm::LoopInfo loopInfo(dt);
  // Top-level loops are disjoint; extracting one only adds blocks outside
  // the others, so their block lists stay valid.
  llvm::SmallVector<llvm::Loop *> loops(loopInfo.begin(), loopInfo.end());
  if (loops.size() < 2)
    return 0;
  llvm::CodeExtractorAnalysisCache cache(f);
  unsigned extracted = 0;
  for (llvm::Loop *loop : loops) {
    if (!loop->isLoopSimplifyForm())
      continue;
    llvm::CodeExtractor extractor(loop->getBlocks(), &dt);
    if (extractor.isEligible() && extractor.extractCodeRegion(cache))
      ++extracted;
  }
  return extracted;
}

/// Whether a nest may take constant operand `c` as an argument instead:
/// floating-point values (bias vectors, scales folded into the code) and
/// addresses into constant globals (weights). Integers stay: they are the
/// loop bounds and offsets LLVM vectorizes and unrolls with.
static bool isLiftableConstant(const llvm::Constant *c) {
  if (llvm::isa<llvm::UndefValue>(c))
    return false;
  llvm::Type *type = c->getType();
  if (type->isFPOrFPVectorTy())
    return true;
  if (!type->isPtrOrPtrVectorTy())
    return false;
  // An address: a constant global, or a constant expression over one (and
  // over nothing else that is a global, such as a function).
  bool constantGlobal = false;
  llvm::SmallVector<const llvm::Constant *> work = {c};
  llvm::SmallPtrSet<const llvm::Constant *, 8> seen;
  while (!work.empty()) {
    const llvm::Constant *next = work.pop_back_val();
    if (!seen.insert(next).second)
      continue;
    if (auto *global = llvm::dyn_cast<llvm::GlobalValue>(next)) {
      auto *var = llvm::dyn_cast<llvm::GlobalVariable>(global);
      if (!var || !var->isConstant())
        return false;
      constantGlobal = true;
      continue;
    }
    for (const llvm::Use &operand : next->operands())
      work.push_back(llvm::cast<llvm::Constant>(operand.get()));
  }
  return constantGlobal;
}

/// Replaces the liftable constant operands of the single-call nest `f` by
/// new trailing parameters (one per distinct constant, in order of first
/// use) that its call site passes. Nests that differ only in their weights
/// and bias values then become identical and MergeFunctions keeps one body;
/// IPSCCP puts the constants of nests left alone back (see
/// outlineTopLevelLoops). Returns the new function, or `f` when it has
/// nothing to lift.
static llvm::Function *liftConstantOperands(llvm::Function &f) {
  auto *call = llvm::cast<llvm::CallInst>(*f.user_begin());
  llvm::SmallVector<llvm::Constant *> lifted;
  llvm::DenseMap<llvm::Constant *, unsigned> index;
  llvm::SmallVector<std::pair<llvm::Use *, unsigned>> uses;
  for (llvm::Instruction &inst : llvm::instructions(f)) {
    auto *callBase = llvm::dyn_cast<llvm::CallBase>(&inst);
    for (llvm::Use &operand : inst.operands()) {
      auto *c = llvm::dyn_cast<llvm::Constant>(operand.get());
      if (!c || !isLiftableConstant(c))
        continue;
      // Callees, operand bundles and immediate arguments must stay constant.
      if (callBase && (!callBase->isArgOperand(&operand) ||
                       callBase->paramHasAttr(callBase->getArgOperandNo(&operand),
                                              llvm::Attribute::ImmArg)))
        continue;
      auto [it, inserted] = index.try_emplace(c, lifted.size());
      if (inserted)
        lifted.push_back(c);
      uses.emplace_back(&operand, it->second);
    }
  }
  if (lifted.empty())
    return &f;
  llvm::SmallVector<llvm::Type *> params(f.getFunctionType()->params());
  for (llvm::Constant *c : lifted)
    params.push_back(c->getType());
  auto *type = llvm::FunctionType::get(f.getReturnType(), params, false);
  llvm::Function *lf = llvm::Function::Create(type, f.getLinkage(),
                                              f.getAddressSpace(), "",
                                              f.getParent());
  lf->copyAttributesFrom(&f);
  lf->takeName(&f);
  lf->splice(lf->begin(), &f);
  for (auto [from, to] : llvm::zip(f.args(), lf->args())) {
    from.replaceAllUsesWith(&to);
    to.takeName(&from);
  }
  unsigned first = f.arg_size();
  for (auto [use, i] : uses)
    use->set(lf->getArg(first + i));
  // Constant memory is never written, so an address into it cannot alias a
  // write through another argument.
  for (auto [i, c] : llvm::enumerate(lifted))
    if (c->getType()->isPointerTy())
      lf->addParamAttr(first + i, llvm::Attribute::NoAlias);
  llvm::SmallVector<llvm::Value *> args(call->args());
  args.append(lifted.begin(), lifted.end());
  auto *newCall = llvm::CallInst::Create(lf, args, "", call->getIterator());
  newCall->setCallingConv(call->getCallingConv());
  newCall->setAttributes(call->getAttributes());
  newCall->setTailCallKind(call->getTailCallKind());
  newCall->setDebugLoc(call->getDebugLoc());
  call->replaceAllUsesWith(newCall);
  newCall->takeName(call);
  call->eraseFromParent();
  f.eraseFromParent();
  return lf;
}

/// Moves every top-level loop nest of the model's functions into a function
/// of its own and keeps it out of line. A model is one function with
/// hundreds of loop nests; LLVM's loop passes (induction variable
/// simplification, rotation, unrolling) redo function-wide work per loop,
/// so -O3 time grows with (loops x function size). Per-nest functions keep
/// that linear: -O3 on GTCRN's 1500 loops takes a quarter of the time.
/// Identical nests (same shapes, other buffers) then merge into one
/// function, so -O3 sees each distinct nest once. The cost is one call per
/// loop nest per run.
static rnn::OutlineStats outlineTopLevelLoops(llvm::Module &module,
                                              llvm::TargetMachine &tm) {
  rnn::OutlineStats stats;
  llvm::SmallVector<llvm::Function *> originals;
  for (llvm::Function &f : module)
    originals.push_back(&f);
  llvm::SmallPtrSet<llvm::Function *, 8> before(llvm::from_range, originals);
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  // Scalarize the memref descriptors first so the extracted functions'
  // pointer arguments lead straight to their allocations.
  llvm::FunctionPassManager simplify;
  simplify.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
  simplify.addPass(llvm::EarlyCSEPass());
  simplify.addPass(llvm::InstSimplifyPass());
  simplify.addPass(llvm::LoopSimplifyPass());
  llvm::ModulePassManager mpm;
  mpm.addPass(llvm::createModuleToFunctionPassAdaptor(
      std::move(simplify)));
  mpm.run(module, mam);
  for (llvm::Function *f : originals)
    if (!f->isDeclaration())
      stats.loopNests += extractTopLevelLoops(*f);
  for (llvm::Function &f : module) {
    if (before.contains(&f) || f.isDeclaration())
      continue;
    // The inliner would put single-call functions straight back.
    f.addFnAttr(llvm::Attribute::NoInline);
    // Nothing takes the address of an extracted function: merged copies
    // may share one body.
    f.setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    // Inside the caller LLVM knew which buffers were distinct allocations;
    // say so on the arguments: a pointer argument is `noalias` when it is
    // based on an allocation (alloca, noalias call such as the model's
    // allocator) or a constant global that no other argument is based on.
    if (!f.hasOneUse())
      continue;
    auto *call = llvm::dyn_cast<llvm::CallBase>(*f.user_begin());
    if (!call || call->getCalledFunction() != &f)
      continue;
    llvm::SmallVector<const llvm::Value *> objects;
    for (llvm::Value *operand : call->args())
      objects.push_back(operand->getType()->isPointerTy()
                            ? llvm::getUnderlyingObject(operand, 0)
                            : nullptr);
    for (auto [i, object] : llvm::enumerate(objects)) {
      if (!object)
        continue;
      auto *global = llvm::dyn_cast<llvm::GlobalVariable>(object);
      bool distinct = llvm::isa<llvm::AllocaInst>(object) ||
                      llvm::isNoAliasCall(object) ||
                      (global && global->isConstant());
      if (distinct && llvm::count(objects, object) == 1)
        f.addParamAttr(i, llvm::Attribute::NoAlias);
    }
  }
  // Nests that differ only in constants (weights, bias values) take them as
  // arguments, so that identical nests (attributes included) share one body;
  // IPSCCP then folds the arguments that every call passes alike (the nests
  // that found no twin get their constants back) and dead-argument
  // elimination drops them. Here, before the module is split: partitions
  // see their functions as external.
  llvm::SmallVector<llvm::Function *> nests;
  for (llvm::Function &f : module)
    if (!before.contains(&f) && !f.isDeclaration() && f.hasOneUse() &&
        llvm::isa<llvm::CallInst>(*f.user_begin()))
      nests.push_back(&f);
  for (llvm::Function *f : nests)
    liftConstantOperands(*f);
  llvm::ModulePassManager merge;
  merge.addPass(llvm::MergeFunctionsPass());
  merge.addPass(llvm::IPSCCPPass(llvm::IPSCCPOptions(/*AllowFuncSpec=*/false)));
  merge.addPass(llvm::DeadArgumentEliminationPass());
  merge.run(module, mam);
  for (llvm::Function &f : module)
    if (!before.contains(&f) && !f.isDeclaration())
      ++stats.functions;
  return stats;
}

std::unique_ptr<llvm::Module> rnn::translateToLLVMIR(ModuleOp module,
                                                    llvm::LLVMContext &llvmCtx,
                                                    llvm::TargetMachine &tm,
                                                    bool outlineLoops,
                                                    OutlineStats *stats) {
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
  if (outlineLoops) {
    OutlineStats outlined = outlineTopLevelLoops(*llvmModule, tm);
    if (stats)
      *stats = outlined;
  }
  return llvmModule;
}

llvm::Error rnn::optimize(llvm::Module &module, llvm::TargetMachine &tm,
                          unsigned optLevel) {
  if (optLevel > 3)
    return llvm::createStringError("invalid optimization level " +
                                   llvm::Twine(optLevel));
  // The default pipeline as mlir::makeOptimizingTransformer builds it, with
  // the standard instrumentations (so that -time-passes and the other
  // LLVM debugging options work in rnnc).
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassInstrumentationCallbacks callbacks;
  llvm::StandardInstrumentations instrumentations(module.getContext(),
                                                  /*DebugLogging=*/false);
  instrumentations.registerCallbacks(callbacks, &mam);
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = true;
  tuning.LoopInterleaving = true;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::PassBuilder pb(&tm, tuning, std::nullopt, &callbacks);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  static const llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
      llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
  llvm::ModulePassManager mpm =
      optLevel == 0 ? pb.buildO0DefaultPipeline(levels[0])
                    : pb.buildPerModuleDefaultPipeline(levels[optLevel]);
  mpm.run(module, mam);
  return llvm::Error::success();
}

std::unique_ptr<llvm::Module>
rnn::translateAndOptimize(ModuleOp module, llvm::LLVMContext &llvmCtx,
                          llvm::TargetMachine &tm, unsigned optLevel,
                          bool outlineLoops) {
  std::unique_ptr<llvm::Module> llvmModule =
      translateToLLVMIR(module, llvmCtx, tm, outlineLoops && optLevel > 0);
  if (!llvmModule)
    return nullptr;
  if (llvm::Error err = optimize(*llvmModule, tm, optLevel)) {
    emitError(module.getLoc())
        << "LLVM optimization failed: " << llvm::toString(std::move(err));
    return nullptr;
  }
  return llvmModule;
}

llvm::Error
rnn::optimizeAndEmitPartitions(llvm::Module &module,
                               const TargetOptions &options,
                               ArrayRef<std::string> paths, unsigned threads,
                               llvm::SmallVectorImpl<PartitionStats> *stats) {
  // Partitions travel as bitcode: every thread needs its own LLVMContext.
  // Each partition's thread starts as soon as SplitModule has produced it,
  // so that splitting (a module clone and a bitcode write per partition, on
  // this thread: the module's context is not thread-safe) overlaps with the
  // optimization of the partitions before it. The object code does not
  // depend on the timing.
  size_t count = paths.size();
  std::vector<llvm::SmallString<0>> parts(count);
  std::vector<std::string> errors(count);
  std::vector<PartitionStats> partStats(count);
  size_t produced = 0;
  auto splitStart = std::chrono::steady_clock::now();
  auto since = [](std::chrono::steady_clock::time_point &start) {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - start).count();
    start = now;
    return s;
  };
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(threads));
    auto compile = [&](size_t i) {
      llvm::LLVMContext ctx;
      auto fail = [&](llvm::Error err) {
        errors[i] = llvm::toString(std::move(err));
      };
      llvm::Expected<std::unique_ptr<llvm::Module>> part =
          llvm::parseBitcodeFile(
              llvm::MemoryBufferRef(parts[i].str(), "rnnc_model_part"), ctx);
      if (!part)
        return fail(part.takeError());
      auto tm = createTargetMachine(options);
      if (!tm)
        return fail(tm.takeError());
      PartitionStats &st = partStats[i];
      for (const llvm::Function &f : **part) {
        if (f.isDeclaration())
          continue;
        ++st.functions;
        st.instructions += f.getInstructionCount();
      }
      auto start = std::chrono::steady_clock::now();
      if (llvm::Error err = optimize(**part, **tm, options.optLevel))
        return fail(std::move(err));
      st.optimizeSeconds = since(start);
      if (llvm::Error err = emitObjectFile(**part, **tm, paths[i]))
        return fail(std::move(err));
      st.codegenSeconds = since(start);
    };
    llvm::SplitModule(
        module, count,
        [&](std::unique_ptr<llvm::Module> part) {
          size_t i = produced++;
          if (i >= count)
            return;
          llvm::raw_svector_ostream os(parts[i]);
          llvm::WriteBitcodeToFile(*part, os);
          partStats[i].splitSeconds = since(splitStart);
          pool.async([&compile, i] { compile(i); });
        },
        /*PreserveLocals=*/false);
    pool.wait();
  }
  // SplitModule writes every partition, empty ones included.
  if (produced != count)
    return llvm::createStringError("LLVM module split into " +
                                   llvm::Twine(produced) + " partitions, not " +
                                   llvm::Twine(count));
  if (stats)
    stats->assign(partStats.begin(), partStats.end());
  for (const std::string &error : errors)
    if (!error.empty())
      return llvm::createStringError(error);
  return llvm::Error::success();
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

llvm::Expected<rnn::ToolProcess>
rnn::startTool(StringRef program, ArrayRef<std::string> args, bool verbose) {
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
  ToolProcess process;
  process.program = program.str();
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "rnnc-tool", "log", process.logPath))
    return llvm::createStringError("cannot create a temporary file: " +
                                   ec.message());
  std::optional<StringRef> redirects[] = {
      std::nullopt, StringRef(process.logPath), StringRef(process.logPath)};
  std::string errMsg;
  bool failedToStart = false;
  process.info = llvm::sys::ExecuteNoWait(*path, argv, std::nullopt, redirects,
                                          0, &errMsg, &failedToStart);
  if (failedToStart) {
    llvm::sys::fs::remove(process.logPath);
    return llvm::createStringError("cannot run '" + program + "': " + errMsg);
  }
  return process;
}

llvm::Error rnn::finishTool(ToolProcess &process) {
  std::string errMsg;
  llvm::sys::ProcessInfo done =
      llvm::sys::Wait(process.info, std::nullopt, &errMsg);
  std::string log;
  if (auto buf = llvm::MemoryBuffer::getFile(process.logPath))
    log = (*buf)->getBuffer().str();
  llvm::sys::fs::remove(process.logPath);
  if (done.ReturnCode != 0)
    return llvm::createStringError(
        "'" + process.program + "' failed" +
        (errMsg.empty() ? std::string() : " (" + errMsg + ")") + ":\n" + log);
  return llvm::Error::success();
}

llvm::Error rnn::runTool(StringRef program, ArrayRef<std::string> args,
                         bool verbose) {
  llvm::Expected<ToolProcess> process = startTool(program, args, verbose);
  if (!process)
    return process.takeError();
  return finishTool(*process);
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
