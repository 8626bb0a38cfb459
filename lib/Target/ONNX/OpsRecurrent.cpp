//===- OpsRecurrent.cpp - ONNX LSTM / GRU / RNN -> rnn dialect ------------===//
//
// Every attribute and optional input of the three ops at opsets 7, 14 and 22
// is honoured or rejected: nothing is silently ignored. Batch-major models
// (layout = 1) are transposed to the dialect's time-major form here.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace ::rnn::onnx_import;
using mlir::rnn::ActivationAttr;
using mlir::rnn::ActivationKind;
using mlir::rnn::Direction;

namespace {

struct RecurrentKind {
  StringRef name;
  int64_t numGates;
  SmallVector<StringRef> defaultActivations;
};

std::optional<ActivationKind> parseActivationName(StringRef name) {
  std::string lower = llvm::StringRef(name).lower();
  return llvm::StringSwitch<std::optional<ActivationKind>>(lower)
      .Case("relu", ActivationKind::relu)
      .Case("tanh", ActivationKind::tanh)
      .Case("sigmoid", ActivationKind::sigmoid)
      .Case("affine", ActivationKind::affine)
      .Case("leakyrelu", ActivationKind::leaky_relu)
      .Case("thresholdedrelu", ActivationKind::thresholded_relu)
      .Case("scaledtanh", ActivationKind::scaled_tanh)
      .Case("hardsigmoid", ActivationKind::hard_sigmoid)
      .Case("elu", ActivationKind::elu)
      .Case("softsign", ActivationKind::softsign)
      .Case("softplus", ActivationKind::softplus)
      .Default(std::nullopt);
}

/// Builds the activation list: defaults when absent, one list per direction
/// (a single list is reused for both directions), alpha/beta consumed in
/// order by the functions that take them.
FailureOr<ArrayAttr> buildActivations(NodeContext &ctx,
                                      const RecurrentKind &kind,
                                      int64_t numDirs) {
  SmallVector<std::string> names = ctx.getStrings("activations");
  size_t perDir = kind.defaultActivations.size();
  if (names.empty())
    for (int64_t d = 0; d < numDirs; ++d)
      for (StringRef n : kind.defaultActivations)
        names.push_back(n.str());
  if (names.size() == perDir && numDirs == 2)
    names.append(SmallVector<std::string>(names));
  if (names.size() != perDir * numDirs)
    return ctx.error() << "expects " << perDir * numDirs
                       << " activation functions (" << perDir
                       << " per direction), got " << names.size();
  SmallVector<float> alphas = ctx.getFloats("activation_alpha");
  SmallVector<float> betas = ctx.getFloats("activation_beta");
  size_t nextAlpha = 0, nextBeta = 0;
  SmallVector<Attribute> acts;
  for (const std::string &name : names) {
    std::optional<ActivationKind> k = parseActivationName(name);
    if (!k)
      return ctx.error() << "unsupported activation function '" << name << "'";
    auto [alpha, beta] = ActivationAttr::getDefaultParams(*k);
    unsigned numParams = ActivationAttr::getNumParams(*k);
    if (numParams >= 1 && nextAlpha < alphas.size())
      alpha = alphas[nextAlpha++];
    if (numParams >= 2 && nextBeta < betas.size())
      beta = betas[nextBeta++];
    acts.push_back(ActivationAttr::get(ctx.b.getContext(), *k, alpha, beta));
  }
  if (nextAlpha != alphas.size() || nextBeta != betas.size())
    return ctx.error() << "activation_alpha / activation_beta hold "
                       << alphas.size() << " / " << betas.size()
                       << " values but the activation functions use "
                       << nextAlpha << " / " << nextBeta;
  return ctx.b.getArrayAttr(acts);
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
  }
  return s + "]";
}

/// Input `idx` (named `name`) must have `expected` shape (dynamic entries
/// match anything).
LogicalResult checkInputShape(NodeContext &ctx, unsigned idx, StringRef name,
                              ArrayRef<int64_t> expected, StringRef why) {
  RankedTensorType type = ctx.inputType(idx);
  bool ok = type.getRank() == (int64_t)expected.size();
  for (size_t i = 0; ok && i < expected.size(); ++i)
    ok = ShapedType::isDynamic(expected[i]) || type.isDynamicDim(i) ||
         type.getDimSize(i) == expected[i];
  if (ok)
    return success();
  return ctx.error() << "input '" << name << "' has shape "
                     << shapeString(type.getShape()) << " but " << why
                     << " requires " << shapeString(expected);
}

