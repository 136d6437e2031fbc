// The public joining and indexing ops: signatures and the implementations in src/ops/indexing.ts
// (join, gather/scatter, index_*, masked_*, rearrangements).

import { Tensor } from '../tensor/tensor.js';
import { jsTypeName } from '../ops/signature.js';
import { alias, op, overloads } from '../ops/declare.js';
import * as I from '../ops/indexing.js';
import type { IndexItem } from '../ops/indexing.js';

type T = Tensor;
type Sizes = readonly number[];

// ---------------------------------------------------------------- joining
export const cat = op(['cat(Tensor[] tensors, int dim=0)', 'cat(Tensor[] tensors, Dimname dim)'], I.cat);
export const concat = alias(cat, 'concat');
export const concatenate = alias(cat, 'concatenate');
export const stack = op('stack(Tensor[] tensors, int dim=0)', I.stack);
export const hstack = op('hstack(Tensor[] tensors)', I.hstack);
export const vstack = op('vstack(Tensor[] tensors)', I.vstack);
export const dstack = op('dstack(Tensor[] tensors)', I.dstack);
export const column_stack = op('column_stack(Tensor[] tensors)', I.column_stack);

// ---------------------------------------------------------------- x[...] = value
type IndexPut = (self: T, indices: readonly IndexItem[], values: T | number | boolean, accumulate?: boolean) => T;
export const index_put = op(
  'index_put(Tensor self, Any[] indices, Tensor|Number values, bool accumulate=False)',
  I.index_put as IndexPut,
  { inplace: I.index_put_ as IndexPut },
);

// ---------------------------------------------------------------- masks
export const masked_fill = op(
  ['masked_fill(Tensor self, Tensor mask, Tensor value)', 'masked_fill(Tensor self, Tensor mask, Scalar value)'],
  I.masked_fill,
  {
    inplace: I.masked_fill_,
  },
);
export const masked_select = op('masked_select(Tensor self, Tensor mask)', I.masked_select);
export const masked_scatter = op('masked_scatter(Tensor self, Tensor mask, Tensor source)', I.masked_scatter, {
  inplace: I.masked_scatter_,
});
interface Nonzero {
  (opts: { as_tuple: true }): T[];
  (opts?: { as_tuple?: false }): T;
  (opts?: { as_tuple?: boolean }): T | T[];
}
export const nonzero = op('nonzero(Tensor self, *, bool as_tuple=False)', I.nonzero, { types: overloads<Nonzero>() });
export const argwhere = op('argwhere(Tensor self)', I.argwhere);

// ---------------------------------------------------------------- gather, scatter, index_*
export const gather = op(
  [
    'gather(Tensor self, int dim, Tensor index, *, bool sparse_grad=False)',
    'gather(Tensor self, Dimname dim, Tensor index, *, bool sparse_grad=False)',
  ],
  (self: T, dim: number, index: T): T => I.gather(self, dim, index),
);
const SCATTER = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, Tensor index, Tensor src)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Tensor src)`,
    `${name}(Tensor self, int dim, Tensor index, Scalar value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Scalar value)`,
  ] as const;
export const scatter = op(SCATTER('scatter'), I.scatter, { inplace: I.scatter_ });
export const scatter_add = op(
  [
    'scatter_add(Tensor self, int dim, Tensor index, Tensor src)',
    'scatter_add(Tensor self, Dimname dim, Tensor index, Tensor src)',
  ],
  I.scatter_add,
  {
    inplace: I.scatter_add_,
  },
);
export const index_select = op(
  ['index_select(Tensor self, int dim, Tensor index)', 'index_select(Tensor self, Dimname dim, Tensor index)'],
  I.index_select,
);
export const index_add = op(
  [
    'index_add(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1)',
    'index_add(Tensor self, Dimname dim, Tensor index, Tensor source, *, Scalar alpha=1)',
  ],
  I.index_add,
  { inplace: I.index_add_ },
);
const INDEX_FILL = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, Tensor index, Tensor value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Tensor value)`,
    `${name}(Tensor self, int dim, Tensor index, Scalar value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Scalar value)`,
  ] as const;
export const index_fill = op(INDEX_FILL('index_fill'), I.index_fill, { inplace: I.index_fill_ });
export const index_copy = op(
  [
    'index_copy(Tensor self, int dim, Tensor index, Tensor source)',
    'index_copy(Tensor self, Dimname dim, Tensor index, Tensor source)',
  ],
  I.index_copy,
  {
    inplace: I.index_copy_,
  },
);
export const take = op('take(Tensor self, Tensor index)', I.take);
export const take_along_dim = op('take_along_dim(Tensor self, Tensor indices, int? dim=None)', I.take_along_dim);
export const put = op('put(Tensor self, Tensor index, Tensor source, bool accumulate=False)', I.put, {
  inplace: I.put_,
});

// ---------------------------------------------------------------- rearranging
interface SizesFn {
  (...dims: number[]): T;
  (dims: Sizes): T;
}
export const rot90 = op('rot90(Tensor self, int k=1, int[] dims=[0,1])', I.rot90);
export const flip = op('flip(Tensor self, int[] dims)', I.flip, { types: overloads<SizesFn>() });
export const fliplr = op('fliplr(Tensor self)', I.fliplr);
export const flipud = op('flipud(Tensor self)', I.flipud);
export const roll = op('roll(Tensor self, int[1] shifts, int[1] dims=[])', I.roll);
export const tile = op('tile(Tensor self, int[] dims)', I.tile, { types: overloads<SizesFn>() });
export const tril = op('tril(Tensor self, int diagonal=0)', I.tril, { inplace: I.tril_ });
export const triu = op('triu(Tensor self, int diagonal=0)', I.triu, { inplace: I.triu_ });

// ---------------------------------------------------------------- x[...]
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
Object.defineProperty(Tensor.prototype, 'index', {
  value: function index(this: T, ...items: unknown[]): T {
    for (const item of items) {
      if (!isIndexItem(item)) {
        throw new TypeError(
          `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${jsTypeName(item)})`,
        );
      }
    }
    return I.index(this, items as IndexItem[]);
  },
  writable: true,
  configurable: true,
});
