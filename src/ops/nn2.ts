// nn.functional ops the PyTorch tutorials use, composed from recorded tensor ops (so every
// autograd mode runs through them): instance_norm, local_response_norm, bilinear, pixel_shuffle,
// pixel_unshuffle, channel_shuffle, embedding_bag, and the margin/embedding/likelihood losses,
// with the formulas of torch/nn/functional.py and ATen's Loss.cpp.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { full_like, tensor, zeros } from '../tensor/creation.js';
import { get_default_dtype, int64 } from '../tensor/dtype.js';
import { no_grad } from '../autograd/grad_mode.js';
import { formatShape } from '../tensor/shape.js';
import { batch_norm, embedding } from './normalization.js';
import { avg_pool2d } from './pool.js';
import { pad } from './resample.js';
import { pairwise_distance } from './distance.js';
import { CPP_TYPE_NAMES } from './pointwise/promote.js';
import { whereImpl } from './pointwise.js';
import { stackImpl } from './join.js';
import { logsigmoid } from './activation.js';
import { reduceRecorded, reductionOf, type Reduction } from './loss.js';
import { fn } from './declare.js';
import { legacyReduction } from './loss.js';

const size = (t: Tensor): string => `torch.Size(${formatShape(t.shape)})`;
const prod = (v: readonly number[]): number => v.reduce((a, b) => a * b, 1);

// ---------------------------------------------------------------- normalization

