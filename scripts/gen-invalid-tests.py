# Generates test/Dialect/RNN/invalid.mlir (one op per case, one case per verifier branch).
A3 = "[#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]"
A6 = "[#rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>, #rnn.act<sigmoid>, #rnn.act<tanh>, #rnn.act<tanh>]"
A2 = "[#rnn.act<sigmoid>, #rnn.act<tanh>]"
A1 = "[#rnn.act<tanh>]"
T = lambda s: f"tensor<{s}>"

def lstm(x="7x3x10xf32", w="1x80x10xf32", r="1x80x20xf32", opt="", dirn="forward", H=20,
         acts=A3, extra="", y="7x1x3x20xf32", yh="1x3x20xf32", yc="1x3x20xf32", args=""):
    return (f"%y, %yh, %yc = rnn.lstm %x, %w, %r {opt}{dirn} hidden_size = {H} activations = {acts}{extra}"
            f" : {T(x)}, {T(w)}, {T(r)} -> {T(y)}, {T(yh)}, {T(yc)}", x, w, r)

cases = []
def case(title, err, body, x, w, r, extra_args="", parse=False):
    sig = f"%x: {T(x)}, %w: {T(w)}, %r: {T(r)}{extra_args}"
    cases.append((title, err, body, sig, parse))

def L(title, err, extra_args="", parse=False, **kw):
    body, x, w, r = lstm(**kw)
    case(title, err, body, x, w, r, extra_args, parse)

L("X must be rank 3", "X must have rank 3, got 'tensor<7x10xf32>'", x="7x10xf32")
L("W rank", "W must have rank 3, got 'tensor<80x10xf32>'", w="80x10xf32")
L("W directions", "W dimension 0 is 2 but the number of directions is 1", w="2x80x10xf32")
L("W directions (bidirectional)", "W dimension 0 is 1 but the number of directions (bidirectional) is 2",
  dirn="bidirectional", acts=A6, r="2x80x20xf32", y="7x2x3x20xf32", yh="2x3x20xf32", yc="2x3x20xf32")
L("W gate rows", "W dimension 1 is 60 but 4 * hidden_size is 80", w="1x60x10xf32")
L("W input size", "W dimension 2 is 11 but the input size (X dimension 2) is 10", w="1x80x11xf32")
L("W element type", "W element type 'i8' is neither 'f32' nor a quantized type expressing it", w="1x80x10xi8")
L("W quantized type expresses another float", "W expresses 'f16', not 'f32'", w="1x80x10x!quant.uniform<i8:f16, 0.1>")
L("W per-axis quantization on the wrong axis", "W must be quantized per gate unit (axis 1), got axis 2",
  w="1x80x2x!quant.uniform<i8:f32:2, {0.1,0.2}>", x="7x3x2xf32")
L("W per-axis quantization expresses another float", "W expresses 'f16', not 'f32'",
  w="1x80x1x!quant.uniform<i8:f16:1, {" + ",".join(["0.1"]*80) + "}>", x="7x3x1xf32")
