// clamp (scalar or tensor bounds), lerp and where, with their in-place forms.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../../backend/index.js';
import { bool, type DType } from '../../tensor/dtype.js';
import { broadcastShapes } from '../../tensor/shape.js';
import { Tensor, type Scalar, type TensorOrScalar } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../../autograd/op.js';
import { inplace } from './arith.js';
import { CPP_TYPE_NAMES, notImplemented, resultType, wrap } from './promote.js';
import { op, type OpSample } from '../declare.js';

// ---------------------------------------------------------------- where

/** where(condition, self, other): the condition is an argument, not a differentiable input. */
const WHERE = defineOp<{ cond: Tensor }>({
  node: 'WhereBackward0',
  jvp: 'elementwise',
  forward: ([a, b], { cond }) => K.where(cond, a, b, resultType(a, b)),
  backward: (g, _s, { args, needs }) => [
    needs[0] ? whereImpl(args.cond, g, 0) : null,
    needs[1] ? whereImpl(args.cond, 0, g) : null,
  ],
});

export function whereImpl(cond: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (cond._dtype !== bool) {
    throw new TypeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${cond._dtype.scalarType}`,
    );
  }
  return apply(WHERE, [wrap(a), wrap(b)], { cond });
}

type T = Tensor;
/** torch.where(condition, input, other); the method is input.where(condition, other). */
export const where = op('where(Tensor condition, Tensor|Number self, Tensor|Number other)', whereImpl, {
  method: true,
  methodSig: 'where(Tensor self, Tensor condition, Tensor|Number other)',
  methodImpl: (self: T, condition: T, other: T | number): T => whereImpl(condition, self, other),
  samples: (k, f): OpSample[] => [
    ...k.binary('where', (a, b) => f(a.detach().gt(0), a, b)),
    { name: 'where scalar other', inputs: () => [k.make([2, 3])], fn: (a) => f(a.detach().gt(0), a, 0.5) },
  ],
});

// ---------------------------------------------------------------- clamp with scalar bounds

interface ClampArgs {
  min: Scalar | null;
  max: Scalar | null;
}

function clampScalarForward(x: Tensor, { min, max }: ClampArgs): Tensor {
  const dtype = resultType(x, ...(min !== null ? [min] : []), ...(max !== null ? [max] : []));
  if (dtype === bool) {
    throw notImplemented(
      min === null ? 'clamp_max_scalar_cpu' : max === null ? 'clamp_min_cpu' : 'clamp_scalar_cpu',
      dtype,
    );
  }
  const out = K.empty(x._shape, dtype);
  // A NaN bound makes everything NaN when both are given (ATen's clamp_out); a single NaN bound
  // compares false everywhere and leaves the input as it is.
  if (min !== null && max !== null && (Number.isNaN(min) || Number.isNaN(max))) {
    backend().fill(out._v(), NaN);
    return out;
  }
  backend().clamp(K.cast(x, dtype)._v(), min === null ? NaN : Number(min), max === null ? NaN : Number(max), out._v());
  return out;
}

// clamp_backward: the gradient passes where min <= x <= max (bounds included)
function clampScalarDef(node: string): OpDef<ClampArgs> {
  return defineOp<ClampArgs>({
    node,
    jvp: 'elementwise',
    saves: ['self'],
    forward: ([x], args) => clampScalarForward(x, args),
    backward: (g, s, { args }) => {
      const x = s.self;
      if (args.min !== null && args.max !== null) return [whereImpl(x.ge(args.min).logical_and(x.le(args.max)), g, 0)];
      if (args.min !== null) return [whereImpl(x.ge(args.min), g, 0)];
      return [whereImpl(x.le(args.max as Scalar), g, 0)];
    },
  });
}
const CLAMP = clampScalarDef('ClampBackward1');
const CLAMP_MIN = clampScalarDef('ClampMinBackward0');
const CLAMP_MAX = clampScalarDef('ClampMaxBackward0');

// ---------------------------------------------------------------- clamp with tensor bounds

interface ClampTensorArgs {
  hasMin: boolean;
  hasMax: boolean;
}

function clampTensorForward([x, ...bounds]: readonly Tensor[], { hasMin, hasMax }: ClampTensorArgs): Tensor {
  const dtype = resultType(x, ...bounds);
  if (dtype === bool && hasMin && hasMax) throw notImplemented('clamp_cpu', dtype);
  // maximum and minimum propagate NaN from either side, as ATen's clamp kernel does.
  let out = hasMin ? K.binary('maximum', x, bounds[0], dtype) : x;
  if (hasMax) out = K.binary('minimum', out, bounds[hasMin ? 1 : 0], dtype);
  return out;
}

// clamp_backward and clamp_backward_min_max (FunctionsManual.cpp)
function clampTensorBackward(g: Tensor, x: Tensor, lo: Tensor | null, hi: Tensor | null, needs: readonly boolean[]) {
  const grads: (Tensor | null)[] = [];
  if (needs[0]) {
    const keep = lo && hi ? x.ge(lo).logical_and(x.le(hi)) : lo ? x.ge(lo) : x.le(hi as Tensor);
    grads.push(whereImpl(keep, g, 0));
  } else {
    grads.push(null);
  }
  if (lo) grads.push(needs[1] ? whereImpl(hi ? x.lt(lo).logical_and(lo.lt(hi)) : x.lt(lo), g, 0) : null);
  if (hi) {
    const n = lo ? 2 : 1;
    grads.push(needs[n] ? whereImpl(lo ? x.gt(hi).logical_or(hi.lt(lo)) : x.gt(hi), g, 0) : null);
  }
  return grads;
}

/** The op for one bound (inputs self, bound) and for both (self, min, max). */
function clampTensorDefs(node: string): [OpDef<ClampTensorArgs>, OpDef<ClampTensorArgs>] {
  const def = (saves: string[]): OpDef<ClampTensorArgs> =>
    defineOp<ClampTensorArgs>({
      node,
      jvp: 'elementwise',
      saves,
      forward: clampTensorForward,
      backward: (g, s, { args, needs }) => {
        const lo = args.hasMin ? s.other : null;
        const hi = args.hasMax ? (args.hasMin ? s.third : s.other) : null;
        return clampTensorBackward(g, s.self, lo, hi, needs);
      },
    });
  return [def(['self', 'other']), def(['self', 'other', 'third'])];
}
const CLAMP_T = clampTensorDefs('ClampBackward0');
const CLAMP_MIN_T = clampTensorDefs('ClampMinBackward1');
const CLAMP_MAX_T = clampTensorDefs('ClampMaxBackward1');

// ---------------------------------------------------------------- clamp entry points

type Bound = TensorOrScalar | null | undefined;
type BoundOpts = { min?: Bound; max?: Bound };

/** clamp(x, min, max) or clamp(x, { min, max }). */
function bounds(min: Bound | BoundOpts, max: Bound): [Bound, Bound] {
  if (min !== null && typeof min === 'object' && !(min instanceof Tensor)) return [min.min, min.max];
  return [min, max];
}

type Plan = [OpDef<ClampArgs>, Tensor[], ClampArgs] | [OpDef<ClampTensorArgs>, Tensor[], ClampTensorArgs];

function plan(kind: 'clamp' | 'min' | 'max', lo: Bound, hi: Bound): Plan {
  const hasMin = lo !== null && lo !== undefined;
  const hasMax = hi !== null && hi !== undefined;
  if (!hasMin && !hasMax) throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (lo instanceof Tensor || hi instanceof Tensor) {
    const defs = kind === 'min' ? CLAMP_MIN_T : kind === 'max' ? CLAMP_MAX_T : CLAMP_T;
    const ts = [...(hasMin ? [wrap(lo as TensorOrScalar)] : []), ...(hasMax ? [wrap(hi as TensorOrScalar)] : [])];
    return [defs[ts.length - 1], ts, { hasMin, hasMax }];
  }
  const def = kind === 'min' ? CLAMP_MIN : kind === 'max' ? CLAMP_MAX : CLAMP;
  return [def, [], { min: hasMin ? (lo as Scalar) : null, max: hasMax ? (hi as Scalar) : null }];
}

function run(p: Plan, x: Tensor): Tensor {
  return apply(p[0] as OpDef<unknown>, [x, ...p[1]], p[2]);
}

function runInplace(p: Plan, x: Tensor): Tensor {
  if (p[1].length === 0) {
    // The scalar kernel names dtypes the C++ way in its cast error ("long int").
    const args = p[2] as ClampArgs;
    const dtype: DType = resultType(x, ...[args.min, args.max].filter((v): v is Scalar => v !== null));
    if (dtype.is_floating_point && !x._dtype.is_floating_point) {
      throw new TypeError(
        `result type ${dtype.scalarType} can't be cast to the desired output type ${CPP_TYPE_NAMES[x._dtype.name]}`,
      );
    }
  }
  return inplace(p[0] as OpDef<unknown>, x, p[1], p[2]);
}

