// Scalar math that JavaScript's Math lacks, accurate to double precision (gradcheck differentiates
// these numerically, so approximations good only to float32 would not do).

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erf(x): Maclaurin series for |x| < 2.5, continued fraction for erfc beyond. */
export function erf(x: number): number {
  if (x !== x || x === 0) return x; // erf(-0) = -0 (the series below would give +0)
  const ax = Math.abs(x);
  if (ax < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  const c = erfcLarge(ax);
  return x > 0 ? 1 - c : c - 1;
}

/**
 * erfc(x) for x >= 0.75 by the Laplace continued fraction
 * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from a depth
 * that converges at x (backward evaluation is stable); within 1.5 ulp of erfc.
 */
function erfcLarge(x: number): number {
  if (x > 27.3) return 0;
  const depth = Math.ceil(20 + 220 / (x * x));
  let f = x;
  for (let n = depth; n >= 1; n--) f = x + n / 2 / f;
  return (expNegSquare(x) * ONE_OVER_SQRT_PI) / f;
}

/** exp(-x^2) without the rounding error of x^2 (x split into a float32 head and a tail). */
function expNegSquare(x: number): number {
  const hi = Math.fround(x);
  return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi));
}

/** erfc(x): 1 - erf(x) near 0 (no cancellation there), the continued fraction beyond. */
export function erfc(x: number): number {
  if (x !== x) return x;
  if (x < 0.75 && x > -0.75) return 1 - erf(x);
  return x > 0 ? erfcLarge(x) : 2 - erfcLarge(-x);
}

/**
 * erfinv: Giles' single-precision approximation ("Approximating the erfinv function", 2010), then
 * Halley steps on erf(y) - x, through erfc where |x| > 0.5 (1 - |x| is exact there).
 */
export function erfinv(x: number): number {
  if (x !== x || x < -1 || x > 1) return NaN;
  if (x === 1) return Infinity;
  if (x === -1) return -Infinity;
  if (x === 0) return x;
  const ax = Math.abs(x);
  let w = -Math.log((1 - ax) * (1 + ax));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    p = 3.43273939e-7 + p * w;
    p = -3.5233877e-6 + p * w;
    p = -4.39150654e-6 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3;
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
  let y = p * ax;
  for (let i = 0; i < 12; i++) {
    const f = ax <= 0.5 ? erf(y) - ax : 1 - ax - erfc(y);
    const fp = TWO_OVER_SQRT_PI * expNegSquare(y);
    if (fp === 0) break;
    const dy = f / (fp + y * f);
    y -= dy;
    if (Math.abs(dy) <= 1e-16 * Math.abs(y)) break;
  }
  return x < 0 ? -y : y;
}

/** sin(pi x), with the argument reduced exactly (so it is 0 at every integer). */
function sinpi(x: number): number {
  let s = 1;
  if (x < 0) {
    x = -x;
    s = -1;
  }
  let r = x - 2 * Math.floor(x / 2);
  if (r >= 1) {
    r -= 1;
    s = -s;
  }
  const v = r <= 0.25 ? Math.sin(Math.PI * r) : r <= 0.75 ? Math.cos(Math.PI * (0.5 - r)) : Math.sin(Math.PI * (1 - r));
  return s * v;
}

/** cos(pi x), with the argument reduced exactly. */
function cospi(x: number): number {
  let r = Math.abs(x);
  r = r - 2 * Math.floor(r / 2);
  if (r > 1) r = 2 - r;
  return r <= 0.25 ? Math.cos(Math.PI * r) : r <= 0.75 ? Math.sin(Math.PI * (0.5 - r)) : -Math.cos(Math.PI * (1 - r));
}

// B_2k, for the Euler-Maclaurin correction terms of the Hurwitz zeta function.
const B2K = [
  1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330,
  854513 / 138, -236364091 / 2730,
]; // prettier-ignore

