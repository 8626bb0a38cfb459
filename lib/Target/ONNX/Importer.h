//===- Importer.h - ONNX importer internals ---------------------*- C++ -*-===//
//
// Shared by the importer core and the op handlers (one file per op family).
//
//===----------------------------------------------------------------------===//

#ifndef RNN_LIB_TARGET_ONNX_IMPORTER_H
#define RNN_LIB_TARGET_ONNX_IMPORTER_H

#include "rnn/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include <functional>
#include <optional>
#include <vector>

#include "onnx/onnx_pb.h"

#include <memory>

namespace rnn::onnx_import {

/// A tensor whose value is known at import time. Floats are kept as double,
/// integers and booleans as int64, which is exact for every ONNX type we
/// fold (the element type says how to materialize it).
struct HostTensor {
  mlir::Type elementType;
  llvm::SmallVector<int64_t> shape;
  std::vector<double> fp;      // when elementType is a float
  std::vector<int64_t> ints;   // otherwise

  bool isFloat() const { return mlir::isa<mlir::FloatType>(elementType); }
  int64_t numElements() const;
  double getDouble(int64_t i) const { return isFloat() ? fp[i] : ints[i]; }
  int64_t getInt(int64_t i) const {
    return isFloat() ? static_cast<int64_t>(fp[i]) : ints[i];
  }
  /// Builds an empty tensor of the given type and shape (zero-filled).
  static HostTensor zeros(mlir::Type elementType,
                          llvm::ArrayRef<int64_t> shape);
  void set(int64_t i, double v) {
    if (isFloat())
      fp[i] = v;
    else
      ints[i] = static_cast<int64_t>(v);
  }
  mlir::DenseElementsAttr toAttr() const;

  /// Set on weights folded from integer data (DequantizeLinear,
  /// DynamicQuantizeLSTM): value = (q - zeroPoints[j]) * scales[j], with j
  /// the index along `axis` (-1: one for the whole tensor; -2: one per
  /// (dim 0, dim 1) pair, DynamicQuantizeLSTM's per-channel [D, G]). The
  /// recurrent importer turns it into per-row scales on the op.
  struct Dequantized {
    std::vector<double> scales;
    std::vector<int64_t> zeroPoints;
    int64_t axis = -1;
  };
  /// (Shared: HostTensors are copied often and this is rarely set.)
  std::shared_ptr<const Dequantized> dequantized;
};

/// A small integer tensor (rank 0 or 1) computed from shapes, element by
/// element: an i64 IntegerAttr where the element is known at import, its
/// run-time scalar (of `elementType`) otherwise. The Shape of a partly
/// dynamic tensor starts one, and Gather / Slice / Concat / ... carry it
/// along (ShapeValues.cpp), so that a chain reading only static dims folds
/// to a constant, and one reading dynamic dims yields plain scalars.
struct PartialInts {
  mlir::Type elementType;
  bool scalar = false;
  llvm::SmallVector<mlir::OpFoldResult> elems;

  std::optional<int64_t> known(size_t i) const;
  bool isFullyKnown() const;
  HostTensor toHost() const;
};

/// One ONNX value: an MLIR value, a host constant, or both.
struct Entry {
  mlir::Value value;
  std::optional<HostTensor> constant;
  /// What is known of a run-time value's elements (shape computations only).
  std::optional<PartialInts> partial;
  /// Set on the output of a DequantizeLinear of a run-time tensor with one
  /// scale (per tensor, or per axis with all scales and zero points equal):
  /// its values are (q - zeroPoint) * scale with q in [qMin, qMax]. The
  /// recurrent importer records it as a static activation scale. A per-axis
  /// DequantizeLinear with differing scales sets only `perAxis`, which
  /// names the node (no single static scale represents it).
  struct ActivationQuantization {
    double scale;
    int64_t zeroPoint, qMin, qMax;
    std::string perAxis;
  };
  /// (Shared: keeps Entry small; rarely set.)
  std::shared_ptr<const ActivationQuantization> quantized;
};

class Importer;

/// What a handler sees of the node it imports.
class NodeContext {
public:
  NodeContext(Importer &importer, const onnx::NodeProto &node,
              llvm::SmallVector<Entry *> inputs, int64_t opset);

