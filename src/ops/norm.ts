// Vector norms: torch.norm / Tensor.norm with p = 2 (default), 1, inf, -inf, 0, any other real p, or
// 'fro'. The dispatch mirrors torch/functional.py (1.13); the backward is FunctionsManual.cpp's
// norm_backward.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { toDType, type DType, float64 } from '../tensor/dtype.js';
import { normalizeDim } from '../tensor/shape.js';
import type { Dims, Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import { whereImpl } from './pointwise.js';
import { allDims, countOf, reduceDims, reducedShape, reductionJvp, splitOptions, unsqueezeReduced } from './reduce.js';
import { op, type OpSample } from './declare.js';

export interface NormOpts {
  p?: number | string | null;
  dim?: Dims | null;
  keepdim?: boolean;
  dtype?: DType | string;
}

export interface NormArgs {
  p: number;
  dims: number[];
  keepdim: boolean;
}

export function normForward(x: Tensor, { p, dims, keepdim }: NormArgs): Tensor {
  const d = x.dtype;
  // Every norm of an empty slice is 0 (also for p < 0, where the formula would give inf).
  if (countOf(x.shape, dims) === 0) return K.full(reducedShape(x.shape, dims, keepdim), 0, d);
  if (p === 2) return K.unary('sqrt', K.reduce('sum', K.binary('mul', x, x, d), dims, keepdim, d));
  if (p === 0) return K.reduce('sum', K.binary('ne', x, K.full([], 0, d), d), dims, keepdim, d);
  const abs = K.unary('abs', x);
  if (p === 1) return K.reduce('sum', abs, dims, keepdim, d);
  if (p === Infinity) return K.reduce('max', abs, dims, keepdim, d);
  if (p === -Infinity) return K.reduce('min', abs, dims, keepdim, d);
  const total = K.reduce('sum', K.binary('pow', abs, K.full([], p, d), d), dims, keepdim, d);
  return K.binary('pow', total, K.full([], 1 / p, d), d);
}

// norm_backward: each p has its own formula; where the norm is 0 the gradient is taken as 0.
export function normBackward(
  grad: Tensor,
  self: Tensor,
  result: Tensor,
  { p, dims, keepdim }: NormArgs,
): Tensor | null {
  const g = self.dim() === 0 ? grad : unsqueezeReduced(grad, dims, keepdim);
  const norm = self.dim() === 0 ? result : unsqueezeReduced(result, dims, keepdim);
  if (p === 0) return null;
  if (p === 1) return self.sign().mul(g);
  if (p === 2) return g.mul(whereImpl(norm.eq(0), 0, self.div(norm)));
  if (p === Infinity || p === -Infinity) {
    // The gradient of amax(|self|) that respects NaN: ties and NaNs share it.
    const abs = self.abs();
    const mask = abs.eq(norm).logical_or(abs.isnan());
    return self.sign().mul(g.div(mask.sum(dims, true)).mul(mask));
  }
  if (p < 1) {
    const scaled = self.sign().mul(whereImpl(self.eq(0), 0, self.abs().pow(p - 1)));
    return scaled.mul(g).mul(norm.pow(1 - p));
  }
  const scaled = p < 2 ? self.sign().mul(self.abs().pow(p - 1)) : self.mul(self.abs().pow(p - 2));
  return scaled.mul(whereImpl(norm.eq(0), 0, g.div(norm.pow(p - 1))));
}

const NORM: OpDef<NormArgs> = defineOp<NormArgs>({
  node: 'NormBackward1',
  batch: ([x], _b, a) => apply(NORM, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  jvp: reductionJvp(() => NORM),
  saves: ['self', 'result'],
  forward: ([x], args) => normForward(x, args),
  backward: (g, s, { args }) => [normBackward(g, s.self, s.result, args)],
});

// norm(self, p, dim, keepdim, *, dtype): computes in dtype.
const NORM_DTYPE: OpDef<NormArgs & { dtype: DType }> = defineOp<NormArgs & { dtype: DType }>({
  node: 'NormBackward3',
  batch: ([x], _b, a) => apply(NORM_DTYPE, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  jvp: reductionJvp(() => NORM_DTYPE),
  saves: ['self', 'result'],
  forward: ([x], args) => normForward(K.cast(x, args.dtype), args),
  backward: (g, s, { args }) => [normBackward(g, s.self.to(g.dtype), s.result, args)],
});

function checkFloating(x: Tensor, dtype: DType | undefined): void {
  if (!x.dtype.is_floating_point) {
    throw new Error(
      `norm(): input dtype should be either floating point or complex. Got ${x.dtype.scalarType} instead.`,
    );
  }
  if (dtype && !dtype.is_floating_point) {
    throw new Error(
      `norm(): the desired output dtype should be either floating point or complex. Got ${dtype.scalarType} instead.`,
    );
  }
}

function pNorm(x: Tensor, p: number, dims: number[], keepdim: boolean, dtype?: DType): Tensor {
  checkFloating(x, dtype);
  if (dtype) return apply(NORM_DTYPE, [x], { p, dims, keepdim, dtype });
  return apply(NORM, [x], { p, dims, keepdim });
}

// frobenius_norm: over one dim (or all) it is the 2-norm; over two dims, sqrt(sum(x * x)).
function frobenius(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (dims.length > 2) {
    throw new Error(`Expected at most 2 dimensions, but got ${dims.length} dimensions instead.`);
  }
  if (dims.length < 2) return pNorm(x, 2, reduceDims(x, dims), keepdim);
  const [a, b] = dims.map((d) => normalizeDim(d, x.dim()));
  if (a === b) throw new Error(`Expected dims to be different, got [${dims.join(', ')}] instead`);
  checkFloating(x, undefined);
  return x
    .mul(x)
    .sum([...dims], keepdim)
    .sqrt();
}

/** norm(p = 'fro', dim?, keepdim?, dtype?) or norm({ p, dim, keepdim, dtype }). */
export function normImpl(x: Tensor, ...args: unknown[]): Tensor {
  const [pos, opts] = splitOptions<NormOpts>(args);
  const p = (pos[0] !== undefined ? pos[0] : opts.p !== undefined ? opts.p : 'fro') as number | string | null;
  const dim = (pos[1] as Dims | null | undefined) ?? opts.dim ?? null;
  const keepdim = (pos[2] as boolean | undefined) ?? opts.keepdim ?? false;
  const requested = (pos[3] as DType | string | undefined) ?? opts.dtype;
  const dtype = requested === undefined ? undefined : toDType(requested);
  if (dim === null && dtype === undefined && (p === 'fro' || typeof p === 'number')) {
    return pNorm(x, p === 'fro' ? 2 : p, allDims(x), keepdim);
  }
  const dims = dim === null ? null : typeof dim === 'number' ? [dim] : [...dim];
  if (typeof p === 'string') {
    if (p === 'fro') {
      if (dtype) throw new Error('dtype argument is not supported in frobenius norm');
      return frobenius(x, dims ?? allDims(x), keepdim);
    }
    if (p === 'nuc') throw new Error("norm(): p='nuc' (the nuclear norm) is not supported");
    throw new Error(`only valid string values are 'fro' and 'nuc', found ${p}`);
  }
  return pNorm(x, p ?? 2, reduceDims(x, dims), keepdim, dtype);
}

type T = Tensor;
/** torch.norm is a Python function in PyTorch; p is a number, 'fro', 'nuc' or None. */
export const norm = op(
  "norm(Tensor self, Scalar|str? p='fro', int[1]? dim=None, bool keepdim=False, ScalarType? dtype=None)",
  normImpl as (self: T, p?: number | string | null, dim?: Dims | null, keepdim?: boolean, dtype?: DType | null) => T,
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
