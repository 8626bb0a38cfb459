//===- LoweringUtils.h - helpers shared by the rnn lowerings ----*- C++ -*-===//
//
// Small builders for slices, zero tensors, transposed-B matmuls and the
// scalar gate math (clip and ONNX activation functions). Private to
// lib/Dialect/RNN/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_DIALECT_RNN_TRANSFORMS_LOWERINGUTILS_H
#define LIB_DIALECT_RNN_TRANSFORMS_LOWERINGUTILS_H

#include "rnn/Dialect/RNN/IR/RNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"

#include <array>
#include <optional>

namespace mlir {
namespace rnn {

/// Returns `size * factor` as an index, folded when `size` is static.
OpFoldResult mulIndex(OpBuilder &b, Location loc, OpFoldResult size,
                      int64_t factor);

/// Extracts the slice `offsets`/`sizes` (unit strides) of `source` and drops
/// its first `dropLeading` dimensions, which must have size 1. Static sizes
/// must be given as attributes so that the result type is inferred right.
Value extractSlice(OpBuilder &b, Location loc, Value source,
                   ArrayRef<OpFoldResult> offsets,
                   ArrayRef<OpFoldResult> sizes, unsigned dropLeading = 0);

/// Inserts `source` into `dest` at `offsets` with `sizes` (unit strides);
/// `source` may be rank-reduced.
Value insertSlice(OpBuilder &b, Location loc, Value source, Value dest,
                  ArrayRef<OpFoldResult> offsets,
                  ArrayRef<OpFoldResult> sizes);

/// Columns [gate * width, (gate + 1) * width) of a rank-2 `[rows, G*width]`
/// tensor, or elements of a rank-1 `[G*width]` tensor.
Value gateSlice(OpBuilder &b, Location loc, Value source, int64_t gate,
                OpFoldResult width);

/// A tensor of `sizes` filled with zeros of `elemType`.
Value zeroTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                 Type elemType);

/// `init + lhs x rhs^T` for `lhs [M, K]`, `rhs [N, K]`, `init [M, N]`, as a
/// linalg.matmul with a transposed-B indexing map.
Value matmulTransposeB(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       Value init);

/// Inserts a tensor.cast when `value` does not already have type `type`.
Value castIfNeeded(OpBuilder &b, Location loc, Value value, Type type);

/// Float scalar constant of type `type`.
Value floatConst(OpBuilder &b, Location loc, Type type, double value);

/// Clamps `x` to [-clip, clip] when `clip` is set (ONNX clips every gate
/// pre-activation).
Value emitClip(OpBuilder &b, Location loc, Value x,
               std::optional<APFloat> clip);

/// Applies one ONNX activation function (with its alpha / beta) to the
/// scalar `x`.
Value emitActivation(OpBuilder &b, Location loc, ActivationAttr act, Value x);

/// `activation(clip(x))`: the complete treatment of one gate pre-activation.
Value emitGate(OpBuilder &b, Location loc, ActivationAttr act, Value x,
               std::optional<APFloat> clip);

/// Operands of an LSTM cell's gate math, all scalars or all vectors of the
/// same units: the gate pre-activations `x W^T + Wb + h R^T` in ONNX gate
/// order i, o, f, c, the recurrent biases and the peepholes (i, o, f; null
/// when absent) and c_{t-1}.
struct LSTMGateOperands {
  std::array<Value, 4> pre;
  std::array<Value, 4> bias;
  std::array<Value, 3> peep;
  Value c;
};

/// {h_t, c_t} of an LSTM cell with activations `acts` (f, g, h), `clip`
/// and input-forget coupling: the math of convert-rnn-to-linalg's epilogue
/// and of rnn-fuse-gate-epilogue's per-vector epilogue.
std::pair<Value, Value> emitLSTMGateMath(OpBuilder &b, Location loc,
                                         const LSTMGateOperands &in,
                                         ArrayAttr acts,
                                         std::optional<APFloat> clip,
                                         bool inputForget);

/// Operands of a GRU cell's gate math with linear_before_reset, all scalars
/// or all vectors of the same units, in ONNX gate order z, r, h: the
/// projected inputs `x W^T + Wb` (null where a gate's accumulator already
/// holds them), the recurrent products `h R^T`, the recurrent biases (null
/// when absent) and h_{t-1}.
struct GRUGateOperands {
  std::array<Value, 3> x;
  std::array<Value, 3> rec;
  std::array<Value, 3> bias;
  Value h;
};

/// h_t of a GRU cell with linear_before_reset, activations `acts` (f, g)
/// and `clip`: z = f(x_z + rec_z + Rb_z), r = f(x_r + rec_r + Rb_r),
/// n = g(x_h + r (.) (rec_h + Rb_h)), h_t = (1 - z) (.) n + z (.) h_{t-1};
/// the math of convert-rnn-to-linalg's epilogue and of
/// rnn-fuse-gate-epilogue's per-vector epilogue.
Value emitGRUGateMath(OpBuilder &b, Location loc, const GRUGateOperands &in,
                      ArrayAttr acts, std::optional<APFloat> clip);

/// (1 - z) (.) candidate + z (.) prev, the GRU state update.
Value emitGRUUpdate(OpBuilder &b, Location loc, Value z, Value candidate,
                    Value prev);

/// Returns true when `type` holds plain floats (no quantized element type,
/// no sparse or other encoding); the lowerings handle only those weights.
bool isPlainFloatTensor(Type type);


/// Discardable unit attribute rnn-expand-sequences puts on each time loop.
inline constexpr llvm::StringLiteral kTimeLoopAttr = "rnn.time_loop";

/// Discardable attribute the kernels put on a loop whose iterations write
/// disjoint parts of the result (the panel loop of a matrix product):
/// rnn-parallelize-kernels may split it across threads. Its value, if an
/// integer, is the number of weights the loop streams.
inline constexpr llvm::StringLiteral kParallelLoopAttr = "rnn.parallel";

/// Name of the module global holding the run-time thread count (an i32,
/// 1 by default); the C ABI's rnnc_set_num_threads writes it.
inline constexpr llvm::StringLiteral kNumThreadsGlobal = "rnnc_num_threads";

/// Discardable unit attribute rnn-expand-sequences puts on the input
/// projection matmul of each direction, so that rnn-quantize-weights can
/// tell it from the other matrix products of the graph.
inline constexpr llvm::StringLiteral kInputProjectionAttr =
    "rnn.input_projection";

/// Discardable f32 attribute rnn-quantize-weights puts on a quantized
/// input-projection matmul or cell op when static activation scales were
/// calibrated: the fixed scale of its activation operand (x or h).
/// convert-rnn-to-linalg copies a cell's onto its recurrent matmuls.
inline constexpr llvm::StringLiteral kActivationScaleAttr =
    "rnn.activation_scale";

/// An operand whose range calibration records: the left operand x of an
/// input-projection matmul, or the state h of a cell op.
struct ActivationSite {
  Operation *op;
  Value operand;
  bool isCell;
};

/// The activation sites under `root` in walk order (the order
/// rnn-record-activation-ranges numbers them and rnn-quantize-weights reads
/// the calibrated ranges in).
SmallVector<ActivationSite> collectActivationSites(Operation *root);

/// The first name of a NameLoc in `loc` (the ONNX node name the importer
/// attached), or "" when there is none.
StringRef layerName(Location loc);

/// The value of `value` if it is a constant 2-D f32 matrix [rows, cols],
/// directly or as a static, unit-stride, rank-reducing extract_slice of a
/// constant (the per-direction slice of a [D, G*H, K] weight).
std::optional<SmallVector<float>> constantMatrix(Value value, int64_t rows,
                                                 int64_t cols);

/// Compile-time weights in a narrow format, as rnn-quantize-weights leaves
/// them and the lowerings widen them: an int8 matrix with one scale per row,
/// or a bf16 matrix (raw bits).
struct NarrowMatrix {
  bool isInt8 = false;
  SmallVector<int8_t> q;         // int8: [rows, cols]
  SmallVector<float> scales;     // int8: [rows]
  SmallVector<uint16_t> bf16;    // bf16: [rows, cols]
};

/// The narrow data behind an f32 weight operand `value` [rows, cols]:
/// `[extract_slice] (quant.dcast (quant.scast (i8 constant)) |
/// arith.extf (bf16 constant))`.
std::optional<NarrowMatrix> narrowMatrix(Value value, int64_t rows,
                                         int64_t cols);

/// C [M, N] = a linalg.broadcast of an [N] vector over the rows (the input
/// projection's bias): {the vector, the broadcast's destination}, so that a
/// kernel starts its accumulators from the vector and writes into the
/// destination, never filling C in memory; nullopt otherwise.
std::optional<std::pair<Value, Value>> matchRowBroadcast(Value c, int64_t n);

/// View of narrow weights in the data element type: quant.dcast of a
/// quantized tensor, or arith.extf of a narrower float tensor. Other values
/// are returned unchanged.
Value widenWeights(OpBuilder &b, Location loc, Value weights,
                   Type dataElemType);

/// Shape of the int8 kernel of rnn-matmul-to-vector, and where its
/// accumulators start.
struct Int8KernelConfig {
  int64_t vectorSize; // panel width V (a multiple of 16)
  int64_t rowBlock;   // rows of A per register block
  /// int8: > 0 quantizes A with this static scale (calibrated,
  /// rnn.activation_scale) instead of one dynamic scale per row.
  double activationScale = 0.0;
  /// Optional [N] f32: C is this vector broadcast over the rows (the input
  /// projection's bias), so the epilogue adds it instead of reading C (C
  /// is then only written).
  Value bias;
  /// Optional tensor shaped like C holding C's old values (a time step's
  /// slice of the projection); C is then a fresh tensor, only written.
  Value source;
  /// Optional i1: when true, the panels are walked last to first. Set on
  /// every other step of a time loop (serpentine order), so that a step
  /// starts on the panels the previous step touched last, which are still
  /// in cache (kSerpentineAttr).
  Value reversePanels;
};

/// Discardable unit attribute on the arith.select that picks a panel index
/// in serpentine order (Int8KernelConfig::reversePanels).
/// rnn-parallelize-kernels drops the reversal in its threaded copy of the
/// loop, so that each thread keeps streaming the same panels every step.
inline constexpr llvm::StringLiteral kSerpentineAttr = "rnn.serpentine";

/// The direction of the serpentine panel order for the kernel at `op`: an
/// i1 true on odd iterations (counted from the lower bound) of the time loop
/// (kTimeLoopAttr, step 1) directly around `op`, or null outside one.
Value serpentineParity(OpBuilder &b, Location loc, Operation *op);

/// The panel a panel loop visits at iteration `panel` of `panels`: `panel`,
/// or with `reverse` (an optional i1) true `panels - 1 - panel`, picked by an
/// arith.select marked kSerpentineAttr.
Value serpentinePanel(OpBuilder &b, Location loc, Value panel, int64_t panels,
                      Value reverse);

/// `C + A * dequant(W)^T` with int8 weights `w` [n, k] and dynamically (or,
/// with `config.activationScale`, statically) quantized rows of A (see
/// QuantizedKernel.cpp).
Value emitInt8Matmul(OpBuilder &b, Location loc, Value a,
                     const NarrowMatrix &w, Value c, int64_t n, int64_t k,
                     const Int8KernelConfig &config);

/// f32 weights `w` [n, k] packed into panels P [ceil(n / v), k, v] with
/// P[nb, kk, j] = w[nb * v + j, kk], zero padded: a constant at the start
/// of the function when `w` is constant, else packed at the definition of
/// `w` (outside any loop that uses it).
Value packF32Panels(OpBuilder &b, Location loc, Value w, int64_t n, int64_t k,
                    int64_t v);

/// Moves `b` to the start of the enclosing function: compile-time constants
/// go there, hoisted out of every loop.
void setInsertionPointToFunctionEntry(OpBuilder &b);

/// A [M, K] quantized as emitInt8Matmul quantizes it: {row scales s_a [M]
/// f32, bytes [M, 4 * ceil(K / 4)] i8 (q + 128, zero padded)}; with a
/// static `activationScale` (> 0) the row scales are a null Value (the scale
/// is folded into the weight scales).
std::pair<Value, Value> quantizeActivations(OpBuilder &b, Location loc, Value a,
                                            int64_t k, double activationScale);

/// Compile-time constants of one int8 product (QuantizedKernel.cpp).
struct PackedInt8 {
  Value panels;  // [NB, K4, V * 4] i8
  Value scales;  // [NB * V] f32, s_w (0 for padding rows)
  Value offsets; // [NB * V] i32, -128 * row sums
};

/// Packs int8 weights `w` [n, k] into panels of `v` rows for rnn.int8_dot,
/// with the scales multiplied by `scaleFactor` (a static activation scale,
/// or 1). The constants go to the start of the function.
PackedInt8 packInt8(OpBuilder &b, Location loc, const NarrowMatrix &w,
                    int64_t n, int64_t k, int64_t v, double scaleFactor);

/// rnn-matmul-to-vector{projection-in-step}: moves each int8 input
/// projection whose time loop's int8 batch-1 step reads it row by row into
/// that loop, `rows` time steps ahead, fused with the step's panel loop
/// (ProjectionInStep.cpp). Only where both weight matrices have at least
/// `minWeights` elements.
void moveInt8ProjectionsIntoSteps(Operation *root, int64_t rows,
                                  int64_t minWeights);

/// The same for f32 weights (ProjectionInStep.cpp): each f32 input
/// projection whose time loop's f32 batch-1 step reads it row by row, where
/// both weight matrices have at most `maxWeights` elements (the step
/// streams R from L2).
void moveF32ProjectionsIntoSteps(Operation *root, int64_t rows,
                                 int64_t maxWeights);

/// Whether moveF32ProjectionsIntoSteps(rows, maxWeights) would take the
/// projection of the time loop around `step`, a step that reads h [1, H]
/// and R [N, H] and accumulates h R^T into `init` (an LSTM cell before
/// convert-rnn-to-linalg: its x_gates): rnn-fuse-gate-epilogue leaves such
/// cells to it.
bool f32ProjectionMovesIntoStep(Operation *step, Value h, Value r, Value init,
                                int64_t rows, int64_t maxWeights);

struct EllInt8Tiles;

/// `C + A * dequant(W)^T` for the int8 weights `w` [n, k] stored as the
/// int8 tiled ELLPACK `tiles` (Sparsity.h), one row of A at a time: the same
/// activation quantization, the same i32 sums (zero weights add exact
/// zeros) and the same epilogue as emitInt8Matmul, so the same results bit
/// for bit (SparseInt8Kernel.cpp).
Value emitSparseInt8Matmul(OpBuilder &b, Location loc, Value a,
                           const NarrowMatrix &w, const EllInt8Tiles &tiles,
                           Value c, double activationScale);

/// `C + A * W^T` with bf16 weights `w` [n, k] through AVX-512 BF16's
/// vdpbf16ps: rows of A rounded to bf16, pairs of products summed in f32.
Value emitBF16DotMatmul(OpBuilder &b, Location loc, Value a,
                        const NarrowMatrix &w, Value c, int64_t n, int64_t k,
                        const Int8KernelConfig &config);

/// Returns true when `type` holds weights rnn-quantize-weights produced
/// (a quantized or narrower float element type, no encoding).
bool isNarrowWeightTensor(Type type, Type dataElemType);

/// Applies the kernel patterns of rnn-matmul-to-vector, rnn-conv-to-vector
/// and rnn-fuse-gate-epilogue greedily under `root`, without region
/// simplification (the kernels' loops are built as they should stay).
LogicalResult applyKernelPatterns(Operation *root,
                                  RewritePatternSet &&patterns);

/// Applies `patterns` greedily under `root`, like applyPatternsGreedily, but
/// starting from the ops the patterns are rooted at (by name or interface)
/// instead of every op: only they and the ops the rewrites create or touch
/// are visited and folded. The equal constants are then merged and moved to
/// the start of their region, as the second sweep of a run over the whole
/// region does. (With a pattern for any op it is applyPatternsGreedily.)
/// Fails, like applyPatternsGreedily, when the rewrites do not converge.
/// On a model lowered to one large function most ops are
/// neither roots nor touched, and visiting them was most of the time of the
/// passes that run their patterns this way.
LogicalResult applyPatternsToRoots(Operation *root,
                                   RewritePatternSet &&patterns);

} // namespace rnn
} // namespace mlir

#endif // LIB_DIALECT_RNN_TRANSFORMS_LOWERINGUTILS_H
