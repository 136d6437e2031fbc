// Reductions: sum, mean, prod, nansum, nanmean, logsumexp, all, any, count_nonzero (the argument
// handling the whole family shares is in reduce_args.ts, re-exported here). Each op takes
// PyTorch's (dim, keepdim) positionally or as an options object `{ dim, keepdim, dtype }`.
// Backward formulas follow tools/autograd/derivatives.yaml (PyTorch 1.13).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods; op(), fn(), method(), src/ops/declare.ts), each right after its implementation:
// its PyTorch signature and gradcheck samples beside the forward, the autograd node (backward
// formula, saved tensors, JVP and batching rule) and any composite it is built from.

import { bool, int64, type DType } from '../tensor/dtype.js';
import { isExpandableTo, numel } from '../tensor/shape.js';
import { Tensor, type Dims } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef, type BackwardContext, type GradList, type Saved } from '../autograd/op.js';
import type { JvpRule } from '../autograd/forward.js';
import { catImpl } from './indexing.js';
import { cumprodImpl, flip } from './scan.js';
import { whereImpl } from './pointwise.js';
import { op, type OpSample, method, overloads } from './declare.js';

export {
  type ReduceOpts,
  isOptions,
  splitOptions,
  reduceArgs,
  allDims,
  reduceDims,
  singleDim,
  keepdimWithoutDim,
  unsqueezeReduced,
  countOf,
  reducedShape,
  reshaped,
  hasZero,
} from './reduce_args.js';
import {
  reduceArgs,
  allDims,
  reduceDims,
  singleDim,
  keepdimWithoutDim,
  unsqueezeReduced,
  countOf,
  reshaped,
  hasZero,
} from './reduce_args.js';

/**
 * The JVP of a reduction whose backward is the output gradient (broadcast back) times a
 * per-element derivative D, as for norms, amax, prod, logsumexp, var and std: the sum of D · t
 * over the reduced dims. D is the backward formula at a gradient of ones.
 */
export function reductionJvp<A extends { dims: readonly number[]; keepdim: boolean }>(
  def: () => { backward: (grad: Tensor, saved: Saved, ctx: BackwardContext<A>) => GradList },
): Extract<JvpRule<A>, (...args: never[]) => unknown> {
  return (tangents, s, ctx) => {
    const d = def().backward(K.full(s.result._shape, 1, s.result.dtype), s, ctx)[0];
    if (d === null || d === undefined) return K.full(s.result._shape, 0, s.result.dtype);
    const dt = d.mul(tangents[0]!);
    return ctx.args.dims.length === 0 ? dt : dt.sum([...ctx.args.dims], ctx.args.keepdim);
  };
}

interface DimArgs {
  dims: number[];
  keepdim: boolean;
  dtype: DType;
}

// ---------------------------------------------------------------- sum, mean

/** Integral and bool inputs sum to int64, as in PyTorch. */
function sumDType(x: Tensor, requested?: DType): DType {
  if (requested) return requested;
  return x.dtype.is_floating_point ? x.dtype : int64;
}

const SUM = defineOp<DimArgs>({
  node: 'SumBackward0',
  batch: ([x], _b, args): Tensor => apply(SUM_DIM, [x], { ...args, dims: args.dims.map((d) => d + 1) }),
  jvp: 'linear',
  forward: ([x], { dims, keepdim, dtype }) => K.reduce('sum', x, dims, keepdim, dtype),
  backward: (g, _s, { meta }) => [g.expand(meta[0].shape)],
});

const SUM_DIM = defineOp<DimArgs>({
  node: 'SumBackward1',
  batch: ([x], _b, args): Tensor => apply(SUM_DIM, [x], { ...args, dims: args.dims.map((d) => d + 1) }),
  jvp: 'linear',
  forward: SUM.forward,
  backward: (g, _s, { args, meta }) => [unsqueezeReduced(g, args.dims, args.keepdim).expand(meta[0].shape)],
});

export function sumImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  const dtype = sumDType(x, o.dtype);
  // A bool sum is the input cast to bool, accumulated in bool (true once any element is).
  if (dtype === bool) return sumImpl(x.ne(0), o.dim, o.keepdim).ne(0);
  if (o.dim === null && !o.keepdim) return apply(SUM, [x], { dims: allDims(x), keepdim: false, dtype });
  return apply(SUM_DIM, [x], { dims: reduceDims(x, o.dim), keepdim: o.keepdim, dtype });
}

