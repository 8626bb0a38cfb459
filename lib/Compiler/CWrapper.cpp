//===- CWrapper.cpp - C ABI wrapper and header of a compiled model --------===//

#include "rnn/Compiler/CWrapper.h"
#include "rnn/Runtime/rnnc_abi.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"

#include <cstdio>
#include <set>

using namespace rnn;
using llvm::raw_ostream;
using llvm::StringRef;

#include "AbiHeader.inc"

StringRef rnn::getABIHeaderText() { return kABIHeaderText; }

/// `text` as a C string literal.
static std::string cString(StringRef text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c < 0x20 || c >= 0x7f) {
      char octal[8];
      snprintf(octal, sizeof(octal), "\\%03o", c);
      out += octal;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

static std::string memrefType(size_t rank) {
  return "rnnc_memref" + std::to_string(rank);
}

/// Descriptor structs, one per rank used (layout of MLIR's memref descriptor:
/// allocated and aligned pointers, offset, sizes, strides).
static void emitDescriptorTypes(const ModelSignature &sig, raw_ostream &os) {
  std::set<size_t> ranks;
  for (const TensorSpec &t : sig.inputs)
    ranks.insert(t.shape.size());
  for (const TensorSpec &t : sig.outputs)
    ranks.insert(t.shape.size());
  for (size_t rank : ranks) {
    os << "typedef struct {\n  void *allocated;\n  void *aligned;\n"
       << "  int64_t offset;\n";
    if (rank)
      os << "  int64_t sizes[" << rank << "];\n  int64_t strides[" << rank
         << "];\n";
    os << "} " << memrefType(rank) << ";\n";
  }
}

static void emitInfoTable(StringRef prefix, llvm::ArrayRef<TensorSpec> specs,
                          raw_ostream &os) {
  for (auto [i, t] : llvm::enumerate(specs)) {
    os << "static const int64_t " << prefix << i << "_shape[] = {";
    llvm::interleaveComma(t.shape, os);
    if (t.shape.empty())
      os << "0";
    os << "};\nstatic const char *const " << prefix << i << "_dims[] = {";
    llvm::interleaveComma(t.dimNames, os,
                          [&](const std::string &n) { os << cString(n); });
    if (t.shape.empty())
      os << "\"\"";
    os << "};\n";
  }
  os << "static const rnnc_tensor_info " << prefix << "_info[] = {\n";
  for (auto [i, t] : llvm::enumerate(specs))
    os << "  {" << cString(t.name) << ", " << t.dtype << ", " << t.shape.size()
       << ", " << prefix << i << "_shape, " << prefix << i << "_dims},\n";
  if (specs.empty())
    os << "  {0, 0, 0, 0, 0},\n";
  os << "};\n";
}

/// Fixed helpers of the wrapper: error reporting, input validation and the
/// copy of a (possibly strided) result into a dense caller-owned buffer.
static const char kHelpers[] = R"c(
static int32_t rnnc_fail(char *error, size_t size, int32_t code,
                         const char *fmt, ...) {
  if (error && size) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error, size, fmt, ap);
    va_end(ap);
  }
  return code;
}

static int32_t rnnc_check_input(const rnnc_tensor *t,
                                const rnnc_tensor_info *info, char *error,
                                size_t size) {
  int32_t d;
  int64_t count = 1;
  if (t->dtype != info->dtype)
    return rnnc_fail(error, size, RNNC_ERROR_ARGUMENT,
                     "input '%s' has dtype %s but the model expects %s",
                     info->name, rnnc_dtype_name(t->dtype),
                     rnnc_dtype_name(info->dtype));
  if (t->rank != info->rank)
    return rnnc_fail(error, size, RNNC_ERROR_ARGUMENT,
                     "input '%s' has rank %d but the model expects rank %d",
                     info->name, (int)t->rank, (int)info->rank);
  for (d = 0; d < t->rank; ++d) {
    if (t->shape[d] < 0 ||
        (info->shape[d] >= 0 && t->shape[d] != info->shape[d]))
      return rnnc_fail(error, size, RNNC_ERROR_ARGUMENT,
                       "input '%s' has size %lld in dimension %d but the "
                       "model expects %lld",
                       info->name, (long long)t->shape[d], (int)d,
                       (long long)info->shape[d]);
    count *= t->shape[d];
  }
  if (count > 0 && !t->data)
    return rnnc_fail(error, size, RNNC_ERROR_ARGUMENT,
                     "input '%s' has no data", info->name);
  return RNNC_OK;
}

