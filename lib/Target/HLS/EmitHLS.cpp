//===- EmitHLS.cpp - HLS C++ emitter --------------------------------------===//
//
// Read-only printer from the HLS level (func / scf / memref / arith / math
// on static shapes, `hls.*` directive attributes from rnn-hls-prepare) to
// Vitis HLS C++. Design:
//
// * Every memref is a *view* of a flat C array: base name, an offset
//   expression and static strides. Allocations become `static` arrays,
//   globals become (const) arrays, function arguments become array ports;
//   subview / expand_shape / collapse_shape / reinterpret_cast / cast only
//   compute a new view, so loads and stores index the base array directly
//   (no pointers: HLS maps each base array to one memory).
// * Memrefs carried by loops (scf.for iter_args, scf.if results) get their
//   own array; the yielded buffer is copied into it. A pointer swap would be
//   cheaper in software but is not synthesizable into fixed memories.
// * Scalars are C variables (one per SSA value) or inline literals.
// * Directives: `hls.pipeline`, `hls.unroll`, `hls.tripcount`, `hls.label`
//   on loops, `hls.partition` / `hls.storage` on arrays, `hls.interface` and
//   `hls.dataflow` on the function; printed by the emitPragma* functions.
//
//===----------------------------------------------------------------------===//

#include "HLSEmitter.h"

#include "rnn/Target/HLS/HLSAttributes.h"


#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace rnn;

int64_t HLSPort::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

using namespace rnn::hls_detail;


//===----------------------------------------------------------------------===//
// Types and literals
//===----------------------------------------------------------------------===//

FailureOr<std::string> HLSEmitter::cType(Type type, Operation *op) {
  if (type.isF32())
    return std::string("data_t");
  if (type.isIndex())
    return std::string("int");
  if (auto intType = dyn_cast<IntegerType>(type)) {
    switch (intType.getWidth()) {
    case 1:
      return std::string("bool");
    case 8:
      return std::string(intType.isUnsigned() ? "uint8_t" : "int8_t");
    case 16:
      return std::string("int16_t");
    case 32:
      return std::string("int32_t");
    case 64:
      return std::string("int64_t");
    default:
      break;
    }
  }
  op->emitError() << "HLS emitter: unsupported element type " << type
                  << " (supported: f32, index, i1, i8, i16, i32, i64)";
  return failure();
}

std::string HLSEmitter::floatLiteral(double value) {
  std::string text;
  if (std::isnan(value) || std::isinf(value)) {
    // No literal exists; the helpers produce them (never in fixed point).
    text = std::isnan(value) ? "rnn_hls::nan_value()"
                             : (value > 0 ? "rnn_hls::inf_value()"
                                          : "(-rnn_hls::inf_value())");
    return fixedPoint ? "data_t(0)" : text;
  }
  text = llvm::formatv("{0:e9}", value).str();
  if (fixedPoint)
    return "data_t(" + text + ")";
  return text + "f";
}

LogicalResult HLSEmitter::assign(Value result, StringRef expr, Operation *op,
                                 StringRef typeOverride) {
  FailureOr<std::string> type = cType(result.getType(), op);
  if (failed(type))
    return failure();
  if (!typeOverride.empty())
    type = typeOverride.str();
  if (auto it = accumValues.find(result); it != accumValues.end())
    type = it->second;
  else if (Operation *def = result.getDefiningOp())
    if (auto chosen = def->getAttrOfType<StringAttr>("hls.c_type"))
      type = chosen.str();
  std::string var = newVar();
  line() << *type << " " << var << " = " << expr << ";\n";
  exprs[result] = var;
  return success();
}

std::string HLSEmitter::indexExpr(const View &view, ValueRange indices) {
  std::string expr = view.offset == "0" ? "" : view.offset;
  for (auto [index, stride] : llvm::zip(indices, view.strides)) {
    std::string term = operand(index);
    if (term == "0")
      continue;
    if (stride != 1)
      term = term + " * " + std::to_string(stride);
    expr = expr.empty() ? term : expr + " + " + term;
  }
  return expr.empty() ? "0" : expr;
}

//===----------------------------------------------------------------------===//
// Globals (the weights header)
//===----------------------------------------------------------------------===//

/// Prints the elements of `attr` as a C initializer list, 8 per line.
static void printInitializer(DenseElementsAttr attr, bool isFloat,
                             bool fixedPoint, raw_ostream &out) {
  int64_t count = attr.getType().getNumElements();
  out << "{";
  auto emitOne = [&](int64_t i, std::string text) {
    out << (i % 8 == 0 ? "\n    " : " ") << text << (i + 1 < count ? "," : "");
  };
  if (isFloat) {
    auto values = attr.getValues<APFloat>();
    for (int64_t i = 0; i < count; ++i) {
      double v = values[i].convertToDouble();
      std::string text = llvm::formatv("{0:e9}", v).str();
      emitOne(i, fixedPoint ? text : text + "f");
    }
  } else {
    auto values = attr.getValues<APInt>();
    for (int64_t i = 0; i < count; ++i) {
      const APInt &v = values[i];
      emitOne(i, v.getBitWidth() == 1 ? (v.isZero() ? "false" : "true")
                                      : std::to_string(v.getSExtValue()));
    }
  }
  out << "\n}";
}

