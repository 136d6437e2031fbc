// The TypeScript backend's random fills in WebAssembly SIMD: mt19937 draws, float32 uniform_ and
// the vectorized float32 normal_ (normal_fill_16_AVX2), bit for bit the streams of the reference
// samplers in src/tensor/random_fill.ts (which follow PyTorch's CPU kernels). Float64 fills keep
// the reference (their Box-Muller uses libm's double log/sin/cos).
//
// Note [Fused multiply-adds without FMA]: PyTorch's kernels fuse `x * y + z` into one fma, and
// WebAssembly SIMD (without relaxed-simd) has none. For float32 operands the product is exact in
// float64, so a float64 sum rounded to float32 gives the fused result unless the float64 rounding
// lands exactly on a float32 midpoint (double rounding; the low 29 bits of the float64 significand
// are then 1 << 28). Each kernel flags the 16-element blocks where any fma hit that pattern (about
// 2^-29 per fma: a few blocks in 1e8 elements), and the host recomputes those with the reference
// (`fmaf`, `avxBoxMuller16`).
//
// Memory (one page, never grown): the generator's 624 words, its two counters and the fill's
// parameters, a flag per block, then two staging regions of CHUNK floats (draws, results).

import type { RandomFillKind } from '../../backend.js';
import { avxBoxMuller16, fmaf } from '../../../tensor/random_math.js';
import { Body, I32, moduleBytes, SIMD, V128 } from './emit.js';

const N = 624;
const M = 397;
const POS = 2560; // left, next (i32); a, b (f32): mean/std or from/span
const FLAGS = 2816; // one i32 per 16-element block of a chunk
const CHUNK = 4096; // floats per staging region (a multiple of 16)
const U = 4096;
const OUT = U + CHUNK * 4 + 128;
const PAGE = 65536;
const TWIST = 0; // function index of twist()

/**
 * twist(): regenerates the 624 words, as mt19937's next_state: word i from words i, i + 1 and
 * (i + M) mod N. Four at a time where those are four consecutive words not written by the same
 * step: i < 224 reads old words ahead, 227 <= i < 623 reads words i - 227 already renewed.
 */
function twistKernel(): Body {
  const f = new Body([]);
  const i = f.local(I32);
  const j = f.local(I32);
  const y = f.local(I32);
  const v = f.local(V128);
  /** Words [from, to) one at a time (indices wrap). */
  const scalar = (from: number, to: number): void => {
    f.i32(from).set(i);
    f.loop();
    // y = (mt[i] & UPPER) | (mt[(i + 1) % N] & LOWER)
    f.get(i).i32(1).op('add').tee(j).i32(N).op('eq').if().i32(0).set(j).end();
    f.get(i).i32(2).op('shl').scalar('load', 4, 0).i32(0x80000000).op('and');
    f.get(j).i32(2).op('shl').scalar('load', 4, 0).i32(0x7fffffff).op('and').op('or').set(y);
    // mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    f.get(i).i32(M).op('add').set(j);
    f.get(j).i32(N).op('ge_s').if().get(j).i32(N).op('sub').set(j).end();
    f.get(i).i32(2).op('shl');
    f.get(j).i32(2).op('shl').scalar('load', 4, 0);
    f.get(y).i32(1).op('shr_u').op('xor');
    f.i32(0).get(y).i32(1).op('and').op('sub').i32(0x9908b0df).op('and').op('xor');
    f.scalar('store', 4, 0);
    f.get(i).i32(1).op('add').tee(i).i32(to).op('lt_s').brIf(0);
    f.end();
  };
  /** Words [from, to) four at a time (to - from a multiple of 4), word i + far the third input. */
  const vector = (from: number, to: number, far: number): void => {
    f.i32(4 * from).set(i);
    f.loop();
    f.get(i).simd(SIMD.load, { align: 0, offset: 0 }).splatConst('i32', 0x80000000).simd(SIMD.and);
    f.get(i).simd(SIMD.load, { align: 0, offset: 4 }).splatConst('i32', 0x7fffffff).simd(SIMD.and);
    f.simd(SIMD.or).set(v);
    f.get(i);
    f.get(i)
      .i32(4 * far)
      .op('add')
      .simd(SIMD.load, { align: 0, offset: 0 });
    f.get(v).i32(1).simd(SIMD.i32x4ShrU).simd(SIMD.xor);
    f.v128Zero().get(v).splatConst('i32', 1).simd(SIMD.and).simd(SIMD.i32x4Sub);
    f.splatConst('i32', 0x9908b0df).simd(SIMD.and).simd(SIMD.xor);
    f.simd(SIMD.store, { align: 0, offset: 0 });
    f.get(i)
      .i32(16)
      .op('add')
      .tee(i)
      .i32(4 * to)
      .op('lt_s')
      .brIf(0);
    f.end();
  };
  vector(0, 224, M);
  scalar(224, 227);
  vector(227, 623, M - N);
  scalar(623, 624);
  return f;
}