L("R rank", "R must have rank 3, got 'tensor<80x20xf32>'", r="80x20xf32")
L("R directions", "R dimension 0 is 2 but the number of directions is 1", r="2x80x20xf32")
L("R gate rows", "R dimension 1 is 40 but 4 * hidden_size is 80", r="1x40x20xf32")
L("R hidden size", "R dimension 2 is 10 but hidden_size is 20", r="1x80x10xf32")
L("R element type", "R element type 'f16' is neither 'f32' nor a quantized type expressing it", r="1x80x20xf16")
L("bias rank", "bias must have rank 2, got 'tensor<160xf32>'", opt="bias(%b : tensor<160xf32>) ", extra_args=", %b: tensor<160xf32>")
L("bias directions", "bias dimension 0 is 2 but the number of directions is 1", opt="bias(%b : tensor<2x160xf32>) ", extra_args=", %b: tensor<2x160xf32>")
L("bias size", "bias dimension 1 is 80 but 8 * hidden_size is 160", opt="bias(%b : tensor<1x80xf32>) ", extra_args=", %b: tensor<1x80xf32>")
L("bias element type", "bias element type 'f16' differs from the data element type 'f32'", opt="bias(%b : tensor<1x160xf16>) ", extra_args=", %b: tensor<1x160xf16>")
L("sequence_lens batch", "sequence_lens dimension 0 is 2 but the batch size (X dimension 1) is 3", opt="sequence_lens(%l : tensor<2xi32>) ", extra_args=", %l: tensor<2xi32>")
L("sequence_lens rank", "sequence_lens must have rank 1, got 'tensor<1x3xi32>'", opt="sequence_lens(%l : tensor<1x3xi32>) ", extra_args=", %l: tensor<1x3xi32>")
L("initial_h batch", "initial_h dimension 1 is 4 but the batch size (X dimension 1) is 3", opt="initial_h(%h : tensor<1x4x20xf32>) ", extra_args=", %h: tensor<1x4x20xf32>")
L("initial_h hidden", "initial_h dimension 2 is 21 but hidden_size is 20", opt="initial_h(%h : tensor<1x3x21xf32>) ", extra_args=", %h: tensor<1x3x21xf32>")
L("initial_h element type", "initial_h element type 'f64' differs from the data element type 'f32'", opt="initial_h(%h : tensor<1x3x20xf64>) ", extra_args=", %h: tensor<1x3x20xf64>")
L("initial_c shape", "initial_c dimension 0 is 2 but the number of directions is 1", opt="initial_c(%c : tensor<2x3x20xf32>) ", extra_args=", %c: tensor<2x3x20xf32>")
L("initial_c element type", "initial_c element type 'f16' differs from the data element type 'f32'", opt="initial_c(%c : tensor<1x3x20xf16>) ", extra_args=", %c: tensor<1x3x20xf16>")
L("peepholes size", "peepholes dimension 1 is 40 but 3 * hidden_size is 60", opt="peepholes(%p : tensor<1x40xf32>) ", extra_args=", %p: tensor<1x40xf32>")
L("peepholes rank", "peepholes must have rank 2, got 'tensor<60xf32>'", opt="peepholes(%p : tensor<60xf32>) ", extra_args=", %p: tensor<60xf32>")
L("peepholes element type", "peepholes element type 'f16' differs from the data element type 'f32'", opt="peepholes(%p : tensor<1x60xf16>) ", extra_args=", %p: tensor<1x60xf16>")
L("Y rank", "Y must have rank 4, got 'tensor<7x3x20xf32>'", y="7x3x20xf32")
L("Y sequence length", "Y dimension 0 is 6 but the sequence length (X dimension 0) is 7", y="6x1x3x20xf32")
L("Y element type", "Y element type 'f16' differs from the data element type 'f32'", y="7x1x3x20xf16")
L("Y_h hidden", "Y_h dimension 2 is 10 but hidden_size is 20", yh="1x3x10xf32")
L("Y_h element type", "Y_h element type 'f16' differs from the data element type 'f32'", yh="1x3x20xf16")
L("Y_c batch", "Y_c dimension 1 is 1 but the batch size (X dimension 1) is 3", yc="1x1x20xf32")
L("Y_c element type", "Y_c element type 'f16' differs from the data element type 'f32'", yc="1x3x20xf16")
L("activation count", "expects 3 activation functions (one direction), got 2", acts=A2)
L("activation count bidirectional", "expects 6 activation functions (per direction, 2 directions), got 3",
  dirn="bidirectional", w="2x80x10xf32", r="2x80x20xf32", y="7x2x3x20xf32", yh="2x3x20xf32", yc="2x3x20xf32")
L("clip zero", "clip must be a positive finite threshold, got 0", extra=" clip = 0.0")
L("clip negative", "clip must be a positive finite threshold, got -1", extra=" clip = -1.0")
L("hidden_size must be positive", "attribute 'hidden_size' failed to satisfy constraint", H=0)
L("sequence_lens element type", "operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values",
  opt="sequence_lens(%l : tensor<3xf32>) ", extra_args=", %l: tensor<3xf32>")
L("unknown activation", "unknown activation function 'swish'", acts="[#rnn.act<sigmoid>, #rnn.act<swish>, #rnn.act<tanh>]", parse=True)
L("parameter on a parameterless activation", "activation 'tanh' takes 0 parameter(s), so 'alpha' is not allowed",
  acts="[#rnn.act<sigmoid>, #rnn.act<tanh, alpha = 1.0>, #rnn.act<tanh>]", parse=True)
