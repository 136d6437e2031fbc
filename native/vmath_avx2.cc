// Vectorized float32 transcendental row kernels, streaming-store variants of them and of float32
// add/sub/mul/div for large outputs, and the float32 sum: 8 lanes with AVX2 + FMA.
// Compiled with -mavx2 -mfma; installed into the AVX2 (and AVX-512) tables only after the CPU
// reported both features.
//
// The approximations are Cephes' single-precision ones (expf, logf, tanhf), evaluated with fused
// multiply-adds: each result is within 2 ulp of the double-precision formula rounded to float32,
// which is what the TypeScript backend computes (tests/backend.test.ts allows 4e-7 relative).
// Special values (NaN, +-inf, +-0, subnormal inputs and results) come out as there.
#include <immintrin.h>

#include <cstdint>

#include "common.h"

namespace tg {
namespace {

inline __m256 set1(float v) { return _mm256_set1_ps(v); }

inline __m256 abs8(__m256 x) { return _mm256_andnot_ps(set1(-0.0f), x); }

inline bool all(__m256 mask) { return _mm256_movemask_ps(mask) == 0xff; }

/** Cephes' expf polynomial, e^r for |r| <= ln(2) / 2, in Horner form: one FMA per coefficient. */
inline __m256 exp_poly(__m256 r) {
  __m256 p = set1(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, set1(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, set1(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, set1(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, set1(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, set1(5.0000001201e-1f));
  p = _mm256_fmadd_ps(p, r, set1(1.0f));
  return _mm256_fmadd_ps(p, r, set1(1.0f));
}

/** x - k ln 2 in two steps (k ln2_hi is exact). */
inline __m256 exp_reduce(__m256 x, __m256 k) {
  __m256 r = _mm256_fnmadd_ps(k, set1(0.693359375f), x);
  return _mm256_fnmadd_ps(k, set1(-2.12194440e-4f), r);
}

// exp_fast's domain is |x| <= 86.5. As integers, the bits of |x| exceed those of 86.5 exactly when
// |x| > 86.5 or x is NaN: an integer compare, which this CPU family runs on more ports than FP ones.
inline __m256i exp_outside(__m256 x) {
  return _mm256_cmpgt_epi32(_mm256_castps_si256(abs8(x)), _mm256_castps_si256(set1(86.5f)));
}

// Steps written over N vectors at once (N small, unrolled): the N independent dependency chains
// then sit side by side in the instruction stream, where the out-of-order core overlaps them (it
// cannot look far enough ahead to overlap whole chains issued one after another).
#define TG_EACH(stmt) \
  _Pragma("GCC unroll 8") for (int j = 0; j < N; j++) { stmt; }

/**
 * e^x for |x| <= 86.5, where 2^k and the result are normal floats: k is rounded by adding
 * 1.5 * 2^23 (it lands in the low mantissa bits, whence a shift moves it into the exponent
 * field), and the scaling is an integer add to the exponent. In place over x[0..N).
 */
template <int N>
inline void exp_fast(__m256* x) {
  const __m256 shifter = set1(12582912.0f);
  __m256 t[N], r[N], p[N];
  TG_EACH(t[j] = _mm256_fmadd_ps(x[j], set1(1.44269504088896341f), shifter))
  TG_EACH(r[j] = _mm256_sub_ps(t[j], shifter))
  TG_EACH(p[j] = _mm256_fnmadd_ps(r[j], set1(0.693359375f), x[j]))
  TG_EACH(r[j] = _mm256_fnmadd_ps(r[j], set1(-2.12194440e-4f), p[j]))
  TG_EACH(p[j] = _mm256_fmadd_ps(set1(1.9875691500e-4f), r[j], set1(1.3981999507e-3f)))
  TG_EACH(p[j] = _mm256_fmadd_ps(p[j], r[j], set1(8.3334519073e-3f)))
  TG_EACH(p[j] = _mm256_fmadd_ps(p[j], r[j], set1(4.1665795894e-2f)))
  TG_EACH(p[j] = _mm256_fmadd_ps(p[j], r[j], set1(1.6666665459e-1f)))
  TG_EACH(p[j] = _mm256_fmadd_ps(p[j], r[j], set1(5.0000001201e-1f)))
  TG_EACH(p[j] = _mm256_fmadd_ps(p[j], r[j], set1(1.0f)))
  TG_EACH(p[j] = _mm256_fmadd_ps(p[j], r[j], set1(1.0f)))
  TG_EACH(x[j] = _mm256_castsi256_ps(
              _mm256_add_epi32(_mm256_castps_si256(p[j]), _mm256_slli_epi32(_mm256_castps_si256(t[j]), 23))))
}

/** e^x for any x: 2^k is applied in two halves so subnormal results round once; inf, NaN pass. */
inline __m256 exp_any(__m256 x) {
  __m256 xc = _mm256_min_ps(_mm256_max_ps(x, set1(-104.0f)), set1(89.0f));  // NaN becomes -104 here
  __m256 k = _mm256_round_ps(_mm256_mul_ps(xc, set1(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 y = exp_poly(exp_reduce(xc, k));
  __m256i ki = _mm256_cvtps_epi32(k);
  __m256i k1 = _mm256_srai_epi32(ki, 1);
  __m256i k2 = _mm256_sub_epi32(ki, k1);
  __m256i bias = _mm256_set1_epi32(127);
  __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k1, bias), 23));
  __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k2, bias), 23));
  y = _mm256_mul_ps(_mm256_mul_ps(y, s1), s2);
  return _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

/** e^x: Cephes expf. */
inline __m256 exp8(__m256 x) {
  if (!_mm256_testz_si256(exp_outside(x), exp_outside(x))) return exp_any(x);
  exp_fast<1>(&x);
  return x;
}

/** ln x for normal, positive, finite x: Cephes logf. */
inline __m256 log_normal(__m256 x, __m256 e_adjust) {
  __m256i bits = _mm256_castps_si256(x);
  __m256 e = _mm256_cvtepi32_ps(_mm256_srli_epi32(bits, 23));
  e = _mm256_sub_ps(e, _mm256_add_ps(set1(126.0f), e_adjust));
  __m256 m = _mm256_castsi256_ps(
      _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f000000)));
  // m in [0.5, 1): below sqrt(1/2) use 2m - 1 and one less in the exponent (both exact).
  const __m256 low = _mm256_cmp_ps(m, set1(0.707106781186547524f), _CMP_LT_OQ);
  e = _mm256_sub_ps(e, _mm256_and_ps(low, set1(1.0f)));
  m = _mm256_sub_ps(_mm256_add_ps(m, _mm256_and_ps(low, m)), set1(1.0f));
  __m256 z = _mm256_mul_ps(m, m);
  __m256 p = set1(7.0376836292e-2f);
  p = _mm256_fmadd_ps(p, m, set1(-1.1514610310e-1f));
  p = _mm256_fmadd_ps(p, m, set1(1.1676998740e-1f));
  p = _mm256_fmadd_ps(p, m, set1(-1.2420140846e-1f));
  p = _mm256_fmadd_ps(p, m, set1(1.4249322787e-1f));
  p = _mm256_fmadd_ps(p, m, set1(-1.6668057665e-1f));
  p = _mm256_fmadd_ps(p, m, set1(2.0000714765e-1f));
  p = _mm256_fmadd_ps(p, m, set1(-2.4999993993e-1f));
  p = _mm256_fmadd_ps(p, m, set1(3.3333331174e-1f));
  __m256 y = _mm256_mul_ps(_mm256_mul_ps(p, m), z);
  y = _mm256_fmadd_ps(e, set1(-2.12194440e-4f), y);
  y = _mm256_fnmadd_ps(set1(0.5f), z, y);
  return _mm256_fmadd_ps(e, set1(0.693359375f), _mm256_add_ps(m, y));
}

/** ln x: subnormal inputs are scaled up first; +inf, +-0, negative and NaN inputs as libm. */
inline __m256 log8(__m256 x) {
  const __m256 normal = _mm256_and_ps(_mm256_cmp_ps(x, set1(1.17549435e-38f), _CMP_GE_OQ),
                                      _mm256_cmp_ps(x, set1(HUGE_VALF), _CMP_LT_OQ));
  if (all(normal)) return log_normal(x, _mm256_setzero_ps());
  const __m256 tiny = _mm256_cmp_ps(x, set1(1.17549435e-38f), _CMP_LT_OQ);
  __m256 r = log_normal(_mm256_blendv_ps(x, _mm256_mul_ps(x, set1(8388608.0f)), tiny),  // * 2^23
                        _mm256_and_ps(tiny, set1(23.0f)));
  r = _mm256_blendv_ps(r, x, _mm256_cmp_ps(x, set1(HUGE_VALF), _CMP_EQ_OQ));
  r = _mm256_blendv_ps(r, set1(-HUGE_VALF), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
  return _mm256_blendv_ps(r, set1(NAN), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_NGE_UQ));
}

/** tanh: Cephes tanhf (an odd polynomial below 0.625, else 1 - 2 / (e^2|x| + 1) with x's sign). */
inline __m256 tanh8(__m256 x) {
  __m256 ax = abs8(x);
  __m256 s = _mm256_mul_ps(x, x);
  __m256 p = set1(-5.70498872745e-3f);
  p = _mm256_fmadd_ps(p, s, set1(2.06390887954e-2f));
  p = _mm256_fmadd_ps(p, s, set1(-5.37397155531e-2f));
  p = _mm256_fmadd_ps(p, s, set1(1.33314422036e-1f));
  p = _mm256_fmadd_ps(p, s, set1(-3.33332819422e-1f));
  __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, s), x, x);
  __m256 e = exp8(_mm256_min_ps(set1(40.0f), _mm256_add_ps(ax, ax)));  // min passes NaN on
  __m256 big = _mm256_sub_ps(set1(1.0f), _mm256_div_ps(set1(2.0f), _mm256_add_ps(e, set1(1.0f))));
  big = _mm256_or_ps(big, _mm256_and_ps(x, set1(-0.0f)));
  return _mm256_blendv_ps(big, small, _mm256_cmp_ps(ax, set1(0.625f), _CMP_LT_OQ));
}

