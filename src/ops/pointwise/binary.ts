// pow (tensor^scalar, tensor^tensor, scalar^tensor), atan2, maximum/minimum, fmod/remainder, and
// their in-place forms. Backward formulas follow derivatives.yaml and FunctionsManual.cpp.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods and
// torch.special functions (as special_<name>); op(), fn(), method(), src/ops/declare.ts), each
// right after its implementation: its PyTorch signature and gradcheck samples beside the forward,
// the autograd node (backward formula, saved tensors, JVP and batching rule) and any composite it
// is built from.

import { bool } from '../../tensor/dtype.js';
import { Tensor, type Scalar, type TensorOrScalar } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../../autograd/op.js';
import type { BinaryKind } from '../../backend/backend.js';
import {
  op,
  type Declared,
  type Domain,
  type MethodMap,
  type NameOf,
  type Samples,
  type OpSample,
  alias,
  fn,
} from '../declare.js';
import { checkIntegerDivisor, inplace, notDifferentiable } from './arith.js';
import { floatOf, notImplemented, resultType, resultType2, wrap } from './promote.js';
import { whereImpl } from './ternary.js';

// ---------------------------------------------------------------- pow

/** x ** p for a scalar p, with ATen's shortcuts (p = 0 fills ones, p = 1 copies, 0.5 is sqrt). */
function powScalarForward(x: Tensor, exponent: Scalar): Tensor {
  const dtype = resultType2(x, wrap(exponent));
  const p = Number(exponent);
  if (dtype === bool) throw notImplemented('pow', dtype);
  if (!dtype.is_floating_point && Number.isInteger(p) && p < 0) {
    throw new RangeError('Integers to negative integer powers are not allowed.');
  }
  if (p === 0) return K.full(x._shape, 1, dtype);
  if (p === 1) return x._dtype === dtype ? K.copyOf(x) : K.cast(x, dtype);
  if (dtype.is_floating_point && p === 0.5) return K.unary('sqrt', x, dtype);
  if (dtype.is_floating_point && p === -0.5) return K.unary('rsqrt', x, dtype);
  // ATen's pow kernel (PowKernel.cpp) special-cases these exponents: x² as x·x, x³ as (x·x)·x,
  // x⁻¹ as 1/x and x⁻² as 1/(x·x), each rounded to the dtype at every step; x³ and x⁻² so differ
  // from a correctly rounded pow in the last bit, and PyTorch's values are these.
  if (dtype.is_floating_point && p === -1) return K.unary('reciprocal', x, dtype);
  if (dtype.is_floating_point && (p === 2 || p === 3 || p === -2)) {
    const sq = K.binary('mul', x, x, dtype);
    if (p === 2) return sq;
    if (p === 3) return K.binary('mul', sq, x, dtype);
    return K.unary('reciprocal', sq, dtype);
  }
  return K.binary('pow', x, wrap(exponent), dtype);
}

// pow(Tensor self, Scalar exponent)
const POW_SCALAR = defineOp<{ exponent: Scalar }>({
  node: 'PowBackward0',
  jvp: 'elementwise',
  saves: ['self'],
  forward: ([x], { exponent }) => powScalarForward(x, exponent),
  // grad * p * x^(p-1); exactly zero for p = 0
  backward: (g, s, { args }) => {
    const p = Number(args.exponent);
    if (p === 0) return [K.full(s.self._shape, 0, g._dtype)];
    return [g.mul(s.self.pow(p - 1).mul(p))];
  },
});

// pow(Tensor self, Tensor exponent)
const POW_TENSOR = defineOp({
  node: 'PowBackward1',
  jvp: 'elementwise',
  saves: ['self', 'other', 'result'],
  forward: ([a, b]) => {
    const dtype = resultType2(a, b);
    if (dtype === bool) throw notImplemented('pow', dtype);
    return K.binary('pow', a, b, dtype);
  },
  backward: (g, s, { needs }) => {
    const { self, other, result } = s;
    // d/da a^b = b a^(b-1), taken as 0 where b == 0
    const ga = needs[0] ? whereImpl(other.eq(0), 0, g.mul(other.mul(self.pow(other.sub(1))))) : null;
    // d/db a^b = a^b log a, taken as 0 where a == 0 and b >= 0 (pow_backward_exponent)
    const zeroBase = self.eq(0).logical_and(other.ge(0));
    const gb = needs[1] ? g.mul(whereImpl(zeroBase, 0, result.mul(self.to(resultType2(self, other)).log()))) : null;
    return [ga, gb];
  },
});

