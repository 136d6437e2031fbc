// Floating-point arithmetic exactly as PyTorch's CPU random kernels do it, so sampled values match
// bit for bit. Two things need care in JavaScript:
//
// - Fused multiply-add. ATen's CPU kernels are compiled with FMA enabled and GCC contracts
//   `x * y + z` into one fma (one rounding). `fma` and `fmaf` emulate the double and float32
//   instructions exactly.
// - The AVX2 Box-Muller fill (float32 normal_ on 16 or more contiguous elements) uses the
//   polynomial log and sincos of avx_mathfun.h (after Cephes), not libm. `avxBoxMuller16`
//   reproduces them one lane at a time, with the multiply-adds GCC fuses fused.

// Math.fround is called by name: through an alias V8 calls the builtin and boxes its result.

/** float32 fma: a * b + c with a single rounding (a, b, c float32 values). */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b; // exact: the product of two 24-bit significands fits a double
  const s = p + c;
  const r = Math.fround(s);
  // Rounding s to float32 rounds the exact sum correctly unless s lies exactly halfway between two
  // floats; then n, the float on s's other side, is a float too, and the sign of s's own rounding
  // error decides. (NaN and infinities leave through the first return.)
  const n = r + 2 * (s - r);
  if (Math.fround(n) !== n || n === r) return r;
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

const SQRTHF = Math.fround(0.707106781186547524);
// One call site per polynomial (a loop), so that V8 inlines fmaf everywhere within its budget.
const LOG_P = new Float64Array(
  [
    7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
    2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
  ].map(Math.fround),
);
const LOG_Q1 = Math.fround(-2.1219444e-4);
const LOG_Q2 = Math.fround(0.693359375);

// The lanes are computed a stage at a time over small typed arrays: every function here returns
// nothing, so no double is boxed on the way (a call V8 does not inline returns its number boxed,
// one heap allocation per sample).
const LOG = new Float64Array(8);
const SIN = new Float64Array(8);
const COS = new Float64Array(8);

// Per-lane intermediates: each polynomial runs one coefficient at a time across all 8 lanes, so
// the lanes' independent dependency chains overlap (as the SIMD original computes them).
const LX = new Float64Array(8);
const LE = new Float64Array(8);
const LZ = new Float64Array(8);
const LY = new Float64Array(8);
const LC = new Float64Array(8);
const LQ = new Int32Array(8);

/** log256_ps of 1 - data[at + j] for the 8 lanes j, into LOG (the fill passes values in (0, 1]). */
function logf8(data: Float32Array, at: number): void {
  for (let j = 0; j < 8; j++) {
    const v = Math.fround(1 - data[at + j]);
    F32[0] = v < 1.1754943508222875e-38 ? 1.1754943508222875e-38 : v;
    const bits = I32[0];
    I32[0] = (bits & ~0x7f800000) | 0x3f000000; // the mantissa, as a float in [0.5, 1)
    let x = F32[0];
    let e = Math.fround((bits >>> 23) - 127 + 1);
    let tmp = 0;
    if (x < SQRTHF) {
      e = Math.fround(e - 1);
      tmp = x;
    }
    x = Math.fround(Math.fround(x - 1) + tmp);
    LX[j] = x;
    LE[j] = e;
    LZ[j] = Math.fround(x * x);
    LY[j] = LOG_P[0];
  }
  for (let k = 1; k < 9; k++) {
    const c = LOG_P[k];
    for (let j = 0; j < 8; j++) LY[j] = fmaf(LY[j], LX[j], c);
  }
  for (let j = 0; j < 8; j++) {
    const x = LX[j];
    const z = LZ[j];
    const e = LE[j];
    let y = Math.fround(LY[j] * x);
    y = fmaf(y, z, Math.fround(e * LOG_Q1));
    y = Math.fround(y - Math.fround(z * 0.5));
    LOG[j] = Math.fround(Math.fround(x + y) + Math.fround(e * LOG_Q2));
  }
}

const FOPI = Math.fround(1.27323954473516);
const DP = new Float64Array([-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8].map(Math.fround));
const SIN_P = new Float64Array([-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(Math.fround));
const COS_P = new Float64Array([2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(Math.fround));
const TWO_PI_F = Math.fround(2 * Math.PI);

/** sincos256_ps of 2π·data[at + 8 + j] for the 8 lanes j, into SIN and COS. */
function sincosf8(data: Float32Array, at: number): void {
  for (let j = 0; j < 8; j++) {
    const v = Math.fround(TWO_PI_F * data[at + 8 + j]);
    let x = Math.abs(v);
    let q = Math.trunc(Math.fround(x * FOPI)) | 0;
    q = (q + 1) & ~1;
    LQ[j] = v < 0 ? q | 1 : q; // q is even: bit 0 records v's sign
    for (let k = 0; k < 3; k++) x = fmaf(q, DP[k], x); // q is a small integer: exact as float32
    LX[j] = x;
    LZ[j] = Math.fround(x * x);
    LC[j] = COS_P[0];
    LY[j] = SIN_P[0];
  }
  for (let k = 1; k < 3; k++) {
    const cc = COS_P[k];
    const sc = SIN_P[k];
    for (let j = 0; j < 8; j++) {
      LC[j] = fmaf(LC[j], LZ[j], cc);
      LY[j] = fmaf(LY[j], LZ[j], sc);
    }
  }
  for (let j = 0; j < 8; j++) {
    const z = LZ[j];
    const x = LX[j];
    let yc = Math.fround(LC[j] * z);
    yc = fmaf(yc, z, -Math.fround(z * 0.5));
    yc = Math.fround(yc + 1);
    let ys = Math.fround(LY[j] * z);
    ys = fmaf(ys, x, x);
    const q = LQ[j] & ~1;
    const sinSign = ((LQ[j] & 1) !== 0) !== ((q & 4) !== 0);
    const cosSign = ((q - 2) & 4) === 0;
    const usePoly2ForSin = (q & 2) === 0;
    const s = usePoly2ForSin ? ys : yc;
    const c = usePoly2ForSin ? yc : ys;
    SIN[j] = sinSign ? -s : s;
    COS[j] = cosSign ? -c : c;
  }
}

/**
 * normal_fill_16_AVX2: turns 16 uniforms at data[at..at+16) into normals in place. Lanes j and
 * j + 8 form one Box-Muller pair: u1 = 1 - data[j] feeds the radius, data[j + 8] the angle.
 */
export function avxBoxMuller16(data: Float32Array, at: number, mean: number, std: number): void {
  logf8(data, at);
  sincosf8(data, at);
  for (let j = 0; j < 8; j++) {
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * LOG[j])));
    data[at + j] = fmaf(Math.fround(radius * COS[j]), std, mean);
    data[at + j + 8] = fmaf(Math.fround(radius * SIN[j]), std, mean);
  }
}
