//===- RNNAttrs.td - rnn dialect enums and attributes ------*- tablegen -*-===//

#ifndef RNN_DIALECT_RNN_IR_RNNATTRS_TD
#define RNN_DIALECT_RNN_IR_RNNATTRS_TD

include "rnn/Dialect/RNN/IR/RNNDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def RNN_DirectionForward : I32EnumAttrCase<"forward", 0>;
def RNN_DirectionReverse : I32EnumAttrCase<"reverse", 1>;
def RNN_DirectionBidirectional : I32EnumAttrCase<"bidirectional", 2>;

def RNN_DirectionAttr : I32EnumAttr<"Direction",
    "direction in which a recurrent layer walks the sequence",
    [RNN_DirectionForward, RNN_DirectionReverse, RNN_DirectionBidirectional]> {
  let cppNamespace = "::mlir::rnn";
}

def RNN_ActRelu : I32EnumAttrCase<"relu", 0>;
def RNN_ActTanh : I32EnumAttrCase<"tanh", 1>;
def RNN_ActSigmoid : I32EnumAttrCase<"sigmoid", 2>;
def RNN_ActAffine : I32EnumAttrCase<"affine", 3>;
def RNN_ActLeakyRelu : I32EnumAttrCase<"leaky_relu", 4>;
def RNN_ActThresholdedRelu : I32EnumAttrCase<"thresholded_relu", 5>;
def RNN_ActScaledTanh : I32EnumAttrCase<"scaled_tanh", 6>;
def RNN_ActHardSigmoid : I32EnumAttrCase<"hard_sigmoid", 7>;
def RNN_ActElu : I32EnumAttrCase<"elu", 8>;
def RNN_ActSoftsign : I32EnumAttrCase<"softsign", 9>;
def RNN_ActSoftplus : I32EnumAttrCase<"softplus", 10>;

def RNN_ActivationKind : I32EnumAttr<"ActivationKind",
    "activation function of a recurrent gate",
    [RNN_ActRelu, RNN_ActTanh, RNN_ActSigmoid, RNN_ActAffine,
     RNN_ActLeakyRelu, RNN_ActThresholdedRelu, RNN_ActScaledTanh,
     RNN_ActHardSigmoid, RNN_ActElu, RNN_ActSoftsign, RNN_ActSoftplus]> {
  let cppNamespace = "::mlir::rnn";
  let genSpecializedAttr = 0;
}

def RNN_ActivationAttr : AttrDef<RNN_Dialect, "Activation"> {
  let mnemonic = "act";
  let summary = "an activation function with its alpha / beta parameters";
  let description = [{
    One entry of an ONNX activation list. `alpha` and `beta` are stored for
    every function (ONNX defaults when the model gives none) and printed only
    for the functions that use them:

    | kind | formula | defaults |
    |---|---|---|
    | `relu` | max(0, x) | |
    | `tanh` | tanh(x) | |
    | `sigmoid` | 1 / (1 + e^-x) | |
    | `affine` | alpha * x + beta | alpha = 1, beta = 0 |
    | `leaky_relu` | x >= 0 ? x : alpha * x | alpha = 0.01 |
    | `thresholded_relu` | x > alpha ? x : 0 | alpha = 1 |
    | `scaled_tanh` | alpha * tanh(beta * x) | alpha = 1, beta = 1 |
    | `hard_sigmoid` | clamp(alpha * x + beta, 0, 1) | alpha = 0.2, beta = 0.5 |
    | `elu` | x >= 0 ? x : alpha * (e^x - 1) | alpha = 1 |
    | `softsign` | x / (1 + abs(x)) | |
    | `softplus` | log(1 + e^x) | |

    ```mlir
    #rnn.act<sigmoid>
    #rnn.act<leaky_relu, alpha = 0.1>
    #rnn.act<hard_sigmoid, alpha = 0.2, beta = 0.5>
    ```
  }];
  let parameters = (ins
    "::mlir::rnn::ActivationKind":$kind,
    APFloatParameter<"alpha">:$alpha,
    APFloatParameter<"beta">:$beta
  );
  let builders = [
    AttrBuilder<(ins "::mlir::rnn::ActivationKind":$kind)>,
    AttrBuilder<(ins "::mlir::rnn::ActivationKind":$kind, "float":$alpha,
                     "float":$beta)>
  ];
  let extraClassDeclaration = [{
    /// Number of parameters (0, 1 or 2) the function takes, ONNX order alpha, beta.
    static unsigned getNumParams(::mlir::rnn::ActivationKind kind);
    /// ONNX default alpha / beta of `kind`.
    static std::pair<float, float> getDefaultParams(::mlir::rnn::ActivationKind kind);
    float getAlphaF() const { return getAlpha().convertToFloat(); }
    float getBetaF() const { return getBeta().convertToFloat(); }
  }];
  let hasCustomAssemblyFormat = 1;
}

def RNN_ActivationArrayAttr
    : TypedArrayAttrBase<RNN_ActivationAttr, "array of activation functions">;

#endif // RNN_DIALECT_RNN_IR_RNNATTRS_TD