const DIMS_REDUCTION = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, *, ScalarType? dtype=None)`,
    `${name}(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname[1] dim, bool keepdim=False, *, ScalarType? dtype=None)`,
  ] as const;

type T = Tensor;
type DTypeOpt = { dtype?: DType | string | null };
type DimsReduction = (self: T, dim?: Dims | null, keepdim?: boolean, opts?: DTypeOpt) => T;

export const sum = op(DIMS_REDUCTION('sum'), sumImpl as DimsReduction, {
  samples: (k): OpSample[] => [
    ...k.layouts('sum', (x) => x.sum()),
    ...k.layouts('sum dim=1 keepdim', (x) => x.sum(1, true), { scalar: false }),
    { name: 'sum dims [0, 2] of [2, 3, 4]', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.sum([0, 2]) },
  ],
});

function meanDType(x: Tensor, requested?: DType): DType {
  const d = requested ?? x.dtype;
  if (!d.is_floating_point) {
    throw new Error(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${d.scalarType}`,
    );
  }
  return d;
}

const MEAN = defineOp<DimArgs>({
  node: 'MeanBackward0',
  batch: ([x], _b, args): Tensor => apply(MEAN_DIM, [x], { ...args, dims: args.dims.map((d) => d + 1) }),
  jvp: 'linear',
  forward: ([x], { dims, keepdim, dtype }) => K.reduce('mean', x, dims, keepdim, dtype),
  backward: (g, _s, { meta }) => [g.expand(meta[0].shape).div(numel(meta[0].shape))],
});

const MEAN_DIM = defineOp<DimArgs>({
  node: 'MeanBackward1',
  batch: ([x], _b, args): Tensor => apply(MEAN_DIM, [x], { ...args, dims: args.dims.map((d) => d + 1) }),
  jvp: 'linear',
  forward: MEAN.forward,
  backward: (g, _s, { args, meta }) => [
    unsqueezeReduced(g, args.dims, args.keepdim).expand(meta[0].shape).div(countOf(meta[0].shape, args.dims)),
  ],
});

export function meanImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  const dtype = meanDType(x, o.dtype);
  if (o.dim === null && !o.keepdim) return apply(MEAN, [x], { dims: allDims(x), keepdim: false, dtype });
  return apply(MEAN_DIM, [x], { dims: reduceDims(x, o.dim), keepdim: o.keepdim, dtype });
}

export const mean = op(DIMS_REDUCTION('mean'), meanImpl as DimsReduction, {
  samples: (k): OpSample[] => [
    ...k.layouts('mean', (x) => x.mean()),
    ...k.layouts('mean dim=-1', (x) => x.mean(-1), { scalar: false }),
  ],
});

// ---------------------------------------------------------------- nansum, nanmean

const NANSUM: OpDef<DimArgs> = defineOp<DimArgs>({
  jvp: reductionJvp(() => NANSUM),
  node: 'NansumBackward0',
  batch: ([x], _b, a): Tensor => apply(NANSUM, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  saves: ['self'],
  forward: ([x], { dims, keepdim, dtype }) => {
    const input = K.cast(x, dtype);
    const zero = K.full([], 0, dtype);
    return K.reduce('sum', K.where(K.unary('isnan', input), zero, input, dtype), dims, keepdim, dtype);
  },
  backward: (g, s, { args }) => [whereImpl(s.self.isnan(), 0, unsqueezeReduced(g, args.dims, args.keepdim))],
});

export function nansumImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  return apply(NANSUM, [x], { dims: reduceDims(x, o.dim), keepdim: o.keepdim, dtype: sumDType(x, o.dtype) });
}

export const nansum = op(
  'nansum(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  nansumImpl as DimsReduction,
  { samples: (k): OpSample[] => [...k.layouts('nansum dim=0', (x) => x.nansum(0))] },
);

/** nansum over the count of non-NaN elements; a composite, as in PyTorch (grad_fn DivBackward0). */
export function nanmeanImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  const d = o.dtype ?? x.dtype;
  if (!x.dtype.is_floating_point) {
    throw new Error(`nanmean(): expected input to have floating point dtype but got ${x.dtype.scalarType}`);
  }
  const kept = x.isnan().logical_not();
  return nansumImpl(x, o.dim, o.keepdim, { dtype: d }).div(sumImpl(kept, o.dim, o.keepdim));
}

