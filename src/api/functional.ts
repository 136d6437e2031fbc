// torch.nn.functional: signatures and the implementations in src/ops/. PyTorch's Python functions
// take their options positionally too; here options that the implementations read from an options
// object (reduction, stride, eps, ...) are keyword-only, as JavaScript callers pass them.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { fn } from '../ops/declare.js';
import * as P from '../ops/pointwise.js';
import * as LOSS from '../ops/loss.js';
import { dropout as dropoutImpl, gelu as geluImpl } from '../ops/activation.js';
import { conv2d as conv2dImpl } from '../ops/conv.js';
import { avg_pool2d as avgPoolImpl, max_pool2d as maxPoolImpl } from '../ops/pool.js';
import {
  batch_norm as batchNormImpl,
  embedding as embeddingImpl,
  layer_norm as layerNormImpl,
} from '../ops/normalization.js';
import { functional_log_softmax, functional_softmax } from '../ops/softmax.js';
import { linear as linearImpl } from '../ops/linalg.js';
import { scaled_dot_product_attention as sdpaImpl } from '../ops/attention.js';

type T = Tensor;
type Pair = number | readonly number[];

// ---------------------------------------------------------------- losses
const REDUCTION = "str reduction='mean'";
export const mse_loss = fn(`mse_loss(Tensor input, Tensor target, *, ${REDUCTION})`, LOSS.mse_loss);
export const l1_loss = fn(`l1_loss(Tensor input, Tensor target, *, ${REDUCTION})`, LOSS.l1_loss);
export const nll_loss = fn(
  `nll_loss(Tensor input, Tensor target, *, Tensor? weight=None, int ignore_index=-100, ${REDUCTION})`,
  LOSS.nll_loss,
);
export const cross_entropy = fn(
  `cross_entropy(Tensor input, Tensor target, *, Tensor? weight=None, int ignore_index=-100, ${REDUCTION}, float label_smoothing=0.0)`,
  LOSS.cross_entropy,
);
export const binary_cross_entropy = fn(
  `binary_cross_entropy(Tensor input, Tensor target, *, Tensor? weight=None, ${REDUCTION})`,
  LOSS.binary_cross_entropy,
);
export const binary_cross_entropy_with_logits = fn(
  `binary_cross_entropy_with_logits(Tensor input, Tensor target, *, Tensor? weight=None, ${REDUCTION}, Tensor? pos_weight=None)`,
  LOSS.binary_cross_entropy_with_logits,
);

// ---------------------------------------------------------------- activations
export const relu = fn('relu(Tensor input, bool inplace=False)', (input: T, inplace?: boolean): T =>
  inplace === true ? P.unary_(input, 'relu') : P.relu(input),
);
export const sigmoid = fn('sigmoid(Tensor input)', (input: T): T => P.sigmoid(input));
export const tanh = fn('tanh(Tensor input)', (input: T): T => P.tanh(input));
export const silu = fn('silu(Tensor input, bool inplace=False)', (input: T): T => P.silu(input));
export const gelu = fn("gelu(Tensor input, *, str approximate='none')", geluImpl);
export const dropout = fn(
  'dropout(Tensor input, float p=0.5, bool training=True, bool inplace=False)',
  (input: T, p?: number, training?: boolean, inplace?: boolean): T => dropoutImpl(input, { p, training, inplace }),
);
type SoftmaxFn = (input: T, dim?: number | null, opts?: { dtype?: DType | string | null }) => T;
export const softmax = fn(
  'softmax(Tensor input, int? dim=None, *, ScalarType? dtype=None)',
  functional_softmax as SoftmaxFn,
);
export const log_softmax = fn(
  'log_softmax(Tensor input, int? dim=None, *, ScalarType? dtype=None)',
  functional_log_softmax as SoftmaxFn,
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
export const max_pool2d = fn(
  'max_pool2d(Tensor input, int[2] kernel_size, int[2]? stride=None, int[2] padding=0, int[2] dilation=1, bool ceil_mode=False)',
  (input: T, kernel_size: Pair, stride?: Pair | null, padding?: Pair, dilation?: Pair, ceil_mode?: boolean): T =>
    maxPoolImpl(input, kernel_size, { stride, padding, dilation, ceil_mode }),
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
  'embedding(Tensor input, Tensor weight, int? padding_idx=None, float? max_norm=None, float norm_type=2.0)',
  (input: T, weight: T, padding_idx?: number | null, max_norm?: number | null, norm_type?: number): T =>
    embeddingImpl(input, weight, { padding_idx, max_norm, norm_type }),
);

// ---------------------------------------------------------------- attention (PyTorch 2)
export const scaled_dot_product_attention = fn(
  'scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, float dropout_p=0.0, bool is_causal=False, *, float? scale=None)',
  sdpaImpl,
);
