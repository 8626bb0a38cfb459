//===- ImportONNX.cpp - ONNX model importer core --------------------------===//
//
// Loads the protobuf, builds the entry function from the graph inputs and
// outputs, and walks the nodes in order through the handler table. Each ONNX
// value maps to an Entry (MLIR value and/or host constant) in a scoped table,
// so subgraphs (If branches) see their parents' values.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "rnn/Dialect/RNN/IR/RNNDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

using namespace mlir;
using namespace ::rnn;
using namespace ::rnn::onnx_import;

namespace rnn::onnx_import {

class Importer {
public:
  Importer(MLIRContext *ctx, StringRef path, const ONNXImportOptions &options)
      : ctx(ctx), path(path.str()), options(options), builder(ctx),
        fileLoc(FileLineColLoc::get(ctx, path, 0, 0)) {
    registerRecurrentHandlers(handlers);
    registerElementwiseHandlers(handlers);
    registerShapeHandlers(handlers);
    registerNNHandlers(handlers);
    registerConvHandlers(handlers);
    registerScatterHandlers(handlers);
    registerQuantizeHandlers(handlers);
    registerControlFlowHandlers(handlers);
  }

  OwningOpRef<ModuleOp> import(const onnx::ModelProto &model);

  /// Imports the nodes of `graph` into the current insertion point; values
  /// land in the innermost scope.
  LogicalResult importNodes(const onnx::GraphProto &graph);
  /// Folds or imports one node into `ctx.outputs`.
  LogicalResult importNode(NodeContext &ctx, const Handler &handler);

  /// Looks a name up through the scopes; null if undefined.
  Entry *lookup(StringRef name) {
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
      auto found = it->find(name);
      if (found != it->end())
        return &found->second;
    }
    return nullptr;
  }
  void pushScope() { scopes.emplace_back(); }
  void popScope() { scopes.pop_back(); }
  void define(StringRef name, Entry entry) {
    scopes.back()[name] = std::move(entry);
  }

  Value materialize(Entry &entry) {
    if (!entry.value) {
      OpBuilder::InsertionGuard guard(builder);
      // Constants go at the start of the entry block so every later use
      // (including nested regions) is dominated.
      builder.setInsertionPointToStart(entryBlock);
      entry.value =
          arith::ConstantOp::create(builder, fileLoc, entry.constant->toAttr());
    }
    return entry.value;
  }

  InFlightDiagnostic error(Location loc) { return emitError(loc); }

  FailureOr<HostTensor> parseTensor(const onnx::TensorProto &tensor,
                                    Location loc);
  FailureOr<RankedTensorType> parseValueInfo(const onnx::ValueInfoProto &info,
                                             Location loc);

  MLIRContext *ctx;
  std::string path;
  ONNXImportOptions options;
  OpBuilder builder;
  Location fileLoc;
  HandlerMap handlers;
  int64_t defaultOpset = 0;
  Block *entryBlock = nullptr;

private:
  std::vector<llvm::StringMap<Entry>> scopes;
};

} // namespace rnn::onnx_import

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

NodeContext::NodeContext(Importer &importer, const onnx::NodeProto &node,
                         SmallVector<Entry *> inputs, int64_t opset)
    : node(node), inputs(std::move(inputs)), opset(opset),
      b(importer.builder),
      loc(NameLoc::get(StringAttr::get(importer.ctx,
                                       node.name().empty() ? node.op_type()
                                                           : node.name()),
                       importer.fileLoc)),
      importer(importer) {}

Value NodeContext::input(unsigned i) {
  assert(hasInput(i) && "reading an absent input");
  return importer.materialize(*inputs[i]);
}

RankedTensorType NodeContext::inputType(unsigned i) {
  if (inputs[i]->value)
    return cast<RankedTensorType>(inputs[i]->value.getType());
  const HostTensor &t = *inputs[i]->constant;
  return RankedTensorType::get(t.shape, t.elementType);
}

const HostTensor *NodeContext::constInput(unsigned i) const {
  if (!hasInput(i) || !inputs[i]->constant)
    return nullptr;
  return &*inputs[i]->constant;
}

const onnx::AttributeProto *NodeContext::attr(StringRef name) const {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeContext::getInt(StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : dflt;
}
float NodeContext::getFloat(StringRef name, float dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : dflt;
}
std::string NodeContext::getString(StringRef name, StringRef dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : dflt.str();
}
SmallVector<int64_t> NodeContext::getInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}
SmallVector<float> NodeContext::getFloats(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return SmallVector<float>(a->floats().begin(), a->floats().end());
}
SmallVector<std::string> NodeContext::getStrings(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return SmallVector<std::string>(a->strings().begin(), a->strings().end());
}

