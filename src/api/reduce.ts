// The public reductions, scans, softmax and ordering ops: signatures (PyTorch 2's, which add
// `dim` lists to all/any and `correction` to var/std) and the implementations in src/ops/.

import type { Tensor } from '../tensor/tensor.js';
import { float64, type DType } from '../tensor/dtype.js';
import { op, overloads, type Kwargs, type OpSample } from '../ops/declare.js';
import * as R from '../ops/reduce.js';
import * as MM from '../ops/minmax.js';
import * as MO from '../ops/moments.js';
import * as N from '../ops/norm.js';
import * as S from '../ops/scan.js';
import * as SM from '../ops/softmax.js';
import * as SO from '../ops/sort.js';
import type { ValuesIndices } from '../ops/minmax.js';

type T = Tensor;
type Dims = number | readonly number[];
type DTypeOpt = { dtype?: DType | string | null };

const DIMS_REDUCTION = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, *, ScalarType? dtype=None)`,
    `${name}(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname[1] dim, bool keepdim=False, *, ScalarType? dtype=None)`,
  ] as const;
type DimsReduction = (self: T, dim?: Dims | null, keepdim?: boolean, opts?: DTypeOpt) => T;

export const sum = op(DIMS_REDUCTION('sum'), R.sumImpl as DimsReduction, {
  samples: (k): OpSample[] => [
    ...k.layouts('sum', (x) => x.sum()),
    ...k.layouts('sum dim=1 keepdim', (x) => x.sum(1, true), { scalar: false }),
    { name: 'sum dims [0, 2] of [2, 3, 4]', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.sum([0, 2]) },
  ],
});
export const mean = op(DIMS_REDUCTION('mean'), R.meanImpl as DimsReduction, {
  samples: (k): OpSample[] => [
    ...k.layouts('mean', (x) => x.mean()),
    ...k.layouts('mean dim=-1', (x) => x.mean(-1), { scalar: false }),
  ],
});
export const nansum = op(
  'nansum(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  R.nansumImpl as DimsReduction,
  { samples: (k): OpSample[] => [...k.layouts('nansum dim=0', (x) => x.nansum(0))] },
);
export const nanmean = op(
  'nanmean(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  R.nanmeanImpl as DimsReduction,
  { samples: (k): OpSample[] => [...k.layouts('nanmean', (x) => x.nanmean())] },
);
export const prod = op(
  [
    'prod(Tensor self, *, ScalarType? dtype=None)',
    'prod(Tensor self, int dim, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  R.prodImpl as (self: T, dim?: number | null, keepdim?: boolean, opts?: DTypeOpt) => T,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('prod', (x) => x.prod(), { lo: 0.5, hi: 2 }),
      ...k.layouts('prod dim=-1', (x) => x.prod(-1), { lo: -2, hi: -0.5 }),
      { name: 'prod dim=0 keepdim', inputs: () => [k.make([3, 4], { lo: 0.5, hi: 2 })], fn: (x) => x.prod(0, true) },
      { name: 'prod with one zero', inputs: () => [k.values([1.5, 0, -2, 0.5])], fn: (x) => x.prod() },
      { name: 'prod with two zeros', inputs: () => [k.values([1.5, 0, -2, 0])], fn: (x) => x.prod() },
      {
        name: 'prod dim with zeros',
        inputs: () => [
          k.values([
            [0, 2, 3],
            [4, 0, 0],
            [1, 2, 0.5],
          ]),
        ],
        fn: (x) => x.prod(1),
      },
    ],
  },
);
export const logsumexp = op(
  [
    'logsumexp(Tensor self, int[1] dim, bool keepdim=False)',
    'logsumexp(Tensor self, Dimname[1] dim, bool keepdim=False)',
  ],
  R.logsumexpImpl as (self: T, dim: Dims, keepdim?: boolean) => T,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('logsumexp dim=-1', (x) => x.logsumexp(-1)),
      ...k.layouts('logsumexp dims [0, 1] keepdim', (x) => x.logsumexp([0, 1], true), { scalar: false }),
    ],
  },
);
export const all = op(
  ['all(Tensor self, int[1]? dim=None, bool keepdim=False)', 'all(Tensor self, Dimname dim, bool keepdim=False)'],
  R.allImpl as (self: T, dim?: Dims | null, keepdim?: boolean) => T,
);
export const any = op(
  ['any(Tensor self, int[1]? dim=None, bool keepdim=False)', 'any(Tensor self, Dimname dim, bool keepdim=False)'],
  R.anyImpl as (self: T, dim?: Dims | null, keepdim?: boolean) => T,
);

// ---------------------------------------------------------------- max, min, arg*
interface Extremum {
  (): T;
  (other: T): T;
  (dim: number, keepdim?: boolean): ValuesIndices;
  (opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  (...args: unknown[]): T | ValuesIndices;
}
const EXTREMUM = <N extends string>(name: N) =>
  [
    `${name}(Tensor self)`,
    `${name}(Tensor self, Tensor other)`,
    `${name}(Tensor self, int dim, bool keepdim=False)`,
    `${name}(Tensor self, Dimname dim, bool keepdim=False)`,
  ] as const;
/** torch.max / torch.min with each overload's result type (src/index.ts gives them this type). */
export interface ExtremumFn {
  (input: T): T;
  (input: T, other: T): T;
  (input: T, dim: number, keepdim?: boolean): ValuesIndices;
  (input: T, opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  (input: T, ...args: unknown[]): T | ValuesIndices;
}
export const max = op(EXTREMUM('max'), MM.maxImpl, {
  types: overloads<Extremum>(),
  samples: (k): OpSample[] => [
    ...k.layouts('max', (x) => x.max()),
    ...k.layouts('max dim=-1 values', (x) => x.max(-1).values),
  ],
});
export const min = op(EXTREMUM('min'), MM.minImpl, {
  types: overloads<Extremum>(),
  samples: (k): OpSample[] => [
    ...k.layouts('min', (x) => x.min()),
    ...k.layouts('min dim=0 keepdim values', (x) => x.min(0, true).values),
  ],
});
type Amax = (self: T, dim?: Dims, keepdim?: boolean) => T;
export const amax = op('amax(Tensor self, int[1] dim=[], bool keepdim=False)', MM.amaxImpl as Amax, {
  samples: (k): OpSample[] => [
    ...k.layouts('amax dims [0, 1]', (x) => x.amax([0, 1]), { scalar: false }),
    ...k.layouts('amax dim=1', (x) => x.amax(1), { scalar: false }),
  ],
});
export const amin = op('amin(Tensor self, int[1] dim=[], bool keepdim=False)', MM.aminImpl as Amax, {
  samples: (k): OpSample[] => [...k.layouts('amin dim=-1 keepdim', (x) => x.amin(-1, true), { scalar: false })],
});
type Argmax = (self: T, dim?: number | null, keepdim?: boolean) => T;
export const argmax = op('argmax(Tensor self, int? dim=None, bool keepdim=False)', MM.argmaxImpl as Argmax);
export const argmin = op('argmin(Tensor self, int? dim=None, bool keepdim=False)', MM.argminImpl as Argmax);

// ---------------------------------------------------------------- moments and norms
const MOMENT = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)`,
    `${name}(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False)`,
    `${name}(Tensor self, bool unbiased=True)`,
    `${name}(Tensor self, Dimname[1] dim, *, Scalar? correction=None, bool keepdim=False)`,
    `${name}(Tensor self, Dimname[1] dim, bool unbiased=True, bool keepdim=False)`,
  ] as const;
