// torch.nn.functional: PyTorch's Python signatures (torch/nn/functional.py, and the C++ bindings'
// for the functions that are builtins there) and the implementations in src/ops/. As in Python,
// every parameter before `*` may be given in position or in the options object, and the
// deprecated size_average/reduce of the losses are accepted (with PyTorch's warning).

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { fn } from '../ops/declare.js';
import * as P from '../ops/pointwise.js';
import * as LOSS from '../ops/loss.js';
import { dropout as dropoutImpl, gelu as geluImpl } from '../ops/activation.js';
import * as A from '../ops/activation.js';
import * as D from '../ops/distance.js';
import * as LC from '../ops/loss_composite.js';
import { legacyReduction } from '../ops/loss_composite.js';
import * as R from '../ops/resample.js';
import * as FOLD from '../ops/fold.js';
import * as C1 from '../ops/conv1d.js';
import * as CT from '../ops/conv_transpose.js';
import * as N2 from '../ops/nn2.js';
import { group_norm as groupNormImpl } from '../ops/group_norm.js';
import type { PadMode } from '../ops/resample.js';
import type { Reduction } from '../ops/loss.js';
import { emitWarning } from '../tensor/warn.js';
import { jsTypeName } from '../ops/signature.js';
import { conv2d as conv2dImpl } from '../ops/conv.js';
import {
  avg_pool2d as avgPoolImpl,
  max_pool2d as maxPoolImpl,
  max_pool2d_with_indices as maxPoolWithIndices,
} from '../ops/pool.js';
import {
  batch_norm as batchNormImpl,
  embedding as embeddingImpl,
  layer_norm as layerNormImpl,
} from '../ops/normalization.js';
import { functional_log_softmaxImpl, functional_softmaxImpl } from '../ops/softmax.js';
import { linear as linearImpl } from '../ops/linalg.js';
import { scaled_dot_product_attention as sdpaImpl } from '../ops/attention.js';

type T = Tensor;
type Pair = number | readonly number[];

// ---------------------------------------------------------------- losses
// size_average and reduce: PyTorch's deprecated arguments, still accepted (legacyReduction).
const REDUCTION = "str reduction='mean'";
const LEGACY = 'bool? size_average=None, bool? reduce=None';
type Legacy = boolean | null;
export const mse_loss = fn(
  `mse_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    LOSS.mse_loss(input, target, { reduction: legacyReduction(size_average, reduce, reduction) }),
);
export const l1_loss = fn(
  `l1_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    LOSS.l1_loss(input, target, { reduction: legacyReduction(size_average, reduce, reduction) }),
);
export const nll_loss = fn(
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
    LOSS.nll_loss(input, target, {
      weight,
      ignore_index,
      reduction: legacyReduction(size_average, reduce, reduction),
    }),
);
export const cross_entropy = fn(
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
    LOSS.cross_entropy(input, target, {
      weight,
      ignore_index,
      reduction: legacyReduction(size_average, reduce, reduction),
      label_smoothing,
    }),
);
export const binary_cross_entropy = fn(
  `binary_cross_entropy(Tensor input, Tensor target, Tensor? weight=None, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, weight?: T | null, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    LOSS.binary_cross_entropy(input, target, { weight, reduction: legacyReduction(size_average, reduce, reduction) }),
);
export const binary_cross_entropy_with_logits = fn(
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
    LOSS.binary_cross_entropy_with_logits(input, target, {
      weight,
      reduction: legacyReduction(size_average, reduce, reduction),
      pos_weight,
    }),
);
export const smooth_l1_loss = fn(
  `smooth_l1_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION}, float beta=1.0)`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction, beta?: number): T =>
    LC.smooth_l1_loss(input, target, legacyReduction(size_average, reduce, reduction), beta),
);
export const huber_loss = fn(
  `huber_loss(Tensor input, Tensor target, ${REDUCTION}, float delta=1.0)`,
  (input: T, target: T, reduction?: Reduction, delta?: number): T => LC.huber_loss(input, target, reduction, delta),
);
export const kl_div = fn(
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
    if (legacy === undefined) return LC.kl_div(input, target, r, log_target ?? false, false);
    const out = LC.kl_div(input, target, legacy, log_target ?? false, true);
    return r === 'batchmean' && input.dim() !== 0 ? out.div(input.size(0)) : out;
  },
);
export const soft_margin_loss = fn(
  `soft_margin_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    LC.soft_margin_loss(input, target, legacyReduction(size_average, reduce, reduction)),
);

