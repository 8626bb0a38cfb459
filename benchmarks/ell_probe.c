// Variants of the f32 tiled-ELLPACK recurrent step (docs/sparsity.md), timed
// against each other in CPU time, to see what bounds the generated kernel.
//
//   gcc -O2 -march=native -o /tmp/ell_probe benchmarks/ell_probe.c
//   /tmp/ell_probe [sparsity 0.95] [rows 4096] [rounds 7]
//
// B [rows, 1024] pruned row-balanced at random (each row keeps
// 1024 - floor(P * 1024 + 0.5) non-zeros, as rnn-prune-weights does), stored
// as 16 x 64 tiles in B's order (rnnc also groups the rows: fewer entries,
// the same work per entry). The kernels, all y = B x for one x:
//   base       the form rnnc generated before its 6-bit column fields (80-
//              byte entries; rnnc now stores five 6-bit columns to a word,
//              76.8 bytes, over grouped rows): per tile 4 activation vectors, per
//              4 entries one word of column bytes, per entry a shift, two
//              vpermt2ps, a blend on bit 5 and an FMA; 2 partial sums; the
//              tile's last 0..3 entries in nested ifs
//   acc4       base with 4 partial sums
//   buckets    no data-dependent branch: tiles sorted by width, one loop per
//              width with the entries unrolled, sums through a buffer
//   pairs      two rows of tiles at once (shared activations, 2 streams)
//   compact    padding dropped from the values (4 bytes less per padded
//              lane): vexpandps by a lane mask from the column byte
//   prefetch   base + software prefetch 2 KB ahead of the values
//   halves     per tile the rows sorted by their count (a vpermps puts the
//              tile's sums back in the rows' order); entries with at most
//              8 real lanes store 8 values (a masked load): fewer bytes,
//              more work per entry and per tile
//   wide       16 x 128 tiles: 8 activation vectors, per entry 4 permutes
//              and 3 blends (bits 5 and 6), fewer entries
//   noshift    base without the shift (wrong sums: a bound, timing only)
//   oneperm    base with one permute, no blend (wrong sums: timing only)
//   stream     only reads the values and column words (4 sums)
//   back       the un-permutation of grouped rows: y[i] = s[inv[i]] + c[i]
//              as 16-lane gathers over all rows
//   back8      back with 8-lane gathers
//   backscalar back as a scalar loop
//   zigzag     base with the rows of tiles walked backwards on every other
//              call, so the start of a call reads what the previous call
//              read last (still in L2 if the arrays exceed it only a little)
//   scatter    base storing each row of tiles' 16 sums through a 16-lane
//              scatter by a row order (the un-permutation done in the loop
//              instead of after it; checked through the order)
//   scalarst   the same with 16 scalar stores from a spilled vector
//   ldidx      base with each entry's columns loaded from the word vector
//              at a byte offset (unaligned, 3 in 4 loads split across cache
//              lines) instead of shifted out of it
//   base+back  base writing its sums to a buffer, then the un-permutation
//              y[i] = s[inv[i]] as 16-lane gathers (no add: the GRU step's
//              zero accumulator): what scatter / scalarst replace
// Prints per kernel the median and the minimum over the rounds (each 200
// calls, kernels alternated) in microseconds per call, and the largest
// difference to a double-precision reference.
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { K = 1024, TC = 64, NT = K / TC, REPS = 200, MAXW = 64 };
static int N;
enum { LD = 0 }; // STEP outside TILE_KERNEL (pairs) uses the shift
static float *B, *x, *y, *sums, *cvals, *vals, *ref;
static uint32_t *words;
static int *tilePtr, *groupPtr, *width, *inv;
static int bucketStart[MAXW + 2], bucketCount[MAXW + 1];
static long bucketVals[MAXW + 1], bucketWords[MAXW + 1];
static float *bvals;
static uint32_t *bwords;
static int *btiles;
static volatile float sink;
// wide: 16 x 128 tiles (8 activation vectors, 4 permutes + 3 blends per
// entry, 7-bit columns four to a word).
static int *wPtr, *wGroup;
static float *wvals;
static uint32_t *wwords;
// halves: per tile lanes sorted by count, entries with at most 8 real lanes
// store 8 values.
static float *hvals;
static uint32_t *hwords;
static uint8_t *hperm;
static int *hfull;

