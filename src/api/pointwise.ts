// The public elementwise ops: signatures (PyTorch's notation, native_functions.yaml) and the
// implementations in src/ops/pointwise/. See src/ops/declare.ts for what a declaration makes.

import type { Tensor } from '../tensor/tensor.js';
import { alias, op, overloads } from '../ops/declare.js';
import * as P from '../ops/pointwise.js';
import type { CloseOpts } from '../ops/pointwise/compare.js';

type T = Tensor;

// ---------------------------------------------------------------- unary math

export const neg = op('neg(Tensor self)', P.neg, { inplace: (x: T): T => P.unary_(x, 'neg') });
export const abs = op('abs(Tensor self)', P.abs, { inplace: (x: T): T => P.unary_(x, 'abs') });
export const sign = op('sign(Tensor self)', P.sign, { inplace: (x: T): T => P.unary_(x, 'sign') });
export const exp = op('exp(Tensor self)', P.exp, { inplace: (x: T): T => P.unary_(x, 'exp') });
export const exp2 = op('exp2(Tensor self)', P.exp2, { inplace: (x: T): T => P.unary_(x, 'exp2') });
export const log = op('log(Tensor self)', P.log, { inplace: (x: T): T => P.unary_(x, 'log') });
export const log2 = op('log2(Tensor self)', P.log2, { inplace: (x: T): T => P.unary_(x, 'log2') });
export const log10 = op('log10(Tensor self)', P.log10, { inplace: (x: T): T => P.unary_(x, 'log10') });
export const log1p = op('log1p(Tensor self)', P.log1p, { inplace: (x: T): T => P.unary_(x, 'log1p') });
export const expm1 = op('expm1(Tensor self)', P.expm1, { inplace: (x: T): T => P.unary_(x, 'expm1') });
export const sqrt = op('sqrt(Tensor self)', P.sqrt, { inplace: (x: T): T => P.unary_(x, 'sqrt') });
export const rsqrt = op('rsqrt(Tensor self)', P.rsqrt, { inplace: (x: T): T => P.unary_(x, 'rsqrt') });
export const reciprocal = op('reciprocal(Tensor self)', P.reciprocal, {
  inplace: (x: T): T => P.unary_(x, 'reciprocal'),
});
export const sin = op('sin(Tensor self)', P.sin, { inplace: (x: T): T => P.unary_(x, 'sin') });
export const cos = op('cos(Tensor self)', P.cos, { inplace: (x: T): T => P.unary_(x, 'cos') });
export const tan = op('tan(Tensor self)', P.tan, { inplace: (x: T): T => P.unary_(x, 'tan') });
export const asin = op('asin(Tensor self)', P.asin, { inplace: (x: T): T => P.unary_(x, 'asin') });
export const acos = op('acos(Tensor self)', P.acos, { inplace: (x: T): T => P.unary_(x, 'acos') });
export const atan = op('atan(Tensor self)', P.atan, { inplace: (x: T): T => P.unary_(x, 'atan') });
export const sinh = op('sinh(Tensor self)', P.sinh, { inplace: (x: T): T => P.unary_(x, 'sinh') });
export const cosh = op('cosh(Tensor self)', P.cosh, { inplace: (x: T): T => P.unary_(x, 'cosh') });
export const tanh = op('tanh(Tensor self)', P.tanh, { inplace: (x: T): T => P.unary_(x, 'tanh') });
export const asinh = op('asinh(Tensor self)', P.asinh, { inplace: (x: T): T => P.unary_(x, 'asinh') });
export const acosh = op('acosh(Tensor self)', P.acosh, { inplace: (x: T): T => P.unary_(x, 'acosh') });
export const atanh = op('atanh(Tensor self)', P.atanh, { inplace: (x: T): T => P.unary_(x, 'atanh') });
export const sigmoid = op('sigmoid(Tensor self)', P.sigmoid, { inplace: (x: T): T => P.unary_(x, 'sigmoid') });
export const relu = op('relu(Tensor self)', P.relu, { inplace: (x: T): T => P.unary_(x, 'relu') });
export const erf = op('erf(Tensor self)', P.erf, { inplace: (x: T): T => P.unary_(x, 'erf') });
export const floor = op('floor(Tensor self)', P.floor, { inplace: (x: T): T => P.unary_(x, 'floor') });
export const ceil = op('ceil(Tensor self)', P.ceil, { inplace: (x: T): T => P.unary_(x, 'ceil') });
export const round = op('round(Tensor self)', P.round, { inplace: (x: T): T => P.unary_(x, 'round') });
export const trunc = op('trunc(Tensor self)', P.trunc, { inplace: (x: T): T => P.unary_(x, 'trunc') });
export const frac = op('frac(Tensor self)', P.frac, { inplace: (x: T): T => P.unary_(x, 'frac') });
export const erfc = op('erfc(Tensor self)', P.erfc, { inplace: (x: T): T => P.unary_(x, 'erfc') });
export const erfinv = op('erfinv(Tensor self)', P.erfinv, { inplace: (x: T): T => P.unary_(x, 'erfinv') });
export const lgamma = op('lgamma(Tensor self)', P.lgamma, { inplace: (x: T): T => P.unary_(x, 'lgamma') });
export const digamma = op('digamma(Tensor self)', P.digamma, { inplace: (x: T): T => P.unary_(x, 'digamma') });
/** torch.polygamma(n, input); the method is input.polygamma(n). */
export const polygamma = op('polygamma(int n, Tensor self)', P.polygamma, {
  method: true,
  methodSig: 'polygamma(Tensor self, int n)',
  methodImpl: (self: T, n: number): T => P.polygamma(n, self),
  inplace: (self: T, n: number): T => P.polygamma_(self, n),
  types: overloads<(n: number) => T>(),
});
type Logit = (self: T, eps?: number | null) => T;
export const logit = op('logit(Tensor self, float? eps=None)', P.logit as Logit, { inplace: P.logit_ as Logit });
export const xlogy = op(
  ['xlogy(Tensor self, Tensor other)', '@hidden xlogy(Scalar self, Tensor other)', 'xlogy(Tensor self, Scalar other)'],
  P.xlogy,
  { inplace: P.xlogy_ },
);
export const square = op('square(Tensor self)', P.square, { inplace: P.square_ });
export const isnan = op('isnan(Tensor self)', P.isnan);
export const isinf = op('isinf(Tensor self)', P.isinf);
export const isfinite = op('isfinite(Tensor self)', P.isfinite);
export const logical_not = op('logical_not(Tensor self)', P.logical_not, { inplace: P.logical_not_ });

