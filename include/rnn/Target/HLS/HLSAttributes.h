//===- HLSAttributes.h - reading rnn-hls-prepare's bounds -------*- C++ -*-===//
//
// rnn-hls-prepare records the bounds of a dynamic sequence length as
// attributes (`hls.seq_len` on the function, `hls.max_shape` on ops with a
// dynamic memref result, `hls.tripcount` on loops); the pass itself, the
// emitter and the report read them through these helpers.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_TARGET_HLS_HLSATTRIBUTES_H
#define RNN_TARGET_HLS_HLSATTRIBUTES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace rnn {

/// The largest shape `memref` takes: its static shape, or for a dynamic one
/// the bounds recorded by rnn-hls-prepare (on its defining op, on the
/// function for a port, through the init value of a loop-carried buffer or
/// the yielded value of an scf.if). Empty if unknown.
inline llvm::SmallVector<int64_t> hlsMaxShape(mlir::Value memref) {
  using namespace mlir;
  auto type = dyn_cast<MemRefType>(memref.getType());
  if (!type)
    return {};
  if (type.hasStaticShape())
    return llvm::SmallVector<int64_t>(type.getShape().begin(), type.getShape().end());
  if (auto arg = dyn_cast<BlockArgument>(memref)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (auto func = dyn_cast<func::FuncOp>(owner)) {
      auto seq = func->getAttrOfType<DenseI64ArrayAttr>("hls.seq_len");
      if (!seq || seq.size() != 3 || seq[0] != static_cast<int64_t>(arg.getArgNumber()))
        return {};
      llvm::SmallVector<int64_t> shape(type.getShape().begin(), type.getShape().end());
      shape[seq[1]] = seq[2];
      return shape;
    }
    if (auto loop = dyn_cast<scf::ForOp>(owner))
      if (OpOperand *init = loop.getTiedLoopInit(arg))
        return hlsMaxShape(init->get());
    return {};
  }
  Operation *def = memref.getDefiningOp();
  if (auto shape = def->getAttrOfType<DenseI64ArrayAttr>("hls.max_shape"))
    return llvm::SmallVector<int64_t>(shape.asArrayRef().begin(), shape.asArrayRef().end());
  unsigned index = cast<OpResult>(memref).getResultNumber();
  if (auto loop = dyn_cast<scf::ForOp>(def))
    return hlsMaxShape(loop.getInitArgs()[index]);
  if (auto ifOp = dyn_cast<scf::IfOp>(def))
    return hlsMaxShape(ifOp.thenYield().getOperand(index));
  return {};
}

/// Elements of hlsMaxShape (1 if unknown).
inline int64_t hlsMaxElements(mlir::Value memref) {
  int64_t n = 1;
  for (int64_t d : hlsMaxShape(memref))
    n *= d;
  return n;
}

/// A loop's static trip count, or the maximum of `hls.tripcount`.
inline std::optional<int64_t> hlsMaxTripCount(mlir::scf::ForOp loop) {
  if (std::optional<llvm::APInt> n = loop.getStaticTripCount())
    return n->getSExtValue();
  if (auto trip = loop->getAttrOfType<mlir::DenseI64ArrayAttr>("hls.tripcount"))
    if (trip.size() == 3)
      return trip[1];
  return std::nullopt;
}

} // namespace rnn

#endif // RNN_TARGET_HLS_HLSATTRIBUTES_H
