// The 1-D convolution and pooling functions as their 2-D forms over a height-1 view
// ([N, C, L] → [N, C, 1, L]), so they share the 2-D kernels, checks and gradients; the result is
// viewed back to [N, C, L'].
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { conv2d } from './conv.js';
import { avg_pool2d, max_pool2d, max_pool2d_with_indices } from './pool.js';
import { adaptive_avg_pool2d, adaptive_max_pool2d_with_indices } from './resample.js';
import { fn } from './declare.js';
import { zeros } from '../tensor/creation.js';
import { formatShape } from '../tensor/shape.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { isDual } from '../autograd/forward.js';

type Single = number | readonly number[];

/** An int or a 1-element list, as PyTorch's _single reads it. */
function single(v: Single, name: string): number {
  const x = typeof v === 'number' ? v : v.length === 1 ? v[0] : NaN;
  if (!Number.isInteger(x)) throw new TypeError(`${name} must be an int or a 1-element Array of ints`);
  return x;
}

function checkRank(input: Tensor, name: string): void {
  if (input.dim() !== 2 && input.dim() !== 3) {
    throw new RangeError(
      `Expected 2D (unbatched) or 3D (batched) input to ${name}, but got input of size: [${input.shape.join(', ')}]`,
    );
  }
}

export interface Conv1dOpts {
  stride?: Single;
  padding?: Single | 'same' | 'valid';
  dilation?: Single;
  groups?: number;
}

export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null, opts: Conv1dOpts = {}): Tensor {
  checkRank(input, 'conv1d');
  if (weight.dim() !== 3) {
    throw new RangeError(
      `weight should have at least three dimensions (got weight of size [${weight.shape.join(', ')}])`,
    );
  }
  const padding = opts.padding ?? 0;
  const out = conv2d(input.unsqueeze(-2), weight.unsqueeze(2), bias, {
    stride: [1, single(opts.stride ?? 1, 'stride')],
    padding: typeof padding === 'string' ? padding : [0, single(padding, 'padding')],
    dilation: [1, single(opts.dilation ?? 1, 'dilation')],
    groups: opts.groups,
  });
  return out.squeeze(-2);
}

type T = Tensor;
export const functional_conv1d = fn(
  'conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=1, Any padding=0, int[1] dilation=1, int groups=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: Single,
    padding?: Single | 'same' | 'valid',
    dilation?: Single,
    groups?: number,
  ): T => conv1d(input, weight, bias ?? null, { stride, padding, dilation, groups }),
);

export interface Pool1dOpts {
  stride?: Single | null;
  padding?: Single;
  dilation?: Single;
  ceil_mode?: boolean;
}

function pool1dAs2d(kernel_size: Single, opts: Pool1dOpts): [number[], Pool1dOpts] {
  const stride = opts.stride === undefined || opts.stride === null ? kernel_size : opts.stride;
  return [
    [1, single(kernel_size, 'kernel_size')],
    {
      stride: [1, single(stride, 'stride')],
      padding: [0, single(opts.padding ?? 0, 'padding')],
      dilation: [1, single(opts.dilation ?? 1, 'dilation')],
      ceil_mode: opts.ceil_mode,
    },
  ];
}

export function max_pool1d(input: Tensor, kernel_size: Single, opts: Pool1dOpts = {}): Tensor {
  checkRank(input, 'max_pool1d');
  const [k, o] = pool1dAs2d(kernel_size, opts);
  // Without a gradient to take, ATen's max_pool1d has its own kernel, which returns an empty result
  // where the windows do not fit (output length 0); max_pool2d (used otherwise) refuses that.
  if (!(input.requires_grad && is_grad_enabled()) && input._bt === null && !isDual(input)) {
    if (!input.shape.slice(-2).every((n) => n > 0)) {
      throw new RangeError(
        `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(input.shape)}`,
      );
    }
    const [kk, s, p, d] = [k[1], (o.stride as number[])[1], (o.padding as number[])[1], (o.dilation as number[])[1]];
    if (kk > 0 && s > 0 && d > 0 && p >= 0 && p <= kk / 2) {
      const L = input.shape[input.dim() - 1];
      const span = L + 2 * p - d * (kk - 1) - 1 + (o.ceil_mode ? s - 1 : 0);
      let out = Math.floor(span / s) + 1;
      if (o.ceil_mode && (out - 1) * s >= L + p) out--;
      if (out === 0) return zeros([...input.shape.slice(0, -1), 0], { dtype: input.dtype });
    }
  }
  return max_pool2d(input.unsqueeze(-2), k, o).squeeze(-2);
}