L("beta on a one-parameter activation", "activation 'elu' takes 1 parameter(s), so 'beta' is not allowed",
  acts="[#rnn.act<sigmoid>, #rnn.act<elu, alpha = 1.0, beta = 2.0>, #rnn.act<tanh>]", parse=True)
L("unknown activation parameter", "expected 'alpha' or 'beta', got 'gamma'",
  acts="[#rnn.act<sigmoid>, #rnn.act<affine, gamma = 1.0>, #rnn.act<tanh>]", parse=True)
L("repeated activation parameter", "'alpha' given twice or out of order",
  acts="[#rnn.act<sigmoid>, #rnn.act<affine, alpha = 1.0, alpha = 2.0>, #rnn.act<tanh>]", parse=True)
L("unknown direction", "expected string or keyword containing one of the following enum values for attribute 'direction' [forward, reverse, bidirectional]", dirn="sideways", parse=True)

def gru(title, err, x="3x1x2xf32", w="1x15x2xf32", r="1x15x5xf32", opt="", acts=A2, extra="", y="3x1x1x5xf32", yh="1x1x5xf32", extra_args=""):
    body = f"%y, %yh = rnn.gru %x, %w, %r {opt}forward hidden_size = 5 activations = {acts}{extra} : {T(x)}, {T(w)}, {T(r)} -> {T(y)}, {T(yh)}"
    case(title, err, body, x, w, r, extra_args)
gru("GRU gate rows", "W dimension 1 is 20 but 3 * hidden_size is 15", w="1x20x2xf32")
gru("GRU bias size", "bias dimension 1 is 15 but 6 * hidden_size is 30", opt="bias(%b : tensor<1x15xf32>) ", extra_args=", %b: tensor<1x15xf32>")
gru("GRU activation count", "expects 2 activation functions (one direction), got 3", acts=A3)
gru("GRU clip", "clip must be a positive finite threshold, got 0", extra=" clip = 0.0")

def rnn(title, err, x="3x1x2xf32", w="1x4x2xf32", r="1x4x4xf32", opt="", acts=A1, y="3x1x1x4xf32", yh="1x1x4xf32", extra_args=""):
    body = f"%y, %yh = rnn.rnn %x, %w, %r {opt}forward hidden_size = 4 activations = {acts} : {T(x)}, {T(w)}, {T(r)} -> {T(y)}, {T(yh)}"
    case(title, err, body, x, w, r, extra_args)
rnn("RNN bias size", "bias dimension 1 is 4 but 2 * hidden_size is 8", opt="bias(%b : tensor<1x4xf32>) ", extra_args=", %b: tensor<1x4xf32>")
rnn("RNN recurrent weight", "R dimension 1 is 8 but 1 * hidden_size is 4", r="1x8x4xf32")
rnn("RNN activation count", "expects 1 activation functions (one direction), got 2", acts=A2)
rnn("RNN Y_h directions", "Y_h dimension 0 is 2 but the number of directions is 1", yh="2x1x4xf32")

out = ["// RUN: rnn-opt %s -split-input-file -verify-diagnostics",
       "// Every verifier and parser branch of the rnn dialect. Generated by",
       "// scripts/gen-invalid-tests.py; edit that script, not this file.", ""]
def emit(title, err, body, sig, parse):
    out.append(f"// {title}")
    out.append(f"func.func @f({sig}) {{")
    if parse:
        out.append(f"  // expected-error @+1 {{{{{err}}}}}")
    else:
        out.append(f"  // expected-error @+1 {{{{{err}}}}}")
    out.append(f"  {body}")
    out.append("  return")
    out.append("}")
    out.append("")
    out.append("// -----")
    out.append("")
for c in cases: emit(*c)

# Cell ops.
cells = []
def cell(title, err, body, sig):
    cells.append((title, err, body, sig, False))
def lc(title, err, xg="2x80xf32", h="2x20xf32", c="2x20xf32", r="80x20xf32", opt="", acts=A3, extra="", hn="2x20xf32", cn="2x20xf32", extra_args=""):
    body = f"%h1, %c1 = rnn.lstm_cell %xg, %h, %c, %r {opt}activations = {acts}{extra} : {T(xg)}, {T(h)}, {T(c)}, {T(r)} -> {T(hn)}, {T(cn)}"
    cell(title, err, body, f"%xg: {T(xg)}, %h: {T(h)}, %c: {T(c)}, %r: {T(r)}{extra_args}")