export interface InstanceNormOpts {
  running_mean?: Tensor | null;
  running_var?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  use_input_stats?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Each (sample, channel) plane normalised by its own mean and biased variance: batch_norm over the
 * input seen as [1, N·C, ...]. The running statistics (when given) move toward the batch's
 * per-channel averages of the planes' means and unbiased variances.
 */
export function instance_norm(input: Tensor, opts: InstanceNormOpts = {}): Tensor {
  const useInput = opts.use_input_stats ?? true;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  const rm = opts.running_mean ?? null;
  const rv = opts.running_var ?? null;
  if (useInput && prod(input.shape.slice(2)) === 1) {
    throw new RangeError(`Expected more than 1 spatial element when training, got input size ${size(input)}`);
  }
  if (input.dim() < 2) throw new RangeError(`instance_norm: expected at least 2D input (got ${input.dim()}D input)`);
  // PyTorch repeats weight, bias and the running statistics once per example (so each must be 1-d)
  // and batch-normalizes the [1, N*C, ...] view, which checks their lengths against N*C: also when
  // use_input_stats is false.
  const [N, C] = input.shape;
  const perChannel: [string, Tensor | null | undefined][] = [
    ['weight', opts.weight],
    ['bias', opts.bias],
    ['running_mean', rm],
    ['running_var', rv],
  ];
  for (const [, t] of perChannel) {
    if (t && t.dim() > 1) {
      throw new RangeError(
        'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor',
      );
    }
  }
  for (const [name, t] of perChannel) {
    if (t && t.numel() !== C) throw new RangeError(`${name} should contain ${N * C} elements not ${t.numel() * N}`);
  }
  if (!useInput) {
    return batch_norm(input, rm, rv, { weight: opts.weight, bias: opts.bias, training: false, momentum, eps });
  }
  const rest = input.shape.slice(2);
  const rep = (t: Tensor | null | undefined): Tensor | null => (t ? t.repeat([N]) : null);
  const out = batch_norm(input.reshape([1, N * C, ...rest]), null, null, {
    weight: rep(opts.weight),
    bias: rep(opts.bias),
    training: true,
    momentum,
    eps,
  });
  if (rm || rv) {
    no_grad(() => {
      const flat = input.detach().reshape([N, C, -1]);
      if (rm) rm.mul_(1 - momentum).add_(flat.mean(2).mean(0).mul(momentum).to(rm.dtype));
      if (rv) rv.mul_(1 - momentum).add_(flat.var(2, { correction: 1 }).mean(0).mul(momentum).to(rv.dtype));
    });
  }
  return out.reshape(input.shape);
}

type T = Tensor;

export const functional_instance_norm = fn(
  'instance_norm(Tensor input, Tensor? running_mean=None, Tensor? running_var=None, Tensor? weight=None, Tensor? bias=None, bool use_input_stats=True, float momentum=0.1, float eps=1e-05)',
  (
    input: T,
    running_mean?: T | null,
    running_var?: T | null,
    weight?: T | null,
    bias?: T | null,
    use_input_stats?: boolean,
    momentum?: number,
    eps?: number,
  ): T => instance_norm(input, { running_mean, running_var, weight, bias, use_input_stats, momentum, eps }),
);

/** x / (k + α·mean of x² over `size` neighbouring channels)^β, as torch/nn/functional.py pads and pools. */
export function local_response_norm(input: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1): Tensor {
  const dim = input.dim();
  if (dim < 3) {
    throw new RangeError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`);
  }
  if (input.numel() === 0) return input;
  const sizes = input.shape;
  // [N, 1, C, rest]: the channel window as a (size, 1) average pool over a zero-padded channel axis.
  let div = input.mul(input).reshape([sizes[0], 1, sizes[1], -1]);
  div = pad(div, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
  div = avg_pool2d(div, [size, 1], { stride: 1 }).reshape(sizes);
  return input.div(div.mul(alpha).add(k).pow(beta));
}

export const functional_local_response_norm = fn(
  'local_response_norm(Tensor input, int size, float alpha=0.0001, float beta=0.75, float k=1.0)',
  (input: T, size: number, alpha?: number, beta?: number, k?: number): T =>
    local_response_norm(input, size, alpha, beta, k),
);

// ---------------------------------------------------------------- layers

/** y = x1ᵀ A x2 + b over the last dims: weight [out, in1, in2]. */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (input1.dim() !== input2.dim()) {
    throw new RangeError(`bilinear(): input dimensions do not match: got ${input1.dim()} and ${input2.dim()}`);
  }
  for (let i = 0; i < input1.dim() - 1; i++) {
    if (input1.size(i) !== input2.size(i)) {
      throw new RangeError(
        `bilinear(): input batch dimensions do not match at dim ${i}: got ${input1.size(i)} and ${input2.size(i)}`,
      );
    }
  }
  if (weight.dim() !== 3) throw new RangeError(`bilinear(): weight must be 3-dimensional, got ${weight.dim()}`);
  const in1 = input1.size(-1);
  const in2 = input2.size(-1);
  if (in1 !== weight.size(1)) {
    throw new RangeError(
      `bilinear(): input1 size does not match weight size: got ${in1} but expected ${weight.size(1)}`,
    );
  }
  if (in2 !== weight.size(2)) {
    throw new RangeError(
      `bilinear(): input2 size does not match weight size: got ${in2} but expected ${weight.size(2)}`,
    );
  }
  const out = weight.size(0);
  if (bias && bias.size(0) !== out) {
    throw new RangeError(`bilinear(): bias size does not match weight size: got ${bias.size(0)} but expected ${out}`);
  }
  const lead = input1.shape.slice(0, -1);
  const x1 = input1.reshape([-1, in1]);
  const x2 = input2.reshape([-1, in2]);
  // (x1 · A as [in1, out·in2]) viewed [B, out, in2], times x2, summed over in2.
  const t = x1.matmul(weight.permute([1, 0, 2]).reshape([in1, out * in2])).reshape([-1, out, in2]);
  let y = t.mul(x2.unsqueeze(1)).sum(2);
  if (bias) y = y.add(bias);
  return y.reshape([...lead, out]);
}

export const functional_bilinear = fn(
  'bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)',
  (input1: T, input2: T, weight: T, bias?: T | null): T => bilinear(input1, input2, weight, bias ?? null),
);

export function pixel_shuffle(input: Tensor, upscale_factor: number): Tensor {
  if (input.dim() < 3) {
    throw new RangeError(
      `pixel_shuffle expects input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`,
    );
  }
  const r = upscale_factor;
  if (r <= 0) throw new RangeError(`pixel_shuffle expects a positive upscale_factor, but got ${r}`);
  const [c, h, w] = input.shape.slice(-3);
  if (c % (r * r) !== 0) {
    throw new RangeError(
      `pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`,
    );
  }
  const lead = input.shape.slice(0, -3);
  const oc = c / (r * r);
  const n = lead.length;
  const perm = [...Array(n).keys(), n, n + 3, n + 1, n + 4, n + 2];
  return input
    .reshape([...lead, oc, r, r, h, w])
    .permute(perm)
    .reshape([...lead, oc, h * r, w * r]);
}

export const functional_pixel_shuffle = fn('pixel_shuffle(Tensor input, int upscale_factor)', pixel_shuffle);

export function pixel_unshuffle(input: Tensor, downscale_factor: number): Tensor {
  if (input.dim() < 3) {
    throw new RangeError(
      `pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`,
    );
  }
  const r = downscale_factor;
  if (r <= 0) throw new RangeError(`pixel_unshuffle expects a positive downscale_factor, but got ${r}`);
  const [c, h, w] = input.shape.slice(-3);
  if (h % r !== 0) {
    throw new RangeError(
      `pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`,
    );
  }
  if (w % r !== 0) {
    throw new RangeError(
      `pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`,
    );
  }
  const lead = input.shape.slice(0, -3);
  const n = lead.length;
  const perm = [...Array(n).keys(), n, n + 2, n + 4, n + 1, n + 3];
  return input
    .reshape([...lead, c, h / r, r, w / r, r])
    .permute(perm)
    .reshape([...lead, c * r * r, h / r, w / r]);
}

export const functional_pixel_unshuffle = fn('pixel_unshuffle(Tensor input, int downscale_factor)', pixel_unshuffle);

export function channel_shuffle(input: Tensor, groups: number): Tensor {
  if (input.dim() <= 2) {
    throw new RangeError(
      `channel_shuffle expects input with > 2 dims, but got input with sizes ${formatShape(input.shape)}`,
    );
  }
  if (groups <= 0)
    throw new RangeError(`Number of groups to divide channels in must be positive. Value of groups:${groups}`);
  const c = input.size(1);
  if (c % groups !== 0) {
    throw new RangeError(`Number of channels must be divisible by groups. Got ${c} channels and ${groups} groups.`);
  }
  const [N, , ...rest] = input.shape;
  return input
    .reshape([N, groups, c / groups, ...rest])
    .transpose(1, 2)
    .reshape(input.shape);
}

export const functional_channel_shuffle = fn('channel_shuffle(Tensor input, int groups)', channel_shuffle);

// ---------------------------------------------------------------- embedding_bag

export interface EmbeddingBagOpts {
  offsets?: Tensor | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: string;
  sparse?: boolean;
  per_sample_weights?: Tensor | null;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}

/** The bags' sums, means or maxima of weight's rows at input's indices (2-D input: one bag per row). */
export function embedding_bag(input: Tensor, weight: Tensor, opts: EmbeddingBagOpts = {}): Tensor {
  const mode = opts.mode ?? 'mean';
  let offsets = opts.offsets ?? null;
  let psw = opts.per_sample_weights ?? null;
  if (weight.dim() !== 2) {
    throw new RangeError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.dim()}`);
  }
  if (input.dtype.is_floating_point || input.dtype.name === 'bool') {
    throw new TypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.dtype.legacyType} instead (while checking arguments for embedding_bag)`,
    );
  }
  if (offsets !== null && (offsets.dtype.is_floating_point || offsets.dtype.name === 'bool')) {
    throw new TypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${offsets.dtype.legacyType} instead (while checking arguments for embedding_bag)`,
    );
  }
  if (psw !== null && input.shape.join() !== psw.shape.join()) {
    throw new RangeError(
      `embedding_bag: If per_sample_weights (${size(psw)}) is not None, then it must have the same shape as the input (${size(input)})`,
    );
  }
  let flat = input;
  if (input.dim() === 2) {
    if (offsets !== null) {
      throw new RangeError(
        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>",
      );
    }
    const [B, L] = input.shape;
    offsets = tensor(
      Array.from({ length: B }, (_, i) => i * L),
      { dtype: int64 },
    );
    flat = input.reshape([-1]);
    if (psw !== null) psw = psw.reshape([-1]);
  } else if (input.dim() === 1) {
    if (offsets === null) throw new RangeError('offsets has to be a 1D Tensor but got None');
    if (offsets.dim() !== 1) throw new RangeError('offsets has to be a 1D Tensor');
  } else {
    throw new RangeError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.dim()}`);
  }
  if (!['sum', 'mean', 'max'].includes(mode)) throw new RangeError(`mode has to be one of sum, mean or max`);
  if (psw !== null && mode !== 'sum') {
    throw new RangeError(
      `embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`,
    );
  }
  const n = flat.numel();
  const idx = (flat.to(int64).tolist() as number[]).map(Number);
  let offs = (offsets.to(int64).tolist() as number[]).map(Number);
  if (offs.length > 0 && offs[0] !== 0) {
    throw new RangeError(
      `offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got ${offs[0]}`,
    );
  }
  if (offs.length > 0 && offs[offs.length - 1] > n) {
    throw new RangeError(
      `offsets[-1] can not be greater than input's length ${n}, but got offsets[-1] of ${offs[offs.length - 1]}`,
    );
  }
  const bagsEnd = opts.include_last_offset ? offs.slice(1) : [...offs.slice(1), n];
  if (opts.include_last_offset) offs = offs.slice(0, -1);
  let pidx = opts.padding_idx ?? null;
  const V = weight.size(0);
  if (pidx !== null) {
    if (pidx < -V || pidx >= V) throw new RangeError('padding_idx must be within the number of embeddings');
    if (pidx < 0) pidx += V;
  }
  if (opts.max_norm !== undefined && opts.max_norm !== null) {
    no_grad(() => embedding(flat, weight, { max_norm: opts.max_norm, norm_type: opts.norm_type }));
  }
  const rows = embedding(flat, weight);
  const D = weight.size(1);
  const bags: Tensor[] = [];
  for (let b = 0; b < offs.length; b++) {
    const keep: number[] = [];
    for (let i = offs[b]; i < bagsEnd[b]; i++) if (idx[i] !== pidx) keep.push(i);
    if (keep.length === 0) {
      bags.push(zeros([D], { dtype: weight.dtype }));
      continue;
    }
    const sel = tensor(keep, { dtype: int64 });
    let r = rows.index_select(0, sel);
    if (psw !== null) r = r.mul(psw.index_select(0, sel).unsqueeze(1));
    bags.push(mode === 'sum' ? r.sum(0) : mode === 'mean' ? r.mean(0) : r.max(0).values);
  }
  if (bags.length === 0) return zeros([0, D], { dtype: weight.dtype });
  return stackImpl(bags, 0);
}

