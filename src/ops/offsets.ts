// Absolute element offsets for the gather-like kernels (backend take/put). Every index a user
// passes is validated here, in TypeScript, before any kernel runs (DESIGN.md §2): kernels only
// ever see offsets that lie inside their storage.
//
// Offsets are Int32Array: a storage would need 2^31 elements (8 GiB of float32) to overflow them.

import { backend } from '../backend/index.js';
import type { TypedArray } from '../tensor/dtype.js';
import { bool, int64 } from '../tensor/dtype.js';
import { broadcastStrides, contiguousStrides, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

// ATen's ensure_nonempty_dim/size for ops along one dim: a 0-d tensor acts as a 1-d tensor of one
// element.
export const dimsOf = (t: Tensor): number => Math.max(t.dim(), 1);
export const sizeOf = (t: Tensor, d: number): number => (t.dim() === 0 ? 1 : t._shape[d]);
export const strideOf = (t: Tensor, d: number): number => (t.dim() === 0 ? 1 : t._strides[d]);
export const shapeOf = (t: Tensor): number[] => (t.dim() === 0 ? [1] : t._shape);

/** Offsets i * stride for i < size. */
export function stridedFactor(size: number, stride: number): Int32Array {
  const f = new Int32Array(size);
  for (let i = 0; i < size; i++) f[i] = i * stride;
  return f;
}

/**
 * Row-major outer sum: out[i0, ..., ik] = base + f0[i0] + ... + fk[ik]. Each factor stands for
 * one result dim (or, for advanced indexing, a block of dims flattened together).
 */
export function outerSum(base: number, factors: readonly ArrayLike<number>[]): Int32Array {
  let acc = Int32Array.of(base);
  for (const f of factors) {
    const next = new Int32Array(acc.length * f.length);
    let p = 0;
    for (let i = 0; i < acc.length; i++) {
      const a = acc[i];
      for (let j = 0; j < f.length; j++) next[p++] = a + f[j];
    }
    acc = next;
  }
  return acc;
}

/** The offsets of a tensor's elements in row-major order of its shape. */
export function elementOffsets(t: Tensor): Int32Array {
  return outerSum(
    t._offset,
    t._shape.map((s, d) => stridedFactor(s, t._strides[d])),
  );
}

/**
 * The values of t read as if expanded to `shape`, row-major, in t's own array type (int64
 * indices come back as a Float64Array of integers). A contiguous t of that shape is not copied.
 */
export function valuesAs(t: Tensor, shape: readonly number[]): TypedArray {
  const n = numel(shape);
  if (t.is_contiguous() && t._offset === 0 && t._data.length === n && t.numel() === n) return t._data;
  const out = new t.dtype.array(n);
  backend().copy(
    { data: t._data, shape, strides: broadcastStrides(t._shape, t._strides, shape), offset: t._offset },
    { data: out, shape, strides: contiguousStrides(shape), offset: 0 },
    false,
  );
  return out;
}

/** Coordinates of the nonzero elements of t, one int64 column per dim (row-major order). */
export function nonzeroColumns(t: Tensor): Float64Array[] {
  const nd = t.dim();
  const shape = t._shape;
  const values = valuesAs(t, shape);
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) count++;
  const cols = Array.from({ length: nd }, () => new Float64Array(count));
  if (nd === 0 || count === 0) return cols;
  // Rows of the last dim are scanned flat; the leading coordinates advance once per row.
  const inner = shape[nd - 1];
  const last = cols[nd - 1];
  const lead = new Array<number>(nd - 1).fill(0);
  let row = 0;
  for (let base = 0; base < values.length; base += inner) {
    for (let j = 0; j < inner; j++) {
      if (values[base + j] === 0) continue;
      for (let d = 0; d < nd - 1; d++) cols[d][row] = lead[d];
      last[row++] = j;
    }
    for (let d = nd - 2; d >= 0; d--) {
      if (++lead[d] < shape[d]) break;
      lead[d] = 0;
    }
  }
  return cols;
}

/** A 1-D int64 tensor over the given values. */
export function longVector(values: Float64Array): Tensor {
  return Tensor._make(values, [values.length], [1], 0, int64);
}

/** True when t is a bool tensor (a mask). */
export function isMask(t: Tensor): boolean {
  return t.dtype === bool;
}
