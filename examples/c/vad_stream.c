/* Streaming voice activity detection in C with a model compiled by rnnc.
 *
 *   rnnc ../../../shared/models/silero_vad_16k_static.onnx -o silero.so
 *   cc -std=c99 -O2 -DMODEL_HEADER='"silero.h"' vad_stream.c silero.so -Wl,-rpath,. -lm -o vad_stream
 *   ./vad_stream [input.raw]
 *
 * Reads 16 kHz mono float32 samples (raw, little endian) or, without an
 * argument, synthesizes 2 s of a test signal (silence, a voiced tone
 * complex, noise). Silero VAD (16 kHz, static) takes 576 samples per call:
 * the 64 samples of context from the previous call followed by 512 new ones,
 * plus its LSTM state [2, 1, 128], and returns the speech probability and the
 * next state, which is fed back on the next call. Prints one probability per
 * 32 ms frame. */
#include MODEL_HEADER

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 16000
#define PI 3.14159265358979323846
#define HOP 512
#define CONTEXT 64

static float *synthesize(size_t *count) {
  size_t n = 2 * RATE, i;
  float *x = malloc(n * sizeof(float));
  unsigned seed = 1;
  for (i = 0; i < n; ++i) {
    double t = (double)i / RATE, v = 0;
    if (t >= 0.5 && t < 1.3) /* harmonics of 140 Hz with a slow envelope */
      for (int h = 1; h <= 8; ++h)
        v += 0.3 / h * sin(2 * PI * 140 * h * t) * (0.6 + 0.4 * sin(2 * PI * 3 * t));
    seed = seed * 1103515245u + 12345u;
    v += 0.002 * ((double)(seed >> 8) / (1 << 24) - 0.5);
    x[i] = (float)v;
  }
  *count = n;
  return x;
}

int main(int argc, char **argv) {
  size_t n = 0;
  float *audio = NULL;
  if (argc > 1) {
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
      perror(argv[1]);
      return 1;
    }
    fseek(f, 0, SEEK_END);
    n = (size_t)ftell(f) / sizeof(float);
    fseek(f, 0, SEEK_SET);
    audio = malloc(n * sizeof(float) + 1);
    if (fread(audio, sizeof(float), n, f) != n) {
      fprintf(stderr, "short read\n");
      return 1;
    }
    fclose(f);
  } else {
    audio = synthesize(&n);
  }

  /* The model's description, from the header's introspection API. */
  const rnnc_tensor_info *in0 = rnnc_input_info(0), *in1 = rnnc_input_info(1);
  printf("model %s: input %s [%lld x %lld], state %s [%lld x %lld x %lld]\n",
         rnnc_model_name(), in0->name, (long long)in0->shape[0],
         (long long)in0->shape[1], in1->name, (long long)in1->shape[0],
         (long long)in1->shape[1], (long long)in1->shape[2]);

  float window[CONTEXT + HOP] = {0}, state[2 * 1 * 128] = {0};
  rnnc_tensor inputs[RNNC_MODEL_NUM_INPUTS] = {
      {window, RNNC_FLOAT32, 2, {1, CONTEXT + HOP}},
      {state, RNNC_FLOAT32, 3, {2, 1, 128}},
  };
  rnnc_tensor outputs[RNNC_MODEL_NUM_OUTPUTS];
  char error[256];
  for (size_t start = 0; start + HOP <= n; start += HOP) {
    memmove(window, window + HOP, CONTEXT * sizeof(float));
    memcpy(window + CONTEXT, audio + start, HOP * sizeof(float));
    if (rnnc_run(inputs, RNNC_MODEL_NUM_INPUTS, outputs,
                 RNNC_MODEL_NUM_OUTPUTS, error, sizeof error) != RNNC_OK) {
      fprintf(stderr, "rnnc_run: %s\n", error);
      return 1;
    }
    float p = *(float *)outputs[0].data;
    memcpy(state, outputs[1].data, sizeof state); /* carry the LSTM state */
    printf("%6.3f s  p=%.4f %s\n", (double)start / RATE, p, p > 0.5 ? "speech" : "");
    rnnc_free(outputs[0].data);
    rnnc_free(outputs[1].data);
  }
  free(audio);
  return 0;
}
