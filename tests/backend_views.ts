// Random strided views for the backend conformance tests: a seeded generator, typed arrays with
// special values sprinkled in, and views with permuted, padded, broadcast (0) or negative strides.

import type { View } from '../src/backend/backend.js';
import type { TypedArray } from '../src/tensor/dtype.js';

export type Kind = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
export const KINDS: readonly Kind[] = ['float32', 'float64', 'int32', 'int64', 'bool'];

const CTORS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: Float64Array,
  bool: Uint8Array,
};

/** mulberry32: small, seeded, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

const FLOAT_SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 1, -1, 1e-30, 3e38];

export function value(r: () => number, kind: Kind): number {
  const u = r();
  switch (kind) {
    case 'bool':
      return u < 0.5 ? 0 : 1;
    case 'int32':
      return u < 0.05 ? int(r, -2147483648, 2147483647) : int(r, -20, 20);
    case 'int64':
      return u < 0.05 ? int(r, -1e12, 1e12) : int(r, -20, 20);
    default:
      if (u < 0.08) return FLOAT_SPECIALS[int(r, 0, FLOAT_SPECIALS.length - 1)];
      if (u < 0.15) return int(r, -6, 6) / 2;
      return (r() - 0.5) * (u < 0.5 ? 8 : 200);
  }
}

export function array(r: () => number, kind: Kind, n: number, domain?: (v: number) => number): TypedArray {
  const a = new CTORS[kind](n);
  for (let i = 0; i < n; i++) a[i] = domain ? domain(value(r, kind)) : value(r, kind);
  return a;
}

export function randomShape(r: () => number, maxDims = 4, big = false): number[] {
  if (big) return r() < 0.5 ? [int(r, 200, 400), int(r, 300, 500)] : [int(r, 70000, 140000)];
  const nd = int(r, 0, maxDims);
  return Array.from({ length: nd }, () => (r() < 0.05 ? 0 : r() < 0.3 ? 1 : int(r, 2, 7)));
}

/**
 * A view of `shape` over a fresh array: dims laid out in a random order, with random padding,
 * sometimes a negative stride, and (with `broadcast`) 0 strides on random dims.
 */
export function randomView(
  r: () => number,
  kind: Kind,
  shape: readonly number[],
  opts: { broadcast?: boolean; contiguous?: boolean; domain?: (v: number) => number } = {},
): View {
  const nd = shape.length;
  const order = [...Array(nd).keys()];
  if (!opts.contiguous) {
    for (let i = nd - 1; i > 0; i--) {
      const j = int(r, 0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const strides = new Array<number>(nd).fill(0);
  let size = 1;
  for (let k = nd - 1; k >= 0; k--) {
    const d = order[k];
    if (opts.broadcast && r() < 0.25) continue;
    const pad = opts.contiguous || r() < 0.6 ? 0 : int(r, 1, 2);
    strides[d] = size;
    size *= shape[d] + pad;
  }
  let offset = opts.contiguous ? 0 : int(r, 0, 3);
  if (!opts.contiguous && nd > 0 && r() < 0.15) {
    const d = int(r, 0, nd - 1);
    if (shape[d] > 0 && strides[d] !== 0) {
      offset += (shape[d] - 1) * strides[d];
      strides[d] = -strides[d];
    }
  }
  const length = offset + size + int(r, 0, 2);
  return { data: array(r, kind, length, opts.domain), shape: [...shape], strides, offset };
}

export function contiguousView(data: TypedArray, shape: readonly number[]): View {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return { data, shape: [...shape], strides, offset: 0 };
}

/** A copy of v over a copy of its array (so two backends can write into identical outputs). */
export function cloneView(v: View): View {
  return { ...v, data: v.data.slice() };
}

export function ctorOf(kind: Kind): new (n: number) => TypedArray {
  return CTORS[kind];
}