export const nanmean = op(
  'nanmean(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  nanmeanImpl as DimsReduction,
  { samples: (k): OpSample[] => [...k.layouts('nanmean', (x) => x.nanmean())] },
);

// ---------------------------------------------------------------- prod

// prod_backward (FunctionsManual.cpp): grad * result / input when no element is zero; otherwise the
// product of the others, as exclusive cumulative products from both ends:
//   input                [    a,     b,     c]
//   exclusive, forward   [    1,     a, a * b]
//   exclusive, reverse   [b * c,     c,     1]
//   product              [b * c, a * c, a * b]
function prodSafeZerosBackward(g: Tensor, input: Tensor, dim: number): Tensor {
  if (input.numel() === 0) return g.expand(input.shape);
  const n = input._shape[dim];
  if (n === 1) return g;
  const onesShape = [...input._shape];
  onesShape[dim] = 1;
  const ones = K.full(onesShape, 1, input.dtype);
  const forward = cumprodImpl(catImpl([ones, input.narrow(dim, 0, n - 1)], dim), dim);
  const reverse = flip(cumprodImpl(catImpl([ones, flip(input.narrow(dim, 1, n - 1), [dim])], dim), dim), [dim]);
  return g.mul(forward.mul(reverse));
}

const PROD: OpDef<DimArgs> = defineOp<DimArgs>({
  jvp: reductionJvp(() => PROD),
  node: 'ProdBackward0',
  batch: ([x], _b, a): Tensor => apply(PROD, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  saves: ['self', 'result'],
  forward: ([x], { dims, dtype }) => K.reduce('prod', x, dims, false, dtype),
  backward: (g, s) => {
    const input = s.self.to(g.dtype);
    if (input.dim() === 0) return [g];
    if (!hasZero(input)) return [g.mul(s.result.div(input))];
    return [prodSafeZerosBackward(g, input.reshape(-1), 0).view(input.shape)];
  },
});

const PROD_DIM: OpDef<DimArgs> = defineOp<DimArgs>({
  jvp: reductionJvp(() => PROD_DIM),
  node: 'ProdBackward1',
  batch: ([x], _b, a): Tensor => apply(PROD_DIM, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  saves: ['self', 'result'],
  forward: ([x], { dims, keepdim, dtype }) => K.reduce('prod', x, dims, keepdim, dtype),
  backward: (g, s, { args }) => {
    const input = s.self.to(g.dtype);
    if (input.dim() === 0) return [g];
    const gk = unsqueezeReduced(g, args.dims, args.keepdim);
    if (!hasZero(input)) return [gk.mul(unsqueezeReduced(s.result, args.dims, args.keepdim).div(input))];
    return [prodSafeZerosBackward(gk, input, args.dims[0])];
  },
});

/** prod(dim?, keepdim?, { dtype }): one dim at most; integral inputs multiply in int64. */
export function prodImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  const dtype = sumDType(x, o.dtype);
  if (o.dim === null) {
    if (o.keepdim) throw keepdimWithoutDim('prod');
    return apply(PROD, [x], { dims: allDims(x), keepdim: false, dtype });
  }
  const d = singleDim('prod', x, o.dim);
  return apply(PROD_DIM, [x], { dims: x.dim() === 0 ? [] : [d], keepdim: o.keepdim, dtype });
}

export const prod = op(
  [
    'prod(Tensor self, *, ScalarType? dtype=None)',
    'prod(Tensor self, int dim, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  prodImpl as (self: T, dim?: number | null, keepdim?: boolean, opts?: DTypeOpt) => T,
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

// ---------------------------------------------------------------- logsumexp

const LOGSUMEXP: OpDef<DimArgs> = defineOp<DimArgs>({
  jvp: reductionJvp(() => LOGSUMEXP),
  node: 'LogsumexpBackward0',
  batch: ([x], _b, a): Tensor => apply(LOGSUMEXP, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  saves: ['self', 'result'],
  forward: ([x], { dims, keepdim, dtype }) => {
    const input = K.cast(x, dtype);
    if (input.numel() === 0) return K.unary('log', K.reduce('sum', K.unary('exp', input), dims, keepdim, dtype));
    // Shift by the maximum for stability; an infinite maximum shifts by 0 instead, so that
    // inf - inf never appears (ATen's logsumexp_out_impl).
    const max = K.reduce('max', input, dims, true, dtype);
    const shift = K.where(K.unary('isinf', max), K.full([], 0, dtype), max, dtype);
    const total = K.reduce('sum', K.unary('exp', K.binary('sub', input, shift, dtype)), dims, keepdim, dtype);
    return K.binary('add', K.unary('log', total), reshaped(shift, total.shape), dtype);
  },
  backward: (g, s, { args }) => {
    const gk = unsqueezeReduced(g, args.dims, args.keepdim);
    const rk = unsqueezeReduced(s.result, args.dims, args.keepdim);
    return [gk.mul(s.self.sub(rk).exp())];
  },
});

export function logsumexpImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  if (o.dim === null) {
    throw new TypeError('logsumexp() received an invalid combination of arguments - got (), but expected one of:');
  }
  const dtype = K.floatDType(x.dtype);
  return apply(LOGSUMEXP, [x], { dims: reduceDims(x, o.dim), keepdim: o.keepdim, dtype });
}

export const logsumexp = op(
  [
    'logsumexp(Tensor self, int[1] dim, bool keepdim=False)',
    'logsumexp(Tensor self, Dimname[1] dim, bool keepdim=False)',
  ],
  logsumexpImpl as (self: T, dim: Dims, keepdim?: boolean) => T,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('logsumexp dim=-1', (x) => x.logsumexp(-1)),
      ...k.layouts('logsumexp dims [0, 1] keepdim', (x) => x.logsumexp([0, 1], true), { scalar: false }),
    ],
  },
);

// ---------------------------------------------------------------- all, any (never recorded)

export function allImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  return K.reduce('all', x, reduceDims(x, o.dim), o.keepdim, bool);
}

