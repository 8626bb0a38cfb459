//===- Passes.td - rnn dialect passes ----------------------*- tablegen -*-===//
//
// Lowering of the rnn dialect: sequence ops are expanded into a projection
// GEMM, a time loop and cell ops; cell ops become linalg on tensors.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_DIALECT_RNN_TRANSFORMS_PASSES_TD
#define RNN_DIALECT_RNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def RNNExpandSequences : Pass<"rnn-expand-sequences"> {
  let summary = "Expand rnn sequence ops into a projection, a time loop and cells";
  let description = [{
    Rewrites every `rnn.lstm`, `rnn.gru` and `rnn.rnn` into:

    1. the input projection of all time steps, one transposed-B
       `linalg.matmul` per direction (`X [T*N, I] x W_d^T + Wb_d`, reshaped
       to `[T, N, G*H]`); when both T and N are dynamic, a 3-D
       `linalg.generic` contraction instead (expanding `T*N` into two dynamic
       dims crashes upstream `expand-strided-metadata` in LLVM 22);
    2. one `scf.for` over time (`T` may be dynamic) carrying the state of
       every direction and the `Y` tensor; the reverse direction of a step
       reads and writes time index `T-1-t`;
    3. one cell op (`rnn.lstm_cell`, `rnn.gru_cell`, `rnn.rnn_cell`) per
       direction per step, taking the recurrent half of the bias;
    4. with `sequence_lens`, a `linalg.generic` per direction and step that
       keeps the previous state of batch entries whose sequence has ended
       and writes zeros into their `Y` row.

    Absent initial states and bias are zeros. Weights must be float tensors
    of the data element type; quantized or sparse weights are rejected.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def RNNWavefront : Pass<"rnn-wavefront"> {
  let summary = "Chain stacked forward layers block by block (blocked wavefront)";
  let description = [{
    Runs before `rnn-expand-sequences`. Finds chains of stacked forward
    sequence ops (`rnn.lstm`, `rnn.gru`, `rnn.rnn`) where layer k+1's `X` is
    layer k's `Y` with the unit direction dim dropped (`tensor.reshape` or
    `tensor.collapse_shape`, the importer's Squeeze of ONNX's
    `[T, 1, N, H]`), and rewrites the chain into one `scf.for` over blocks
    of B time steps. Per block, each layer of the chain is a sequence op over
    the block's B steps, starting from the state the previous block left:
    `rnn-expand-sequences` then gives every block layer 1's B steps, layer
    2's input projection of those B rows (a small GEMM that still uses the
    packed kernel) and layer 2's B steps, and so on. A layer's `Y` block is
    consumed by the next layer while it is in L1 / L2, and only the last
    layer's `Y` exists for the whole sequence. When T is not a multiple of
    B (or is dynamic) one more copy of the chain runs the remaining steps.

    `sequence_lens` (the same value for every layer of the chain) is shifted
    by the block's first step, so masking, `Y` zero rows and the final
    states are those of the whole sequence. Initial states are carried in;
    `Y_h` / `Y_c` of every layer are the states after the last block.

    Left alone: reverse and bidirectional layers (a backward direction needs
    the last step of its input first, so it cannot consume the previous
    layer block by block), a `Y` with any other user than the next layer's
    reshape, different `sequence_lens` values, a dynamic batch or hidden
    size, non-float (quantized / sparse) weights, operands of a later layer
    computed from an earlier layer of the chain, and users of an earlier
    layer's `Y_h` / `Y_c` placed before the last layer.

    Cost rule (`block-steps = 0`): B is the largest of 32, 16, 8 whose `Y`
    block of the widest layer (B x N x H floats) fits in 32 KiB (L1d), at
    least 8; a chain whose static T is below `min-blocks` x B is left alone,
    and so is a chain where a layer after the first has an input weight `W`
    larger than `max-weight-bytes` (1 MiB, the L2 size): that layer's
    projection runs once per block and reads all of `W` each time, which
    measured 0.58x at LSTM H=1024 (16 MiB W in L3, B = 8) and 0.96-0.99x at
    H=512.
  }];
  let options = [
    Option<"blockSteps", "block-steps", "int64_t", /*default=*/"0",
           "Time steps per block (0: cost rule)">,
    Option<"minBlocks", "min-blocks", "int64_t", /*default=*/"2",
           "Smallest number of full blocks (static T) worth chaining">,
    Option<"maxWeightBytes", "max-weight-bytes", "int64_t",
           /*default=*/"1048576",
           "Largest input weight W (bytes) of a chained layer after the "
           "first: its projection runs once per block, so W is read T/B "
           "times (0: no limit)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def RNNQuantizeWeights : Pass<"rnn-quantize-weights", "::mlir::ModuleOp"> {
  let summary = "Quantize constant recurrent weights to int8 (per row) or bf16";
  let description = [{
    Runs after `rnn-expand-sequences`. Rewrites the constant f32 weights of
    every recurrent layer: `R [G*H, H]` of each cell op and `W [G*H, I]` of
    each direction's input-projection matmul (the transposed-B
    `linalg.matmul` that `rnn-expand-sequences` marks `rnn.input_projection`).

    * `mode=int8`: symmetric, one scale per output row (gate unit),
      `s_r = max|w_r| / 127`, `q = round(w / s_r)` in `[-127, 127]`,
      computed at compile time. The weights become an `i8` constant and a
      `quant.scast` to `tensor<R x K x !quant.uniform<i8<-127:127>:f32:0,
      {s_0, ...}>>`; the cell op takes it as `R`, the projection matmul
      reads it through `quant.dcast`.
    * `mode=bf16`: the weights become a `bf16` constant (round to nearest
      even); the cell op takes it as `R`, the projection reads it through
      `arith.extf`.

    Layers whose ONNX node name (the `NameLoc` of the op) is listed in
    `exclude` stay f32. Weights that are not compile-time constants (graph
    inputs) stay f32. Errors: a module without recurrent layers, an
    `exclude` name that names no recurrent layer, non-finite weights.

    `activation-ranges` (int8, from `rnnc --calibration-data`): one
    calibrated `max |a|` per activation site, in the order of
    `rnn-record-activation-ranges` (each input-projection matmul: its `x`;
    each cell op: its `h`). The pass puts the static scale `max / 127` as
    `rnn.activation_scale` (f32) on each quantized projection matmul and
    cell op; `convert-rnn-to-linalg` carries the cell's onto its recurrent
    matmuls and `rnn-matmul-to-vector` then quantizes that operand with the
    fixed scale (clamped to `[-127, 127]`) instead of per row and step.
    Errors: a count that does not match the sites, a range that is zero or
    not finite (naming the layer and operand).
  }];
  let options = [
    Option<"mode", "mode", "std::string", /*default=*/"\"int8\"",
           "int8 or bf16">,
    ListOption<"exclude", "exclude", "std::string",
               "ONNX node names of recurrent layers to keep in f32">,
    ListOption<"activationRanges", "activation-ranges", "double",
               "int8: max |a| of the left operand of every activation site "
               "(see rnn-record-activation-ranges), in site order; gives "
               "static activation scales max / 127 instead of dynamic ones">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect"
  ];
}