LogicalResult HLSEmitter::emitGlobals() {
  llvm::raw_string_ostream w(files.weights);
  std::string guard = "RNN_HLS_" + files.top + "_WEIGHTS_H";
  w << "// Generated by rnnc (--emit=hls): the model's constant arrays.\n"
       "// Each is read-only and bound to ROM in the top function.\n"
    << "#ifndef " << guard << "\n#define " << guard << "\n\n#include \""
    << files.top << ".h\"\n\n";
  for (auto global : module.getOps<memref::GlobalOp>()) {
    MemRefType type = global.getType();
    if (!type.hasStaticShape())
      return global.emitError("HLS emitter: global with a dynamic shape");
    FailureOr<std::string> elem = cType(type.getElementType(), global);
    if (failed(elem))
      return failure();
    std::string name = names.unique(global.getSymName());
    globalNames[global.getSymName()] = name;
    int64_t count = std::max<int64_t>(type.getNumElements(), 1);
    auto init = dyn_cast_or_null<DenseElementsAttr>(
        global.getInitialValue().value_or(Attribute()));
    if (global.getConstant() && init) {
      // int8 weights (rnn-hls-weights) are 8-bit ROM words; rnn-hls-prepare
      // may choose another type (the int8 products' scales in fixed point).
      std::string romType =
          type.getElementType().isSignlessInteger(8) ? "ap_int<8>" : *elem;
      if (auto chosen = global->getAttrOfType<StringAttr>("hls.c_type"))
        romType = chosen.str();
      w << "static const " << romType << " " << name << "[" << count << "] = ";
      printInitializer(init, isa<FloatType>(type.getElementType()), fixedPoint,
                       w);
      w << ";\n\n";
    } else {
      // Mutable globals are plain arrays (state across calls in C and HLS).
      w << "static " << *elem << " " << name << "[" << count << "];\n\n";
    }
  }
  w << "#endif // " << guard << "\n";
  return success();
}

//===----------------------------------------------------------------------===//
// The top function
//===----------------------------------------------------------------------===//

static std::string npyDescr(Type type) {
  if (type.isF32())
    return "<f4";
  if (type.isInteger(64))
    return "<i8";
  if (type.isInteger(32))
    return "<i4";
  if (type.isInteger(1))
    return "|b1";
  if (type.isInteger(8))
    return "|i1";
  return "";
}

static std::string portName(func::FuncOp func, unsigned i, bool result) {
  auto attr = result ? func.getResultAttrOfType<StringAttr>(i, "rnn.name")
                     : func.getArgAttrOfType<StringAttr>(i, "rnn.name");
  if (attr)
    return attr.str();
  return (result ? "out" : "in") + std::to_string(i);
}

/// rnn-hls-prepare's copy of a port into a local array (`hls.port_copy`)
/// is the only read of the port: with axis it is the in-order stream read.
static bool isCopiedPort(BlockArgument arg) {
  bool copied = false;
  for (Operation *user : arg.getUsers()) {
    if (isa<memref::DimOp>(user))
      continue;
    auto copy = dyn_cast<memref::CopyOp>(user);
    Operation *target =
        copy && copy.getSource() == arg ? copy.getTarget().getDefiningOp()
                                        : nullptr;
    if (!target || !target->hasAttr("hls.port_copy"))
      return false;
    copied = true;
  }
  return copied;
}

/// rnn-hls-prepare made some channel of `func` a FIFO.
static bool streamsPlanned(func::FuncOp func) {
  bool found = false;
  func.walk([&](memref::AllocOp alloc) {
    found |= alloc->hasAttr("hls.stream");
  });
  return found;
}

