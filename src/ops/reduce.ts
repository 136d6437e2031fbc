// Reductions. Each takes PyTorch's (dim, keepdim) arguments, positionally or as an options object.

import { bool, int64, type DType } from '../tensor/dtype.js';
import { isExpandableTo, normalizeDim } from '../tensor/shape.js';
import type { Dims, Tensor } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { apply, defineOp } from './op.js';

export interface ReduceOpts {
  dim?: Dims | null;
  keepdim?: boolean;
  dtype?: DType;
}

/** Accepts (dim?, keepdim?, opts?) or (opts). */
export function reduceArgs(args: readonly unknown[]): ReduceOpts {
  const [a, b, c] = args;
  if (a !== null && typeof a === 'object' && !Array.isArray(a)) return a as ReduceOpts;
  const opts = (c ?? {}) as ReduceOpts;
  return { ...opts, dim: (a as Dims | null | undefined) ?? null, keepdim: (b as boolean | undefined) ?? false };
}

/** Normalized, sorted, de-duplicated dims; null or [] means all dims. */
export function reduceDims(x: Tensor, dim: Dims | null | undefined): number[] {
  const nd = x.dim();
  if (dim === null || dim === undefined) return [...Array(nd).keys()];
  const list = typeof dim === 'number' ? [dim] : [...dim];
  if (list.length === 0) return [...Array(nd).keys()];
  const out = list.map((d) => normalizeDim(d, nd));
  if (new Set(out).size !== out.length) {
    throw new RangeError(`dim ${out.find((d, i) => out.indexOf(d) !== i)} appears multiple times in the list of dims`);
  }
  return out.filter((d) => d < Math.max(nd, 1) && nd > 0).sort((p, q) => p - q);
}

/** Re-inserts reduced dims (size 1) into a gradient so it broadcasts against the input. */
export function unsqueezeReduced(g: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return g;
  let out = g;
  for (const d of dims) out = out.unsqueeze(d);
  return out;
}

interface DimArgs {
  dims: number[];
  keepdim: boolean;
  dtype: DType;
}

/** Integral and bool inputs sum to int64, as in PyTorch. */
function sumDType(x: Tensor, requested?: DType): DType {
  if (requested) return requested;
  return x.dtype.is_floating_point ? x.dtype : int64;
}

const SUM = defineOp<DimArgs>({
  node: 'SumBackward0',
  forward: ([x], { dims, keepdim, dtype }) => K.reduce('sum', x, dims, keepdim, dtype),
  backward: (g, _s, { meta }) => [g.expand(meta[0].shape)],
});

const SUM_DIM = defineOp<DimArgs>({
  node: 'SumBackward1',
  forward: SUM.forward,
  backward: (g, _s, { args, meta }) => [unsqueezeReduced(g, args.dims, args.keepdim).expand(meta[0].shape)],
});

export function sum(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  const dtype = sumDType(x, o.dtype);
  if (o.dim === null || o.dim === undefined)
    return apply(SUM, [x], { dims: reduceDims(x, null), keepdim: false, dtype });
  return apply(SUM_DIM, [x], { dims: reduceDims(x, o.dim), keepdim: o.keepdim ?? false, dtype });
}

function meanDType(x: Tensor, requested?: DType): DType {
  const d = requested ?? x.dtype;
  if (!d.is_floating_point) {
    const name = d === bool ? 'Bool' : d === int64 ? 'Long' : 'Int';
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${name}`,
    );
  }
  return d;
}

function countOf(shape: readonly number[], dims: readonly number[]): number {
  return dims.reduce((n, d) => n * shape[d], 1);
}

const MEAN = defineOp<DimArgs>({
  node: 'MeanBackward0',
  forward: ([x], { dims, keepdim, dtype }) => K.reduce('mean', x, dims, keepdim, dtype),
  backward: (g, _s, { meta }) => [
    g.expand(meta[0].shape).div(
      countOf(
        meta[0].shape,
        meta[0].shape.map((_, i) => i),
      ),
    ),
  ],
});

const MEAN_DIM = defineOp<DimArgs>({
  node: 'MeanBackward1',
  forward: MEAN.forward,
  backward: (g, _s, { args, meta }) => [
    unsqueezeReduced(g, args.dims, args.keepdim).expand(meta[0].shape).div(countOf(meta[0].shape, args.dims)),
  ],
});

export function mean(x: Tensor, ...args: unknown[]): Tensor {
  const o = reduceArgs(args);
  const dtype = meanDType(x, o.dtype);
  if (o.dim === null || o.dim === undefined)
    return apply(MEAN, [x], { dims: reduceDims(x, null), keepdim: false, dtype });
  return apply(MEAN_DIM, [x], { dims: reduceDims(x, o.dim), keepdim: o.keepdim ?? false, dtype });
}

/** Sums leading and size-1-target dims so the result has `shape` (the inverse of expand). */
export function sum_to_size(x: Tensor, ...args: unknown[]): Tensor {
  const shape = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as number[];
  if (!isExpandableTo(shape, x._shape)) {
    throw new RangeError(`size {[${shape.join(', ')}]} is not expandable to size {[${x.shape.join(', ')}]}.`);
  }
  const lead = x.dim() - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < x.dim(); d++) {
    if (d < lead || (shape[d - lead] === 1 && x._shape[d] !== 1)) dims.push(d);
  }
  let out = x;
  if (dims.length > 0) out = sum(x, dims, true);
  if (lead > 0) out = out.view(shape);
  return out;
}