export function max_pool1d_with_indices(input: Tensor, kernel_size: Single, opts: Pool1dOpts = {}): [Tensor, Tensor] {
  checkRank(input, 'max_pool1d');
  const [k, o] = pool1dAs2d(kernel_size, opts);
  const [out, idx] = max_pool2d_with_indices(input.unsqueeze(-2), k, o);
  return [out.squeeze(-2), idx.squeeze(-2)];
}

const MAX_POOL1D = (name: string): string =>
  `${name}(Tensor input, int[1] kernel_size, int[1]? stride=None, int[1] padding=0, int[1] dilation=1, bool ceil_mode=False, bool return_indices=False)`;
type MaxPool1dFn = (
  input: T,
  kernel_size: Single,
  stride?: Single | null,
  padding?: Single,
  dilation?: Single,
  ceil_mode?: boolean,
  return_indices?: boolean,
) => T;
/** F.max_pool1d; with return_indices, [output, indices] (typed by max_pool1d_with_indices). */
export const functional_max_pool1d = fn(MAX_POOL1D('max_pool1d'), ((
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
    ? max_pool1d_with_indices(input, kernel_size, opts)
    : max_pool1d(input, kernel_size, opts);
}) as MaxPool1dFn);
export const functional_max_pool1d_with_indices = fn(
  MAX_POOL1D('max_pool1d_with_indices'),
  (
    input: T,
    kernel_size: Single,
    stride?: Single | null,
    padding?: Single,
    dilation?: Single,
    ceil_mode?: boolean,
    _return_indices?: boolean,
  ): [T, T] => max_pool1d_with_indices(input, kernel_size, { stride, padding, dilation, ceil_mode }),
);

export interface AvgPool1dOpts {
  stride?: Single | null;
  padding?: Single;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
}

export function avg_pool1d(input: Tensor, kernel_size: Single, opts: AvgPool1dOpts = {}): Tensor {
  checkRank(input, 'avg_pool1d');
  const stride = opts.stride === undefined || opts.stride === null ? kernel_size : opts.stride;
  return avg_pool2d(input.unsqueeze(-2), [1, single(kernel_size, 'kernel_size')], {
    stride: [1, single(stride, 'stride')],
    padding: [0, single(opts.padding ?? 0, 'padding')],
    ceil_mode: opts.ceil_mode,
    count_include_pad: opts.count_include_pad,
  }).squeeze(-2);
}

export const functional_avg_pool1d = fn(
  'avg_pool1d(Tensor input, int[1] kernel_size, int[1]? stride=None, int[1] padding=0, bool ceil_mode=False, bool count_include_pad=True)',
  (
    input: T,
    kernel_size: Single,
    stride?: Single | null,
    padding?: Single,
    ceil_mode?: boolean,
    count_include_pad?: boolean,
  ): T => avg_pool1d(input, kernel_size, { stride, padding, ceil_mode, count_include_pad }),
);

export function adaptive_avg_pool1d(input: Tensor, output_size: Single): Tensor {
  checkRank(input, 'adaptive_avg_pool1d');
  return adaptive_avg_pool2d(input.unsqueeze(-2), [1, single(output_size, 'output_size')]).squeeze(-2);
}

export const functional_adaptive_avg_pool1d = fn(
  'adaptive_avg_pool1d(Tensor input, int[1] output_size)',
  (input: T, output_size: Single): T => adaptive_avg_pool1d(input, output_size),
);

export function adaptive_max_pool1d_with_indices(input: Tensor, output_size: Single): [Tensor, Tensor] {
  checkRank(input, 'adaptive_max_pool1d');
  const [out, idx] = adaptive_max_pool2d_with_indices(input.unsqueeze(-2), [1, single(output_size, 'output_size')]);
  return [out.squeeze(-2), idx.squeeze(-2)];
}

type AdaptiveMax1dFn = (input: T, output_size: Single, return_indices?: boolean) => T;
export const functional_adaptive_max_pool1d = fn(
  'adaptive_max_pool1d(Tensor input, int[1] output_size, bool return_indices=False)',
  ((input, output_size, return_indices) => {
    const pooled = adaptive_max_pool1d_with_indices(input, output_size);
    return return_indices === true ? pooled : pooled[0];
  }) as AdaptiveMax1dFn,
);
export const functional_adaptive_max_pool1d_with_indices = fn(
  'adaptive_max_pool1d_with_indices(Tensor input, int[1] output_size, bool return_indices=False)',
  (input: T, output_size: Single, _return_indices?: boolean): [T, T] =>
    adaptive_max_pool1d_with_indices(input, output_size),
);