export function clampImpl(x: Tensor, min?: Bound | BoundOpts, max?: Bound): Tensor {
  return run(plan('clamp', ...bounds(min, max)), x);
}

type Clamp = (self: T, min?: T | number | null, max?: T | number | null) => T;
export const clamp = op('clamp(Tensor self, Tensor|Number? min=None, Tensor|Number? max=None)', clampImpl as Clamp, {
  inplace: clamp_ as Clamp,
  samples: (k, f): OpSample[] => [
    ...k.unary('clamp scalar both', (x) => x.clamp(-0.5, 0.5)),
    ...k.unary('clamp scalar min', (x) => x.clamp({ min: -0.5 })),
    {
      name: 'clamp tensor bounds',
      inputs: () => [
        k.make([2, 4]),
        k.make([4], { lo: -1, hi: 0, salt: 1 }),
        k.make([2, 1], { lo: 0.1, hi: 1, salt: 2 }),
      ],
      fn: (x, lo, hi) => x.clamp(lo, hi),
    },
    {
      name: 'clamp tensor min > max',
      inputs: () => [k.make([3]), k.make([3], { lo: 1, hi: 2, salt: 1 }), k.make([3], { lo: -2, hi: -1, salt: 2 })],
      fn: (x, lo, hi) => f(x, lo, hi),
    },
    ...k.unary('clamp_', (x) => x.clone().clamp_(-0.5, 0.5)),
  ],
});
// clip is clamp's alias, declared with its own signature (an alias() of it defeats TypeScript's inference).
export const clip = op('clip(Tensor self, Tensor|Number? min=None, Tensor|Number? max=None)', clampImpl as Clamp, {
  inplace: clamp_ as Clamp,
});
export const clamp_minImpl = (x: Tensor, min: TensorOrScalar): Tensor => run(plan('min', min, null), x);
export const clamp_maxImpl = (x: Tensor, max: TensorOrScalar): Tensor => run(plan('max', null, max), x);