interface Moment<R> {
  (unbiased?: boolean): R;
  (dim: Dims | null, unbiased?: boolean, keepdim?: boolean): R;
  (dim: Dims | null, opts: { correction?: number | null; keepdim?: boolean }): R;
  (opts: { dim?: Dims | null; unbiased?: boolean; correction?: number | null; keepdim?: boolean }): R;
}
const var_ = op(MOMENT('var'), MO.varImpl, {
  types: overloads<Moment<T>>(),
  samples: (k): OpSample[] => [
    ...k.layouts('var', (x) => x.var(), { scalar: false }),
    ...k.layouts('var dim=1 unbiased=false keepdim', (x) => x.var(1, false, true), { scalar: false }),
    { name: 'var dims [0, 2] of [2, 3, 4]', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.var([0, 2]) },
    { name: 'var 0-d unbiased=false', inputs: () => [k.make([])], fn: (x) => x.var(false) },
  ],
});
export { var_ as var };
export const std = op(MOMENT('std'), MO.stdImpl, {
  types: overloads<Moment<T>>(),
  samples: (k): OpSample[] => [
    ...k.layouts('std', (x) => x.std(), { scalar: false }),
    ...k.layouts('std dim=0', (x) => x.std(0), { scalar: false }),
    ...k.layouts('std dim=1 correction=0', (x) => x.std(1, { correction: 0 }), { scalar: false }),
  ],
});
export const var_mean = op(MOMENT('var_mean'), MO.var_meanImpl, {
  method: false,
  types: overloads<Moment<[T, T]>>(),
  samples: (k, f): OpSample[] => [{ name: 'var_mean dim=1', inputs: () => [k.make([3, 4])], fn: (x) => f(x, 1) }],
});
export const std_mean = op(MOMENT('std_mean'), MO.std_meanImpl, {
  method: false,
  types: overloads<Moment<[T, T]>>(),
  samples: (k, f): OpSample[] => [{ name: 'std_mean', inputs: () => [k.make([3, 4])], fn: (x) => f(x) }],
});
/** torch.norm is a Python function in PyTorch; p is a number, 'fro', 'nuc' or None. */
export const norm = op(
  "norm(Tensor self, Scalar|str? p='fro', int[1]? dim=None, bool keepdim=False, ScalarType? dtype=None)",
  N.normImpl as (self: T, p?: number | string | null, dim?: Dims | null, keepdim?: boolean, dtype?: DType | null) => T,
  {
    samples: (k): OpSample[] => [
      { name: "norm 'fro' dims [0, 1]", inputs: () => [k.make([3, 4])], fn: (x) => x.norm('fro', [0, 1]) },
      {
        name: 'norm dtype float64 of float64',
        inputs: () => [k.make([3, 4])],
        fn: (x) => x.norm(2, 1, false, float64),
      },
      ...k.layouts('norm', (x) => x.norm()),
      ...k.layouts('norm p=1', (x) => x.norm(1)),
      ...k.layouts('norm p=3 dim=1', (x) => x.norm(3, 1), { scalar: false }),
      ...k.layouts('norm p=1.5 dim=0 keepdim', (x) => x.norm(1.5, 0, true), { scalar: false }),
      ...k.layouts('norm p=0.5', (x) => x.norm(0.5), { lo: 0.5, hi: 2 }),
      ...k.layouts('norm p=-1 dim=1', (x) => x.norm(-1, 1), { lo: 0.5, hi: 2, scalar: false }),
      ...k.layouts('norm p=inf', (x) => x.norm(Infinity)),
      ...k.layouts('norm p=-inf dim=1', (x) => x.norm(-Infinity, 1), { scalar: false }),
      { name: 'norm p=0', inputs: () => [k.make([3, 4])], fn: (x) => x.norm(0) },
    ],
  },
);

