// Indexing (Python's x[...]), joining (cat, stack) and gather-like ops.

import { normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { resultTypeOf } from '../tensor/dtype.js';
import * as K from './kernels.js';
import { apply, defineOp } from './op.js';
import { writeInto, slice, makeView } from './view.js';

/**
 * One item of Python's index expression: a number (x[i]), null (None, a new axis), '...',
 * a slice string (':', '1:3', '::2', '-1:'), or an index/bool tensor.
 */
export type IndexItem = number | null | string | Tensor;

// ---------------------------------------------------------------- cat, stack

const CAT = defineOp<{ dim: number; sizes: number[] }>({
  node: 'CatBackward0',
  forward: (xs, { dim }) => catTensors(xs, dim),
  backward: (g, _s, { args }) => {
    let start = 0;
    return args.sizes.map((len) => {
      const part = g.narrow(args.dim, start, len);
      start += len;
      return part;
    });
  },
});

/** @internal cat without autograd (inputs already validated). */
export function catTensors(xs: readonly Tensor[], dim: number): Tensor {
  const dtype = resultTypeOf(xs.map((t) => ({ dtype: t.dtype, kind: 'tensor' as const })));
  const parts = xs.filter((t) => !(t.dim() === 1 && t.numel() === 0));
  const ref = parts[0] ?? xs[0];
  const shape = [...ref.shape];
  if (parts.length > 0) shape[dim] = parts.reduce((n, t) => n + t._shape[dim], 0);
  const out = K.empty(shape, dtype);
  let start = 0;
  for (const t of parts) {
    const len = t._shape[dim];
    const region = out.narrow(dim, start, len);
    writeInto(region, t);
    start += len;
  }
  return out;
}

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('torch.cat(): expected a non-empty list of Tensors');
  const nonEmpty = tensors.filter((t) => !(t.dim() === 1 && t.numel() === 0));
  const ref = nonEmpty[0] ?? tensors[0];
  if (ref.dim() === 0) {
    throw new RangeError('zero-dimensional tensor (at position 0) cannot be concatenated');
  }
  const d = normalizeDim(dim, ref.dim());
  tensors.forEach((t, i) => {
    if (t.dim() === 1 && t.numel() === 0) return;
    if (t.dim() !== ref.dim()) {
      throw new RangeError(`Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    }
    for (let k = 0; k < ref.dim(); k++) {
      if (k !== d && t._shape[k] !== ref._shape[k]) {
        throw new RangeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref._shape[k]} but got size ${t._shape[k]} for tensor number ${i} in the list.`,
        );
      }
    }
  });
  return apply(CAT, [...tensors], {
    dim: d,
    sizes: tensors.map((t) => (t.dim() === 1 && t.numel() === 0 ? 0 : t._shape[d])),
  });
}

const STACK = defineOp<{ dim: number }>({
  node: 'StackBackward0',
  forward: (xs, { dim }) => stackTensors(xs, dim),
  backward: (g, _s, { args }) => g.unbind(args.dim),
});

/** @internal stack without autograd. */
export function stackTensors(xs: readonly Tensor[], dim: number): Tensor {
  return catTensors(
    xs.map((t) => {
      const shape = [...t._shape];
      const strides = [...t._strides];
      shape.splice(dim, 0, 1);
      strides.splice(dim, 0, 1);
      return makeView(t, shape, strides, t._offset);
    }),
    dim,
  );
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (t.dim() !== ref.dim() || t.shape.some((s, k) => s !== ref._shape[k])) {
      throw new RangeError(
        `stack expects each tensor to be equal size, but got [${ref.shape.join(', ')}] at entry 0 and [${t.shape.join(', ')}] at entry ${i}`,
      );
    }
  });
  return apply(STACK, [...tensors], { dim: normalizeDim(dim, ref.dim() + 1) });
}

// ---------------------------------------------------------------- x[...]

interface SliceSpec {
  start: number;
  length: number;
  step: number;
}

/** Parses 'a:b:c' against a dim of the given size, with Python's clamping rules. */
export function parseSlice(text: string, size: number): SliceSpec {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3) throw new SyntaxError(`invalid slice '${text}'`);
  const num = (s: string | undefined): number | null => {
    if (s === undefined || s.trim() === '') return null;
    const v = Number(s);
    if (!Number.isInteger(v)) throw new SyntaxError(`invalid slice '${text}'`);
    return v;
  };
  const step = num(parts[2]) ?? 1;
  if (step <= 0) throw new RangeError('step must be greater than zero');
  const clampIndex = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, 0), size);
  };
  const start = clampIndex(num(parts[0]), 0);
  const stop = clampIndex(num(parts[1]), size);
  const length = stop > start ? Math.ceil((stop - start) / step) : 0;
  return { start, length, step };
}

/** x[items]: basic indexing gives views; tensor indices are handled by advanced indexing. */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  const consumes = (it: IndexItem): number =>
    it === null || it === '...' ? 0 : it instanceof Tensor && it.dtype.name === 'bool' ? it.dim() : 1;
  const used = items.reduce<number>((n, it) => n + consumes(it), 0);
  if (used > x.dim()) {
    throw new RangeError(`too many indices for tensor of dimension ${x.dim()}`);
  }
  if (items.filter((it) => it === '...').length > 1) throw new SyntaxError('an index can only have a single ellipsis');
  let out = x;
  let dim = 0;
  for (const it of items) {
    if (it === '...') {
      dim += x.dim() - used;
    } else if (it === null) {
      out = out.unsqueeze(dim);
      dim++;
    } else if (typeof it === 'number') {
      out = out.select(dim, it);
    } else if (typeof it === 'string') {
      const spec = parseSlice(it, out._shape[dim]);
      out = slice(out, dim, spec.start, spec.length, spec.step);
      dim++;
    } else {
      throw new TypeError('tensor indices are not supported yet');
    }
  }
  return out;
}

export function index_put_(
  x: Tensor,
  items: readonly IndexItem[],
  value: Tensor | number | boolean,
  accumulate: boolean,
): Tensor {
  const region = index(x, items);
  if (accumulate) region.add_(value);
  else if (value instanceof Tensor) region.copy_(value);
  else region.fill_(value);
  return x;
}
