//===- OpsScatter.cpp - ScatterND -----------------------------------------===//
//
// With indices known at import that enumerate a box in row-major order (the
// usual case: a slice written back into a cache), ScatterND is one
// tensor.insert_slice. Other known indices become a linalg.generic over the
// data that picks each element from the data or from the update that a
// host-computed table says lands there. Indices known only at run time
// become an scf.for that writes one slice per index tuple, in order.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace ::rnn::onnx_import;

namespace {

enum class Reduction { None, Add, Mul, Max, Min };

FailureOr<Reduction> parseReduction(NodeContext &ctx) {
  std::string name = ctx.getString("reduction", "none");
  if (name == "none")
    return Reduction::None;
  if (name == "add")
    return Reduction::Add;
  if (name == "mul")
    return Reduction::Mul;
  if (name == "max")
    return Reduction::Max;
  if (name == "min")
    return Reduction::Min;
  return ctx.error() << "reduction '" << name << "' is not supported";
}

template <typename T> T combineHost(Reduction r, T old, T update) {
  switch (r) {
  case Reduction::None:
    return update;
  case Reduction::Add:
    return old + update;
  case Reduction::Mul:
    return old * update;
  case Reduction::Max:
    return std::max(old, update);
  case Reduction::Min:
    return std::min(old, update);
  }
  return update;
}

Value combineIR(OpBuilder &b, Location loc, Reduction r, Value old,
                Value update) {
  bool isFloat = isa<FloatType>(old.getType());
  switch (r) {
  case Reduction::None:
    return update;
  case Reduction::Add:
    return isFloat ? (Value)arith::AddFOp::create(b, loc, old, update)
                   : (Value)arith::AddIOp::create(b, loc, old, update);
  case Reduction::Mul:
    return isFloat ? (Value)arith::MulFOp::create(b, loc, old, update)
                   : (Value)arith::MulIOp::create(b, loc, old, update);
  case Reduction::Max:
    return isFloat ? (Value)arith::MaximumFOp::create(b, loc, old, update)
                   : (Value)arith::MaxSIOp::create(b, loc, old, update);
  case Reduction::Min:
    return isFloat ? (Value)arith::MinimumFOp::create(b, loc, old, update)
                   : (Value)arith::MinSIOp::create(b, loc, old, update);
  }
  return update;
}

/// A strided box of index tuples: offsets + strides * position.
struct Box {
  SmallVector<int64_t> offsets, sizes, strides;
};

/// The box whose row-major enumeration is exactly `tuples` (n tuples of k
/// indices each), if there is one.
std::optional<Box> matchBox(ArrayRef<int64_t> tuples, int64_t n, int64_t k) {
  Box box;
  int64_t count = 1;
  for (int64_t j = 0; j < k; ++j) {
    SmallVector<int64_t> values;
    for (int64_t i = 0; i < n; ++i)
      values.push_back(tuples[i * k + j]);
    llvm::sort(values);
    values.erase(std::unique(values.begin(), values.end()), values.end());
    int64_t stride = values.size() > 1 ? values[1] - values[0] : 1;
    for (size_t i = 1; i < values.size(); ++i)
      if (values[i] - values[i - 1] != stride)
        return std::nullopt;
    box.offsets.push_back(values[0]);
    box.sizes.push_back(values.size());
    box.strides.push_back(stride);
    count *= values.size();
  }
  if (count != n)
    return std::nullopt;
  SmallVector<int64_t> pos(k, 0);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < k; ++j)
      if (tuples[i * k + j] != box.offsets[j] + pos[j] * box.strides[j])
        return std::nullopt;
    for (int64_t j = k - 1; j >= 0; --j) {
      if (++pos[j] < box.sizes[j])
        break;
      pos[j] = 0;
    }
  }
  return box;
}

