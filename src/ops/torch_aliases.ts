// The torch.* spellings of functions PyTorch also has elsewhere: the in-place functions
// (torch.abs_(x) is x.abs_()), the torch.* forms of nn.functional ops with ATen's own signatures
// (torch.conv2d, torch.dropout(input, p, train), torch.layer_norm, torch.embedding(weight,
// indices), ...), the in-place F activations (F.relu_, F.elu_, ...), and small Tensor predicates and
// aliases (isposinf, isneginf, isreal, fix, swapaxes_, hardshrink, is_signed, ...). Each declares
// PyTorch's signature and calls the one implementation.

import { Tensor } from '../tensor/tensor.js';
import { bool } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { fn, method, op, type OpSample } from './declare.js';
import { functional_relu } from './pointwise/unary.js';
import {
  celu as celuImpl,
  elu,
  functional_alpha_dropout,
  functional_dropout,
  functional_feature_alpha_dropout,
  functional_prelu,
  hardshrink as hardshrinkImpl,
  hardtanh,
  leaky_relu,
  selu as seluImpl,
  threshold as thresholdImpl,
} from './activation.js';
import { functional_conv2d } from './conv.js';
import {
  functional_adaptive_avg_pool1d,
  functional_adaptive_max_pool1d,
  functional_avg_pool1d,
  functional_conv1d,
  functional_max_pool1d,
} from './conv1d.js';
import { functional_conv_transpose1d, functional_conv_transpose2d } from './conv_transpose.js';
import { functional_cosine_similarity, functional_pairwise_distance } from './distance.js';
import { functional_group_norm } from './group_norm.js';
import {
  functional_bilinear,
  functional_channel_shuffle,
  functional_pixel_shuffle,
  functional_pixel_unshuffle,
} from './nn2.js';
import { functional_embedding, functional_layer_norm } from './normalization.js';
import { functional_max_pool2d } from './pool.js';

type T = Tensor;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;
const call = (f: unknown, ...args: unknown[]): T => (f as AnyFn)(...args) as T;

// ---------------------------------------------------------------- torch.<name>_ in-place functions

/** The one-tensor in-place methods PyTorch also exposes as torch.<name>_(input). */
const INPLACE_UNARY = [
  'abs_',
  'acos_',
  'acosh_',
  'arccos_',
  'arccosh_',
  'arcsin_',
  'arcsinh_',
  'arctan_',
  'arctanh_',
  'asin_',
  'asinh_',
  'atan_',
  'atanh_',
  'ceil_',
  'cos_',
  'cosh_',
  'deg2rad_',
  'erf_',
  'erfc_',
  'exp2_',
  'exp_',
  'expm1_',
  'floor_',
  'frac_',
  'log10_',
  'log1p_',
  'log2_',
  'log_',
  'neg_',
  'negative_',
  'rad2deg_',
  'reciprocal_',
  'relu_',
  'round_',
  'rsqrt_',
  'sigmoid_',
  'sin_',
  'sinc_',
  'sinh_',
  'sqrt_',
  'square_',
  'tan_',
  'tanh_',
  'trunc_',
  'zero_',
  'detach_',
] as const;

const inplaceFunctions: Record<string, AnyFn> = {};
for (const name of INPLACE_UNARY) {
  inplaceFunctions[name] = fn(`${name}(Tensor(a!) self)`, (x: T): T =>
    (x as unknown as Record<string, () => T>)[name](),
  );
}
export const {
  abs_,
  acos_,
  acosh_,
  arccos_,
  arccosh_,
  arcsin_,
  arcsinh_,
  arctan_,
  arctanh_,
  asin_,
  asinh_,
  atan_,
  atanh_,
  ceil_,
  cos_,
  cosh_,
  deg2rad_,
  erf_,
  erfc_,
  exp2_,
  exp_,
  expm1_,
  floor_,
  frac_,
  log10_,
  log1p_,
  log2_,
  log_,
  neg_,
  negative_,
  rad2deg_,
  reciprocal_,
  relu_,
  round_,
  rsqrt_,
  sigmoid_,
  sin_,
  sinc_,
  sinh_,
  sqrt_,
  square_,
  tan_,
  tanh_,
  trunc_,
  zero_,
  detach_,
} = inplaceFunctions as Record<(typeof INPLACE_UNARY)[number], (x: T) => T>;