static double cpuSeconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

// The activation of lane l for entry k (0..3) of a word: columns 0..31 from
// x0, x1 and 32..63 from x2, x3 by the low 5 bits, bit 5 selects.
static inline __m512 sel(__m512 x0, __m512 x1, __m512 x2, __m512 x3,
                         __m512i w, int k, int shift, int perms) {
  __m512i idx = (k && shift) ? _mm512_srli_epi32(w, 8 * k) : w;
  __m512 lo = _mm512_permutex2var_ps(x0, idx, x1);
  if (perms == 1)
    return lo;
  __m512 hi = _mm512_permutex2var_ps(x2, idx, x3);
  __mmask16 m = _mm512_test_epi32_mask(w, _mm512_set1_epi32(32 << (8 * k)));
  return _mm512_mask_blend_ps(m, lo, hi);
}

#define LOADX(g)                                                               \
  __m512 x0 = _mm512_loadu_ps(x + (g) * 64), x1 = _mm512_loadu_ps(x + (g) * 64 + 16), \
         x2 = _mm512_loadu_ps(x + (g) * 64 + 32), x3 = _mm512_loadu_ps(x + (g) * 64 + 48)
// LD: entry k's columns by an unaligned load of the word vector k bytes
// further (lane l's low byte is then byte k of its word) instead of a shift.
#define STEP(acc, j, wv, k)                                                    \
  acc = _mm512_fmadd_ps(                                                       \
      sel(x0, x1, x2, x3,                                                      \
          LD ? _mm512_loadu_si512((const char *)wp + (k)) : (wv), LD ? 0 : (k), \
          SHIFT, PERMS),                                                       \
      _mm512_loadu_ps(vals + (long)(j) * 16), acc)

// base / acc4 / prefetch / noshift / oneperm: one template.
// LD: the columns by unaligned loads (see STEP; ldidx).
// ZZ: walk the rows of tiles backwards on every other call. ST: store the
// 16 sums of a row of tiles directly (0), by a scatter through inv (1), by
// 16 scalar stores through inv (2), or directly into `sums` (3).
#define TILE_KERNEL(NAME, SHIFT_, PERMS_, ACC4, PF, ZZ, ST, LD_)               \
  static void NAME(void) {                                                     \
    enum { SHIFT = SHIFT_, PERMS = PERMS_, LD = LD_ };                       \
    static int backwards;                                                      \
    backwards ^= ZZ;                                                           \
    for (int r = 0; r < N / 16; r++) {                                         \
      int tr = backwards ? N / 16 - 1 - r : r;                                 \
      __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;              \
      for (int g = 0; g < NT; g++) {                                           \
        LOADX(g);                                                              \
        int t = tr * NT + g, lo = tilePtr[t], hi = tilePtr[t + 1];             \
        int qh = hi - ((hi - lo) & 3), j = lo;                                 \
        const uint32_t *wp = words + (long)groupPtr[t] * 16;                   \
        for (; j < qh; j += 4, wp += 16) {                                     \
          __m512i w = _mm512_loadu_si512(wp);                                  \
          if (PF)                                                              \
            for (int p = 0; p < 4; p++)                                        \
              _mm_prefetch((const char *)(vals + (long)j * 16) + 2048 + 64 * p, \
                           _MM_HINT_T0);                                       \
          STEP(a0, j, w, 0);                                                   \
          STEP(a1, j + 1, w, 1);                                               \
          if (ACC4) {                                                          \
            STEP(a2, j + 2, w, 2);                                             \
            STEP(a3, j + 3, w, 3);                                             \
          } else {                                                             \
            STEP(a0, j + 2, w, 2);                                             \
            STEP(a1, j + 3, w, 3);                                             \
          }                                                                    \
        }                                                                      \
        int left = hi - qh;                                                    \
        if (left > 0) {                                                        \
          __m512i w = _mm512_loadu_si512(wp);                                  \
          STEP(a0, j, w, 0);                                                   \
          if (left > 1) {                                                      \
            STEP(a1, j + 1, w, 1);                                             \
            if (left > 2)                                                      \
              STEP(a2, j + 2, w, 2);                                           \
          }                                                                    \
        }                                                                      \
      }                                                                        \
      __m512 sum = _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)); \
      if (ST == 1) {                                                           \
        _mm512_i32scatter_ps(y, _mm512_loadu_si512(inv + tr * 16), sum, 4);    \
      } else if (ST == 2) {                                                    \
        float lanes[16];                                                       \
        _mm512_storeu_ps(lanes, sum);                                          \
        for (int l = 0; l < 16; l++)                                           \
          y[inv[tr * 16 + l]] = lanes[l];                                      \
      } else {                                                                 \
        _mm512_storeu_ps((ST == 3 ? sums : y) + tr * 16, sum);                 \
      }                                                                        \
    }                                                                          \
  }