/** 1 / (1 + e^-x), as e^x / (1 + e^x) for x < 0 so it neither overflows nor loses tiny results. */
inline __m256 sigmoid_parts(__m256 x, __m256& den) {
  __m256 t = exp8(_mm256_sub_ps(_mm256_setzero_ps(), abs8(x)));
  den = _mm256_add_ps(set1(1.0f), t);
  return _mm256_blendv_ps(t, set1(1.0f), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ));
}

// ---------------------------------------------------------------------------------------------
// The normal CDF for GELU. Phi(x) = 0.5 + x Q(x^2) for |x| < 0.5; beyond, the tail
// Phi(-|x|) = e^(-x^2/2) S(|x|) with S a polynomial in t = 1 / (1 + 0.35 |x|), and Phi = 1 - tail
// for positive x. Q and S are least-squares fits (relative error 5e-11 and 2e-9 on [0, 0.5] and
// [0.5, 14], by scripts/fit_normal_cdf.py; the tail beyond 14 is below float32's range after the multiplication). x^2 / 2 is
// exact as a float plus the FMA's remainder, which multiplies e^(-x^2/2) as (1 - r) (the float
// rounding of x^2 alone would cost up to 3e-6 relative at |x| = 5). S and the final products are
// evaluated in double, so the result is within a few ulp of the double-precision formula.

