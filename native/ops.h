// Scalar definitions of every elementwise kind, as the TypeScript backend computes them (see
// Note [JavaScript semantics] in common.h). Included by each instruction-set translation unit
// inside its own namespace, so each gets its own inlined copy.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "common.h"
#include "special.h"

// Each op is a struct with a template `op` over the compute type C (double, or float when `f32`
// is true: the float result is then the one double arithmetic would round to). `i32` ops also
// provide exact int32 arithmetic matching JavaScript's double-then-ToInt32. The Fast* ops evaluate
// float32 elements in double with the polynomial exp below instead of libm, so loops vectorize.

constexpr double LOG2E = 1.4426950408889634;
constexpr double LN2_HI = 6.93147180369123816490e-01;
constexpr double LN2_LO = 1.90821492927058770002e-10;

inline uint64_t bits_of(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return b;
}
inline double double_of(uint64_t b) {
  double x;
  std::memcpy(&x, &b, 8);
  return x;
}

/**
 * exp in double precision to ~1e-15 relative, branch-free so loops vectorize. Used only where
 * the result is rounded to float32, so double subnormals flush to 0 (their float value anyway).
 */
inline double exp_poly(double x) {
  double xc = x < -708.0 ? -708.0 : x > 709.0 ? 709.0 : x;
  const double shifter = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer in the low bits
  double t = xc * LOG2E + shifter;
  double k = t - shifter;
  double r = (xc - k * LN2_HI) - k * LN2_LO;
  double p = 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  double scale = double_of((bits_of(t) + 1023) << 52);
  double y = p * scale;
  y = x < -708.0 ? 0.0 : y;
  y = x > 709.78 ? HUGE_VAL : y;
  return x != x ? x : y;
}

struct Neg {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return -a;
  }
  static int32_t i(int32_t a) { return static_cast<int32_t>(0u - static_cast<uint32_t>(a)); }
};
struct Abs {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return std::fabs(a);
  }
  static int32_t i(int32_t a) { return a < 0 ? static_cast<int32_t>(0u - static_cast<uint32_t>(a)) : a; }
};
// As torch.sign: NaN (and -0) give 0.
struct Sign {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a > 0 ? C(1) : a < 0 ? C(-1) : C(0);
  }
  static int32_t i(int32_t a) { return a > 0 ? 1 : a < 0 ? -1 : 0; }
};
struct Square {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a * a;
  }
  // As Mul: JavaScript squares in double, so squares beyond 2^53 round before wrapping.
  static int32_t i(int32_t a) {
    double p = static_cast<double>(static_cast<int64_t>(a) * a);
    return static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(p)));
  }
};
// sqrt is correctly rounded, so float sqrt equals double sqrt rounded to float.
struct Sqrt {
  static constexpr bool f32 = true, i32 = false;
  template <class C>
  static C op(C a) {
    return std::sqrt(a);
  }
};
struct Reciprocal {
  static constexpr bool f32 = true, i32 = false;
  template <class C>
  static C op(C a) {
    return C(1) / a;
  }
};

#define TG_LIBM_UNARY(Name, expr)  \
  struct Name {                    \
    static constexpr bool f32 = false, i32 = false; \
    template <class C>             \
    static C op(C a) {             \
      return expr;                 \
    }                              \
  };
#define TG_LIBM_FUNCTOR(E, name, F, flags, ...) TG_LIBM_UNARY(F, __VA_ARGS__)
TG_LIBM_UNARY_KINDS(TG_LIBM_FUNCTOR)
#undef TG_LIBM_FUNCTOR
#undef TG_LIBM_UNARY

inline uint32_t bits_of(float x) {
  uint32_t b;
  std::memcpy(&b, &x, 4);
  return b;
}
inline float float_of(uint32_t b) {
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}

/**
 * exp in float32 (Cephes' expf polynomial, within 2 ulp), branch-free so loops vectorize 8 wide.
 * The scale 2^k is applied in two halves so results that are float subnormals stay exact.
 */
inline float expf_poly(float x) {
  float xc = x < -104.0f ? -104.0f : x > 89.0f ? 89.0f : x;
  const float shifter = 12582912.0f;  // 1.5 * 2^23
  float t = xc * 1.44269504088896341f + shifter;
  float k = t - shifter;
  float r = (xc - k * 0.693359375f) - k * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = (p * r) * r + r + 1.0f;
  int32_t ki = static_cast<int32_t>(bits_of(t) - bits_of(shifter));
  int32_t k1 = ki >> 1;
  float s1 = float_of(static_cast<uint32_t>(k1 + 127) << 23);
  float s2 = float_of(static_cast<uint32_t>(ki - k1 + 127) << 23);
  float y = (p * s1) * s2;
  return x != x ? x : y;
}

