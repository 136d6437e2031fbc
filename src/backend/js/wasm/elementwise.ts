// The TypeScript backend's WebAssembly SIMD kernels besides the GEMM: elementwise unary and binary
// ops, float32 comparisons, clamp, thresholdBackward, row and column sums, softmax / log_softmax
// rows and the fused Adam step, emitted per element type (f32x4, f64x2) at load time like the
// GEMM (kernel.ts). Callers (elementwise.ts, reduce.ts, nn.ts, optim.ts) put them in front of
// their JavaScript loops for the layouts they cover and fall back to the loops otherwise.
//
// Operands live in ordinary typed arrays, so each call streams them through the module's memory a
// chunk at a time: copy a chunk of each input in, run the kernel over it, copy the chunk of the
// result out. A chunk (CHUNK_BYTES per operand) stays in L1/L2 between those steps, so the copies
// run at cache speed and main memory is only touched by the unavoidable reads and the write
// (bench/elementwise_wasm.ts measures this against the plain JavaScript loops). The memory never
// grows: every call reuses the same few staging regions.
//
// Every kernel reads and writes whole vectors: a chunk's tail lanes past n compute on leftovers in
// the staging region and are never copied out.

import type { TypedArray } from '../../../tensor/dtype.js';
import { Body, I32, moduleBytes, SIMD, V128 } from './emit.js';

/** Unary kinds with a WebAssembly kernel (float32 and float64 unless listed in F32_ONLY). */
export const WASM_UNARY = [
  'neg',
  'abs',
  'sqrt',
  'relu',
  'square',
  'reciprocal',
  'exp',
  'log',
  'tanh',
  'sigmoid',
] as const;
export type WasmUnary = (typeof WASM_UNARY)[number];
/** sin and cos: float32 on trigKernel, float64 on trig64Kernel. */
export const WASM_TRIG = ['sin', 'cos'] as const;
/**
 * float32 erf and gelu, computed in float64 lanes (erfF64) and rounded once; float64 erf on
 * erfF64Accurate (float64 gelu keeps the loop).
 */
export const WASM_ERF = ['erf', 'gelu'] as const;
/** Binary kinds with a WebAssembly kernel (same-shape and scalar-broadcast operands). */
export const WASM_BINARY = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const;
export type WasmBinary = (typeof WASM_BINARY)[number];
/** Comparisons of float32 operands into bool (one byte per element), same modes as binary. */
export const WASM_COMPARE = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
/** Kinds whose float32 kernel works in float32 lanes and whose float64 one is F64_UNARY_EMIT's. */
const F32_ONLY: ReadonlySet<string> = new Set(['exp', 'log', 'tanh', 'sigmoid']);

/** Bytes per staging region (one chunk of one operand). */
const CHUNK_BYTES = 32768;
/** Regions: a, b, out (and two more for Adam's five streams), then the reduction's accumulators. */
const REGION = CHUNK_BYTES + 64;
const A = 0;
const B = REGION;
const O = 2 * REGION;
const R3 = 3 * REGION;
const R4 = 4 * REGION;
const ACC = 5 * REGION;
const PAGE = 65536;
/** The longest row softmaxRow takes: its float64 exponentials fill one staging region. */
export const SOFTMAX_MAX_ROW = CHUNK_BYTES / 8;

type T = 4 | 8;

interface Ops {
  add: number;
  sub: number;
  mul: number;
  div: number;
  min: number;
  max: number;
  pmin: number;
  pmax: number;
  eq: number;
  ne: number;
  lt: number;
  abs: number;
  neg: number;
  sqrt: number;
  splatLoad: number;
}

function ops(bytes: T): Ops {
  return bytes === 4
    ? {
        add: SIMD.f32x4Add,
        sub: SIMD.f32x4Sub,
        mul: SIMD.f32x4Mul,
        div: SIMD.f32x4Div,
        min: SIMD.f32x4Min,
        max: SIMD.f32x4Max,
        pmin: SIMD.f32x4Pmin,
        pmax: SIMD.f32x4Pmax,
        eq: SIMD.f32x4Eq,
        ne: SIMD.f32x4Ne,
        lt: SIMD.f32x4Lt,
        abs: SIMD.f32x4Abs,
        neg: SIMD.f32x4Neg,
        sqrt: SIMD.f32x4Sqrt,
        splatLoad: SIMD.load32Splat,
      }
    : {
        add: SIMD.f64x2Add,
        sub: SIMD.f64x2Sub,
        mul: SIMD.f64x2Mul,
        div: SIMD.f64x2Div,
        min: SIMD.f64x2Min,
        max: SIMD.f64x2Max,
        pmin: SIMD.f64x2Pmin,
        pmax: SIMD.f64x2Pmax,
        eq: SIMD.f64x2Eq,
        ne: SIMD.f64x2Ne,
        lt: SIMD.f64x2Lt,
        abs: SIMD.f64x2Abs,
        neg: SIMD.f64x2Neg,
        sqrt: SIMD.f64x2Sqrt,
        splatLoad: SIMD.load64Splat,
      };
}

/** Pushes one vector computed from the vectors in locals `x` (and `y`). */
type Emit = (f: Body, o: Ops, fk: 'f32' | 'f64', x: number, y: number) => void;

const BINARY_EMIT: Record<WasmBinary, Emit> = {
  add: (f, o, _, x, y) => f.get(x).get(y).simd(o.add),
  sub: (f, o, _, x, y) => f.get(x).get(y).simd(o.sub),
  mul: (f, o, _, x, y) => f.get(x).get(y).simd(o.mul),
  div: (f, o, _, x, y) => f.get(x).get(y).simd(o.div),
  // `a > b ? a : b` is pmax(b, a); NaN in either operand gives NaN (a + b), as the JS kernel does.
  maximum: (f, o, _, x, y) => {
    f.get(x).get(y).simd(o.add);
    f.get(y).get(x).simd(o.pmax);
    nanMask(f, o, x, y);
    f.simd(SIMD.bitselect);
  },
  minimum: (f, o, _, x, y) => {
    f.get(x).get(y).simd(o.add);
    f.get(y).get(x).simd(o.pmin);
    nanMask(f, o, x, y);
    f.simd(SIMD.bitselect);
  },
};

function nanMask(f: Body, o: Ops, x: number, y: number): void {
  f.get(x).get(x).simd(o.ne).get(y).get(y).simd(o.ne).simd(SIMD.or);
}

const UNARY_EMIT: Record<WasmUnary, Emit> = {
  neg: (f, o, _, x) => f.get(x).simd(o.neg),
  abs: (f, o, _, x) => f.get(x).simd(o.abs),
  sqrt: (f, o, _, x) => f.get(x).simd(o.sqrt),
  square: (f, o, _, x) => f.get(x).get(x).simd(o.mul),
  reciprocal: (f, o, fk, x) => f.splatConst(fk, 1).get(x).simd(o.div),
  // `a < 0 ? 0 : a`: NaN and -0 pass through.
  relu: (f, o, _, x) => {
    f.v128Zero().get(x).get(x).v128Zero().simd(o.lt).simd(SIMD.bitselect);
  },
  exp: (f, _o, _fk, x) => expF32(f, x),
  log: (f, _o, _fk, x) => logF32(f, x),
  tanh: (f, _o, _fk, x) => tanhF32(f, x),
  // e / (1 + e) for x < 0, 1 / (1 + e) otherwise, e = exp(-|x|): never overflows, and keeps the
  // denormal results of large negative x.
  sigmoid: (f, _o, _fk, x) => {
    const t = f.local(V128);
    const e = f.local(V128);
    f.get(x).simd(SIMD.f32x4Abs).simd(SIMD.f32x4Neg).set(t);
    expF32(f, t);
    f.set(e);
    f.splatConst('f32', 1).get(e).get(x).v128Zero().simd(SIMD.f32x4Ge).simd(SIMD.bitselect);
    f.splatConst('f32', 1).get(e).simd(SIMD.f32x4Add).simd(SIMD.f32x4Div);
  },
};

/**
 * tanh over f32x4 lanes, Cephes' tanhf scheme: x + x^3 P(x^2) for |x| < 0.625, else
 * sign(x) (1 - 2 / (exp(2|x|) + 1)) (which reaches +-1 exactly for large |x|; NaN passes through).
 */
function tanhF32(f: Body, x: number): void {
  const ax = f.local(V128);
  const t = f.local(V128);
  const z = f.local(V128);
  f.get(x).simd(SIMD.f32x4Abs).set(ax);
  f.get(ax).get(ax).simd(SIMD.f32x4Add).set(t);
  // Large |x|: 1 - 2 / (exp(2|x|) + 1), with x's sign bit.
  f.splatConst('f32', 1).splatConst('f32', 2);
  expF32(f, t);
  f.splatConst('f32', 1).simd(SIMD.f32x4Add).simd(SIMD.f32x4Div).simd(SIMD.f32x4Sub);
  f.get(x).splatConst('i32', -0x80000000).simd(SIMD.and).simd(SIMD.or);
  // Small |x|: x + x z P(z), z = x^2.
  f.get(x).get(x).simd(SIMD.f32x4Mul).set(z);
  const P = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];
  f.splatConst('f32', P[0]);
  for (let i = 1; i < P.length; i++) f.get(z).simd(SIMD.f32x4Mul).splatConst('f32', P[i]).simd(SIMD.f32x4Add);
  f.get(z).simd(SIMD.f32x4Mul).get(x).simd(SIMD.f32x4Mul).get(x).simd(SIMD.f32x4Add);
  // bitselect(small, large, |x| < 0.625): the stack holds large, small.
  f.set(t).set(z).get(t).get(z);
  f.get(ax).splatConst('f32', 0.625).simd(SIMD.f32x4Lt).simd(SIMD.bitselect);
  // tanh(-0) = -0 (x + x z P(z) gives +0 there).
  f.set(t).get(x).get(t).get(x).v128Zero().simd(SIMD.f32x4Eq).simd(SIMD.bitselect);
}

/**
 * exp over f32x4 lanes, Cephes' expf scheme: n = round(x log2 e), r = x - n ln 2 in two parts
 * (the first exact), exp(r) by a degree-7 polynomial, times 2^n applied as two exponent-field
 * factors so that results down to the denormals are rounded once. Inputs are clamped to
 * [-104, 88.8] first (exp overflows above and rounds to 0 below; NaN passes the clamp).
 */
function expF32(f: Body, x: number): void {
  const t = f.local(V128);
  const n = f.local(V128);
  const r = f.local(V128);
  const ni = f.local(V128);
  const n1 = f.local(V128);
  f.get(x).splatConst('f32', 88.8).simd(SIMD.f32x4Min).splatConst('f32', -104).simd(SIMD.f32x4Max).set(t);
  f.get(t).splatConst('f32', Math.LOG2E).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Nearest).set(n);
  f.get(t).get(n).splatConst('f32', 0.693359375).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub);
  f.get(n).splatConst('f32', -2.1219444e-4).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub).set(r);
  const P = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
  f.splatConst('f32', P[0]);
  for (let i = 1; i < P.length; i++) f.get(r).simd(SIMD.f32x4Mul).splatConst('f32', P[i]).simd(SIMD.f32x4Add);
  f.get(r).get(r).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Mul).get(r).simd(SIMD.f32x4Add);
  f.splatConst('f32', 1).simd(SIMD.f32x4Add);
  f.get(n).simd(SIMD.i32x4TruncSatF32x4S).set(ni);
  f.get(ni).i32(1).simd(SIMD.i32x4ShrS).tee(n1);
  f.splatConst('i32', 127).simd(SIMD.i32x4Add).i32(23).simd(SIMD.i32x4Shl).simd(SIMD.f32x4Mul);
  f.get(ni).get(n1).simd(SIMD.i32x4Sub);
  f.splatConst('i32', 127).simd(SIMD.i32x4Add).i32(23).simd(SIMD.i32x4Shl).simd(SIMD.f32x4Mul);
}