FailureOr<HostTensor> NodeContext::parseTensor(const onnx::TensorProto &t) {
  return importer.parseTensor(t, importer.fileLoc);
}

FailureOr<SmallVector<Entry>>
NodeContext::importSubgraph(const onnx::GraphProto &graph) {
  importer.pushScope();
  llvm::scope_exit popScope([&] { importer.popScope(); });
  if (failed(importer.importNodes(graph)))
    return failure();
  SmallVector<Entry> results;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    Entry *e = importer.lookup(out.name());
    if (!e)
      return error() << "subgraph output '" << out.name()
                     << "' is never defined";
    results.push_back(*e);
  }
  return results;
}

InFlightDiagnostic NodeContext::error() {
  InFlightDiagnostic diag = importer.error(importer.fileLoc);
  diag << "node '" << node.name() << "' (" << node.op_type() << "): ";
  return diag;
}

//===----------------------------------------------------------------------===//
// Tensors and types
//===----------------------------------------------------------------------===//

Type (::rnn::onnx_import::convertElementType)(MLIRContext *ctx, int32_t t) {
  Builder b(ctx);
  switch (t) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::INT64:
    return b.getI64Type();
  case onnx::TensorProto::INT32:
    return b.getI32Type();
  case onnx::TensorProto::INT16:
    return b.getI16Type();
  case onnx::TensorProto::INT8:
    return b.getI8Type();
  case onnx::TensorProto::UINT8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return {};
  }
}

namespace {

template <typename T>
void appendRaw(const std::string &raw, HostTensor &out) {
  size_t n = raw.size() / sizeof(T);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
    if (out.isFloat())
      out.fp.push_back(static_cast<double>(v));
    else
      out.ints.push_back(static_cast<int64_t>(v));
  }
}

double halfToDouble(uint16_t h, bool bf16) {
  if (bf16) {
    uint32_t bits = static_cast<uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  llvm::APFloat f(llvm::APFloat::IEEEhalf(), llvm::APInt(16, h));
  return f.convertToDouble();
}

} // namespace

FailureOr<HostTensor> Importer::parseTensor(const onnx::TensorProto &tensor,
                                            Location loc) {
  HostTensor out;
  out.elementType = convertElementType(ctx, tensor.data_type());
  if (!out.elementType)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has unsupported element type "
                          << tensor.data_type();
  for (int64_t d : tensor.dims()) {
    if (d < 0)
      return emitError(loc) << "tensor '" << tensor.name()
                            << "' has a negative dimension " << d;
    out.shape.push_back(d);
  }
  int64_t count = out.numElements();
  if (count < 0 || count > (int64_t(1) << 31))
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' is too large (" << count << " elements)";

  std::string raw;
  bool hasRaw = tensor.has_raw_data();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    int64_t offset = 0, length = -1;
    for (const auto &kv : tensor.external_data()) {
      if (kv.key() == "location")
        location = kv.value();
      else if (kv.key() == "offset")
        offset = std::atoll(kv.value().c_str());
      else if (kv.key() == "length")
        length = std::atoll(kv.value().c_str());
    }
    if (location.empty() || llvm::sys::path::is_absolute(location) ||
        llvm::any_of(llvm::make_range(llvm::sys::path::begin(location),
                                      llvm::sys::path::end(location)),
                     [](StringRef c) { return c == ".."; }))
      return emitError(loc) << "tensor '" << tensor.name()
                            << "': external data location '" << location
                            << "' escapes the model's directory";
    SmallString<256> file(llvm::sys::path::parent_path(path));
    llvm::sys::path::append(file, location);
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false);
    if (!buffer)
      return emitError(loc) << "tensor '" << tensor.name()
                            << "': cannot read external data '" << file
                            << "': " << buffer.getError().message();
    StringRef all = (*buffer)->getBuffer();
    if (offset < 0 || offset > (int64_t)all.size() ||
        (length >= 0 && offset + length > (int64_t)all.size()))
      return emitError(loc) << "tensor '" << tensor.name()
                            << "': external data range is outside '" << file
                            << "'";
    raw = all.substr(offset, length < 0 ? StringRef::npos : length).str();
    hasRaw = true;
  } else if (hasRaw) {
    raw = tensor.raw_data();
  }

  int32_t dt = tensor.data_type();
  if (hasRaw) {
    switch (dt) {
    case onnx::TensorProto::FLOAT: appendRaw<float>(raw, out); break;
    case onnx::TensorProto::DOUBLE: appendRaw<double>(raw, out); break;
    case onnx::TensorProto::INT64: appendRaw<int64_t>(raw, out); break;
    case onnx::TensorProto::INT32: appendRaw<int32_t>(raw, out); break;
    case onnx::TensorProto::INT16: appendRaw<int16_t>(raw, out); break;
    case onnx::TensorProto::INT8: appendRaw<int8_t>(raw, out); break;
    case onnx::TensorProto::UINT8: appendRaw<uint8_t>(raw, out); break;
    case onnx::TensorProto::BOOL: appendRaw<uint8_t>(raw, out); break;
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
      for (size_t i = 0; i + 1 < raw.size(); i += 2) {
        uint16_t h;
        std::memcpy(&h, raw.data() + i, 2);
        out.fp.push_back(halfToDouble(h, dt == onnx::TensorProto::BFLOAT16));
      }
      break;
    }
  } else {
    switch (dt) {
    case onnx::TensorProto::FLOAT:
      out.fp.assign(tensor.float_data().begin(), tensor.float_data().end());
      break;
    case onnx::TensorProto::DOUBLE:
      out.fp.assign(tensor.double_data().begin(), tensor.double_data().end());
      break;
    case onnx::TensorProto::INT64:
      out.ints.assign(tensor.int64_data().begin(), tensor.int64_data().end());
      break;
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
      for (int32_t v : tensor.int32_data())
        out.fp.push_back(
            halfToDouble(static_cast<uint16_t>(v),
                         dt == onnx::TensorProto::BFLOAT16));
      break;
    default:
      out.ints.assign(tensor.int32_data().begin(), tensor.int32_data().end());
      break;
    }
  }
  int64_t have = out.isFloat() ? out.fp.size() : out.ints.size();
  if (have != count)
    return emitError(loc) << "tensor '" << tensor.name() << "' holds " << have
                          << " values but its shape needs " << count
                          << " (truncated or corrupt data)";
  return out;
}