export const all = op(
  ['all(Tensor self, int[1]? dim=None, bool keepdim=False)', 'all(Tensor self, Dimname dim, bool keepdim=False)'],
  allImpl as (self: T, dim?: Dims | null, keepdim?: boolean) => T,
);

export function anyImpl(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  return K.reduce('any', x, reduceDims(x, o.dim), o.keepdim, bool);
}

export const any = op(
  ['any(Tensor self, int[1]? dim=None, bool keepdim=False)', 'any(Tensor self, Dimname dim, bool keepdim=False)'],
  anyImpl as (self: T, dim?: Dims | null, keepdim?: boolean) => T,
);

// ---------------------------------------------------------------- sum_to_size

/** Sums leading and size-1-target dims so the result has `shape` (the inverse of expand). */
export function sum_to_sizeImpl(x: Tensor, ...args: unknown[]): Tensor {
  const shape = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as number[];
  if (!isExpandableTo(shape, x._shape)) {
    throw new RangeError(`size {[${shape.join(', ')}]} is not expandable to size {[${x.shape.join(', ')}]}.`);
  }
  // ATen's sum_to: an empty target shape is a full sum (so an integer 0-d tensor becomes int64).
  if (shape.length === 0) return sumImpl(x);
  const lead = x.dim() - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < x.dim(); d++) {
    if (d < lead || (shape[d - lead] === 1 && x._shape[d] !== 1)) dims.push(d);
  }
  let out = x;
  if (dims.length > 0) out = sumImpl(x, dims, true);
  if (lead > 0) out = out.view(shape);
  return out;
}

type Sizes = readonly number[];
interface SizesFn {
  (...sizes: number[]): Tensor;
  (sizes: Sizes): Tensor;
}
export const sum_to_size = method(
  'sum_to_size(Tensor self, SymInt[] size)',
  (self: Tensor, size: Sizes): Tensor => sum_to_sizeImpl(self, size),
  { types: overloads<SizesFn>() },
);

/** torch.count_nonzero: the number of nonzero elements over dim (all dims when None), as int64. */
export function count_nonzeroImpl(x: Tensor, dim?: Dims | null): Tensor {
  const dims = reduceDims(x, dim);
  const nonzero = x.ne(0);
  return dims.length === 0 ? nonzero.sum() : nonzero.sum(dims);
}

export const count_nonzero = op(
  ['count_nonzero(Tensor self, int[] dim)', 'count_nonzero(Tensor self, int? dim=None)'],
  count_nonzeroImpl,
);
