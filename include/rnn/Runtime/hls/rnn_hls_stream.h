//===- rnn_hls_stream.h - hls::stream for C simulation ----------*- C++ -*-===//
//
// The project's replacement for Vitis HLS's <hls_stream.h>, used when the
// compiler does not find that header (rnn_hls.h includes one or the other;
// the kernel code is the same). It models the subset the emitted code uses:
// `hls::stream<T> s("name")`, `s.write(v)`, `s.read()` (and `read(v)`,
// `empty()`, `size()`, `<<` / `>>`), as Vitis's C-simulation model does:
//
// * the FIFO is unbounded. In C simulation the dataflow processes run one
//   after the other, so a FIFO holds all the data of one call before its
//   consumer runs; the depth is a synthesis directive (`STREAM depth=`),
//   ignored here as it is by Vitis's C simulation;
// * elements come out in the order they went in, each once;
// * reading an empty stream is an error here: a message naming the stream
//   and abort() (Vitis warns and returns an undefined value; for the
//   emitted code it can only mean a consumer reading more than its
//   producer wrote, so the C simulation must fail). A stream destroyed
//   with elements left (a producer writing more than was read) aborts too.
//
// Host code only (never synthesized: Vitis HLS has the real header), so it
// uses std::deque, like Vitis's own C-simulation model.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_HLS_STREAM_H
#define RNN_HLS_STREAM_H

#include <cstdio>
#include <cstdlib>
#include <deque>

namespace hls {

template <typename T> class stream {
public:
  stream() : name_("hls::stream") {}
  explicit stream(const char *name) : name_(name) {}
  ~stream() {
    if (!q_.empty()) {
      std::fprintf(stderr,
                   "hls::stream '%s': destroyed with %zu unread element(s)\n",
                   name_, q_.size());
      std::abort();
    }
  }

  void write(const T &value) { q_.push_back(value); }
  T read() {
    if (q_.empty()) {
      std::fprintf(stderr, "hls::stream '%s': read while empty\n", name_);
      std::abort();
    }
    T value = q_.front();
    q_.pop_front();
    return value;
  }
  void read(T &value) { value = read(); }
  bool empty() const { return q_.empty(); }
  bool full() const { return false; }
  std::size_t size() const { return q_.size(); }
  void operator<<(const T &value) { write(value); }
  void operator>>(T &value) { value = read(); }

private:
  stream(const stream &);            // a FIFO is not copied
  stream &operator=(const stream &); // (C++14: declared, not defined)

  std::deque<T> q_;
  const char *name_;
};

} // namespace hls

#endif // RNN_HLS_STREAM_H
