// Micro-benchmark behind the choice of the sparse int8 kernel
// (docs/sparsity.md, "With --quantize=int8"): the recurrent step
// y = R x of one LSTM H=1024 step, R [4096, 1024] pruned row-balanced
// (unstructured) and quantized per row, in three layouts, timed
// interleaved on the same machine:
//   f32 ell   16x32 tiles, f32 values + column bytes, vpermi2ps + FMA (the
//             built f32 kernel);
//   i8->f32   16x32 tiles, int8 values + column bytes widened to f32 in
//             registers (vpmovsxbd + vcvtdq2ps), vpermi2ps + FMA on the f32
//             activations, the row scale at the end;
//   i8 dot    16x128 tiles, 4 int8 values per lane, vpermi2b of the
//             quantized activation bytes + vpdpbusd (the built int8
//             kernel).
// Build and run (AVX-512 VBMI + VNNI host):
//   gcc -O2 -march=native benchmarks/sparse_int8_micro.c -o /tmp/micro -lm
//   /tmp/micro [sparsity ...]        (default 0.8 0.9 0.95)
// Prints per layout the bytes streamed per step and the median kernel time
// per step over 31 series of 20 steps.
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { N = 4096, K = 1024, SERIES = 31, REPS = 20 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int cmpabs(const void *a, const void *b) {
  float x = fabsf(*(const float *)a), y = fabsf(*(const float *)b);
  return x < y ? -1 : x > y;
}

// ELLPACK with `rows` x `cols` tiles and `group` values per lane and entry.
typedef struct {
  int group, tcols, entries;
  int32_t *ptr;
  uint8_t *idx;
  void *val;
  size_t vbytes;
} Ell;

static Ell build(const float *w, const int8_t *q, int tcols, int group,
                 int f32) {
  Ell e = {group, tcols, 0, 0, 0, 0, 0};
  int tiles = (N / 16) * (K / tcols);
  e.ptr = malloc(sizeof(int32_t) * (tiles + 1));
  size_t cap = (size_t)N * K + 64 * tiles;
  e.idx = malloc(cap);
  e.vbytes = f32 ? 4 : 1;
  e.val = malloc(cap * e.vbytes);
  e.ptr[0] = 0;
  size_t slot = 0;
  int t = 0;
  for (int r0 = 0; r0 < N; r0 += 16)
    for (int c0 = 0; c0 < K; c0 += tcols, ++t) {
      int nz[16][128], cnt[16] = {0}, width = 0;
      for (int l = 0; l < 16; ++l) {
        for (int c = 0; c < tcols; ++c)
          if (q[(size_t)(r0 + l) * K + c0 + c])
            nz[l][cnt[l]++] = c;
        if (cnt[l] > width)
          width = cnt[l];
      }
      int entries = (width + group - 1) / group;
      for (int en = 0; en < entries; ++en)
        for (int l = 0; l < 16; ++l)
          for (int j = 0; j < group; ++j, ++slot) {
            int i = en * group + j, real = i < cnt[l];
            int c = real ? nz[l][i] : 0;
            size_t src = (size_t)(r0 + l) * K + c0 + c;
            e.idx[slot] = c;
            if (f32)
              ((float *)e.val)[slot] = real ? w[src] : 0.0f;
            else
              ((int8_t *)e.val)[slot] = real ? q[src] : 0;
          }
      e.entries += entries;
      e.ptr[t + 1] = e.entries;
    }
  return e;
}

static size_t ellBytes(const Ell *e) {
  size_t slots = (size_t)e->entries * 16 * e->group;
  return slots * (1 + e->vbytes);
}

// f32 values (f32 == 1) or int8 values widened to f32 (f32 == 0), 16x32.
static void runF32(const Ell *e, int f32, const float *x, const float *s,
                   float *y) {
  int t = 0;
  for (int r0 = 0; r0 < N; r0 += 16) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    for (int c0 = 0; c0 < K; c0 += 32, ++t) {
      __m512 lo = _mm512_loadu_ps(x + c0), hi = _mm512_loadu_ps(x + c0 + 16);
      int j = e->ptr[t], end = e->ptr[t + 1];
      for (; j < end; ++j) {
        __m512i idx = _mm512_cvtepu8_epi32(
            _mm_loadu_si128((const __m128i *)(e->idx + (size_t)j * 16)));
        __m512 w =
            f32 ? _mm512_loadu_ps((const float *)e->val + (size_t)j * 16)
                : _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(
                      (const __m128i *)((const int8_t *)e->val +
                                        (size_t)j * 16))));
        __m512 xv = _mm512_permutex2var_ps(lo, idx, hi);
        if (j & 1)
          a1 = _mm512_fmadd_ps(xv, w, a1);
        else
          a0 = _mm512_fmadd_ps(xv, w, a0);
      }
    }
    __m512 acc = _mm512_add_ps(a0, a1);
    if (!f32)
      acc = _mm512_mul_ps(acc, _mm512_loadu_ps(s + r0));
    _mm512_storeu_ps(y + r0, acc);
  }
}

