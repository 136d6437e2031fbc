// Samplers over a flat buffer, written front to back in the order PyTorch's CPU kernels draw:
// each reproduces one ATen transform of the generator's 32- and 64-bit draws.
//
// Note [Which draws each sampler makes] (ATen's CPU kernels, DistributionsHelper.h):
// - uniform float32: 24 bits of one 32-bit draw; float64: 53 bits of a 64-bit draw (two 32-bit
//   draws, the first is the high word). x * (to - from) + from is one fused multiply-add, with
//   to - from rounded to the dtype first.
// - normal on 16 or more contiguous elements ("fill" path): uniforms for every element first,
//   then Box-Muller over blocks of 16 (lanes j and j + 8 pair up); when the size is not a multiple
//   of 16 the last 16 elements are drawn again and recomputed. float32 uses the AVX2 polynomial
//   log/sincos (random_math.ts), float64 glibc's log/sin/cos (libm.ts).
// - normal otherwise ("scalar" path, any float dtype): double Box-Muller from two 53-bit uniforms;
//   the sine half is cached on the generator and returned by the next scalar normal draw.
// - randint / random_(from, to): draw % range + from, with a 64-bit draw when range >= 2^32 (for
//   int64 and float dtypes), else a 32-bit draw.
// - randperm: swaps with random() % (n - i) for n < 2^32 / 20; inside-out shuffle with 64-bit
//   draws above.
// - bernoulli(p tensor): a uniform of p's precision, < p. bernoulli_(p number): 53-bit uniform < p.
// - exponential_: -1 / lambda * log(1 - u) on a 53-bit uniform.
// - multinomial (multinomial.ts): exponential_ draws without replacement; one 53-bit uniform per
//   sample with replacement.
// Elements are drawn in the order TensorIterator visits them: memory order of the output.

import type { Generator } from './generator.js';
import { bool, float64, float32, int32, int64, type DType, type TypedArray } from './dtype.js';
import { avxBoxMuller16, fma, fmaf } from './random_math.js';
import { cos, log, sin } from './libm.js';
import { backend } from '../backend/index.js';
import type { RandomFillKind } from '../backend/backend.js';

const TWO32 = 4294967296;
const TWO_PI = 2 * Math.PI;
// Math.fround is called by name: through an alias V8 calls the builtin and boxes its result.

// Draws are taken CHUNK at a time into BITS (Generator._draws), then transformed.
const CHUNK = 4096;
const BITS = new Uint32Array(CHUNK);
// The generator's [left, next] counters, as the backends' randomFill takes them.
const POS = new Int32Array(2);

/** Runs the backend's fill of the whole of out, if it has one; false when it has not. */
function backendFill(kind: RandomFillKind, out: TypedArray, a: number, b: number, g: Generator): boolean {
  if (!(out instanceof Float32Array) && !(out instanceof Float64Array)) return false;
  POS[0] = g._left;
  POS[1] = g._next;
  if (!backend().randomFill(kind, g._mt, POS, out, a, b)) return false;
  g._left = POS[0];
  g._next = POS[1];
  return true;
}

/** out[from, to) := 24-bit uniforms in [0, 1). */
function uniforms24(out: TypedArray, from: number, to: number, g: Generator): void {
  for (let i = from; i < to; i += CHUNK) {
    const m = Math.min(CHUNK, to - i);
    g._draws(BITS, m);
    for (let k = 0; k < m; k++) out[i + k] = (BITS[k] & 0xffffff) / 16777216;
  }
}

/** out[from, to) := 53-bit uniforms in [0, 1), each from two draws (high word first). */
function uniforms53(out: TypedArray, from: number, to: number, g: Generator): void {
  const half = CHUNK / 2;
  for (let i = from; i < to; i += half) {
    const m = Math.min(half, to - i);
    g._draws(BITS, 2 * m);
    for (let k = 0; k < m; k++) out[i + k] = ((BITS[2 * k] & 0x1fffff) * TWO32 + BITS[2 * k + 1]) / 9007199254740992;
  }
}

export function fillUniform(out: TypedArray, double: boolean, from: number, to: number, g: Generator): void {
  if (backendFill('uniform', out, from, to, g)) return;
  const n = out.length;
  if (double) {
    const span = to - from;
    uniforms53(out, 0, n, g);
    if (!(from === 0 && span === 1)) for (let i = 0; i < n; i++) out[i] = fma(out[i], span, from);
    return;
  }
  const a = Math.fround(from);
  const span = Math.fround(Math.fround(to) - a);
  uniforms24(out, 0, n, g);
  if (!(a === 0 && span === 1)) for (let i = 0; i < n; i++) out[i] = fmaf(out[i], span, a);
}

/** One draw of normal_distribution<double>(mean, std), using and refilling the cached sample. */
function normalScalar(g: Generator, mean: number, std: number): number {
  let z: number;
  if (g._nextDoubleNormal !== null) {
    z = g._nextDoubleNormal;
    g._nextDoubleNormal = null;
  } else {
    const u1 = g._uniform53();
    const u2 = g._uniform53();
    const r = Math.sqrt(-2 * log(1 - u2));
    const theta = TWO_PI * u1;
    g._nextDoubleNormal = r * sin(theta);
    z = r * cos(theta);
  }
  return std === 1 ? z + mean : fma(z, std, mean);
}