// ---------------------------------------------------------------- scans and softmax
type Scan = (self: T, dim: number, opts?: DTypeOpt) => T;
const SCAN = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, *, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname dim, *, ScalarType? dtype=None)`,
  ] as const;
export const cumsum = op(SCAN('cumsum'), S.cumsumImpl as Scan, {
  samples: (k): OpSample[] => [
    ...k.layouts('cumsum dim=-1', (x) => x.cumsum(-1)),
    ...k.layouts('cumsum dim=0', (x) => x.cumsum(0), { scalar: false }),
  ],
});
export const cumprod = op(SCAN('cumprod'), S.cumprodImpl as Scan, {
  samples: (k): OpSample[] => [
    ...k.layouts('cumprod dim=-1', (x) => x.cumprod(-1), { lo: 0.5, hi: 1.5 }),
    ...k.layouts('cumprod dim=0', (x) => x.cumprod(0), { lo: -1.5, hi: -0.5, scalar: false }),
    {
      name: 'cumprod with zeros',
      inputs: () => [
        k.values([
          [0, 2, 3, 0.5],
          [4, 0, 0, 2],
          [1, 2, 0.5, 0],
        ]),
      ],
      fn: (x) => x.cumprod(1),
    },
  ],
});
type Softmax = (self: T, dim: number, dtype?: DType | string | null) => T;
const SOFTMAX = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname dim, *, ScalarType? dtype=None)`,
  ] as const;
