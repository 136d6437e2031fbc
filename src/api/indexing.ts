// The public joining and indexing ops: signatures and the implementations in src/ops/indexing.ts
// (join, gather/scatter, index_*, masked_*, rearrangements).

import { Tensor } from '../tensor/tensor.js';
import { jsTypeName } from '../ops/signature.js';
import { alias, op, overloads, type OpSample } from '../ops/declare.js';
import * as I from '../ops/indexing.js';
import type { IndexItem } from '../ops/indexing.js';

type T = Tensor;
type Sizes = readonly number[];

// ---------------------------------------------------------------- joining
export const cat = op(['cat(Tensor[] tensors, int dim=0)', 'cat(Tensor[] tensors, Dimname dim)'], I.catImpl, {
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
export const stack = op('stack(Tensor[] tensors, int dim=0)', I.stackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'stack', inputs: () => [k.make([2, 3]), k.make([2, 3], { salt: 1 })], fn: (a, b) => f([a, b], -1) },
  ],
});
export const hstack = op('hstack(Tensor[] tensors)', I.hstackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'hstack 1-d', inputs: () => [k.make([2]), k.make([3], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});
export const vstack = op('vstack(Tensor[] tensors)', I.vstackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'vstack', inputs: () => [k.make([3]), k.make([2, 3], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});
export const dstack = op('dstack(Tensor[] tensors)', I.dstackImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'dstack', inputs: () => [k.make([2, 2]), k.make([2, 2], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});
export const column_stack = op('column_stack(Tensor[] tensors)', I.column_stackImpl);

// ---------------------------------------------------------------- x[...] = value
type IndexPut = (self: T, indices: readonly IndexItem[], values: T | number | boolean, accumulate?: boolean) => T;
export const index_put = op(
  'index_put(Tensor self, Any[] indices, Tensor|Number values, bool accumulate=False)',
  I.index_putImpl as IndexPut,
  {
    inplace: I.index_put_ as IndexPut,
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

// ---------------------------------------------------------------- masks
export const masked_fill = op(
  ['masked_fill(Tensor self, Tensor mask, Tensor value)', 'masked_fill(Tensor self, Tensor mask, Scalar value)'],
  I.masked_fillImpl,
  {
    inplace: I.masked_fill_,
    samples: (k): OpSample[] => [
      // masked ops
      {
        name: 'masked_fill broadcast mask',
        inputs: () => [k.make([3, 4])],
        fn: (x) => x.masked_fill(k.mask([true, false, false, true]), 2),
      },
      {
        name: 'masked_fill 0-d tensor value',
        inputs: () => [k.make([3, 4]), k.make([], { salt: 1 })],
        fn: (x, v) => x.masked_fill(x.gt(0), v),
      },
      {
        name: 'masked_fill_ on clone',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.clone().masked_fill_(k.mask([[true], [false], [true]]), -1),
      },
    ],
  },
);
export const masked_select = op('masked_select(Tensor self, Tensor mask)', I.masked_selectImpl, {
  samples: (k): OpSample[] => [
    { name: 'masked_select', inputs: () => [k.make([3, 4])], fn: (x) => x.masked_select(x.gt(0)) },
    {
      name: 'masked_select broadcast transposed',
      inputs: () => [k.transposed([4, 3])],
      fn: (x) => x.masked_select(k.mask([[true, false, true]])),
    },
  ],
});
export const masked_scatter = op('masked_scatter(Tensor self, Tensor mask, Tensor source)', I.masked_scatterImpl, {
  inplace: I.masked_scatter_,
  samples: (k): OpSample[] => [
    {
      name: 'masked_scatter',
      inputs: () => [k.make([3, 4]), k.make([3, 4], { salt: 1 })],
      fn: (x, s) => x.masked_scatter(k.mask([true, false, true, true]), s),
    },
    {
      name: 'masked_scatter_ on clone, long source',
      inputs: () => [k.make([3, 4]), k.make([5], { salt: 1 })],
      fn: (x, s) =>
        x.clone().masked_scatter_(
          k.mask([
            [true, false, true, false],
            [false, false, false, false],
            [true, false, true, false],
          ]),
          s,
        ),
    },
  ],
});
interface Nonzero {
  (opts: { as_tuple: true }): T[];
  (opts?: { as_tuple?: false }): T;
  (opts?: { as_tuple?: boolean }): T | T[];
}
export const nonzero = op('nonzero(Tensor self, *, bool as_tuple=False)', I.nonzeroImpl, {
  types: overloads<Nonzero>(),
});
export const argwhere = op('argwhere(Tensor self)', I.argwhereImpl);

// ---------------------------------------------------------------- gather, scatter, index_*
export const gather = op(
  [
    'gather(Tensor self, int dim, Tensor index, *, bool sparse_grad=False)',
    'gather(Tensor self, Dimname dim, Tensor index, *, bool sparse_grad=False)',
  ],
  (self: T, dim: number, index: T): T => I.gatherImpl(self, dim, index),
  {
    samples: (k): OpSample[] => [
      // gather / scatter
      {
        name: 'gather dim 1',
        inputs: () => [k.make([3, 4])],
        fn: (x) =>
          x.gather(
            1,
            k.long([
              [0, 0],
              [3, 1],
              [2, 2],
            ]),
          ),
      },
      {
        name: 'gather dim 0 transposed',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.gather(0, k.long([[2, 0, 1, 1]])),
      },
    ],
  },
);
const SCATTER = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, Tensor index, Tensor src)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Tensor src)`,
    `${name}(Tensor self, int dim, Tensor index, Scalar value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Scalar value)`,
  ] as const;
export const scatter = op(SCATTER('scatter'), I.scatterImpl, {
  inplace: I.scatter_,
  samples: (k): OpSample[] => [
    {
      name: 'scatter src',
      inputs: () => [k.make([3, 4]), k.make([2, 4], { salt: 1 })],
      fn: (x, s) =>
        x.scatter(
          0,
          k.long([
            [0, 1, 2, 0],
            [2, 2, 1, 1],
          ]),
          s,
        ),
    },
    { name: 'scatter value', inputs: () => [k.make([3, 4])], fn: (x) => x.scatter(1, k.long([[3], [0], [1]]), 1.5) },
    {
      name: 'scatter_ on clone',
      inputs: () => [k.make([3, 4]), k.make([3, 1], { salt: 1 })],
      fn: (x, s) => x.clone().scatter_(1, k.long([[3], [0], [1]]), s),
    },
  ],
});
export const scatter_add = op(
  [
    'scatter_add(Tensor self, int dim, Tensor index, Tensor src)',
    'scatter_add(Tensor self, Dimname dim, Tensor index, Tensor src)',
  ],
  I.scatter_addImpl,
  {
    inplace: I.scatter_add_,
    samples: (k): OpSample[] => [
      {
        name: 'scatter_add repeated',
        inputs: () => [k.make([3, 4]), k.make([2, 4], { salt: 1 })],
        fn: (x, s) =>
          x.scatter_add(
            0,
            k.long([
              [0, 0, 2, 0],
              [0, 2, 2, 1],
            ]),
            s,
          ),
      },
      {
        name: 'scatter_add_ on clone',
        inputs: () => [k.make([3, 4]), k.make([3, 2], { salt: 1 })],
        fn: (x, s) =>
          x.clone().scatter_add_(
            1,
            k.long([
              [0, 0],
              [3, 1],
              [2, 2],
            ]),
            s,
          ),
      },
    ],
  },
);
export const index_select = op(
  ['index_select(Tensor self, int dim, Tensor index)', 'index_select(Tensor self, Dimname dim, Tensor index)'],
  I.index_selectImpl,
  {
    samples: (k): OpSample[] => [
      { name: 'index_select', inputs: () => [k.make([3, 4])], fn: (x) => x.index_select(1, k.long([3, 0, 3])) },
      {
        name: 'index_select transposed',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.index_select(0, k.long([2, 1])),
      },
    ],
  },
);
export const index_add = op(
  [
    'index_add(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1)',
    'index_add(Tensor self, Dimname dim, Tensor index, Tensor source, *, Scalar alpha=1)',
  ],
  I.index_addImpl,
  {
    inplace: I.index_add_,
    samples: (k): OpSample[] => [
      {
        name: 'index_add alpha',
        inputs: () => [k.make([3, 4]), k.make([2, 4], { salt: 1 })],
        fn: (x, s) => x.index_add(0, k.long([2, 2]), s, { alpha: -1.5 }),
      },
      {
        name: 'index_add_ on clone',
        inputs: () => [k.make([3, 4]), k.make([3, 3], { salt: 1 })],
        fn: (x, s) => x.clone().index_add_(1, k.long([0, 3, 0]), s),
      },
    ],
  },
);
const INDEX_FILL = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, Tensor index, Tensor value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Tensor value)`,
    `${name}(Tensor self, int dim, Tensor index, Scalar value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Scalar value)`,
  ] as const;
export const index_fill = op(INDEX_FILL('index_fill'), I.index_fillImpl, {
  inplace: I.index_fill_,
  samples: (k): OpSample[] => [
    {
      name: 'index_fill',
      inputs: () => [k.transposed([3, 4])],
      fn: (x) => x.index_fill(1, k.long([0, -1]), 0.5),
    },
    {
      name: 'index_fill 0-d tensor value repeated',
      inputs: () => [k.make([3, 4]), k.make([], { salt: 1 })],
      fn: (x, v) => x.index_fill(0, k.long([2, 0, 2]), v),
    },
  ],
});
export const index_copy = op(
  [
    'index_copy(Tensor self, int dim, Tensor index, Tensor source)',
    'index_copy(Tensor self, Dimname dim, Tensor index, Tensor source)',
  ],
  I.index_copyImpl,
  {
    inplace: I.index_copy_,
    samples: (k): OpSample[] => [
      {
        name: 'index_copy',
        inputs: () => [k.make([3, 4]), k.make([3, 2], { salt: 1 })],
        fn: (x, s) => x.index_copy(1, k.long([3, 0]), s),
      },
      {
        name: 'index_copy_ on clone',
        inputs: () => [k.make([3, 4]), k.make([1, 4], { salt: 1 })],
        fn: (x, s) => x.clone().index_copy_(0, k.long([1]), s),
      },
    ],
  },
);
export const take = op('take(Tensor self, Tensor index)', I.takeImpl, {
  samples: (k): OpSample[] => [
    {
      name: 'take',
      inputs: () => [k.transposed([3, 4])],
      fn: (x) =>
        x.take(
          k.long([
            [0, 11],
            [5, 5],
          ]),
        ),
    },
  ],
});
export const take_along_dim = op('take_along_dim(Tensor self, Tensor indices, int? dim=None)', I.take_along_dimImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'take_along_dim broadcast',
      inputs: () => [k.make([3, 4])],
      fn: (x) => f(x, k.long([[0], [3], [1]]), 1),
    },
  ],
});
export const put = op('put(Tensor self, Tensor index, Tensor source, bool accumulate=False)', I.putImpl, {
  inplace: I.put_,
  samples: (k): OpSample[] => [
    {
      name: 'put',
      inputs: () => [k.make([3, 4]), k.make([2, 2], { salt: 1 })],
      fn: (x, s) =>
        x.put(
          k.long([
            [0, 11],
            [-2, 5],
          ]),
          s,
        ),
    },
    {
      name: 'put_ accumulate on clone',
      inputs: () => [k.make([3, 4]), k.make([3], { salt: 1 })],
      fn: (x, s) => x.clone().put_(k.long([4, 4, 0]), s, true),
    },
  ],
});

