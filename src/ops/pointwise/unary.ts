// Unary elementwise ops: one row per op (kernel, grad_fn name, dtype rule, saved tensors, backward
// formula from derivatives.yaml), the predicates (never recorded), and the in-place forms.

import type { UnaryKind } from '../../backend/backend.js';
import { bool } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, applyInplace, defineOp, type OpDef } from '../../autograd/op.js';
import { floatOf, notImplemented, wrap } from './promote.js';
import { threshold_backward } from '../threshold.js';
import { backend } from '../../backend/index.js';
import { where } from './ternary.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import { isDual } from '../../autograd/forward.js';

interface UnaryRow {
  def: OpDef<undefined>;
  /** The in-place form, when its node differs (asinh_ has no derivative in PyTorch). */
  inplaceDef?: OpDef<undefined>;
}

interface UnaryOpts {
  /** Integer and bool inputs compute in the default float dtype (exp(LongTensor) is a FloatTensor). */
  float?: boolean;
  saves?: readonly string[];
  /** ATen kernel name in its "not implemented for 'Bool'" error, or a full message. */
  noBool?: string;
  /** ATen kernel name in its "not implemented for 'Long'" error (integers). */
  noInt?: string;
  /** PyTorch has no derivative for the in-place form (AsinhBackward1 and friends). */
  inplaceNode?: string;
}

const NEG_BOOL =
  'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.';

function checkDType(x: Tensor, opts: UnaryOpts): void {
  const d = x._dtype;
  if (d.is_floating_point) return;
  if (d === bool && opts.noBool !== undefined) {
    throw opts.noBool.includes(' ') ? new TypeError(opts.noBool) : notImplemented(opts.noBool, d);
  }
  if (opts.noInt !== undefined) throw notImplemented(opts.noInt, d);
}

/**
 * Whether a first-order backward may run as one kernel (gelu_backward and friends, as ATen's own
 * GeluBackward kernels): nothing records (no create_graph) and neither operand carries a tangent,
 * so the formula's own derivative is never needed.
 */
export function fusedBackward(g: Tensor, x: Tensor): boolean {
  return (
    !is_grad_enabled() &&
    g._dtype === x._dtype &&
    x._dtype.is_floating_point &&
    !isDual(g) &&
    !isDual(x) &&
    // vmap's batched tensors (a vectorized backward) take the composed formula, which batches.
    g._bt === null &&
    x._bt === null
  );
}

function row(kind: UnaryKind, node: string, backward: OpDef<undefined>['backward'], opts: UnaryOpts = {}): UnaryRow {
  const float = opts.float ?? true;
  const def = defineOp({
    node,
    jvp: 'elementwise',
    saves: opts.saves ?? [],
    forward: ([x]) => {
      checkDType(x, opts);
      return K.unary(kind, x, float ? floatOf(x._dtype) : x._dtype);
    },
    backward,
  });
  if (opts.inplaceNode === undefined) return { def };
  const message = `the derivative for 'inplace version of ${kind}' is not implemented.`;
  const inplaceDef = defineOp({
    ...def,
    node: opts.inplaceNode,
    saves: [],
    backward: () => {
      throw new Error(message);
    },
  });
  return { def, inplaceDef };
}

const zeros = (g: Tensor): Tensor => g.mul(0);
const LN2 = Math.LN2;
const LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const HALF_SQRT_PI = 0.5 * Math.sqrt(Math.PI);