/**
 * log over f32x4 lanes, Cephes' logf scheme: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(m) =
 * f - f^2/2 + f^3 P(f) for f = m - 1, plus e ln 2 in two parts. Denormal inputs are scaled by
 * 2^23 first; 0, negative numbers, +Inf and NaN are patched in at the end.
 */
function logF32(f: Body, x: number): void {
  const small = f.local(V128);
  const bits = f.local(V128);
  const e = f.local(V128);
  const m = f.local(V128);
  const lt = f.local(V128);
  const g = f.local(V128);
  const z = f.local(V128);
  const ef = f.local(V128);
  const y = f.local(V128);
  f.get(x).splatConst('f32', 1.17549435e-38).simd(SIMD.f32x4Lt).set(small);
  f.get(x).splatConst('f32', 8388608).simd(SIMD.f32x4Mul).get(x).get(small).simd(SIMD.bitselect).set(bits);
  f.get(bits).i32(23).simd(SIMD.i32x4ShrU).splatConst('i32', 126).simd(SIMD.i32x4Sub);
  f.get(small).splatConst('i32', 23).simd(SIMD.and).simd(SIMD.i32x4Sub).set(e);
  f.get(bits).splatConst('i32', 0x007fffff).simd(SIMD.and).splatConst('i32', 0x3f000000).simd(SIMD.or).set(m);
  f.get(m).splatConst('f32', Math.SQRT1_2).simd(SIMD.f32x4Lt).set(lt);
  f.get(e).get(lt).simd(SIMD.i32x4Add).set(e);
  f.get(m).get(m).simd(SIMD.f32x4Add).get(m).get(lt).simd(SIMD.bitselect);
  f.splatConst('f32', 1).simd(SIMD.f32x4Sub).set(g);
  f.get(g).get(g).simd(SIMD.f32x4Mul).set(z);
  const P = [
    7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
    2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
  ];
  f.splatConst('f32', P[0]);
  for (let i = 1; i < P.length; i++) f.get(g).simd(SIMD.f32x4Mul).splatConst('f32', P[i]).simd(SIMD.f32x4Add);
  f.get(g).simd(SIMD.f32x4Mul).get(z).simd(SIMD.f32x4Mul);
  f.get(e).simd(SIMD.f32x4ConvertI32x4S).set(ef);
  f.get(ef).splatConst('f32', -2.1219444e-4).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Add);
  f.get(z).splatConst('f32', -0.5).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Add).set(y);
  f.get(g).get(y).simd(SIMD.f32x4Add);
  f.get(ef).splatConst('f32', 0.693359375).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Add);
  // log(0) = -Inf, log(x < 0) = NaN, log(NaN) = NaN, log(+Inf) = +Inf.
  f.set(y);
  f.splatConst('f32', -Infinity).get(y).get(x).v128Zero().simd(SIMD.f32x4Eq).simd(SIMD.bitselect).set(y);
  f.splatConst('f32', NaN).get(y).get(x).v128Zero().simd(SIMD.f32x4Lt).simd(SIMD.bitselect).set(y);
  f.get(x).get(y).get(x).get(x).simd(SIMD.f32x4Ne);
  f.get(x).splatConst('f32', Infinity).simd(SIMD.f32x4Eq).simd(SIMD.or).simd(SIMD.bitselect);
}

/**
 * exp over f64x2 lanes, for softmax: n = round(t log2 e), r = t - n ln 2 in two parts (the first
 * product exact), exp(r) by its Taylor series to r^11 (relative error below 1e-14 for
 * |r| <= ln 2 / 2: far below float32 rounding), times 2^n as two exponent-field factors. Inputs
 * are clamped to [-746, 710] (NaN passes).
 */
function expF64(f: Body, x: number): void {
  const t = f.local(V128);
  const n = f.local(V128);
  const r = f.local(V128);
  const ni = f.local(V128);
  const n1 = f.local(V128);
  f.get(x).splatConst('f64', 710).simd(SIMD.f64x2Min).splatConst('f64', -746).simd(SIMD.f64x2Max).set(t);
  f.get(t).splatConst('f64', Math.LOG2E).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Nearest).set(n);
  // ln 2 = LN2_HI + LN2_LO with LN2_HI's low 21 bits zero, so n * LN2_HI is exact.
  f.get(t).get(n).splatConst('f64', 0.6931471803691238).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub);
  f.get(n).splatConst('f64', 1.9082149292705877e-10).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub).set(r);
  let fact = 1;
  for (let k = 2; k <= 11; k++) fact *= k;
  f.splatConst('f64', 1 / fact);
  for (let k = 10; k >= 0; k--) {
    fact /= Math.max(k + 1, 1);
    f.get(r)
      .simd(SIMD.f64x2Mul)
      .splatConst('f64', 1 / fact)
      .simd(SIMD.f64x2Add);
  }
  f.get(n).simd(SIMD.i32x4TruncSatF64x2SZero).simd(SIMD.i64x2ExtendLowI32x4S).set(ni);
  f.get(ni).i32(1).simd(SIMD.i64x2ShrS).tee(n1);
  f.splatConst('i64', 1023).simd(SIMD.i64x2Add).i32(52).simd(SIMD.i64x2Shl).simd(SIMD.f64x2Mul);
  f.get(ni).get(n1).simd(SIMD.i64x2Sub);
  f.splatConst('i64', 1023).simd(SIMD.i64x2Add).i32(52).simd(SIMD.i64x2Shl).simd(SIMD.f64x2Mul);
}

/** erf's Maclaurin coefficients 2/sqrt(pi) (-1)^k / (k! (2k + 1)), k = 0..17 (for |x| < 1). */
const ERF_SERIES = ((): number[] => {
  const c: number[] = [];
  let fact = 1;
  for (let k = 0; k < 18; k++) {
    if (k > 0) fact *= k;
    c.push(((k % 2 === 0 ? 1 : -1) * 1.1283791670955126) / (fact * (2 * k + 1)));
  }
  return c;
})();

/**
 * g(t) = erfc(t) exp(t^2) on [1, 6] as a polynomial in u = (2t - 7) / 5, lowest power first: a
 * Chebyshev interpolant of degree 24 printed by scripts/fit_erfc.py (relative error 2.6e-14).
 */
const ERFC_SCALED = [
  0.15529365560889483, -0.10330894458306888, 0.06663208245301386, -0.041766788125785326, 0.025495559653862673,
  -0.015182511352166495, 0.00883342369381362, -0.005028070700722036, 0.0028033286992523777, -0.0015324941459804557,
  0.0008222384412218838, -0.0004334666085668841, 0.0002246019160268262, -0.00011411059089418943, 5.721520090771459e-5,
  -2.90774197122149e-5, 1.4220066528346667e-5, -5.648975930278801e-6, 2.6199215723088435e-6, -2.3864859371712854e-6,
  1.1367445445027855e-6, 2.1278010367634044e-7, -1.0834703517585723e-7, -2.1796897136013672e-7, 9.792556833703043e-8,
];

/**
 * erf over f64x2 lanes, the shape of math.ts's erf: x P(x^2) (Maclaurin to x^35, relative error
 * below 1e-16) for |x| < 1, else 1 - c with x's sign, c = erfc(t) = exp(-t^2) g(t) at t = min(|x|,
 * 6) (beyond 6, c < 2^-54 and 1 - c rounds to 1, as in the loop). Relative error about 3e-14
 * (expF64 and the fit): ample for a float32 result. NaN passes.
 */
function erfF64(f: Body, x: number): void {
  const ax = f.local(V128);
  const t = f.local(V128);
  const z = f.local(V128);
  const u = f.local(V128);
  const small = f.local(V128);
  const res = f.local(V128);
  f.get(x).simd(SIMD.f64x2Abs).set(ax);
  f.get(ax).splatConst('f64', 1).simd(SIMD.f64x2Lt).set(small);
  // Each branch only when a lane needs it (inputs near 0 mostly need the first alone).
  // Small: x P(x^2).
  f.get(small).simd(SIMD.anyTrue).if();
  f.get(x).get(x).simd(SIMD.f64x2Mul).set(z);
  f.splatConst('f64', ERF_SERIES[ERF_SERIES.length - 1]);
  for (let i = ERF_SERIES.length - 2; i >= 0; i--)
    f.get(z).simd(SIMD.f64x2Mul).splatConst('f64', ERF_SERIES[i]).simd(SIMD.f64x2Add);
  f.get(x).simd(SIMD.f64x2Mul).set(res);
  f.end();
  // Large (and NaN): 1 - exp(-t^2) g(t), with x's sign bit.
  f.get(small).simd(SIMD.not).simd(SIMD.anyTrue).if();
  f.get(res);
  f.splatConst('f64', 1);
  f.get(ax).splatConst('f64', 6).simd(SIMD.f64x2Min).set(t);
  f.get(t).get(t).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Neg).set(z);
  expF64(f, z);
  f.get(t).splatConst('f64', 0.4).simd(SIMD.f64x2Mul).splatConst('f64', 1.4).simd(SIMD.f64x2Sub).set(u);
  f.splatConst('f64', ERFC_SCALED[ERFC_SCALED.length - 1]);
  for (let i = ERFC_SCALED.length - 2; i >= 0; i--)
    f.get(u).simd(SIMD.f64x2Mul).splatConst('f64', ERFC_SCALED[i]).simd(SIMD.f64x2Add);
  f.simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub);
  f.get(x)
    .splatConst('i64', -(2 ** 63))
    .simd(SIMD.and)
    .simd(SIMD.or);
  // bitselect(small, large, |x| < 1).
  f.get(small).simd(SIMD.bitselect).set(res);
  f.end();
  f.get(res);
}

/**
 * g(t) = erfc(t) exp(t^2) on [1, 2.5] and [2.5, 6] as polynomials in u = (2t - 3.5) / 1.5 and
 * (2t - 8.5) / 3.5, lowest power first: Chebyshev interpolants printed by scripts/fit_erfc64.py
 * (relative error 1.8e-16 and 3.7e-16 in float64 evaluation).
 */
const ERFC_SCALED_LO = [
  0.2849722347374364, -0.09823225913586393, 0.031367041923986594, -0.009390935492459373, 0.0026591791241936573,
  -0.0007168914456252124, 0.00018495607833968411, -4.5856167052362756e-5, 1.0962893607629422e-5, -2.5345110647073046e-6,
  5.680167343563448e-7, -1.236598236632184e-7, 2.6200160920446488e-8, -5.4141292740262066e-9, 1.0913862125386419e-9,
  -2.1212376757225127e-10, 4.093847922889574e-11, -9.189420172081477e-12, 1.691370878456324e-12,
];
const ERFC_SCALED_HI = [
  0.12934527478598792, -0.05065257997557652, 0.019391340463735206, -0.007266954317471584, 0.002669003717089505,
  -0.0009617329800559066, 0.0003403116134277806, -0.00011835418404849141, 4.048627867229854e-5, -1.363174825255992e-5,
  4.5205723760969075e-6, -1.477448997250808e-6, 4.760890045671601e-7, -1.511638960992496e-7, 4.743282553477803e-8,
  -1.4929607235249613e-8, 4.563823183027795e-9, -1.1930845191582598e-9, 3.590738941320399e-10, -1.893124342465604e-10,
  5.482498637277496e-11,
];

/** Pushes the polynomial `coef` (lowest power first) at the lanes of local u, by Horner's rule. */
function horner(f: Body, coef: readonly number[], u: number): void {
  f.splatConst('f64', coef[coef.length - 1]);
  for (let i = coef.length - 2; i >= 0; i--)
    f.get(u).simd(SIMD.f64x2Mul).splatConst('f64', coef[i]).simd(SIMD.f64x2Add);
}

/**
 * erf over f64x2 lanes to float64 accuracy (float64 tensors): x + x Q(x^2) for |x| < 1, Q the
 * Maclaurin series less its leading 1 (so the last addition rounds once); else 1 - c with x's
 * sign, c = erfc(t) = exp(-t^2) g(t) at t = min(|x|, 6), g on two intervals (ERFC_SCALED_LO / _HI)
 * and exp(-t^2) as exp(-h^2) exp(-(t - h)(t + h)) with h = t cut to 26 bits (h^2 exact), each
 * exp by expF64Accurate. Beyond 6, c < 2^-54 and 1 - c rounds to 1. NaN passes.
 */