// ---------------------------------------------------------------- activations
export const relu = fn('relu(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  inplace === true ? P.unary_(input, 'relu') : P.reluImpl(input),
);
export const sigmoid = fn('sigmoid(Tensor input)', (input: T): T => P.sigmoidImpl(input));
export const tanh = fn('tanh(Tensor input)', (input: T): T => P.tanhImpl(input));
export const silu = fn('silu(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  inplace === true ? input.copy_(P.silu(input.clone())) : P.silu(input),
);
export const gelu = fn("gelu(Tensor input, *, str approximate='none')", geluImpl);
export const leaky_relu = fn(
  'leaky_relu(Tensor input, float negative_slope=0.01, bool inplace=False)',
  (input: T, negative_slope?: number, inplace?: boolean): T => A.leaky_relu(input, negative_slope, inplace),
);
export const elu = fn(
  'elu(Tensor input, float alpha=1.0, bool inplace=False)',
  (input: T, alpha?: number, inplace?: boolean): T => A.elu(input, alpha, inplace),
);
export const selu = fn('selu(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  A.selu(input, inplace),
);
export const celu = fn(
  'celu(Tensor input, float alpha=1.0, bool inplace=False)',
  (input: T, alpha?: number, inplace?: boolean): T => A.celu(input, alpha, inplace),
);
export const softplus = fn(
  'softplus(Tensor input, Scalar beta=1, Scalar threshold=20)',
  (input: T, beta?: number, threshold?: number): T => A.softplus(input, beta, threshold),
);
export const softsign = fn('softsign(Tensor input)', (input: T): T => A.softsign(input));
export const hardtanh = fn(
  'hardtanh(Tensor input, float min_val=-1.0, float max_val=1.0, bool inplace=False)',
  (input: T, min_val?: number, max_val?: number, inplace?: boolean): T => A.hardtanh(input, min_val, max_val, inplace),
);
export const relu6 = fn('relu6(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  A.relu6(input, inplace),
);
export const hardsigmoid = fn('hardsigmoid(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  A.hardsigmoid(input, inplace),
);
export const hardswish = fn('hardswish(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  A.hardswish(input, inplace),
);
export const mish = fn('mish(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  A.mish(input, inplace),
);
export const logsigmoid = fn('logsigmoid(Tensor input)', (input: T): T => A.logsigmoid(input));
export const tanhshrink = fn('tanhshrink(Tensor input)', (input: T): T => A.tanhshrink(input));
export const threshold = fn(
  'threshold(Tensor input, float threshold, float value, bool inplace=False)',
  (input: T, threshold: number, value: number, inplace?: boolean): T => A.threshold(input, threshold, value, inplace),
);
export const hardshrink = fn('hardshrink(Tensor input, float lambd=0.5)', (input: T, lambd?: number): T =>
  A.hardshrink(input, lambd),
);
export const softshrink = fn('softshrink(Tensor input, float lambd=0.5)', (input: T, lambd?: number): T =>
  A.softshrink(input, lambd),
);
export const prelu = fn('prelu(Tensor input, Tensor weight)', (input: T, weight: T): T => A.prelu(input, weight));
export const glu = fn('glu(Tensor input, int dim=-1)', (input: T, dim?: number): T => A.glu(input, dim));
export const dropout = fn(
  'dropout(Tensor input, float p=0.5, bool training=True, bool inplace=False)',
  (input: T, p?: number, training?: boolean, inplace?: boolean): T => dropoutImpl(input, { p, training, inplace }),
);
const DROPOUT = (name: string, training: string): string =>
  `${name}(Tensor input, float p=0.5, bool training=${training}, bool inplace=False)`;