Value transposeIfBatchMajor(NodeContext &ctx, Value v, ArrayRef<int64_t> perm,
                            bool batchMajor) {
  return batchMajor ? buildTranspose(ctx.b, ctx.loc, v, perm) : v;
}

/// Weights [D, G*H, K] folded from integer data keep one scale and zero
/// point per row on the sequence op (see kWScalesAttr), when the
/// quantization is per tensor, per direction or per row.
void attachRowQuantization(NodeContext &ctx, unsigned input, Operation *op,
                           StringRef scalesName, StringRef zeroPointsName) {
  const HostTensor *w = ctx.constInput(input);
  if (!w || !w->dequantized || w->shape.size() != 3)
    return;
  const HostTensor::Dequantized &info = *w->dequantized;
  int64_t d = w->shape[0], rows = w->shape[1];
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (int64_t dd = 0; dd < d; ++dd)
    for (int64_t r = 0; r < rows; ++r) {
      int64_t j;
      switch (info.axis) {
      case -1: j = 0; break;
      case 0: j = dd; break;
      case 1: j = r; break;
      case -2: j = dd * rows + r; break;
      default: return; // per input column: not per row
      }
      scales.push_back(info.scales[j]);
      zeroPoints.push_back(info.zeroPoints[j]);
    }
  op->setAttr(scalesName, ctx.b.getDenseF64ArrayAttr(scales));
  op->setAttr(zeroPointsName, ctx.b.getDenseI64ArrayAttr(zeroPoints));
}

/// X or initial_h produced by a DequantizeLinear with one scale (a QDQ pair
/// on the activation, or integer graph inputs): the static int8 activation
/// scale of that operand, as an f64 attribute on the sequence op. The
/// kernel quantizes with clamp(round(a / s), -127, 127), so the model's own
/// scale is taken when its integer range minus the zero point fits
/// [-128, 127] (then every value but -128 * s is reproduced exactly), else
/// the scale that covers the range, max|q - z| * s / 127. A per-axis
/// DequantizeLinear with differing scales is recorded as a string naming it.
void attachActivationScale(NodeContext &ctx, unsigned input, Operation *op,
                           StringRef name) {
  if (!ctx.hasInput(input) || !ctx.inputs[input]->quantized)
    return;
  const Entry::ActivationQuantization &q = *ctx.inputs[input]->quantized;
  // Per-axis scales: no static scale; rnn-quantize-weights names the node
  // in its error under --quantize=int8 (fp32 and bf16 builds ignore it).
  if (!q.perAxis.empty()) {
    op->setAttr(name, ctx.b.getStringAttr(q.perAxis));
    return;
  }
  int64_t reach = std::max(q.zeroPoint - q.qMin, q.qMax - q.zeroPoint);
  double scale = std::fabs(q.scale);
  if (reach > 128)
    scale = scale * static_cast<double>(reach) / 127.0;
  op->setAttr(name, ctx.b.getF64FloatAttr(scale));
}