function erfF64Accurate(f: Body, x: number): void {
  const ax = f.local(V128);
  const t = f.local(V128);
  const h = f.local(V128);
  const z = f.local(V128);
  const u = f.local(V128);
  const gl = f.local(V128);
  const e = f.local(V128);
  const small = f.local(V128);
  const res = f.local(V128);
  const series = ERF_SERIES.map((c, i) => (i === 0 ? c - 1 : c));
  f.get(x).simd(SIMD.f64x2Abs).set(ax);
  f.get(ax).splatConst('f64', 1).simd(SIMD.f64x2Lt).set(small);
  f.get(small).simd(SIMD.anyTrue).if();
  f.get(x).get(x).simd(SIMD.f64x2Mul).set(z);
  horner(f, series, z);
  f.get(x).simd(SIMD.f64x2Mul).get(x).simd(SIMD.f64x2Add).set(res);
  f.end();
  f.get(small).simd(SIMD.not).simd(SIMD.anyTrue).if();
  {
    f.get(res);
    f.get(ax).splatConst('f64', 6).simd(SIMD.f64x2Min).set(t);
    // g(t): both intervals' polynomials, the one t falls in chosen.
    f.get(t)
      .splatConst('f64', 2 / 1.5)
      .simd(SIMD.f64x2Mul)
      .splatConst('f64', 3.5 / 1.5)
      .simd(SIMD.f64x2Sub)
      .set(u);
    horner(f, ERFC_SCALED_LO, u);
    f.set(gl);
    f.get(t)
      .splatConst('f64', 2 / 3.5)
      .simd(SIMD.f64x2Mul)
      .splatConst('f64', 8.5 / 3.5)
      .simd(SIMD.f64x2Sub)
      .set(u);
    f.get(gl);
    horner(f, ERFC_SCALED_HI, u);
    f.get(t).splatConst('f64', 2.5).simd(SIMD.f64x2Lt).simd(SIMD.bitselect).set(gl);
    // exp(-t^2) = exp(-h^2) exp(-(t - h)(t + h)).
    f.get(t)
      .splatConst('i64', -(2 ** 27))
      .simd(SIMD.and)
      .set(h);
    f.get(h).get(h).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Neg).set(z);
    expF64Accurate(f, z);
    f.set(e);
    f.get(t)
      .get(h)
      .simd(SIMD.f64x2Sub)
      .get(t)
      .get(h)
      .simd(SIMD.f64x2Add)
      .simd(SIMD.f64x2Mul)
      .simd(SIMD.f64x2Neg)
      .set(z);
    expF64Accurate(f, z);
    f.get(e).simd(SIMD.f64x2Mul).get(gl).simd(SIMD.f64x2Mul).set(e);
    f.splatConst('f64', 1).get(e).simd(SIMD.f64x2Sub);
    f.get(x)
      .splatConst('i64', -(2 ** 63))
      .simd(SIMD.and)
      .simd(SIMD.or);
    f.get(small).simd(SIMD.bitselect).set(res);
  }
  f.end();
  f.get(res);
}

/** float64 sin / cos inputs above this magnitude are left to Math.sin / Math.cos (see trig64Kernel). */
export const TRIG_LIMIT_F64 = 2 ** 20;

/**
 * trig64(a, flag, out, count): float64 sin (cos when `cosine`), four elements per step, `count` steps.
 * x = n pi/2 + r with n = round(2x/pi); r = y0 + y1 as a double-double from three 33-bit parts of
 * pi/2 (each n * part exact for |n| < 2^20) with the subtractions' rounding errors kept (TwoSum),
 * then sin and cos of y0 + y1 by their Taylor series to r^17 / r^16 (truncation below 2^-59 of
 * the result for |r| <= pi/4) with y1's first-order term, the last addition of cos split as 1 - z/2 so that it
 * rounds once; chosen and signed by n mod 4. Lanes with |x| > TRIG_LIMIT_F64 (and infinities) set
 * the v128 stored at `flag` non-zero: the caller recomputes them.
 */
function trig64Kernel(cosine: boolean): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [a, flag, out, count] = [0, 1, 2, 3];
  const big = f.local(V128);
  const x = f.local(V128);
  const add = SIMD.f64x2Add;
  const sub = SIMD.f64x2Sub;
  const mul = SIMD.f64x2Mul;
  const sinCoef: number[] = [];
  const cosCoef: number[] = [];
  let fact = 1;
  for (let k = 2; k <= 17; k++) {
    fact *= k;
    const sign = Math.floor(k / 2) % 2 === 1 ? -1 : 1;
    if (k % 2 === 1) sinCoef.push(sign / fact);
    else if (k >= 4) cosCoef.push(sign / fact);
  }
  /** One vector of x at `offset` from a into out: its result is stored, its large lanes flagged. */
  const lane = (offset: number): void => {
    const n = f.local(V128);
    const r = f.local(V128);
    const w = f.local(V128);
    const s = f.local(V128);
    const bb = f.local(V128);
    const err = f.local(V128);
    const y0 = f.local(V128);
    const y1 = f.local(V128);
    const z = f.local(V128);
    const sn = f.local(V128);
    const cs = f.local(V128);
    const hz = f.local(V128);
    const q = f.local(V128);
    /** r := r - w, err += the subtraction's rounding error (TwoSum of r and -w). */
    const subtract = (): void => {
      f.get(r).get(w).simd(sub).set(s);
      f.get(s).get(r).simd(sub).set(bb);
      f.get(err);
      f.get(r).get(s).get(bb).simd(sub).simd(sub);
      f.get(w).simd(SIMD.f64x2Neg).get(bb).simd(sub).simd(add).simd(add).set(err);
      f.get(s).set(r);
    };
    f.get(a).simd(SIMD.load, { align: 0, offset }).set(x);
    f.get(big).get(x).simd(SIMD.f64x2Abs).splatConst('f64', TRIG_LIMIT_F64).simd(SIMD.f64x2Gt).simd(SIMD.or).set(big);
    f.get(x)
      .splatConst('f64', 2 / Math.PI)
      .simd(mul)
      .simd(SIMD.f64x2Nearest)
      .set(n);
    // r1 = x - n P1 is exact (Sterbenz); then the two smaller parts with their rounding errors.
    f.get(x).get(n).splatConst('f64', 1.5707963267341256).simd(mul).simd(sub).set(r);
    f.v128Zero().set(err);
    f.get(n).splatConst('f64', 6.077100506303966e-11).simd(mul).set(w);
    subtract();
    f.get(n).splatConst('f64', 2.0222662487111665e-21).simd(mul).set(w);
    subtract();
    f.get(err).get(n).splatConst('f64', 8.4784276603689e-32).simd(mul).simd(sub).set(err);
    f.get(r).get(err).simd(add).set(y0);
    f.get(r).get(y0).simd(sub).get(err).simd(add).set(y1);
    // n = 0: x itself (keeps -0, and is exact).
    f.get(x).get(y0).get(n).v128Zero().simd(SIMD.f64x2Eq).tee(bb).simd(SIMD.bitselect).set(y0);
    f.v128Zero().get(y1).get(bb).simd(SIMD.bitselect).set(y1);
    f.get(y0).get(y0).simd(mul).set(z);
    // sin(y0 + y1) = y0 + (y0 z S(z) + y1 (1 - z/2)).
    horner(f, sinCoef, z);
    f.get(z).simd(mul).get(y0).simd(mul);
    f.get(y1).splatConst('f64', 1).get(z).splatConst('f64', 0.5).simd(mul).simd(sub).simd(mul).simd(add);
    f.get(y0).simd(add).set(sn);
    // sin(-0) = -0.
    f.get(y0).get(sn).get(y0).v128Zero().simd(SIMD.f64x2Eq).simd(SIMD.bitselect).set(sn);
    // cos(y0 + y1) = w + (((1 - w) - hz) + (z^2 C(z) - y0 y1)), hz = z/2, w = 1 - hz.
    f.get(z).splatConst('f64', 0.5).simd(mul).set(hz);
    f.splatConst('f64', 1).get(hz).simd(sub).set(w);
    f.splatConst('f64', 1).get(w).simd(sub).get(hz).simd(sub);
    horner(f, cosCoef, z);
    f.get(z).simd(mul).get(z).simd(mul).get(y0).get(y1).simd(mul).simd(sub).simd(add);
    f.get(w).simd(add).set(cs);
    // The quadrant q = n mod 4 (n + 1 for cos) as 64-bit lanes; odd q: cos, q & 2: negated.
    f.get(n).simd(SIMD.i32x4TruncSatF64x2SZero).simd(SIMD.i64x2ExtendLowI32x4S);
    if (cosine) f.splatConst('i64', 1).simd(SIMD.i64x2Add);
    f.set(q);
    f.get(out);
    f.get(cs).get(sn);
    f.get(q).i32(63).simd(SIMD.i64x2Shl).i32(63).simd(SIMD.i64x2ShrS).simd(SIMD.bitselect);
    f.get(q).i32(62).simd(SIMD.i64x2Shl).i32(63).simd(SIMD.i64x2ShrS);
    f.splatConst('i64', -(2 ** 63))
      .simd(SIMD.and)
      .simd(SIMD.xor);
    f.simd(SIMD.store, { align: 0, offset });
  };
  f.v128Zero().set(big);
  f.loop();
  // Two vectors per step: independent chains the core overlaps.
  lane(0);
  lane(16);
  f.addTo(a, 32).addTo(out, 32).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  f.get(flag).get(big).simd(SIMD.store, { align: 0, offset: 0 });
  return f;
}

/** Kinds computed in float64 lanes for float32 tensors whatever `precise` says (see pairKernel). */
const F64_PAIR_EMIT: Record<(typeof WASM_ERF)[number], (f: Body, x: number) => void> = {
  erf: (f, x) => erfF64(f, x),
  // 0.5 x (1 + erf(x sqrt(1/2))), math.ts's gelu in the same order.
  gelu: (f, x) => {
    const y = f.local(V128);
    f.splatConst('f64', 0.5).get(x).simd(SIMD.f64x2Mul);
    f.get(x).splatConst('f64', Math.SQRT1_2).simd(SIMD.f64x2Mul).set(y);
    f.splatConst('f64', 1);
    erfF64(f, y);
    f.simd(SIMD.f64x2Add).simd(SIMD.f64x2Mul);
  },
};

/**
 * exp over f64x2 lanes to float64 accuracy (float64 tensors' exp and sigmoid): n = round(t log2 e),
 * r = t - n ln 2 in two parts (n * LN2_HI exact), exp(r) = 1 + (r + r^2 (1/2 + r/6 + ... + r^11 /
 * 13!)) (truncation below 2^-60 for |r| <= ln 2 / 2), times 2^n as two exponent-field factors (one
 * rounding, down to the denormals). Inputs are clamped to [-746, 710] (NaN passes).
 */
function expF64Accurate(f: Body, x: number): void {
  const t = f.local(V128);
  const n = f.local(V128);
  const r = f.local(V128);
  const ni = f.local(V128);
  const n1 = f.local(V128);
  f.get(x).splatConst('f64', 710).simd(SIMD.f64x2Min).splatConst('f64', -746).simd(SIMD.f64x2Max).set(t);
  f.get(t).splatConst('f64', Math.LOG2E).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Nearest).set(n);
  f.get(t).get(n).splatConst('f64', 0.6931471803691238).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub);
  f.get(n).splatConst('f64', 1.9082149292705877e-10).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub).set(r);
  // Coefficients 1/k! for k = 13 down to 2, then times r^2, plus r, plus 1.
  const inv: number[] = [];
  let fact = 1;
  for (let k = 2; k <= 13; k++) inv.push(1 / (fact *= k));
  f.splatConst('f64', inv[inv.length - 1]);
  for (let i = inv.length - 2; i >= 0; i--) f.get(r).simd(SIMD.f64x2Mul).splatConst('f64', inv[i]).simd(SIMD.f64x2Add);
  f.get(r).get(r).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Mul).get(r).simd(SIMD.f64x2Add);
  f.splatConst('f64', 1).simd(SIMD.f64x2Add);
  f.get(n).simd(SIMD.i32x4TruncSatF64x2SZero).simd(SIMD.i64x2ExtendLowI32x4S).set(ni);
  f.get(ni).i32(1).simd(SIMD.i64x2ShrS).tee(n1);
  f.splatConst('i64', 1023).simd(SIMD.i64x2Add).i32(52).simd(SIMD.i64x2Shl).simd(SIMD.f64x2Mul);
  f.get(ni).get(n1).simd(SIMD.i64x2Sub);
  f.splatConst('i64', 1023).simd(SIMD.i64x2Add).i32(52).simd(SIMD.i64x2Shl).simd(SIMD.f64x2Mul);
}