constexpr double kInvSqrt2Pi = 0.3989422804014327;

/** S(u) for four lanes of u >= 0 (any u; the fit covers [0.5, 14]). */
inline __m256d gelu_tail_poly(__m256d u) {
  const __m256d one = _mm256_set1_pd(1.0);
  const __m256d t = _mm256_div_pd(one, _mm256_fmadd_pd(u, _mm256_set1_pd(0.35), one));
  __m256d p = _mm256_set1_pd(-6.159911978480736e-06);
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(-0.03545681947853156));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(0.17220245153757166));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(-0.3097384784902394));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(0.21709607520819718));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(-0.06132845737719839));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(0.12154967940433402));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(0.11556231290058451));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(0.1405556295765922));
  p = _mm256_fmadd_pd(p, t, _mm256_set1_pd(0.13955907169259105));
  return _mm256_fmadd_pd(p, t, _mm256_set1_pd(2.3602558963707118e-06));
}

/** Phi(x) (as two double halves) and e^(-x^2/2) (float, exact-argument corrected). */
struct NormalParts {
  __m256d cdf_lo, cdf_hi;
  __m256 pdf_e;  // e^(-x^2/2)
};

inline NormalParts normal_parts(__m256 x) {
  NormalParts r;
  const __m256 ax = abs8(x);
  const __m256 xx = _mm256_mul_ps(x, x);
  const __m256 rem = _mm256_fmsub_ps(x, x, xx);  // x^2 - fl(x^2), exactly
  __m256 e = exp8(_mm256_mul_ps(xx, set1(-0.5f)));
  // inf: the remainder is NaN, and e is 0 anyway.
  const __m256 big = _mm256_cmp_ps(ax, set1(20.0f), _CMP_GT_OQ);
  e = _mm256_fnmadd_ps(e, _mm256_andnot_ps(big, _mm256_mul_ps(rem, set1(0.5f))), e);
  r.pdf_e = e;
  const __m256 axc = _mm256_min_ps(ax, set1(20.0f));
  const __m256d u_lo = _mm256_cvtps_pd(_mm256_castps256_ps128(axc)), u_hi = _mm256_cvtps_pd(_mm256_extractf128_ps(axc, 1));
  const __m256d e_lo = _mm256_cvtps_pd(_mm256_castps256_ps128(e)), e_hi = _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1));
  __m256d tail_lo = _mm256_mul_pd(e_lo, gelu_tail_poly(u_lo));
  __m256d tail_hi = _mm256_mul_pd(e_hi, gelu_tail_poly(u_hi));
  const __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
  const __m256d neg_lo = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_castps_si128(_mm256_castps256_ps128(neg))));
  const __m256d neg_hi = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_castps_si128(_mm256_extractf128_ps(neg, 1))));
  const __m256d one = _mm256_set1_pd(1.0);
  r.cdf_lo = _mm256_blendv_pd(_mm256_sub_pd(one, tail_lo), tail_lo, neg_lo);
  r.cdf_hi = _mm256_blendv_pd(_mm256_sub_pd(one, tail_hi), tail_hi, neg_hi);
  const __m256 small = _mm256_cmp_ps(ax, set1(0.5f), _CMP_LT_OQ);
  if (_mm256_movemask_ps(small) != 0) {
    __m256 q = set1(0.00010969987488351762f);
    q = _mm256_fmadd_ps(q, xx, set1(-0.0011860858649015427f));
    q = _mm256_fmadd_ps(q, xx, set1(0.00997344683855772f));
    q = _mm256_fmadd_ps(q, xx, set1(-0.06649037450551987f));
    q = _mm256_fmadd_ps(q, xx, set1(0.3989422917366028f));
    const __m256 xq = _mm256_mul_ps(x, q);
    const __m256d half = _mm256_set1_pd(0.5);
    const __m256d s_lo = _mm256_add_pd(half, _mm256_cvtps_pd(_mm256_castps256_ps128(xq)));
    const __m256d s_hi = _mm256_add_pd(half, _mm256_cvtps_pd(_mm256_extractf128_ps(xq, 1)));
    const __m256d sm_lo = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_castps_si128(_mm256_castps256_ps128(small))));
    const __m256d sm_hi = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_castps_si128(_mm256_extractf128_ps(small, 1))));
    r.cdf_lo = _mm256_blendv_pd(r.cdf_lo, s_lo, sm_lo);
    r.cdf_hi = _mm256_blendv_pd(r.cdf_hi, s_hi, sm_hi);
  }
  return r;
}