// prettier-ignore
const UNARY: Partial<Record<UnaryKind, UnaryRow>> = {
  neg: row('neg', 'NegBackward0', (g) => [g.neg()], { float: false, noBool: NEG_BOOL }),
  abs: row('abs', 'AbsBackward0', (g, s) => [g.mul(s.self.sign())], { float: false, saves: ['self'], noBool: 'abs_cpu' }),
  sign: row('sign', 'SignBackward0', (g) => [zeros(g)], { float: false }),
  exp: row('exp', 'ExpBackward0', (g, s) => [g.mul(s.result)], { saves: ['result'] }),
  exp2: row('exp2', 'Exp2Backward0', (g, s) => [g.mul(s.result.mul(LN2))], { saves: ['result'] }),
  log: row('log', 'LogBackward0', (g, s) => [g.div(s.self)], { saves: ['self'] }),
  log2: row('log2', 'Log2Backward0', (g, s) => [g.div(s.self.mul(LN2))], { saves: ['self'] }),
  log10: row('log10', 'Log10Backward0', (g, s) => [g.div(s.self.mul(LN10))], { saves: ['self'] }),
  log1p: row('log1p', 'Log1PBackward0', (g, s) => [g.div(s.self.add(1))], { saves: ['self'] }),
  expm1: row('expm1', 'Expm1Backward0', (g, s) => [g.mul(s.result.add(1))], { saves: ['result'] }),
  sqrt: row('sqrt', 'SqrtBackward0', (g, s) => [g.div(s.result.mul(2))], { saves: ['result'] }),
  // -0.5 * grad * result^3
  rsqrt: row('rsqrt', 'RsqrtBackward0', (g, s) => [g.mul(s.result.pow(3)).mul(-0.5)], { saves: ['result'] }),
  // -grad * result^2
  reciprocal: row('reciprocal', 'ReciprocalBackward0', (g, s) => [g.neg().mul(s.result.mul(s.result))], { saves: ['result'] }),
  sin: row('sin', 'SinBackward0', (g, s) => [g.mul(s.self.cos())], { saves: ['self'] }),
  cos: row('cos', 'CosBackward0', (g, s) => [g.mul(s.self.sin().neg())], { saves: ['self'] }),
  // grad * (1 + result^2)
  tan: row('tan', 'TanBackward0', (g, s) => [g.mul(s.result.pow(2).add(1))], { saves: ['result'] }),
  // grad / sqrt(1 - x^2)
  asin: row('asin', 'AsinBackward0', (g, s) => [g.mul(s.self.pow(2).neg().add(1).rsqrt())], { saves: ['self'] }),
  acos: row('acos', 'AcosBackward0', (g, s) => [g.mul(s.self.pow(2).neg().add(1).rsqrt().neg())], { saves: ['self'] }),
  atan: row('atan', 'AtanBackward0', (g, s) => [g.div(s.self.pow(2).add(1))], { saves: ['self'] }),
  sinh: row('sinh', 'SinhBackward0', (g, s) => [g.mul(s.self.cosh())], { saves: ['self'] }),
  cosh: row('cosh', 'CoshBackward0', (g, s) => [g.mul(s.self.sinh())], { saves: ['self'] }),
  // grad * (1 - result^2)
  tanh: row('tanh', 'TanhBackward0', (g, s) => [g.mul(s.result.pow(2).neg().add(1))], { saves: ['result'] }),
  asinh: row('asinh', 'AsinhBackward0', (g, s) => [g.mul(s.self.pow(2).add(1).rsqrt())], {
    saves: ['self'], inplaceNode: 'AsinhBackward1' }),
  acosh: row('acosh', 'AcoshBackward0', (g, s) => [g.mul(s.self.pow(2).sub(1).rsqrt())], {
    saves: ['self'], inplaceNode: 'AcoshBackward1' }),
  atanh: row('atanh', 'AtanhBackward0', (g, s) => [g.mul(s.self.pow(2).neg().add(1).reciprocal())], {
    saves: ['self'], inplaceNode: 'AtanhBackward1' }),
  // grad * result * (1 - result)
  sigmoid: row('sigmoid', 'SigmoidBackward0', (g, s) => [g.mul(s.result.neg().add(1).mul(s.result))], { saves: ['result'] }),
  // The gradient passes where result > 0 (and where it is NaN).
  relu: row('relu', 'ReluBackward0', (g, s) => [threshold_backward(g, s.result, 0)], {
    float: false, saves: ['result'], noBool: 'Boolean inputs not supported for relu' }),
  // d/dx x*sigmoid(x) = sigmoid(x) * (1 + x * (1 - sigmoid(x)))
  silu: row('silu', 'SiluBackward0', (g, s) => {
    const sig = s.self.sigmoid();
    return [g.mul(sig.mul(s.self.mul(sig.neg().add(1)).add(1)))];
  }, { saves: ['self'], float: false, noBool: 'silu_cpu', noInt: 'silu_cpu' }),
  // d/dx x*Phi(x) = Phi(x) + x*phi(x)
  gelu: row('gelu', 'GeluBackward0', (g, s) => {
    const x = s.self;
    if (fusedBackward(g, x)) return [K.binary('gelu_backward', g, x, x._dtype)];
    const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
    const pdf = x.pow(2).mul(-0.5).exp().mul(INV_SQRT_2PI);
    return [g.mul(cdf.add(x.mul(pdf)))];
  }, { saves: ['self'], float: false, noBool: 'GeluKernelImpl', noInt: 'GeluKernelImpl' }),
  // 2/sqrt(pi) * exp(-x^2) * grad
  erf: row('erf', 'ErfBackward0', (g, s) => [g.mul(s.self.pow(2).neg().exp().mul(TWO_OVER_SQRT_PI))], { saves: ['self'] }),
  // -2/sqrt(pi) * exp(-x^2) * grad
  erfc: row('erfc', 'ErfcBackward0', (g, s) => [g.mul(s.self.pow(2).neg().exp().mul(-TWO_OVER_SQRT_PI))], { saves: ['self'] }),
  // sqrt(pi)/2 * exp(erfinv(x)^2) * grad
  erfinv: row('erfinv', 'ErfinvBackward0', (g, s) => [g.mul(s.self.erfinv().pow(2).exp().mul(HALF_SQRT_PI))], { saves: ['self'] }),
  lgamma: row('lgamma', 'LgammaBackward0', (g, s) => [g.mul(s.self.digamma())], { saves: ['self'] }),
  digamma: row('digamma', 'DigammaBackward0', (g, s) => [g.mul(polygamma(1, s.self))], { saves: ['self'] }),
  floor: row('floor', 'FloorBackward0', (g) => [zeros(g)], { float: false, noBool: 'floor_vml_cpu' }),
  ceil: row('ceil', 'CeilBackward0', (g) => [zeros(g)], { float: false, noBool: 'ceil_vml_cpu' }),
  round: row('round', 'RoundBackward0', (g) => [zeros(g)], { float: false, noBool: 'round_vml_cpu' }),
  trunc: row('trunc', 'TruncBackward0', (g) => [zeros(g)], { float: false, noBool: 'trunc_vml_cpu' }),
  frac: row('frac', 'FracBackward0', (g) => [g], { float: false, noBool: 'frac_cpu', noInt: 'frac_cpu' }),
};