// float32 versions of the exp family: within a few ulp of the double formulas rounded to float.
struct FastExp {
  static float op(float a) { return expf_poly(a); }
};
struct FastSigmoid {
  static float op(float a) { return 1.0f / (1.0f + expf_poly(-a)); }
};
struct FastSilu {
  static float op(float a) { return a / (1.0f + expf_poly(-a)); }
};
// tanh cancels in (e^2x - 1): it stays in double (with exp_poly) to keep float accuracy.
struct FastTanh {
  static float op(float af) {
    double a = af;
    // (e^2x - 1) / (e^2x + 1) loses relative accuracy near 0, where the series is exact enough.
    double x = a < -20.0 ? -20.0 : a > 20.0 ? 20.0 : a;
    double e = exp_poly(2.0 * x);
    double big = (e - 1.0) / (e + 1.0);
    double x2 = a * a;
    double small = a * (1.0 + x2 * (-1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835)))));
    double y = std::fabs(a) < 0.0625 ? small : big;
    return static_cast<float>(a != a ? a : y);
  }
};

// NaN and -0 pass through, as torch.relu's clamp_min(0) gives them.
struct Relu {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a < 0 ? C(0) : a;
  }
  static int32_t i(int32_t a) { return a > 0 ? a : 0; }
};
struct Floor {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return std::floor(a);
  }
  static int32_t i(int32_t a) { return a; }
};
struct Ceil {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return std::ceil(a);
  }
  static int32_t i(int32_t a) { return a; }
};
struct Round {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return std::nearbyint(a);
  }
  static int32_t i(int32_t a) { return a; }
};
struct Trunc {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return std::trunc(a);
  }
  static int32_t i(int32_t a) { return a; }
};
struct Frac {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a - std::trunc(a);
  }
  static int32_t i(int32_t) { return 0; }
};
struct LogicalNot {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a == 0 ? C(1) : C(0);
  }
  static int32_t i(int32_t a) { return a == 0; }
};
struct BitwiseNot {
  static constexpr bool f32 = false, i32 = true;
  template <class C>
  static C op(C a) {
    return static_cast<C>(~tg::js_toint32(a));
  }
  static int32_t i(int32_t a) { return ~a; }
};
struct IsNan {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a != a ? C(1) : C(0);
  }
  static int32_t i(int32_t) { return 0; }
};
struct IsInf {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return std::fabs(a) == C(HUGE_VAL) ? C(1) : C(0);
  }
  static int32_t i(int32_t) { return 0; }
};
struct IsFinite {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a - a == 0 ? C(1) : C(0);
  }
  static int32_t i(int32_t) { return 1; }
};
struct IsPosInf {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a == C(HUGE_VAL) ? C(1) : C(0);
  }
  static int32_t i(int32_t) { return 0; }
};
struct IsNegInf {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a == C(-HUGE_VAL) ? C(1) : C(0);
  }
  static int32_t i(int32_t) { return 0; }
};
struct SignBit {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a) {
    return a < 0 || (a == 0 && std::signbit(a)) ? C(1) : C(0);
  }
  static int32_t i(int32_t a) { return a < 0; }
};

// ---------------------------------------------------------------------------------------------
// Binary ops: `op(a, b)` in compute type C; `i(a, b)` exact int32 where `i32`.