inline __m256 join(__m256d lo, __m256d hi) {
  return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1);
}

/** x Phi(x); NaN passes (and -inf gives NaN, as -inf * 0 in the formula). */
inline __m256 gelu8(__m256 x) {
  const NormalParts p = normal_parts(x);
  const __m256d x_lo = _mm256_cvtps_pd(_mm256_castps256_ps128(x)), x_hi = _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1));
  __m256 y = join(_mm256_mul_pd(x_lo, p.cdf_lo), _mm256_mul_pd(x_hi, p.cdf_hi));
  y = _mm256_blendv_ps(y, set1(NAN), _mm256_cmp_ps(x, set1(-HUGE_VALF), _CMP_EQ_OQ));
  return _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

/** g (Phi(x) + x phi(x)): GELU's derivative times the incoming gradient. */
inline __m256 gelu_backward8(__m256 g, __m256 x) {
  const NormalParts p = normal_parts(x);
  const __m256d x_lo = _mm256_cvtps_pd(_mm256_castps256_ps128(x)), x_hi = _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1));
  const __m256d e_lo = _mm256_cvtps_pd(_mm256_castps256_ps128(p.pdf_e)), e_hi = _mm256_cvtps_pd(_mm256_extractf128_ps(p.pdf_e, 1));
  const __m256d c = _mm256_set1_pd(kInvSqrt2Pi);
  const __m256d d_lo = _mm256_fmadd_pd(_mm256_mul_pd(x_lo, e_lo), c, p.cdf_lo);
  const __m256d d_hi = _mm256_fmadd_pd(_mm256_mul_pd(x_hi, e_hi), c, p.cdf_hi);
  const __m256d g_lo = _mm256_cvtps_pd(_mm256_castps256_ps128(g)), g_hi = _mm256_cvtps_pd(_mm256_extractf128_ps(g, 1));
  return join(_mm256_mul_pd(g_lo, d_lo), _mm256_mul_pd(g_hi, d_hi));
}