LogicalResult HLSEmitter::emitFunction(func::FuncOp func) {
  auto seq = func->getAttrOfType<DenseI64ArrayAttr>("hls.seq_len");
  if (seq && seq.size() == 3)
    files.maxSeqLen = seq[2];
  // A bounded dynamic dim (rnn-hls-prepare's max-seq-len): the port is
  // sized for the largest shape.
  auto maxShapeOf = [&](unsigned i, bool result) -> SmallVector<int64_t> {
    if (!result)
      return hlsMaxShape(func.getArgument(i));
    if (auto type = dyn_cast<MemRefType>(func.getResultTypes()[i]);
        type && type.hasStaticShape())
      return SmallVector<int64_t>(type.getShape().begin(),
                                  type.getShape().end());
    auto attr = func.getResultAttrOfType<DenseI64ArrayAttr>(i, "hls.max_shape");
    return attr ? SmallVector<int64_t>(attr.asArrayRef().begin(), attr.asArrayRef().end())
                : SmallVector<int64_t>();
  };
  auto portFor = [&](Type type, unsigned i, bool result) -> FailureOr<HLSPort> {
    auto memref = dyn_cast<MemRefType>(type);
    if (!memref ||
        (!memref.hasStaticShape() && maxShapeOf(i, result).empty())) {
      func.emitError() << "HLS emitter: " << (result ? "result " : "argument ")
                       << i << " of @" << func.getSymName()
                       << " must be a statically shaped memref (pin dynamic "
                          "input dims with --input-shape), got "
                       << type;
      return failure();
    }
    HLSPort port;
    port.onnxName = portName(func, i, result);
    port.name = names.unique(port.onnxName);
    FailureOr<std::string> elem = cType(memref.getElementType(), func);
    if (failed(elem))
      return failure();
    port.cType = *elem;
    port.isFloat = memref.getElementType().isF32();
    port.npyDescr = npyDescr(memref.getElementType());
    if (port.npyDescr.empty()) {
      func.emitError() << "HLS emitter: unsupported port element type "
                       << memref.getElementType();
      return failure();
    }
    SmallVector<int64_t> shape = maxShapeOf(i, result);
    port.shape.assign(shape.begin(), shape.end());
    if (!memref.hasStaticShape()) {
      port.dynamicSeq = true;
      if (auto form =
              func.getResultAttrOfType<DenseI64ArrayAttr>(i, "hls.seq_dim");
          result && form && form.size() == 2) {
        port.seqSlope = form[0];
        port.seqOffset = form[1];
      }
    }
    return port;
  };
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    FailureOr<HLSPort> port = portFor(arg.getType(), i, false);
    if (failed(port))
      return failure();
    View view;
    view.base = port->name;
    auto type = cast<MemRefType>(arg.getType());
    view.shape.assign(port->shape.begin(), port->shape.end());
    int64_t offset;
    (void)type.getStridesAndOffset(view.strides, offset);
    if (port->dynamicSeq) {
      view.dims.assign(view.shape.size(), "");
      view.dims[0] = "seq_len";
    }
    views[arg] = view;
    files.inputs.push_back(*port);
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    FailureOr<HLSPort> port = portFor(type, i, true);
    if (failed(port))
      return failure();
    files.outputs.push_back(*port);
  }

  // Prototype (shared by the header and the definition).
  std::string proto;
  llvm::raw_string_ostream p(proto);
  p << "void " << files.top << "(";
  bool first = true;
  for (const HLSPort &port : files.inputs) {
    std::string decl =
        "const " + port.cType + " " + port.name + "[" +
        std::to_string(std::max<int64_t>(port.numElements(), 1)) + "]";
    arrayDecls[port.name] = decl;
    p << (first ? "" : ", ") << decl;
    first = false;
  }
  for (const HLSPort &port : files.outputs) {
    std::string decl =
        port.cType + " " + port.name + "[" +
        std::to_string(std::max<int64_t>(port.numElements(), 1)) + "]";
    arrayDecls[port.name] = decl;
    p << (first ? "" : ", ") << decl;
    first = false;
  }
  if (files.maxSeqLen)
    p << (first ? "" : ", ") << "int seq_len";
  p << ")";

  os << "// Generated by rnnc (--emit=hls): the model as one top function\n"
     << "// (with DATAFLOW, one function per process, called by the top).\n"
     << "// Directives are RNN_HLS_PRAGMA(HLS ...): `#pragma HLS ...` for Vitis\n"
     << "// HLS (__SYNTHESIS__), nothing for host compilers (C simulation),\n"
     << "// which would warn about unknown pragmas. Loop labels name the loops\n"
     << "// in HLS reports only.\n"
     << "#if defined(__GNUC__) && !defined(__SYNTHESIS__)\n"
     << "#pragma GCC diagnostic ignored \"-Wunused-label\"\n"
     << "#endif\n"
     << "#include \"" << files.top << ".h\"\n#include \"" << files.top
     << "_weights.h\"\n\n";
  size_t topStart = kernelText.size();
  os << proto << " {\n";
  indent = 2;
  bool dataflow = func->hasAttr("hls.dataflow");
  emitInterfacePragmas(func);
  // With dataflow, each process binds the globals it reads.
  if (!dataflow)
    for (auto global : module.getOps<memref::GlobalOp>())
      emitGlobalPragmas(global);
  // A length the buffers cannot hold: nothing is computed or written (the
  // C-simulation testbench rejects it before the call).
  if (files.maxSeqLen)
    line() << "if (seq_len < 1 || seq_len > " << files.maxSeqLen
           << ") return;\n";
  // Inputs the computation does not read (e.g. folded at import) stay in
  // the interface; mark them used for -Wunused-parameter.
  for (auto [arg, port] : llvm::zip(func.getArguments(), files.inputs))
    if (arg.use_empty())
      line() << "(void)" << port.name << "; // not read by the model\n";
  // rnn-hls-prepare's reasons, as comments wrapped at ~76 columns.
  auto comment = [&](std::string text) {
    while (!text.empty()) {
      size_t cut = text.size() <= 74 ? text.size() : text.rfind(' ', 74);
      if (cut == std::string::npos || cut == 0)
        cut = std::min<size_t>(text.size(), 74);
      line() << "// " << text.substr(0, cut) << "\n";
      text = StringRef(text).substr(cut).ltrim().str();
    }
  };
  if (dataflow) {
    comment("Dataflow: the processes below (one function each) overlap "
            "across calls, connected by ping-pong buffers (the "
            "RNN_HLS_CHANNEL arrays, each written by one process and read "
            "by one later process)" +
            std::string(streamsPlanned(func)
                            ? " and FIFOs (hls::stream: written in order, "
                              "read slice by slice, so the consumer also "
                              "overlaps its producer within a call)."
                            : "."));
    if (auto notes = func->getAttrOfType<ArrayAttr>("hls.dataflow_notes"))
      for (Attribute note : notes)
        comment("Statements grouped into one process: " +
                cast<StringAttr>(note).str() + ".");
    line() << "RNN_HLS_PRAGMA(HLS DATAFLOW)\n";
  } else if (auto why = func->getAttrOfType<StringAttr>("hls.no_dataflow")) {
    comment("No DATAFLOW: " + why.str() + ".");
  }
  // AXI4-Stream ports must be read in order, each element once; the model
  // reads its inputs where it needs them (e.g. a time step's row per step,
  // or twice). So each streamed input is read once, in order, into a local
  // array that the kernel then reads. (Outputs are already written once, in
  // order, by the copies at the end.)
  auto mode = func->getAttrOfType<StringAttr>("hls.interface");
  if (mode && mode.getValue() == "axis") {
    for (auto [arg, port] : llvm::zip(func.getArguments(), files.inputs)) {
      if (arg.use_empty() || isCopiedPort(arg))
        continue;
      auto type = cast<MemRefType>(arg.getType());
      line() << "// '" << port.onnxName << "': stream read in order\n";
      if (dataflow)
        arrayStorage = "RNN_HLS_CHANNEL";
      FailureOr<View> local = declareArray(
          MemRefType::get(type.getShape(), type.getElementType()), func,
          port.name + "_local", {}, port.shape);
      arrayStorage = "static";
      if (failed(local))
        return failure();
      local->dims = views[arg].dims;
      emitCopy(views[arg], *local);
      views[arg] = *local;
    }
  }
  if (failed(dataflow ? emitDataflowBody(func)
                      : emitBlock(func.getBody().front())))
    return failure();
  os << "}\n";
  kernelText.insert(topStart, stagesText);

  // Header: data types, port shapes, prototype.
  llvm::raw_string_ostream h(files.header);
  std::string guard = "RNN_HLS_" + files.top + "_H";
  auto precision = module->getAttrOfType<StringAttr>("hls.precision");
  h << "// Generated by rnnc (--emit=hls).\n#ifndef " << guard
    << "\n#define " << guard << "\n\n#include \"rnn_hls.h\"\n\n";
  if (fixedPoint) {
    auto accum = module->getAttrOfType<StringAttr>("hls.accum_type");
    h << "// --hls-precision=" << precision.getValue() << "\n"
      << "typedef " << module->getAttrOfType<StringAttr>("hls.data_type")
                           .getValue()
      << " data_t;\n"
      << "typedef " << (accum ? accum.getValue() : StringRef("data_t"))
      << " accum_t;\n";
    // int8 weights with fixed-point data (rnn-hls-prepare, docs/hls.md).
    if (auto acc8 = module->getAttrOfType<StringAttr>("hls.int8_accum_type"))
      h << "// int8 products: exact sums of data_t x 8-bit weight products\n"
        << "typedef " << acc8.getValue() << " acc8_t;\n";
    if (auto scale = module->getAttrOfType<StringAttr>("hls.scale_type"))
      h << "// int8 products: the weight rows' scales\n"
        << "typedef " << scale.getValue() << " wscale_t;\n";
  } else {
    h << "// --hls-precision=float\ntypedef float data_t;\n"
         "typedef float accum_t;\n";
  }
  h << "\n";
  auto describe = [&](const HLSPort &port, StringRef kind) {
    h << "// " << kind << " " << port.name << " ('" << port.onnxName << "'): "
      << port.cType << " [";
    llvm::interleave(port.shape, h, "x");
    h << "], row-major";
    if (port.dynamicSeq) {
      h << "; dim 0 is ";
      if (port.seqSlope != 1)
        h << port.seqSlope << " * ";
      h << "seq_len";
      if (port.seqOffset)
        h << " + " << port.seqOffset;
      h << " (the size is for seq_len = " << files.maxSeqLen << ")";
    }
    h << "\n#define " << files.top << "_" << port.name << "_SIZE "
      << std::max<int64_t>(port.numElements(), 1) << "\n";
  };
  if (files.maxSeqLen)
    h << "// Dynamic sequence length: the last argument `seq_len` of the top\n"
         "// function, 1 <= seq_len <= "
      << files.top << "_MAX_SEQ_LEN (--hls-max-seq-len).\n#define "
      << files.top << "_MAX_SEQ_LEN " << files.maxSeqLen << "\n";
  for (const HLSPort &port : files.inputs)
    describe(port, "input");
  for (const HLSPort &port : files.outputs)
    describe(port, "output");
  h << "\n" << proto << ";\n\n#endif // " << guard << "\n";
  return success();
}