TILE_KERNEL(kBase, 1, 2, 0, 0, 0, 0, 0)
TILE_KERNEL(kAcc4, 1, 2, 1, 0, 0, 0, 0)
TILE_KERNEL(kPrefetch, 1, 2, 0, 1, 0, 0, 0)
TILE_KERNEL(kNoShift, 0, 2, 0, 0, 0, 0, 0)
TILE_KERNEL(kOnePerm, 1, 1, 0, 0, 0, 0, 0)
TILE_KERNEL(kZigzag, 1, 2, 0, 0, 1, 0, 0)
TILE_KERNEL(kScatter, 1, 2, 0, 0, 0, 1, 0)
TILE_KERNEL(kScalarStores, 1, 2, 0, 0, 0, 2, 0)
TILE_KERNEL(kBaseToSums, 1, 2, 0, 0, 0, 3, 0)
TILE_KERNEL(kLdIdx, 1, 2, 0, 0, 0, 0, 1)

static void kPairs(void) {
  enum { SHIFT = 1, PERMS = 2 };
  for (int tr = 0; tr < N / 16; tr += 2) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, b0 = a0, b1 = a0;
    for (int g = 0; g < NT; g++) {
      LOADX(g);
      int t = tr * NT + g, u = t + NT;
      int lo = tilePtr[t], hi = tilePtr[t + 1], ulo = tilePtr[u], uhi = tilePtr[u + 1];
      const uint32_t *wp = words + (long)groupPtr[t] * 16, *up = words + (long)groupPtr[u] * 16;
      int qh = hi - ((hi - lo) & 3), uqh = uhi - ((uhi - ulo) & 3), j = lo, k = ulo;
#define QUAD(p, q, ptr, e)                                                     \
  {                                                                            \
    __m512i w = _mm512_loadu_si512(ptr);                                       \
    STEP(p, e, w, 0); STEP(q, e + 1, w, 1); STEP(p, e + 2, w, 2); STEP(q, e + 3, w, 3); \
  }
#define REST(p, q, ptr, e, n)                                                  \
  if (n > 0) {                                                                 \
    __m512i w = _mm512_loadu_si512(ptr);                                       \
    STEP(p, e, w, 0);                                                          \
    if (n > 1) { STEP(q, e + 1, w, 1); if (n > 2) STEP(p, e + 2, w, 2); }      \
  }
      for (; j < qh && k < uqh; j += 4, k += 4, wp += 16, up += 16) {
        QUAD(a0, a1, wp, j) QUAD(b0, b1, up, k)
      }
      for (; j < qh; j += 4, wp += 16) QUAD(a0, a1, wp, j)
      for (; k < uqh; k += 4, up += 16) QUAD(b0, b1, up, k)
      REST(a0, a1, wp, j, hi - qh)
      REST(b0, b1, up, k, uhi - uqh)
    }
    _mm512_storeu_ps(y + tr * 16, _mm512_add_ps(a0, a1));
    _mm512_storeu_ps(y + tr * 16 + 16, _mm512_add_ps(b0, b1));
  }
}

