// Python's x[...] and x[...] = v (`x.index(...)`, `x.index_put_(...)`), with PyTorch's rules
// (torch/csrc/autograd/python_variable_indexing.cpp, 1.13): basic items (numbers, slices, None,
// '...', booleans) are applied first as views, from left to right; index tensors are collected
// per dim and applied last by advanced indexing (advanced.ts).
//
// This module is also the indexing family's entry point: it re-exports the joins, gathers,
// masked ops and rearrangements so that Tensor and the torch namespace import one place.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { bool, float64, int32, int64, type DType } from '../tensor/dtype.js';
import { shapeEquals } from '../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import { tensor as tensorFrom, type NestedData } from '../tensor/creation.js';
import * as K from '../tensor/kernels.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { makeView } from './view.js';
import { selectImpl, slice } from './slicing.js';
import { expandIndices, index as indexWith, indexPut, indexPut_ } from './advanced.js';
import { op, type OpSample } from './declare.js';
import { jsTypeName } from '../tensor/argcheck.js';

export * from './join.js';
export * from './gather.js';
export * from './index_ops.js';
export * from './masked.js';
export * from './rearrange.js';
export * from './take.js';

/**
 * One item of Python's index expression: a number (x[i]), null (None, a new axis), '...', a
 * slice string (':', '1:3', '::2', '-1:'), a boolean, an index or mask tensor, or nested arrays
 * (Python lists, read as an index tensor).
 */
export type IndexItem = number | null | string | boolean | Tensor | readonly NestedData[];

interface Slice {
  start: number | null;
  stop: number | null;
  step: number;
}

type Item =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; slice: Slice }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'tensor'; tensor: Tensor };