export const softmax = op(SOFTMAX('softmax'), SM.softmaxImpl as Softmax, {
  samples: (k): OpSample[] => [
    ...k.layouts('softmax dim=-1', (x) => x.softmax(-1)),
    ...k.layouts('softmax dim=0', (x) => x.softmax(0), { scalar: false }),
  ],
});
export const log_softmax = op(SOFTMAX('log_softmax'), SM.log_softmaxImpl as Softmax, {
  samples: (k): OpSample[] => [
    ...k.layouts('log_softmax dim=-1', (x) => x.log_softmax(-1)),
    ...k.layouts('log_softmax dim=0', (x) => x.log_softmax(0), { scalar: false }),
  ],
});

// ---------------------------------------------------------------- ordering
type Sort = (self: T, dim?: number, descending?: boolean, opts?: { stable?: boolean | null } & Kwargs) => ValuesIndices;
export const sort = op(
  [
    'sort(Tensor self, int dim=-1, bool descending=False)',
    'sort(Tensor self, *, bool? stable, int dim=-1, bool descending=False)',
  ],
  SO.sortImpl as Sort,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('sort dim=-1 values', (x) => x.sort(-1).values),
      ...k.layouts('sort dim=0 descending values', (x) => x.sort(0, true).values),
    ],
  },
);
export const argsort = op(
  [
    'argsort(Tensor self, *, bool stable, int dim=-1, bool descending=False)',
    'argsort(Tensor self, int dim=-1, bool descending=False)',
    'argsort(Tensor self, Dimname dim, bool descending=False)',
  ],
  SO.argsortImpl as (self: T, dim?: number, descending?: boolean, opts?: Kwargs) => T,
);
export const msort = op('msort(Tensor self)', SO.msortImpl, {
  samples: (k, f): OpSample[] => [...k.layouts('msort', (x) => f(x), { scalar: false })],
});
export const topk = op(
  'topk(Tensor self, int k, int dim=-1, bool largest=True, bool sorted=True)',
  SO.topkImpl as (self: T, k: number, dim?: number, largest?: boolean, sorted?: boolean) => ValuesIndices,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('topk k=2 values', (x) => x.topk(2).values, { scalar: false }),
      ...k.layouts('topk k=2 dim=0 smallest values', (x) => x.topk(2, 0, false).values, { scalar: false }),
    ],
  },
);
export const kthvalue = op(
  [
    'kthvalue(Tensor self, int k, int dim=-1, bool keepdim=False)',
    'kthvalue(Tensor self, int k, Dimname dim, bool keepdim=False)',
  ],
  SO.kthvalueImpl as (self: T, k: number, dim?: number, keepdim?: boolean) => ValuesIndices,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('kthvalue k=2 values', (x) => x.kthvalue(2).values, { scalar: false }),
      ...k.layouts('kthvalue k=1 dim=0 keepdim values', (x) => x.kthvalue(1, 0, true).values),
    ],
  },
);
interface Median {
  (): T;
  (dim: number, keepdim?: boolean): ValuesIndices;
  (opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  (...args: unknown[]): T | ValuesIndices;
}
const MEDIAN = <N extends string>(name: N) =>
  [
    `${name}(Tensor self)`,
    `${name}(Tensor self, int dim, bool keepdim=False)`,
    `${name}(Tensor self, Dimname dim, bool keepdim=False)`,
  ] as const;
export const median = op(MEDIAN('median'), SO.medianImpl, {
  types: overloads<Median>(),
  samples: (k): OpSample[] => [
    ...k.layouts('median', (x) => x.median()),
    ...k.layouts('median dim=1 values', (x) => x.median(1).values, { scalar: false }),
  ],
});
export const nanmedian = op(MEDIAN('nanmedian'), SO.nanmedianImpl, {
  types: overloads<Median>(),
  samples: (k): OpSample[] => [...k.layouts('nanmedian dim=0 keepdim values', (x) => x.nanmedian(0, true).values)],
});
