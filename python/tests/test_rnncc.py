"""pytest tests of the rnncc package: compile, load, run, errors, streaming,
from_torch and the `python3 -m rnncc` command line. Every numerical test
compares with an independent reference (ONNX Runtime outputs checked in under
test/e2e/models, or PyTorch) at rtol 1e-4 / atol 1e-5."""

import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import rnncc  # noqa: E402

MODELS = os.path.join(HERE, "..", "..", "test", "e2e", "models")
RTOL, ATOL = 1e-4, 1e-5


def case(name, prefix="in_"):
    d = os.path.join(MODELS, name)
    return {f[len(prefix):-4]: np.load(os.path.join(d, f))
            for f in sorted(os.listdir(d)) if f.startswith(prefix) and f.endswith(".npy")}


@pytest.fixture(scope="module")
def dyn_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("dyn") / "m.so"
    return rnncc.compile(os.path.join(MODELS, "lstm_dynamic_seq", "model.onnx"), out)


def test_introspection(dyn_model):
    assert [s.name for s in dyn_model.inputs] == ["X", "initial_h", "initial_c"]
    assert dyn_model.inputs[0].shape == (None, 2, 3)
    assert dyn_model.inputs[0].dim_names[0] == "T"
    assert dyn_model.inputs[0].dtype == np.float32
    assert [s.name for s in dyn_model.outputs] == ["Y", "Y_h", "Y_c"]
    assert dyn_model.outputs[0].shape == (None, 1, 2, 4)


@pytest.mark.parametrize("prefix", ["in_", "in2_"])
def test_run_dynamic_time(dyn_model, prefix):
    inputs = case("lstm_dynamic_seq", prefix)
    out = dyn_model(**inputs)
    expected = case("lstm_dynamic_seq", prefix.replace("in", "out"))
    assert set(out) == set(expected)
    for name, value in expected.items():
        np.testing.assert_allclose(out[name], value, rtol=RTOL, atol=ATOL)


def test_positional_inputs(dyn_model):
    inputs = case("lstm_dynamic_seq")
    a = dyn_model(**inputs)
    b = dyn_model.run(inputs["X"], inputs["initial_h"], inputs["initial_c"])
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


def test_errors(dyn_model):
    inputs = case("lstm_dynamic_seq")
    with pytest.raises(rnncc.RnncError, match="dtype float64 but the model expects float32"):
        dyn_model(**{**inputs, "X": inputs["X"].astype(np.float64)})
    with pytest.raises(rnncc.RnncError, match="size 5 in dimension 2 but the model expects 3"):
        dyn_model(**{**inputs, "X": np.zeros((4, 2, 5), np.float32)})
    with pytest.raises(rnncc.RnncError, match="missing input 'initial_c'"):
        dyn_model(X=inputs["X"], initial_h=inputs["initial_h"])
    with pytest.raises(rnncc.RnncError, match="no input named 'bogus'"):
        dyn_model(**inputs, bogus=inputs["X"])
    with pytest.raises(rnncc.RnncError, match="has 3 inputs, got 1"):
        dyn_model.run(inputs["X"])


def test_compile_errors(tmp_path):
    with pytest.raises(rnncc.RnncError, match="does-not-exist.onnx"):
        rnncc.compile(tmp_path / "does-not-exist.onnx")
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"\x08\x07garbage")
    with pytest.raises(rnncc.RnncError, match="bad.onnx"):
        rnncc.compile(bad)
    with pytest.raises(rnncc.RnncError, match="--quantize must be none, int8 or bf16"):
        rnncc.compile(os.path.join(MODELS, "gru_lbr1", "model.onnx"), quantize="int4")
    with pytest.raises(rnncc.RnncError, match="not a model compiled by rnnc"):
        rnncc.load(tmp_path / "nope.so")


def test_quantize_and_sparsify(tmp_path):
    """The compile options reach rnnc: int8 / bf16 weights stay close to the
    ONNX Runtime fp32 reference, and pruning to 50% zeros changes the numbers."""
    inputs = case("torch_lstm2_head")
    expected = case("torch_lstm2_head", "out_")
    for mode, tol in (("int8", 2e-2), ("bf16", 1e-2)):
        out = rnncc.compile(os.path.join(MODELS, "torch_lstm2_head", "model.onnx"),
                            tmp_path / f"{mode}.so", quantize=mode)(**inputs)
        for name, value in expected.items():
            np.testing.assert_allclose(out[name], value, rtol=0, atol=tol)
    pruned = rnncc.compile(os.path.join(MODELS, "torch_lstm2_head", "model.onnx"),
                           tmp_path / "sparse.so", sparsify="0.5")(**inputs)
    assert any(not np.allclose(pruned[n], v, rtol=1e-3, atol=1e-3) for n, v in expected.items())


