//===- QuantizeWeights.cpp - int8 / bf16 recurrent weights ----------------===//
//
// Batch-1 recurrent inference streams every weight once per step, so the
// weight bytes bound its speed. After rnn-expand-sequences each direction of
// a layer has two constant weight matrices: the recurrent R [G*H, H] of its
// cell op and the projection W [G*H, I] of its input-projection matmul
// (marked `rnn.input_projection`). This pass rewrites them at compile time:
//
//   int8: symmetric, one scale per output row (gate unit), s_r = max|w_r| /
//         127, q = round(w / s_r) in [-127, 127]. The weights become an i8
//         constant + quant.scast to the upstream per-axis quantized type
//         `tensor<RxKx!quant.uniform<i8<-127:127>:f32:0, {s0, ...}>>` (the
//         type the dialect documents, readable by the HLS emitter). The cell
//         op takes it directly as R; the projection matmul reads it through a
//         quant.dcast.
//   bf16: the weights become a bf16 constant (cell R directly, projection
//         through arith.extf).
//
// Weights imported from integer data (QDQ, DynamicQuantizeLSTM) carry their
// per-row scales (rnn.weight_scales, from the importer through
// rnn-expand-sequences): their q - zero point is taken over as it is. With
// calibrated activation ranges (activation-ranges, rnnc
// --calibration-data) the pass also sets the static activation scale
// (rnn.activation_scale) of each quantized projection and cell; so does an
// imported QDQ pair on X / initial_h (rnn.imported_activation_scale, which
// takes precedence over calibration).
//
// The lowerings (convert-rnn-to-linalg, rnn-matmul-to-vector) recognize
// these forms and emit int8 / bf16 kernels; anything they leave is exact
// dequantization in f32.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/Transforms/Passes.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

namespace mlir {
namespace rnn {
#define GEN_PASS_DEF_RNNQUANTIZEWEIGHTS
#include "rnn/Dialect/RNN/Transforms/Passes.h.inc"
} // namespace rnn
} // namespace mlir

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// One weight operand to rewrite: R of a cell op, or B of a projection.
struct WeightUse {
  OpOperand *operand;
  bool isCell;
};

/// i8 constant + quant.scast to the per-axis type with `scales`.
Value int8Weights(OpBuilder &b, Location loc, ArrayRef<int8_t> q,
                  ArrayRef<double> scales, int64_t rows, int64_t cols) {
  Type i8 = b.getIntegerType(8);
  // -128 only appears in imported weights (their own quantizer's range).
  int64_t storageMin = llvm::is_contained(q, int8_t(-128)) ? -128 : -127;
  SmallVector<int64_t> zeroPoints(rows, 0);
  auto qType = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, i8, b.getF32Type(), scales,
      zeroPoints, /*quantizedDimension=*/0, storageMin, 127);
  auto rawType = RankedTensorType::get({rows, cols}, i8);
  Value raw = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(rawType, q));
  return quant::StorageCastOp::create(
             b, loc, RankedTensorType::get({rows, cols}, qType), raw)
      .getResult();
}

/// Per-row symmetric int8: i8 constant + quant.scast to the per-axis type.
/// Fails (with a diagnostic on `user`) when a weight is not finite.
FailureOr<Value> quantizeInt8(OpBuilder &b, Location loc, Operation *user,
                              ArrayRef<float> w, int64_t rows, int64_t cols) {
  SmallVector<double> scales(rows);
  SmallVector<int8_t> q(rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    float amax = 0.0f;
    for (int64_t c = 0; c < cols; ++c) {
      float v = w[r * cols + c];
      if (!std::isfinite(v))
        return user->emitError("cannot quantize weights: row ")
               << r << " holds a non-finite value";
      amax = std::max(amax, std::fabs(v));
    }
    // An all-zero row quantizes to zeros with any scale; 1 keeps the type
    // valid (scales must be positive).
    double scale = amax > 0.0f ? static_cast<double>(amax) / 127.0 : 1.0;
    scales[r] = scale;
    for (int64_t c = 0; c < cols; ++c) {
      double v = std::nearbyint(w[r * cols + c] / scale);
      q[r * cols + c] = static_cast<int8_t>(std::clamp(v, -127.0, 127.0));
    }
  }
  return int8Weights(b, loc, q, scales, rows, cols);
}