export const clamp_ = fn(
  'clamp_(Tensor(a!) self, Scalar? min=None, Scalar? max=None)',
  (x: T, min?: number | null, max?: number | null): T => x.clamp_(min ?? null, max ?? null),
);
export const clip_ = fn(
  'clip_(Tensor(a!) self, Scalar? min=None, Scalar? max=None)',
  (x: T, min?: number | null, max?: number | null): T => x.clamp_(min ?? null, max ?? null),
);
export const clamp_min_ = fn('clamp_min_(Tensor(a!) self, Scalar min)', (x: T, min: number): T => x.clamp_min_(min));
export const clamp_max_ = fn('clamp_max_(Tensor(a!) self, Scalar max)', (x: T, max: number): T => x.clamp_max_(max));
export const fill_ = fn('fill_(Tensor(a!) self, Scalar value)', (x: T, value: number): T => x.fill_(value));
/** torch.fill: a new tensor like `self`, every element `value` (out of place). */
export const fill = fn('fill(Tensor self, Scalar value)', (x: T, value: number): T => x.clone().fill_(value));
export const xlogy_ = fn('xlogy_(Tensor(a!) self, Tensor|Number other)', (x: T, other: T | number): T =>
  (x as unknown as { xlogy_: (o: T | number) => T }).xlogy_(other),
);

// ---------------------------------------------------------------- torch.* forms of nn.functional ops

export const conv1d = fn(
  [
    'conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, int[1] padding=0, int[1] dilation=1, int groups=1)',
    'conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, str padding="valid", int[1] dilation=1, int groups=1)',
  ],
  (...a: unknown[]): T => call(functional_conv1d, ...a),
);
export const conv2d = fn(
  [
    'conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] dilation=1, int groups=1)',
    'conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, str padding="valid", int[2] dilation=1, int groups=1)',
  ],
  (...a: unknown[]): T => call(functional_conv2d, ...a),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'torch.conv2d',
        inputs: () => [k.make([1, 2, 4, 4]), k.make([3, 2, 2, 2], { salt: 1 })],
        fn: (x, w) => f(x, w),
      },
    ],
  },
);
export const conv_transpose1d = fn(
  'conv_transpose1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, int[1] padding=0, int[1] output_padding=0, int groups=1, int[1] dilation=1)',
  (...a: unknown[]): T => call(functional_conv_transpose1d, ...a),
);
export const conv_transpose2d = fn(
  'conv_transpose2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] output_padding=0, int groups=1, int[2] dilation=1)',
  (...a: unknown[]): T => call(functional_conv_transpose2d, ...a),
);
export const avg_pool1d = fn(
  'avg_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=0, bool ceil_mode=False, bool count_include_pad=True)',
  (x: T, kernel: unknown, stride?: unknown, padding?: unknown, ceil?: boolean, countPad?: boolean): T =>
    call(functional_avg_pool1d, x, kernel, emptyIsNone(stride), padding ?? 0, ceil ?? false, countPad ?? true),
);
export const max_pool1d = fn(
  'max_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=0, int[1] dilation=1, bool ceil_mode=False)',
  (x: T, kernel: unknown, stride?: unknown, padding?: unknown, dilation?: unknown, ceil?: boolean): T =>
    call(functional_max_pool1d, x, kernel, emptyIsNone(stride), padding ?? 0, dilation ?? 1, ceil ?? false),
);
export const max_pool2d = fn(
  'max_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, bool ceil_mode=False)',
  (x: T, kernel: unknown, stride?: unknown, padding?: unknown, dilation?: unknown, ceil?: boolean): T =>
    call(functional_max_pool2d, x, kernel, emptyIsNone(stride), padding ?? 0, dilation ?? 1, ceil ?? false),
);

/** ATen's `stride=[]` default: no stride given (the kernel size). */
function emptyIsNone(stride: unknown): unknown {
  return stride === undefined || (Array.isArray(stride) && stride.length === 0) ? null : stride;
}