/**
 * log over f64x2 lanes (float64 tensors): x = 2^e (1 + g) with 1 + g in [sqrt(1/2), sqrt(2)),
 * s = g / (2 + g), log(1 + g) = g - (g^2/2 - s (g^2/2 + R)), R = sum of 2 s^(2k) / (2k + 1) for
 * k = 1..11 (atanh's series; s^2 < 0.0295), plus e ln 2 in two parts. Denormals are scaled by 2^54
 * first; 0, negative numbers, +Inf and NaN are patched in at the end.
 */
function logF64(f: Body, x: number): void {
  const small = f.local(V128);
  const bits = f.local(V128);
  const e = f.local(V128);
  const m = f.local(V128);
  const gt = f.local(V128);
  const g = f.local(V128);
  const s = f.local(V128);
  const z = f.local(V128);
  const h = f.local(V128);
  const y = f.local(V128);
  f.get(x)
    .splatConst('f64', 2 ** -1022)
    .simd(SIMD.f64x2Lt)
    .set(small);
  f.get(x)
    .splatConst('f64', 2 ** 54)
    .simd(SIMD.f64x2Mul)
    .get(x)
    .get(small)
    .simd(SIMD.bitselect)
    .set(bits);
  // e as a float64: the biased exponent under 2^52's exponent, minus 2^52 + 1023 (+ 54 if scaled).
  f.get(bits).i32(52).simd(SIMD.i64x2ShrU).splatConst('i64', 0x4330000000000000).simd(SIMD.or);
  f.splatConst('f64', 2 ** 52 + 1023).simd(SIMD.f64x2Sub);
  f.get(small).splatConst('f64', 54).simd(SIMD.and).simd(SIMD.f64x2Sub).set(e);
  f.get(bits)
    .splatConst('i64', 0x000fffffffffffff)
    .simd(SIMD.and)
    .splatConst('i64', 0x3ff0000000000000)
    .simd(SIMD.or)
    .set(m);
  f.get(m).splatConst('f64', Math.SQRT2).simd(SIMD.f64x2Ge).set(gt);
  f.get(e).get(gt).splatConst('f64', 1).simd(SIMD.and).simd(SIMD.f64x2Add).set(e);
  f.get(m).splatConst('f64', 0.5).simd(SIMD.f64x2Mul).get(m).get(gt).simd(SIMD.bitselect);
  f.splatConst('f64', 1).simd(SIMD.f64x2Sub).set(g);
  f.get(g).splatConst('f64', 2).get(g).simd(SIMD.f64x2Add).simd(SIMD.f64x2Div).set(s);
  f.get(s).get(s).simd(SIMD.f64x2Mul).set(z);
  f.splatConst('f64', 0.5).get(g).simd(SIMD.f64x2Mul).get(g).simd(SIMD.f64x2Mul).set(h);
  f.splatConst('f64', 2 / 23);
  for (let k = 10; k >= 1; k--)
    f.get(z)
      .simd(SIMD.f64x2Mul)
      .splatConst('f64', 2 / (2 * k + 1))
      .simd(SIMD.f64x2Add);
  f.get(z).simd(SIMD.f64x2Mul).set(z); // R
  // e LN2_HI - ((h - (s (h + R) + e LN2_LO)) - g)
  f.get(e).splatConst('f64', 0.6931471803691238).simd(SIMD.f64x2Mul);
  f.get(h);
  f.get(h).get(z).simd(SIMD.f64x2Add).get(s).simd(SIMD.f64x2Mul);
  f.get(e).splatConst('f64', 1.9082149292705877e-10).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add);
  f.simd(SIMD.f64x2Sub).get(g).simd(SIMD.f64x2Sub).simd(SIMD.f64x2Sub).set(y);
  // log(0) = -Inf, log(x < 0) = NaN, log(NaN) = NaN, log(+Inf) = +Inf.
  f.splatConst('f64', -Infinity).get(y).get(x).v128Zero().simd(SIMD.f64x2Eq).simd(SIMD.bitselect).set(y);
  f.splatConst('f64', NaN).get(y).get(x).v128Zero().simd(SIMD.f64x2Lt).simd(SIMD.bitselect).set(y);
  f.get(x).get(y).get(x).get(x).simd(SIMD.f64x2Ne);
  f.get(x).splatConst('f64', Infinity).simd(SIMD.f64x2Eq).simd(SIMD.or).simd(SIMD.bitselect);
}

/** tanh's Maclaurin coefficients t_1, t_3, ..., t_37, from T' = 1 - T^2. */
const TANH_SERIES = ((): number[] => {
  const t = new Array<number>(39).fill(0);
  t[1] = 1;
  for (let k = 2; k < 39; k++) {
    let c = 0;
    for (let i = 1; i < k - 1; i++) c += t[i] * t[k - 1 - i];
    t[k] = -c / k;
  }
  return t.filter((_, k) => k % 2 === 1);
})();

/**
 * tanh over f64x2 lanes (float64 tensors): |x| < 0.55: x + x z P(z), z = x^2, the Maclaurin series
 * to x^37 (truncation below 2^-60 there); else sign(x) (1 - 2 / (exp(2|x|) + 1)), which rounds to
 * +-1 for large |x|. NaN passes.
 */
function tanhF64(f: Body, x: number): void {
  const ax = f.local(V128);
  const t = f.local(V128);
  const z = f.local(V128);
  f.get(x).simd(SIMD.f64x2Abs).set(ax);
  f.get(ax).get(ax).simd(SIMD.f64x2Add).set(t);
  f.splatConst('f64', 1).splatConst('f64', 2);
  expF64Accurate(f, t);
  f.splatConst('f64', 1).simd(SIMD.f64x2Add).simd(SIMD.f64x2Div).simd(SIMD.f64x2Sub);
  f.get(x)
    .splatConst('i64', -(2 ** 63))
    .simd(SIMD.and)
    .simd(SIMD.or);
  f.get(x).get(x).simd(SIMD.f64x2Mul).set(z);
  const P = TANH_SERIES.slice(1);
  f.splatConst('f64', P[P.length - 1]);
  for (let i = P.length - 2; i >= 0; i--) f.get(z).simd(SIMD.f64x2Mul).splatConst('f64', P[i]).simd(SIMD.f64x2Add);
  f.get(z).simd(SIMD.f64x2Mul).get(x).simd(SIMD.f64x2Mul).get(x).simd(SIMD.f64x2Add);
  f.set(t).set(z).get(t).get(z);
  f.get(ax).splatConst('f64', 0.55).simd(SIMD.f64x2Lt).simd(SIMD.bitselect);
  // tanh(-0) = -0 (x + x z P(z) gives +0 there).
  f.set(t).get(x).get(t).get(x).v128Zero().simd(SIMD.f64x2Eq).simd(SIMD.bitselect);
}

/** float64 kernels of the kinds whose float32 kernel (UNARY_EMIT) works in float32 lanes. */
const F64_UNARY_EMIT: Record<string, Emit> = {
  exp: (f, _o, _fk, x) => expF64Accurate(f, x),
  log: (f, _o, _fk, x) => logF64(f, x),
  tanh: (f, _o, _fk, x) => tanhF64(f, x),
  // 1 / (1 + exp(-a)), the JavaScript kernel's formula.
  sigmoid: (f, _o, _fk, x) => {
    const t = f.local(V128);
    f.get(x).simd(SIMD.f64x2Neg).set(t);
    f.splatConst('f64', 1).splatConst('f64', 1);
    expF64Accurate(f, t);
    f.simd(SIMD.f64x2Add).simd(SIMD.f64x2Div);
  },
};

/** float32 unary kinds that also have a kernel computing in float64 lanes (see pairKernel). */
const F64_LANE_EMIT: Record<string, (f: Body, x: number) => void> = {
  exp: (f, x) => expF64(f, x),
  // 1 / (1 + exp(-a)), the JavaScript kernel's formula, in float64.
  sigmoid: (f, x) => {
    const t = f.local(V128);
    f.get(x).simd(SIMD.f64x2Neg).set(t);
    f.splatConst('f64', 1).splatConst('f64', 1);
    expF64(f, t);
    f.simd(SIMD.f64x2Add).simd(SIMD.f64x2Div);
  },
  // |x| < 1/8: x + x^3 P(x^2), tanh's Taylor series to x^11 (relative error < 1e-13 there);
  // else sign(x) (1 - 2 / (exp(2|x|) + 1)).
  tanh: (f, x) => {
    const ax = f.local(V128);
    const t = f.local(V128);
    const z = f.local(V128);
    f.get(x).simd(SIMD.f64x2Abs).set(ax);
    f.get(ax).get(ax).simd(SIMD.f64x2Add).set(t);
    f.splatConst('f64', 1).splatConst('f64', 2);
    expF64(f, t);
    f.splatConst('f64', 1).simd(SIMD.f64x2Add).simd(SIMD.f64x2Div).simd(SIMD.f64x2Sub);
    f.get(x)
      .splatConst('i64', -(2 ** 63))
      .simd(SIMD.and)
      .simd(SIMD.or);
    f.get(x).get(x).simd(SIMD.f64x2Mul).set(z);
    const P = [-1382 / 155925, 62 / 2835, -17 / 315, 2 / 15, -1 / 3];
    f.splatConst('f64', P[0]);
    for (let i = 1; i < P.length; i++) f.get(z).simd(SIMD.f64x2Mul).splatConst('f64', P[i]).simd(SIMD.f64x2Add);
    f.get(z).simd(SIMD.f64x2Mul).get(x).simd(SIMD.f64x2Mul).get(x).simd(SIMD.f64x2Add);
    f.set(t).set(z).get(t).get(z);
    f.get(ax).splatConst('f64', 0.125).simd(SIMD.f64x2Lt).simd(SIMD.bitselect);
  },
};

/** float32 inputs of sin/cos above this magnitude are left to the JavaScript loop (see trigKernel). */
export const TRIG_LIMIT = 2 ** 19;

/**
 * trig(a, flag, out, count): float32 sin (cos when `cosine`) in float64 lanes, two per step, rounded
 * once to float32. x = n pi/2 + r with n = round(2x/pi) and r by fdlibm's three-part pi/2 (each
 * n * part exact for |n| < 2^20), then sin r and cos r by their Taylor series to r^13 / r^14
 * (relative error < 3e-14 for |r| <= pi/4), chosen and signed by n mod 4. Lanes with |x| >
 * TRIG_LIMIT (and infinities) set the v128 stored at `flag` non-zero: the caller recomputes them.
 */
