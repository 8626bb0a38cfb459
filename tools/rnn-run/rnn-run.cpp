//===- rnn-run.cpp - run a model compiled by rnnc on .npy files -----------===//
//
//   rnn-run model.so --input NAME=FILE.npy ... [--output-dir DIR]
//                    [--bench N] [--threads N] [--list]
//
// Loads the shared library, drives it through the C ABI of rnnc_abi.h (so it
// works for any compiled model), writes each output to DIR/NAME.npy and, with
// --bench, times N runs after a warm-up.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "rnn/Runtime/rnnc_abi.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace rnn;

namespace {

const char kUsage[] =
    "usage: rnn-run MODEL.so [--input NAME=FILE.npy]... [--output-dir DIR]\n"
    "               [--bench N] [--threads N] [--list]\n"
    "\n"
    "Runs a model compiled by rnnc on .npy inputs.\n"
    "  --input NAME=FILE.npy  a model input (every input must be given)\n"
    "  --output-dir DIR       write each output to DIR/NAME.npy (characters\n"
    "                         outside [A-Za-z0-9_.-] in NAME become '_')\n"
    "  --bench N              time N runs after one warm-up run and print\n"
    "                         'rnn-run: median_ms=X min_ms=Y max_ms=Z runs=N'\n"
    "  --threads N            threads per run (default 1); more than 1 needs\n"
    "                         a model compiled with thread support (rnnc\n"
    "                         --parallel, the default for the host)\n"
    "  --list                 print the model's inputs and outputs and exit\n";

struct Options {
  std::string libraryPath;
  std::vector<std::string> inputs;
  std::string outputDir;
  unsigned benchRuns = 0;
  unsigned threads = 1;
  bool list = false;
};

struct ModelABI {
  int32_t (*numInputs)();
  int32_t (*numOutputs)();
  const rnnc_tensor_info *(*inputInfo)(int32_t);
  const rnnc_tensor_info *(*outputInfo)(int32_t);
  int32_t (*run)(const rnnc_tensor *, int32_t, rnnc_tensor *, int32_t, char *,
                 size_t);
  void (*free)(void *);
  int32_t (*abiVersion)();
  int32_t (*setNumThreads)(int32_t);
};

int fail(const std::string &message) {
  std::cerr << "rnn-run: error: " << message << "\n";
  return 1;
}

bool parseCount(const std::string &text, unsigned &value) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(),
                   [](char c) { return std::isdigit((unsigned char)c); }))
    return false;
  value = static_cast<unsigned>(std::stoul(text));
  return true;
}

/// Parses the command line; returns an error message or "".
std::string parseArgs(int argc, char **argv, Options &opts) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    size_t eq = arg.find('=');
    bool isFlag = arg.rfind("--", 0) == 0;
    std::string flag = isFlag && eq != std::string::npos ? arg.substr(0, eq) : arg;
    auto takeValue = [&]() -> bool {
      if (isFlag && eq != std::string::npos) {
        value = arg.substr(eq + 1);
        return true;
      }
      if (i + 1 >= argc)
        return false;
      value = argv[++i];
      return true;
    };
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (flag == "--list") {
      opts.list = true;
    } else if (flag == "--input" || flag == "--output-dir" ||
               flag == "--bench" || flag == "--threads") {
      if (!takeValue())
        return flag + " needs a value";
      if (flag == "--input")
        opts.inputs.push_back(value);
      else if (flag == "--output-dir")
        opts.outputDir = value;
      else if (!parseCount(value, flag == "--bench" ? opts.benchRuns
                                                     : opts.threads))
        return flag + " needs a non-negative integer, got '" + value + "'";
    } else if (isFlag || (arg.size() > 1 && arg[0] == '-')) {
      return "unknown option '" + arg + "'";
    } else if (opts.libraryPath.empty()) {
      opts.libraryPath = arg;
    } else {
      return "unexpected argument '" + arg + "'";
    }
  }
  if (opts.libraryPath.empty())
    return "no model library given";
  return "";
}

template <typename Fn>
bool bind(void *handle, const char *name, Fn &fn) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  return fn != nullptr;
}

std::string describe(const rnnc_tensor_info &info) {
  std::string s = std::string(info.name) + " " + rnnc_dtype_name(info.dtype) + " [";
  for (int32_t d = 0; d < info.rank; ++d) {
    if (d)
      s += "x";
    if (info.shape[d] >= 0)
      s += std::to_string(info.shape[d]);
    else
      s += *info.dim_names[d] ? info.dim_names[d] : "?";
  }
  return s + "]";
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s + "]";
}

/// Output file name: characters outside [A-Za-z0-9_.-] become '_'.
std::string sanitize(const char *name) {
  std::string s(name);
  for (char &c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
          c == '.' || c == '-'))
      c = '_';
  return s;
}

} // namespace