function unaryRow(kind: UnaryKind): UnaryRow {
  const r = UNARY[kind];
  if (r === undefined) throw new Error(`internal error: no op for unary kind ${kind}`);
  return r;
}

export function unary(kind: UnaryKind, x: Tensor): Tensor {
  return apply(unaryRow(kind).def, [x], undefined);
}

/** The in-place form (exp_, neg_, ...): the result must be castable to self's dtype. */
export function unary_(x: Tensor, kind: UnaryKind): Tensor {
  const r = unaryRow(kind);
  return applyInplace(r.inplaceDef ?? r.def, x, [], undefined);
}

export const neg = (x: Tensor): Tensor => unary('neg', x);
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
export const erfc = (x: Tensor): Tensor => unary('erfc', x);
export const erfinv = (x: Tensor): Tensor => unary('erfinv', x);
export const lgamma = (x: Tensor): Tensor => unary('lgamma', x);
export const digamma = (x: Tensor): Tensor => unary('digamma', x);
export const floor = (x: Tensor): Tensor => unary('floor', x);
export const ceil = (x: Tensor): Tensor => unary('ceil', x);
export const round = (x: Tensor): Tensor => unary('round', x);
export const trunc = (x: Tensor): Tensor => unary('trunc', x);
export const frac = (x: Tensor): Tensor => unary('frac', x);