def test_threads(tmp_path):
    """Model.threads: 2 and 3 threads give bit-identical results to 1 thread
    (and match ONNX Runtime); bad counts and models without thread support
    raise."""
    path = os.path.join(MODELS, "lstm_bidir", "model.onnx")
    inputs, expected = case("lstm_bidir"), case("lstm_bidir", "out_")
    model = rnncc.compile(path, tmp_path / "par.so", extra_args=["--vector-kernel-min-weights=0", "--parallel-min-weights=0"])
    assert model.threads == 1
    one = model(**inputs)
    for n in (2, 3):
        model.threads = n
        assert model.threads == n
        out = model(**inputs)
        for name, value in expected.items():
            np.testing.assert_array_equal(out[name], one[name])
            np.testing.assert_allclose(out[name], value, rtol=RTOL, atol=ATOL)
    with pytest.raises(rnncc.RnncError, match="at least 1"):
        model.threads = 0
    seq = rnncc.compile(path, tmp_path / "seq.so", extra_args=["--parallel=false"])
    seq.threads = 1
    with pytest.raises(rnncc.RnncError, match="without thread support"):
        seq.threads = 2
    t2 = rnncc.compile(path, tmp_path / "t2.so", threads=2,
                       extra_args=["--vector-kernel-min-weights=0", "--parallel-min-weights=0"])
    assert t2.threads == 2
    t2.release_memory()
    for name, value in t2(**inputs).items():
        np.testing.assert_array_equal(value, one[name])


def test_streaming_state_carried(tmp_path):
    """Frame-by-frame use of a stateful model (state output fed back as input)
    equals running the whole sequence at once."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    gru = torch.nn.GRU(5, 7)

    class Step(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = gru

        def forward(self, x, h):
            y, hn = self.gru(x, h)
            return y, hn

    step = rnncc.from_torch(Step(), (torch.zeros(1, 1, 5), torch.zeros(1, 1, 7)),
                            input_names=["x", "h"], output_names=["y", "hn"],
                            output=tmp_path / "step.so")
    xs = np.random.default_rng(1).standard_normal((12, 1, 5)).astype(np.float32)
    h = np.zeros((1, 1, 7), np.float32)
    frames = []
    for t in range(12):
        out = step(x=xs[t:t + 1], h=h)
        frames.append(out["y"])
        h = out["hn"]
    with torch.no_grad():
        ref_y, ref_h = gru(torch.from_numpy(xs))
    np.testing.assert_allclose(np.concatenate(frames), ref_y.numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(h, ref_h.numpy(), rtol=RTOL, atol=ATOL)


def test_from_torch_lstm_head(tmp_path):
    torch = pytest.importorskip("torch")
    torch.manual_seed(3)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(6, 16, num_layers=2, batch_first=True)
            self.head = torch.nn.Linear(16, 4)

        def forward(self, x):
            y, _ = self.lstm(x)
            return torch.softmax(self.head(y[:, -1]), dim=-1)

    net = Net()
    x = torch.randn(3, 20, 6)
    model = rnncc.from_torch(net, x, input_names=["x"], output_names=["p"],
                             output=tmp_path / "net.so")
    with torch.no_grad():
        expected = net(x).numpy()
    np.testing.assert_allclose(model(x=x.numpy())["p"], expected, rtol=RTOL, atol=ATOL)


def test_command_line(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    lib = tmp_path / "m.so"
    model = os.path.join(MODELS, "gru_lbr1", "model.onnx")
    run = lambda *a: subprocess.run([sys.executable, "-m", "rnncc", *a], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    r = run("compile", model, "-o", str(lib))
    assert r.returncode == 0, r.stdout
    d = os.path.join(MODELS, "gru_lbr1")
    ins = ["--input", f"X={d}/in_X.npy", "--input", f"initial_h={d}/in_initial_h.npy"]
    r = run("run", str(lib), *ins, "--output-dir", str(tmp_path / "out"))
    assert r.returncode == 0, r.stdout
    np.testing.assert_allclose(np.load(tmp_path / "out" / "Y.npy"), np.load(f"{d}/out_Y.npy"),
                               rtol=RTOL, atol=ATOL)
    r = run("bench", str(lib), *ins, "--runs", "5")
    assert r.returncode == 0 and "runs=5" in r.stdout, r.stdout
    r = run("run", str(lib), "--input", f"X={d}/in_X.npy")
    assert r.returncode == 1 and "missing input 'initial_h'" in r.stdout
