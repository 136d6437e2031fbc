// Elementwise ops: unary math, binary arithmetic with broadcasting and type promotion,
// comparisons, clamp, and their in-place forms. Backward formulas follow
// tools/autograd/derivatives.yaml; `grad` is the output gradient, `s` the saved tensors.

import type { UnaryKind } from '../backend/backend.js';
import { backend } from '../backend/index.js';
import { no_grad } from '../autograd/grad_mode.js';
import { bool, float32, get_default_dtype, resultTypeOf, scalarDType, type DType } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { apply, applyInplace, defineOp, type OpDef } from './op.js';

// ---------------------------------------------------------------- scalars and promotion

// Wrapped numbers are constants nothing writes to, so each value is wrapped once and reused
// (x.mul(2) in a loop allocates no scalar tensor). Zero is keyed apart from -0.
const wrapped = new Map<number | boolean, Tensor>();
const WRAP_CACHE_SIZE = 1024;
let lastWrapped: number | boolean | undefined;
let lastWrappedTensor: Tensor | undefined;

/** Wraps a JavaScript number/boolean as a 0-d tensor that promotes like a Python scalar. */
export function wrap(v: TensorOrScalar): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v !== 'number' && typeof v !== 'boolean') {
    throw new TypeError(`expected a Tensor or a number, but got ${typeof v}`);
  }
  if (v === lastWrapped && v !== 0) return lastWrappedTensor as Tensor;
  const negZero = Object.is(v, -0);
  const cached = negZero ? undefined : wrapped.get(v);
  if (cached !== undefined) {
    lastWrapped = v;
    lastWrappedTensor = cached;
    return cached;
  }
  const t = K.full([], Number(v), scalarDType(v));
  t._wrappedNumber = true;
  if (!negZero) {
    if (wrapped.size >= WRAP_CACHE_SIZE) wrapped.clear();
    wrapped.set(v, t);
    lastWrapped = v;
    lastWrappedTensor = t;
  }
  return t;
}

function operandKind(t: Tensor): 'tensor' | 'zerodim' | 'scalar' {
  return t._wrappedNumber ? 'scalar' : t._shape.length === 0 ? 'zerodim' : 'tensor';
}

/** torch.result_type over tensors and scalars. */
export function resultType(...ops: TensorOrScalar[]): DType {
  // Fast path for the common binary case: a floating tensor with a same-dtype tensor or any scalar.
  if (ops.length === 2) {
    const [a, b] = ops;
    if (a instanceof Tensor && b instanceof Tensor && !a._wrappedNumber && a._dtype.is_floating_point) {
      if (b._dtype === a._dtype || (b._wrappedNumber && a._shape.length > 0)) return a._dtype;
    }
  }
  return resultTypeOf(
    ops.map((o) => {
      const t = wrap(o);
      return { dtype: t.dtype, kind: operandKind(t) };
    }),
  );
}

function floatOf(d: DType): DType {
  return d.is_floating_point ? d : get_default_dtype();
}

const zerosLike = (t: Tensor): Tensor => K.full(t.shape, 0, t.dtype);

// ---------------------------------------------------------------- unary

interface UnaryEntry {
  def: OpDef<undefined>;
  /** Integer inputs compute in the default float dtype (exp(LongTensor) is a FloatTensor). */
  float: boolean;
}

