// The public products (implementations in src/ops/linalg.ts), einsum, diagonals, grids, distances
// and tensor predicates.

import { fn, op, overloads, type OpSample } from '../ops/declare.js';
import * as L from '../ops/linalg.js';
import { einsum as einsumImpl, einsumArgs } from '../ops/einsum.js';
import * as X from '../ops/linalg_extra.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';

export const matmul = op('matmul(Tensor self, Tensor other)', L.matmulImpl);
export const mm = op('mm(Tensor self, Tensor mat2)', L.mmImpl);
export const bmm = op('bmm(Tensor self, Tensor mat2)', L.bmmImpl);
export const dot = op('dot(Tensor self, Tensor tensor)', L.dotImpl);
export const mv = op('mv(Tensor self, Tensor vec)', L.mvImpl);
export const outer = op('outer(Tensor self, Tensor vec2)', L.outerImpl);
export const addmm = op('addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)', L.addmmImpl);

// ---------------------------------------------------------------- einsum, diagonals, grids, distances
// Implementations in src/ops/einsum.ts and src/ops/linalg_extra.ts.

type T = Tensor;

const einsumDecl = fn('einsum(str equation, Tensor[] tensors, *, int[]? path=None)', einsumImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'einsum ij,jk->ik',
      inputs: () => [k.make([2, 3]), k.make([3, 4], { salt: 1 })],
      fn: (a, b) => f('ij,jk->ik', [a, b]),
    },
    {
      name: 'einsum bij,bjk',
      inputs: () => [k.make([2, 2, 3]), k.make([2, 3, 2], { salt: 1 })],
      fn: (a, b) => f('bij,bjk', [a, b]),
    },
    { name: 'einsum trace ii', inputs: () => [k.make([3, 3])], fn: (a) => f('ii', [a]) },
    { name: 'einsum diagonal ii->i', inputs: () => [k.make([3, 3])], fn: (a) => f('ii->i', [a]) },
    { name: 'einsum ...ij->...ji', inputs: () => [k.make([2, 3, 4])], fn: (a) => f('...ij->...ji', [a]) },
    {
      name: 'einsum outer i,j->ij',
      inputs: () => [k.make([3]), k.make([4], { salt: 1 })],
      fn: (a, b) => f('i,j->ij', [a, b]),
    },
    {
      name: 'einsum three operands i,ij,j->',
      inputs: () => [k.make([3]), k.make([3, 4], { salt: 1 }), k.make([4], { salt: 2 })],
      fn: (a, b, c) => f('i,ij,j->', [a, b, c]),
    },
    {
      name: 'einsum broadcast ellipsis',
      inputs: () => [k.make([2, 1, 3]), k.make([4, 3], { salt: 1 })],
      fn: (a, b) => f('...j,kj->...k', [a, b]),
    },
  ],
});
interface Einsum {
  (equation: string, ...operands: T[]): T;
  (equation: string, operands: readonly T[], opts?: { path?: number[] | null }): T;
}
/** torch.einsum(equation, a, b, ...) or torch.einsum(equation, [a, b, ...]). */
export const einsum = ((...args: unknown[]): T =>
  (einsumDecl as unknown as (...a: unknown[]) => T)(...einsumArgs(args))) as Einsum;

export const diag = op('diag(Tensor self, int diagonal=0)', X.diagImpl, {
  samples: (k): OpSample[] => [
    k.shaped('diag 1-d', [3], (x) => x.diag()),
    k.shaped('diag 1-d offset', [3], (x) => x.diag(-1)),
    k.shaped('diag 2-d', [3, 4], (x) => x.diag(1)),
    { name: 'diag 2-d transposed', inputs: () => [k.transposed([4, 3])], fn: (x) => x.diag(-1) },
  ],
});
export const diagflat = op('diagflat(Tensor self, int offset=0)', X.diagflatImpl, {
  samples: (k): OpSample[] => [k.shaped('diagflat', [2, 2], (x) => x.diagflat(1))],
});
export const diag_embed = op('diag_embed(Tensor self, int offset=0, int dim1=-2, int dim2=-1)', X.diag_embedImpl, {
  samples: (k): OpSample[] => [
    k.shaped('diag_embed', [2, 3], (x) => x.diag_embed()),
    k.shaped('diag_embed offset dims', [2, 3], (x) => x.diag_embed(1, 0, 2)),
  ],
});
export const trace = op('trace(Tensor self)', X.traceImpl, {
  samples: (k): OpSample[] => [k.shaped('trace', [3, 4], (x) => x.trace())],
});
type TriIndices = (row: number, col: number, offset?: number, opts?: { dtype?: DType | string | null }) => T;
const INDICES_OPTS = 'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None';
export const tril_indices = fn(
  `tril_indices(int row, int col, int offset=0, *, ${INDICES_OPTS})`,
  X.tril_indicesImpl as TriIndices,
);
export const triu_indices = fn(
  `triu_indices(int row, int col, int offset=0, *, ${INDICES_OPTS})`,
  X.triu_indicesImpl as TriIndices,
);

