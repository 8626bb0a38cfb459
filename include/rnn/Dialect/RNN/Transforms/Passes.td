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
  }];
  let options = [
    Option<"vectorSize", "vector-size", "int64_t", /*default=*/"64",
           "Panel width V in f32 elements">,
    Option<"rowBlock", "row-block", "int64_t", /*default=*/"4",
           "Rows of A per register block">,
    Option<"minWeights", "min-weights", "int64_t", /*default=*/"256",
           "Leave products whose weight matrix has fewer elements (N*K) as "
           "plain loops">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
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
      gates into a fresh buffer);
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
  }];
  let options = [
    Option<"reuse", "reuse", "int64_t", /*default=*/"1",
           "Reuse factor R: each product uses ceil(N*K/R) multipliers">,
    Option<"precision", "precision", "std::string", /*default=*/"\"float\"",
           "float or fixed<W,I> (ap_fixed, rounding and saturation)">,
    Option<"interface", "interface", "std::string", /*default=*/"\"m_axi\"",
           "Top-level port protocol: m_axi or axis">,
    Option<"top", "top", "std::string", /*default=*/"\"\"",
           "Name of the top function (default: keep the function's name)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

#endif // RNN_DIALECT_RNN_TRANSFORMS_PASSES_TD