function trigKernel(cosine: boolean): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [a, flag, out, count] = [0, 1, 2, 3];
  const x = f.local(V128);
  const n = f.local(V128);
  const r = f.local(V128);
  const z = f.local(V128);
  const sn = f.local(V128);
  const cs = f.local(V128);
  const q = f.local(V128);
  const big = f.local(V128);
  f.v128Zero().set(big);
  f.loop();
  f.get(a).simd(SIMD.load64Splat, { align: 0, offset: 0 }).simd(SIMD.f64x2PromoteLowF32x4).set(x);
  f.get(big).get(x).simd(SIMD.f64x2Abs).splatConst('f64', TRIG_LIMIT).simd(SIMD.f64x2Gt).simd(SIMD.or).set(big);
  f.get(x)
    .splatConst('f64', 2 / Math.PI)
    .simd(SIMD.f64x2Mul)
    .simd(SIMD.f64x2Nearest)
    .set(n);
  f.get(x);
  f.get(n).splatConst('f64', 1.5707963267341256).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub);
  f.get(n).splatConst('f64', 6.077100506303966e-11).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub);
  f.get(n).splatConst('f64', 2.0222662487111665e-21).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub).set(r);
  // n = 0: r = x itself (keeps -0, and is exact).
  f.get(x).get(r).get(n).v128Zero().simd(SIMD.f64x2Eq).simd(SIMD.bitselect).set(r);
  f.get(r).get(r).simd(SIMD.f64x2Mul).set(z);
  // sin r = r + r z (S1 + z (S2 + ...)), cos r = 1 + z (C1 + z (C2 + ...)).
  let fact = 1;
  const sinCoef: number[] = [];
  const cosCoef: number[] = [];
  for (let k = 2; k <= 14; k++) {
    fact *= k;
    const sign = Math.floor(k / 2) % 2 === 1 ? -1 : 1;
    if (k % 2 === 1) sinCoef.push(sign / fact);
    else cosCoef.push(sign / fact);
  }
  f.splatConst('f64', sinCoef[sinCoef.length - 1]);
  for (let i = sinCoef.length - 2; i >= 0; i--)
    f.get(z).simd(SIMD.f64x2Mul).splatConst('f64', sinCoef[i]).simd(SIMD.f64x2Add);
  f.get(z).simd(SIMD.f64x2Mul).get(r).simd(SIMD.f64x2Mul).get(r).simd(SIMD.f64x2Add).set(sn);
  // sin(-0) = -0 (r + (+0) would be +0).
  f.get(r).get(sn).get(r).v128Zero().simd(SIMD.f64x2Eq).simd(SIMD.bitselect).set(sn);
  f.splatConst('f64', cosCoef[cosCoef.length - 1]);
  for (let i = cosCoef.length - 2; i >= 0; i--)
    f.get(z).simd(SIMD.f64x2Mul).splatConst('f64', cosCoef[i]).simd(SIMD.f64x2Add);
  f.get(z).simd(SIMD.f64x2Mul).splatConst('f64', 1).simd(SIMD.f64x2Add).set(cs);
  // The quadrant q = n mod 4 (n + 1 for cos) as 64-bit lanes.
  f.get(n).simd(SIMD.i32x4TruncSatF64x2SZero).simd(SIMD.i64x2ExtendLowI32x4S);
  if (cosine) f.splatConst('i64', 1).simd(SIMD.i64x2Add);
  f.set(q);
  // Odd q: cos r, else sin r; q & 2: negated.
  f.get(cs).get(sn);
  f.get(q).i32(63).simd(SIMD.i64x2Shl).i32(63).simd(SIMD.i64x2ShrS).simd(SIMD.bitselect);
  f.get(q).i32(62).simd(SIMD.i64x2Shl).i32(63).simd(SIMD.i64x2ShrS);
  f.splatConst('i64', -(2 ** 63))
    .simd(SIMD.and)
    .simd(SIMD.xor)
    .set(z);
  f.get(out).get(z).simd(SIMD.f32x4DemoteF64x2Zero).simd(SIMD.store64Lane, { align: 0, offset: 0 });
  f.code.push(0);
  f.addTo(a, 8).addTo(out, 8).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  f.get(flag).get(big).simd(SIMD.store, { align: 0, offset: 0 });
  return f;
}

/**
 * pair(a, _, out, count): a float32 unary kind computed in float64 lanes, two elements per step
 * (promoted, computed, rounded once to float32), `count` (>= 1) steps.
 */
function pairKernel(emit: (f: Body, x: number) => void): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [a, , out, count] = [0, 1, 2, 3];
  const x = f.local(V128);
  f.loop();
  f.get(a).simd(SIMD.load64Splat, { align: 0, offset: 0 }).simd(SIMD.f64x2PromoteLowF32x4).set(x);
  f.get(out);
  emit(f, x);
  f.simd(SIMD.f32x4DemoteF64x2Zero).simd(SIMD.store64Lane, { align: 0, offset: 0 });
  f.code.push(0);
  f.addTo(a, 8).addTo(out, 8).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/** softmax pass 1, smax(x, count, out): the f32x4 lane-wise max (NaN wins) of count vectors. */
