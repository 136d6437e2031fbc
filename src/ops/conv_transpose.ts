// Transposed convolution (conv_transpose2d, conv_transpose1d): the adjoint of conv2d in its input,
// composed from recorded ops so gradients of any order flow. With weight [Cin, Cout/groups, kh, kw]
// and input [N, Cin, H, W], each group's columns Wᵍᵀ·xᵍ ([Cout/groups·kh·kw, N·H·W], one batched
// matrix product for all groups) are summed back into the [N, Cout, OH, OW] output by col2im, the
// scatter a convolution of that output would gather with the same stride, padding and dilation.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { col2im } from './im2col.js';
import { type Pair, pair } from './windows.js';
import { fn } from './declare.js';

type Arg = number | readonly number[];

export interface ConvTranspose2dOpts {
  stride?: Arg;
  padding?: Arg;
  output_padding?: Arg;
  groups?: number;
  dilation?: Arg;
}

const dims = (p: Pair): string => `${p[0]} x ${p[1]}`;

/** torch.nn.functional.conv_transpose2d(input, weight, bias?, stride, padding, output_padding, groups, dilation). */
export function conv_transpose2d(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  opts: ConvTranspose2dOpts = {},
  what = 'conv_transpose2d',
): Tensor {
  if (input.dim() !== 3 && input.dim() !== 4) {
    throw new RangeError(
      `Expected 3D (unbatched) or 4D (batched) input to ${what}, but got input of size: [${input.shape.join(', ')}]`,
    );
  }
  const unbatched = input.dim() === 3;
  const x = unbatched ? input.unsqueeze(0) : input;
  const stride = pair(opts.stride ?? 1, 'stride');
  const padding = pair(opts.padding ?? 0, 'padding');
  const outPad = pair(opts.output_padding ?? 0, 'output_padding');
  const dilation = pair(opts.dilation ?? 1, 'dilation');
  const groups = opts.groups ?? 1;
  if (weight.dim() !== 4) {
    throw new RangeError(
      `expected stride to be a single integer value or a list of ${weight.dim() - 2} values to match the convolution dimensions, but got stride=[${stride.join(', ')}]`,
    );
  }
  if (padding[0] < 0 || padding[1] < 0) throw new RangeError('negative padding is not supported');
  if (outPad[0] < 0 || outPad[1] < 0) throw new RangeError('negative output_padding is not supported');
  if (stride[0] <= 0 || stride[1] <= 0) throw new RangeError('non-positive stride is not supported');
  if (dilation[0] <= 0 || dilation[1] <= 0) throw new RangeError('non-positive dilation is not supported');
  if (!Number.isInteger(groups) || groups <= 0) throw new RangeError('non-positive groups is not supported');
  const ws = `[${weight.shape.join(', ')}]`;
  if (weight.size(0) % groups !== 0) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${ws}] instead`,
    );
  }
  const [N, Cin, H, W] = x.shape;
  if (Cin !== weight.size(0)) {
    throw new RangeError(
      `Given transposed=1, weight of size ${ws}, expected input[${x.shape.join(', ')}] to have ${weight.size(0)} channels, but got ${Cin} channels instead`,
    );
  }
  const Cout = weight.size(1) * groups;
  if (bias && (bias.dim() !== 1 || bias.size(0) !== Cout)) {
    throw new RangeError(
      `Given transposed=1, weight of size ${ws}, expected bias to be 1-dimensional with ${Cout} elements, but got bias of size [${bias.shape.join(', ')}] instead`,
    );
  }
  if ((outPad[0] >= stride[0] && outPad[0] >= dilation[0]) || (outPad[1] >= stride[1] && outPad[1] >= dilation[1])) {
    throw new RangeError(
      `output padding must be smaller than either stride or dilation, but got output_padding_height: ${outPad[0]} output_padding_width: ${outPad[1]} stride_height: ${stride[0]} stride_width: ${stride[1]} dilation_height: ${dilation[0]} dilation_width: ${dilation[1]}`,
    );
  }
  const kh = weight.size(2);
  const kw = weight.size(3);
  const OH = (H - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outPad[0] + 1;
  const OW = (W - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outPad[1] + 1;
  if (OH < 1 || OW < 1) {
    throw new RangeError(
      `Given input size per channel: (${dims([H, W])}). Calculated output size per channel: (${dims([OH, OW])}). Output size is too small`,
    );
  }
  if (x.dtype !== weight.dtype) {
    throw new TypeError(`expected scalar type ${x.dtype.scalarType} but found ${weight.dtype.scalarType}`);
  }
  if (bias && bias.dtype !== x.dtype) {
    throw new TypeError(`expected scalar type ${x.dtype.scalarType} but found ${bias.dtype.scalarType}`);
  }
  const cg = Cin / groups;
  const L = H * W;
  const kk = (Cout / groups) * kh * kw;
  const xg = x
    .reshape([N, groups, cg, L])
    .permute([1, 2, 0, 3])
    .reshape([groups, cg, N * L]);
  const wg = weight.reshape([groups, cg, kk]).transpose(1, 2);
  const cols = wg.matmul(xg).reshape([groups * kk, N * L]);
  let out = col2im(cols, {
    N,
    C: Cout,
    H: OH,
    W: OW,
    kh,
    kw,
    sh: stride[0],
    sw: stride[1],
    ph: padding[0],
    pw: padding[1],
    dh: dilation[0],
    dw: dilation[1],
    OH: H,
    OW: W,
  });
  if (bias) out = out.add(bias.view([1, Cout, 1, 1]));
  return unbatched ? out.squeeze(0) : out;
}

type T = Tensor;
type PairArg = number | readonly number[];
export const functional_conv_transpose2d = fn(
  'conv_transpose2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, int[2] output_padding=0, int groups=1, int[2] dilation=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: PairArg,
    padding?: PairArg,
    output_padding?: PairArg,
    groups?: number,
    dilation?: PairArg,
  ): T => conv_transpose2d(input, weight, bias ?? null, { stride, padding, output_padding, groups, dilation }),
);

/** An int or a 1-element list, as PyTorch's _single reads it. */
function single(v: Arg, name: string): number {
  const x = typeof v === 'number' ? v : v.length === 1 ? v[0] : NaN;
  if (!Number.isInteger(x)) throw new TypeError(`${name} must be an int or a 1-element Array of ints`);
  return x;
}

/** torch.nn.functional.conv_transpose1d over a height-1 view of conv_transpose2d. */
export function conv_transpose1d(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  opts: ConvTranspose2dOpts = {},
): Tensor {
  if (input.dim() !== 2 && input.dim() !== 3) {
    throw new RangeError(
      `Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d, but got input of size: [${input.shape.join(', ')}]`,
    );
  }
  if (weight.dim() !== 3) throw new RangeError('weight should have at least three dimensions');
  const out = conv_transpose2d(
    input.unsqueeze(-2),
    weight.unsqueeze(2),
    bias,
    {
      stride: [1, single(opts.stride ?? 1, 'stride')],
      padding: [0, single(opts.padding ?? 0, 'padding')],
      output_padding: [0, single(opts.output_padding ?? 0, 'output_padding')],
      dilation: [1, single(opts.dilation ?? 1, 'dilation')],
      groups: opts.groups,
    },
    'conv_transpose1d',
  );
  return out.squeeze(-2);
}

type Single = number | readonly number[];
export const functional_conv_transpose1d = fn(
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
  ): T => conv_transpose1d(input, weight, bias ?? null, { stride, padding, output_padding, groups, dilation }),
);
