// The public view and shape ops: signatures and the implementations in src/ops/view.ts and
// src/ops/slicing.ts. A lone size list also takes varargs (`x.view(2, 3)`), as in PyTorch.

import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { alias, op, overloads, type OpSample } from '../ops/declare.js';
import * as V from '../ops/view.js';

type T = Tensor;
type Dims = number | readonly number[];
type Sizes = readonly number[];

interface ViewFn {
  (...shape: number[]): T;
  (shape: Sizes): T;
  (dtype: DType): T;
}
export const view = op(['view(Tensor self, SymInt[] size)', 'view(Tensor self, ScalarType dtype)'], V.viewImpl, {
  types: overloads<ViewFn>(),
  samples: (k): OpSample[] => [
    k.shaped('view [2, 3, 4] -> [6, -1]', [2, 3, 4], (x) => x.view(6, -1)),
    k.shaped('view 0-d -> [1]', [], (x) => x.view(1)),
    { name: 'view transposed', inputs: () => [k.transposed([3, 4])], fn: (x) => x.view(3, 2, 2) },
    k.shaped('view chain', [2, 3, 4], (x) => x.permute(1, 0, 2).select(2, 1).unsqueeze(0).expand(2, 3, 2)),
  ],
});
interface SizesFn {
  (...shape: number[]): T;
  (shape: Sizes): T;
}
export const reshape = op('reshape(Tensor self, SymInt[] shape)', V.reshapeImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [
    k.shaped('reshape (alias)', [2, 3, 4], (x) => x.reshape(4, 6)),
    { name: 'reshape (copy)', inputs: () => [k.transposed([3, 4])], fn: (x) => x.reshape(-1) },
  ],
});
export const flatten = op('flatten(Tensor self, int start_dim=0, int end_dim=-1)', V.flattenImpl, {
  samples: (k): OpSample[] => [
    k.shaped('flatten', [2, 3, 4], (x) => x.flatten()),
    k.shaped('flatten 1..2', [2, 3, 4, 2], (x) => x.flatten(1, 2)),
  ],
});
export const unflatten = op('unflatten(Tensor self, int dim, SymInt[] sizes)', V.unflattenImpl, {
  samples: (k): OpSample[] => [k.shaped('unflatten', [2, 6], (x) => x.unflatten(1, [3, -1]))],
});
export const squeeze = op(
  [
    'squeeze(Tensor self)',
    'squeeze(Tensor self, int dim)',
    'squeeze(Tensor self, Dimname dim)',
    'squeeze(Tensor self, int[] dim)',
  ],
  V.squeezeImpl as (self: T, dim?: Dims) => T,
  {
    inplace: V.squeeze_ as (self: T, dim?: Dims) => T,
    samples: (k): OpSample[] => [
      k.shaped('squeeze', [2, 1, 3, 1], (x) => x.squeeze()),
      k.shaped('squeeze dim', [2, 1, 3], (x) => x.squeeze(1)),
      k.shaped('squeeze dims', [1, 2, 1, 3], (x) => x.squeeze([0, 2])),
    ],
  },
);
export const unsqueeze = op('unsqueeze(Tensor self, int dim)', V.unsqueezeImpl, {
  inplace: V.unsqueeze_,
  samples: (k): OpSample[] => [
    k.shaped('unsqueeze', [2, 3], (x) => x.unsqueeze(1)),
    k.shaped('unsqueeze 0-d', [], (x) => x.unsqueeze(0)),
  ],
});
export const transpose = op(
  ['transpose(Tensor self, int dim0, int dim1)', 'transpose(Tensor self, Dimname dim0, Dimname dim1)'],
  V.transposeImpl,
  {
    inplace: V.transpose_,
    samples: (k): OpSample[] => [k.shaped('transpose', [2, 3, 4], (x) => x.transpose(0, 2))],
  },
);
export const swapaxes = op('swapaxes(Tensor self, int axis0, int axis1)', V.transposeImpl);
export const swapdims = op('swapdims(Tensor self, int dim0, int dim1)', V.transposeImpl);
export const t = op('t(Tensor self)', V.tImpl, {
  inplace: V.t_,
  samples: (k): OpSample[] => [
    { name: 't', inputs: () => [k.transposed([3, 4])], fn: (x) => x.t() },
    k.shaped('t 1-d', [4], (x) => x.t()),
  ],
});
export const permute = op('permute(Tensor self, int[] dims)', V.permuteImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [k.shaped('permute', [2, 3, 4], (x) => x.permute(2, 0, 1))],
});
export const movedim = op(
  ['movedim(Tensor self, int source, int destination)', 'movedim(Tensor self, int[] source, int[] destination)'],
  V.movedimImpl,
  {
    samples: (k): OpSample[] => [
      k.shaped('movedim', [2, 3, 4, 2], (x) => x.movedim([0, 1], [3, 0])),
      k.shaped('movedim 0-d (alias)', [], (x) => x.movedim(0, 0)),
    ],
  },
);
export const moveaxis = alias(movedim, 'moveaxis');
export const select = op(
  ['select(Tensor self, int dim, int index)', 'select(Tensor self, Dimname dim, int index)'],
  V.selectImpl,
  {
    samples: (k): OpSample[] => [
      k.shaped('select', [3, 4], (x) => x.select(1, -1)),
      k.shaped('select to 0-d', [4], (x) => x.select(0, 2)),
    ],
  },
);
export const narrow = op(
  ['narrow(Tensor self, int dim, Tensor start, int length)', 'narrow(Tensor self, int dim, int start, int length)'],
  (self: T, dim: number, start: number | T, length: number): T =>
    V.narrowImpl(self, dim, start instanceof Tensor ? narrowStart(start) : start, length),
  {
    samples: (k): OpSample[] => [
      k.shaped('narrow', [3, 5], (x) => x.narrow(1, 1, 3)),
      { name: 'narrow transposed', inputs: () => [k.transposed([4, 3])], fn: (x) => x.narrow(0, 1, 2) },
    ],
  },
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
  V.as_stridedImpl as (self: T, size: Sizes, stride: Sizes, storage_offset?: number | null) => T,
  {
    samples: (k): OpSample[] => [
      k.shaped('as_strided', [3, 4], (x) => x.as_strided([2, 3], [4, 1], 1)),
      k.shaped('as_strided overlapping', [6], (x) => x.as_strided([3, 3], [1, 1])),
      {
        name: 'as_strided transposed',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.as_strided([2, 2], [3, 1], 2),
      },
      k.shaped('as_strided of expanded', [3, 1], (x) => x.expand(3, 2).as_strided([3], [1], 0)),
    ],
  },
);
export const unbind = op(['unbind(Tensor self, int dim=0)', 'unbind(Tensor self, Dimname dim)'], V.unbindImpl, {
  samples: (k): OpSample[] => [
    k.shaped('unbind', [3, 4], (x) => x.unbind(1)),
    k.shaped('unbind partial use', [3, 2], (x) => x.unbind(0)[1]),
  ],
});
export const split = op(
  // torch.split(tensor, split_size_or_sections, dim) and Tensor.split(split_size, dim), as PyTorch names them.
  [
    'split(Tensor tensor, int split_size_or_sections, int dim=0)',
    'split(Tensor tensor, int[] split_size_or_sections, int dim=0)',
  ],
  V.splitImpl,
  {
    method: true,
    methodSig: ['split(Tensor self, int split_size, int dim=0)', 'split(Tensor self, int[] split_size, int dim=0)'],
    samples: (k): OpSample[] => [
      k.shaped('split', [5, 3], (x) => x.split(2)),
      k.shaped('split sizes', [2, 6], (x) => x.split([1, 3, 2], 1)),
    ],
  },
);
export const split_with_sizes = op(
  'split_with_sizes(Tensor self, int[] split_sizes, int dim=0)',
  V.split_with_sizesImpl,
);
export const chunk = op('chunk(Tensor self, int chunks, int dim=0)', V.chunkImpl, {
  samples: (k): OpSample[] => [k.shaped('chunk', [7, 2], (x) => x.chunk(3))],
});
export const diagonal = op('diagonal(Tensor self, int offset=0, int dim1=0, int dim2=1)', V.diagonalImpl, {
  samples: (k): OpSample[] => [
    k.shaped('diagonal', [3, 4], (x) => x.diagonal()),
    k.shaped('diagonal offset 3-d', [2, 3, 4], (x) => x.diagonal(-1, 2, 1)),
  ],
});
export const clone = op('clone(Tensor self, *, MemoryFormat? memory_format=None)', (self: T): T => V.cloneImpl(self), {
  samples: (k): OpSample[] => [{ name: 'clone', inputs: () => [k.transposed([3, 4])], fn: (x) => x.clone() }],
});
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
