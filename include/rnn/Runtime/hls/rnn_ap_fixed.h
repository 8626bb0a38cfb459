//===- rnn_ap_fixed.h - replacement for Xilinx ap_fixed / ap_int -*- C++ -*-===//
//
// rnnc's HLS kernels use Xilinx's arbitrary-precision types. Their headers
// (ap_fixed.h, ap_int.h from Vitis HLS) are not redistributable here, so
// rnn_hls.h includes this file when <ap_fixed.h> cannot be found. It
// implements, bit-accurately, the subset the emitted code uses:
//
//   ap_fixed<W, I, Q, O>  signed fixed point, W bits of which I integer bits
//                         (W <= 64 for stored values), Q in {AP_TRN, AP_RND,
//                         AP_TRN_ZERO, AP_RND_ZERO, AP_RND_INF, AP_RND_MIN_INF,
//                         AP_RND_CONV}, O in {AP_WRAP, AP_SAT, AP_SAT_ZERO,
//                         AP_SAT_SYM}
//   ap_int<W>, ap_uint<W> integers of W <= 64 bits (wrap-around)
//
// Semantics follow UG1399 ("Arbitrary Precision Fixed-Point Data Types"):
// * + - * and unary - return an ap_fixed wide enough to hold the exact
//   result (AP_TRN / AP_WRAP): a+b has max(I1,I2)+1 integer and
//   max(F1,F2) fractional bits, a*b has I1+I2 and F1+F2; a/b has
//   I1+F2+1 integer and F1 fractional bits, the quotient truncated toward
//   zero like C integer division of (A << F2) / B.
// * Quantization and overflow happen only when a value is converted into a
//   type (construction or assignment): first the fractional bits are
//   reduced with Q (AP_TRN: toward minus infinity; AP_RND: half-way cases
//   toward plus infinity; ...), then the integer part with O (AP_WRAP keeps
//   the low W bits, AP_SAT clamps to [-2^(I-1), 2^(I-1) - 2^-F]).
// * Construction from double quantizes the exact double value.
// * Comparisons are exact; to_float / to_double / to_int / to_int64 convert
//   (to_int truncates toward zero, as C does).
//
// Values are held in a 128-bit integer (GCC / Clang __int128), so every
// intermediate result of the emitted code (at most 2W + 1 bits with
// W <= 32) is exact. Host-only: Vitis HLS uses its own headers.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_AP_FIXED_H
#define RNN_AP_FIXED_H

#include <cmath>
#include <stdint.h>

enum ap_q_mode {
  AP_RND,         // round half toward plus infinity
  AP_RND_ZERO,    // round half toward zero
  AP_RND_MIN_INF, // round half toward minus infinity
  AP_RND_INF,     // round half away from zero
  AP_RND_CONV,    // round half to even
  AP_TRN,         // truncate toward minus infinity
  AP_TRN_ZERO     // truncate toward zero
};
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };

namespace rnn_ap {

typedef __int128 raw_t;

constexpr raw_t pow2(int n) { return static_cast<raw_t>(1) << n; }

/// floor(v / 2^shift) adjusted by the quantization mode `q` (shift > 0).
constexpr raw_t quantize(raw_t v, int shift, ap_q_mode q) {
  if (shift <= 0)
    return v * pow2(-shift);
  raw_t floor = v >> shift; // arithmetic: toward minus infinity
  raw_t rem = v - floor * pow2(shift);
  raw_t half = pow2(shift - 1);
  bool neg = v < 0;
  switch (q) {
  case AP_TRN:
    return floor;
  case AP_TRN_ZERO:
    return (neg && rem) ? floor + 1 : floor;
  case AP_RND:
    return rem >= half ? floor + 1 : floor;
  case AP_RND_ZERO:
    return (rem > half || (rem == half && neg)) ? floor + 1 : floor;
  case AP_RND_MIN_INF:
    return rem > half ? floor + 1 : floor;
  case AP_RND_INF:
    return (rem > half || (rem == half && !neg)) ? floor + 1 : floor;
  case AP_RND_CONV:
    return (rem > half || (rem == half && (floor & 1))) ? floor + 1 : floor;
  }
  return floor;
}

/// Fits `v` into a signed W-bit integer with overflow mode `o`.
constexpr raw_t overflow(raw_t v, int w, ap_o_mode o) {
  raw_t max = pow2(w - 1) - 1, min = -pow2(w - 1);
  if (v >= min && v <= max)
    return v;
  switch (o) {
  case AP_SAT:
    return v > max ? max : min;
  case AP_SAT_ZERO:
    return 0;
  case AP_SAT_SYM:
    return v > max ? max : -max;
  case AP_WRAP:
  case AP_WRAP_SM:
    break;
  }
  raw_t low = v & (pow2(w) - 1);
  return low > max ? low - pow2(w) : low;
}

/// The exact value of x * 2^f as m * 2^k (m an integer with |m| < 2^53,
/// k >= 0), or with k < 0 when x * 2^f has a fraction: then m = floor and
/// the remainder goes to quantize(). Pure arithmetic, so that constant
/// arrays of ap_fixed are initialized at compile time (constexpr).
constexpr raw_t fromDouble(double x, int f, int w, ap_q_mode q, ap_o_mode o) {
  if (x != x)
    return 0; // NaN
  bool wrap = o == AP_WRAP || o == AP_WRAP_SM;
  if (x > 1.7976931348623157e308 || x < -1.7976931348623157e308)
    return overflow(x > 0 ? pow2(120) : -pow2(120), w, o);
  double v = x;
  for (int i = 0; i < f; ++i) // exact: scaling by 2
    v *= 2.0;
  for (int i = 0; i > f; --i)
    v /= 2.0; // (f < 0 only for integer-only types)
  double a = v < 0 ? -v : v;
  if (a < 4611686018427387904.0) { // 2^62: integer part fits in 64 bits
    long long t = static_cast<long long>(v); // toward zero
    long long fl = (static_cast<double>(t) > v) ? t - 1 : t;
    double rem = v - static_cast<double>(fl); // exact, in [0, 1)
    // quantize() on 2 bits of remainder is enough to tell <, =, > half
    // and zero; finer remainders only matter for their sign / zeroness.
    raw_t scaled = static_cast<raw_t>(fl) * 4 +
                   (rem == 0 ? 0 : rem < 0.5 ? 1 : rem == 0.5 ? 2 : 3);
    return overflow(quantize(scaled, 2, q), w, o);
  }
  // |v| >= 2^62: an integer m * 2^k with |m| < 2^53.
  int k = 0;
  while (a >= 9007199254740992.0) { // 2^53
    a /= 2.0;
    v /= 2.0;
    ++k;
  }
  if (!wrap)
    return overflow(v > 0 ? pow2(120) : -pow2(120), w, o);
  if (k >= 64)
    return 0; // the low W <= 64 bits are zero
  return overflow(static_cast<raw_t>(static_cast<long long>(v)) * pow2(k), w,
                  o);
}

} // namespace rnn_ap

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP,
          int N = 0>