FailureOr<View> HLSEmitter::declareArray(MemRefType type, Operation *op,
                                         StringRef prefix,
                                         Attribute partition,
                                         ArrayRef<int64_t> maxShape) {
  bool bounded = type.hasStaticShape() ||
                 maxShape.size() == static_cast<size_t>(type.getRank());
  int64_t offset;
  SmallVector<int64_t> strides;
  if (!bounded || !type.getLayout().isIdentity() ||
      failed(type.getStridesAndOffset(strides, offset)) ||
      llvm::any_of(strides, ShapedType::isDynamic)) {
    op->emitError() << "HLS emitter: buffers need a static (or bounded "
                       "outermost) shape and an identity layout, got "
                    << type;
    return failure();
  }
  FailureOr<std::string> elem = cType(type.getElementType(), op);
  if (failed(elem))
    return failure();
  View view;
  view.base = names.unique((prefix + Twine(varCounter++)).str());
  if (auto chosen = op->getAttrOfType<StringAttr>("hls.c_type")) {
    view.elemType = chosen.str();
    elem = view.elemType;
  }
  if (type.hasStaticShape())
    view.shape.assign(type.getShape().begin(), type.getShape().end());
  else
    view.shape.assign(maxShape.begin(), maxShape.end());
  view.strides = strides;
  int64_t elements = 1;
  for (int64_t d : view.shape)
    elements *= d;
  // `static`: large buffers must not live on the C-simulation stack; for
  // HLS a static local array is the same on-chip memory.
  std::string decl = *elem + " " + view.base + "[" +
                     std::to_string(std::max<int64_t>(elements, 1)) + "]";
  arrayDecls[view.base] = decl;
  line() << arrayStorage << " " << decl << ";\n";
  if (partition) {
    emitPartitionPragma(view.base, partition);
    arrayPartitions[view.base] = partition;
  }
  return view;
}

