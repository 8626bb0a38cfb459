//===- rnn_npy.h - .npy files for the HLS C-simulation testbench -*- C++ -*-===//
//
// Host-only (the testbench, never the kernel): reads and writes the subset of
// NumPy's .npy format the models' inputs and outputs use (versions 1.0-3.0,
// little endian, C order). Standalone: C++14 and the standard library only,
// so the generated project builds with any host g++.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_HLS_NPY_H
#define RNN_HLS_NPY_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace rnn_npy {

struct Array {
  std::string descr;           // e.g. "<f4", "<i8", "|b1"
  std::vector<int64_t> shape;
  std::vector<char> data;
};

inline std::string field(const std::string &header, const std::string &key) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos)
    return "";
  pos = header.find(':', pos);
  if (pos == std::string::npos)
    return "";
  ++pos;
  while (pos < header.size() && header[pos] == ' ')
    ++pos;
  int depth = 0;
  size_t end = pos;
  for (; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  std::string value = header.substr(pos, end - pos);
  if (value.size() >= 2 && (value[0] == '\'' || value[0] == '"'))
    value = value.substr(1, value.size() - 2);
  return value;
}

inline int elementSize(const std::string &descr) {
  return descr.empty() ? 0 : std::atoi(descr.c_str() + 2);
}

/// Reads `path` into `array`; returns "" or an error message.
inline std::string read(const std::string &path, Array &array) {
  std::ifstream in(path.c_str(), std::ios::binary);
  if (!in)
    return "cannot open '" + path + "'";
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    return "'" + path + "' is not a .npy file";
  int lenSize = magic[6] == 1 ? 2 : 4;
  unsigned char lenBytes[4] = {0, 0, 0, 0};
  if (magic[6] < 1 || magic[6] > 3 ||
      !in.read(reinterpret_cast<char *>(lenBytes), lenSize))
    return "'" + path + "' has an unsupported .npy version";
  uint32_t headerLen = 0;
  for (int i = lenSize - 1; i >= 0; --i)
    headerLen = headerLen * 256 + lenBytes[i];
  if (headerLen > (1u << 20))
    return "'" + path + "' has a corrupt header";
  std::string header(headerLen, '\0');
  if (!in.read(&header[0], headerLen))
    return "'" + path + "' is truncated";
  array.descr = field(header, "descr");
  if (array.descr.size() == 3 && array.descr[0] == '|')
    ; // one-byte types
  else if (array.descr.size() != 3 || array.descr[0] != '<')
    return "'" + path + "' has dtype '" + array.descr +
           "' (little-endian numeric types only)";
  if (field(header, "fortran_order").find("True") != std::string::npos)
    return "'" + path + "' is in Fortran order";
  std::string shape = field(header, "shape");
  array.shape.clear();
  std::string cur;
  for (size_t i = 0; i <= shape.size(); ++i) {
    char c = i < shape.size() ? shape[i] : ')';
    if (c >= '0' && c <= '9') {
      cur += c;
    } else if (!cur.empty()) {
      array.shape.push_back(std::atoll(cur.c_str()));
      cur.clear();
    }
  }
  int64_t n = 1;
  for (size_t i = 0; i < array.shape.size(); ++i)
    n *= array.shape[i];
  array.data.assign(static_cast<size_t>(n) * elementSize(array.descr), 0);
  if (!array.data.empty() && !in.read(&array.data[0], array.data.size()))
    return "'" + path + "' is truncated (data)";
  return "";
}

/// Writes `count` elements of `data` with `descr` and `shape` (format 1.0).
inline std::string write(const std::string &path, const std::string &descr,
                         const std::vector<int64_t> &shape, const void *data) {
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': False, 'shape': (";
  int64_t n = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    header += std::to_string(shape[i]) + (shape.size() == 1 ? "," : "") +
              (i + 1 < shape.size() ? ", " : "");
    n *= shape[i];
  }
  header += "), }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path.c_str(), std::ios::binary);
  if (!out)
    return "cannot write '" + path + "'";
  out.write("\x93NUMPY\x01\x00", 8);
  char len[2] = {static_cast<char>(header.size() & 0xff),
                 static_cast<char>(header.size() >> 8)};
  out.write(len, 2);
  out << header;
  out.write(static_cast<const char *>(data), n * elementSize(descr));
  return out ? "" : "error while writing '" + path + "'";
}

/// A file name from a tensor name: characters outside [A-Za-z0-9_.-]
/// become '_' (as rnn-run does).
inline std::string fileName(const std::string &name) {
  std::string out = name;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok)
      out[i] = '_';
  }
  return out;
}

} // namespace rnn_npy

#endif // RNN_HLS_NPY_H