type DropoutFn = (input: T, p?: number, training?: boolean, inplace?: boolean) => T;
export const dropout1d = fn(DROPOUT('dropout1d', 'True'), A.dropout1d as DropoutFn);
export const dropout2d = fn(DROPOUT('dropout2d', 'True'), A.dropout2d as DropoutFn);
export const alpha_dropout = fn(DROPOUT('alpha_dropout', 'False'), A.alpha_dropout as DropoutFn);
export const feature_alpha_dropout = fn(
  DROPOUT('feature_alpha_dropout', 'False'),
  A.feature_alpha_dropout as DropoutFn,
);
// _stacklevel: Python's warning depth, accepted (and unused) so that dtype can be given in position 3.
const SOFTMAX = (name: string): string =>
  `${name}(Tensor input, int? dim=None, int _stacklevel=3, ScalarType? dtype=None)`;
type SoftmaxFn = (input: T, dim?: number | null, _stacklevel?: number, dtype?: DType | string | null) => T;
export const softmax = fn(SOFTMAX('softmax'), ((input, dim, _stacklevel, dtype) =>
  functional_softmaxImpl(input, dim ?? undefined, dtype ?? undefined)) as SoftmaxFn);
export const log_softmax = fn(SOFTMAX('log_softmax'), ((input, dim, _stacklevel, dtype) =>
  functional_log_softmaxImpl(input, dim ?? undefined, dtype ?? undefined)) as SoftmaxFn);
export const softmin = fn(SOFTMAX('softmin'), ((input, dim, _stacklevel, dtype) =>
  functional_softmaxImpl(input.neg(), dim ?? softminDim(input), dtype ?? undefined)) as SoftmaxFn);

let warnedSoftmin = false;
/** torch.nn.functional._get_softmax_dim for softmin. */
function softminDim(input: T): number {
  if (!warnedSoftmin) {
    warnedSoftmin = true;
    emitWarning(
      'Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.',
      'UserWarning',
    );
  }
  const ndim = input.dim();
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

// ---------------------------------------------------------------- distances, encodings
export const normalize = fn(
  'normalize(Tensor input, float p=2.0, int dim=1, float eps=1e-12, Tensor? out=None)',
  (input: T, p?: number, dim?: number, eps?: number, out?: T | null): T => D.normalize(input, p, dim, eps, out),
);
export const cosine_similarity = fn(
  'cosine_similarity(Tensor x1, Tensor x2, int dim=1, float eps=1e-08)',
  (x1: T, x2: T, dim?: number, eps?: number): T => D.cosine_similarity(x1, x2, dim, eps),
);
export const pairwise_distance = fn(
  'pairwise_distance(Tensor x1, Tensor x2, float p=2.0, float eps=1e-06, bool keepdim=False)',
  (x1: T, x2: T, p?: number, eps?: number, keepdim?: boolean): T => D.pairwise_distance(x1, x2, p, eps, keepdim),
);
export const one_hot = fn('one_hot(Tensor input, int num_classes=-1)', (input: T, num_classes?: number): T =>
  D.one_hot(input, num_classes),
);

// ---------------------------------------------------------------- layers
export const linear = fn('linear(Tensor input, Tensor weight, Tensor? bias=None)', linearImpl);
export const conv2d = fn(
  'conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, Any padding=0, int[2] dilation=1, int groups=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: Pair,
    padding?: Pair | 'same' | 'valid',
    dilation?: Pair,
    groups?: number,
  ): T => conv2dImpl(input, weight, bias ?? null, { stride, padding, dilation, groups }),
);
type Single = number | readonly number[];
export const conv1d = fn(
  'conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, Any padding=0, int[1] dilation=1, int groups=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: Single,
    padding?: Single | 'same' | 'valid',
    dilation?: Single,
    groups?: number,
  ): T => C1.conv1d(input, weight, bias ?? null, { stride, padding, dilation, groups }),
);
export const conv_transpose2d = fn(
  'conv_transpose2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] output_padding=0, int groups=1, int[2] dilation=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: Pair,
    padding?: Pair,
    output_padding?: Pair,
    groups?: number,
    dilation?: Pair,
  ): T => CT.conv_transpose2d(input, weight, bias ?? null, { stride, padding, output_padding, groups, dilation }),
);
export const conv_transpose1d = fn(
  'conv_transpose1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, int[1] padding=0, int[1] output_padding=0, int groups=1, int[1] dilation=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: Single,
    padding?: Single,
    output_padding?: Single,
    groups?: number,
    dilation?: Single,
  ): T => CT.conv_transpose1d(input, weight, bias ?? null, { stride, padding, output_padding, groups, dilation }),
);
type MaxPool1dFn = (
  input: T,
  kernel_size: Single,
  stride?: Single | null,
  padding?: Single,
  dilation?: Single,
  ceil_mode?: boolean,
  return_indices?: boolean,
) => T;
const MAX_POOL1D = (name: string): string =>
  `${name}(Tensor input, int[1] kernel_size, int[1]? stride=None, int[1] padding=0, int[1] dilation=1, bool ceil_mode=False, bool return_indices=False)`;