export function clamp_(x: Tensor, min?: Bound | BoundOpts, max?: Bound): Tensor {
  return runInplace(plan('clamp', ...bounds(min, max)), x);
}
export const clamp_min_ = (x: Tensor, min: TensorOrScalar): Tensor => runInplace(plan('min', min, null), x);

export const clamp_min = op('clamp_min(Tensor self, Tensor|Number min)', clamp_minImpl, {
  inplace: clamp_min_,
  samples: (k): OpSample[] => [...k.binary('clamp_min tensor', (a, b) => a.clamp_min(b))],
});
export const clamp_max_ = (x: Tensor, max: TensorOrScalar): Tensor => runInplace(plan('max', null, max), x);

export const clamp_max = op('clamp_max(Tensor self, Tensor|Number max)', clamp_maxImpl, {
  inplace: clamp_max_,
  samples: (k): OpSample[] => [
    ...k.binary('clamp_max tensor', (a, b) => a.clamp_max(b)),
    ...k.unary('clamp_max scalar', (x) => x.clamp_max(0.5)),
  ],
});

// ---------------------------------------------------------------- lerp

// ATen's lerp, in the operands' precision: self + w * (end - self) for |w| < 0.5, else
// end - (end - self) * (1 - w), which is exact at w = 1.
function lerpScalar(a: Tensor, b: Tensor, w: number): Tensor {
  const dtype = a._dtype;
  const diff = K.binary('sub', b, a, dtype);
  if (Math.abs(w) < 0.5) return K.binary('add', a, K.binary('mul', diff, wrap(w), dtype), dtype);
  const oneMinus = K.binary('sub', K.full([], 1, dtype), K.full([], w, dtype), dtype);
  return K.binary('sub', b, K.binary('mul', diff, oneMinus, dtype), dtype);
}

