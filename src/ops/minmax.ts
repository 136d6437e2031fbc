// Extrema: max/min (over everything, or along a dim with indices), amax/amin (over dims, ties share
// the gradient), argmax/argmin. Backward formulas follow tools/autograd/derivatives.yaml (1.13).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { bool, int32, int64 } from '../tensor/dtype.js';
import { arange } from '../tensor/creation.js';
import { normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef, type Saved } from '../autograd/op.js';
import { makeBatched, onPhysical } from '../autograd/batching.js';
import { maximumImpl, minimumImpl, whereImpl } from './pointwise.js';
import {
  allDims,
  keepdimWithoutDim,
  reduceArgs,
  reduceDims,
  reductionJvp,
  singleDim,
  sumImpl,
  unsqueezeReduced,
} from './reduce.js';
import { op, overloads, type OpSample } from './declare.js';

/**
 * What max(dim) / min(dim) return: PyTorch's named tuple. It destructures like one
 * (`const [values, indices] = x.max(0)`) and has `.values` and `.indices`.
 */
export class ValuesIndices implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    private readonly op: string,
    readonly values: Tensor,
    readonly indices: Tensor,
  ) {
    this[0] = values;
    this[1] = indices;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.values;
    yield this.indices;
  }

  toString(): string {
    return `torch.return_types.${this.op}(\nvalues=${String(this.values)},\nindices=${String(this.indices)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

type Extremum = 'max' | 'min';

/**
 * @internal Batching rule of the ops that return (values, indices) (max(dim), sort, topk, ...):
 * the op on x's physical value, along dim + 1, both results batched at x's level.
 */
export function batchedSelection(op: string, x: Tensor, f: (physical: Tensor) => ValuesIndices): ValuesIndices {
  const { level, value } = x._bt!;
  const r = f(value);
  return new ValuesIndices(op, makeBatched(r.values, level), makeBatched(r.indices, level));
}

/** The tangent at the selected positions (the JVP of max(dim), sort, topk, kthvalue, median(dim)). */
export function selectedTangent(t: Tensor, dim: number, keepdim: boolean, indices: Tensor): Tensor {
  if (t.dim() === 0) return t.reshape(indices.shape);
  const picked = t.gather(dim, keepdim ? indices : indices.unsqueeze(dim));
  return keepdim ? picked : picked.squeeze(dim);
}

// ---------------------------------------------------------------- max(), min()

// evenly_distribute_backward: ties (or NaNs, when the result is NaN) share the gradient.
export function evenlyDistribute(g: Tensor, input: Tensor, result: Tensor): Tensor {
  const mask = Number.isNaN(result.item()) ? input.isnan() : input.eq(result);
  return whereImpl(mask, g.div(mask.sum()), 0);
}

/** JVP of evenly_distribute_backward's ops: the mean tangent over the ties (NaNs when the result is NaN). */
export function evenlyDistributedTangent(tangents: readonly (Tensor | null)[], s: Saved): Tensor {
  const mask = s.self.eq(s.result).logical_or(s.self.isnan().logical_and(s.result.isnan()));
  return whereImpl(mask, tangents[0]!, 0).sum().div(mask.sum());
}

function extremumAll(kind: Extremum, node: string) {
  return defineOp({
    node,
    // Under vmap: amax/amin over each example (their gradient shares ties as this one does).
    batch: ([x]) => apply(kind === 'max' ? AMAX : AMIN, [x], { dims: allDims(x).slice(1), keepdim: false }),
    jvp: evenlyDistributedTangent,
    saves: ['self', 'result'],
    forward: ([x]) => K.reduce(kind, x, allDims(x), false, x.dtype),
    backward: (g, s) => [evenlyDistribute(g, s.self, s.result)],
  });
}
const MAX_ALL = extremumAll('max', 'MaxBackward1');
const MIN_ALL = extremumAll('min', 'MinBackward1');

// ---------------------------------------------------------------- max(dim), min(dim)

interface SelectArgs {
  dim: number;
  keepdim: boolean;
  /** The argmax/argmin along dim, computed with the values; the gradient flows to them. */
  indices: Tensor;
}

// value_selecting_reduction_backward: the gradient goes to the selected positions, zeros elsewhere.
// A one-hot mask built from the indices keeps it a plain `where`, differentiable in the gradient.
function selectedBackward(g: Tensor, { dim, keepdim, indices }: SelectArgs, shape: readonly number[]): Tensor {
  if (shape.length === 0) return g;
  const positionShape = shape.map((s, d) => (d === dim ? s : 1));
  const positions = arange(shape[dim], { dtype: int64 }).view(positionShape);
  const hit = positions.eq(unsqueezeReduced(indices, [dim], keepdim));
  return whereImpl(hit, unsqueezeReduced(g, [dim], keepdim), 0);
}

function extremumDim(kind: Extremum, node: string) {
  return defineOp<SelectArgs>({
    node,
    forward: ([x], { dim, keepdim }) => K.reduce(kind, x, x.dim() === 0 ? [] : [dim], keepdim, x.dtype),
    jvp: ([t], _s, { args }) => selectedTangent(t!, args.dim, args.keepdim, args.indices),
    backward: (g, _s, { args, meta }) => [selectedBackward(g, args, meta[0].shape)],
  });
}
const MAX_DIM = extremumDim('max', 'MaxBackward0');
const MIN_DIM = extremumDim('min', 'MinBackward0');

function extremum(kind: Extremum, x: Tensor, args: unknown[]): Tensor | ValuesIndices {
  if (args[0] instanceof Tensor) return kind === 'max' ? maximumImpl(x, args[0]) : minimumImpl(x, args[0]);
  const o = reduceArgs(args);
  if (o.dim === null) {
    if (o.keepdim) throw keepdimWithoutDim(kind);
    if (x.numel() === 0) {
      throw new Error(
        `${kind}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    return apply(kind === 'max' ? MAX_ALL : MIN_ALL, [x], undefined);
  }
  const dim = singleDim(kind, x, o.dim);
  if (x.dim() > 0 && x._shape[dim] === 0) {
    throw new RangeError(`${kind}(): Expected reduction dim ${dim} to have non-zero size.`);
  }
  if (x._bt !== null && x.dim() > 0) {
    return batchedSelection(kind, x, (p) => extremum(kind, p, [dim + 1, o.keepdim]) as ValuesIndices);
  }
  const reduced = x.dim() === 0 ? [] : [dim];
  const indices = K.reduce(kind === 'max' ? 'argmax' : 'argmin', x, reduced, o.keepdim, x.dtype);
  const values = apply(kind === 'max' ? MAX_DIM : MIN_DIM, [x], { dim, keepdim: o.keepdim, indices });
  return new ValuesIndices(kind, values, indices);
}

