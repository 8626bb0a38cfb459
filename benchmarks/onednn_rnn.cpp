//===- onednn_rnn.cpp - oneDNN RNN baseline for benchmarks/bench.py -------===//
//
//   onednn-rnn-bench lstm|gru|rnn H T N RUNS
//
// Times oneDNN's own inference primitive for one unidirectional layer with
// input size = hidden size (lstm_forward, lbr_gru_forward, i.e. GRU with
// linear_before_reset = 1, vanilla_rnn_forward with tanh), f32, weights in the
// layout oneDNN picks (format_tag::any, reordered once before timing), and
// prints `onednn: median_ms=X min_ms=Y max_ms=Z runs=N` like rnn-run. Run it
// with OMP_NUM_THREADS=1 for single-thread numbers.
//
//===----------------------------------------------------------------------===//

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

memory filled(const memory::desc &md, const engine &eng, std::mt19937 &rng) {
  memory mem(md, eng);
  std::uniform_real_distribution<float> dist(-0.1f, 0.1f);
  float *p = static_cast<float *>(mem.get_data_handle());
  for (size_t i = 0, e = md.get_size() / sizeof(float); i < e; ++i)
    p[i] = dist(rng);
  return mem;
}

/// Reorders `user` into the layout the primitive wants, if it differs.
memory prepared(memory user, const memory::desc &want,
                const engine &eng, stream &s) {
  if (user.get_desc() == want)
    return user;
  memory out(want, eng);
  reorder(user, out).execute(s, user, out);
  s.wait();
  return out;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s lstm|gru|rnn H T N RUNS\n", argv[0]);
    return 2;
  }
  std::string kind = argv[1];
  memory::dim h = std::atol(argv[2]), t = std::atol(argv[3]),
              n = std::atol(argv[4]);
  int runs = std::atoi(argv[5]);
  memory::dim gates = kind == "lstm" ? 4 : kind == "gru" ? 3 : 1;
  memory::dim biasGates = kind == "gru" ? 4 : gates; // lbr GRU: extra bias
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  std::mt19937 rng(42);

  memory::desc src({t, n, h}, dt::f32, tag::tnc);
  memory::desc dst({t, n, h}, dt::f32, tag::tnc);
  memory::desc wLayerUser({1, 1, h, gates, h}, dt::f32, tag::ldigo);
  memory::desc wIterUser({1, 1, h, gates, h}, dt::f32, tag::ldigo);
  memory::desc wAny({1, 1, h, gates, h}, dt::f32, tag::any);
  memory::desc bias({1, 1, biasGates, h}, dt::f32, tag::ldgo);
  memory::desc none;
  auto dir = rnn_direction::unidirectional_left2right;
  auto prop = prop_kind::forward_inference;

  primitive prim;
  memory::desc wLayerWant, wIterWant;
  if (kind == "lstm") {
    lstm_forward::primitive_desc pd(
        lstm_forward::desc(prop, dir, src, none, none, wAny, wAny, bias, dst,
                           none, none),
        eng);
    prim = lstm_forward(pd);
    wLayerWant = pd.weights_layer_desc();
    wIterWant = pd.weights_iter_desc();
  } else if (kind == "gru") {
    lbr_gru_forward::primitive_desc pd(
        lbr_gru_forward::desc(prop, dir, src, none, wAny, wAny, bias, dst,
                              none),
        eng);
    prim = lbr_gru_forward(pd);
    wLayerWant = pd.weights_layer_desc();
    wIterWant = pd.weights_iter_desc();
  } else if (kind == "rnn") {
    vanilla_rnn_forward::primitive_desc pd(
        vanilla_rnn_forward::desc(prop, algorithm::eltwise_tanh, dir, src,
                                  none, wAny, wAny, bias, dst, none),
        eng);
    prim = vanilla_rnn_forward(pd);
    wLayerWant = pd.weights_layer_desc();
    wIterWant = pd.weights_iter_desc();
  } else {
    std::fprintf(stderr, "unknown kind '%s'\n", kind.c_str());
    return 2;
  }
  memory srcMem = filled(src, eng, rng), dstMem(dst, eng);
  memory wl = prepared(filled(wLayerUser, eng, rng), wLayerWant, eng, s);
  memory wi = prepared(filled(wIterUser, eng, rng), wIterWant, eng, s);
  memory b = filled(bias, eng, rng);
  std::unordered_map<int, memory> args = {{DNNL_ARG_SRC_LAYER, srcMem},
                                          {DNNL_ARG_WEIGHTS_LAYER, wl},
                                          {DNNL_ARG_WEIGHTS_ITER, wi},
                                          {DNNL_ARG_BIAS, b},
                                          {DNNL_ARG_DST_LAYER, dstMem}};
  prim.execute(s, args); // warm-up
  s.wait();
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    prim.execute(s, args);
    s.wait();
    ms.push_back(std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  size_t k = ms.size();
  double median = k % 2 ? ms[k / 2] : 0.5 * (ms[k / 2 - 1] + ms[k / 2]);
  std::printf("onednn: median_ms=%.4f min_ms=%.4f max_ms=%.4f runs=%zu\n",
              median, ms.front(), ms.back(), k);
  return 0;
}
