//===- Npy.h - reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// The subset of the .npy format (versions 1.0 to 3.0) that model inputs and
// outputs need: little-endian numeric and bool arrays in C order.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_TOOLS_RNNRUN_NPY_H
#define RNN_TOOLS_RNNRUN_NPY_H

#include <cstdint>
#include <string>
#include <vector>

namespace rnn {

struct NpyArray {
  int32_t dtype = 0; ///< enum rnnc_dtype
  std::vector<int64_t> shape;
  std::vector<char> data;
  int64_t numElements() const;
};

/// Reads `path`; on failure returns false and sets `error`.
bool readNpy(const std::string &path, NpyArray &array, std::string &error);

/// Writes `array` to `path` (format 1.0); on failure returns false.
bool writeNpy(const std::string &path, int32_t dtype,
              const std::vector<int64_t> &shape, const void *data,
              std::string &error);

} // namespace rnn

#endif // RNN_TOOLS_RNNRUN_NPY_H
