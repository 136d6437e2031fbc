// The public elementwise ops, each declared once: its signature (PyTorch's notation,
// native_functions.yaml) and, for the unary ops, its whole definition in one line: grad_fn node,
// backward formula (derivatives.yaml), saved tensors, dtype rules and gradcheck samples (unaryOp,
// src/ops/pointwise/unary.ts; the kernel is the kind of the same name in src/backend/kinds.ts and
// native/kinds.h). The other ops' nodes live in src/ops/pointwise/. Samples are made with the op
// database's kit (SampleKit, src/ops/declare.ts). See src/ops/declare.ts for what a declaration makes.

import type { Tensor } from '../tensor/tensor.js';
import { alias, op, overloads, type OpSample, type SampleKit, type Samples } from '../ops/declare.js';
import * as P from '../ops/pointwise.js';
import { unaryOp, type UnaryOp } from '../ops/pointwise/unary.js';
import { binaryOp, type BinaryOp } from '../ops/pointwise/binary.js';
import { threshold_backward } from '../ops/threshold.js';
import type { CloseOpts } from '../ops/pointwise/compare.js';

type T = Tensor;

const NEG_BOOL =
  'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.';
const zeros = (g: T): T => g.mul(0);
const LN2 = Math.LN2;
const LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const HALF_SQRT_PI = 0.5 * Math.sqrt(Math.PI);
const polygamma1 = (x: T): T => P.polygammaImpl(1, x);

// Sample inputs for domains a [lo, hi] range cannot express.
const awayFromZeroValues = (k: SampleKit): T => k.values([-1.7, -0.9, -0.3, 0.25, 0.6, 1.4], [2, 3]);
/** Rows on values away from 0 (abs, sign, relu have a kink there). */
const awayFromZero =
  (name: string, transposedRow = true): Samples =>
  (k, f) => [
    { name, inputs: () => [awayFromZeroValues(k)], fn: f },
    ...(transposedRow ? [{ name: `${name} transposed`, inputs: () => [awayFromZeroValues(k).t()], fn: f }] : []),
  ];
const negatives = (k: SampleKit): T => k.values([-2.9, -2.6, -2.2, -1.7, -0.7, -0.3], [2, 3]);

// ---------------------------------------------------------------- unary math