int main(int argc, char **argv) {
  Options opts;
  std::string argError = parseArgs(argc, argv, opts);
  if (!argError.empty()) {
    std::cerr << "rnn-run: error: " << argError << "\n\n" << kUsage;
    return 2;
  }
  if (opts.threads < 1)
    return fail("--threads needs at least 1, got " +
                std::to_string(opts.threads));
  const std::string &libraryPath = opts.libraryPath;

  std::string absPath = libraryPath;
  if (absPath.find('/') == std::string::npos)
    absPath = "./" + absPath;
  void *handle = dlopen(absPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    return fail("cannot load '" + libraryPath + "': " + dlerror());
  ModelABI abi;
  if (!bind(handle, "rnnc_num_inputs", abi.numInputs) ||
      !bind(handle, "rnnc_num_outputs", abi.numOutputs) ||
      !bind(handle, "rnnc_input_info", abi.inputInfo) ||
      !bind(handle, "rnnc_output_info", abi.outputInfo) ||
      !bind(handle, "rnnc_run", abi.run) ||
      !bind(handle, "rnnc_free", abi.free) ||
      !bind(handle, "rnnc_abi_version", abi.abiVersion))
    return fail("'" + libraryPath +
                "' is not a model compiled by rnnc (missing rnnc_* symbols)");
  if (abi.abiVersion() != RNNC_ABI_VERSION)
    return fail("'" + libraryPath + "' has ABI version " +
                std::to_string(abi.abiVersion()) + "; this rnn-run expects " +
                std::to_string(RNNC_ABI_VERSION));
  if (!bind(handle, "rnnc_set_num_threads", abi.setNumThreads))
    return fail("'" + libraryPath + "' lacks rnnc_set_num_threads");
  if (abi.setNumThreads(static_cast<int32_t>(opts.threads)) !=
      static_cast<int32_t>(opts.threads))
    return fail("--threads " + std::to_string(opts.threads) + ": '" +
                libraryPath +
                "' was compiled without thread support (rnnc "
                "--parallel=false, or --target without --parallel)");

  int32_t numIn = abi.numInputs(), numOut = abi.numOutputs();
  if (opts.list) {
    for (int32_t i = 0; i < numIn; ++i)
      std::cout << "input  " << describe(*abi.inputInfo(i)) << "\n";
    for (int32_t i = 0; i < numOut; ++i)
      std::cout << "output " << describe(*abi.outputInfo(i)) << "\n";
    return 0;
  }

  // Match --input NAME=FILE to the model's inputs.
  std::map<std::string, std::string> given;
  for (const std::string &spec : opts.inputs) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail("--input '" + spec + "' is not NAME=FILE.npy");
    if (!given.emplace(spec.substr(0, eq), spec.substr(eq + 1)).second)
      return fail("input '" + spec.substr(0, eq) + "' is given twice");
  }
  std::vector<NpyArray> arrays(numIn);
  std::vector<rnnc_tensor> in(numIn);
  for (int32_t i = 0; i < numIn; ++i) {
    const rnnc_tensor_info &info = *abi.inputInfo(i);
    auto it = given.find(info.name);
    if (it == given.end())
      return fail("missing input '" + std::string(info.name) +
                  "' (the model expects " + describe(info) + ")");
    std::string file = it->second, error;
    given.erase(it);
    if (!readNpy(file, arrays[i], error))
      return fail(error);
    NpyArray &a = arrays[i];
    if (a.dtype != info.dtype)
      return fail("input '" + std::string(info.name) + "' from '" + file +
                  "' is " + rnnc_dtype_name(a.dtype) + " but the model expects " +
                  describe(info));
    in[i].data = a.data.data();
    in[i].dtype = a.dtype;
    in[i].rank = static_cast<int32_t>(a.shape.size());
    std::copy(a.shape.begin(), a.shape.end(), in[i].shape);
  }
  if (!given.empty()) {
    std::string names;
    for (int32_t i = 0; i < numIn; ++i)
      names += (i ? ", " : "") + std::string(abi.inputInfo(i)->name);
    return fail("the model has no input named '" + given.begin()->first +
                "' (its inputs: " + names + ")");
  }

  std::vector<rnnc_tensor> out(numOut);
  char error[1024];
  auto runOnce = [&]() -> bool {
    for (rnnc_tensor &t : out) {
      abi.free(t.data);
      t.data = nullptr;
    }
    return abi.run(in.data(), numIn, out.data(), numOut, error,
                   sizeof(error)) == RNNC_OK;
  };
  if (!runOnce())
    return fail(error);
  if (opts.benchRuns) {
    std::vector<double> ms;
    for (unsigned r = 0; r < opts.benchRuns; ++r) {
      auto start = std::chrono::steady_clock::now();
      if (!runOnce())
        return fail(error);
      ms.push_back(std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start)
                       .count());
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    size_t n = sorted.size();
    double median = n % 2 ? sorted[n / 2]
                          : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    std::printf("rnn-run: median_ms=%.4f min_ms=%.4f max_ms=%.4f runs=%zu\n",
                median, sorted.front(), sorted.back(), n);
  }

  if (!opts.outputDir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(opts.outputDir, ec);
    if (ec)
      return fail("cannot create '" + opts.outputDir + "': " + ec.message());
    for (int32_t k = 0; k < numOut; ++k) {
      const rnnc_tensor_info &info = *abi.outputInfo(k);
      std::filesystem::path path =
          std::filesystem::path(opts.outputDir) / (sanitize(info.name) + ".npy");
      std::vector<int64_t> shape(out[k].shape, out[k].shape + out[k].rank);
      std::string err;
      if (!writeNpy(path.string(), out[k].dtype, shape, out[k].data, err))
        return fail(err);
    }
  } else if (!opts.benchRuns) {
    for (int32_t k = 0; k < numOut; ++k) {
      std::vector<int64_t> shape(out[k].shape, out[k].shape + out[k].rank);
      std::cout << "output " << abi.outputInfo(k)->name << " "
                << rnnc_dtype_name(out[k].dtype) << " " << shapeString(shape)
                << "\n";
    }
  }
  for (rnnc_tensor &t : out)
    abi.free(t.data);
  return 0;
}