// One loop per tile width W, the W entries unrolled: no branch on the data.
#define BUCKET(W)                                                              \
  static void bucket##W(int n, const int *tl, const float *v, const uint32_t *wd) { \
    enum { SHIFT = 1, PERMS = 2 };                                             \
    for (int i = 0; i < n; i++) {                                              \
      int r = tl[i] / NT, g = tl[i] % NT;                                      \
      LOADX(g);                                                                \
      __m512 a0 = _mm512_loadu_ps(sums + r * 16), a1 = _mm512_setzero_ps();    \
      _Pragma("GCC unroll 64") for (int e = 0; e < W; e++) {                   \
        __m512i w = _mm512_loadu_si512(wd + (e / 4) * 16);                     \
        __m512 p = _mm512_fmadd_ps(sel(x0, x1, x2, x3, w, e % 4, 1, 2),        \
                                   _mm512_loadu_ps(v + e * 16), (e & 1) ? a1 : a0); \
        if (e & 1) a1 = p; else a0 = p;                                        \
      }                                                                        \
      _mm512_storeu_ps(sums + r * 16, _mm512_add_ps(a0, a1));                  \
      v += W * 16;                                                             \
      wd += ((W + 3) / 4) * 16;                                                \
    }                                                                          \
  }
BUCKET(1) BUCKET(2) BUCKET(3) BUCKET(4) BUCKET(5) BUCKET(6) BUCKET(7) BUCKET(8)
BUCKET(9) BUCKET(10) BUCKET(11) BUCKET(12) BUCKET(13) BUCKET(14) BUCKET(15)
BUCKET(16) BUCKET(17) BUCKET(18) BUCKET(19) BUCKET(20) BUCKET(21) BUCKET(22)
BUCKET(23) BUCKET(24)
typedef void (*BucketFn)(int, const int *, const float *, const uint32_t *);
static BucketFn buckets[25] = {0, bucket1, bucket2, bucket3, bucket4, bucket5,
    bucket6, bucket7, bucket8, bucket9, bucket10, bucket11, bucket12, bucket13,
    bucket14, bucket15, bucket16, bucket17, bucket18, bucket19, bucket20,
    bucket21, bucket22, bucket23, bucket24};
static void kBuckets(void) {
  memset(sums, 0, N * sizeof(float));
  for (int w = 1; w <= 24; w++)
    if (bucketCount[w])
      buckets[w](bucketCount[w], btiles + bucketStart[w],
                 bvals + bucketVals[w] * 16, bwords + bucketWords[w] * 16);
  memcpy(y, sums, N * sizeof(float));
}

// Compact values: padded lanes have bit 6 set in their column byte.
static void kCompact(void) {
  const float *vp = cvals;
  for (int tr = 0; tr < N / 16; tr++) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0;
    for (int g = 0; g < NT; g++) {
      LOADX(g);
      int t = tr * NT + g, lo = tilePtr[t], hi = tilePtr[t + 1];
      const uint32_t *wp = words + (long)groupPtr[t] * 16;
      for (int j = lo; j < hi; j++) {
        if (j > lo && (j - lo) % 4 == 0)
          wp += 16;
        int k = (j - lo) % 4;
        __m512i w = _mm512_loadu_si512(wp);
        __mmask16 m = _mm512_testn_epi32_mask(w, _mm512_set1_epi32(64 << (8 * k)));
        __m512 v = _mm512_maskz_expand_ps(m, _mm512_loadu_ps(vp));
        vp += __builtin_popcount((unsigned)m);
        __m512 s = sel(x0, x1, x2, x3, w, k, 1, 2);
        if (k & 1) a1 = _mm512_fmadd_ps(s, v, a1); else a0 = _mm512_fmadd_ps(s, v, a0);
      }
    }
    _mm512_storeu_ps(y + tr * 16, _mm512_add_ps(a0, a1));
  }
}

// Entries [0, f) of a tile are full (16 values), [f, w) half (8 values,
// lanes 0..7 of the tile's sorted rows); each part has its own column
// words (4 entries to a word), so that both loops use constant shifts.
#define HSTEP(acc, wv, k, load) acc = _mm512_fmadd_ps(sel(x0, x1, x2, x3, wv, k, 1, 2), load, acc)
#define HPART(n, stride, LOAD)                                                 \
  {                                                                            \
    int q = (n) & ~3;                                                          \
    for (int e = 0; e < q; e += 4, wp += 16, vp += 4 * stride) {               \
      __m512i wv = _mm512_loadu_si512(wp);                                     \
      HSTEP(a0, wv, 0, LOAD(vp)); HSTEP(a1, wv, 1, LOAD(vp + stride));         \
      HSTEP(a0, wv, 2, LOAD(vp + 2 * stride)); HSTEP(a1, wv, 3, LOAD(vp + 3 * stride)); \
    }                                                                          \
    int left = (n) - q;                                                        \
    if (left > 0) {                                                            \
      __m512i wv = _mm512_loadu_si512(wp);                                     \
      HSTEP(a0, wv, 0, LOAD(vp));                                              \
      if (left > 1) {                                                          \
        HSTEP(a1, wv, 1, LOAD(vp + stride));                                   \
        if (left > 2) HSTEP(a0, wv, 2, LOAD(vp + 2 * stride));                 \
      }                                                                        \
      wp += 16; vp += left * stride;                                           \
    }                                                                          \
  }