/* Binds the named dynamic dimension of one input; all inputs that use the
   name must agree. */
static int32_t rnnc_bind_dim(int64_t *bound, const char **bound_by,
                             const rnnc_tensor *t, const rnnc_tensor_info *info,
                             int32_t dim, char *error, size_t size) {
  if (*bound < 0) {
    *bound = t->shape[dim];
    *bound_by = info->name;
    return RNNC_OK;
  }
  if (*bound == t->shape[dim])
    return RNNC_OK;
  return rnnc_fail(error, size, RNNC_ERROR_ARGUMENT,
                   "dimension '%s' is %lld in input '%s' but %lld in input "
                   "'%s'",
                   info->dim_names[dim], (long long)t->shape[dim], info->name,
                   (long long)*bound, *bound_by);
}

static void rnnc_describe(int64_t *sizes, int64_t *strides,
                          const rnnc_tensor *t) {
  int64_t stride = 1;
  int32_t d;
  for (d = t->rank - 1; d >= 0; --d) {
    sizes[d] = t->shape[d];
    strides[d] = stride;
    stride *= t->shape[d];
  }
}

static void rnnc_copy_strided(char *dst, const char *src, int32_t rank,
                              const int64_t *sizes, const int64_t *strides,
                              size_t esize, int64_t *written) {
  int64_t i;
  if (rank == 0) {
    memcpy(dst + *written * esize, src, esize);
    ++*written;
    return;
  }
  for (i = 0; i < sizes[0]; ++i)
    rnnc_copy_strided(dst, src + i * strides[0] * (int64_t)esize, rank - 1,
                      sizes + 1, strides + 1, esize, written);
}

/* Copies one result into a fresh dense buffer described by `out`. */
static int32_t rnnc_take_result(rnnc_tensor *out, const rnnc_tensor_info *info,
                                void *aligned, int64_t offset,
                                const int64_t *sizes, const int64_t *strides) {
  size_t esize = rnnc_dtype_size(info->dtype);
  int64_t count = 1, written = 0;
  int32_t d;
  for (d = 0; d < info->rank; ++d) {
    out->shape[d] = sizes[d];
    count *= sizes[d];
  }
  out->dtype = info->dtype;
  out->rank = info->rank;
  out->data = malloc(count > 0 ? (size_t)count * esize : 1);
  if (!out->data)
    return RNNC_ERROR_MEMORY;
  {
    /* Dense row-major results (the usual case) are one memcpy. */
    int64_t expect = 1;
    int dense = 1;
    for (d = info->rank - 1; d >= 0; --d) {
      if (sizes[d] != 1 && strides[d] != expect)
        dense = 0;
      expect *= sizes[d];
    }
    if (dense) {
      if (count > 0)
        memcpy(out->data, (const char *)aligned + offset * (int64_t)esize,
               (size_t)count * esize);
      return RNNC_OK;
    }
  }
  rnnc_copy_strided((char *)out->data,
                    (const char *)aligned + offset * (int64_t)esize,
                    info->rank, sizes, strides, esize, &written);
  return RNNC_OK;
}
)c";

/// rnnc_set_num_threads / rnnc_get_num_threads: the model's thread-count
/// global (rnn-parallelize-kernels) if it has one, else a fixed 1.
static void emitThreads(const ModelSignature &sig, raw_ostream &os) {
  if (!sig.threads) {
    os << "int32_t rnnc_set_num_threads(int32_t n) { return n < 1 ? -1 : 1; }\n"
       << "int32_t rnnc_get_num_threads(void) { return 1; }\n";
    return;
  }
  os << "extern int32_t rnnc_num_threads;\n"
     << "int32_t rnnc_set_num_threads(int32_t n) {\n"
     << "  if (n < 1)\n    return -1;\n"
     << "  rnnc_num_threads = n;\n  return n;\n}\n"
     << "int32_t rnnc_get_num_threads(void) { return rnnc_num_threads; }\n";
}

