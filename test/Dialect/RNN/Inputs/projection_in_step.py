"""Writes the time loops of matmul-to-vector-projection-in-step.test: an int8
input projection X [T, I] x W^T + bias and a batch-1 int8 step h x R^T
accumulating into row iv of it, as convert-rnn-to-linalg leaves them (the
per-row scale lists are too long to keep inline). With --f32, the same loops
with f32 weights (matmul-to-vector-f32-projection-in-step.test): constant
splats, or W and R as function arguments with `args=True`."""

import sys

MAPS = """indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]"""


WEIGHTS = """  %qw = arith.constant dense<1> : tensor<{n}x{i}xi8>
  %sw = quant.scast %qw : tensor<{n}x{i}xi8> to {wq}
  %w = quant.dcast %sw : {wq} to tensor<{n}x{i}xf32>
  %qr = arith.constant dense<-2> : tensor<{n}x{h}xi8>
  %sr = quant.scast %qr : tensor<{n}x{h}xi8> to {rq}
  %r = quant.dcast %sr : {rq} to tensor<{n}x{h}xf32>
"""


def case(name, t, n, i, h, row="%iv", lb=0, x_scale=None, h_scale=None,
         f32=False, args=False):
    def quant(rows, cols):
        scales = ", ".join(["0.5"] * rows)
        return f"tensor<{rows}x{cols}x!quant.uniform<i8<-127:127>:f32:0, {{{scales}}}>>"
    wq, rq = quant(n, i), quant(n, h)
    xs = f" rnn.activation_scale = {x_scale} : f32," if x_scale else ""
    hs = f" {{rnn.activation_scale = {h_scale} : f32}}" if h_scale else ""
    if args:
        weights, wargs = "", f", %w: tensor<{n}x{i}xf32>, %r: tensor<{n}x{h}xf32>"
    elif f32:
        weights, wargs = f"""  %w = arith.constant dense<0.5> : tensor<{n}x{i}xf32>
  %r = arith.constant dense<-0.25> : tensor<{n}x{h}xf32>
""", ""
    else:
        weights, wargs = WEIGHTS.format(n=n, i=i, h=h, wq=wq, rq=rq), ""
    return f"""func.func @{name}(%x: tensor<{t}x{i}xf32>, %h0: tensor<1x{h}xf32>, %bias: tensor<{n}xf32>{wargs}) -> tensor<1x{h}xf32> {{
  %lb = arith.constant {lb} : index
  %c1 = arith.constant 1 : index
  %cT = arith.constant {t} : index
  %c{t - 1}m = arith.constant {t - 1} : index
{weights}  %e = tensor.empty() : tensor<{t}x{n}xf32>
  %b = linalg.broadcast ins(%bias : tensor<{n}xf32>) outs(%e : tensor<{t}x{n}xf32>) dimensions = [0]
  %p = linalg.matmul {MAPS} {{{xs} rnn.input_projection}}
      ins(%x, %w : tensor<{t}x{i}xf32>, tensor<{n}x{i}xf32>) outs(%b : tensor<{t}x{n}xf32>) -> tensor<{t}x{n}xf32>
  %pe = tensor.expand_shape %p [[0, 1], [2]] output_shape [{t}, 1, {n}] : tensor<{t}x{n}xf32> into tensor<{t}x1x{n}xf32>
  %res = scf.for %iv = %lb to %cT step %c1 iter_args(%hp = %h0) -> (tensor<1x{h}xf32>) {{
    %rev = arith.subi %c{t - 1}m, %iv : index
    %s = tensor.extract_slice %pe[{row}, 0, 0] [1, 1, {n}] [1, 1, 1] : tensor<{t}x1x{n}xf32> to tensor<1x{n}xf32>
    %m = linalg.matmul {MAPS}{hs}
        ins(%hp, %r : tensor<1x{h}xf32>, tensor<{n}x{h}xf32>) outs(%s : tensor<1x{n}xf32>) -> tensor<1x{n}xf32>
    %hn = tensor.extract_slice %m[0, 0] [1, {h}] [1, 1] : tensor<1x{n}xf32> to tensor<1x{h}xf32>
    scf.yield %hn : tensor<1x{h}xf32>
  }} {{rnn.time_loop}}
  return %res : tensor<1x{h}xf32>
}}"""


if "--f32" in sys.argv:
    print("\n// -----\n".join([
        case("fused", 21, 128, 24, 32, f32=True),        # T' = 24, I < H: R's rest
        case("wide_input", 16, 128, 40, 32, f32=True),   # I > H: W's rest
        case("args", 16, 64, 32, 32, args=True),        # W, R packed in the function
        case("short", 7, 128, 32, 32, f32=True),         # one block: not moved
        case("padding", 16, 96, 32, 32, f32=True),       # panels of 64 would pad
        case("reverse", 16, 128, 32, 32, row="%rev", f32=True),
        case("large", 16, 1024, 256, 256, f32=True),     # above max-weights
    ]))
    sys.exit(0)

print("\n// -----\n".join([
    case("fused", 21, 128, 24, 32),           # 3 blocks of 8 (T' = 24), K4: 6 < 8
    case("wide_input", 16, 128, 40, 32),      # K4: 10 > 8
    case("static", 16, 128, 32, 32, x_scale=0.25, h_scale=0.125),
    case("short", 15, 128, 32, 32),           # one block: not moved
    case("padding", 16, 192, 32, 32),         # 192 rows: panels of 128 pad
    case("reverse", 16, 128, 32, 32, row="%rev"),
    case("offset", 16, 128, 32, 32, lb=1),
]))