/// The scatter as one insert_slice of the updates (combined with the slice
/// they replace when there is a reduction).
Value buildBoxScatter(OpBuilder &b, Location loc, Value data, Value updates,
                      const Box &box, Reduction reduction) {
  auto dt = cast<RankedTensorType>(data.getType());
  int64_t k = box.sizes.size();
  SmallVector<int64_t> shape(box.sizes);
  llvm::append_range(shape, dt.getShape().drop_front(k));
  updates = buildReshape(b, loc, updates, shape);
  SmallVector<OpFoldResult> offsets, sizes, strides;
  for (int64_t j = 0; j < dt.getRank(); ++j) {
    bool inBox = j < k;
    offsets.push_back(b.getIndexAttr(inBox ? box.offsets[j] : 0));
    sizes.push_back(b.getIndexAttr(shape[j]));
    strides.push_back(b.getIndexAttr(inBox ? box.strides[j] : 1));
  }
  if (reduction != Reduction::None) {
    Value old = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(shape, dt.getElementType()), data,
        offsets, sizes, strides);
    updates =
        buildElementwise(b, loc, {old, updates}, shape, dt.getElementType(),
                         [&](OpBuilder &nb, Location l, ValueRange a) {
                           return combineIR(nb, l, reduction, a[0], a[1]);
                         });
  }
  return tensor::InsertSliceOp::create(b, loc, updates, data, offsets, sizes,
                                       strides);
}

/// The general scatter: `table` holds, for each position of the first k
/// dims of the data, which update lands there (-1 for none).
Value buildTableScatter(OpBuilder &b, Location loc, Value data, Value updates,
                        const HostTensor &table, int64_t numUpdates,
                        Reduction reduction) {
  auto dt = cast<RankedTensorType>(data.getType());
  int64_t rank = dt.getRank(), k = table.shape.size();
  SmallVector<int64_t> flatShape = {numUpdates};
  llvm::append_range(flatShape, dt.getShape().drop_front(k));
  Value flat = buildReshape(b, loc, updates, flatShape);
  Value tableValue = arith::ConstantOp::create(b, loc, table.toAttr());
  MLIRContext *mctx = b.getContext();
  SmallVector<AffineExpr> tableExprs;
  for (int64_t j = 0; j < k; ++j)
    tableExprs.push_back(getAffineDimExpr(j, mctx));
  AffineMap id = AffineMap::getMultiDimIdentityMap(rank, mctx);
  SmallVector<AffineMap> maps = {id, AffineMap::get(rank, 0, tableExprs, mctx),
                                 id};
  Value init =
      tensor::EmptyOp::create(b, loc, dt.getShape(), dt.getElementType());
  return linalg::GenericOp::create(
             b, loc, dt, ValueRange{data, tableValue}, ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value which = a[1];
               Value zero = buildScalar(nb, l, which.getType(), 0);
               Value hit = arith::CmpIOp::create(
                   nb, l, arith::CmpIPredicate::sge, which, zero);
               // Read update 0 where none lands: select evaluates both sides.
               Value row = arith::IndexCastOp::create(
                   nb, l, nb.getIndexType(),
                   arith::MaxSIOp::create(nb, l, which, zero));
               SmallVector<Value> pos = {row};
               for (int64_t j = k; j < rank; ++j)
                 pos.push_back(linalg::IndexOp::create(nb, l, j));
               Value update = tensor::ExtractOp::create(nb, l, flat, pos);
               update = combineIR(nb, l, reduction, a[0], update);
               linalg::YieldOp::create(
                   nb, l,
                   (Value)arith::SelectOp::create(nb, l, hit, update, a[0]));
             })
      .getResult(0);
}

