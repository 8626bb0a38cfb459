/* Exercises the C ABI of a compiled model through its generated header:
 * introspection, every validation error of rnnc_run, and re-entrancy (four
 * threads running the model at once must produce bit-identical outputs to a
 * serial run). Built against the lstm_dynamic_seq test model: inputs
 * X [T, 2, 3], initial_h [1, 2, 4], initial_c [1, 2, 4]; outputs Y, Y_h, Y_c.
 * Prints one line per check; exits non-zero on the first failure. */
#include MODEL_HEADER

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("FAILED: " __VA_ARGS__);                                          \
      printf("\n");                                                            \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static float x[7 * 2 * 3], h0[8], c0[8];

static void make_inputs(rnnc_tensor *in, int64_t t) {
  memset(in, 0, 3 * sizeof(rnnc_tensor));
  in[0].data = x;
  in[0].dtype = RNNC_FLOAT32;
  in[0].rank = 3;
  in[0].shape[0] = t;
  in[0].shape[1] = 2;
  in[0].shape[2] = 3;
  in[1].data = h0;
  in[1].dtype = RNNC_FLOAT32;
  in[1].rank = 3;
  in[1].shape[0] = 1;
  in[1].shape[1] = 2;
  in[1].shape[2] = 4;
  in[2] = in[1];
  in[2].data = c0;
}

static void expect_error(rnnc_tensor *in, int32_t n_in, const char *what) {
  rnnc_tensor out[3];
  char err[256];
  int32_t rc = rnnc_run(in, n_in, out, 3, err, sizeof err);
  CHECK(rc == RNNC_ERROR_ARGUMENT, "%s: expected an argument error, got %d",
        what, (int)rc);
  printf("error (%s): %s\n", what, err);
}

struct job {
  int64_t t;
  rnnc_tensor out[3];
  int32_t rc;
};

static void *run_job(void *arg) {
  struct job *j = (struct job *)arg;
  rnnc_tensor in[3];
  char err[128];
  int rep;
  make_inputs(in, j->t);
  for (rep = 0; rep < 200; ++rep) {
    if (rep)
      for (int k = 0; k < 3; ++k)
        rnnc_free(j->out[k].data);
    j->rc = rnnc_run(in, 3, j->out, 3, err, sizeof err);
    if (j->rc != RNNC_OK)
      return 0;
  }
  return 0;
}

