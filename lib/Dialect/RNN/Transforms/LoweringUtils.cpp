//===- LoweringUtils.cpp - helpers shared by the rnn lowerings ------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/FoldUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace mlir::rnn;

/// Static value of `ofr` when it is an attribute. Values are deliberately
/// treated as dynamic, even if defined by a constant, because slice builders
/// only fold attributes into their static sizes.
static int64_t staticSize(OpFoldResult ofr) {
  if (auto attr = dyn_cast<Attribute>(ofr))
    return cast<IntegerAttr>(attr).getInt();
  return ShapedType::kDynamic;
}

OpFoldResult rnn::mulIndex(OpBuilder &b, Location loc, OpFoldResult size,
                           int64_t factor) {
  int64_t s = staticSize(size);
  if (!ShapedType::isDynamic(s))
    return b.getIndexAttr(s * factor);
  Value k = arith::ConstantIndexOp::create(b, loc, factor);
  return arith::MulIOp::create(b, loc, cast<Value>(size), k).getResult();
}

Value rnn::extractSlice(OpBuilder &b, Location loc, Value source,
                        ArrayRef<OpFoldResult> offsets,
                        ArrayRef<OpFoldResult> sizes, unsigned dropLeading) {
  SmallVector<int64_t> shape;
  for (OpFoldResult size : sizes.drop_front(dropLeading))
    shape.push_back(staticSize(size));
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(source.getType()).getElementType());
  SmallVector<OpFoldResult> strides(sizes.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, type, source, offsets, sizes,
                                        strides);
}

Value rnn::insertSlice(OpBuilder &b, Location loc, Value source, Value dest,
                       ArrayRef<OpFoldResult> offsets,
                       ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> strides(sizes.size(), b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, source, dest, offsets, sizes,
                                       strides);
}

Value rnn::gateSlice(OpBuilder &b, Location loc, Value source, int64_t gate,
                     OpFoldResult width) {
  OpFoldResult offset = mulIndex(b, loc, width, gate);
  auto type = cast<RankedTensorType>(source.getType());
  if (type.getRank() == 1)
    return extractSlice(b, loc, source, {offset}, {width});
  OpFoldResult rows = tensor::getMixedSize(b, loc, source, 0);
  return extractSlice(b, loc, source, {b.getIndexAttr(0), offset},
                      {rows, width});
}

Value rnn::zeroTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                      Type elemType) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elemType);
  Value zero = floatConst(b, loc, elemType, 0.0);
  return linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{empty})
      .getResult(0);
}

Value rnn::matmulTransposeB(OpBuilder &b, Location loc, Value lhs, Value rhs,
                            Value init) {
  return linalg::MatmulTransposeBOp::create(b, loc, TypeRange{init.getType()},
                                            ValueRange{lhs, rhs},
                                            ValueRange{init})
      .getResult(0);
}

Value rnn::castIfNeeded(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

Value rnn::floatConst(OpBuilder &b, Location loc, Type type, double value) {
  // Vectors (the fused gate epilogue) get a splat of the element constant.
  if (auto vecType = dyn_cast<VectorType>(type)) {
    FloatAttr elem = b.getFloatAttr(vecType.getElementType(), value);
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, ArrayRef<Attribute>{elem}));
  }
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

Value rnn::emitClip(OpBuilder &b, Location loc, Value x,
                    std::optional<APFloat> clip) {
  if (!clip)
    return x;
  double bound = clip->convertToDouble();
  Type type = x.getType();
  Value lo = floatConst(b, loc, type, -bound);
  Value hi = floatConst(b, loc, type, bound);
  Value clamped = arith::MaximumFOp::create(b, loc, x, lo);
  return arith::MinimumFOp::create(b, loc, clamped, hi);
}

/// x >= 0 ? x : negative (the shape shared by LeakyRelu and Elu).
static Value selectNonNegative(OpBuilder &b, Location loc, Value x,
                               Value negative) {
  Value zero = floatConst(b, loc, x.getType(), 0.0);
  Value isNonNeg =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, zero);
  return arith::SelectOp::create(b, loc, isNonNeg, x, negative);
}

static Value emitSigmoid(OpBuilder &b, Location loc, Value x) {
  Type type = x.getType();
  Value one = floatConst(b, loc, type, 1.0);
  Value negX = arith::NegFOp::create(b, loc, x);
  Value denom =
      arith::AddFOp::create(b, loc, one, math::ExpOp::create(b, loc, negX));
  return arith::DivFOp::create(b, loc, one, denom);
}