/// Weights imported from integer data (kWeightScalesAttr, one scale per
/// row): w = (q - z) * s exactly, so round(w / s) recovers q - z, which the
/// kernel uses with zero point 0. Fails (nullopt) when q - z does not fit
/// in signed 8 bits (e.g. uint8 with zero point 0) or w is not on that grid.
std::optional<Value> takeOverInt8(OpBuilder &b, Location loc,
                                  ArrayRef<float> w, ArrayRef<double> scales,
                                  int64_t rows, int64_t cols) {
  if (static_cast<int64_t>(scales.size()) != rows)
    return std::nullopt;
  SmallVector<int8_t> q(rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    float s = static_cast<float>(scales[r]);
    if (!(s > 0.0f) || !std::isfinite(s))
      return std::nullopt;
    for (int64_t c = 0; c < cols; ++c) {
      float v = w[r * cols + c];
      double x = std::nearbyint(static_cast<double>(v) / s);
      if (!(x >= -128.0 && x <= 127.0) ||
          static_cast<float>(x * static_cast<double>(s)) != v)
        return std::nullopt;
      q[r * cols + c] = static_cast<int8_t>(x);
    }
  }
  SmallVector<double> rowScales;
  for (double s : scales)
    rowScales.push_back(static_cast<float>(s));
  return int8Weights(b, loc, q, rowScales, rows, cols);
}

/// bf16 constant (round to nearest even, like every f32 -> bf16 conversion).
Value convertBF16(OpBuilder &b, Location loc, ArrayRef<float> w, int64_t rows,
                  int64_t cols) {
  SmallVector<APFloat> values;
  values.reserve(w.size());
  for (float v : w) {
    APFloat f(v);
    bool lost;
    f.convert(APFloat::BFloat(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(f);
  }
  auto type = RankedTensorType::get({rows, cols}, b.getBF16Type());
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values));
}

