// Variance and standard deviation: var, std, var_mean, std_mean. Backward formulas follow
// tools/autograd/derivatives.yaml and FunctionsManual.cpp (var_backward, std_backward; 1.13).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { float64 } from '../tensor/dtype.js';
import type { Dims, Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, applyMulti, defineOp, type OpDef } from '../autograd/op.js';
import { whereImpl } from './pointwise.js';
import { countOf, reduceDims, reductionJvp, splitOptions, unsqueezeReduced } from './reduce.js';
import { op, overloads, type OpSample } from './declare.js';

export interface VarOpts {
  dim?: Dims | null;
  unbiased?: boolean;
  correction?: number;
  keepdim?: boolean;
}

interface VarArgs {
  dims: number[];
  /** var(dim=None) and var(dim=[...]) differ in their backward (var_backward's dim_opt). */
  dimGiven: boolean;
  correction: number;
  keepdim: boolean;
}

/** (dim?, unbiased?, keepdim?, opts?), (unbiased, opts?) or (opts), as PyTorch's overloads. */
function varArgs(op: string, x: Tensor, args: readonly unknown[]): VarArgs {
  if (!x.dtype.is_floating_point) throw new Error('std and var only support floating point and complex dtypes');
  const [given, opts] = splitOptions<VarOpts>(args);
  const pos = typeof given[0] === 'boolean' ? [null, ...given] : given;
  const dim = (pos[0] as Dims | null | undefined) ?? opts.dim ?? null;
  const unbiased = (pos[1] as boolean | undefined) ?? opts.unbiased;
  if (unbiased !== undefined && opts.correction !== undefined) {
    throw new TypeError(`${op}() received an invalid combination of arguments - got (unbiased=bool, correction=int)`);
  }
  return {
    dims: reduceDims(x, dim),
    dimGiven: dim !== null,
    correction: opts.correction ?? (unbiased === false ? 0 : 1),
    keepdim: (pos[2] as boolean | undefined) ?? opts.keepdim ?? false,
  };
}

/** sum((x - mean)^2) / max(0, n - correction), each output from its own slice. */
function varForward(x: Tensor, { dims, correction, keepdim }: VarArgs): Tensor {
  const d = x.dtype;
  const centered = K.binary('sub', x, K.reduce('mean', x, dims, true, d), d);
  const squares = K.reduce('sum', K.binary('mul', centered, centered, d), dims, keepdim, d);
  const dof = Math.max(0, countOf(x.shape, dims) - correction);
  return K.binary('div', squares, K.full([], dof, float64), d);
}

function varBackward(g: Tensor, self: Tensor, { dims, dimGiven, correction, keepdim }: VarArgs): Tensor {
  const n = countOf(self.shape, dims);
  if (self.dim() === 0 || !dimGiven) {
    if (n === correction) return g.mul(Infinity);
    return g.mul(2 / (n - correction)).mul(self.sub(self.mean()));
  }
  return unsqueezeReduced(g, dims, keepdim)
    .mul(2 / (n - correction))
    .mul(self.sub(self.mean(dims, true)));
}

// d std = d var / (2 std), taken as 0 where std is 0.
function stdToVarGrad(g: Tensor, std: Tensor): Tensor {
  return whereImpl(std.eq(0), 0, g.div(std.mul(2)));
}

function meanBackward(g: Tensor, self: Tensor, { dims, keepdim }: VarArgs): Tensor {
  return unsqueezeReduced(g, dims, keepdim).expand(self.shape).div(countOf(self.shape, dims));
}

/** The mean's tangent in var_mean / std_mean: the mean of the tangent. */
function meanTangent(t: Tensor, { dims, keepdim }: VarArgs): Tensor {
  return dims.length === 0 ? t : t.mean(dims, keepdim);
}

