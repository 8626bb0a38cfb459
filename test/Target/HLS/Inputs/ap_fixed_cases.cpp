// Prints conversions and arithmetic of rnn_ap_fixed.h for
// check_ap_fixed.py, which recomputes each line with exact rational
// arithmetic. Values: a deterministic sweep plus pseudo-random doubles,
// including exact half-way cases and out-of-range values.
#include "rnn_ap_fixed.h"

#include <cstdio>

namespace {

unsigned long long state = 12345;
double next() {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<double>(static_cast<long long>(state >> 11) %
                             2000001 - 1000000) / 25000.0;
}

long long raw(rnn_ap::raw_t v) { return static_cast<long long>(v); }

template <int W, int I, ap_q_mode Q, ap_o_mode O>
void convert(const char *name, double x) {
  ap_fixed<W, I, Q, O> v(x);
  std::printf("conv %s %d %d %.17g %lld\n", name, W, I, x, raw(v.V));
}

template <int W, int I, ap_q_mode Q, ap_o_mode O> void sweep(const char *name) {
  for (int i = -400; i <= 400; ++i)
    convert<W, I, Q, O>(name, i / 64.0 + i / 4096.0);      // many half-ways
  for (int i = 0; i < 300; ++i)
    convert<W, I, Q, O>(name, next());
}

/// a op b in the exact result type, then converted to <W, I, Q, O>.
template <int W, int I, ap_q_mode Q, ap_o_mode O> void arith(const char *name) {
  typedef ap_fixed<16, 6, AP_RND, AP_SAT> d;
  for (int i = 0; i < 300; ++i) {
    d a(next() / 3), b(next() / 3);
    ap_fixed<W, I, Q, O> s = a + b, m = a * b, q = a - b;
    std::printf("add %s %d %d %lld %lld %lld\n", name, W, I, raw(a.V), raw(b.V), raw(s.V));
    std::printf("mul %s %d %d %lld %lld %lld\n", name, W, I, raw(a.V), raw(b.V), raw(m.V));
    std::printf("sub %s %d %d %lld %lld %lld\n", name, W, I, raw(a.V), raw(b.V), raw(q.V));
    if (b.V != 0) {
      ap_fixed<W, I, Q, O> r = a / b;
      std::printf("div %s %d %d %lld %lld %lld\n", name, W, I, raw(a.V), raw(b.V), raw(r.V));
    }
    std::printf("cmp %s %d %d %lld %lld %d%d%d\n", name, W, I, raw(a.V), raw(b.V),
                a < b, a == b, a >= b);
  }
}

} // namespace

int main() {
  sweep<8, 3, AP_RND, AP_SAT>("RND,SAT");
  sweep<8, 3, AP_TRN, AP_WRAP>("TRN,WRAP");
  sweep<16, 6, AP_RND, AP_SAT>("RND,SAT");
  sweep<6, 2, AP_RND_CONV, AP_SAT>("RND_CONV,SAT");
  sweep<10, 4, AP_TRN_ZERO, AP_WRAP>("TRN_ZERO,WRAP");
  sweep<12, 5, AP_RND_ZERO, AP_SAT_SYM>("RND_ZERO,SAT_SYM");
  sweep<12, 5, AP_RND_INF, AP_SAT_ZERO>("RND_INF,SAT_ZERO");
  sweep<12, 5, AP_RND_MIN_INF, AP_SAT>("RND_MIN_INF,SAT");
  arith<12, 4, AP_RND, AP_SAT>("RND,SAT");
  arith<10, 3, AP_TRN, AP_WRAP>("TRN,WRAP");
  return 0;
}