  const onnx::NodeProto &node;
  llvm::SmallVector<Entry *> inputs; // null for an omitted optional input
  llvm::SmallVector<Entry> outputs;  // filled by the handler
  int64_t opset;
  mlir::OpBuilder &b;
  mlir::Location loc;

  unsigned numInputs() const { return inputs.size(); }
  bool hasInput(unsigned i) const { return i < inputs.size() && inputs[i]; }
  /// The MLIR value of input `i` (materializing a constant if needed).
  mlir::Value input(unsigned i);
  mlir::RankedTensorType inputType(unsigned i);
  /// Input `i` if it is known at import time.
  const HostTensor *constInput(unsigned i) const;
  unsigned numOutputs() const { return node.output_size(); }
  bool wantsOutput(unsigned i) const {
    return i < (unsigned)node.output_size() && !node.output(i).empty();
  }

  // Attributes.
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t getInt(llvm::StringRef name, int64_t dflt) const;
  float getFloat(llvm::StringRef name, float dflt) const;
  std::string getString(llvm::StringRef name, llvm::StringRef dflt) const;
  llvm::SmallVector<int64_t> getInts(llvm::StringRef name) const;
  llvm::SmallVector<float> getFloats(llvm::StringRef name) const;
  llvm::SmallVector<std::string> getStrings(llvm::StringRef name) const;

  /// Parses a tensor attribute (reporting errors on this node).
  mlir::FailureOr<HostTensor> parseTensor(const onnx::TensorProto &tensor);
  /// Imports a subgraph (If branch) at the current insertion point in a new
  /// scope; returns its outputs as entries.
  mlir::FailureOr<llvm::SmallVector<Entry>>
  importSubgraph(const onnx::GraphProto &graph);

  /// Starts an error naming the file, node and op type.
  mlir::InFlightDiagnostic error();

  void setOutput(unsigned i, mlir::Value value) {
    ensureOutputs(i + 1);
    outputs[i].value = value;
  }
  void setConstOutput(unsigned i, HostTensor tensor) {
    ensureOutputs(i + 1);
    outputs[i].constant = std::move(tensor);
  }

  Importer &importer;

private:
  void ensureOutputs(unsigned n) {
    if (outputs.size() < n)
      outputs.resize(n);
  }
};

using Handler = std::function<mlir::LogicalResult(NodeContext &)>;

/// Handler registry: op type -> (minimum supported opset, handler).
struct HandlerInfo {
  Handler handler;
  int64_t sinceVersion = 1;
};
using HandlerMap = llvm::StringMap<HandlerInfo>;

void registerRecurrentHandlers(HandlerMap &map);
void registerElementwiseHandlers(HandlerMap &map);
void registerShapeHandlers(HandlerMap &map);
void registerNNHandlers(HandlerMap &map);
void registerConvHandlers(HandlerMap &map);
void registerScatterHandlers(HandlerMap &map);
void registerControlFlowHandlers(HandlerMap &map);
void registerQuantizeHandlers(HandlerMap &map);

//===----------------------------------------------------------------------===//
// Shape values known in part at import (ShapeValues.cpp)
//===----------------------------------------------------------------------===//

/// Evaluates a shape computation (Gather, Slice, Unsqueeze, Squeeze, Concat,
/// Reshape, Cast, Add, Sub, Mul, Div) element by element, building scalar
/// IR for the elements known only at run time. Returns std::nullopt (and
/// builds nothing) unless the node is one of those and reads a value with
/// PartialInts; its handler imports it then.
std::optional<PartialInts> foldPartialInts(NodeContext &ctx);

/// The tensor holding `p`'s elements (tensor.from_elements).
mlir::Value materializePartialInts(mlir::OpBuilder &b, mlir::Location loc,
                                   const PartialInts &p);

/// The elements of Shape(input 0) with its `start` / `end`: the static dims,
/// and tensor.dim for the dynamic ones.
PartialInts shapeElements(NodeContext &ctx);

/// Sets output `i` to `p`: a host constant when every element is known,
/// otherwise a run-time tensor that keeps `p` for its consumers.
void setPartialOutput(NodeContext &ctx, unsigned i, PartialInts p);

/// The sizes held by the 1-D shape operand `i` of ConstantOfShape, Expand or
/// Reshape. `sizes[j]` is the entry where it is known at import; otherwise
/// it is ShapedType::kDynamic and `values[j]` reads the entry at run time
/// (as an index). Fails when the operand's length is not static.
struct ShapeOperand {
  llvm::SmallVector<int64_t> sizes;
  llvm::SmallVector<mlir::Value> values;

