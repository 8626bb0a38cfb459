// check_hls_explog.cpp - accuracy of the fixed-point exp / log / log1p tables
// of rnn_hls.h (docs/hls.md, "Fixed point"). Built and run by
// test/Target/HLS/explog.test against the emitted support headers:
//
//   g++ -std=c++14 -I PROJECT_DIR scripts/check_hls_explog.cpp && ./a.out
//
// For each precision, on a grid over the data range: the table result
// against the exact value (double libm) must be within half an LSB (the
// final rounding) plus the documented table bound (3e-7 relative for exp,
// 3e-7 absolute for log / log1p), and within 1 LSB of the correctly rounded
// value for W <= 24. Prints one line per precision and "FAIL" on a miss.

#include "rnn_hls.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

static int failures = 0;

template <int W, int I> void check() {
  typedef ap_fixed<W, I, AP_RND, AP_SAT> T;
  const double lsb = std::ldexp(1.0, I - W), top = std::ldexp(1.0, I - 1);
  const double step = std::fmax(lsb * 3.7, 2 * top / 200000.0);
  double lsbErr[3] = {0, 0, 0}, boundMiss[3] = {0, 0, 0};
  long points = 0;
  for (double x = -top; x < top; x += step, ++points) {
    T t(x);
    double v = t.to_double();
    auto record = [&](int f, double got, double exact, double table) {
      if (std::fabs(exact) >= top)
        return; // saturated
      double rounded = T(exact).to_double();
      lsbErr[f] = std::fmax(lsbErr[f], std::fabs(got - rounded) / lsb);
      double bound = 0.5 * lsb + table;
      boundMiss[f] = std::fmax(boundMiss[f], std::fabs(got - exact) / bound);
    };
    double e = std::exp(v);
    record(0, rnn_hls::exp_(t).to_double(), e, 3e-7 * std::fmax(1.0, e));
    if (v > 0)
      record(1, rnn_hls::log_(t).to_double(), std::log(v), 3e-7);
    if (v > -1)
      record(2, rnn_hls::log1p_(t).to_double(), std::log1p(v), 3e-7);
  }
  bool ok = true;
  for (int f = 0; f < 3; ++f)
    ok = ok && boundMiss[f] <= 1.0 && (W > 24 || lsbErr[f] <= 1.0);
  failures += !ok;
  std::printf("%s fixed<%d,%d>: %ld points; from the correctly rounded value: "
              "exp %.0f, log %.0f, log1p %.0f LSB; error / bound: exp %.2f, "
              "log %.2f, log1p %.2f\n",
              ok ? "PASS" : "FAIL", W, I, points, lsbErr[0], lsbErr[1],
              lsbErr[2], boundMiss[0], boundMiss[1], boundMiss[2]);
}

int main() {
  check<12, 4>();
  check<16, 6>();
  check<20, 8>();
  check<24, 8>();
  check<32, 10>();
  return failures ? 1 : 0;
}