/// Records the ONNX `dim_param` names of the dynamic dims of graph input
/// `argIndex` as `rnn.dim_names` (one string per dim, empty where the dim is
/// static or unnamed). Inputs that share a name must agree at run time; the
/// compiled model's entry point checks it.
static void setDimNames(func::FuncOp func, unsigned argIndex,
                        const onnx::ValueInfoProto &info) {
  auto type = cast<RankedTensorType>(func.getArgumentTypes()[argIndex]);
  const auto &dims = info.type().tensor_type().shape().dim();
  SmallVector<Attribute> names;
  bool any = false;
  for (auto [i, size] : llvm::enumerate(type.getShape())) {
    std::string name;
    if (ShapedType::isDynamic(size) && static_cast<int>(i) < dims.size() &&
        dims[i].has_dim_param())
      name = dims[i].dim_param();
    any |= !name.empty();
    names.push_back(StringAttr::get(func.getContext(), name));
  }
  if (any)
    func.setArgAttr(argIndex, "rnn.dim_names",
                    ArrayAttr::get(func.getContext(), names));
}

FailureOr<RankedTensorType>
Importer::parseValueInfo(const onnx::ValueInfoProto &info, Location loc) {
  if (!info.type().has_tensor_type())
    return emitError(loc) << "graph value '" << info.name()
                          << "' is not a tensor (sequences and maps are not "
                             "supported)";
  const auto &tt = info.type().tensor_type();
  Type elem = convertElementType(ctx, tt.elem_type());
  if (!elem)
    return emitError(loc) << "graph value '" << info.name()
                          << "' has unsupported element type "
                          << tt.elem_type();
  if (!tt.has_shape())
    return emitError(loc) << "graph value '" << info.name()
                          << "' has no shape (its rank must be known); pin "
                             "it with --input-shape";
  SmallVector<int64_t> shape;
  for (const auto &dim : tt.shape().dim()) {
    if (dim.has_dim_value() && dim.dim_value() >= 0)
      shape.push_back(dim.dim_value());
    else
      shape.push_back(ShapedType::kDynamic);
  }
  for (auto &[name, dims] : options.inputShapes) {
    if (name != info.name())
      continue;
    if (dims.size() != shape.size())
      return emitError(loc) << "--input-shape for '" << name << "' has rank "
                            << dims.size() << " but the model's input has rank "
                            << shape.size();
    for (auto [i, d] : llvm::enumerate(dims)) {
      if (d < 0)
        continue;
      if (!ShapedType::isDynamic(shape[i]) && shape[i] != d)
        return emitError(loc) << "--input-shape for '" << name
                              << "': dimension " << i << " is " << shape[i]
                              << " in the model, not " << d;
      shape[i] = d;
    }
  }
  return RankedTensorType::get(shape, elem);
}