/// log(1 + e^x) computed as max(x, 0) + log1p(e^-|x|), which is the same
/// function but neither overflows for large x nor loses digits for small.
static Value emitSoftplus(OpBuilder &b, Location loc, Value x) {
  Value zero = floatConst(b, loc, x.getType(), 0.0);
  Value negAbs =
      arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  Value tail =
      math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs));
  return arith::AddFOp::create(b, loc,
                               arith::MaximumFOp::create(b, loc, x, zero),
                               tail);
}

Value rnn::emitActivation(OpBuilder &b, Location loc, ActivationAttr act,
                          Value x) {
  Type type = x.getType();
  double alpha = act.getAlphaF(), beta = act.getBetaF();
  auto cst = [&](double v) { return floatConst(b, loc, type, v); };
  auto mul = [&](Value l, Value r) {
    return arith::MulFOp::create(b, loc, l, r).getResult();
  };
  auto add = [&](Value l, Value r) {
    return arith::AddFOp::create(b, loc, l, r).getResult();
  };
  switch (act.getKind()) {
  case ActivationKind::relu:
    return arith::MaximumFOp::create(b, loc, x, cst(0.0));
  case ActivationKind::tanh:
    return math::TanhOp::create(b, loc, x);
  case ActivationKind::sigmoid:
    return emitSigmoid(b, loc, x);
  case ActivationKind::affine:
    return add(mul(cst(alpha), x), cst(beta));
  case ActivationKind::leaky_relu:
    return selectNonNegative(b, loc, x, mul(cst(alpha), x));
  case ActivationKind::thresholded_relu: {
    Value above =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, cst(alpha));
    return arith::SelectOp::create(b, loc, above, x, cst(0.0));
  }
  case ActivationKind::scaled_tanh:
    return mul(cst(alpha), math::TanhOp::create(b, loc, mul(cst(beta), x)));
  case ActivationKind::hard_sigmoid: {
    Value lin = add(mul(cst(alpha), x), cst(beta));
    Value upper = arith::MinimumFOp::create(b, loc, lin, cst(1.0));
    return arith::MaximumFOp::create(b, loc, upper, cst(0.0));
  }
  case ActivationKind::elu: {
    Value expm1 =
        arith::SubFOp::create(b, loc, math::ExpOp::create(b, loc, x), cst(1.0));
    return selectNonNegative(b, loc, x, mul(cst(alpha), expm1));
  }
  case ActivationKind::softsign: {
    Value denom = add(cst(1.0), math::AbsFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, x, denom);
  }
  case ActivationKind::softplus:
    return emitSoftplus(b, loc, x);
  }
  llvm_unreachable("unknown activation kind");
}

Value rnn::emitGate(OpBuilder &b, Location loc, ActivationAttr act, Value x,
                    std::optional<APFloat> clip) {
  return emitActivation(b, loc, act, emitClip(b, loc, x, clip));
}

std::pair<Value, Value> rnn::emitLSTMGateMath(OpBuilder &b, Location loc,
                                               const LSTMGateOperands &in,
                                               ArrayAttr acts,
                                               std::optional<APFloat> clip,
                                               bool inputForget) {
  // add / mul skip null operands, so absent biases and peepholes cost
  // nothing.
  auto add = [&](Value l, Value r) -> Value {
    if (!l || !r)
      return l ? l : r;
    return arith::AddFOp::create(b, loc, l, r);
  };
  auto mul = [&](Value l, Value r) -> Value {
    if (!l || !r)
      return Value();
    return arith::MulFOp::create(b, loc, l, r);
  };
  auto gatePre = [&](int g) { return add(in.pre[g], in.bias[g]); };
  auto act = [&](unsigned i) { return cast<ActivationAttr>(acts[i]); };
  Value c = in.c;
  Value i = emitGate(b, loc, act(0), add(gatePre(0), mul(in.peep[0], c)), clip);
  Value forget =
      inputForget
          ? arith::SubFOp::create(b, loc, floatConst(b, loc, i.getType(), 1.0),
                                  i)
                .getResult()
          : emitGate(b, loc, act(0), add(gatePre(2), mul(in.peep[2], c)),
                     clip);
  Value cand = emitGate(b, loc, act(1), gatePre(3), clip);
  Value cNext = add(mul(forget, c), mul(i, cand));
  Value o =
      emitGate(b, loc, act(0), add(gatePre(1), mul(in.peep[1], cNext)), clip);
  Value hNext = mul(o, emitActivation(b, loc, act(2), cNext));
  return {hNext, cNext};
}

