// Unary elementwise ops: the row machinery (kernel, grad_fn name, dtype rule, saved tensors, backward
// formula from derivatives.yaml) that each op's declaration (at the end of this file) fills in through
// unaryOp, the predicates (never recorded), polygamma and logit.
//
// The unary ops themselves are declared at the end of this file, one unaryOp() call each: PyTorch
// signature, grad_fn node, backward formula (derivatives.yaml), saved tensors, dtype rules and
// gradcheck samples; the kernel is the kind of the same name in src/backend/kinds.ts and
// native/kinds.h. The other public ops implemented here (and torch.nn.functional's relu, sigmoid,
// tanh, silu, torch.special's aliases as special_<name>) are declared right after their
// implementations (op(), fn(), src/ops/declare.ts).

import type { UnaryKind } from '../../backend/backend.js';
import { bool, float32, float64 } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, applyInplace, defineOp, type OpDef } from '../../autograd/op.js';
import { floatOf, notImplemented, wrap } from './promote.js';
import { backend } from '../../backend/index.js';
import { whereImpl } from './ternary.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import { isDual } from '../../autograd/forward.js';
import {
  op,
  type Declared,
  type Domain,
  type MethodMap,
  type NameOf,
  type Samples,
  type SampleKit,
  overloads,
  type OpSample,
  alias,
  fn,
} from '../declare.js';
import { threshold_backward } from '../threshold.js';

export interface UnaryRow {
  def: OpDef<undefined>;
  /** The in-place form, when its node differs (asinh_ has no derivative in PyTorch). */
  inplaceDef?: OpDef<undefined>;
}

