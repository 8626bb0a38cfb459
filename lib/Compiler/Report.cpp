//===- Report.cpp - what rnnc --report prints -----------------------------===//

#include "rnn/Compiler/Report.h"
#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Support/Format.h"

using namespace mlir;

static int64_t bytesOf(ShapedType type) {
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
    return 0;
  return type.getNumElements() *
         llvm::divideCeil(type.getElementTypeBitWidth(), 8);
}

template <typename OpTy>
static void reportLayer(OpTy op, StringRef kind, llvm::raw_ostream &os) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  auto dim = [](int64_t d) {
    return ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
  };
  os << llvm::format("  %-5s %-13s", kind.str().c_str(),
                     stringifyDirection(op.getDirection()).str().c_str())
     << " T=" << dim(x.getDimSize(0)) << " N=" << dim(x.getDimSize(1))
     << " I=" << dim(x.getDimSize(2)) << " H=" << op.getHiddenSize();
  if (auto loc = dyn_cast<NameLoc>(op.getLoc()))
    os << "  (" << loc.getName() << ")";
  os << "\n";
}

void ::rnn::reportImportedModel(ModuleOp module, llvm::raw_ostream &os) {
  int64_t weightBytes = 0, layers = 0;
  module.walk([&](Operation *op) {
    if (auto cst = dyn_cast<arith::ConstantOp>(op))
      if (auto type = dyn_cast<ShapedType>(cst.getType()))
        weightBytes += bytesOf(type);
    if (auto lstm = dyn_cast<mlir::rnn::LSTMOp>(op))
      ++layers, reportLayer(lstm, "LSTM", os);
    else if (auto gru = dyn_cast<mlir::rnn::GRUOp>(op))
      ++layers, reportLayer(gru, "GRU", os);
    else if (auto rnnOp = dyn_cast<mlir::rnn::RNNOp>(op))
      ++layers, reportLayer(rnnOp, "RNN", os);
  });
  os << "rnnc: report: " << layers << " recurrent layer(s); weights as imported: "
     << weightBytes << " bytes\n";
}

void ::rnn::reportLoweredModel(ModuleOp module, llvm::raw_ostream &os) {
  int64_t bytes = 0, globals = 0;
  module.walk([&](LLVM::GlobalOp global) {
    if (!global.getConstant())
      return;
    if (auto dense =
            dyn_cast_or_null<DenseElementsAttr>(global.getValueOrNull())) {
      bytes += bytesOf(dense.getType());
      ++globals;
    }
  });
  os << "rnnc: report: weights in the library (packed, padded): " << bytes
     << " bytes in " << globals << " constant(s)\n";
  auto attr = [&](StringRef name) -> int64_t {
    auto value = module->getAttrOfType<IntegerAttr>(name);
    return value ? value.getInt() : -1;
  };
  int64_t scratch = attr("rnn.scratch_bytes");
  if (scratch < 0) {
    os << "rnnc: report: scratch: not planned (--plan-scratch=false)\n";
    return;
  }
  os << "rnnc: report: scratch: " << scratch << " bytes in "
     << attr("rnn.scratch_slots") << " slot(s) for "
     << attr("rnn.scratch_buffers") << " buffer(s) (allocated one by one: "
     << attr("rnn.scratch_bytes_unplanned") << " bytes)\n";
}

/// The ONNX node a lowered op came from, if its location still names it.
static std::string nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto name = nodeName(inner); !name.empty())
        return name;
  return "";
}

void ::rnn::reportSparseMatrices(Operation *root, llvm::raw_ostream &os) {
  root->walk([&](Operation *op) {
    auto info = op->getAttrOfType<DictionaryAttr>("rnn.sparse_matmul");
    if (!info)
      return;
    auto i64 = [&](StringRef key) {
      auto attr = info.getAs<IntegerAttr>(key);
      return attr ? attr.getInt() : int64_t(0);
    };
    StringRef format = info.getAs<StringAttr>("format").getValue();
    double sparsity = info.getAs<FloatAttr>("sparsity").getValueAsDouble();
    std::string fmt = format.str();
    if (auto block = info.getAs<DenseI64ArrayAttr>("block"))
      if (format == "bcsr" || format == "ell" || format == "ell-rows" ||
          format == "int8-ell")
        fmt += " " + std::to_string(block[0]) + "x" + std::to_string(block[1]);
    int64_t dense = i64("dense_bytes");
    int64_t stored = info.get("sparse_bytes") ? i64("sparse_bytes")
                     : format == "zero"       ? 0
                                              : dense;
    // The step product sits inside the time loop; the input projection of
    // all steps is outside it.
    bool inLoop = op->getParentOfType<scf::ForOp>() != nullptr;
    std::string node = nodeName(op->getLoc());
    os << llvm::format("  %-10s %5lldx%-5lld sparsity %6.2f%%  %-9s bytes "
                       "%lld -> %lld",
                       inLoop ? "step" : "projection", (long long)i64("rows"),
                       (long long)i64("cols"), 100.0 * sparsity, fmt.c_str(),
                       (long long)dense, (long long)stored);
    if (!node.empty())
      os << "  (" << node << ")";
    os << "\n";
  });
}
