//===- Npy.cpp - reading and writing NumPy .npy files ---------------------===//

#include "Npy.h"
#include "rnn/Runtime/rnnc_abi.h"

#include <cstring>
#include <fstream>
#include <sstream>

using namespace rnn;

namespace {

struct DtypeCode {
  const char *descr;
  int32_t dtype;
};

// Byte order '<' or '|' (not applicable) only: the ABI is little endian.
const DtypeCode kCodes[] = {
    {"<f4", RNNC_FLOAT32}, {"<f8", RNNC_FLOAT64}, {"<i4", RNNC_INT32},
    {"<i8", RNNC_INT64},   {"|b1", RNNC_BOOL},    {"|i1", RNNC_INT8},
    {"|u1", RNNC_UINT8},
};

/// The value of `'key': ` in the header dict, up to the next top-level comma.
bool headerField(const std::string &header, const std::string &key,
                 std::string &value) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos)
    return false;
  pos = header.find(':', pos);
  if (pos == std::string::npos)
    return false;
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
  value = header.substr(pos, end - pos);
  return true;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"'))
    return s.substr(1, s.size() - 2);
  return s;
}

} // namespace

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

bool rnn::readNpy(const std::string &path, NpyArray &array,
                  std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return false;
  }
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) {
    error = "'" + path + "' is not a .npy file";
    return false;
  }
  uint32_t headerLen = 0;
  unsigned char lenBytes[4] = {0, 0, 0, 0};
  int lenSize = magic[6] == 1 ? 2 : 4;
  if (magic[6] < 1 || magic[6] > 3 ||
      !in.read(reinterpret_cast<char *>(lenBytes), lenSize)) {
    error = "'" + path + "' has an unsupported .npy version";
    return false;
  }
  for (int i = lenSize - 1; i >= 0; --i)
    headerLen = headerLen * 256 + lenBytes[i];
  if (headerLen > (1u << 20)) {
    error = "'" + path + "' has a corrupt .npy header";
    return false;
  }
  std::string header(headerLen, '\0');
  if (!in.read(header.data(), headerLen)) {
    error = "'" + path + "' is truncated (header)";
    return false;
  }
  std::string descr, fortran, shape;
  if (!headerField(header, "descr", descr) ||
      !headerField(header, "fortran_order", fortran) ||
      !headerField(header, "shape", shape)) {
    error = "'" + path + "' has a malformed .npy header";
    return false;
  }
  descr = unquote(descr);
  array.dtype = 0;
  for (const DtypeCode &code : kCodes)
    if (descr == code.descr ||
        (descr.size() == 3 && code.descr[0] == '|' && descr[0] == '<' &&
         descr.substr(1) == code.descr + 1))
      array.dtype = code.dtype;
  if (!array.dtype) {
    error = "'" + path + "' holds dtype '" + descr +
            "'; supported: float32, float64, int32, int64, bool, int8, uint8 "
            "(little endian)";
    return false;
  }
  if (fortran.find("True") != std::string::npos) {
    error = "'" + path +
            "' is in Fortran order; save it with np.ascontiguousarray";
    return false;
  }
  array.shape.clear();
  std::string dims = shape.substr(1, shape.size() >= 2 ? shape.size() - 2 : 0);
  std::stringstream ss(dims);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t b = item.find_first_not_of(' ');
    if (b == std::string::npos)
      continue;
    char *end = nullptr;
    long long v = std::strtoll(item.c_str() + b, &end, 10);
    if (v < 0 || end == item.c_str() + b) {
      error = "'" + path + "' has a malformed shape " + shape;
      return false;
    }
    array.shape.push_back(v);
  }
  if (array.shape.size() > RNNC_MAX_RANK) {
    error = "'" + path + "' has rank " + std::to_string(array.shape.size()) +
            "; at most " + std::to_string(RNNC_MAX_RANK) + " is supported";
    return false;
  }
  size_t bytes = static_cast<size_t>(array.numElements()) *
                 rnnc_dtype_size(array.dtype);
  array.data.assign(bytes, 0);
  if (bytes && !in.read(array.data.data(), bytes)) {
    error = "'" + path + "' is truncated (expected " + std::to_string(bytes) +
            " bytes of data)";
    return false;
  }
  return true;
}

bool rnn::writeNpy(const std::string &path, int32_t dtype,
                   const std::vector<int64_t> &shape, const void *data,
                   std::string &error) {
  const char *descr = nullptr;
  for (const DtypeCode &code : kCodes)
    if (code.dtype == dtype)
      descr = code.descr;
  if (!descr) {
    error = "cannot write dtype " + std::to_string(dtype) + " to .npy";
    return false;
  }
  std::string header = "{'descr': '" + std::string(descr) +
                       "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i)
    header += std::to_string(shape[i]) + (shape.size() == 1 ? "," : "") +
              (i + 1 < shape.size() ? ", " : "");
  header += "), }";
  // Magic (6) + version (2) + length (2) + header, padded with spaces to a
  // multiple of 64 and ended by a newline.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    error = "cannot write '" + path + "'";
    return false;
  }
  out.write("\x93NUMPY\x01\x00", 8);
  char len[2] = {static_cast<char>(header.size() & 0xff),
                 static_cast<char>(header.size() >> 8)};
  out.write(len, 2);
  out << header;
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  out.write(static_cast<const char *>(data), n * rnnc_dtype_size(dtype));
  if (!out) {
    error = "error while writing '" + path + "'";
    return false;
  }
  return true;
}
