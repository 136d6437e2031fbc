// The public reductions, scans, softmax and ordering ops: signatures (PyTorch 2's, which add
// `dim` lists to all/any and `correction` to var/std) and the implementations in src/ops/.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { op, overloads, type Kwargs } from '../ops/declare.js';
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

export const sum = op(DIMS_REDUCTION('sum'), R.sum as DimsReduction);
export const mean = op(DIMS_REDUCTION('mean'), R.mean as DimsReduction);
export const nansum = op(
  'nansum(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  R.nansum as DimsReduction,
);
export const nanmean = op(
  'nanmean(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  R.nanmean as DimsReduction,
);
export const prod = op(
  [
    'prod(Tensor self, *, ScalarType? dtype=None)',
    'prod(Tensor self, int dim, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  R.prod as (self: T, dim?: number | null, keepdim?: boolean, opts?: DTypeOpt) => T,
);
export const logsumexp = op(
  [
    'logsumexp(Tensor self, int[1] dim, bool keepdim=False)',
    'logsumexp(Tensor self, Dimname[1] dim, bool keepdim=False)',
  ],
  R.logsumexp as (self: T, dim: Dims, keepdim?: boolean) => T,
);
export const all = op(
  ['all(Tensor self, int[1]? dim=None, bool keepdim=False)', 'all(Tensor self, Dimname dim, bool keepdim=False)'],
  R.all as (self: T, dim?: Dims | null, keepdim?: boolean) => T,
);
export const any = op(
  ['any(Tensor self, int[1]? dim=None, bool keepdim=False)', 'any(Tensor self, Dimname dim, bool keepdim=False)'],
  R.any as (self: T, dim?: Dims | null, keepdim?: boolean) => T,
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
export const max = op(EXTREMUM('max'), MM.max, { types: overloads<Extremum>() });
export const min = op(EXTREMUM('min'), MM.min, { types: overloads<Extremum>() });
type Amax = (self: T, dim?: Dims, keepdim?: boolean) => T;
export const amax = op('amax(Tensor self, int[1] dim=[], bool keepdim=False)', MM.amax as Amax);
export const amin = op('amin(Tensor self, int[1] dim=[], bool keepdim=False)', MM.amin as Amax);
type Argmax = (self: T, dim?: number | null, keepdim?: boolean) => T;
export const argmax = op('argmax(Tensor self, int? dim=None, bool keepdim=False)', MM.argmax as Argmax);
export const argmin = op('argmin(Tensor self, int? dim=None, bool keepdim=False)', MM.argmin as Argmax);

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
const var_ = op(MOMENT('var'), MO.var_, { types: overloads<Moment<T>>() });
export { var_ as var };
export const std = op(MOMENT('std'), MO.std, { types: overloads<Moment<T>>() });
export const var_mean = op(MOMENT('var_mean'), MO.var_mean, {
  method: false,
  types: overloads<Moment<[T, T]>>(),
});
export const std_mean = op(MOMENT('std_mean'), MO.std_mean, {
  method: false,
  types: overloads<Moment<[T, T]>>(),
});
/** torch.norm is a Python function in PyTorch; p is a number, 'fro', 'nuc' or None. */
export const norm = op(
  "norm(Tensor self, Scalar|str? p='fro', int[1]? dim=None, bool keepdim=False, ScalarType? dtype=None)",
  N.norm as (self: T, p?: number | string | null, dim?: Dims | null, keepdim?: boolean, dtype?: DType | null) => T,
);

// ---------------------------------------------------------------- scans and softmax
type Scan = (self: T, dim: number, opts?: DTypeOpt) => T;
const SCAN = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, *, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname dim, *, ScalarType? dtype=None)`,
  ] as const;
export const cumsum = op(SCAN('cumsum'), S.cumsum as Scan);
export const cumprod = op(SCAN('cumprod'), S.cumprod as Scan);
type Softmax = (self: T, dim: number, dtype?: DType | string | null) => T;
const SOFTMAX = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname dim, *, ScalarType? dtype=None)`,
  ] as const;
export const softmax = op(SOFTMAX('softmax'), SM.softmax as Softmax);
export const log_softmax = op(SOFTMAX('log_softmax'), SM.log_softmax as Softmax);

// ---------------------------------------------------------------- ordering
type Sort = (self: T, dim?: number, descending?: boolean, opts?: { stable?: boolean | null } & Kwargs) => ValuesIndices;
export const sort = op(
  [
    'sort(Tensor self, int dim=-1, bool descending=False)',
    'sort(Tensor self, *, bool? stable, int dim=-1, bool descending=False)',
  ],
  SO.sort as Sort,
);
export const argsort = op(
  [
    'argsort(Tensor self, *, bool stable, int dim=-1, bool descending=False)',
    'argsort(Tensor self, int dim=-1, bool descending=False)',
    'argsort(Tensor self, Dimname dim, bool descending=False)',
  ],
  SO.argsort as (self: T, dim?: number, descending?: boolean, opts?: Kwargs) => T,
);
export const msort = op('msort(Tensor self)', SO.msort);
export const topk = op(
  'topk(Tensor self, int k, int dim=-1, bool largest=True, bool sorted=True)',
  SO.topk as (self: T, k: number, dim?: number, largest?: boolean, sorted?: boolean) => ValuesIndices,
);
export const kthvalue = op(
  [
    'kthvalue(Tensor self, int k, int dim=-1, bool keepdim=False)',
    'kthvalue(Tensor self, int k, Dimname dim, bool keepdim=False)',
  ],
  SO.kthvalue as (self: T, k: number, dim?: number, keepdim?: boolean) => ValuesIndices,
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
export const median = op(MEDIAN('median'), SO.median, { types: overloads<Median>() });
export const nanmedian = op(MEDIAN('nanmedian'), SO.nanmedian, { types: overloads<Median>() });