// pow(Scalar self, Tensor exponent)
const POW_SCALAR_BASE = defineOp<{ base: Scalar }>({
  node: 'PowBackward2',
  jvp: 'elementwise',
  saves: ['self', 'result'],
  forward: ([e], { base }) => {
    const dtype = resultType(base, e);
    if (dtype === bool) throw notImplemented('pow', dtype);
    if (Number(base) === 1) return K.full(e._shape, 1, dtype);
    return K.binary('pow', wrap(base), e, dtype);
  },
  // grad * result * log(base); at base 0, taken as 0 where the exponent is >= 0
  backward: (g, s, { args }) => {
    const base = Number(args.base);
    const scaled = s.result.mul(Math.log(base));
    return [g.mul(base === 0 ? whereImpl(s.self.ge(0), 0, scaled) : scaled)];
  },
});

export function powImpl(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (!(a instanceof Tensor)) {
    if (!(b instanceof Tensor)) throw new TypeError('pow expects at least one tensor operand');
    return apply(POW_SCALAR_BASE, [b], { base: a });
  }
  if (b instanceof Tensor) return apply(POW_TENSOR, [a, b], undefined);
  return apply(POW_SCALAR, [a], { exponent: b });
}

export const pow = op(
  [
    'pow(Tensor self, Tensor exponent)',
    'pow(Tensor|Number self, Scalar exponent)',
    '@hidden pow(Scalar self, Tensor exponent)',
  ],
  powImpl,
  {
    inplace: pow_,
    samples: (k, f): OpSample[] => [
      ...k.binary('pow', (a, b) => a.pow(b), [0.5, 2], [-2, 2]),
      ...k.unary('pow scalar 3', (x) => x.pow(3)),
      ...k.unary('pow scalar 0', (x) => x.pow(0)),
      ...k.unary('pow scalar -1.5', (x) => x.pow(-1.5), [0.3, 2]),
      ...k.unary('pow scalar 0.5', (x) => x.pow(0.5), [0.3, 2]),
      ...k.unary('pow scalar base 2.5', (x) => f(2.5, x)),
      ...k.inplace('pow_', (a, b) => a.clone().pow_(b), [0.5, 2], [-2, 2]),
      ...k.unary('pow_ scalar', (x) => x.clone().pow_(2)),
    ],
  },
);

/** square is pow(x, 2) in PyTorch (grad_fn PowBackward0). */
export const squareImpl = (x: Tensor): Tensor => powImpl(x, 2);

export function pow_(self: Tensor, exponent: TensorOrScalar): Tensor {
  if (exponent instanceof Tensor) return inplace(POW_TENSOR, self, [exponent], undefined);
  if (!self._dtype.is_floating_point && !Number.isInteger(Number(exponent))) {
    // ATen's pow_ with a float scalar on an integer tensor fails in its kernel dtype check.
    throw new TypeError(`Found dtype ${self._dtype.scalarType} but expected Float`);
  }
  return inplace(POW_SCALAR, self, [], { exponent });
}

export const square_ = (self: Tensor): Tensor => pow_(self, 2);

export const square = op('square(Tensor self)', squareImpl, {
  inplace: square_,
  samples: (k): OpSample[] => k.unary('square', (x) => x.square()),
});

// ---------------------------------------------------------------- atan2, maximum, minimum

const ATAN2 = defineOp({
  node: 'Atan2Backward0',
  jvp: 'elementwise',
  saves: ['self', 'other'],
  forward: ([a, b]) => K.binary('atan2', a, b, floatOf(resultType2(a, b))),
  // d/da atan2(a, b) = b / (a^2 + b^2); d/db = -a / (a^2 + b^2)
  backward: (g, s, { needs }) => {
    const recip = s.self.mul(s.self).add(s.other.mul(s.other)).reciprocal();
    return [needs[0] ? g.mul(s.other).mul(recip) : null, needs[1] ? g.mul(s.self.neg()).mul(recip) : null];
  },
});