/** Functors give apply (one vector) and apply4 (four vectors in place; by default one at a time). */
template <class F>
struct Each4 {
  static void apply4(__m256* x) {
    for (int j = 0; j < 4; j++) x[j] = F::apply(x[j]);
  }
};

struct Exp {
  static __m256 apply(__m256 x) { return exp8(x); }
  /** Four vectors at once, the common all-in-range case checked with one test. */
  static void apply4(__m256* x) {
    __m256i out = _mm256_or_si256(_mm256_or_si256(exp_outside(x[0]), exp_outside(x[1])),
                                  _mm256_or_si256(exp_outside(x[2]), exp_outside(x[3])));
    if (_mm256_testz_si256(out, out)) {
      exp_fast<4>(x);
    } else {
      for (int j = 0; j < 4; j++) x[j] = exp_any(x[j]);
    }
  }
};
struct Log : Each4<Log> {
  static __m256 apply(__m256 x) { return log8(x); }
};
struct Tanh : Each4<Tanh> {
  static __m256 apply(__m256 x) { return tanh8(x); }
};
struct Sigmoid : Each4<Sigmoid> {
  static __m256 apply(__m256 x) {
    __m256 den;
    __m256 num = sigmoid_parts(x, den);
    return _mm256_div_ps(num, den);
  }
};
struct Silu : Each4<Silu> {
  static __m256 apply(__m256 x) {
    __m256 den;
    __m256 num = sigmoid_parts(x, den);
    return _mm256_div_ps(_mm256_mul_ps(x, num), den);
  }
};

struct Gelu : Each4<Gelu> {
  static __m256 apply(__m256 x) { return gelu8(x); }
};

/** Elements [i, end) of a strided row through F, eight at a time via a buffer (odd strides, edges). */
template <class F>
inline void row_buffered(int64_t i, int64_t end, const float* x, int64_t sx, float* o, int64_t so) {
  alignas(32) float buf[8];
  for (; i < end; i += 8) {
    const int m = end - i < 8 ? static_cast<int>(end - i) : 8;
    for (int j = 0; j < 8; j++) buf[j] = j < m ? x[(i + j) * sx] : 0.0f;
    _mm256_store_ps(buf, F::apply(_mm256_load_ps(buf)));
    for (int j = 0; j < m; j++) o[(i + j) * so] = buf[j];
  }
}

/** Elements before o + i is 32-byte aligned (streaming stores need it), at most n. */
inline int64_t unaligned_head(const float* o, int64_t n) {
  const int64_t head = static_cast<int64_t>((0 - reinterpret_cast<uintptr_t>(o)) / sizeof(float) & 7);
  return head < n ? head : n;
}

template <bool Stream>
inline void store8(float* p, __m256 v) {
  if constexpr (Stream) _mm256_stream_ps(p, v);
  else _mm256_storeu_ps(p, v);
}

/**
 * One strided row of float32 through F. `Stream`: contiguous output written with streaming stores
 * (see Note [Streaming stores] in ops.cc), fenced before returning so the thread that waits for
 * this chunk sees them.
 */
template <class F, bool Stream>
void row(int64_t n, const void* xv, int64_t sx, void* ov, int64_t so) {
  const float* x = static_cast<const float*>(xv);
  float* o = static_cast<float*>(ov);
  int64_t i = 0;
  if (sx == 1 && so == 1) {
    if constexpr (Stream) {
      i = unaligned_head(o, n);
      row_buffered<F>(0, i, x, 1, o, 1);
    }
    // Four independent vectors per step: one evaluation is a long dependency chain, and the
    // out-of-order window only overlaps chains that sit close together in the instruction stream.
    for (; i + 32 <= n; i += 32) {
      __m256 v[4];
      for (int j = 0; j < 4; j++) v[j] = _mm256_loadu_ps(x + i + 8 * j);
      F::apply4(v);
      for (int j = 0; j < 4; j++) store8<Stream>(o + i + 8 * j, v[j]);
    }
    for (; i + 8 <= n; i += 8) store8<Stream>(o + i, F::apply(_mm256_loadu_ps(x + i)));
  }
  row_buffered<F>(i, n, x, sx, o, so);
  if constexpr (Stream) _mm_sfence();
}

