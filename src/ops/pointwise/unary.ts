// Unary elementwise ops: the row machinery (kernel, grad_fn name, dtype rule, saved tensors, backward
// formula from derivatives.yaml) that each op's declaration in src/api/pointwise.ts fills in through
// unaryOp, the predicates (never recorded), polygamma and logit.

import type { UnaryKind } from '../../backend/backend.js';
import { bool } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, applyInplace, defineOp, type OpDef } from '../../autograd/op.js';
import { floatOf, notImplemented, wrap } from './promote.js';
import { backend } from '../../backend/index.js';
import { whereImpl } from './ternary.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import { isDual } from '../../autograd/forward.js';
import { op, type Declared, type Domain, type MethodMap, type NameOf, type Samples } from '../declare.js';

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

// Every unary kind's row, by kind: filled by defineUnary (the declarations in src/api/pointwise.ts
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

/** The in-place form (exp_, neg_, ...): the result must be castable to self's dtype. */
export function unary_(x: Tensor, kind: UnaryKind): Tensor {
  const r = unaryRow(kind);
  return applyInplace(r.inplaceDef ?? r.def, x, [], undefined);
}

// Used by other ops (activations, losses) and by torch.nn.functional.
export const reluImpl = (x: Tensor): Tensor => unary('relu', x);
export const sigmoidImpl = (x: Tensor): Tensor => unary('sigmoid', x);
export const tanhImpl = (x: Tensor): Tensor => unary('tanh', x);
export const silu = (x: Tensor): Tensor => unary('silu', x);
export const gelu = (x: Tensor): Tensor => unary('gelu', x);
export const erfImpl = (x: Tensor): Tensor => unary('erf', x);

// Predicates are not differentiable: their outputs are bool and never record.
export const isnanImpl = (x: Tensor): Tensor => K.unary('isnan', x);
export const isinfImpl = (x: Tensor): Tensor => K.unary('isinf', x);
export const isfiniteImpl = (x: Tensor): Tensor => K.unary('isfinite', x);
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

// polygamma(int n, Tensor self): the order arrives at the kernel as a broadcast first operand.
const POLYGAMMA = defineOp<{ n: number }>({
  node: 'PolygammaBackward0',
  saves: ['self'],
  forward: ([x], { n }) => {
    const dtype = floatOf(x._dtype);
    return K.binary('polygamma', wrap(n), x, dtype);
  },
  // grad * polygamma(n + 1, self)
  backward: (g, s, { args }) => [g.mul(polygammaImpl(args.n + 1, s.self))],
});

export function polygammaImpl(n: number, x: Tensor): Tensor {
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

export function logit_(x: Tensor, eps?: number | null | { eps?: number | null }): Tensor {
  return applyInplace(LOGIT, x, [], { eps: logitEps(eps) });
}