export const adaptive_avg_pool1d = fn(
  'adaptive_avg_pool1d(Tensor self, int[1] output_size)',
  (x: T, size: unknown): T => call(functional_adaptive_avg_pool1d, x, size),
);
export const adaptive_max_pool1d = fn(
  'adaptive_max_pool1d(Tensor self, int[1] output_size)',
  (x: T, size: unknown): T => call(functional_adaptive_max_pool1d, x, size, true),
);
export const dropout = fn('dropout(Tensor input, float p, bool train)', (x: T, p: number, train: boolean): T =>
  call(functional_dropout, x, p, train),
);
export const dropout_ = fn('dropout_(Tensor(a!) self, float p, bool train)', (x: T, p: number, train: boolean): T =>
  call(functional_dropout, x, p, train, true),
);
export const alpha_dropout = fn(
  'alpha_dropout(Tensor input, float p, bool train)',
  (x: T, p: number, train: boolean): T => call(functional_alpha_dropout, x, p, train),
);
export const feature_alpha_dropout = fn(
  'feature_alpha_dropout(Tensor input, float p, bool train)',
  (x: T, p: number, train: boolean): T => call(functional_feature_alpha_dropout, x, p, train),
);
export const pixel_shuffle = fn('pixel_shuffle(Tensor self, int upscale_factor)', (x: T, r: number): T =>
  call(functional_pixel_shuffle, x, r),
);
export const pixel_unshuffle = fn('pixel_unshuffle(Tensor self, int downscale_factor)', (x: T, r: number): T =>
  call(functional_pixel_unshuffle, x, r),
);
export const channel_shuffle = fn('channel_shuffle(Tensor self, int groups)', (x: T, g: number): T =>
  call(functional_channel_shuffle, x, g),
);
export const cosine_similarity = fn(
  'cosine_similarity(Tensor x1, Tensor x2, int dim=1, float eps=1e-08)',
  (...a: unknown[]): T => call(functional_cosine_similarity, ...a),
);
export const pairwise_distance = fn(
  'pairwise_distance(Tensor x1, Tensor x2, float p=2, float eps=1e-06, bool keepdim=False)',
  (...a: unknown[]): T => call(functional_pairwise_distance, ...a),
);
export const bilinear = fn(
  'bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)',
  (...a: unknown[]): T => call(functional_bilinear, ...a),
);
export const layer_norm = fn(
  'layer_norm(Tensor input, SymInt[] normalized_shape, Tensor? weight=None, Tensor? bias=None, float eps=1e-05, bool cudnn_enable=True)',
  (x: T, shape: unknown, weight?: T | null, bias?: T | null, eps?: number): T =>
    call(functional_layer_norm, x, shape, weight ?? null, bias ?? null, eps ?? 1e-5),
);
export const group_norm = fn(
  'group_norm(Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, float eps=1e-05, bool cudnn_enabled=True)',
  (x: T, groups: number, weight?: T | null, bias?: T | null, eps?: number): T =>
    call(functional_group_norm, x, groups, weight ?? null, bias ?? null, eps ?? 1e-5),
);
/** torch.embedding(weight, indices, padding_idx=-1, ...): ATen's argument order; -1 is no padding. */
export const embedding = fn(
  'embedding(Tensor weight, Tensor indices, SymInt padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False)',
  (weight: T, indices: T, padding_idx?: number, scale_grad_by_freq?: boolean, sparse?: boolean): T =>
    call(functional_embedding, indices, weight, {
      padding_idx: padding_idx === undefined || padding_idx === -1 ? null : padding_idx,
      scale_grad_by_freq: scale_grad_by_freq ?? false,
      sparse: sparse ?? false,
    }),
);
export const celu = fn('celu(Tensor self, Scalar alpha=1.0)', (x: T, alpha?: number): T => celuImpl(x, alpha ?? 1));
export const selu = fn('selu(Tensor self)', (x: T): T => seluImpl(x));
export const prelu = fn('prelu(Tensor self, Tensor weight)', (x: T, w: T): T => call(functional_prelu, x, w));
export const threshold = fn('threshold(Tensor self, Scalar threshold, Scalar value)', (x: T, t: number, v: number): T =>
  thresholdImpl(x, t, v),
);
export const hardshrink = op('hardshrink(Tensor self, Scalar lambd=0.5)', (x: T, lambd?: number): T =>
  hardshrinkImpl(x, lambd ?? 0.5),
);
export const celu_ = fn('celu_(Tensor(a!) self, Scalar alpha=1.0)', (x: T, alpha?: number): T =>
  celuImpl(x, alpha ?? 1, true),
);
export const selu_ = fn('selu_(Tensor(a!) self)', (x: T): T => seluImpl(x, true));
export const threshold_ = fn(
  'threshold_(Tensor(a!) self, Scalar threshold, Scalar value)',
  (x: T, t: number, v: number): T => thresholdImpl(x, t, v, true),
);