/**
 * The tanh approximation's backward, g d with d = 0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 c x^2) and
 * t = tanh(u), u = k (x + c x^3), written without the cancellations of 1 + t and 1 - t^2 for
 * negative x: with s = sigmoid(2u), 0.5 (1 + t) = s and 1 - t^2 = 4 s (1 - s), so
 * d = s (1 + 2 x (1 - s) k (1 + 3 c x^2)). x is clamped to [-10, 10] (d is 1, or 0 to float32's
 * precision, beyond); +-inf give NaN as the formula does.
 */
inline __m256 gelu_tanh_backward8(__m256 g, __m256 x) {
  const __m256 k = set1(0.7978845608028654f), c = set1(0.044715f);
  const __m256 xc = _mm256_max_ps(set1(-10.0f), _mm256_min_ps(set1(10.0f), x));  // NaN passes
  const __m256 x2 = _mm256_mul_ps(xc, xc);
  const __m256 u2 = _mm256_mul_ps(_mm256_mul_ps(set1(2.0f), k), _mm256_mul_ps(xc, _mm256_fmadd_ps(c, x2, set1(1.0f))));
  const __m256 t = exp8(_mm256_sub_ps(_mm256_setzero_ps(), abs8(u2)));  // e^-|2u|
  const __m256 den = _mm256_add_ps(set1(1.0f), t);
  const __m256 pos = _mm256_cmp_ps(u2, _mm256_setzero_ps(), _CMP_GE_OQ);
  const __m256 sg = _mm256_div_ps(_mm256_blendv_ps(t, set1(1.0f), pos), den);
  const __m256 oms = _mm256_div_ps(_mm256_blendv_ps(set1(1.0f), t, pos), den);
  const __m256 poly = _mm256_fmadd_ps(_mm256_mul_ps(set1(3.0f), c), x2, set1(1.0f));
  const __m256 inner = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(set1(2.0f), xc), oms), _mm256_mul_ps(k, poly));
  __m256 d = _mm256_fmadd_ps(sg, inner, sg);
  d = _mm256_blendv_ps(d, set1(NAN), _mm256_cmp_ps(abs8(x), set1(HUGE_VALF), _CMP_EQ_OQ));
  return _mm256_mul_ps(g, d);
}

