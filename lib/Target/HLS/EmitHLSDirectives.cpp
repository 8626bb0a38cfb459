//===- EmitHLSDirectives.cpp - HLS C++ emitter: pragmas and DATAFLOW ------===//
//
// The directives rnn-hls-prepare recorded as `hls.*` attributes, printed as
// RNN_HLS_PRAGMA(HLS ...): interfaces, storage and partitioning of arrays,
// loop pipelining / unrolling / trip counts; and the DATAFLOW form: one
// function per process (`hls.stage`), the top function declaring the
// channels (ping-pong arrays, `hls.channel_depth`; FIFOs, `hls.stream`)
// and calling the processes in order.
//
//===----------------------------------------------------------------------===//

#include "HLSEmitter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace rnn;
using namespace rnn::hls_detail;

void HLSEmitter::emitInterfacePragmas(func::FuncOp func) {
  auto mode = func->getAttrOfType<StringAttr>("hls.interface");
  if (!mode)
    return;
  auto emitPort = [&](const HLSPort &port, unsigned bundle) {
    if (mode.getValue() == "axis")
      line() << "RNN_HLS_PRAGMA(HLS INTERFACE mode=axis port=" << port.name << ")\n";
    else
      line() << "RNN_HLS_PRAGMA(HLS INTERFACE mode=m_axi port=" << port.name
             << " offset=slave bundle=gmem" << bundle
             << " depth=" << std::max<int64_t>(port.numElements(), 1) << ")\n";
  };
  unsigned bundle = 0;
  for (const HLSPort &port : files.inputs)
    emitPort(port, bundle++);
  for (const HLSPort &port : files.outputs)
    emitPort(port, bundle++);
  if (files.maxSeqLen)
    line() << "RNN_HLS_PRAGMA(HLS INTERFACE mode=s_axilite port=seq_len)\n";
  line() << "RNN_HLS_PRAGMA(HLS INTERFACE mode=s_axilite port=return)\n";
}

void HLSEmitter::emitGlobalPragmas(memref::GlobalOp global) {
  std::string name = globalNames[global.getSymName()];
  if (auto storage = global->getAttrOfType<StringAttr>("hls.storage"))
    line() << "RNN_HLS_PRAGMA(HLS BIND_STORAGE variable=" << name
           << " type=" << storage.getValue() << ")\n";
  if (Attribute partition = global->getAttr("hls.partition"))
    emitPartitionPragma(name, partition);
}

/// The array a view ends at (through subview / reshape / cast).
static Value viewRoot(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    if (!isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
             memref::CastOp, memref::ReinterpretCastOp, memref::ReshapeOp,
             memref::AssumeAlignmentOp>(def))
      break;
    memref = def->getOperand(0);
  }
  return memref;
}

LogicalResult HLSEmitter::emitDataflowBody(func::FuncOp func) {
  Block &body = func.getBody().front();
  auto stageOf = [](Operation &op) -> int64_t {
    auto stage = op.getAttrOfType<IntegerAttr>("hls.stage");
    return stage ? stage.getInt() : -1;
  };
  int64_t count = 0;
  for (Operation &op : body)
    count = std::max(count, stageOf(op) + 1);
  std::vector<std::string> texts(count);
  // Each process's ops are printed into its own text (declarations of the
  // buffers only it uses included); channels and the ops that print
  // nothing (constants, views, globals) stay in the top function.
  for (Operation &op : body) {
    int64_t stage = stageOf(op);
    if (stage < 0) {
      if (op.hasAttr("hls.channel"))
        arrayStorage = "RNN_HLS_CHANNEL";
      LogicalResult result = emitOp(&op);
      arrayStorage = "static";
      if (failed(result))
        return failure();
      continue;
    }
    llvm::raw_string_ostream text(texts[stage]);
    out = &text;
    unsigned saved = indent;
    indent = 2;
    LogicalResult result = emitOp(&op);
    indent = saved;
    out = &os;
    if (failed(result))
      return failure();
  }
  // Parameters: the ports and channels each process reads or writes, under
  // their own names (so the printed body is unchanged); globals it reads
  // get their storage pragmas in it.
  llvm::raw_string_ostream stages(stagesText);
  for (int64_t g = 0; g < count; ++g) {
    SmallVector<std::string> params;
    llvm::StringSet<> seen;
    SmallVector<memref::GlobalOp> globals;
    SmallVector<std::string> partitioned;
    auto addArray = [&](StringRef base) {
      auto it = arrayDecls.find(base);
      if (it != arrayDecls.end() && seen.insert(base).second) {
        params.push_back(it->second);
        if (arrayPartitions.count(base))
          partitioned.push_back(base.str());
      }
    };
    for (Operation &op : body) {
      if (stageOf(op) != g)
        continue;
      op.walk([&](Operation *inner) {
        if (isa<func::ReturnOp>(inner))
          for (const HLSPort &port : files.outputs)
            addArray(port.name);
        for (Value operand : inner->getOperands()) {
          if (!isa<MemRefType>(operand.getType()))
            continue;
          Value root = viewRoot(operand);
          if (auto get = root.getDefiningOp<memref::GetGlobalOp>()) {
            auto global = module.lookupSymbol<memref::GlobalOp>(get.getName());
            if (global && !llvm::is_contained(globals, global))
              globals.push_back(global);
            continue;
          }
          Operation *def = root.getDefiningOp();
          bool outside =
              !def || (def->getBlock() == &body && stageOf(*def) != g);
          if (outside && views.count(root))
            addArray(views[root].base);
        }
      });
    }
    std::string name = names.unique(files.top + "_stage" + std::to_string(g));
    stages << "// Dataflow process " << g << ".\nstatic void " << name << "(";
    llvm::interleave(params, stages, ", ");
    stages << ") {\n  RNN_HLS_PRAGMA(HLS INLINE off)\n";
    out = &stages;
    unsigned saved = indent;
    indent = 2;
    for (memref::GlobalOp global : globals)
      emitGlobalPragmas(global);
    // The channel's partitioning, on the parameter too.
    for (const std::string &base : partitioned)
      emitPartitionPragma(base, arrayPartitions[base]);
    indent = saved;
    out = &os;
    stages << texts[g] << "}\n\n";
    line() << name << "(";
    SmallVector<std::string> args;
    for (const std::string &decl : params) {
      StringRef d = decl;
      d = d.take_front(d.rfind('['));
      // (A stream parameter is `hls::stream<T> &NAME`.)
      args.push_back(d.substr(d.rfind(' ') + 1).ltrim('&').str());
    }
    llvm::interleave(args, *out, ", ");
    *out << ");\n";
  }
  return success();
}

