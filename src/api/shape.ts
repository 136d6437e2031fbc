// The public view and shape ops: signatures and the implementations in src/ops/view.ts and
// src/ops/slicing.ts. A lone size list also takes varargs (`x.view(2, 3)`), as in PyTorch.

import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { alias, op, overloads } from '../ops/declare.js';
import * as V from '../ops/view.js';

type T = Tensor;
type Dims = number | readonly number[];
type Sizes = readonly number[];

interface ViewFn {
  (...shape: number[]): T;
  (shape: Sizes): T;
  (dtype: DType): T;
}
export const view = op(['view(Tensor self, SymInt[] size)', 'view(Tensor self, ScalarType dtype)'], V.view, {
  types: overloads<ViewFn>(),
});
interface SizesFn {
  (...shape: number[]): T;
  (shape: Sizes): T;
}
export const reshape = op('reshape(Tensor self, SymInt[] shape)', V.reshape, { types: overloads<SizesFn>() });
export const flatten = op('flatten(Tensor self, int start_dim=0, int end_dim=-1)', V.flatten);
export const unflatten = op('unflatten(Tensor self, int dim, SymInt[] sizes)', V.unflatten);
export const squeeze = op(
  [
    'squeeze(Tensor self)',
    'squeeze(Tensor self, int dim)',
    'squeeze(Tensor self, Dimname dim)',
    'squeeze(Tensor self, int[] dim)',
  ],
  V.squeeze as (self: T, dim?: Dims) => T,
);
export const unsqueeze = op('unsqueeze(Tensor self, int dim)', V.unsqueeze);
export const transpose = op(
  ['transpose(Tensor self, int dim0, int dim1)', 'transpose(Tensor self, Dimname dim0, Dimname dim1)'],
  V.transpose,
);
export const swapaxes = op('swapaxes(Tensor self, int axis0, int axis1)', V.transpose);
export const swapdims = op('swapdims(Tensor self, int dim0, int dim1)', V.transpose);
export const t = op('t(Tensor self)', V.t);
export const permute = op('permute(Tensor self, int[] dims)', V.permute, { types: overloads<SizesFn>() });
export const movedim = op(
  ['movedim(Tensor self, int source, int destination)', 'movedim(Tensor self, int[] source, int[] destination)'],
  V.movedim,
);
export const moveaxis = alias(movedim, 'moveaxis');
export const select = op(
  ['select(Tensor self, int dim, int index)', 'select(Tensor self, Dimname dim, int index)'],
  V.select,
);
export const narrow = op(
  ['narrow(Tensor self, int dim, Tensor start, int length)', 'narrow(Tensor self, int dim, int start, int length)'],
  (self: T, dim: number, start: number | T, length: number): T =>
    V.narrow(self, dim, start instanceof Tensor ? narrowStart(start) : start, length),
);
/** A tensor start must be a 0-d integer tensor (ATen's narrow_symint). */
function narrowStart(start: T): number {
  if (start.dim() !== 0 || start.dtype.is_floating_point) {
    throw new Error('start must be an 0-dim integral Tensor.');
  }
  return start.item() as number;
}
export const as_strided = op(
  'as_strided(Tensor self, SymInt[] size, SymInt[] stride, SymInt? storage_offset=None)',
  V.as_strided as (self: T, size: Sizes, stride: Sizes, storage_offset?: number | null) => T,
);
export const unbind = op(['unbind(Tensor self, int dim=0)', 'unbind(Tensor self, Dimname dim)'], V.unbind);
export const split = op(
  ['split(Tensor self, int split_size, int dim=0)', 'split(Tensor self, int[] split_size, int dim=0)'],
  V.split,
);
export const split_with_sizes = op('split_with_sizes(Tensor self, int[] split_sizes, int dim=0)', V.split_with_sizes);
export const chunk = op('chunk(Tensor self, int chunks, int dim=0)', V.chunk);
export const diagonal = op('diagonal(Tensor self, int offset=0, int dim1=0, int dim2=1)', V.diagonal);
export const clone = op('clone(Tensor self, *, MemoryFormat? memory_format=None)', (self: T): T => V.clone(self));
export const detach = op('detach(Tensor self)', (self: T): T => self.detach(), { method: false });

// ---------------------------------------------------------------- properties
// x.T and x.mT are properties in PyTorch, so they are getters here, with no arguments to check.
Object.defineProperty(Tensor.prototype, 'T', {
  get(this: T): T {
    return V.numpy_T(this);
  },
  configurable: true,
});
Object.defineProperty(Tensor.prototype, 'mT', {
  get(this: T): T {
    return V.mT(this);
  },
  configurable: true,
});
