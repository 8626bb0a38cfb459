func.func @main_graph(%x: tensor<2xf32> {rnn.name = "x"}) -> (tensor<2xf32> {rnn.name = "y"}) {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = arith.addf %x, %c : tensor<2xf32>
  return %y : tensor<2xf32>
}