Value rnn::emitGRUUpdate(OpBuilder &b, Location loc, Value z,
                         Value candidate, Value prev) {
  Value keep = arith::SubFOp::create(
      b, loc, floatConst(b, loc, z.getType(), 1.0), z);
  return arith::AddFOp::create(
      b, loc, arith::MulFOp::create(b, loc, keep, candidate),
      arith::MulFOp::create(b, loc, z, prev));
}

Value rnn::emitGRUGateMath(OpBuilder &b, Location loc,
                           const GRUGateOperands &in, ArrayAttr acts,
                           std::optional<APFloat> clip) {
  // add skips null operands: absent biases and inputs cost nothing.
  auto add = [&](Value l, Value r) -> Value {
    if (!l || !r)
      return l ? l : r;
    return arith::AddFOp::create(b, loc, l, r);
  };
  auto act = [&](unsigned i) { return cast<ActivationAttr>(acts[i]); };
  Value z = emitGate(b, loc, act(0), add(add(in.x[0], in.rec[0]), in.bias[0]),
                     clip);
  Value reset = emitGate(b, loc, act(0),
                         add(add(in.x[1], in.rec[1]), in.bias[1]), clip);
  Value linear = add(in.rec[2], in.bias[2]);
  Value cand = emitGate(
      b, loc, act(1),
      add(in.x[2], arith::MulFOp::create(b, loc, reset, linear)), clip);
  return emitGRUUpdate(b, loc, z, cand, in.h);
}

bool rnn::isPlainFloatTensor(Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  return tensorType && !tensorType.getEncoding() &&
         isa<FloatType>(tensorType.getElementType());
}

/// Peels a static, unit-stride extract_slice off `value`: returns its source
/// and the offsets into it (zeros without a slice, filled in by the caller).
static std::pair<Value, SmallVector<int64_t>> peelSlice(Value value) {
  auto slice = value.getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice || !slice.hasUnitStride() ||
      llvm::any_of(slice.getStaticOffsets(), ShapedType::isDynamic))
    return {value, {}};
  return {slice.getSource(), llvm::to_vector(slice.getStaticOffsets())};
}

/// Flat indices into a constant of `type` of the [rows, cols] matrix at
/// `offsets`: the slice keeps the two innermost dims and drops leading unit
/// dims.
static std::optional<SmallVector<int64_t>>
matrixIndices(ShapedType type, SmallVector<int64_t> offsets, int64_t rows,
              int64_t cols) {
  int64_t rank = type.getRank();
  if (rank < 2 || !type.hasStaticShape() ||
      type.getDimSize(rank - 1) < cols || type.getDimSize(rank - 2) < rows)
    return std::nullopt;
  if (offsets.empty())
    offsets.assign(rank, 0);
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * type.getDimSize(d + 1);
  int64_t base = 0;
  for (int64_t d = 0; d < rank; ++d)
    base += offsets[d] * strides[d];
  SmallVector<int64_t> indices(rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      indices[r * cols + c] =
          base + r * strides[rank - 2] + c * strides[rank - 1];
  return indices;
}

StringRef rnn::layerName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().getValue();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (StringRef name = layerName(inner); !name.empty())
        return name;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return layerName(callSite.getCallee());
  return "";
}

SmallVector<ActivationSite> rnn::collectActivationSites(Operation *root) {
  SmallVector<ActivationSite> sites;
  root->walk([&](Operation *op) {
    if (auto lstm = dyn_cast<LSTMCellOp>(op))
      sites.push_back({op, lstm.getH(), true});
    else if (auto gru = dyn_cast<GRUCellOp>(op))
      sites.push_back({op, gru.getH(), true});
    else if (auto rnnCell = dyn_cast<RNNCellOp>(op))
      sites.push_back({op, rnnCell.getH(), true});
    else if (auto mm = dyn_cast<linalg::MatmulTransposeBOp>(op);
             mm && mm->hasAttr(kInputProjectionAttr))
      sites.push_back({op, mm.getDpsInputs()[0], false});
  });
  return sites;
}