struct Add {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a, C b) {
    return a + b;
  }
  static int32_t i(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
  }
};
struct Sub {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a, C b) {
    return a - b;
  }
  static int32_t i(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
  }
};
struct Mul {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a, C b) {
    return a * b;
  }
  // JavaScript multiplies in double: products beyond 2^53 round before wrapping.
  static int32_t i(int32_t a, int32_t b) {
    double p = static_cast<double>(static_cast<int64_t>(a) * b);
    return static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(p)));
  }
};
struct Div {
  static constexpr bool f32 = true, i32 = false;
  template <class C>
  static C op(C a, C b) {
    return a / b;
  }
};
// C's pow, as ATen uses (JavaScript's cpow: 1 to any power, and (-1)^+-inf, are 1).
struct Pow {
  static constexpr bool f32 = false, i32 = false;
  template <class C>
  static C op(C a, C b) {
    return std::pow(a, b);
  }
};
struct Maximum {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a, C b) {
    return a != a || b != b ? C(NAN) : a > b ? a : b;
  }
  static int32_t i(int32_t a, int32_t b) { return a > b ? a : b; }
};
struct Minimum {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a, C b) {
    return a != a || b != b ? C(NAN) : a < b ? a : b;
  }
  static int32_t i(int32_t a, int32_t b) { return a < b ? a : b; }
};
struct Fmax {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a, C b) {
    return a != a ? b : b != b ? a : a > b ? a : b;
  }
  static int32_t i(int32_t a, int32_t b) { return a > b ? a : b; }
};
struct Fmin {
  static constexpr bool f32 = true, i32 = true;
  template <class C>
  static C op(C a, C b) {
    return a != a ? b : b != b ? a : a < b ? a : b;
  }
  static int32_t i(int32_t a, int32_t b) { return a < b ? a : b; }
};
struct Fmod {
  static constexpr bool f32 = true, i32 = false;
  template <class C>
  static C op(C a, C b) {
    return std::fmod(a, b);
  }
};
struct Remainder {
  static constexpr bool f32 = true, i32 = false;
  template <class C>
  static C op(C a, C b) {
    C r = std::fmod(a, b);
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
  }
};
// Integer floor division (computed in double, as JavaScript does); floating types use DivFloor.
struct FloorDivide {
  static constexpr bool f32 = false, i32 = false;
  template <class C>
  static C op(C a, C b) {
    return std::floor(a / b);
  }
};
struct TruncDivide {
  static constexpr bool f32 = false, i32 = false;
  template <class C>
  static C op(C a, C b) {
    return std::trunc(a / b);
  }
};

#define TG_PREDICATE(Name, expr)                       \
  struct Name {                                        \
    static constexpr bool f32 = true, i32 = true;      \
    template <class C>                                 \
    static C op(C a, C b) {                            \
      return (expr) ? C(1) : C(0);                     \
    }                                                  \
    static int32_t i(int32_t a, int32_t b) { return (expr) ? 1 : 0; } \
  };
TG_PREDICATE(Eq, a == b)
TG_PREDICATE(Ne, a != b)
TG_PREDICATE(Lt, a < b)
TG_PREDICATE(Le, a <= b)
TG_PREDICATE(Gt, a > b)
TG_PREDICATE(Ge, a >= b)
TG_PREDICATE(LogicalAnd, a != 0 && b != 0)
TG_PREDICATE(LogicalOr, a != 0 || b != 0)
TG_PREDICATE(LogicalXor, (a != 0) != (b != 0))
#undef TG_PREDICATE

#define TG_BITWISE(Name, OP)                                                           \
  struct Name {                                                                        \
    static constexpr bool f32 = false, i32 = true;                                     \
    template <class C>                                                                 \
    static C op(C a, C b) {                                                            \
      return static_cast<C>(tg::js_toint32(a) OP tg::js_toint32(b));                   \
    }                                                                                  \
    static int32_t i(int32_t a, int32_t b) { return a OP b; }                          \
  };
TG_BITWISE(BitwiseAnd, &)
TG_BITWISE(BitwiseOr, |)
TG_BITWISE(BitwiseXor, ^)
#undef TG_BITWISE

struct Copysign {
  static constexpr bool f32 = true, i32 = false;
  template <class C>
  static C op(C a, C b) {
    C mag = std::fabs(a);
    return b < 0 || (b == 0 && std::signbit(b)) ? -mag : mag;
  }
};
#define TG_LIBM_BINARY(E, name, Name, flags, ...) \
  struct Name {                                   \
    static constexpr bool f32 = false, i32 = false; \
    template <class C>                            \
    static C op(C a, C b) {                       \
      return __VA_ARGS__;                         \
    }                                             \
  };
TG_LIBM_BINARY_KINDS(TG_LIBM_BINARY)
#undef TG_LIBM_BINARY
struct Xlogy {
  static constexpr bool f32 = false, i32 = false;
  template <class C>
  static C op(C a, C b) {
    if (b != b) return C(NAN);
    return a == 0 ? C(0) : a * std::log(b);
  }
};
// polygamma(n, x): the order n arrives as the first operand (a broadcast scalar).
struct Polygamma {
  static constexpr bool f32 = false, i32 = false;
  template <class C>
  static C op(C a, C b) {
    return calc_polygamma(a, b);
  }
};