  /// The run-time entries, in order (the dynamic sizes of a tensor.empty).
  llvm::SmallVector<mlir::Value> dynamicValues() const;
};
mlir::FailureOr<ShapeOperand> readShapeOperand(NodeContext &ctx, unsigned i);

/// Converts an ONNX element type code; null for unsupported types.
mlir::Type convertElementType(mlir::MLIRContext *ctx, int32_t onnxType);

//===----------------------------------------------------------------------===//
// Builders shared by the handlers (Builders.cpp)
//===----------------------------------------------------------------------===//

/// Numpy-style broadcast of static/dynamic shapes; fails on a mismatch.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// An elementwise linalg.generic over broadcast inputs. `body` gets the
/// scalar operands and returns the scalar result.
using ScalarFn = std::function<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                           mlir::ValueRange)>;
/// The result's dynamic sizes come from the inputs, or from `init` (a
/// tensor of the result's type) when given.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::ValueRange inputs,
                             llvm::ArrayRef<int64_t> resultShape,
                             mlir::Type resultElementType, ScalarFn body,
                             mlir::Value init = {});

/// tensor.empty of `shape`, taking dynamic sizes from `like` (same rank).
mlir::Value buildEmpty(mlir::OpBuilder &b, mlir::Location loc,
                       llvm::ArrayRef<int64_t> shape, mlir::Type elementType,
                       mlir::ValueRange dynamicSources = {});

/// Reshape to a static-or-dynamic `shape`. A dynamic dim takes its size
/// from `sizes[i]` (an index) when given; at most one dynamic dim may lack
/// it, and its size is inferred from the element count.
mlir::Value buildReshape(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, llvm::ArrayRef<int64_t> shape,
                         llvm::ArrayRef<mlir::Value> sizes = {});

/// linalg.transpose by `perm`.
mlir::Value buildTranspose(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, llvm::ArrayRef<int64_t> perm);

/// Batched matmul with numpy broadcasting of the batch dims (ONNX MatMul).
mlir::FailureOr<mlir::Value> buildMatMul(mlir::OpBuilder &b,
                                         mlir::Location loc, mlir::Value lhs,
                                         mlir::Value rhs);

/// A constant scalar of `type` (float or integer).
mlir::Value buildScalar(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Type type, double value);

/// Casts a scalar between element types with ONNX Cast semantics.
mlir::Value castScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                       mlir::Type to);

/// Concatenates along `axis` with tensor.insert_slice.
mlir::Value buildConcat(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::ValueRange inputs, int64_t axis);

/// Size of dim `d` of `v` as an index value.
mlir::Value buildDim(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                     int64_t d);

/// Normalizes a possibly negative axis; fails if out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// ONNX Slice bounds of one axis of size `dim` > 0 and step `step` != 0:
/// negative `start` / `end` count from the end, then they are clamped as the
/// spec says ([0, dim] walking forward; [0, dim - 1] and [-1, dim - 1]
/// walking backward). Returns the number of elements selected.
int64_t clampSliceBounds(int64_t &start, int64_t &end, int64_t step,
                         int64_t dim);

} // namespace rnn::onnx_import

#endif // RNN_LIB_TARGET_ONNX_IMPORTER_H