std::optional<SmallVector<float>> rnn::constantMatrix(Value value,
                                                      int64_t rows,
                                                      int64_t cols) {
  auto [source, offsets] = peelSlice(value);
  // A 2-D slice of a 2-D slice (a gate's rows of a direction's matrix):
  // take the outer slice's values, then the rows and columns of this one.
  auto sourceType = cast<RankedTensorType>(source.getType());
  if (!offsets.empty() && sourceType.getRank() == 2 &&
      sourceType.hasStaticShape() &&
      source.getDefiningOp<tensor::ExtractSliceOp>()) {
    int64_t srcRows = sourceType.getDimSize(0);
    int64_t srcCols = sourceType.getDimSize(1);
    auto outer = constantMatrix(source, srcRows, srcCols);
    if (!outer || offsets[0] + rows > srcRows || offsets[1] + cols > srcCols)
      return std::nullopt;
    SmallVector<float> out(rows * cols);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        out[r * cols + c] =
            (*outer)[(offsets[0] + r) * srcCols + offsets[1] + c];
    return out;
  }
  DenseElementsAttr attr;
  if (!matchPattern(source, m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return std::nullopt;
  auto indices =
      matrixIndices(cast<ShapedType>(attr.getType()), offsets, rows, cols);
  if (!indices)
    return std::nullopt;
  // Splat iterators return the splat value for any index.
  auto values = attr.getValues<float>();
  SmallVector<float> out;
  out.reserve(indices->size());
  for (int64_t i : *indices)
    out.push_back(values[i]);
  return out;
}

std::optional<NarrowMatrix> rnn::narrowMatrix(Value value, int64_t rows,
                                              int64_t cols) {
  auto [source, offsets] = peelSlice(value);
  NarrowMatrix result;
  DenseElementsAttr attr;
  if (auto dcast = source.getDefiningOp<quant::DequantizeCastOp>()) {
    auto scast = dcast.getInput().getDefiningOp<quant::StorageCastOp>();
    if (!scast || !matchPattern(scast.getInput(), m_Constant(&attr)) ||
        !attr.getElementType().isInteger(8))
      return std::nullopt;
    auto qType = dyn_cast<quant::UniformQuantizedPerAxisType>(
        getElementTypeOrSelf(scast.getResult().getType()));
    auto type = cast<ShapedType>(attr.getType());
    if (!qType || type.getRank() != 2 || qType.getQuantizedDimension() != 0 ||
        llvm::any_of(qType.getZeroPoints(), [](int64_t z) { return z != 0; }))
      return std::nullopt;
    auto indices = matrixIndices(type, offsets, rows, cols);
    if (!indices)
      return std::nullopt;
    result.isInt8 = true;
    auto values = attr.getValues<int8_t>();
    for (int64_t i : *indices)
      result.q.push_back(values[i]);
    int64_t rowOffset = offsets.empty() ? 0 : offsets[0];
    for (int64_t r = 0; r < rows; ++r)
      result.scales.push_back(qType.getScales()[rowOffset + r]);
    return result;
  }
  if (auto extf = source.getDefiningOp<arith::ExtFOp>()) {
    if (!matchPattern(extf.getIn(), m_Constant(&attr)) ||
        !attr.getElementType().isBF16())
      return std::nullopt;
    auto indices =
        matrixIndices(cast<ShapedType>(attr.getType()), offsets, rows, cols);
    if (!indices)
      return std::nullopt;
    auto values = attr.getValues<APFloat>();
    for (int64_t i : *indices)
      result.bf16.push_back(
          values[i].bitcastToAPInt().getZExtValue());
    return result;
  }
  return std::nullopt;
}

std::optional<std::pair<Value, Value>> rnn::matchRowBroadcast(Value c,
                                                              int64_t n) {
  auto broadcast = c.getDefiningOp<linalg::BroadcastOp>();
  if (!broadcast || !broadcast.hasPureTensorSemantics() ||
      broadcast.getDimensions() != ArrayRef<int64_t>{0})
    return std::nullopt;
  auto inType = dyn_cast<RankedTensorType>(broadcast.getInput().getType());
  if (!inType || inType.getRank() != 1 || inType.getDimSize(0) != n)
    return std::nullopt;
  return std::make_pair(broadcast.getInput(), broadcast.getInit());
}

Value rnn::widenWeights(OpBuilder &b, Location loc, Value weights,
                        Type dataElemType) {
  auto type = cast<RankedTensorType>(weights.getType());
  Type elem = type.getElementType();
  if (auto q = dyn_cast<quant::QuantizedType>(elem))
    return quant::DequantizeCastOp::create(
        b, loc, RankedTensorType::get(type.getShape(), q.getExpressedType()),
        weights);
  if (elem != dataElemType && isa<FloatType>(elem))
    return arith::ExtFOp::create(
        b, loc, RankedTensorType::get(type.getShape(), dataElemType), weights);
  return weights;
}

bool rnn::isNarrowWeightTensor(Type type, Type dataElemType) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType || tensorType.getEncoding())
    return false;
  Type elem = tensorType.getElementType();
  if (isa<quant::QuantizedType>(elem))
    return true;
  return isa<FloatType>(elem) && isa<FloatType>(dataElemType) &&
         elem.getIntOrFloatBitWidth() < dataElemType.getIntOrFloatBitWidth();
}