/// Indices known only at run time: one insert_slice per index tuple, in
/// order, so repeated indices overwrite or reduce as ONNX's sequential
/// definition says. Out-of-range indices are clamped (there is no way to
/// report them).
Value buildLoopScatter(OpBuilder &b, Location loc, Value data, Value indices,
                       Value updates, int64_t numUpdates, int64_t k,
                       Reduction reduction) {
  auto dt = cast<RankedTensorType>(data.getType());
  Type elem = dt.getElementType();
  int64_t rank = dt.getRank();
  SmallVector<int64_t> tail(dt.getShape().drop_front(k));
  Value flatIndices = buildReshape(b, loc, indices, {numUpdates, k});
  SmallVector<int64_t> flatShape = {numUpdates};
  llvm::append_range(flatShape, tail);
  Value flatUpdates = buildReshape(b, loc, updates, flatShape);
  auto index = [&](OpBuilder &nb, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, l, v);
  };
  auto sliceType = RankedTensorType::get(tail, elem);
  auto body = [&](OpBuilder &nb, Location l, Value iv, ValueRange iter) {
    SmallVector<OpFoldResult> offsets, sizes, strides(rank, nb.getIndexAttr(1));
    for (int64_t j = 0; j < k; ++j) {
      Value v = tensor::ExtractOp::create(nb, l, flatIndices,
                                          ValueRange{iv, index(nb, l, j)});
      v = arith::IndexCastOp::create(nb, l, nb.getIndexType(), v);
      Value dim = index(nb, l, dt.getDimSize(j)), zero = index(nb, l, 0);
      Value neg =
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, v, zero);
      v = arith::SelectOp::create(nb, l, neg,
                                  arith::AddIOp::create(nb, l, v, dim), v);
      v = arith::MinSIOp::create(nb, l, arith::MaxSIOp::create(nb, l, v, zero),
                                 index(nb, l, dt.getDimSize(j) - 1));
      offsets.push_back(v);
      sizes.push_back(nb.getIndexAttr(1));
    }
    for (int64_t d : tail) {
      offsets.push_back(nb.getIndexAttr(0));
      sizes.push_back(nb.getIndexAttr(d));
    }
    SmallVector<OpFoldResult> rowOffsets = {iv},
                              rowSizes = {nb.getIndexAttr(1)};
    rowOffsets.append(tail.size(), nb.getIndexAttr(0));
    for (int64_t d : tail)
      rowSizes.push_back(nb.getIndexAttr(d));
    Value update = tensor::ExtractSliceOp::create(
        nb, l, sliceType, flatUpdates, rowOffsets, rowSizes,
        SmallVector<OpFoldResult>(tail.size() + 1, nb.getIndexAttr(1)));
    if (reduction != Reduction::None) {
      Value old = tensor::ExtractSliceOp::create(nb, l, sliceType, iter[0],
                                                 offsets, sizes, strides);
      update =
          buildElementwise(nb, l, {old, update}, tail, elem,
                           [&](OpBuilder &eb, Location el, ValueRange a) {
                             return combineIR(eb, el, reduction, a[0], a[1]);
                           });
    }
    Value next = tensor::InsertSliceOp::create(nb, l, update, iter[0], offsets,
                                               sizes, strides);
    scf::YieldOp::create(nb, l, next);
  };
  return scf::ForOp::create(b, loc, index(b, loc, 0), index(b, loc, numUpdates),
                            index(b, loc, 1), ValueRange{data}, body)
      .getResult(0);
}

