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

// hls::stream (the FIFO channels of DATAFLOW): Xilinx's header when the
// compiler finds it, else rnn_hls_stream.h (the C-simulation model).
#if defined(__has_include)
#if __has_include(<hls_stream.h>) && !defined(RNN_HLS_FORCE_REPLACEMENT)
#include <hls_stream.h>
#define RNN_HLS_XILINX_STREAM 1
#endif
#endif
#ifndef RNN_HLS_XILINX_STREAM
#include "rnn_hls_stream.h"
#endif

// HLS directives: `#pragma HLS ...` when Vitis HLS synthesizes the code,
// nothing in C simulation (host compilers warn about unknown pragmas). This
// is the _Pragma form UG1399 documents for pragmas in macros.
#if defined(__SYNTHESIS__)
#define RNN_HLS_PRAGMA(text) _Pragma(#text)
#else
#define RNN_HLS_PRAGMA(text)
#endif

// The storage of a dataflow channel (an array one process writes and a
// later one reads): a local non-static array for synthesis (UG1399's
// canonical dataflow form), static in C simulation (off the stack).
#if defined(__SYNTHESIS__)
#define RNN_HLS_CHANNEL
#else
#define RNN_HLS_CHANNEL static
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
// math.fma is fused (one rounding), like the CPU backend's llvm.fma: the
// int8 products' rescale must round exactly as the CPU kernel does.
inline float fma_(float a, float b, float c) { return std::fma(a, b, c); }
inline float fmod_(float a, float b) { return std::fmod(a, b); }

// ---- ap_fixed ---------------------------------------------------------------
// Kernels built with --hls-precision=fixed<W,I> compute on ap_fixed. tanh
// (and the sigmoid, which rnn-hls-prepare rewrites to 0.5 + 0.5 tanh(x/2) in
// fixed mode) is a piecewise-linear interpolation in a table of
// RNN_HLS_TANH_TABLE_SIZE + 1 samples of tanh on [-8, 8] (18-bit entries,
// one BRAM18 for the default 1024; filled on the first call, which HLS
// folds into a ROM as hls4ml's tables are). Its error is documented in
// docs/hls.md. exp, log and log1p use tables too (below); the other
// functions go through double (correct, but they synthesize to
// floating-point cores).
#ifndef RNN_HLS_TANH_TABLE_SIZE
#define RNN_HLS_TANH_TABLE_SIZE 1024
#endif

#define RNN_HLS_FIXED_TPL                                                      \
  template <int W_, int I_, ap_q_mode Q_, ap_o_mode O_, int N_>
#define RNN_HLS_FIXED_T ap_fixed<W_, I_, Q_, O_, N_>

RNN_HLS_FIXED_TPL inline float to_float(const RNN_HLS_FIXED_T &x) {
  return x.to_float();
}
template <class Int, int W_, int I_, ap_q_mode Q_, ap_o_mode O_, int N_>
inline Int to_int(const RNN_HLS_FIXED_T &x) {
  return static_cast<Int>(x.to_int64());
}

/// The tanh table: entry i is tanh(-8 + 16 i / SIZE), 16 fractional bits.
typedef ap_fixed<18, 2, AP_RND, AP_SAT> tanh_table_t;
inline const tanh_table_t *tanh_table() {
  static tanh_table_t table[RNN_HLS_TANH_TABLE_SIZE + 1];
  static bool filled = false;
  if (!filled) {
    for (int i = 0; i <= RNN_HLS_TANH_TABLE_SIZE; ++i)
      table[i] = tanh_table_t(
          std::tanh(-8.0 + 16.0 * i / RNN_HLS_TANH_TABLE_SIZE));
    filled = true;
  }
  return table;
}

RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T tanh_(const RNN_HLS_FIXED_T &x) {
  typedef RNN_HLS_FIXED_T T;
  typedef ap_fixed<W_ + 8, I_ + 8> pos_t; // (x + 8) * SIZE / 16, exact
  if (x >= ap_fixed<6, 6>(8))
    return T(1.0);
  if (x <= ap_fixed<6, 6>(-8))
    return T(-1.0);
  const tanh_table_t *table = tanh_table();
  pos_t p = (x + ap_fixed<6, 6>(8)) *
            ap_fixed<16, 16>(RNN_HLS_TANH_TABLE_SIZE / 16);
  int i = p.to_int();
  ap_fixed<W_ - I_ + 1, 1> frac = p - ap_fixed<32, 32>(i);
  return T(table[i] + frac * (table[i + 1] - table[i]));
}

RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T absf_(const RNN_HLS_FIXED_T &x) {
  return x < RNN_HLS_FIXED_T(0) ? RNN_HLS_FIXED_T(-x) : x;
}
RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T fma_(const RNN_HLS_FIXED_T &a,
                                              const RNN_HLS_FIXED_T &b,
                                              const RNN_HLS_FIXED_T &c) {
  return RNN_HLS_FIXED_T(a * b + c);
}

// exp and log: tables of RNN_HLS_EXP_TABLE_SIZE + 1 entries (22 fractional
// bits) with linear interpolation. exp(x) = 2^k * 2^f with y = x log2(e),
// k = floor(y), f = y - k in [0, 1): 2^f from the table, 2^k by doubling /
// halving (shifts in hardware). log(x) = (e + log2(m)) ln 2 with x = m 2^e,
// m in [1, 2): log2(m) from the table. Error bounds in docs/hls.md.
#ifndef RNN_HLS_EXP_TABLE_SIZE
#define RNN_HLS_EXP_TABLE_SIZE 1024
#endif
typedef ap_fixed<25, 3, AP_RND, AP_SAT> explog_table_t;
/// entry i: 2^(i / SIZE) (in [1, 2]).
inline const explog_table_t *exp2_table() {
  static explog_table_t table[RNN_HLS_EXP_TABLE_SIZE + 1];
  static bool filled = false;
  if (!filled) {
    for (int i = 0; i <= RNN_HLS_EXP_TABLE_SIZE; ++i)
      table[i] = explog_table_t(
          std::exp2(static_cast<double>(i) / RNN_HLS_EXP_TABLE_SIZE));
    filled = true;
  }
  return table;
}
/// entry i: log2(1 + i / SIZE) (in [0, 1]).
inline const explog_table_t *log2_table() {
  static explog_table_t table[RNN_HLS_EXP_TABLE_SIZE + 1];
  static bool filled = false;
  if (!filled) {
    for (int i = 0; i <= RNN_HLS_EXP_TABLE_SIZE; ++i)
      table[i] = explog_table_t(
          std::log2(1.0 + static_cast<double>(i) / RNN_HLS_EXP_TABLE_SIZE));
    filled = true;
  }
  return table;
}

/// Linear interpolation in `table` at p * SIZE for p in [0, 1).
template <class P>
inline ap_fixed<48, 4> interpolate(const explog_table_t *table, const P &p) {
  ap_fixed<48, 16> pos = p * ap_fixed<16, 16>(RNN_HLS_EXP_TABLE_SIZE);
  int i = pos.to_int();
  ap_fixed<40, 1> frac = pos - ap_fixed<32, 32>(i);
  return ap_fixed<48, 4>(table[i] + frac * (table[i + 1] - table[i]));
}

RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T exp_(const RNN_HLS_FIXED_T &x) {
  typedef RNN_HLS_FIXED_T T;
  typedef ap_fixed<W_ + 28, I_ + 3> y_t;
  y_t y = x * ap_fixed<30, 2>(1.4426950408889634); // log2(e)
  int k = y.to_int(); // toward zero; floor below
  if (y < ap_fixed<32, 32>(k))
    --k;
  if (k >= I_)
    return T(std::ldexp(1.0, I_)); // saturates to the largest value
  if (k < I_ - W_ - 1)
    return T(0); // below half an LSB
  ap_fixed<W_ + 28, 1> f = y - ap_fixed<32, 32>(k);
  // 2^f in [1, 2), then times 2^k with k in [I - W - 1, I).
  ap_fixed<W_ + 52, I_ + 2> r = interpolate(exp2_table(), f);
  for (int s = 0; s < W_ + 1; ++s) {
    if (s < k)
      r = r * ap_fixed<3, 3>(2);
    if (s < -k)
      r = r * ap_fixed<3, 1>(0.5);
  }
  return T(r);
}

