// Tensor-level wrappers over the backend, for op forwards: they allocate outputs, broadcast and
// cast operands, and never record autograd history.

import { backend } from '../backend/index.js';
import type { BinaryKind, ReduceKind, ScanKind, UnaryKind, View } from '../backend/backend.js';
import { BINARY_PREDICATES, UNARY_PREDICATES } from '../backend/backend.js';
import { bool, get_default_dtype, int64, type DType, type TypedArray } from './dtype.js';
import {
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  isNonOverlappingAndDense,
  numel,
  shapeEquals,
} from './shape.js';
import { Tensor } from './tensor.js';
import { allocate, backendStorage } from './alloc.js';

export function empty(shape: readonly number[], dtype: DType): Tensor {
  return Tensor._make(allocate(dtype, numel(shape), shape), [...shape], contiguousStrides(shape), 0, dtype);
}

/**
 * output(shape, dtype) for a kernel that writes every element, sharing like's shape and strides
 * arrays when `shape` is like's own and its strides are the contiguous ones (shape and stride
 * arrays are never mutated).
 */
function emptyShaped(like: Tensor, shape: readonly number[], dtype: DType): Tensor {
  if (shape !== like._shape) return output(shape, dtype);
  const strides = like._strides;
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (strides[i] !== expected) return output(shape, dtype);
    expected *= Math.max(shape[i], 1);
  }
  if (expected * dtype.itemsize >= UNFILLED_MIN_BYTES) return output(shape, dtype);
  return Tensor._make(allocate(dtype, expected, shape), like._shape, strides, 0, dtype);
}

type ViewCtor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;
// Below this size zero-filling is cheaper than the extra Buffer object.
const UNFILLED_MIN_BYTES = 1 << 16;

/**
 * Like empty, for an output whose every element a kernel is about to write: under Node, large
 * ones are not zero-filled first (`new Float32Array(n)` clears its memory, which for a 4 MB
 * output costs about as much as an elementwise op on it).
 */
export function output(shape: readonly number[], dtype: DType): Tensor {
  const n = numel(shape);
  const bytes = n * (dtype.array as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  if (nodeBuffer === undefined || bytes < UNFILLED_MIN_BYTES) return empty(shape, dtype);
  const make = (): TypedArray =>
    backendStorage(dtype, n, false) ??
    new (dtype.array as unknown as ViewCtor)(nodeBuffer.allocUnsafeSlow(bytes).buffer, 0, n);
  const data = allocate(dtype, n, shape, make);
  return Tensor._make(data, [...shape], contiguousStrides(shape), 0, dtype);
}

export function full(shape: readonly number[], value: number, dtype: DType): Tensor {
  // int64 is stored in a Float64Array and bool in a Uint8Array: convert as a cast would (an
  // int32 array truncates by itself).
  if (dtype === int64 && Number.isFinite(value)) value = Math.trunc(value);
  else if (dtype === bool) value = value !== 0 ? 1 : 0;
  if (value !== 0 && numel(shape) * dtype.itemsize >= UNFILLED_MIN_BYTES) {
    // A large fill writes an unfilled output once (not zeroed first); on the native backend it
    // runs on the thread pool (which also shares out the first-touch page faults of a fresh
    // allocation), as ATen's fill_ does.
    const t = output(shape, dtype);
    backend().fill(t._v(), value);
    return t;
  }
  const t = empty(shape, dtype);
  // A fresh tensor is contiguous over its whole array; storing converts as the kernels do.
  if (value !== 0) t._data.fill(value);
  return t;
}

const ZERO_STRIDES: (readonly number[])[] = [];

/** A shared, frozen all-zero strides array of length n (strides arrays are never mutated). */
function zeroStrides(n: number): number[] {
  return (ZERO_STRIDES[n] ??= Object.freeze(new Array<number>(n).fill(0))) as number[];
}

/** A view of `t` read as if expanded to `shape` (0 strides on broadcast dims). */
export function broadcastView(t: Tensor, shape: readonly number[]): View {
  if (shapeEquals(t._shape, shape)) return t._v();
  const strides = t._shape.length === 0 ? zeroStrides(shape.length) : broadcastStrides(t._shape, t._strides, shape);
  return { data: t._data, shape, strides, offset: t._offset, dtype: t._dtype.name };
}

/** t converted to dtype (t itself when it already has it). */
export function cast(t: Tensor, dtype: DType): Tensor {
  if (t._dtype === dtype) return t;
  const truncate = t._dtype.is_floating_point && !dtype.is_floating_point && dtype !== bool;
  if (t._shape.length === 0 && !truncate) {
    // A scalar (a wrapped number, most often) converts inline, as the copy kernel would; a
    // float-to-integer conversion keeps the kernel's rules for NaN and out-of-range values.
    const out = empty(t._shape, dtype);
    const v = t._data[t._offset];
    out._data[0] = dtype === bool ? (v !== 0 ? 1 : 0) : v;
    return out;
  }
  const out = output(t._shape, dtype);
  backend().copy(t._v(), out._v(), truncate);
  return out;
}

/** A contiguous copy (or t itself when already contiguous with offset 0 and no gaps). */
export function contiguous(t: Tensor): Tensor {
  if (t.is_contiguous() && t._offset === 0 && t._data.length === t.numel()) return t;
  return copyOf(t);
}

export function copyOf(t: Tensor): Tensor {
  const out = output(t.shape, t.dtype);
  backend().copy(t._v(), out._v(), false);
  return out;
}

/**
 * A copy of t laid out like `like` when like's elements fill its extent exactly once (ATen's
 * clone_obey_contract, which AccumulateGrad uses for a first gradient), else contiguous.
 */
export function copyLike(t: Tensor, like: Tensor): Tensor {
  if (like.is_contiguous() || !isNonOverlappingAndDense(like._shape, like._strides)) return copyOf(t);
  const out = Tensor._make(allocate(t.dtype, t.numel(), t._shape), [...like._shape], [...like._strides], 0, t.dtype);
  backend().copy(t._v(), out._v(), false);
  return out;
}

/** Floating dtype an op computes in for input dtype d (integers go to the default float). */
export function floatDType(d: DType): DType {
  return d.is_floating_point ? d : get_default_dtype();
}

export function unary(kind: UnaryKind, x: Tensor, dtype: DType = x.dtype): Tensor {
  const input = cast(x, dtype);
  const out = output(x.shape, UNARY_PREDICATES.has(kind) ? bool : dtype);
  backend().unary(kind, input._v(), out._v());
  return out;
}

/** Elementwise a (op) b, both cast to `dtype` and broadcast. */
export function binary(kind: BinaryKind, a: Tensor, b: Tensor, dtype: DType): Tensor {
  // The output takes a's or b's own shape array whenever the other broadcasts trivially.
  const like = b._shape.length === 0 || shapeEquals(a._shape, b._shape) ? a : a._shape.length === 0 ? b : null;
  const shape = like !== null ? like._shape : broadcastShapes(a._shape, b._shape);
  const ca = cast(a, dtype);
  const cb = cast(b, dtype);
  const outDType = BINARY_PREDICATES.has(kind) ? bool : dtype;
  const out = like !== null ? emptyShaped(like, shape, outDType) : empty(shape, outDType);
  backend().binary(kind, broadcastView(ca, shape), broadcastView(cb, shape), out._v());
  return out;
}

export function where(cond: Tensor, a: Tensor, b: Tensor, dtype: DType): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape), b.shape);
  const out = output(shape, dtype);
  backend().where(
    broadcastView(cast(cond, bool), shape),
    broadcastView(cast(a, dtype), shape),
    broadcastView(cast(b, dtype), shape),
    out._v(),
  );
  return out;
}