export interface UnaryOpts {
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

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

// Every unary kind's row, by kind: filled by defineUnary (the declarations at the end of this file
// and the two activations below), read by unary() and unary_().
const UNARY = new Map<UnaryKind, UnaryRow>();

/** Defines the autograd row of a unary kind: the node, its saved tensors and its backward formula. */
export function defineUnary(
  kind: UnaryKind,
  node: string,
  backward: OpDef<undefined>['backward'],
  opts: UnaryOpts = {},
): UnaryRow {
  const r = row(kind, node, backward, opts);
  UNARY.set(kind, r);
  return r;
}

type Unary = (x: Tensor) => Tensor;
/**
 * What unaryOp declares: torch.N, Tensor.N and Tensor.N_. A declaration states it
 * (`export const exp: UnaryOp<'exp'> = unaryOp('exp(Tensor self)', ...)`) so that its type does not
 * wait on checking its backward formula, which uses the Tensor methods these very types make.
 */
export type UnaryOp<N extends string> = Declared<Unary, MethodMap<N, Unary, Unary, never>>;
export interface UnaryDeclOpts extends UnaryOpts {
  /** The gradcheck samples' domain (default [-2, 2]), away from kinks and poles. */
  domain?: Domain;
  /** Samples other than the four standard rows on `domain`. */
  samples?: Samples;
}

/**
 * Declares a unary elementwise op in one line: its signature (whose name is its kernel kind:
 * 'erfc(Tensor self)' runs kind erfc), grad_fn node, backward formula, saved tensors and dtype
 * rules, and its gradcheck samples. Makes torch.name, Tensor.name and the in-place Tensor.name_.
 */
export function unaryOp<S extends `${UnaryKind}(Tensor self)`>(
  sig: S,
  node: string,
  backward: OpDef<undefined>['backward'],
  opts: UnaryDeclOpts = {},
): UnaryOp<NameOf<S>> {
  const kind = sig.slice(0, sig.indexOf('(')) as UnaryKind;
  const { def, inplaceDef } = defineUnary(kind, node, backward, opts);
  return op<S, Unary, Unary>(sig, (x) => apply(def, [x], undefined), {
    inplace: (x) => applyInplace(inplaceDef ?? def, x, [], undefined),
    samples: opts.samples ?? ((kit, f) => kit.unary(kind, f, opts.domain)),
  });
}

// The two activations without a torch.* function (torch.nn.functional declares them).
// d/dx x*sigmoid(x) = sigmoid(x) * (1 + x * (1 - sigmoid(x)))
defineUnary('silu', 'SiluBackward0', (g, s) => {
  const sig = s.self.sigmoid();
  return [g.mul(sig.mul(s.self.mul(sig.neg().add(1)).add(1)))];
}, { saves: ['self'], float: false, noBool: 'silu_cpu', noInt: 'silu_cpu' }); // prettier-ignore
// d/dx x*Phi(x) = Phi(x) + x*phi(x)
defineUnary('gelu', 'GeluBackward0', (g, s) => {
  const x = s.self;
  if (fusedBackward(g, x)) return [K.binary('gelu_backward', g, x, x._dtype)];
  const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
  const pdf = x.pow(2).mul(-0.5).exp().mul(INV_SQRT_2PI);
  return [g.mul(cdf.add(x.mul(pdf)))];
}, { saves: ['self'], float: false, noBool: 'GeluKernelImpl', noInt: 'GeluKernelImpl' }); // prettier-ignore

function unaryRow(kind: UnaryKind): UnaryRow {
  const r = UNARY.get(kind);
  if (r === undefined) throw new Error(`internal error: no op for unary kind ${kind}`);
  return r;
}

/** Runs a unary kind's op (recorded): what the declared torch.<kind> runs, without argument parsing. */
export function unary(kind: UnaryKind, x: Tensor): Tensor {
  return apply(unaryRow(kind).def, [x], undefined);
}

export const special_erf = fn('special_erf(Tensor self)', (x: Tensor): Tensor => unary('erf', x));
export const special_erfc = fn('special_erfc(Tensor self)', (x: Tensor): Tensor => unary('erfc', x));
export const special_erfinv = fn('special_erfinv(Tensor self)', (x: Tensor): Tensor => unary('erfinv', x));
export const special_gammaln = fn('special_gammaln(Tensor self)', (x: Tensor): Tensor => unary('lgamma', x));
export const special_digamma = fn('special_digamma(Tensor self)', (x: Tensor): Tensor => unary('digamma', x));
export const special_psi = fn('special_psi(Tensor self)', (x: Tensor): Tensor => unary('digamma', x));
export const special_expit = fn('special_expit(Tensor self)', (x: Tensor): Tensor => unary('sigmoid', x));
export const special_exp2 = fn('special_exp2(Tensor self)', (x: Tensor): Tensor => unary('exp2', x));
export const special_expm1 = fn('special_expm1(Tensor self)', (x: Tensor): Tensor => unary('expm1', x));
export const special_log1p = fn('special_log1p(Tensor self)', (x: Tensor): Tensor => unary('log1p', x));

/** The in-place form (exp_, neg_, ...): the result must be castable to self's dtype. */
export function unary_(x: Tensor, kind: UnaryKind): Tensor {
  const r = unaryRow(kind);
  return applyInplace(r.inplaceDef ?? r.def, x, [], undefined);
}

// Used by other ops (activations, losses) and by torch.nn.functional.
export const reluImpl = (x: Tensor): Tensor => unary('relu', x);

export const functional_relu = fn(
  'relu(Tensor input, bool inplace=False)',
  (input: Tensor, inplace?: boolean): Tensor => (inplace === true ? unary_(input, 'relu') : reluImpl(input)),
);
export const sigmoidImpl = (x: Tensor): Tensor => unary('sigmoid', x);

export const functional_sigmoid = fn('sigmoid(Tensor input)', (input: Tensor): Tensor => sigmoidImpl(input));
export const tanhImpl = (x: Tensor): Tensor => unary('tanh', x);

export const functional_tanh = fn('tanh(Tensor input)', (input: Tensor): Tensor => tanhImpl(input));
export const silu = (x: Tensor): Tensor => unary('silu', x);

export const functional_silu = fn(
  'silu(Tensor input, bool inplace=False)',
  (input: Tensor, inplace?: boolean): Tensor => (inplace === true ? input.copy_(silu(input.clone())) : silu(input)),
);
export const gelu = (x: Tensor): Tensor => unary('gelu', x);
export const erfImpl = (x: Tensor): Tensor => unary('erf', x);

// Predicates are not differentiable: their outputs are bool and never record.
export const isnanImpl = (x: Tensor): Tensor => K.unary('isnan', x);

export const isnan = op('isnan(Tensor self)', isnanImpl);
export const isinfImpl = (x: Tensor): Tensor => K.unary('isinf', x);

export const isinf = op('isinf(Tensor self)', isinfImpl);
export const isfiniteImpl = (x: Tensor): Tensor => K.unary('isfinite', x);

export const isfinite = op('isfinite(Tensor self)', isfiniteImpl);
export const logical_notImpl = (x: Tensor): Tensor => K.unary('logical_not', x);

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

/**
 * trigamma as ATen computes it for a float tensor (calc_trigamma<float>): the same steps in single
 * precision. At the poles the reflection's sinf(pi_f x), with pi rounded to float, is far from
 * sin(pi x) in double (1.7e-7 against 2.4e-16 at -2), so float32's finite pole values are not
 * double's rounded (3.2e14 against 1.6e32).
 */
function trigammaF32(x: number): number {
  const f = Math.fround;
  const pi = f(Math.PI);
  let sign = 1;
  let result = 0;
  x = f(x);
  if (x < 0.5) {
    sign = -1;
    const s = f(Math.sin(f(pi * x)));
    result = f(result - f(f(pi * pi) / f(s * s)));
    x = f(1 - x);
  }
  for (let i = 0; i < 6; i++) {
    result = f(result + f(1 / f(x * x)));
    x = f(x + 1);
  }
  const ixx = f(1 / f(x * x));
  // The series' constants are double literals in ATen: that part is computed in double.
  result = f(result + (f(1 + f(1 / f(2 * x))) + ixx * (1 / 6 - ixx * (1 / 30 - ixx * (1 / 42)))) / x);
  return f(sign * result);
}

/**
 * A float32 trigamma with ATen's float values at the poles (0 and the negative integers, where its
 * reflection formula gives large finite values that depend on the precision: trigammaF32); the
 * kernels compute in double, which is right everywhere else.
 */
function withFloatTrigammaPoles(out: Tensor, x: Tensor): Tensor {
  const xs = K.contiguous(K.cast(x, float64))._data;
  let poles = false;
  for (let i = 0; i < xs.length && !poles; i++) poles = xs[i] <= 0 && Number.isInteger(xs[i]);
  if (!poles) return out;
  const res = K.contiguous(out);
  for (let i = 0; i < xs.length; i++) if (xs[i] <= 0 && Number.isInteger(xs[i])) res._data[i] = trigammaF32(xs[i]);
  return res;
}

// polygamma(int n, Tensor self): the order arrives at the kernel as a broadcast first operand.
const POLYGAMMA = defineOp<{ n: number }>({
  node: 'PolygammaBackward0',
  saves: ['self'],
  forward: ([x], { n }) => {
    const dtype = floatOf(x._dtype);
    const out = K.binary('polygamma', wrap(n), x, dtype);
    return n === 1 && dtype === float32 ? withFloatTrigammaPoles(out, x) : out;
  },
  // grad * polygamma(n + 1, self)
  backward: (g, s, { args }) => [g.mul(polygammaImpl(args.n + 1, s.self))],
});

export function polygammaImpl(n: number, x: Tensor): Tensor {
  return apply(POLYGAMMA, [x], { n: checkPolygammaOrder(n) });
}

type T = Tensor;
// prettier-ignore
/** torch.polygamma(n, input); the method is input.polygamma(n). */
export const polygamma = op('polygamma(int n, Tensor self)', polygammaImpl, {
  method: true,
  methodSig: 'polygamma(Tensor self, int n)',
  methodImpl: (self: T, n: number): T => polygammaImpl(n, self),
  inplace: (self: T, n: number): T => polygamma_(self, n),
  types: overloads<(n: number) => T>(),
  samples: (k): OpSample[] => [
    ...[1, 2, 3].flatMap((n) => k.unary(`polygamma ${n}`, (x) => x.polygamma(n), [0.3, 3])),
    { name: 'polygamma 1 negative', inputs: () => [k.values([-2.7, -1.6, -0.4], [3])], fn: (x) => x.polygamma(1) },
  ],
});
export const special_polygamma = fn('special_polygamma(int n, Tensor self)', polygammaImpl);

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
    return [whereImpl(inside, d, args.eps === null ? NaN : 0)];
  },
});