/// log(x) for x > 0 of any ap_fixed type (the smallest value for x <= 0,
/// where log is -inf or NaN).
template <class T, class X> inline T log_fixed(const X &x, int intBits,
                                               int width) {
  if (x <= X(0))
    return T(-std::ldexp(1.0, 60)); // saturates to the smallest value
  ap_fixed<96, 34> m = x;
  int e = 0;
  for (int s = 0; s < 33; ++s) {
    if (s < intBits && m >= ap_fixed<3, 3>(2)) {
      m = m * ap_fixed<3, 1>(0.5);
      ++e;
    }
    if (s < width && m < ap_fixed<2, 2>(1)) {
      m = m * ap_fixed<3, 3>(2);
      --e;
    }
  }
  ap_fixed<64, 1> t = m - ap_fixed<2, 2>(1); // m in [1, 2)
  ap_fixed<56, 8> l = ap_fixed<16, 16>(e) + interpolate(log2_table(), t);
  return T(l * ap_fixed<34, 1>(0.69314718055994531)); // ln 2
}
RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T log_(const RNN_HLS_FIXED_T &x) {
  return log_fixed<RNN_HLS_FIXED_T>(x, I_ + 1, W_ + 1);
}
RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T log1p_(const RNN_HLS_FIXED_T &x) {
  ap_fixed<W_ + 1, I_ + 1> y = x + ap_fixed<2, 2>(1); // exact
  return log_fixed<RNN_HLS_FIXED_T>(y, I_ + 2, W_ + 2);
}

#define RNN_HLS_VIA_DOUBLE(name, fn)                                           \
  RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T name(const RNN_HLS_FIXED_T &x) {    \
    return RNN_HLS_FIXED_T(fn(x.to_double()));                                 \
  }
RNN_HLS_VIA_DOUBLE(exp2_, std::exp2)
RNN_HLS_VIA_DOUBLE(expm1_, std::expm1)
RNN_HLS_VIA_DOUBLE(log2_, std::log2)
RNN_HLS_VIA_DOUBLE(log10_, std::log10)
RNN_HLS_VIA_DOUBLE(sqrt_, std::sqrt)
RNN_HLS_VIA_DOUBLE(rsqrt_, 1.0 / std::sqrt)
RNN_HLS_VIA_DOUBLE(erf_, std::erf)
RNN_HLS_VIA_DOUBLE(floor_, std::floor)
RNN_HLS_VIA_DOUBLE(ceil_, std::ceil)
RNN_HLS_VIA_DOUBLE(round_, std::round)
RNN_HLS_VIA_DOUBLE(roundeven_, std::nearbyint)
RNN_HLS_VIA_DOUBLE(trunc_, std::trunc)
RNN_HLS_VIA_DOUBLE(sin_, std::sin)
RNN_HLS_VIA_DOUBLE(cos_, std::cos)
RNN_HLS_VIA_DOUBLE(tan_, std::tan)
RNN_HLS_VIA_DOUBLE(sinh_, std::sinh)
RNN_HLS_VIA_DOUBLE(cosh_, std::cosh)
RNN_HLS_VIA_DOUBLE(asin_, std::asin)
RNN_HLS_VIA_DOUBLE(acos_, std::acos)
RNN_HLS_VIA_DOUBLE(atan_, std::atan)
#undef RNN_HLS_VIA_DOUBLE

RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T powf_(const RNN_HLS_FIXED_T &x,
                                               const RNN_HLS_FIXED_T &y) {
  return RNN_HLS_FIXED_T(std::pow(x.to_double(), y.to_double()));
}
RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T atan2_(const RNN_HLS_FIXED_T &y,
                                                const RNN_HLS_FIXED_T &x) {
  return RNN_HLS_FIXED_T(std::atan2(y.to_double(), x.to_double()));
}
RNN_HLS_FIXED_TPL inline RNN_HLS_FIXED_T fmod_(const RNN_HLS_FIXED_T &x,
                                               const RNN_HLS_FIXED_T &y) {
  return RNN_HLS_FIXED_T(std::fmod(x.to_double(), y.to_double()));
}

} // namespace rnn_hls

#endif // RNN_HLS_SUPPORT_H
