//===- HLSEmitter.h - the HLS C++ emitter's state (internal) ----*- C++ -*-===//
//
// Shared by EmitHLS.cpp (types, globals, the function, control flow, entry
// points), EmitHLSOps.cpp (memref views, scalar arith / math ops) and
// EmitHLSDirectives.cpp (pragmas, DATAFLOW processes, FIFO streams).
//
//===----------------------------------------------------------------------===//

#ifndef RNN_LIB_TARGET_HLS_HLSEMITTER_H
#define RNN_LIB_TARGET_HLS_HLSEMITTER_H

#include "rnn/Target/HLS/EmitHLS.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>

namespace rnn {
namespace hls_detail {

using namespace mlir;


/// A memref as seen by the C code: `base[offset + sum(i_k * strides[k])]`.
struct View {
  std::string base;
  std::string offset = "0";
  /// `shape` is static, or the largest shape of a dynamic memref (bounded
  /// sequence length); then `dims` holds the C expression of each dim's
  /// actual size (empty entries, or no entries, for static dims).
  SmallVector<int64_t> shape, strides;
  std::vector<std::string> dims;
  /// The C element type when rnn-hls-prepare chose one (`hls.c_type` of
  /// the alloc or global), else empty (from the element type).
  std::string elemType;
  std::string dim(unsigned d) const {
    return d < dims.size() && !dims[d].empty() ? dims[d]
                                               : std::to_string(shape[d]);
  }
  bool isDynamic(unsigned d) const { return d < dims.size() && !dims[d].empty(); }
};

/// Makes `name` a C identifier that does not collide with earlier ones.
class NameTable {
public:
  std::string unique(StringRef raw) {
    std::string name;
    for (char c : raw)
      name += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c
                                                                          : '_';
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
      name = "p_" + name;
    std::string candidate = name;
    for (int i = 1; !used.insert(candidate).second; ++i)
      candidate = name + "_" + std::to_string(i);
    return candidate;
  }
  void reserve(StringRef name) { used.insert(name); }

private:
  llvm::StringSet<> used;
};

class HLSEmitter {
public:
  HLSEmitter(ModuleOp module, HLSFiles &files) : module(module), files(files) {
    for (StringRef kw : {"data_t", "accum_t", "seq_len", "int", "float", "double",
                         "char", "long", "short", "const", "static", "for",
                         "if", "else", "return", "void", "bool", "auto",
                         "rnn_hls", "ap_fixed", "ap_int", "ap_uint"})
      names.reserve(kw);
  }

  LogicalResult emit();

private:
  // --- types and values --------------------------------------------------
  FailureOr<std::string> cType(Type type, Operation *op);
  std::string floatLiteral(double value);
  std::string operand(Value value) { return exprs.lookup(value); }
  std::string newVar(StringRef prefix = "v") {
    return names.unique((prefix + Twine(varCounter++)).str());
  }
  /// Declares `T name = expr;` for `result` (scalars only); T from the
  /// result type, unless `typeOverride`, an accumulation's type or the
  /// defining op's `hls.c_type` says otherwise.
  LogicalResult assign(Value result, StringRef expr, Operation *op,
                       StringRef typeOverride = "");
  std::string indexExpr(const View &view, ValueRange indices);
  std::string elementRef(Value memref, ValueRange indices) {
    const View &view = views[memref];
    return view.base + "[" + indexExpr(view, indices) + "]";
  }

  // --- structure ---------------------------------------------------------
  LogicalResult emitGlobals();
  LogicalResult emitFunction(func::FuncOp func);
  LogicalResult emitBlock(Block &block);
  LogicalResult emitOp(Operation *op);
  LogicalResult emitFor(scf::ForOp op);
  LogicalResult emitIf(scf::IfOp op);
  LogicalResult emitReturn(func::ReturnOp op);
  /// `hls::stream<T> NAME;` for a buffer rnn-hls-prepare made a FIFO.
  LogicalResult declareStream(Operation *alloc);
  /// Declares a fresh static array shaped like `type`; returns its view.
  /// A dynamic `type` is sized for `maxShape` (rnn-hls-prepare's bounds).
  FailureOr<View> declareArray(MemRefType type, Operation *op, StringRef prefix,
                               Attribute partition = {},
                               ArrayRef<int64_t> maxShape = {});
  void emitCopy(const View &from, const View &to);
  /// Assigns the values yielded into the loop / if results.
  LogicalResult emitYieldInto(ValueRange yielded, ArrayRef<std::string> vars,
                              ArrayRef<std::optional<View>> bufs);

  // --- ops ---------------------------------------------------------------
  LogicalResult emitView(Operation *op);
  LogicalResult emitArith(Operation *op);
  LogicalResult emitMath(Operation *op);

  // --- directives --------------------------------------------------------
  void emitLoopPragmas(Operation *loop);
  void emitPartitionPragma(StringRef var, Attribute partition);
  void emitInterfacePragmas(func::FuncOp func);

  raw_ostream &line() {
    out->indent(indent);
    return *out;
  }
  /// `#pragma HLS DATAFLOW` (rnn-hls-prepare's hls.dataflow): each process
  /// (hls.stage) becomes a function, the top function calls them in order.
  LogicalResult emitDataflowBody(func::FuncOp func);
  void emitGlobalPragmas(memref::GlobalOp global);

  ModuleOp module;
  HLSFiles &files;
  std::string kernelText;
  llvm::raw_string_ostream os{kernelText};
  /// Where line() prints: the top function, or a dataflow process.
  raw_ostream *out = &os;
  /// The process functions, printed before the top function.
  std::string stagesText;
  /// Storage class of declared arrays: `static`, or RNN_HLS_CHANNEL for a
  /// dataflow channel (non-static under synthesis, UG1399's canonical form).
  StringRef arrayStorage = "static";
  /// The C declaration of every array by name (`data_t buf3[96]`), for the
  /// parameters of the process functions.
  llvm::StringMap<std::string> arrayDecls;
  /// Partitioning of the arrays that have one (repeated on a process's
  /// array parameter).
  llvm::StringMap<Attribute> arrayPartitions;
  unsigned indent = 0;
  unsigned varCounter = 0;
  NameTable names;
  DenseMap<Value, std::string> exprs;
  DenseMap<Value, View> views;
  /// Values of a carried accumulation (hls.accumulate) and their C type
  /// (accum_t, or the loop's hls.accum_c_type).
  DenseMap<Value, std::string> accumValues;
  llvm::StringMap<std::string> globalNames;
  /// FIFO channels (rnn-hls-prepare's hls.stream): the stream's name, the
  /// elements per slice of dim 0, the consumer's local row.
  struct StreamInfo {
    std::string name, row, rowDecl;
    int64_t slice = 0;
    Attribute partition;
  };
  llvm::StringSet<> streams;
  std::map<int64_t, StreamInfo> streamById;
  bool fixedPoint = false;
};


} // namespace hls_detail
} // namespace rnn

#endif // RNN_LIB_TARGET_HLS_HLSEMITTER_H