/** F.max_pool1d; with return_indices, [output, indices] (typed by max_pool1d_with_indices). */
export const max_pool1d = fn(MAX_POOL1D('max_pool1d'), ((
  input,
  kernel_size,
  stride,
  padding,
  dilation,
  ceil_mode,
  return_indices,
) => {
  const opts = { stride, padding, dilation, ceil_mode };
  return return_indices === true
    ? C1.max_pool1d_with_indices(input, kernel_size, opts)
    : C1.max_pool1d(input, kernel_size, opts);
}) as MaxPool1dFn);
export const max_pool1d_with_indices = fn(
  MAX_POOL1D('max_pool1d_with_indices'),
  (
    input: T,
    kernel_size: Single,
    stride?: Single | null,
    padding?: Single,
    dilation?: Single,
    ceil_mode?: boolean,
    _return_indices?: boolean,
  ): [T, T] => C1.max_pool1d_with_indices(input, kernel_size, { stride, padding, dilation, ceil_mode }),
);
export const avg_pool1d = fn(
  'avg_pool1d(Tensor input, int[1] kernel_size, int[1]? stride=None, int[1] padding=0, bool ceil_mode=False, bool count_include_pad=True)',
  (
    input: T,
    kernel_size: Single,
    stride?: Single | null,
    padding?: Single,
    ceil_mode?: boolean,
    count_include_pad?: boolean,
  ): T => C1.avg_pool1d(input, kernel_size, { stride, padding, ceil_mode, count_include_pad }),
);
export const adaptive_avg_pool1d = fn(
  'adaptive_avg_pool1d(Tensor input, int[1] output_size)',
  (input: T, output_size: Single): T => C1.adaptive_avg_pool1d(input, output_size),
);
type AdaptiveMax1dFn = (input: T, output_size: Single, return_indices?: boolean) => T;
export const adaptive_max_pool1d = fn(
  'adaptive_max_pool1d(Tensor input, int[1] output_size, bool return_indices=False)',
  ((input, output_size, return_indices) => {
    const pooled = C1.adaptive_max_pool1d_with_indices(input, output_size);
    return return_indices === true ? pooled : pooled[0];
  }) as AdaptiveMax1dFn,
);
export const adaptive_max_pool1d_with_indices = fn(
  'adaptive_max_pool1d_with_indices(Tensor input, int[1] output_size, bool return_indices=False)',
  (input: T, output_size: Single, _return_indices?: boolean): [T, T] =>
    C1.adaptive_max_pool1d_with_indices(input, output_size),
);
export const group_norm = fn(
  'group_norm(Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, float eps=1e-05)',
  (input: T, num_groups: number, weight?: T | null, bias?: T | null, eps?: number): T =>
    groupNormImpl(input, num_groups, weight ?? null, bias ?? null, eps),
);
type MaxPoolFn = (
  input: T,
  kernel_size: Pair,
  stride?: Pair | null,
  padding?: Pair,
  dilation?: Pair,
  ceil_mode?: boolean,
  return_indices?: boolean,
) => T;
const MAX_POOL2D = (name: string): string =>
  `${name}(Tensor input, int[2] kernel_size, int[2]? stride=None, int[2] padding=0, int[2] dilation=1, bool ceil_mode=False, bool return_indices=False)`;