/** float32 GELU backward over strided rows: a = the gradient, b = the input. */
template <__m256 (*F)(__m256, __m256)>
void gelu_backward_row(int64_t n, const void* av, int64_t sa, const void* bv, int64_t sb, void* ov, int64_t so) {
  const float* a = static_cast<const float*>(av);
  const float* b = static_cast<const float*>(bv);
  float* o = static_cast<float*>(ov);
  int64_t i = 0;
  if (sa == 1 && sb == 1 && so == 1)
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, F(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  alignas(32) float ba[8], bb[8];
  for (; i < n; i += 8) {
    const int m = n - i < 8 ? static_cast<int>(n - i) : 8;
    for (int j = 0; j < 8; j++) {
      ba[j] = j < m ? a[(i + j) * sa] : 0.0f;
      bb[j] = j < m ? b[(i + j) * sb] : 0.0f;
    }
    _mm256_store_ps(ba, F(_mm256_load_ps(ba), _mm256_load_ps(bb)));
    for (int j = 0; j < m; j++) o[(i + j) * so] = ba[j];
  }
}

struct AddOp {
  static __m256 v(__m256 a, __m256 b) { return _mm256_add_ps(a, b); }
  static float s(float a, float b) { return a + b; }
};
struct SubOp {
  static __m256 v(__m256 a, __m256 b) { return _mm256_sub_ps(a, b); }
  static float s(float a, float b) { return a - b; }
};
struct MulOp {
  static __m256 v(__m256 a, __m256 b) { return _mm256_mul_ps(a, b); }
  static float s(float a, float b) { return a * b; }
};
struct DivOp {
  static __m256 v(__m256 a, __m256 b) { return _mm256_div_ps(a, b); }
  static float s(float a, float b) { return a / b; }
};

template <class Op, bool A, bool B>
void binary_stream_run(int64_t n, const float* a, const float* b, float* o) {
  int64_t i = unaligned_head(o, n);
  for (int64_t j = 0; j < i; j++) o[j] = Op::s(a[A ? j : 0], b[B ? j : 0]);
  const __m256 a0 = _mm256_set1_ps(a[0]), b0 = _mm256_set1_ps(b[0]);
  for (; i + 8 <= n; i += 8)
    _mm256_stream_ps(o + i, Op::v(A ? _mm256_loadu_ps(a + i) : a0, B ? _mm256_loadu_ps(b + i) : b0));
  for (; i < n; i++) o[i] = Op::s(a[A ? i : 0], b[B ? i : 0]);
  _mm_sfence();
}

/** float32 a (op) b into a contiguous row with streaming stores; operands contiguous or scalar. */
template <class Op>
void binary_stream(int64_t n, const void* av, int64_t sa, const void* bv, int64_t sb, void* ov, int64_t) {
  const float* a = static_cast<const float*>(av);
  const float* b = static_cast<const float*>(bv);
  float* o = static_cast<float*>(ov);
  if (sa == 1 && sb == 1) binary_stream_run<Op, true, true>(n, a, b, o);
  else if (sa == 1) binary_stream_run<Op, true, false>(n, a, b, o);
  else if (sb == 1) binary_stream_run<Op, false, true>(n, a, b, o);
  else binary_stream_run<Op, false, false>(n, a, b, o);
}

/** Sum of 8 vectors as a 3-level tree (rounding error at most 3 * 2^-24 * sum |x|). */
inline __m256 tree8(const float* x) {
  __m256 a = _mm256_add_ps(_mm256_loadu_ps(x), _mm256_loadu_ps(x + 8));
  __m256 b = _mm256_add_ps(_mm256_loadu_ps(x + 16), _mm256_loadu_ps(x + 24));
  __m256 c = _mm256_add_ps(_mm256_loadu_ps(x + 32), _mm256_loadu_ps(x + 40));
  __m256 d = _mm256_add_ps(_mm256_loadu_ps(x + 48), _mm256_loadu_ps(x + 56));
  return _mm256_add_ps(_mm256_add_ps(a, b), _mm256_add_ps(c, d));
}

/**
 * Sum of a contiguous float32 run: blocks of 64 are summed pairwise in float (the conversion to
 * double is the expensive step on this CPU family), the block sums accumulate in double per lane,
 * then a fixed-order fold.
 */
double sum_f32(int64_t n, const void* xv) {
  const float* x = static_cast<const float*>(xv);
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  int64_t i = 0;
  for (; i + 128 <= n; i += 128) {
    __m256 s = tree8(x + i), t = tree8(x + i + 64);
    a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm256_castps256_ps128(s)));
    a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm256_extractf128_ps(s, 1)));
    a2 = _mm256_add_pd(a2, _mm256_cvtps_pd(_mm256_castps256_ps128(t)));
    a3 = _mm256_add_pd(a3, _mm256_cvtps_pd(_mm256_extractf128_ps(t, 1)));
  }
  for (; i + 16 <= n; i += 16) {
    a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm_loadu_ps(x + i)));
    a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4)));
    a2 = _mm256_add_pd(a2, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8)));
    a3 = _mm256_add_pd(a3, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12)));
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
  double s = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  for (; i < n; i++) s += static_cast<double>(x[i]);
  return s;
}

/** Sum of the 4 double lanes of a + b. */
inline double hsum_pd(__m256d a) {
  alignas(32) double l[4];
  _mm256_store_pd(l, a);
  return (l[0] + l[1]) + (l[2] + l[3]);
}

/**
 * Softmax (or log-softmax) of one contiguous float32 row, as softmax_row in kernels_impl.h: the
 * maximum, the exponentials of x - max (Cephes expf, vectorised) summed in double, then each one
 * times 1 / sum in double (or x - max - log(sum) in double), rounded once. o may alias x.
 */
