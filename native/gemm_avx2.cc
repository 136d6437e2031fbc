// AVX2 + FMA instantiations: row kernels and the 6x16 (float32) / 6x8 (float64) GEMM kernels.
// Compiled with -mavx2 -mfma; called only after the CPU reported both features.
#include <immintrin.h>

#define TG_ISA avx2
#include "kernels_impl.h"
#include "gemm_kernel.h"

namespace tg {
namespace avx2 {
namespace {

struct F32x8 {
  using T = float;
  using V = __m256;
  static constexpr int W = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const T* p) { return _mm256_loadu_ps(p); }
  static void store(T* p, V v) { _mm256_storeu_ps(p, v); }
  static V broadcast(const T* p) { return _mm256_broadcast_ss(p); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0); }
};

struct F64x4 {
  using T = double;
  using V = __m256d;
  static constexpr int W = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V load(const T* p) { return _mm256_loadu_pd(p); }
  static void store(T* p, V v) { _mm256_storeu_pd(p, v); }
  static V broadcast(const T* p) { return _mm256_broadcast_sd(p); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0); }
};

}  // namespace
}  // namespace avx2

void fill_kernels_avx2(Kernels& k) {
  k.name = "avx2";
  avx2::fill_elementwise(k);
  k.sgemm = {gemm_ukernel<avx2::F32x8, 6, 2>, 6, 16, 144, 256, 4080};
  k.dgemm = {gemm_ukernel<avx2::F64x4, 6, 2>, 6, 8, 72, 256, 4080};
}

}  // namespace tg