export const functional_embedding_bag = fn(
  "embedding_bag(Tensor input, Tensor weight, Tensor? offsets=None, float? max_norm=None, float norm_type=2, bool scale_grad_by_freq=False, str mode='mean', bool sparse=False, Tensor? per_sample_weights=None, bool include_last_offset=False, int? padding_idx=None)",
  (
    input: T,
    weight: T,
    offsets?: T | null,
    max_norm?: number | null,
    norm_type?: number,
    scale_grad_by_freq?: boolean,
    mode?: 'sum' | 'mean' | 'max',
    sparse?: boolean,
    per_sample_weights?: T | null,
    include_last_offset?: boolean,
    padding_idx?: number | null,
  ): T =>
    embedding_bag(input, weight, {
      offsets,
      max_norm,
      norm_type,
      scale_grad_by_freq,
      mode,
      sparse,
      per_sample_weights,
      include_last_offset,
      padding_idx,
    }),
);

// ---------------------------------------------------------------- losses

const reduce = (x: Tensor, reduction: string | undefined): Tensor => reduceRecorded(x, reductionOf({ reduction }));

export function margin_ranking_loss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  margin = 0,
  reduction?: Reduction,
): Tensor {
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    throw new RangeError(
      `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${size(input1)}, input2: ${size(input2)}, target: ${size(target)} `,
    );
  }
  // margin is a float: it promotes an integer difference to the default float dtype, as in PyTorch.
  const diff = target.neg().mul(input1.sub(input2));
  const shifted = diff.is_floating_point() ? diff.add(margin) : diff.to(get_default_dtype()).add(margin);
  return reduce(shifted.clamp_min(0), reduction);
}