/** draws(dst, count): `count` (>= 1) draws as 24-bit uniforms in [0, 1) at dst, 4 at a time. */
function drawsKernel(): Body {
  const f = new Body([I32, I32]);
  const [dst, count] = [0, 1];
  const left = f.local(I32);
  const next = f.local(I32);
  const m = f.local(I32);
  const k = f.local(I32);
  const p = f.local(I32);
  const q = f.local(I32);
  const v = f.local(V128);
  f.i32(0).scalar('load', 4, POS).set(left);
  f.i32(0)
    .scalar('load', 4, POS + 4)
    .set(next);
  f.block().loop();
  f.get(count).op('eqz').brIf(1);
  // As Generator._draws: a draw first decrements left; at 0 the state twists.
  f.get(left).i32(1).op('eq').if();
  f.code.push(0x10, TWIST);
  f.i32(N + 1)
    .set(left)
    .i32(0)
    .set(next);
  f.end();
  f.get(count).get(left).i32(1).op('sub').get(count).get(left).i32(1).op('sub').op('lt_s').op('select').set(m);
  f.i32(0).set(k);
  f.get(next).i32(2).op('shl').set(q);
  f.get(dst).set(p);
  f.loop();
  f.get(q).simd(SIMD.load, { align: 0, offset: 0 }).set(v);
  f.get(v).get(v).i32(11).simd(SIMD.i32x4ShrU).simd(SIMD.xor).set(v);
  f.get(v).get(v).i32(7).simd(SIMD.i32x4Shl).splatConst('i32', 0x9d2c5680).simd(SIMD.and).simd(SIMD.xor).set(v);
  f.get(v).get(v).i32(15).simd(SIMD.i32x4Shl).splatConst('i32', 0xefc60000).simd(SIMD.and).simd(SIMD.xor).set(v);
  f.get(v).get(v).i32(18).simd(SIMD.i32x4ShrU).simd(SIMD.xor).set(v);
  f.get(p);
  f.get(v).splatConst('i32', 0xffffff).simd(SIMD.and).simd(SIMD.f32x4ConvertI32x4S);
  f.splatConst('f32', 2 ** -24).simd(SIMD.f32x4Mul);
  f.simd(SIMD.store, { align: 0, offset: 0 });
  f.addTo(p, 16).addTo(q, 16);
  f.get(k).i32(4).op('add').tee(k).get(m).op('lt_s').brIf(0);
  f.end();
  f.get(next).get(m).op('add').set(next);
  f.get(left).get(m).op('sub').set(left);
  f.get(count).get(m).op('sub').set(count);
  f.get(dst).get(m).i32(2).op('shl').op('add').set(dst);
  f.br(0);
  f.end().end();
  f.i32(0).get(left).scalar('store', 4, POS);
  f.i32(0)
    .get(next)
    .scalar('store', 4, POS + 4);
  return f;
}

/**
 * An fma operand: a local of four float32 lanes, a float32 constant, or a local holding one
 * float32 value in both float64 lanes (for constants and runtime parameters no lanes are promoted).
 */
type Operand = number | { k: number } | { d: number };

/** A helper emitting float32 fmas (see the Note) that OR their midpoint flags into `flag`. */
function fmaEmitter(f: Body, flag: number) {
  const t = [f.local(V128), f.local(V128)];
  const HI = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  const lane = (x: Operand, half: number): void => {
    if (typeof x !== 'number') {
      if ('k' in x) f.splatConst('f64', Math.fround(x.k));
      else f.get(x.d);
      return;
    }
    f.get(x);
    if (half === 1) f.get(x).shuffle(HI);
    f.simd(SIMD.f64x2PromoteLowF32x4);
  };
  /** Pushes fma(a, b, c) of the float32 lanes of a, b, c. */
  return (a: Operand, b: Operand, c: Operand): void => {
    for (let h = 0; h < 2; h++) {
      lane(a, h);
      lane(b, h);
      f.simd(SIMD.f64x2Mul);
      lane(c, h);
      f.simd(SIMD.f64x2Add).tee(t[h]);
      f.splatConst('i64', 0x1fffffff).simd(SIMD.and).splatConst('i64', 0x10000000).simd(SIMD.i64x2Eq);
      f.get(flag).simd(SIMD.or).set(flag);
    }
    f.get(t[0]).simd(SIMD.f32x4DemoteF64x2Zero).get(t[1]).simd(SIMD.f32x4DemoteF64x2Zero);
    f.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
  };
}

