// Loss functions (nn.functional), with PyTorch 1.13's grad_fn names: the losses ATen implements
// as one kernel are one op here (MseLossBackward0, NllLossBackward0, BinaryCrossEntropyBackward0,
// BinaryCrossEntropyWithLogitsBackward0); those ATen composes from other ops (l1_loss,
// cross_entropy) are composed the same way, so their printed grad_fn is the last op's.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import { no_grad } from '../autograd/grad_mode.js';
import { broadcastShapes, formatShape, numel, shapeEquals } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { makeBatched, vmapState } from '../autograd/batching.js';
import { padBatched } from './view.js';
import { resultType } from './pointwise.js';
import { divScalar } from './pointwise/arith.js';
import { log_softmaxImpl } from './softmax.js';
import { scatterAddAt } from './gather_at.js';
import { emitWarning } from '../tensor/warn.js';
import { fn } from './declare.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOpts {
  reduction?: Reduction;
}

export function reductionOf(opts?: { reduction?: string }): Reduction {
  const r = opts?.reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new Error(`${r} is not a valid value for reduction`);
  return r;
}

/** ATen's apply_loss_reduction, computed without recording. */
function reduceLoss(x: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return x;
  const all = [...Array(x.dim()).keys()];
  return K.reduce(reduction === 'sum' ? 'sum' : 'mean', x, all, false, x.dtype);
}

/** The recorded form of apply_loss_reduction, for backward formulas and composite losses. */
export function reduceRecorded(x: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return x;
  return reduction === 'sum' ? x.sum() : x.mean();
}

