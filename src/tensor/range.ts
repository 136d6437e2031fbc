// Range factories: arange, linspace, logspace, value for value as PyTorch 1.13's CPU kernels
// compute them.
//
// Note [Vectorized range kernels]: ATen fills arange and linspace with a vectorized loop: whole
// chunks of 2 * V elements (V = SIMD lanes: 8 for float32/int32, 4 for float64/int64 with AVX2,
// the capability of the oracle's machine) are written as `base + k * step` from a per-vector base,
// and only the tail uses the per-element formula. The rounding of the two differs, so both are
// reproduced here (fillVectorized) to give bit-identical results. Outputs longer than ATen's grain
// size (32768) are split across threads by ATen, which this does not reproduce.
//
// Note [Contracted multiply-add]: those kernels are compiled for AVX2 with FMA, and the compiler
// contracts `start + step * i` into one fused multiply-add (a single rounding); the lanes of a
// vector are fused for arange and not for linspace (as observed against 1.13). fma() and fmaf()
// below compute it exactly: an error-free product and sum, then a round-to-odd step, which makes
// the final rounding correct (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums").

import { bool, float32, float64, get_default_dtype, int32, int64, type DType } from './dtype.js';
import { Tensor } from './tensor.js';
import { allocate } from './alloc.js';
import { output } from './kernels.js';
import { backend } from '../backend/index.js';

const f32 = Math.fround;

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** x + y rounded to odd: when inexact, the neighbour of the exact sum whose last bit is 1. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const yy = s - x;
  const err = x - (s - yy) + (y - yy);
  if (err === 0 || !Number.isFinite(s)) return s;
  bits[0] = s;
  if ((words[LOW] & 1) === 1) return s;
  // s is even: step one unit in the last place toward the exact sum.
  const away = err > 0 === s > 0;
  const view = new BigInt64Array(bits.buffer);
  view[0] += away ? 1n : -1n;
  return bits[0];
}

/** a * b + c with one rounding, in double precision. */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0) return p + c;
  const ta = SPLIT * a;
  const ah = ta - (ta - a);
  const al = a - ah;
  const tb = SPLIT * b;
  const bh = tb - (tb - b);
  const bl = b - bh;
  const pErr = ah * bh - p + ah * bl + al * bh + al * bl; // p + pErr === a * b exactly
  const s = c + p;
  const pp = s - c;
  const sErr = c - (s - pp) + (p - pp); // s + sErr === c + p exactly
  return s + addRoundToOdd(sErr, pErr);
}

/** a * b + c with one rounding, in single precision (the product is exact in double). */
function fmaf(a: number, b: number, c: number): number {
  return f32(addRoundToOdd(c, a * b));
}

function lanes(dtype: DType): number {
  return dtype === float32 || dtype === int32 ? 8 : 4;
}

/** How a value of the accumulation type is stored: rounded to float32, truncated to an integer. */
function storeOf(dtype: DType): (v: number) => number {
  if (dtype === float32) return f32;
  if (dtype === float64) return (v) => v;
  if (dtype === bool) return (v) => (v !== 0 ? 1 : 0);
  return (v) => Math.trunc(v) + 0;
}

/**
 * ATen's vectorized_loop for a nullary kernel: vector(i, k) gives element i + k of the vector that
 * starts at i, scalar(i) element i of the tail. See Note [Vectorized range kernels].
 */
function fillVectorized(
  n: number,
  dtype: DType,
  vector: (i: number, k: number) => number,
  scalar: (i: number) => number,
): Tensor {
  const t = output([n], dtype); // every element is written below
  const data = t._data;
  const v = lanes(dtype);
  let i = 0;
  for (; i <= n - 2 * v; i += 2 * v) {
    for (let k = 0; k < v; k++) data[i + k] = vector(i, k);
    for (let k = 0; k < v; k++) data[i + v + k] = vector(i + v, k);
  }
  for (; i < n; i++) data[i] = scalar(i);
  return t;
}