function extremum(kind: 'maximum' | 'minimum', node: string) {
  return defineOp({
    node,
    jvp: 'elementwise',
    saves: ['self', 'other'],
    forward: ([a, b]) => K.binary(kind, a, b, resultType2(a, b)),
    // Ties split the gradient in half; NaN comparisons are false, so both sides get it all.
    backward: (g, s, { needs }) => {
      const { self, other } = s;
      const shared = whereImpl(self.eq(other), g.div(2), g);
      const selfLoses = kind === 'maximum' ? self.lt(other) : self.gt(other);
      const otherLoses = kind === 'maximum' ? self.gt(other) : self.lt(other);
      return [needs[0] ? whereImpl(selfLoses, 0, shared) : null, needs[1] ? whereImpl(otherLoses, 0, shared) : null];
    },
  });
}
const MAXIMUM = extremum('maximum', 'MaximumBackward0');
const MINIMUM = extremum('minimum', 'MinimumBackward0');

export const atan2Impl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => apply(ATAN2, [wrap(a), wrap(b)], undefined);
export const atan2_ = (self: Tensor, other: TensorOrScalar): Tensor => inplace(ATAN2, self, [wrap(other)], undefined);

export const atan2 = op('atan2(Tensor|Number self, Tensor|Number other)', atan2Impl, {
  inplace: atan2_,
  samples: (k): OpSample[] => [
    ...k.binary('atan2', (a, b) => a.atan2(b), [-2, 2], [0.5, 2]),
    ...k.inplace('atan2_', (a, b) => a.clone().atan2_(b), [-2, 2], [0.5, 2]),
  ],
});
export const arctan2 = alias(atan2, 'arctan2');
export const maximumImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor =>
  apply(MAXIMUM, [wrap(a), wrap(b)], undefined);

export const maximum = op('maximum(Tensor|Number self, Tensor|Number other)', maximumImpl, {
  samples: (k): OpSample[] => [...k.binary('maximum', (a, b) => a.maximum(b))],
});
export const minimumImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor =>
  apply(MINIMUM, [wrap(a), wrap(b)], undefined);

export const minimum = op('minimum(Tensor|Number self, Tensor|Number other)', minimumImpl, {
  samples: (k): OpSample[] => [...k.binary('minimum', (a, b) => a.minimum(b))],
});

// ---------------------------------------------------------------- fmod, remainder

function modDefs(kind: 'fmod' | 'remainder', node: string, rounding: 'trunc' | 'floor') {
  const forward = ([a, b]: readonly Tensor[]): Tensor => {
    const dtype = resultType2(a, b);
    if (dtype === bool) throw notImplemented(`${kind}_cpu`, dtype);
    checkIntegerDivisor(b, dtype, a);
    return K.binary(kind, a, b, dtype);
  };
  const tensor = defineOp({
    node: `${node}1`,
    saves: ['self', 'other'],
    forward,
    // d/db (a - b * round(a / b)) = -round(a / b)
    backward: (g, s, { needs }) => [g, needs[1] ? g.neg().mul(s.self.div(s.other, { rounding_mode: rounding })) : null],
  });
  const scalar = defineOp({ node: `${node}0`, forward, backward: (g) => [g, null] });
  // remainder(Scalar self, Tensor other) has no derivative in PyTorch.
  const scalarSelf = notDifferentiable(forward, kind);
  return { tensor, scalar, scalarSelf };
}
const FMOD = modDefs('fmod', 'FmodBackward', 'trunc');
const REMAINDER = modDefs('remainder', 'RemainderBackward', 'floor');

export const fmodImpl = (a: Tensor, b: TensorOrScalar): Tensor =>
  apply(b instanceof Tensor ? FMOD.tensor : FMOD.scalar, [a, wrap(b)], undefined);
export function remainderImpl(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const def = !(a instanceof Tensor) ? REMAINDER.scalarSelf : b instanceof Tensor ? REMAINDER.tensor : REMAINDER.scalar;
  return apply(def, [wrap(a), wrap(b)], undefined);
}
export const fmod_ = (self: Tensor, b: TensorOrScalar): Tensor =>
  inplace(b instanceof Tensor ? FMOD.tensor : FMOD.scalar, self, [wrap(b)], undefined);

export const fmod = op(['fmod(Tensor self, Tensor other)', 'fmod(Tensor self, Scalar other)'], fmodImpl, {
  inplace: fmod_,
  samples: (k): OpSample[] => [
    ...k.binary('fmod', (a, b) => a.fmod(b), [0.1, 0.9], [1.5, 2]),
    ...k.unary('fmod scalar', (x) => x.fmod(1.5), [0.1, 1.4]),
  ],
});
export const remainder_ = (self: Tensor, b: TensorOrScalar): Tensor =>
  inplace(b instanceof Tensor ? REMAINDER.tensor : REMAINDER.scalar, self, [wrap(b)], undefined);

