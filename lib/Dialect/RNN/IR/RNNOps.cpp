//===- RNNOps.cpp - rnn dialect operations and verifiers ------------------===//
//
// Verifiers check the local shape relations among operands, results and
// attributes. A dimension that is dynamic on either side is not compared.
//
//===----------------------------------------------------------------------===//

#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Checks shapes of one op and reports the first mismatch on it.
class ShapeChecker {
public:
  explicit ShapeChecker(Operation *op) : op(op) {}

  /// `value` (called `name`) must be a ranked tensor of rank `rank`.
  LogicalResult rank(Value value, StringRef name, int64_t rank) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() == rank)
      return success();
    return op->emitOpError() << name << " must have rank " << rank << ", got "
                             << type;
  }

  /// Dimension `dim` of `value` must equal `expected` (described by `what`).
  LogicalResult dim(Value value, StringRef name, unsigned dim,
                    int64_t expected, const Twine &what) {
    int64_t actual = cast<RankedTensorType>(value.getType()).getDimSize(dim);
    if (ShapedType::isDynamic(actual) || ShapedType::isDynamic(expected) ||
        actual == expected)
      return success();
    return op->emitOpError() << name << " dimension " << dim << " is "
                             << actual << " but " << what << " is "
                             << expected;
  }

  /// Checks `value` against a full shape; each entry pairs a size with the
  /// description used in the diagnostic.
  LogicalResult shape(Value value, StringRef name,
                      ArrayRef<std::pair<int64_t, std::string>> dims) {
    if (failed(rank(value, name, dims.size())))
      return failure();
    for (auto [i, d] : llvm::enumerate(dims))
      if (failed(dim(value, name, i, d.first, d.second)))
        return failure();
    return success();
  }

  /// Data operands and results share the element type of X.
  LogicalResult elementType(Value value, StringRef name, Type expected) {
    Type actual = getElementTypeOrSelf(value.getType());
    if (actual == expected)
      return success();
    return op->emitOpError() << name << " element type " << actual
                             << " differs from the data element type "
                             << expected;
  }

  /// Weights are float of the data type, or quantized expressing it. Cell
  /// ops also take a narrower float (bf16 R of f32 data, which
  /// rnn-quantize-weights produces).
  LogicalResult weightElementType(Value value, StringRef name, Type expected,
                                  bool allowNarrowFloat = false) {
    Type actual = getElementTypeOrSelf(value.getType());
    if (actual == expected)
      return success();
    if (allowNarrowFloat && isa<FloatType>(actual) &&
        isa<FloatType>(expected) &&
        actual.getIntOrFloatBitWidth() < expected.getIntOrFloatBitWidth())
      return success();
    if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(actual)) {
      if (perAxis.getExpressedType() != expected)
        return op->emitOpError() << name << " expresses "
                                 << perAxis.getExpressedType() << ", not "
                                 << expected;
      int64_t axis = cast<RankedTensorType>(value.getType()).getRank() - 2;
      if (perAxis.getQuantizedDimension() != axis)
        return op->emitOpError()
               << name << " must be quantized per gate unit (axis " << axis
               << "), got axis " << perAxis.getQuantizedDimension();
      return success();
    }
    if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(actual)) {
      if (perTensor.getExpressedType() == expected)
        return success();
      return op->emitOpError() << name << " expresses "
                               << perTensor.getExpressedType() << ", not "
                               << expected;
    }
    return op->emitOpError() << name << " element type " << actual
                             << " is neither " << expected
                             << (allowNarrowFloat ? ", a narrower float," : "")
                             << " nor a quantized type expressing it";
  }

private:
  Operation *op;
};

int64_t dimOf(Value value, unsigned dim) {
  return cast<RankedTensorType>(value.getType()).getDimSize(dim);
}

/// Product that stays dynamic if the factor is dynamic.
int64_t mul(int64_t factor, int64_t size) {
  return ShapedType::isDynamic(size) ? ShapedType::kDynamic : factor * size;
}

std::string times(int64_t factor, StringRef what) {
  return (Twine(factor) + " * " + what).str();
}

LogicalResult verifyActivations(Operation *op, ArrayAttr activations,
                                int64_t expected, StringRef perWhat) {
  if (static_cast<int64_t>(activations.size()) == expected)
    return success();
  return op->emitOpError() << "expects " << expected << " activation functions "
                           << perWhat << ", got " << activations.size();
}