/** normal_fill's scalar Box-Muller block (float64). */
function boxMuller16(d: TypedArray, at: number, mean: number, std: number): void {
  // With std 1 the fused multiply-add is one rounded addition (z * 1 is exact).
  const unit = std === 1;
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * log(1 - d[j]));
    const theta = TWO_PI * d[j + 8];
    const c = radius * cos(theta);
    const s = radius * sin(theta);
    d[j] = unit ? c + mean : fma(c, std, mean);
    d[j + 8] = unit ? s + mean : fma(s, std, mean);
  }
}

export function fillNormal(out: TypedArray, contiguous: boolean, mean: number, std: number, g: Generator): void {
  const n = out.length;
  if (n < 16 || !contiguous) {
    for (let i = 0; i < n; i++) out[i] = normalScalar(g, mean, std);
  } else if (backendFill('normal', out, mean, std, g)) {
    return;
  } else if (out instanceof Float32Array) {
    const m = Math.fround(mean);
    const s = Math.fround(std);
    uniforms24(out, 0, n, g);
    for (let i = 0; i + 16 <= n; i += 16) avxBoxMuller16(out, i, m, s);
    if (n % 16 !== 0) {
      uniforms24(out, n - 16, n, g);
      avxBoxMuller16(out, n - 16, m, s);
    }
  } else {
    uniforms53(out, 0, n, g);
    for (let i = 0; i + 16 <= n; i += 16) boxMuller16(out, i, mean, std);
    if (n % 16 !== 0) {
      uniforms53(out, n - 16, n, g);
      boxMuller16(out, n - 16, mean, std);
    }
  }
}

/** (hi * 2^32 + lo) mod r, exactly, for integers r in [1, 2^53]. */
export function mod64(hi: number, lo: number, r: number): number {
  const m = (hi * TWO32) % r;
  const l = lo % r;
  return m >= r - l ? m - (r - l) : m + l;
}

/** (hi * 2^32 + lo) mod r + base, with BigInt arithmetic (ranges beyond 2^53). */
function bigMod64(hi: number, lo: number, r: bigint, base: bigint): number {
  return Number((((BigInt(hi) << 32n) | BigInt(lo)) % r) + base);
}

/** random_(from, to): values in [base, base + range). */
export function fillRandomFromTo(
  out: TypedArray,
  dtype: DType,
  range: number | bigint,
  base: number,
  g: Generator,
): void {
  const n = out.length;
  if (typeof range === 'bigint' || range > 2 ** 53) {
    const r = BigInt(range);
    const b = BigInt(base);
    for (let i = 0; i < n; i++) out[i] = bigMod64(g._random(), g._random(), r, b);
  } else if (range >= TWO32 && dtype !== int32 && dtype !== bool) {
    for (let i = 0; i < n; i++) out[i] = mod64(g._random(), g._random(), range) + base;
  } else if (dtype === bool) {
    for (let i = 0; i < n; i++) out[i] = (g._random() % range) + base !== 0 ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = (g._random() % range) + base;
  }
}

/** random_() with no bounds: [0, 2^mantissa] for floats, [0, max] for integers. */
export function fillRandomDefault(out: TypedArray, dtype: DType, g: Generator): void {
  const n = out.length;
  if (dtype === float64) {
    const r = 2n ** 53n + 1n;
    for (let i = 0; i < n; i++) out[i] = bigMod64(g._random(), g._random(), r, 0n);
  } else if (dtype === int64) {
    // Values beyond 2^53 round to the nearest double (Note [int64 representation]).
    for (let i = 0; i < n; i++) out[i] = (g._random() & 0x7fffffff) * TWO32 + g._random();
  } else if (dtype === float32) {
    for (let i = 0; i < n; i++) out[i] = g._random() % 16777217;
  } else if (dtype === int32) {
    for (let i = 0; i < n; i++) out[i] = g._random() & 0x7fffffff;
  } else {
    for (let i = 0; i < n; i++) out[i] = g._random() & 1;
  }
}

export function fillExponential(out: TypedArray, lambd: number, g: Generator): void {
  const scale = -1 / lambd;
  for (let i = 0; i < out.length; i++) out[i] = scale * log(1 - g._uniform53());
}

const RANDPERM_SWAP_LIMIT = Math.floor(0xffffffff / 20);

/** randperm: the permutation of 0..r.length-1. */
export function fillRandperm(r: TypedArray, g: Generator): void {
  const n = r.length;
  if (n < RANDPERM_SWAP_LIMIT) {
    for (let i = 0; i < n; i++) r[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = (g._random() % (n - i)) + i;
      const save = r[i];
      r[i] = r[z];
      r[z] = save;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const z = mod64(g._random(), g._random(), i + 1);
      r[i] = r[z];
      r[z] = i;
    }
  }
}

/**
 * bernoulli: 1 where a uniform draw is below p. A number p uses 53-bit uniforms; a tensor of
 * probabilities (given as its values in fill order) uniforms of its own precision, and PyTorch's
 * range check, made as each value is reached.
 */
export function fillBernoulli(out: TypedArray, p: number | TypedArray, g: Generator): void {
  if (typeof p === 'number') {
    for (let i = 0; i < out.length; i++) out[i] = g._uniform53() < p ? 1 : 0;
    return;
  }
  const single = !(p instanceof Float64Array);
  for (let i = 0; i < out.length; i++) {
    const pi = p[i];
    if (!(pi >= 0 && pi <= 1)) {
      throw new Error(
        'Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  ' +
          'If so, please report an enhancement request to PyTorch.)',
      );
    }
    out[i] = (single ? g._uniform24() : g._uniform53()) < pi ? 1 : 0;
  }
}