/**
 * Reduces `dims` (normalized, distinct) of x. The reduced dims are moved last by permuting
 * strides (no copy), then the backend folds them.
 */
export function reduce(kind: ReduceKind, x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType): Tensor {
  const nd = x.dim();
  const reduced = new Set(dims);
  const kept: number[] = [];
  for (let d = 0; d < nd; d++) if (!reduced.has(d)) kept.push(d);
  const order = [...kept, ...[...reduced].sort((p, q) => p - q)];
  const input = cast(x, kind === 'all' || kind === 'any' ? x.dtype : dtype);
  const view: View = {
    data: input._data,
    shape: order.map((d) => input.shape[d]),
    strides: order.map((d) => input._strides[d]),
    offset: input._offset,
  };
  const outShape = keepdim ? x.shape.map((s, d) => (reduced.has(d) ? 1 : s)) : kept.map((d) => x.shape[d]);
  const outDType = kind === 'argmax' || kind === 'argmin' ? int64 : kind === 'all' || kind === 'any' ? bool : dtype;
  const out = empty(outShape, outDType);
  backend().reduce(kind, view, reduced.size, out._data);
  return out;
}

/** x with `dim` moved last, as a strided view description (no copy). */
export function dimLastView(x: Tensor, dim: number): View {
  const order = [...Array(x.dim()).keys()].filter((d) => d !== dim);
  order.push(dim);
  return {
    data: x._data,
    shape: order.map((d) => x.shape[d]),
    strides: order.map((d) => x._strides[d]),
    offset: x._offset,
  };
}

/** The inverse of dimLastView for a contiguous result: a view of `out` in x's dim order. */
export function fromDimLast(data: TypedArray, shape: readonly number[], dim: number, dtype: DType): Tensor {
  const nd = shape.length;
  const order = [...Array(nd).keys()].filter((d) => d !== dim);
  order.push(dim);
  const permShape = order.map((d) => shape[d]);
  const permStrides = contiguousStrides(permShape);
  const strides = new Array<number>(nd);
  order.forEach((d, i) => (strides[d] = permStrides[i]));
  return Tensor._make(data, [...shape], strides, 0, dtype);
}

export function scan(kind: ScanKind, x: Tensor, dim: number, dtype: DType): Tensor {
  const input = cast(x, dtype);
  const data = allocate(dtype, x.numel(), x._shape);
  if (x.dim() === 0) {
    backend().scan(kind, { data: input._data, shape: [1], strides: [1], offset: input._offset }, data);
    return Tensor._make(data, [], [], 0, dtype);
  }
  backend().scan(kind, dimLastView(input, dim), data);
  return contiguous(fromDimLast(data, x.shape, dim, dtype));
}

export function softmax(x: Tensor, dim: number, log: boolean, dtype: DType): Tensor {
  const input = cast(x, dtype);
  const data = allocate(dtype, x.numel(), x._shape);
  if (x.dim() === 0) {
    backend().softmax({ data: input._data, shape: [1], strides: [1], offset: input._offset }, log, data);
    return Tensor._make(data, [], [], 0, dtype);
  }
  backend().softmax(dimLastView(input, dim), log, data);
  return contiguous(fromDimLast(data, x.shape, dim, dtype));
}