LogicalResult verifyClip(Operation *op, std::optional<APFloat> clip) {
  if (!clip || (clip->isFiniteNonZero() && !clip->isNegative()))
    return success();
  return op->emitOpError() << "clip must be a positive finite threshold, got "
                           << clip->convertToDouble();
}

/// Shape relations shared by rnn.lstm, rnn.gru and rnn.rnn.
template <typename OpTy>
LogicalResult verifySequenceOp(OpTy op) {
  ShapeChecker check(op);
  int64_t numDirs = op.getNumDirections();
  int64_t hidden = op.getHiddenSize();
  int64_t gates = OpTy::kNumGates;
  Value x = op.getX();
  Type elemType = getElementTypeOrSelf(x.getType());

  if (failed(check.rank(x, "X", 3)))
    return failure();
  int64_t seqLen = dimOf(x, 0), batch = dimOf(x, 1), inputSize = dimOf(x, 2);
  std::string dirs = op.getDirection() == Direction::bidirectional
                         ? "the number of directions (bidirectional)"
                         : "the number of directions";

  if (failed(check.shape(op.getW(), "W",
                         {{numDirs, dirs},
                          {gates * hidden, times(gates, "hidden_size")},
                          {inputSize, "the input size (X dimension 2)"}})) ||
      failed(check.weightElementType(op.getW(), "W", elemType)) ||
      failed(check.shape(op.getR(), "R",
                         {{numDirs, dirs},
                          {gates * hidden, times(gates, "hidden_size")},
                          {hidden, "hidden_size"}})) ||
      failed(check.weightElementType(op.getR(), "R", elemType)))
    return failure();

  if (Value bias = op.getBias())
    if (failed(check.shape(bias, "bias",
                           {{numDirs, dirs},
                            {2 * gates * hidden,
                             times(2 * gates, "hidden_size")}})) ||
        failed(check.elementType(bias, "bias", elemType)))
      return failure();
  if (Value lens = op.getSequenceLens())
    if (failed(check.shape(lens, "sequence_lens",
                           {{batch, "the batch size (X dimension 1)"}})))
      return failure();

  SmallVector<std::pair<int64_t, std::string>> stateShape = {
      {numDirs, dirs},
      {batch, "the batch size (X dimension 1)"},
      {hidden, "hidden_size"}};
  if (Value h0 = op.getInitialH())
    if (failed(check.shape(h0, "initial_h", stateShape)) ||
        failed(check.elementType(h0, "initial_h", elemType)))
      return failure();

  SmallVector<std::pair<int64_t, std::string>> yShape = {
      {seqLen, "the sequence length (X dimension 0)"}};
  yShape.append(stateShape.begin(), stateShape.end());
  if (failed(check.shape(op.getY(), "Y", yShape)) ||
      failed(check.elementType(op.getY(), "Y", elemType)) ||
      failed(check.shape(op.getYH(), "Y_h", stateShape)) ||
      failed(check.elementType(op.getYH(), "Y_h", elemType)))
    return failure();

  if constexpr (std::is_same_v<OpTy, LSTMOp>) {
    if (Value c0 = op.getInitialC())
      if (failed(check.shape(c0, "initial_c", stateShape)) ||
          failed(check.elementType(c0, "initial_c", elemType)))
        return failure();
    if (Value p = op.getPeepholes())
      if (failed(check.shape(p, "peepholes",
                             {{numDirs, dirs},
                              {3 * hidden, times(3, "hidden_size")}})) ||
          failed(check.elementType(p, "peepholes", elemType)))
        return failure();
    if (failed(check.shape(op.getYC(), "Y_c", stateShape)) ||
        failed(check.elementType(op.getYC(), "Y_c", elemType)))
      return failure();
  }

  std::string perWhat = numDirs == 2 ? "(per direction, 2 directions)"
                                     : "(one direction)";
  if (failed(verifyActivations(op, op.getActivations(),
                               OpTy::kNumActivations * numDirs, perWhat)))
    return failure();
  return verifyClip(op, op.getClip());
}