//===----------------------------------------------------------------------===//
// Graph walk
//===----------------------------------------------------------------------===//

LogicalResult Importer::importNode(NodeContext &ctx, const Handler &handler) {
  Block *block = builder.getInsertionBlock();
  Operation *before = block->empty() ? nullptr : &block->back();
  // Shape computations go element by element; a result known at import
  // needs no IR at all.
  if (std::optional<PartialInts> partial = foldPartialInts(ctx))
    setPartialOutput(ctx, 0, std::move(*partial));
  else if (failed(handler(ctx)))
    return failure();
  // A handler that builds invalid IR (say, integer arithmetic on an
  // unsigned type) is reported here, on its node, not at the end.
  for (Operation &op : llvm::make_range(
           before ? std::next(before->getIterator()) : block->begin(),
           block->end()))
    if (failed(verify(&op)))
      return ctx.error() << "the importer cannot translate this node "
                            "(the IR it built is invalid, see above)";
  return success();
}

LogicalResult Importer::importNodes(const onnx::GraphProto &graph) {
  for (const onnx::TensorProto &init : graph.initializer()) {
    FailureOr<HostTensor> t = parseTensor(init, fileLoc);
    if (failed(t))
      return failure();
    define(init.name(), Entry{Value(), std::move(*t)});
  }
  for (const onnx::NodeProto &node : graph.node()) {
    std::string domain = node.domain();
    // Operators of other domains are keyed "DOMAIN.OpType" (only
    // com.microsoft.DynamicQuantizeLSTM today).
    std::string key = node.op_type();
    if (domain == "com.microsoft")
      key = domain + "." + key;
    else if (!domain.empty() && domain != "ai.onnx")
      return emitError(fileLoc) << "node '" << node.name() << "' ("
                                << node.op_type() << "): operator domain '"
                                << domain << "' is not supported";
    auto it = handlers.find(key);
    if (it == handlers.end() && domain == "com.microsoft")
      return emitError(fileLoc) << "node '" << node.name() << "' ("
                                << node.op_type() << "): operator domain '"
                                << domain << "' is not supported";
    if (it == handlers.end())
      return emitError(fileLoc) << "node '" << node.name() << "' ("
                                << node.op_type()
                                << "): unsupported ONNX operator";
    if (defaultOpset < it->second.sinceVersion)
      return emitError(fileLoc)
             << "node '" << node.name() << "' (" << node.op_type()
             << "): opset " << defaultOpset
             << " is older than the oldest supported for this operator ("
             << it->second.sinceVersion << ")";
    SmallVector<Entry *> inputs;
    for (const std::string &name : node.input()) {
      if (name.empty()) {
        inputs.push_back(nullptr);
        continue;
      }
      Entry *entry = lookup(name);
      if (!entry)
        return emitError(fileLoc)
               << "node '" << node.name() << "' (" << node.op_type()
               << "): input '" << name
               << "' is used before it is defined (or never defined)";
      inputs.push_back(entry);
    }
    NodeContext ctx(*this, node, std::move(inputs), defaultOpset);
    if (failed(importNode(ctx, it->second.handler)))
      return failure();
    for (int i = 0; i < node.output_size(); ++i) {
      if (node.output(i).empty())
        continue;
      if (i >= (int)ctx.outputs.size() ||
          (!ctx.outputs[i].value && !ctx.outputs[i].constant))
        return ctx.error() << "output " << i << " ('" << node.output(i)
                           << "') is not supported by the importer";
      define(node.output(i), std::move(ctx.outputs[i]));
    }
  }
  return success();
}