const VAR: OpDef<VarArgs> = defineOp<VarArgs>({
  node: 'VarBackward0',
  batch: ([x], _b, a): Tensor => apply(VAR, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  jvp: reductionJvp(() => VAR),
  saves: ['self'],
  forward: ([x], args) => varForward(x, args),
  backward: (g, s, { args }) => [varBackward(g, s.self, args)],
});

const STD: OpDef<VarArgs> = defineOp<VarArgs>({
  node: 'StdBackward0',
  batch: ([x], _b, a): Tensor => apply(STD, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  jvp: reductionJvp(() => STD),
  saves: ['self', 'result'],
  forward: ([x], args) => K.unary('sqrt', varForward(x, args)),
  backward: (g, s, { args }) => [varBackward(stdToVarGrad(g, s.result), s.self, args)],
});

function withMean(kind: 'var' | 'std', x: Tensor, args: VarArgs): Tensor[] {
  const v = varForward(x, args);
  return [kind === 'std' ? K.unary('sqrt', v) : v, K.reduce('mean', x, args.dims, args.keepdim, x.dtype)];
}

function sumGrads(a: Tensor | null, b: Tensor | null): Tensor | null {
  return a === null ? b : b === null ? a : a.add(b);
}

const VAR_MEAN = defineOp<VarArgs>({
  node: 'VarMeanBackward0',
  batch: ([x], _b, a): Tensor[] => applyMulti(VAR_MEAN, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  jvp: (t, s, ctx) => [reductionJvp(() => VAR)(t, s, ctx) as Tensor, meanTangent(t[0]!, ctx.args)],
  saves: ['self'],
  forward: ([x], args) => withMean('var', x, args),
  backward: (_g, s, { args, grads }) => [
    sumGrads(grads[0] && varBackward(grads[0], s.self, args), grads[1] && meanBackward(grads[1], s.self, args)),
  ],
});

const STD_MEAN = defineOp<VarArgs>({
  node: 'StdMeanBackward0',
  batch: ([x], _b, a): Tensor[] => applyMulti(STD_MEAN, [x], { ...a, dims: a.dims.map((d) => d + 1) }),
  jvp: (t, s, ctx) => [reductionJvp(() => STD)(t, s, ctx) as Tensor, meanTangent(t[0]!, ctx.args)],
  saves: ['self', 'result'],
  forward: ([x], args) => withMean('std', x, args),
  backward: (_g, s, { args, grads }) => [
    sumGrads(
      grads[0] && varBackward(stdToVarGrad(grads[0], s.result), s.self, args),
      grads[1] && meanBackward(grads[1], s.self, args),
    ),
  ],
});

export const varImpl = (x: Tensor, ...args: unknown[]): Tensor => apply(VAR, [x], varArgs('var', x, args));

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

type T = Tensor;
const var_ = op(MOMENT('var'), varImpl, {
  types: overloads<Moment<T>>(),
  samples: (k): OpSample[] => [
    ...k.layouts('var', (x) => x.var(), { scalar: false }),
    ...k.layouts('var dim=1 unbiased=false keepdim', (x) => x.var(1, false, true), { scalar: false }),
    { name: 'var dims [0, 2] of [2, 3, 4]', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.var([0, 2]) },
    { name: 'var 0-d unbiased=false', inputs: () => [k.make([])], fn: (x) => x.var(false) },
  ],
});
export { var_ as var };
export const stdImpl = (x: Tensor, ...args: unknown[]): Tensor => apply(STD, [x], varArgs('std', x, args));

export const std = op(MOMENT('std'), stdImpl, {
  types: overloads<Moment<T>>(),
  samples: (k): OpSample[] => [
    ...k.layouts('std', (x) => x.std(), { scalar: false }),
    ...k.layouts('std dim=0', (x) => x.std(0), { scalar: false }),
    ...k.layouts('std dim=1 correction=0', (x) => x.std(1, { correction: 0 }), { scalar: false }),
  ],
});

/** (var, mean) over the same dims. */
export function var_meanImpl(x: Tensor, ...args: unknown[]): [Tensor, Tensor] {
  const [v, m] = applyMulti(VAR_MEAN, [x], varArgs('var_mean', x, args));
  return [v, m];
}

export const var_mean = op(MOMENT('var_mean'), var_meanImpl, {
  method: false,
  types: overloads<Moment<[T, T]>>(),
  samples: (k, f): OpSample[] => [{ name: 'var_mean dim=1', inputs: () => [k.make([3, 4])], fn: (x) => f(x, 1) }],
});

/** (std, mean) over the same dims. */
export function std_meanImpl(x: Tensor, ...args: unknown[]): [Tensor, Tensor] {
  const [s, m] = applyMulti(STD_MEAN, [x], varArgs('std_mean', x, args));
  return [s, m];
}

export const std_mean = op(MOMENT('std_mean'), std_meanImpl, {
  method: false,
  types: overloads<Moment<[T, T]>>(),
  samples: (k, f): OpSample[] => [{ name: 'std_mean', inputs: () => [k.make([3, 4])], fn: (x) => f(x) }],
});