LogicalResult rnn::applyKernelPatterns(Operation *root,
                                       RewritePatternSet &&patterns) {
  GreedyRewriteConfig config;
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  return applyPatternsGreedily(root, std::move(patterns), config);
}

/// Merges equal constants under `root` and moves them to the start of their
/// region (what the greedy driver's walk over a region does).
static void mergeConstants(Operation *root) {
  OperationFolder folder(root->getContext());
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    Attribute value;
    if (matchPattern(op, m_Constant(&value)) &&
        !folder.insertKnownConstant(op, value))
      return WalkResult::skip();
    return WalkResult::advance();
  });
}

LogicalResult rnn::applyPatternsToRoots(Operation *root,
                                        RewritePatternSet &&patterns) {
  DenseSet<OperationName> names;
  SmallVector<TypeID> interfaces;
  for (const std::unique_ptr<RewritePattern> &pattern :
       patterns.getNativePatterns()) {
    if (std::optional<OperationName> name = pattern->getRootKind())
      names.insert(*name);
    else if (std::optional<TypeID> id = pattern->getRootInterfaceID())
      interfaces.push_back(*id);
    else
      // A pattern for any op: every op is a root.
      return applyPatternsGreedily(root, std::move(patterns));
  }
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    OperationName name = op->getName();
    if (names.contains(name) || llvm::any_of(interfaces, [&](TypeID id) {
          return name.hasInterface(id);
        }))
      ops.push_back(op);
  });
  if (ops.empty())
    return success();
  // Any op a rewrite touches joins the worklist (as in a run over the whole
  // region): e.g. the producers of an erased op's operands, erased in turn
  // when they become dead.
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::AnyOp);
  bool changed = false;
  LogicalResult converged =
      applyOpPatternsGreedily(ops, std::move(patterns), config, &changed);
  if (changed)
    mergeConstants(root);
  return converged;
}

Value rnn::serpentineParity(OpBuilder &b, Location loc, Operation *op) {
  auto loop = op->getParentOfType<scf::ForOp>();
  if (!loop || !loop->hasAttr(kTimeLoopAttr) ||
      !matchPattern(loop.getStep(), m_One()))
    return Value();
  Value i = arith::SubIOp::create(b, loc, loop.getInductionVar(),
                                  loop.getLowerBound());
  Value odd = arith::AndIOp::create(b, loc, i,
                                    arith::ConstantIndexOp::create(b, loc, 1));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, odd,
                               arith::ConstantIndexOp::create(b, loc, 0));
}

Value rnn::serpentinePanel(OpBuilder &b, Location loc, Value panel,
                           int64_t panels, Value reverse) {
  if (!reverse)
    return panel;
  Value last = arith::ConstantIndexOp::create(b, loc, panels - 1);
  Value back = arith::SubIOp::create(b, loc, last, panel);
  auto select = arith::SelectOp::create(b, loc, reverse, back, panel);
  select->setAttr(kSerpentineAttr, b.getUnitAttr());
  return select;
}

Value rnn::packF32Panels(OpBuilder &b, Location loc, Value w, int64_t n,
                         int64_t k, int64_t v) {
  int64_t nb = llvm::divideCeil(n, v);
  auto packedType = RankedTensorType::get({nb, k, v}, b.getF32Type());
  OpBuilder::InsertionGuard guard(b);
  if (auto weights = constantMatrix(w, n, k)) {
    SmallVector<float> data(nb * k * v, 0.0f);
    for (int64_t row = 0; row < n; ++row)
      for (int64_t kk = 0; kk < k; ++kk)
        data[((row / v) * k + kk) * v + row % v] = (*weights)[row * k + kk];
    // Constants go to the start of the function: hoisted out of loops.
    if (auto func = w.getParentRegion()->getParentOfType<FunctionOpInterface>())
      b.setInsertionPointToStart(&func.getFunctionBody().front());
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(packedType, llvm::ArrayRef<float>(data)));
  }
  // Pack at the definition of the weights, outside any loop that uses them.
  b.setInsertionPointAfterValue(w);
  Value padded = w;
  if (nb * v != n) {
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    padded = tensor::PadOp::create(
        b, loc, RankedTensorType::get({nb * v, k}, b.getF32Type()), w,
        ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(nb * v - n), b.getIndexAttr(0)},
        zero);
  }
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({nb, v, k}, b.getF32Type()), padded,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}});
  Value init = tensor::EmptyOp::create(b, loc, packedType.getShape(),
                                       b.getF32Type());
  return linalg::TransposeOp::create(b, loc, expanded, init,
                                     ArrayRef<int64_t>{0, 2, 1})
      .getResult()[0];
}