void HLSEmitter::emitCopy(const View &from, const View &to) {
  SmallVector<std::string> ivs;
  unsigned rank = from.shape.size();
  for (unsigned d = 0; d < rank; ++d) {
    std::string iv = newVar("i");
    line() << "for (int " << iv << " = 0; " << iv << " < " << from.dim(d)
           << "; ++" << iv << ") {\n";
    indent += 2;
    if (d + 1 == rank)
      line() << "RNN_HLS_PRAGMA(HLS PIPELINE II=1)\n";
    if (from.isDynamic(d))
      line() << "RNN_HLS_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=" << from.shape[d]
             << " avg=" << (from.shape[d] + 2) / 2 << ")\n";
    ivs.push_back(iv);
  }
  auto ref = [&](const View &view) {
    std::string expr = view.offset == "0" ? "" : view.offset;
    for (unsigned d = 0; d < rank; ++d) {
      std::string term = view.strides[d] == 1
                             ? ivs[d]
                             : ivs[d] + " * " + std::to_string(view.strides[d]);
      expr = expr.empty() ? term : expr + " + " + term;
    }
    return view.base + "[" + (expr.empty() ? "0" : expr) + "]";
  };
  if (streams.count(to.base))
    line() << to.base << ".write(" << ref(from) << ");\n";
  else
    line() << ref(to) << " = " << ref(from) << ";\n";
  for (unsigned d = 0; d < rank; ++d) {
    indent -= 2;
    line() << "}\n";
  }
}

LogicalResult HLSEmitter::emitBlock(Block &block) {
  for (Operation &op : block)
    if (failed(emitOp(&op)))
      return failure();
  return success();
}