/** Python's f(*tensors, **kwargs) also taking f([tensors], **kwargs). */
function tensorVarargs(args: readonly unknown[]): unknown[] {
  if (args.length > 0 && args[0] instanceof Tensor) {
    let n = 0;
    while (n < args.length && args[n] instanceof Tensor) n++;
    return [args.slice(0, n), ...args.slice(n)];
  }
  return [...args];
}
const meshgridDecl = fn(
  'meshgrid(Tensor[] tensors, *, str? indexing=None)',
  (tensors: readonly T[], opts: { indexing?: string | null } = {}): T[] => X.meshgrid(tensors, opts.indexing),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'meshgrid ij',
        inputs: () => [k.make([3]), k.make([2], { salt: 1 })],
        fn: (a, b) => f([a, b], { indexing: 'ij' }),
      },
      {
        name: 'meshgrid xy',
        inputs: () => [k.make([3]), k.make([2], { salt: 1 })],
        fn: (a, b) => f([a, b], { indexing: 'xy' }),
      },
    ],
  },
);
interface Meshgrid {
  (...tensors: T[]): T[];
  (...args: [...T[], { indexing?: 'ij' | 'xy' | null }]): T[];
  (tensors: readonly T[], opts?: { indexing?: 'ij' | 'xy' | null }): T[];
}
export const meshgrid = ((...args: unknown[]): T[] =>
  (meshgridDecl as unknown as (...a: unknown[]) => T[])(...tensorVarargs(args))) as Meshgrid;
const cartesianDecl = fn('cartesian_prod(Tensor[] tensors)', X.cartesian_prod, {
  samples: (k, f): OpSample[] => [
    { name: 'cartesian_prod', inputs: () => [k.make([3]), k.make([2], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});
interface CartesianProd {
  (...tensors: T[]): T;
  (tensors: readonly T[]): T;
}
export const cartesian_prod = ((...args: unknown[]): T =>
  (cartesianDecl as unknown as (...a: unknown[]) => T)(...tensorVarargs(args))) as CartesianProd;

type UniqueOpts = { sorted?: boolean; return_inverse?: boolean; return_counts?: boolean; dim?: number | null };
/** unique(): the values alone, or [values, inverse?, counts?] when either is asked for. */
interface Unique {
  (sorted?: boolean): T;
  (sorted: boolean, return_inverse: boolean, return_counts?: boolean, dim?: number | null): T | T[];
  (opts: UniqueOpts & ({ return_inverse: true } | { return_counts: true })): T[];
  (opts: UniqueOpts): T | T[];
}
export const unique = op(
  'unique(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False, int? dim=None)',
  X.uniqueImpl,
  { types: overloads<Unique>() },
);
export const bincount = op('bincount(Tensor self, Tensor? weights=None, int minlength=0)', X.bincountImpl);
const SEARCH_KW = 'bool out_int32=False, bool right=False, str? side=None, Tensor? sorter=None';
export const searchsorted = fn(
  [
    `searchsorted(Tensor sorted_sequence, Tensor self, *, ${SEARCH_KW})`,
    `searchsorted(Tensor sorted_sequence, Scalar self, *, ${SEARCH_KW})`,
  ],
  X.searchsortedImpl,
);
export const bucketize = fn(
  [
    'bucketize(Tensor self, Tensor boundaries, *, bool out_int32=False, bool right=False)',
    'bucketize(Scalar self, Tensor boundaries, *, bool out_int32=False, bool right=False)',
  ],
  X.bucketizeImpl,
);
export const cdist = fn('cdist(Tensor x1, Tensor x2, float p=2, str? compute_mode=None)', X.cdistImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'cdist p=2', inputs: () => [k.make([3, 2]), k.make([4, 2], { salt: 1 })], fn: (a, b) => f(a, b) },
    {
      name: 'cdist p=1',
      inputs: () => [k.make([3, 2]), k.make([4, 2], { salt: 1 })],
      fn: (a, b) => f(a, b, 1),
      gradgrad: false,
      why: 'sign() has no second derivative at kinks (PyTorch: not implemented)',
    },
    {
      name: 'cdist p=3 batched',
      inputs: () => [k.make([2, 3, 2]), k.make([2, 2, 2], { salt: 1 })],
      fn: (a, b) => f(a, b, 3),
    },
    {
      name: 'cdist p=0.5',
      inputs: () => [k.make([2, 2], { lo: 0.5, hi: 2 }), k.make([2, 2], { lo: -2, hi: -0.5, salt: 1 })],
      fn: (a, b) => f(a, b, 0.5),
    },
  ],
});
export const kron = op('kron(Tensor self, Tensor other)', X.kronImpl, {
  samples: (k): OpSample[] => [
    { name: 'kron', inputs: () => [k.make([2, 3]), k.make([2, 2], { salt: 1 })], fn: (a, b) => a.kron(b) },
    { name: 'kron ranks differ', inputs: () => [k.make([3]), k.make([2, 2], { salt: 1 })], fn: (a, b) => a.kron(b) },
  ],
});

// ---------------------------------------------------------------- tensor predicates
export const numel = fn('numel(Tensor self)', (x: T): number => x.numel());
export const is_tensor = fn('is_tensor(Any obj)', (obj: unknown): boolean => obj instanceof Tensor);
export const is_floating_point = fn('is_floating_point(Tensor self)', (x: T): boolean => x.dtype.is_floating_point);
