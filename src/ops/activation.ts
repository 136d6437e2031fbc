// nn.functional activations that are not plain pointwise ops: dropout (a random mask, composed
// as ATen's _dropout does, so it records MulBackward0 and draws PyTorch's bernoulli stream) and
// gelu's tanh approximation (its own GeluBackward0 node, as in ATen).
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import { no_grad } from '../autograd/grad_mode.js';
import type { Tensor } from '../tensor/tensor.js';
import { pyFloat } from '../tensor/format.js';
import { bool } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import { gelu as geluExact, whereImpl } from './pointwise.js';
import { fusedBackward } from './pointwise/unary.js';
import { emitWarning } from '../tensor/warn.js';
import { bernoulliLike } from './random.js';
import { fn } from './declare.js';

export interface DropoutOpts {
  p?: number;
  training?: boolean;
  inplace?: boolean;
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${pyFloat(p)}`);
  }
}

/**
 * F.dropout(input, p = 0.5, { training = true, inplace = false }): zeroes elements with
 * probability p and scales the rest by 1/(1-p). Out of training it returns input itself.
 */
export function dropout(input: Tensor, p?: number | DropoutOpts, opts?: DropoutOpts): Tensor {
  const o = typeof p === 'object' ? p : { ...opts, p: p ?? opts?.p };
  const prob = o.p ?? 0.5;
  checkP(prob);
  if (prob === 0 || o.training === false || input.numel() === 0) return input;
  if (prob === 1) {
    const zero = K.full([], 0, input.dtype);
    return o.inplace ? input.mul_(zero) : input.mul(zero);
  }
  // bernoulliLike draws one mask per example under vmap's randomness='different'.
  const noise = no_grad(() => bernoulliLike(input, 1 - prob).div_(1 - prob));
  return o.inplace ? input.mul_(noise) : input.mul(noise);
}

type T = Tensor;
export const functional_dropout = fn(
  'dropout(Tensor input, float p=0.5, bool training=True, bool inplace=False)',
  (input: T, p?: number, training?: boolean, inplace?: boolean): T => dropout(input, { p, training, inplace }),
);

// ---------------------------------------------------------------- gelu (tanh approximation)

const BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const KAPPA = 0.044715;

/** tanh(β (x + κ x³)), in recorded tensor ops. */
function innerTanh(x: Tensor): Tensor {
  return x.add(x.mul(x).mul(x).mul(KAPPA)).mul(BETA).tanh();
}

const GELU_TANH = defineOp({
  node: 'GeluBackward0',
  saves: ['self'],
  // 0.5 x (1 + tanh(β (x + κ x³)))
  forward: ([x]) => no_grad(() => K.contiguous(x.mul(0.5).mul(innerTanh(x).add(1)))),
  // 0.5 (1 + t) + 0.5 x (1 - t²) β (1 + 3κ x²)
  backward: (g, s) => {
    const x = s.self;
    if (fusedBackward(g, x)) return [K.binary('gelu_tanh_backward', g, x, x.dtype)];
    const t = innerTanh(x);
    const left = t.add(1).mul(0.5);
    const right = x
      .mul(0.5)
      .mul(t.mul(t).neg().add(1))
      .mul(
        x
          .mul(x)
          .mul(3 * KAPPA)
          .add(1)
          .mul(BETA),
      );
    return [g.mul(left.add(right))];
  },
});

/** F.gelu(input, { approximate: 'none' | 'tanh' }). */
export function gelu(input: Tensor, opts?: { approximate?: string }): Tensor {
  const approximate = opts?.approximate ?? 'none';
  if (approximate === 'none') return geluExact(input);
  if (approximate === 'tanh') {
    requireFloat(input, 'GeluKernelImpl');
    return apply(GELU_TANH, [input], undefined);
  }
  throw new Error('approximate argument must be either none or tanh.');
}

export const functional_gelu = fn("gelu(Tensor input, *, str approximate='none')", gelu);

// ---------------------------------------------------------------- composite activations
//
// The activations below are compositions of differentiable tensor ops (where, clamp, expm1,
// log1p, ...), so reverse mode, forward mode and vmap all run through them; their grad_fn is the
// last op's (PyTorch records one node, LeakyReluBackward0 and so on). Each composition keeps
// PyTorch's value and its gradient at the kinks (hardtanh's gradient is zero at its bounds,
// hardswish's is not). Note [Safe branch]: where() passes a zero gradient to the branch it did not
// pick, and 0 times an infinite local derivative is nan, so a branch that overflows where it is
// not picked (exp of a large input) is fed a clamped input.

/** ATen's dispatch error for a kernel that has no integer version. */
export function requireFloat(x: Tensor, kernel: string): void {
  if (!x.dtype.is_floating_point) throw new TypeError(`"${kernel}" not implemented for '${x.dtype.scalarType}'`);
}

/** The in-place form (inplace=True): the result written into input, recorded as a copy. */
function inPlace(input: Tensor, inplace: boolean | undefined, f: (x: Tensor) => Tensor): Tensor {
  if (inplace !== true) return f(input);
  // f reads a clone, so the tensors it saves are not the ones overwritten.
  return input.copy_(f(input.clone()));
}

/** x > 0 ? x : negative_slope * x */
export function leaky_relu(input: Tensor, negative_slope = 0.01, inplace?: boolean): Tensor {
  requireFloat(input, 'leaky_relu_cpu');
  return inPlace(input, inplace, (x) => whereImpl(x.gt(0), x, x.mul(negative_slope)));
}

export const functional_leaky_relu = fn(
  'leaky_relu(Tensor input, float negative_slope=0.01, bool inplace=False)',
  (input: T, negative_slope?: number, inplace?: boolean): T => leaky_relu(input, negative_slope, inplace),
);

/** x > 0 ? scale x : negcoef (exp(input_scale x) - 1): ATen's elu, which elu, selu and celu share. */
function eluCore(x: Tensor, negcoef: number, poscoef: number, input_scale: number): Tensor {
  // See Note [Safe branch]: the negative branch sees min(x, 0).
  let neg = x.clamp_max(0);
  if (input_scale !== 1) neg = neg.mul(input_scale);
  const pos = poscoef === 1 ? x : x.mul(poscoef);
  return whereImpl(x.gt(0), pos, neg.expm1().mul(negcoef));
}

export function elu(input: Tensor, alpha = 1, inplace?: boolean): Tensor {
  requireFloat(input, 'elu_cpu');
  return inPlace(input, inplace, (x) => eluCore(x, alpha, 1, 1));
}

export const functional_elu = fn(
  'elu(Tensor input, float alpha=1.0, bool inplace=False)',
  (input: T, alpha?: number, inplace?: boolean): T => elu(input, alpha, inplace),
);

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

export function selu(input: Tensor, inplace?: boolean): Tensor {
  requireFloat(input, 'elu_cpu');
  return inPlace(input, inplace, (x) => eluCore(x, SELU_ALPHA * SELU_SCALE, SELU_SCALE, 1));
}

export const functional_selu = fn('selu(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  selu(input, inplace),
);

export function celu(input: Tensor, alpha = 1, inplace?: boolean): Tensor {
  if (alpha === 0) throw new Error('ZeroDivisionError: alpha cannot be 0 for CELU');
  requireFloat(input, 'elu_cpu');
  return inPlace(input, inplace, (x) => eluCore(x, alpha, 1, 1 / alpha));
}

export const functional_celu = fn(
  'celu(Tensor input, float alpha=1.0, bool inplace=False)',
  (input: T, alpha?: number, inplace?: boolean): T => celu(input, alpha, inplace),
);

interface SoftplusArgs {
  beta: number;
  threshold: number;
}

/**
 * One recorded node, as ATen's (SoftplusBackward0), with ATen's gradient z / (z + 1), z = exp(beta x):
 * composed as log1p(exp(beta x)) / beta, the chain rule gave 0 * (1 / 0), NaN, for beta = 0.
 */
const SOFTPLUS: OpDef<SoftplusArgs> = defineOp<SoftplusArgs>({
  node: 'SoftplusBackward0',
  saves: ['self'],
  jvp: 'elementwise',
  // beta x > threshold ? x : log1p(exp(beta x)) / beta
  forward: ([x], { beta, threshold }) =>
    no_grad(() => {
      const bx = beta === 1 ? x : x.mul(beta);
      // See Note [Safe branch].
      let soft = bx.clamp_max(threshold).exp().log1p();
      if (beta !== 1) soft = soft.div(beta);
      return K.contiguous(whereImpl(bx.gt(threshold), x, soft));
    }),
  // beta x > threshold ? g : g z / (z + 1), in recorded ops (double backward).
  backward: (g, s, { args }) => {
    const bx = args.beta === 1 ? s.self : s.self.mul(args.beta);
    const z = bx.clamp_max(args.threshold).exp();
    return [whereImpl(bx.gt(args.threshold), g, g.mul(z).div(z.add(1)))];
  },
});

/** beta x > threshold ? x : log1p(exp(beta x)) / beta */
export function softplus(input: Tensor, beta = 1, threshold = 20): Tensor {
  requireFloat(input, 'softplus_cpu');
  return apply(SOFTPLUS, [input], { beta, threshold });
}

export const functional_softplus = fn(
  'softplus(Tensor input, Scalar beta=1, Scalar threshold=20)',
  (input: T, beta?: number, threshold?: number): T => softplus(input, beta, threshold),
);

/** ATen's composition: input / (|input| + 1). */
export function softsign(input: Tensor): Tensor {
  return input.div(input.abs().add(1));
}

export const functional_softsign = fn('softsign(Tensor input)', (input: T): T => softsign(input));

/** clamp(x, min_val, max_val), with a zero gradient at the bounds (ATen's hardtanh_backward). */
export function hardtanh(input: Tensor, min_val = -1, max_val = 1, inplace?: boolean): Tensor {
  if (input.dtype === bool) throw new TypeError('Bool inputs not supported for hardtanh');
  // With min_val > max_val every value is max_val (ATen clamps), and no gradient passes.
  if (min_val > max_val) return inPlace(input, inplace, (x) => keepDType(x, x.clamp(min_val, max_val)));
  return inPlace(input, inplace, (x) =>
    keepDType(x, whereImpl(x.le(min_val), min_val, whereImpl(x.ge(max_val), max_val, x))),
  );
}

export const functional_hardtanh = fn(
  'hardtanh(Tensor input, float min_val=-1.0, float max_val=1.0, bool inplace=False)',
  (input: T, min_val?: number, max_val?: number, inplace?: boolean): T => hardtanh(input, min_val, max_val, inplace),
);

/** An integer input keeps its dtype when a bound or fill value is fractional (ATen writes into input's dtype). */
function keepDType(input: Tensor, out: Tensor): Tensor {
  return out.dtype === input.dtype || input.dtype.is_floating_point ? out : out.to(input.dtype);
}

export function relu6(input: Tensor, inplace?: boolean): Tensor {
  return hardtanh(input, 0, 6, inplace);
}

export const functional_relu6 = fn('relu6(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  relu6(input, inplace),
);

/** min(max(x + 3, 0), 6) / 6, its gradient 1/6 strictly inside (-3, 3). */
export function hardsigmoid(input: Tensor, inplace?: boolean): Tensor {
  requireFloat(input, 'hardsigmoid_cpu');
  return inPlace(input, inplace, (x) => whereImpl(x.le(-3), 0, whereImpl(x.ge(3), 6, x.add(3))).div(6));
}

export const functional_hardsigmoid = fn(
  'hardsigmoid(Tensor input, bool inplace=False)',
  (input: T, inplace?: boolean): T => hardsigmoid(input, inplace),
);

/** x min(max(x + 3, 0), 6) / 6 (clamp's gradient passes at the bounds, as hardswish_backward's does). */
export function hardswish(input: Tensor, inplace?: boolean): Tensor {
  requireFloat(input, 'hardswish_cpu');
  return inPlace(input, inplace, (x) => x.mul(x.add(3).clamp(0, 6)).div(6));
}

export const functional_hardswish = fn(
  'hardswish(Tensor input, bool inplace=False)',
  (input: T, inplace?: boolean): T => hardswish(input, inplace),
);

/** x tanh(softplus(x)). */
export function mish(input: Tensor, inplace?: boolean): Tensor {
  requireFloat(input, 'mish_cpu');
  return inPlace(input, inplace, (x) => x.mul(softplus(x).tanh()));
}

export const functional_mish = fn('mish(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  mish(input, inplace),
);

/** log σ(x) = -softplus(-x): x where -x > 20, else -log1p(exp(-x)). */
export function logsigmoid(input: Tensor): Tensor {
  requireFloat(input, 'log_sigmoid_cpu');
  const neg = input.neg();
  // See Note [Safe branch].
  return whereImpl(neg.gt(20), input, neg.clamp_max(20).exp().log1p().neg());
}

export const functional_logsigmoid = fn('logsigmoid(Tensor input)', (input: T): T => logsigmoid(input));

/** ATen's composition: input - tanh(input). */
export function tanhshrink(input: Tensor): Tensor {
  return input.sub(input.tanh());
}

export const functional_tanhshrink = fn('tanhshrink(Tensor input)', (input: T): T => tanhshrink(input));

/** a σ(b), where a and b are input's halves along dim. */
export function glu(input: Tensor, dim = -1): Tensor {
  if (input.dim() === 0) throw new Error('glu does not support scalars because halving size must be even');
  const d = dim < 0 ? dim + input.dim() : dim;
  if (d < 0 || d >= input.dim()) {
    throw new RangeError(
      `Dimension out of range (expected to be in range of [${-input.dim()}, ${input.dim() - 1}], but got ${dim})`,
    );
  }
  const n = input.size(d);
  requireFloat(input, 'glu_cpu');
  if (n % 2 !== 0) throw new Error(`Halving dimension must be even, but dimension ${d} is size ${n}`);
  return input.narrow(d, 0, n / 2).mul(input.narrow(d, n / 2, n / 2).sigmoid());
}

export const functional_glu = fn('glu(Tensor input, int dim=-1)', (input: T, dim?: number): T => glu(input, dim));

// ---------------------------------------------------------------- dropout variants

/**
 * ATen's _dropout_impl for the feature (channel-wise) and alpha variants: a Bernoulli(1 - p) mask
 * drawn as dropout draws it (of shape [N, C, 1, ...] for feature dropout), scaled; alpha dropout
 * then adds b so the SELU mean and variance are kept.
 */
export function dropoutVariant(
  input: Tensor,
  p: number,
  training: boolean,
  inplace: boolean,
  feature: boolean,
  alpha: boolean,
): Tensor {
  checkP(p);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (p === 1) {
    const zero = K.full([], 0, input.dtype);
    return inplace ? input.mul_(zero) : input.mul(zero);
  }
  if (feature && input.dim() < 2) throw new Error('Feature dropout requires at least 2 dimensions in the input');
  const shape = feature ? input.shape.map((s, i) => (i < 2 ? s : 1)) : input.shape;
  const [noise, b] = no_grad((): [Tensor, Tensor | null] => {
    const mask = K.empty(shape, input.dtype).bernoulli_(1 - p);
    if (!alpha) return [mask.div_(1 - p), null];
    const A = 1.7580993408473766;
    const a = 1 / Math.sqrt((A * A * p + 1) * (1 - p));
    const shift = mask
      .add(-1)
      .mul_(A * a)
      .add_(A * a * p);
    return [mask.mul_(a), shift];
  });
  const out = inplace ? input.mul_(noise) : input.mul(noise);
  return b === null ? out : out.add_(b);
}

const warnedDropout = new Set<string>();
function warnOnce(text: string): void {
  if (warnedDropout.has(text)) return;
  warnedDropout.add(text);
  emitWarning(text, 'UserWarning');
}

/** F.dropout1d: channel-wise dropout of [N, C, L] or [C, L] inputs. */
export function dropout1d(input: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  checkP(p);
  const d = input.dim();
  if (d !== 2 && d !== 3) {
    throw new Error(
      `dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`,
    );
  }
  if (d === 3) return dropoutVariant(input, p, training, inplace, true, false);
  // In place, the mask multiplies a view of input, so input itself holds the result.
  const out = dropoutVariant(input.unsqueeze(0), p, training, inplace, true, false);
  return inplace ? input : out.squeeze(0);
}

const DROPOUT = (name: string, training: string): string =>
  `${name}(Tensor input, float p=0.5, bool training=${training}, bool inplace=False)`;
type DropoutFn = (input: T, p?: number, training?: boolean, inplace?: boolean) => T;
export const functional_dropout1d = fn(DROPOUT('dropout1d', 'True'), dropout1d as DropoutFn);

/** F.dropout2d: channel-wise dropout of [N, C, H, W] inputs (PyTorch 1.13's handling of other ranks). */
export function dropout2d(input: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  checkP(p);
  const d = input.dim();
  if (d !== 3 && d !== 4) {
    warnOnce(
      `dropout2d: Received a ${d}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).`,
    );
  }
  if (d === 3) {
    warnOnce(
      'dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.',
    );
  }
  return dropoutVariant(input, p, training, inplace, true, false);
}

export const functional_dropout2d = fn(DROPOUT('dropout2d', 'True'), dropout2d as DropoutFn);

export function alpha_dropout(input: Tensor, p = 0.5, training = false, inplace = false): Tensor {
  return dropoutVariant(input, p, training, inplace, false, true);
}

export const functional_alpha_dropout = fn(DROPOUT('alpha_dropout', 'False'), alpha_dropout as DropoutFn);

export function feature_alpha_dropout(input: Tensor, p = 0.5, training = false, inplace = false): Tensor {
  return dropoutVariant(input, p, training, inplace, true, true);
}

export const functional_feature_alpha_dropout = fn(
  DROPOUT('feature_alpha_dropout', 'False'),
  feature_alpha_dropout as DropoutFn,
);

// ---------------------------------------------------------------- threshold, shrinks, prelu

/** x > threshold ? x : value */
export function threshold(input: Tensor, thresh: number, value: number, inplace?: boolean): Tensor {
  if (input.dtype === bool) throw new TypeError(`"threshold_cpu" not implemented for 'Bool'`);
  return inPlace(input, inplace, (x) => keepDType(x, whereImpl(x.gt(thresh), x, value)));
}

export const functional_threshold = fn(
  'threshold(Tensor input, float threshold, float value, bool inplace=False)',
  (input: T, thresh: number, value: number, inplace?: boolean): T => threshold(input, thresh, value, inplace),
);

/** |x| > lambd ? x : 0 (ATen zeroes -lambd <= x <= lambd). */
export function hardshrink(input: Tensor, lambd = 0.5): Tensor {
  requireFloat(input, 'hardshrink_cpu');
  return whereImpl(input.lt(-lambd).logical_or(input.gt(lambd)), input, 0);
}

export const functional_hardshrink = fn('hardshrink(Tensor input, float lambd=0.5)', (input: T, lambd?: number): T =>
  hardshrink(input, lambd),
);

/** x - lambd above lambd, x + lambd below -lambd, 0 between. */
export function softshrink(input: Tensor, lambd = 0.5): Tensor {
  if (lambd < 0) {
    throw new RangeError(`lambda must be greater or equal to 0, but found to be ${pyFloat(lambd)}.`);
  }
  requireFloat(input, 'softshrink_cpu');
  return whereImpl(input.gt(lambd), input.sub(lambd), whereImpl(input.lt(-lambd), input.add(lambd), 0));
}

export const functional_softshrink = fn('softshrink(Tensor input, float lambd=0.5)', (input: T, lambd?: number): T =>
  softshrink(input, lambd),
);

/** x > 0 ? x : weight x, with one weight, or one per channel (dim 1). */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  requireFloat(input, 'prelu_cpu');
  let w = weight;
  if (weight.numel() === 1) {
    w = weight.reshape([]);
  } else {
    if (input.dim() === 0) throw new RangeError('Not allow zero-dim input tensor.');
    // ATen counts one channel for a 1-D input.
    const channels = input.dim() >= 2 ? input.size(1) : 1;
    if (weight.numel() !== channels) {
      throw new RangeError(
        `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${weight.numel()} and channel size = ${channels}.`,
      );
    }
    if (weight.dim() !== 1) {
      throw new RangeError(`prelu: Expected \`weight\` to be a scalar or 1D tensor, but got: ndim = ${weight.dim()}`);
    }
    w = weight.reshape(input.shape.map((s, d) => (d === 1 ? s : 1)));
  }
  return whereImpl(input.gt(0), input, w.mul(input));
}

export const functional_prelu = fn('prelu(Tensor input, Tensor weight)', (input: T, weight: T): T =>
  prelu(input, weight),
);
