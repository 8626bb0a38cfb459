"""ctypes mirror of include/rnn/Runtime/rnnc_abi.h (ABI version 2)."""

import ctypes

import numpy as np

ABI_VERSION = 2
MAX_RANK = 8

# enum rnnc_dtype <-> numpy
DTYPES = {
    1: np.dtype(np.float32),
    2: np.dtype(np.float64),
    3: np.dtype(np.int32),
    4: np.dtype(np.int64),
    5: np.dtype(np.bool_),
    6: np.dtype(np.int8),
    7: np.dtype(np.uint8),
}
CODES = {v: k for k, v in DTYPES.items()}

OK = 0
ERROR_ARGUMENT = 1
ERROR_MEMORY = 2


class TensorInfo(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("dtype", ctypes.c_int32),
        ("rank", ctypes.c_int32),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("dim_names", ctypes.POINTER(ctypes.c_char_p)),
    ]


class Tensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("dtype", ctypes.c_int32),
        ("rank", ctypes.c_int32),
        ("shape", ctypes.c_int64 * MAX_RANK),
    ]


def bind(lib):
    """Declares the ABI's signatures on a loaded library; raises if any
    symbol is missing."""
    lib.rnnc_abi_version.restype = ctypes.c_int32
    lib.rnnc_model_name.restype = ctypes.c_char_p
    lib.rnnc_num_inputs.restype = ctypes.c_int32
    lib.rnnc_num_outputs.restype = ctypes.c_int32
    lib.rnnc_input_info.restype = ctypes.POINTER(TensorInfo)
    lib.rnnc_input_info.argtypes = [ctypes.c_int32]
    lib.rnnc_output_info.restype = ctypes.POINTER(TensorInfo)
    lib.rnnc_output_info.argtypes = [ctypes.c_int32]
    lib.rnnc_run.restype = ctypes.c_int32
    lib.rnnc_run.argtypes = [ctypes.POINTER(Tensor), ctypes.c_int32,
                             ctypes.POINTER(Tensor), ctypes.c_int32,
                             ctypes.c_char_p, ctypes.c_size_t]
    lib.rnnc_free.restype = None
    lib.rnnc_free.argtypes = [ctypes.c_void_p]


def bind_threads(lib):
    """Declares ABI version 2's thread-count functions."""
    lib.rnnc_set_num_threads.restype = ctypes.c_int32
    lib.rnnc_set_num_threads.argtypes = [ctypes.c_int32]
    lib.rnnc_get_num_threads.restype = ctypes.c_int32
    lib.rnnc_release_memory.restype = None
