//===- Calibration.cpp - activation ranges from calibration data ----------===//
//
// The calibration build is an ordinary rnnc library (C ABI of rnnc_abi.h)
// plus two globals defined by rnn-record-activation-ranges:
// `rnnc_activation_ranges` (float[N], running max |a| per activation site)
// and `rnnc_activation_range_count` (int32, N). rnnc loads it with dlopen,
// checks every calibration file against the model's inputs (so a mismatch
// names the file and the input, before anything runs), runs each set once
// and reads the ranges.
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "../rnn-run/Npy.h"
#include "rnn/Runtime/rnnc_abi.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <dlfcn.h>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace rnn {
namespace {

struct ModelABI {
  int32_t (*numInputs)();
  int32_t (*numOutputs)();
  const rnnc_tensor_info *(*inputInfo)(int32_t);
  int32_t (*run)(const rnnc_tensor *, int32_t, rnnc_tensor *, int32_t, char *,
                 size_t);
  void (*free)(void *);
};

template <typename Fn>
bool bind(void *handle, const char *name, Fn &fn) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  return fn != nullptr;
}

std::string sanitize(const std::string &name) {
  std::string s = name;
  for (char &c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
          c == '.' || c == '-'))
      c = '_';
  return s;
}

std::string shapeString(const int64_t *shape, size_t rank) {
  std::string s = "[";
  for (size_t i = 0; i < rank; ++i)
    s += (i ? "x" : "") +
         (shape[i] < 0 ? std::string("?") : std::to_string(shape[i]));
  return s + "]";
}

std::string describe(const rnnc_tensor_info &info) {
  return std::string(info.name) + " " + rnnc_dtype_name(info.dtype) + " " +
         shapeString(info.shape, info.rank);
}

/// Index of the first NaN or infinity of a float array, or -1.
int64_t firstNonFinite(const NpyArray &a) {
  int64_t n = a.numElements();
  for (int64_t i = 0; i < n; ++i) {
    double v;
    if (a.dtype == RNNC_FLOAT32)
      v = reinterpret_cast<const float *>(a.data.data())[i];
    else if (a.dtype == RNNC_FLOAT64)
      v = reinterpret_cast<const double *>(a.data.data())[i];
    else
      return -1;
    if (!std::isfinite(v))
      return i;
  }
  return -1;
}

/// Loads the arrays of one set in input order; returns "" or an error.
std::string loadSet(const std::string &set, const ModelABI &abi,
                    std::vector<NpyArray> &arrays) {
  int32_t numIn = abi.numInputs();
  std::map<std::string, int32_t> byFile; // file name -> input index
  std::string names;
  for (int32_t i = 0; i < numIn; ++i) {
    std::string name = abi.inputInfo(i)->name;
    byFile[name + ".npy"] = i;
    byFile[sanitize(name) + ".npy"] = i;
    names += (i ? ", " : "") + name;
  }
  std::vector<std::string> files(numIn);
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const fs::directory_entry &entry : fs::directory_iterator(set, ec))
    entries.push_back(entry.path());
  if (ec)
    return "cannot read calibration set '" + set + "': " + ec.message();
  std::sort(entries.begin(), entries.end());
  for (const fs::path &path : entries) {
    if (path.extension() != ".npy")
      continue;
    auto it = byFile.find(path.filename().string());
    if (it == byFile.end())
      return "calibration file '" + path.string() +
             "' names no input of the model (its inputs: " + names + ")";
    if (!files[it->second].empty())
      return "calibration set '" + set + "' holds two files for input '" +
             abi.inputInfo(it->second)->name + "'";
    files[it->second] = path.string();
  }
  arrays.assign(numIn, NpyArray());
  for (int32_t i = 0; i < numIn; ++i) {
    const rnnc_tensor_info &info = *abi.inputInfo(i);
    if (files[i].empty())
      return "calibration set '" + set + "' has no file for input '" +
             info.name + "' (expected " + sanitize(info.name) +
             ".npy; the model expects " + describe(info) + ")";
    std::string error;
    if (!readNpy(files[i], arrays[i], error))
      return error;
    const NpyArray &a = arrays[i];
    bool shapeOk = static_cast<int32_t>(a.shape.size()) == info.rank;
    for (int32_t d = 0; shapeOk && d < info.rank; ++d)
      shapeOk = info.shape[d] < 0 || info.shape[d] == a.shape[d];
    if (a.dtype != info.dtype || !shapeOk)
      return "calibration file '" + files[i] + "' is " +
             rnnc_dtype_name(a.dtype) + " " +
             shapeString(a.shape.data(), a.shape.size()) +
             " but the model's input is " + describe(info);
    int64_t bad = firstNonFinite(a);
    if (bad >= 0)
      return "calibration file '" + files[i] + "' (input '" + info.name +
             "') holds a non-finite value at flat index " +
             std::to_string(bad) + "; ranges and scales need finite data";
  }
  return "";
}

} // namespace

bool listCalibrationSets(const std::string &dir,
                         std::vector<std::string> &sets, std::string &error) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error = "--calibration-data '" + dir + "' is not a directory";
    return false;
  }
  for (const fs::directory_entry &entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory())
      sets.push_back(entry.path().string());
  if (ec) {
    error = "cannot read --calibration-data '" + dir + "': " + ec.message();
    return false;
  }
  if (sets.empty()) {
    error = "--calibration-data '" + dir +
            "' holds no input sets (expected one subdirectory per set, each "
            "with NAME.npy for every model input)";
    return false;
  }
  std::sort(sets.begin(), sets.end());
  return true;
}

bool runCalibration(const std::string &library,
                    const std::vector<std::string> &sets,
                    std::vector<double> &ranges, std::string &error) {
  void *handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    error = std::string("cannot load the calibration build: ") + dlerror();
    return false;
  }
  ModelABI abi;
  const float *recorded = nullptr;
  const int32_t *count = nullptr;
  if (!bind(handle, "rnnc_num_inputs", abi.numInputs) ||
      !bind(handle, "rnnc_num_outputs", abi.numOutputs) ||
      !bind(handle, "rnnc_input_info", abi.inputInfo) ||
      !bind(handle, "rnnc_run", abi.run) ||
      !bind(handle, "rnnc_free", abi.free) ||
      !bind(handle, "rnnc_activation_ranges", recorded) ||
      !bind(handle, "rnnc_activation_range_count", count)) {
    error = "the calibration build lacks its rnnc_* symbols";
    dlclose(handle);
    return false;
  }
  bool ok = true;
  for (const std::string &set : sets) {
    std::vector<NpyArray> arrays;
    error = loadSet(set, abi, arrays);
    if (!error.empty()) {
      ok = false;
      break;
    }
    std::vector<rnnc_tensor> in(arrays.size());
    for (size_t i = 0; i < arrays.size(); ++i) {
      in[i].data = arrays[i].data.data();
      in[i].dtype = arrays[i].dtype;
      in[i].rank = static_cast<int32_t>(arrays[i].shape.size());
      std::copy(arrays[i].shape.begin(), arrays[i].shape.end(), in[i].shape);
    }
    std::vector<rnnc_tensor> out(abi.numOutputs());
    char message[1024] = "";
    if (abi.run(in.data(), static_cast<int32_t>(in.size()), out.data(),
                static_cast<int32_t>(out.size()), message,
                sizeof(message)) != RNNC_OK) {
      error = "calibration set '" + set + "': " + message;
      ok = false;
      break;
    }
    for (rnnc_tensor &t : out)
      abi.free(t.data);
  }
  if (ok)
    ranges.assign(recorded, recorded + *count);
  dlclose(handle);
  return ok;
}

} // namespace rnn