// ---------------------------------------------------------------- arithmetic
// A number is accepted wherever a tensor operand is (DESIGN.md; PyTorch's parser does the same for
// add/sub/mul/div), so operands are typed `Tensor|Number`.
export const add = op('add(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', P.add, { inplace: P.add_ });
export const sub = op('sub(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', P.sub, { inplace: P.sub_ });
export const rsub = op('rsub(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', P.rsub);
export const mul = op('mul(Tensor|Number self, Tensor|Number other)', P.mul, { inplace: P.mul_ });
export const div = op('div(Tensor|Number self, Tensor|Number other, *, str? rounding_mode=None)', P.div, {
  inplace: P.div_,
});
export const true_divide = op('true_divide(Tensor|Number self, Tensor|Number other)', P.true_divide, {
  inplace: P.true_divide_,
});
export const floor_divide = op(
  ['floor_divide(Tensor|Number self, Tensor other)', 'floor_divide(Tensor self, Scalar other)'],
  P.floor_divide,
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
  P.pow,
  { inplace: P.pow_ },
);
export const atan2 = op('atan2(Tensor|Number self, Tensor|Number other)', P.atan2, {
  inplace: P.atan2_,
});
export const maximum = op('maximum(Tensor|Number self, Tensor|Number other)', P.maximum);
export const minimum = op('minimum(Tensor|Number self, Tensor|Number other)', P.minimum);
export const fmod = op(['fmod(Tensor self, Tensor other)', 'fmod(Tensor self, Scalar other)'], P.fmod, {
  inplace: P.fmod_,
});
export const remainder = op(
  ['remainder(Tensor|Number self, Tensor other)', 'remainder(Tensor self, Scalar other)'],
  P.remainder,
  {
    inplace: P.remainder_,
  },
);

// ---------------------------------------------------------------- clamp, lerp, where
type Clamp = (self: T, min?: T | number | null, max?: T | number | null) => T;
export const clamp = op('clamp(Tensor self, Tensor|Number? min=None, Tensor|Number? max=None)', P.clamp as Clamp, {
  inplace: P.clamp_ as Clamp,
});
// clip is clamp's alias, declared with its own signature (an alias() of it defeats TypeScript's inference).
export const clip = op('clip(Tensor self, Tensor|Number? min=None, Tensor|Number? max=None)', P.clamp as Clamp, {
  inplace: P.clamp_ as Clamp,
});
export const clamp_min = op('clamp_min(Tensor self, Tensor|Number min)', P.clamp_min, { inplace: P.clamp_min_ });
export const clamp_max = op('clamp_max(Tensor self, Tensor|Number max)', P.clamp_max, { inplace: P.clamp_max_ });
export const lerp = op(
  ['lerp(Tensor self, Tensor end, Tensor weight)', 'lerp(Tensor self, Tensor end, Scalar weight)'],
  P.lerp,
  { inplace: P.lerp_ },
);
/** torch.where(condition, input, other); the method is input.where(condition, other). */
export const where = op('where(Tensor condition, Tensor|Number self, Tensor|Number other)', P.where, {
  method: true,
  methodSig: 'where(Tensor self, Tensor condition, Tensor|Number other)',
  methodImpl: (self: T, condition: T, other: T | number): T => P.where(condition, self, other),
});

// ---------------------------------------------------------------- comparisons

export const eq = op(['eq(Tensor self, Tensor other)', 'eq(Tensor self, Scalar other)'], P.eq);
export const ne = op(['ne(Tensor self, Tensor other)', 'ne(Tensor self, Scalar other)'], P.ne);
export const lt = op(['lt(Tensor self, Tensor other)', 'lt(Tensor self, Scalar other)'], P.lt);
export const le = op(['le(Tensor self, Tensor other)', 'le(Tensor self, Scalar other)'], P.le);
export const gt = op(['gt(Tensor self, Tensor other)', 'gt(Tensor self, Scalar other)'], P.gt);
export const ge = op(['ge(Tensor self, Tensor other)', 'ge(Tensor self, Scalar other)'], P.ge);
export const logical_and = op('logical_and(Tensor self, Tensor|Number other)', P.logical_and, {
  inplace: P.logical_and_,
});
export const logical_or = op('logical_or(Tensor self, Tensor|Number other)', P.logical_or, { inplace: P.logical_or_ });
export const logical_xor = op('logical_xor(Tensor self, Tensor|Number other)', P.logical_xor, {
  inplace: P.logical_xor_,
});
const close =
  <R>(f: (a: T, b: T, opts: CloseOpts) => R) =>
  (a: T, b: T, rtol?: number, atol?: number, equal_nan?: boolean): R =>
    f(a, b, { rtol, atol, equal_nan });
export const isclose = op(
  'isclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False)',
  close(P.isclose),
);
export const allclose = op(
  'allclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False)',
  close(P.allclose),
);
export const equal = op('equal(Tensor self, Tensor other)', P.equal);
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
