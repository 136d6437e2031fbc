// Shared definitions of the native backend: dtypes, JavaScript's number conversions, strided
// layouts and the kernel tables each instruction-set translation unit fills in.
//
// Note [JavaScript semantics]: the TypeScript backend is the reference. It computes every element
// in double precision and stores through a typed array, which converts as JavaScript does
// (float32: round to nearest; int32: ToInt32, i.e. truncate and wrap mod 2^32; uint8: ToUint8).
// The kernels here do the same, so results are identical for exact operations. float32 kernels
// compute in float only where that provably rounds the same (+ - * / and exact operations).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "kinds.h"

namespace tg {

enum DType : int { F32 = 0, F64 = 1, I32 = 2, U8 = 3 };
constexpr int NUM_DTYPES = 4;

template <class T>
constexpr int dtype_of() {
  return sizeof(T) == 1 ? U8 : sizeof(T) == 8 ? F64 : static_cast<T>(0.5) != 0 ? F32 : I32;
}

inline int dtype_size(int dt) { return dt == F32 || dt == I32 ? 4 : dt == F64 ? 8 : 1; }

inline int32_t js_toint32_slow(double d) {
  if (!std::isfinite(d)) return 0;
  double m = std::fmod(std::trunc(d), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<int32_t>(static_cast<uint32_t>(m));
}

/** JavaScript's ToInt32. */
inline int32_t js_toint32(double d) {
  if (d > -2147483649.0 && d < 2147483648.0) return static_cast<int32_t>(d);
  return js_toint32_slow(d);
}

template <class T>
inline T js_store(double d);
template <>
inline float js_store<float>(double d) {
  return static_cast<float>(d);
}
template <>
inline double js_store<double>(double d) {
  return d;
}
template <>
inline int32_t js_store<int32_t>(double d) {
  return js_toint32(d);
}
template <>
inline uint8_t js_store<uint8_t>(double d) {
  return static_cast<uint8_t>(js_toint32(d));
}

constexpr int MAX_DIMS = 64;

/** The layout of a strided loop after dims were merged: shape and per-operand strides, in elements. */
struct Loop {
  int nd;
  int64_t shape[MAX_DIMS];
  int64_t strides[4][MAX_DIMS];
};

/**
 * Drops size-1 dims and merges dim d into d+1 when every operand has stride[d] ==
 * stride[d+1] * shape[d+1] (as the TypeScript backend's collapse does). At least one dim remains.
 */
inline void collapse(int nd, const int64_t* shape, int nops, const int64_t* const* strides, Loop& out) {
  out.nd = 0;
  for (int d = 0; d < nd; d++) {
    if (shape[d] == 1) continue;
    int last = out.nd - 1;
    bool merge = last >= 0;
    for (int k = 0; merge && k < nops; k++) merge = out.strides[k][last] == strides[k][d] * shape[d];
    if (merge) {
      out.shape[last] *= shape[d];
      for (int k = 0; k < nops; k++) out.strides[k][last] = strides[k][d];
    } else {
      out.shape[out.nd] = shape[d];
      for (int k = 0; k < nops; k++) out.strides[k][out.nd] = strides[k][d];
      out.nd++;
    }
  }
  if (out.nd == 0) {
    out.shape[0] = 1;
    for (int k = 0; k < nops; k++) out.strides[k][0] = 1;
    out.nd = 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Kinds: enums from the one list in kinds.h.

#define TG_KIND_ENUM(E, ...) U_##E,
enum UnaryKind : int { TG_UNARY_KINDS(TG_KIND_ENUM) NUM_UNARY };
#undef TG_KIND_ENUM
#define TG_KIND_ENUM(E, ...) B_##E,
enum BinaryKind : int { TG_BINARY_KINDS(TG_KIND_ENUM) NUM_BINARY };
#undef TG_KIND_ENUM
#define TG_KIND_ENUM(E, name) R_##E,
enum ReduceKind : int { TG_REDUCE_KINDS(TG_KIND_ENUM) NUM_REDUCE };
#undef TG_KIND_ENUM
#define TG_KIND_ENUM(E, name) S_##E,
enum ScanKind : int { TG_SCAN_KINDS(TG_KIND_ENUM) NUM_SCAN };
#undef TG_KIND_ENUM

#define TG_KIND_FLAGS(E, name, F, flags, ...) flags,
constexpr int UNARY_FLAGS[NUM_UNARY] = {TG_UNARY_KINDS(TG_KIND_FLAGS)};
constexpr int BINARY_FLAGS[NUM_BINARY] = {TG_BINARY_KINDS(TG_KIND_FLAGS)};
#undef TG_KIND_FLAGS

/** The output is bool whatever the input dtype. */
constexpr bool unary_is_predicate(int k) { return UNARY_FLAGS[k] == TG_PRED; }
constexpr bool binary_is_predicate(int k) { return BINARY_FLAGS[k] == TG_PRED; }
/** A libm call or a loop per element: the thread pool splits such work in smaller grains. */
constexpr bool unary_is_costly(int k) { return UNARY_FLAGS[k] == TG_COSTLY; }
constexpr bool binary_is_costly(int k) { return BINARY_FLAGS[k] == TG_COSTLY; }

/** The element type of a dtype: Elem<F32>::type is float. */
template <int D>
struct Elem;
template <>
struct Elem<F32> {
  using type = float;
};
template <>
struct Elem<F64> {
  using type = double;
};
template <>
struct Elem<I32> {
  using type = int32_t;
};
template <>
struct Elem<U8> {
  using type = uint8_t;
};

// ---------------------------------------------------------------------------------------------
// Kernel tables. Each instruction-set translation unit fills one; the driver picks a table at
// run time from the CPU's features. Inner kernels run one strided row (strides in elements).

using UnaryRow = void (*)(int64_t n, const void* x, int64_t sx, void* out, int64_t so);
using BinaryRow = void (*)(int64_t n, const void* a, int64_t sa, const void* b, int64_t sb, void* out,
                           int64_t so);
using WhereRow = void (*)(int64_t n, const uint8_t* c, int64_t sc, const void* a, int64_t sa, const void* b,
                          int64_t sb, void* out, int64_t so);
using CopyRow = void (*)(int64_t n, const void* x, int64_t sx, void* out, int64_t so);
using ClampRow = void (*)(int64_t n, const void* x, int64_t sx, void* out, int64_t so, double lo, double hi);
/** Folds a contiguous run: sum (as double), or max/min (NaN wins) as double. */
using SumRun = double (*)(int64_t n, const void* x);
/** Softmax of one contiguous row of n elements into a contiguous output row. */
using SoftmaxRow = void (*)(int64_t n, const void* x, void* out, bool log);

/** GEMM micro-kernel: C[MR x NR] (+)= Apanel[kc x MR]^T * Bpanel[kc x NR]. */
template <class T>
using MicroKernel = void (*)(int64_t kc, const T* a, const T* b, T* c, int64_t ldc, bool accumulate);

template <class T>
struct GemmConfig {
  MicroKernel<T> kernel;
  int mr, nr, mc, kc, nc;
};

struct Kernels {
  const char* name;
  UnaryRow unary[NUM_UNARY][NUM_DTYPES];
  BinaryRow binary[NUM_BINARY][NUM_DTYPES];
  // int64 tensors live in float64 storage but follow integer rules (no -0, integer pow, ...).
  UnaryRow unary_i64[NUM_UNARY];
  BinaryRow binary_i64[NUM_BINARY];
  // float32 kernels writing a contiguous output with streaming stores (null where there is none):
  // binary ones take contiguous or scalar (stride 0) operands only.
  UnaryRow unary_stream[NUM_UNARY];
  BinaryRow binary_stream[NUM_BINARY];
  WhereRow where[NUM_DTYPES];
  CopyRow copy[NUM_DTYPES][NUM_DTYPES][2];  // [from][to][truncate]
  ClampRow clamp[NUM_DTYPES];
  SumRun sum[NUM_DTYPES];
  SoftmaxRow softmax[2];  // F32, F64
  GemmConfig<float> sgemm;
  GemmConfig<double> dgemm;
};

void fill_kernels_generic(Kernels& k);
#if defined(__x86_64__) || defined(_M_X64)
void fill_kernels_avx2(Kernels& k);
void fill_kernels_avx512(Kernels& k);
/** The vectorized float32 math of vmath_avx2.cc, over a table fill_kernels_avx2 has filled. */
void fill_vmath_avx2(Kernels& k);
#endif

}  // namespace tg