// int8 dot products on 16x128 tiles; xb: the quantized activation bytes.
static void runDot(const Ell *e, const uint8_t *xb, const int32_t *off,
                   const float *s, float sa, float *y) {
  int t = 0;
  __m512 vsa = _mm512_set1_ps(sa);
  for (int r0 = 0; r0 < N; r0 += 16) {
    __m512i a0 = _mm512_loadu_si512(off + r0), a1 = _mm512_setzero_si512();
    for (int c0 = 0; c0 < K; c0 += 128, ++t) {
      __m512i lo = _mm512_loadu_si512(xb + c0),
              hi = _mm512_loadu_si512(xb + c0 + 64);
      int j = e->ptr[t], end = e->ptr[t + 1];
      for (; j < end; ++j) {
        __m512i idx = _mm512_loadu_si512(e->idx + (size_t)j * 64);
        __m512i w = _mm512_loadu_si512((const int8_t *)e->val + (size_t)j * 64);
        __m512i xv = _mm512_permutex2var_epi8(lo, idx, hi);
        if (j & 1)
          a1 = _mm512_dpbusd_epi32(a1, xv, w);
        else
          a0 = _mm512_dpbusd_epi32(a0, xv, w);
      }
    }
    __m512 acc = _mm512_cvtepi32_ps(_mm512_add_epi32(a0, a1));
    __m512 scale = _mm512_mul_ps(vsa, _mm512_loadu_ps(s + r0));
    _mm512_storeu_ps(y + r0, _mm512_mul_ps(acc, scale));
  }
}

int main(int argc, char **argv) {
  double levels[8] = {0.8, 0.9, 0.95};
  int nl = 3;
  if (argc > 1)
    for (nl = 0; nl + 1 < argc && nl < 8; ++nl)
      levels[nl] = atof(argv[nl + 1]);
  srand(7);
  float *w = malloc(sizeof(float) * N * K), *x = malloc(sizeof(float) * K);
  for (size_t i = 0; i < (size_t)N * K; ++i)
    w[i] = 2.0f * rand() / RAND_MAX - 1.0f;
  for (int i = 0; i < K; ++i)
    x[i] = 2.0f * rand() / RAND_MAX - 1.0f;
  float amax = 0;
  for (int i = 0; i < K; ++i)
    amax = fmaxf(amax, fabsf(x[i]));
  float sa = amax / 127;
  uint8_t xb[K];
  for (int i = 0; i < K; ++i)
    xb[i] = (uint8_t)((int)nearbyintf(x[i] * 127 / amax) + 128);
  float *y[3];
  for (int v = 0; v < 3; ++v)
    y[v] = aligned_alloc(64, sizeof(float) * N);
  printf("| sparsity | layout | entries | bytes per step | ms per step |"
         " max rel diff vs f32 |\n|---|---|---|---|---|---|\n");
  for (int li = 0; li < nl; ++li) {
    float *p = malloc(sizeof(float) * N * K);
    memcpy(p, w, sizeof(float) * N * K);
    int drop = (int)floor(levels[li] * K + 0.5);
    float tmp[K];
    for (int r = 0; r < N; ++r) {
      memcpy(tmp, p + (size_t)r * K, sizeof tmp);
      qsort(tmp, K, sizeof(float), cmpabs);
      float cut = drop ? fabsf(tmp[drop - 1]) : -1;
      for (int c = 0, dropped = 0; c < K; ++c)
        if (fabsf(p[(size_t)r * K + c]) <= cut && dropped < drop) {
          p[(size_t)r * K + c] = 0;
          ++dropped;
        }
    }
    int8_t *q = malloc((size_t)N * K);
    float *s = malloc(sizeof(float) * N), *wq = malloc(sizeof(float) * N * K);
    int32_t *off = malloc(sizeof(int32_t) * N);
    for (int r = 0; r < N; ++r) {
      float m = 0;
      for (int c = 0; c < K; ++c)
        m = fmaxf(m, fabsf(p[(size_t)r * K + c]));
      s[r] = m > 0 ? m / 127 : 1;
      int sum = 0;
      for (int c = 0; c < K; ++c) {
        int v = (int)nearbyintf(p[(size_t)r * K + c] / s[r]);
        q[(size_t)r * K + c] = v;
        wq[(size_t)r * K + c] = v * s[r]; // the f32 layout: same weights
        sum += v;
      }
      off[r] = -128 * sum;
    }
    Ell ef = build(wq, q, 32, 1, 1), ei = build(wq, q, 32, 1, 0),
        ed = build(wq, q, 128, 4, 0);
    double t[3][SERIES];
    for (int sr = 0; sr < SERIES; ++sr)
      for (int v = 0; v < 3; ++v) {
        double t0 = now();
        for (int rep = 0; rep < REPS; ++rep) {
          if (v == 0)
            runF32(&ef, 1, x, s, y[0]);
          else if (v == 1)
            runF32(&ei, 0, x, s, y[1]);
          else
            runDot(&ed, xb, off, s, sa, y[2]);
        }
        t[v][sr] = (now() - t0) / REPS * 1e3;
      }
    const char *names[3] = {"f32 ell 16x32", "i8->f32 16x32", "i8 dot 16x128"};
    const Ell *es[3] = {&ef, &ei, &ed};
    for (int v = 0; v < 3; ++v) {
      qsort(t[v], SERIES, sizeof(double), cmpd);
      double md = 0, ref = 0;
      for (int r = 0; r < N; ++r)
        ref = fmax(ref, fabs(y[0][r]));
      for (int r = 0; r < N; ++r)
        md = fmax(md, fabs(y[v][r] - y[0][r]) / ref);
      printf("| %.0f%% | %s | %d | %zu | %.4f | %.1e |\n", 100 * levels[li],
             names[v], es[v]->entries, ellBytes(es[v]), t[v][SERIES / 2], md);
    }
    free(p), free(q), free(s), free(wq), free(off);
  }
  return 0;
}