class ap_fixed {
public:
  static const int width = W, iwidth = I, fwidth = W - I;
  rnn_ap::raw_t V; ///< the value times 2^(W-I), sign-extended

  constexpr ap_fixed() : V(0) {}
  template <int W2, int I2, ap_q_mode Q2, ap_o_mode O2, int N2>
  constexpr ap_fixed(const ap_fixed<W2, I2, Q2, O2, N2> &x)
      : V(rnn_ap::overflow(rnn_ap::quantize(x.V, (W2 - I2) - (W - I), Q), W,
                           O)) {}
  constexpr ap_fixed(double x)
      : V(rnn_ap::fromDouble(x, W - I, W, Q, O)) {}
  constexpr ap_fixed(float x)
      : V(rnn_ap::fromDouble(x, W - I, W, Q, O)) {}
  ap_fixed(int x) { setInt(x); }
  ap_fixed(long x) { setInt(x); }
  ap_fixed(long long x) { setInt(x); }
  ap_fixed(unsigned x) { setInt(x); }
  ap_fixed(bool x) { setInt(x ? 1 : 0); }

  /// A value from its raw bits (the result of exact arithmetic).
  static constexpr ap_fixed fromRaw(rnn_ap::raw_t raw) {
    ap_fixed r;
    r.V = raw;
    return r;
  }

  double to_double() const {
    return std::ldexp(static_cast<double>(V), -(W - I));
  }
  float to_float() const { return static_cast<float>(to_double()); }
  long long to_int64() const {
    rnn_ap::raw_t q = rnn_ap::quantize(V, W - I, AP_TRN_ZERO);
    return static_cast<long long>(q);
  }
  int to_int() const { return static_cast<int>(to_int64()); }

  template <class T> ap_fixed &operator=(const T &x) {
    *this = ap_fixed(x);
    return *this;
  }
  template <class T> ap_fixed &operator+=(const T &x) {
    return *this = *this + x;
  }
  template <class T> ap_fixed &operator-=(const T &x) {
    return *this = *this - x;
  }
  template <class T> ap_fixed &operator*=(const T &x) {
    return *this = *this * x;
  }

private:
  void setInt(long long x) {
    V = rnn_ap::overflow(rnn_ap::quantize(static_cast<rnn_ap::raw_t>(x),
                                          -(W - I), Q),
                         W, O);
  }
};

// ---- exact arithmetic --------------------------------------------------
#define RNN_AP_MAX(a, b) ((a) > (b) ? (a) : (b))
#define RNN_AP_FIXED_T(W, I) ap_fixed<W, I, Q, O, N>

template <int W1, int I1, ap_q_mode Q1, ap_o_mode O1, int N1, int W2, int I2,
          ap_q_mode Q2, ap_o_mode O2, int N2>
inline ap_fixed<RNN_AP_MAX(I1, I2) + 1 + RNN_AP_MAX(W1 - I1, W2 - I2),
                RNN_AP_MAX(I1, I2) + 1>