struct RNNQuantizeWeightsPass
    : rnn::impl::RNNQuantizeWeightsBase<RNNQuantizeWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (mode != "int8" && mode != "bf16") {
      getOperation()->emitError()
          << "rnn-quantize-weights: mode must be int8 or bf16, got '" << mode
          << "'";
      return signalPassFailure();
    }
    llvm::StringSet<> excluded;
    for (const std::string &name : exclude)
      excluded.insert(name);

    SmallVector<WeightUse> uses;
    llvm::StringSet<> layers;
    bool anyRecurrent = false;
    getOperation()->walk([&](Operation *op) {
      if (isa<LSTMCellOp, GRUCellOp, RNNCellOp>(op)) {
        anyRecurrent = true;
        layers.insert(layerName(op->getLoc()));
        OpOperand &r = op->getOpOperand(isa<LSTMCellOp>(op) ? 3 : 2);
        if (!excluded.contains(layerName(op->getLoc())))
          uses.push_back({&r, true});
      } else if (auto mm = dyn_cast<linalg::MatmulTransposeBOp>(op)) {
        if (!mm->hasAttr(kInputProjectionAttr))
          return;
        layers.insert(layerName(op->getLoc()));
        if (!excluded.contains(layerName(op->getLoc())))
          uses.push_back({&mm->getOpOperand(1), false});
      }
    });
    bool failed = false;
    for (const std::string &name : exclude)
      if (!layers.contains(name)) {
        getOperation()->emitError()
            << "rnn-quantize-weights: no recurrent layer named '" << name
            << "'";
        failed = true;
      }
    if (!anyRecurrent) {
      getOperation()->emitError()
          << "rnn-quantize-weights: the model has no recurrent weights to "
             "quantize";
      failed = true;
    }
    if (failed)
      return signalPassFailure();

    for (WeightUse use : uses)
      if (::failed(rewrite(use)))
        return signalPassFailure();
    if (!activationRanges.empty() && ::failed(setActivationScales(excluded)))
      return signalPassFailure();
  }

  /// Static activation scales from calibrated ranges (activation-ranges):
  /// `rnn.activation_scale = max / 127` on every site of a layer that is
  /// quantized.
  LogicalResult setActivationScales(const llvm::StringSet<> &excluded) {
    Operation *module = getOperation();
    if (mode != "int8")
      return module->emitError()
             << "rnn-quantize-weights: activation-ranges needs mode=int8";
    SmallVector<ActivationSite> sites = collectActivationSites(module);
    if (sites.size() != activationRanges.size())
      return module->emitError()
             << "rnn-quantize-weights: " << activationRanges.size()
             << " activation range(s) given but the model has " << sites.size()
             << " activation site(s) (was the calibration build made from "
                "the same model and options?)";
    bool ok = true;
    for (auto [site, range] : llvm::zip(sites, activationRanges)) {
      StringRef name = layerName(site.op->getLoc());
      // The model's own scale (a QDQ pair) wins over calibration.
      if (excluded.contains(name) || site.op->hasAttr(kActivationScaleAttr))
        continue;
      StringRef what = site.isCell ? "state h" : "input x";
      if (!std::isfinite(range) || range <= 0.0) {
        InFlightDiagnostic diag = site.op->emitError("calibrated range of the ");
        diag << what << " of layer '" << name << "' is ";
        if (!std::isfinite(range))
          diag << "not finite (" << range
               << "): the calibration data holds NaN or infinity";
        else
          diag << "zero on every calibration set, so it has no static int8 "
                  "scale (calibrate with data that excites it, e.g. "
                  "non-zero initial states, or leave out "
                  "--calibration-data)";
        ok = false;
        continue;
      }
      site.op->setAttr(kActivationScaleAttr,
                       FloatAttr::get(Float32Type::get(module->getContext()),
                                      range / 127.0));
    }
    return success(ok);
  }

  /// Replaces one constant f32 weight operand by its int8 / bf16 form.
  /// Non-constant weights (graph inputs) stay f32.
  LogicalResult rewrite(WeightUse use) {
    Value weight = use.operand->get();
    Operation *user = use.operand->getOwner();
    auto type = dyn_cast<RankedTensorType>(weight.getType());
    if (!type || !type.hasStaticShape() || type.getRank() != 2 ||
        !type.getElementType().isF32())
      return success();
    int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
    std::optional<SmallVector<float>> values =
        constantMatrix(weight, rows, cols);
    if (!values) {
      // Graph-input weights: nothing to quantize at compile time. Said
      // once per layer (on its cell op), so that the user knows.
      if (use.isCell) {
        StringRef name = layerName(user->getLoc());
        InFlightDiagnostic diag = user->emitWarning("recurrent weights ");
        if (!name.empty())
          diag << "of layer '" << name << "' ";
        diag << "are not compile-time constants; the layer stays f32";
      }
      return success();
    }
    // New constants go to the start of the function, like the originals.
    OpBuilder b(user->getContext());
    auto func = user->getParentOfType<FunctionOpInterface>();
    b.setInsertionPointToStart(&func.getFunctionBody().front());
    Location loc = weight.getLoc();
    Value narrow;
    std::optional<Value> imported;
    if (mode == "int8")
      if (auto scales = user->getAttrOfType<DenseF64ArrayAttr>(
              kWeightScalesAttr)) {
        imported = takeOverInt8(b, loc, *values, scales.asArrayRef(), rows,
                                cols);
        if (!imported)
          user->emitWarning("imported integer weights ")
              << (use.isCell ? "R" : "W") << " of layer '"
              << layerName(user->getLoc())
              << "' do not fit signed int8 once their zero point is "
                 "removed; they are re-quantized per row";
      }
    if (imported) {
      narrow = *imported;
    } else if (mode == "int8") {
      FailureOr<Value> q = quantizeInt8(b, loc, user, *values, rows, cols);
      if (::failed(q))
        return failure();
      narrow = *q;
    } else {
      narrow = convertBF16(b, loc, *values, rows, cols);
    }
    // A QDQ pair on this operand's activation (imported): its scale is the
    // static activation scale of the int8 kernel.
    if (mode == "int8") {
      Attribute imported = user->getAttr(kImportedActivationScaleAttr);
      if (auto scale = dyn_cast_or_null<FloatAttr>(imported))
        user->setAttr(kActivationScaleAttr,
                      FloatAttr::get(b.getF32Type(), scale.getValueAsDouble()));
      // A per-axis QDQ with differing scales (the importer names it): the
      // kernel has one static scale per tensor, and quantizing this operand
      // dynamically would silently drop the model's quantization.
      if (auto perAxis = dyn_cast_or_null<StringAttr>(imported)) {
        StringRef layer = layerName(user->getLoc());
        return user->emitError("layer '")
               << layer << "': its " << (use.isCell ? "initial_h" : "X")
               << " is quantized per axis by " << perAxis.getValue()
               << "; int8 static activation scales are per tensor: quantize "
                  "it per tensor, or keep the layer in fp32 with "
                  "--quantize-exclude="
               << layer;
      }
    }
    if (use.isCell) {
      use.operand->set(narrow);
      return success();
    }
    // linalg reads the projection weights widened back to f32; the kernel
    // pass recognizes the widening and keeps the narrow data.
    b.setInsertionPoint(user);
    use.operand->set(widenWeights(b, loc, narrow, b.getF32Type()));
    return success();
  }
};

} // namespace