/** F.max_pool2d; with return_indices, [output, indices] (typed by max_pool2d_with_indices). */
export const max_pool2d = fn(MAX_POOL2D('max_pool2d'), ((
  input,
  kernel_size,
  stride,
  padding,
  dilation,
  ceil_mode,
  return_indices,
) => {
  const opts = { stride, padding, dilation, ceil_mode };
  return return_indices === true ? maxPoolWithIndices(input, kernel_size, opts) : maxPoolImpl(input, kernel_size, opts);
}) as MaxPoolFn);
export const max_pool2d_with_indices = fn(
  MAX_POOL2D('max_pool2d_with_indices'),
  (
    input: T,
    kernel_size: Pair,
    stride?: Pair | null,
    padding?: Pair,
    dilation?: Pair,
    ceil_mode?: boolean,
    _return_indices?: boolean,
  ): [T, T] => maxPoolWithIndices(input, kernel_size, { stride, padding, dilation, ceil_mode }),
);
export const avg_pool2d = fn(
  'avg_pool2d(Tensor input, int[2] kernel_size, int[2]? stride=None, int[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None)',
  (
    input: T,
    kernel_size: Pair,
    stride?: Pair | null,
    padding?: Pair,
    ceil_mode?: boolean,
    count_include_pad?: boolean,
    divisor_override?: number | null,
  ): T => avgPoolImpl(input, kernel_size, { stride, padding, ceil_mode, count_include_pad, divisor_override }),
);
export const batch_norm = fn(
  'batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight=None, Tensor? bias=None, bool training=False, float momentum=0.1, float eps=1e-05)',
  (
    input: T,
    running_mean: T | null,
    running_var: T | null,
    weight?: T | null,
    bias?: T | null,
    training?: boolean,
    momentum?: number,
    eps?: number,
  ): T => batchNormImpl(input, running_mean, running_var, { weight, bias, training, momentum, eps }),
);
export const layer_norm = fn(
  'layer_norm(Tensor input, int[1] normalized_shape, Tensor? weight=None, Tensor? bias=None, float eps=1e-05)',
  (input: T, normalized_shape: Pair, weight?: T | null, bias?: T | null, eps?: number): T =>
    layerNormImpl(input, normalized_shape, { weight, bias, eps }),
);
export const embedding = fn(
  'embedding(Tensor input, Tensor weight, int? padding_idx=None, float? max_norm=None, float norm_type=2.0, bool scale_grad_by_freq=False, bool sparse=False)',
  (
    input: T,
    weight: T,
    padding_idx?: number | null,
    max_norm?: number | null,
    norm_type?: number,
    scale_grad_by_freq?: boolean,
    sparse?: boolean,
  ): T => {
    if (sparse === true)
      throw new Error('embedding: sparse=True is not supported by tensorgrad (it has no sparse tensors)');
    return embeddingImpl(input, weight, { padding_idx, max_norm, norm_type, scale_grad_by_freq });
  },
);

// ---------------------------------------------------------------- padding, resampling, adaptive pooling
export const pad = fn(
  "pad(Tensor input, SymInt[] pad, str mode='constant', float? value=None)",
  (input: T, padding: readonly number[], mode?: PadMode, value?: number | null): T =>
    R.pad(input, padding, mode, value),
);
type OutputSize = number | readonly (number | null)[];
export const adaptive_avg_pool2d = fn(
  'adaptive_avg_pool2d(Tensor input, Any output_size)',
  (input: T, output_size: OutputSize): T => R.adaptive_avg_pool2d(input, checkOutputSize(output_size)),
);
type AdaptiveMaxFn = (input: T, output_size: OutputSize, return_indices?: boolean) => T;
/** F.adaptive_max_pool2d; with return_indices, [output, indices] (typed by adaptive_max_pool2d_with_indices). */
export const adaptive_max_pool2d = fn(
  'adaptive_max_pool2d(Tensor input, Any output_size, bool return_indices=False)',
  ((input, output_size, return_indices) => {
    const pooled = R.adaptive_max_pool2d_with_indices(input, checkOutputSize(output_size));
    return return_indices === true ? pooled : pooled[0];
  }) as AdaptiveMaxFn,
);
export const adaptive_max_pool2d_with_indices = fn(
  'adaptive_max_pool2d_with_indices(Tensor input, Any output_size, bool return_indices=False)',
  (input: T, output_size: OutputSize, _return_indices?: boolean): [T, T] =>
    R.adaptive_max_pool2d_with_indices(input, checkOutputSize(output_size)),
);

