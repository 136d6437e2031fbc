// Joining tensors: cat, stack and the hstack/vstack/dstack/column_stack family built on cat.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { resultTypeOf } from '../tensor/dtype.js';
import { formatShape, normalizeDim } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { makeView, writeInto } from './view.js';
import { op, type OpSample, alias } from './declare.js';

/** PyTorch still skips 1-D empty tensors in cat, whatever the other shapes (legacy behaviour). */
function isLegacyEmpty(t: Tensor): boolean {
  return t.dim() === 1 && t._shape[0] === 0;
}

/** cat/stack's batching rule: inputs without the batch dim get it, expanded (no copy). */
function everyBatched(xs: readonly Tensor[], batched: readonly boolean[], size: number): Tensor[] {
  return xs.map((x, i) => (batched[i] ? x : x.unsqueeze(0).expand([size, ...x._shape])));
}

interface CatArgs {
  dim: number;
  /** Size of each input along dim; null for a skipped legacy empty input. */
  sizes: (number | null)[];
}

const CAT = defineOp<CatArgs>({
  node: 'CatBackward0',
  // Skipped legacy empty inputs (size null) are left out.
  batch: (xs, batched, args, size): Tensor => {
    const keep = args.sizes.map((n) => n !== null);
    return apply(
      CAT,
      everyBatched(
        xs.filter((_x, i) => keep[i]),
        batched.filter((_b, i) => keep[i]),
        size,
      ),
      { sizes: args.sizes.filter((n) => n !== null), dim: args.dim + 1 },
    );
  },
  jvp: 'linear',
  forward: (xs, { dim }) => catTensors(xs, dim),
  backward: (g, _s, { args }) => {
    let start = 0;
    return args.sizes.map((len) => {
      if (len === null) return K.empty([0], g.dtype);
      const part = g.narrow(args.dim, start, len);
      start += len;
      return part;
    });
  },
});

/** @internal cat without autograd (inputs already validated). */
export function catTensors(xs: readonly Tensor[], dim: number): Tensor {
  const dtype = resultTypeOf(xs.map((t) => ({ dtype: t.dtype, kind: 'tensor' as const })));
  const parts = xs.filter((t) => !isLegacyEmpty(t));
  const shape = [...(parts[0] ?? xs[0])._shape];
  if (parts.length > 0) shape[dim] = parts.reduce((n, t) => n + t._shape[dim], 0);
  const out = K.empty(shape, dtype);
  let start = 0;
  for (const t of parts) {
    const len = t._shape[dim];
    writeInto(out.narrow(dim, start, len), t);
    start += len;
  }
  return out;
}

export function catImpl(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('torch.cat(): expected a non-empty list of Tensors');
  tensors.forEach((t, i) => {
    if (t.dim() === 0) throw new RangeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const first = tensors.find((t) => !isLegacyEmpty(t));
  const ref = first ?? tensors[0];
  // PyTorch's legacy_cat_wrap_dim: dim is wrapped against the first tensor that is not a legacy
  // empty one ([0]); when every tensor is, any dim is taken and the result is a [0] tensor.
  const d = first === undefined ? 0 : normalizeDim(dim, ref.dim());
  tensors.forEach((t, i) => {
    if (isLegacyEmpty(t)) return;
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
    sizes: tensors.map((t) => (isLegacyEmpty(t) && ref !== t ? null : t._shape[d])),
  });
}

export const cat = op(['cat(Tensor[] tensors, int dim=0)', 'cat(Tensor[] tensors, Dimname dim)'], catImpl, {
  samples: (k, f): OpSample[] => [
    // joining
    {
      name: 'cat dim 1',
      inputs: () => [k.make([2, 3]), k.transposed([2, 2])],
      fn: (a, b) => f([a, b], 1),
    },
    {
      name: 'cat with legacy empty',
      inputs: () => [k.make([0]), k.make([2, 3], { salt: 1 })],
      fn: (a, b) => f([a, b]),
    },
  ],
});
export const concat = alias(cat, 'concat');
export const concatenate = alias(cat, 'concatenate');

const STACK = defineOp<{ dim: number }>({
  node: 'StackBackward0',
  batch: (xs, batched, { dim }, size): Tensor => apply(STACK, everyBatched(xs, batched, size), { dim: dim + 1 }),
  jvp: 'linear',
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

export function stackImpl(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  const ref = tensors[0];
  const d = normalizeDim(dim, ref.dim() + 1);
  tensors.forEach((t, i) => {
    if (t.dim() !== ref.dim() || t._shape.some((s, k) => s !== ref._shape[k])) {
      throw new RangeError(
        `stack expects each tensor to be equal size, but got ${formatShape(ref._shape)} at entry 0 and ${formatShape(t._shape)} at entry ${i}`,
      );
    }
  });
  return apply(STACK, [...tensors], { dim: d });
}

export const stack = op('stack(Tensor[] tensors, int dim=0)', stackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'stack', inputs: () => [k.make([2, 3]), k.make([2, 3], { salt: 1 })], fn: (a, b) => f([a, b], -1) },
  ],
});

function nonEmpty(name: string, tensors: readonly Tensor[]): void {
  if (tensors.length === 0) throw new RangeError(`${name} expects a non-empty TensorList`);
}

export function atleast1d(t: Tensor): Tensor {
  return t.dim() === 0 ? t.reshape(1) : t;
}

export function atleast2d(t: Tensor): Tensor {
  if (t.dim() === 0) return t.reshape(1, 1);
  return t.dim() === 1 ? t.unsqueeze(0) : t;
}

export function atleast3d(t: Tensor): Tensor {
  if (t.dim() === 0) return t.reshape(1, 1, 1);
  if (t.dim() === 1) return t.unsqueeze(0).unsqueeze(-1);
  return t.dim() === 2 ? t.unsqueeze(-1) : t;
}

/** Concatenates along dim 1 (dim 0 for 1-D inputs). */
export function hstackImpl(tensors: readonly Tensor[]): Tensor {
  nonEmpty('hstack', tensors);
  const rep = tensors.map(atleast1d);
  return catImpl(rep, rep[0].dim() === 1 ? 0 : 1);
}

export const hstack = op('hstack(Tensor[] tensors)', hstackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'hstack 1-d', inputs: () => [k.make([2]), k.make([3], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});

/** Concatenates along dim 0, after making inputs at least 2-D (row vectors). */
export function vstackImpl(tensors: readonly Tensor[]): Tensor {
  nonEmpty('vstack', tensors);
  return catImpl(tensors.map(atleast2d), 0);
}

export const vstack = op('vstack(Tensor[] tensors)', vstackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'vstack', inputs: () => [k.make([3]), k.make([2, 3], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});

/** Concatenates along dim 2, after making inputs at least 3-D. */
export function dstackImpl(tensors: readonly Tensor[]): Tensor {
  nonEmpty('dstack', tensors);
  return catImpl(tensors.map(atleast3d), 2);
}

export const dstack = op('dstack(Tensor[] tensors)', dstackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'dstack', inputs: () => [k.make([2, 2]), k.make([2, 2], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});

/** Stacks 0-D and 1-D inputs as columns, and concatenates the rest along dim 1. */
export function column_stackImpl(tensors: readonly Tensor[]): Tensor {
  nonEmpty('column_stack', tensors);
  return catImpl(
    tensors.map((t) => (t.dim() <= 1 ? t.reshape(t.numel(), 1) : t)),
    1,
  );
}

export const column_stack = op('column_stack(Tensor[] tensors)', column_stackImpl);