LogicalResult HLSEmitter::emitYieldInto(ValueRange yielded,
                                        ArrayRef<std::string> vars,
                                        ArrayRef<std::optional<View>> bufs) {
  // Scalars through temporaries: a yielded value may be another carried
  // variable of the same loop (a swap).
  SmallVector<std::pair<std::string, std::string>> moves;
  for (auto [i, value] : llvm::enumerate(yielded)) {
    if (bufs[i]) {
      const View &from = views[value];
      if (from.base != bufs[i]->base || from.offset != bufs[i]->offset)
        emitCopy(from, *bufs[i]);
      continue;
    }
    std::string tmp = newVar("y");
    FailureOr<std::string> type =
        cType(value.getType(), value.getParentBlock()->getParentOp());
    if (failed(type))
      return failure();
    if (auto it = accumValues.find(value); it != accumValues.end())
      type = it->second;
    line() << *type << " " << tmp << " = " << operand(value) << ";\n";
    moves.push_back({vars[i], tmp});
  }
  for (auto &[var, tmp] : moves)
    line() << var << " = " << tmp << ";\n";
  return success();
}

LogicalResult HLSEmitter::emitFor(scf::ForOp op) {
  // An accumulation (rnn-hls-prepare's hls.accumulate) keeps its running
  // sum and the products added to it in accum_t.
  if (op->hasAttr("hls.accumulate")) {
    std::string accType = "accum_t";
    if (auto chosen = op->getAttrOfType<StringAttr>("hls.accum_c_type"))
      accType = chosen.str();
    auto yield = cast<scf::YieldOp>(op.getBody()->getTerminator());
    for (auto [arg, next] : llvm::zip(op.getRegionIterArgs(), yield.getOperands())) {
      auto add = next.getDefiningOp<arith::AddFOp>();
      if (!add)
        continue;
      accumValues[arg] = accType;
      accumValues[next] = accType;
      for (Value operand : add->getOperands())
        if (operand.getDefiningOp<arith::MulFOp>())
          accumValues[operand] = accType;
    }
  }
  // Carried values: scalars become variables, memrefs their own array.
  SmallVector<std::string> vars;
  SmallVector<std::optional<View>> bufs;
  for (auto [init, arg, result] :
       llvm::zip(op.getInitArgs(), op.getRegionIterArgs(), op.getResults())) {
    if (auto memref = dyn_cast<MemRefType>(arg.getType())) {
      FailureOr<View> buf = declareArray(
          MemRefType::get(memref.getShape(), memref.getElementType()), op,
          "carry", {}, views[init].shape);
      if (failed(buf))
        return failure();
      buf->dims = views[init].dims;
      emitCopy(views[init], *buf);
      views[arg] = *buf;
      views[result] = *buf;
      vars.push_back("");
      bufs.push_back(*buf);
      continue;
    }
    FailureOr<std::string> type = cType(arg.getType(), op);
    if (failed(type))
      return failure();
    if (auto it = accumValues.find(arg); it != accumValues.end())
      type = it->second;
    std::string var = newVar("c");
    line() << *type << " " << var << " = " << operand(init) << ";\n";
    exprs[arg] = var;
    exprs[result] = var;
    vars.push_back(var);
    bufs.push_back(std::nullopt);
  }
  std::string iv = newVar("i");
  exprs[op.getInductionVar()] = iv;
  // The local rows of the FIFO slices this loop pops (below).
  if (auto pops = op->getAttrOfType<DenseI64ArrayAttr>("hls.stream_pop"))
    for (int64_t id : pops.asArrayRef()) {
      const StreamInfo &info = streamById[id];
      line() << "static " << info.rowDecl << ";\n";
      if (info.partition)
        emitPartitionPragma(info.row, info.partition);
    }
  if (auto label = op->getAttrOfType<StringAttr>("hls.label"))
    line() << names.unique(label.getValue()) << ":\n";
  line() << "for (int " << iv << " = " << operand(op.getLowerBound()) << "; "
         << iv << " < " << operand(op.getUpperBound()) << "; " << iv
         << " += " << operand(op.getStep()) << ") {\n";
  indent += 2;
  emitLoopPragmas(op);
  // FIFO channels this loop consumes (rnn-hls-prepare's hls.stream_pop):
  // iteration i reads only slice i of the channel's dim 0, so it pops that
  // slice, in order, into a local row at its start, and every view of the
  // channel indexes the row instead (offset - i * slice).
  SmallVector<std::pair<Value, View>> saved;
  if (auto pops = op->getAttrOfType<DenseI64ArrayAttr>("hls.stream_pop")) {
    for (int64_t id : pops.asArrayRef()) {
      const StreamInfo &info = streamById[id];
      if (info.slice == 1) {
        line() << info.row << "[0] = " << info.name << ".read();\n";
      } else {
        line() << "for (int " << iv << "_s = 0; " << iv << "_s < "
               << info.slice << "; ++" << iv << "_s) {\n";
        line() << "  RNN_HLS_PRAGMA(HLS PIPELINE II=1)\n";
        line() << "  " << info.row << "[" << iv << "_s] = " << info.name
               << ".read();\n";
        line() << "}\n";
      }
      std::string shift = iv + " * " + std::to_string(info.slice);
      for (auto &[value, view] : views) {
        if (view.base != info.name)
          continue;
        saved.push_back({value, view});
        view.base = info.row;
        view.offset =
            view.offset == "0" ? "-" + shift : view.offset + " - " + shift;
      }
    }
  }
  Block *body = op.getBody();
  for (Operation &inner : body->without_terminator())
    if (failed(emitOp(&inner)))
      return failure();
  auto yield = cast<scf::YieldOp>(body->getTerminator());
  if (failed(emitYieldInto(yield.getOperands(), vars, bufs)))
    return failure();
  for (auto &[value, view] : saved)
    views[value] = view;
  indent -= 2;
  line() << "}\n";
  return success();
}

