// RUN: not rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=int8 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences --rnn-quantize-weights=mode=bf16 | FileCheck %s --check-prefix=OTHER
// RUN: rnn-opt %s -split-input-file --rnn-expand-sequences "--rnn-quantize-weights=mode=int8 exclude=layer0" | FileCheck %s --check-prefix=OTHER

// A per-axis QDQ with differing scales on X or initial_h: the importer
// records the DequantizeLinear's name instead of a scale (rnn.x_scale /
// rnn.h_scale as a string). The int8 kernel has one static scale per tensor,
// so mode=int8 stops with an error naming the layer, the operand and the
// node (the layer's NameLoc, as for the other errors of this pass; hence
// FileCheck rather than -verify-diagnostics); bf16 and excluded layers do
// not use the scale.
// ERR: error: loc("layer0"): layer 'layer0': its X is quantized per axis by DequantizeLinear 'dq' (axis 2, 2 scales); int8 static activation scales are per tensor: quantize it per tensor, or keep the layer in fp32 with --quantize-exclude=layer0
// ERR: error: loc("layer0"): layer 'layer0': its initial_h is quantized per axis by DequantizeLinear 'dqh' (axis 2, 2 scales)
// OTHER-LABEL: func.func @x_per_axis
// OTHER-NOT: rnn.activation_scale
// OTHER-LABEL: func.func @h_per_axis
// OTHER-NOT: rnn.activation_scale
func.func @x_per_axis(%x: tensor<3x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.27, -0.635], [0.5, 0.25]]]> : tensor<1x2x2xf32>
  %r = arith.constant dense<[[[0.254, 0.1], [0.3, 0.2]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      {rnn.x_scale = "DequantizeLinear 'dq' (axis 2, 2 scales)"}
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("layer0")
  return %yh : tensor<1x1x2xf32>
}

// -----

func.func @h_per_axis(%x: tensor<3x1x2xf32>, %h0: tensor<1x1x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<[[[1.27, -0.635], [0.5, 0.25]]]> : tensor<1x2x2xf32>
  %r = arith.constant dense<[[[0.254, 0.1], [0.3, 0.2]]]> : tensor<1x2x2xf32>
  %y, %yh = rnn.rnn %x, %w, %r initial_h(%h0 : tensor<1x1x2xf32>) forward hidden_size = 2
      activations = [#rnn.act<tanh>]
      {rnn.h_scale = "DequantizeLinear 'dqh' (axis 2, 2 scales)"}
      : tensor<3x1x2xf32>, tensor<1x2x2xf32>, tensor<1x2x2xf32>
      -> tensor<3x1x1x2xf32>, tensor<1x1x2xf32> loc("layer0")
  return %yh : tensor<1x1x2xf32>
}