void softmax_row_f32(int64_t n, const void* xv, void* ov, bool log) {
  const float* x = static_cast<const float*>(xv);
  float* o = static_cast<float*>(ov);
  __m256 mv = set1(-HUGE_VALF);
  __m256 nanv = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    nanv = _mm256_or_ps(nanv, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    mv = _mm256_max_ps(mv, v);
  }
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, mv);
  float m = lanes[0];
  for (int j = 1; j < 8; j++) m = lanes[j] > m ? lanes[j] : m;
  bool nan = _mm256_movemask_ps(nanv) != 0;
  for (; i < n; i++) {
    nan |= x[i] != x[i];
    m = x[i] > m ? x[i] : m;
  }
  if (nan) m = NAN;
  const __m256 mb = set1(m);
  alignas(32) float buf[8];
  __m256d acc0 = _mm256_setzero_pd(), acc1 = acc0;
  // Pass 1: the exponentials (parked in o for softmax), summed in double.
  for (i = 0; i < n; i += 8) {
    const int k = n - i < 8 ? static_cast<int>(n - i) : 8;
    __m256 v;
    if (k == 8) {
      v = _mm256_loadu_ps(x + i);
    } else {
      for (int j = 0; j < 8; j++) buf[j] = j < k ? x[i + j] : -HUGE_VALF;
      v = _mm256_load_ps(buf);
    }
    __m256 e = exp8(_mm256_sub_ps(v, mb));
    if (k < 8) {
      // the padding lanes: e^(-inf - m) is 0, or NaN when m is -inf or NaN
      const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
      e = _mm256_and_ps(e, _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(k), lane)));
    }
    acc0 = _mm256_add_pd(acc0, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
    acc1 = _mm256_add_pd(acc1, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
    if (!log) {
      if (k == 8) {
        _mm256_storeu_ps(o + i, e);
      } else {
        _mm256_store_ps(buf, e);
        for (int j = 0; j < k; j++) o[i + j] = buf[j];
      }
    }
  }
  const double total = hsum_pd(_mm256_add_pd(acc0, acc1));
  if (log) {
    const double lse = std::log(total);
    const __m256d md = _mm256_set1_pd(static_cast<double>(m)), ld = _mm256_set1_pd(lse);
    for (i = 0; i + 8 <= n; i += 8) {
      const __m256 v = _mm256_loadu_ps(x + i);
      const __m256d lo = _mm256_sub_pd(_mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), md), ld);
      const __m256d hi = _mm256_sub_pd(_mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), md), ld);
      _mm256_storeu_ps(o + i, join(lo, hi));
    }
    for (; i < n; i++) o[i] = static_cast<float>(static_cast<double>(x[i]) - static_cast<double>(m) - lse);
  } else {
    const __m256d inv = _mm256_set1_pd(1.0 / total);
    for (i = 0; i + 8 <= n; i += 8) {
      const __m256 v = _mm256_loadu_ps(o + i);
      const __m256d lo = _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), inv);
      const __m256d hi = _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), inv);
      _mm256_storeu_ps(o + i, join(lo, hi));
    }
    for (; i < n; i++) o[i] = static_cast<float>(static_cast<double>(o[i]) / total);
  }
}

}  // namespace

void fill_vmath_avx2(Kernels& k) {
  k.unary[U_EXP][F32] = row<Exp, false>;
  k.unary[U_LOG][F32] = row<Log, false>;
  k.unary[U_TANH][F32] = row<Tanh, false>;
  k.unary[U_SIGMOID][F32] = row<Sigmoid, false>;
  k.unary[U_SILU][F32] = row<Silu, false>;
  k.unary[U_GELU][F32] = row<Gelu, false>;
  k.unary_stream[U_EXP] = row<Exp, true>;
  k.unary_stream[U_LOG] = row<Log, true>;
  k.unary_stream[U_TANH] = row<Tanh, true>;
  k.unary_stream[U_SIGMOID] = row<Sigmoid, true>;
  k.unary_stream[U_SILU] = row<Silu, true>;
  k.unary_stream[U_GELU] = row<Gelu, true>;
  k.binary[B_GELU_BACKWARD][F32] = gelu_backward_row<gelu_backward8>;
  k.binary[B_GELU_TANH_BACKWARD][F32] = gelu_backward_row<gelu_tanh_backward8>;
  k.binary_stream[B_ADD] = binary_stream<AddOp>;
  k.binary_stream[B_SUB] = binary_stream<SubOp>;
  k.binary_stream[B_MUL] = binary_stream<MulOp>;
  k.binary_stream[B_DIV] = binary_stream<DivOp>;
  k.sum[F32] = sum_f32;
  k.softmax[0] = softmax_row_f32;
}

}  // namespace tg