// ---------------------------------------------------------------- F.<activation>_ in-place forms

export const functional_relu_ = fn('relu_(Tensor(a!) input)', (x: T): T => call(functional_relu, x, true));
export const functional_elu_ = fn('elu_(Tensor(a!) input, float alpha=1.0)', (x: T, alpha?: number): T =>
  elu(x, alpha ?? 1, true),
);
export const functional_leaky_relu_ = fn(
  'leaky_relu_(Tensor(a!) input, float negative_slope=0.01)',
  (x: T, s?: number): T => leaky_relu(x, s ?? 0.01, true),
);
export const functional_hardtanh_ = fn(
  'hardtanh_(Tensor(a!) input, float min_val=-1.0, float max_val=1.0)',
  (x: T, lo?: number, hi?: number): T => hardtanh(x, lo ?? -1, hi ?? 1, true),
);
export const functional_threshold_ = fn(
  'threshold_(Tensor(a!) input, float threshold, float value)',
  (x: T, t: number, v: number): T => thresholdImpl(x, t, v, true),
);
export const functional_celu_ = fn('celu_(Tensor(a!) input, float alpha=1.0)', (x: T, alpha?: number): T =>
  celuImpl(x, alpha ?? 1, true),
);
export const functional_selu_ = fn('selu_(Tensor(a!) input)', (x: T): T => seluImpl(x, true));

// ---------------------------------------------------------------- predicates and Tensor aliases

/** isposinf / isneginf / isreal: bool tensors (a real tensor is real everywhere). */
export const isposinf = op('isposinf(Tensor self)', (x: T): T => x.eq(Infinity));
export const isneginf = op('isneginf(Tensor self)', (x: T): T => x.eq(-Infinity));
export const isreal = op('isreal(Tensor self)', (x: T): T => K.full(x._shape, 1, bool));
/** fix: PyTorch's alias of trunc. */
export const fix = op('fix(Tensor self)', (x: T): T => x.trunc(), { inplace: (x: T): T => x.trunc_() });
method('swapaxes_(Tensor(a!) self, int axis0, int axis1)', (x: T, a: number, b: number): T => x.transpose_(a, b));
method('swapdims_(Tensor(a!) self, int dim0, int dim1)', (x: T, a: number, b: number): T => x.transpose_(a, b));
/** Whether the dtype is signed (every dtype here but bool). */
export const is_signed = op('is_signed(Tensor self)', (x: T): boolean => x.dtype !== bool);
export const is_complex = op('is_complex(Tensor self)', (_x: T): boolean => false);
export const is_conj = op('is_conj(Tensor self)', (_x: T): boolean => false);
export const is_neg = op('is_neg(Tensor self)', (_x: T): boolean => false);
export const is_same_size = op(
  'is_same_size(Tensor self, Tensor other)',
  (x: T, y: T): boolean => x._shape.length === y._shape.length && x._shape.every((s, i) => s === y._shape[i]),
);
/** is_nonzero: the truth of a one-element tensor (PyTorch's errors for other sizes). */
export const is_nonzero = op('is_nonzero(Tensor self)', (x: T): boolean => {
  const n = x.numel();
  if (n === 0) throw new Error('Boolean value of Tensor with no values is ambiguous');
  if (n > 1) throw new Error('Boolean value of Tensor with more than one value is ambiguous');
  return Number(x.item()) !== 0;
});
/** conj, resolve_conj, resolve_neg: a real tensor is its own conjugate (the same tensor, as PyTorch returns). */
export const conj = op('conj(Tensor(a) self)', (x: T): T => x);
export const resolve_conj = op('resolve_conj(Tensor(a) self)', (x: T): T => x);
export const resolve_neg = op('resolve_neg(Tensor(a) self)', (x: T): T => x);