/** Hurwitz zeta(s, q) = sum over k >= 0 of (q + k)^-s, for real s > 1 (Euler-Maclaurin). */
export function hurwitzZeta(s: number, q: number): number {
  if (s === 1) return Infinity;
  if (!(s > 1) || q !== q) return NaN;
  if (q <= 0) {
    if (q === Math.floor(q)) return Infinity;
    if (s !== Math.floor(s)) return NaN;
  }
  if (q > 1e8) return (1 / (s - 1) + 0.5 / q) * Math.pow(q, 1 - s);
  let sum = 0;
  let a = q;
  for (let i = 0; a < 10 || i < 9; i++) {
    sum += Math.pow(a, -s);
    a += 1;
  }
  const as = Math.pow(a, -s);
  let tail = (a * as) / (s - 1) + 0.5 * as;
  let fac = (s / a) * as; // s (s+1) ... (s+2k-2) a^(-s-2k+1)
  let num = 2; // (2k)!
  for (let k = 1; k <= 12; k++) {
    const t = (B2K[k - 1] * fac) / num;
    tail += t;
    if (Math.abs(t) < 1e-17 * Math.abs(sum + tail)) break;
    fac *= ((s + 2 * k - 1) * (s + 2 * k)) / (a * a);
    num *= (2 * k + 1) * (2 * k + 2);
  }
  return sum + tail;
}

const EULER = 0.5772156649015329;
const HALF_LOG_2PI = 0.9189385332046728;
const LOG_PI = 1.1447298858494002;
// (zeta(k) - 1) / k for k = 2, 3, ...: the Taylor coefficients of lgamma at 2.
const LGAMMA_SERIES = Array.from({ length: 43 }, (_, k) => hurwitzZeta(k + 2, 2) / (k + 2));

/** lgamma(2 + z) for |z| <= 0.5: (1 - euler) z + sum (-1)^k (zeta(k) - 1) / k z^k. */
function lgammaNear2(z: number): number {
  let s = 0;
  for (let k = LGAMMA_SERIES.length - 1; k >= 0; k--) s = (LGAMMA_SERIES[k] - s) * z;
  return (1 - EULER) * z + s * z;
}

/** log|gamma(x)|: a series at 2 (with recurrences) below 12, Stirling's series above, reflection below 0. */
export function lgamma(x: number): number {
  if (x !== x) return x;
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x <= 0) {
    if (x === Math.floor(x)) return Infinity;
    return LOG_PI - Math.log(Math.abs(sinpi(x))) - Math.log(-x) - lgamma(-x);
  }
  if (x < 0.5) return lgammaNear2(x) - Math.log(x) - Math.log1p(x);
  if (x < 1.5) return lgammaNear2(x - 1) - Math.log(x);
  if (x < 2.5) return lgammaNear2(x - 2);
  if (x < 12) {
    const n = Math.floor(x - 1.5);
    let p = 1;
    for (let i = 1; i <= n; i++) p *= x - i;
    return Math.log(p) + lgammaNear2(x - n - 2);
  }
  const z = 1 / (x * x);
  const series =
    (1 / 12 - z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z * (1 / 1188 - z * (691 / 360360 - z / 156)))))) / x;
  return x * (Math.log(x) - 1) - 0.5 * Math.log(x) + HALF_LOG_2PI + series;
}

// digamma's positive root (head and tail), and its Taylor coefficients there:
// (-1)^(k+1) zeta(k + 1, root) for k = 1, 2, ...
const DIGAMMA_ROOT_HI = 1.4616321449683622;
const DIGAMMA_ROOT_LO = 9.549995429965697e-17;
const DIGAMMA_ROOT_SERIES = Array.from(
  { length: 50 },
  (_, i) => (i % 2 === 0 ? 1 : -1) * hurwitzZeta(i + 2, DIGAMMA_ROOT_HI),
);

/**
 * digamma: recurrence up to 10, then the asymptotic series; reflection below 0 (as ATen). Near
 * the positive root, where the recurrence cancels, a Taylor series about the root.
 */
export function digamma(x: number): number {
  if (x !== x || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x < 0) {
    if (x === Math.floor(x)) return NaN;
    return digamma(1 - x) - (Math.PI * cospi(x)) / sinpi(x);
  }
  if (x > 0.9 && x < 2.1) {
    const t = x - DIGAMMA_ROOT_HI - DIGAMMA_ROOT_LO;
    let s = 0;
    for (let k = DIGAMMA_ROOT_SERIES.length - 1; k >= 0; k--) s = s * t + DIGAMMA_ROOT_SERIES[k];
    return s * t;
  }
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const z = 1 / (x * x);
  return (
    r +
    Math.log(x) -
    0.5 / x -
    z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z / 12))))))
  );
}

/**
 * trigamma as ATen computes it (calc_trigamma): below 1/2 by the reflection formula through
 * sin(pi x), which is tiny but not zero at the negative integers, so the poles come out as large
 * finite values; then six steps of the recurrence and the asymptotic series. Used at the poles
 * only, where PyTorch's values are these (elsewhere the Hurwitz zeta is closer to the true value:
 * ATen's reflection loses up to ~700 ulp for negative x).
 */