LogicalResult importScatterND(NodeContext &ctx) {
  FailureOr<Reduction> reduction = parseReduction(ctx);
  if (failed(reduction))
    return failure();
  if (ctx.numInputs() != 3 || !ctx.hasInput(0) || !ctx.hasInput(1) ||
      !ctx.hasInput(2))
    return ctx.error() << "needs inputs data, indices and updates";
  RankedTensorType dt = ctx.inputType(0), it = ctx.inputType(1),
                   ut = ctx.inputType(2);
  if (!dt.hasStaticShape() || !it.hasStaticShape() || !ut.hasStaticShape())
    return ctx.error() << "dynamic shapes are not supported; pin input shapes "
                          "with --input-shape";
  if (ut.getElementType() != dt.getElementType())
    return ctx.error() << "updates and data have different element types";
  if (!it.getElementType().isInteger(64) && !it.getElementType().isInteger(32))
    return ctx.error() << "indices must be an integer tensor";
  int64_t rank = dt.getRank(), q = it.getRank();
  int64_t k = q ? it.getDimSize(q - 1) : 0;
  if (k < 1 || k > rank)
    return ctx.error() << "the last dimension of indices is " << k
                       << " but must be in [1, " << rank
                       << "] (the rank of data)";
  SmallVector<int64_t> expected(it.getShape().drop_back());
  llvm::append_range(expected, dt.getShape().drop_front(k));
  if (ut.getShape() != ArrayRef<int64_t>(expected))
    return ctx.error() << "updates has shape " << ut << " but indices and data "
                       << "need "
                       << RankedTensorType::get(expected, dt.getElementType());
  int64_t n = it.getNumElements() / k;
  if (n == 0) {
    ctx.outputs.push_back(*ctx.inputs[0]);
    return success();
  }
  const HostTensor *indices = ctx.constInput(1);
  if (!indices) {
    ctx.setOutput(0,
                  buildLoopScatter(ctx.b, ctx.loc, ctx.input(0), ctx.input(1),
                                   ctx.input(2), n, k, *reduction));
    return success();
  }
  SmallVector<int64_t> tuples(indices->ints.begin(), indices->ints.end());
  for (int64_t i = 0; i < n * k; ++i) {
    int64_t dim = dt.getDimSize(i % k);
    if (tuples[i] < -dim || tuples[i] >= dim)
      return ctx.error() << "index " << tuples[i] << " is out of range for "
                         << "dimension " << i % k << " of size " << dim;
    if (tuples[i] < 0)
      tuples[i] += dim;
  }
  // Which update lands where; the last one wins, as in a sequential loop.
  HostTensor table =
      HostTensor::zeros(ctx.b.getI64Type(), dt.getShape().take_front(k));
  std::fill(table.ints.begin(), table.ints.end(), -1);
  bool duplicates = false;
  for (int64_t i = 0; i < n; ++i) {
    int64_t pos = 0;
    for (int64_t j = 0; j < k; ++j)
      pos = pos * dt.getDimSize(j) + tuples[i * k + j];
    duplicates |= table.ints[pos] >= 0;
    table.ints[pos] = i;
  }

  const HostTensor *data = ctx.constInput(0), *updates = ctx.constInput(2);
  if (data && updates) {
    HostTensor out = *data;
    int64_t slice = dt.getNumElements() / table.numElements();
    for (int64_t i = 0; i < n; ++i) {
      int64_t pos = 0;
      for (int64_t j = 0; j < k; ++j)
        pos = pos * dt.getDimSize(j) + tuples[i * k + j];
      for (int64_t e = 0; e < slice; ++e) {
        int64_t to = pos * slice + e, from = i * slice + e;
        if (out.isFloat())
          out.fp[to] = combineHost(*reduction, out.fp[to], updates->fp[from]);
        else
          out.ints[to] =
              combineHost(*reduction, out.ints[to], updates->ints[from]);
      }
    }
    ctx.setConstOutput(0, std::move(out));
    return success();
  }
  // Repeated indices accumulate: only the sequential loop does that.
  if (duplicates && *reduction != Reduction::None) {
    ctx.setOutput(0,
                  buildLoopScatter(ctx.b, ctx.loc, ctx.input(0), ctx.input(1),
                                   ctx.input(2), n, k, *reduction));
    return success();
  }
  if (std::optional<Box> box = matchBox(tuples, n, k)) {
    ctx.setOutput(0, buildBoxScatter(ctx.b, ctx.loc, ctx.input(0), ctx.input(2),
                                     *box, *reduction));
    return success();
  }
  ctx.setOutput(0, buildTableScatter(ctx.b, ctx.loc, ctx.input(0), ctx.input(2),
                                     table, n, *reduction));
  return success();
}

} // namespace

void (::rnn::onnx_import::registerScatterHandlers)(HandlerMap &map) {
  map["ScatterND"] = {importScatterND, 11};
}
