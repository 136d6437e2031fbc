// AVX-512F instantiations: the 12x32 (float32) / 12x16 (float64) GEMM kernels, whose 24
// accumulators fit the 32 zmm registers. Row kernels reuse the AVX2 build (AVX-512 CPUs have it).
#include <immintrin.h>

#include "common.h"
#include "gemm_kernel.h"

namespace tg {
namespace avx512 {
namespace {

struct F32x16 {
  using T = float;
  using V = __m512;
  static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const T* p) { return _mm512_loadu_ps(p); }
  static void store(T* p, V v) { _mm512_storeu_ps(p, v); }
  static V broadcast(const T* p) { return _mm512_set1_ps(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0); }
};

struct F64x8 {
  using T = double;
  using V = __m512d;
  static constexpr int W = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V load(const T* p) { return _mm512_loadu_pd(p); }
  static void store(T* p, V v) { _mm512_storeu_pd(p, v); }
  static V broadcast(const T* p) { return _mm512_set1_pd(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0); }
};

}  // namespace
}  // namespace avx512

void fill_kernels_avx512(Kernels& k) {
  fill_kernels_avx2(k);
  k.name = "avx512";
  k.sgemm = {gemm_ukernel<avx512::F32x16, 12, 2>, 12, 32, 144, 256, 4064};
  k.dgemm = {gemm_ukernel<avx512::F64x8, 12, 2>, 12, 16, 72, 256, 4064};
}

}  // namespace tg