operator+(const ap_fixed<W1, I1, Q1, O1, N1> &a,
          const ap_fixed<W2, I2, Q2, O2, N2> &b) {
  const int F = RNN_AP_MAX(W1 - I1, W2 - I2);
  typedef ap_fixed<RNN_AP_MAX(I1, I2) + 1 + F, RNN_AP_MAX(I1, I2) + 1> R;
  return R::fromRaw(a.V * rnn_ap::pow2(F - (W1 - I1)) +
                    b.V * rnn_ap::pow2(F - (W2 - I2)));
}

template <int W1, int I1, ap_q_mode Q1, ap_o_mode O1, int N1, int W2, int I2,
          ap_q_mode Q2, ap_o_mode O2, int N2>
inline ap_fixed<RNN_AP_MAX(I1, I2) + 1 + RNN_AP_MAX(W1 - I1, W2 - I2),
                RNN_AP_MAX(I1, I2) + 1>
operator-(const ap_fixed<W1, I1, Q1, O1, N1> &a,
          const ap_fixed<W2, I2, Q2, O2, N2> &b) {
  const int F = RNN_AP_MAX(W1 - I1, W2 - I2);
  typedef ap_fixed<RNN_AP_MAX(I1, I2) + 1 + F, RNN_AP_MAX(I1, I2) + 1> R;
  return R::fromRaw(a.V * rnn_ap::pow2(F - (W1 - I1)) -
                    b.V * rnn_ap::pow2(F - (W2 - I2)));
}

template <int W1, int I1, ap_q_mode Q1, ap_o_mode O1, int N1, int W2, int I2,
          ap_q_mode Q2, ap_o_mode O2, int N2>
inline ap_fixed<W1 + W2, I1 + I2>
operator*(const ap_fixed<W1, I1, Q1, O1, N1> &a,
          const ap_fixed<W2, I2, Q2, O2, N2> &b) {
  return ap_fixed<W1 + W2, I1 + I2>::fromRaw(a.V * b.V);
}

template <int W1, int I1, ap_q_mode Q1, ap_o_mode O1, int N1, int W2, int I2,
          ap_q_mode Q2, ap_o_mode O2, int N2>
inline ap_fixed<W1 + RNN_AP_MAX(W2 - I2, 0) + 1, I1 + (W2 - I2) + 1>
operator/(const ap_fixed<W1, I1, Q1, O1, N1> &a,
          const ap_fixed<W2, I2, Q2, O2, N2> &b) {
  typedef ap_fixed<W1 + RNN_AP_MAX(W2 - I2, 0) + 1, I1 + (W2 - I2) + 1> R;
  if (b.V == 0) // like the hardware divider: all ones / saturated
    return R::fromRaw(a.V >= 0 ? rnn_ap::pow2(W1 + (W2 - I2)) - 1
                               : -rnn_ap::pow2(W1 + (W2 - I2)));
  // C division truncates toward zero.
  return R::fromRaw((a.V * rnn_ap::pow2(W2 - I2)) / b.V);
}

template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
inline ap_fixed<W + 1, I + 1> operator-(const ap_fixed<W, I, Q, O, N> &a) {
  return ap_fixed<W + 1, I + 1>::fromRaw(-a.V);
}

// ---- comparisons (exact) -----------------------------------------------
#define RNN_AP_CMP(op)                                                         \
  template <int W1, int I1, ap_q_mode Q1, ap_o_mode O1, int N1, int W2,       \
            int I2, ap_q_mode Q2, ap_o_mode O2, int N2>                        \
  inline bool operator op(const ap_fixed<W1, I1, Q1, O1, N1> &a,               \
                          const ap_fixed<W2, I2, Q2, O2, N2> &b) {             \
    const int F = RNN_AP_MAX(W1 - I1, W2 - I2);                                \
    return a.V * rnn_ap::pow2(F - (W1 - I1)) op b.V *                          \
           rnn_ap::pow2(F - (W2 - I2));                                        \
  }
RNN_AP_CMP(==)
RNN_AP_CMP(!=)
RNN_AP_CMP(<)
RNN_AP_CMP(<=)
RNN_AP_CMP(>)
RNN_AP_CMP(>=)
#undef RNN_AP_CMP

// ---- integers -------------------------------------------------------------
/// W-bit two's complement integer (W <= 64) that wraps on overflow.
template <int W> class ap_int {
public:
  ap_int() : v(0) {}
  ap_int(long long x) : v(wrap(x)) {}
  operator long long() const { return v; }
  long long to_int64() const { return v; }
  int to_int() const { return static_cast<int>(v); }

private:
  static long long wrap(long long x) {
    if (W >= 64)
      return x;
    unsigned long long mask = (1ull << W) - 1, u = static_cast<unsigned long long>(x) & mask;
    return (u >> (W - 1)) ? static_cast<long long>(u | ~mask)
                          : static_cast<long long>(u);
  }
  long long v;
};

/// W-bit unsigned integer (W <= 64) that wraps on overflow.
template <int W> class ap_uint {
public:
  ap_uint() : v(0) {}
  ap_uint(unsigned long long x)
      : v(W >= 64 ? x : x & ((1ull << (W >= 64 ? 63 : W)) - 1)) {}
  operator unsigned long long() const { return v; }

private:
  unsigned long long v;
};

#undef RNN_AP_FIXED_T

#endif // RNN_AP_FIXED_H