export function trigamma(x: number): number {
  let sign = 1;
  let result = 0;
  if (x < 0.5) {
    sign = -1;
    const s = Math.sin(Math.PI * x);
    result -= (Math.PI * Math.PI) / (s * s);
    x = 1 - x;
  }
  for (let i = 0; i < 6; i++) {
    result += 1 / (x * x);
    x += 1;
  }
  const ixx = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ixx * (1 / 6 - ixx * (1 / 30 - ixx * (1 / 42)))) / x;
  return sign * result;
}

/**
 * polygamma(n, x) = (-1)^(n+1) n! zeta(n + 1, x) for n >= 1; digamma for n = 0. At the poles of
 * trigamma (0 and the negative integers), ATen's finite values (trigamma above).
 */
export function polygamma(n: number, x: number): number {
  if (n !== n || x !== x) return NaN;
  if (n === 0) return digamma(x);
  if (n === 1 && x <= 0 && x === Math.floor(x)) return trigamma(x);
  if (n < 0 || n !== Math.floor(n)) return NaN;
  // At the infinities, ATen's values: trigamma(inf) = 0, trigamma(-inf) = NaN; higher orders
  // (through its zeta) NaN at inf and a signed infinity at -inf.
  if (x === Infinity) return n === 1 ? 0 : NaN;
  if (x === -Infinity) return n === 1 ? NaN : n % 2 !== 0 ? Infinity : -Infinity;
  let f = n > 170 ? Infinity : 1; // n! overflows beyond 170
  for (let i = 2; i <= n && f < Infinity; i++) f *= i;
  return (n % 2 !== 0 ? f : -f) * hurwitzZeta(n + 1, x);
}

/** Round half to even, as torch.round (and C's nearbyint) do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python's floor-mod: the result takes the sign of the divisor. */
export function pyRemainder(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/**
 * Floor division as ATen's div_floor_floating: through fmod, so that 1 // 0.1 is 9 (the quotient
 * 1 / 0.1 rounds up to exactly 10), with IEEE results for a zero divisor and a signed zero result.
 */
export function divFloor(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return copysign(0, a / b);
  let floordiv = Math.floor(div);
  if (div - floordiv > 0.5) floordiv += 1;
  return floordiv;
}

/** divFloor with every step rounded to float32, as ATen computes it for float tensors. */
export function divFloor32(a: number, b: number): number {
  const f = Math.fround;
  if (b === 0) return f(a / b);
  const mod = a % b;
  let div = f(f(a - mod) / b);
  if (mod !== 0 && b < 0 !== mod < 0) div = f(div - 1);
  if (div === 0) return copysign(0, a / b);
  let floordiv = Math.floor(div);
  if (f(div - floordiv) > 0.5) floordiv += 1;
  return floordiv;
}

/** C's pow: 1 to any power and anything to the power 0 are 1, and (-1)^±inf is 1. */
export function cpow(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}

/** Integer power as ATen's powi: negative exponents give 0, except for bases 1 and -1. */
export function powInt(a: number, b: number): number {
  if (b < 0) {
    if (a === 1) return 1;
    if (a === -1) return b % 2 === 0 ? 1 : -1;
    return 0;
  }
  return Math.pow(a, b) + 0;
}

/** powInt in 32-bit arithmetic: products wrap as int32 multiplication does in C. */
export function powInt32(a: number, b: number): number {
  if (b < 0) return powInt(a, b);
  let result = 1;
  let base = a;
  let e = b;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e = Math.floor(e / 2);
  }
  return result;
}

export function copysign(a: number, b: number): number {
  const mag = Math.abs(a);
  return b < 0 || Object.is(b, -0) ? -mag : mag;
}

export function xlogy(a: number, b: number): number {
  if (b !== b) return NaN;
  return a === 0 ? 0 : a * Math.log(b);
}

export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x * Math.SQRT1_2));
}

const INV_SQRT_2PI = 0.3989422804014327;

/** GELU's backward in one step: g (Phi(x) + x phi(x)). */
export function geluBackward(g: number, x: number): number {
  const cdf = 0.5 * (1 + erf(x * Math.SQRT1_2));
  const pdf = Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
  return g * (cdf + x * pdf);
}

/** The tanh approximation's backward: g (0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 c x^2)), t = tanh(k (x + c x^3)). */
export function geluTanhBackward(g: number, x: number): number {
  const k = 0.7978845608028654;
  const c = 0.044715;
  const t = Math.tanh(k * (x + c * x * x * x));
  return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * c * x * x));
}