function invalidIndex(type: string): TypeError {
  return new TypeError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${type})`,
  );
}

/** Parses 'start:stop:step' (each part optional) as Python's slice(start, stop, step). */
function parseSlice(text: string): Slice {
  const parts = text.split(':');
  const bound = (s: string | undefined): number | null => {
    if (s === undefined || s.trim() === '') return null;
    const v = Number(s);
    if (!Number.isInteger(v)) throw invalidIndex('str');
    return v;
  };
  if (parts.length < 2 || parts.length > 3) throw invalidIndex('str');
  const step = bound(parts[2]) ?? 1;
  if (step === 0) throw new RangeError('slice step cannot be zero');
  return { start: bound(parts[0]), stop: bound(parts[1]), step };
}

/**
 * An index tensor from nested arrays, as Python reads a list index: booleans make a mask, integers
 * (and an empty list) an int64 index; other numbers stay floating and are rejected later.
 */
function sequenceIndex(data: readonly NestedData[]): Tensor {
  const t = tensorFrom(data as NestedData);
  if (t.dtype === bool || !t.dtype.is_floating_point) return t;
  return t.toTypedArray().every(Number.isInteger) ? K.cast(t, int64) : t;
}

function toItem(it: IndexItem): Item {
  if (it === null) return { kind: 'none' };
  if (typeof it === 'boolean') return { kind: 'bool', value: it };
  if (typeof it === 'number') {
    if (!Number.isInteger(it)) throw invalidIndex('float');
    return { kind: 'int', value: it };
  }
  if (typeof it === 'string') return it === '...' ? { kind: 'ellipsis' } : { kind: 'slice', slice: parseSlice(it) };
  if (it instanceof Tensor) return { kind: 'tensor', tensor: it };
  if (Array.isArray(it)) return { kind: 'tensor', tensor: sequenceIndex(it) };
  throw invalidIndex(typeof it);
}

/** Dims the items consume: masks count their dims, None/'...'/booleans none (count_specified_dimensions). */
function countSpecified(items: readonly Item[]): number {
  let count = 0;
  for (const it of items) {
    if (it.kind === 'tensor') count += it.tensor.dtype === bool ? it.tensor.dim() : 1;
    else if (it.kind === 'int' || it.kind === 'slice') count++;
  }
  return count;
}

// ---------------------------------------------------------------- basic items (views)

const ALIAS: OpDef<undefined> = defineOp({
  node: 'AliasBackward0',
  batch: ([x]): Tensor => apply(ALIAS, [x], undefined),
  jvp: 'linear',
  forward: ([x]) => makeView(x, [...x._shape], [...x._strides], x._offset),
  backward: (g) => [g],
});

function alias(x: Tensor): Tensor {
  return apply(ALIAS, [x], undefined);
}

function applySelect(x: Tensor, dim: number, index: number, realDim: number): Tensor {
  if (index === 0 && dim === 0 && x.dim() === 0) {
    throw new RangeError(
      'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number',
    );
  }
  const size = x._shape[dim];
  if (size !== undefined && !(size >= -index && size > index)) {
    throw new RangeError(`index ${index} is out of bounds for dimension ${realDim} with size ${size}`);
  }
  return selectImpl(x, dim, index);
}

/** ATen's slice: bounds wrap once, then clamp; a full slice is skipped unless disabled. */
function applySlice(x: Tensor, dim: number, s: Slice, disableOptimization: boolean): Tensor {
  if (s.step <= 0) throw new RangeError('step must be greater than zero');
  if (x.dim() === 0) throw new RangeError('slice() cannot be applied to a 0-dim tensor.');
  const size = x._shape[dim];
  const start0 = s.start ?? 0;
  if (!disableOptimization && start0 === 0 && s.stop === size && s.step === 1) return x;
  let start = start0 < 0 ? start0 + size : start0;
  let stop = s.stop === null ? size : s.stop < 0 ? s.stop + size : s.stop;
  start = Math.min(Math.max(start, 0), size);
  stop = Math.min(Math.max(stop, start), size);
  return slice(x, dim, start, Math.ceil((stop - start) / s.step), s.step);
}

/** The long index a boolean item stands for: True keeps the new size-1 dim, False empties it. */
function boolIndex(value: boolean): Tensor {
  return value ? K.full([1], 0, int64) : K.empty([0], int64);
}

interface Sliced {
  result: Tensor;
  /** Index tensors by dim of `result`; empty when the expression is basic only. */
  indices: (Tensor | null)[];
}

/** Applies the basic items as views and collects the tensor items per dim (applySlicing). */
function applySlicing(x: Tensor, items: readonly Item[], disableOptimization: boolean): Sliced {
  const specified = countSpecified(items);
  if (specified > x.dim()) throw new RangeError(`too many indices for tensor of dimension ${x.dim()}`);
  const indices: (Tensor | null)[] = [];
  const record = (t: Tensor): void => {
    while (indices.length < dim) indices.push(null);
    indices[dim] = t;
    dim++;
  };
  let result = x;
  let dim = 0;
  items.forEach((it, i) => {
    switch (it.kind) {
      case 'int':
        result = applySelect(result, dim, it.value, i);
        break;
      case 'slice':
        result = applySlice(result, dim, it.slice, disableOptimization);
        dim++;
        break;
      case 'ellipsis':
        dim += x.dim() - specified;
        break;
      case 'none':
        result = result.unsqueeze(dim);
        dim++;
        break;
      case 'bool':
        result = result.unsqueeze(dim);
        record(boolIndex(it.value));
        break;
      case 'tensor': {
        const t = it.tensor;
        if (t.dim() === 0 && t.dtype === bool) {
          result = result.unsqueeze(dim);
          record(boolIndex(t.item() as boolean));
        } else if (t.dim() === 0 && (t.dtype === int64 || t.dtype === int32)) {
          result = applySelect(result, dim, t.item() as number, i);
        } else {
          record(t);
        }
        break;
      }
    }
  });
  return { result, indices };
}

// ---------------------------------------------------------------- x[...]

/** Python's x[items]: basic items give views; tensor items index by advanced indexing. */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  const parsed = items.map(toItem);
  if (parsed.length === 1) {
    // Python's getitem handles a lone basic item without building a tuple.
    const it = parsed[0];
    if (it.kind === 'int') return applySelect(x, 0, it.value, 0);
    if (it.kind === 'slice') return applySlice(x, 0, it.slice, true);
    if (it.kind === 'none') return x.unsqueeze(0);
    if (it.kind === 'ellipsis') return alias(x);
    if (it.kind === 'bool') return indexWith(x.unsqueeze(0), [boolIndex(it.value)]);
  }
  const { result, indices } = applySlicing(x, parsed, false);
  if (indices.length === 0) return result === x ? alias(x) : result;
  return indexWith(result, expandIndices(result, indices));
}

type T = Tensor;

// Python's subscript has no signature: each item is checked here, with PyTorch's message.
function isIndexItem(v: unknown): boolean {
  const t = typeof v;
  return (
    v === null ||
    t === 'number' ||
    t === 'string' ||
    t === 'boolean' ||
    t === 'bigint' ||
    v instanceof Tensor ||
    Array.isArray(v)
  );
}
// (index is the method's own name inside its function.)
const indexOp = index;
Object.defineProperty(Tensor.prototype, 'index', {
  value: function index(this: T, ...items: unknown[]): T {
    for (const item of items) {
      if (!isIndexItem(item)) {
        throw new TypeError(
          `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${jsTypeName(item)})`,
        );
      }
    }
    return indexOp(this, items as IndexItem[]);
  },
  writable: true,
  configurable: true,
});

// ---------------------------------------------------------------- x[...] = v

// fill_(Tensor value): the value is differentiable (it receives the sum of the gradient).
const FILL_TENSOR = defineOp({
  node: 'FillBackward3',
  forward: ([self, value]) => K.where(K.full([], 1, bool), value, self, self.dtype),
  backward: (g) => [K.full(g.shape, 0, g.dtype), g.sum()],
});

/** A setitem value: numbers become 0-d tensors of the destination's dtype. */
function valueTensor(value: TensorOrScalar, dtype: DType): Tensor {
  if (value instanceof Tensor) return value;
  return K.cast(K.full([], Number(value), float64), dtype);
}

/** Strips leading size-1 dims of a value (NumPy's backward-compatible setitem rule). */
function stripLeadingOnes(v: Tensor): Tensor {
  let k = 0;
  while (k < v.dim() && v._shape[k] === 1) k++;
  return k === 0 ? v : v.view(v._shape.slice(k));
}

/** copy_to: dst.copy_(src) when shapes agree, fill_ for a 0-d src, else copy_ after broadcasting. */
function copyTo(dst: Tensor, src: Tensor): void {
  if (shapeEquals(dst._shape, src._shape)) {
    dst.copy_(src);
  } else if (src.dim() === 0) {
    applyInplace(FILL_TENSOR, dst, [src], undefined);
  } else {
    dst.copy_(stripLeadingOnes(src).expand(dst.shape));
  }
}

/** Python's x[items] = value (setitem). */
function setitem(x: Tensor, items: readonly Item[], value: Tensor): void {
  if (items.length === 1) {
    const it = items[0];
    if (it.kind === 'bool' && !it.value) return;
    if (it.kind === 'ellipsis') return copyTo(x, value);
    if (it.kind === 'none' || it.kind === 'bool') return copyTo(x.unsqueeze(0), value);
    if (it.kind === 'int') return copyTo(applySelect(x, 0, it.value, 0), value);
    if (it.kind === 'slice') return copyTo(applySlice(x, 0, it.slice, false), value);
  }
  const { result, indices } = applySlicing(x, items, false);
  if (indices.length === 0) return copyTo(result, value);
  indexPut_(result, expandIndices(result, indices), stripLeadingOnes(value), false);
}

/**
 * `x[items] = value` when accumulate is false; with accumulate, PyTorch's
 * index_put_(indices, values, accumulate=True) (repeated indices add up).
 */
export function index_put_(x: Tensor, items: readonly IndexItem[], value: TensorOrScalar, accumulate = false): Tensor {
  const parsed = items.map(toItem);
  const v = valueTensor(value, x.dtype);
  if (!accumulate) {
    setitem(x, parsed, v);
    return x;
  }
  const { result, indices } = applySlicing(x, parsed, false);
  if (indices.length === 0) result.add_(v);
  else indexPut_(result, expandIndices(result, indices), v, true);
  return x;
}

/** index_put out of place: a copy of x with `x[items] = value` (or += with accumulate) applied. */
export function index_putImpl(
  x: Tensor,
  items: readonly IndexItem[],
  value: TensorOrScalar,
  accumulate = false,
): Tensor {
  const parsed = items.map(toItem);
  if (parsed.length > 0 && parsed.every((it) => it.kind === 'tensor' && it.tensor.dim() > 0)) {
    const indices = expandIndices(
      x,
      parsed.map((it) => (it as { tensor: Tensor }).tensor),
    );
    return indexPut(x, indices, valueTensor(value, x.dtype), accumulate);
  }
  return index_put_(x.clone(), items, value, accumulate);
}

type IndexPut = (self: T, indices: readonly IndexItem[], values: T | number | boolean, accumulate?: boolean) => T;
export const index_put = op(
  'index_put(Tensor self, Any[] indices, Tensor|Number values, bool accumulate=False)',
  index_putImpl as IndexPut,
  {
    inplace: index_put_ as IndexPut,
    samples: (k, f): OpSample[] => [
      // index_put / x[...] = v
      {
        name: 'index_put values',
        inputs: () => [k.make([3, 4]), k.make([4], { salt: 1 })],
        fn: (x, v) => f(x, [k.long([2, 0])], v),
      },
      {
        name: 'index_put accumulate repeated',
        inputs: () => [k.make([3, 4]), k.make([3, 4], { salt: 1 })],
        fn: (x, v) => x.index_put([k.long([1, 1, 0])], v, true),
      },
    ],
  },
);