function logitEps(eps: unknown): number | null {
  const e = eps !== null && typeof eps === 'object' ? (eps as { eps?: unknown }).eps : eps;
  if (e === undefined || e === null) return null;
  if (typeof e !== 'number') throw new TypeError(`logit(): argument 'eps' must be float, not ${typeof e}`);
  // A negative eps means no clamping, as None does (ATen's logit and logit_backward).
  return e < 0 ? null : e;
}

/** logit(x, eps?) or logit(x, { eps }). */
export function logitImpl(x: Tensor, eps?: number | null | { eps?: number | null }): Tensor {
  return apply(LOGIT, [x], { eps: logitEps(eps) });
}

type Logit = (self: T, eps?: number | null) => T;
export const logit = op('logit(Tensor self, float? eps=None)', logitImpl as Logit, {
  inplace: logit_ as Logit,
  samples: (k): OpSample[] => [
    ...k.unary('logit', (x) => x.logit(), [0.1, 0.9]),
    // Values clamped by eps get a zero gradient (none sits on a clamp boundary).
    { name: 'logit eps', inputs: () => [k.values([0.05, 0.1, 0.3, 0.5, 0.7, 0.95], [2, 3])], fn: (x) => x.logit(0.2) },
    { name: 'logit_ eps', inputs: () => [k.values([0.05, 0.3, 0.7], [3])], fn: (x) => x.clone().logit_(0.2) },
  ],
});
export const special_logit = fn(
  'special_logit(Tensor self, float? eps=None)',
  logitImpl as (self: Tensor, eps?: number | null) => Tensor,
);

