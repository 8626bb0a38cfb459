//===- RecordActivationRanges.cpp - calibration probes --------------------===//
//
// Static activation scales for the int8 kernels need the range of each
// quantized activation (x_t of a layer's input projection, h_t of its
// recurrent step) over representative inputs. rnnc gets them by compiling
// the model in f32 with this pass, running that library on the calibration
// sets and reading a global: each activation site (collectActivationSites)
// keeps its running max |a| in one element of
// `rnnc_activation_ranges : memref<N x f32>`, and
// `rnnc_activation_range_count` holds N so that the reader can check it.
//
// The probes work on tensors (a linalg.generic max-abs reduction, then a
// memref.load / maximumf / memref.store on the global), so that the rest of
// the pipeline bufferizes and lowers them like any other op.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNRECORDACTIVATIONRANGES
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

constexpr llvm::StringLiteral kRangesName = "rnnc_activation_ranges";
constexpr llvm::StringLiteral kCountName = "rnnc_activation_range_count";

/// max |a| over every element of the ranked tensor `a`, as an f32 scalar
/// (NaN if any element is NaN).
Value maxAbs(OpBuilder &b, Location loc, Value a) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(a.getType());
  unsigned rank = type.getRank();
  Type f32 = b.getF32Type();
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value init = linalg::FillOp::create(
                   b, loc, zero,
                   tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, f32)
                       .getResult())
                   .getResult(0);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, ctx),
      AffineMap::get(rank, 0, ArrayRef<AffineExpr>{}, ctx)};
  SmallVector<utils::IteratorType> iters(rank,
                                         utils::IteratorType::reduction);
  Value reduced =
      linalg::GenericOp::create(
          b, loc, TypeRange{init.getType()}, ValueRange{a}, ValueRange{init},
          maps, iters,
          [](OpBuilder &nb, Location nloc, ValueRange args) {
            Value x = args[0];
            if (x.getType() != nb.getF32Type())
              x = arith::ExtFOp::create(nb, nloc, nb.getF32Type(), x);
            Value abs = math::AbsFOp::create(nb, nloc, x);
            Value max = arith::MaximumFOp::create(nb, nloc, args[1], abs);
            linalg::YieldOp::create(nb, nloc, max);
          })
          .getResult(0);
  return tensor::ExtractOp::create(b, loc, reduced, ValueRange{});
}

struct RNNRecordActivationRangesPass
    : rnn::impl::RNNRecordActivationRangesBase<RNNRecordActivationRangesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ActivationSite> sites = collectActivationSites(module);
    if (sites.empty()) {
      module.emitError() << "rnn-record-activation-ranges: the model has no "
                            "recurrent layers to calibrate";
      return signalPassFailure();
    }
    if (module.lookupSymbol(kRangesName) || module.lookupSymbol(kCountName)) {
      module.emitError() << "rnn-record-activation-ranges: the module already "
                            "defines '"
                         << kRangesName << "'";
      return signalPassFailure();
    }
    OpBuilder b(module.getBodyRegion());
    Location loc = module.getLoc();
    int64_t n = sites.size();
    auto rangesType = MemRefType::get({n}, b.getF32Type());
    auto countType = MemRefType::get({1}, b.getI32Type());
    memref::GlobalOp::create(
        b, loc, kRangesName, b.getStringAttr("public"), rangesType,
        DenseElementsAttr::get(
            RankedTensorType::get({n}, b.getF32Type()), 0.0f),
        /*constant=*/false, /*alignment=*/nullptr);
    memref::GlobalOp::create(
        b, loc, kCountName, b.getStringAttr("public"), countType,
        DenseElementsAttr::get(RankedTensorType::get({1}, b.getI32Type()),
                               static_cast<int32_t>(n)),
        /*constant=*/true, /*alignment=*/nullptr);

    for (auto [index, site] : llvm::enumerate(sites)) {
      if (!isa<RankedTensorType>(site.operand.getType()))
        continue;
      b.setInsertionPoint(site.op);
      Location siteLoc = site.op->getLoc();
      Value value = maxAbs(b, siteLoc, site.operand);
      Value global =
          memref::GetGlobalOp::create(b, siteLoc, rangesType, kRangesName);
      Value i = arith::ConstantIndexOp::create(b, siteLoc, index);
      Value old = memref::LoadOp::create(b, siteLoc, global, ValueRange{i});
      Value max = arith::MaximumFOp::create(b, siteLoc, old, value);
      memref::StoreOp::create(b, siteLoc, max, global, ValueRange{i});
    }
  }
};

} // namespace