LogicalResult HLSEmitter::emitIf(scf::IfOp op) {
  SmallVector<std::string> vars;
  SmallVector<std::optional<View>> bufs;
  for (Value result : op.getResults()) {
    if (auto memref = dyn_cast<MemRefType>(result.getType())) {
      if (!memref.hasStaticShape())
        return op.emitError("HLS emitter: scf.if choosing between buffers "
                            "of a dynamic shape");
      FailureOr<View> buf = declareArray(
          MemRefType::get(memref.getShape(), memref.getElementType()), op,
          "sel");
      if (failed(buf))
        return failure();
      views[result] = *buf;
      vars.push_back("");
      bufs.push_back(*buf);
      continue;
    }
    FailureOr<std::string> type = cType(result.getType(), op);
    if (failed(type))
      return failure();
    std::string var = newVar("r");
    line() << *type << " " << var << ";\n";
    exprs[result] = var;
    vars.push_back(var);
    bufs.push_back(std::nullopt);
  }
  auto emitBranch = [&](Region &region) -> LogicalResult {
    indent += 2;
    Block &block = region.front();
    for (Operation &inner : block.without_terminator())
      if (failed(emitOp(&inner)))
        return failure();
    auto yield = cast<scf::YieldOp>(block.getTerminator());
    if (failed(emitYieldInto(yield.getOperands(), vars, bufs)))
      return failure();
    indent -= 2;
    return success();
  };
  line() << "if (" << operand(op.getCondition()) << ") {\n";
  if (failed(emitBranch(op.getThenRegion())))
    return failure();
  if (!op.getElseRegion().empty()) {
    line() << "} else {\n";
    if (failed(emitBranch(op.getElseRegion())))
      return failure();
  }
  line() << "}\n";
  return success();
}

LogicalResult HLSEmitter::emitReturn(func::ReturnOp op) {
  // Results are out-parameters: copy each returned buffer into its port.
  for (auto [value, port] : llvm::zip(op.getOperands(), files.outputs)) {
    View to;
    to.base = port.name;
    to.shape.assign(port.shape.begin(), port.shape.end());
    int64_t stride = 1;
    to.strides.assign(port.shape.size(), 1);
    for (int d = static_cast<int>(port.shape.size()) - 1; d >= 0; --d) {
      to.strides[d] = stride;
      stride *= port.shape[d];
    }
    to.dims = views[value].dims;
    emitCopy(views[value], to);
  }
  return success();
}