const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(Math.fround);
const DP = [-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8].map(Math.fround);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(Math.fround);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(Math.fround);

/**
 * normal(u, out, blocks): normal_fill_16_AVX2 over `blocks` blocks of 16 uniforms at u into out
 * (mean and std at POS + 8, + 12), as avxBoxMuller16 computes them; a flag per block at FLAGS.
 */
function normalKernel(): Body {
  const f = new Body([I32, I32, I32]);
  const [u, out, blocks] = [0, 1, 2];
  const fl = f.local(I32);
  const flag = f.local(V128);
  const mean = f.local(V128);
  const std = f.local(V128);
  const v = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [x, z, y, e, c, q] = v;
  const lt = f.local(V128);
  const logv = f.local(V128);
  const cosv = f.local(V128);
  const sinv = f.local(V128);
  const k = f.local(V128);
  const r = f.local(V128);
  const fma = fmaEmitter(f, flag);
  f.i32(0)
    .simd(SIMD.load32Splat, { align: 2, offset: POS + 8 })
    .simd(SIMD.f64x2PromoteLowF32x4)
    .set(mean);
  f.i32(0)
    .simd(SIMD.load32Splat, { align: 2, offset: POS + 12 })
    .simd(SIMD.f64x2PromoteLowF32x4)
    .set(std);
  f.i32(FLAGS).set(fl);
  f.loop();
  f.v128Zero().set(flag);
  for (let h = 0; h < 2; h++) {
    // log256_ps(1 - u[j]), as logf8
    f.splatConst('f32', 1)
      .get(u)
      .simd(SIMD.load, { align: 0, offset: 16 * h })
      .simd(SIMD.f32x4Sub)
      .set(x);
    f.splatConst('f32', 1.1754943508222875e-38).get(x).get(x).splatConst('f32', 1.1754943508222875e-38);
    f.simd(SIMD.f32x4Lt).simd(SIMD.bitselect).set(x);
    f.get(x).i32(23).simd(SIMD.i32x4ShrU).splatConst('i32', 126).simd(SIMD.i32x4Sub);
    f.simd(SIMD.f32x4ConvertI32x4S).set(e);
    f.get(x).splatConst('i32', ~0x7f800000).simd(SIMD.and).splatConst('i32', 0x3f000000).simd(SIMD.or).set(x);
    f.get(x).splatConst('f32', 0.707106781186547524).simd(SIMD.f32x4Lt).set(lt);
    f.get(e).splatConst('f32', 1).get(lt).simd(SIMD.and).simd(SIMD.f32x4Sub).set(e);
    f.get(x).splatConst('f32', 1).simd(SIMD.f32x4Sub).get(x).get(lt).simd(SIMD.and).simd(SIMD.f32x4Add).set(x);
    f.get(x).get(x).simd(SIMD.f32x4Mul).set(z);
    f.splatConst('f32', LOG_P[0]).set(y);
    for (let i = 1; i < 9; i++) {
      fma(y, x, { k: LOG_P[i] });
      f.set(y);
    }
    f.get(y).get(x).simd(SIMD.f32x4Mul).set(y);
    f.get(e).splatConst('f32', -2.1219444e-4).simd(SIMD.f32x4Mul).set(c);
    fma(y, z, c);
    f.get(z).splatConst('f32', 0.5).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub).set(y);
    f.get(x).get(y).simd(SIMD.f32x4Add).get(e).splatConst('f32', 0.693359375).simd(SIMD.f32x4Mul);
    f.simd(SIMD.f32x4Add).set(logv);

    // sincos256_ps(2π u[j + 8]), as sincosf8; v (the angle) in y, its sign mask in lt
    f.splatConst('f32', 2 * Math.PI)
      .get(u)
      .simd(SIMD.load, { align: 0, offset: 32 + 16 * h });
    f.simd(SIMD.f32x4Mul).set(y);
    f.get(y).v128Zero().simd(SIMD.f32x4Lt).set(lt);
    f.get(y).simd(SIMD.f32x4Abs).set(x);
    f.get(x).splatConst('f32', 1.27323954473516).simd(SIMD.f32x4Mul).simd(SIMD.i32x4TruncSatF32x4S);
    f.splatConst('i32', 1).simd(SIMD.i32x4Add).splatConst('i32', ~1).simd(SIMD.and).set(q);
    f.get(q).simd(SIMD.f32x4ConvertI32x4S).set(e);
    for (const d of DP) {
      fma(e, { k: d }, x);
      f.set(x);
    }
    f.get(x).get(x).simd(SIMD.f32x4Mul).set(z);
    f.splatConst('f32', COS_P[0]).set(c);
    f.splatConst('f32', SIN_P[0]).set(y);
    for (let i = 1; i < 3; i++) {
      fma(c, z, { k: COS_P[i] });
      f.set(c);
      fma(y, z, { k: SIN_P[i] });
      f.set(y);
    }
    f.get(c).get(z).simd(SIMD.f32x4Mul).set(c);
    f.get(z).splatConst('f32', -0.5).simd(SIMD.f32x4Mul).set(k);
    fma(c, z, k);
    f.splatConst('f32', 1).simd(SIMD.f32x4Add).set(c); // yc
    f.get(y).get(z).simd(SIMD.f32x4Mul).set(y);
    fma(y, x, x);
    f.set(y); // ys
    // poly2 = (q & 2) == 0: sin takes ys, cos yc; otherwise swapped.
    f.get(q).splatConst('i32', 2).simd(SIMD.and).v128Zero().simd(SIMD.i32x4Eq).set(z);
    f.get(y).get(c).get(z).simd(SIMD.bitselect).set(sinv);
    f.get(c).get(y).get(z).simd(SIMD.bitselect).set(cosv);
    // sin's sign: v < 0 xor (q & 4); cos's: ((q - 2) & 4) == 0
    f.get(sinv);
    f.get(q).splatConst('i32', 4).simd(SIMD.and).splatConst('i32', 4).simd(SIMD.i32x4Eq).get(lt).simd(SIMD.xor);
    f.splatConst('i32', 0x80000000).simd(SIMD.and).simd(SIMD.xor).set(sinv);
    f.get(cosv);
    f.get(q).splatConst('i32', 2).simd(SIMD.i32x4Sub).splatConst('i32', 4).simd(SIMD.and).v128Zero();
    f.simd(SIMD.i32x4Eq).splatConst('i32', 0x80000000).simd(SIMD.and).simd(SIMD.xor).set(cosv);

    // radius = sqrt(-2 log); out[j] = fma(radius cos, std, mean), out[j + 8] = fma(radius sin, ...)
    f.get(logv).splatConst('f32', -2).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sqrt).set(r);
    f.get(out);
    f.get(r).get(cosv).simd(SIMD.f32x4Mul).set(x);
    fma(x, { d: std }, { d: mean });
    f.simd(SIMD.store, { align: 0, offset: 16 * h });
    f.get(out);
    f.get(r).get(sinv).simd(SIMD.f32x4Mul).set(x);
    fma(x, { d: std }, { d: mean });
    f.simd(SIMD.store, { align: 0, offset: 32 + 16 * h });
  }
  f.get(fl).get(flag).simd(SIMD.anyTrue).scalar('store', 4, 0);
  f.addTo(fl, 4).addTo(u, 64).addTo(out, 64).addTo(blocks, -1);
  f.get(blocks).brIf(0);
  f.end();
  return f;
}