int main(void) {
  int i;
  for (i = 0; i < 7 * 2 * 3; ++i)
    x[i] = (float)((i * 37 % 17) - 8) / 8.0f;
  for (i = 0; i < 8; ++i) {
    h0[i] = (float)(i - 4) / 10.0f;
    c0[i] = (float)(3 - i) / 10.0f;
  }

  /* Introspection. */
  CHECK(rnnc_abi_version() == RNNC_ABI_VERSION, "abi version");
  CHECK(rnnc_num_inputs() == RNNC_MODEL_NUM_INPUTS && rnnc_num_inputs() == 3,
        "input count");
  CHECK(rnnc_num_outputs() == RNNC_MODEL_NUM_OUTPUTS, "output count");
  for (i = 0; i < rnnc_num_inputs(); ++i) {
    const rnnc_tensor_info *info = rnnc_input_info(i);
    printf("input %s dtype=%d rank=%d shape=[%lld,%lld,%lld] dim0=%s\n",
           info->name, (int)info->dtype, (int)info->rank,
           (long long)info->shape[0], (long long)info->shape[1],
           (long long)info->shape[2], info->dim_names[0]);
  }
  for (i = 0; i < rnnc_num_outputs(); ++i)
    printf("output %s rank=%d\n", rnnc_output_info(i)->name,
           (int)rnnc_output_info(i)->rank);
  CHECK(rnnc_input_info(3) == 0 && rnnc_input_info(-1) == 0, "out of range");

  /* Validation: every error path returns RNNC_ERROR_ARGUMENT + message. */
  rnnc_tensor in[3];
  make_inputs(in, 5);
  expect_error(in, 2, "count");
  in[0].dtype = RNNC_FLOAT64;
  expect_error(in, 3, "dtype");
  make_inputs(in, 5);
  in[1].rank = 2;
  expect_error(in, 3, "rank");
  make_inputs(in, 5);
  in[0].shape[2] = 4;
  expect_error(in, 3, "static size");
  make_inputs(in, 5);
  in[0].shape[0] = -3;
  expect_error(in, 3, "negative size");
  make_inputs(in, 5);
  in[2].data = 0;
  expect_error(in, 3, "null data");

  /* A serial reference run, then four threads at once, each 200 runs. */
  rnnc_tensor ref[3];
  char err[128];
  make_inputs(in, 5);
  CHECK(rnnc_run(in, 3, ref, 3, err, sizeof err) == RNNC_OK, "run: %s", err);
  printf("Y shape=[%lld,%lld,%lld,%lld]\n", (long long)ref[0].shape[0],
         (long long)ref[0].shape[1], (long long)ref[0].shape[2],
         (long long)ref[0].shape[3]);
  struct job jobs[4];
  pthread_t threads[4];
  for (i = 0; i < 4; ++i) {
    jobs[i].t = 5;
    pthread_create(&threads[i], 0, run_job, &jobs[i]);
  }
  for (i = 0; i < 4; ++i)
    pthread_join(threads[i], 0);
  for (i = 0; i < 4; ++i) {
    int k;
    CHECK(jobs[i].rc == RNNC_OK, "thread %d failed", i);
    for (k = 0; k < 3; ++k) {
      size_t n = 1;
      int d;
      for (d = 0; d < ref[k].rank; ++d)
        n *= (size_t)ref[k].shape[d];
      CHECK(memcmp(ref[k].data, jobs[i].out[k].data, n * sizeof(float)) == 0,
            "thread %d output %d differs from the serial run", i, k);
      rnnc_free(jobs[i].out[k].data);
    }
  }
  printf("threads: 4 x 200 runs identical to the serial run\n");

  /* The dynamic time dimension: T = 7 gives Y [7, 1, 2, 4]. */
  rnnc_tensor out7[3];
  make_inputs(in, 7);
  CHECK(rnnc_run(in, 3, out7, 3, err, sizeof err) == RNNC_OK, "T=7: %s", err);
  printf("T=7 Y shape=[%lld,%lld,%lld,%lld]\n", (long long)out7[0].shape[0],
         (long long)out7[0].shape[1], (long long)out7[0].shape[2],
         (long long)out7[0].shape[3]);

  /* Thread count (ABI 2) and the release of the per-thread memory cache:
   * neither changes a result. */
  CHECK(rnnc_get_num_threads() == 1, "default thread count");
  CHECK(rnnc_set_num_threads(0) == -1, "0 threads must be refused");
  CHECK(rnnc_set_num_threads(2) == 2 && rnnc_get_num_threads() == 2,
        "2 threads");
  for (i = 0; i < 2; ++i) {
    rnnc_tensor again[3];
    int k;
    if (i == 1)
      rnnc_release_memory();
    make_inputs(in, 5);
    CHECK(rnnc_run(in, 3, again, 3, err, sizeof err) == RNNC_OK, "again: %s",
          err);
    for (k = 0; k < 3; ++k) {
      size_t n = 1;
      int d;
      for (d = 0; d < ref[k].rank; ++d)
        n *= (size_t)ref[k].shape[d];
      CHECK(memcmp(ref[k].data, again[k].data, n * sizeof(float)) == 0,
            "output %d differs after %s", k,
            i ? "rnnc_release_memory" : "rnnc_set_num_threads(2)");
      rnnc_free(again[k].data);
    }
  }
  rnnc_set_num_threads(1);
  printf("2 threads and released memory: identical to the serial run\n");

  for (i = 0; i < 3; ++i) {
    rnnc_free(ref[i].data);
    rnnc_free(out7[i].data);
  }
  printf("OK\n");
  return 0;
}