/** An output size: an int, or a list of ints and nulls (Python's None: the input's size). */
function checkOutputSize(v: unknown): OutputSize {
  const ok = (e: unknown): boolean => (typeof e === 'number' && Number.isInteger(e)) || e === null;
  if ((typeof v === 'number' && Number.isInteger(v)) || (Array.isArray(v) && v.every(ok))) return v as OutputSize;
  throw new TypeError(`output_size must be an int or an Array of ints and nulls, not ${jsTypeName(v)}`);
}

type Sizes = number | readonly number[];
/** size / scale_factor: a number or an Array of numbers (integers for sizes), or null. */
function sizesArg(name: string, v: Sizes | null | undefined, integer: boolean): Sizes | null {
  const ok = (e: unknown): boolean => typeof e === 'number' && (!integer || Number.isInteger(e));
  if (v === undefined || v === null || ok(v) || (Array.isArray(v) && v.every(ok))) return v ?? null;
  const what = integer ? 'an int or an Array of ints' : 'a number or an Array of numbers';
  throw new TypeError(`interpolate(): argument '${name}' must be ${what}, not ${jsTypeName(v)}`);
}
const INTERPOLATE =
  "Any size=None, Any scale_factor=None, str mode='nearest', bool? align_corners=None, bool? recompute_scale_factor=None";
export const interpolate = fn(
  `interpolate(Tensor input, ${INTERPOLATE}, bool antialias=False)`,
  (
    input: T,
    size?: Sizes | null,
    scale_factor?: Sizes | null,
    mode?: string,
    align_corners?: boolean | null,
    recompute_scale_factor?: boolean | null,
    antialias?: boolean,
  ): T =>
    R.interpolate(input, {
      size: sizesArg('size', size, true),
      scale_factor: sizesArg('scale_factor', scale_factor, false),
      mode,
      align_corners,
      recompute_scale_factor,
      antialias,
    }),
);
export const unfold = fn(
  'unfold(Tensor input, int[2] kernel_size, int[2] dilation=1, int[2] padding=0, int[2] stride=1)',
  (input: T, kernel_size: Pair, dilation?: Pair, padding?: Pair, stride?: Pair): T =>
    FOLD.unfold(input, kernel_size, dilation, padding, stride),
);
export const fold = fn(
  'fold(Tensor input, int[2] output_size, int[2] kernel_size, int[2] dilation=1, int[2] padding=0, int[2] stride=1)',
  (input: T, output_size: Pair, kernel_size: Pair, dilation?: Pair, padding?: Pair, stride?: Pair): T =>
    FOLD.fold(input, output_size, kernel_size, dilation, padding, stride),
);
let warnedUpsample = false;
/** F.upsample: interpolate, with PyTorch's deprecation warning. */
export const upsample = fn(
  "upsample(Tensor input, Any size=None, Any scale_factor=None, str mode='nearest', bool? align_corners=None)",
  (input: T, size?: Sizes | null, scale_factor?: Sizes | null, mode?: string, align_corners?: boolean | null): T => {
    if (!warnedUpsample) {
      warnedUpsample = true;
      emitWarning('nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.', 'UserWarning');
    }
    return R.interpolate(input, {
      size: sizesArg('size', size, true),
      scale_factor: sizesArg('scale_factor', scale_factor, false),
      mode,
      align_corners,
    });
  },
);

const warnedDeprecated = new Set<string>();
function deprecatedUpsample(name: string): void {
  if (warnedDeprecated.has(name)) return;
  warnedDeprecated.add(name);
  emitWarning(`nn.functional.${name} is deprecated. Use nn.functional.interpolate instead.`, 'UserWarning');
}
export const upsample_nearest = fn(
  'upsample_nearest(Tensor input, Any size=None, Any scale_factor=None)',
  (input: T, size?: Sizes | null, scale_factor?: Sizes | null): T => {
    deprecatedUpsample('upsample_nearest');
    return interpolate(input, size, scale_factor, 'nearest');
  },
);
export const upsample_bilinear = fn(
  'upsample_bilinear(Tensor input, Any size=None, Any scale_factor=None)',
  (input: T, size?: Sizes | null, scale_factor?: Sizes | null): T => {
    deprecatedUpsample('upsample_bilinear');
    return interpolate(input, size, scale_factor, 'bilinear', true);
  },
);