LogicalResult importRecurrent(NodeContext &ctx, const RecurrentKind &kind) {
  bool isLSTM = kind.name == "LSTM", isGRU = kind.name == "GRU";
  if (ctx.opset < 7)
    return ctx.error() << "opset " << ctx.opset
                       << " is not supported for recurrent ops (7 or newer)";
  if (ctx.numInputs() < 3 || !ctx.hasInput(0) || !ctx.hasInput(1) ||
      !ctx.hasInput(2))
    return ctx.error() << "needs inputs X, W and R";
  unsigned maxInputs = isLSTM ? 8 : 6;
  if (ctx.numInputs() > maxInputs)
    return ctx.error() << "has " << ctx.numInputs() << " inputs, at most "
                       << maxInputs << " allowed";
  if (ctx.numOutputs() > (isLSTM ? 3u : 2u))
    return ctx.error() << "has too many outputs";
  for (const onnx::AttributeProto &a : ctx.node.attribute()) {
    StringRef n = a.name();
    bool known = llvm::is_contained(
        {"activation_alpha", "activation_beta", "activations", "clip",
         "direction", "hidden_size", "layout"},
        n);
    known |= isLSTM && n == "input_forget";
    known |= isGRU && n == "linear_before_reset";
    if (!known)
      return ctx.error() << "unsupported attribute '" << n << "'";
  }

  int64_t layout = ctx.getInt("layout", 0);
  if (layout != 0 && layout != 1)
    return ctx.error() << "layout must be 0 or 1, got " << layout;
  if (layout == 1 && ctx.opset < 14)
    return ctx.error() << "layout = 1 needs opset 14 or newer";
  bool batchMajor = layout == 1;

  std::string dirName = ctx.getString("direction", "forward");
  std::optional<Direction> direction =
      llvm::StringSwitch<std::optional<Direction>>(dirName)
          .Case("forward", Direction::forward)
          .Case("reverse", Direction::reverse)
          .Case("bidirectional", Direction::bidirectional)
          .Default(std::nullopt);
  if (!direction)
    return ctx.error() << "unknown direction '" << dirName << "'";
  int64_t numDirs = *direction == Direction::bidirectional ? 2 : 1;

  RankedTensorType xType = ctx.inputType(0), rType = ctx.inputType(2);
  if (xType.getRank() != 3 || ctx.inputType(1).getRank() != 3 ||
      rType.getRank() != 3)
    return ctx.error() << "X, W and R must have rank 3";
  if (!isa<FloatType>(xType.getElementType()))
    return ctx.error() << "X must be a float tensor";
  int64_t hidden = ctx.getInt("hidden_size", rType.getDimSize(2));
  if (ShapedType::isDynamic(hidden) || hidden <= 0)
    return ctx.error() << "hidden_size must be positive (got " << hidden
                       << ")";
  int64_t gates = kind.numGates;
  int64_t seqLen = xType.getDimSize(batchMajor ? 1 : 0);
  int64_t batch = xType.getDimSize(batchMajor ? 0 : 1);
  int64_t inputSize = xType.getDimSize(2);
  std::string why = "hidden_size " + std::to_string(hidden) + " with " +
                    std::to_string(numDirs) + " direction(s)";
  if (failed(checkInputShape(ctx, 1, "W", {numDirs, gates * hidden, inputSize},
                             why + " and input size " +
                                 std::to_string(inputSize))) ||
      failed(checkInputShape(ctx, 2, "R", {numDirs, gates * hidden, hidden},
                             why)))
    return failure();
  if (ctx.hasInput(3) &&
      failed(checkInputShape(ctx, 3, "B", {numDirs, 2 * gates * hidden}, why)))
    return failure();
  if (ctx.hasInput(4) &&
      failed(checkInputShape(ctx, 4, "sequence_lens", {batch},
                             "the batch size of X")))
    return failure();
  SmallVector<int64_t> stateShape =
      batchMajor ? SmallVector<int64_t>{batch, numDirs, hidden}
                 : SmallVector<int64_t>{numDirs, batch, hidden};
  if (ctx.hasInput(5) &&
      failed(checkInputShape(ctx, 5, "initial_h", stateShape, why)))
    return failure();
  if (isLSTM && ctx.hasInput(6) &&
      failed(checkInputShape(ctx, 6, "initial_c", stateShape, why)))
    return failure();
  if (isLSTM && ctx.hasInput(7) &&
      failed(checkInputShape(ctx, 7, "P", {numDirs, 3 * hidden}, why)))
    return failure();
  if (ctx.hasInput(4)) {
    Type lensType = ctx.inputType(4).getElementType();
    if (!lensType.isInteger(32) && !lensType.isInteger(64))
      return ctx.error() << "sequence_lens must be int32";
    if (const HostTensor *lens = ctx.constInput(4))
      for (int64_t i = 0; i < lens->numElements(); ++i)
        if (lens->ints[i] < 0 ||
            (!ShapedType::isDynamic(seqLen) && lens->ints[i] > seqLen))
          return ctx.error() << "sequence_lens[" << i << "] = "
                             << lens->ints[i] << " is outside [0, "
                             << seqLen << "]";
  }

  FailureOr<ArrayAttr> acts = buildActivations(ctx, kind, numDirs);
  if (failed(acts))
    return failure();
  FloatAttr clip;
  if (const onnx::AttributeProto *c = ctx.attr("clip")) {
    if (!(c->f() > 0.0f) || !std::isfinite(c->f()))
      return ctx.error() << "clip must be a positive finite threshold, got "
                         << c->f();
    clip = ctx.b.getF32FloatAttr(c->f());
  }
  int64_t inputForget = ctx.getInt("input_forget", 0);
  int64_t lbr = ctx.getInt("linear_before_reset", 0);
  if ((inputForget != 0 && inputForget != 1) || (lbr != 0 && lbr != 1))
    return ctx.error() << "input_forget / linear_before_reset must be 0 or 1";

  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Type elem = xType.getElementType();
  Value x = transposeIfBatchMajor(ctx, ctx.input(0), {1, 0, 2}, batchMajor);
  auto optional = [&](unsigned i) {
    return ctx.hasInput(i) ? ctx.input(i) : Value();
  };
  Value h0 = optional(5), c0 = isLSTM ? optional(6) : Value();
  if (h0)
    h0 = transposeIfBatchMajor(ctx, h0, {1, 0, 2}, batchMajor);
  if (c0)
    c0 = transposeIfBatchMajor(ctx, c0, {1, 0, 2}, batchMajor);

  auto yType = RankedTensorType::get({seqLen, numDirs, batch, hidden}, elem);
  auto stateType = RankedTensorType::get({numDirs, batch, hidden}, elem);
  auto dirAttr = mlir::rnn::DirectionAttr::get(b.getContext(), *direction);
  IntegerAttr hiddenAttr = b.getI64IntegerAttr(hidden);
  SmallVector<Value> results;
  if (isLSTM) {
    auto op = mlir::rnn::LSTMOp::create(
        b, loc, yType, stateType, stateType, x, ctx.input(1), ctx.input(2),
        optional(3), optional(4), h0, c0, optional(7), dirAttr, hiddenAttr,
        *acts, clip, inputForget ? b.getUnitAttr() : UnitAttr());
    results = {op.getY(), op.getYH(), op.getYC()};
  } else if (isGRU) {
    auto op = mlir::rnn::GRUOp::create(
        b, loc, yType, stateType, x, ctx.input(1), ctx.input(2), optional(3),
        optional(4), h0, dirAttr, hiddenAttr, *acts, clip,
        lbr ? b.getUnitAttr() : UnitAttr());
    results = {op.getY(), op.getYH()};
  } else {
    auto op = mlir::rnn::RNNOp::create(
        b, loc, yType, stateType, x, ctx.input(1), ctx.input(2), optional(3),
        optional(4), h0, dirAttr, hiddenAttr, *acts, clip);
    results = {op.getY(), op.getYH()};
  }
  if (failed(mlir::verify(results[0].getDefiningOp())))
    return ctx.error() << "the recurrent op does not verify (see above)";
  Operation *seqOp = results[0].getDefiningOp();
  attachRowQuantization(ctx, 1, seqOp, mlir::rnn::kWScalesAttr,
                        mlir::rnn::kWZeroPointsAttr);
  attachRowQuantization(ctx, 2, seqOp, mlir::rnn::kRScalesAttr,
                        mlir::rnn::kRZeroPointsAttr);
  attachActivationScale(ctx, 0, seqOp, mlir::rnn::kXScaleAttr);
  attachActivationScale(ctx, 5, seqOp, mlir::rnn::kHScaleAttr);

  for (auto [i, r] : llvm::enumerate(results)) {
    if (!ctx.wantsOutput(i))
      continue;
    Value out = r;
    if (batchMajor)
      out = i == 0 ? buildTranspose(b, loc, r, {2, 0, 1, 3})
                   : buildTranspose(b, loc, r, {1, 0, 2});
    ctx.setOutput(i, out);
  }
  return success();
}

