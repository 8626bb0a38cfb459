/* sync_probe: what one synchronisation of 2+ threads costs on this host, the
 * price a threaded recurrent step pays per barrier (rnn-parallelize-kernels:
 * a parallel region per time loop ends each split product / gate pass with an
 * OpenMP barrier; without regions, a fork / join per product).
 *
 *   cc -O2 -fopenmp=libomp sync_probe.c -o sync-probe \
 *      -L/usr/lib/llvm-22/lib -Wl,-rpath,/usr/lib/llvm-22/lib
 *   ./sync-probe [THREADS]     prints one line per form, microseconds per sync
 *
 * Forms: `omp barrier` (libomp's, as the compiled models use it), a spin
 * barrier on one atomic counter and a generation flag (what a generated
 * barrier could be), and an empty `omp parallel` (fork / join). Each figure is
 * the median and minimum over 15 batches of 20000 synchronisations; a loaded
 * machine (other processes on the cores) inflates them by orders of
 * magnitude, so read them from a quiet one. */
#include <omp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { BATCHES = 15, PER_BATCH = 20000 };

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static _Atomic int arrived;
static _Atomic int generation;

static void spinBarrier(int threads) {
  int gen = atomic_load_explicit(&generation, memory_order_relaxed);
  if (atomic_fetch_add_explicit(&arrived, 1, memory_order_acq_rel) == threads - 1) {
    atomic_store_explicit(&arrived, 0, memory_order_relaxed);
    atomic_store_explicit(&generation, gen + 1, memory_order_release);
    return;
  }
  while (atomic_load_explicit(&generation, memory_order_acquire) == gen)
    __builtin_ia32_pause();
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void report(const char *name, double *us) {
  qsort(us, BATCHES, sizeof(double), cmp);
  printf("%-12s median_us=%.3f min_us=%.3f\n", name, us[BATCHES / 2], us[0]);
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  double us[BATCHES];
  for (int b = 0; b < BATCHES; ++b) {
    double t0 = now();
#pragma omp parallel num_threads(threads)
    for (int i = 0; i < PER_BATCH; ++i) {
#pragma omp barrier
    }
    us[b] = (now() - t0) / PER_BATCH * 1e6;
  }
  report("omp_barrier", us);
  for (int b = 0; b < BATCHES; ++b) {
    double t0 = now();
#pragma omp parallel num_threads(threads)
    for (int i = 0; i < PER_BATCH; ++i)
      spinBarrier(threads);
    us[b] = (now() - t0) / PER_BATCH * 1e6;
  }
  report("spin_barrier", us);
  for (int b = 0; b < BATCHES; ++b) {
    double t0 = now();
    for (int i = 0; i < PER_BATCH / 10; ++i) {
#pragma omp parallel num_threads(threads)
      __asm__ volatile("");
    }
    us[b] = (now() - t0) / (PER_BATCH / 10) * 1e6;
  }
  report("fork_join", us);
  return 0;
}