// Predicates are not differentiable: their outputs are bool and never record.
export const isnan = (x: Tensor): Tensor => K.unary('isnan', x);
export const isinf = (x: Tensor): Tensor => K.unary('isinf', x);
export const isfinite = (x: Tensor): Tensor => K.unary('isfinite', x);
export const logical_not = (x: Tensor): Tensor => K.unary('logical_not', x);

// ---------------------------------------------------------------- polygamma, logit

function checkPolygammaOrder(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    const got =
      typeof n === 'number' ? 'float' : typeof n === 'boolean' ? 'bool' : n instanceof Tensor ? 'Tensor' : typeof n;
    throw new TypeError(`polygamma(): argument 'n' (position 1) must be int, not ${got}`);
  }
  if (n < 0) throw new Error('polygamma(n, x) does not support negative n.');
  return n;
}

// polygamma(int n, Tensor self): the order arrives at the kernel as a broadcast first operand.
const POLYGAMMA = defineOp<{ n: number }>({
  node: 'PolygammaBackward0',
  saves: ['self'],
  forward: ([x], { n }) => {
    const dtype = floatOf(x._dtype);
    return K.binary('polygamma', wrap(n), x, dtype);
  },
  // grad * polygamma(n + 1, self)
  backward: (g, s, { args }) => [g.mul(polygamma(args.n + 1, s.self))],
});

export function polygamma(n: number, x: Tensor): Tensor {
  return apply(POLYGAMMA, [x], { n: checkPolygammaOrder(n) });
}

// polygamma_ has its own derivatives.yaml entry, hence its own node name.
const POLYGAMMA_ = defineOp<{ n: number }>({ ...POLYGAMMA, node: 'PolygammaBackward1' });

export function polygamma_(x: Tensor, n: number): Tensor {
  return applyInplace(POLYGAMMA_, x, [], { n: checkPolygammaOrder(n) });
}

interface LogitArgs {
  eps: number | null;
}

function logitForward(x: Tensor, eps: number | null): Tensor {
  const dtype = floatOf(x._dtype);
  let input = K.cast(x, dtype);
  if (eps !== null) {
    // ATen clamps to [eps, 1 - eps] first (NaN stays NaN).
    const clamped = K.empty(x._shape, dtype);
    backend().clamp(input._v(), eps, 1 - eps, clamped._v());
    input = clamped;
  }
  return K.unary('logit', input, dtype);
}

// logit(Tensor self, float? eps=None): the gradient is grad / (x (1 - x)) inside the domain, 0 where
// eps clamped x, and NaN outside [0, 1] without eps (infinitely_differentiable_logit_backward).
const LOGIT = defineOp<LogitArgs>({
  node: 'LogitBackward0',
  saves: ['self'],
  forward: ([x], { eps }) => logitForward(x, eps),
  backward: (g, s, { args }) => {
    const x = s.self;
    const lo = args.eps ?? 0;
    const hi = args.eps === null ? 1 : 1 - args.eps;
    const inside = x.ge(lo).logical_and(x.le(hi));
    const d = g.div(x.mul(x.neg().add(1)));
    return [where(inside, d, args.eps === null ? NaN : 0)];
  },
});

function logitEps(eps: unknown): number | null {
  const e = eps !== null && typeof eps === 'object' ? (eps as { eps?: unknown }).eps : eps;
  if (e === undefined || e === null) return null;
  if (typeof e !== 'number') throw new TypeError(`logit(): argument 'eps' must be float, not ${typeof e}`);
  return e;
}

/** logit(x, eps?) or logit(x, { eps }). */
export function logit(x: Tensor, eps?: number | null | { eps?: number | null }): Tensor {
  return apply(LOGIT, [x], { eps: logitEps(eps) });
}

export function logit_(x: Tensor, eps?: number | null | { eps?: number | null }): Tensor {
  return applyInplace(LOGIT, x, [], { eps: logitEps(eps) });
}
