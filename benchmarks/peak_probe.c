/* peak_probe: single-core peaks that bound recurrent inference on this host.
 *
 *   peak-probe            prints  peak: fma_gflops=X l2_gbs=Y l3_gbs=Z dram_gbs=W
 *   peak-probe BYTES...   prints  read: bytes=B gbs=X  for each size
 *
 * fma_gflops: 16 independent chains of vector FMAs (GCC vector extensions,
 * compiled with -march=native, so AVX-512 / AVX2 / NEON as the host has), 2
 * flops per lane per FMA. *_gbs: read bandwidth of summing a float buffer that
 * fits the level (256 KiB ~ L2, 8 MiB ~ L3, 256 MiB ~ DRAM), 8 accumulators.
 * Each figure is the best of several repetitions. With sizes, only the read
 * bandwidth of a buffer of each size: bench.py asks for the size of each
 * benchmark's recurrent weights, so a step can be compared with a plain
 * sequential read of as many bytes (a working set that fills half of a
 * shared L3 is read more slowly than the 8 MiB figure). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__AVX512F__)
#define LANES 16
#elif defined(__AVX__)
#define LANES 8
#else
#define LANES 4
#endif
typedef float vf __attribute__((vector_size(LANES * 4)));

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double fma_gflops(void) {
  vf acc[16], x, y;
  int i, r;
  long it, iters = 20000000;
  double best = 0;
  for (i = 0; i < LANES; ++i) {
    x[i] = 1.0000001f;
    y[i] = 0.9999999f;
  }
  for (i = 0; i < 16; ++i)
    acc[i] = x * (float)i;
  for (r = 0; r < 5; ++r) {
    double t0 = now();
    for (it = 0; it < iters; ++it) {
      for (i = 0; i < 16; ++i)
        acc[i] = acc[i] * x + y;
      __asm__ volatile("" : "+x"(x));
    }
    double t = now() - t0;
    double g = 2.0 * LANES * 16 * (double)iters / t / 1e9;
    if (g > best)
      best = g;
  }
  float sink = 0;
  for (i = 0; i < 16; ++i)
    sink += acc[i][0];
  if (sink == 12345.f)
    puts("");
  return best;
}

static double read_gbs(size_t bytes) {
  size_t n = bytes / sizeof(vf) / 8 * 8, i;
  bytes = n * sizeof(vf);
  vf *buf = aligned_alloc(64, n * sizeof(vf));
  vf acc[8];
  int r, k;
  double best = 0;
  memset(buf, 1, n * sizeof(vf));
  size_t reps = (size_t)(2e9 / bytes) + 1;
  for (r = 0; r < 5; ++r) {
    memset(acc, 0, sizeof acc);
    double t0 = now();
    for (size_t rep = 0; rep < reps; ++rep) {
      for (i = 0; i + 8 <= n; i += 8)
        for (k = 0; k < 8; ++k)
          acc[k] += buf[i + k];
      __asm__ volatile("" ::: "memory");
    }
    double t = now() - t0;
    double g = (double)bytes * reps / t / 1e9;
    if (g > best)
      best = g;
  }
  if (acc[0][0] == 1.5f)
    puts("");
  free(buf);
  return best;
}

int main(int argc, char **argv) {
  if (argc > 1) {
    for (int a = 1; a < argc; ++a) {
      char *end;
      unsigned long long bytes = strtoull(argv[a], &end, 10);
      if (*end || bytes < 64 * sizeof(vf)) {
        fprintf(stderr, "peak-probe: '%s' is not a size in bytes (at least %zu)\n",
                argv[a], 64 * sizeof(vf));
        return 1;
      }
      printf("read: bytes=%llu gbs=%.1f\n", bytes, read_gbs((size_t)bytes));
    }
    return 0;
  }
  printf("peak: fma_gflops=%.1f l2_gbs=%.1f l3_gbs=%.1f dram_gbs=%.1f lanes=%d\n",
         fma_gflops(), read_gbs(256 << 10), read_gbs(8 << 20), read_gbs(256 << 20),
         LANES);
  return 0;
}