// GELU's first-order backward in one pass, a = the incoming gradient, b = the input x (ATen's
// GeluBackward kernels): exact, a (Phi(x) + x phi(x)); tanh approximation, with t = tanh(k (x + c x^3)),
// a (0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 c x^2)).
struct GeluBackward {
  static constexpr bool f32 = false, i32 = false;
  template <class C>
  static C op(C a, C b) {
    const C cdf = 0.5 * (1.0 + std::erf(b * 0.7071067811865476));
    const C pdf = std::exp(-0.5 * b * b) * 0.3989422804014327;
    return a * (cdf + b * pdf);
  }
};
struct GeluTanhBackward {
  static constexpr bool f32 = false, i32 = false;
  template <class C>
  static C op(C a, C b) {
    const C k = 0.7978845608028654, c = 0.044715;
    const C t = std::tanh(k * (b + c * b * b * b));
    return a * (0.5 * (1.0 + t) + 0.5 * b * (1.0 - t * t) * k * (1.0 + 3.0 * c * b * b));
  }
};

// ---------------------------------------------------------------------------------------------
// Rules that depend on the storage type beyond the compute type (src/backend/js/elementwise.ts:
// BINARY_F32, BINARY_INT32, BINARY_INT64, BINARY_BOOL, UNARY_INT64). Each is a row functor:
// `apply` maps stored elements to a stored element.

/**
 * ATen's div_floor_floating, with every step in T (so float32 rounds where ATen's float32 code
 * does): through fmod, so that 1 // 0.1 is 9, with IEEE results for a zero divisor.
 */
template <class T>
struct DivFloor {
  static T apply(T a, T b) {
    if (b == 0) return a / b;
    T mod = std::fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div = div - T(1);
    if (div == 0) return std::copysign(T(0), a / b);
    T floordiv = std::floor(div);
    if (div - floordiv > T(0.5)) floordiv = floordiv + T(1);
    return floordiv;
  }
};

/** float32 trunc division: the quotient is rounded to float32 before truncating. */
struct TruncDivF32 {
  static float apply(float a, float b) { return std::trunc(a / b); }
};

struct MulI32 {
  static int32_t apply(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
  }
};

/** ATen's powi for integers: a negative exponent gives 0, except for bases 1 and -1. */
inline double pow_int_negative(double a, double b) {
  if (a == 1) return 1;
  if (a == -1) return std::fmod(b, 2.0) == 0 ? 1 : -1;
  return 0;
}

/** powi in 32-bit arithmetic: products wrap as int32 multiplication does in C. */
struct PowI32 {
  static int32_t apply(int32_t a, int32_t b) {
    if (b < 0) return static_cast<int32_t>(pow_int_negative(a, b));
    uint32_t result = 1, base = static_cast<uint32_t>(a);
    for (uint32_t e = static_cast<uint32_t>(b); e > 0; e >>= 1) {
      if (e & 1) result *= base;
      base *= base;
    }
    return static_cast<int32_t>(result);
  }
};

// int64 lives in float64 storage: results in double, with -0 folded to 0 (`+ 0.0`).
struct NegI64 {
  static double apply(double a) { return 0.0 - a; }
};
struct MulI64 {
  static double apply(double a, double b) { return a * b + 0.0; }
};
struct PowI64 {
  static double apply(double a, double b) { return b < 0 ? pow_int_negative(a, b) : std::pow(a, b) + 0.0; }
};
struct FmodI64 {
  static double apply(double a, double b) { return std::fmod(a, b) + 0.0; }
};
struct RemainderI64 {
  static double apply(double a, double b) { return Remainder::op<double>(a, b) + 0.0; }
};
struct FloorDivideI64 {
  static double apply(double a, double b) { return std::floor(a / b) + 0.0; }
};
struct TruncDivideI64 {
  static double apply(double a, double b) { return std::trunc(a / b) + 0.0; }
};

// bool arithmetic saturates at true.
struct BoolAdd {
  static uint8_t apply(uint8_t a, uint8_t b) { return a | b; }
};
struct BoolMul {
  static uint8_t apply(uint8_t a, uint8_t b) { return a & b; }
};