function unaryOp(
  kind: UnaryKind,
  node: string,
  float: boolean,
  saves: readonly string[],
  backward: OpDef<undefined>['backward'],
): UnaryEntry {
  return {
    float,
    def: defineOp({
      node,
      saves,
      forward: ([x]) => K.unary(kind, x, float ? floatOf(x.dtype) : x.dtype),
      backward,
    }),
  };
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;

// One row per op: kernel kind, grad_fn name, integer inputs → float?, what it saves, backward.
const UNARY: Partial<Record<UnaryKind, UnaryEntry>> = {
  neg: unaryOp('neg', 'NegBackward0', false, [], (g) => [g.neg()]),
  abs: unaryOp('abs', 'AbsBackward0', false, ['self'], (g, s) => [g.mul(s.self.sign())]),
  sign: unaryOp('sign', 'SignBackward0', false, [], (g) => [zerosLike(g)]),
  exp: unaryOp('exp', 'ExpBackward0', true, ['result'], (g, s) => [g.mul(s.result)]),
  exp2: unaryOp('exp2', 'Exp2Backward0', true, ['result'], (g, s) => [g.mul(s.result).mul(LN2)]),
  log: unaryOp('log', 'LogBackward0', true, ['self'], (g, s) => [g.div(s.self)]),
  log2: unaryOp('log2', 'Log2Backward0', true, ['self'], (g, s) => [g.div(s.self.mul(LN2))]),
  log10: unaryOp('log10', 'Log10Backward0', true, ['self'], (g, s) => [g.div(s.self.mul(LN10))]),
  log1p: unaryOp('log1p', 'Log1PBackward0', true, ['self'], (g, s) => [g.div(s.self.add(1))]),
  expm1: unaryOp('expm1', 'Expm1Backward0', true, ['result'], (g, s) => [g.mul(s.result.add(1))]),
  sqrt: unaryOp('sqrt', 'SqrtBackward0', true, ['result'], (g, s) => [g.div(s.result.mul(2))]),
  rsqrt: unaryOp('rsqrt', 'RsqrtBackward0', true, ['result'], (g, s) => [g.mul(s.result.pow(3)).mul(-0.5)]),
  reciprocal: unaryOp('reciprocal', 'ReciprocalBackward0', true, ['result'], (g, s) => [
    g.mul(s.result.mul(s.result)).neg(),
  ]),
  sin: unaryOp('sin', 'SinBackward0', true, ['self'], (g, s) => [g.mul(s.self.cos())]),
  cos: unaryOp('cos', 'CosBackward0', true, ['self'], (g, s) => [g.mul(s.self.sin().neg())]),
  tan: unaryOp('tan', 'TanBackward0', true, ['result'], (g, s) => [g.mul(s.result.pow(2).add(1))]),
  asin: unaryOp('asin', 'AsinBackward0', true, ['self'], (g, s) => [g.mul(s.self.pow(2).neg().add(1).rsqrt())]),
  acos: unaryOp('acos', 'AcosBackward0', true, ['self'], (g, s) => [g.mul(s.self.pow(2).neg().add(1).rsqrt()).neg()]),
  atan: unaryOp('atan', 'AtanBackward0', true, ['self'], (g, s) => [g.div(s.self.pow(2).add(1))]),
  sinh: unaryOp('sinh', 'SinhBackward0', true, ['self'], (g, s) => [g.mul(s.self.cosh())]),
  cosh: unaryOp('cosh', 'CoshBackward0', true, ['self'], (g, s) => [g.mul(s.self.sinh())]),
  tanh: unaryOp('tanh', 'TanhBackward0', true, ['result'], (g, s) => [g.mul(s.result.pow(2).neg().add(1))]),
  asinh: unaryOp('asinh', 'AsinhBackward0', true, ['self'], (g, s) => [g.mul(s.self.pow(2).add(1).rsqrt())]),
  acosh: unaryOp('acosh', 'AcoshBackward0', true, ['self'], (g, s) => [g.mul(s.self.pow(2).sub(1).rsqrt())]),
  atanh: unaryOp('atanh', 'AtanhBackward0', true, ['self'], (g, s) => [g.div(s.self.pow(2).neg().add(1))]),
  sigmoid: unaryOp('sigmoid', 'SigmoidBackward0', true, ['result'], (g, s) => [
    g.mul(s.result).mul(s.result.neg().add(1)),
  ]),
  relu: unaryOp('relu', 'ReluBackward0', false, ['result'], (g, s) => [g.mul(s.result.gt(0))]),
  // d/dx x*sigmoid(x) = sigmoid(x) * (1 + x * (1 - sigmoid(x)))
  silu: unaryOp('silu', 'SiluBackward0', true, ['self'], (g, s) => {
    const sig = s.self.sigmoid();
    return [g.mul(sig.mul(s.self.mul(sig.neg().add(1)).add(1)))];
  }),
  // d/dx x*Phi(x) = Phi(x) + x*phi(x)
  gelu: unaryOp('gelu', 'GeluBackward0', true, ['self'], (g, s) => {
    const x = s.self;
    const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
    const pdf = x
      .pow(2)
      .mul(-0.5)
      .exp()
      .mul(1 / Math.sqrt(2 * Math.PI));
    return [g.mul(cdf.add(x.mul(pdf)))];
  }),
  erf: unaryOp('erf', 'ErfBackward0', true, ['self'], (g, s) => [
    g.mul(s.self.pow(2).neg().exp()).mul(2 / Math.sqrt(Math.PI)),
  ]),
  floor: unaryOp('floor', 'FloorBackward0', false, [], (g) => [zerosLike(g)]),
  ceil: unaryOp('ceil', 'CeilBackward0', false, [], (g) => [zerosLike(g)]),
  round: unaryOp('round', 'RoundBackward0', false, [], (g) => [zerosLike(g)]),
  trunc: unaryOp('trunc', 'TruncBackward0', false, [], (g) => [zerosLike(g)]),
  frac: unaryOp('frac', 'FracBackward0', false, [], (g) => [g]),
};

function unaryEntry(kind: UnaryKind): UnaryEntry {
  const e = UNARY[kind];
  if (!e) throw new Error(`internal error: no op for unary kind ${kind}`);
  return e;
}

function unary(kind: UnaryKind, x: Tensor): Tensor {
  return apply(unaryEntry(kind).def, [x], undefined);
}

/** In-place unary op (exp_, neg_, ...): the result must fit self's dtype. */
export function unary_(x: Tensor, kind: UnaryKind): Tensor {
  return applyInplace(unaryEntry(kind).def, x, [], undefined);
}

export const neg = (x: Tensor): Tensor => {
  if (x.dtype === bool) {
    throw new TypeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  return unary('neg', x);
};
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const sign = (x: Tensor): Tensor => unary('sign', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const exp2 = (x: Tensor): Tensor => unary('exp2', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const log2 = (x: Tensor): Tensor => unary('log2', x);
export const log10 = (x: Tensor): Tensor => unary('log10', x);
export const log1p = (x: Tensor): Tensor => unary('log1p', x);
export const expm1 = (x: Tensor): Tensor => unary('expm1', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
export const sin = (x: Tensor): Tensor => unary('sin', x);
export const cos = (x: Tensor): Tensor => unary('cos', x);
export const tan = (x: Tensor): Tensor => unary('tan', x);
export const asin = (x: Tensor): Tensor => unary('asin', x);
export const acos = (x: Tensor): Tensor => unary('acos', x);
export const atan = (x: Tensor): Tensor => unary('atan', x);
export const sinh = (x: Tensor): Tensor => unary('sinh', x);
export const cosh = (x: Tensor): Tensor => unary('cosh', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const asinh = (x: Tensor): Tensor => unary('asinh', x);
export const acosh = (x: Tensor): Tensor => unary('acosh', x);
export const atanh = (x: Tensor): Tensor => unary('atanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
export const silu = (x: Tensor): Tensor => unary('silu', x);
export const gelu = (x: Tensor): Tensor => unary('gelu', x);
export const erf = (x: Tensor): Tensor => unary('erf', x);
export const floor = (x: Tensor): Tensor => unary('floor', x);
export const ceil = (x: Tensor): Tensor => unary('ceil', x);
export const round = (x: Tensor): Tensor => unary('round', x);
export const trunc = (x: Tensor): Tensor => unary('trunc', x);
export const frac = (x: Tensor): Tensor => unary('frac', x);
/** square is pow(x, 2) in PyTorch (grad_fn PowBackward0). */
export const square = (x: Tensor): Tensor => pow(x, 2);

// Predicates never record: their outputs are bool.
export const isnan = (x: Tensor): Tensor => K.unary('isnan', x);
export const isinf = (x: Tensor): Tensor => K.unary('isinf', x);
export const isfinite = (x: Tensor): Tensor => K.unary('isfinite', x);
export const logical_not = (x: Tensor): Tensor => K.unary('logical_not', x);

// ---------------------------------------------------------------- binary arithmetic

interface AlphaArgs {
  alpha: number;
}

function binaryForward(kind: 'add' | 'sub', [a, b]: readonly Tensor[], { alpha }: AlphaArgs): Tensor {
  const dtype = resultType(a, b);
  const scaled = alpha === 1 ? b : K.binary('mul', b, wrap(alpha), dtype);
  return K.binary(kind, a, scaled, dtype);
}

const ADD = defineOp<AlphaArgs>({
  node: 'AddBackward0',
  forward: (x, args) => binaryForward('add', x, args),
  backward: (g, _s, { args }) => [g, args.alpha === 1 ? g : g.mul(args.alpha)],
});

const SUB = defineOp<AlphaArgs>({
  node: 'SubBackward0',
  forward: (x, args) => binaryForward('sub', x, args),
  backward: (g, _s, { args }) => [g, args.alpha === 1 ? g.neg() : g.mul(-args.alpha)],
});

// rsub(self, other) = other - alpha * self, with a scalar `other` (RsubBackward1).
const RSUB = defineOp<AlphaArgs>({
  node: 'RsubBackward1',
  forward: ([a, b], { alpha }) => binaryForward('sub', [b, a], { alpha }),
  backward: (g, _s, { args }) => [g.mul(-args.alpha), g],
});

const RSUB_TENSOR = defineOp<AlphaArgs>({ ...RSUB, node: 'RsubBackward0' });

const MUL = defineOp({
  node: 'MulBackward0',
  saves: ['self', 'other'],
  savedFor: { self: [1], other: [0] },
  forward: ([a, b]) => K.binary('mul', a, b, resultType(a, b)),
  backward: (g, s, { needs }) => [needs[0] ? g.mul(s.other) : null, needs[1] ? g.mul(s.self) : null],
});

const DIV = defineOp({
  node: 'DivBackward0',
  saves: ['self', 'other'],
  savedFor: { self: [1] },
  forward: ([a, b]) => K.binary('div', a, b, floatOf(resultType(a, b))),
  backward: (g, s, { needs }) => [
    needs[0] ? g.div(s.other) : null,
    needs[1] ? g.mul(s.self).div(s.other.mul(s.other)).neg() : null,
  ],
});

const DIV_ROUNDING = defineOp<{ mode: 'trunc' | 'floor' }>({
  node: 'DivBackward1',
  forward: ([a, b], { mode }) => {
    const dtype = resultType(a, b);
    if (!dtype.is_floating_point && dtype !== bool) checkIntegerDivisor(b);
    return K.binary(mode === 'floor' ? 'floor_divide' : 'trunc_divide', a, b, dtype);
  },
  backward: (g) => [zerosLike(g), zerosLike(g)],
});

function checkIntegerDivisor(b: Tensor): void {
  if (K.reduce('any', K.binary('eq', b, wrap(0), b.dtype), [...Array(b.dim()).keys()], false, bool)._data[0]) {
    throw new RangeError('ZeroDivisionError');
  }
}

// pow(Tensor self, Scalar exponent)
const POW_SCALAR = defineOp<{ exponent: number }>({
  node: 'PowBackward0',
  saves: ['self'],
  forward: ([x], { exponent }) => {
    const dtype = resultType(x, exponent);
    if (!dtype.is_floating_point && exponent < 0) {
      throw new RangeError('Integers to negative integer powers are not allowed.');
    }
    return K.binary('pow', x, wrap(exponent), dtype);
  },
  backward: (g, s, { args }) => {
    const p = args.exponent;
    if (p === 0) return [zerosLike(g)];
    return [g.mul(s.self.pow(p - 1).mul(p))];
  },
});

// pow(Tensor self, Tensor exponent)
const POW_TENSOR = defineOp({
  node: 'PowBackward1',
  saves: ['self', 'other', 'result'],
  forward: ([a, b]) => K.binary('pow', a, b, resultType(a, b)),
  backward: (g, s, { needs }) => {
    const self = s.self;
    const other = s.other;
    // d/da a^b = b a^(b-1), taken as 0 where b == 0; d/db a^b = a^b log a, taken as 0 where
    // a == 0 and b >= 0 (PyTorch's pow_backward_exponent).
    const ga = needs[0] ? where(other.eq(0), 0, g.mul(other).mul(self.pow(other.sub(1)))) : null;
    const gb = needs[1] ? where(self.eq(0).logical_and(other.ge(0)), 0, g.mul(s.result).mul(self.log())) : null;
    return [ga, gb];
  },
});

// pow(Scalar self, Tensor exponent)
const POW_SCALAR_BASE = defineOp<{ base: number }>({
  node: 'PowBackward2',
  saves: ['result'],
  forward: ([e], { base }) => K.binary('pow', wrap(base), e, resultType(base, e)),
  backward: (g, s, { args }) => [
    args.base === 0
      ? where(s.result.eq(0), 0, g.mul(s.result).mul(Math.log(args.base)))
      : g.mul(s.result).mul(Math.log(args.base)),
  ],
});

const ATAN2 = defineOp({
  node: 'Atan2Backward0',
  saves: ['self', 'other'],
  forward: ([a, b]) => K.binary('atan2', a, b, floatOf(resultType(a, b))),
  backward: (g, s) => {
    const denom = s.self.pow(2).add(s.other.pow(2));
    return [g.mul(s.other).div(denom), g.mul(s.self).neg().div(denom)];
  },
});

function extremumOp(kind: 'maximum' | 'minimum', node: string) {
  return defineOp({
    node,
    saves: ['self', 'other'],
    forward: ([a, b]) => K.binary(kind, a, b, resultType(a, b)),
    // Ties split the gradient evenly.
    backward: (g, s) => {
      const win = kind === 'maximum' ? s.self.gt(s.other) : s.self.lt(s.other);
      const tie = s.self.eq(s.other);
      const half = g.mul(0.5);
      return [where(tie, half, where(win, g, 0)), where(tie, half, where(win, 0, g))];
    },
  });
}
const MAXIMUM = extremumOp('maximum', 'MaximumBackward0');
const MINIMUM = extremumOp('minimum', 'MinimumBackward0');

const FMOD = defineOp({
  node: 'FmodBackward1',
  saves: ['self', 'other'],
  forward: ([a, b]) => K.binary('fmod', a, b, resultType(a, b)),
  backward: (g, s, { needs }) => [g, needs[1] ? g.mul(s.self.div(s.other, { rounding_mode: 'trunc' })).neg() : null],
});
const FMOD_SCALAR = defineOp({ ...FMOD, node: 'FmodBackward0', saves: [], backward: (g) => [g, null] });

const REMAINDER = defineOp({
  node: 'RemainderBackward1',
  saves: ['self', 'other'],
  forward: ([a, b]) => K.binary('remainder', a, b, resultType(a, b)),
  backward: (g, s, { needs }) => [g, needs[1] ? g.mul(s.self.div(s.other, { rounding_mode: 'floor' })).neg() : null],
});
const REMAINDER_SCALAR = defineOp({ ...REMAINDER, node: 'RemainderBackward0', saves: [], backward: (g) => [g, null] });

export function add(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  return apply(ADD, [wrap(a), wrap(b)], { alpha: opts?.alpha ?? 1 });
}

export function sub(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  // torch.sub(1, x) is rsub(x, 1), as Python's 1 - x is.
  if (!(a instanceof Tensor) && b instanceof Tensor) return rsub(b, a, opts);
  checkNotBoolSub(wrap(a), wrap(b));
  return apply(SUB, [wrap(a), wrap(b)], { alpha: opts?.alpha ?? 1 });
}

function checkNotBoolSub(a: Tensor, b: Tensor): void {
  if (a.dtype === bool && b.dtype === bool) {
    throw new TypeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    );
  }
}

/** other - alpha * self */
export function rsub(self: TensorOrScalar, other: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  const def = other instanceof Tensor ? RSUB_TENSOR : RSUB;
  return apply(def, [wrap(self), wrap(other)], { alpha: opts?.alpha ?? 1 });
}

export function mul(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return apply(MUL, [wrap(a), wrap(b)], undefined);
}

export function div(a: TensorOrScalar, b: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor {
  const mode = opts?.rounding_mode ?? null;
  if (mode === null) return apply(DIV, [wrap(a), wrap(b)], undefined);
  return apply(DIV_ROUNDING, [wrap(a), wrap(b)], { mode });
}

export function pow(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (!(a instanceof Tensor)) {
    if (!(b instanceof Tensor)) throw new TypeError('pow expects at least one tensor operand');
    return apply(POW_SCALAR_BASE, [b], { base: Number(a) });
  }
  if (b instanceof Tensor) return apply(POW_TENSOR, [a, b], undefined);
  return apply(POW_SCALAR, [a], { exponent: Number(b) });
}

export const atan2 = (a: TensorOrScalar, b: TensorOrScalar): Tensor => apply(ATAN2, [wrap(a), wrap(b)], undefined);
export const maximum = (a: Tensor, b: Tensor): Tensor => apply(MAXIMUM, [a, b], undefined);
export const minimum = (a: Tensor, b: Tensor): Tensor => apply(MINIMUM, [a, b], undefined);
export const fmod = (a: Tensor, b: TensorOrScalar): Tensor =>
  b instanceof Tensor ? apply(FMOD, [a, b], undefined) : apply(FMOD_SCALAR, [a, wrap(b)], undefined);
export const remainder = (a: Tensor, b: TensorOrScalar): Tensor =>
  b instanceof Tensor ? apply(REMAINDER, [a, b], undefined) : apply(REMAINDER_SCALAR, [a, wrap(b)], undefined);

// ---------------------------------------------------------------- in place

export function add_(self: Tensor, other: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  return applyInplace(ADD, self, [wrap(other)], { alpha: opts?.alpha ?? 1 });
}
export function sub_(self: Tensor, other: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  return applyInplace(SUB, self, [wrap(other)], { alpha: opts?.alpha ?? 1 });
}
export function mul_(self: Tensor, other: TensorOrScalar): Tensor {
  return applyInplace(MUL, self, [wrap(other)], undefined);
}
export function div_(self: Tensor, other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor {
  const mode = opts?.rounding_mode ?? null;
  if (mode === null) return applyInplace(DIV, self, [wrap(other)], undefined);
  return applyInplace(DIV_ROUNDING, self, [wrap(other)], { mode });
}
export function pow_(self: Tensor, exponent: TensorOrScalar): Tensor {
  if (exponent instanceof Tensor) return applyInplace(POW_TENSOR, self, [exponent], undefined);
  return applyInplace(POW_SCALAR, self, [], { exponent: Number(exponent) });
}

const FILL = defineOp<{ value: number }>({
  node: 'FillBackward0',
  forward: ([x], { value }) => K.full(x.shape, value, x.dtype),
  backward: (g) => [zerosLike(g)],
});
const ZERO = defineOp<{ value: number }>({ ...FILL, node: 'ZeroBackward0' });

export function fill_(self: Tensor, value: TensorOrScalar): Tensor {
  const v = value instanceof Tensor ? (value.item() as number) : Number(value);
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.dim()} dimensions.`);
  }
  return applyInplace(v === 0 && !(value instanceof Tensor) && value !== false ? ZERO : FILL, self, [], { value: v });
}

const COPY = defineOp({
  node: 'torch::autograd::CopyBackwards',
  forward: ([self, src]) => K.cast(src.expand(self.shape), self.dtype),
  backward: (g, _s, { meta }) => [zerosLike(g), g.to(meta[1].dtype)],
});

export function copy_(self: Tensor, src: Tensor): Tensor {
  broadcastShapes(self.shape, src.shape);
  if (!src.is_broadcastable_to(self.shape)) {
    throw new RangeError(
      `output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${broadcastShapes(self.shape, src.shape).join(', ')}]`,
    );
  }
  // copy_ casts to self's dtype whatever the source's; skip the can-cast check applyInplace makes.
  return applyInplace(
    COPY,
    self,
    [src.dtype === self.dtype ? src : src.detach().to(self.dtype).requires_grad_(false)],
    undefined,
  );
}

// ---------------------------------------------------------------- clamp, lerp, where

interface ClampArgs {
  min: number | null;
  max: number | null;
}

function clampDef(node: string) {
  return defineOp<ClampArgs>({
    node,
    saves: ['self'],
    forward: ([x], { min, max }) => {
      const dtype = resultType(x, ...(min !== null ? [min] : []), ...(max !== null ? [max] : []));
      const input = K.cast(x, dtype);
      const out = K.empty(x.shape, dtype);
      backendClamp(input, min ?? NaN, max ?? NaN, out);
      return out;
    },
    backward: (g, s, { args }) => {
      const x = s.self;
      let keep: Tensor | null = null;
      if (args.min !== null) keep = x.ge(args.min);
      if (args.max !== null) keep = keep === null ? x.le(args.max) : keep.logical_and(x.le(args.max));
      return [keep === null ? g : g.mul(keep)];
    },
  });
}
const CLAMP = clampDef('ClampBackward1');
const CLAMP_MIN = clampDef('ClampMinBackward0');
const CLAMP_MAX = clampDef('ClampMaxBackward0');

function backendClamp(x: Tensor, lo: number, hi: number, out: Tensor): void {
  backend().clamp(x._v(), lo, hi, out._v());
}

function clampArgs(min?: number | null, max?: number | null): [OpDef<ClampArgs>, ClampArgs] {
  const lo = min ?? null;
  const hi = max ?? null;
  if (lo === null && hi === null) throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const def = lo !== null && hi !== null ? CLAMP : lo !== null ? CLAMP_MIN : CLAMP_MAX;
  return [def, { min: lo, max: hi }];
}

export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const [def, args] = clampArgs(min, max);
  return apply(def, [x], args);
}

export function clamp_(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const [def, args] = clampArgs(min, max);
  return applyInplace(def, x, [], args);
}

const LERP = defineOp<{ weight: number }>({
  node: 'LerpBackward0',
  forward: ([a, b], { weight }) => {
    const dtype = resultType(a, b);
    return K.binary('add', a, K.binary('mul', K.binary('sub', b, a, dtype), wrap(weight), dtype), dtype);
  },
  backward: (g, _s, { args }) => [g.mul(1 - args.weight), g.mul(args.weight)],
});

const LERP_TENSOR = defineOp({
  node: 'LerpBackward1',
  saves: ['self', 'other', 'third'],
  forward: ([a, b, w]) => {
    const dtype = resultType(a, b, w);
    return K.binary('add', a, K.binary('mul', K.binary('sub', b, a, dtype), w, dtype), dtype);
  },
  backward: (g, s) => [g.mul(s.third.neg().add(1)), g.mul(s.third), g.mul(s.other.sub(s.self))],
});

export function lerp(a: Tensor, b: Tensor, weight: TensorOrScalar): Tensor {
  return weight instanceof Tensor
    ? apply(LERP_TENSOR, [a, b, weight], undefined)
    : apply(LERP, [a, b], { weight: Number(weight) });
}

export function lerp_(a: Tensor, b: Tensor, weight: TensorOrScalar): Tensor {
  return weight instanceof Tensor
    ? applyInplace(LERP_TENSOR, a, [b, weight], undefined)
    : applyInplace(LERP, a, [b], { weight: Number(weight) });
}

// where(condition, self, other): the condition is an argument, not a differentiable input.
const WHERE = defineOp<{ cond: Tensor }>({
  node: 'WhereBackward0',
  forward: ([a, b], { cond }) => {
    if (cond.dtype !== bool) {
      throw new TypeError(
        `where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype.name[0].toUpperCase() + cond.dtype.name.slice(1)}`,
      );
    }
    return K.where(cond, a, b, resultType(a, b));
  },
  backward: (g, _s, { args, needs }) => [
    needs[0] ? where(args.cond, g, 0) : null,
    needs[1] ? where(args.cond, 0, g) : null,
  ],
});

export function where(cond: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return apply(WHERE, [wrap(a), wrap(b)], { cond });
}

// ---------------------------------------------------------------- comparisons (never recorded)

type CompareKind = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logical_and' | 'logical_or' | 'logical_xor';

function compare(kind: CompareKind, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const ta = wrap(a);
  const tb = wrap(b);
  return K.binary(kind, ta, tb, resultType(ta, tb));
}

export const eq = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('eq', a, b);
export const ne = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('ne', a, b);
export const lt = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('lt', a, b);
export const le = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('le', a, b);
export const gt = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('gt', a, b);
export const ge = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('ge', a, b);
export const logical_and = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('logical_and', a, b);
export const logical_or = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('logical_or', a, b);
export const logical_xor = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('logical_xor', a, b);

interface CloseOpts {
  rtol?: number;
  atol?: number;
  equal_nan?: boolean;
}

/** |a - b| <= atol + rtol * |b|, with equal infinities close and NaN close only with equal_nan. */
export function isclose(a: Tensor, b: Tensor, opts?: CloseOpts): Tensor {
  const rtol = opts?.rtol ?? 1e-5;
  const atol = opts?.atol ?? 1e-8;
  if (a.dtype !== b.dtype) {
    throw new TypeError(
      `${a.dtype.name === 'float32' ? 'Float' : a.dtype.name} did not match ${b.dtype.name === 'float32' ? 'Float' : b.dtype.name}`,
    );
  }
  return no_grad(() => {
    const dtype = a.dtype.is_floating_point ? a.dtype : float32;
    const exact = eq(a, b);
    const diff = K.unary('abs', K.binary('sub', a, b, dtype));
    const tol = K.binary(
      'add',
      wrap(atol),
      K.binary('mul', wrap(rtol), K.unary('abs', K.cast(b, dtype)), dtype),
      dtype,
    );
    let close = logical_or(exact, K.binary('le', diff, tol, dtype).logical_and(K.unary('isfinite', diff)));
    if (opts?.equal_nan) close = logical_or(close, isnan(a).logical_and(isnan(b)));
    return close;
  });
}

export function allclose(a: Tensor, b: Tensor, opts?: CloseOpts): boolean {
  const close = isclose(a, b, opts);
  return K.reduce('all', close, [...Array(close.dim()).keys()], false, bool)._data[0] === 1;
}

/** True when both have the same shape and elements (torch.equal). */
export function equal(a: Tensor, b: Tensor): boolean {
  if (a.dim() !== b.dim() || a.shape.some((s, i) => s !== b.shape[i])) return false;
  const same = eq(a, b);
  return K.reduce('all', same, [...Array(same.dim()).keys()], false, bool)._data[0] === 1;
}

// ---------------------------------------------------------------- dtype conversion

const TO_COPY = defineOp<{ dtype: DType }>({
  node: 'ToCopyBackward0',
  forward: ([x], { dtype }) => (x.dtype === dtype ? K.copyOf(x) : K.cast(x, dtype)),
  backward: (g, _s, { meta }) => [g.to(meta[0].dtype)],
});

export function to(x: Tensor, dtype: DType, copy: boolean): Tensor {
  if (x.dtype === dtype && !copy) return x;
  return apply(TO_COPY, [x], { dtype });
}