export function warnSizeMismatch(input: Tensor, target: Tensor): void {
  if (shapeEquals(input.shape, target.shape)) return;
  emitWarning(
    `Using a target size (torch.Size(${formatShape(target.shape)})) that is different to the input size (torch.Size(${formatShape(input.shape)})). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
    'UserWarning',
  );
}

// ---------------------------------------------------------------- mse_loss, l1_loss

const MSE_LOSS = defineOp<{ reduction: Reduction }>({
  node: 'MseLossBackward0',
  // Unreduced over the whole batch, then each example reduced on its own.
  batch: ([a, b], batched, { reduction }): Tensor => {
    const rank = Math.max(a.dim() - (batched[0] ? 1 : 0), b.dim() - (batched[1] ? 1 : 0));
    const pa = batched[0] ? padBatched(a, rank) : a;
    const pb = batched[1] ? padBatched(b, rank) : b;
    const l = apply(MSE_LOSS, [pa, pb], { reduction: 'none' });
    const dims = [...Array(l.dim()).keys()].slice(1);
    if (reduction === 'none' || dims.length === 0) return l;
    return reduction === 'sum' ? l.sum(dims) : l.mean(dims);
  },
  saves: ['self', 'other'],
  forward: ([a, b], { reduction }) => {
    const dtype = resultType(a, b);
    const diff = K.binary('sub', a, b, dtype);
    return reduceLoss(K.binary('mul', diff, diff, dtype), reduction);
  },
  // d/da mean((a-b)^2) = 2(a-b)/n
  backward: (g, s, { args, needs, meta }) => {
    // ATen's mse_loss_backward kernel (a TensorIterator over input, target, grad) takes one dtype, the input's.
    for (const t of [s.other, g]) {
      if (t.dtype !== s.self.dtype) {
        throw new Error(`Found dtype ${t.dtype.scalarType} but expected ${s.self.dtype.scalarType}`);
      }
    }
    const n = args.reduction === 'mean' ? numel(broadcastShapes(meta[0].shape, meta[1].shape)) : 1;
    const d = s.self
      .sub(s.other)
      .mul(g)
      .mul(2 / n);
    return [needs[0] ? d : null, needs[1] ? d.neg() : null];
  },
});

/** torch.broadcast_tensors: each operand expanded to the common shape (left alone if it has it). */
export function broadcastPair(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const shape = broadcastShapes(a.shape, b.shape);
  return [shapeEquals(a.shape, shape) ? a : a.expand(shape), shapeEquals(b.shape, shape) ? b : b.expand(shape)];
}

/** F.mse_loss: broadcast_tensors (so a broadcast operand records ExpandBackward0), then the op. */
export function mse_loss(input: Tensor, target: Tensor, opts?: LossOpts): Tensor {
  const reduction = reductionOf(opts);
  warnSizeMismatch(input, target);
  if (!input.dtype.is_floating_point && !target.dtype.is_floating_point) {
    throw new TypeError(`"mse_cpu" not implemented for '${resultType(input, target).scalarType}'`);
  }
  return apply(MSE_LOSS, broadcastPair(input, target), { reduction });
}

const LEGACY = 'bool? size_average=None, bool? reduce=None';

const warned = new Set<string>();
/** Emits a UserWarning once per text. */
export function warnOnce(text: string): void {
  if (warned.has(text)) return;
  warned.add(text);
  emitWarning(text, 'UserWarning');
}

/**
 * torch.nn._reduction.legacy_get_string: the deprecated size_average and reduce arguments, when
 * either is given, decide the reduction (with PyTorch's warning); otherwise `reduction` does.
 */
export function legacyReduction<R extends string>(
  size_average: boolean | null | undefined,
  reduce: boolean | null | undefined,
  reduction: R | undefined,
): R | Reduction | undefined {
  const noSize = size_average === undefined || size_average === null;
  const noReduce = reduce === undefined || reduce === null;
  if (noSize && noReduce) return reduction;
  const avg = noSize ? true : size_average;
  const red = noReduce ? true : reduce;
  const ret: Reduction = avg && red ? 'mean' : red ? 'sum' : 'none';
  warnOnce(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}

// size_average and reduce: PyTorch's deprecated arguments, still accepted (legacyReduction).
const REDUCTION = "str reduction='mean'";

type T = Tensor;
type Legacy = boolean | null;
export const functional_mse_loss = fn(
  `mse_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    mse_loss(input, target, { reduction: legacyReduction(size_average, reduce, reduction) }),
);

/** F.l1_loss: broadcast_tensors, then ATen's composition (input - target).abs() and the reduction. */
export function l1_loss(input: Tensor, target: Tensor, opts?: LossOpts): Tensor {
  const reduction = reductionOf(opts);
  warnSizeMismatch(input, target);
  const [a, b] = broadcastPair(input, target);
  return reduceRecorded(a.sub(b).abs(), reduction);
}

export const functional_l1_loss = fn(
  `l1_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    l1_loss(input, target, { reduction: legacyReduction(size_average, reduce, reduction) }),
);

// ---------------------------------------------------------------- nll_loss

export interface NllLossOpts extends LossOpts {
  weight?: Tensor | null;
  ignore_index?: number;
}

interface NllArgs {
  /** Offsets of each target's input element (contiguous layout); -1 where ignored. */
  picks: Int32Array;
  /** d loss_i / d input[i, t_i]: -w[t_i] (over the total weight for 'mean'); 0 where ignored. */
  coef: Tensor;
  /** -w[t_i], unscaled (the forward divides the sum once, as ATen does). */
  negWeights: Float64Array;
  /** The total weight of the counted targets ('mean'), else 1. */
  divisor: number;
  reduction: Reduction;
  targetShape: number[];
}

const NLL_LOSS = defineOp<NllArgs>({
  node: 'NllLossBackward0',
  // Linear in the input: the same selection applied to the tangent.
  jvp: 'linear',
  forward: ([x], { picks, negWeights, divisor, reduction, targetShape }) => {
    const src = K.contiguous(x)._data;
    const out = K.empty(targetShape, x.dtype);
    const o = out._data;
    for (let i = 0; i < picks.length; i++) o[i] = picks[i] < 0 ? 0 : negWeights[i] * src[picks[i]];
    if (reduction === 'none') return out;
    // Sum in double, then divide and round once (0/0 = nan when every target is ignored).
    let total = 0;
    for (let i = 0; i < o.length; i++) total += o[i];
    return K.full([], total / divisor, x.dtype);
  },
  // Each picked element receives coef * grad; everything else (ignored targets too) gets nothing.
  backward: (g, _s, { args, meta }) => [
    scatterAddAt(g.mul(args.coef), { offsets: args.picks, srcShape: meta[0].shape, outShape: args.targetShape }),
  ],
});

/** ATen runs inputs of 3 or more dims through nll_loss2d: the same op under its own node name. */
const NLL_LOSS2D = defineOp<NllArgs>({ ...NLL_LOSS, node: 'NllLoss2DBackward0' });

function checkNllShapes(input: Tensor, target: Tensor, weight: Tensor | null | undefined): void {
  if (input.dim() < 1) throw new RangeError(`Expected 1 or more dimensions (got ${input.dim()})`);
  if (input.dim() !== 1 && input.size(0) !== (target.dim() > 0 ? target.size(0) : 1)) {
    throw new RangeError(
      `Expected input batch_size (${input.size(0)}) to match target batch_size (${target.dim() > 0 ? target.size(0) : 1}).`,
    );
  }
  if (input.dim() <= 2) {
    if (target.dim() > 1) throw new RangeError('0D or 1D target tensor expected, multi-target not supported');
    const noBatch = input.dim() === 1 && target.dim() === 0;
    if (!noBatch && input.size(0) !== (target.dim() > 0 ? target.size(0) : 1)) {
      throw new RangeError(
        `size mismatch (got input: [${input.shape.join(', ')}], target: [${target.shape.join(', ')}])`,
      );
    }
  } else if (input.dim() === 4) {
    if (target.dim() !== 3) {
      throw new RangeError(
        `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.dim()}`,
      );
    }
    if (weight && weight.numel() !== input.size(1)) {
      throw new RangeError('weight tensor should be defined either for all or no classes');
    }
    if (target.size(0) !== input.size(0) || target.size(1) !== input.size(2) || target.size(2) !== input.size(3)) {
      throw new RangeError(
        `size mismatch (got input: [${input.shape.join(', ')}] , target: [${target.shape.join(', ')}]`,
      );
    }
    return;
  } else {
    const want = [input.size(0), ...input.shape.slice(2)];
    if (!shapeEquals(target.shape.slice(1), input.shape.slice(2))) {
      throw new RangeError(`Expected target size [${want.join(', ')}], got [${target.shape.join(', ')}]`);
    }
    if (weight && weight.numel() !== input.size(1)) {
      throw new RangeError('weight tensor should be defined either for all or no classes');
    }
    return;
  }
  const C = input.dim() === 1 ? input.size(0) : input.size(1);
  if (weight && (weight.dim() !== 1 || weight.numel() !== C)) {
    throw new RangeError(
      `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`,
    );
  }
}

/** F.nll_loss(input, target, { weight, ignore_index, reduction }): input holds log-probabilities. */
/**
 * nll_loss's batching rule under vmap (Note [Batching]): every example's rows as one [B*N, C]
 * batch with reduction 'none', then each example reduced on its own ('mean' divides by the
 * example's own total weight, as the per-example call would).
 */
function nllBatched(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignore: number,
  reduction: Reduction,
): Tensor {
  const level = Math.max(input._bt?.level ?? 0, target._bt?.level ?? 0);
  const B = vmapState.sizes[level - 1];
  const phys = (t: Tensor): Tensor =>
    t._bt !== null && t._bt.level === level ? t._bt.value : t.unsqueeze(0).expand([B, ...t._shape]);
  const C = input.dim() === 1 ? input.size(0) : input.size(1);
  const N = input.dim() === 1 ? 1 : input.size(0);
  const x = phys(input).reshape([B * N, C]);
  const t = phys(target).reshape([B * N]);
  const losses = nll_loss(x, t, { weight, ignore_index: ignore, reduction: 'none' }).reshape([B, N]);
  const keepN = input.dim() === 2;
  if (reduction === 'none') return makeBatched(keepN ? losses : losses.reshape([B]), level);
  if (reduction === 'sum') return makeBatched(losses.sum(-1), level);
  const counted = t.ne(ignore).to(input.dtype);
  const w =
    weight === null
      ? counted
      : weight
          .to(input.dtype)
          .index_select(0, t.clamp(0, C - 1))
          .mul(counted);
  return makeBatched(losses.sum(-1).div(w.reshape([B, N]).sum(-1)), level);
}

export function nll_loss(input: Tensor, target: Tensor, opts?: NllLossOpts): Tensor {
  const reduction = reductionOf(opts);
  const weight = opts?.weight ?? null;
  const ignore = opts?.ignore_index ?? -100;
  checkNllShapes(input, target, weight);
  // PyTorch checks the weight's dtype (it must be input's: no promotion) before the target's.
  if (weight !== null && weight.dtype !== input.dtype && input.dtype.is_floating_point) {
    throw new TypeError(`expected scalar type ${input.dtype.scalarType} but found ${weight.dtype.scalarType}`);
  }
  if (target.dtype !== int64) throw new TypeError(`expected scalar type Long but found ${target.dtype.scalarType}`);
  if ((input._bt !== null || target._bt !== null) && input.dim() <= 2) {
    return nllBatched(input, target, weight, ignore, reduction);
  }
  // Input as [N, C, inner] (inner = product of the trailing dims); target as [N, inner].
  const C = input.dim() === 1 ? input.size(0) : input.size(1);
  const inner = input.dim() <= 2 ? 1 : numel(input.shape.slice(2));
  const t = K.contiguous(target)._data;
  const w = weight ? K.contiguous(K.cast(weight, input.dtype))._data : null;
  const picks = new Int32Array(t.length);
  const negWeights = new Float64Array(t.length);
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const cls = t[i];
    if (cls === ignore) {
      picks[i] = -1;
      continue;
    }
    if (!(cls >= 0 && cls < C)) throw new RangeError(`Target ${cls} is out of bounds.`);
    const n = Math.floor(i / inner);
    picks[i] = (n * C + cls) * inner + (i % inner);
    const wi = w ? w[cls] : 1;
    negWeights[i] = -wi;
    total += wi;
  }
  const divisor = reduction === 'mean' ? total : 1;
  const coef = K.empty(target.shape, input.dtype);
  for (let i = 0; i < t.length; i++) coef._data[i] = negWeights[i] === 0 ? 0 : negWeights[i] / divisor;
  if (input.dim() <= 2) {
    return apply(NLL_LOSS, [input], { picks, coef, negWeights, divisor, reduction, targetShape: [...target.shape] });
  }
  if (input.dim() === 4 || reduction !== 'none') {
    return apply(NLL_LOSS2D, [input], { picks, coef, negWeights, divisor, reduction, targetShape: [...target.shape] });
  }
  // Other ranks go through nll_loss2d on an [N, C, 1, L] view; 'none' views the loss back.
  const flat = [input.size(0), 1, inner];
  const args = { picks, coef: coef.view(flat), negWeights, divisor, reduction, targetShape: flat };
  return apply(NLL_LOSS2D, [input], args).view(target.shape);
}

export const functional_nll_loss = fn(
  `nll_loss(Tensor input, Tensor target, Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, ${REDUCTION})`,
  (
    input: T,
    target: T,
    weight?: T | null,
    size_average?: Legacy,
    ignore_index?: number,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T =>
    nll_loss(input, target, {
      weight,
      ignore_index,
      reduction: legacyReduction(size_average, reduce, reduction),
    }),
);

// ---------------------------------------------------------------- cross_entropy

export interface CrossEntropyOpts extends NllLossOpts {
  label_smoothing?: number;
}

/** The class-probability broadcast shape of a [C] weight: C at the class dim. */
function weightView(weight: Tensor, input: Tensor, classDim: number): Tensor {
  return weight.view(input.shape.map((s, d) => (d === classDim ? s : 1)));
}

/**
 * F.cross_entropy(input, target, { weight, ignore_index, reduction, label_smoothing }):
 * log_softmax over the class dim, then nll_loss for class indices; for class probabilities
 * (a floating target shaped like the input), the mean of -Σ target·log_softmax.
 */
export function cross_entropy(input: Tensor, target: Tensor, opts?: CrossEntropyOpts): Tensor {
  const reduction = reductionOf(opts);
  const smoothing = opts?.label_smoothing ?? 0;
  const ignore = opts?.ignore_index ?? -100;
  const weight = opts?.weight ?? null;
  const classDim = input.dim() === 1 ? 0 : 1;
  if (shapeEquals(input.shape, target.shape)) {
    if (!target.dtype.is_floating_point) {
      throw new TypeError(
        `Expected floating point type for target with class probabilities, got ${target.dtype.scalarType}`,
      );
    }
    if (ignore >= 0) throw new Error('ignore_index is not supported for floating point target');
    return crossEntropyProbs(input, target, weight, reduction, smoothing, classDim);
  }
  if (smoothing > 0) {
    if (smoothing > 1) throw new RangeError(`label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
    return crossEntropySmoothed(input, target, weight, reduction, ignore, smoothing, classDim);
  }
  return nll_loss(log_softmaxImpl(input, classDim), target, { weight, ignore_index: ignore, reduction });
}

