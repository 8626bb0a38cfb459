"""rnncc: compile ONNX recurrent models with rnnc and run them from numpy.

    import rnncc
    model = rnncc.compile("model.onnx", input_shapes={"x": (100, 1, 64)})
    outputs = model(x=np.zeros((100, 1, 64), np.float32))   # dict name -> array

Pure Python over the compiled model's C ABI (ctypes); needs numpy. The `rnnc`
driver is found through $RNNC, beside this package in a source checkout
(build/bin/rnnc), or on PATH.
"""

import ctypes
import os
import shutil
import subprocess
import tempfile

import numpy as np

from . import _abi

__all__ = ["compile", "load", "from_torch", "Model", "TensorSpec", "RnncError",
           "find_rnnc"]
__version__ = "0.1.0"


class RnncError(RuntimeError):
    """A compile or run failure, with rnnc's or the model's message."""


class TensorSpec:
    """Name, numpy dtype and shape (None for a dynamic dimension) of a model
    input or output; `dim_names` holds the ONNX names of dynamic dims."""

    def __init__(self, name, dtype, shape, dim_names):
        self.name, self.dtype, self.shape, self.dim_names = name, dtype, shape, dim_names

    def __repr__(self):
        return f"TensorSpec(name={self.name!r}, dtype={self.dtype.name}, shape={self.shape})"


def find_rnnc():
    """Path of the rnnc driver: $RNNC, ../build/bin/rnnc relative to this
    package (source checkout), or `rnnc` on PATH."""
    env = os.environ.get("RNNC")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    candidate = os.path.join(here, "..", "..", "build", "bin", "rnnc")
    if os.path.exists(candidate):
        return os.path.abspath(candidate)
    found = shutil.which("rnnc")
    if found:
        return found
    raise RnncError("cannot find the rnnc driver: set $RNNC, build the source "
                    "checkout (build/bin/rnnc) or put rnnc on PATH")


def _spec(info):
    shape = tuple(None if info.shape[d] < 0 else int(info.shape[d]) for d in range(info.rank))
    names = tuple(info.dim_names[d].decode() or None for d in range(info.rank))
    return TensorSpec(info.name.decode(), _abi.DTYPES.get(info.dtype), shape, names)


class Model:
    """A compiled model loaded from its shared library."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        try:
            self._lib = ctypes.CDLL(self.path)
            _abi.bind(self._lib)
        except (OSError, AttributeError) as e:
            raise RnncError(f"{path} is not a model compiled by rnnc: {e}") from None
        if self._lib.rnnc_abi_version() != _abi.ABI_VERSION:
            raise RnncError(f"{path} has ABI version {self._lib.rnnc_abi_version()}, "
                            f"rnncc expects {_abi.ABI_VERSION}")
        _abi.bind_threads(self._lib)
        self.name = self._lib.rnnc_model_name().decode()
        self.inputs = [_spec(self._lib.rnnc_input_info(i).contents)
                       for i in range(self._lib.rnnc_num_inputs())]
        self.outputs = [_spec(self._lib.rnnc_output_info(i).contents)
                        for i in range(self._lib.rnnc_num_outputs())]

    def __repr__(self):
        return f"Model({self.name!r}, inputs={self.inputs}, outputs={self.outputs})"

    @property
    def threads(self):
        """Threads each run splits its steps across (default 1)."""
        return self._lib.rnnc_get_num_threads()

    @threads.setter
    def threads(self, n):
        n = int(n)
        if n < 1:
            raise RnncError(f"threads must be at least 1, got {n}")
        if self._lib.rnnc_set_num_threads(n) != n:
            raise RnncError(f"{self.path} was compiled without thread support "
                            "(rnnc --parallel=false, or for another target)")

    def release_memory(self):
        """Frees the calling thread's cache of the model's memory (kept
        between runs so that repeated runs allocate nothing)."""
        self._lib.rnnc_release_memory()

    def run(self, *args, **kwargs):
        """Runs the model. Inputs by name (keywords) or in order (positional);
        returns a dict output name -> numpy array. Arrays are not converted:
        a wrong dtype, rank or shape raises RnncError with the model's message."""
        if args and kwargs:
            raise TypeError("pass inputs either positionally or by name, not both")
        if args:
            if len(args) != len(self.inputs):
                raise RnncError(f"the model has {len(self.inputs)} inputs, got {len(args)}")
            kwargs = {spec.name: a for spec, a in zip(self.inputs, args)}
        unknown = set(kwargs) - {s.name for s in self.inputs}
        if unknown:
            raise RnncError(f"the model has no input named {sorted(unknown)[0]!r} "
                            f"(its inputs: {', '.join(s.name for s in self.inputs)})")
        n_in, n_out = len(self.inputs), len(self.outputs)
        tensors = (_abi.Tensor * max(n_in, 1))()
        keep = []
        for i, spec in enumerate(self.inputs):
            if spec.name not in kwargs:
                raise RnncError(f"missing input {spec.name!r}")
            array = np.asarray(kwargs[spec.name])
            if array.dtype not in _abi.CODES:
                raise RnncError(f"input {spec.name!r} has unsupported dtype {array.dtype}")
            if array.ndim > _abi.MAX_RANK:
                raise RnncError(f"input {spec.name!r} has rank {array.ndim} > {_abi.MAX_RANK}")
            array = np.ascontiguousarray(array)
            keep.append(array)
            tensors[i].data = array.ctypes.data
            tensors[i].dtype = _abi.CODES[array.dtype]
            tensors[i].rank = array.ndim
            for d, size in enumerate(array.shape):
                tensors[i].shape[d] = size
        outs = (_abi.Tensor * max(n_out, 1))()
        error = ctypes.create_string_buffer(1024)
        status = self._lib.rnnc_run(tensors, n_in, outs, n_out, error, len(error))
        if status != _abi.OK:
            raise RnncError(error.value.decode())
        result = {}
        for k, spec in enumerate(self.outputs):
            t = outs[k]
            shape = tuple(t.shape[d] for d in range(t.rank))
            dtype = _abi.DTYPES[t.dtype]
            count = int(np.prod(shape)) if shape else 1
            buf = (ctypes.c_char * (count * dtype.itemsize)).from_address(t.data)
            result[spec.name] = np.frombuffer(buf, dtype=dtype).reshape(shape).copy()
            self._lib.rnnc_free(t.data)
        return result

    __call__ = run


