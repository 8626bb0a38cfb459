/*===- rnnc_abi.h - C ABI of a model compiled by rnnc -------------*- C -*-===*
 *
 * Every shared library or object that `rnnc` produces exports the functions
 * declared here. The header `rnnc` writes beside a compiled model holds this
 * text followed by a description of that model's inputs and outputs.
 *
 * - Introspection: rnnc_num_inputs / rnnc_input_info (and the same for
 *   outputs) describe each tensor: name, element type, rank and shape, where
 *   -1 marks a dynamic dimension; dim_names gives the ONNX symbolic name of a
 *   dynamic dimension ("" if it has none). Dynamic dimensions that share a
 *   name must have the same size in one call.
 * - rnnc_run validates what it is given (count, element types, ranks, static
 *   sizes, named dynamic sizes, non-null data) and returns RNNC_OK or an error
 *   code with a message in `error` (truncated to error_size, always
 *   NUL-terminated when error_size > 0). It never modifies its inputs.
 *   Inputs are dense row-major arrays. Outputs are allocated by the library:
 *   on success outputs[i].data points to a dense row-major array that the
 *   caller releases with rnnc_free; on failure no output is allocated.
 * - rnnc_run is re-entrant: any number of threads may run the same model at
 *   once on different buffers. The only mutable global state is the thread
 *   count of rnnc_set_num_threads.
 * - Threads (ABI version 2): rnnc_set_num_threads(n) makes every later
 *   rnnc_run split the work of each step (the rows of each matrix product)
 *   across n threads of the OpenMP runtime (libomp) when the model was
 *   compiled with thread support (`rnnc --parallel`, the default for the
 *   host); it returns the count now in effect (1 for a model without thread
 *   support) or -1 if n < 1. The default is 1 thread, which never enters the
 *   OpenMP runtime. Results are bit-identical for every thread count. Do not
 *   call it while another thread is inside rnnc_run.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RNNC_ABI_H
#define RNNC_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RNNC_ABI_VERSION 2
#define RNNC_MAX_RANK 8

/* Element types (the values are part of the ABI). */
enum rnnc_dtype {
  RNNC_FLOAT32 = 1,
  RNNC_FLOAT64 = 2,
  RNNC_INT32 = 3,
  RNNC_INT64 = 4,
  RNNC_BOOL = 5, /* one byte per element, 0 or 1 */
  RNNC_INT8 = 6,
  RNNC_UINT8 = 7
};

/* Status codes returned by rnnc_run. */
enum rnnc_status {
  RNNC_OK = 0,
  RNNC_ERROR_ARGUMENT = 1, /* wrong count, name, dtype, rank or shape */
  RNNC_ERROR_MEMORY = 2    /* an output could not be allocated */
};

typedef struct rnnc_tensor_info {
  const char *name;
  int32_t dtype;  /* enum rnnc_dtype */
  int32_t rank;
  const int64_t *shape;          /* rank entries; -1 = dynamic */
  const char *const *dim_names;  /* rank entries; "" = static or unnamed */
} rnnc_tensor_info;

typedef struct rnnc_tensor {
  void *data;
  int32_t dtype; /* enum rnnc_dtype */
  int32_t rank;
  int64_t shape[RNNC_MAX_RANK];
} rnnc_tensor;

int32_t rnnc_abi_version(void);
/* The name of the compiled model (the ONNX graph name or file stem). */
const char *rnnc_model_name(void);
int32_t rnnc_num_inputs(void);
int32_t rnnc_num_outputs(void);
/* NULL when the index is out of range. */
const rnnc_tensor_info *rnnc_input_info(int32_t index);
const rnnc_tensor_info *rnnc_output_info(int32_t index);

int32_t rnnc_run(const rnnc_tensor *inputs, int32_t num_inputs,
                 rnnc_tensor *outputs, int32_t num_outputs, char *error,
                 size_t error_size);

/* Releases an output buffer returned by rnnc_run (NULL is allowed). */
void rnnc_free(void *data);

/* The model's memory (scratch and results) is cached per thread between
 * runs (ABI version 2); this releases the calling thread's cache (a thread's
 * cache is also released when the thread exits). */
void rnnc_release_memory(void);

/* Threads per run (see above): returns the count in effect, -1 if n < 1. */
int32_t rnnc_set_num_threads(int32_t n);
int32_t rnnc_get_num_threads(void);

/* Element size in bytes of a dtype, 0 for an unknown one. */
static inline size_t rnnc_dtype_size(int32_t dtype) {
  switch (dtype) {
  case RNNC_FLOAT32: case RNNC_INT32: return 4;
  case RNNC_FLOAT64: case RNNC_INT64: return 8;
  case RNNC_BOOL: case RNNC_INT8: case RNNC_UINT8: return 1;
  default: return 0;
  }
}

/* Name of a dtype for messages ("float32", ...), "unknown" otherwise. */
static inline const char *rnnc_dtype_name(int32_t dtype) {
  switch (dtype) {
  case RNNC_FLOAT32: return "float32";
  case RNNC_FLOAT64: return "float64";
  case RNNC_INT32: return "int32";
  case RNNC_INT64: return "int64";
  case RNNC_BOOL: return "bool";
  case RNNC_INT8: return "int8";
  case RNNC_UINT8: return "uint8";
  default: return "unknown";
  }
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RNNC_ABI_H */