#define FULL_LOAD(p) _mm512_loadu_ps(p)
#define HALF_LOAD(p) _mm512_maskz_loadu_ps(0xFF, p)
static void kHalves(void) {
  const float *vp = hvals;
  const uint32_t *wp = hwords;
  for (int tr = 0; tr < N / 16; tr++) {
    __m512 acc = _mm512_setzero_ps();
    for (int g = 0; g < NT; g++) {
      LOADX(g);
      int t = tr * NT + g, w = tilePtr[t + 1] - tilePtr[t], f = hfull[t];
      __m512 a0 = _mm512_setzero_ps(), a1 = a0;
      HPART(f, 16, FULL_LOAD)
      HPART(w - f, 8, HALF_LOAD)
      __m512i q = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(hperm + t * 16)));
      acc = _mm512_add_ps(acc, _mm512_permutexvar_ps(q, _mm512_add_ps(a0, a1)));
    }
    _mm512_storeu_ps(y + tr * 16, acc);
  }
}

static void kWide(void) {
  for (int tr = 0; tr < N / 16; tr++) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0;
    for (int g = 0; g < K / 128; g++) {
      __m512 xs[8];
      for (int q = 0; q < 8; q++)
        xs[q] = _mm512_loadu_ps(x + g * 128 + 16 * q);
      int t = tr * (K / 128) + g;
      const uint32_t *wp = wwords + (long)wGroup[t] * 16;
      for (int j = wPtr[t], e = 0; j < wPtr[t + 1]; j++, e++) {
        __m512i w = _mm512_loadu_si512(wp + (e / 4) * 16);
        __m512i idx = _mm512_srlv_epi32(w, _mm512_set1_epi32(8 * (e % 4)));
        __m512 p0 = _mm512_permutex2var_ps(xs[0], idx, xs[1]), p1 = _mm512_permutex2var_ps(xs[2], idx, xs[3]);
        __m512 p2 = _mm512_permutex2var_ps(xs[4], idx, xs[5]), p3 = _mm512_permutex2var_ps(xs[6], idx, xs[7]);
        __mmask16 b5 = _mm512_test_epi32_mask(idx, _mm512_set1_epi32(32));
        __mmask16 b6 = _mm512_test_epi32_mask(idx, _mm512_set1_epi32(64));
        __m512 lo = _mm512_mask_blend_ps(b5, p0, p1), hi = _mm512_mask_blend_ps(b5, p2, p3);
        __m512 sv = _mm512_mask_blend_ps(b6, lo, hi);
        __m512 v = _mm512_loadu_ps(wvals + (long)j * 16);
        if (e & 1) a1 = _mm512_fmadd_ps(sv, v, a1); else a0 = _mm512_fmadd_ps(sv, v, a0);
      }
    }
    _mm512_storeu_ps(y + tr * 16, _mm512_add_ps(a0, a1));
  }
}

