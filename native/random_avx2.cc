// ATen's normal_fill_16_AVX2 with avx_mathfun.h's log256_ps and sincos256_ps, eight Box-Muller
// pairs at a time; the operations (and the fused multiply-adds) are those of random_lane.h.
#include <immintrin.h>

#include <cstdint>

#include "random.h"

namespace tg {
namespace {

inline __m256 ps(float v) { return _mm256_set1_ps(v); }

__m256 log_ps(__m256 v) {
  const __m256 one = ps(1.0f);
  v = _mm256_max_ps(v, ps(1.17549435e-38f));
  __m256i imm0 = _mm256_srli_epi32(_mm256_castps_si256(v), 23);
  __m256 x = _mm256_castsi256_ps(
      _mm256_or_si256(_mm256_and_si256(_mm256_castps_si256(v), _mm256_set1_epi32(~0x7f800000)),
                      _mm256_set1_epi32(0x3f000000)));
  imm0 = _mm256_sub_epi32(imm0, _mm256_set1_epi32(0x7f));
  __m256 e = _mm256_add_ps(_mm256_cvtepi32_ps(imm0), one);
  const __m256 mask = _mm256_cmp_ps(x, ps(0.707106781186547524f), _CMP_LT_OS);
  const __m256 tmp = _mm256_and_ps(x, mask);
  x = _mm256_sub_ps(x, one);
  e = _mm256_sub_ps(e, _mm256_and_ps(one, mask));
  x = _mm256_add_ps(x, tmp);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 y = _mm256_fmadd_ps(ps(7.0376836292e-2f), x, ps(-1.1514610310e-1f));
  y = _mm256_fmadd_ps(y, x, ps(1.1676998740e-1f));
  y = _mm256_fmadd_ps(y, x, ps(-1.2420140846e-1f));
  y = _mm256_fmadd_ps(y, x, ps(1.4249322787e-1f));
  y = _mm256_fmadd_ps(y, x, ps(-1.6668057665e-1f));
  y = _mm256_fmadd_ps(y, x, ps(2.0000714765e-1f));
  y = _mm256_fmadd_ps(y, x, ps(-2.4999993993e-1f));
  y = _mm256_fmadd_ps(y, x, ps(3.3333331174e-1f));
  y = _mm256_mul_ps(y, x);
  y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, ps(-2.12194440e-4f)));
  y = _mm256_sub_ps(y, _mm256_mul_ps(z, ps(0.5f)));
  x = _mm256_add_ps(x, y);
  return _mm256_add_ps(x, _mm256_mul_ps(e, ps(0.693359375f)));
}

void sincos_ps(__m256 v, __m256* s_out, __m256* c_out) {
  const __m256 sign_bit = _mm256_castsi256_ps(_mm256_set1_epi32(static_cast<int>(0x80000000u)));
  __m256 x = _mm256_andnot_ps(sign_bit, v);
  __m256 sign_sin = _mm256_and_ps(v, sign_bit);
  __m256i j = _mm256_cvttps_epi32(_mm256_mul_ps(x, ps(1.27323954473516f)));
  j = _mm256_add_epi32(j, _mm256_set1_epi32(1));
  j = _mm256_and_si256(j, _mm256_set1_epi32(~1));
  const __m256 y = _mm256_cvtepi32_ps(j);
  const __m256i j4 = _mm256_slli_epi32(_mm256_and_si256(j, _mm256_set1_epi32(4)), 29);
  sign_sin = _mm256_xor_ps(sign_sin, _mm256_castsi256_ps(j4));
  const __m256i jc = _mm256_sub_epi32(j, _mm256_set1_epi32(2));
  const __m256 sign_cos =
      _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_andnot_si256(jc, _mm256_set1_epi32(4)), 29));
  const __m256 poly_mask = _mm256_castsi256_ps(
      _mm256_cmpeq_epi32(_mm256_and_si256(j, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
  x = _mm256_fmadd_ps(y, ps(-0.78515625f), x);
  x = _mm256_fmadd_ps(y, ps(-2.4187564849853515625e-4f), x);
  x = _mm256_fmadd_ps(y, ps(-3.77489497744594108e-8f), x);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 yc = _mm256_fmadd_ps(ps(2.443315711809948e-5f), z, ps(-1.388731625493765e-3f));
  yc = _mm256_fmadd_ps(yc, z, ps(4.166664568298827e-2f));
  yc = _mm256_mul_ps(yc, z);
  yc = _mm256_fmadd_ps(yc, z, _mm256_xor_ps(_mm256_mul_ps(z, ps(0.5f)), sign_bit));
  yc = _mm256_add_ps(yc, ps(1.0f));
  __m256 ys = _mm256_fmadd_ps(ps(-1.9515295891e-4f), z, ps(8.3321608736e-3f));
  ys = _mm256_fmadd_ps(ys, z, ps(-1.6666654611e-1f));
  ys = _mm256_mul_ps(ys, z);
  ys = _mm256_fmadd_ps(ys, x, x);
  // poly_mask lanes take ys for sin and yc for cos, the others the reverse.
  const __m256 s = _mm256_blendv_ps(yc, ys, poly_mask);
  const __m256 c = _mm256_blendv_ps(ys, yc, poly_mask);
  *s_out = _mm256_xor_ps(s, sign_sin);
  *c_out = _mm256_xor_ps(c, sign_cos);
}

}  // namespace

void normal16_f32_avx2(float* data, int64_t blocks, float mean, float std) {
  const __m256 one = ps(1.0f), minus_two = ps(-2.0f), two_pi = ps(static_cast<float>(2 * 3.14159265358979323846));
  const __m256 mean_v = ps(mean), std_v = ps(std);
  for (int64_t b = 0; b < blocks; b++) {
    float* d = data + 16 * b;
    const __m256 u1 = _mm256_sub_ps(one, _mm256_loadu_ps(d));
    const __m256 u2 = _mm256_loadu_ps(d + 8);
    const __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(minus_two, log_ps(u1)));
    __m256 s, c;
    sincos_ps(_mm256_mul_ps(two_pi, u2), &s, &c);
    _mm256_storeu_ps(d, _mm256_fmadd_ps(_mm256_mul_ps(radius, c), std_v, mean_v));
    _mm256_storeu_ps(d + 8, _mm256_fmadd_ps(_mm256_mul_ps(radius, s), std_v, mean_v));
  }
}

}  // namespace tg
