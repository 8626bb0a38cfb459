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

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.rnn_tools_dir, config.llvm_tools_dir]
tools = ["rnn-opt", "rnn-translate", "rnnc", "rnn-run"]
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in tools], tool_dirs)
llvm_config.with_environment("PATH", config.rnn_tools_dir, append_path=True)

if os.path.isdir(config.shared_models_dir):
    config.available_features.add("shared-models")
if os.path.isdir(config.onnx_testdata_dir):
    config.available_features.add("onnx-testdata")