LogicalResult HLSEmitter::emitOp(Operation *op) {
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](scf::ForOp f) { return emitFor(f); })
      .Case([&](scf::IfOp i) { return emitIf(i); })
      .Case([&](func::ReturnOp r) { return emitReturn(r); })
      .Case([&](memref::GetGlobalOp g) -> LogicalResult {
        auto type = g.getType();
        View view;
        view.base = globalNames.lookup(g.getName());
        if (view.base.empty())
          return g.emitError("HLS emitter: unknown global");
        if (auto global = module.lookupSymbol<memref::GlobalOp>(g.getName()))
          if (auto chosen = global->getAttrOfType<StringAttr>("hls.c_type"))
            view.elemType = chosen.str();
        view.shape.assign(type.getShape().begin(), type.getShape().end());
        int64_t offset;
        (void)type.getStridesAndOffset(view.strides, offset);
        views[g] = view;
        return success();
      })
      .Case<memref::AllocOp, memref::AllocaOp>([&](auto alloc) -> LogicalResult {
        if (alloc->hasAttr("hls.stream"))
          return declareStream(alloc);
        // A port's local copy (rnn-hls-prepare) is named after the port.
        std::string prefix = "buf";
        if (auto port = alloc->template getAttrOfType<StringAttr>(
                "hls.port_copy")) {
          prefix = port.str() + "_local";
          line() << "// '" << port.getValue()
                 << "': copied once, in order, into a partitioned local "
                    "array (the products read it at their reuse rate)\n";
        }
        FailureOr<View> view =
            declareArray(alloc.getType(), alloc, prefix,
                         alloc->getAttr("hls.partition"),
                         hlsMaxShape(alloc.getResult()));
        if (failed(view))
          return failure();
        // A dataflow channel past other processes (a bypass): more
        // ping-pong buffers (rnn-hls-prepare's hls.channel_depth).
        if (auto depth = alloc->template getAttrOfType<IntegerAttr>(
                "hls.channel_depth"))
          line() << "RNN_HLS_PRAGMA(HLS STREAM variable=" << view->base
                 << " type=pipo depth=" << depth.getInt() << ")\n";
        MemRefType type = alloc.getType();
        if (!type.hasStaticShape()) {
          view->dims.assign(type.getRank(), "");
          unsigned next = 0;
          for (unsigned d = 0; d < type.getRank(); ++d)
            if (type.isDynamicDim(d))
              view->dims[d] = operand(alloc.getDynamicSizes()[next++]);
        }
        views[alloc.getResult()] = *view;
        return success();
      })
      .Case([&](memref::DimOp d) -> LogicalResult {
        auto index = d.getConstantIndex();
        const View &view = views[d.getSource()];
        if (!index || *index < 0 ||
            *index >= static_cast<int64_t>(view.shape.size()))
          return d.emitError("HLS emitter: memref.dim needs a constant index");
        exprs[d] = view.dim(*index);
        return success();
      })
      .Case([&](memref::DeallocOp) { return success(); })
      .Case([&](memref::LoadOp l) {
        return assign(l, elementRef(l.getMemRef(), l.getIndices()), op,
                      views[l.getMemRef()].elemType);
      })
      .Case([&](memref::StoreOp s) {
        // A FIFO channel is written in order (rnn-hls-prepare checked).
        if (streams.count(views[s.getMemRef()].base)) {
          line() << views[s.getMemRef()].base << ".write("
                 << operand(s.getValueToStore()) << ");\n";
          return success();
        }
        line() << elementRef(s.getMemRef(), s.getIndices()) << " = "
               << operand(s.getValueToStore()) << ";\n";
        return success();
      })
      .Case([&](memref::CopyOp c) {
        emitCopy(views[c.getSource()], views[c.getTarget()]);
        return success();
      })
      .Case<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
            memref::CastOp, memref::ReinterpretCastOp, memref::ReshapeOp>(
          [&](Operation *v) { return emitView(v); })
      .Case([&](memref::AssumeAlignmentOp a) {
        views[a.getResult()] = views[a.getMemref()];
        return success();
      })
      .Default([&](Operation *) -> LogicalResult {
        if (isa<arith::ArithDialect>(op->getDialect()))
          return emitArith(op);
        if (isa<math::MathDialect>(op->getDialect()))
          return emitMath(op);
        return op->emitError() << "HLS emitter: unsupported op '"
                               << op->getName()
                               << "' (the HLS level holds func, scf.for, "
                                  "scf.if, memref, arith and math only)";
      });
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

LogicalResult HLSEmitter::emit() {
  func::FuncOp top;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      return func.emitError("HLS emitter: external function declarations "
                            "are not supported (no calls in the kernel)");
    if (top)
      return func.emitError("HLS emitter: the module must hold exactly one "
                            "function (the top); found @")
             << top.getSymName() << " and @" << func.getSymName();
    top = func;
  }
  if (!top)
    return module.emitError("HLS emitter: no function to emit");
  if (auto precision = module->getAttrOfType<StringAttr>("hls.precision"))
    fixedPoint = precision.getValue() != "float";
  if (fixedPoint && !module->getAttrOfType<StringAttr>("hls.data_type"))
    return module.emitError("HLS emitter: fixed-point precision without "
                            "'hls.data_type' (run rnn-hls-prepare)");
  files.top = names.unique(top.getSymName());
  if (failed(emitGlobals()) || failed(emitFunction(top)))
    return failure();
  files.kernel = kernelText;
  return success();
}

LogicalResult rnn::emitHLSFiles(ModuleOp module, HLSFiles &files) {
  files = HLSFiles();
  return HLSEmitter(module, files).emit();
}

LogicalResult rnn::emitHLSCpp(ModuleOp module, raw_ostream &os) {
  HLSFiles files;
  if (failed(emitHLSFiles(module, files)))
    return failure();
  os << "// ===== FILE: " << files.top << ".h\n"
     << files.header << "// ===== FILE: " << files.top << "_weights.h\n"
     << files.weights << "// ===== FILE: " << files.top << ".cpp\n"
     << files.kernel;
  return success();
}

void rnn::registerEmitHLSTranslation() {
  TranslateFromMLIRRegistration reg(
      "emit-hls-cpp",
      "print HLS-level MLIR (after rnn-lower-to-hls and rnn-hls-prepare) as "
      "Vitis HLS C++",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a builtin.module");
        return emitHLSCpp(module, os);
      },
      [](DialectRegistry &registry) {
        registry.insert<arith::ArithDialect, func::FuncDialect,
                        math::MathDialect, memref::MemRefDialect,
                        scf::SCFDialect>();
      });
}