void HLSEmitter::emitPartitionPragma(StringRef var, Attribute partition) {
  auto factor = dyn_cast<IntegerAttr>(partition);
  if (!factor)
    return;
  if (factor.getInt() < 0)
    line() << "RNN_HLS_PRAGMA(HLS ARRAY_PARTITION variable=" << var
           << " type=complete dim=1)\n";
  else if (factor.getInt() > 1)
    line() << "RNN_HLS_PRAGMA(HLS ARRAY_PARTITION variable=" << var
           << " type=cyclic factor=" << factor.getInt() << " dim=1)\n";
}

void HLSEmitter::emitLoopPragmas(Operation *loop) {
  if (auto ii = loop->getAttrOfType<IntegerAttr>("hls.pipeline"))
    line() << "RNN_HLS_PRAGMA(HLS PIPELINE II=" << ii.getInt() << ")\n";
  if (auto unroll = loop->getAttrOfType<IntegerAttr>("hls.unroll")) {
    if (unroll.getInt() == 0)
      line() << "RNN_HLS_PRAGMA(HLS UNROLL)\n";
    else if (unroll.getInt() > 1)
      line() << "RNN_HLS_PRAGMA(HLS UNROLL factor=" << unroll.getInt() << ")\n";
  }
  // Bounds by the sequence length (rnn-hls-prepare): [min, max, avg].
  if (auto trip = loop->getAttrOfType<DenseI64ArrayAttr>("hls.tripcount"))
    if (trip.size() == 3)
      line() << "RNN_HLS_PRAGMA(HLS LOOP_TRIPCOUNT min=" << trip[0]
             << " max=" << trip[1] << " avg=" << trip[2] << ")\n";
}

LogicalResult HLSEmitter::declareStream(Operation *alloc) {
  auto attr = alloc->getAttrOfType<DenseI64ArrayAttr>("hls.stream");
  auto type = cast<MemRefType>(alloc->getResult(0).getType());
  if (!attr || attr.size() != 2 || !type.hasStaticShape() ||
      type.getRank() < 1 || type.getDimSize(0) < 1)
    return alloc->emitError("HLS emitter: malformed hls.stream");
  FailureOr<std::string> elem = cType(type.getElementType(), alloc);
  if (failed(elem))
    return failure();
  StreamInfo info;
  info.name = names.unique(("fifo" + Twine(varCounter++)).str());
  info.slice = type.getNumElements() / type.getDimSize(0);
  View view;
  view.base = info.name;
  view.shape.assign(type.getShape().begin(), type.getShape().end());
  int64_t offset;
  (void)type.getStridesAndOffset(view.strides, offset);
  views[alloc->getResult(0)] = view;
  line() << "hls::stream<" << *elem << "> " << info.name << "(\"" << info.name
         << "\");\n";
  line() << "RNN_HLS_PRAGMA(HLS STREAM variable=" << info.name
         << " type=fifo depth=" << attr[1] << ")\n";
  arrayDecls[info.name] = "hls::stream<" + *elem + "> &" + info.name;
  streams.insert(info.name);
  // The consumer's row, declared here (the top function, or with DATAFLOW
  // the consumer's process: see emitDataflowBody) on first use.
  info.row = names.unique(info.name + "_row");
  info.rowDecl = *elem + " " + info.row + "[" + std::to_string(info.slice) +
                 "]";
  info.partition = alloc->getAttr("hls.partition");
  streamById[attr[0]] = info;
  return success();
}