/** scale(u, out, blocks): out = fma(u, span, from) (at POS + 12, + 8) per block of 16, flagged. */
function scaleKernel(): Body {
  const f = new Body([I32, I32, I32]);
  const [u, out, blocks] = [0, 1, 2];
  const fl = f.local(I32);
  const flag = f.local(V128);
  const from = f.local(V128);
  const span = f.local(V128);
  const x = f.local(V128);
  const fma = fmaEmitter(f, flag);
  f.i32(0)
    .simd(SIMD.load32Splat, { align: 2, offset: POS + 8 })
    .simd(SIMD.f64x2PromoteLowF32x4)
    .set(from);
  f.i32(0)
    .simd(SIMD.load32Splat, { align: 2, offset: POS + 12 })
    .simd(SIMD.f64x2PromoteLowF32x4)
    .set(span);
  f.i32(FLAGS).set(fl);
  f.loop();
  f.v128Zero().set(flag);
  for (let h = 0; h < 4; h++) {
    f.get(u)
      .simd(SIMD.load, { align: 0, offset: 16 * h })
      .set(x);
    f.get(out);
    fma(x, { d: span }, { d: from });
    f.simd(SIMD.store, { align: 0, offset: 16 * h });
  }
  f.get(fl).get(flag).simd(SIMD.anyTrue).scalar('store', 4, 0);
  f.addTo(fl, 4).addTo(u, 64).addTo(out, 64).addTo(blocks, -1);
  f.get(blocks).brIf(0);
  f.end();
  return f;
}