function softmaxMax(): Body {
  const f = new Body([I32, I32, I32]);
  const [x, count, out] = [0, 1, 2];
  const m = f.local(V128);
  f.splatConst('f32', -Infinity).set(m);
  f.loop();
  f.get(m).get(x).simd(SIMD.load, { align: 0, offset: 0 }).simd(SIMD.f32x4Max).set(m);
  f.addTo(x, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  f.get(out).get(m).simd(SIMD.store, { align: 0, offset: 0 });
  return f;
}

/**
 * softmax pass 2, sexp(x, count, c, e, acc): for float32 pairs of x, e = exp(x - m) in float64
 * (m: the float64 at c), stored at e and summed into the two float64 lanes stored at acc.
 */
function softmaxExp(): Body {
  const f = new Body([I32, I32, I32, I32, I32]);
  const [x, count, c, e, acc] = [0, 1, 2, 3, 4];
  const m = f.local(V128);
  const t = f.local(V128);
  const s = f.local(V128);
  const v = f.local(V128);
  f.get(c).simd(SIMD.load64Splat, { align: 3, offset: 0 }).set(m);
  f.loop();
  f.get(x).simd(SIMD.load64Splat, { align: 0, offset: 0 }).simd(SIMD.f64x2PromoteLowF32x4);
  f.get(m).simd(SIMD.f64x2Sub).set(t);
  expF64(f, t);
  f.set(v);
  f.get(e).get(v).simd(SIMD.store, { align: 0, offset: 0 });
  f.get(s).get(v).simd(SIMD.f64x2Add).set(s);
  f.addTo(x, 8).addTo(e, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  f.get(acc).get(s).simd(SIMD.store, { align: 0, offset: 0 });
  return f;
}

/** softmax pass 3, sdiv(e, count, c, out): out = float32(e / total), total the float64 at c. */
function softmaxDivide(): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [e, count, c, out] = [0, 1, 2, 3];
  const total = f.local(V128);
  f.get(c).simd(SIMD.load64Splat, { align: 3, offset: 0 }).set(total);
  f.loop();
  f.get(out).get(e).simd(SIMD.load, { align: 0, offset: 0 }).get(total).simd(SIMD.f64x2Div);
  f.simd(SIMD.f32x4DemoteF64x2Zero).simd(SIMD.store64Lane, { align: 0, offset: 0 });
  f.code.push(0);
  f.addTo(e, 16).addTo(out, 8).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/** log_softmax pass 3, slog(x, count, c, out): out = float32((x - m) - lse), m and lse at c, c + 8. */
function logSoftmaxOut(): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [x, count, c, out] = [0, 1, 2, 3];
  const m = f.local(V128);
  const lse = f.local(V128);
  f.get(c).simd(SIMD.load64Splat, { align: 3, offset: 0 }).set(m);
  f.get(c).simd(SIMD.load64Splat, { align: 3, offset: 8 }).set(lse);
  f.loop();
  f.get(out).get(x).simd(SIMD.load64Splat, { align: 0, offset: 0 }).simd(SIMD.f64x2PromoteLowF32x4);
  f.get(m).simd(SIMD.f64x2Sub).get(lse).simd(SIMD.f64x2Sub);
  f.simd(SIMD.f32x4DemoteF64x2Zero).simd(SIMD.store64Lane, { align: 0, offset: 0 });
  f.code.push(0);
  f.addTo(x, 8).addTo(out, 8).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/**
 * Whether float32 exp, sigmoid and tanh run in float64 lanes (pairKernel: rounded once, as the
 * JavaScript kernels round Math's results, so within 0.5 ulp and a hair, but only 1.3-1.4x faster
 * than JavaScript) rather than in float32 lanes (the default: 3-4x faster, within 1.5 / 2.4 / 1.3
 * ulp; tests/wasm_kernels.test.ts measures both).
 */
const PRECISE_DEFAULT = false;

/** Operand modes: both vectors, b one repeated element, a one repeated element. */
type Mode = 'vv' | 'vs' | 'sv';

/** kernel(a, b, out, count): `count` (>= 1) vectors; addresses in bytes. */
function elementwiseKernel(bytes: T, emit: Emit, mode: Mode): Body {
  const o = ops(bytes);
  const fk = bytes === 4 ? 'f32' : 'f64';
  const f = new Body([I32, I32, I32, I32]);
  const [a, b, out, count] = [0, 1, 2, 3];
  const x = f.local(V128);
  const y = f.local(V128);
  if (mode === 'sv') f.get(a).simd(o.splatLoad, { align: 0, offset: 0 }).set(x);
  if (mode === 'vs') f.get(b).simd(o.splatLoad, { align: 0, offset: 0 }).set(y);
  f.loop();
  if (mode !== 'sv') f.get(a).simd(SIMD.load, { align: 4, offset: 0 }).set(x);
  if (mode !== 'vs') f.get(b).simd(SIMD.load, { align: 4, offset: 0 }).set(y);
  f.get(out);
  emit(f, o, fk, x, y);
  f.simd(SIMD.store, { align: 4, offset: 0 });
  f.addTo(a, 16).addTo(b, 16).addTo(out, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/**
 * unary(a, _, out, count): `count` (>= 1) pairs of vectors, the two of a pair computed side by side
 * (independent chains the processor overlaps: the polynomial kernels are latency-bound).
 */
function unaryKernel(bytes: T, emit: Emit): Body {
  const o = ops(bytes);
  const fk = bytes === 4 ? 'f32' : 'f64';
  const f = new Body([I32, I32, I32, I32]);
  const [a, , out, count] = [0, 1, 2, 3];
  const x = [f.local(V128), f.local(V128)];
  f.loop();
  for (let k = 0; k < 2; k++)
    f.get(a)
      .simd(SIMD.load, { align: 4, offset: 16 * k })
      .set(x[k]);
  for (let k = 0; k < 2; k++) {
    f.get(out);
    emit(f, o, fk, x[k], x[k]);
    f.simd(SIMD.store, { align: 4, offset: 16 * k });
  }
  f.addTo(a, 32).addTo(out, 32).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/**
 * sum(a, count, acc): float32 values summed in float64, 8 per step into four f64x2 accumulators
 * stored at acc (64 bytes); `count` (>= 1) steps of 8 values.
 */
function sumF32(): Body {
  const f = new Body([I32, I32, I32]);
  const [a, count, acc] = [0, 1, 2];
  const s = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  f.loop();
  for (let k = 0; k < 4; k++) {
    f.get(s[k])
      .get(a)
      .simd(SIMD.load64Splat, { align: 0, offset: 8 * k })
      .simd(SIMD.f64x2PromoteLowF32x4)
      .simd(SIMD.f64x2Add)
      .set(s[k]);
  }
  f.addTo(a, 32).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  for (let k = 0; k < 4; k++)
    f.get(acc)
      .get(s[k])
      .simd(SIMD.store, { align: 0, offset: 16 * k });
  return f;
}

/** sum(a, count, acc) over float64: four f64x2 accumulators, 8 values per step. */
function sumF64(): Body {
  const f = new Body([I32, I32, I32]);
  const [a, count, acc] = [0, 1, 2];
  const s = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  f.loop();
  for (let k = 0; k < 4; k++)
    f.get(s[k])
      .get(a)
      .simd(SIMD.load, { align: 0, offset: 16 * k })
      .simd(SIMD.f64x2Add)
      .set(s[k]);
  f.addTo(a, 64).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  for (let k = 0; k < 4; k++)
    f.get(acc)
      .get(s[k])
      .simd(SIMD.store, { align: 0, offset: 16 * k });
  return f;
}

/** Where adam() finds its scalars (float64 each), in the order of ADAM_SCALARS, at ACC. */
const ADAM_SCALARS = [
  'beta1',
  'omb1',
  'beta2',
  'omb2',
  'weight_decay',
  'decay',
  'eps',
  'neg_step_size',
  'bias_correction2_sqrt',
  'sign',
] as const;

/**
 * adam(p, g, m, v, vmax, count, flags, sc): the fused Adam/AdamW step of optim.ts over `count`
 * pairs of elements, two per f64x2 vector. Every operation runs in float64 as the JavaScript loop's
 * do, and for float32 parameters each R() of that loop is a demote to float32 and a promote back,
 * so the results are the loop's bit for bit. flags: 1 = weight_decay != 0, 2 = amsgrad (vmax).
 */
function adamKernel(bytes: T): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [p, g, m, v, vm, count, flags, sc] = [0, 1, 2, 3, 4, 5, 6, 7];
  const c = Object.fromEntries(ADAM_SCALARS.map((k) => [k, f.local(V128)])) as Record<
    (typeof ADAM_SCALARS)[number],
    number
  >;
  const G = f.local(V128);
  const P = f.local(V128);
  const M = f.local(V128);
  const Vv = f.local(V128);
  const step = bytes * 2;
  ADAM_SCALARS.forEach((k, i) =>
    f
      .get(sc)
      .simd(SIMD.load64Splat, { align: 3, offset: 8 * i })
      .set(c[k]),
  );
  const load = (addr: number): void => {
    if (bytes === 4) f.get(addr).simd(SIMD.load64Splat, { align: 0, offset: 0 }).simd(SIMD.f64x2PromoteLowF32x4);
    else f.get(addr).simd(SIMD.load, { align: 0, offset: 0 });
  };
  const store = (addr: number, value: number): void => {
    f.get(addr).get(value);
    if (bytes === 4) {
      f.simd(SIMD.f32x4DemoteF64x2Zero).simd(SIMD.store64Lane, { align: 0, offset: 0 });
      f.code.push(0);
    } else f.simd(SIMD.store, { align: 0, offset: 0 });
  };
  const R = (): void => {
    if (bytes === 4) f.simd(SIMD.f32x4DemoteF64x2Zero).simd(SIMD.f64x2PromoteLowF32x4);
  };
  const mul = SIMD.f64x2Mul;
  const add = SIMD.f64x2Add;
  f.loop();
  {
    f.get(c.sign);
    load(g);
    f.simd(mul).set(G);
    load(p);
    f.get(c.decay).simd(mul);
    R();
    f.set(P);
    f.get(flags).i32(1).op('and').if();
    f.get(G).get(P).get(c.weight_decay).simd(mul).simd(add);
    R();
    f.set(G);
    f.end();
    load(m);
    f.get(c.beta1).simd(mul);
    R();
    f.get(G).get(c.omb1).simd(mul).simd(add);
    R();
    f.set(M);
    store(m, M);
    load(v);
    f.get(c.beta2).simd(mul);
    R();
    f.get(c.omb2).get(G).simd(mul);
    R();
    f.get(G).simd(mul);
    R();
    f.simd(add);
    R();
    f.set(Vv);
    store(v, Vv);
    f.get(flags).i32(2).op('and').if();
    load(vm);
    f.get(Vv).simd(SIMD.f64x2Max).set(Vv);
    store(vm, Vv);
    f.end();
    f.get(Vv).simd(SIMD.f64x2Sqrt);
    R();
    f.get(c.bias_correction2_sqrt).simd(SIMD.f64x2Div);
    R();
    f.get(c.eps).simd(add);
    R();
    f.set(Vv); // denom
    f.get(P).get(c.neg_step_size).get(M).simd(mul);
    R();
    f.get(Vv).simd(SIMD.f64x2Div);
    R();
    f.simd(add);
    R();
    f.set(P);
    store(p, P);
    f.addTo(p, step).addTo(g, step).addTo(m, step).addTo(v, step).addTo(vm, step).addTo(count, -1);
    f.get(count).brIf(0);
  }
  f.end();
  return f;
}

const COMPARE_OPS: Record<(typeof WASM_COMPARE)[number], number> = {
  eq: SIMD.f32x4Eq,
  ne: SIMD.f32x4Ne,
  lt: SIMD.f32x4Lt,
  le: SIMD.f32x4Le,
  gt: SIMD.f32x4Gt,
  ge: SIMD.f32x4Ge,
};

/**
 * compare(a, b, out, count): 16 float32 comparisons per step, their lane masks narrowed to bytes
 * and masked to 0 / 1; `count` (>= 1) steps.
 */
function compareKernel(op: number, mode: Mode): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [a, b, out, count] = [0, 1, 2, 3];
  const x = f.local(V128);
  const y = f.local(V128);
  if (mode === 'sv') f.get(a).simd(SIMD.load32Splat, { align: 0, offset: 0 }).set(x);
  if (mode === 'vs') f.get(b).simd(SIMD.load32Splat, { align: 0, offset: 0 }).set(y);
  f.loop();
  f.get(out);
  for (let q = 0; q < 4; q++) {
    if (mode !== 'sv')
      f.get(a)
        .simd(SIMD.load, { align: 0, offset: 16 * q })
        .set(x);
    if (mode !== 'vs')
      f.get(b)
        .simd(SIMD.load, { align: 0, offset: 16 * q })
        .set(y);
    f.get(x).get(y).simd(op);
    if (q % 2 === 1) f.simd(SIMD.i16x8NarrowI32x4S);
  }
  f.simd(SIMD.i8x16NarrowI16x8S).splatConst('i32', 0x01010101).simd(SIMD.and);
  f.simd(SIMD.store, { align: 0, offset: 0 });
  if (mode !== 'sv') f.addTo(a, 64);
  if (mode !== 'vs') f.addTo(b, 64);
  f.addTo(out, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/** thresholdBackward(g, x, out, count, t): out = x <= t ? +0 : g (NaN x keeps g); t at address t. */
function thresholdBackwardKernel(bytes: T): Body {
  const o = ops(bytes);
  const f = new Body([I32, I32, I32, I32, I32]);
  const [g, x, out, count, t] = [0, 1, 2, 3, 4];
  const tv = f.local(V128);
  f.get(t).simd(o.splatLoad, { align: 0, offset: 0 }).set(tv);
  f.loop();
  f.get(out);
  f.get(g).simd(SIMD.load, { align: 0, offset: 0 });
  f.get(x)
    .simd(SIMD.load, { align: 0, offset: 0 })
    .get(tv)
    .simd(bytes === 4 ? SIMD.f32x4Le : SIMD.f64x2Le);
  f.simd(SIMD.andnot).simd(SIMD.store, { align: 0, offset: 0 });
  f.addTo(g, 16).addTo(x, 16).addTo(out, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/**
 * clamp(a, c, out, count): `a < lo ? lo : a > hi ? hi : a` with lo and hi the two elements at c
 * (the caller makes lo <= hi, as the JavaScript kernel's `s0 > s1 ? s1 : s0` does); NaN stays.
 */
function clampKernel(bytes: T): Body {
  const o = ops(bytes);
  const f = new Body([I32, I32, I32, I32]);
  const [a, c, out, count] = [0, 1, 2, 3];
  const lo = f.local(V128);
  const hi = f.local(V128);
  const x = f.local(V128);
  f.get(c).simd(o.splatLoad, { align: 0, offset: 0 }).set(lo);
  f.get(c).simd(o.splatLoad, { align: 0, offset: bytes }).set(hi);
  f.loop();
  f.get(a).simd(SIMD.load, { align: 0, offset: 0 }).set(x);
  f.get(out).get(lo);
  f.get(hi)
    .get(x)
    .get(x)
    .get(hi)
    .simd(bytes === 4 ? SIMD.f32x4Gt : SIMD.f64x2Gt)
    .simd(SIMD.bitselect);
  f.get(x).get(lo).simd(o.lt).simd(SIMD.bitselect);
  f.simd(SIMD.store, { align: 0, offset: 0 });
  f.addTo(a, 16).addTo(out, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/**
 * extremum(x, count, out): the running maximum (minimum when `min`) of count vectors, lane by lane
 * as the JavaScript loop keeps it (a later element takes over only when strictly greater, which
 * pmax / pmin do), stored at out, and at out + 16 a mask of the lanes that met a NaN.
 */
function extremumKernel(bytes: T, min: boolean): Body {
  const o = ops(bytes);
  const f = new Body([I32, I32, I32]);
  const [x, count, out] = [0, 1, 2];
  const best = f.local(V128);
  const nan = f.local(V128);
  const v = f.local(V128);
  f.splatConst(bytes === 4 ? 'f32' : 'f64', min ? Infinity : -Infinity).set(best);
  f.v128Zero().set(nan);
  f.loop();
  f.get(x).simd(SIMD.load, { align: 0, offset: 0 }).set(v);
  f.get(best)
    .get(v)
    .simd(min ? o.pmin : o.pmax)
    .set(best);
  f.get(nan).get(v).get(v).simd(o.ne).simd(SIMD.or).set(nan);
  f.addTo(x, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  f.get(out).get(best).simd(SIMD.store, { align: 0, offset: 0 });
  f.get(out).get(nan).simd(SIMD.store, { align: 0, offset: 16 });
  return f;
}

/**
 * argExtremum(x, count, out): per lane, the first strictly greatest (least when `min`) element of
 * count vectors and its index (indices counted from 0 in element units, held as floats: exact,
 * a chunk being far shorter than 2^24), and the index of the lane's first NaN. Stored at out as
 * four vectors: best values, their indices, the NaN mask, the first-NaN indices.
 */
function argExtremumKernel(bytes: T, min: boolean): Body {
  const o = ops(bytes);
  const fk = bytes === 4 ? 'f32' : 'f64';
  const lanes = 16 / bytes;
  const f = new Body([I32, I32, I32]);
  const [x, count, out] = [0, 1, 2];
  const best = f.local(V128);
  const at = f.local(V128);
  const idx = f.local(V128);
  const seen = f.local(V128);
  const nanAt = f.local(V128);
  const v = f.local(V128);
  const m = f.local(V128);
  f.splatConst(fk, min ? Infinity : -Infinity).set(best);
  // idx = at = [0, 1, ...]: each lane's own index, a v128 constant.
  f.simd(SIMD.const);
  const lane = new Uint8Array(16);
  const view = new DataView(lane.buffer);
  for (let l = 0; l < lanes; l++) {
    if (bytes === 4) view.setFloat32(l * 4, l, true);
    else view.setFloat64(l * 8, l, true);
  }
  for (const byte of lane) f.code.push(byte);
  f.tee(idx).set(at);
  f.v128Zero().set(seen);
  f.v128Zero().set(nanAt);
  f.loop();
  f.get(x).simd(SIMD.load, { align: 0, offset: 0 }).set(v);
  // m = v > best (v < best for min); NaN compares false.
  if (min) f.get(v).get(best).simd(o.lt);
  else f.get(best).get(v).simd(o.lt);
  f.set(m);
  f.get(v).get(best).get(m).simd(SIMD.bitselect).set(best);
  f.get(idx).get(at).get(m).simd(SIMD.bitselect).set(at);
  // A lane's first NaN: its index where v is NaN and none was seen before.
  f.get(v).get(v).simd(o.ne).set(m);
  f.get(idx).get(nanAt).get(m).get(seen).simd(SIMD.andnot).simd(SIMD.bitselect).set(nanAt);
  f.get(seen).get(m).simd(SIMD.or).set(seen);
  f.get(idx).splatConst(fk, lanes).simd(o.add).set(idx);
  f.addTo(x, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  f.get(out).get(best).simd(SIMD.store, { align: 0, offset: 0 });
  f.get(out).get(at).simd(SIMD.store, { align: 0, offset: 16 });
  f.get(out).get(seen).simd(SIMD.store, { align: 0, offset: 32 });
  f.get(out).get(nanAt).simd(SIMD.store, { align: 0, offset: 48 });
  return f;
}

/**
 * where(c, a, b, out, count): out = c ? a : b per element, c one byte per element (bool), a and b
 * vectors or (when `aScalar` / `bScalar`) one element repeated; `count` (>= 1) vectors of out.
 */
function whereKernel(bytes: T, aScalar: boolean, bScalar: boolean): Body {
  const o = ops(bytes);
  const f = new Body([I32, I32, I32, I32, I32]);
  const [c, a, b, out, count] = [0, 1, 2, 3, 4];
  const av = f.local(V128);
  const bv = f.local(V128);
  if (aScalar) f.get(a).simd(o.splatLoad, { align: 0, offset: 0 }).set(av);
  if (bScalar) f.get(b).simd(o.splatLoad, { align: 0, offset: 0 }).set(bv);
  f.loop();
  f.get(out);
  if (aScalar) f.get(av);
  else f.get(a).simd(SIMD.load, { align: 0, offset: 0 });
  if (bScalar) f.get(bv);
  else f.get(b).simd(SIMD.load, { align: 0, offset: 0 });
  // The condition bytes widened to lane masks: all ones where the byte is non-zero.
  f.get(c).simd(SIMD.load32Zero, { align: 0, offset: 0 });
  f.simd(SIMD.i16x8ExtendLowI8x16U).simd(SIMD.i32x4ExtendLowI16x8U);
  f.v128Zero().simd(SIMD.i32x4Eq).simd(SIMD.not);
  if (bytes === 8) f.simd(SIMD.i64x2ExtendLowI32x4S);
  f.simd(SIMD.bitselect).simd(SIMD.store, { align: 0, offset: 0 });
  f.addTo(c, 16 / bytes);
  if (!aScalar) f.addTo(a, 16);
  if (!bScalar) f.addTo(b, 16);
  f.addTo(out, 16).addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

/** accumulate(src, acc, count): acc (float64) += src (float32 or float64), two per step. */
function accumulateKernel(bytes: T): Body {
  const f = new Body([I32, I32, I32]);
  const [src, acc, count] = [0, 1, 2];
  f.loop();
  f.get(acc).get(acc).simd(SIMD.load, { align: 0, offset: 0 });
  if (bytes === 4) f.get(src).simd(SIMD.load64Splat, { align: 0, offset: 0 }).simd(SIMD.f64x2PromoteLowF32x4);
  else f.get(src).simd(SIMD.load, { align: 0, offset: 0 });
  f.simd(SIMD.f64x2Add).simd(SIMD.store, { align: 0, offset: 0 });
  f.addTo(src, 2 * bytes)
    .addTo(acc, 16)
    .addTo(count, -1);
  f.get(count).brIf(0);
  f.end();
  return f;
}

const MODES: Mode[] = ['vv', 'vs', 'sv'];

export function elementwiseModule(): Uint8Array<ArrayBuffer> {
  const fns: { name: string; body: Body }[] = [];
  for (const bytes of [4, 8] as const) {
    for (const kind of WASM_UNARY) {
      const emit = bytes === 8 && F32_ONLY.has(kind) ? F64_UNARY_EMIT[kind] : UNARY_EMIT[kind];
      fns.push({ name: `u_${kind}_${bytes}`, body: unaryKernel(bytes, emit) });
    }
    for (const kind of WASM_BINARY)
      for (const mode of MODES)
        fns.push({ name: `b_${kind}_${mode}_${bytes}`, body: elementwiseKernel(bytes, BINARY_EMIT[kind], mode) });
  }
  for (const kind of WASM_COMPARE)
    for (const mode of MODES) fns.push({ name: `c_${kind}_${mode}`, body: compareKernel(COMPARE_OPS[kind], mode) });
  fns.push({ name: 'tb_4', body: thresholdBackwardKernel(4) });
  fns.push({ name: 'tb_8', body: thresholdBackwardKernel(8) });
  for (const [kind, emit] of Object.entries(F64_LANE_EMIT)) fns.push({ name: `q_${kind}`, body: pairKernel(emit) });
  for (const [kind, emit] of Object.entries(F64_PAIR_EMIT)) fns.push({ name: `q_${kind}`, body: pairKernel(emit) });
  fns.push({ name: 't_sin', body: trigKernel(false) });
  fns.push({ name: 't_cos', body: trigKernel(true) });
  fns.push({ name: 't64_sin', body: trig64Kernel(false) });
  fns.push({ name: 't64_cos', body: trig64Kernel(true) });
  fns.push({ name: 'u_erf_8', body: unaryKernel(8, (f, _o, _fk, x) => erfF64Accurate(f, x)) });
  fns.push({ name: 'smax', body: softmaxMax() });
  fns.push({ name: 'sexp', body: softmaxExp() });
  fns.push({ name: 'sdiv', body: softmaxDivide() });
  fns.push({ name: 'slog', body: logSoftmaxOut() });
  fns.push({ name: 'clamp_4', body: clampKernel(4) });
  fns.push({ name: 'clamp_8', body: clampKernel(8) });
  for (const bytes of [4, 8] as const) {
    fns.push({ name: `rmax_${bytes}`, body: extremumKernel(bytes, false) });
    fns.push({ name: `rmin_${bytes}`, body: extremumKernel(bytes, true) });
    fns.push({ name: `ramax_${bytes}`, body: argExtremumKernel(bytes, false) });
    fns.push({ name: `ramin_${bytes}`, body: argExtremumKernel(bytes, true) });
  }
  for (const bytes of [4, 8] as const)
    for (const [aS, bS] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ])
      fns.push({ name: `w_${aS ? 's' : 'v'}${bS ? 's' : 'v'}_${bytes}`, body: whereKernel(bytes, aS, bS) });
  fns.push({ name: 'acc_4', body: accumulateKernel(4) });
  fns.push({ name: 'acc_8', body: accumulateKernel(8) });
  fns.push({ name: 'adam_4', body: adamKernel(4) });
  fns.push({ name: 'adam_8', body: adamKernel(8) });
  fns.push({ name: 'sum_4', body: sumF32() });
  fns.push({ name: 'sum_8', body: sumF64() });
  return moduleBytes(fns);
}

type Fn4 = (a: number, b: number, out: number, count: number) => void;
type SumFn = (a: number, count: number, acc: number) => void;
type Fn5 = (a: number, b: number, out: number, count: number, e: number) => void;
type AdamFn = (
  p: number,
  g: number,
  m: number,
  v: number,
  vm: number,
  count: number,
  flags: number,
  sc: number,
) => void;

/** The scalars of the Adam step (backend.ts AdamScalars). */
export type AdamScalarValues = Readonly<Record<(typeof ADAM_SCALARS)[number], number>>;

export interface WasmElementwise {
  /** out[outOff + i] = kind(x[xOff + i]) for i < n; false (nothing done) when there is no kernel. */
  unary(kind: string, x: TypedArray, xOff: number, out: TypedArray, outOff: number, n: number): boolean;
  /**
   * out[outOff + i] = kind(a[aOff + i * aStep], b[bOff + i * bStep]), steps 0 or 1; false when
   * there is no kernel. Operands and out share the element type (Float32Array or Float64Array).
   */
  binary(
    kind: string,
    a: TypedArray,
    aOff: number,
    aStep: number,
    b: TypedArray,
    bOff: number,
    bStep: number,
    out: TypedArray,
    outOff: number,
    n: number,
  ): boolean;
  /**
   * out[outOff + i] = kind(a[aOff + i * aStep], b[bOff + i * bStep]) as 0 / 1, float32 operands and
   * a bool (Uint8Array) output; false when there is no kernel.
   */
  compare(
    kind: string,
    a: Float32Array,
    aOff: number,
    aStep: number,
    b: Float32Array,
    bOff: number,
    bStep: number,
    out: Uint8Array,
    outOff: number,
    n: number,
  ): boolean;
  /**
   * out[outOff + i] = c[cOff + i] !== 0 ? a[aOff + i * aStep] : b[bOff + i * bStep], steps 0 or 1,
   * a, b and out of one float type.
   */
  where(
    c: Uint8Array,
    cOff: number,
    a: Float32Array | Float64Array,
    aOff: number,
    aStep: number,
    b: Float32Array | Float64Array,
    bOff: number,
    bStep: number,
    out: Float32Array | Float64Array,
    outOff: number,
    n: number,
  ): void;
  /** out[i] = x[i] <= threshold ? 0 : grad[i] over whole arrays of one float type. */
  thresholdBackward(
    grad: Float32Array | Float64Array,
    x: Float32Array | Float64Array,
    threshold: number,
    out: Float32Array | Float64Array,
  ): void;
  /** out[outOff + i] = x[xOff + i] clamped to [lo, hi] (lo <= hi; +-Infinity for no bound). */
  clamp(
    x: Float32Array | Float64Array,
    xOff: number,
    lo: number,
    hi: number,
    out: Float32Array | Float64Array,
    outOff: number,
    n: number,
  ): void;
  /**
   * max or min of x[off .. off + n) (n >= 1) as the JavaScript loop finds it: NaN if any element is
   * NaN, else the first extreme element (so -0 or +0 as they come).
   */
  extremum(kind: 'max' | 'min', x: Float32Array | Float64Array, off: number, n: number): number;
  /**
   * argmax or argmin of x[off .. off + n) (n >= 1) as the JavaScript loop finds it: the index of
   * the first NaN if there is one, else of the first extreme element.
   */
  argExtremum(kind: 'argmax' | 'argmin', x: Float32Array | Float64Array, off: number, n: number): number;
  /** The float64 sum of x[off .. off + n) (float32 or float64 storage), n >= 1. */
  sum(x: Float32Array | Float64Array, off: number, n: number): number;
  /**
   * Column sums: out[outOff + r] = sum over j < n of x[off + j * stride + r], r < rows, each added
   * in float64 in order of j (the JavaScript loop's order, so the same result bit for bit).
   */
  sumColumns(
    x: Float32Array | Float64Array,
    off: number,
    stride: number,
    n: number,
    rows: number,
    out: TypedArray,
    outOff: number,
  ): void;
  /**
   * softmax (or log_softmax) of one contiguous float32 row x[off .. off + n) into out[outOff ..],
   * computed as reduce.ts's loop does: max, exponentials and their sum in float64, one rounding
   * to float32. n <= SOFTMAX_MAX_ROW.
   */
  softmaxRow(x: Float32Array, off: number, n: number, log: boolean, out: Float32Array, outOff: number): void;
  /** The fused Adam step of optim.ts over whole arrays of one float type. */
  adam(
    param: Float32Array | Float64Array,
    grad: Float32Array | Float64Array,
    m: Float32Array | Float64Array,
    v: Float32Array | Float64Array,
    vmax: Float32Array | Float64Array | null,
    s: AdamScalarValues,
  ): void;
}

/** The kernels over a fresh memory, or null without WebAssembly SIMD. */
export function createWasmElementwise(precise = PRECISE_DEFAULT): WasmElementwise | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (wasm === undefined) return null;
  const bytes = elementwiseModule();
  if (!wasm.validate(bytes)) return null;
  const memory = new wasm.Memory({ initial: Math.ceil((ACC + 256) / PAGE) });
  let exports: WebAssembly.Exports;
  try {
    exports = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports;
  } catch {
    return null;
  }
  // The memory never grows, so these views stay attached.
  const heap = { 4: new Float32Array(memory.buffer), 8: new Float64Array(memory.buffer) };
  const bytesView = new Uint8Array(memory.buffer);
  const fn = (name: string): Fn4 | undefined => exports[name] as Fn4 | undefined;

  function stage(src: TypedArray, start: number, len: number, at: number, bytes: T): void {
    heap[bytes].set(src.subarray(start, start + len), at / bytes);
  }

  const ints = new Int32Array(memory.buffer);
  /**
   * sin / cos on trigKernel (float32) or trig64Kernel (float64); the rare lanes they flag are
   * computed here as the loop does.
   */
  function trig(
    kind: 'sin' | 'cos',
    bytes: T,
    x: TypedArray,
    xOff: number,
    out: TypedArray,
    outOff: number,
    n: number,
  ): true {
    const k = exports[bytes === 4 ? `t_${kind}` : `t64_${kind}`] as Fn4;
    const f = kind === 'sin' ? Math.sin : Math.cos;
    const limit = bytes === 4 ? TRIG_LIMIT : TRIG_LIMIT_F64;
    const h = heap[bytes];
    const o0 = O / bytes;
    const chunk = CHUNK_BYTES / bytes;
    const flag = ACC / 4;
    for (let i = 0; i < n; i += chunk) {
      const len = Math.min(chunk, n - i);
      stage(x, xOff + i, len, A, bytes);
      k(A, ACC, O, Math.ceil(len / (bytes === 4 ? 2 : 4)));
      if ((ints[flag] | ints[flag + 1] | ints[flag + 2] | ints[flag + 3]) !== 0) {
        for (let j = 0; j < len; j++) {
          const v = x[xOff + i + j];
          if (!(Math.abs(v) <= limit)) h[o0 + j] = f(v);
        }
      }
      out.set(h.subarray(o0, o0 + len), outOff + i);
    }
    return true;
  }

  return {
    unary(kind, x, xOff, out, outOff, n) {
      const bytes: T = x instanceof Float32Array ? 4 : 8;
      if (kind === 'sin' || kind === 'cos') return trig(kind, bytes, x, xOff, out, outOff, n);
      const pair = bytes === 4 && (precise || kind === 'erf' || kind === 'gelu') ? fn(`q_${kind}`) : undefined;
      const k = pair ?? fn(`u_${kind}_${bytes}`);
      if (k === undefined) return false;
      const chunk = CHUNK_BYTES / bytes;
      const h = heap[bytes];
      const o0 = O / bytes;
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        stage(x, xOff + i, len, A, bytes);
        k(A, 0, O, pair ? Math.ceil(len / 2) : Math.ceil((len * bytes) / 32));
        out.set(h.subarray(o0, o0 + len), outOff + i);
      }
      return true;
    },
    binary(kind, a, aOff, aStep, b, bOff, bStep, out, outOff, n) {
      const bytes: T = a instanceof Float32Array ? 4 : 8;
      const mode: Mode = aStep === 0 ? 'sv' : bStep === 0 ? 'vs' : 'vv';
      if (aStep === 0 && bStep === 0) return false;
      const k = fn(`b_${kind}_${mode}_${bytes}`);
      if (k === undefined) return false;
      const chunk = CHUNK_BYTES / bytes;
      const h = heap[bytes];
      const o0 = O / bytes;
      if (aStep === 0) h[A / bytes] = a[aOff];
      if (bStep === 0) h[B / bytes] = b[bOff];
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        if (aStep !== 0) stage(a, aOff + i, len, A, bytes);
        if (bStep !== 0) stage(b, bOff + i, len, B, bytes);
        k(A, B, O, Math.ceil((len * bytes) / 16));
        out.set(h.subarray(o0, o0 + len), outOff + i);
      }
      return true;
    },
    compare(kind, a, aOff, aStep, b, bOff, bStep, out, outOff, n) {
      if (aStep === 0 && bStep === 0) return false;
      const mode: Mode = aStep === 0 ? 'sv' : bStep === 0 ? 'vs' : 'vv';
      const k = fn(`c_${kind}_${mode}`);
      if (k === undefined) return false;
      const chunk = CHUNK_BYTES / 4;
      if (aStep === 0) heap[4][A / 4] = a[aOff];
      if (bStep === 0) heap[4][B / 4] = b[bOff];
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        if (aStep !== 0) stage(a, aOff + i, len, A, 4);
        if (bStep !== 0) stage(b, bOff + i, len, B, 4);
        k(A, B, O, Math.ceil(len / 16));
        out.set(bytesView.subarray(O, O + len), outOff + i);
      }
      return true;
    },
    where(c, cOff, a, aOff, aStep, b, bOff, bStep, out, outOff, n) {
      const bytes: T = out instanceof Float32Array ? 4 : 8;
      const k = exports[`w_${aStep === 0 ? 's' : 'v'}${bStep === 0 ? 's' : 'v'}_${bytes}`] as Fn5;
      const chunk = CHUNK_BYTES / bytes;
      const h = heap[bytes];
      if (aStep === 0) h[A / bytes] = a[aOff];
      if (bStep === 0) h[B / bytes] = b[bOff];
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        bytesView.set(c.subarray(cOff + i, cOff + i + len), R3);
        if (aStep !== 0) stage(a, aOff + i, len, A, bytes);
        if (bStep !== 0) stage(b, bOff + i, len, B, bytes);
        k(R3, A, B, O, Math.ceil((len * bytes) / 16));
        out.set(h.subarray(O / bytes, O / bytes + len), outOff + i);
      }
    },
    thresholdBackward(grad, x, threshold, out) {
      const bytes: T = out instanceof Float32Array ? 4 : 8;
      const k = exports[`tb_${bytes}`] as Fn5;
      const chunk = CHUNK_BYTES / bytes;
      const h = heap[bytes];
      h[ACC / bytes] = threshold;
      const n = out.length;
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        stage(grad, i, len, A, bytes);
        stage(x, i, len, B, bytes);
        k(A, B, O, Math.ceil((len * bytes) / 16), ACC);
        out.set(h.subarray(O / bytes, O / bytes + len), i);
      }
    },
    extremum(kind, x, off, n) {
      const bytes: T = x instanceof Float32Array ? 4 : 8;
      const k = exports[`r${kind}_${bytes}`] as SumFn;
      const chunk = CHUNK_BYTES / bytes;
      const lanes = 16 / bytes;
      const h = heap[bytes];
      const start = kind === 'max' ? -Infinity : Infinity;
      let best = start;
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        stage(x, off + i, len, A, bytes);
        const steps = Math.ceil(len / lanes);
        h.fill(start, A / bytes + len, A / bytes + steps * lanes);
        k(A, steps, ACC);
        const q = ACC / bytes;
        const m = ACC / 4 + 4;
        if ((ints[m] | ints[m + 1] | ints[m + 2] | ints[m + 3]) !== 0) return NaN;
        for (let l = 0; l < lanes; l++) {
          const v = h[q + l];
          if (kind === 'max' ? v > best : v < best) best = v;
        }
      }
      if (best !== 0) return best;
      // Lanes cannot tell which of -0 and +0 came first: the loop's answer, from the loop.
      for (let i = 0; i < n; i++) if (x[off + i] === 0) return x[off + i];
      return best;
    },
    argExtremum(kind, x, off, n) {
      const bytes: T = x instanceof Float32Array ? 4 : 8;
      const max = kind === 'argmax';
      const k = exports[`ra${max ? 'max' : 'min'}_${bytes}`] as SumFn;
      const chunk = CHUNK_BYTES / bytes;
      const lanes = 16 / bytes;
      const h = heap[bytes];
      const start = max ? -Infinity : Infinity;
      let best = start;
      let at = 0;
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        stage(x, off + i, len, A, bytes);
        const steps = Math.ceil(len / lanes);
        h.fill(start, A / bytes + len, A / bytes + steps * lanes);
        k(A, steps, ACC);
        const q = ACC / bytes;
        const m = ACC / 4 + 8;
        if ((ints[m] | ints[m + 1] | ints[m + 2] | ints[m + 3]) !== 0) {
          let first = Infinity;
          for (let l = 0; l < lanes; l++) {
            const lanesSeen = bytes === 4 ? ints[m + l] : ints[m + 2 * l];
            if (lanesSeen !== 0) first = Math.min(first, h[q + 3 * lanes + l]);
          }
          return i + first;
        }
        // The chunk's extreme value, then the least index holding it (-0 and +0 tie, as in the loop).
        let v = start;
        for (let l = 0; l < lanes; l++) if (max ? h[q + l] > v : h[q + l] < v) v = h[q + l];
        let j = Infinity;
        for (let l = 0; l < lanes; l++) if (h[q + l] === v) j = Math.min(j, h[q + lanes + l]);
        if (i === 0 || (max ? v > best : v < best)) {
          best = v;
          at = i + j;
        }
      }
      return at;
    },
    sum(x, off, n) {
      const bytes: T = x instanceof Float32Array ? 4 : 8;
      const k = exports[`sum_${bytes}`] as SumFn;
      const chunk = CHUNK_BYTES / bytes;
      const h = heap[bytes];
      const acc = heap[8];
      let total = 0;
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        stage(x, off + i, len, A, bytes);
        const steps = Math.ceil(len / 8);
        h.fill(0, A / bytes + len, A / bytes + steps * 8);
        k(A, steps, ACC);
        const q = ACC / 8;
        total +=
          acc[q] + acc[q + 1] + (acc[q + 2] + acc[q + 3]) + (acc[q + 4] + acc[q + 5] + (acc[q + 6] + acc[q + 7]));
      }
      return total;
    },
    softmaxRow(x, off, n, log, out, outOff) {
      const h = heap[4];
      const d = heap[8];
      stage(x, off, n, A, 4);
      h.fill(-Infinity, A / 4 + n, A / 4 + Math.ceil(n / 4) * 4);
      (exports.smax as SumFn)(A, Math.ceil(n / 4), ACC);
      const q = ACC / 4;
      const lanes = [h[q], h[q + 1], h[q + 2], h[q + 3]];
      let m = -Infinity;
      for (const v of lanes) if (v > m || v !== v) m = v;
      const c = ACC / 8 + 2;
      d[c] = m;
      const pairs = Math.ceil(n / 2);
      (exports.sexp as Fn5)(A, pairs, ACC + 16, B, ACC + 48);
      const total = d[ACC / 8 + 6] + d[ACC / 8 + 7];
      if (log) {
        d[c + 1] = Math.log(total);
        (exports.slog as Fn4)(A, pairs, ACC + 16, O);
      } else {
        d[c] = total;
        (exports.sdiv as Fn4)(B, pairs, ACC + 16, O);
      }
      out.set(h.subarray(O / 4, O / 4 + n), outOff);
    },
    clamp(x, xOff, lo, hi, out, outOff, n) {
      const bytes: T = x instanceof Float32Array ? 4 : 8;
      const k = exports[`clamp_${bytes}`] as Fn4;
      const chunk = CHUNK_BYTES / bytes;
      const h = heap[bytes];
      h[ACC / bytes] = lo;
      h[ACC / bytes + 1] = hi;
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        stage(x, xOff + i, len, A, bytes);
        k(A, ACC, O, Math.ceil((len * bytes) / 16));
        out.set(h.subarray(O / bytes, O / bytes + len), outOff + i);
      }
    },
    sumColumns(x, off, stride, n, rows, out, outOff) {
      const bytes: T = x instanceof Float32Array ? 4 : 8;
      const k = exports[`acc_${bytes}`] as SumFn;
      const acc = heap[8];
      const chunk = CHUNK_BYTES / 8;
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const len = Math.min(chunk, rows - r0);
        acc.fill(0, O / 8, O / 8 + len);
        for (let j = 0; j < n; j++) {
          stage(x, off + j * stride + r0, len, A, bytes);
          k(A, O, Math.ceil(len / 2));
        }
        out.set(acc.subarray(O / 8, O / 8 + len), outOff + r0);
      }
    },
    adam(param, grad, m, v, vmax, s) {
      const bytes: T = param instanceof Float32Array ? 4 : 8;
      const k = exports[`adam_${bytes}`] as AdamFn;
      const chunk = CHUNK_BYTES / bytes;
      const h = heap[bytes];
      const sc = heap[8];
      ADAM_SCALARS.forEach((key, i) => (sc[ACC / 8 + i] = s[key]));
      const flags = (s.weight_decay !== 0 ? 1 : 0) | (vmax !== null ? 2 : 0);
      const n = param.length;
      const back = (dst: TypedArray, at: number, i: number, len: number): void =>
        dst.set(h.subarray(at / bytes, at / bytes + len), i);
      for (let i = 0; i < n; i += chunk) {
        const len = Math.min(chunk, n - i);
        stage(param, i, len, A, bytes);
        stage(grad, i, len, B, bytes);
        stage(m, i, len, O, bytes);
        stage(v, i, len, R3, bytes);
        if (vmax !== null) stage(vmax, i, len, R4, bytes);
        k(A, B, O, R3, R4, Math.ceil(len / 2), flags, ACC);
        back(param, A, i, len);
        back(m, O, i, len);
        back(v, R3, i, len);
        if (vmax !== null) back(vmax, R4, i, len);
      }
    },
  };
}
