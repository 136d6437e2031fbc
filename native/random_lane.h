// One lane of avx_mathfun.h's log256_ps and sincos256_ps and of ATen's normal_fill_16_AVX2, with
// the multiply-adds GCC fuses when it builds ATen fused (std::fma) and every other operation
// rounded to float: the same operations as random_math.ts (which the fixtures check), so the AVX2
// kernel (random_avx2.cc) and this scalar fallback give the same bits.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace tg {
namespace lane {

constexpr float SQRTHF = 0.707106781186547524f;
constexpr float LOG_P[9] = {7.0376836292e-2f,  -1.1514610310e-1f, 1.1676998740e-1f,
                            -1.2420140846e-1f, 1.4249322787e-1f,  -1.6668057665e-1f,
                            2.0000714765e-1f,  -2.4999993993e-1f, 3.3333331174e-1f};
constexpr float LOG_Q1 = -2.12194440e-4f;
constexpr float LOG_Q2 = 0.693359375f;
constexpr float FOPI = 1.27323954473516f;
constexpr float DP1 = -0.78515625f;
constexpr float DP2 = -2.4187564849853515625e-4f;
constexpr float DP3 = -3.77489497744594108e-8f;
constexpr float SIN_P[3] = {-1.9515295891e-4f, 8.3321608736e-3f, -1.6666654611e-1f};
constexpr float COS_P[3] = {2.443315711809948e-5f, -1.388731625493765e-3f, 4.166664568298827e-2f};
constexpr float TWO_PI = static_cast<float>(2 * 3.14159265358979323846);

inline float fmaf_(float a, float b, float c) { return std::fma(a, b, c); }

inline float logf_lane(float v) {
  const float min_norm = 1.17549435e-38f;
  if (v < min_norm) v = min_norm;
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  uint32_t mbits = (bits & ~0x7f800000u) | 0x3f000000u;
  float x;
  std::memcpy(&x, &mbits, 4);
  float e = static_cast<float>(static_cast<int32_t>(bits >> 23) - 127);
  e = e + 1.0f;
  float tmp = 0.0f;
  if (x < SQRTHF) {
    e = e - 1.0f;
    tmp = x;
  }
  x = (x - 1.0f) + tmp;
  const float z = x * x;
  float y = fmaf_(LOG_P[0], x, LOG_P[1]);
  for (int k = 2; k < 9; k++) y = fmaf_(y, x, LOG_P[k]);
  y = y * x;
  y = fmaf_(y, z, e * LOG_Q1);
  y = y - z * 0.5f;
  x = x + y;
  return x + e * LOG_Q2;
}

inline void sincosf_lane(float v, float& s_out, float& c_out) {
  const bool negative = v < 0;
  float x = std::fabs(v);
  int32_t j = static_cast<int32_t>(x * FOPI);
  j = (j + 1) & ~1;
  const float y = static_cast<float>(j);
  const bool sin_sign = negative != ((j & 4) != 0);
  const bool cos_sign = ((j - 2) & 4) == 0;
  const bool poly2_for_sin = (j & 2) == 0;
  x = fmaf_(y, DP1, x);
  x = fmaf_(y, DP2, x);
  x = fmaf_(y, DP3, x);
  const float z = x * x;
  float yc = fmaf_(COS_P[0], z, COS_P[1]);
  yc = fmaf_(yc, z, COS_P[2]);
  yc = yc * z;
  yc = fmaf_(yc, z, -(z * 0.5f));
  yc = yc + 1.0f;
  float ys = fmaf_(SIN_P[0], z, SIN_P[1]);
  ys = fmaf_(ys, z, SIN_P[2]);
  ys = ys * z;
  ys = fmaf_(ys, x, x);
  const float s = poly2_for_sin ? ys : yc;
  const float c = poly2_for_sin ? yc : ys;
  s_out = sin_sign ? -s : s;
  c_out = cos_sign ? -c : c;
}

inline void box_muller16(float* d, float mean, float std) {
  for (int j = 0; j < 8; j++) {
    const float u1 = 1.0f - d[j];
    const float radius = std::sqrt(-2.0f * logf_lane(u1));
    float s, c;
    sincosf_lane(TWO_PI * d[j + 8], s, c);
    d[j] = fmaf_(radius * c, std, mean);
    d[j + 8] = fmaf_(radius * s, std, mean);
  }
}

}  // namespace lane
}  // namespace tg