def RNNFuseGateEpilogue : Pass<"rnn-fuse-gate-epilogue"> {
  let summary = "Fuse an LSTM or GRU cell's gate math into its recurrent product's kernel";
  let description = [{
    Rewrites every f32 `rnn.lstm_cell` whose recurrent weights `R [4H, H]`
    are a compile-time constant (`H` a multiple of `lanes`, at least
    `min-weights` and, a cost rule, at most 128Ki weights: larger R streams
    from L2 / L3 and fusing was not measurably faster there; fewer than
    `sparse-threshold` zeros) into one
    register-blocked kernel on tensors that computes `h R^T`, the gate math
    and the new state without writing the gate pre-activations anywhere:

    1. `R` is packed at compile time into gate-interleaved panels
       `[H / lanes, H, 4 * lanes]`: panel `p` holds the rows of gates i, o,
       f, c of the hidden units `[p * lanes, (p + 1) * lanes)`, so the four
       registers of a panel are the four gates of the same units;
    2. per block of `row-block` rows of h and per panel, `4 * row-block`
       accumulators of `vector<lanes x f32>` start from the step's projected
       gates (`x_gates`, read at each gate's columns) and run over `K = H`
       (one broadcast of `h[m, k]` feeds four FMAs; with 1-2 rows, `K` is
       split into independent partial sums as in `rnn-matmul-to-vector`);
    3. after the `K` loop, the cell's gate math (recurrent bias, clip,
       peepholes, the three activation functions, input-forget coupling:
       the code of `convert-rnn-to-linalg`'s epilogue, on vectors) runs on
       the four registers and writes `h_t` and `c_t` of those units into two
       fresh buffers (the panels of the same step still read `h_{t-1}`; see
       FuseGateEpilogue.cpp for why `c` is not updated in place), which
       `linalg.copy` ops copy into the cell's results at the end of the step
       (`rnn-inplace-loop-state` makes them the loop's state buffers).

    An f32 `rnn.gru_cell` with constant `R [3H, H]` (the same conditions
    on 3H*H weights, except that a static batch of 1 with
    `linear_before_reset` is fused up to 1Mi weights, where it measured
    faster) gets the same kernel. With `linear_before_reset`, three
    registers per panel (gates z, r, h of the same units): the z and r
    accumulators start from `x_gates`, the candidate's h-part from zero,
    and after the `K` loop `z = f(. + Rb_z)`, `r = f(. + Rb_r)`,
    `n = g(x_h + r (.) (. + Rb_h))`, `h_t = (1 - z) (.) n + z (.) h_{t-1}`
    (the code of `convert-rnn-to-linalg`'s GRU epilogue, on vectors) write
    `h_t` of those units into a fresh buffer copied into the result.
    Without it, `r (.) h` of all units must be complete before the
    candidate's product: two kernels, one over panels of z and r writing z
    and `r (.) h` to scratch buffers, one over panels of `R_h` multiplying
    `r (.) h` from `x_h`, with the candidate and the state update as its
    epilogue.

    Inside a time loop the panels are walked in serpentine order while `R`
    is small (as `rnn-matmul-to-vector` does), and the panel loop is marked
    for `rnn-parallelize-kernels`. `sequence_lens` masking stays the
    separate element-wise generic of `rnn-expand-sequences`. Cells this does
    not take (dynamic, quantized or sparse weights, other element types,
    vanilla RNN cells, cells above the cost rule) are left to
    `convert-rnn-to-linalg`. With
    `f32-projection-in-step=B`, so are the cells whose input projection
    `rnn-matmul-to-vector{f32-projection-in-step=B}` will move into the time
    loop (batch 1, forward, weights within its max-weights): measured on
    Zen 4, LSTM H = 128 T = 50 batch 1, the unfused step with the projection
    inside the loop (B = 8) took 0.158 ms against 0.174 ms fused.
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of one register (a quarter panel of "
           "rnn-matmul-to-vector)">,
    Option<"rowBlock", "row-block", "int64_t", /*default=*/"4",
           "Rows of h per register block">,
    Option<"minWeights", "min-weights", "int64_t", /*default=*/"256",
           "Leave cells whose R has fewer elements (4H*H, GRU 3H*H) "
           "alone">,
    Option<"sparseThreshold", "sparse-threshold", "double",
           /*default=*/"1.0",
           "Leave cells whose R has at least this fraction of zeros to the "
           "sparse kernels (1.0 = take every R)">,
    Option<"f32ProjectionInStep", "f32-projection-in-step", "int64_t",
           /*default=*/"0",
           "Leave the cells whose input projection "
           "rnn-matmul-to-vector{f32-projection-in-step=B} moves into the "
           "time loop to it (0: take them)">,
    Option<"f32ProjectionInStepMaxWeights",
           "f32-projection-in-step-max-weights", "int64_t",
           /*default=*/"131072",
           "rnn-matmul-to-vector's f32-projection-in-step-max-weights">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def ConvertRNNToLinalg : Pass<"convert-rnn-to-linalg"> {
  let summary = "Lower rnn cell ops to linalg matmuls and a gate epilogue";
  let description = [{
    Lowers every `rnn.lstm_cell`, `rnn.gru_cell` and `rnn.rnn_cell` into a
    transposed-B `linalg.matmul` (`h x R^T`, accumulating into the projected
    input gates where possible) followed by one elementwise `linalg.generic`
    that adds the recurrent bias, applies clip, peepholes and the activation
    functions (arith / math ops, ONNX alpha / beta semantics) and produces
    the new state. A GRU without `linear_before_reset` needs the reset gate
    before the candidate matmul, so it becomes two matmuls and two generics.
    Sequence ops must have been expanded first (`rnn-expand-sequences`).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def RNNEmitCInterface : Pass<"rnn-emit-c-interface", "::mlir::ModuleOp"> {
  let summary = "Request C wrappers for the public functions of a module";
  let description = [{
    Adds `llvm.emit_c_interface` to every public `func.func` that has a body,
    so that `convert-func-to-llvm` emits a `_mlir_ciface_<name>` wrapper that
    C callers can use with memref descriptors, and marks every tensor
    argument `bufferization.writable = false`: the caller owns its input
    buffers, so bufferization copies instead of writing into them in place.
    Declarations are left alone: their C symbol is decided by the library
    that defines them.
  }];
}

def RNNSignlessBytes : Pass<"rnn-signless-bytes", "::mlir::ModuleOp"> {
  let summary = "Make uint8 tensors signless i8 before bufferization";
  let description = [{
    ONNX uint8 tensors import as `ui8`, which `arith` does not compute on:
    the importer computes their elements as signless `i8` and reinterprets
    them with `tensor.bitcast` (QuantizeLinear to uint8, DequantizeLinear of
    uint8). A bitcast between two such tensors folds away, but where a
    `ui8` tensor is a function argument or result one stays, and
    bufferization has no model for `tensor.bitcast`. This pass rewrites
    every `ui8` tensor type of the module (function signatures, block
    arguments, results) to `i8` (the same bytes; the C ABI keeps reading
    uint8 from the signature taken at import) and removes the bitcasts that
    then cast `i8` to `i8`.

    ```mlir
    %q = tensor.bitcast %b : tensor<4xi8> to tensor<4xui8>
    return %q : tensor<4xui8>
    // becomes
    return %b : tensor<4xi8>
    ```
  }];
}

def RNNStateInOutput : Pass<"rnn-state-in-output"> {
  let summary = "Write a time loop's state straight into its row of Y";
  let description = [{
    After bufferization a time loop (`rnn.time_loop`) updates its state
    buffer S with one linalg op and copies S into the step's row of `Y`.
    When S is an allocation of its own, written over all of it by that op
    (which does not read its old value there) and otherwise only read in the
    loop, and the row is a subview of a buffer defined outside the loop at an
    offset `t`, `c - t` or `t + c` of size 1 (the other rows of that buffer
    in the loop disjoint from it), the step reads its previous state from
    the previous step's row of `Y` (S itself at the first step), the linalg
    op writes into the row and the copy goes. After the loop, reads of S
    (the copy into `Y_h`) read the last row (or S if the loop may not have
    run); other uses there get a copy of the last row into S first. Run it
    after bufferization.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def RNNLowerStridedCopies : Pass<"rnn-lower-strided-copies"> {
  let summary = "Turn memref.copy between strided memrefs into linalg.copy";
  let description = [{
    `finalize-memref-to-llvm` lowers a `memref.copy` between identity-layout
    memrefs to an `llvm.memcpy` intrinsic, but any other copy to a call to
    `memrefCopy` from MLIR's runner-utils library. Bufferized time loops copy
    state rows into strided views of `Y`, so such copies are common. This
    pass rewrites every copy that is not between two identity layouts into a
    `linalg.copy`, which `convert-linalg-to-loops` turns into plain loads and
    stores; compiled models then need nothing beyond libc and libm.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def RNNLowerToLoops : Pass<"rnn-lower-to-loops"> {
  let summary = "convert-linalg-to-loops, then expand-strided-metadata, "
                "each on the ops it rewrites";
  let description = [{
    The patterns of `convert-linalg-to-loops` (linalg ops on buffers to
    `scf.for` nests, with its folding of `affine.apply` and `memref.dim`),
    then those of `expand-strided-metadata` (views to
    `memref.reinterpret_cast` over `memref.extract_strided_metadata`), each
    applied to the ops they rewrite and the ops they create. The upstream
    passes apply them greedily to the whole function, visiting and trying to
    fold every scalar op of the model, which is most of their time on a
    model lowered to one large function. Ops neither rewrites are left as
    they are (the canonicalizers before have folded them already).
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
  ];
}

def RNNConvertMathToLLVM : Pass<"rnn-convert-math-to-llvm", "::mlir::ModuleOp"> {
  let summary = "convert-math-to-llvm, then convert-math-to-libm, on the "
                "math ops only";
  let description = [{
    The math ops with an LLVM intrinsic become it (the patterns of upstream
    `convert-math-to-llvm`, `approximate-log1p`); the others become libm
    calls (those of `convert-math-to-libm`, which declares the functions;
    a math op neither lowers is an error, as there). Both are dialect
    conversions of the math ops alone: the upstream passes convert the whole
    module, checking the legality of every op of a model lowered to one
    large function, with a handful of math ops to convert.
  }];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def RNNFastMath : Pass<"rnn-fast-math"> {
  let summary = "Allow reassociation and contraction of float arithmetic";
  let description = [{
    Sets the `reassoc` and `contract` fast-math flags on every float
    `arith.addf`, `arith.subf`, `arith.mulf` and `arith.divf`, including those
    in the bodies of linalg ops. The per-step matrix products of a recurrent
    layer are long dot products; without reassociation LLVM must sum them in
    order, one scalar at a time, and cannot use vector FMA. The flags change
    the rounding of sums (the result stays within the usual floating point
    tolerances, as with every BLAS); they do not assume the absence of NaN or
    infinity.
  }];
}

def RNNApproximateMath : Pass<"rnn-approximate-math"> {
  let summary = "Replace transcendental math ops with vectorizable polynomials";
  let description = [{
    Rewrites `math.tanh`, `math.exp`, `math.expm1`, `math.log`, `math.log1p`,
    `math.log2`, `math.erf` and friends on f32 into MLIR's polynomial
    approximations (upstream `populateMathPolynomialApproximationPatterns`),
    which are plain arithmetic that LLVM vectorizes, instead of scalar libm
    calls. The approximations are accurate to a few ulp in f32 (see
    docs/passes.md for the measured error).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def RNNConvToVector : Pass<"rnn-conv-to-vector"> {
  let summary = "Register-blocked vector kernels for 2-D convolutions";
  let description = [{
    Matches the importer's convolution (a `linalg.generic` over
    `(n, m, c, oh, ow, kh, kw)` computing `out += x * w` with
    `x[n, c, oh * sh + kh * dh + oh0, ow + kw * dw + ow0]`, group 1, unit
    stride along the width) with f32 data and static C, H, W and weights
    shape, and replaces it by loops on tensors whose accumulators stay in
    registers: per output row and block of FB output channels x WB vectors of
    `lanes` output columns, FB x WB `vector.fma` per kernel tap, fed by WB
    input loads and FB weight broadcasts; the channel and kernel-row loops
    carry the accumulators, the kernel-column loop is unrolled. WB is the
    number of vectors in the output width (at most 6), FB the largest divisor
    of M (at most 8) with FB x WB + FB + WB <= registers (accumulators,
    broadcast weights and input vectors live at once). The columns past the
    last full block are one masked block. Other generics are left alone
    (grouped, strided along the width, 1-D and 3-D convolutions keep the
    loop lowering).

    With `winograd` = 2 or 4, the 3x3 convolutions with unit strides and
    dilations, constant weights and at least 8 input and output channels
    become Winograd F(m x m, 3 x 3) instead (`ConvWinograd.cpp`): the filter
    transform U = G g G^T is a constant computed at compile time, the input
    transform B^T d B is vectorized over the tiles of a tile row (strided
    tile columns read as contiguous vectors and de-interleaved with
    `vector.shuffle`), the (m+2)^2 products Y[e] = U[e] V[e] over the tiles of
    all tile rows (one flattened, padded dimension) use the direct kernel's
    register blocking, and the output transform A^T Y A is interleaved back
    and added to the init (the bias). Output rows and input rows past the
    tensors are peeled statically; columns past them are masked transfers.
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of one vector register">,
    Option<"registers", "registers", "int64_t", /*default=*/"32",
           "Vector registers: FB x WB accumulators + FB weights + WB inputs "
           "must fit">,
    Option<"winograd", "winograd", "int64_t", /*default=*/"0",
           "Winograd F(m x m, 3 x 3) tile m for unit-stride, undilated 3x3 "
           "convolutions with constant weights: 2, 4, or 0 (off: the direct "
           "kernel)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def RNNMatmulToVector : Pass<"rnn-matmul-to-vector"> {
  let summary = "Pack matmul weights into panels and emit register-blocked vector kernels";
  let description = [{
    Rewrites every f32 `linalg.matmul_transpose_b` (`C += A * B^T`, the
    recurrent step and the input projection after `convert-rnn-to-linalg`)
    whose weight operand `B [N, K]` has a static shape:

    1. `B` is packed into panels `P [ceil(N/V), K, V]` (`V` = `vector-size`,
       zero padded) so that the V weights multiplying `A[m, k]` are
       contiguous. A constant `B` (or a static slice of a constant) is packed
       at compile time into a new constant; any other `B` is packed once, with
       `tensor.pad`, `tensor.expand_shape` and `linalg.transpose`, right
       after its definition (outside the time loop).
    2. The product becomes `scf.for` loops over blocks of `row-block` rows of
       `A` and over panels, with `row-block` accumulators of `vector<V x f32>`
       carried through the loop over `K`: one panel load, `row-block`
       broadcasts and FMAs per step. Rows left over after the last full block
       are done one at a time. Columns past `N` are masked.

    The defaults (V = 64, 4 rows: 16 AVX-512 registers of accumulators) suit
    AVX-512; `rnnc` picks smaller blocks for AVX2 and NEON targets. Products
    with fewer than `min-weights` weights stay as they are (for tiny layers
    the loop lowering is faster).

    Weights narrowed by `rnn-quantize-weights` keep their narrow data:

    * int8 (`quant.dcast` of a `quant.scast` of an i8 constant, per-row
      scales): each row of A is quantized at run time (`s = max|a| / 127`,
      bytes `round(a / s) + 128`), the weights are packed into
      `[ceil(N/V), ceil(K/4), 4V]` i8 panels, `rnn.int8_dot` accumulates in
      i32 from `-128 * rowsum(W)`, and the result is scaled by `s * s_w` into
      C (V rounded to a multiple of 16); with `rnn.activation_scale` on the
      matmul (calibrated static scale s), A is quantized as
      `clamp(round(a / s), -127, 127) + 128` and `s * s_w` is folded into
      the packed scales;
    * bf16 (`arith.extf` of a bf16 constant): with `bf16-dot`, pair-packed
      `[ceil(N/V), ceil(K/2), 2V]` bf16 panels, rows of A rounded to bf16 and
      `x86vector.avx512.dot` (vdpbf16ps) into f32 accumulators; otherwise
      `[ceil(N/V), K, V]` bf16 panels widened to f32 on load.
  }];
  let options = [
    Option<"vectorSize", "vector-size", "int64_t", /*default=*/"64",
           "Panel width V in f32 elements">,
    Option<"rowBlock", "row-block", "int64_t", /*default=*/"4",
           "Rows of A per register block">,
    Option<"minWeights", "min-weights", "int64_t", /*default=*/"256",
           "Leave products whose weight matrix has fewer elements (N*K) as "
           "plain loops">,
    Option<"bf16Dot", "bf16-dot", "bool", /*default=*/"false",
           "bf16 weights: AVX-512 BF16 vdpbf16ps (x86vector.avx512.dot, "
           "activations rounded to bf16) instead of widening the panels">,
    Option<"projectionInStep", "projection-in-step", "int64_t",
           /*default=*/"0",
           "int8, batch-1 step: compute the input projection inside the "
           "time loop, this many time steps (rows) ahead, fused with the "
           "step's panel loop (2, 4 or 8; 0: off)">,
    Option<"projectionInStepMinWeights", "projection-in-step-min-weights",
           "int64_t", /*default=*/"1048576",
           "projection-in-step only where W and R both have at least this "
           "many elements (N*K)">,
    Option<"f32ProjectionInStep", "f32-projection-in-step", "int64_t",
           /*default=*/"0",
           "f32, batch-1 step: compute the input projection inside the "
           "time loop, this many time steps (rows) ahead, fused with the "
           "step's panel loop (2, 4 or 8; 0: off)">,
    Option<"f32ProjectionInStepMaxWeights",
           "f32-projection-in-step-max-weights", "int64_t",
           /*default=*/"131072",
           "f32-projection-in-step only where W and R both have at most this "
           "many elements (N*K)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::rnn::RNNDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
    "::mlir::x86vector::X86VectorDialect"
  ];
}

def RNNRecordActivationRanges
    : Pass<"rnn-record-activation-ranges", "::mlir::ModuleOp"> {
  let summary = "Record max |x_t| and max |h_t| of every recurrent layer "
                "(calibration builds)";
  let description = [{
    Runs where `rnn-quantize-weights` would (after `rnn-expand-sequences`),
    in the f32 calibration build that `rnnc --calibration-data` compiles and
    runs on the calibration sets. The activation sites are, in walk order,
    the left operand `x` of every input-projection matmul
    (`rnn.input_projection`) and the `h` operand of every cell op. For each
    site `i` it adds `max |a|` of that operand (each time it is computed,
    i.e. every time step for `h`) into element `i` of the public global
    `rnnc_activation_ranges : memref<N x f32>` (running maximum, NaN
    propagates), and defines `rnnc_activation_range_count : memref<1 x i32>`
    = N. After the runs, `rnnc` reads the ranges and passes them to
    `rnn-quantize-weights{activation-ranges=...}`, which walks the same sites
    in the same order. The library has mutable global state, so such a build
    is only for calibration.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def RNNConvertOpenMPToLLVM
    : Pass<"rnn-convert-openmp-to-llvm", "::mlir::ModuleOp"> {
  let summary = "convert-openmp-to-llvm, only when the module has omp ops";
  let description = [{
    Runs the upstream `convert-openmp-to-llvm` (as a nested pipeline) when
    the module contains an operation of the omp dialect, and does nothing
    otherwise. rnn-parallelize-kernels only creates worksharing loops for
    products of at least --parallel-min-weights weights, so most models
    have none, and the upstream pass, a dialect conversion over the whole
    LLVM-level module, costs the same with nothing to convert (0.26 s of
    UL-UNAS's compile).
  }];
}

def RNNConvertToLLVM : Pass<"rnn-convert-to-llvm", "::mlir::ModuleOp"> {
  let summary = "memref, arith, index, cf and func (optionally scf and vector) "
                "to LLVM in one conversion";
  let description = [{
    One dialect conversion with one LLVM type converter for what the
    upstream passes `finalize-memref-to-llvm`, `convert-arith-to-llvm`,
    `convert-index-to-llvm`, `convert-cf-to-llvm` (with the aborting
    `cf.assert` lowering) and `convert-func-to-llvm` convert one after the
    other, with the same patterns; with `scf` also `convert-scf-to-cf`'s
    (applied first to the scf ops only, outside the conversion: lowering a
    loop splits its block, and a conversion records every op moved to the
    new block, once per top-level loop of a large function) and
    with `vector` also `convert-vector-to-llvm`'s (its vector-to-vector
    lowerings are applied to the vector ops and what they create, not
    greedily to the whole module). Each of those passes walks the whole
    module and materializes casts that the next one folds away again; on the
    large real models the seven walks were half of the MLIR lowering time.
    Ops of other dialects (math, omp) are left to their own passes; run it
    after `convert-math-to-llvm` and before `reconcile-unrealized-casts`.
  }];
  let options = [
    Option<"alignedAlloc", "aligned-alloc", "bool", /*default=*/"false",
           "memref.alloc through aligned_alloc (finalize-memref-to-llvm's "
           "use-aligned-alloc)">,
    Option<"genericFunctions", "generic-functions", "bool",
           /*default=*/"false",
           "Allocate through _mlir_memref_to_llvm_alloc / _free "
           "(finalize-memref-to-llvm's use-generic-functions)">,
    Option<"scf", "scf", "bool", /*default=*/"false",
           "Also lower scf to cf (the patterns of convert-scf-to-cf, applied "
           "to the scf ops before the conversion)">,
    Option<"vector", "vector", "bool", /*default=*/"false",
           "Also convert vector ops (the lowerings and patterns of "
           "convert-vector-to-llvm with its default options; the "
           "vector-to-vector lowerings applied to the vector ops only)">,
    Option<"x86Vector", "x86-vector", "bool", /*default=*/"false",
           "With vector: also x86vector ops (convert-vector-to-llvm's "
           "enable-x86vector)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def RNNLowerInt8Dot : Pass<"rnn-lower-int8-dot"> {
  let summary = "Lower rnn.int8_dot to AVX-512 VNNI or portable vector arithmetic";
  let description = [{
    With `vnni`, every `rnn.int8_dot` becomes
    `llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"`; otherwise zero /
    sign extension to i32, `arith.muli` and a sum of 4 `vector.shuffle`s
    (one per byte of each group). With `neon=usdot` / `neon=sdot` it is
    split into four 128-bit `llvm.aarch64.neon.usdot.v4i32.v16i8` calls, or
    `sdot(acc, a ^ 0x80, b) + 128 * sdot(0, 1, b)` (sdot multiplies signed
    by signed bytes: `zext(a) = sext(a ^ 0x80) + 128`).
    Runs after bufferization (an intrinsic call has
    unknown memory effects, which buffer deallocation rejects).
    It also lowers `rnn.permute2` (the sparse ELLPACK kernel's activation
    selection): with `permute` to
    `llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.ps.512"` (f32 lanes),
    with `byte-permute` the byte form (the int8 ELLPACK kernel's) to
    `"llvm.x86.avx512.vpermi2var.qi.512"` (AVX-512 VBMI), otherwise to
    a concatenating `vector.shuffle` and one dynamic `vector.extract` per
    lane.
  }];
  let options = [
    Option<"vnni", "vnni", "bool", /*default=*/"false",
           "Use vpdpbusd (x86 with avx512vnni and avx512bw)">,
    Option<"neon", "neon", "std::string", /*default=*/"\"\"",
           "AArch64 dot products: usdot (+i8mm: unsigned x signed, one "
           "instruction per 16 bytes) or sdot (+dotprod: signed x signed, "
           "with the activations' +128 shift undone by a second sdot); "
           "empty = portable vector arithmetic">,
    Option<"permute", "permute", "bool", /*default=*/"false",
           "Lower rnn.permute2 to vpermi2ps (x86 with avx512f)">,
    Option<"bytePermute", "byte-permute", "bool", /*default=*/"false",
           "Lower byte rnn.permute2 to vpermi2b (x86 with avx512vbmi)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def RNNInPlaceLoopState : Pass<"rnn-inplace-loop-state"> {
  let summary = "Let loop-carried tensors be updated in their own buffers";
  let description = [{
    For every `scf.for` iter_arg whose yielded value is the result of a
    destination-style op (e.g. the `linalg.generic` computing the new hidden
    state) writing into a `tensor.empty` of the same type, makes the iter_arg
    itself that destination. One-shot bufferization then updates the state in
    place instead of allocating a new buffer every time step; where the old
    value is still read after the update, its conflict analysis inserts a
    copy, so the rewrite never changes results. Run it right before
    bufferization (upstream elementwise fusion turns unread destinations back
    into `tensor.empty`).
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def RNNParallelizeKernels
    : Pass<"rnn-parallelize-kernels", "::mlir::ModuleOp"> {
  let summary = "Split the kernels' panel loops across threads (OpenMP)";
  let description = [{
    Runs on memrefs after bufferization. Every `scf.for` marked `rnn.parallel`
    by the kernels (the panel loop of a matrix product: its iterations write
    disjoint columns of the result) that carries no values becomes

    ```
    %n = memref.load @rnnc_num_threads
    scf.if (%n > 1) {
      omp.parallel num_threads(%n) { omp.wsloop { omp.loop_nest ... } }
    } else {
      <the original loop>
    }
    ```

    The schedule is static: with the same trip count at every time step, a
    thread gets the same panels at every step, so its share of the recurrent
    weights stays in its core's cache. One thread (the default) runs the
    original loop and never enters the OpenMP runtime.

    The module gets a public global `rnnc_num_threads : memref<i32>`
    (initially 1), also when there is nothing to split; the generated C
    ABI's `rnnc_set_num_threads` writes it. Marks on loops that still carry values
    are dropped (the loop stays sequential), and so are loops whose mark
    states fewer weights than `min-weights`: a fork / join of the OpenMP
    runtime costs about 4 us on this project's machine, so a loop needs
    several times that in work to gain. The measure is the weights a loop
    streams, whatever its rows: a batch-1 step is bound by them, and a
    block of 4 rows takes about as long per weight once it is compute bound
    (at the default 256K: an LSTM from H = 256, a GRU from H = 296, a vanilla
    RNN from H = 512).

    With `region` (the default), a loop whose body holds panel loops
    streaming at least `region-min-weights` weights per iteration (a time
    loop, the block loop of an input projection) runs instead in one
    parallel region: with more than one thread,

    ```
    omp.parallel num_threads(%n) {
      scf.for %t ... {                 // every thread runs every step
        <the body's ops free of memory effects (views, index math)>
        omp.wsloop { <panel loop> }    // each ends with a barrier
        omp.wsloop { <element-wise ops on chunks of 16 columns> }
        omp.single { <anything else> }
      }
    }
    ```

    and one thread runs the original loop, nothing split. An inner loop
    holding panel loops that could run in a region itself (the batch loop
    of a step) is run by every thread, its body handled the same way; so
    is an `scf.if` without results whose branches hold panel loops (the
    step of `rnn-matmul-to-vector{f32-projection-in-step}`: the product
    with the next block's projection tiles, or the product alone in the
    last block): every thread evaluates the condition (computed by every
    thread from the same values) and takes the same branch, and the weights
    of the larger branch count. Element-wise ops
    (linalg ops with only parallel loops, memref.copy) are split along
    their innermost loop into chunks (16 columns when that divides it) when
    every output is indexed by that loop; consecutive ones share a
    worksharing loop when whatever one writes and another accesses is the
    same buffer sliced the same way. Each worksharing loop and single ends
    with a barrier, so every thread sees a step's h complete before the next
    product. A loop qualifies when it carries no values, allocates nothing
    in its body, and its ops with memory effects have no results; otherwise
    its panel loops get a fork / join each as above. The default
    `region-min-weights` (128K) keeps smaller steps on the per-product
    scheme: at 64K weights per step (the vanilla RNN H = 256 and the LSTM
    H = 128 at batch 1, f32-projection-in-step loops) a region with the
    generated barriers gained only 1.12-1.15x over one thread at the
    minimum and ran 2-3x slower at the median while another process loaded
    the 2-vCPU VM (docs/passes.md, Threads). Before each panel loop of a
    region, every thread prefetches each 64-byte line of the small vectors
    the panels load element by element from outside the loop (unit dims
    before a static last one of at most 1024 elements: h of a batch-1 step,
    half of it written by the other thread in the previous step).
  }];
  let options = [
    Option<"minWeights", "min-weights", "int64_t", /*default=*/"262144",
           "Smallest loop (weights streamed, from the kernel's mark) that "
           "is split">,
    Option<"region", "region", "bool", /*default=*/"true",
           "One parallel region around a loop (a time loop, an input "
           "projection's block loop) whose body holds panel loops: every "
           "thread runs the loop, its panel loops and element-wise ops are "
           "split and the rest runs on one thread, with barriers between "
           "them instead of a fork / join per product">,
    Option<"regionMinWeights", "region-min-weights", "int64_t",
           /*default=*/"131072",
           "Smallest loop for a parallel region (weights its panel loops "
           "stream per iteration)">,
    Option<"spinBarrier", "spin-barrier", "bool", /*default=*/"true",
           "In a parallel region, end each worksharing loop / single with a "
           "generated barrier (two atomic words, spinning on an acquire "
           "load) instead of OpenMP's implicit one">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::omp::OpenMPDialect",
    "::mlir::scf::SCFDialect"
  ];
}

def RNNPlanScratch : Pass<"rnn-plan-scratch", "::mlir::ModuleOp"> {
  let summary = "Reuse a run's scratch buffers by liveness, planned at compile time";
  let description = [{
    Runs on memrefs after bufferization and deallocation. In every function
    with a single block, statically shaped `memref.alloc`s of the entry block
    whose uses only read or write them (directly or through view-like ops) and
    whose one `memref.dealloc` is unconditional and in the same block are
    planned: a buffer is live from its alloc to its last use (a use inside a
    loop counts as the whole loop); in order of first use, each buffer takes
    the best-fitting free slot (one whose previous owner is dead), enlarging
    it if needed, or a new slot. Each slot is one 64-byte aligned
    `memref.alloc` of i8 at function entry, freed before each return; the
    buffers become `memref.view`s of their slot and their deallocs go away.
    Buffers that escape (returned, yielded, passed to a call, or whose address
    is taken) keep their own allocation.

    Slots rather than one arena with offsets: buffers carved from one
    allocation share a base object, and LLVM then cannot prove that a loop's
    operands do not overlap and stops vectorizing it.

    Sets `rnn.scratch_bytes`, `rnn.scratch_slots`, `rnn.scratch_buffers` and
    `rnn.scratch_bytes_unplanned` (the padded size of the same buffers
    allocated one by one) on the module; `rnnc --report` prints them.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def RNNPruneWeights : Pass<"rnn-prune-weights"> {
  let summary = "Magnitude-prune the constant W and R of the sequence ops";
  let description = [{
    Sets the fraction `sparsity` of the weights of every constant `W` and `R`
    of `rnn.lstm`, `rnn.gru` and `rnn.rnn` to zero, before expansion, so the
    pruned model is an ordinary model with zeros in its weights. Each
    direction's `[G*H, K]` matrix is cut into `block` tiles of R rows x C
    columns (the last column of tiles may be narrower); a tile's score is
    the sum of the squares of its weights. Within each balance group,
    `floor(sparsity * n + 0.5)` of its `n` tiles with the lowest scores
    become zero, ties keeping the lower tile index (row-major). Groups:

    * `row` (default): each row of tiles, so every weight row keeps the same
      number of non-zeros (ESE's load balancing);
    * `gate`: each gate's `[H, K]` rows;
    * `matrix`: the whole matrix of one direction;
    * `bank`: each row of tiles within each bank of `floor(bank-cols / C)`
      tiles (at least one; `bank-cols` is 64 by default and in rnnc; the
      last bank of a row may be narrower): bank-balanced sparsity. With C
      dividing 64 every row keeps the same number of non-zeros in every 64
      columns, so the rows of a tiled-ELLPACK tile (16 rows x 64 columns,
      `rnn-sparse-kernels`) need no padding.

    R must divide `hidden_size` (tiles never straddle gates). Weights that
    are not constants (graph inputs) are an error. `scripts/prune_onnx.py`
    applies the same rule to an ONNX file.
  }];
  let options = [
    Option<"sparsity", "sparsity", "double", /*default=*/"0.0",
           "Fraction of zero tiles in [0, 1)">,
    Option<"block", "block", "std::string", /*default=*/"\"1x1\"",
           "Tile shape RxC (1x1 = unstructured)">,
    Option<"balance", "balance", "std::string", /*default=*/"\"row\"",
           "Balance group: row, gate, matrix or bank">,
    Option<"bankCols", "bank-cols", "int64_t", /*default=*/"64",
           "Bank width in columns for balance=bank (rnnc: always 64)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def RNNSparseKernels : Pass<"rnn-sparse-kernels"> {
  let summary = "Sparse storage and kernels for matmuls with sparse constant weights";
  let description = [{
    Rewrites every f32 `linalg.matmul_transpose_b` (`C += A * B^T`, after
    `convert-rnn-to-linalg`) whose weight `B [N, K]` is a constant (or a
    static slice of one) with a fraction of exact zeros of at least
    `threshold`. The pass chooses a block shape R x C per matrix (1x1 is
    CSR; 2x1 .. 16x1, 4x2, 4x4, 8x4 are block-CSR) minimizing a cost model
    fitted on benchmarks/sparse_bench.py (1 per stored value + 5 per block,
    in units of one weight of the dense kernels); when even the best shape
    costs at least N*K, the matrix stays dense. Otherwise it stores `B` as three
    compile-time constants (`i32` block-row pointers, `i32` block column
    indices, `f32` values with each block stored column by column) and
    emits, for each row of `A`, an `scf.for` over block rows carrying a
    `vector<R x f32>` accumulator through an `scf.for` over the blocks of
    that row: C `vector.fma` per block (unrolled by 4 into independent
    partial sums). With 16 or more rows of `A` (the input projection of all
    steps) it works on `A^T` and `C^T` instead (zero-padded to a multiple
    of 16 rows of `A`, so every vector access is in bounds), 16 rows of `A`
    in the lanes of a `vector<16 x f32>`, up to 8 such vectors per pass
    over `B` (at most 16 accumulators: R x vectors): one broadcast weight
    for several FMAs, one activation load for R (a dynamic row count
    chooses between the two kernels at run time). With a static row count
    of 16 or more the cost also charges the lanes kernel's transposes, 16 *
    (K + 2N) (`lanes=auto`; `always` leaves them out, so small test
    matrices still get the lanes kernel): a narrow `B` (few columns, e.g.
    the input projection of a model with few inputs) then stays dense.
    Empty block rows leave `C` unchanged; an all-zero `B`
    makes the product disappear (a `tensor.cast` marker carries the
    decision until canonicalization). The op producing the product's result
    carries the decision as the `rnn.sparse_matmul` attribute
    (`{format, block, rows, cols, nnz, stored, sparsity, dense_bytes, sparse_bytes}`).
    Matrices below the threshold are left for `rnn-matmul-to-vector` and
    get `rnn.sparse_matmul = {format = "dense", ...}` for the report.
    `threshold = 1.0` disables the pass.

    With fewer than 16 rows of `A` (the recurrent step) and N a multiple of
    16, tiled ELLPACK is a further candidate (`ell`: `auto` lets the cost
    model choose it when `ell-permute` is set, `always` forces it, `never`
    excludes it): tiles of 16 rows x 64 columns, each with as many entries
    as the longest of its rows; an entry is 16 f32 weights (one per row)
    and 16 columns of 6 bits, five entries to an i32 word per row (bits
    6k..6k+5 for the k-th entry of the word; the kernel shifts the word
    instead of widening bytes; 76.8 bytes per entry). The rows are first grouped so that the 16
    rows of a tile row have their non-zeros in the same tiles
    (`ell-group-rows`, greedy; kept when it saves entries): the kernel then
    sums the packed rows into a buffer and adds them to `C` through the
    inverse order (a gather per 16 rows). Per tile the kernel loads the 64
    activations as four `vector<16xf32>`; per entry it selects each lane's
    activation with two `rnn.permute2` and a select on bit 5 of its column
    (`ell-permute`, AVX-512's vpermi2ps after `rnn-lower-int8-dot`) or a
    `vector.gather` from `A`, and does one `vector.fma` for 16 rows. Cost:
    22 per entry + 48 per tile + 2 per reordered row. A dynamic row count
    keeps the block-CSR lanes kernel for 16 rows or more.
    With a static row count of 16 or more (the input projection of all
    steps) and N a multiple of 16, the many-rows tiled ELLPACK kernel is a
    candidate too (`format = "ell-rows"`; `ell=always` forces it unless
    `lanes=always`): the same tiles in B's row order (no grouping), `C`'s
    rows read and written directly (no transposes); a pass serves 8 rows of
    `A` (4 when B has more than 32 columns), each holding its activations
    of a tile in registers (one vector per 16 columns; with at most 32
    columns one `rnn.permute2` per entry and row, no select), and each
    entry's values and column word are loaded once for the pass's rows;
    the rows left over take one shorter pass. Cost per row of `A`: 16 per
    entry + 48 per tile, against the dense N*K and the lanes kernel with
    its transposes.
    Weights narrowed by `rnn-quantize-weights` to int8 with A of fewer than
    16 rows (the recurrent step; a dynamic row count chooses at run time
    and leaves the matmul for the dense int8 kernel above) and N a multiple
    of 16 may get the int8 tiled ELLPACK kernel (`int8`: `auto` by its cost
    model when `int8-permute` is set, `always`, `never`): tiles of 16 rows
    x 128 columns, an entry being 4 int8 weights of each of the 16 rows
    and their 64 column bytes; per entry one byte `rnn.permute2` of the
    tile's 128 quantized activations (vpermi2b) and one `rnn.int8_dot`
    (vpdpbusd), with the dense int8 kernel's activation quantization and
    epilogue, so bit-identical results (`format = "int8-ell"`). Cost: 128
    per entry + 128 per tile in bytes of the dense int8 kernel (N*K).
    Other narrow weights (int8 left dense, bf16) are left to the dense
    narrow kernels; they get `format = "int8"` / `"bf16"` with their zero
    fraction for the report.
  }];
  let options = [
    Option<"threshold", "threshold", "double", /*default=*/"0.5",
           "Smallest fraction of zeros that gets sparse storage (1.0: never)">,
    Option<"gather", "gather", "bool", /*default=*/"false",
           "CSR (1x1) rows as 16-lane gathers of the activations instead of "
           "scalar loads in 4 partial sums">,
    Option<"ell", "ell", "std::string", /*default=*/"\"auto\"",
           "Tiled ELLPACK kernels (row kernel for A with few rows, many-rows "
           "kernel for 16 or more static rows): auto (by the cost model, with "
           "ell-permute only), always (whenever N is a multiple of 16; many "
           "rows: unless lanes=always) or never">,
    Option<"ellPermute", "ell-permute", "bool", /*default=*/"false",
           "Select the activations of an ELLPACK tile with rnn.permute2 "
           "(AVX-512's vpermi2ps) instead of gathers">,
    Option<"ellGroupRows", "ell-group-rows", "bool", /*default=*/"true",
           "Reorder the rows of an ELLPACK matrix so that the 16 rows of a "
           "tile have their non-zeros in the same tiles (fewer entries)">,
    Option<"int8", "int8", "std::string", /*default=*/"\"auto\"",
           "int8 tiled ELLPACK kernel for pruned int8 weights and A with "
           "few rows: auto (by the cost model, with int8-permute only), "
           "always (whenever N is a multiple of 16) or never">,
    Option<"int8Permute", "int8-permute", "bool", /*default=*/"false",
           "The target has AVX-512 VBMI's vpermi2b and VNNI's vpdpbusd "
           "(the int8 ELLPACK kernel's instructions)">,
    Option<"minWeights", "min-weights", "int64_t", /*default=*/"256",
           "int8 weights with fewer elements stay with rnn-matmul-to-vector "
           "(its min-weights: exact dequantization, no int8 kernel)">,
    Option<"lanes", "lanes", "std::string", /*default=*/"\"auto\"",
           "Lanes kernel for A with 16 or more rows (static): auto (the "
           "cost model charges its transposes of A and C) or always "
           "(whenever block-CSR beats N*K without them; for tests)">
  ];
  let dependentDialects = [
    "::mlir::rnn::RNNDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def RNNHLSWeights : Pass<"rnn-hls-weights"> {
  let summary = "int8 and sparse weight products for the HLS backend";
  let description = [{
    Part of `rnn-lower-to-hls` (tensor level, after `convert-rnn-to-linalg`;
    the HLS counterpart of the CPU's `rnn-matmul-to-vector` int8 kernel and
    `rnn-sparse-kernels`). Rewrites each f32 `linalg.matmul_transpose_b`
    (`C += A * B^T`, B [N, K]) whose weights are

    * int8 (rnn-quantize-weights: i8 constant + per-row scales s_w) into the
      CPU int8 kernel's arithmetic, as linalg on tensors: per row m of A,
      amax = max|A[m,:]|, s_a = amax * (1/127), inv = 127 / amax (0 for an
      all-zero row), q_a = fptosi(roundeven(A * inv)) as i8; the i8 x i8
      product accumulated in i32 (`linalg.matmul_transpose_b`); then
      C = fma(sitofp(acc), s_a * s_w, C). Same operations in the same
      order as QuantizedKernel.cpp (whose +128 shift is undone exactly in
      i32), so the results are bit-identical;
    * a constant f32 matrix with a fraction of exact zeros of at least
      `sparse-threshold` into a padded-row (ELL) sparse product: L = the
      largest non-zero count of a row, `cols [N, L]` (i16 when K < 2^15,
      else i32) and `vals [N, L]` constants (each row's non-zeros in column
      order, padded with value 0 at the row's last column; L >= 2 so
      that the loop is not folded away), and a
      `linalg.generic` over (m, n, j) computing
      `C[m, n] += A[m, cols[n, j]] * vals[n, j]` (A read with
      `tensor.extract`). Static trip counts, so the product pipelines like
      a dense one (rnn-hls-prepare) with N*L multiplications instead of
      N*K; summing the non-zeros in column order gives the same floats as
      the dense loop. The generic carries
      `rnn.hls_sparse = [N, K, nnz, L]`. An all-zero B leaves C;
    * int8 weights with at least `sparse-threshold` zeros (e.g. pruned by
      `--sparsify`, then quantized): the same int8 arithmetic with the i32
      sum over padded rows, `acc[m, n] += q_a[m, cols[n, j]] * vals[n, j]`
      (i8 `vals`): the same integer as the dense int8 sum, so the same
      floats as the CPU's dense int8 kernel on the pruned weights;
    * with `fixed-point` (fixed-point data, rnn-hls-prepare's
      `precision=fixed<W,I>`), int8 products do not quantize the
      activations (they are fixed-point numbers already): acc[m, n] =
      sum_k A[m, k] * sitofp(q_w[n, k]) (the HLS code multiplies the
      activation by the 8-bit integer and sums exactly), then
      C = C + acc * s_w[n].
  }];
  let options = [
    Option<"sparseThreshold", "sparse-threshold", "double", /*default=*/"0.5",
           "Smallest fraction of zeros of a constant weight matrix that gets "
           "the sparse product (1.0 = never)">,
    Option<"fixedPoint", "fixed-point", "bool", /*default=*/"false",
           "int8 products for fixed-point data: the activations are not "
           "quantized; C += (sum_k A * q_w) * s_w">
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::arith::ArithDialect"];
}

def RNNHLSSeparateBuffers : Pass<"rnn-hls-separate-buffers"> {
  let summary = "one tensor.empty per use, so that bufferization gives each layer its own buffers";
  let description = [{
    Part of `rnn-lower-to-hls`, right before one-shot bufferization. CSE
    merges identical `tensor.empty` ops, and bufferization then gives all
    of their uses one allocation: the gate buffers and `Y` of two stacked
    layers of the same shape become one array that both layers write. That
    is fine on a CPU, but it ties the layers into one DATAFLOW process
    (rnn-hls-prepare groups the statements writing a buffer). This pass
    clones every `tensor.empty` with several uses, one per use, so each use
    gets its own allocation (first every `linalg.fill` with several uses,
    e.g. the zero initial states of two layers, one per use). (Buffers of
    the same layer that bufferization
    shares for other reasons, e.g. in-place updates, are not affected.)
  }];
}

def RNNHLSFuseElementwise : Pass<"rnn-hls-fuse-elementwise"> {
  let summary = "linalg elementwise fusion that keeps int8 quantization out of contractions";
  let description = [{
    The HLS pipeline's `linalg-fuse-elementwise-ops`: the same patterns
    (elementwise producer / consumer fusion of single-use producers,
    reshape propagation by expansion, the canonicalizations and constant
    folding of the upstream pass) except that an elementwise producer of an
    integer tensor (the i8 activations of rnn-hls-weights' int8 product) is
    never fused into a consumer with a reduction: the input projection's
    matmul becomes a generic contraction through reshape propagation, and
    fusing the quantization into it would re-quantize every activation once
    per output row (same numbers, N times the work, and no recognizable
    product for rnn-hls-prepare). Likewise no elementwise producer is fused
    into a fixed-point int8 sum (int8 weights with fixed-point data): GRU
    `linear_before_reset=0` computes r * h before its second product, and
    fused, r * h would be recomputed for every output row and the sum would
    no longer be recognized as a product.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def RNNHLSPrepare : Pass<"rnn-hls-prepare", "::mlir::ModuleOp"> {
  let summary = "Check the HLS level and attach HLS directives as attributes";
  let description = [{
    Runs on the output of `rnn-lower-to-hls` (func / scf / memref / arith /
    math on static shapes) and prepares it for the HLS C++ emitter
    (`rnn-translate --emit-hls-cpp`), which prints the attributes as pragmas:

    * every memref must have a static shape (error otherwise: pin dynamic
      input dims with `--input-shape`);
    * matrix products (a loop nest `n`, `k` whose innermost body is
      `C[.., n] += A[.., k] * B[n, k]`) get their accumulator in a register:
      the `k` loop carries it (`hls.accumulate`), so a fixed-point build can
      accumulate in the wider `accum_t`; a `memref.copy` of initial values
      into the accumulator right before the product is folded into the
      product's first read (bufferization copies each step's projected
      gates into a fresh buffer), and a loop nest storing one constant (a
      zero fill) or a broadcast row (the projection's bias) into the whole
      accumulator right before the product into the sums' initial value;
    * with reuse factor R (hls4ml convention: ceil(N*K/R) multipliers per
      product) each product is pipelined: if ceil(N*K/R) < K, the `k` loop
      gets `hls.pipeline = 1` and `hls.unroll = U` (U the smallest divisor
      of K >= N*K/R), otherwise the `n` loop gets `hls.pipeline = 1` and
      `hls.unroll = u` (its `k` loop is then fully unrolled); the weight and
      vector arrays get a matching cyclic `hls.partition`; the loop records
      `hls.matvec = [N, K, R, multipliers]` for the report;
    * every other innermost loop gets `hls.pipeline = 1`; loops holding a
      product that are not part of it (the time loop) are labelled
      (`hls.label`);
    * constant globals (weights) get `hls.storage = "rom_2p"`; the function
      gets `hls.interface` (and is renamed to `top` when given); the module
      gets `hls.precision`, `hls.data_type` and `hls.accum_type`.
    * a dynamic sequence length (the outermost dim of one input, the trip
      count of a time loop) with `max-seq-len=N`: buffers, ports and loops
      keep their dynamic sizes (the code runs the actual length) and get
      their bounds over every length 1..N: `hls.max_shape` on ops with a
      dynamic memref result, `hls.tripcount = [min, max, avg]` on loops
      (printed as LOOP_TRIPCOUNT), `hls.seq_len = [arg, dim, N]` on the
      function, `hls.seq_dim = [a, b]` (dim 0 = a * length + b) and
      `hls.max_shape` on dynamic results. Any other dynamic dim, or one
      without `max-seq-len`, is an error.
    * every top-level input port a product reads is copied once into a
      local array (`memref.alloc {hls.port_copy = NAME}` + `memref.copy`)
      that the product reads instead, partitioned like its other operands
      (a port delivers one element per cycle);
    * with `dataflow` (default), the top-level statements are grouped into
      processes connected by buffers written once and read once
      (`hls.dataflow`, `hls.stage = i`, `hls.channel`,
      `hls.dataflow_notes`), or the function records why not
      (`hls.no_dataflow`); docs/hls.md, "DATAFLOW". Before grouping,
      copies and fills move next to the statement that depends on them,
      and a port read by statements that are not adjacent is split into
      one local array per reader (`hls.port_part`). A channel that bypasses
      computing processes gets `hls.channel_depth = L + 1` ping-pong
      buffers; a channel written in order and read slice by slice of its
      dim 0 becomes a FIFO (`hls.stream = [id, depth]` on the buffer,
      `hls.stream_pop = [ids]` on the consuming loop); every channel is
      listed for the report in `hls.channel_edges = [from, to, slices]...`
      on the function (slices 0 for a ping-pong buffer).
  }];
  let options = [
    Option<"reuse", "reuse", "int64_t", /*default=*/"1",
           "Reuse factor R: each product uses ceil(N*K/R) multipliers">,
    Option<"precision", "precision", "std::string", /*default=*/"\"float\"",
           "float or fixed<W,I> (ap_fixed, rounding and saturation)">,
    Option<"interface", "interface", "std::string", /*default=*/"\"m_axi\"",
           "Top-level port protocol: m_axi or axis">,
    Option<"top", "top", "std::string", /*default=*/"\"\"",
           "Name of the top function (default: keep the function's name)">,
    Option<"maxSeqLen", "max-seq-len", "int64_t", /*default=*/"0",
           "Maximum of a dynamic sequence length (0: every shape static)">,
    Option<"dataflow", "dataflow", "bool", /*default=*/"true",
           "Group the top-level statements into DATAFLOW processes where "
           "that applies (false: one sequential function)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

#endif // RNN_DIALECT_RNN_TRANSFORMS_PASSES_TD