// ---------------------------------------------------------------- rearranging
interface SizesFn {
  (...dims: number[]): T;
  (dims: Sizes): T;
}
export const rot90 = op('rot90(Tensor self, int k=1, int[] dims=[0,1])', I.rot90Impl, {
  samples: (k): OpSample[] => [
    // rearranging
    { name: 'rot90', inputs: () => [k.make([3, 4])], fn: (x) => x.rot90() },
    { name: 'rot90 k=3 dims', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.rot90(3, [2, 0]) },
  ],
});
export const flip = op('flip(Tensor self, int[] dims)', I.flipImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [
    { name: 'flip', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.flip(0, 2) },
    { name: 'flip transposed', inputs: () => [k.transposed([3, 4])], fn: (x) => x.flip(1) },
  ],
});
export const fliplr = op('fliplr(Tensor self)', I.fliplrImpl);
export const flipud = op('flipud(Tensor self)', I.flipudImpl);
export const roll = op('roll(Tensor self, int[1] shifts, int[1] dims=[])', I.rollImpl, {
  samples: (k): OpSample[] => [
    { name: 'roll dims', inputs: () => [k.make([3, 4])], fn: (x) => x.roll([1, -3], [0, 1]) },
    { name: 'roll flattened transposed', inputs: () => [k.transposed([3, 4])], fn: (x) => x.roll(5) },
  ],
});
export const tile = op('tile(Tensor self, int[] dims)', I.tileImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [{ name: 'tile', inputs: () => [k.transposed([2, 3])], fn: (x) => x.tile(2) }],
});
export const tril = op('tril(Tensor self, int diagonal=0)', I.trilImpl, {
  inplace: I.tril_,
  samples: (k): OpSample[] => [
    { name: 'tril', inputs: () => [k.make([3, 4])], fn: (x) => x.tril() },
    { name: 'tril batched offset', inputs: () => [k.make([2, 3, 3])], fn: (x) => x.tril(-1) },
  ],
});
export const triu = op('triu(Tensor self, int diagonal=0)', I.triuImpl, {
  inplace: I.triu_,
  samples: (k): OpSample[] => [
    { name: 'triu offset', inputs: () => [k.transposed([4, 3])], fn: (x) => x.triu(1) },
    { name: 'triu_ on clone', inputs: () => [k.make([3, 3])], fn: (x) => x.clone().triu_() },
  ],
});

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