/// The model's own memory (scratch slots and results) when it was lowered
/// with cached allocations: freed blocks are kept in a per-thread cache and
/// handed out again for the same size. A run allocates the same sizes as the
/// run before, so after a thread's first run the model takes no memory from
/// malloc (for blocks above malloc's mmap threshold that also saves the page
/// faults of fresh mappings on every run). LLVM is told the allocation
/// function returns unaliased memory (Compiler.cpp), like malloc.
static const char kCachedAllocator[] = R"c(
#include <pthread.h>

#define RNNC_CACHE_BLOCKS 64
typedef struct {
  int count;
  void *data[RNNC_CACHE_BLOCKS];
} rnnc_cache;
static pthread_key_t rnnc_cache_key;
static pthread_once_t rnnc_cache_once = PTHREAD_ONCE_INIT;
static int rnnc_cache_ok;

static void rnnc_block_release(void *data) {
  /* Block layout: [raw ... | head bytes: ..., head, size | data]. */
  size_t head = ((size_t *)data)[-2];
  free((char *)data - head);
}
static void rnnc_cache_release(void *p) {
  rnnc_cache *cache = (rnnc_cache *)p;
  int i;
  for (i = 0; i < cache->count; ++i)
    rnnc_block_release(cache->data[i]);
  free(cache);
}
static void rnnc_cache_init(void) {
  rnnc_cache_ok = pthread_key_create(&rnnc_cache_key, rnnc_cache_release) == 0;
}
static rnnc_cache *rnnc_cache_get(int create) {
  rnnc_cache *cache;
  pthread_once(&rnnc_cache_once, rnnc_cache_init);
  if (!rnnc_cache_ok)
    return 0;
  cache = (rnnc_cache *)pthread_getspecific(rnnc_cache_key);
  if (!cache && create) {
    cache = (rnnc_cache *)calloc(1, sizeof(rnnc_cache));
    if (cache && pthread_setspecific(rnnc_cache_key, cache) != 0) {
      free(cache);
      cache = 0;
    }
  }
  return cache;
}

__attribute__((visibility("hidden"))) void *
_mlir_memref_to_llvm_aligned_alloc(uint64_t align, uint64_t size) {
  rnnc_cache *cache = rnnc_cache_get(1);
  size_t head = align > 2 * sizeof(size_t) ? (size_t)align : 2 * sizeof(size_t);
  char *raw;
  int i;
  if (head < 64)
    head = 64;
  if (cache)
    for (i = cache->count - 1; i >= 0; --i) {
      void *data = cache->data[i];
      if (((size_t *)data)[-1] == size && ((size_t *)data)[-2] == head) {
        cache->data[i] = cache->data[--cache->count];
        return data;
      }
    }
  if (posix_memalign((void **)&raw, head,
                     head + ((size + head - 1) / head) * head) != 0)
    return 0;
  ((size_t *)(raw + head))[-1] = size;
  ((size_t *)(raw + head))[-2] = head;
  return raw + head;
}
__attribute__((visibility("hidden"))) void *
_mlir_memref_to_llvm_alloc(uint64_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(16, size);
}
__attribute__((visibility("hidden"))) void
_mlir_memref_to_llvm_free(void *data) {
  rnnc_cache *cache;
  if (!data)
    return;
  cache = rnnc_cache_get(1);
  if (cache && cache->count < RNNC_CACHE_BLOCKS)
    cache->data[cache->count++] = data;
  else
    rnnc_block_release(data);
}
void rnnc_release_memory(void) {
  rnnc_cache *cache = rnnc_cache_get(0);
  int i;
  if (!cache)
    return;
  for (i = 0; i < cache->count; ++i)
    rnnc_block_release(cache->data[i]);
  cache->count = 0;
}
)c";

/// Without cached allocations the model allocates with aligned_alloc.
static const char kPlainAllocator[] = R"c(
#define _mlir_memref_to_llvm_free free
void rnnc_release_memory(void) {}
)c";