function lerpTensor(a: Tensor, b: Tensor, w: Tensor): Tensor {
  const dtype = a._dtype;
  const diff = K.binary('sub', b, a, dtype);
  const small = K.binary('add', a, K.binary('mul', diff, w, dtype), dtype);
  const oneMinus = K.binary('sub', K.full([], 1, dtype), w, dtype);
  const large = K.binary('sub', b, K.binary('mul', diff, oneMinus, dtype), dtype);
  return K.where(K.binary('lt', K.unary('abs', w), wrap(0.5), dtype), small, large, dtype);
}

function checkLerp(a: Tensor, b: Tensor, w: Tensor | null): void {
  const expect = (t: Tensor, what: string): void => {
    if (t._dtype !== a._dtype) {
      throw new TypeError(
        `expected dtype ${CPP_TYPE_NAMES[a._dtype.name]} for \`${what}\` but got dtype ${CPP_TYPE_NAMES[t._dtype.name]}`,
      );
    }
  };
  expect(b, 'end');
  if (w !== null) expect(w, 'weight');
  if (!a._dtype.is_floating_point) {
    throw new TypeError(
      `"${w === null ? 'lerp_kernel_scalar' : 'lerp_kernel_tensor'}" not implemented for '${a._dtype.scalarType}'`,
    );
  }
  const shape = broadcastShapes(a._shape, b._shape);
  if (w !== null) broadcastShapes(shape, w._shape);
}

const LERP = defineOp<{ weight: number }>({
  node: 'LerpBackward0',
  jvp: 'elementwise',
  forward: ([a, b], { weight }) => {
    checkLerp(a, b, null);
    return lerpScalar(a, b, weight);
  },
  backward: (g, _s, { args }) => [g.mul(1 - args.weight), g.mul(args.weight)],
});

const LERP_TENSOR = defineOp({
  node: 'LerpBackward1',
  jvp: 'elementwise',
  saves: ['self', 'other', 'third'],
  forward: ([a, b, w]) => {
    checkLerp(a, b, w);
    return lerpTensor(a, b, w);
  },
  // d/dself = 1 - w, d/dend = w, d/dw = end - self
  backward: (g, s) => [g.mul(s.third.neg().add(1)), g.mul(s.third), g.mul(s.other.sub(s.self))],
});

export function lerpImpl(a: Tensor, b: Tensor, weight: TensorOrScalar): Tensor {
  return weight instanceof Tensor
    ? apply(LERP_TENSOR, [a, b, weight], undefined)
    : apply(LERP, [a, b], { weight: Number(weight) });
}

export const lerp = op(
  ['lerp(Tensor self, Tensor end, Tensor weight)', 'lerp(Tensor self, Tensor end, Scalar weight)'],
  lerpImpl,
  {
    inplace: lerp_,
    samples: (k, f): OpSample[] => [
      ...k.binary('lerp scalar weight', (a, b) => a.lerp(b, 0.3)),
      ...k.binary('lerp large weight', (a, b) => a.lerp(b, 0.8)),
      ...k.unary('lerp scalar end', (x) => f(x, k.make([], { grad: false }).mul(0), 0.3)),
      {
        name: 'lerp tensor weight',
        inputs: () => [k.make([2, 3]), k.make([3], { salt: 1 }), k.make([2, 1], { lo: 0, hi: 1, salt: 2 })],
        fn: (a, b, w) => a.lerp(b, w),
      },
      {
        name: 'lerp 0-d weight',
        inputs: () => [k.make([3]), k.make([3], { salt: 1 }), k.make([], { lo: 0.6, hi: 1, salt: 2 })],
        fn: (a, b, w) => f(a, b, w),
      },
      ...k.inplace('lerp_', (a, b) => a.clone().lerp_(b, 0.25)),
    ],
  },
);

export function lerp_(a: Tensor, b: Tensor, weight: TensorOrScalar): Tensor {
  return weight instanceof Tensor
    ? inplace(LERP_TENSOR, a, [b, weight], undefined)
    : inplace(LERP, a, [b], { weight: Number(weight) });
}
