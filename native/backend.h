// The native backend's entry points, called by the N-API layer (addon.cc) with arguments the
// TypeScript side has already validated (src/backend/native.ts).
#pragma once

#include <cstdint>

#include "common.h"

namespace tg {

/** One strided operand: base pointer of its typed array, dtype, offset and strides (elements). */
struct Operand {
  char* data;
  int dtype;
  int64_t offset;
  const int64_t* strides;
};

/** The kernel table in use (chosen from CPU features; see select_isa). */
const Kernels& kernels();
/** Selects "generic", "avx2" or "avx512" ("" = best available). False if the CPU lacks it. */
bool select_isa(const char* name);

void elementwise_unary(int kind, int nd, const int64_t* shape, const Operand& x, const Operand& out);
void elementwise_binary(int kind, int nd, const int64_t* shape, const Operand& a, const Operand& b,
                        const Operand& out);
void elementwise_where(int nd, const int64_t* shape, const Operand& c, const Operand& a, const Operand& b,
                       const Operand& out);
void elementwise_copy(int nd, const int64_t* shape, const Operand& x, const Operand& out, bool truncate);
void elementwise_fill(int nd, const int64_t* shape, const Operand& out, double value);
void elementwise_clamp(int nd, const int64_t* shape, const Operand& x, const Operand& out, double lo, double hi);

void reduce(int kind, int nd, const int64_t* shape, const Operand& x, int reduced, void* out, int out_dtype);
void scan(int kind, int nd, const int64_t* shape, const Operand& x, void* out);
void softmax(int nd, const int64_t* shape, const Operand& x, bool log, void* out);

/** Batched product: a [...B, M, K], b [...B, K, N] (shapes given separately), out contiguous. */
void matmul(int nd, const int64_t* a_shape, const Operand& a, const int64_t* b_shape, const Operand& b, void* out);

/** Returns -1, or the index of the first offset outside [0, src_len) or not an integer. */
int64_t take(const void* src, int dtype, int64_t src_len, const void* offsets, int offsets_dtype, int64_t n,
             void* out);
int64_t put(void* dst, int dtype, int64_t dst_len, const void* offsets, int offsets_dtype, int64_t n,
            const void* values, bool accumulate);

}  // namespace tg