/// The body of rnnc_run: checks, descriptors, the call, result copies.
static void emitRun(const ModelSignature &sig, raw_ostream &os) {
  size_t numIn = sig.inputs.size(), numOut = sig.outputs.size();
  os << "\nint32_t rnnc_run(const rnnc_tensor *inputs, int32_t num_inputs,\n"
     << "                 rnnc_tensor *outputs, int32_t num_outputs,\n"
     << "                 char *error, size_t error_size) {\n"
     << "  int32_t status, i;\n"
     << "  if (error && error_size)\n    error[0] = 0;\n"
     << "  if (num_inputs != " << numIn << " || num_outputs != " << numOut
     << ")\n    return rnnc_fail(error, error_size, RNNC_ERROR_ARGUMENT,\n"
     << "                     \"the model has " << numIn << " input(s) and "
     << numOut << " output(s); got %d and %d\",\n"
     << "                     (int)num_inputs, (int)num_outputs);\n"
     << "  if ((" << numIn << " && !inputs) || (" << numOut << " && !outputs))\n"
     << "    return rnnc_fail(error, error_size, RNNC_ERROR_ARGUMENT,\n"
     << "                     \"null inputs or outputs array\");\n"
     << "  for (i = 0; i < " << numIn << "; ++i)\n"
     << "    if ((status = rnnc_check_input(&inputs[i], &in_info[i], error,\n"
     << "                                   error_size)))\n"
     << "      return status;\n";

  // Named dynamic dims: one bound variable per name.
  llvm::StringMap<unsigned> dimVars;
  for (const TensorSpec &t : sig.inputs)
    for (const std::string &n : t.dimNames)
      if (!n.empty() && !dimVars.count(n))
        dimVars[n] = dimVars.size();
  if (!dimVars.empty()) {
    os << "  {\n    int64_t bound[" << dimVars.size() << "];\n"
       << "    const char *bound_by[" << dimVars.size() << "];\n"
       << "    for (i = 0; i < " << dimVars.size() << "; ++i)\n"
       << "      bound[i] = -1;\n";
    for (auto [i, t] : llvm::enumerate(sig.inputs))
      for (auto [d, n] : llvm::enumerate(t.dimNames))
        if (!n.empty())
          os << "    if ((status = rnnc_bind_dim(&bound[" << dimVars[n]
             << "], &bound_by[" << dimVars[n] << "], &inputs[" << i
             << "], &in_info[" << i << "], " << d
             << ", error, error_size)))\n      return status;\n";
    os << "  }\n";
  }

  // Descriptors of the inputs.
  for (auto [i, t] : llvm::enumerate(sig.inputs)) {
    os << "  " << memrefType(t.shape.size()) << " arg" << i << ";\n"
       << "  arg" << i << ".allocated = arg" << i << ".aligned = inputs[" << i
       << "].data;\n  arg" << i << ".offset = 0;\n";
    if (!t.shape.empty())
      os << "  rnnc_describe(arg" << i << ".sizes, arg" << i
         << ".strides, &inputs[" << i << "]);\n";
  }

  // The call: several results come back in one struct, one result alone.
  if (numOut > 1) {
    os << "  struct {\n";
    for (auto [k, t] : llvm::enumerate(sig.outputs))
      os << "    " << memrefType(t.shape.size()) << " r" << k << ";\n";
    os << "  } results;\n";
  } else if (numOut == 1) {
    os << "  struct {\n    " << memrefType(sig.outputs[0].shape.size())
       << " r0;\n  } results;\n";
  }
  os << "  _mlir_ciface_" << sig.entrySymbol << "(";
  bool first = true;
  if (numOut > 1) {
    os << "&results";
    first = false;
  } else if (numOut == 1) {
    os << "&results.r0";
    first = false;
  }
  for (size_t i = 0; i < numIn; ++i) {
    os << (first ? "" : ", ") << "&arg" << i;
    first = false;
  }
  os << ");\n";

  // Copies of the results, then release of the model's own buffers (once
  // each: two results may share one allocation).
  os << "  status = RNNC_OK;\n";
  for (auto [k, t] : llvm::enumerate(sig.outputs)) {
    std::string r = "results.r" + std::to_string(k);
    os << "  outputs[" << k << "].data = 0;\n"
       << "  if (status == RNNC_OK)\n"
       << "    status = rnnc_take_result(&outputs[" << k << "], &out_info[" << k
       << "], " << r << ".aligned, " << r << ".offset, "
       << (t.shape.empty() ? "0" : r + ".sizes") << ", "
       << (t.shape.empty() ? "0" : r + ".strides") << ");\n";
  }
  if (numOut) {
    os << "  {\n    void *owned[" << numOut << "];\n    int32_t n = 0, j;\n";
    for (size_t k = 0; k < numOut; ++k)
      os << "    for (j = 0; j < n && owned[j] != results.r" << k
         << ".allocated; ++j) {}\n    if (j == n)\n      owned[n++] = results.r"
         << k << ".allocated;\n";
    os << "    for (j = 0; j < n; ++j)\n      _mlir_memref_to_llvm_free(owned[j]);\n  }\n";
    os << "  if (status != RNNC_OK) {\n"
       << "    for (i = 0; i < " << numOut << "; ++i) {\n"
       << "      free(outputs[i].data);\n      outputs[i].data = 0;\n    }\n"
       << "    return rnnc_fail(error, error_size, status,\n"
       << "                     \"out of memory for the outputs\");\n  }\n";
  }
  os << "  return RNNC_OK;\n}\n";
}

