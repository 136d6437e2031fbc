// Special functions in double precision, step for step as src/backend/js/math.ts computes them
// (erfinv, lgamma, digamma, polygamma and the Hurwitz zeta function they rest on), so both backends
// agree to rounding. Included by ops.h inside each instruction set's namespace.
#pragma once

#include <cmath>
#include <cstdint>

constexpr double SF_PI = 3.141592653589793;
constexpr double SF_EULER = 0.5772156649015329;
constexpr double SF_HALF_LOG_2PI = 0.9189385332046728;
constexpr double SF_LOG_PI = 1.1447298858494002;
constexpr double SF_TWO_OVER_SQRT_PI = 1.1283791670955126;

/** sin(pi x), with the argument reduced exactly (so it is 0 at every integer). */
inline double sinpi(double x) {
  double s = 1;
  if (x < 0) {
    x = -x;
    s = -1;
  }
  double r = x - 2 * std::floor(x / 2);
  if (r >= 1) {
    r -= 1;
    s = -s;
  }
  double v = r <= 0.25 ? std::sin(SF_PI * r) : r <= 0.75 ? std::cos(SF_PI * (0.5 - r)) : std::sin(SF_PI * (1 - r));
  return s * v;
}

/** cos(pi x), with the argument reduced exactly. */
inline double cospi(double x) {
  double r = std::fabs(x);
  r = r - 2 * std::floor(r / 2);
  if (r > 1) r = 2 - r;
  return r <= 0.25 ? std::cos(SF_PI * r) : r <= 0.75 ? std::sin(SF_PI * (0.5 - r)) : -std::cos(SF_PI * (1 - r));
}

/** exp(-x^2) without the rounding error of x^2 (x split into a float head and a tail). */
inline double exp_neg_square(double x) {
  double hi = static_cast<double>(static_cast<float>(x));
  return std::exp(-hi * hi) * std::exp(-(x - hi) * (x + hi));
}

/** Hurwitz zeta(s, q) = sum over k >= 0 of (q + k)^-s, for real s > 1 (Euler-Maclaurin). */
inline double hurwitz_zeta(double s, double q) {
  // B_2k, for the Euler-Maclaurin correction terms.
  static constexpr double B2K[12] = {1.0 / 6,       -1.0 / 30,       1.0 / 42,        -1.0 / 30,
                                     5.0 / 66,      -691.0 / 2730,   7.0 / 6,         -3617.0 / 510,
                                     43867.0 / 798, -174611.0 / 330, 854513.0 / 138, -236364091.0 / 2730};
  if (s == 1) return HUGE_VAL;
  if (!(s > 1) || q != q) return NAN;
  if (q <= 0) {
    if (q == std::floor(q)) return HUGE_VAL;
    if (s != std::floor(s)) return NAN;
  }
  if (q > 1e8) return (1 / (s - 1) + 0.5 / q) * std::pow(q, 1 - s);
  double sum = 0, a = q;
  for (int i = 0; a < 10 || i < 9; i++) {
    sum += std::pow(a, -s);
    a += 1;
  }
  const double as = std::pow(a, -s);
  double tail = a * as / (s - 1) + 0.5 * as;
  double fac = s / a * as;  // s (s+1) ... (s+2k-2) a^(-s-2k+1)
  double num = 2;           // (2k)!
  for (int k = 1; k <= 12; k++) {
    const double t = B2K[k - 1] * fac / num;
    tail += t;
    if (std::fabs(t) < 1e-17 * std::fabs(sum + tail)) break;
    fac *= (s + 2 * k - 1) * (s + 2 * k) / (a * a);
    num *= (2 * k + 1) * (2 * k + 2);
  }
  return sum + tail;
}

/** (zeta(k) - 1) / k for k = 2, 3, ...: the Taylor coefficients of lgamma at 2. */
struct LgammaSeries {
  static constexpr int N = 43;
  double c[N];
  LgammaSeries() {
    for (int k = 0; k < N; k++) c[k] = hurwitz_zeta(k + 2, 2) / (k + 2);
  }
};

/** lgamma(2 + z) for |z| <= 0.5: (1 - euler) z + sum (-1)^k (zeta(k) - 1) / k z^k. */
inline double lgamma_near2(double z) {
  static const LgammaSeries t;
  double s = 0;
  for (int k = LgammaSeries::N - 1; k >= 0; k--) s = (t.c[k] - s) * z;
  return (1 - SF_EULER) * z + s * z;
}

/** log|gamma(x)|: a series at 2 (with recurrences) below 12, Stirling's series above, reflection below 0. */
inline double calc_lgamma(double x) {
  if (x != x) return x;
  if (std::isinf(x)) return HUGE_VAL;
  if (x <= 0) {
    if (x == std::floor(x)) return HUGE_VAL;
    return SF_LOG_PI - std::log(std::fabs(sinpi(x))) - std::log(-x) - calc_lgamma(-x);
  }
  if (x < 0.5) return lgamma_near2(x) - std::log(x) - std::log1p(x);
  if (x < 1.5) return lgamma_near2(x - 1) - std::log(x);
  if (x < 2.5) return lgamma_near2(x - 2);
  if (x < 12) {
    const int n = static_cast<int>(std::floor(x - 1.5));
    double p = 1;
    for (int i = 1; i <= n; i++) p *= x - i;
    return std::log(p) + lgamma_near2(x - n - 2);
  }
  const double z = 1 / (x * x);
  const double series =
      (1.0 / 12 - z * (1.0 / 360 - z * (1.0 / 1260 - z * (1.0 / 1680 - z * (1.0 / 1188 - z * (691.0 / 360360 - z / 156)))))) /
      x;
  return x * (std::log(x) - 1) - 0.5 * std::log(x) + SF_HALF_LOG_2PI + series;
}