export function logit_(x: Tensor, eps?: number | null | { eps?: number | null }): Tensor {
  return applyInplace(LOGIT, x, [], { eps: logitEps(eps) });
}

// ---------------------------------------------------------------- the unary ops, one declaration each
// (unaryOp above: signature, grad_fn node, backward formula, saved tensors, dtype rules, samples)

const NEG_BOOL =
  'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.';

export const neg: UnaryOp<'neg'> = unaryOp('neg(Tensor self)', 'NegBackward0', (g) => [g.neg()], {
  float: false,
  noBool: NEG_BOOL,
});

// Sample inputs for domains a [lo, hi] range cannot express.
const awayFromZeroValues = (k: SampleKit): T => k.values([-1.7, -0.9, -0.3, 0.25, 0.6, 1.4], [2, 3]);
/** Rows on values away from 0 (abs, sign, relu have a kink there). */
const awayFromZero =
  (name: string, transposedRow = true): Samples =>
  (k, f) => [
    { name, inputs: () => [awayFromZeroValues(k)], fn: f },
    ...(transposedRow ? [{ name: `${name} transposed`, inputs: () => [awayFromZeroValues(k).t()], fn: f }] : []),
  ];
export const abs: UnaryOp<'abs'> = unaryOp('abs(Tensor self)', 'AbsBackward0', (g, s) => [g.mul(s.self.sign())], {
  float: false,
  saves: ['self'],
  noBool: 'abs_cpu',
  samples: awayFromZero('abs'),
});
const zeros = (g: T): T => g.mul(0);
export const sign: UnaryOp<'sign'> = unaryOp('sign(Tensor self)', 'SignBackward0', (g) => [zeros(g)], {
  float: false,
  samples: awayFromZero('sign', false),
});
export const exp: UnaryOp<'exp'> = unaryOp('exp(Tensor self)', 'ExpBackward0', (g, s) => [g.mul(s.result)], {
  saves: ['result'],
  samples: (k, f) => [...k.unary('exp', f), ...k.unary('exp_', (x) => x.clone().exp_())],
});
const LN2 = Math.LN2;
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
const LN10 = Math.LN10;
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
// grad * (1 - result^2). ATen's tanh_backward forms 1 - result^2 without rounding result^2 first,
// which matters for a saturated tanh (result near +-1, where the subtraction cancels most digits):
// for float32 the factor is computed in double (result^2 is exact there) and rounded once.
export const tanh: UnaryOp<'tanh'> = unaryOp(
  'tanh(Tensor self)',
  'TanhBackward0',
  (g, s) => {
    const y = s.result;
    const factor = y._dtype.name === 'float32' ? y.double().pow(2).neg().add(1).float() : y.pow(2).neg().add(1);
    return [g.mul(factor)];
  },
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
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
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
const HALF_SQRT_PI = 0.5 * Math.sqrt(Math.PI);
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
const negatives = (k: SampleKit): T => k.values([-2.9, -2.6, -2.2, -1.7, -0.7, -0.3], [2, 3]);
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
const polygamma1 = (x: T): T => polygammaImpl(1, x);
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
export const sinc: UnaryOp<'sinc'> = unaryOp(
  'sinc(Tensor self)',
  'SincBackward0',
  (g, s) => {
    const px = s.self.mul(Math.PI);
    const sq = s.self.mul(s.self).mul(Math.PI);
    return [whereImpl(sq.eq(0), 0, g.mul(px.mul(px.cos()).sub(px.sin())).div(sq))];
  },
  { saves: ['self'] },
);

export const negative = alias(neg, 'negative');
export const absolute = alias(abs, 'absolute');
export const arcsin = alias(asin, 'arcsin');
export const arccos = alias(acos, 'arccos');
export const arctan = alias(atan, 'arctan');
export const arcsinh = alias(asinh, 'arcsinh');
export const arccosh = alias(acosh, 'arccosh');
export const arctanh = alias(atanh, 'arctanh');