export function randomModule(): Uint8Array<ArrayBuffer> {
  return moduleBytes([
    { name: 'twist', body: twistKernel() },
    { name: 'draws', body: drawsKernel() },
    { name: 'normal', body: normalKernel() },
    { name: 'scale', body: scaleKernel() },
  ]);
}

export type RandomFill = (
  kind: RandomFillKind,
  state: Uint32Array,
  pos: Int32Array,
  out: Float32Array | Float64Array,
  a: number,
  b: number,
) => boolean;

/** Below this many elements the reference samplers cost less than copying the state in and out. */
const MIN_ELEMENTS = 256;

/** The fills over a fresh memory, or null without WebAssembly SIMD. */
export function createWasmRandom(): RandomFill | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (wasm === undefined) return null;
  const bytes = randomModule();
  if (!wasm.validate(bytes)) return null;
  const memory = new wasm.Memory({ initial: Math.ceil((OUT + CHUNK * 4 + 64) / PAGE) });
  let exports: WebAssembly.Exports;
  try {
    exports = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports;
  } catch {
    return null;
  }
  const draws = exports.draws as (dst: number, count: number) => void;
  const normal = exports.normal as (u: number, out: number, blocks: number) => void;
  const scale = exports.scale as (u: number, out: number, blocks: number) => void;
  const words = new Uint32Array(memory.buffer);
  const ints = new Int32Array(memory.buffer);
  const floats = new Float32Array(memory.buffer);
  const u0 = U / 4;
  const o0 = OUT / 4;
  const f0 = FLAGS / 4;

  /** Box-Muller over the first `blocks` blocks at U into out[at...]; flagged ones by the reference. */
  function normalBlocks(out: Float32Array, at: number, blocks: number, mean: number, std: number): void {
    normal(U, OUT, blocks);
    out.set(floats.subarray(o0, o0 + 16 * blocks), at);
    for (let i = 0; i < blocks; i++) {
      if (ints[f0 + i] === 0) continue;
      out.set(floats.subarray(u0 + 16 * i, u0 + 16 * i + 16), at + 16 * i);
      avxBoxMuller16(out, at + 16 * i, mean, std);
    }
  }

  return (kind, state, pos, out, a, b) => {
    if (!(out instanceof Float32Array) || out.length < MIN_ELEMENTS) return false;
    // Counters as PyTorch keeps them (left + next <= N + 1) keep every read inside the state;
    // others (a state set_state accepted but no generator produces) are left to the reference.
    if (!(pos[0] >= 1 && pos[0] <= N && pos[1] >= 0 && pos[0] + pos[1] <= N + 1)) return false;
    const n = out.length;
    words.set(state.subarray(0, N), 0);
    ints[POS / 4] = pos[0];
    ints[POS / 4 + 1] = pos[1];
    if (kind === 'normal') {
      const mean = Math.fround(a);
      const std = Math.fround(b);
      floats[POS / 4 + 2] = mean;
      floats[POS / 4 + 3] = std;
      // Every element draws its uniform first (the tail's too), as the reference does.
      for (let i = 0; i < n; i += CHUNK) {
        const len = Math.min(CHUNK, n - i);
        draws(U, len);
        if (len >= 16) normalBlocks(out, i, len >> 4, mean, std);
      }
      if (n % 16 !== 0) {
        draws(U, 16);
        normalBlocks(out, n - 16, 1, mean, std);
      }
    } else {
      const from = Math.fround(a);
      const span = Math.fround(Math.fround(b) - from);
      const plain = from === 0 && span === 1;
      floats[POS / 4 + 2] = from;
      floats[POS / 4 + 3] = span;
      for (let i = 0; i < n; i += CHUNK) {
        const len = Math.min(CHUNK, n - i);
        draws(U, len);
        if (plain) {
          out.set(floats.subarray(u0, u0 + len), i);
          continue;
        }
        const blocks = (len + 15) >> 4;
        scale(U, OUT, blocks);
        out.set(floats.subarray(o0, o0 + len), i);
        for (let j = 0; j < blocks; j++) {
          if (ints[f0 + j] === 0) continue;
          for (let k = 16 * j; k < Math.min(16 * j + 16, len); k++) out[i + k] = fmaf(floats[u0 + k], span, from);
        }
      }
    }
    state.set(words.subarray(0, N));
    pos[0] = ints[POS / 4];
    pos[1] = ints[POS / 4 + 1];
    return true;
  };
}
