# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "RNN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".onnxtxt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.rnn_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs", "e2e-data"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%models", config.shared_models_dir))
config.substitutions.append(("%onnx_node_tests", config.onnx_testdata_dir))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%rnn_src", config.rnn_src_root))
config.substitutions.append(("%rnn_bin", config.rnn_tools_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.rnn_tools_dir, config.llvm_tools_dir]
tools = ["rnn-opt", "rnn-translate", "rnnc", "rnn-run", "mlir-runner"]
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in tools], tool_dirs)
llvm_config.with_environment("PATH", config.rnn_tools_dir, append_path=True)
# `not` at the start of a RUN line is found on PATH (lit only substitutes `| not`).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Runtime libraries for printing memrefs from mlir-runner e2e tests.
_runner_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
config.substitutions.append(("%mlir_runner_libs", ",".join(
    os.path.join(_runner_lib_dir, lib) for lib in
    ["libmlir_c_runner_utils.so", "libmlir_runner_utils.so"])))

if os.path.isdir(config.shared_models_dir):
    config.available_features.add("shared-models")
import subprocess
if subprocess.call([config.python_executable, "-c", "import onnx, numpy"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("onnx-python")
if os.path.isdir(config.onnx_testdata_dir):
    config.available_features.add("onnx-testdata")
config.excludes.append("make_bad_models.py")
if os.path.exists(os.path.join(config.rnn_tools_dir, "rnnc")) and \
   os.path.exists(os.path.join(config.rnn_tools_dir, "rnn-run")):
    config.available_features.add("rnnc-driver")
import shutil
if shutil.which("aarch64-linux-gnu-g++") and shutil.which("qemu-aarch64"):
    config.available_features.add("aarch64-cross")
if shutil.which("cc"):
    config.available_features.add("host-cc")
if shutil.which("g++") and shutil.which("make"):
    config.available_features.add("host-cxx")
if shutil.which("valgrind"):
    config.available_features.add("valgrind")
if shutil.which("espeak-ng"):
    config.available_features.add("espeak")
