// Floating-point arithmetic exactly as PyTorch's CPU random kernels do it, so sampled values match
// bit for bit. Two things need care in JavaScript:
//
// - Fused multiply-add. ATen's CPU kernels are compiled with FMA enabled and GCC contracts
//   `x * y + z` into one fma (one rounding). `fma` and `fmaf` emulate the double and float32
//   instructions exactly.
// - The AVX2 Box-Muller fill (float32 normal_ on 16 or more contiguous elements) uses the
//   polynomial log and sincos of avx_mathfun.h (after Cephes), not libm. `avxBoxMuller16`
//   reproduces them one lane at a time, with the multiply-adds GCC fuses fused.

const f = Math.fround;

/** float32 fma: a * b + c with a single rounding (a, b, c float32 values). */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b; // exact: the product of two 24-bit significands fits a double
  const s = p + c;
  const r = f(s);
  // Rounding s to float32 rounds the exact sum correctly unless s lies exactly halfway between two
  // floats; then n, the float on s's other side, is a float too, and the sign of s's own rounding
  // error decides. (NaN and infinities leave through the first return.)
  const n = r + 2 * (s - r);
  if (f(n) !== n || n === r) return r;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0) return r;
  return err > 0 === n > r ? n : r;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;
const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's split of a double into two 26-bit halves

/**
 * Double fma: a * b + c with a single rounding. The product is split exactly (Dekker) into
 * ph + pl, c + ph exactly into uh + ul, and the result is RN(uh + RO(ul + pl)) with RO rounding to
 * odd (Boldo and Melquiond). RN(uh + RN(ul + pl)) equals it unless uh + RN(ul + pl) is exactly
 * halfway between two doubles, so the rounding to odd is only done then.
 */
export function fma(a: number, b: number, c: number): number {
  const ph = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - ph + ah * bl + al * bh + al * bl;
  const uh = c + ph;
  let bv = uh - c;
  const ul = c - (uh - bv) + (ph - bv);
  const v = ul + pl;
  const res = uh + v;
  bv = res - uh;
  const e = uh - (res - bv) + (v - bv);
  if (e === 0 || res + 2 * e - res !== 2 * e) {
    // Overflow, infinities and NaN make the error terms NaN: IEEE's own a * b + c is right then.
    return res === res ? res : ph + c;
  }
  return uh + addRoundToOdd(ul, pl);
}

/** x + y rounded to odd: exact sums stay, inexact ones take the neighbour with an odd last bit. */
function addRoundToOdd(x: number, y: number): number {
  const v = x + y;
  const bv = v - x;
  const err = x - (v - bv) + (y - bv);
  if (err === 0) return v;
  F64[0] = v;
  if (U32[LO] & 1) return v;
  if (err > 0 === v > 0) {
    U32[LO] = (U32[LO] + 1) >>> 0;
    if (U32[LO] === 0) U32[HI]++;
  } else {
    if (U32[LO] === 0) U32[HI]--;
    U32[LO] = (U32[LO] - 1) >>> 0;
  }
  return F64[0];
}

// ---------------------------------------------------------------- avx_mathfun.h, one lane

const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

const SQRTHF = f(0.707106781186547524);
const [P0, P1, P2, P3, P4, P5, P6, P7, P8] = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);

/** log256_ps for one positive float32 (the Box-Muller fill only passes values in (0, 1]). */
function logf(v: number): number {
  F32[0] = v < 1.1754943508222875e-38 ? 1.1754943508222875e-38 : v;
  const bits = I32[0];
  I32[0] = (bits & ~0x7f800000) | 0x3f000000; // the mantissa, as a float in [0.5, 1)
  let x = F32[0];
  let e = f((bits >>> 23) - 127 + 1);
  let tmp = 0;
  if (x < SQRTHF) {
    e = f(e - 1);
    tmp = x;
  }
  x = f(f(x - 1) + tmp);
  const z = f(x * x);
  let y = fmaf(P0, x, P1);
  y = fmaf(y, x, P2);
  y = fmaf(y, x, P3);
  y = fmaf(y, x, P4);
  y = fmaf(y, x, P5);
  y = fmaf(y, x, P6);
  y = fmaf(y, x, P7);
  y = fmaf(y, x, P8);
  y = f(y * x);
  y = fmaf(y, z, f(e * LOG_Q1));
  y = f(y - f(z * 0.5));
  x = f(x + y);
  return f(x + f(e * LOG_Q2));
}

const FOPI = f(1.27323954473516);
const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.77489497744594108e-8);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);

let sinOut = 0;
let cosOut = 0;

/** sincos256_ps for one float32; results in sinOut and cosOut. */
function sincosf(v: number): void {
  const negative = v < 0;
  let x = Math.abs(v);
  let j = Math.trunc(f(x * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y = j; // small integer: exact as float32
  const sinSign = negative !== ((j & 4) !== 0);
  const cosSign = ((j - 2) & 4) === 0;
  const usePoly2ForSin = (j & 2) === 0;
  x = fmaf(y, DP1, x);
  x = fmaf(y, DP2, x);
  x = fmaf(y, DP3, x);
  const z = f(x * x);
  let yc = fmaf(COS_P[0], z, COS_P[1]);
  yc = fmaf(yc, z, COS_P[2]);
  yc = f(yc * z);
  yc = fmaf(yc, z, -f(z * 0.5));
  yc = f(yc + 1);
  let ys = fmaf(SIN_P[0], z, SIN_P[1]);
  ys = fmaf(ys, z, SIN_P[2]);
  ys = f(ys * z);
  ys = fmaf(ys, x, x);
  const s = usePoly2ForSin ? ys : yc;
  const c = usePoly2ForSin ? yc : ys;
  sinOut = sinSign ? -s : s;
  cosOut = cosSign ? -c : c;
}

const TWO_PI_F = f(2 * Math.PI);

/**
 * normal_fill_16_AVX2: turns 16 uniforms at data[at..at+16) into normals in place. Lanes j and
 * j + 8 form one Box-Muller pair: u1 = 1 - data[j] feeds the radius, data[j + 8] the angle.
 */
export function avxBoxMuller16(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const u1 = f(1 - data[j]);
    const radius = f(Math.sqrt(f(-2 * logf(u1))));
    sincosf(f(TWO_PI_F * data[j + 8]));
    data[j] = fmaf(f(radius * cosOut), std, mean);
    data[j + 8] = fmaf(f(radius * sinOut), std, mean);
  }
}