const LEGACY = 'bool? size_average=None, bool? reduce=None';

// size_average and reduce: PyTorch's deprecated arguments, still accepted (legacyReduction).
const REDUCTION = "str reduction='mean'";
type Legacy = boolean | null;
export const functional_margin_ranking_loss = fn(
  `margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, float margin=0, ${LEGACY}, ${REDUCTION})`,
  (
    input1: T,
    input2: T,
    target: T,
    margin?: number,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T => margin_ranking_loss(input1, input2, target, margin, legacyReduction(size_average, reduce, reduction)),
);

export function hinge_embedding_loss(input: Tensor, target: Tensor, margin = 1, reduction?: Reduction): Tensor {
  const zero = zeros([], { dtype: input.dtype });
  // PyTorch computes margin - input as a tensor of input's dtype filled with margin, minus input:
  // an integer input keeps its dtype (the margin truncated), and a mean of it then fails.
  const marginClamp = (
    input.is_floating_point() ? input.neg().add(margin) : full_like(input, margin).sub(input)
  ).clamp_min(0);
  const outMargin = whereImpl(target.ne(1), marginClamp, zero);
  const outSelf = whereImpl(target.ne(-1), input, zero);
  return reduce(outMargin.add(outSelf), reduction);
}

export const functional_hinge_embedding_loss = fn(
  `hinge_embedding_loss(Tensor input, Tensor target, float margin=1.0, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, margin?: number, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    hinge_embedding_loss(input, target, margin, legacyReduction(size_average, reduce, reduction)),
);

export function cosine_embedding_loss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  margin = 0,
  reduction?: Reduction,
): Tensor {
  // PyTorch 2's checks (Loss.cpp): the target's rank, then both inputs' ranks against it (1.13
  // checked input1 only, and failed later with an IndexError on a lower-rank input2).
  const td = target.dim();
  if (td > 1) throw new RangeError('0D or 1D target tensor expected, multi-target not supported');
  if (input1.dim() !== td + 1 || input2.dim() !== td + 1) {
    throw new RangeError(
      `${td === 0 ? '0D target tensor expects 1D input tensors, but found inputs with sizes ' : '1D target tensor expects 2D input tensors, but found inputs with sizes '}${formatShape(input1.shape)} and ${formatShape(input2.shape)}.`,
    );
  }
  const EPS = 1e-12;
  const dim = td;
  const prodSum = input1.mul(input2).sum(dim);
  const mag1 = input1.mul(input1).sum(dim).add(EPS);
  const mag2 = input2.mul(input2).sum(dim).add(EPS);
  const cos = prodSum.div(mag1.mul(mag2).sqrt());
  const zero = zeros([], { dtype: cos.dtype });
  const pos = whereImpl(target.eq(1), cos.neg().add(1), zero);
  const neg = whereImpl(target.eq(-1), cos.sub(margin).clamp_min(0), zero);
  return reduce(pos.add(neg), reduction);
}

export const functional_cosine_embedding_loss = fn(
  `cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, float margin=0, ${LEGACY}, ${REDUCTION})`,
  (
    input1: T,
    input2: T,
    target: T,
    margin?: number,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T => cosine_embedding_loss(input1, input2, target, margin, legacyReduction(size_average, reduce, reduction)),
);

export function multilabel_soft_margin_loss(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null = null,
  reduction?: Reduction,
): Tensor {
  const r = reductionOf({ reduction });
  let loss = target
    .mul(logsigmoid(input))
    .add(target.neg().add(1).mul(logsigmoid(input.neg())))
    .neg();
  if (weight) loss = loss.mul(weight);
  const classDim = input.dim() - 1;
  const C = input.size(classDim);
  loss = loss.sum(classDim).div(C);
  return r === 'none' ? loss : r === 'sum' ? loss.sum() : loss.mean();
}

export const functional_multilabel_soft_margin_loss = fn(
  `multilabel_soft_margin_loss(Tensor input, Tensor target, Tensor? weight=None, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, weight?: T | null, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    multilabel_soft_margin_loss(input, target, weight ?? null, legacyReduction(size_average, reduce, reduction)),
);

export function multi_margin_loss(
  input: Tensor,
  target: Tensor,
  p = 1,
  margin = 1,
  weight: Tensor | null = null,
  reduction?: Reduction,
): Tensor {
  const r = reductionOf({ reduction });
  if (p !== 1 && p !== 2) throw new RangeError('only p == 1 and p == 2 supported');
  const x = input.dim() <= 1 ? input.reshape([1, -1]) : input;
  if (input.dim() > 2) {
    throw new RangeError(
      `Expected non-empty vector or matrix with optional 0-dim batch size, but got: ${formatShape(input.shape)}`,
    );
  }
  const [N, C] = x.shape;
  const t = target.reshape([-1]);
  if (t.numel() !== N) {
    throw new RangeError(`inconsistent target size, expected ${N} but got ${formatShape(target.shape)}`);
  }
  if (weight && (weight.dim() !== 1 || weight.numel() !== C)) {
    throw new RangeError(`inconsistent weight size, expected ${C} but got ${formatShape(weight.shape)}`);
  }
  if (t.dtype !== int64) throw new TypeError(`expected scalar type Long but found ${t.dtype.scalarType}`);
  if (t.numel() > 0 && ((t.min().item() as number) < 0 || (t.max().item() as number) >= C)) {
    throw new RangeError('target out of range');
  }
  const ti = t.unsqueeze(1);
  const xy = x.gather(1, ti);
  let z = x.sub(xy).add(margin).clamp_min(0);
  if (p === 2) z = z.mul(z);
  if (weight) z = z.mul(weight.index_select(0, t).unsqueeze(1));
  const notTarget = ti.ne(tensor([...Array(C).keys()], { dtype: int64 }).unsqueeze(0));
  let loss = whereImpl(notTarget, z, zeros([], { dtype: z.dtype }))
    .sum(1)
    .div(C);
  if (input.dim() <= 1) loss = loss.reshape([]);
  return r === 'none' ? loss : r === 'sum' ? loss.sum() : loss.mean();
}

export const functional_multi_margin_loss = fn(
  `multi_margin_loss(Tensor input, Tensor target, int p=1, float margin=1.0, Tensor? weight=None, ${LEGACY}, ${REDUCTION})`,
  (
    input: T,
    target: T,
    p?: number,
    margin?: number,
    weight?: T | null,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T => multi_margin_loss(input, target, p, margin, weight ?? null, legacyReduction(size_average, reduce, reduction)),
);

export function multilabel_margin_loss(input: Tensor, target: Tensor, reduction?: Reduction): Tensor {
  const r = reductionOf({ reduction });
  // ATen's multilabel_margin_loss_shape_check: a non-empty vector or matrix (or a 0-d input), then the
  // target against it.
  const nd = input.dim();
  if (!((nd === 2 && input.size(1) !== 0) || (nd === 1 && input.size(0) !== 0) || nd === 0)) {
    throw new RangeError(
      `Expected non-empty vector or matrix with optional 0-dim batch size, but got: ${formatShape(input.shape)}`,
    );
  }
  if (nd <= 1) {
    if (!(target.dim() <= 1 && target.numel() === (nd === 0 ? 1 : input.size(0)))) {
      throw new RangeError(`inconsistent size ${formatShape(target.shape)} for argument #2 'target'`);
    }
  } else if (!(target.dim() === 2 && target.size(0) === input.size(0) && target.size(1) === input.size(1))) {
    throw new RangeError(
      `inconsistent target size: ${formatShape(target.shape)} for input of size: ${formatShape(input.shape)}`,
    );
  }
  if (target.dtype !== int64) throw new TypeError(`expected scalar type Long but found ${target.dtype.scalarType}`);
  const x = input.dim() <= 1 ? input.reshape([1, -1]) : input;
  const [N, C] = x.shape;
  const tl = (target.reshape([N, C]).to(int64).tolist() as number[][]).map((row) => row.map(Number));
  // Every target value, also those after a row's first -1, lies in [-1, C), as PyTorch checks.
  if (tl.some((row) => row.some((y) => y < -1 || y >= C))) throw new RangeError("argument #2 'target' is out of range");
  const valid: boolean[][] = [];
  const isTarget: boolean[][] = [];
  const gatherIdx: number[][] = [];
  for (const row of tl) {
    const v = Array<boolean>(C).fill(false);
    const it = Array<boolean>(C).fill(false);
    const g = Array<number>(C).fill(0);
    for (let j = 0; j < C; j++) {
      const y = row[j];
      if (y < 0) break;
      v[j] = true;
      it[y] = true;
      g[j] = y;
    }
    valid.push(v);
    isTarget.push(it);
    gatherIdx.push(g);
  }
  const xy = x.gather(1, tensor(gatherIdx, { dtype: int64 })); // [N, J]
  const z = x.unsqueeze(1).sub(xy.unsqueeze(2)).add(1).clamp_min(0); // [N, J, I]
  const mask = tensor(valid).unsqueeze(2).logical_and(tensor(isTarget).logical_not().unsqueeze(1));
  let loss = whereImpl(mask, z, zeros([], { dtype: z.dtype }))
    .sum([1, 2])
    .div(C);
  if (input.dim() <= 1) loss = loss.reshape([]);
  return r === 'none' ? loss : r === 'sum' ? loss.sum() : loss.mean();
}

export const functional_multilabel_margin_loss = fn(
  `multilabel_margin_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    multilabel_margin_loss(input, target, legacyReduction(size_average, reduce, reduction)),
);

export function poisson_nll_loss(
  input: Tensor,
  target: Tensor,
  log_input = true,
  full = false,
  eps = 1e-8,
  reduction?: Reduction,
): Tensor {
  const r = reductionOf({ reduction });
  let loss = log_input ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
  if (full) {
    const stirling = target
      .mul(target.log())
      .sub(target)
      .add(
        target
          .mul(2 * Math.PI)
          .log()
          .mul(0.5),
      );
    loss = loss.add(whereImpl(target.le(1), zeros([], { dtype: stirling.dtype }), stirling));
  }
  return reduceRecorded(loss, r);
}

export const functional_poisson_nll_loss = fn(
  `poisson_nll_loss(Tensor input, Tensor target, bool log_input=True, bool full=False, bool? size_average=None, float eps=1e-08, bool? reduce=None, ${REDUCTION})`,
  (
    input: T,
    target: T,
    log_input?: boolean,
    full?: boolean,
    size_average?: Legacy,
    eps?: number,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T => poisson_nll_loss(input, target, log_input, full, eps, legacyReduction(size_average, reduce, reduction)),
);

export function gaussian_nll_loss(
  input: Tensor,
  target: Tensor,
  variance: Tensor,
  full = false,
  eps = 1e-6,
  reduction: string = 'mean',
): Tensor {
  let v = variance;
  if (v.shape.join() !== input.shape.join()) {
    const lead = input.shape.slice(0, -1).join();
    if (lead === v.shape.join() && input.dim() > 0) v = v.unsqueeze(-1);
    else if (lead === v.shape.slice(0, -1).join() && v.size(-1) === 1) {
      // broadcasts over the last dim
    } else throw new RangeError('var is of incorrect size');
  }
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
    throw new RangeError(`${reduction} is not valid`);
  }
  if (v.lt(0).any().item()) throw new RangeError('var has negative entry/entries');
  // clamp_ under no_grad in PyTorch: the value is clamped, the gradient passes as through identity.
  // Clamping in place refuses an integer or bool var: eps is a float (also when integral, 2 for 2.0),
  // which cannot be written back, as there.
  if (!v.dtype.is_floating_point) {
    throw new TypeError(
      `result type ${get_default_dtype().scalarType} can't be cast to the desired output type ${CPP_TYPE_NAMES[v.dtype.name]}`,
    );
  }
  const clampedValue = v.detach().clamp_min(eps);
  const clamped = v.add(clampedValue.sub(v.detach()));
  let loss = clamped.log().add(input.sub(target).pow(2).div(clamped)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

export const functional_gaussian_nll_loss = fn(
  `gaussian_nll_loss(Tensor input, Tensor target, Tensor var, bool full=False, float eps=1e-06, ${REDUCTION})`,
  (input: T, target: T, variance: T, full?: boolean, eps?: number, reduction?: string): T =>
    gaussian_nll_loss(input, target, variance, full, eps, reduction),
);

export function triplet_margin_loss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  margin = 1,
  p = 2,
  eps = 1e-6,
  swap = false,
  reduction?: Reduction,
): Tensor {
  const r = reductionOf({ reduction });
  const a = anchor.dim();
  if (a !== positive.dim() || a !== negative.dim()) {
    throw new RangeError(
      `All inputs should have same dimension but got ${a}D, ${positive.dim()}D and ${negative.dim()}D inputs.`,
    );
  }
  const dPos = pairwise_distance(anchor, positive, p, eps);
  let dNeg = pairwise_distance(anchor, negative, p, eps);
  if (swap) dNeg = dNeg.minimum(pairwise_distance(positive, negative, p, eps));
  return reduceRecorded(dPos.sub(dNeg).add(margin).clamp_min(0), r);
}

export const functional_triplet_margin_loss = fn(
  `triplet_margin_loss(Tensor anchor, Tensor positive, Tensor negative, float margin=1.0, float p=2, float eps=1e-06, bool swap=False, ${LEGACY}, ${REDUCTION})`,
  (
    anchor: T,
    positive: T,
    negative: T,
    margin?: number,
    p?: number,
    eps?: number,
    swap?: boolean,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T =>
    triplet_margin_loss(
      anchor,
      positive,
      negative,
      margin,
      p,
      eps,
      swap,
      legacyReduction(size_average, reduce, reduction),
    ),
);
