"""Writes the int8 products of matmul-to-vector-int8-wide.test (weights of
512 KiB and more, whose per-row scale lists are too long to keep inline)."""


def case(name, n, k, m):
    scales = ", ".join(["1.0"] * n)
    wq = f"tensor<{n}x{k}x!quant.uniform<i8<-127:127>:f32:0, {{{scales}}}>>"
    return f"""func.func @{name}(%a: tensor<{m}x{k}xf32>, %c: tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %q = arith.constant dense<1> : tensor<{n}x{k}xi8>
  %s = quant.scast %q : tensor<{n}x{k}xi8> to {wq}
  %w = quant.dcast %s : {wq} to tensor<{n}x{k}xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%a, %w : tensor<{m}x{k}xf32>, tensor<{n}x{k}xf32>) outs(%c : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  return %r : tensor<{m}x{n}xf32>
}}"""


print("\n// -----\n".join([
    case("wide256", 2048, 256, 1),   # 512 KiB, 8 panels of 256 rows
    case("wide128", 2176, 256, 1),   # 17 x 128 rows: no padding at 128
    case("padding", 2112, 256, 1),   # 33 x 64 rows: 128 or 256 would pad
    case("two_rows", 2048, 256, 2),  # two rows of A: 64-row panels
    case("small", 1024, 256, 1),     # 256 KiB: 64-row panels
]))