static void kStream(void) {
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  long nv = (long)tilePtr[N / 16 * NT] * 16, nw = (long)groupPtr[N / 16 * NT] * 16;
  for (long i = 0; i + 64 <= nv; i += 64) {
    s0 = _mm512_add_ps(s0, _mm512_loadu_ps(vals + i));
    s1 = _mm512_add_ps(s1, _mm512_loadu_ps(vals + i + 16));
    s2 = _mm512_add_ps(s2, _mm512_loadu_ps(vals + i + 32));
    s3 = _mm512_add_ps(s3, _mm512_loadu_ps(vals + i + 48));
  }
  for (long i = 0; i + 16 <= nw; i += 16)
    s0 = _mm512_add_ps(s0, _mm512_castsi512_ps(_mm512_loadu_si512(words + i)));
  sink = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

static void kBack(void) {
  for (int i = 0; i < N; i += 16) {
    __m512 g = _mm512_i32gather_ps(_mm512_loadu_si512(inv + i), sums, 4);
    _mm512_storeu_ps(y + i, _mm512_add_ps(g, _mm512_loadu_ps(x + (i % K))));
  }
}

static void kBack8(void) {
  for (int i = 0; i < N; i += 8) {
    __m256 g = _mm256_i32gather_ps(sums, _mm256_loadu_si256((const __m256i *)(inv + i)), 4);
    _mm256_storeu_ps(y + i, _mm256_add_ps(g, _mm256_loadu_ps(x + (i % K))));
  }
}
static void kBackScalar(void) {
  for (int i = 0; i < N; i++)
    y[i] = sums[inv[i]] + x[i % K];
}
static void kBaseBack(void) {
  kBaseToSums();
  for (int i = 0; i < N; i += 16)
    _mm512_storeu_ps(y + i, _mm512_i32gather_ps(_mm512_loadu_si512(inv + i), sums, 4));
}

// B as 16 x tc tiles in B's order: per tile its width (the most non-zeros
// of one of its rows), the values [entries, 16] and the column bytes four
// to a word [groups, 16]; padded lanes get value 0 and column byte tc
// (ignored by the permutes, a marker for the compact form). Returns the
// entries.
static long buildTiles(int tc, int **ptrOut, int **groupOut, int **widthOut,
                       float **valsOut, uint32_t **wordsOut) {
  int nt = K / tc, tiles = N / 16 * nt;
  int *ptr = malloc((tiles + 1) * sizeof(int)), *grp = malloc((tiles + 1) * sizeof(int));
  int *wid = malloc(tiles * sizeof(int));
  long E = 0, G = 0;
  for (int t = 0; t < tiles; t++) {
    int tr = t / nt, g = t % nt, w = 0;
    for (int l = 0; l < 16; l++) {
      int c = 0;
      for (int k = g * tc; k < g * tc + tc; k++)
        c += B[(long)(tr * 16 + l) * K + k] != 0;
      w = c > w ? c : w;
    }
    wid[t] = w;
    E += w;
    G += (w + 3) / 4;
  }
  // +64 floats: vexpandps reads a full vector at the end of the values.
  float *v = aligned_alloc(64, (E * 16 + 64) * sizeof(float));
  uint32_t *wd = aligned_alloc(64, (G * 16 + 16) * sizeof(uint32_t));
  memset(wd, 0, (G * 16 + 16) * sizeof(uint32_t));
  long e = 0, gg = 0;
  ptr[0] = grp[0] = 0;
  for (int t = 0; t < tiles; t++) {
    int tr = t / nt, g = t % nt, w = wid[t];
    for (int l = 0; l < 16; l++) {
      int q = 0;
      for (int k = g * tc; k < g * tc + tc; k++)
        if (B[(long)(tr * 16 + l) * K + k] != 0) {
          v[(e + q) * 16 + l] = B[(long)(tr * 16 + l) * K + k];
          wd[(gg + q / 4) * 16 + l] |= (uint32_t)(k - g * tc) << (8 * (q % 4));
          q++;
        }
      for (; q < w; q++) {
        v[(e + q) * 16 + l] = 0;
        wd[(gg + q / 4) * 16 + l] |= (uint32_t)tc << (8 * (q % 4));
      }
    }
    e += w;
    gg += (w + 3) / 4;
    ptr[t + 1] = e;
    grp[t + 1] = gg;
  }
  *ptrOut = ptr;
  *groupOut = grp;
  *widthOut = wid;
  *valsOut = v;
  *wordsOut = wd;
  return E;
}

static int cmpDouble(const void *a, const void *b) {
  double d = *(const double *)a - *(const double *)b;
  return (d > 0) - (d < 0);
}

int main(int argc, char **argv) {
  double sparsity = argc > 1 ? atof(argv[1]) : 0.95;
  N = argc > 2 ? atoi(argv[2]) : 4096;
  int rounds = argc > 3 ? atoi(argv[3]) : 7;
  int nnz = K - (int)(sparsity * K + 0.5);
  if (N % 32 || nnz < 1) {
    fprintf(stderr, "rows must be a multiple of 32 and the sparsity < 1\n");
    return 1;
  }
  B = calloc((long)N * K, sizeof(float));
  x = aligned_alloc(64, K * sizeof(float));
  y = aligned_alloc(64, N * sizeof(float));
  sums = aligned_alloc(64, N * sizeof(float));
  ref = malloc(N * sizeof(float));
  srand(1);
  for (int r = 0; r < N; r++)
    for (int c = 0; c < nnz;) {
      int k = rand() % K;
      if (B[(long)r * K + k] == 0) {
        B[(long)r * K + k] = (rand() % 2000 - 1000 + 0.5f) / 1000.0f;
        c++;
      }
    }
  for (int k = 0; k < K; k++)
    x[k] = (rand() % 2000 - 1000) / 1000.0f;
  for (int r = 0; r < N; r++) {
    double a = 0;
    for (int k = 0; k < K; k++)
      a += (double)B[(long)r * K + k] * x[k];
    ref[r] = a;
  }
  int tiles = N / 16 * NT;
  long E = buildTiles(64, &tilePtr, &groupPtr, &width, &vals, &words);
  long G = groupPtr[tiles];
  for (int t = 0; t < tiles; t++)
    if (width[t] > 24) {
      fprintf(stderr, "tile width %d > 24: sparsity too low for the probe\n", width[t]);
      return 1;
    }
  // Compact values: the real lanes only (padding has bit 6 in its column).
  cvals = aligned_alloc(64, (E * 16 + 64) * sizeof(float));
  long cv = 0;
  for (int t = 0; t < tiles; t++)
    for (int q = 0; q < width[t]; q++)
      for (int l = 0; l < 16; l++)
        if (!(words[((long)groupPtr[t] + q / 4) * 16 + l] >> (8 * (q % 4)) & 64))
          cvals[cv++] = vals[((long)tilePtr[t] + q) * 16 + l];
  bvals = aligned_alloc(64, (E * 16 + 64) * sizeof(float));
  bwords = aligned_alloc(64, (G * 16 + 16) * sizeof(uint32_t));
  btiles = malloc(tiles * sizeof(int));
  int pos = 0;
  long vo = 0, wo = 0;
  for (int w = 1; w <= 24; w++) {
    bucketStart[w] = pos;
    bucketVals[w] = vo;
    bucketWords[w] = wo;
    bucketCount[w] = 0;
    for (int g = 0; g < NT; g++)
      for (int tr = 0; tr < N / 16; tr++) {
        int t = tr * NT + g;
        if (width[t] != w)
          continue;
        btiles[pos++] = t;
        bucketCount[w]++;
        memcpy(bvals + vo * 16, vals + (long)tilePtr[t] * 16, w * 64);
        memcpy(bwords + wo * 16, words + (long)groupPtr[t] * 16, ((w + 3) / 4) * 64);
        vo += w;
        wo += (w + 3) / 4;
      }
  }
  hvals = aligned_alloc(64, (E * 16 + 64) * sizeof(float));
  hwords = aligned_alloc(64, ((G + tiles) * 16 + 16) * sizeof(uint32_t));
  memset(hwords, 0, ((G + tiles) * 16 + 16) * sizeof(uint32_t));
  hperm = malloc(tiles * 16);
  hfull = malloc(tiles * sizeof(int));
  long hv = 0, hw = 0, halfEntries = 0;
  for (int t = 0; t < tiles; t++) {
    int tr = t / NT, g = t % NT, w = width[t], cnt[16], srt[16];
    for (int l = 0; l < 16; l++) {
      cnt[l] = 0;
      for (int k = g * 64; k < g * 64 + 64; k++)
        cnt[l] += B[(long)(tr * 16 + l) * K + k] != 0;
      srt[l] = l;
    }
    for (int i = 1; i < 16; i++) // stable insertion sort by count, descending
      for (int j = i; j > 0 && cnt[srt[j]] > cnt[srt[j - 1]]; j--) {
        int z = srt[j]; srt[j] = srt[j - 1]; srt[j - 1] = z;
      }
    for (int i = 0; i < 16; i++)
      hperm[t * 16 + srt[i]] = i; // group lane srt[i] <- tile lane i
    int f = 0;
    while (f < w && cnt[srt[8]] > f)
      f++;
    hfull[t] = f;
    halfEntries += w - f;
    for (int part = 0; part < 2; part++) {
      int e0 = part ? f : 0, e1 = part ? w : f, lanes = part ? 8 : 16;
      for (int e = e0; e < e1; e++) {
        for (int i = 0; i < lanes; i++)
          hvals[hv++] = vals[((long)tilePtr[t] + e) * 16 + srt[i]];
        for (int i = 0; i < 16; i++)
          hwords[(hw + (e - e0) / 4) * 16 + i] |=
              (words[((long)groupPtr[t] + e / 4) * 16 + srt[i]] >> (8 * (e % 4)) & 63u)
              << (8 * ((e - e0) % 4));
      }
      hw += (e1 - e0 + 3) / 4;
    }
  }
  printf("halves: %ld of %ld entries with at most 8 real lanes, %.0f KB of values and words\n",
         halfEntries, E, (hv * 4.0 + hw * 64.0 + tiles * 16.0) / 1024);
  {
    int *wWidth;
    long we = buildTiles(128, &wPtr, &wGroup, &wWidth, &wvals, &wwords);
    printf("wide: 16 x 128 tiles, %ld entries, %.0f KB of values and words\n", we,
           (we * 64.0 + wGroup[N / 16 * (K / 128)] * 64.0) / 1024);
  }
  inv = malloc(N * sizeof(int));
  for (int i = 0; i < N; i++)
    inv[i] = i;
  for (int i = N - 1; i > 0; i--) {
    int j = rand() % (i + 1), t = inv[i];
    inv[i] = inv[j];
    inv[j] = t;
  }
  for (int i = 0; i < N; i++)
    sums[i] = 0;

  struct { const char *name; void (*fn)(void); int checked; } ks[] = {
      {"base", kBase, 1},         {"acc4", kAcc4, 1},       {"buckets", kBuckets, 1},
      {"pairs", kPairs, 1},       {"compact", kCompact, 1}, {"prefetch", kPrefetch, 1}, {"halves", kHalves, 1}, {"wide", kWide, 1},
      {"noshift", kNoShift, 0},   {"oneperm", kOnePerm, 0}, {"stream", kStream, 0},
      {"back", kBack, 0},         {"zigzag", kZigzag, 1},   {"scatter", kScatter, 2},
      {"scalarst", kScalarStores, 2}, {"base+back", kBaseBack, 0}, {"ldidx", kLdIdx, 1},
      {"back8", kBack8, 0}, {"backscalar", kBackScalar, 0}};
  enum { NK = sizeof(ks) / sizeof(ks[0]) };
  printf("B [%d, %d], %.1f%% zeros: %d non-zeros per row, %ld entries of 16 "
         "(%.2fx the non-zeros), %.0f KB of values and column words\n",
         N, K, 100.0 * (K - nnz) / K, nnz, E, E * 16.0 / ((double)N * nnz),
         (E * 64.0 + G * 64.0) / 1024);
  double *times = malloc(sizeof(double) * NK * rounds);
  for (int r = 0; r < rounds; r++)
    for (int k = 0; k < NK; k++) {
      ks[k].fn();
      double t0 = cpuSeconds();
      for (int i = 0; i < REPS; i++)
        ks[k].fn();
      times[k * rounds + r] = (cpuSeconds() - t0) / REPS * 1e6;
    }
  printf("| kernel | median us | min us | vs base (median) | max |y - ref| |\n|---|---|---|---|---|\n");
  double base = 0;
  for (int k = 0; k < NK; k++) {
    qsort(times + k * rounds, rounds, sizeof(double), cmpDouble);
    double med = times[k * rounds + rounds / 2], mn = times[k * rounds];
    if (k == 0)
      base = med;
    char diff[32] = "-";
    if (ks[k].checked) {
      ks[k].fn();
      double md = 0;
      // checked == 2: row i's sum was stored at y[inv[i]].
      for (int i = 0; i < N; i++) {
        double d = y[ks[k].checked == 2 ? inv[i] : i] - ref[i];
        md = d > md ? d : (-d > md ? -d : md);
      }
      snprintf(diff, sizeof diff, "%.1e", md);
    }
    printf("| %s | %.2f | %.2f | %.2fx | %s |\n", ks[k].name, med, mn, med / base, diff);
  }
  return 0;
}