export const remainder = op(
  ['remainder(Tensor|Number self, Tensor other)', 'remainder(Tensor self, Scalar other)'],
  remainderImpl,
  {
    inplace: remainder_,
    samples: (k): OpSample[] => [
      ...k.binary('remainder', (a, b) => a.remainder(b), [-0.9, -0.1], [1.5, 2]),
      ...k.unary('remainder scalar', (x) => x.remainder(1.5), [-1.4, -0.1]),
    ],
  },
);

// ---------------------------------------------------------------- xlogy

// xlogy(Tensor self, Tensor other): self * log(other), 0 where self is 0 (NaN other stays NaN).
const XLOGY = defineOp({
  node: 'XlogyBackward0',
  jvp: 'elementwise',
  saves: ['self', 'other'],
  forward: ([a, b]) => K.binary('xlogy', a, b, floatOf(resultType2(a, b))),
  // self: xlogy(grad, other), 0 where self == 0 and other <= 0 (the derivative along x = 0);
  // other: grad * self / other
  backward: (g, s, { needs }) => [
    needs[0] ? xlogyImpl(g, s.other).masked_fill(s.self.eq(0).logical_and(s.other.le(0)), 0) : null,
    needs[1] ? g.mul(s.self).div(s.other) : null,
  ],
});

// xlogy(Scalar self, Tensor other)
const XLOGY_SCALAR_SELF = defineOp<{ self: Scalar }>({
  node: 'XlogyBackward1',
  jvp: 'elementwise',
  saves: ['other'],
  inputs: ['other'],
  forward: ([b], { self }) => K.binary('xlogy', wrap(self), b, floatOf(resultType(self, b))),
  backward: (g, s, { args }) => [g.mul(args.self).div(s.other)],
});

// xlogy(Tensor self, Scalar other)
const XLOGY_SCALAR_OTHER = defineOp<{ other: Scalar }>({
  node: 'XlogyBackward2',
  jvp: 'elementwise',
  saves: ['self'],
  forward: ([a], { other }) => K.binary('xlogy', a, wrap(other), floatOf(resultType(a, other))),
  // xlogy(grad, other), 0 where self == 0 unless other > 0
  backward: (g, s, { args }) => {
    const d = xlogyImpl(g, args.other);
    return [Number(args.other) > 0 ? d : d.masked_fill(s.self.eq(0), 0)];
  },
});

function xlogyArgs(a: unknown, b: unknown): never {
  const name = (v: unknown): string => (v instanceof Tensor ? 'Tensor' : Array.isArray(v) ? 'Array' : typeof v);
  throw new TypeError(
    `xlogy() received an invalid combination of arguments - got (${name(a)}, ${name(b)}), but expected one of:\n` +
      ' * (Tensor input, Tensor other)\n * (Number self, Tensor other)\n * (Tensor input, Number other)',
  );
}

const isScalar = (v: unknown): v is Scalar => typeof v === 'number' || typeof v === 'boolean';

export function xlogyImpl(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (a instanceof Tensor) {
    if (b instanceof Tensor) return apply(XLOGY, [a, b], undefined);
    if (isScalar(b)) return apply(XLOGY_SCALAR_OTHER, [a], { other: b });
  } else if (isScalar(a) && b instanceof Tensor) {
    return apply(XLOGY_SCALAR_SELF, [b], { self: a });
  }
  return xlogyArgs(a, b);
}

export const xlogy = op(
  ['xlogy(Tensor self, Tensor other)', '@hidden xlogy(Scalar self, Tensor other)', 'xlogy(Tensor self, Scalar other)'],
  xlogyImpl,
  {
    inplace: xlogy_,
    samples: (k, f): OpSample[] => [
      ...k.binary('xlogy', (a, b) => a.xlogy(b), [-2, 2], [0.5, 2]),
      {
        name: 'xlogy zero self',
        inputs: () => [k.values([0, 0.5, 0, -1.2]), k.values([0.7, 1.3, 2.1, 0.4])],
        fn: (a, b) => a.xlogy(b),
      },
      { name: 'xlogy scalar self', inputs: () => [k.make([2, 3], { lo: 0.5, hi: 2 })], fn: (x) => f(2.5, x) },
      { name: 'xlogy scalar other', inputs: () => [k.make([2, 3])], fn: (x) => x.xlogy(3) },
      ...k.inplace('xlogy_', (a, b) => a.clone().xlogy_(b), [-2, 2], [0.5, 2]),
    ],
  },
);
export const special_xlogy = fn(
  [
    'special_xlogy(Tensor self, Tensor other)',
    'special_xlogy(Scalar self, Tensor other)',
    'special_xlogy(Tensor self, Scalar other)',
  ],
  xlogyImpl,
);

