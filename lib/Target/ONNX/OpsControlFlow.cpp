//===- OpsControlFlow.cpp - ONNX If ---------------------------------------===//
//
// A condition known at import selects its branch, which is inlined. Otherwise
// both branches become the regions of an scf.if; results whose static shapes
// differ between branches are cast to dynamic shapes.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace ::rnn::onnx_import;

namespace {

const onnx::GraphProto *branch(NodeContext &ctx, StringRef name) {
  const onnx::AttributeProto *a = ctx.attr(name);
  return a && a->has_g() ? &a->g() : nullptr;
}

LogicalResult importIf(NodeContext &ctx) {
  const onnx::GraphProto *thenG = branch(ctx, "then_branch");
  const onnx::GraphProto *elseG = branch(ctx, "else_branch");
  if (!thenG || !elseG)
    return ctx.error() << "needs then_branch and else_branch graphs";
  if (const HostTensor *cond = ctx.constInput(0)) {
    if (cond->numElements() != 1)
      return ctx.error() << "the condition must hold one element";
    FailureOr<SmallVector<Entry>> outs =
        ctx.importSubgraph(cond->getDouble(0) != 0 ? *thenG : *elseG);
    if (failed(outs))
      return failure();
    ctx.outputs = std::move(*outs);
    return success();
  }
  OpBuilder &b = ctx.b;
  Value cond = tensor::ExtractOp::create(
      b, ctx.loc, ctx.input(0),
      SmallVector<Value>(ctx.inputType(0).getRank(),
                         arith::ConstantIndexOp::create(b, ctx.loc, 0)));
  // Import each branch into a temporary block to learn its result types.
  auto ifOp = scf::IfOp::create(b, ctx.loc, TypeRange{}, cond,
                                /*withElseRegion=*/true);
  SmallVector<SmallVector<Value>> branchResults;
  for (auto [graph, region] :
       {std::pair{thenG, &ifOp.getThenRegion()},
        std::pair{elseG, &ifOp.getElseRegion()}}) {
    OpBuilder::InsertionGuard guard(b);
    Block &block = region->front();
    if (!block.empty())
      block.back().erase(); // the implicit scf.yield
    b.setInsertionPointToEnd(&block);
    FailureOr<SmallVector<Entry>> outs = ctx.importSubgraph(*graph);
    if (failed(outs))
      return failure();
    SmallVector<Value> values;
    for (Entry &e : *outs) {
      if (!e.value) {
        OpBuilder::InsertionGuard g2(b);
        e.value = arith::ConstantOp::create(b, ctx.loc, e.constant->toAttr());
      }
      values.push_back(e.value);
    }
    branchResults.push_back(values);
  }
  if (branchResults[0].size() != branchResults[1].size())
    return ctx.error() << "the branches return different numbers of values";
  SmallVector<Type> types;
  for (auto [t, e] : llvm::zip(branchResults[0], branchResults[1])) {
    auto tt = cast<RankedTensorType>(t.getType());
    auto et = cast<RankedTensorType>(e.getType());
    if (tt.getElementType() != et.getElementType() ||
        tt.getRank() != et.getRank())
      return ctx.error() << "the branches return different types " << tt
                         << " and " << et;
    SmallVector<int64_t> shape;
    for (int64_t i = 0; i < tt.getRank(); ++i)
      shape.push_back(tt.getDimSize(i) == et.getDimSize(i)
                          ? tt.getDimSize(i)
                          : ShapedType::kDynamic);
    types.push_back(RankedTensorType::get(shape, tt.getElementType()));
  }
  for (auto [region, values] :
       {std::pair{&ifOp.getThenRegion(), branchResults[0]},
        std::pair{&ifOp.getElseRegion(), branchResults[1]}}) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&region->front());
    SmallVector<Value> casted;
    for (auto [v, t] : llvm::zip(values, types))
      casted.push_back(v.getType() == t
                           ? v
                           : (Value)tensor::CastOp::create(b, ctx.loc, t, v));
    scf::YieldOp::create(b, ctx.loc, casted);
  }
  auto newIf = scf::IfOp::create(b, ctx.loc, types, cond, true);
  newIf.getThenRegion().takeBody(ifOp.getThenRegion());
  newIf.getElseRegion().takeBody(ifOp.getElseRegion());
  ifOp.erase();
  for (auto [i, r] : llvm::enumerate(newIf.getResults()))
    ctx.setOutput(i, r);
  return success();
}

} // namespace

void (::rnn::onnx_import::registerControlFlowHandlers)(HandlerMap &map) {
  map["If"] = {importIf, 1};
}
