#!/usr/bin/python3
"""A PyTorch model compiled with rnncc.from_torch.

    /usr/bin/python3 examples/torch/torch_example.py

Defines a small keyword-spotting style network (2-layer GRU over 40-dim
features, linear head, softmax), compiles it through torch.onnx.export and
rnnc, checks the compiled model against PyTorch on a random batch and times
both (single thread).
"""

import os
import sys
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import rnncc  # noqa: E402


class KeywordNet(torch.nn.Module):
    def __init__(self, features=40, hidden=64, classes=12):
        super().__init__()
        self.gru = torch.nn.GRU(features, hidden, num_layers=2, batch_first=True)
        self.head = torch.nn.Linear(hidden, classes)

    def forward(self, x):
        y, _ = self.gru(x)
        return torch.softmax(self.head(y[:, -1]), dim=-1)


def median_ms(fn, runs=50):
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return float(np.median(times))


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    net = KeywordNet().eval()
    x = torch.randn(1, 98, 40)  # ~1 s of 10 ms feature frames
    model = rnncc.from_torch(net, x, input_names=["features"], output_names=["probs"])
    print(model)
    with torch.no_grad():
        expected = net(x).numpy()
    got = model(features=x.numpy())["probs"]
    diff = float(np.max(np.abs(got - expected)))
    print(f"max |rnnc - torch| = {diff:.2e}; top class rnnc {int(got.argmax())}, torch {int(expected.argmax())}")
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-5), diff
    with torch.no_grad():
        t_torch = median_ms(lambda: net(x))
    t_rnnc = median_ms(lambda: model(features=x.numpy()))
    print(f"median latency: rnnc {t_rnnc:.3f} ms (through Python/ctypes), PyTorch {t_torch:.3f} ms (1 thread)")


if __name__ == "__main__":
    main()