// digamma's positive root (head and tail).
constexpr double DIGAMMA_ROOT_HI = 1.4616321449683622;
constexpr double DIGAMMA_ROOT_LO = 9.549995429965697e-17;

/** digamma's Taylor coefficients at its positive root: (-1)^(k+1) zeta(k + 1, root), k >= 1. */
struct DigammaRootSeries {
  static constexpr int N = 50;
  double c[N];
  DigammaRootSeries() {
    for (int i = 0; i < N; i++) c[i] = (i % 2 == 0 ? 1 : -1) * hurwitz_zeta(i + 2, DIGAMMA_ROOT_HI);
  }
};

/**
 * digamma: recurrence up to 10, then the asymptotic series; reflection below 0 (as ATen). Near
 * the positive root, where the recurrence cancels, a Taylor series about the root.
 */
inline double calc_digamma(double x) {
  if (x != x || x == -HUGE_VAL) return NAN;
  if (x == HUGE_VAL) return HUGE_VAL;
  if (x == 0) return std::signbit(x) ? HUGE_VAL : -HUGE_VAL;
  if (x < 0) {
    if (x == std::floor(x)) return NAN;
    return calc_digamma(1 - x) - SF_PI * cospi(x) / sinpi(x);
  }
  if (x > 0.9 && x < 2.1) {
    static const DigammaRootSeries t;
    const double d = x - DIGAMMA_ROOT_HI - DIGAMMA_ROOT_LO;
    double s = 0;
    for (int k = DigammaRootSeries::N - 1; k >= 0; k--) s = s * d + t.c[k];
    return s * d;
  }
  double r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const double z = 1 / (x * x);
  return r + std::log(x) - 0.5 / x -
         z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (1.0 / 240 - z * (1.0 / 132 - z * (691.0 / 32760 - z / 12))))));
}

/**
 * trigamma as ATen computes it (calc_trigamma): below 1/2 by the reflection formula through
 * sin(pi x), which is tiny but not zero at the negative integers, so the poles come out as large
 * finite values; then six steps of the recurrence and the asymptotic series. Used at the poles
 * only, where PyTorch's values are these (elsewhere the Hurwitz zeta is closer to the true value:
 * ATen's reflection loses up to ~700 ulp for negative x).
 */
inline double calc_trigamma(double x) {
  const double pi = 3.14159265358979323846;
  double sign = 1, result = 0;
  if (x < 0.5) {
    sign = -1;
    const double s = std::sin(pi * x);
    result -= (pi * pi) / (s * s);
    x = 1 - x;
  }
  for (int i = 0; i < 6; i++) {
    result += 1 / (x * x);
    x += 1;
  }
  const double ixx = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x;
  return sign * result;
}

/**
 * polygamma(n, x) = (-1)^(n+1) n! zeta(n + 1, x) for n >= 1; digamma for n = 0. At the poles of
 * trigamma (0 and the negative integers), ATen's finite values (calc_trigamma above).
 */
inline double calc_polygamma(double n, double x) {
  if (n != n || x != x) return NAN;
  if (n == 0) return calc_digamma(x);
  if (n == 1 && x <= 0 && x == std::floor(x)) return calc_trigamma(x);
  if (n < 0 || n != std::floor(n)) return NAN;
  // At the infinities, ATen's values: trigamma(inf) = 0, trigamma(-inf) = NaN; higher orders
  // (through its zeta) NaN at inf and a signed infinity at -inf.
  if (x == HUGE_VAL) return n == 1 ? 0 : NAN;
  if (x == -HUGE_VAL) return n == 1 ? NAN : std::fmod(n, 2) != 0 ? HUGE_VAL : -HUGE_VAL;
  double f = n > 170 ? HUGE_VAL : 1;  // n! overflows beyond 170
  for (double i = 2; i <= n && f < HUGE_VAL; i++) f *= i;
  return (std::fmod(n, 2) != 0 ? f : -f) * hurwitz_zeta(n + 1, x);
}

/**
 * erfinv: Giles' single-precision approximation ("Approximating the erfinv function", 2010), then
 * Halley steps on erf(y) - x, through erfc where |x| > 0.5 (1 - |x| is exact there).
 */
inline double calc_erfinv(double x) {
  if (x != x || x < -1 || x > 1) return NAN;
  if (x == 1) return HUGE_VAL;
  if (x == -1) return -HUGE_VAL;
  if (x == 0) return x;
  const double ax = std::fabs(x);
  double w = -std::log((1 - ax) * (1 + ax)), p;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w;
    p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = std::sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  double y = p * ax;
  for (int i = 0; i < 12; i++) {
    const double f = ax <= 0.5 ? std::erf(y) - ax : (1 - ax) - std::erfc(y);
    const double fp = SF_TWO_OVER_SQRT_PI * exp_neg_square(y);
    if (fp == 0) break;
    const double dy = f / (fp + y * f);
    y -= dy;
    if (std::fabs(dy) <= 1e-16 * std::fabs(y)) break;
  }
  return x < 0 ? -y : y;
}
