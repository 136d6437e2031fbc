// Reductions, scans and softmax over strided views.

import type { ReduceKind, ScanKind, View } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { collapse, count } from './iterate.js';
import { SOFTMAX_MAX_ROW } from './wasm/elementwise.js';
import { WASM_MIN_ELEMENTS, wasmElementwise } from './wasm/runtime.js';

type Data = ArrayLike<number>;

/**
 * Base offsets of every index of the leading `lead` dims of x, and the layout of the trailing
 * dims: either one stride (they collapse to one dim) or a table of relative offsets.
 */
interface Layout {
  bases: Float64Array;
  n: number;
  stride: number;
  rel: Float64Array | null;
  /** When the trailing dims collapse to two, [outer count, outer stride, inner length] with inner stride 1. */
  runs: [number, number, number] | null;
}

function offsetsOf(shape: readonly number[], strides: readonly number[], start: number): Float64Array {
  const total = count(shape);
  const out = new Float64Array(total);
  const nd = shape.length;
  const index = new Array<number>(nd).fill(0);
  let p = start;
  for (let i = 0; i < total; i++) {
    out[i] = p;
    for (let d = nd - 1; d >= 0; d--) {
      p += strides[d];
      if (++index[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

function layoutOf(x: View, trailing: number): Layout {
  const lead = x.shape.length - trailing;
  const bases = offsetsOf(x.shape.slice(0, lead), x.strides.slice(0, lead), x.offset);
  const innerShape = x.shape.slice(lead);
  const inner = collapse(innerShape, [x.strides.slice(lead)]);
  const n = count(innerShape);
  if (inner.shape.length === 1) return { bases, n, stride: inner.strides[0][0], rel: null, runs: null };
  const runs: Layout['runs'] =
    inner.shape.length === 2 && inner.strides[0][1] === 1
      ? [inner.shape[0], inner.strides[0][0], inner.shape[1]]
      : null;
  return { bases, n, stride: 0, rel: offsetsOf(inner.shape, inner.strides[0], 0), runs };
}

// Each reducer folds n elements starting at base (stride s, or relative offsets rel).
type Reducer = (d: Data, base: number, n: number, s: number, rel: Float64Array | null) => number;

const sum: Reducer = (d, base, n, s, rel) => {
  let acc = 0;
  if (rel) for (let j = 0; j < n; j++) acc += d[base + rel[j]];
  else if (s === 1) for (let j = 0; j < n; j++) acc += d[base + j];
  else for (let j = 0; j < n; j++) acc += d[base + j * s];
  return acc;
};

const prod: Reducer = (d, base, n, s, rel) => {
  let acc = 1;
  // Contiguous rows without the per-element layout test (the same products in the same order).
  if (rel) for (let j = 0; j < n; j++) acc *= d[base + rel[j]];
  else if (s === 1) for (let j = 0; j < n; j++) acc *= d[base + j];
  else for (let j = 0; j < n; j++) acc *= d[base + j * s];
  return acc;
};

function extremum(sign: 1 | -1, wantIndex: boolean): Reducer {
  return (d, base, n, s, rel) => {
    let best = sign > 0 ? -Infinity : Infinity;
    let at = 0;
    for (let j = 0; j < n; j++) {
      const v = d[base + (rel ? rel[j] : j * s)];
      if (v !== v) return wantIndex ? j : NaN;
      if (sign > 0 ? v > best : v < best) {
        best = v;
        at = j;
      }
    }
    return wantIndex ? at : best;
  };
}

const REDUCERS: Record<ReduceKind, Reducer> = {
  sum,
  mean: (d, base, n, s, rel) => sum(d, base, n, s, rel) / n,
  prod,
  max: extremum(1, false),
  min: extremum(-1, false),
  argmax: extremum(1, true),
  argmin: extremum(-1, true),
  all: (d, base, n, s, rel) => {
    for (let j = 0; j < n; j++) if (d[base + (rel ? rel[j] : j * s)] === 0) return 0;
    return 1;
  },
  any: (d, base, n, s, rel) => {
    for (let j = 0; j < n; j++) if (d[base + (rel ? rel[j] : j * s)] !== 0) return 1;
    return 0;
  },
};

export function reduce(kind: ReduceKind, x: View, reduced: number, out: TypedArray): void {
  const { bases, n, stride, rel, runs } = layoutOf(x, reduced);
  if ((kind === 'sum' || kind === 'mean') && rel === null && wasmSum(kind, x, bases, n, stride, out)) return;
  if ((kind === 'sum' || kind === 'mean') && runs !== null && wasmRunSum(kind, x, bases, runs, out)) return;
  if (
    (kind === 'max' || kind === 'min' || kind === 'argmax' || kind === 'argmin') &&
    rel === null &&
    wasmExtremum(kind, x, bases, n, stride, out)
  )
    return;
  const f = REDUCERS[kind];
  for (let i = 0; i < bases.length; i++) out[i] = f(x.data, bases[i], n, stride, rel);
}

/**
 * Sums over contiguous runs a stride apart (as a bias gradient's sum over [N, ·, H, W] reads each
 * channel): the float64 sum of each run on the WebAssembly kernel, added run by run.
 */
function wasmRunSum(
  kind: ReduceKind,
  x: View,
  bases: Float64Array,
  [count, stride, len]: [number, number, number],
  out: TypedArray,
): boolean {
  const ew = wasmElementwise();
  const d = x.data;
  if (ew === null || len < WASM_MIN_ELEMENTS) return false;
  if (!(d instanceof Float32Array || (d instanceof Float64Array && x.dtype === 'float64'))) return false;
  for (let i = 0; i < bases.length; i++) {
    let s = 0;
    for (let r = 0; r < count; r++) s += ew.sum(d, bases[i] + r * stride, len);
    out[i] = kind === 'mean' ? s / (count * len) : s;
  }
  return true;
}

/**
 * Sums on the WebAssembly kernels, float32 (or float64) in float64 as the loop does: contiguous
 * rows, or columns (outputs adjacent in memory, the reduced elements `stride` apart, as in a sum
 * over a batch dim), which are accumulated row by row in the loop's order. False when neither fits.
 */
function wasmSum(kind: ReduceKind, x: View, bases: Float64Array, n: number, stride: number, out: TypedArray): boolean {
  const ew = wasmElementwise();
  const d = x.data;
  if (ew === null || !(d instanceof Float32Array || (d instanceof Float64Array && x.dtype === 'float64'))) return false;
  const rows = bases.length;
  if ((stride === 1 || n === 1) && n >= WASM_MIN_ELEMENTS) {
    for (let i = 0; i < rows; i++) {
      const s = ew.sum(d, bases[i], n);
      out[i] = kind === 'mean' ? s / n : s;
    }
    return true;
  }
  if (rows < WASM_MIN_ELEMENTS || n < 2 || kind !== 'sum') return false;
  const b0 = bases[0];
  for (let i = 1; i < rows; i++) if (bases[i] !== b0 + i) return false;
  ew.sumColumns(d, b0, stride, n, rows, out, 0);
  return true;
}

/**
 * max / min / argmax / argmin of contiguous rows on the WebAssembly kernels (float32 and float64);
 * false if they do not apply.
 */
function wasmExtremum(
  kind: 'max' | 'min' | 'argmax' | 'argmin',
  x: View,
  bases: Float64Array,
  n: number,
  stride: number,
  out: TypedArray,
): boolean {
  const ew = wasmElementwise();
  const d = x.data;
  if (ew === null || n < WASM_MIN_ELEMENTS || (stride !== 1 && n !== 1)) return false;
  if (!(d instanceof Float32Array || (d instanceof Float64Array && x.dtype === 'float64'))) return false;
  if (kind === 'max' || kind === 'min')
    for (let i = 0; i < bases.length; i++) out[i] = ew.extremum(kind, d, bases[i], n);
  else for (let i = 0; i < bases.length; i++) out[i] = ew.argExtremum(kind, d, bases[i], n);
  return true;
}

export function scan(kind: ScanKind, x: View, out: TypedArray): void {
  const { bases, n, stride } = layoutOf(x, 1);
  const d = x.data;
  if (kind === 'cumsum' || kind === 'cumprod') return sumOrProductScan(kind === 'cumprod', d, bases, n, stride, out);
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i];
    const o = i * n;
    let acc = kind === 'cummin' ? Infinity : -Infinity;
    for (let j = 0; j < n; j++) {
      const v = d[base + j * stride];
      if (kind === 'cummax') acc = v !== v || acc !== acc ? NaN : v >= acc ? v : acc;
      else if (kind === 'cummin') acc = v !== v || acc !== acc ? NaN : v <= acc ? v : acc;
      else {
        const m = Math.max(acc, v);
        acc = m === -Infinity ? m : m + Math.log(Math.exp(acc - m) + Math.exp(v - m));
      }
      out[o + j] = acc;
    }
  }
}

/** cumsum / cumprod: the general loop's arithmetic in its order, one loop per case (no per-element tests). */
function sumOrProductScan(
  product: boolean,
  d: TypedArray,
  bases: Float64Array,
  n: number,
  stride: number,
  out: TypedArray,
): void {
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i];
    const o = i * n;
    let acc = product ? 1 : 0;
    if (stride === 1) {
      if (product)
        for (let j = 0; j < n; j++) {
          acc *= d[base + j];
          out[o + j] = acc;
        }
      else
        for (let j = 0; j < n; j++) {
          acc += d[base + j];
          out[o + j] = acc;
        }
    } else if (product)
      for (let j = 0; j < n; j++) {
        acc *= d[base + j * stride];
        out[o + j] = acc;
      }
    else
      for (let j = 0; j < n; j++) {
        acc += d[base + j * stride];
        out[o + j] = acc;
      }
  }
}

export function softmax(x: View, log: boolean, out: TypedArray): void {
  const { bases, n, stride } = layoutOf(x, 1);
  const d = x.data;
  const ew = wasmElementwise();
  if (
    ew !== null &&
    d instanceof Float32Array &&
    out instanceof Float32Array &&
    (stride === 1 || n === 1) &&
    n >= WASM_MIN_ELEMENTS &&
    n <= SOFTMAX_MAX_ROW
  ) {
    // Rows on the WebAssembly kernels: the same float64 steps, two lanes at a time.
    for (let i = 0; i < bases.length; i++) ew.softmaxRow(d, bases[i], n, log, out, i * n);
    return;
  }
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i];
    const o = i * n;
    let m = -Infinity;
    for (let j = 0; j < n; j++) {
      const v = d[base + j * stride];
      if (v > m || v !== v) m = v;
    }
    let total = 0;
    if (log) {
      for (let j = 0; j < n; j++) total += Math.exp(d[base + j * stride] - m);
      const lse = Math.log(total);
      for (let j = 0; j < n; j++) out[o + j] = d[base + j * stride] - m - lse;
    } else {
      // Each exponential is computed once and kept in double precision until the division.
      const exps = scratch(n);
      for (let j = 0; j < n; j++) {
        exps[j] = Math.exp(d[base + j * stride] - m);
        total += exps[j];
      }
      for (let j = 0; j < n; j++) out[o + j] = exps[j] / total;
    }
  }
}

let scratchBuffer = new Float64Array(0);

/** A reusable double-precision buffer of at least n elements (kernels run one at a time). */
function scratch(n: number): Float64Array {
  if (scratchBuffer.length < n) scratchBuffer = new Float64Array(n);
  return scratchBuffer;
}

export function take(src: TypedArray, offsets: Int32Array | Float64Array, out: TypedArray): void {
  for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
}

export function put(
  dst: TypedArray,
  offsets: Int32Array | Float64Array,
  values: TypedArray,
  accumulate: boolean,
): void {
  if (accumulate) for (let i = 0; i < offsets.length; i++) dst[offsets[i]] += values[i];
  else for (let i = 0; i < offsets.length; i++) dst[offsets[i]] = values[i];
}
