//===- RNNOps.td - rnn dialect operations ------------------*- tablegen -*-===//

#ifndef RNN_DIALECT_RNN_IR_RNNOPS_TD
#define RNN_DIALECT_RNN_IR_RNNOPS_TD

include "rnn/Dialect/RNN/IR/RNNDialect.td"
include "rnn/Dialect/RNN/IR/RNNAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

// Weights may be float (same element type as the data), quantized
// (`!quant.uniform`) or carry a sparse encoding; the verifier checks which.
defvar RNN_FloatTensor = RankedTensorOf<[AnyFloat]>;
defvar RNN_WeightTensor = AnyRankedTensor;
defvar RNN_SeqLensTensor = RankedTensorOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// Sequence ops
//===----------------------------------------------------------------------===//

class RNN_SequenceOp<string mnemonic, string layer, int numGates,
                     int numActs, list<Trait> traits = []>
    : RNN_Op<mnemonic, !listconcat(traits, [Pure, AttrSizedOperandSegments])> {
  code commonExtraDecl = [{
    /// Number of gates stacked in W / R (LSTM 4, GRU 3, RNN 1).
    static constexpr int64_t kNumGates = }] # numGates # [{;
    /// Activation functions per direction (LSTM 3, GRU 2, RNN 1).
    static constexpr int64_t kNumActivations = }] # numActs # [{;
    int64_t getNumDirections() {
      return getDirection() == ::mlir::rnn::Direction::bidirectional ? 2 : 1;
    }
    /// The activation list of direction `dir` (0 forward, 1 backward).
    ::llvm::SmallVector<::mlir::rnn::ActivationAttr> getDirectionActivations(int64_t dir);
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def RNN_LSTMOp : RNN_SequenceOp<"lstm", "LSTM", 4, 3> {
  let summary = "ONNX LSTM over a whole sequence (time-major)";
  let description = [{
    A long short-term memory layer with the semantics of ONNX `LSTM`
    (opsets 7, 14, 22) in time-major layout. With `D` directions (2 when
    bidirectional), `H = hidden_size`, `T` steps, batch `N` and input size `I`:

    | operand / result | shape |
    |---|---|
    | `X` | `[T, N, I]` |
    | `W` | `[D, 4H, I]` (gates i, o, f, c) |
    | `R` | `[D, 4H, H]` |
    | `bias` (Wb ++ Rb) | `[D, 8H]` |
    | `sequence_lens` | `[N]` (i32 or i64) |
    | `initial_h`, `initial_c` | `[D, N, H]` |
    | `peepholes` (Pi, Po, Pf) | `[D, 3H]` |
    | `Y` | `[T, D, N, H]` |
    | `Y_h`, `Y_c` | `[D, N, H]` |

    `activations` holds 3 functions per direction (f, g, h in ONNX terms),
    forward first. A missing optional operand means zeros (or full length
    for `sequence_lens`). Steps past a batch entry's sequence length produce
    zeros in `Y`, and `Y_h` / `Y_c` hold the state at its last valid step.
    All results are always produced; unused ones are dead code.

    ```mlir
    %y, %yh, %yc = rnn.lstm %x, %w, %r bias(%b : tensor<1x160xf32>)
        forward hidden_size = 20
        activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
        : tensor<7x2x10xf32>, tensor<1x80x10xf32>, tensor<1x80x20xf32>
        -> tensor<7x1x2x20xf32>, tensor<1x2x20xf32>, tensor<1x2x20xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$X, RNN_WeightTensor:$W, RNN_WeightTensor:$R,
    Optional<RNN_FloatTensor>:$bias,
    Optional<RNN_SeqLensTensor>:$sequence_lens,
    Optional<RNN_FloatTensor>:$initial_h,
    Optional<RNN_FloatTensor>:$initial_c,
    Optional<RNN_FloatTensor>:$peepholes,
    RNN_DirectionAttr:$direction,
    ConfinedAttr<I64Attr, [IntPositive]>:$hidden_size,
    RNN_ActivationArrayAttr:$activations,
    OptionalAttr<F32Attr>:$clip,
    UnitAttr:$input_forget
  );
  let results = (outs RNN_FloatTensor:$Y, RNN_FloatTensor:$Y_h,
                      RNN_FloatTensor:$Y_c);
  let assemblyFormat = [{
    $X `,` $W `,` $R
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`sequence_lens` `(` $sequence_lens^ `:` type($sequence_lens) `)`)?
    (`initial_h` `(` $initial_h^ `:` type($initial_h) `)`)?
    (`initial_c` `(` $initial_c^ `:` type($initial_c) `)`)?
    (`peepholes` `(` $peepholes^ `:` type($peepholes) `)`)?
    $direction `hidden_size` `=` $hidden_size
    `activations` `=` $activations
    (`clip` `=` $clip^)? (`input_forget` $input_forget^)?
    attr-dict `:` type($X) `,` type($W) `,` type($R)
    `->` type($Y) `,` type($Y_h) `,` type($Y_c)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def RNN_GRUOp : RNN_SequenceOp<"gru", "GRU", 3, 2> {
  let summary = "ONNX GRU over a whole sequence (time-major)";
  let description = [{
    A gated recurrent unit layer with the semantics of ONNX `GRU`. Shapes as
    for `rnn.lstm` with 3 gates (z, r, h): `W [D, 3H, I]`, `R [D, 3H, H]`,
    `bias [D, 6H]`; no cell state and no peepholes. `activations` holds 2
    functions per direction (f, g). With `linear_before_reset` the
    recurrent bias of the h gate is added before the reset gate multiplies
    (`ht = g(Xt*Wh + Wbh + rt (.) (Ht-1*Rh + Rbh))`), as cuDNN and PyTorch do.

    ```mlir
    %y, %yh = rnn.gru %x, %w, %r forward hidden_size = 5
        activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
        : tensor<3x1x2xf32>, tensor<1x15x2xf32>, tensor<1x15x5xf32>
        -> tensor<3x1x1x5xf32>, tensor<1x1x5xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$X, RNN_WeightTensor:$W, RNN_WeightTensor:$R,
    Optional<RNN_FloatTensor>:$bias,
    Optional<RNN_SeqLensTensor>:$sequence_lens,
    Optional<RNN_FloatTensor>:$initial_h,
    RNN_DirectionAttr:$direction,
    ConfinedAttr<I64Attr, [IntPositive]>:$hidden_size,
    RNN_ActivationArrayAttr:$activations,
    OptionalAttr<F32Attr>:$clip,
    UnitAttr:$linear_before_reset
  );
  let results = (outs RNN_FloatTensor:$Y, RNN_FloatTensor:$Y_h);
  let assemblyFormat = [{
    $X `,` $W `,` $R
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`sequence_lens` `(` $sequence_lens^ `:` type($sequence_lens) `)`)?
    (`initial_h` `(` $initial_h^ `:` type($initial_h) `)`)?
    $direction `hidden_size` `=` $hidden_size
    `activations` `=` $activations
    (`clip` `=` $clip^)? (`linear_before_reset` $linear_before_reset^)?
    attr-dict `:` type($X) `,` type($W) `,` type($R)
    `->` type($Y) `,` type($Y_h)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def RNN_RNNOp : RNN_SequenceOp<"rnn", "RNN", 1, 1> {
  let summary = "ONNX RNN (Elman) over a whole sequence (time-major)";
  let description = [{
    A vanilla recurrent layer with the semantics of ONNX `RNN`:
    `Ht = f(Xt*W^T + Ht-1*R^T + Wb + Rb)`. Shapes as for `rnn.lstm` with one
    gate: `W [D, H, I]`, `R [D, H, H]`, `bias [D, 2H]`. `activations` holds
    one function per direction.

    ```mlir
    %y, %yh = rnn.rnn %x, %w, %r reverse hidden_size = 4
        activations = [#rnn.act<tanh>]
        : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>
        -> tensor<3x1x1x4xf32>, tensor<1x1x4xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$X, RNN_WeightTensor:$W, RNN_WeightTensor:$R,
    Optional<RNN_FloatTensor>:$bias,
    Optional<RNN_SeqLensTensor>:$sequence_lens,
    Optional<RNN_FloatTensor>:$initial_h,
    RNN_DirectionAttr:$direction,
    ConfinedAttr<I64Attr, [IntPositive]>:$hidden_size,
    RNN_ActivationArrayAttr:$activations,
    OptionalAttr<F32Attr>:$clip
  );
  let results = (outs RNN_FloatTensor:$Y, RNN_FloatTensor:$Y_h);
  let assemblyFormat = [{
    $X `,` $W `,` $R
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`sequence_lens` `(` $sequence_lens^ `:` type($sequence_lens) `)`)?
    (`initial_h` `(` $initial_h^ `:` type($initial_h) `)`)?
    $direction `hidden_size` `=` $hidden_size
    `activations` `=` $activations
    (`clip` `=` $clip^)?
    attr-dict `:` type($X) `,` type($W) `,` type($R)
    `->` type($Y) `,` type($Y_h)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

//===----------------------------------------------------------------------===//
// Cell ops: one step of one direction
//===----------------------------------------------------------------------===//

class RNN_CellOp<string mnemonic, int numGates, int numActs,
                 list<Trait> traits = []>
    : RNN_Op<mnemonic, !listconcat(traits, [Pure])> {
  code commonExtraDecl = [{
    static constexpr int64_t kNumGates = }] # numGates # [{;
    static constexpr int64_t kNumActivations = }] # numActs # [{;
  }];
  let hasVerifier = 1;
}

def RNN_LSTMCellOp : RNN_CellOp<"lstm_cell", 4, 3, [AttrSizedOperandSegments]> {
  let summary = "one LSTM step of one direction";
  let description = [{
    Computes one LSTM step from the projected input gates
    `x_gates = x_t * W^T + Wb` (`[N, 4H]`, gates i, o, f, c), the previous
    state `h [N, H]`, `c [N, H]`, the recurrent weights `R [4H, H]`, the
    optional recurrent bias `Rb [4H]` and peepholes `[3H]`. Returns the new
    `h` and `c`. The per-step matrix product `h * R^T` and the gate epilogue
    live in one op so that lowering can fuse them.

    ```mlir
    %h1, %c1 = rnn.lstm_cell %xg, %h0, %c0, %r
        activations = [#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]
        : tensor<2x80xf32>, tensor<2x20xf32>, tensor<2x20xf32>, tensor<80x20xf32>
        -> tensor<2x20xf32>, tensor<2x20xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$x_gates, RNN_FloatTensor:$h, RNN_FloatTensor:$c,
    RNN_WeightTensor:$R,
    Optional<RNN_FloatTensor>:$bias,
    Optional<RNN_FloatTensor>:$peepholes,
    RNN_ActivationArrayAttr:$activations,
    OptionalAttr<F32Attr>:$clip,
    UnitAttr:$input_forget
  );
  let results = (outs RNN_FloatTensor:$h_next, RNN_FloatTensor:$c_next);
  let assemblyFormat = [{
    $x_gates `,` $h `,` $c `,` $R
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`peepholes` `(` $peepholes^ `:` type($peepholes) `)`)?
    `activations` `=` $activations
    (`clip` `=` $clip^)? (`input_forget` $input_forget^)?
    attr-dict `:` type($x_gates) `,` type($h) `,` type($c) `,` type($R)
    `->` type($h_next) `,` type($c_next)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def RNN_GRUCellOp : RNN_CellOp<"gru_cell", 3, 2> {
  let summary = "one GRU step of one direction";
  let description = [{
    One GRU step from the projected input gates `x_gates [N, 3H]` (z, r, h,
    input bias included), the previous state `h [N, H]`, `R [3H, H]` and the
    optional recurrent bias `[3H]`. Returns the new `h`.

    ```mlir
    %h1 = rnn.gru_cell %xg, %h0, %r bias(%rb : tensor<15xf32>)
        activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] linear_before_reset
        : tensor<1x15xf32>, tensor<1x5xf32>, tensor<15x5xf32> -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$x_gates, RNN_FloatTensor:$h, RNN_WeightTensor:$R,
    Optional<RNN_FloatTensor>:$bias,
    RNN_ActivationArrayAttr:$activations,
    OptionalAttr<F32Attr>:$clip,
    UnitAttr:$linear_before_reset
  );
  let results = (outs RNN_FloatTensor:$h_next);
  let assemblyFormat = [{
    $x_gates `,` $h `,` $R
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    `activations` `=` $activations
    (`clip` `=` $clip^)? (`linear_before_reset` $linear_before_reset^)?
    attr-dict `:` type($x_gates) `,` type($h) `,` type($R) `->` type($h_next)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def RNN_RNNCellOp : RNN_CellOp<"rnn_cell", 1, 1> {
  let summary = "one vanilla RNN step of one direction";
  let description = [{
    `h_next = f(x_gates + h * R^T + Rb)` with `x_gates [N, H]`,
    `h [N, H]`, `R [H, H]` and the optional recurrent bias `[H]`.

    ```mlir
    %h1 = rnn.rnn_cell %xg, %h0, %r activations = [#rnn.act<tanh>]
        : tensor<1x4xf32>, tensor<1x4xf32>, tensor<4x4xf32> -> tensor<1x4xf32>
    ```
  }];
  let arguments = (ins
    RNN_FloatTensor:$x_gates, RNN_FloatTensor:$h, RNN_WeightTensor:$R,
    Optional<RNN_FloatTensor>:$bias,
    RNN_ActivationArrayAttr:$activations,
    OptionalAttr<F32Attr>:$clip
  );
  let results = (outs RNN_FloatTensor:$h_next);
  let assemblyFormat = [{
    $x_gates `,` $h `,` $R
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    `activations` `=` $activations
    (`clip` `=` $clip^)?
    attr-dict `:` type($x_gates) `,` type($h) `,` type($R) `->` type($h_next)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

//===----------------------------------------------------------------------===//
// Kernel-level ops
//===----------------------------------------------------------------------===//

def RNN_Int8DotOp : RNN_Op<"int8_dot", [Pure,
    AllTypesMatch<["acc", "result"]>, AllTypesMatch<["a", "b"]>]> {
  let summary = "per-lane sums of 4 unsigned x signed byte products";
  let description = [{
    `result[i] = acc[i] + sum_{j<4} zext(a[4i+j]) * sext(b[4i+j])` over 16
    i32 lanes: the int8 dot product of the quantized kernels
    (rnn-matmul-to-vector). It exists so that the kernel is written once on
    tensors and vectors and the dot product is chosen late, by
    `rnn-lower-int8-dot`: AVX-512 VNNI's `vpdpbusd`, or portable vector
    arithmetic. It has no memory effects, unlike an intrinsic call, so
    bufferization and deallocation see through it.

    ```mlir
    %r = rnn.int8_dot %acc, %a, %b : vector<64xi8> -> vector<16xi32>
    ```
  }];
  let arguments = (ins VectorOfLengthAndType<[16], [I32]>:$acc,
                   VectorOfLengthAndType<[64], [I8]>:$a,
                   VectorOfLengthAndType<[64], [I8]>:$b);
  let results = (outs VectorOfLengthAndType<[16], [I32]>:$result);
  let assemblyFormat = "$acc `,` $a `,` $b attr-dict `:` type($a) `->` type($acc)";
}

def RNN_Permute2Op : RNN_Op<"permute2", [Pure,
    AllTypesMatch<["lo", "hi", "result"]>]> {
  let summary = "per-lane selection from two vectors (16 f32 or 64 bytes)";
  let description = [{
    `result[i] = concat(lo, hi)[idx[i] & (2 * lanes - 1)]`: each lane takes
    one of the values of `lo` and `hi`, chosen by the low bits of its index
    (5 bits for 16 f32 lanes, 7 bits for 64 byte lanes). The tiled ELLPACK
    kernels of `rnn-sparse-kernels` select the activations of a tile with
    it: 32 f32 columns, or 128 int8 columns in the int8 kernel. Like
    `rnn.int8_dot` it has no memory effects and is lowered late by
    `rnn-lower-int8-dot`: to AVX-512's `vpermi2ps` (f32) or AVX-512 VBMI's
    `vpermi2b` (bytes), or to per-lane extracts.

    ```mlir
    %x = rnn.permute2 %lo, %hi [%idx] : vector<16xi32> -> vector<16xf32>
    %y = rnn.permute2 %blo, %bhi [%bidx] : vector<64xi8> -> vector<64xi8>
    ```
  }];
  let arguments = (ins AnyTypeOf<[VectorOfLengthAndType<[16], [F32]>,
                                  VectorOfLengthAndType<[64], [I8]>]>:$lo,
                   AnyTypeOf<[VectorOfLengthAndType<[16], [F32]>,
                              VectorOfLengthAndType<[64], [I8]>]>:$hi,
                   AnyTypeOf<[VectorOfLengthAndType<[16], [I32]>,
                              VectorOfLengthAndType<[64], [I8]>]>:$idx);
  let results = (outs AnyTypeOf<[VectorOfLengthAndType<[16], [F32]>,
                                 VectorOfLengthAndType<[64], [I8]>]>:$result);
  let assemblyFormat =
      "$lo `,` $hi `[` $idx `]` attr-dict `:` type($idx) `->` type($result)";
  let hasVerifier = 1;
}

#endif // RNN_DIALECT_RNN_IR_RNNOPS_TD