def load(path):
    """Loads a shared library produced by `rnnc` (or `compile`)."""
    return Model(path)


def compile(model_path, output=None, *, quantize=None, sparsify=None, target=None,
            input_shapes=None, mcpu=None, opt_level=2, threads=None, extra_args=(),
            verbose=False):
    """Compiles an ONNX (or tensor-level .mlir) model with rnnc into a shared
    library and loads it. `input_shapes` maps input names to shape tuples (None
    or -1 keeps a dimension dynamic). `output` defaults to a temporary file.
    `quantize` is "int8" or "bf16" (rnnc --quantize), `sparsify` a fraction of
    zeros or an rnnc --sparsify spec such as "0.9:block=8x1". `threads` sets
    the loaded model's thread count (Model.threads; default 1)."""
    if output is None:
        output = os.path.join(tempfile.mkdtemp(prefix="rnncc-"), "model.so")
    cmd = [find_rnnc(), os.fspath(model_path), "-o", os.fspath(output), f"-O{int(opt_level)}"]
    for name, shape in (input_shapes or {}).items():
        dims = "x".join("?" if d is None or d < 0 else str(int(d)) for d in shape)
        cmd.append(f"--input-shape={name}={dims}")
    if quantize is not None:
        cmd.append(f"--quantize={quantize}")
    if sparsify is not None:
        cmd.append(f"--sparsify={sparsify}")
    if target:
        cmd.append(f"--target={target}")
    if mcpu:
        cmd.append(f"--mcpu={mcpu}")
    if verbose:
        cmd.append("-v")
    cmd += list(extra_args)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if verbose and proc.stdout:
        print(proc.stdout, end="")
    if proc.returncode != 0:
        raise RnncError(proc.stdout.strip() or f"rnnc failed with exit code {proc.returncode}")
    if target:
        return os.fspath(output)  # a library for another machine cannot be loaded here
    model = load(output)
    if threads is not None:
        model.threads = threads
    return model


def from_torch(module, example_inputs, *, input_names=None, output_names=None,
               dynamic_axes=None, opset=14, onnx_path=None, **compile_options):
    """Exports a torch.nn.Module with torch.onnx.export and compiles it.
    `example_inputs` is a tensor or a tuple of tensors."""
    try:
        import torch
    except ImportError:
        raise RnncError("from_torch needs PyTorch (Debian: apt-get install python3-torch)") from None
    if not isinstance(example_inputs, tuple):
        example_inputs = (example_inputs,)
    if onnx_path is None:
        onnx_path = os.path.join(tempfile.mkdtemp(prefix="rnncc-"), "model.onnx")
    input_names = input_names or [f"input{i}" for i in range(len(example_inputs))]
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, example_inputs, onnx_path, opset_version=opset,
                          input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes)
    return compile(onnx_path, **compile_options)