/// One quantized weight of DynamicQuantizeLSTM (`q` [D, K, G], scale and
/// zero point per tensor [D] or per channel [D, G]) dequantized and
/// transposed into the LSTM layout [D, G, K].
LogicalResult dequantizeTransposed(NodeContext &ctx, unsigned index,
                                   unsigned scaleIndex, StringRef name,
                                   Entry &out) {
  const HostTensor *q = ctx.constInput(index);
  const HostTensor *scale = ctx.hasInput(scaleIndex)
                                ? ctx.constInput(scaleIndex)
                                : nullptr;
  bool hasZp = ctx.hasInput(scaleIndex + 1);
  const HostTensor *zp = hasZp ? ctx.constInput(scaleIndex + 1) : nullptr;
  if (!q || !scale || (hasZp && !zp))
    return ctx.error() << name
                       << ", its scale and zero point must be constants";
  if (q->shape.size() != 3)
    return ctx.error() << name << " must have rank 3";
  int64_t d = q->shape[0], k = q->shape[1], g = q->shape[2];
  int64_t n = scale->numElements();
  if (n != d && n != d * g)
    return ctx.error() << name << "_scale has " << n << " elements, expected "
                       << d << " (per tensor) or " << d * g
                       << " (per channel)";
  if (zp && zp->numElements() != n)
    return ctx.error() << name << "_zero_point and " << name
                       << "_scale sizes differ";
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(scale->getDouble(i)) || scale->getDouble(i) == 0)
      return ctx.error() << name << "_scale " << i
                         << " is zero or not finite";
  HostTensor w =
      HostTensor::zeros(Float32Type::get(ctx.b.getContext()), {d, g, k});
  for (int64_t dd = 0; dd < d; ++dd)
    for (int64_t gg = 0; gg < g; ++gg) {
      int64_t j = n == d ? dd : dd * g + gg;
      double z = zp ? zp->getDouble(j) : 0.0;
      float s = static_cast<float>(scale->getDouble(j));
      for (int64_t kk = 0; kk < k; ++kk)
        w.set((dd * g + gg) * k + kk,
              static_cast<float>(q->getDouble((dd * k + kk) * g + gg) - z) *
                  s);
    }
  HostTensor::Dequantized info;
  info.axis = n == d ? 0 : -2;
  for (int64_t j = 0; j < n; ++j) {
    info.scales.push_back(static_cast<float>(scale->getDouble(j)));
    info.zeroPoints.push_back(zp ? zp->getInt(j) : 0);
  }
  w.dequantized =
      std::make_shared<const HostTensor::Dequantized>(std::move(info));
  out.constant = std::move(w);
  return success();
}

