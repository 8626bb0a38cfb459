//===- rnn_hls.h - support header of rnnc's HLS C++ -------------*- C++ -*-===//
//
// Included by every kernel `rnnc --emit=hls` writes (rnnc copies it into the
// output directory). It holds the element-wise helpers the emitted code calls
// as rnn_hls::NAME_(...): one overload for float (the C math library, which
// Vitis HLS maps to its own synthesizable math) and, for ap_fixed data, the
// fixed-point versions (lookup tables for tanh / sigmoid-like exponentials,
// see docs/hls.md for their error).
//
// ap_fixed / ap_int come from Xilinx's headers when the compiler finds them
// (Vitis HLS, or a machine with them on the include path), else from
// rnn_ap_fixed.h, the project's bit-accurate replacement for the subset used.
// No dynamic memory, recursion, virtual calls or STL containers.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_HLS_SUPPORT_H
#define RNN_HLS_SUPPORT_H

#include <cmath>
#include <stdint.h>

#if defined(__has_include)
#if __has_include(<ap_fixed.h>) && !defined(RNN_HLS_FORCE_REPLACEMENT)
#include <ap_fixed.h>
#define RNN_HLS_XILINX_AP 1
#endif
#endif
#ifndef RNN_HLS_XILINX_AP
#include "rnn_ap_fixed.h"
#endif

// HLS directives: `#pragma HLS ...` when Vitis HLS synthesizes the code,
// nothing in C simulation (host compilers warn about unknown pragmas). This
// is the _Pragma form UG1399 documents for pragmas in macros.
#if defined(__SYNTHESIS__)
#define RNN_HLS_PRAGMA(text) _Pragma(#text)
#else
#define RNN_HLS_PRAGMA(text)
#endif

namespace rnn_hls {

// ---- generic --------------------------------------------------------------
template <class T> inline T max_(T a, T b) { return a > b ? a : b; }
template <class T> inline T min_(T a, T b) { return a < b ? a : b; }
template <class T> inline T floordiv(T a, T b) {
  T q = a / b;
  return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : q;
}
template <class T> inline T ceildiv(T a, T b) {
  T q = a / b;
  return (q * b != a && ((a < 0) == (b < 0))) ? q + 1 : q;
}
template <class I> inline I to_int(float x) { return static_cast<I>(x); }
inline float to_float(float x) { return x; }
template <class T> inline float to_float(T x) { return static_cast<float>(x); }
inline float nan_value() { return std::nanf(""); }
inline float inf_value() { return HUGE_VALF; }

// ---- float: the C math library ---------------------------------------------
inline float tanh_(float x) { return std::tanh(x); }
inline float exp_(float x) { return std::exp(x); }
inline float exp2_(float x) { return std::exp2(x); }
inline float expm1_(float x) { return std::expm1(x); }
inline float log_(float x) { return std::log(x); }
inline float log1p_(float x) { return std::log1p(x); }
inline float log2_(float x) { return std::log2(x); }
inline float log10_(float x) { return std::log10(x); }
inline float sqrt_(float x) { return std::sqrt(x); }
inline float rsqrt_(float x) { return 1.0f / std::sqrt(x); }
inline float absf_(float x) { return std::fabs(x); }
inline float erf_(float x) { return std::erf(x); }
inline float powf_(float x, float y) { return std::pow(x, y); }
inline float floor_(float x) { return std::floor(x); }
inline float ceil_(float x) { return std::ceil(x); }
inline float round_(float x) { return std::round(x); }
inline float roundeven_(float x) { return std::nearbyint(x); }
inline float trunc_(float x) { return std::trunc(x); }
inline float sin_(float x) { return std::sin(x); }
inline float cos_(float x) { return std::cos(x); }
inline float tan_(float x) { return std::tan(x); }
inline float sinh_(float x) { return std::sinh(x); }
inline float cosh_(float x) { return std::cosh(x); }
inline float asin_(float x) { return std::asin(x); }
inline float acos_(float x) { return std::acos(x); }
inline float atan_(float x) { return std::atan(x); }
inline float atan2_(float y, float x) { return std::atan2(y, x); }
inline float fma_(float a, float b, float c) { return a * b + c; }
inline float fmod_(float a, float b) { return std::fmod(a, b); }

} // namespace rnn_hls

#endif // RNN_HLS_SUPPORT_H