export const functional_cross_entropy = fn(
  `cross_entropy(Tensor input, Tensor target, Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, ${REDUCTION}, float label_smoothing=0.0)`,
  (
    input: T,
    target: T,
    weight?: T | null,
    size_average?: Legacy,
    ignore_index?: number,
    reduce?: Legacy,
    reduction?: Reduction,
    label_smoothing?: number,
  ): T =>
    cross_entropy(input, target, {
      weight,
      ignore_index,
      reduction: legacyReduction(size_average, reduce, reduction),
      label_smoothing,
    }),
);

function crossEntropyProbs(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: Reduction,
  smoothing: number,
  classDim: number,
): Tensor {
  const C = input.size(classDim);
  if (weight && (weight.dim() !== 1 || weight.numel() !== C)) {
    throw new RangeError(
      `cross_entropy: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`,
    );
  }
  const logp = log_softmaxImpl(input, classDim);
  let t = target;
  if (smoothing > 0) {
    if (smoothing > 1) throw new RangeError(`label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
    t = target.mul(1 - smoothing).add(smoothing / C);
  }
  let prod = logp.mul(t);
  if (weight) prod = prod.mul(weightView(weight, input, classDim));
  if (reduction === 'none') return prod.sum(classDim).neg();
  if (reduction === 'sum') return prod.sum().neg();
  return divScalar(prod.sum().neg(), input.numel() / C);
}

function crossEntropySmoothed(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: Reduction,
  ignore: number,
  smoothing: number,
  classDim: number,
): Tensor {
  const C = input.size(classDim);
  const logp = log_softmaxImpl(input, classDim);
  const nll = nll_loss(logp, target, { weight, ignore_index: ignore, reduction });
  const keep = target.ne(ignore);
  const weighted = weight ? logp.mul(weightView(weight, input, classDim)) : logp;
  // masked_fill, as ATen: an ignored row's gradient is exactly 0 even when the mean divides by 0.
  const smooth = weighted.sum(classDim).neg().masked_fill(keep.logical_not(), 0);
  let ret: Tensor;
  if (reduction === 'none') {
    ret = smooth;
  } else if (reduction === 'sum') {
    ret = smooth.sum();
  } else if (weight) {
    ret = smooth.sum().div(countedWeight(target, weight, ignore));
  } else {
    ret = smooth.sum().div(keep.sum());
  }
  return nll.mul(1 - smoothing).add(ret.mul(smoothing / C));
}

/** Σ weight[t] over the targets not ignored. */
function countedWeight(target: Tensor, weight: Tensor, ignore: number): number {
  const t = K.contiguous(target)._data;
  const w = K.contiguous(weight)._data;
  let total = 0;
  for (let i = 0; i < t.length; i++) if (t[i] !== ignore) total += w[t[i]];
  return total;
}

// ---------------------------------------------------------------- binary cross entropy

export interface BCEOpts extends LossOpts {
  weight?: Tensor | null;
}

interface BCEArgs {
  reduction: Reduction;
  weight: Tensor | null;
}

const EPSILON = 1e-12;

const BINARY_CROSS_ENTROPY = defineOp<BCEArgs>({
  node: 'BinaryCrossEntropyBackward0',
  saves: ['self', 'other'],
  forward: ([x, t], { reduction, weight }) =>
    no_grad(() => {
      const logx = x.log().clamp_min(-100);
      const log1mx = x.neg().add(1).log().clamp_min(-100);
      let loss = t.sub(1).mul(log1mx).sub(t.mul(logx));
      if (weight) loss = loss.mul(weight);
      return reduceLoss(K.contiguous(loss), reduction);
    }),
  // d/dx = w (x - t) / max(x (1 - x), ε);  d/dt = -w logit(x)
  backward: (g, s, { args, needs }) => {
    const x = s.self;
    const t = s.other;
    const n = args.reduction === 'mean' ? x.numel() : 1;
    let scale = n === 1 ? g : g.div(n);
    if (args.weight) scale = scale.mul(args.weight);
    const gx = needs[0] ? x.sub(t).div(x.neg().add(1).mul(x).clamp_min(EPSILON)).mul(scale) : null;
    const gt = needs[1] ? x.log().sub(x.neg().add(1).log()).neg().mul(scale) : null;
    return [gx, gt];
  },
});

/** F.binary_cross_entropy(input, target, { weight, reduction }): input holds probabilities. */
export function binary_cross_entropy(input: Tensor, target: Tensor, opts?: BCEOpts): Tensor {
  const reduction = reductionOf(opts);
  if (!shapeEquals(input.shape, target.shape)) {
    throw new RangeError(
      `Using a target size (torch.Size(${formatShape(target.shape)})) that is different to the input size (torch.Size(${formatShape(input.shape)})) is deprecated. Please ensure they have the same size.`,
    );
  }
  if (target.dtype !== input.dtype) {
    throw new TypeError(`Found dtype ${target.dtype.scalarType} but expected ${input.dtype.scalarType}`);
  }
  const x = K.contiguous(input)._data;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] >= 0 && x[i] <= 1)) throw new RangeError('all elements of input should be between 0 and 1');
  }
  const weight = opts?.weight ? opts.weight.detach().expand(broadcastShapes(target.shape, opts.weight.shape)) : null;
  return apply(BINARY_CROSS_ENTROPY, [input, target], { reduction, weight });
}

export const functional_binary_cross_entropy = fn(
  `binary_cross_entropy(Tensor input, Tensor target, Tensor? weight=None, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, weight?: T | null, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    binary_cross_entropy(input, target, { weight, reduction: legacyReduction(size_average, reduce, reduction) }),
);

export interface BCEWithLogitsOpts extends BCEOpts {
  pos_weight?: Tensor | null;
}

interface BCELogitsArgs extends BCEArgs {
  posWeight: Tensor | null;
}

const BCE_WITH_LOGITS = defineOp<BCELogitsArgs>({
  node: 'BinaryCrossEntropyWithLogitsBackward0',
  saves: ['self', 'other'],
  // ATen's stable form: (1 - t) x + lw (log(e^-m + e^(-x-m)) + m), m = max(-x, 0),
  // lw = 1 + (pos_weight - 1) t.
  forward: ([x, t], { reduction, weight, posWeight }) =>
    no_grad(() => {
      // In ATen 1.13's order and dtypes: the log term is computed in x's dtype; without
      // pos_weight, m and the log term are added to (1 - t) x one after the other (so a float64
      // target keeps the sum in float64), with it, m is added to the log term first.
      const m = x.neg().clamp_min(0);
      const logTerm = m.neg().exp().add(x.neg().sub(m).exp()).log();
      const lead = t.neg().add(1).mul(x);
      let loss = posWeight ? lead.add(posWeight.sub(1).mul(t).add(1).mul(logTerm.add(m))) : lead.add(m).add(logTerm);
      if (weight) loss = loss.mul(weight);
      return reduceLoss(K.contiguous(loss), reduction);
    }),
  // d/dx = (sigmoid(x)(1 + (pw-1) t) - pw t);  d/dt = log σ(-x) - pw log σ(x) (= -x without pw)
  backward: (g, s, { args, needs }) => {
    const x = s.self;
    const t = s.other;
    const pw = args.posWeight;
    const n = args.reduction === 'mean' ? numel(broadcastShapes(x.shape, t.shape)) : 1;
    let scale = n === 1 ? g : g.div(n);
    if (args.weight) scale = scale.mul(args.weight);
    let gx: Tensor | null = null;
    let gt: Tensor | null = null;
    if (needs[0]) {
      gx = pw ? pw.mul(t).add(1).sub(t).mul(x.sigmoid()).sub(pw.mul(t)) : x.sigmoid().sub(t);
      gx = gx.mul(scale);
    }
    if (needs[1]) {
      gt = pw ? logSigmoid(x.neg()).sub(logSigmoid(x).mul(pw)) : x.neg();
      gt = gt.mul(scale);
    }
    return [gx, gt];
  },
});

/** log σ(x) = -softplus(-x), in recorded ops that stay finite for large |x|. */
function logSigmoid(x: Tensor): Tensor {
  const m = x.neg().clamp_min(0);
  return m.neg().exp().add(x.neg().sub(m).exp()).log().add(m).neg();
}

/** F.binary_cross_entropy_with_logits(input, target, { weight, pos_weight, reduction }). */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, opts?: BCEWithLogitsOpts): Tensor {
  const reduction = reductionOf(opts);
  if (!shapeEquals(input.shape, target.shape)) {
    throw new RangeError(
      `Target size (torch.Size(${formatShape(target.shape)})) must be the same as input size (torch.Size(${formatShape(input.shape)}))`,
    );
  }
  return apply(BCE_WITH_LOGITS, [input, target], {
    reduction,
    weight: opts?.weight?.detach() ?? null,
    posWeight: opts?.pos_weight?.detach() ?? null,
  });
}

export const functional_binary_cross_entropy_with_logits = fn(
  `binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight=None, ${LEGACY}, ${REDUCTION}, Tensor? pos_weight=None)`,
  (
    input: T,
    target: T,
    weight?: T | null,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction,
    pos_weight?: T | null,
  ): T =>
    binary_cross_entropy_with_logits(input, target, {
      weight,
      reduction: legacyReduction(size_average, reduce, reduction),
      pos_weight,
    }),
);