/// ONNX Runtime's com.microsoft DynamicQuantizeLSTM: an LSTM whose W
/// [D, I, 4H] and R [D, H, 4H] are int8 / uint8 with scales and zero points
/// (inputs 8..11). The weights must be constants; they are dequantized into
/// an ordinary rnn.lstm (`--quantize=int8` re-derives per-row int8 weights).
LogicalResult importDynamicQuantizeLSTM(NodeContext &ctx,
                                        const RecurrentKind &lstm) {
  if (ctx.numInputs() < 11)
    return ctx.error() << "needs inputs X, W, R, ..., W_scale, "
                          "W_zero_point, R_scale (and R_zero_point)";
  Entry w, r;
  if (failed(dequantizeTransposed(ctx, 1, 8, "W", w)) ||
      failed(dequantizeTransposed(ctx, 2, 10, "R", r)))
    return failure();
  ctx.inputs.resize(8);
  ctx.inputs[1] = &w;
  ctx.inputs[2] = &r;
  while (!ctx.inputs.empty() && !ctx.inputs.back())
    ctx.inputs.pop_back();
  return importRecurrent(ctx, lstm);
}

} // namespace

void (::rnn::onnx_import::registerRecurrentHandlers)(HandlerMap &map) {
  static const RecurrentKind lstm{"LSTM", 4, {"Sigmoid", "Tanh", "Tanh"}};
  static const RecurrentKind gru{"GRU", 3, {"Sigmoid", "Tanh"}};
  static const RecurrentKind rnnKind{"RNN", 1, {"Tanh"}};
  map["LSTM"] = {[](NodeContext &c) { return importRecurrent(c, lstm); }, 7};
  map["GRU"] = {[](NodeContext &c) { return importRecurrent(c, gru); }, 7};
  map["RNN"] = {[](NodeContext &c) { return importRecurrent(c, rnnKind); }, 7};
  map["com.microsoft.DynamicQuantizeLSTM"] = {
      [](NodeContext &c) { return importDynamicQuantizeLSTM(c, lstm); }, 7};
}