OwningOpRef<ModuleOp> Importer::import(const onnx::ModelProto &model) {
  for (const auto &opset : model.opset_import()) {
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      defaultOpset = opset.version();
    else if (opset.domain() != "ai.onnx.ml" &&
             opset.domain() != "com.microsoft")
      return emitError(fileLoc) << "opset domain '" << opset.domain()
                                << "' is not supported",
             nullptr;
  }
  if (defaultOpset == 0)
    defaultOpset = 1;
  if (defaultOpset > 23) {
    emitError(fileLoc) << "ONNX opset " << defaultOpset
                       << " is newer than the newest supported (23)";
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();
  pushScope();

  llvm::StringSet<> initNames;
  for (const auto &init : graph.initializer())
    initNames.insert(init.name());
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (initNames.contains(in.name()))
      continue;
    FailureOr<RankedTensorType> type = parseValueInfo(in, fileLoc);
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    args.push_back(&in);
  }
  for (auto &[name, dims] : options.inputShapes)
    if (llvm::none_of(args, [&](auto *a) { return a->name() == name; })) {
      emitError(fileLoc) << "--input-shape names '" << name
                         << "', which is not a graph input";
      return nullptr;
    }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, options.entryName,
                                   builder.getFunctionType(argTypes, {}));
  entryBlock = func.addEntryBlock();
  for (auto [i, in] : llvm::enumerate(args)) {
    define(in->name(), Entry{entryBlock->getArgument(i), std::nullopt});
    func.setArgAttr(i, "rnn.name", builder.getStringAttr(in->name()));
    setDimNames(func, i, *in);
  }
  builder.setInsertionPointToEnd(entryBlock);
  if (failed(importNodes(graph)))
    return nullptr;

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    Entry *entry = lookup(out.name());
    if (!entry) {
      emitError(fileLoc) << "graph output '" << out.name()
                         << "' is never defined";
      return nullptr;
    }
    results.push_back(materialize(*entry));
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "rnn.name", builder.getStringAttr(out.name()));
  func->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

std::string (::rnn::parseInputShapeOption)(StringRef spec,
                                       ONNXImportOptions &options) {
  auto [name, dims] = spec.rsplit('=');
  if (name.empty() || !spec.contains('='))
    return "expected NAME=DxDx... in --input-shape '" + spec.str() + "'";
  // NAME= (no dims) pins a scalar.
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  if (!dims.empty())
    dims.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t d;
    if (part == "?" || part == "-1") {
      shape.push_back(-1);
      continue;
    }
    if (part.getAsInteger(10, d) || d < 0)
      return "bad dimension '" + part.str() + "' in --input-shape '" +
             spec.str() + "'";
    shape.push_back(d);
  }
  options.inputShapes.push_back({name.str(), shape});
  return "";
}

OwningOpRef<ModuleOp> (::rnn::importONNXBuffer)(StringRef bytes, StringRef path,
                                            MLIRContext *context,
                                            const ONNXImportOptions &options) {
  context->loadAllAvailableDialects();
  onnx::ModelProto model;
  google::protobuf::io::ArrayInputStream stream(bytes.data(), bytes.size());
  google::protobuf::io::CodedInputStream coded(&stream);
  coded.SetTotalBytesLimit(INT32_MAX);
  if (!model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage()) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "not a valid ONNX model (truncated or corrupt protobuf)";
    return nullptr;
  }
  if (!model.has_graph()) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "the ONNX model has no graph";
    return nullptr;
  }
  Importer importer(context, path, options);
  return importer.import(model);
}

OwningOpRef<ModuleOp> (::rnn::importONNXFile)(StringRef path, MLIRContext *context,
                                          const ONNXImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot read ONNX model: " << buffer.getError().message();
    return nullptr;
  }
  return importONNXBuffer((*buffer)->getBuffer(), path, context, options);
}

void (::rnn::registerImportONNXTranslation)() {
  static llvm::cl::list<std::string> inputShapes(
      "input-shape",
      llvm::cl::desc("Pin an input's shape for --import-onnx: NAME=DxDxD "
                     "(? or -1 keeps a dimension dynamic; NAME= is a "
                     "scalar)"),
      llvm::cl::ZeroOrMore);
  TranslateToMLIRRegistration reg(
      "import-onnx", "import an ONNX model (protobuf)",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        ONNXImportOptions options;
        for (const std::string &spec : inputShapes) {
          std::string err = parseInputShapeOption(spec, options);
          if (!err.empty()) {
            emitError(UnknownLoc::get(context)) << err;
            return nullptr;
          }
        }
        OwningOpRef<ModuleOp> module = importONNXBuffer(
            buffer->getBuffer(), buffer->getBufferIdentifier(), context,
            options);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) {
        registry.insert<mlir::rnn::RNNDialect, func::FuncDialect,
                        arith::ArithDialect, tensor::TensorDialect,
                        linalg::LinalgDialect, math::MathDialect,
                        scf::SCFDialect>();
      });
}