/** max() → 0-d tensor; max(dim, keepdim?) → (values, indices); max(other) → maximum. */
export function maxImpl(x: Tensor): Tensor;
export function maxImpl(x: Tensor, other: Tensor): Tensor;
export function maxImpl(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function maxImpl(x: Tensor, opts: { dim: number; keepdim?: boolean }): ValuesIndices;
export function maxImpl(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices;
export function maxImpl(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extremum('max', x, args);
}

const EXTREMUM = <N extends string>(name: N) =>
  [
    `${name}(Tensor self)`,
    `${name}(Tensor self, Tensor other)`,
    `${name}(Tensor self, int dim, bool keepdim=False)`,
    `${name}(Tensor self, Dimname dim, bool keepdim=False)`,
  ] as const;

type T = Tensor;

interface ExtremumOverloads {
  (): T;
  (other: T): T;
  (dim: number, keepdim?: boolean): ValuesIndices;
  (opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  (...args: unknown[]): T | ValuesIndices;
}
export const max = op(EXTREMUM('max'), maxImpl, {
  types: overloads<ExtremumOverloads>(),
  samples: (k): OpSample[] => [
    ...k.layouts('max', (x) => x.max()),
    ...k.layouts('max dim=-1 values', (x) => x.max(-1).values),
  ],
});

/** min() → 0-d tensor; min(dim, keepdim?) → (values, indices); min(other) → minimum. */
export function minImpl(x: Tensor): Tensor;
export function minImpl(x: Tensor, other: Tensor): Tensor;
export function minImpl(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function minImpl(x: Tensor, opts: { dim: number; keepdim?: boolean }): ValuesIndices;
export function minImpl(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices;
export function minImpl(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extremum('min', x, args);
}

export const min = op(EXTREMUM('min'), minImpl, {
  types: overloads<ExtremumOverloads>(),
  samples: (k): OpSample[] => [
    ...k.layouts('min', (x) => x.min()),
    ...k.layouts('min dim=0 keepdim values', (x) => x.min(0, true).values),
  ],
});
/** torch.max / torch.min with each overload's result type (src/index.ts gives them this type). */
export interface ExtremumFn {
  (input: T): T;
  (input: T, other: T): T;
  (input: T, dim: number, keepdim?: boolean): ValuesIndices;
  (input: T, opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  (input: T, ...args: unknown[]): T | ValuesIndices;
}

// ---------------------------------------------------------------- amax, amin

interface DimsArgs {
  dims: number[];
  keepdim: boolean;
}

// scale_grad_by_count(restore_reduced_dims(grad), restore_reduced_dims(result) == self, dim):
// every element equal to the extremum gets an equal share.
function extremumDims(kind: Extremum, node: string): OpDef<DimsArgs> {
  const def: OpDef<DimsArgs> = defineOp<DimsArgs>({
    node,
    batch: ([x], _b, a): Tensor => apply(def, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
    jvp: reductionJvp(() => def),
    saves: ['self', 'result'],
    forward: ([x], { dims, keepdim }) => K.reduce(kind, x, dims, keepdim, x.dtype),
    backward: (g, s, { args }) => {
      const mask = unsqueezeReduced(s.result, args.dims, args.keepdim).eq(s.self);
      const share = unsqueezeReduced(g, args.dims, args.keepdim).div(sumImpl(mask, args.dims, true));
      return [share.mul(mask)];
    },
  });
  return def;
}
const AMAX = extremumDims('max', 'AmaxBackward0');
const AMIN = extremumDims('min', 'AminBackward0');

function extremumOverDims(kind: Extremum, x: Tensor, args: unknown[]): Tensor {
  const o = reduceArgs(args);
  const dims = reduceDims(x, o.dim);
  const name = kind === 'max' ? 'amax' : 'amin';
  if (x.numel() === 0) {
    const given = o.dim === null ? [] : typeof o.dim === 'number' ? [o.dim] : [...o.dim];
    if (given.length === 0) {
      throw new Error(
        `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    for (const d of given) {
      if (x._shape[normalizeDim(d, x.dim())] === 0) {
        throw new RangeError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
      }
    }
  }
  return apply(kind === 'max' ? AMAX : AMIN, [x], { dims, keepdim: o.keepdim });
}

export const amaxImpl = (x: Tensor, ...args: unknown[]): Tensor => extremumOverDims('max', x, args);

type Dims = number | readonly number[];
type Amax = (self: T, dim?: Dims, keepdim?: boolean) => T;
export const amax = op('amax(Tensor self, int[1] dim=[], bool keepdim=False)', amaxImpl as Amax, {
  samples: (k): OpSample[] => [
    ...k.layouts('amax dims [0, 1]', (x) => x.amax([0, 1]), { scalar: false }),
    ...k.layouts('amax dim=1', (x) => x.amax(1), { scalar: false }),
  ],
});
export const aminImpl = (x: Tensor, ...args: unknown[]): Tensor => extremumOverDims('min', x, args);

export const amin = op('amin(Tensor self, int[1] dim=[], bool keepdim=False)', aminImpl as Amax, {
  samples: (k): OpSample[] => [...k.layouts('amin dim=-1 keepdim', (x) => x.amin(-1, true), { scalar: false })],
});

// ---------------------------------------------------------------- argmax, argmin (never recorded)

function argExtremum(kind: 'argmax' | 'argmin', x: Tensor, args: unknown[]): Tensor {
  const o = reduceArgs(args);
  // No kernel for bool; but a reduction over a dim of size 1 needs none (every index is 0), and
  // PyTorch answers it without one.
  if (x.dtype === bool) {
    const d = typeof o.dim === 'number' ? normalizeDim(o.dim, x.dim()) : -1;
    if (d < 0 || (x.dim() === 0 ? 1 : x._shape[d]) !== 1) throw new Error(`"${kind}_cpu" not implemented for 'Bool'`);
    return argExtremum(kind, x.to(int32), args);
  }
  if (o.dim === null) {
    if (x.numel() === 0) {
      throw new RangeError(`${kind}(): Expected reduction dim to be specified for input.numel() == 0.`);
    }
    if (x._bt !== null) {
      // Each example flattened; keepdim keeps one size-1 dim per example dim.
      return onPhysical(x, (p) => {
        const r = argExtremum(kind, p.reshape([p._shape[0], -1]), [1, false]);
        return o.keepdim ? r.reshape([p._shape[0], ...x._shape.map(() => 1)]) : r;
      });
    }
    return K.reduce(kind, x, allDims(x), o.keepdim, x.dtype);
  }
  if (typeof o.dim !== 'number') {
    throw new TypeError(`${kind}(): argument 'dim' (position 1) must be int, not tuple`);
  }
  const dim = normalizeDim(o.dim, x.dim());
  if (x.dim() > 0 && x._shape[dim] === 0) {
    throw new RangeError(`${kind}(): Expected reduction dim ${dim} to have non-zero size.`);
  }
  if (x._bt !== null && x.dim() > 0) return onPhysical(x, (p) => argExtremum(kind, p, [dim + 1, o.keepdim]));
  return K.reduce(kind, x, x.dim() === 0 ? [] : [dim], o.keepdim, x.dtype);
}

export const argmaxImpl = (x: Tensor, ...args: unknown[]): Tensor => argExtremum('argmax', x, args);

type Argmax = (self: T, dim?: number | null, keepdim?: boolean) => T;
export const argmax = op('argmax(Tensor self, int? dim=None, bool keepdim=False)', argmaxImpl as Argmax);
export const argminImpl = (x: Tensor, ...args: unknown[]): Tensor => argExtremum('argmin', x, args);

export const argmin = op('argmin(Tensor self, int? dim=None, bool keepdim=False)', argminImpl as Argmax);