export const neg: UnaryOp<'neg'> = unaryOp('neg(Tensor self)', 'NegBackward0', (g) => [g.neg()], {
  float: false,
  noBool: NEG_BOOL,
});
export const abs: UnaryOp<'abs'> = unaryOp('abs(Tensor self)', 'AbsBackward0', (g, s) => [g.mul(s.self.sign())], {
  float: false,
  saves: ['self'],
  noBool: 'abs_cpu',
  samples: awayFromZero('abs'),
});
export const sign: UnaryOp<'sign'> = unaryOp('sign(Tensor self)', 'SignBackward0', (g) => [zeros(g)], {
  float: false,
  samples: awayFromZero('sign', false),
});
export const exp: UnaryOp<'exp'> = unaryOp('exp(Tensor self)', 'ExpBackward0', (g, s) => [g.mul(s.result)], {
  saves: ['result'],
  samples: (k, f) => [...k.unary('exp', f), ...k.unary('exp_', (x) => x.clone().exp_())],
});
export const exp2: UnaryOp<'exp2'> = unaryOp(
  'exp2(Tensor self)',
  'Exp2Backward0',
  (g, s) => [g.mul(s.result.mul(LN2))],
  { saves: ['result'] },
);
export const log: UnaryOp<'log'> = unaryOp('log(Tensor self)', 'LogBackward0', (g, s) => [g.div(s.self)], {
  saves: ['self'],
  domain: [0.2, 3],
});
export const log2: UnaryOp<'log2'> = unaryOp('log2(Tensor self)', 'Log2Backward0', (g, s) => [g.div(s.self.mul(LN2))], {
  saves: ['self'],
  domain: [0.2, 3],
});
export const log10: UnaryOp<'log10'> = unaryOp(
  'log10(Tensor self)',
  'Log10Backward0',
  (g, s) => [g.div(s.self.mul(LN10))],
  { saves: ['self'], domain: [0.2, 3] },
);
export const log1p: UnaryOp<'log1p'> = unaryOp(
  'log1p(Tensor self)',
  'Log1PBackward0',
  (g, s) => [g.div(s.self.add(1))],
  { saves: ['self'], domain: [-0.5, 2] },
);
export const expm1: UnaryOp<'expm1'> = unaryOp(
  'expm1(Tensor self)',
  'Expm1Backward0',
  (g, s) => [g.mul(s.result.add(1))],
  { saves: ['result'] },
);
export const sqrt: UnaryOp<'sqrt'> = unaryOp('sqrt(Tensor self)', 'SqrtBackward0', (g, s) => [g.div(s.result.mul(2))], {
  saves: ['result'],
  domain: [0.2, 3],
});
// -0.5 * grad * result^3
export const rsqrt: UnaryOp<'rsqrt'> = unaryOp(
  'rsqrt(Tensor self)',
  'RsqrtBackward0',
  (g, s) => [g.mul(s.result.pow(3)).mul(-0.5)],
  { saves: ['result'], domain: [0.2, 3] },
);
// -grad * result^2
export const reciprocal: UnaryOp<'reciprocal'> = unaryOp(
  'reciprocal(Tensor self)',
  'ReciprocalBackward0',
  (g, s) => [g.neg().mul(s.result.mul(s.result))],
  { saves: ['result'], domain: [0.3, 2] },
);
export const sin: UnaryOp<'sin'> = unaryOp('sin(Tensor self)', 'SinBackward0', (g, s) => [g.mul(s.self.cos())], {
  saves: ['self'],
});
export const cos: UnaryOp<'cos'> = unaryOp('cos(Tensor self)', 'CosBackward0', (g, s) => [g.mul(s.self.sin().neg())], {
  saves: ['self'],
});
// grad * (1 + result^2)
export const tan: UnaryOp<'tan'> = unaryOp(
  'tan(Tensor self)',
  'TanBackward0',
  (g, s) => [g.mul(s.result.pow(2).add(1))],
  { saves: ['result'], domain: [-1.2, 1.2] },
);
// grad / sqrt(1 - x^2)
export const asin: UnaryOp<'asin'> = unaryOp(
  'asin(Tensor self)',
  'AsinBackward0',
  (g, s) => [g.mul(s.self.pow(2).neg().add(1).rsqrt())],
  { saves: ['self'], domain: [-0.9, 0.9] },
);
export const acos: UnaryOp<'acos'> = unaryOp(
  'acos(Tensor self)',
  'AcosBackward0',
  (g, s) => [g.mul(s.self.pow(2).neg().add(1).rsqrt().neg())],
  { saves: ['self'], domain: [-0.9, 0.9] },
);
export const atan: UnaryOp<'atan'> = unaryOp(
  'atan(Tensor self)',
  'AtanBackward0',
  (g, s) => [g.div(s.self.pow(2).add(1))],
  { saves: ['self'] },
);
export const sinh: UnaryOp<'sinh'> = unaryOp('sinh(Tensor self)', 'SinhBackward0', (g, s) => [g.mul(s.self.cosh())], {
  saves: ['self'],
});
export const cosh: UnaryOp<'cosh'> = unaryOp('cosh(Tensor self)', 'CoshBackward0', (g, s) => [g.mul(s.self.sinh())], {
  saves: ['self'],
});
// grad * (1 - result^2)
export const tanh: UnaryOp<'tanh'> = unaryOp(
  'tanh(Tensor self)',
  'TanhBackward0',
  (g, s) => [g.mul(s.result.pow(2).neg().add(1))],
  { saves: ['result'] },
);
export const asinh: UnaryOp<'asinh'> = unaryOp(
  'asinh(Tensor self)',
  'AsinhBackward0',
  (g, s) => [g.mul(s.self.pow(2).add(1).rsqrt())],
  { saves: ['self'], inplaceNode: 'AsinhBackward1' },
);
export const acosh: UnaryOp<'acosh'> = unaryOp(
  'acosh(Tensor self)',
  'AcoshBackward0',
  (g, s) => [g.mul(s.self.pow(2).sub(1).rsqrt())],
  { saves: ['self'], inplaceNode: 'AcoshBackward1', domain: [1.2, 3] },
);
export const atanh: UnaryOp<'atanh'> = unaryOp(
  'atanh(Tensor self)',
  'AtanhBackward0',
  (g, s) => [g.mul(s.self.pow(2).neg().add(1).reciprocal())],
  { saves: ['self'], inplaceNode: 'AtanhBackward1', domain: [-0.9, 0.9] },
);
// grad * result * (1 - result)
export const sigmoid: UnaryOp<'sigmoid'> = unaryOp(
  'sigmoid(Tensor self)',
  'SigmoidBackward0',
  (g, s) => [g.mul(s.result.neg().add(1).mul(s.result))],
  {
    saves: ['result'],
    samples: (k, f) => [
      ...k.unary('sigmoid', f, [-3, 3]),
      ...k.unary('sigmoid_', (x) => x.clone().sigmoid_(), [-3, 3]),
    ],
  },
);
// The gradient passes where result > 0 (and where it is NaN).
export const relu: UnaryOp<'relu'> = unaryOp(
  'relu(Tensor self)',
  'ReluBackward0',
  (g, s) => [threshold_backward(g, s.result, 0)],
  { float: false, saves: ['result'], noBool: 'Boolean inputs not supported for relu', samples: awayFromZero('relu') },
);
// 2/sqrt(pi) * exp(-x^2) * grad
export const erf: UnaryOp<'erf'> = unaryOp(
  'erf(Tensor self)',
  'ErfBackward0',
  (g, s) => [g.mul(s.self.pow(2).neg().exp().mul(TWO_OVER_SQRT_PI))],
  { saves: ['self'] },
);
// -2/sqrt(pi) * exp(-x^2) * grad
export const erfc: UnaryOp<'erfc'> = unaryOp(
  'erfc(Tensor self)',
  'ErfcBackward0',
  (g, s) => [g.mul(s.self.pow(2).neg().exp().mul(-TWO_OVER_SQRT_PI))],
  { saves: ['self'] },
);
// sqrt(pi)/2 * exp(erfinv(x)^2) * grad
export const erfinv: UnaryOp<'erfinv'> = unaryOp(
  'erfinv(Tensor self)',
  'ErfinvBackward0',
  (g, s) => [g.mul(s.self.erfinv().pow(2).exp().mul(HALF_SQRT_PI))],
  {
    saves: ['self'],
    samples: (k, f) => [
      ...k.unary('erfinv', f, [-0.9, 0.9]),
      { name: 'erfinv_', inputs: () => [k.make([2, 3], { lo: -0.9, hi: 0.9 })], fn: (x) => x.clone().erfinv_() },
    ],
  },
);
export const lgamma: UnaryOp<'lgamma'> = unaryOp(
  'lgamma(Tensor self)',
  'LgammaBackward0',
  (g, s) => [g.mul(s.self.digamma())],
  {
    saves: ['self'],
    samples: (k, f) => [
      ...k.unary('lgamma', f, [0.2, 4]),
      { name: 'lgamma negative', inputs: () => [negatives(k)], fn: f },
    ],
  },
);
export const digamma: UnaryOp<'digamma'> = unaryOp(
  'digamma(Tensor self)',
  'DigammaBackward0',
  (g, s) => [g.mul(polygamma1(s.self))],
  {
    saves: ['self'],
    samples: (k, f) => [
      ...k.unary('digamma', f, [0.2, 4]),
      { name: 'digamma negative', inputs: () => [negatives(k)], fn: f },
      { name: 'digamma_', inputs: () => [k.make([2, 3], { lo: 0.3, hi: 3 })], fn: (x) => x.clone().digamma_() },
    ],
  },
);
export const floor: UnaryOp<'floor'> = unaryOp('floor(Tensor self)', 'FloorBackward0', (g) => [zeros(g)], {
  float: false,
  noBool: 'floor_vml_cpu',
  domain: [0.1, 0.9],
});
export const ceil: UnaryOp<'ceil'> = unaryOp('ceil(Tensor self)', 'CeilBackward0', (g) => [zeros(g)], {
  float: false,
  noBool: 'ceil_vml_cpu',
  domain: [0.1, 0.9],
});
export const round: UnaryOp<'round'> = unaryOp('round(Tensor self)', 'RoundBackward0', (g) => [zeros(g)], {
  float: false,
  noBool: 'round_vml_cpu',
  domain: [0.1, 0.4],
});
export const trunc: UnaryOp<'trunc'> = unaryOp('trunc(Tensor self)', 'TruncBackward0', (g) => [zeros(g)], {
  float: false,
  noBool: 'trunc_vml_cpu',
  domain: [0.1, 0.9],
});
export const frac: UnaryOp<'frac'> = unaryOp('frac(Tensor self)', 'FracBackward0', (g) => [g], {
  float: false,
  noBool: 'frac_cpu',
  noInt: 'frac_cpu',
  domain: [0.1, 0.9],
});
// grad * (pi x cos(pi x) - sin(pi x)) / (pi x^2), and 0 where pi x^2 is 0 (sinc_backward)
export const sinc: UnaryOp<'sinc'> = unaryOp('sinc(Tensor self)', 'SincBackward0', (g, s) => {
  const px = s.self.mul(Math.PI);
  const sq = s.self.mul(s.self).mul(Math.PI);
  return [P.whereImpl(sq.eq(0), 0, g.mul(px.mul(px.cos()).sub(px.sin())).div(sq))];
}, { saves: ['self'] }); // prettier-ignore
/** torch.polygamma(n, input); the method is input.polygamma(n). */
export const polygamma = op('polygamma(int n, Tensor self)', P.polygammaImpl, {
  method: true,
  methodSig: 'polygamma(Tensor self, int n)',
  methodImpl: (self: T, n: number): T => P.polygammaImpl(n, self),
  inplace: (self: T, n: number): T => P.polygamma_(self, n),
  types: overloads<(n: number) => T>(),
  samples: (k): OpSample[] => [
    ...[1, 2, 3].flatMap((n) => k.unary(`polygamma ${n}`, (x) => x.polygamma(n), [0.3, 3])),
    { name: 'polygamma 1 negative', inputs: () => [k.values([-2.7, -1.6, -0.4], [3])], fn: (x) => x.polygamma(1) },
  ],
});
type Logit = (self: T, eps?: number | null) => T;
export const logit = op('logit(Tensor self, float? eps=None)', P.logitImpl as Logit, {
  inplace: P.logit_ as Logit,
  samples: (k): OpSample[] => [
    ...k.unary('logit', (x) => x.logit(), [0.1, 0.9]),
    // Values clamped by eps get a zero gradient (none sits on a clamp boundary).
    { name: 'logit eps', inputs: () => [k.values([0.05, 0.1, 0.3, 0.5, 0.7, 0.95], [2, 3])], fn: (x) => x.logit(0.2) },
    { name: 'logit_ eps', inputs: () => [k.values([0.05, 0.3, 0.7], [3])], fn: (x) => x.clone().logit_(0.2) },
  ],
});
export const xlogy = op(
  ['xlogy(Tensor self, Tensor other)', '@hidden xlogy(Scalar self, Tensor other)', 'xlogy(Tensor self, Scalar other)'],
  P.xlogyImpl,
  {
    inplace: P.xlogy_,
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
export const square = op('square(Tensor self)', P.squareImpl, {
  inplace: P.square_,
  samples: (k): OpSample[] => k.unary('square', (x) => x.square()),
});
export const isnan = op('isnan(Tensor self)', P.isnanImpl);
export const isinf = op('isinf(Tensor self)', P.isinfImpl);
export const isfinite = op('isfinite(Tensor self)', P.isfiniteImpl);
export const logical_not = op('logical_not(Tensor self)', P.logical_notImpl, { inplace: P.logical_not_ });

// ---------------------------------------------------------------- arithmetic
// A number is accepted wherever a tensor operand is (DESIGN.md; PyTorch's parser does the same for
// add/sub/mul/div), so operands are typed `Tensor|Number`.
export const add = op('add(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', P.addImpl, {
  inplace: P.add_,
  samples: (k): OpSample[] => [
    ...k.binary('add', (a, b) => a.add(b)),
    ...k.binary('add alpha', (a, b) => a.add(b, { alpha: -0.5 })),
    ...k.unary('add scalar alpha', (x) => x.add(1.5, { alpha: 2 })),
    ...k.inplace('add_', (a, b) => a.clone().add_(b, { alpha: 2 })),
  ],
});
export const sub = op('sub(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', P.subImpl, {
  inplace: P.sub_,
  samples: (k, f): OpSample[] => [
    ...k.binary('sub', (a, b) => a.sub(b)),
    ...k.binary('sub alpha', (a, b) => a.sub(b, { alpha: 3 })),
    ...k.unary('sub scalar', (x) => f(x, 0.5)),
    ...k.unary('rsub scalar', (x) => f(1, x)),
    ...k.inplace('sub_', (a, b) => a.clone().sub_(b)),
  ],
});
export const rsub = op('rsub(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', P.rsubImpl, {
  samples: (k, f): OpSample[] => [...k.binary('rsub', (a, b) => f(a, b, { alpha: 2 }))],
});
export const mul = op('mul(Tensor|Number self, Tensor|Number other)', P.mulImpl, {
  inplace: P.mul_,
  samples: (k): OpSample[] => [
    ...k.binary('mul', (a, b) => a.mul(b)),
    ...k.unary('mul scalar', (x) => x.mul(-1.5)),
    ...k.inplace('mul_', (a, b) => a.clone().mul_(b)),
    ...k.unary('mul_ scalar twice', (x) => x.clone().mul_(2).mul_(x)),
  ],
});
export const div = op('div(Tensor|Number self, Tensor|Number other, *, str? rounding_mode=None)', P.divImpl, {
  inplace: P.div_,
  samples: (k, f): OpSample[] => [
    ...k.binary('div', (a, b) => a.div(b), [-2, 2], [0.5, 2]),
    ...k.binary('div floor', (a, b) => a.div(b, { rounding_mode: 'floor' }), [0.1, 0.9], [1.5, 2]),
    ...k.unary('div scalar', (x) => x.div(0.7)),
    ...k.unary('scalar div', (x) => f(2, x), [0.3, 2]),
    ...k.inplace('div_', (a, b) => a.clone().div_(b), [-2, 2], [0.5, 2]),
  ],
});
export const true_divide = op('true_divide(Tensor|Number self, Tensor|Number other)', P.true_divideImpl, {
  inplace: P.true_divide_,
});
export const floor_divide = op(
  ['floor_divide(Tensor|Number self, Tensor other)', 'floor_divide(Tensor self, Scalar other)'],
  P.floor_divideImpl,
  {
    inplace: P.floor_divide_,
  },
);
export const pow = op(
  [
    'pow(Tensor self, Tensor exponent)',
    'pow(Tensor|Number self, Scalar exponent)',
    '@hidden pow(Scalar self, Tensor exponent)',
  ],
  P.powImpl,
  {
    inplace: P.pow_,
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
export const atan2 = op('atan2(Tensor|Number self, Tensor|Number other)', P.atan2Impl, {
  inplace: P.atan2_,
  samples: (k): OpSample[] => [
    ...k.binary('atan2', (a, b) => a.atan2(b), [-2, 2], [0.5, 2]),
    ...k.inplace('atan2_', (a, b) => a.clone().atan2_(b), [-2, 2], [0.5, 2]),
  ],
});
export const maximum = op('maximum(Tensor|Number self, Tensor|Number other)', P.maximumImpl, {
  samples: (k): OpSample[] => [...k.binary('maximum', (a, b) => a.maximum(b))],
});
export const minimum = op('minimum(Tensor|Number self, Tensor|Number other)', P.minimumImpl, {
  samples: (k): OpSample[] => [...k.binary('minimum', (a, b) => a.minimum(b))],
});
export const fmod = op(['fmod(Tensor self, Tensor other)', 'fmod(Tensor self, Scalar other)'], P.fmodImpl, {
  inplace: P.fmod_,
  samples: (k): OpSample[] => [
    ...k.binary('fmod', (a, b) => a.fmod(b), [0.1, 0.9], [1.5, 2]),
    ...k.unary('fmod scalar', (x) => x.fmod(1.5), [0.1, 1.4]),
  ],
});
export const remainder = op(
  ['remainder(Tensor|Number self, Tensor other)', 'remainder(Tensor self, Scalar other)'],
  P.remainderImpl,
  {
    inplace: P.remainder_,
    samples: (k): OpSample[] => [
      ...k.binary('remainder', (a, b) => a.remainder(b), [-0.9, -0.1], [1.5, 2]),
      ...k.unary('remainder scalar', (x) => x.remainder(1.5), [-1.4, -0.1]),
    ],
  },
);

// ---------------------------------------------------------------- hypot, fmax, logaddexp, copysign
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
    needs[0] ? g.div(P.powImpl(2, s.other.sub(s.self)).add(1)) : null,
    needs[1] ? g.div(P.powImpl(2, s.self.sub(s.other)).add(1)) : null,
  ],
  { saves: ['self', 'other'], floatOnly: 'logaddexp2_cpu', noInplace: true },
);
export const copysign = op(
  ['copysign(Tensor self, Tensor other)', 'copysign(Tensor self, Scalar other)'],
  P.copysignImpl,
  {
    inplace: P.copysign_,
    samples: (k, f): OpSample[] => [
      ...k.binary('copysign', f),
      ...k.unary('copysign scalar', (x) => x.copysign(-1)),
      ...k.inplace('copysign_', (a, b) => a.clone().copysign_(b)),
    ],
  },
);

// ---------------------------------------------------------------- clamp, lerp, where
type Clamp = (self: T, min?: T | number | null, max?: T | number | null) => T;
export const clamp = op('clamp(Tensor self, Tensor|Number? min=None, Tensor|Number? max=None)', P.clampImpl as Clamp, {
  inplace: P.clamp_ as Clamp,
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
export const clip = op('clip(Tensor self, Tensor|Number? min=None, Tensor|Number? max=None)', P.clampImpl as Clamp, {
  inplace: P.clamp_ as Clamp,
});
export const clamp_min = op('clamp_min(Tensor self, Tensor|Number min)', P.clamp_minImpl, {
  inplace: P.clamp_min_,
  samples: (k): OpSample[] => [...k.binary('clamp_min tensor', (a, b) => a.clamp_min(b))],
});
export const clamp_max = op('clamp_max(Tensor self, Tensor|Number max)', P.clamp_maxImpl, {
  inplace: P.clamp_max_,
  samples: (k): OpSample[] => [
    ...k.binary('clamp_max tensor', (a, b) => a.clamp_max(b)),
    ...k.unary('clamp_max scalar', (x) => x.clamp_max(0.5)),
  ],
});
export const lerp = op(
  ['lerp(Tensor self, Tensor end, Tensor weight)', 'lerp(Tensor self, Tensor end, Scalar weight)'],
  P.lerpImpl,
  {
    inplace: P.lerp_,
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
/** torch.where(condition, input, other); the method is input.where(condition, other). */
export const where = op('where(Tensor condition, Tensor|Number self, Tensor|Number other)', P.whereImpl, {
  method: true,
  methodSig: 'where(Tensor self, Tensor condition, Tensor|Number other)',
  methodImpl: (self: T, condition: T, other: T | number): T => P.whereImpl(condition, self, other),
  samples: (k, f): OpSample[] => [
    ...k.binary('where', (a, b) => f(a.detach().gt(0), a, b)),
    { name: 'where scalar other', inputs: () => [k.make([2, 3])], fn: (a) => f(a.detach().gt(0), a, 0.5) },
  ],
});

// ---------------------------------------------------------------- comparisons

export const eq = op(['eq(Tensor self, Tensor other)', 'eq(Tensor self, Scalar other)'], P.eqImpl);
export const ne = op(['ne(Tensor self, Tensor other)', 'ne(Tensor self, Scalar other)'], P.neImpl);
export const lt = op(['lt(Tensor self, Tensor other)', 'lt(Tensor self, Scalar other)'], P.ltImpl);
export const le = op(['le(Tensor self, Tensor other)', 'le(Tensor self, Scalar other)'], P.leImpl);
export const gt = op(['gt(Tensor self, Tensor other)', 'gt(Tensor self, Scalar other)'], P.gtImpl);
export const ge = op(['ge(Tensor self, Tensor other)', 'ge(Tensor self, Scalar other)'], P.geImpl);
export const logical_and = op('logical_and(Tensor self, Tensor|Number other)', P.logical_andImpl, {
  inplace: P.logical_and_,
});
export const logical_or = op('logical_or(Tensor self, Tensor|Number other)', P.logical_orImpl, {
  inplace: P.logical_or_,
});
export const logical_xor = op('logical_xor(Tensor self, Tensor|Number other)', P.logical_xorImpl, {
  inplace: P.logical_xor_,
});
const close =
  <R>(f: (a: T, b: T, opts: CloseOpts) => R) =>
  (a: T, b: T, rtol?: number, atol?: number, equal_nan?: boolean): R =>
    f(a, b, { rtol, atol, equal_nan });
export const isclose = op(
  'isclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False)',
  close(P.iscloseImpl),
);
export const allclose = op(
  'allclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False)',
  close(P.allcloseImpl),
);
export const equal = op('equal(Tensor self, Tensor other)', P.equalImpl);
export const result_type = op('result_type(Tensor|Number tensor, Tensor|Number other)', P.resultType, {
  method: false,
});

// ---------------------------------------------------------------- PyTorch's other names
export const negative = alias(neg, 'negative');
export const absolute = alias(abs, 'absolute');
export const arcsin = alias(asin, 'arcsin');
export const arccos = alias(acos, 'arccos');
export const arctan = alias(atan, 'arctan');
export const arcsinh = alias(asinh, 'arcsinh');
export const arccosh = alias(acosh, 'arccosh');
export const arctanh = alias(atanh, 'arctanh');
export const subtract = alias(sub, 'subtract');
export const multiply = alias(mul, 'multiply');
export const divide = alias(div, 'divide');
export const arctan2 = alias(atan2, 'arctan2');