lc("cell h rank", "h must have rank 2, got 'tensor<20xf32>'", h="20xf32")
lc("cell x_gates batch", "x_gates dimension 0 is 3 but the batch size (h dimension 0) is 2", xg="3x80xf32")
lc("cell x_gates gates", "x_gates dimension 1 is 60 but 4 * the hidden size (h dimension 1) is 80", xg="2x60xf32")
lc("cell x_gates element type", "x_gates element type 'f16' differs from the data element type 'f32'", xg="2x80xf16")
lc("cell R rows", "R dimension 0 is 60 but 4 * the hidden size (h dimension 1) is 80", r="60x20xf32")
lc("cell R columns", "R dimension 1 is 10 but the hidden size (h dimension 1) is 20", r="80x10xf32")
lc("cell R element type", "R element type 'bf16' is neither 'f32' nor a quantized type expressing it", r="80x20xbf16")
lc("cell bias size", "bias dimension 0 is 160 but 4 * the hidden size (h dimension 1) is 80", opt="bias(%b : tensor<160xf32>) ", extra_args=", %b: tensor<160xf32>")
lc("cell bias element type", "bias element type 'f16' differs from the data element type 'f32'", opt="bias(%b : tensor<80xf16>) ", extra_args=", %b: tensor<80xf16>")
lc("cell result shape", "result dimension 1 is 10 but the hidden size (h dimension 1) is 20", hn="2x10xf32")
lc("cell result element type", "result element type 'f16' differs from the data element type 'f32'", cn="2x20xf16")
lc("cell c shape", "c dimension 0 is 1 but the batch size (h dimension 0) is 2", c="1x20xf32")
lc("cell c element type", "c element type 'f16' differs from the data element type 'f32'", c="2x20xf16")
lc("cell peepholes", "peepholes dimension 0 is 20 but 3 * the hidden size (h dimension 1) is 60", opt="peepholes(%p : tensor<20xf32>) ", extra_args=", %p: tensor<20xf32>")
lc("cell peepholes element type", "peepholes element type 'f16' differs from the data element type 'f32'", opt="peepholes(%p : tensor<60xf16>) ", extra_args=", %p: tensor<60xf16>")
lc("cell activation count", "expects 3 activation functions (one direction), got 1", acts=A1)
lc("cell clip", "clip must be a positive finite threshold, got -2", extra=" clip = -2.0")
cell("GRU cell activations", "expects 2 activation functions (one direction), got 1",
     "%h1 = rnn.gru_cell %xg, %h, %r activations = [#rnn.act<tanh>] : tensor<1x15xf32>, tensor<1x5xf32>, tensor<15x5xf32> -> tensor<1x5xf32>",
     "%xg: tensor<1x15xf32>, %h: tensor<1x5xf32>, %r: tensor<15x5xf32>")
cell("GRU cell gates", "x_gates dimension 1 is 10 but 3 * the hidden size (h dimension 1) is 15",
     "%h1 = rnn.gru_cell %xg, %h, %r activations = [#rnn.act<sigmoid>, #rnn.act<tanh>] : tensor<1x10xf32>, tensor<1x5xf32>, tensor<15x5xf32> -> tensor<1x5xf32>",
     "%xg: tensor<1x10xf32>, %h: tensor<1x5xf32>, %r: tensor<15x5xf32>")
cell("RNN cell recurrent weight", "R dimension 0 is 5 but 1 * the hidden size (h dimension 1) is 4",
     "%h1 = rnn.rnn_cell %xg, %h, %r activations = [#rnn.act<tanh>] : tensor<1x4xf32>, tensor<1x4xf32>, tensor<5x4xf32> -> tensor<1x4xf32>",
     "%xg: tensor<1x4xf32>, %h: tensor<1x4xf32>, %r: tensor<5x4xf32>")
for c in cells: emit(*c)
while out and out[-1] in ("", "// -----"): out.pop()
import sys
open(sys.argv[1], "w").write("\n".join(out) + "\n")