export function xlogy_(self: Tensor, other: TensorOrScalar): Tensor {
  if (other instanceof Tensor) return inplace(XLOGY, self, [other], undefined);
  if (isScalar(other)) return inplace(XLOGY_SCALAR_OTHER, self, [], { other });
  return xlogyArgs(self, other);
}

// ---------------------------------------------------------------- declaring a binary op in one call

type Binary = (self: TensorOrScalar, other: TensorOrScalar) => Tensor;
type BinaryInplace = (self: Tensor, other: TensorOrScalar) => Tensor;
/**
 * What binaryOp declares: torch.N, Tensor.N and, unless the op has no in-place form, Tensor.N_.
 * A declaration states it for the reason UnaryOp gives (unary.ts).
 */
export type BinaryOp<N extends string, InPlace extends boolean = true> = Declared<
  Binary,
  MethodMap<N, Binary, InPlace extends true ? BinaryInplace : undefined, never>
>;
export interface BinaryDeclOpts {
  /** Names of the saved tensors ('self', 'other', 'result'). */
  saves?: readonly string[];
  /** Integer and bool operands compute in the default float dtype (copysign of two ints is float). */
  float?: boolean;
  /** The op computes in floating dtypes only: its ATen kernel's name for the "not implemented" error. */
  floatOnly?: string;
  /** PyTorch has no in-place form (fmax_, logaddexp_). */
  noInplace?: boolean;
  /** Domains of the two operands in the gradcheck samples (default [-2, 2] each). */
  domains?: readonly [Domain, Domain];
  /** Samples besides the standard binary rows on `domains`. */
  samples?: Samples;
}

/**
 * Declares an elementwise op of two tensors in one call: its signature (whose name is its kernel
 * kind: 'hypot(Tensor|Number self, Tensor|Number other)' runs kind hypot), grad_fn node, backward formula (one
 * gradient per operand, each only when `needs` says so), saved tensors, dtype rule and gradcheck
 * samples. Operands promote as PyTorch's binary ops do; a number is the 0-dim tensor of it, as
 * everywhere a tensor operand goes (DESIGN.md).
 */
export function binaryOp<S extends `${BinaryKind}(${string}`, InPlace extends boolean = true>(
  sig: S,
  node: string,
  backward: OpDef<undefined>['backward'],
  opts: BinaryDeclOpts = {},
): BinaryOp<NameOf<S>, InPlace> {
  const kind = sig.slice(0, sig.indexOf('(')) as BinaryKind;
  const def = defineOp({
    node,
    jvp: 'elementwise',
    saves: opts.saves ?? [],
    forward: ([a, b]) => {
      const dtype = resultType2(a, b);
      if (opts.floatOnly !== undefined && !dtype.is_floating_point) throw notImplemented(opts.floatOnly, dtype);
      return K.binary(kind, a, b, opts.float === true ? floatOf(dtype) : dtype);
    },
    backward,
  });
  const [da, db] = opts.domains ?? [undefined, undefined];
  const decl = op<S, Binary, BinaryInplace | undefined>(sig, (a, b) => apply(def, [wrap(a), wrap(b)], undefined), {
    inplace: opts.noInplace === true ? undefined : (self, other) => inplace(def, self, [wrap(other)], undefined),
    samples: (kit, f) => [...kit.binary(kind, f, da, db), ...(opts.samples?.(kit, f) ?? [])],
  });
  return decl as unknown as BinaryOp<NameOf<S>, InPlace>;
}

// ---------------------------------------------------------------- copysign

// copysign_tensor_self_backward: grad * result / self, 0 where self is 0; other gets no gradient.
const copysignSelf = (g: Tensor, self: Tensor, result: Tensor): Tensor =>
  g.mul(result.div(self).masked_fill(self.eq(0), 0));