// ---------------------------------------------------------------- attention (PyTorch 2)
export const scaled_dot_product_attention = fn(
  'scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, float dropout_p=0.0, bool is_causal=False, *, float? scale=None)',
  sdpaImpl,
);

// ---------------------------------------------------------------- the tutorials' additions (src/ops/nn2.ts)
export const instance_norm = fn(
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
  ): T => N2.instance_norm(input, { running_mean, running_var, weight, bias, use_input_stats, momentum, eps }),
);
export const local_response_norm = fn(
  'local_response_norm(Tensor input, int size, float alpha=0.0001, float beta=0.75, float k=1.0)',
  (input: T, size: number, alpha?: number, beta?: number, k?: number): T =>
    N2.local_response_norm(input, size, alpha, beta, k),
);
export const bilinear = fn(
  'bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)',
  (input1: T, input2: T, weight: T, bias?: T | null): T => N2.bilinear(input1, input2, weight, bias ?? null),
);
export const pixel_shuffle = fn('pixel_shuffle(Tensor input, int upscale_factor)', N2.pixel_shuffle);
export const pixel_unshuffle = fn('pixel_unshuffle(Tensor input, int downscale_factor)', N2.pixel_unshuffle);
export const channel_shuffle = fn('channel_shuffle(Tensor input, int groups)', N2.channel_shuffle);
export const embedding_bag = fn(
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
    N2.embedding_bag(input, weight, {
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
export const margin_ranking_loss = fn(
  `margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, float margin=0, ${LEGACY}, ${REDUCTION})`,
  (
    input1: T,
    input2: T,
    target: T,
    margin?: number,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T => N2.margin_ranking_loss(input1, input2, target, margin, legacyReduction(size_average, reduce, reduction)),
);
export const hinge_embedding_loss = fn(
  `hinge_embedding_loss(Tensor input, Tensor target, float margin=1.0, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, margin?: number, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    N2.hinge_embedding_loss(input, target, margin, legacyReduction(size_average, reduce, reduction)),
);
export const multilabel_margin_loss = fn(
  `multilabel_margin_loss(Tensor input, Tensor target, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    N2.multilabel_margin_loss(input, target, legacyReduction(size_average, reduce, reduction)),
);
export const multilabel_soft_margin_loss = fn(
  `multilabel_soft_margin_loss(Tensor input, Tensor target, Tensor? weight=None, ${LEGACY}, ${REDUCTION})`,
  (input: T, target: T, weight?: T | null, size_average?: Legacy, reduce?: Legacy, reduction?: Reduction): T =>
    N2.multilabel_soft_margin_loss(input, target, weight ?? null, legacyReduction(size_average, reduce, reduction)),
);
export const cosine_embedding_loss = fn(
  `cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, float margin=0, ${LEGACY}, ${REDUCTION})`,
  (
    input1: T,
    input2: T,
    target: T,
    margin?: number,
    size_average?: Legacy,
    reduce?: Legacy,
    reduction?: Reduction,
  ): T => N2.cosine_embedding_loss(input1, input2, target, margin, legacyReduction(size_average, reduce, reduction)),
);
export const multi_margin_loss = fn(
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
  ): T =>
    N2.multi_margin_loss(input, target, p, margin, weight ?? null, legacyReduction(size_average, reduce, reduction)),
);
export const poisson_nll_loss = fn(
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
  ): T => N2.poisson_nll_loss(input, target, log_input, full, eps, legacyReduction(size_average, reduce, reduction)),
);
export const gaussian_nll_loss = fn(
  `gaussian_nll_loss(Tensor input, Tensor target, Tensor var, bool full=False, float eps=1e-06, ${REDUCTION})`,
  (input: T, target: T, variance: T, full?: boolean, eps?: number, reduction?: string): T =>
    N2.gaussian_nll_loss(input, target, variance, full, eps, reduction),
);
export const triplet_margin_loss = fn(
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
    N2.triplet_margin_loss(
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
