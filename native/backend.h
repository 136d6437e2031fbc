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

/** `int64`: float64 storage holding int64 values (integer rules; see Kernels::unary_i64). */
void elementwise_unary(int kind, int nd, const int64_t* shape, const Operand& x, const Operand& out, bool int64);
void elementwise_binary(int kind, int nd, const int64_t* shape, const Operand& a, const Operand& b,
                        const Operand& out, bool int64);
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

/** Adam's scalars, already rounded to the parameter's dtype (src/optim/adam.ts). */
struct AdamArgs {
  double beta1, omb1, beta2, omb2;
  double weight_decay;  // added to the gradient (Adam); 0 = none
  double decay;         // multiplies the parameter first (AdamW); 1 = none
  double eps, neg_step_size, bias_correction2_sqrt;
  double sign;  // -1 to maximize
};

/** One Adam/AdamW update in place; every array contiguous, n elements, of `dtype` (F32 or F64). */
void adam(int dtype, const AdamArgs& s, void* param, const void* grad, void* m, void* v, void* vmax, int64_t n);

}  // namespace tg