/// Shape relations shared by the cell ops. H is taken from `h`.
template <typename OpTy>
LogicalResult verifyCellOp(OpTy op, ArrayRef<Value> results) {
  ShapeChecker check(op);
  int64_t gates = OpTy::kNumGates;
  Value h = op.getH();
  Type elemType = getElementTypeOrSelf(h.getType());
  if (failed(check.rank(h, "h", 2)))
    return failure();
  int64_t batch = dimOf(h, 0), hidden = dimOf(h, 1);
  std::string gatesH = times(gates, "the hidden size (h dimension 1)");

  if (failed(check.shape(op.getXGates(), "x_gates",
                         {{batch, "the batch size (h dimension 0)"},
                          {mul(gates, hidden), gatesH}})) ||
      failed(check.elementType(op.getXGates(), "x_gates", elemType)) ||
      failed(check.shape(op.getR(), "R",
                         {{mul(gates, hidden), gatesH},
                          {hidden, "the hidden size (h dimension 1)"}})) ||
      failed(check.weightElementType(op.getR(), "R", elemType,
                                     /*allowNarrowFloat=*/true)))
    return failure();
  if (Value bias = op.getBias())
    if (failed(check.shape(bias, "bias", {{mul(gates, hidden), gatesH}})) ||
        failed(check.elementType(bias, "bias", elemType)))
      return failure();
  for (Value result : results)
    if (failed(check.shape(result, "result",
                           {{batch, "the batch size (h dimension 0)"},
                            {hidden, "the hidden size (h dimension 1)"}})) ||
        failed(check.elementType(result, "result", elemType)))
      return failure();
  if (failed(verifyActivations(op, op.getActivations(),
                               OpTy::kNumActivations, "(one direction)")))
    return failure();
  return verifyClip(op, op.getClip());
}

template <typename OpTy>
SmallVector<ActivationAttr> directionActivations(OpTy op, int64_t dir) {
  SmallVector<ActivationAttr> result;
  ArrayAttr all = op.getActivations();
  for (int64_t i = 0; i < OpTy::kNumActivations; ++i)
    result.push_back(cast<ActivationAttr>(all[dir * OpTy::kNumActivations + i]));
  return result;
}

} // namespace

LogicalResult LSTMOp::verify() { return verifySequenceOp(*this); }
LogicalResult GRUOp::verify() { return verifySequenceOp(*this); }
LogicalResult RNNOp::verify() { return verifySequenceOp(*this); }

SmallVector<ActivationAttr> LSTMOp::getDirectionActivations(int64_t dir) {
  return directionActivations(*this, dir);
}
SmallVector<ActivationAttr> GRUOp::getDirectionActivations(int64_t dir) {
  return directionActivations(*this, dir);
}
SmallVector<ActivationAttr> RNNOp::getDirectionActivations(int64_t dir) {
  return directionActivations(*this, dir);
}

LogicalResult LSTMCellOp::verify() {
  if (failed(verifyCellOp(*this, {getHNext(), getCNext()})))
    return failure();
  ShapeChecker check(*this);
  int64_t hidden = dimOf(getH(), 1);
  Type elemType = getElementTypeOrSelf(getH().getType());
  if (failed(check.shape(getC(), "c",
                         {{dimOf(getH(), 0), "the batch size (h dimension 0)"},
                          {hidden, "the hidden size (h dimension 1)"}})) ||
      failed(check.elementType(getC(), "c", elemType)))
    return failure();
  if (Value p = getPeepholes())
    if (failed(check.shape(p, "peepholes",
                           {{mul(3, hidden),
                             times(3, "the hidden size (h dimension 1)")}})) ||
        failed(check.elementType(p, "peepholes", elemType)))
      return failure();
  return success();
}

LogicalResult GRUCellOp::verify() { return verifyCellOp(*this, {getHNext()}); }
LogicalResult RNNCellOp::verify() { return verifyCellOp(*this, {getHNext()}); }

LogicalResult Permute2Op::verify() {
  // f32 values select with i32 indices, bytes with bytes: one index a lane.
  auto values = cast<VectorType>(getLo().getType());
  auto idx = cast<VectorType>(getIdx().getType());
  if (values.getDimSize(0) != idx.getDimSize(0))
    return emitOpError() << "needs one index per lane: " << values << " with "
                         << idx;
  return success();
}

#define GET_OP_CLASSES
#include "rnn/Dialect/RNN/IR/RNNOps.cpp.inc"