/** A double as C++'s ostream prints it in ATen messages (nan, inf). */
function cppNumber(v: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/** torch.arange(end) / (start, end) / (start, end, step); all-integer arguments give int64. */
export function arangeTensor(nums: readonly number[], dtype: DType | null): Tensor {
  let start = 0;
  let end: number;
  let step = 1;
  if (nums.length === 1) [end] = nums;
  else if (nums.length === 2) [start, end] = nums;
  else if (nums.length === 3) [start, end, step] = nums;
  else throw new TypeError('arange() takes 1 to 3 positional arguments');
  const d = dtype ?? (nums.every(Number.isInteger) ? int64 : get_default_dtype());
  // Arguments become the accumulation type first: integers truncate (a 0.5 step becomes 0).
  const acc = d.is_floating_point ? (x: number) => x : (x: number) => Math.trunc(x);
  const [xstart, xend, xstep] = [acc(start), acc(end), acc(step)];
  if (!(xstep > 0 || xstep < 0)) throw new RangeError('step must be nonzero');
  if (!Number.isFinite(xstart) || !Number.isFinite(xend)) {
    throw new RangeError(`unsupported range: ${cppNumber(xstart)} -> ${cppNumber(xend)}`);
  }
  if ((xstep > 0 && xend < xstart) || (xstep < 0 && xend > xstart)) {
    throw new RangeError('upper bound and larger bound inconsistent with step sign');
  }
  // ATen sizes int64 ranges from the truncated bounds and every other dtype from the raw ones.
  const n = d === int64 ? Math.ceil((xend - xstart) / xstep) : Math.ceil((end - start) / step);
  const store = storeOf(d);
  if ((d === int64 || d === int32) && Math.max(Math.abs(xstart), Math.abs(xend)) + Math.abs(xstep) <= 2 ** 53) {
    // Integers in exact double range: the vector and tail formulas agree, no rounding to model.
    const len = Math.max(0, n);
    // Every element is written: an unfilled output, filled by the backend (on the native thread
    // pool for large ones). int32 values beyond its range wrap as JavaScript stores them: the loop.
    const t = output([len], d);
    const data = t._data as Float64Array | Int32Array;
    const last = xstart + xstep * Math.max(0, len - 1);
    if (d === int64 || Math.max(Math.abs(xstart), Math.abs(last)) <= 0x7fffffff) {
      backend().ramp(data, xstart, xstep);
    } else {
      for (let i = 0; i < len; i++) data[i] = xstart + xstep * i + 0;
    }
    return t;
  }
  if (!d.is_floating_point) {
    return fillVectorized(
      Math.max(0, n),
      d,
      (i, k) => store(xstart + xstep * (i + k)),
      (i) => store(xstart + xstep * i),
    );
  }
  // The accumulation type is double; a float32 vector starts from its base rounded to float.
  const narrow = d === float32 ? f32 : (x: number) => x;
  return fillVectorized(
    Math.max(0, n),
    d,
    (i, k) => store(fma(k, xstep, narrow(fma(xstep, i, xstart)))),
    (i) => store(fma(xstep, i, xstart)),
  );
}

/** torch.linspace: `steps` points from start to end, evaluated from both ends toward the middle. */
export function linspaceTensor(start: number, end: number, steps: number, dtype: DType): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError('number of steps must be non-negative');
  const store = storeOf(dtype);
  if (steps === 1)
    return fillVectorized(
      1,
      dtype,
      () => 0,
      () => store(start),
    );
  const half = Math.floor(steps / 2);
  if (dtype === float32) {
    // Everything in float32 arithmetic.
    const s = f32(start);
    const e = f32(end);
    const step = f32(f32(e - s) / (steps - 1));
    const from = (i: number): number => (i < half ? fmaf(step, i, s) : fmaf(-step, steps - i - 1, e));
    return fillVectorized(steps, dtype, (i, k) => f32(from(i) + f32(k * step)), from);
  }
  const integral = !dtype.is_floating_point;
  const s = integral ? Math.trunc(start) : start;
  const e = integral ? Math.trunc(end) : end;
  const step = (e - s) / (steps - 1);
  const from = (i: number): number => (i < half ? fma(step, i, s) : fma(-step, steps - i - 1, e));
  // Integer vectors start from the base already truncated to the integer type.
  const base = integral ? (i: number) => Math.trunc(from(i)) : from;
  return fillVectorized(
    steps,
    dtype,
    (i, k) => store(base(i) + k * step),
    (i) => store(from(i)),
  );
}

/** torch.logspace: base ** linspace(start, end, steps), computed in double (no vector path). */
export function logspaceTensor(start: number, end: number, steps: number, base: number, dtype: DType): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError('number of steps must be non-negative');
  const store = storeOf(dtype);
  const data = allocate(dtype, steps);
  if (steps === 1) {
    data[0] = store(Math.pow(base, start));
  } else if (steps > 1) {
    const round = dtype === float32 ? f32 : dtype.is_floating_point ? (x: number) => x : Math.trunc;
    const s = round(start);
    const e = round(end);
    // The difference is taken in the tensor's type, the step in double.
    const step = round(e - s) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) {
      data[i] = store(Math.pow(base, i < half ? s + step * i : e - step * (steps - i - 1)));
    }
  }
  return Tensor._make(data, [steps], [1], 0, dtype);
}