const copysignForward = ([a, b]: readonly Tensor[]): Tensor => K.binary('copysign', a, b, floatOf(resultType2(a, b)));
// copysign(Tensor self, Tensor other)
const COPYSIGN = defineOp({
  node: 'CopysignBackward0',
  jvp: 'elementwise',
  saves: ['self', 'result'],
  forward: copysignForward,
  backward: (g, s, { needs }) => [needs[0] ? copysignSelf(g, s.self, s.result) : null, needs[1] ? g.mul(0) : null],
});
// copysign(Tensor self, Scalar other)
const COPYSIGN_SCALAR = defineOp({
  node: 'CopysignBackward1',
  jvp: 'elementwise',
  saves: ['self', 'result'],
  forward: copysignForward,
  backward: (g, s) => [copysignSelf(g, s.self, s.result), null],
});
export const copysignImpl = (a: Tensor, b: TensorOrScalar): Tensor =>
  apply(b instanceof Tensor ? COPYSIGN : COPYSIGN_SCALAR, [a, wrap(b)], undefined);
export const copysign_ = (self: Tensor, b: TensorOrScalar): Tensor =>
  inplace(b instanceof Tensor ? COPYSIGN : COPYSIGN_SCALAR, self, [wrap(b)], undefined);

// Each declared in one binaryOp call: signature (naming its kernel kind), node, backward, saves,
// dtype rule, samples.

// grad * self / result, grad * other / result
export const hypot: BinaryOp<'hypot'> = binaryOp(
  'hypot(Tensor|Number self, Tensor|Number other)',
  'HypotBackward0',
  (g, s, { needs }) => [needs[0] ? g.mul(s.self).div(s.result) : null, needs[1] ? g.mul(s.other).div(s.result) : null],
  { saves: ['self', 'other', 'result'], floatOnly: 'hypot_cpu' },
);
// The gradient goes to the operand taken: self where self >= other or other is NaN.
export const fmax: BinaryOp<'fmax', false> = binaryOp(
  'fmax(Tensor|Number self, Tensor|Number other)',
  'FmaxBackward0',
  (g, s, { needs }) => {
    const takesSelf = s.self.ge(s.other).logical_or(s.other.isnan());
    return [needs[0] ? g.masked_fill(takesSelf.logical_not(), 0) : null, needs[1] ? g.masked_fill(takesSelf, 0) : null];
  },
  { saves: ['self', 'other'], noInplace: true },
);
export const fmin: BinaryOp<'fmin', false> = binaryOp(
  'fmin(Tensor|Number self, Tensor|Number other)',
  'FminBackward0',
  (g, s, { needs }) => {
    const takesSelf = s.self.le(s.other).logical_or(s.other.isnan());
    return [needs[0] ? g.masked_fill(takesSelf.logical_not(), 0) : null, needs[1] ? g.masked_fill(takesSelf, 0) : null];
  },
  { saves: ['self', 'other'], noInplace: true },
);
// grad / (1 + exp(other - self)), grad / (1 + exp(self - other))
export const logaddexp: BinaryOp<'logaddexp', false> = binaryOp(
  'logaddexp(Tensor|Number self, Tensor|Number other)',
  'LogaddexpBackward0',
  (g, s, { needs }) => [
    needs[0] ? g.div(s.other.sub(s.self).exp().add(1)) : null,
    needs[1] ? g.div(s.self.sub(s.other).exp().add(1)) : null,
  ],
  { saves: ['self', 'other'], floatOnly: 'logaddexp_cpu', noInplace: true },
);
// grad / (1 + 2^(other - self)), grad / (1 + 2^(self - other))
export const logaddexp2: BinaryOp<'logaddexp2', false> = binaryOp(
  'logaddexp2(Tensor|Number self, Tensor|Number other)',
  'Logaddexp2Backward0',
  (g, s, { needs }) => [
    needs[0] ? g.div(powImpl(2, s.other.sub(s.self)).add(1)) : null,
    needs[1] ? g.div(powImpl(2, s.self.sub(s.other)).add(1)) : null,
  ],
  { saves: ['self', 'other'], floatOnly: 'logaddexp2_cpu', noInplace: true },
);
export const copysign = op(
  ['copysign(Tensor self, Tensor other)', 'copysign(Tensor self, Scalar other)'],
  copysignImpl,
  {
    inplace: copysign_,
    samples: (k, f): OpSample[] => [
      ...k.binary('copysign', f),
      ...k.unary('copysign scalar', (x) => x.copysign(-1)),
      ...k.inplace('copysign_', (a, b) => a.clone().copysign_(b)),
    ],
  },
);
