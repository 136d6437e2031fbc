// Losses that ATen writes as one kernel each (smooth_l1_loss, huber_loss, soft_margin_loss) or as
// a composition (kl_div), composed here from tensor ops so every autograd mode runs through them;
// and PyTorch's legacy size_average/reduce arguments, which every loss accepts.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';
import { broadcastShapes, shapeEquals } from '../tensor/shape.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { requireFloat } from './activation.js';
import { resultType, whereImpl, xlogyImpl } from './pointwise.js';
import {
  broadcastPair,
  legacyReduction,
  reduceRecorded,
  reductionOf,
  warnOnce,
  warnSizeMismatch,
  type Reduction,
} from './loss.js';
import { fn } from './declare.js';

const LEGACY = 'bool? size_average=None, bool? reduce=None';

// size_average and reduce: PyTorch's deprecated arguments, still accepted (legacyReduction).
const REDUCTION = "str reduction='mean'";

type T = Tensor;
type Legacy = boolean | null;
export const functional_kl_div = fn(
  `kl_div(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION}, bool log_target=False)`,
  (
    input: T,
    target: T,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction | 'batchmean',
    log_target?: boolean,
  ): T => {
    const legacy = legacyReduction(size_average, reduce, undefined);
    const r = reduction ?? 'mean';
    // A legacy reduction replaces the given one, except that 'batchmean' still divides by the batch.
    if (legacy === undefined) return kl_div(input, target, r, log_target ?? false, false);
    const out = kl_div(input, target, legacy, log_target ?? false, true);
    return r === 'batchmean' && input.dim() !== 0 ? out.div(input.size(0)) : out;
  },
);

/** |d| < beta ? 0.5 d² / beta : |d| - 0.5 beta, d = input - target (l1_loss when beta is 0). */
export function smooth_l1_loss(input: Tensor, target: Tensor, reduction?: string, beta = 1): Tensor {
  const r = reductionOf({ reduction });
  warnSizeMismatch(input, target);
  const [a, b] = broadcastPair(input, target);
  if (beta < 0) throw new RangeError('smooth_l1_loss does not support negative values for beta.');
  // One TensorIterator kernel: it runs in the promoted dtype, which must be floating.
  requireFloat(a.dtype.is_floating_point ? a : b.dtype.is_floating_point ? b : a, 'smooth_l1_cpu');
  const z = a.sub(b).abs();
  if (beta === 0) return reduceRecorded(z, r);
  return reduceRecorded(whereImpl(z.lt(beta), z.mul(0.5).mul(z).div(beta), z.sub(0.5 * beta)), r);
}

export const functional_smooth_l1_loss = fn(
  `smooth_l1_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION}, float beta=1.0)`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction, beta?: number): T =>
    smooth_l1_loss(input, target, legacyReduction(size_average, reduce, reduction), beta),
);

/** |d| < delta ? 0.5 d² : delta (|d| - 0.5 delta). */
export function huber_loss(input: Tensor, target: Tensor, reduction?: string, delta = 1): Tensor {
  const r = reductionOf({ reduction });
  warnSizeMismatch(input, target);
  const [a, b] = broadcastPair(input, target);
  if (!(delta > 0)) throw new RangeError('huber_loss does not support non-positive values for delta.');
  // ATen writes into a tensor of input's dtype: the result type must fit it, and be floating.
  if (!a.dtype.is_floating_point) {
    const common = resultType(a, b);
    if (common.is_floating_point) a._checkCastFrom(common);
    requireFloat(a, 'huber_cpu');
  }
  const z = a.sub(b).abs();
  const out = reduceRecorded(whereImpl(z.lt(delta), z.mul(0.5).mul(z), z.sub(0.5 * delta).mul(delta)), r);
  return out.dtype === input.dtype ? out : out.to(input.dtype);
}

export const functional_huber_loss = fn(
  `huber_loss(Tensor input, Tensor target, ${REDUCTION}, float delta=1.0)`,
  (input: T, target: T, reduction?: Reduction, delta?: number): T => huber_loss(input, target, reduction, delta),
);

/**
 * target (log target - input), from log-probabilities `input`: ATen's kl_div (xlogy(t, t) - t·input,
 * or exp(t)(t - input) with log_target). 'batchmean' sums and divides by the batch size.
 */
export function kl_div(input: Tensor, target: Tensor, reduction: string, log_target: boolean, legacy: boolean): Tensor {
  if (!legacy && reduction === 'mean') {
    warnOnce(
      "reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.",
    );
  }
  const r = reduction === 'batchmean' ? 'sum' : reductionOf({ reduction });
  if (!input.dtype.is_floating_point || !target.dtype.is_floating_point) {
    throw new TypeError('kl_div: Integral inputs not supported.');
  }
  const pointwise = log_target ? target.exp().mul(target.sub(input)) : xlogyImpl(target, target).sub(target.mul(input));
  const reduced = reduceRecorded(pointwise, r);
  return reduction === 'batchmean' && input.dim() !== 0 ? reduced.div(input.size(0)) : reduced;
}

/** log(1 + exp(-target · input)). */
export function soft_margin_loss(input: Tensor, target: Tensor, reduction?: string): Tensor {
  const r = reductionOf({ reduction });
  if (target.requires_grad && is_grad_enabled()) {
    throw new Error(
      "The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.",
    );
  }
  // ATen computes in place in a tensor shaped and typed as input: target broadcasts to input's
  // shape, and the result must fit input's dtype.
  const shape = broadcastShapes(input.shape, target.shape);
  if (!shapeEquals(shape, input.shape)) {
    throw new Error(
      `output with shape [${input.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`,
    );
  }
  input._checkCastFrom(float32);
  // ATen: neg_out(output, input).mul_(target).exp_().log1p_() in an output of input's dtype, so
  // the product is rounded to input's dtype before exp and log1p.
  const out = reduceRecorded(input.neg().mul(target).to(input.dtype).exp().log1p(), r);
  return out.dtype === input.dtype ? out : out.to(input.dtype);
}

export const functional_soft_margin_loss = fn(
  `soft_margin_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    soft_margin_loss(input, target, legacyReduction(size_average, reduce, reduction)),
);