void rnn::emitCWrapperSource(const ModelSignature &sig, raw_ostream &os) {
  os << "/* Generated by rnnc: the C ABI of model " << cString(sig.modelName)
     << ". Do not edit. */\n"
     << "#define _POSIX_C_SOURCE 200112L /* posix_memalign, pthreads */\n"
     << "#include <stdarg.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
     << "#include <string.h>\n\n"
     << getABIHeaderText() << "\n";
  emitDescriptorTypes(sig, os);
  os << "\nvoid _mlir_ciface_" << sig.entrySymbol << "(";
  bool first = true;
  if (!sig.outputs.empty()) {
    os << "void *results";
    first = false;
  }
  for (auto [i, t] : llvm::enumerate(sig.inputs)) {
    os << (first ? "" : ", ") << memrefType(t.shape.size()) << " *arg" << i;
    first = false;
  }
  if (first)
    os << "void";
  os << ");\n\n";
  emitInfoTable("in", sig.inputs, os);
  emitInfoTable("out", sig.outputs, os);
  os << kHelpers;
  os << (sig.cachedAllocations ? kCachedAllocator : kPlainAllocator);
  os << "\nint32_t rnnc_abi_version(void) { return RNNC_ABI_VERSION; }\n"
     << "const char *rnnc_model_name(void) { return " << cString(sig.modelName)
     << "; }\n"
     << "int32_t rnnc_num_inputs(void) { return " << sig.inputs.size()
     << "; }\n"
     << "int32_t rnnc_num_outputs(void) { return " << sig.outputs.size()
     << "; }\n"
     << "const rnnc_tensor_info *rnnc_input_info(int32_t index) {\n"
     << "  return index >= 0 && index < " << sig.inputs.size()
     << " ? &in_info[index] : 0;\n}\n"
     << "const rnnc_tensor_info *rnnc_output_info(int32_t index) {\n"
     << "  return index >= 0 && index < " << sig.outputs.size()
     << " ? &out_info[index] : 0;\n}\n"
     << "void rnnc_free(void *data) { free(data); }\n";
  emitThreads(sig, os);
  emitRun(sig, os);
}

static void describe(StringRef kind, llvm::ArrayRef<TensorSpec> specs,
                     raw_ostream &os) {
  for (auto [i, t] : llvm::enumerate(specs)) {
    os << " *   " << kind << " " << i << ": " << t.name << " " << t.cType()
       << " [";
    llvm::interleave(
        llvm::seq<size_t>(0, t.shape.size()), os,
        [&](size_t d) {
          if (t.shape[d] >= 0)
            os << t.shape[d];
          else
            os << (t.dimNames[d].empty() ? "?" : t.dimNames[d]);
        },
        "x");
    os << "]\n";
  }
}

void rnn::emitCHeader(const ModelSignature &sig, raw_ostream &os) {
  os << "/* Generated by rnnc for model " << cString(sig.modelName)
     << ". Do not edit.\n *\n";
  describe("input ", sig.inputs, os);
  describe("output", sig.outputs, os);
  if (sig.openmp)
    os << " *\n * Compiled with thread support: link with -lomp (the LLVM OpenMP\n"
       << " * runtime) and choose the count with rnnc_set_num_threads.\n";
  os << " *\n * Inputs and outputs are passed to rnnc_run in this order.\n"
     << " */\n\n"
     << getABIHeaderText() << "\n"
     << "#define RNNC_MODEL_NUM_INPUTS " << sig.inputs.size() << "\n"
     << "#define RNNC_MODEL_NUM_OUTPUTS " << sig.outputs.size() << "\n";
}
